"""Every path the project uses, in one place. Nothing else in the package builds a path by hand.

Two places matter. ``PACKAGE`` is the installed package (its sources and its catalogue of
messages), wherever pip put it. The project root, :func:`root`, is the review project the
commands work on: its ``data/``, ``references.bib``, ``notebooks/`` and outputs. It is the
nearest folder, from the working directory upwards, that holds a ``_quarto.yml``; where there
is none, the source checkout of an editable install (when it holds a ``_quarto.yml``); else
the working directory.

The root is found each time it is asked for, from the working directory of that moment, so
a script or notebook that changes directory after ``import evsynth`` works on the project it
is in. ``ROOT`` and every path in the project (``STUDIES``, ``OUTPUTS``... each listed, with
where it lies, in ``_IN_PROJECT`` below) are read from the module (``paths.ROOT``), which finds
them from :func:`root` at each reading; ``from evsynth.paths import ROOT`` would keep the root
of the moment it ran.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
#: The environment variable naming the cache folder; set to the empty string, nothing is cached.
CACHE_VARIABLE = "EVSYNTH_CACHE"


def root() -> Path:
    """The review project's folder, found from the working directory now (see the module's rule)."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "_quarto.yml").is_file():
            return folder
    checkout = PACKAGE.parents[1]
    return checkout if (checkout / "_quarto.yml").is_file() else here


def _data_file(data: Path, stem: str, suffixes: tuple[str, ...]) -> Path:
    """``data/<stem>`` in the first of its formats that exists (a review may keep its table as
    XLSX, its PRISMA counts as the PRISMA2020 CSV), else in the first format."""
    candidates = [data / f"{stem}{suffix}" for suffix in suffixes]
    return next((path for path in candidates if path.is_file()), candidates[0])


#: Each path in the project, from the project's root.
_IN_PROJECT = {
    "ROOT": lambda root: root,
    "DATA": lambda root: root / "data",
    "STUDIES": lambda root: _data_file(root / "data", "studies", (".csv", ".xlsx")),
    "PRISMA": lambda root: _data_file(root / "data", "prisma", (".yml", ".csv")),
    "APPRAISAL": lambda root: _data_file(root / "data", "appraisal", (".csv", ".xlsx")),
    "BACKGROUND": lambda root: root / "data" / "background.yml",
    "GRADE": lambda root: root / "data" / "grade.yml",
    "CLAIMS": lambda root: root / "data" / "claims.yml",
    "REFERENCES": lambda root: root / "references.bib",
    "METHODS_BIB": lambda root: root / "methods.bib",  # the methods the chapters cite, shared with every new review
    "NOTEBOOKS": lambda root: root / "notebooks",
    "OUTPUTS": lambda root: root / "_outputs",
    "RELEASES": lambda root: root / "releases",  # each version of the review (evsynth release)
    "CITATION": lambda root: root / "CITATION.cff",
    # the appendix "What changed since version X" for Quarto, written by the pre-render step (ignored by git)
    "BOOK_APPENDIX": lambda root: root / "_since-release.yml",
    "QUARTO": lambda root: root / "_quarto.yml",
    "LOCK": lambda root: root / "requirements.lock",
}


def __getattr__(name: str) -> Path:
    """``paths.ROOT``, ``paths.STUDIES``, ...: found in the project of the working directory now."""
    if name in _IN_PROJECT:
        return _IN_PROJECT[name](root())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_IN_PROJECT])


def cache() -> Path | None:
    """The user's cache of what runs can share, whatever their project (static figure exports,
    keyed by content): ``$EVSYNTH_CACHE``, else ``$XDG_CACHE_HOME/evsynth``, else
    ``~/.cache/evsynth``; None where ``EVSYNTH_CACHE`` is set empty."""
    chosen = os.environ.get(CACHE_VARIABLE)
    if chosen is not None:
        return Path(chosen) if chosen else None
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "evsynth"


def shown(path: Path) -> str:
    """The path as a message should show it: relative to the project when inside it."""
    path = Path(path)
    try:
        return path.resolve().relative_to(root()).as_posix()
    except ValueError:
        return str(path)
