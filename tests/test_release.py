"""``evsynth release VERSION``: the finished run recorded as a version, with its inputs, their
hashes, its parameters and the date; the version set in CITATION.cff and the book's citation;
every refusal leaves every file as it was."""

from __future__ import annotations

import datetime
import json
import shutil

import pytest

from evsynth import paths, run_folder
from evsynth.release import RECORD, ReleaseRefused, _with_version, release, released, version_key

from conftest import REVIEW_FILES

DAY = datetime.date(2026, 3, 12)


@pytest.fixture
def project(review_run, tmp_path):
    """The session's run and a copy of the project's CITATION.cff and _quarto.yml, in a folder of
    the test's own."""
    out, _ = review_run
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
    made = make("0.1.0", out, folder)
    assert made == folder / "releases" / "0.1.0" and released(folder / "releases") == ["0.1.0"]
    for kept in ("results", "values"):
        assert tree(made / kept) == tree(out / kept)
    record = json.loads((made / RECORD).read_text())
    assert record["version"] == "0.1.0" and record["date"] == "2026-03-12"
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
    assert cff.replace("version: 0.2.0\ndate-released: 2026-03-12\n", "") == citation.replace("version: 0.1.0\n", "")
    quarto = (folder / "_quarto.yml").read_text()
    assert '\n  version: "0.2.0"\n  issued: "2026-03-12"\n' in quarto
    assert quarto.replace('  version: "0.2.0"\n  issued: "2026-03-12"\n', "") == \
        book.replace('  version: "0.1.0"\n', "")
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
    out, folder = project
    make("0.1.0", out, folder)
    before = tree(folder)
    with pytest.raises(ReleaseRefused, match=expected):
        make(version, out, folder)
    assert tree(folder) == before


def test_a_missing_or_dirty_run_is_refused_and_nothing_is_written(project, tmp_path_factory):
    out, folder = project
    before = tree(folder)
    with pytest.raises(ReleaseRefused, match="holds no finished run"):
        make("0.1.0", tmp_path_factory.mktemp("no-run"), folder)
    edited = tmp_path_factory.mktemp("edited") / "studies.csv"
    edited.write_text(paths.STUDIES.read_text(encoding="utf-8").replace("0,016", "0,017"), encoding="utf-8")
    with pytest.raises(ReleaseRefused, match="is not the one `evsynth run` makes now"):
        make("0.1.0", out, folder, files={**REVIEW_FILES, "studies": edited})
    altered = tmp_path_factory.mktemp("altered") / "outputs"
    shutil.copytree(out, altered)
    (altered / "values" / "en.yml").write_text("values: {}\n")
    with pytest.raises(ReleaseRefused, match="was changed after the run"):
        make("0.1.0", altered, folder)
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
