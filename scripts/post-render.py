"""Quarto's post-render step: link every page to the same page in the other language
(``evsynth post-render``, which a project made by ``evsynth new`` calls through its
``scripts/evsynth-step.py``).

Standard library only, so it runs with whichever Python Quarto finds.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from evsynth.__main__ import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(["post-render"]))
