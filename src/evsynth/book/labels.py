"""Labels a reader sees for a review's own things, in each language: its studies (from their
BibTeX entries), outcomes and outcome domains (from the study table).

Part of the words layer with :mod:`evsynth.book.messages` and :mod:`evsynth.book.formats`:
the figures and the book's tables and paragraphs both label studies and domains this way.
"""

from __future__ import annotations

import re

import pandas as pd


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


def outcome_labels(studies: pd.DataFrame, lang: str) -> dict[tuple[str, str], str]:
    """Each outcome's label in ``lang``, by its study and outcome ids (as :func:`outcome_label`)."""
    column = f"outcome_label_{lang}"
    labels = studies[column] if column in studies else [""] * len(studies)
    return {(study, outcome): label or outcome
            for study, outcome, label in zip(studies["study_id"], studies["outcome_id"], labels)}


def domain_labels(studies: pd.DataFrame, lang: str) -> dict[str, str]:
    """Each outcome domain's label in ``lang``: the optional ``domain_label_<lang>`` column;
    else the outcome label, where every outcome of the domain has the same one; else the
    domain's id in words (which no language translates).

    >>> table = pd.DataFrame({"outcome_domain": ["tb"] * 2, "outcome_label_id": ["Kasus TB"] * 2})
    >>> domain_labels(table, "id")
    {'tb': 'Kasus TB'}
    """
    labels = {}
    for domain, group in studies.groupby("outcome_domain", sort=False):
        given = group.get(f"domain_label_{lang}", pd.Series(dtype=object)).fillna("")
        outcomes = set(group.get(f"outcome_label_{lang}", pd.Series(dtype=object)).fillna(""))
        labels[domain] = (given.iloc[0] if len(given) and given.iloc[0] else
                          outcomes.pop() if len(outcomes) == 1 and "" not in outcomes else
                          domain.replace("_", " ").capitalize())
    return labels
