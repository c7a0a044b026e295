"""The results decide, the book only formats: every count, direction, interval and verdict a
sentence, table or figure states comes from the audit and the synthesis, and every parameter
of a run reaches every place that reports a pooled result."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from datafiles import BCG_REFERENCES, BCG_STUDIES, TEST_DATA
from evsynth import paths
from evsynth.book.labels import domain_labels
from evsynth.book.messages import pooling_method
from evsynth.book.paragraphs import book_text, pooling_paragraph
from evsynth.book.tables import grade_table, results_table
from evsynth.book.values import prose_values
from evsynth.figures import build
from evsynth.figures.forest import forest_alt
from evsynth.inputs import load_inputs
from evsynth.inputs.grade import DOWNGRADES
from evsynth.synthesis import synthesise
from results import results_pooling as R

PACKAGE = Path(__file__).parents[1] / "src" / "evsynth"
#: What only the statistics may do: test, count or tabulate.
STATISTICAL_MODULES = ("scipy", "statsmodels")
STATISTICAL_CALLS = {"value_counts", "nunique", "crosstab", "binomtest", "cdf", "sf", "logsf", "isf", "ppf",
                     "pvalue", "random_effects", "vote_count", "audit", "study_directions"}


def statistics_in(path: Path) -> list[str]:
    """Where a module imports a statistics library or calls a counting or testing function."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = ([alias.name for alias in node.names] if isinstance(node, ast.Import) else
                 [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
        found += [f"{path.name}:{node.lineno} imports {name}" for name in names
                  if name.split(".")[0] in STATISTICAL_MODULES]
        if isinstance(node, ast.Call):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if called in STATISTICAL_CALLS:
                found.append(f"{path.name}:{node.lineno} calls {called}")
    return found


@pytest.mark.parametrize("stage", ["book", "figures"])
def test_book_and_figures_compute_no_statistic_or_count(stage):
    found = [where for path in sorted((PACKAGE / stage).glob("*.py")) for where in statistics_in(path)]
    assert not found, found


def test_the_scan_finds_a_count_and_a_test(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("from scipy import stats\nn = frame['d'].value_counts()\np = stats.norm.sf(2)\n")
    assert statistics_in(module) == ["m.py:1 imports scipy", "m.py:2 calls value_counts", "m.py:3 calls sf"]


# ----------------------------------------------------------------------------- parameters reach every consumer

@pytest.fixture(scope="module")
def bcg():
    return load_inputs(BCG_STUDIES, BCG_REFERENCES).studies


#: An audit of no row: the values these tests read do not depend on it.
NO_AUDIT = pd.DataFrame(columns=["study_id", "outcome_id", "p_reported", "verdict", "p_recomputed", "tipping_point"])


def judged(domain: str) -> list[dict]:
    """A GRADE judgement of one domain, every rating not serious: the table then shows the effect."""
    ratings = {d: {"rating": "undetected" if d == "publication_bias" else "not_serious", "id": "alasan", "en": "reason"}
               for d in DOWNGRADES}
    return [{"domain": domain, **ratings, "statement_id": "pernyataan", "statement_en": "statement"}]


def consumers(studies, review, lang="en") -> dict[str, str]:
    """Everything that reports the pooled result: the sentence, the GRADE table, the methods value,
    the forest's pooled line."""
    labels = domain_labels(studies, lang)
    forest = next(spec for spec in build.evidence(studies, None, review)[0]
                  if spec.name == "forest" and spec.lang == lang).figure
    return {"sentence": pooling_paragraph(review, {d: label.lower() for d, label in labels.items()}, lang),
            "grade": grade_table(judged("tuberculosis"), studies, review, lang),
            "methods": prose_values(NO_AUDIT, review)[lang]["pooling_method"],
            "forest": " ".join(str(tick) for axis in forest.select_yaxes() for tick in (axis.ticktext or ())),
            "diamond": [trace.x[1] for trace in forest.data if trace.fill == "toself"]}


def test_tau2_method_reaches_every_consumer(bcg):
    reml, dl = (synthesise(bcg, grade=judged("tuberculosis"), tau2_method=m) for m in ("REML", "DL"))
    said = {m: consumers(bcg, r) for m, r in (("REML", reml), ("DL", dl))}
    chosen = {m: r.chosen_pooled.iloc[0] for m, r in (("REML", reml), ("DL", dl))}
    # metafor's rma() on dat.bcg, by each method (tests/results/results_pooling.py)
    for method in ("REML", "DL"):
        assert chosen[method]["estimate"] == pytest.approx(np.exp(R.BCG_RR_POOLED[(method, "z")][0]), rel=1e-6)
    for method, words in said.items():
        estimate = f"{chosen[method]['estimate']:.2f}"
        assert f"random-effects model ({'REML' if method == 'REML' else 'DerSimonian-Laird'})" in words["sentence"]
        assert f"RR of {estimate}" in words["sentence"] and f"pooled RR {estimate}" in words["grade"]
        assert words["methods"] == ("REML" if method == "REML" else "DerSimonian-Laird")
        assert f"Pooled, {method} (k = 13)" in words["forest"]
        assert words["diamond"] == [pytest.approx(chosen[method]["estimate"])]


def test_hksj_reaches_every_consumer(bcg):
    plain, adjusted = (synthesise(bcg, grade=judged("tuberculosis"), hksj=h) for h in (False, True))
    words = consumers(bcg, adjusted)
    row = adjusted.chosen_pooled.iloc[0]
    assert row["hksj"] and not plain.chosen_pooled.iloc[0]["hksj"]
    _, _, low, high, *_ = R.BCG_RR_POOLED[("REML", "knha")]  # metafor's rma(test = "knha") on dat.bcg
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(np.exp([low, high]), rel=1e-6)
    interval = f"{np.exp(low):.2f} to {np.exp(high):.2f}"
    assert "REML with the Hartung-Knapp-Sidik-Jonkman adjustment" in words["sentence"] and interval in words["sentence"]
    assert interval in words["grade"] and words["methods"] == pooling_method({"tau2_method": "REML", "hksj": True}, "en")
    assert "Pooled, REML + HKSJ (k = 13)" in words["forest"]
    assert interval not in consumers(bcg, plain)["sentence"]


def test_binary_measure_reaches_every_consumer(bcg):
    odds = synthesise(bcg, grade=judged("tuberculosis"), binary_measure="OR")
    words = consumers(bcg, odds)
    estimate = f"{odds.chosen_pooled.iloc[0]['estimate']:.2f}"
    assert odds.chosen_pooled.iloc[0]["measure"] == "OR"
    assert f"pooled OR of {estimate}" in words["sentence"] and f"pooled OR {estimate}" in words["grade"]
    table = results_table(bcg, {}, odds.effects, "en", **{k: odds.options[k] for k in ("binary_measure",
                                                                                     "continuous_measure")})
    assert table.count("| OR ") == 13 and "| RR " not in table
    forest = next(s for s in build.evidence(bcg, None, odds)[0] if s.name == "forest" and s.lang == "en").figure
    assert [a.text for a in forest.layout.annotations if a.text.startswith("Odds")] == ["Odds ratio (log scale)"]


def test_continuous_measure_reaches_the_sentence():
    studies = load_inputs(TEST_DATA / "metadat" / "curtis1998-studies.csv",
                          TEST_DATA / "metadat" / "curtis1998-references.bib").studies
    for measure, named in (("SMD", "pooled Hedges' g of"), ("MD", "pooled MD of")):
        review = synthesise(studies, continuous_measure=measure)
        assert named in pooling_paragraph(review, {"biomass": "biomass"}, "en")


# ----------------------------------------------------------------------------- rows without data, unknown designs

@pytest.fixture(scope="module")
def review_inputs():
    return load_inputs(paths.STUDIES, paths.REFERENCES)


def with_extra_row(studies: pd.DataFrame, **cells) -> pd.DataFrame:
    """The review with one more outcome of an existing study, holding only ``cells``."""
    row = {column: "" for column in studies.columns if studies[column].dtype == object}
    row.update(study_id="putri2025", outcome_id="extra", outcome_domain="milk_production", **cells)
    return pd.concat([studies, pd.DataFrame([row])], ignore_index=True)


def test_a_row_without_data_is_not_reported_never_no_difference(review_inputs):
    # a new study with no numbers and no reported direction
    row = {column: "" for column in review_inputs.studies.columns if review_inputs.studies[column].dtype == object}
    row.update(study_id="triveni2024", outcome_id="volume", outcome_domain="milk_volume", design="two_group_post_only",
               outcome_type="continuous", outcome_label_en="Milk volume", outcome_label_id="Volume ASI")
    studies = pd.concat([review_inputs.studies, pd.DataFrame([row])], ignore_index=True)
    review = synthesise(studies)
    row = review.directions[review.directions["outcome_domain"] == "milk_volume"].iloc[0]
    assert (row["direction"], row["basis"]) == ("not_reported", "no_estimate")
    vote = review.controlled_votes["milk_volume"]
    assert (vote["k"], vote["n_not_reported"], vote["n_tested"], vote["only_direction"]) == (1, 1, 0, "not_reported")
    table = results_table(studies, review_inputs.references, review.effects, "en")
    line = next(line for line in table.splitlines() if "Milk volume" in line)
    assert "not reported" in line and "no difference" not in line and "direction only" not in line
    text = book_text(review, {lang: domain_labels(studies, lang) for lang in ("id", "en")})
    assert "The only controlled study of milk volume reports no result." in text["direction-en"]
    assert "Satu-satunya studi berkontrol untuk volume ASI tidak melaporkan hasil." in text["direction-id"]
    assert "studies of milk volume" not in text["pooling-en"]  # nothing to pool, and no reason to list
    alt = forest_alt(review.counts["shown"], "en")
    assert "1 result from 1 study with neither numbers nor a direction reported (no mark)" in alt
    assert "Triveni 2024" not in alt


def test_a_study_of_unknown_design_is_counted_as_unknown_in_the_prose(review_inputs):
    row = {column: "" for column in review_inputs.studies.columns if review_inputs.studies[column].dtype == object}
    row.update(study_id="hesti2017", outcome_id="adequacy", outcome_domain="milk_production", outcome_type="binary",
               direction_reported="favours_intervention")
    studies = pd.concat([review_inputs.studies, pd.DataFrame([row])], ignore_index=True)
    values = prose_values(NO_AUDIT, synthesise(studies))
    assert values["en"]["n_controlled"] == "2" and values["en"]["n_unknown_design"] == "1"
    assert values["en"]["n_studies"] == "7"


def test_the_votes_download_leads_with_the_primary_controlled_vote(review_inputs):
    from evsynth.book.tables import votes_download

    votes = votes_download(synthesise(review_inputs.studies), "en")
    milk = votes[votes["outcome_domain"] == "milk_production"]
    # 2 of 2 controlled studies (2 x 0.5^2 = 0.5) is the finding; the six-study vote (2 x 0.5^6) is secondary
    assert milk.iloc[0]["analysis"] == "primary: controlled studies" and milk.iloc[0]["sign_test_p"] == 0.5
    assert milk.iloc[1]["analysis"].startswith("secondary: all studies") and milk.iloc[1]["sign_test_p"] == 2 * 0.5 ** 6
    assert votes["analysis"].str.startswith("primary").sum() == 2  # one per outcome domain
