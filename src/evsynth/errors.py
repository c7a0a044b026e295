"""Problems found in input files, collected and reported together.

A validator never stops at the first problem: it gathers every :class:`Problem` of a
file and raises one :class:`InvalidData` holding them all, so the user fixes a file in
one pass. Each problem names where it is (file, row or line, column or key), the value
found and what was expected.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in one place of an input file.

    ``row`` is the row number as a spreadsheet shows it (the header is row 1);
    ``line`` is a text line number, used for YAML, BibTeX and file-level problems.
    """

    file: str
    expected: str
    row: int | None = None
    line: int | None = None
    column: str | None = None
    value: object = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        found = "" if self.value is None else f": found {str(self.value)!r}"
        return f"{', '.join(where)}{found}; expected {self.expected}"


class InvalidData(Exception):
    """Raised with every problem found in one or more input files."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the input data:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])
