"""How ``evsynth pre-render`` ends the Quarto that runs it when the data are invalid.

Standard library only: Quarto's render steps import it before anything else.
"""

import os
import signal
import subprocess
from pathlib import Path


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
