"""``evsynth release VERSION``: the finished run recorded as a version, with its inputs, their
hashes, its parameters and the date; the version set in CITATION.cff and the book's citation;
every refusal leaves every file as it was."""

from __future__ import annotations

import datetime
import json
import re
import shutil

import pytest

from evsynth import paths, run_folder
from evsynth.release import RECORD, ReleaseRefused, _with_version, release, released, version_key

from conftest import REVIEW_FILES

DAY = datetime.date(2026, 3, 12)


@pytest.fixture
def project(review_run, tmp_path):
    """The session's run, and a copy of the project's releases (0.1.0, with which that run compared
    itself), CITATION.cff and _quarto.yml, in a folder of the test's own."""
    out, _ = review_run
    shutil.copytree(paths.RELEASES, tmp_path / "releases")
    shutil.copyfile(paths.CITATION, tmp_path / "CITATION.cff")
    shutil.copyfile(paths.QUARTO, tmp_path / "_quarto.yml")
    return out, tmp_path


def make(version, out, folder, files=REVIEW_FILES, today=DAY):
    return release(version, files, out, folder / "releases", folder / "CITATION.cff", folder / "_quarto.yml",
                   today=today)


def tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_release_holds_the_runs_results_values_and_inputs_with_their_hashes(project):
    out, folder = project
    made = make("0.2.0", out, folder)
    assert made == folder / "releases" / "0.2.0" and released(folder / "releases") == ["0.1.0", "0.2.0"]
    for kept in ("results", "values"):  # but the validated inputs' pickle: the input files stand for it
        assert tree(made / kept) == {name: data for name, data in tree(out / kept).items() if name != "inputs.pickle"}
    record = json.loads((made / RECORD).read_text())
    assert record["version"] == "0.2.0" and record["date"] == "2026-03-12"
    assert record["run_key"] == run_folder.manifest(out)["key"]
    assert record["parameters"] == run_folder.manifest(out)["parameters"]
    assert set(record["inputs"]) == {name for name, path in REVIEW_FILES.items() if path.is_file()}
    for name, given in record["inputs"].items():
        assert (made / given["file"]).read_bytes() == REVIEW_FILES[name].read_bytes()
        assert given["sha256"] == run_folder.sha256(REVIEW_FILES[name])
    assert not [p for p in (folder / "releases").iterdir() if p.name.startswith(".")]  # no partial folder left


def test_the_version_and_its_date_go_into_the_citation_and_the_book_and_nothing_else_moves(project):
    out, folder = project
    citation, book = (folder / "CITATION.cff").read_text(), (folder / "_quarto.yml").read_text()
    make("0.2.0", out, folder)
    cff = (folder / "CITATION.cff").read_text()
    assert "\nversion: 0.2.0\ndate-released: 2026-03-12\n" in cff
    assert cff.replace("version: 0.2.0\ndate-released: 2026-03-12\n", "") == \
        re.sub(r"version: 0.1.0\n(date-released: .*\n)?", "", citation)
    quarto = (folder / "_quarto.yml").read_text()
    assert '\n  version: "0.2.0"\n  issued: "2026-03-12"\n' in quarto
    assert quarto.replace('  version: "0.2.0"\n  issued: "2026-03-12"\n', "") == \
        re.sub(r'  version: "0.1.0"\n(  issued: .*\n)?', "", book)
    with pytest.raises(ReleaseRefused, match="is not the one `evsynth run` makes now"):
        make("0.3.0", out, folder)  # the run was not compared with 0.2.0, which a run now is
    again = _with_version(folder / "CITATION.cff", "0.3.0", "2026-04-01")  # a second release replaces the lines
    assert again.count("date-released:") == 1 and "date-released: 2026-04-01" in again
    assert 'issued: "2026-04-01"' in _with_version(folder / "_quarto.yml", "0.3.0", "2026-04-01")


def test_versions_sort_as_numbers():
    assert sorted(["0.10.0", "0.9.1", "1.0.0", "0.9.0"], key=version_key) == ["0.9.0", "0.9.1", "0.10.0", "1.0.0"]


@pytest.mark.parametrize("version,expected", [
    ("0.1", "expected MAJOR.MINOR.PATCH"), ("v0.2.0", "expected MAJOR.MINOR.PATCH"),
    ("0.02.0", "expected MAJOR.MINOR.PATCH"), ("0.1.0", "version 0.1.0 exists"),
    ("0.0.9", "does not come after the latest release, 0.1.0"), ("0.1.0-rc1", "expected MAJOR.MINOR.PATCH"),
])
def test_a_version_that_is_malformed_exists_or_comes_before_the_latest_is_refused(project, version, expected):
    out, folder = project  # releases/ holds 0.1.0
    before = tree(folder)
    with pytest.raises(ReleaseRefused, match=expected):
        make(version, out, folder)
    assert tree(folder) == before


