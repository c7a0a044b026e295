"""What changed between two runs (:mod:`evsynth.changes`), on the BCG trials: first with ten of
the thirteen trials, then with all of them (and back: three removed); one count edited, with the
words a reader sees edited in every row; a changed tau² estimator; nothing changed. Each is
checked against a comparison made here from the two runs' files with pandas."""

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
from evsynth.changes import Change, RunResults, compare, study_changes
from evsynth.inputs.contract import WORDS_ONLY
from evsynth.results import alpha_of_run, audit_of_run, input_hashes_of_run, synthesis_of_run, values_of_run

ROWS = list(csv.DictReader(io.StringIO(BCG_STUDIES.read_text(encoding="utf-8"))))
ADDED = tuple(row["study_id"] for row in ROWS[10:])


def results_of(out):
    out = str(out)
    return RunResults(audit_of_run(out), alpha_of_run(out), synthesis_of_run(out), values_of_run(out),
                      input_hashes_of_run(out))


def result_changes(old, new, studies):
    return list(compare(results_of(old), results_of(new), studies).results)


def not_compared(name):
    """The values the comparison leaves out, as its documentation states the rule: words of a
    count, the inputs' hashes, the software's versions, the book's words about its own figures
    and tables."""
    return name.endswith("_words") or name.startswith(("sha256_", "version_", "figure_", "table_")) or \
        name == "python_version"


def table(folder, rows, name="studies.csv"):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
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
    """The BCG review run with its first ten trials, with all thirteen, with one count edited (and,
    in every row, the words a reader sees, hostile text among them), and with all thirteen again
    under another tau² estimator."""
    folder = tmp_path_factory.mktemp("changes")
    edited = [{**row, **{column: f"<b>{column}</b> {{{{< env HOME >}}}}" for column in WORDS_ONLY}} for row in ROWS]
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
    changes = result_changes(made["ten"], made["all"], studies)
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
                 if old_values[lang].get(name) != new_values[lang].get(name) and not not_compared(name)}
        assert {where[0] for where in by_kind["value"] if where[1] == lang} == moved
    # each study's results are put down to its being added; the domain's, and the review's
    # counts, to the three added trials
    for change in changes:
        if change.what in ("verdict", "direction"):
            assert change.because == (("added", change.where[0]),)
        if change.what in ("sign_test", "pooled", "certainty") or change.where in (("n_studies", "en"),):
            assert change.because == tuple(("added", study) for study in ADDED)
    assert any(change.where == ("n_studies", "en") for change in changes)


@pytest.mark.slow
def test_three_trials_removed_are_the_same_changes_backwards(runs):
    tables, made = runs
    studies = study_changes(tables["all"], tables["ten"])
    assert studies.removed == ADDED and studies.added == () and studies.edited == ()
    forwards = {(c.what, c.where): (c.old, c.new) for c in result_changes(made["ten"], made["all"],
                                                                          study_changes(tables["ten"], tables["all"]))}
    backwards = result_changes(made["all"], made["ten"], studies)
    assert {(c.what, c.where): (c.new, c.old) for c in backwards} == forwards
    assert all(("removed", study) in change.because for change in backwards for study in ADDED
               if change.what in ("sign_test", "pooled"))


@pytest.mark.slow
def test_one_edited_count_moves_only_what_depends_on_it(runs):
    # the words a reader sees were edited in every row too: they move no number, so every change has
    # the count for its one cause (a number moved by a words-only edit would have none)
    tables, made = runs
    studies = study_changes(tables["all"], tables["edited"])
    assert studies.added == studies.removed == ()
    numbers = [edit for edit in studies.edited if edit[2] not in WORDS_ONLY]
    assert numbers == [("aronson1948", ROWS[0]["outcome_id"], "events_1", ROWS[0]["events_1"],
                        str(int(ROWS[0]["events_1"]) + 3))]
    assert {edit[2] for edit in studies.edited} - {"events_1"} == set(WORDS_ONLY)
    changes = result_changes(made["all"], made["edited"], studies)
    assert {change.what for change in changes} <= {"pooled", "value", "direction", "verdict", "sign_test"}
    assert [c.where for c in changes if c.what == "pooled"] == list(
        key for key in chosen(made["edited"]) if chosen(made["edited"])[key] != chosen(made["all"])[key])
    assert all(c.because == (("edited", "aronson1948", "events_1"),) for c in changes)
    old_values, new_values = values(made["all"]), values(made["edited"])
    assert {c.where for c in changes if c.what == "value"} == {
        (name, lang) for lang in ("id", "en") for name in new_values[lang]
        if old_values[lang][name] != new_values[lang][name] and not not_compared(name)}
    assert any(name.startswith("effect_aronson1948") for name, _ in (c.where for c in changes if c.what == "value"))


@pytest.mark.slow
def test_a_changed_estimator_moves_the_pooled_results_and_names_the_parameter(runs):
    _, made = runs
    studies = study_changes(BCG_STUDIES, BCG_STUDIES)
    changes = result_changes(made["all"], made["dl"], studies)
    assert {c.what for c in changes} <= {"pooled", "value"} and any(c.what == "pooled" for c in changes)
    assert all(c.because == (("parameter", "tau2_method"),) for c in changes)


@pytest.mark.slow
def test_nothing_changed_is_no_change(runs):
    _, made = runs
    assert study_changes(BCG_STUDIES, BCG_STUDIES).none
    found = compare(results_of(made["all"]), results_of(made["all"]), study_changes(BCG_STUDIES, BCG_STUDIES))
    assert found.none and found.results == ()


