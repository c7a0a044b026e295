"""``evsynth new``: a review project of its own, from an extraction table or from nothing.

The project holds its Quarto configuration and two language profiles, ``data/`` (the
files given, or templates with the contract's header and a PRISMA file whose counts are
all unknown), chapters in both languages, the pipeline's notebooks, the shortcodes that
bring generated tables, figures and paragraphs into the chapters, and a ``Makefile``.
Its pre-render step calls the installed ``evsynth``, not this repository.

Two kinds of file go in:

- ``project/``: the scaffold's own chapters and configuration. Methods and results are
  written out and hold for any valid table: every number is a value, every sentence that
  depends on the results a generated paragraph (:mod:`evsynth.book.paragraphs`). The
  introduction, discussion and parts of the abstract are marked "to be written"
  (``.evsynth-to-write``), which ``evsynth validate`` reports while they remain.
- ``shared/``: copies of the files this repository's own book uses as they are (the
  notebooks without their outputs, the shortcode extension, styles, notebook pages, the
  home page, the references and notebooks appendices, ``methods.bib``). A test keeps them
  byte for byte as the book's, and ``make template`` refreshes them (:mod:`.copies`).

``data/`` holds what the project's ``data/README.md`` says about its own files, the
extraction table's contract (``contract.md``, as this book's ``data/README.md`` ends with
it, for every review) and a PRISMA file whose counts are all unknown.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import NamedTuple

from evsynth import escape, paths
from evsynth.catalogue import notebook_names, notebook_page
from evsynth.inputs import contract

#: The marker of a place for the authors' own words; ``evsynth validate`` lists those left.
TO_WRITE = "evsynth-to-write"
TITLES = {"id": "Tinjauan baru", "en": "A new review"}


class ScaffoldRefused(Exception):
    """The folder cannot take a new project; the message says why and what to do."""


HERE = Path(__file__).parent  # package data beside this module: project/, shared/, data/


def _template_files():
    """``(relative path, source)`` for every file of a new project but its data: ``project/``
    and ``shared/`` as they are."""
    for part in ("project", "shared"):
        for path in sorted((HERE / part).rglob("*")):
            relative = path.relative_to(HERE / part)
            if path.is_file() and "__pycache__" not in relative.parts:  # pip compiles scripts/*.py on install
                name = relative.as_posix()
                # package data cannot hold a dotfile reliably: "gitignore" becomes ".gitignore"
                yield (".gitignore" if name == "gitignore" else name), path


def _empty_studies() -> str:
    return ",".join((*contract.REQUIRED, *contract.OPTIONAL)) + "\n"


#: The record of what ``new`` wrote (``{relative path: sha256}``), kept in the project: a later
#: ``new --force`` updates a file only while it is still exactly as recorded.
RECORD = ".evsynth-new.json"
#: A placeholder of the Quarto profiles, replaced by the title in that language.
TITLE_PLACEHOLDER = re.compile(r'"TITLE-(ID|EN)"')


class Made(NamedTuple):
    """What ``new`` did: the files it wrote, and those it found changed and kept as they are."""

    written: list[Path]
    kept: list[Path]


def new_project(folder: Path, studies: Path | None = None, references: Path | None = None,
                prisma: Path | None = None, appraisal: Path | None = None, title_id: str | None = None,
                title_en: str | None = None, force: bool = False) -> Made:
    """Write a review project into ``folder``; return the files written and those kept.

    The project is written into a staging folder first and moved into place only when
    complete: a failure (a full or read-only disk) leaves ``folder`` as it was. With
    ``force``, a folder that is not empty gets the files it lacks, and a file ``new`` wrote
    before is updated only while it is still byte for byte as written (:data:`RECORD`);
    any other file is kept, and ``data/`` and ``references.bib`` are never overwritten.

    Raises
    ------
    ScaffoldRefused
        If ``folder`` is a file, or a folder that is not empty (unless ``force``); if a file
        stands where the project needs a folder, or the reverse; if ``studies`` is given
        without ``references``; or if the disk refuses a write (nothing is left written).
    evsynth.errors.InvalidData
        If a given data file is invalid: nothing is written then.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as scratch:
    ...     made = new_project(Path(scratch) / "review")
    ...     sorted(p.name for p in made.written if p.parent.name == "data"), made.kept
    (['README.md', 'prisma.yml', 'studies.csv'], [])
    """
    from evsynth.inputs import load_inputs

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ScaffoldRefused(f"{paths.shown(folder)} is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise ScaffoldRefused(f"{paths.shown(folder)} is not empty; choose a new folder, or add --force to add "
                              "the project's files that are missing (a file you changed is kept as it is)")
    if studies is not None and references is None:
        raise ScaffoldRefused("--references is required with --studies (the study ids are BibTeX keys)")
    if appraisal is not None and studies is None:
        raise ScaffoldRefused("--appraisal goes with --studies (it rates the studies of the table)")
    for given, formats in ((studies, (".csv", ".xlsx")), (prisma, (".yml", ".csv")), (appraisal, (".csv", ".xlsx"))):
        if given is not None and Path(given).suffix.lower() not in formats:
            raise ScaffoldRefused(f"{paths.shown(Path(given))}: expected a file ending in {' or '.join(formats)}")
    if studies is not None:  # an invalid file stops here, before anything is written
        load_inputs(studies, references, prisma, appraisal)
    elif prisma is not None:
        from evsynth.inputs.prisma import load_flow

        load_flow(prisma)

    planned = _project_files(studies, references, prisma, appraisal,
                             {"id": title_id or TITLES["id"], "en": title_en or TITLES["en"]})
    _refuse_misplaced(folder, planned)
    recorded = _record(folder)
    changes, kept, record = {}, [], dict(recorded)
    for relative, content in planned.items():
        target = folder / relative
        authors = relative.startswith("data/") or relative == "references.bib"
        present = target.read_bytes() if target.exists() else None
        if present is None or (present != content and not authors and recorded.get(relative) == _sha256(present)):
            changes[relative] = content  # missing, or still as an earlier new wrote it
        elif present != content:
            kept.append(target)
            continue
        if not authors:
            record[relative] = _sha256(content)
    if record != recorded:
        changes[RECORD] = json.dumps(record, indent=1, sort_keys=True) + "\n"
    _install(folder, {relative: _bytes(content) for relative, content in changes.items()})
    return Made([folder / relative for relative in changes if relative != RECORD], kept)


def _project_files(studies, references, prisma, appraisal, titles: dict[str, str]) -> dict[str, bytes]:
    """Every file of the project as ``new`` writes it: ``{relative path: content}``."""
    files = {}
    for relative, source in sorted(_template_files()):
        content = source.read_bytes()
        if relative.startswith("_quarto") and relative.endswith(".yml"):
            # one pass, so a title holding another placeholder's text is left as typed
            content = TITLE_PLACEHOLDER.sub(lambda found: _yaml_text(titles[found[1].lower()]),
                                            content.decode("utf-8"))
        elif relative == "CITATION.cff":  # plain YAML: the Citation File Format is no Markdown
            content = TITLE_PLACEHOLDER.sub(lambda found: _yaml_scalar(titles["en"]), content.decode("utf-8"))
        files[relative] = _bytes(content)
    for name in notebook_names():  # written from the catalogue, as this book's own pages are
        files[f"notebook-pages/{name}.qmd"] = _bytes(notebook_page(name))
    for stem, given in (("studies", studies), ("prisma", prisma), ("appraisal", appraisal)):
        if given is not None:  # in its own format: evsynth.paths finds data/<stem> as CSV, XLSX or YAML
            files[f"data/{stem}{Path(given).suffix.lower()}"] = Path(given).read_bytes()
    if studies is None:
        files["data/studies.csv"] = _bytes(_empty_studies())
    if prisma is None:
        files["data/prisma.yml"] = (HERE / "data" / "prisma.yml").read_bytes()
    files["data/README.md"] = _bytes(_data_readme())
    files["references.bib"] = Path(references).read_bytes() if references else b""
    return files


def _bytes(content: bytes | str) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _record(folder: Path) -> dict[str, str]:
    """What an earlier ``new`` recorded having written into ``folder`` (empty when none)."""
    try:
        found = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in found.items() if isinstance(v, str)} if isinstance(found, dict) else {}


def _refuse_misplaced(folder: Path, planned: dict) -> None:
    """Refuse, before anything is written, a file where the project needs a folder or the reverse."""
    for relative in planned:
        target = folder / relative
        for parent in reversed(Path(relative).parents[:-1]):
            if (folder / parent).exists() and not (folder / parent).is_dir():
                raise ScaffoldRefused(f"{paths.shown(folder / parent)} is a file where the project needs a "
                                      "folder; move or rename it (nothing was written)")
        if target.is_dir():
            raise ScaffoldRefused(f"{paths.shown(target)} is a folder where the project needs a file; "
                                  "move or rename it (nothing was written)")


def _install(folder: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` into ``folder`` all or not at all.

    They are written into a staging folder inside ``folder`` (so every move is a rename on
    one file system, even when ``folder`` is a mount point), then renamed into place; a file
    they replace is moved aside first. On any error everything is moved back, the folders
    made are removed, and one line says which path failed and why.
    """
    if not files:
        return
    top = next((p for p in reversed([folder, *folder.parents]) if not p.exists()), None)  # the first folder made
    undo = []  # (path, what it replaced or None), in the order done
    staging = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".evsynth-new-", dir=folder))
        for relative, content in files.items():
            (staging / "new" / relative).parent.mkdir(parents=True, exist_ok=True)
            (staging / "new" / relative).write_bytes(content)
        for relative in files:
            target = folder / relative
            for parent in (folder / part for part in reversed(Path(relative).parents[:-1])):
                if not parent.exists():
                    parent.mkdir()
                    undo.append((parent, None))
            aside = None
            if target.exists():
                aside = staging / "previous" / relative
                aside.parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, aside)
            undo.append((target, aside))
            os.replace(staging / "new" / relative, target)
    except OSError as err:
        for path, aside in reversed(undo):
            with contextlib.suppress(OSError):
                if aside is not None:
                    os.replace(aside, path)
                elif path.is_dir():
                    path.rmdir()
                else:
                    path.unlink(missing_ok=True)
        if top is not None:
            shutil.rmtree(top, ignore_errors=True)
        failed = Path(err.filename) if err.filename else folder
        if staging is not None and (failed == staging or staging in failed.parents):  # name the place meant
            failed = folder.joinpath(*failed.relative_to(staging).parts[2:])
        elif staging is None:
            failed = folder
        raise ScaffoldRefused(f"cannot write {paths.shown(failed)}: {err.strerror or err} "
                              "(nothing was written)") from None
    finally:
        if staging is not None and staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _data_readme() -> str:
    """What to fill in, then the extraction table's contract (one statement of it for every review)."""
    return "".join((HERE / "data" / name).read_text(encoding="utf-8") for name in ("README.md", "contract.md"))


def _yaml_text(text: str) -> str:
    """A title as a YAML scalar that Quarto reads back as that text (Markdown-escaped too,
    since Quarto reads metadata as Markdown)."""
    return _yaml_scalar(escape.markdown(text))


def _yaml_scalar(text: str) -> str:
    """``text`` as a YAML scalar that reads back as exactly that text."""
    return escape.yaml({"t": text}).strip().removeprefix("t: ")


def places_to_write(root: Path) -> list[tuple[Path, int]]:
    """Every "to be written" box left in the chapters: ``(file, line)``."""
    found = []
    for chapter in sorted([*root.glob("chapters-*/*.qmd"), *root.glob("*.qmd")]):
        for number, line in enumerate(chapter.read_text(encoding="utf-8").splitlines(), start=1):
            if line.startswith(":::") and f".{TO_WRITE}" in line:
                found.append((chapter, number))
    return found

