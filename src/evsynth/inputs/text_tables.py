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
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from evsynth.errors import InvalidData, Problem
from evsynth.paths import shown

#: How a delimiter is named in messages; the first is the contract's, and wins a tie.
DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}


def read_text_table(path: Path | str, as_printed: Iterable[str] = ()) -> pd.DataFrame:
    """Read ``path`` (``.csv`` or ``.xlsx``) as text.

    A CSV file may be UTF-8 (with or without BOM) or UTF-16 (with or without BOM), with
    its cells separated by commas, semicolons or tabs (as Excel saves them where the
    decimal separator is a comma): the header row decides.

    Parameters
    ----------
    as_printed : iterable of str
        Columns whose XLSX number cells are read as the spreadsheet shows them, by the
        cell's number format (0.05 formatted ``0.000`` is "0.050", 0.954 formatted
        ``0.0%`` is "95.4%"); elsewhere a number cell is read as its value.

    Raises
    ------
    InvalidData
        For a missing, undecodable, empty or ragged file, naming the file and line; for
        an XLSX file also for merged cells, formulas without a saved result and values
        outside the header's columns, naming the cell.
    """
    path = Path(path)
    name = shown(path)
    if not path.is_file():
        raise InvalidData([Problem(name, "an existing file", value=str(path))])
    if path.suffix.lower() == ".xlsx":
        header, rows = _xlsx_rows(path, name, set(as_printed))
    else:
        header, rows = _csv_rows(path, name)
    return _frame(name, header, rows)


def decode_text(raw: bytes, name: str, advice: str = "save the file as 'CSV UTF-8'",
                kind: str = "a text table") -> str:
    r"""Text of a file that is UTF-8 or UTF-16, each with or without a byte order mark.

    UTF-16 without a BOM is recognised by its zero bytes: in UTF-16 text that is
    mostly ASCII, every other byte is 0 (the odd ones in little-endian order).

    ``advice`` says how to save the file right, in the message for one that is neither;
    ``kind`` what the file should be, in the message for one holding a zero byte (a BibTeX
    or YAML file is no table).

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
        raise InvalidData([Problem(name, f"{kind}, not a binary file", line=line, value="byte 0x00")])
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
    header = next(iter(text.lstrip("\ufeff").splitlines()), "")  # \r\n, \n, or \r alone (an old spreadsheet's CSV)
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


def _xlsx_rows(path: Path, name: str, as_printed: set[str]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    import openpyxl  # only XLSX users pay for the import

    try:
        # twice: the saved results of formulas, and the formulas themselves
        values = openpyxl.load_workbook(path, data_only=True).worksheets[0]
        formulas = openpyxl.load_workbook(path, data_only=False).worksheets[0]
    except Exception as err:  # openpyxl raises several unrelated types for a bad file
        raise InvalidData([Problem(name, f"a valid XLSX workbook ({type(err).__name__})", line=1)]) from None
    # from A1 on, so a row's number is the one the spreadsheet shows even above or left of the data
    cells = list(values.iter_rows(min_row=1, min_col=1))
    if not cells or not any(_xlsx_text(c.value) for c in cells[0]):
        raise InvalidData([Problem(name, "a header row naming the columns in the first sheet", row=1)])
    header = [_xlsx_text(c.value) for c in cells[0]]
    while header and header[-1] == "":
        header = header[:-1]
    problems = _merged_problems(name, values, header) + _formula_problems(name, values, formulas, header)
    problems += _outside_problems(name, cells, len(header))
    if problems:
        raise InvalidData(sorted(problems, key=lambda q: (q.row, q.column)))
    printed = {position for position, column in enumerate(header) if column.strip() in as_printed}
    body = [(row[0].row, [_xlsx_text(c.value, c.number_format if k in printed else None)
                          for k, c in enumerate(row[: len(header)])] + [""] * (len(header) - len(row)))
            for row in cells[1:]]
    return header, body


def _column_name(header: list[str], column: int) -> str:
    """A column as a message names it: its header, else its letter (``column`` from 1)."""
    from openpyxl.utils import get_column_letter

    named = header[column - 1].strip() if column <= len(header) else ""
    return named or get_column_letter(column)


def _merged_problems(name: str, sheet, header: list[str]) -> list[Problem]:
    # a merged range holds its value in the first cell only: the others would read as empty
    return [Problem(name, f"no merged cells: unmerge {cells.coord} and write the value in each of its cells",
                    row=cells.min_row, column=_column_name(header, cells.min_col),
                    value=_xlsx_text(sheet.cell(cells.min_row, cells.min_col).value))
            for cells in sorted(sheet.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col))]


def _formula_problems(name: str, values, formulas, header: list[str]) -> list[Problem]:
    """Formulas the file holds without their result, which a reader without Excel cannot compute."""
    problems = []
    for row in formulas.iter_rows(min_row=1, min_col=1):
        for cell in row:
            if cell.data_type == "f" and values.cell(cell.row, cell.column).value is None:
                formula = getattr(cell.value, "text", cell.value)  # an array formula keeps its text apart
                problems.append(Problem(
                    name, "a value, but this formula has no saved result: open and save the file in Excel or "
                          "LibreOffice (which store each result), or paste the values over the formulas",
                    row=cell.row, column=_column_name(header, cell.column), value=formula))
    return problems


def _outside_problems(name: str, rows, width: int) -> list[Problem]:
    """Values right of the last named column, which no column would hold."""
    from openpyxl.utils import get_column_letter

    return [Problem(name, f"no value outside the header's columns: name column {get_column_letter(c.column)} "
                          "in row 1, or delete the value", row=c.row, column=get_column_letter(c.column),
                    value=_xlsx_text(c.value))
            for row in rows for c in row[width:] if _xlsx_text(c.value)]


def _xlsx_text(value: object, number_format: str | None = None) -> str:
    """A cell as text: numbers as their value, or as shown where ``number_format`` is given."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if number_format is not None and isinstance(value, (int, float)):
        return as_shown(value, number_format)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def as_shown(value: float, number_format: str) -> str:
    """A number as a spreadsheet shows it under ``number_format`` (decimal point, not comma).

    Fixed places (``0.000``), optional places (``0.0##``), percentages (``0.0%``),
    scientific notation (``0.00E+00``) and literal text (``"< "0.000``) are followed;
    ``General`` and formats without digits show the value as stored. Halves round away
    from zero, as in Excel; thousands separators are not shown (no p-value or
    percentage needs them).

    Examples
    --------
    >>> as_shown(0.05, "0.000"), as_shown(0, "0.000"), as_shown(0.954, "0.0%"), as_shown(0.0445, "0.000")
    ('0.050', '0.000', '95.4%', '0.045')
    >>> as_shown(0.000012, "0.00E+00"), as_shown(0.05, "General"), as_shown(0.1, "0.0##"), as_shown(0.5, "#.00")
    ('1.20E-05', '0.05', '0.1', '.50')
    >>> as_shown(0.001, '"< "0.000;"-"0.000'), as_shown(0, '0.000;-0.000;"-"')
    ('< 0.001', '-')
    """
    sections = _sections(number_format)
    zero = value == 0 and len(sections) > 2  # a zero has its own section, e.g. "-"
    section = sections[2] if zero else (sections[1] if value < 0 and len(sections) > 1 else sections[0])
    sign = "-" if value < 0 and len(sections) == 1 else ""
    # literal text (quoted, escaped, colours, padding) masked, so a quoted "0" is no placeholder
    masked = re.sub(r'"[^"]*"?|\\.|\[[^\]]*\]|[_*].', lambda m: "\x00" * len(m.group()), section)
    digits = _PLACEHOLDERS.search(masked)
    if zero and digits is None:
        return _literal(section)
    if section.strip().lower() in ("", "general") or "@" in masked or digits is None:
        return _xlsx_text(value)
    number = Decimal(repr(abs(float(value)))) * 100 ** masked.count("%")  # the decimal Excel sees, scaled
    places = digits["places"] or digits["only_places"] or ""
    fewest, most = len(places.rstrip("#")), len(places)
    exponent = _EXPONENT.match(masked, digits.end())
    if exponent:
        shown = _scientific(number, most, exponent["sign"], len(exponent["power"]))
    else:
        shown = _fixed(number, fewest, most)
        if "0" not in masked[digits.start():digits.end()].partition(".")[0] and shown.startswith("0"):
            shown = shown[1:]  # "#.00" and ".00" show no zero before the point
    rest = exponent.end() if exponent else digits.end()
    return _literal(section[:digits.start()]) + sign + shown + _literal(section[rest:])