def test_a_study_removed_and_a_cell_emptied_are_told_apart(tmp_path):
    before = table(tmp_path, ROWS[:3], "before.csv")
    rows = [dict(row) for row in ROWS[:2]]
    rows[1]["ablat"] = ""
    found = study_changes(before, table(tmp_path, rows, "after.csv"))
    assert found.removed == (ROWS[2]["study_id"],) and found.added == ()
    assert found.edited == ((ROWS[1]["study_id"], ROWS[1]["outcome_id"], "ablat", ROWS[1]["ablat"], ""),)
    assert Change("verdict", ("a", "x"), None, ("consistent",)).because == ()
    assert json.dumps(found.edited)  # plain data, for a results file


# --- the same comparisons in words (evsynth.book.since_release)

def release_of(studies):
    """A release's record as :func:`evsynth.release.release_record` gives it, for the words."""
    return {"version": "0.1.0", "date": "2026-03-12", "files": {"studies": studies}}


def in_words(tmp_path, tables, made, old, new):
    from evsynth.book.since_release import write_since_release
    from evsynth.inputs import load_inputs

    found = compare(results_of(made[old]), results_of(made[new]), study_changes(tables[old], tables[new]))
    inputs = load_inputs(tables[new], BCG_REFERENCES)
    return found, write_since_release(tmp_path, release_of(tables[old]), found, inputs.studies, inputs.references)


@pytest.mark.slow
def test_every_value_that_can_move_has_a_label_in_each_language(runs):
    from evsynth.book.value_labels import value_labels
    from evsynth.changes import NOT_COMPARED
    from evsynth.inputs import load_inputs

    tables, made = runs
    inputs = load_inputs(tables["all"], BCG_REFERENCES)
    for lang, found in values(made["all"]).items():
        labels = value_labels(inputs.studies, inputs.references, None, lang)
        assert [name for name in found if not NOT_COMPARED.search(name) and name not in labels] == []
        expected = {"en": "Aronson 1948: participants", "id": "Aronson 1948: jumlah peserta"}
        assert labels["n_aronson1948"] == expected[lang]


@pytest.mark.slow
def test_three_added_trials_in_words(runs, tmp_path):
    tables, made = runs
    found, written = in_words(tmp_path, tables, made, "ten", "all")
    votes = [json.loads((made[name] / "results" / "synthesis-controlled.json").read_text())["tuberculosis"]
             for name in ("ten", "all")]
    said = written["since-release-en"]
    moved = len([c for c in found.results if c.what != "value" or c.where[1] == "en"])
    assert moved > 20  # so the sentence says every count in digits
    assert said.startswith("Since version 0.1.0 (12 March 2026), 3 studies were added, the controlled studies' "
                           f"vote on tuberculosis cases went from {votes[0]['n_favouring_intervention']} of 10 to "
                           f"{votes[1]['n_favouring_intervention']} of 13 in favour of the intervention and {moved} "
                           "numbers of the book moved; ")
    table = written["changes-since-en"].splitlines()
    assert table[0] == "| What changed | Where | Version 0.1.0 | Now | Input change that could have moved it |"
    assert len(table) == 2 + len(ADDED) + moved  # header, rule, a row per added trial and per change
    from evsynth.book.labels import study_label
    from evsynth.inputs.references import load_references

    references = load_references(BCG_REFERENCES)
    assert [line.split(" | ")[:2] for line in table[2:5]] == [["| Study added", study_label(s, references)]
                                                               for s in ADDED]
    download = pd.read_csv(tmp_path / "tables" / "changes-en.csv", keep_default_na=False)
    assert list(download.columns) == ["what", "where", "before", "now", "because"] and len(download) == len(table) - 2
    assert written["since-release-id"].startswith("Sejak versi 0.1.0 (12 Maret 2026), 3 studi ditambahkan")


@pytest.mark.slow
def test_hostile_text_in_an_edited_cell_stays_text(runs, tmp_path):
    tables, made = runs
    _, written = in_words(tmp_path, tables, made, "all", "edited")
    cells = len(WORDS_ONLY) * len(ROWS)
    assert written["since-release-en"].startswith(f"Since version 0.1.0 (12 March 2026), {cells + 1} cells of 13 "
                                                  "studies were edited and ")
    for lang in ("id", "en"):
        table = written[f"changes-since-{lang}"]
        assert "<b>" not in table.replace("\\<b>", "") and "{{<" not in table  # escaped, never markup
        assert table.count("\\<b>") >= cells  # each new cell, and the new labels that name rows


@pytest.mark.slow
def test_a_changed_estimator_is_named_in_words(runs, tmp_path):
    tables, made = runs
    tables = {**tables, "dl": tables["all"]}
    _, written = in_words(tmp_path, tables, made, "all", "dl")
    assert "parameter tau2_method changed" in written["changes-since-en"]
    assert "parameter tau2_method diubah" in written["changes-since-id"]
    assert "no study was added" not in written["since-release-en"].lower()


@pytest.mark.slow
def test_nothing_changed_in_words(runs, tmp_path):
    tables, made = runs
    _, written = in_words(tmp_path, tables, made, "all", "all")
    assert written["since-release-en"] == "No number in this book has changed since version 0.1.0 (12 March 2026)."
    assert written["since-release-id"] == \
        "Tidak ada angka dalam buku ini yang berubah sejak versi 0.1.0 (12 Maret 2026)."
