"""What changed between two runs (:mod:`evsynth.changes`), on the BCG trials: first with ten of
the thirteen trials, then with all of them; one count edited; a changed tau² estimator; nothing
changed. Each is checked against a comparison made here from the two runs' files with pandas."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pandas as pd
import pytest
import yaml
from datafiles import BCG_REFERENCES, BCG_STUDIES

from evsynth import paths
from evsynth.changes import Change, result_changes, study_changes

ROWS = list(csv.DictReader(io.StringIO(BCG_STUDIES.read_text(encoding="utf-8"))))
ADDED = tuple(row["study_id"] for row in ROWS[10:])
DOMAINS = {row["study_id"]: row["outcome_domain"] for row in ROWS}


def table(folder, rows, name="studies.csv"):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(ROWS[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (folder / name).write_text(out.getvalue(), encoding="utf-8")
    return folder / name


def start(studies, out, *parameters):
    """``evsynth run`` of the BCG references with ``studies`` into ``out``, started."""
    return subprocess.Popen([sys.executable, "-m", "evsynth", "run", "--studies", str(studies), "--references",
                             str(BCG_REFERENCES), "--out", str(out), "-p", "static_figures=false", *parameters],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=paths.ROOT)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The BCG review run with its first ten trials, with all thirteen, with one count edited,
    and with all thirteen again under another tau² estimator."""
    folder = tmp_path_factory.mktemp("changes")
    edited = [dict(row) for row in ROWS]
    edited[0]["events_1"] = str(int(edited[0]["events_1"]) + 3)  # Aronson 1948: 7 of 123 vaccinated, not 4
    tables = {"ten": table(folder, ROWS[:10], "ten.csv"), "all": table(folder, ROWS, "all.csv"),
              "edited": table(folder, edited, "edited.csv")}
    # side by side, each in a folder of its own (runs into one folder wait for each other)
    outs = {name: folder / name / "outputs" for name in (*tables, "dl")}
    running = {name: start(path, outs[name]) for name, path in tables.items()}
    running["dl"] = start(tables["all"], outs["dl"], "-p", "tau2_method=DL")
    for name, process in running.items():
        _, errors = process.communicate(timeout=600)
        assert process.returncode == 0, (name, errors)
    return tables, outs


def verdicts(out):
    return pd.read_csv(out / "results" / "consistency.csv", dtype=str, keep_default_na=False).set_index(
        ["study_id", "outcome_id"])["verdict"].to_dict()


def chosen(out):
    pooled = pd.read_csv(out / "results" / "pooled.csv")
    pooled = pooled[pooled["chosen"]]
    return {(r.outcome_domain, r.measure): (r.k, r.estimate, r.ci_low, r.ci_high) for r in pooled.itertuples()}


def values(out):
    return {lang: yaml.safe_load((out / "values" / f"{lang}.yml").read_text())["values"] for lang in ("id", "en")}


@pytest.mark.slow
def test_three_trials_added_move_exactly_what_a_direct_comparison_finds(runs):
    tables, made = runs
    studies = study_changes(tables["ten"], tables["all"])
    assert studies.added == ADDED and studies.removed == () and studies.edited == ()
    changes = result_changes(made["ten"], made["all"], studies, {}, {}, DOMAINS)
    by_kind = {}
    for change in changes:
        by_kind.setdefault(change.what, {})[change.where] = (change.old, change.new)
    # the comparison made here: every row, pooled result and value that differs between the two runs
    old, new = verdicts(made["ten"]), verdicts(made["all"])
    assert by_kind["verdict"] == {key: (None, (new[key],)) for key in new if key not in old}
    assert {key[0] for key in by_kind["verdict"]} == set(ADDED)
    old_pooled, new_pooled = chosen(made["ten"]), chosen(made["all"])
    assert set(by_kind["pooled"]) == {key for key in new_pooled if old_pooled.get(key) != new_pooled[key]}
    for key, (before, after) in by_kind["pooled"].items():
        assert after[0] == 13 and before[0] == 10 and after[1:] == pytest.approx(new_pooled[key][1:])
    old_values, new_values = values(made["ten"]), values(made["all"])
    for lang in ("id", "en"):
        moved = {name for name in {*old_values[lang], *new_values[lang]}
                 if old_values[lang].get(name) != new_values[lang].get(name)}
        assert {where[0] for where in by_kind["value"] if where[1] == lang} == moved
    # each study's results are put down to its being added; the domain's to the three added trials
    for change in changes:
        if change.what in ("verdict", "direction"):
            assert change.because == (("added", change.where[0]),)
        if change.what in ("sign_test", "pooled", "certainty"):
            assert change.because == tuple(("added", study) for study in ADDED)


@pytest.mark.slow
def test_one_edited_count_moves_only_what_depends_on_it(runs):
    tables, made = runs
    studies = study_changes(tables["all"], tables["edited"])
    assert studies.added == studies.removed == ()
    assert studies.edited == (("aronson1948", ROWS[0]["outcome_id"], "events_1", ROWS[0]["events_1"],
                               str(int(ROWS[0]["events_1"]) + 3)),)
    changes = result_changes(made["all"], made["edited"], studies, {}, {}, DOMAINS)
    assert {change.what for change in changes} <= {"pooled", "value", "direction", "verdict", "sign_test"}
    assert [c.where for c in changes if c.what == "pooled"] == list(
        key for key in chosen(made["edited"]) if chosen(made["edited"])[key] != chosen(made["all"])[key])
    assert all(c.because == (("edited", "aronson1948", "events_1"),) for c in changes if c.what != "value")
    old_values, new_values = values(made["all"]), values(made["edited"])
    assert {c.where for c in changes if c.what == "value"} == {
        (name, lang) for lang in ("id", "en") for name in new_values[lang]
        if old_values[lang][name] != new_values[lang][name]}
    assert any(name.startswith("sha256_studies") for name, _ in (c.where for c in changes if c.what == "value"))


@pytest.mark.slow
def test_a_changed_estimator_moves_the_pooled_results_and_names_the_parameter(runs):
    _, made = runs
    studies = study_changes(BCG_STUDIES, BCG_STUDIES)
    changes = result_changes(made["all"], made["dl"], studies, {}, {"tau2_method": "DL"}, DOMAINS)
    assert {c.what for c in changes} <= {"pooled", "value"} and any(c.what == "pooled" for c in changes)
    assert all(c.because == (("parameter", "tau2_method"),) for c in changes)


@pytest.mark.slow
def test_nothing_changed_is_no_change(runs):
    _, made = runs
    assert study_changes(BCG_STUDIES, BCG_STUDIES).none
    assert result_changes(made["all"], made["all"], study_changes(BCG_STUDIES, BCG_STUDIES), {}, {}, DOMAINS) == []


def test_a_study_removed_and_a_cell_emptied_are_told_apart(tmp_path):
    before = table(tmp_path, ROWS[:3], "before.csv")
    rows = [dict(row) for row in ROWS[:2]]
    rows[1]["ablat"] = ""
    found = study_changes(before, table(tmp_path, rows, "after.csv"))
    assert found.removed == (ROWS[2]["study_id"],) and found.added == ()
    assert found.edited == ((ROWS[1]["study_id"], ROWS[1]["outcome_id"], "ablat", ROWS[1]["ablat"], ""),)
    assert Change("verdict", ("a", "x"), None, ("consistent",)).because == ()
    assert json.dumps(found.edited)  # plain data, for a results file
