"""The review's study table against its sources: all six studies, every outcome,
each number traceable to the quotation in its row, nothing filled in."""

import re

import pandas as pd
from datafiles import BCG_REFERENCES, BCG_STUDIES

from evsynth import paths
from evsynth.inputs import contract
from evsynth.inputs.references import load_references
from evsynth.inputs.studies import load_studies

TABLE = load_studies(paths.STUDIES, set(load_references(paths.REFERENCES)))
NUMBER_WORDS = {7: "tujuh"}


def row(study, outcome):
    return TABLE[(TABLE.study_id == study) & (TABLE.outcome_id == outcome)].iloc[0]


def test_all_six_studies_and_every_outcome_they_report():
    assert sorted(map(tuple, TABLE[["study_id", "outcome_id"]].to_numpy())) == sorted([
        ("triansyah2021", "milk_adequacy"), ("putri2025", "milk_production"),
        ("triveni2024", "milk_volume_change"), ("supardi2022", "milk_volume"),
        ("pilaria2018", "milk_adequacy"), ("agustia2025", "lactation_onset"), ("agustia2025", "milk_flow"),
    ])


def test_the_numbers_printed_in_the_manuscript_and_notes():
    # Values typed here from the manuscript's Table 1 and primary-study-notes.md.
    t = row("triansyah2021", "milk_adequacy")
    assert (t.n_total, t.events_pre, t.improved, t.p_reported, t.test_reported) == (30, 12, 7, "0,016", "McNemar")
    assert pd.isna(t.worsened) and pd.isna(t.events_post)  # not reported
    p = row("pilaria2018", "milk_adequacy")
    assert (p.n_total, p.events_pre, p.events_post, p.p_reported) == (30, 30 - 24, 27, "0,000")
    assert pd.isna(p.improved) and pd.isna(p.worsened)
    u = row("putri2025", "milk_production")
    assert (u.n_total, u.n_1, u.n_2, u.p_reported) == (20, 10, 10, "0,000")
    v = row("triveni2024", "milk_volume_change")
    assert (v.n_total, v.mean_change, v.p_reported) == (18, 8.25, "0.000")
    s = row("supardi2022", "milk_volume")
    assert (s.n_total, s.test_reported, s.p_reported) == (30, "paired t-test", "0,000")
    for outcome, pct_1, p_value in (("lactation_onset", "95,4", "0,015"), ("milk_flow", "90,9", "0,024")):
        a = row("agustia2025", outcome)
        assert (a.n_total, a.pct_1, a.pct_2, a.p_reported) == (44, pct_1, "22,7", p_value)
        assert pd.isna(a.n_1) and pd.isna(a.n_2)  # group sizes are not printed


def test_every_number_is_traceable_to_the_quotation_of_its_row():
    for _, r in TABLE.iterrows():
        quoted = f"{r.source} {r.notes}"
        for column in (*contract.COUNTS, *contract.REALS):
            value = r[column]
            if pd.isna(value):
                continue
            printed = {str(value), f"{value:g}", f"{value:g}".replace(".", ",")}
            words = NUMBER_WORDS.get(value)
            assert any(re.search(rf"(?<![\d,.]){re.escape(p)}(?![\d])", quoted) for p in printed) or (
                words and words in quoted), (r.study_id, column, value)
        for column in ("p_reported", *contract.PERCENTS):
            if r[column]:
                assert r[column] in quoted, (r.study_id, column, r[column])


def test_unknowns_stay_empty_and_every_row_says_where_it_came_from():
    assert TABLE["source"].str.len().gt(40).all()
    assert (TABLE.loc[TABLE.study_id == "putri2025", "outcome_type"] == "").all()
    assert (TABLE.loc[TABLE.study_id.isin(["putri2025", "triveni2024"]), "test_reported"] == "").all()
    assert TABLE[["mean_1", "sd_1", "mean_2", "sd_2", "sd_change", "r_pre_post"]].isna().all().all()


def test_the_second_review_follows_the_same_contract():
    bcg = load_studies(BCG_STUDIES, set(load_references(BCG_REFERENCES)))
    assert len(bcg) == 13
    # metafor's dat.bcg, trial 1 (Aronson 1948): tpos 4, tneg 119, cpos 11, cneg 128
    aronson = bcg[bcg.study_id == "aronson1948"].iloc[0]
    assert (aronson.events_1, aronson.n_1, aronson.events_2, aronson.n_2) == (4, 123, 11, 139)
    assert bcg["n_total"].sum() == 357347


def test_one_label_per_construct_in_each_language():
    # Triansyah's and Pilaria's adequate milk are one construct ("Produksi ASI cukup"), so one English label;
    # Agustia's "onset laktasi cepat" is rendered "rapid", as in its result text
    labels = TABLE.groupby("outcome_id")[["outcome_label_id", "outcome_label_en"]].agg(set)
    assert labels.loc["milk_adequacy"].tolist() == [{"Produksi ASI cukup"}, {"Adequate breast milk production"}]
    assert labels.loc["lactation_onset"].tolist() == [{"Onset laktasi cepat"}, {"Rapid onset of lactation"}]
    onset = row("agustia2025", "lactation_onset")
    assert onset.result_reported_en.startswith(onset.outcome_label_en.lower())
    assert onset.result_reported_id.startswith(onset.outcome_label_id.lower())
