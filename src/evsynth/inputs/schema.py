"""Turn pandera's failure cases into :class:`~evsynth.errors.Problem` messages."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pandera.pandas as pa

from evsynth.errors import Problem


def schema_problems(name: str, schema: pa.DataFrameSchema, table: pd.DataFrame,
                    source_column: Callable[[str], str] = lambda c: c) -> list[Problem]:
    """Check ``table`` lazily and report every failing cell as the user wrote it.

    ``table`` is indexed by spreadsheet row; ``source_column`` maps a column derived
    while parsing (e.g. a parsed percentage) back to the column the user wrote.
    Each check's ``error`` text is the expectation shown to the user.
    """
    try:
        schema.validate(table, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases.dropna(subset=["index"])
        problems = []
        for case in cases.itertuples():
            row, column = int(case.index), source_column(case.column)
            problems.append(Problem(name, case.check, row=row, column=column, value=table.at[row, column]))
        return problems
    return []


def duplicate_problems(name: str, text: pd.DataFrame, key: list[str], what: str) -> list[Problem]:
    """Rows repeating an earlier row's ``key`` columns, each naming the earlier row.

    The problem is put in the key's last column and shows that column's cell; the
    expectation names the other key columns' values, so no value is shown that the
    named cell does not hold.
    """
    first_row: dict[tuple, int] = {}
    problems = []
    for row, values in zip(text.index, map(tuple, text[key].to_numpy())):
        if values in first_row:
            of = ", ".join(f"{column} {value!r}" for column, value in zip(key[:-1], values[:-1]))
            problems.append(Problem(name, f"one row per {what}: {key[-1]} {values[-1]!r} of {of} is already "
                                          f"in row {first_row[values]}", row=row, column=key[-1], value=values[-1]))
        else:
            first_row.setdefault(values, row)
    return problems


def missing_column_problems(name: str, text: pd.DataFrame, required: tuple[str, ...]) -> list[Problem]:
    return [Problem(name, "a column with this name (its cells may be empty)", row=1, column=c)
            for c in required if c not in text.columns]
