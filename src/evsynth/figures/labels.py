"""Short labels for studies, built from their BibTeX entries, and for their outcomes."""

from __future__ import annotations

import re


def study_label(key: str, references: dict[str, dict[str, str]] | None) -> str:
    """"Triansyah 2021" from the first author's surname and the year; the key where unknown.

    >>> study_label("a1", {"a1": {"author": "Agustia, Nency and Camelia, Rini", "year": "2025"}})
    'Agustia 2025'
    >>> study_label("x", {"x": {"author": "{Stang} and others", "year": "2021"}})
    'Stang 2021'
    """
    entry = (references or {}).get(key)
    if not entry or not entry.get("author"):
        return key
    first = re.split(r"\s+and\s+", entry["author"])[0].strip()
    if first.startswith("{"):  # a name kept whole, e.g. {UNICEF}
        surname = first
    elif "," in first:  # "Surname, Given"
        surname = first.split(",")[0]
    else:  # "Given Surname" or a single name
        surname = first.split()[-1]
    return f"{surname.strip('{} ')} {entry.get('year', '')}".strip()


def outcome_label(row, lang: str) -> str:
    """A study table row's outcome label in ``lang`` (``outcome_label_id``...), or its id where
    the table gives none."""
    return getattr(row, f"outcome_label_{lang}", "") or row.outcome_id
