"""Quarto's pre-render step: the pipeline's outputs before any chapter is read.

``quarto render`` (and ``quarto preview``) on a fresh clone: create ``.venv`` from the lock
when missing, then ``evsynth run``, which validates the data and is cached, so a second
render does not execute the notebooks again. Invalid data stops the render with the
validator's own report (file, row, column), and the previous outputs stay as they were.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

from project_venv import ROOT, ensure_venv


def stop_quarto() -> None:
    """End the Quarto process that runs this script, when it is one.

    Quarto answers a failed pre-render script with a stack trace of its own, printed below
    the validator's report; a reader would take it for a crash. On SIGTERM, Quarto exits
    with status 1 and prints nothing, so the report stays the last word. Only a parent
    named ``deno`` or ``quarto`` (Quarto runs on Deno) is signalled.
    """
    if "QUARTO_PROJECT_OUTPUT_DIR" not in os.environ or os.name == "nt":
        return
    parent = os.getppid()
    try:
        name = Path(f"/proc/{parent}/comm").read_text().strip()
    except OSError:  # no /proc (macOS): ask ps
        name = subprocess.run(["ps", "-o", "comm=", "-p", str(parent)], capture_output=True, text=True).stdout
        name = Path(name.strip()).name
    if name in ("deno", "quarto"):
        os.kill(parent, signal.SIGTERM)


if __name__ == "__main__":
    python = ensure_venv(echo=lambda line: print(line, file=sys.stderr))
    done = subprocess.run([str(python), "-m", "evsynth", "run"], cwd=ROOT)
    if done.returncode:
        print("pre-render: the book was not rendered because 'evsynth run' failed (see above); "
              "fix the data, then render again.", file=sys.stderr)
        stop_quarto()
        sys.exit(done.returncode)
