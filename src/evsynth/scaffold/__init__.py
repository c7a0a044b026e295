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
- ``shared/``: links to the files this repository's own book uses as they are (the
  notebooks, the shortcode extension, styles, notebook pages, the home page, the
  references and notebooks appendices), so the two books cannot drift apart.
"""

from __future__ import annotations

from pathlib import Path

from evsynth import escape, paths
from evsynth.inputs import contract

#: Files of this repository's book that a new project takes as they are (under ``shared/``).
SHARED = (
    "index.qmd",
    "methods.bib",
    "_extensions/evsynth/_extension.yml",
    "_extensions/evsynth/evsynth.lua",
    "assets/book.css",
    "assets/favicon.svg",
    "chapters-id/references.qmd",
    "chapters-en/references.qmd",
    "chapters-id/appendix-notebooks.qmd",
    "chapters-en/appendix-notebooks.qmd",
)
SHARED_FOLDERS = {"notebooks": "*.ipynb", "notebook-pages": "*.qmd"}
#: The marker of a place for the authors' own words; ``evsynth validate`` lists those left.
TO_WRITE = "evsynth-to-write"
TITLES = {"id": "Tinjauan baru", "en": "A new review"}


class ScaffoldRefused(Exception):
    """The folder cannot take a new project; the message says why and what to do."""


HERE = Path(__file__).parent  # package data beside this module: project/, data/, shared/


def _template_files():
    """``(relative path, source)`` for every file of a new project but its data."""
    project = HERE / "project"
    for path in sorted(project.rglob("*")):
        if path.is_file():  # package data cannot hold a dotfile reliably: "gitignore" becomes ".gitignore"
            relative = path.relative_to(project).as_posix()
            yield (".gitignore" if relative == "gitignore" else relative), path
    for relative in SHARED:
        yield relative, HERE / "shared" / relative
    for folder, pattern in SHARED_FOLDERS.items():
        for path in sorted((HERE / "shared" / folder).glob(pattern)):
            yield f"{folder}/{path.name}", path


def _empty_studies() -> str:
    return ",".join((*contract.REQUIRED, *contract.OPTIONAL)) + "\n"


def new_project(folder: Path, studies: Path | None = None, references: Path | None = None,
                prisma: Path | None = None, appraisal: Path | None = None, title_id: str | None = None,
                title_en: str | None = None, force: bool = False) -> list[Path]:
    """Write a review project into ``folder``; return the files written, in order.

    Raises
    ------
    ScaffoldRefused
        If ``folder`` is a file, or a folder that is not empty (unless ``force``, which adds the
        project's missing files and keeps every file that is there), or if ``studies`` is given
        without ``references``.
    evsynth.errors.InvalidData
        If a given data file is invalid: nothing is written then.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as scratch:
    ...     written = new_project(Path(scratch) / "review")
    ...     sorted(p.name for p in written if p.parent.name == "data")
    ['README.md', 'prisma.yml', 'studies.csv']
    """
    from evsynth.inputs import load_inputs

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ScaffoldRefused(f"{paths.shown(folder)} is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise ScaffoldRefused(f"{paths.shown(folder)} is not empty; choose a new folder, or add --force to add "
                              "the project's files that are missing (a file that is there is kept as it is)")
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

    titles = {"id": title_id or TITLES["id"], "en": title_en or TITLES["en"]}
    written = []

    def write(relative: str, content: bytes | str) -> None:
        target = folder / relative
        if target.exists():  # --force adds what is missing and never overwrites: a review's data survive
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        target.write_bytes(content)
        written.append(target)

    for relative, source in sorted(_template_files()):
        content = source.read_bytes()
        if relative.startswith("_quarto") and relative.endswith(".yml"):
            text = content.decode("utf-8")
            for lang, title in titles.items():
                text = text.replace(f'"TITLE-{lang.upper()}"', _yaml_text(title))
            content = text
        elif relative.startswith("notebooks/"):
            content = _without_outputs(source)
        write(relative, content)

    for stem, given in (("studies", studies), ("prisma", prisma), ("appraisal", appraisal)):
        if given is not None:  # in its own format: evsynth.paths finds data/<stem> as CSV, XLSX or YAML
            write(f"data/{stem}{Path(given).suffix.lower()}", Path(given).read_bytes())
    if studies is None:
        write("data/studies.csv", _empty_studies())
    if prisma is None:
        write("data/prisma.yml", (HERE / "data" / "prisma.yml").read_text(encoding="utf-8"))
    write("data/README.md", _data_readme())
    write("references.bib", Path(references).read_bytes() if references else b"")
    return written


CONTRACT_HEADING = "## The extraction table contract"


def _data_readme() -> str:
    """What to fill in, then the extraction table's contract as this repository's
    ``data/README.md`` states it (one statement of the contract for every review)."""
    contract_text = (HERE / "shared" / "data-README.md").read_text(encoding="utf-8")
    return ((HERE / "data" / "README.md").read_text(encoding="utf-8")
            + contract_text[contract_text.index(CONTRACT_HEADING):])


def _yaml_text(text: str) -> str:
    """A title as a YAML scalar that Quarto reads back as that text (Markdown-escaped too,
    since Quarto reads metadata as Markdown)."""
    return escape.yaml({"t": escape.markdown(text)}).strip().removeprefix("t: ")


def _without_outputs(notebook) -> str:
    """A notebook as a new project starts it: this review's outputs stripped."""
    import nbformat

    parsed = nbformat.reads(notebook.read_text(encoding="utf-8"), as_version=4)
    for cell in parsed.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nbformat.writes(parsed) + "\n"


def places_to_write(root: Path) -> list[tuple[Path, int]]:
    """Every "to be written" box left in the chapters: ``(file, line)``."""
    found = []
    for chapter in sorted([*root.glob("chapters-*/*.qmd"), *root.glob("*.qmd")]):
        for number, line in enumerate(chapter.read_text(encoding="utf-8").splitlines(), start=1):
            if line.startswith(":::") and f".{TO_WRITE}" in line:
                found.append((chapter, number))
    return found

