"""The checks a book's sources pass without Quarto, for any project folder: this book's
(tests/test_book.py) and every project ``evsynth new`` makes (tests/test_scaffold.py).

Each function returns what is wrong (an empty list or set when all is well), so a test
asserts it is empty and the failure shows what was found.
"""

import re
from pathlib import Path

LANGUAGES = ("id", "en")
LABEL = re.compile(r"\{#((?:fig|tbl|sec)-[\w-]+)")
SECTION = re.compile(r"^#{1,6} [^\n]*?\{#(sec-[\w-]+)", re.MULTILINE)
REFERENCE = re.compile(r"(?<![\w\[])@((?:fig|tbl|sec)-[\w-]+)")
CITATION = re.compile(r"\[[^\]]*?@[^\]]*\]")
META = re.compile(r"\{\{<\s*meta\s+values\.(\w+)\s*>\}\}")
INCLUDE = re.compile(r"\{\{<\s*include\s+(\S+)\s*>\}\}")
OUTPUT = re.compile(r"\{\{<\s*evsynth-(table|figure|text)\s+([\w-]+)\s*>\}\}")  # _extensions/evsynth
# Numbers the prose may carry because they are names, not results: a conventional
# confidence level and a hash's name. Years are allowed by the scanner itself.
ALLOWED = ("95%", "SHA-256")


def chapters(root: Path, lang: str) -> list[Path]:
    return sorted((root / f"chapters-{lang}").glob("*.qmd"))


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def citations(text: str) -> set[str]:
    keys = set()
    for bracket in CITATION.findall(text):
        keys |= {k for k in re.findall(r"@([\w:.\-]+)", bracket) if not k.startswith(("fig-", "tbl-", "sec-"))}
    return keys


def pair_differences(root: Path) -> list[str]:
    """Chapter pairs whose sections, labels, citations, values, includes or outputs differ."""
    found = []
    if [p.name for p in chapters(root, "id")] != [p.name for p in chapters(root, "en")]:
        found.append("the two languages have different chapter files")
    for indonesian_path in chapters(root, "id"):
        english_path = root / "chapters-en" / indonesian_path.name
        if not english_path.exists():
            continue
        indonesian, english = text_of(indonesian_path), text_of(english_path)
        checks = {
            "sections": (SECTION.findall(indonesian), SECTION.findall(english)),
            "labels": (sorted(LABEL.findall(indonesian)), sorted(LABEL.findall(english))),
            "citations": (citations(indonesian), citations(english)),
            "values": (sorted(set(META.findall(indonesian))), sorted(set(META.findall(english)))),
            "includes": ([i.replace("-id.", "-xx.") for i in INCLUDE.findall(indonesian)],
                         [i.replace("-en.", "-xx.") for i in INCLUDE.findall(english)]),
            "outputs": (OUTPUT.findall(indonesian), OUTPUT.findall(english)),
        }
        found += [f"{indonesian_path.name}: {what} differ" for what, (a, b) in checks.items() if a != b]
    return found


def unresolved_references(root: Path, lang: str) -> set[str]:
    """Cross-references without a target in the language's chapters."""
    texts = [text_of(p) for p in chapters(root, lang)]
    defined = {label for t in texts for label in LABEL.findall(t)}
    return {ref for t in texts for ref in REFERENCE.findall(t)} - defined


def sources(root: Path, lang: str) -> list[Path]:
    """The files of the book in ``lang``: the home page and the chapters, the appendix "What
    changed since version X" only where the project has a release (the pre-render lists it)."""
    from evsynth.book.since_release import APPENDIX
    from evsynth.release import released

    with_release = bool(released(root / "releases"))
    return [root / "index.qmd", *(p for p in chapters(root, lang) if with_release or p.name != APPENDIX)]


def book_values(out: Path, lang: str) -> dict:
    """The values of a run in ``lang`` as the profile's metadata files give them to the book:
    ``values/<lang>.yml`` and the version's ``values/release-<lang>.yml``."""
    import yaml

    return {name: value for file in (f"{lang}.yml", f"release-{lang}.yml")
            for name, value in yaml.safe_load((out / "values" / file).read_text(encoding="utf-8"))["values"].items()}


def missing_values(root: Path, lang: str, values: dict) -> set[str]:
    """Value keys the chapters use that the values file lacks or leaves empty."""
    used = {key for p in sources(root, lang) for key in META.findall(text_of(p))}
    return {key for key in used if not str(values.get(key, "")).strip()}


def wanted_outputs(root: Path) -> set[tuple[str, str]]:
    """``(kind, name)`` of every generated table, figure and paragraph the chapters ask for."""
    return {(kind, name) for lang in LANGUAGES for p in sources(root, lang) for kind, name in OUTPUT.findall(text_of(p))}


def output_files(kind: str, name: str, lang: str, static: bool = True) -> list[str]:
    """The files under ``_outputs/`` that the shortcode ``evsynth-<kind> <name>`` reads
    (a figure's PNG only where the run exported static figures, for PDF and DOCX)."""
    if kind == "figure":
        return [f"figures/{name}-{lang}.{ext}" for ext in ("html", "json", *(("png",) if static else ()))]
    return [f"{'tables' if kind == 'table' else 'text'}/{name}-{lang}.md"]


def prose(text: str) -> str:
    """The words a reader reads: without front matter, code, shortcodes, citations,
    cross-references, attributes, link targets and years."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)
    for pattern in (r"```.*?```", r"`[^`]*`", r"\{\{<.*?>\}\}", r"\[[^\]]*@[^\]]*\]", r"@[\w:.\-]+",
                    r"\{[#.][^}]*\}", r"\]\([^)]*\)", r"<!--.*?-->", r"\b(?:19|20)\d{2}\b"):
        text = re.sub(pattern, " ", text, flags=re.DOTALL)
    for phrase in ALLOWED:
        text = text.replace(phrase, " ")
    return text


def typed_numbers(path: Path) -> list[str]:
    """Lines of a chapter's prose that type a digit."""
    return [line.strip() for line in prose(text_of(path)).splitlines() if re.search(r"\d", line)]
