"""Read a CSV or XLSX table as text, cell by cell.

Every cell comes back as a stripped string ("" where empty), and the frame's index is
the row number a spreadsheet shows (the header is row 1), so that every later message
can point at the row the user sees. Numbers are parsed later, by the validators, so a
bad cell is reported as written instead of being silently turned into NaN.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import pandas as pd

from .errors import InvalidData, Problem
from .paths import shown


#: How a delimiter is named in messages; the first is the contract's, and wins a tie.
DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}


def read_text_table(path: Path | str) -> pd.DataFrame:
    """Read ``path`` (``.csv`` or ``.xlsx``) as text.

    A CSV file may be UTF-8 (with or without BOM) or UTF-16 (with or without BOM), with
    its cells separated by commas, semicolons or tabs (as Excel saves them where the
    decimal separator is a comma): the header row decides.

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


def decode_text(raw: bytes, name: str, advice: str = "save the file as 'CSV UTF-8'") -> str:
    r"""Text of a file that is UTF-8 or UTF-16, each with or without a byte order mark.

    UTF-16 without a BOM is recognised by its zero bytes: in UTF-16 text that is
    mostly ASCII, every other byte is 0 (the odd ones in little-endian order).

    ``advice`` says how to save the file right, in the message for one that is neither.

    Raises
    ------
    InvalidData
        Naming the line of the first byte that does not decode, or of a zero byte in
        what is then no text at all.

    Examples
    --------
    >>> decode_text("n;p\n30;0,016\n".encode("utf-16-le"), "t.csv")
    'n;p\n30;0,016\n'
    """
    encoding = _encoding(raw)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as err:
        line = raw[: err.start].decode(encoding, errors="replace").count("\n") + 1
        if encoding.startswith("utf-16"):
            raise InvalidData([Problem(name, f"UTF-16 text without broken characters (or {advice})", line=line,
                                       value=f"bytes 0x{raw[err.start:err.end].hex()}")]) from None
        raise InvalidData([Problem(name, f"UTF-8 text ({advice})", line=line,
                                   value=f"byte 0x{raw[err.start]:02x}")]) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InvalidData([Problem(name, "a text table, not a binary file", line=line)])
    return text


def _encoding(raw: bytes) -> str:
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # the BOM says which order
    sample = raw[:4096]
    if len(sample) >= 2 and len(raw) % 2 == 0:
        even, odd = sample[0::2], sample[1::2]
        zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
        if zeros_odd > 0.5 and zeros_even < 0.1:
            return "utf-16-le"
        if zeros_even > 0.5 and zeros_odd < 0.1:
            return "utf-16-be"
    return "utf-8"


def _delimiter(text: str) -> str:
    """The delimiter that splits the header row into the most cells (commas on a tie)."""
    header = text.lstrip("\ufeff").partition("\n")[0]
    cells = {d: len(next(csv.reader([header], delimiter=d), [])) for d in DELIMITERS}
    return max(DELIMITERS, key=lambda d: cells[d])


def _csv_rows(path: Path, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    text = decode_text(path.read_bytes(), name)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
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
    separated = f"separated by {DELIMITERS[delimiter]}, as in the header"
    problems = [
        Problem(name, f"{len(header)} cells, as many as the header has ({separated})", row=i + 2, line=line,
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
