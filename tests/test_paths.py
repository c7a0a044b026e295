"""The project root is found from the working directory when asked, not once at import."""

import subprocess
import sys

from evsynth import paths


def project(folder, *data_files):
    (folder / "data").mkdir(parents=True)
    (folder / "_quarto.yml").write_text("project:\n  type: book\n")
    for name in data_files:
        (folder / "data" / name).write_text("")
    return folder.resolve()


def test_the_root_follows_the_working_directory_after_import(tmp_path, monkeypatch):
    # paths was imported with the test session, from the repository; a user then moves to a review
    first, second = project(tmp_path / "first", "studies.xlsx"), project(tmp_path / "second", "prisma.csv")
    monkeypatch.chdir(first / "data")  # a folder inside the project: the nearest _quarto.yml upwards
    assert paths.ROOT == paths.root() == first
    assert paths.STUDIES == first / "data" / "studies.xlsx" and paths.PRISMA == first / "data" / "prisma.yml"
    assert paths.shown(first / "data" / "studies.xlsx") == "data/studies.xlsx"
    monkeypatch.chdir(second)
    assert paths.ROOT == second and paths.DATA == second / "data" and paths.OUTPUTS == second / "_outputs"
    assert paths.STUDIES == second / "data" / "studies.csv" and paths.PRISMA == second / "data" / "prisma.csv"
    assert paths.shown(first / "data") == str(first / "data")  # outside the project now: shown in full


def test_without_a_project_above_the_root_is_the_checkout_or_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    checkout = paths.PACKAGE.parents[1]
    assert paths.ROOT == (checkout if (checkout / "_quarto.yml").is_file() else tmp_path.resolve())


def test_a_name_that_is_not_a_path_is_an_attribute_error():
    assert not hasattr(paths, "BOOK") and "STUDIES" in dir(paths)


def test_a_script_finds_the_project_it_moves_into(tmp_path):
    review = project(tmp_path / "review", "studies.csv")
    script = (f"import os; from evsynth import paths; before = paths.ROOT; os.chdir({str(review)!r}); "
              "print(before != paths.ROOT, paths.ROOT, paths.shown(paths.STUDIES))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=paths.ROOT, timeout=60)
    assert done.stdout.split() == ["True", str(review), "data/studies.csv"], done.stderr
