"""`make bench`: what `evsynth run` costs, each time beside its floor measured in the same run.

The floor is what no pipeline can go below: papermill executing as many empty notebooks as the
catalogue lists, one after the other, with the project's kernel (``pipeline.execute``, as a run
does). Then, each as a separate process as a user runs it, with an empty cache of static
images (``EVSYNTH_CACHE``) unless said:

- the review's clean run (a new output folder), and its no-op run (nothing changed);
- the clean run the book's pre-render makes, without PNGs (an HTML render waits for no more);
- a clean run again with the images the first one drew in the cache;
- one study edited: the run again, and how many static images it drew anew;
- the static export per image (the review's figures in this process, no cache);
- synthetic tables of 1,000 and 10,000 rows (``synthetic.py``).

Run: make bench    (or .venv/bin/python benchmarks/bench_pipeline.py)
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import synthetic_table  # noqa: E402

from evsynth import kernels, paths, pipeline  # noqa: E402
from evsynth.catalogue import STATIC_FIGURE_FILES, notebook_names  # noqa: E402


def floor(folder: Path) -> float:
    """Seconds for papermill to execute the catalogue's number of empty notebooks, one by one."""
    empty = folder / "empty.ipynb"
    nbformat.write(nbformat.v4.new_notebook(metadata={"kernelspec": {
        "name": kernels.kernel_name(), "display_name": "Python", "language": "python"}}), empty)
    started = time.perf_counter()
    for k in range(len(notebook_names())):
        pipeline.execute(empty, folder / f"executed-{k}.ipynb", None, echo=lambda *_: None, progress=False)
    return time.perf_counter() - started


def run(*args: str, cache: Path) -> float:
    """Seconds for ``evsynth run ARGS`` in a process of its own, with ``cache`` as its image cache."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "evsynth", "run", *args], capture_output=True, text=True,
                          cwd=paths.ROOT, env={**os.environ, paths.CACHE_VARIABLE: str(cache)})
    assert done.returncode == 0, done.stderr
    return time.perf_counter() - started


def export_per_image(folder: Path) -> tuple[float, int]:
    """Seconds per static image of the review's figures, drawn in one browser without the cache."""
    from evsynth.figures.build import every_figure
    from evsynth.figures.export import export_static
    from evsynth.inputs import load_inputs
    from evsynth.synthesis import synthesise

    inputs = load_inputs(paths.STUDIES, paths.REFERENCES, paths.PRISMA, paths.APPRAISAL)
    specs = every_figure(inputs, synthesise(inputs.studies))
    started = time.perf_counter()
    export_static(specs, folder, cache=None)
    images = len(specs) * len(STATIC_FIGURE_FILES)
    return (time.perf_counter() - started) / images, images


def one_study_edited(folder: Path) -> list[str]:
    """The review's files with one study's outcome named otherwise (in English: the forest names it)."""
    rows = list(csv.DictReader(io.StringIO(paths.STUDIES.read_text(encoding="utf-8"))))
    rows[0]["outcome_label_en"] += " (edited)"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (folder / "studies.csv").write_text(out.getvalue(), encoding="utf-8")
    return ["--studies", str(folder / "studies.csv"), "--references", str(paths.REFERENCES),
            *(f"--{name}={getattr(paths, name.upper())}" for name in ("prisma", "appraisal", "background", "grade",
                                                                      "claims"))]


def synthetic_review(folder: Path, rows: int) -> list[str]:
    table = synthetic_table(rows)
    table.to_csv(folder / "studies.csv", index=False)
    keys = sorted(set(table["study_id"]))
    (folder / "references.bib").write_text(
        "".join(f"@misc{{{k}, author = {{Synthetic}}, year = {{2020}}}}\n" for k in keys))
    return ["--studies", str(folder / "studies.csv"), "--references", str(folder / "references.bib")]


def images_in(cache: Path) -> int:
    return sum(1 for _ in cache.glob("*.*")) if cache.is_dir() else 0


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        for name in ("floor", "exports", "edited", "rows-1000", "rows-10000"):
            (scratch / name).mkdir()
        cores = pipeline._cores()
        base = floor(scratch / "floor")
        review = str(scratch / "review")
        clean = run("--out", review, cache=scratch / "cache-a")
        noop = run("--out", review, cache=scratch / "cache-a")
        html_only = run("-p", "static_figures=false", "--out", str(scratch / "review-html"), cache=scratch / "cache-d")
        drawn = images_in(scratch / "cache-a")
        warm = run("--force", "--out", str(scratch / "review-again"), cache=scratch / "cache-a")
        edited = run(*one_study_edited(scratch / "edited"), "--out", review, cache=scratch / "cache-a")
        redrawn = images_in(scratch / "cache-a") - drawn
        per_image, images = export_per_image(scratch / "exports")
        thousand = run(*synthetic_review(scratch / "rows-1000", 1_000), "--out", str(scratch / "out-1000"),
                       cache=scratch / "cache-b")
        ten_thousand = run(*synthetic_review(scratch / "rows-10000", 10_000), "--out", str(scratch / "out-10000"),
                           cache=scratch / "cache-c")

    lines = [
        ("floor: 7 empty notebooks through papermill", base),
        ("clean run of the review (empty image cache)", clean),
        ("no-op run (nothing changed)", noop),
        ("clean run without PNGs, as the book's pre-render", html_only),
        ("clean run, images in the cache", warm),
        (f"one study edited ({redrawn} of {drawn} static images drawn anew)", edited),
        ("1,000 synthetic rows", thousand),
        ("10,000 synthetic rows", ten_thousand),
    ]
    print(f"evsynth run on {cores} cores; each time as a multiple of the floor measured in this run\n")
    for label, seconds in lines:
        print(f"  {label:<58} {seconds:6.1f} s  {seconds / base:5.2f} x floor")
    print(f"  {f'static export, per image ({images} images, one browser)':<58} {per_image:6.2f} s")
