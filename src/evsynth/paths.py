"""Every path the project uses, in one place. Nothing else in the package builds a path by hand.

Two places matter. ``PACKAGE`` is the installed package (its sources and its catalogue of
messages), wherever pip put it. ``ROOT`` is the review project the commands work on: its
``data/``, ``references.bib``, ``notebooks/`` and outputs. It is the nearest folder, from
the working directory upwards, that holds a ``_quarto.yml``; where there is none, the
source checkout of an editable install; else the working directory.
"""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def _project_root() -> Path:
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "_quarto.yml").is_file():
            return folder
    checkout = PACKAGE.parents[1]
    return checkout if (checkout / "_quarto.yml").is_file() else here


ROOT = _project_root()

DATA = ROOT / "data"


def _data_file(stem: str, suffixes: tuple[str, ...]) -> Path:
    """``data/<stem>`` in the first of its formats that exists (a review may keep its table as
    XLSX, its PRISMA counts as the PRISMA2020 CSV), else in the first format."""
    candidates = [DATA / f"{stem}{suffix}" for suffix in suffixes]
    return next((path for path in candidates if path.is_file()), candidates[0])


STUDIES = _data_file("studies", (".csv", ".xlsx"))
PRISMA = _data_file("prisma", (".yml", ".csv"))
APPRAISAL = _data_file("appraisal", (".csv", ".xlsx"))
BACKGROUND = DATA / "background.yml"
GRADE = DATA / "grade.yml"
CLAIMS = DATA / "claims.yml"
REFERENCES = ROOT / "references.bib"
METHODS_BIB = ROOT / "methods.bib"  # the methods the chapters cite, shared with every new review

NOTEBOOKS = ROOT / "notebooks"
OUTPUTS = ROOT / "_outputs"
LOCK = ROOT / "requirements.lock"



def shown(path: Path) -> str:
    """The path as a message should show it: relative to the project when inside it."""
    path = Path(path)
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)
