"""What changed between a release and a run, as codes and numbers the book puts into words.

Two parts, each compared as the files hold it, never as a sentence says it:

- :func:`study_changes`: the study tables' rows (one per study x outcome), as printed in their
  files: the studies added and removed, and each changed cell of a study in both (old -> new).
- :func:`result_changes`: every audit verdict, direction of effect, sign test, chosen pooled
  result, GRADE certainty and value of the book (in each language) that moved, each with the
  input changes that can have moved it: a study added, removed or edited in its place, or a
  changed parameter. A change with none of these came from the code (a new version of evsynth).

Standard library, pandas and the readers of :mod:`evsynth.inputs` and :mod:`evsynth.results`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from evsynth.inputs.text_tables import read_text_table

#: A row of a study table: its study and outcome.
KEY = ("study_id", "outcome_id")


@dataclass(frozen=True)
class StudyChanges:
    """The studies added and removed (ids, in table order), and the cells edited in the studies
    of both tables: ``(study_id, outcome_id, column, old, new)``, with "" for an empty cell and
    for a row or column one table lacks."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    edited: tuple[tuple[str, str, str, str, str], ...] = ()

    @property
    def none(self) -> bool:
        return not (self.added or self.removed or self.edited)


@dataclass(frozen=True)
class Change:
    """One result that moved: ``what`` (``verdict``, ``direction``, ``sign_test``, ``pooled``,
    ``certainty``, ``value``), ``where`` (the row, domain, domain and measure, or value name and
    language), ``old`` and ``new`` (None where it did not exist), and ``because``: the input
    changes that can have moved it, as ``("added", study)``, ``("removed", study)``,
    ``("edited", study, column)`` and ``("parameter", name)``."""

    what: str
    where: tuple
    old: object
    new: object
    because: tuple = field(default=())


def study_changes(old: Path, new: Path) -> StudyChanges:
    """The studies added, removed and edited from the study table ``old`` to ``new``.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "old.csv").write_text("study_id,outcome_id,n_total\\na,x,30\\nb,x,20\\n")
    >>> _ = (folder / "new.csv").write_text("study_id,outcome_id,n_total\\na,x,31\\nc,x,12\\n")
    >>> study_changes(folder / "old.csv", folder / "new.csv")
    StudyChanges(added=('c',), removed=('b',), edited=(('a', 'x', 'n_total', '30', '31'),))
    """
    before, after = (_rows(read_text_table(path)) for path in (old, new))
    studies_before = list(dict.fromkeys(key[0] for key in before))
    studies_after = list(dict.fromkeys(key[0] for key in after))
    edited = []
    for key in dict.fromkeys([*before, *after]):
        if key[0] not in studies_before or key[0] not in studies_after:
            continue  # a whole study added or removed: not an edit of its cells
        old_row, new_row = before.get(key, {}), after.get(key, {})
        for column in dict.fromkeys([*old_row, *new_row]):
            if column not in KEY and old_row.get(column, "") != new_row.get(column, ""):
                edited.append((*key, column, old_row.get(column, ""), new_row.get(column, "")))
    return StudyChanges(tuple(s for s in studies_after if s not in studies_before),
                        tuple(s for s in studies_before if s not in studies_after), tuple(edited))


def _rows(table: pd.DataFrame) -> dict[tuple[str, str], dict[str, str]]:
    table = table.fillna("").astype(str)
    return {(row["study_id"], row["outcome_id"]): {c: row[c].strip() for c in table.columns}
            for _, row in table.iterrows()}


def result_changes(old: Path, new: Path, studies: StudyChanges, old_parameters: dict,
                   new_parameters: dict, domains: dict[str, str]) -> list[Change]:
    """Every result that moved from the run whose folders are ``old`` to ``new`` (each holding
    ``results/`` and ``values/``), with what can have moved it.

    ``studies`` is :func:`study_changes` of the two study tables, the parameters are those each
    run was made with, and ``domains`` maps each study of either table to its outcome domains'
    ids joined by spaces (what a domain's results depend on).
    """
    changed_parameters = tuple(("parameter", name) for name in sorted({*old_parameters, *new_parameters})
                               if old_parameters.get(name) != new_parameters.get(name))

    def of_study(study: str) -> tuple:
        return tuple([("added", study)] if study in studies.added else [("removed", study)]
                     if study in studies.removed else
                     dict.fromkeys(("edited", study, column) for s, _, column, _, _ in studies.edited if s == study))

    def of_domain(domain: str) -> tuple:
        touched = dict.fromkeys([*studies.added, *studies.removed, *(edit[0] for edit in studies.edited)])
        return tuple(cause for study in touched if domain in domains.get(study, "").split()
                     for cause in of_study(study))

    changes = []
    for what, file, key, columns, causes in _RESULTS:
        before, after = _table(old / "results" / file, key, columns), _table(new / "results" / file, key, columns)
        for where in dict.fromkeys([*before, *after]):
            if not _same(before.get(where), after.get(where)):
                found = of_study(where[0]) if causes == "study" else of_domain(where[0])
                changes.append(Change(what, where, before.get(where), after.get(where), found + changed_parameters))
    for lang in ("id", "en"):
        before, after = (_values(folder / "values" / f"{lang}.yml") for folder in (old, new))
        for name in dict.fromkeys([*before, *after]):
            if before.get(name) != after.get(name):
                changes.append(Change("value", (name, lang), before.get(name), after.get(name), changed_parameters))
    return changes


#: Each kind of result: its file in ``results/``, the columns that say where, the columns that
#: say what it is, and whether a row belongs to one study or to a domain.
_RESULTS = (
    ("verdict", "consistency.csv", KEY, ("verdict",), "study"),
    ("direction", "directions.csv", ("study_id", "outcome_domain"), ("direction",), "study"),
    ("sign_test", "synthesis.json", ("domain",), ("k", "n_favouring_intervention", "n_favouring_control",
                                                  "sign_test_p"), "domain"),
    ("pooled", "pooled.csv", ("outcome_domain", "measure"), ("k", "estimate", "ci_low", "ci_high"), "domain"),
    ("certainty", "certainty.json", ("domain",), ("certainty",), "domain"),
)


def _table(path: Path, key: tuple, columns: tuple) -> dict[tuple, tuple]:
    """``{where: what}`` of one result file (a CSV, or a JSON object by domain); the chosen
    pooled rows only."""
    if not path.is_file():
        return {}
    if path.suffix == ".json":
        found = json.loads(path.read_text(encoding="utf-8"))
        return {(domain,): tuple(entry.get(c) for c in columns) for domain, entry in found.items()}
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "chosen" in table:
        table = table[table["chosen"].str.lower() == "true"]
    return {tuple(row[k] for k in key): tuple(_number(row[c]) for c in columns) for _, row in table.iterrows()}


def _number(cell: str):
    try:
        return float(cell)
    except ValueError:
        return cell


def _same(a, b) -> bool:
    """Equal, a NaN equal to a NaN (an interval that is not there in both)."""
    if a is None or b is None:
        return a is b
    return all(x == y or (isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y))
               for x, y in zip(a, b)) and len(a) == len(b)


def _values(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("values", {})
