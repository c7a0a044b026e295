"""Read the BibTeX file, and list what each entry could not verify.

An entry holds only fields that were checked against a source. Whatever is still
unknown is named in its ``x-unverified`` field (a comma-separated list), so the gaps
stay visible instead of being filled by guesswork.
"""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path

from evsynth.errors import InvalidData, Problem
from evsynth.inputs.text_tables import decode_text
from evsynth.paths import shown

UNVERIFIED_FIELD = "x-unverified"
# Fields of names, where LaTeX (Tri{\"a}nsy{\'a}h) is decoded for labels; the others stay as written,
# since a LaTeX reading would mangle a url or a title's "50%" ("%" starts a comment).
NAME_FIELDS = ("author", "editor", "institution", "organization")


def load_references(path: Path | str) -> dict[str, dict[str, str]]:
    """Parse a BibTeX file into ``{key: {field: value, "ENTRYTYPE": type}}``.

    Raises
    ------
    InvalidData
        For a missing file, an entry that does not parse, a duplicate key or an entry
        without an author (or institution) and a year, each with its line.
    """
    import bibtexparser  # kept out of the CLI's start-up path

    path = Path(path)
    name = shown(path)
    if not path.is_file():
        raise InvalidData([Problem(name, "an existing BibTeX file", value=str(path))])
    text = decode_text(path.read_bytes(), name, advice="save the file as UTF-8", kind="a BibTeX file saved as text")
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # its own errors come back as blocks
    library = bibtexparser.parse_string(text)
    problems = [
        Problem(name, "a well-formed BibTeX entry with a unique key", line=block.start_line + 1,
                value=str(getattr(block, "error", "")) or None)
        for block in library.failed_blocks
    ]
    entries = {}
    for entry in library.entries:
        fields = {key.lower(): str(field.value) for key, field in entry.fields_dict.items()}
        fields.update({key: decode_latex(fields[key]) for key in NAME_FIELDS if key in fields})
        if not fields.get("year"):
            problems.append(Problem(name, "a 'year' field", line=entry.start_line + 1, column=entry.key))
        if not (fields.get("author") or fields.get("institution")):
            problems.append(Problem(name, "an 'author' or 'institution' field", line=entry.start_line + 1,
                                    column=entry.key))
        entries[entry.key] = {"ENTRYTYPE": entry.entry_type, **fields}
    if problems:
        raise InvalidData(problems)
    return entries


def decode_latex(value: str) -> str:
    r"""A BibTeX field's LaTeX as text: accents and escapes decoded, braced groups kept.

    Braces that protect a name (``{World Health Organization}``) stay, so a label can
    still tell a name kept whole from "Given Surname".

    Examples
    --------
    >>> decode_latex(r"Tri{\"a}nsy{\'a}h, Ade and {World Health Organization}")
    'Triänsyáh, Ade and {World Health Organization}'
    >>> decode_latex(r"50\% of D{\u{g}}li")
    '50% of Dğli'

    A bare ``%``, ``&`` or ``#`` is a character in a BibTeX field, not LaTeX's comment,
    alignment or parameter sign, so it is kept:

    >>> decode_latex("{{% env HOME %}}, Given and Johnson & Johnson")
    '{{% env HOME %}}, Given and Johnson & Johnson'
    """
    return _latex_decoder().latex_to_text(_BARE_SPECIAL.sub(r"\\\1", value))


_BARE_SPECIAL = re.compile(r"(?<!\\)([%&#])")


@functools.cache
def _latex_decoder():
    from pylatexenc.latex2text import LatexNodes2Text  # what bibtexparser's LatexDecodingMiddleware uses

    return LatexNodes2Text(keep_braced_groups=True)


def unverified(entries: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    """The fields each entry still lacks, from its ``x-unverified`` field."""
    return {
        key: [part.strip() for part in fields[UNVERIFIED_FIELD].split(",") if part.strip()]
        for key, fields in entries.items()
        if fields.get(UNVERIFIED_FIELD, "").strip()
    }


#: The fields that say what a work is or where to find it (pandoc reads them as the title, container, publisher,
#: DOI or URL that the book's styles, assets/bibliography-<lang>.csl, test for before marking an entry).
IDENTIFYING_FIELDS = ("title", "journal", "journaltitle", "booktitle", "maintitle", "publisher", "institution",
                      "organization", "school", "howpublished", "doi", "url")


def known_only_by_author_and_year(entries: dict[str, dict[str, str]]) -> list[str]:
    """The entries with none of :data:`IDENTIFYING_FIELDS`: all that is known of them is an author and a year,
    which the bibliography says beside each of them in the page's language.

    Parameters
    ----------
    entries
        The entries as :func:`load_references` returns them.

    Returns
    -------
    list of str
        Their keys, sorted.

    Examples
    --------
    >>> known_only_by_author_and_year({
    ...     "barirah2017": {"ENTRYTYPE": "misc", "author": "Barirah and others", "year": "2017",
    ...                     "x-unverified": "title, journal"},
    ...     "supardi2022": {"ENTRYTYPE": "misc", "author": "Supardi", "year": "2022", "title": "Pengaruh pijat"}})
    ['barirah2017']
    """
    return sorted(key for key, fields in entries.items()
                  if not any(fields.get(name, "").strip() for name in IDENTIFYING_FIELDS))
