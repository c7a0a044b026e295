"""Every path the project uses, in one place.

The package is installed in editable mode from ``src/``, so the repository root is
two folders above this file. Nothing else in the package builds a path by hand.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

DATA = ROOT / "data"
STUDIES = DATA / "studies.csv"
PRISMA = DATA / "prisma.yml"
APPRAISAL = DATA / "appraisal.csv"
BACKGROUND = DATA / "background.yml"
REFERENCES = ROOT / "references.bib"

NOTEBOOKS = ROOT / "notebooks"
OUTPUTS = ROOT / "_outputs"
BOOK = ROOT / "_book"



def shown(path: Path) -> str:
    """The path as a message should show it: relative to the repository when inside it."""
    path = Path(path)
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)
