"""Quarto's render steps for this project: ``evsynth pre-render`` and ``evsynth post-render``.

Quarto runs this file with the Python it finds (``QUARTO_PYTHON``, else ``python3`` on
PATH) and hands the step over to the installed evsynth: the command on PATH, else the
package in that Python. Where neither has it, one plain line says what to do, instead of
Quarto's bare "Failed to spawn 'evsynth'". Standard library only, for any Python.
"""

import importlib.util
import os
import shutil
import sys

if __name__ == "__main__":
    step = sys.argv[1]
    command = shutil.which("evsynth")
    # exec, not a child process: Quarto stays the parent, which evsynth stops quietly when the
    # data are invalid (its report is then the render's last word)
    if command:
        os.execv(command, [command, step])
    if importlib.util.find_spec("evsynth") is not None:
        os.execv(sys.executable, [sys.executable, "-m", "evsynth", step])
    print(f"quarto render: this book needs evsynth, which is neither on PATH nor installed in {sys.executable}: "
          "activate the environment it is installed in (e.g. 'source .venv/bin/activate'), or install it "
          "('pip install evsynth'), then render again.", file=sys.stderr)
    sys.exit(1)
