"""``make notebooks``: the committed notebooks re-executed with their own defaults and stored
normalised, so that a diff shows what their outputs say, not when or where they ran.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from evsynth import paths
from evsynth.pipeline import execute, notebooks

# What differs between two runs of the same notebook, or between two contributors' machines
# (the Python patch release); the pre-commit hook strips the same.
VOLATILE_KEYS = ["metadata.papermill", "cell.metadata.papermill", "cell.metadata.execution", "metadata.widgets",
                 "metadata.language_info.version"]


def update_notebooks(echo=print) -> None:
    """Re-execute the notebooks with their own defaults and store them normalised, and write
    their pages of the book from the catalogue.

    They run into a throwaway output folder, so ``_outputs`` is not touched; the
    kernels' temp folder is this call's own, so nothing is left behind (kernels are killed,
    not stopped, and cannot clean up after themselves).
    """
    from evsynth.catalogue import write_notebook_pages

    with tempfile.TemporaryDirectory() as scratch, _temp_folder(Path(scratch) / "tmp"):
        handed_on = {"output_dir": str(Path(scratch) / "outputs")}  # each reads the results of the ones before
        for notebook in notebooks():
            executed = Path(scratch) / notebook.name
            execute(notebook, executed, handed_on, echo)
            normalise(executed, notebook)
    write_notebook_pages(paths.ROOT / "notebook-pages")


@contextlib.contextmanager
def _temp_folder(folder: Path):
    """Point TMPDIR (which the kernels inherit) at ``folder`` for the duration."""
    folder.mkdir()
    previous = os.environ.get("TMPDIR")
    os.environ["TMPDIR"] = str(folder)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = previous


def normalise(source: Path, target: Path) -> None:
    """Write ``source`` to ``target`` without volatile metadata (timings, papermill's
    records), without an injected-parameters cell and without what was printed to stderr,
    keeping the other outputs; execution counts are
    renumbered without that cell, so a notebook a run executed with its parameters reads as
    one executed with its defaults."""
    import nbformat
    from nbstripout import strip_output

    notebook = nbformat.read(source, as_version=4)
    strip_output(notebook, keep_output=True, keep_count=True, keep_id=True, extra_keys=VOLATILE_KEYS,
                 drop_tagged_cells=["injected-parameters"])
    for cell in notebook.cells:  # what a subprocess (the browser that exports figures) printed is not a result
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")]
    executed = [cell for cell in notebook.cells if cell.cell_type == "code" and cell.get("execution_count")]
    for count, cell in enumerate(executed, start=1):
        cell.execution_count = count
        for output in cell.outputs:
            if "execution_count" in output:
                output.execution_count = count
    nbformat.write(notebook, target)
