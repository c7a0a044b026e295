"""Create or update the project's ``.venv`` from ``requirements.lock``.

The one way the environment is made: ``make`` calls this file, and so does Quarto's
pre-render step, so ``quarto render`` on a fresh clone needs no earlier command.
Standard library only: it runs before anything is installed.

    python3 scripts/project_venv.py      # prints the venv's python
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
STAMP = VENV / ".installed-from-lock"
LOCK = ROOT / "requirements.lock"
KERNEL = "evsynth"  # the kernel papermill runs the notebooks with (evsynth.pipeline.KERNEL)


def venv_python(venv: Path = VENV) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def up_to_date() -> bool:
    """The stamp is newer than the lock and the package's metadata."""
    try:
        stamped = STAMP.stat().st_mtime
    except OSError:
        return False
    return venv_python().exists() and all(stamped >= (ROOT / f).stat().st_mtime
                                          for f in ("requirements.lock", "pyproject.toml"))


def ensure_venv(echo=print) -> Path:
    """Return the venv's python, creating or updating ``.venv`` first when needed.

    A failed step exits with a one-line message naming the command, not a traceback.
    """
    python = venv_python()
    if up_to_date():
        return python
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    steps = [
        ([sys.executable, "-m", "venv", str(VENV)] if not python.exists() else None, "creating .venv"),
        ([*pip, "-r", str(LOCK)], "installing requirements.lock"),
        ([*pip, "--no-deps", "-e", str(ROOT)], "installing evsynth (editable)"),
        ([str(python), "-m", "ipykernel", "install", "--sys-prefix", "--name", KERNEL,
          "--display-name", "evsynth (project venv)"], "registering the notebooks' kernel"),
    ]
    for command, what in steps:
        if command:
            echo(f"project venv: {what}")
            if subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL).returncode:
                sys.exit(f"project venv: '{' '.join(command)}' failed ({what})")
    STAMP.touch()
    return python


if __name__ == "__main__":
    print(ensure_venv(echo=lambda line: print(line, file=sys.stderr)))