def _sections(number_format: str) -> list[str]:
    """A format's sections (positive; negative; zero; text), split at semicolons outside quotes."""
    return re.findall(r'(?:"[^"]*"?|\\.|[^;"\\])+|(?<=;)(?=;|$)|^(?=;)', number_format) or [""]


def _literal(code: str) -> str:
    """The text a piece of a format shows: quoted and escaped characters, padding as a space."""
    return re.sub(r'"([^"]*)"?|\\(.)|\[[^\]]*\]|_.|\*.',
                  lambda m: m.group(1) or m.group(2) or (" " if m.group().startswith("_") else ""), code)


# the digits of a format: whole part (with thousands commas) and places, or places alone
_PLACEHOLDERS = re.compile(r"[0#?][0#?,]*(?:\.(?P<places>[0#?]*))?|\.(?P<only_places>[0#?]+)")
_EXPONENT = re.compile(r"[eE](?P<sign>[+-])(?P<power>[0#?]+)")


def _fixed(number: Decimal, fewest: int, most: int) -> str:
    shown = f"{number.quantize(Decimal(1).scaleb(-most), rounding=ROUND_HALF_UP):f}"
    if most > fewest:  # optional places (#) show only where they are not trailing zeros
        whole, _, fraction = shown.partition(".")
        fraction = fraction[:fewest] + fraction[fewest:].rstrip("0")
        shown = f"{whole}.{fraction}" if fraction else whole
    return shown


def _scientific(number: Decimal, places: int, sign: str, digits: int) -> str:
    if number == 0:
        mantissa, power = Decimal(0), 0
    else:
        power = number.adjusted()
        mantissa = (number.scaleb(-power)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if abs(mantissa) >= 10:  # 9.995 rounded up to 10.00
            power += 1
            mantissa = (number.scaleb(-power)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    shown_sign = "-" if power < 0 else ("+" if sign == "+" else "")
    return f"{mantissa:f}E{shown_sign}{abs(power):0{digits}d}"


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
