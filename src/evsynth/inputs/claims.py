"""The manuscript's claims and what the book does with each (``data/claims.yml``).

Each claim quotes the manuscript and says whether the book keeps, corrects or drops it, and
why, in both languages; ``appendix-changes`` shows them as a generated table.
"""

from __future__ import annotations

from pathlib import Path

from evsynth.errors import InvalidData, Problem
from evsynth.inputs.yamlfile import load_yaml_list
from evsynth.paths import shown

STATUSES = ("kept", "corrected", "dropped")
FIELDS = {"quote", "where", "status", "id", "en"}


def load_claims(path: Path | str) -> list[dict]:
    """The entries under ``claims``: ``quote``, ``where``, ``status`` (one of :data:`STATUSES`)
    and the book's reason in ``id`` and ``en``; each quote once."""
    name = shown(Path(path))
    claims, lines = load_yaml_list(path, "claims")
    problems, seen = [], set()
    for i, claim in enumerate(claims):
        where = lines[("claims", i)]
        if not isinstance(claim, dict) or set(claim) != FIELDS or not all(
                isinstance(claim[key], str) and claim[key].strip() for key in FIELDS):
            problems.append(Problem(name, "text for each of " + ", ".join(sorted(FIELDS)), line=where,
                                    column=f"claims[{i + 1}]"))
            continue
        if claim["status"] not in STATUSES:
            problems.append(Problem(name, "one of: " + " | ".join(STATUSES), line=lines[("claims", i, "status")],
                                    column="status", value=claim["status"]))
        if claim["quote"] in seen:
            problems.append(Problem(name, "each claim once", line=where, column="quote", value=claim["quote"]))
        seen.add(claim["quote"])
    if problems:
        raise InvalidData(problems)
    return claims
