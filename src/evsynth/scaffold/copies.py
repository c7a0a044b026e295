"""The template's copies of this book's files, and ``make template``, which refreshes them.

What a new project shares with this book (the notebooks, the shortcode extension, styles,
the home page, the references, notebooks and since-release appendices, ``methods.bib``)
is kept in the package as ordinary files under ``shared/``, at the paths the project gives
them, the notebooks already without this review's outputs. The extraction table's contract,
which this book's ``data/README.md`` ends with and every new review's ``data/README.md``
states too, is ``data/contract.md``.

This book is the one source of these files. ``tests/test_scaffold.py`` checks that the
package holds them as :func:`from_book` makes them from the book, and ``make template``
(``python -m evsynth.scaffold.copies``) writes them anew after the book changes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from evsynth import paths
from evsynth.scaffold import HERE

#: Files of this book that a new project takes as they are.
SHARED = (
    "index.qmd",
    "methods.bib",
    "_extensions/evsynth/_extension.yml",
    "_extensions/evsynth/evsynth.lua",
    "assets/book.css",
    "assets/scroll-regions.html",
    "assets/bibliography-id.csl",
    "assets/bibliography-en.csl",
    "assets/favicon.svg",
    "chapters-id/references.qmd",
    "chapters-en/references.qmd",
    "chapters-id/appendix-notebooks.qmd",
    "chapters-en/appendix-notebooks.qmd",
    "chapters-id/appendix-since-release.qmd",
    "chapters-en/appendix-since-release.qmd",
)
#: Folders of this book whose files of one kind a new project takes (the notebooks without their outputs;
#: their pages are written from the catalogue, :func:`evsynth.catalogue.notebook_page`).
SHARED_FOLDERS = {"notebooks": "*.ipynb"}
#: The package's copy of the contract, under the scaffold's folder.
CONTRACT = "data/contract.md"
#: The line of this book's ``data/README.md`` where the contract begins; it runs to the end of the file.
CONTRACT_STARTS = b"## The extraction table contract"


def from_book(book: Path) -> dict[str, bytes]:
    """Every copy the package should hold, made from the book in ``book``:
    ``{path under the scaffold's folder: content}``."""
    copies = {f"shared/{relative}": (book / relative).read_bytes() for relative in SHARED}
    for folder, pattern in SHARED_FOLDERS.items():
        for path in sorted((book / folder).glob(pattern)):
            copies[f"shared/{folder}/{path.name}"] = (without_outputs(path) if path.suffix == ".ipynb"
                                                       else path.read_bytes())
    copies[CONTRACT] = contract_of(book / "data" / "README.md")
    return copies


def in_package(package: Path = HERE) -> dict[str, bytes]:
    """The copies the package holds now, named as :func:`from_book` names them."""
    held = {path.relative_to(package).as_posix(): path.read_bytes()
            for path in sorted((package / "shared").rglob("*")) if path.is_file()}
    if (package / CONTRACT).is_file():
        held[CONTRACT] = (package / CONTRACT).read_bytes()
    return held


def differences(book: Path, package: Path = HERE) -> list[str]:
    """Each copy that is missing from the package, left over, or not as the book's file makes it."""
    wanted, held = from_book(book), in_package(package)
    return ([f"{relative} (missing)" for relative in sorted(wanted.keys() - held.keys())]
            + [f"{relative} (not in the book)" for relative in sorted(held.keys() - wanted.keys())]
            + [f"{relative} (differs)" for relative in sorted(wanted.keys() & held.keys())
               if wanted[relative] != held[relative]])


def refresh(book: Path, package: Path = HERE) -> list[str]:
    """Make the package's copies as the book's files are; return the copies written or removed."""
    wanted, held = from_book(book), in_package(package)
    for relative in held.keys() - wanted.keys():
        (package / relative).unlink()
    for relative, content in wanted.items():
        if held.get(relative) != content:
            (package / relative).parent.mkdir(parents=True, exist_ok=True)
            (package / relative).write_bytes(content)
    for folder in sorted((package / "shared").rglob("*"), reverse=True):  # deepest first
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return sorted(relative for relative in wanted.keys() | held.keys() if wanted.get(relative) != held.get(relative))


def contract_of(readme: Path) -> bytes:
    """The contract as ``readme`` states it: from the line :data:`CONTRACT_STARTS` to the end."""
    text = readme.read_bytes()
    start = text.find(b"\n" + CONTRACT_STARTS)
    if start < 0:
        raise ValueError(f"{paths.shown(readme)} has no line {CONTRACT_STARTS.decode()!r}, where the contract "
                         f"begins (evsynth.scaffold.copies.CONTRACT_STARTS)")
    return text[start + 1:]


def without_outputs(notebook: Path) -> bytes:
    """A notebook as a new project starts it: this review's outputs stripped."""
    import nbformat

    parsed = nbformat.reads(notebook.read_text(encoding="utf-8"), as_version=4)
    for cell in parsed.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return (nbformat.writes(parsed) + "\n").encode("utf-8")


def main() -> int:
    """``make template``: refresh the copies of the checkout the command is run in."""
    book = paths.ROOT
    if HERE.resolve() != (book / "src" / "evsynth" / "scaffold").resolve():
        # an evsynth installed from elsewhere would write into another checkout or into site-packages
        print(f"make template: this evsynth is {HERE}, not the package of {book}; run it with "
              f"PYTHONPATH={book / 'src'} or from an editable install of {book}", file=sys.stderr)
        return 2
    changed = refresh(book)
    if changed:
        print(f"Refreshed the template from this book ({len(changed)} files):",
              *(f"  src/evsynth/scaffold/{relative}" for relative in changed), sep="\n")
    else:
        print("The template's copies are as this book's files already.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
