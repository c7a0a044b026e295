"""Load and validate an extraction table (the data contract in :mod:`evsynth.inputs.contract`).

Cells are read as text, numbers are parsed here (so a bad cell is reported as
written), then column rules are checked with pandera and the rules that tie columns
together (events within n, and so on) are checked row by row. Every problem of the
file is reported at once; nothing is returned unless the whole table is valid.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from evsynth import vocabulary
from evsynth.errors import InvalidData, Problem
from evsynth.inputs import cells, contract
from evsynth.inputs.printed_p import parse_p
from evsynth.inputs.schema import duplicate_problems, missing_column_problems, schema_problems
from evsynth.inputs.text_tables import read_text_table
from evsynth.paths import shown

_BIBTEX_KEY = r"^[A-Za-z0-9_:.\-]+$"
_SLUG = r"^[A-Za-z0-9_.\-]+$"


def _one_of(values: tuple[str, ...]) -> pa.Check:
    return pa.Check.isin(("", *values), error="one of: " + " | ".join(values) + " (or empty)")


_COLUMN_RULES = pa.DataFrameSchema(
    {
        "study_id": pa.Column(checks=pa.Check.str_matches(
            _BIBTEX_KEY, error="its BibTeX key: ASCII letters, digits and _ : . - only")),
        "outcome_id": pa.Column(checks=pa.Check.str_matches(
            _SLUG, error="an identifier of ASCII letters, digits and _ . - only")),
        "outcome_domain": pa.Column(checks=pa.Check.str_matches(
            r"^$|" + _SLUG, error="an identifier of ASCII letters, digits and _ . - only")),
        "design": pa.Column(checks=_one_of(vocabulary.DESIGNS)),
        "outcome_type": pa.Column(checks=_one_of(vocabulary.OUTCOME_TYPES)),
        "direction_reported": pa.Column(checks=_one_of(vocabulary.DIRECTIONS)),
        "n_total": pa.Column("Int64", pa.Check.ge(1, error="a sample size of at least 1"), nullable=True),
        # a group of nobody has no proportion, mean or SD: no test or effect is defined for it
        **{c: pa.Column("Int64", pa.Check.ge(1, error="a group size of at least 1"), nullable=True)
           for c in ("n_1", "n_2")},
        **{c: pa.Column("Float64", pa.Check.ge(0, error="a standard deviation >= 0"), nullable=True)
           for c in ("sd_1", "sd_2", "sd_change")},
        "r_pre_post": pa.Column("Float64", pa.Check.in_range(
            -1, 1, error="a correlation from -1 to 1"), nullable=True),
        **{f"{c}_value": pa.Column("Float64", pa.Check.le(100, error="a percentage from 0 to 100"), nullable=True)
           for c in contract.PERCENTS},
        "p_value": pa.Column("Float64", pa.Check.le(1, error="a p-value from 0 to 1"), nullable=True),
    },
    strict=False,
)

# Rules that tie columns together: (column blamed, columns involved, test, expectation).
# A rule is checked only on rows where all its columns are filled.
_ROW_RULES = (
    ("events_1", ("events_1", "n_1"), lambda d: d.events_1 <= d.n_1, "events_1 <= n_1"),
    ("events_2", ("events_2", "n_2"), lambda d: d.events_2 <= d.n_2, "events_2 <= n_2"),
    ("n_1", ("n_1", "n_2", "n_total"), lambda d: d.n_1 + d.n_2 <= d.n_total, "n_1 + n_2 <= n_total"),
    ("n_1", ("n_1", "n_total"), lambda d: d.n_1 <= d.n_total, "n_1 <= n_total"),
    ("n_2", ("n_2", "n_total"), lambda d: d.n_2 <= d.n_total, "n_2 <= n_total"),
    ("events_pre", ("events_pre", "n_total"), lambda d: d.events_pre <= d.n_total, "events_pre <= n_total"),
    ("events_post", ("events_post", "n_total"), lambda d: d.events_post <= d.n_total, "events_post <= n_total"),
    ("improved", ("improved", "worsened", "n_total"), lambda d: d.improved + d.worsened <= d.n_total,
     "improved + worsened <= n_total"),
    ("improved", ("improved", "events_pre", "n_total"), lambda d: d.improved <= d.n_total - d.events_pre,
     "improved <= n_total - events_pre (only those without the favourable outcome before can improve)"),
    ("worsened", ("worsened", "events_pre"), lambda d: d.worsened <= d.events_pre,
     "worsened <= events_pre (only those with the favourable outcome before can worsen)"),
    ("events_post", ("events_pre", "events_post", "improved", "worsened"),
     lambda d: d.events_post == d.events_pre + d.improved - d.worsened,
     "events_post = events_pre + improved - worsened"),
)


def load_studies(path: Path | str, references: set[str] | None = None) -> pd.DataFrame:
    """Load an extraction table and validate it against the data contract.

    Parameters
    ----------
    path : path-like
        A ``.csv`` (UTF-8, with or without BOM) or ``.xlsx`` file.
    references : set of str, optional
        The BibTeX keys available; every ``study_id`` must be one of them.

    Returns
    -------
    DataFrame
        Indexed by spreadsheet row; counts as ``Int64``, real numbers as ``Float64``,
        ``higher_is_better`` as ``boolean``, everything else as text exactly as
        written (percentages and ``p_reported`` included). Extra columns are kept.

    Raises
    ------
    InvalidData
        With every problem of the file, each naming row, column, value and expectation.
    """
    name = shown(Path(path))
    text = read_text_table(path, as_printed=("p_reported", *contract.PERCENTS))  # their precision is evidence
    missing = missing_column_problems(name, text, contract.REQUIRED)
    if missing:
        raise InvalidData(missing)
    for column in contract.OPTIONAL:
        if column not in text.columns:
            text[column] = ""

    problems: list[Problem] = []
    table = text.copy()

    def parse(columns, parser, *expected):
        # a parser returns the values, then one series of rejected cells per expectation
        for column in columns:
            table[column], *rejected = parser(text[column])
            for bad, expectation in zip(rejected, expected):
                problems.extend(Problem(name, expectation, row=r, column=column, value=v) for r, v in bad.items())

    parse(contract.COUNTS, cells.whole, "a whole number >= 0 (digits 0-9 only)",
          f"a whole number up to {cells.MAX_COUNT} (the largest a 64-bit integer holds)")
    parse(contract.REALS, cells.real, "a number with digits 0-9 and a dot as decimal separator, e.g. 8.25",
          "a number a 64-bit float holds (at most about 1.8e308 in size), not one that overflows to infinity")
    parse(["higher_is_better"], cells.boolean, "true or false")
    for column in contract.PERCENTS:
        table[f"{column}_value"], bad = cells.percent(text[column])
        problems.extend(Problem(name, "a percentage as printed in digits 0-9, e.g. 95,4 or 22.7%", row=r, column=column, value=v)
                        for r, v in bad.items())

    p = parse_p(text["p_reported"])
    table["p_value"] = p["value"].astype("Float64")
    problems.extend(
        Problem(name, "only the p token as printed, in digits 0-9, e.g. 0,016 or < 0.001 "
                "(quote the sentence in 'source')", row=r, column="p_reported", value=text.at[r, "p_reported"])
        for r in p.index[p["reported"] & ~p["parsed"]]
    )

    for column in contract.NEVER_EMPTY:
        problems.extend(Problem(name, "a value: this column may not be empty", row=r, column=column)
                        for r in text.index[text[column] == ""])

    problems.extend(schema_problems(name, _COLUMN_RULES, table, _source_column))
    problems.extend(_row_problems(name, table))
    problems.extend(duplicate_problems(name, text, ["study_id", "outcome_id"], "study x outcome"))
    if references is not None:
        problems.extend(
            Problem(name, "a key of an entry in the BibTeX file", row=r, column="study_id", value=key)
            for r, key in text["study_id"].items() if key and key not in references
        )
    if problems:
        raise InvalidData(sorted(problems, key=lambda q: (q.row or 0, q.column or "")))
    return table.drop(columns=["p_value", *(f"{c}_value" for c in contract.PERCENTS)])


def _source_column(column: str) -> str:
    """The column as the user wrote it, for a column derived while parsing."""
    if column == "p_value":
        return "p_reported"
    return column.removesuffix("_value")


def _row_problems(name: str, table: pd.DataFrame) -> list[Problem]:
    problems = []
    for blamed, involved, test, expected in _ROW_RULES:
        rows = table[list(involved)].dropna()
        if rows.empty:
            continue
        broken = rows[~test(rows.astype("int64")).astype(bool)]
        problems.extend(
            Problem(name, expected, row=r, column=blamed,
                    value=", ".join(f"{c}={broken.at[r, c]}" for c in involved))
            for r in broken.index
        )
    return problems
