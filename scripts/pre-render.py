"""Quarto's pre-render step: the pipeline's outputs before any chapter is read.

``quarto render`` (and ``quarto preview``) on a fresh clone: create ``.venv`` from the lock
when missing, then hand over to ``evsynth pre-render`` in it, which validates the data and
runs the pipeline (cached, so a second render does not execute the notebooks again).
Invalid data stops the render with the validator's own report (file, row, column), and
the previous outputs stay as they were. A project made by ``evsynth new`` calls
``evsynth pre-render`` through its ``scripts/evsynth-step.py``, with the evsynth installed where it runs.
"""

import os
import sys

from project_venv import ROOT, ensure_venv

if __name__ == "__main__":
    python = ensure_venv(echo=lambda line: print(line, file=sys.stderr))
    os.chdir(ROOT)
    # exec, not a child process: Quarto stays the parent, which `evsynth pre-render` stops
    # quietly when the data are invalid (evsynth.render_steps.stop_quarto)
    os.execv(python, [str(python), "-m", "evsynth", "pre-render"])
