"""The reviewers' GRADE judgements (``data/grade.yml``): one entry per outcome domain.

Each of the five GRADE domains has a rating and its reason in both languages. The
certainty is not written in the file: :mod:`evsynth.synthesis.grade` computes it from the
ratings, so the two cannot disagree.

References
----------
.. [1] Schünemann, H., Brożek, J., Guyatt, G., & Oxman, A. (Eds.) (2013). GRADE handbook,
   sections 5.1 (starting certainty by design) and 5.2 (reasons to rate down).
"""

from __future__ import annotations

from pathlib import Path

from evsynth.errors import InvalidData, Problem
from evsynth.inputs.yamlfile import load_yaml_list
from evsynth.paths import shown

#: How far each rating lowers the certainty, per GRADE domain.
DOWNGRADES = {
    "risk_of_bias": {"not_serious": 0, "serious": 1, "very_serious": 2, "not_assessable": 0},
    "inconsistency": {"not_serious": 0, "serious": 1, "very_serious": 2, "not_assessable": 0},
    "indirectness": {"not_serious": 0, "serious": 1, "very_serious": 2, "not_assessable": 0},
    "imprecision": {"not_serious": 0, "serious": 1, "very_serious": 2, "not_assessable": 0},
    "publication_bias": {"undetected": 0, "suspected": 1, "strongly_suspected": 2},
}
STATEMENTS = ("statement_id", "statement_en")


def load_grade(path: Path | str, domains: set[str] | None = None) -> list[dict]:
    """The entries under ``outcomes``, each with ``domain``, the five GRADE domains (``rating``,
    ``id``, ``en``) and a plain-language statement per language; ``domains`` are the outcome
    domains of the study table, each of which must be judged once."""
    name = shown(Path(path))
    outcomes, lines = load_yaml_list(path, "outcomes")
    problems, seen = [], set()
    for i, entry in enumerate(outcomes):
        where = lines[("outcomes", i)]
        expected = {"domain", *DOWNGRADES, *STATEMENTS}
        if not isinstance(entry, dict) or set(entry) != expected:
            problems.append(Problem(name, "keys " + ", ".join(sorted(expected)), line=where,
                                    column=f"outcomes[{i + 1}]"))
            continue
        if entry["domain"] in seen or (domains is not None and entry["domain"] not in domains):
            problems.append(Problem(name, "an outcome domain of the study table, judged once", line=where,
                                    column="domain", value=entry["domain"]))
        seen.add(entry["domain"])
        for domain, ratings in DOWNGRADES.items():
            judged = entry[domain]
            if not (isinstance(judged, dict) and set(judged) == {"rating", "id", "en"} and judged["rating"] in ratings
                    and all(isinstance(judged[lang], str) and judged[lang].strip() for lang in ("id", "en"))):
                problems.append(Problem(name, f"rating (one of: {' | '.join(ratings)}) with its reason in id and en",
                                        line=lines[("outcomes", i, domain)], column=domain, value=judged))
        for key in STATEMENTS:
            if not (isinstance(entry[key], str) and entry[key].strip()):
                problems.append(Problem(name, "a plain-language statement", line=where, column=key, value=entry[key]))
    if domains is not None and not problems:
        problems += [Problem(name, "a judgement of every outcome domain of the study table", column="domain",
                             value=missing) for missing in sorted(domains - seen)]
    if problems:
        raise InvalidData(problems)
    return outcomes
