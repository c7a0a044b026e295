"""The manuscript's claims and what the book does with each (``data/claims.yml``).

Each claim quotes the manuscript, glosses the quote in English, says where in the manuscript it
stands and whether the book keeps, corrects or drops it, and why, in both languages;
``appendix-changes`` shows them as a generated table.
"""

from __future__ import annotations

import re
from pathlib import Path

from evsynth.errors import InvalidData, Problem
from evsynth.inputs.yamlfile import load_yaml_list
from evsynth.paths import shown

STATUSES = ("kept", "corrected", "dropped")
FIELDS = ("quote", "quote_en", "where", "status", "id", "en")
#: The manuscript's parts, by its own (Indonesian) names, that ``where`` may name; their words
#: in each language are the messages ``claim_part.<name>``.
PARTS = ("Abstrak", "Pendahuluan", "Metode", "Hasil", "Tabel", "Pembahasan", "Simpulan")
_PART = re.compile(r"(?P<part>[^\W\d]+)(?: (?P<number>\d+))?(?: \((?P<source>[^()]+)\))?")


def where_parts(where: str) -> list[tuple[str, str, str]] | None:
    """``where`` as (part, number, source) triples, or None unless every part is one of :data:`PARTS`.

    >>> where_parts("Abstrak, Tabel 1 (Putri 2025)")
    [('Abstrak', '', ''), ('Tabel', '1', 'Putri 2025')]
    >>> where_parts("Kesimpulan") is None
    True
    """
    found = [_PART.fullmatch(part) for part in re.split(r",\s*(?![^()]*\))", where.strip())]
    if not all(match and match["part"] in PARTS for match in found):
        return None
    return [(match["part"], match["number"] or "", match["source"] or "") for match in found]


def load_claims(path: Path | str) -> list[dict]:
    """The entries under ``claims``: ``quote``, its English translation ``quote_en``, ``where``
    (parts of :data:`PARTS`, such as ``Tabel 1 (Putri 2025)``), ``status`` (one of
    :data:`STATUSES`) and the book's reason in ``id`` and ``en``; each quote once. A missing
    or empty field is named with its claim's number."""
    name = shown(Path(path))
    claims, lines = load_yaml_list(path, "claims")
    problems, seen = [], set()
    for i, claim in enumerate(claims):
        where = lines[("claims", i)]
        if not isinstance(claim, dict) or not set(claim) <= set(FIELDS):
            extra = ", ".join(sorted(map(str, set(claim) - set(FIELDS)))) if isinstance(claim, dict) else claim
            problems.append(Problem(name, "only the keys " + ", ".join(FIELDS), line=where,
                                    column=f"claims[{i + 1}]", value=extra))
            continue
        empty = [key for key in FIELDS if not (isinstance(claim.get(key), str) and claim[key].strip())]
        for key in empty:
            problems.append(Problem(name, "non-empty text", line=lines.get(("claims", i, key), where),
                                    column=f"claims[{i + 1}].{key}", value=claim.get(key)))
        if empty:
            continue
        if where_parts(claim["where"]) is None:
            problems.append(Problem(name, "parts of the manuscript, each one of: " + " | ".join(PARTS)
                                    + ", with an optional number and source, e.g. 'Tabel 1 (Putri 2025)'",
                                    line=lines[("claims", i, "where")], column=f"claims[{i + 1}].where",
                                    value=claim["where"]))
        if claim["status"] not in STATUSES:
            problems.append(Problem(name, "one of: " + " | ".join(STATUSES), line=lines[("claims", i, "status")],
                                    column=f"claims[{i + 1}].status", value=claim["status"]))
        if claim["quote"] in seen:
            problems.append(Problem(name, "each claim once", line=where, column=f"claims[{i + 1}].quote",
                                    value=claim["quote"]))
        seen.add(claim["quote"])
    if problems:
        raise InvalidData(problems)
    return claims
