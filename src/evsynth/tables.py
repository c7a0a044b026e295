"""Read a CSV or XLSX table as text, cell by cell.

Every cell comes back as a stripped string ("" where empty), and the frame's index is
the row number a spreadsheet shows (the header is row 1), so that every later message
can point at the row the user sees. Numbers are parsed later, by the validators, so a
bad cell is reported as written instead of being silently turned into NaN.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from .errors import InvalidData, Problem
from .paths import shown


def read_text_table(path: Path | str) -> pd.DataFrame:
    """Read ``path`` (``.csv`` as UTF-8 with or without BOM, or ``.xlsx``) as text.

    Raises
    ------
    InvalidData
        For a missing, undecodable, empty or ragged file, naming the file and line.
    """
    path = Path(path)
    name = shown(path)
    if not path.is_file():
        raise InvalidData([Problem(name, "an existing file", value=str(path))])
    if path.suffix.lower() == ".xlsx":
        header, rows = _xlsx_rows(path, name)
    else:
        header, rows = _csv_rows(path, name)
    return _frame(name, header, rows)


def _csv_rows(path: Path, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise InvalidData(
            [Problem(name, "UTF-8 text (save the file as 'CSV UTF-8')", line=line,
                     value=f"byte 0x{raw[err.start]:02x}")]
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InvalidData([Problem(name, "a text table, not a binary file", line=line)])
    reader = csv.reader(io.StringIO(text, newline=""))
    records = []
    try:
        for record in reader:
            records.append((reader.line_num, record))
    except csv.Error as err:
        raise InvalidData([Problem(name, f"well-formed CSV ({err})", line=reader.line_num)]) from None
    if not records:
        raise InvalidData([Problem(name, "a header row naming the columns, then one row per record", line=1)])
    (_, header), body = records[0], records[1:]
    # A record's spreadsheet row is its position; its line is where it ends in the text.
    problems = [
        Problem(name, f"{len(header)} cells, as many as the header has", row=i + 2, line=line,
                value=f"{len(cells)} cells")
        for i, (line, cells) in enumerate(body)
        if len(cells) != len(header) and any(c.strip() for c in cells)
    ]
    if problems:
        raise InvalidData(problems)
    return header, [(i + 2, cells) for i, (_, cells) in enumerate(body)]


def _xlsx_rows(path: Path, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    import openpyxl  # only XLSX users pay for the import

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises several unrelated types for a bad file
        raise InvalidData([Problem(name, f"a valid XLSX workbook ({type(err).__name__})", line=1)]) from None
    rows = [[_xlsx_text(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    if not rows or not any(rows[0]):
        raise InvalidData([Problem(name, "a header row naming the columns in the first sheet", row=1)])
    header = rows[0]
    while header and header[-1] == "":
        header = header[:-1]
    body = [(i + 2, (cells + [""] * len(header))[: len(header)]) for i, cells in enumerate(rows[1:])]
    return header, body


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _frame(name: str, header: list[str], rows: list[tuple[int, list[str]]]) -> pd.DataFrame:
    header = [h.strip() for h in header]
    problems = []
    for col, h in enumerate(header, start=1):
        if not h:
            problems.append(Problem(name, "a column name in every header cell", row=1, column=f"#{col}"))
        elif header.index(h) != col - 1:
            problems.append(Problem(name, "each column name once", row=1, column=h))
    if problems:
        raise InvalidData(problems)
    kept = [(row, [c.strip() for c in cells]) for row, cells in rows if any(c.strip() for c in cells)]
    frame = pd.DataFrame([cells for _, cells in kept], columns=header, dtype=object)
    frame.index = pd.Index([row for row, _ in kept], name="row")
    return frame
