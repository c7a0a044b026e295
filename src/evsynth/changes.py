"""What changed between a release and a run, as codes and numbers the book puts into words.

Two parts, each compared as the files hold it, never as a sentence says it:

- :func:`study_changes`: the study tables' rows (one per study x outcome), as printed in their
  files: the studies added and removed, and each changed cell of a study in both (old -> new).
- :func:`compare`: every audit verdict, direction of effect, vote and its sign test,
  chosen pooled result, GRADE certainty and value of the book (in each language) that moved,
  each with the input changes that could have moved it: a study added, removed or edited in its
  place, a changed parameter or another changed input file. A change with none of these came
  from the code (another version of evsynth or of a library it uses).

Standard library, pandas and the text-table reader of :mod:`evsynth.inputs`; the runs' results
come in through :class:`RunResults`, read by :mod:`evsynth.results`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from evsynth.inputs.contract import WORDS_ONLY
from evsynth.inputs.text_tables import read_text_table
from evsynth.synthesis import VOTE_FIELDS
from evsynth.vocabulary import value_key

#: A row of a study table: its study and outcome.
KEY = ("study_id", "outcome_id")


@dataclass(frozen=True)
class StudyChanges:
    """The studies added and removed (ids, in table order), and the cells edited in the studies
    of both tables: ``(study_id, outcome_id, column, old, new)``, with "" for an empty cell and
    for a row or column one table lacks. ``domains``: each study of either table and its
    outcome domains (what a domain's results depend on)."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    edited: tuple[tuple[str, str, str, str, str], ...] = ()
    domains: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def none(self) -> bool:
        return not (self.added or self.removed or self.edited)


@dataclass(frozen=True)
class Change:
    """One result that moved: ``what`` (``verdict``, ``direction``, ``sign_test``, ``pooled``,
    ``certainty``, ``value``), ``where`` (the row; the domain and the vote's field of the synthesis;
    the domain and measure; the domain; or the value's name and language), ``old`` and ``new``
    (None where it did not exist), and ``because``: the input changes that could have moved it,
    as ``("added", study)``, ``("removed", study)``, ``("edited", study, column)``,
    ``("parameter", name)`` and ``("input", name)`` (an input file other than the study table)."""

    what: str
    where: tuple
    old: object
    new: object
    because: tuple = field(default=())


def study_changes(old: Path, new: Path) -> StudyChanges:
    """The studies added, removed and edited from the study table ``old`` to ``new``, each file
    read as printed (the release keeps its copy of the table it was made from).

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
    domains = {}
    for (study, _), row in [*before.items(), *after.items()]:
        domains.setdefault(study, set()).add(row.get("outcome_domain", ""))
    return StudyChanges(tuple(s for s in studies_after if s not in studies_before),
                        tuple(s for s in studies_before if s not in studies_after), tuple(edited),
                        {study: tuple(sorted(found)) for study, found in domains.items()})


def _rows(table: pd.DataFrame) -> dict[tuple[str, str], dict[str, str]]:
    table = table.fillna("").astype(str)
    return {(row["study_id"], row["outcome_id"]): {c: row[c].strip() for c in table.columns}
            for _, row in table.iterrows()}


@dataclass(frozen=True)
class RunResults:
    """What a run (or a release, which keeps a run's results and values) found, as the readers
    of :mod:`evsynth.results` give it: the audit and its alpha, the synthesis, the values of
    the book (``{lang: {name: text}}``) and the SHA-256 of each input file."""

    consistency: pd.DataFrame
    alpha: float
    synthesis: object  # evsynth.synthesis.Synthesis
    values: dict
    input_hashes: dict

    @property
    def parameters(self) -> dict:
        """The parameters the statistics were run with (the audit's alpha, the synthesis' options)."""
        return {"alpha": self.alpha, **self.synthesis.options}


#: Values left out of the comparison: a count's words (``n_studies_words``) move with its digits;
#: the inputs' hashes and the software's versions describe how the book was made, not what it
#: found (a changed input file is named as the cause of what it moved); and the words the book
#: shows about its own figures and tables (``figure_not_drawn``, ``table_not_written``...) are
#: interface, not a finding.
NOT_COMPARED = re.compile(r"_words$|^sha256_|^version_|^python_version$|^figure_|^table_")


@dataclass(frozen=True)
class Comparison:
    """What changed from a release to a run: the study table's rows (:class:`StudyChanges`), the
    results that moved (:class:`Change`), the other input files whose content changed and the
    parameters whose value did, by name."""

    studies: StudyChanges
    results: tuple[Change, ...]
    inputs: tuple[str, ...]
    parameters: tuple[str, ...]

    @property
    def none(self) -> bool:
        """Nothing changed: the run is the release again."""
        return self.studies.none and not (self.results or self.inputs or self.parameters)


def compare(old: RunResults, new: RunResults, studies: StudyChanges) -> Comparison:
    """Every result that moved from the run ``old`` (a release's) to ``new``, with what can
    have moved it.

    ``studies`` is :func:`study_changes` of the two study tables. A study's own rows (its
    verdicts, directions) are put down to that study's change; a domain's results (votes,
    pooled estimates, certainty) to the changes of the studies in that domain; every result
    also to a changed parameter and to another input file that changed (the PRISMA counts,
    the GRADE judgements...). The values of the book are compared in each language.
    """
    inputs = tuple(name for name in sorted({*old.input_hashes, *new.input_hashes})
                   if name != "studies" and old.input_hashes.get(name) != new.input_hashes.get(name))
    parameters = tuple(name for name in sorted({*old.parameters, *new.parameters})
                       if old.parameters.get(name) != new.parameters.get(name))
    everywhere = tuple(("parameter", name) for name in parameters) + tuple(("input", name) for name in inputs)

    def of_study(study: str) -> tuple:
        if study in studies.added or study in studies.removed:
            return (("added" if study in studies.added else "removed", study),)
        return tuple(dict.fromkeys(("edited", s, column) for s, _, column, _, _ in studies.edited
                                   if s == study and column not in WORDS_ONLY))

    touched = tuple(dict.fromkeys([*studies.added, *studies.removed, *(edit[0] for edit in studies.edited)]))

    def of_domain(domain: str) -> tuple:
        return tuple(cause for study in touched if domain in studies.domains.get(study, ())
                     for cause in of_study(study))

    def of_value(name: str) -> tuple:
        """A value of one study's row, of one domain, or of the whole review (its key says which)."""
        parts = f"_{name}_"
        for study in studies.domains:  # every study of either table, touched or not
            if f"_{value_key(study)}_" in parts:
                return of_study(study)
        for domain in dict.fromkeys(d for found in studies.domains.values() for d in found):
            if domain and f"_{value_key(domain)}_" in parts:
                return of_domain(domain)
        return tuple(dict.fromkeys(cause for study in touched for cause in of_study(study)))

    changes = []
    for what, read, causes in _RESULTS:
        before, after = read(old), read(new)
        for where in dict.fromkeys([*before, *after]):
            if not _same(before.get(where), after.get(where)):
                found = of_study(where[0]) if causes == "study" else of_domain(where[0])
                changes.append(Change(what, where, before.get(where), after.get(where), found + everywhere))
    for lang in dict.fromkeys([*old.values, *new.values]):
        before, after = old.values.get(lang, {}), new.values.get(lang, {})
        for name in dict.fromkeys([*before, *after]):
            if not NOT_COMPARED.search(name) and before.get(name) != after.get(name):
                changes.append(Change("value", (name, lang), before.get(name), after.get(name),
                                      of_value(name) + everywhere))
    return Comparison(studies, tuple(changes), inputs, parameters)


def _rows_of(frame: pd.DataFrame, key: tuple, columns: tuple) -> dict[tuple, tuple]:
    return {tuple(row[k] for k in key): tuple(row[c] for c in columns) for _, row in frame.iterrows()}


def _votes(run: RunResults) -> dict[tuple, tuple]:
    """Each domain's vote in each analysis (:data:`evsynth.synthesis.VOTE_FIELDS`): the controlled
    studies, all of them, the one-group ones apart."""
    columns = ("k", "n_favouring_intervention", "n_favouring_control", "sign_test_p")
    return {(domain, field): tuple(entry.get(c) for c in columns)
            for field in VOTE_FIELDS for domain, entry in getattr(run.synthesis, field).items()}


def _chosen(run: RunResults) -> dict[tuple, tuple]:
    pooled = run.synthesis.pooled
    return _rows_of(pooled[pooled["chosen"]], ("outcome_domain", "measure"), ("k", "estimate", "ci_low", "ci_high"))


#: Each kind of result: how it is read from a run, as ``{where: what}``, and whether a row
#: belongs to one study (its first ``where``) or to a domain.
_RESULTS = (
    ("verdict", lambda run: _rows_of(run.consistency, KEY, ("verdict",)), "study"),
    ("direction", lambda run: _rows_of(run.synthesis.directions, ("study_id", "outcome_domain"), ("direction",)),
     "study"),
    ("sign_test", _votes, "domain"),
    ("pooled", _chosen, "domain"),
    ("certainty", lambda run: {(domain,): (judged.get("certainty"),)
                               for domain, judged in run.synthesis.certainty.items()}, "domain"),
)


def _same(a, b) -> bool:
    """Equal, a NaN equal to a NaN (an interval that is not there in both)."""
    if a is None or b is None:
        return a is b
    return all(x == y or (isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y))
               for x, y in zip(a, b)) and len(a) == len(b)
