"""The catalogue of a run (``src/evsynth/outputs.yml``) is the one list of notebooks and
outputs: the notebooks folder, each notebook's parameters cell, the notebook pages, the
books' and the scaffold's profiles, the chapters' shortcodes and a run's files agree with it."""

from __future__ import annotations

import re

import nbformat
import papermill
import pytest
import yaml

from evsynth import parameters, paths, results
from evsynth.catalogue import catalogue, notebook_names, notebook_page, run_files
from evsynth.scaffold import HERE as SCAFFOLD

from conftest import REVIEW_FILES

NOTEBOOKS = catalogue()["notebooks"]
PROFILES = [paths.ROOT / f"_quarto-{lang}.yml" for lang in ("id", "en")] + \
    [SCAFFOLD / "project" / f"_quarto-{lang}.yml" for lang in ("id", "en")]


def test_the_notebooks_folder_holds_the_catalogues_notebooks_and_no_other():
    assert sorted(p.stem for p in paths.NOTEBOOKS.glob("*.ipynb")) == sorted(notebook_names())
    assert notebook_names() == sorted(notebook_names())  # NN- prefixes in run order


@pytest.mark.parametrize("name", notebook_names())
def test_each_notebook_declares_what_the_catalogue_says_with_the_one_default(name):
    entry = NOTEBOOKS[name]
    declared = {key: spec["default"] for key, spec in
                papermill.inspect_notebook(str(paths.NOTEBOOKS / f"{name}.ipynb")).items()}
    wanted = [*entry["inputs"], *entry["parameters"]] + (["output_dir"] if entry["makes"] else []) + \
        (["since"] if entry.get("since") else [])
    assert sorted(declared) == sorted(wanted)
    if entry.get("since"):  # the project's releases, whose latest it compares with, as evsynth run does
        assert yaml.safe_load(declared["since"]) == f"../{paths.RELEASES.relative_to(paths.ROOT).as_posix()}"
    for key in entry["parameters"]:
        assert yaml.safe_load(declared[key]) == parameters.PARAMETERS[key].default, key
    for key in entry["inputs"]:  # the review's own file, as the notebook (in notebooks/) reaches it
        assert yaml.safe_load(declared[key]) == f"../{REVIEW_FILES[key].relative_to(paths.ROOT).as_posix()}", key


#: What each reader of a step's results reads, by the file that shows whose results they are.
READERS = {"inputs_of_run": results.INPUTS_FILE, "input_hashes_of_run": results.INPUT_HASHES_FILE,
           "audit_of_run": results.AUDIT_OPTIONS_FILE, "alpha_of_run": results.AUDIT_OPTIONS_FILE,
           "synthesis_of_run": results.JSON_FILES["options"], "values_of_run": "en.yml"}


@pytest.mark.parametrize("name", notebook_names())
def test_each_notebook_runs_after_exactly_the_notebooks_whose_results_it_reads(name):
    code = "\n".join(cell.source for cell in nbformat.read(paths.NOTEBOOKS / f"{name}.ipynb", as_version=4).cells
                     if cell.cell_type == "code")
    called = set(re.findall(r"\b([a-z_]+_of_run)\(", code))
    assert called <= set(READERS), called - set(READERS)
    makers = {next(n for n, e in NOTEBOOKS.items()
                   if READERS[reader] in [*e["makes"].get("results", []), *e["makes"].get("values", [])])
              for reader in called}
    assert sorted(NOTEBOOKS[name]["reads"]) == sorted(makers)
    assert all(notebook_names().index(read) < notebook_names().index(name) for read in makers)


def test_every_parameter_is_declared_by_a_notebook_and_defined_once():
    used = {key for entry in NOTEBOOKS.values() for key in entry["parameters"]}
    assert used == set(parameters.PARAMETERS)


@pytest.mark.parametrize("name", notebook_names())
def test_each_notebook_page_is_the_one_the_catalogue_writes(name):
    # `make notebooks` writes them (evsynth.catalogue.write_notebook_pages)
    assert (paths.ROOT / "notebook-pages" / f"{name}.qmd").read_text(encoding="utf-8") == notebook_page(name)


def test_no_other_notebook_page():
    assert sorted(p.stem for p in (paths.ROOT / "notebook-pages").glob("*.qmd")) == notebook_names()


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.relative_to(p.parents[1]).as_posix())
def test_each_profile_lists_the_notebook_pages_in_run_order(profile):
    appendices = yaml.safe_load(profile.read_text(encoding="utf-8"))["book"]["appendices"]
    [part] = [entry for entry in appendices if isinstance(entry, dict) and "part" in entry]
    assert part["chapters"] == [f"notebook-pages/{name}.qmd" for name in notebook_names()]


def test_each_output_condition_names_an_output_of_its_notebook():
    for name, entry in NOTEBOOKS.items():
        made = {output for group in entry["makes"].values() for output in group}
        assert set(entry.get("when", {})) <= made, name


SHORTCODE = re.compile(r"\{\{< evsynth-(figure|table|text) ([\w-]+) >\}\}")


def made(kind: str) -> set[str]:
    group = {"figure": "figures", "table": "tables", "text": "text"}[kind]
    found = set()
    for entry in NOTEBOOKS.values():
        outputs = entry["makes"].get(group, {})
        if kind == "table":  # a chapter shows the Markdown tables; the others are downloads
            outputs = [name for name, how in outputs.items() if how == "markdown"]
        found.update(outputs)
    return found


