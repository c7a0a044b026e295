"""``evsynth static-figures``: a run made for an HTML book (no PNG) gets its figures' PNGs when
a PDF or DOCX asks, the same bytes the notebooks draw, and stays a run ``evsynth run`` accepts."""

from __future__ import annotations

import json
import shutil

import pytest

from evsynth import __main__, paths, pipeline, run_folder
from evsynth.static_figures import add_static_figures


def without_pngs(out, folder):
    """A copy of the run in ``out`` as a run without static figures would have left it."""
    copy = folder / "outputs"
    shutil.copytree(out, copy)
    found = run_folder.manifest(copy)
    for name in [name for name in found["files"] if name.endswith(".png")]:
        (copy / name).unlink()
        del found["files"][name]
    run_folder.write_manifest(copy, found)
    return copy


@pytest.mark.slow
def test_the_pngs_are_the_notebooks_own_and_the_run_stays_whole(review_run, tmp_path, monkeypatch):
    out, _ = review_run
    drawn = {p.name: p.read_bytes() for p in (out / "figures").glob("*.png")}
    assert len(drawn) == 10  # five figures, two languages
    copy = without_pngs(out, tmp_path)
    monkeypatch.setenv(paths.CACHE_VARIABLE, str(tmp_path / "empty-cache"))  # drawn again, not copied
    written = add_static_figures(copy, echo=lambda *_: None)
    assert sorted(p.name for p in written) == sorted(drawn)
    assert {p.name: p.read_bytes() for p in (copy / "figures").glob("*.png")} == drawn
    manifest = run_folder.manifest(copy)
    assert manifest == run_folder.manifest(out)  # the images listed again, with the notebooks' hashes
    assert run_folder.intact(copy, manifest["files"])
    assert pipeline.up_to_date(copy, manifest["key"])  # nothing to run again
    run_folder.check(copy, [])  # a run evsynth run may replace: no file it did not write


def test_a_folder_without_a_finished_run_is_refused_with_a_message(tmp_path, capsys):
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / run_folder.MANIFEST).write_text(json.dumps({"key": "k", "inputs": {}}))  # no "files"
    for folder in (tmp_path / "none", tmp_path / "half"):
        with pytest.raises(run_folder.RefusedOutput, match="holds no finished run: run `evsynth run` first"):
            add_static_figures(folder)
        assert __main__.main(["static-figures", "--out", str(folder)]) == 2
        assert "holds no finished run" in capsys.readouterr().err


def test_the_pre_render_step_runs_without_pngs_which_an_html_book_does_not_show(monkeypatch):
    asked = []
    monkeypatch.setattr(__main__, "main", lambda argv: asked.append(argv) or 0)
    assert __main__._pre_render(None) == 0
    assert asked == [["run", "-p", "static_figures=false"]]


def test_a_run_names_the_python_that_made_it_for_the_figure_shortcode(review_run):
    out, _ = review_run
    python = run_folder.manifest(out)["python"]
    assert python and shutil.which(python)
    lua = (paths.ROOT / "_extensions" / "evsynth" / "evsynth.lua").read_text(encoding="utf-8")
    assert '"-m", "evsynth", "static-figures", "--out", output_path()' in lua and "manifest.python" in lua