def test_a_missing_or_dirty_run_is_refused_and_nothing_is_written(project, tmp_path_factory):
    out, folder = project
    before = tree(folder)
    with pytest.raises(ReleaseRefused, match="holds no finished run"):
        make("0.2.0", tmp_path_factory.mktemp("no-run"), folder)
    edited = tmp_path_factory.mktemp("edited") / "studies.csv"
    edited.write_text(paths.STUDIES.read_text(encoding="utf-8").replace("0,016", "0,017"), encoding="utf-8")
    with pytest.raises(ReleaseRefused, match="is not the one `evsynth run` makes now"):
        make("0.2.0", out, folder, files={**REVIEW_FILES, "studies": edited})
    altered = tmp_path_factory.mktemp("altered") / "outputs"
    shutil.copytree(out, altered)
    (altered / "values" / "en.yml").write_text("values: {}\n")
    with pytest.raises(ReleaseRefused, match="was changed after the run"):
        make("0.2.0", altered, folder)
    assert tree(folder) == before


def test_a_new_project_can_be_released_its_title_cited_as_typed(tmp_path):
    import yaml

    from evsynth.scaffold import new_project

    new_project(tmp_path / "review", title_en='Massage: a "review" *of* <studies>')
    citation = tmp_path / "review" / "CITATION.cff"
    assert yaml.safe_load(citation.read_text())["title"] == 'Massage: a "review" *of* <studies>'
    assert "\nversion: 0.1.0\ndate-released: 2026-03-12" in _with_version(citation, "0.1.0", "2026-03-12")
    book = _with_version(tmp_path / "review" / "_quarto.yml", "0.1.0", "2026-03-12")
    assert yaml.safe_load(book)["citation"] == {"type": "book", "version": "0.1.0", "issued": "2026-03-12"}
    assert "evsynth release 0.1.0" in (tmp_path / "review" / "README.md").read_text()


@pytest.mark.slow
def test_a_new_project_released_then_grown_says_what_changed_since_and_releases_again(tmp_path):
    """The commands as an author runs them in a project of `evsynth new`: the BCG review with its
    first ten trials run and released as 0.1.0; the three others added; the next run compares
    itself with 0.1.0 unasked, and its own release follows."""
    import csv
    import io
    import subprocess
    import sys

    from datafiles import BCG_REFERENCES, BCG_STUDIES

    from evsynth.book.labels import study_label
    from evsynth.inputs.references import load_references
    from evsynth.scaffold import new_project

    project = tmp_path / "review"
    new_project(project, BCG_STUDIES, BCG_REFERENCES)
    header, *rows = BCG_STUDIES.read_text(encoding="utf-8").splitlines(keepends=True)
    (project / "data" / "studies.csv").write_text(header + "".join(rows[:10]), encoding="utf-8")

    def evsynth(*args):
        return subprocess.run([sys.executable, "-m", "evsynth", *args], capture_output=True, text=True,
                              cwd=project, timeout=600)

    assert evsynth("run", "-p", "static_figures=false").returncode == 0
    assert not (project / "_outputs" / "tables" / "changes-since-en.md").exists()
    assert (project / "_outputs" / "text" / "since-release-en.md").read_text() == ""
    first = evsynth("release", "0.1.0")
    assert first.returncode == 0 and first.stdout == "Released 0.1.0: releases/0.1.0\n"
    (project / "data" / "studies.csv").write_text(header + "".join(rows), encoding="utf-8")
    refused = evsynth("release", "0.2.0")  # the run on disk is not the one the data make now
    assert refused.returncode == 2 and "run `evsynth run` first" in refused.stderr
    assert evsynth("run", "-p", "static_figures=false").returncode == 0
    said = (project / "_outputs" / "text" / "since-release-en.md").read_text()
    assert said.startswith(f"Since version 0.1.0 ({_long(datetime.date.today())}), 3 studies were added")
    added = [row["study_id"] for row in csv.DictReader(io.StringIO(header + "".join(rows[10:])))]
    references = load_references(BCG_REFERENCES)
    table = (project / "_outputs" / "tables" / "changes-since-en.md").read_text()
    assert [line for line in table.splitlines() if line.startswith("| Study added |")] == [
        f"| Study added | {study_label(study, references)} |  |  |  |" for study in added]
    assert evsynth("release", "0.2.0").returncode == 0
    assert released(project / "releases") == ["0.1.0", "0.2.0"]


def _long(day):
    from evsynth.book.messages import long_date

    return long_date(day.isoformat(), "en")