@pytest.mark.parametrize("root", [paths.ROOT, SCAFFOLD / "project"], ids=["book", "scaffold"])
def test_the_chapters_ask_only_for_outputs_the_catalogue_lists(root):
    asked = [(chapter.name, kind, name) for chapter in sorted(root.glob("chapters-*/*.qmd"))
             for kind, name in SHORTCODE.findall(chapter.read_text(encoding="utf-8"))]
    assert asked  # the pattern still matches the chapters' shortcodes
    assert [(chapter, kind, name) for chapter, kind, name in asked if name not in made(kind)] == []


def test_a_run_writes_the_files_the_catalogue_lists_and_no_other(review_run):
    out, _ = review_run
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert written - {"run.json", "figures/plotly.min.js"} == run_files(static_figures=True)


def test_a_notebook_of_the_catalogue_missing_from_the_project_is_named_before_any_work(tmp_path, monkeypatch):
    from evsynth import pipeline

    monkeypatch.setattr(paths, "NOTEBOOKS", tmp_path / "notebooks")
    files = {name: path if name in ("studies", "references") else None for name, path in REVIEW_FILES.items()}
    with pytest.raises(ValueError, match=r"01-validate-data.ipynb, .*08-compare-with-release.ipynb missing"):
        pipeline.run(files, tmp_path / "out", {}, echo=lambda *_: None)
    assert not (tmp_path / "out").exists()


def test_every_tau2_method_a_parameter_may_name_is_implemented():
    from evsynth.synthesis.tau2 import ESTIMATORS
    from evsynth.vocabulary import TAU2_METHODS

    assert set(ESTIMATORS) == set(TAU2_METHODS)


# ----------------------------------------------------------------------------- results handed on

def test_each_step_reads_what_the_one_before_handed_on(tmp_path):
    from evsynth import results
    from evsynth.audit import audit
    from evsynth.inputs import load_inputs
    from evsynth.synthesis import synthesise

    inputs = load_inputs(paths.STUDIES, paths.REFERENCES, grade=paths.GRADE)
    folder = results.output_folder(str(tmp_path), "results")
    results.write_inputs(inputs, {"studies": str(paths.STUDIES), "references": str(paths.REFERENCES),
                                  "prisma": ""}, folder)
    back = results.inputs_of_run(str(tmp_path))
    assert back.studies.equals(inputs.studies) and back.references == inputs.references and back.grade == inputs.grade
    assert set(results.input_hashes_of_run(str(tmp_path))) == {"studies", "references"}  # "" is a file not given
    consistency = audit(back.studies, alpha=0.01)
    results.write_audit(consistency, 0.01, folder)
    assert results.alpha_of_run(str(tmp_path)) == 0.01
    review = synthesise(back.studies, results.audit_of_run(str(tmp_path)), back.grade)
    results.write_synthesis(review, folder)
    assert results.synthesis_of_run(str(tmp_path)).counts == review.counts


def test_a_missing_result_names_the_notebook_that_writes_it(tmp_path):
    from evsynth import results

    with pytest.raises(results.MissingResults, match=r"inputs.pickle is missing: notebook 01-validate-data writes it"):
        results.inputs_of_run(str(tmp_path))
    with pytest.raises(results.MissingResults, match=r"consistency.csv is missing: notebook 02-audit-reported-results"):
        results.audit_of_run(str(tmp_path))
    with pytest.raises(results.MissingResults, match=r"synthesis-options.json is missing: notebook 03-synthesise"):
        results.synthesis_of_run(str(tmp_path))


def test_writing_a_step_removes_the_later_steps_results_made_from_what_it_replaces(tmp_path):
    # so a folder never holds an audit of other inputs, or a synthesis of another audit
    from evsynth import results
    from evsynth.inputs import load_inputs

    folder = tmp_path / "results"
    later = [file for name in notebook_names()[1:] for file in NOTEBOOKS[name]["makes"].get("results", [])]
    folder.mkdir()
    for file in later:
        (folder / file).write_text("from earlier inputs")
    results.write_audit(load_inputs(paths.STUDIES, paths.REFERENCES).studies.iloc[:0], 0.05, folder)
    kept = {p.name for p in folder.iterdir()}
    assert kept == {"consistency.csv", "audit-options.json"}  # the synthesis of the earlier audit is gone
    results.write_inputs(load_inputs(paths.STUDIES, paths.REFERENCES), {}, folder)
    assert {p.name for p in folder.iterdir()} == {"inputs.pickle", "inputs.json"}


def test_a_step_that_runs_beside_another_keeps_its_results_when_the_other_writes(tmp_path, monkeypatch):
    # evsynth run runs a step beside the ones it does not read: writing the audit must not remove
    # the results of a step that reads only the inputs, were one to make any
    from evsynth import results
    from evsynth.inputs import load_inputs

    beside = {**NOTEBOOKS, "05-draw-flow-and-appraisal": {**NOTEBOOKS["05-draw-flow-and-appraisal"],
                                                         "makes": {"results": ["flow.json"]}}}
    monkeypatch.setattr(results, "catalogue", lambda: {"notebooks": beside})
    folder = tmp_path / "results"
    folder.mkdir()
    for file in ("flow.json", "effects.csv"):
        (folder / file).write_text("made before")
    results.write_audit(load_inputs(paths.STUDIES, paths.REFERENCES).studies.iloc[:0], 0.05, folder)
    assert {p.name for p in folder.iterdir()} == {"flow.json", "consistency.csv", "audit-options.json"}
