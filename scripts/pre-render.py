"""Quarto's pre-render step: the pipeline's outputs before any chapter is read.

``quarto render`` (and ``quarto preview``) on a fresh clone: create ``.venv`` from the lock
when missing, then ``evsynth run``, which validates the data and is cached, so a second
render does not execute the notebooks again. Invalid data stops the render with the
validator's own report (file, row, column), and the previous outputs stay as they were.
"""

import subprocess
import sys

from project_venv import ROOT, ensure_venv

if __name__ == "__main__":
    python = ensure_venv(echo=lambda line: print(line, file=sys.stderr))
    done = subprocess.run([str(python), "-m", "evsynth", "run"], cwd=ROOT)
    if done.returncode:
        sys.exit(f"pre-render: the book was not rendered because 'evsynth run' failed (see above); "
                 "fix the data, then render again.")
