"""What a book table leaves out, and what it says under itself: two rules every Markdown table
of the book follows, decided here on the table's own cells (the words layer: the results
decide what a cell says, this only chooses where it is said).

- A column in which no row reports anything (every cell "not reported", "not named" or
  empty) is left out, and one line under the table names what no study reported. A cell of
  named parts ("Setting: ...; Timing: ...", :class:`Parts`) follows the same rule part by part.
- A long aside of a cell (an assumption or a reason a value rests on, :class:`Aside`) leaves
  the cell for a numbered note under the table; the cell keeps its number, ``[1]``. The same
  aside in several rows is one note.

:func:`evsynth.book.tables.book_table` writes the table and these lines as Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass

from evsynth.book.messages import MESSAGES, joined, text

#: An aside longer than this many characters becomes a note. Up to it, an aside is a sentence
#: that still reads as part of its cell (about two lines of running text). Beyond it, on a
#: 390 px phone, where each column of a four- or five-column table is about a dozen characters
#: wide (pandoc gives a long pipe table equal columns), it would stretch its row over more
#: than eight lines, and a whole paragraph (an assumption, a reason) over forty.
LONG_ASIDE = 100

#: The words of a cell that reports nothing: such a cell says only that its source is silent.
NOTHING_KEYS = ("table.not_reported", "table.not_named")

#: How a note is marked in its cell and under the table: brackets and a number read the same
#: in both languages and, escaped, stay text (:func:`evsynth.escape.markdown`).
NOTE_MARK = "[{number}]"


@dataclass(frozen=True)
class Parts:
    """A cell of named parts, ``(key, value)`` pairs shown as "Setting: ...; Timing: ...":
    each part is labelled ``table.<key>``; an empty value reads "not reported"."""

    parts: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Aside:
    """A cell whose value rests on asides (assumptions, reasons): ``inline`` is the cell with
    the asides in it, ``value`` the cell without them. Where an aside is longer than
    :data:`LONG_ASIDE`, the cell is ``value`` and every aside of it a note."""

    inline: str
    value: str
    asides: tuple[str, ...]


def _silent(cell, lang: str) -> bool:
    """Whether a cell's text says only that its source is silent (or nothing at all)."""
    return str(cell).strip() in {"", *(text(key, lang) for key in NOTHING_KEYS)}


def _unreported(key: str | None, lang: str) -> str | None:
    """What the line under a table calls ``key`` (``table.none_reported.<key>``); None where the
    catalogue names it nothing: such a column is kept, as the line could not say what it lacks."""
    entry = MESSAGES.get(f"table.none_reported.{key}")
    return entry[lang] if entry else None


def finished(header: list[str], rows: list[list], lang: str,
             keys: list[str | None] | None = None) -> tuple[list[str], list[list[str]], list[str]]:
    """A table's ``header`` and ``rows`` as shown, and the lines under it, in ``lang``.

    ``rows`` hold text, :class:`Parts` and :class:`Aside` cells; ``keys`` name what each
    column holds (``table.none_reported.<key>`` names it in the line under the table). A
    column, or a part, that no row reports is left out and named in the first line; each
    long aside is replaced in its cell by its note's number and listed, numbered, after it.
    The lines are text: the caller escapes them.

    >>> header, rows, below = finished(["Study", "Setting", "Context"], [
    ...     ["A", "not reported", Parts((("timing", "day 3"), ("co_intervention", "")))],
    ...     ["B", "", Parts((("timing", ""), ("co_intervention", "")))]], "en", [None, "setting", "context"])
    >>> header, rows
    (['Study', 'Context'], [['A', 'Timing: day 3'], ['B', 'Timing: not reported']])
    >>> below
    ['No study reported the setting and co-interventions.']
    >>> assumed = "We assume that nobody got worse, as the study does not say. " * 2  # longer than LONG_ASIDE
    >>> _, rows, below = finished(["Effect"], [[Aside(f"RR 2. {assumed}", "RR 2", (assumed,))]] * 2, "en")
    >>> rows, below == [f"[1] {assumed}"]
    ([['RR 2 [1]'], ['RR 2 [1]']], True)
    """
    keys = list(keys or [None] * len(header))
    rows = [list(row) for row in rows]
    unreported = []  # what no row reports, in the table's order
    kept = []
    for column, key in enumerate(keys):
        parted = bool(rows) and all(isinstance(row[column], Parts) for row in rows)
        if parted:  # a part no row reports leaves every row's cell
            named = dict.fromkeys(name for row in rows for name, _ in row[column].parts)
            gone = [name for name in named if _unreported(name, lang)
                    and all(_silent(dict(row[column].parts).get(name, ""), lang) for row in rows)]
            unreported += [_unreported(name, lang) for name in gone]
            for row in rows:
                row[column] = Parts(tuple(part for part in row[column].parts if part[0] not in gone))
        empty = bool(rows) and all(_silent(_shown(row[column], lang, {}), lang) for row in rows)
        if empty and (parted or _unreported(key, lang)):
            unreported += [] if parted else [_unreported(key, lang)]  # a cell of parts: its parts are named
            continue
        kept.append(column)
    notes: dict[str, int] = {}  # each aside once, numbered in the order a reader meets it
    shown = [[_shown(row[column], lang, notes) for column in kept] for row in rows]
    below = [text("table.none_reported", lang, what=joined(unreported, lang))] if unreported else []
    below += [f"{NOTE_MARK.format(number=number)} {note}" for note, number in notes.items()]
    return [header[column] for column in kept], shown, below


def _shown(cell, lang: str, notes: dict[str, int]) -> str:
    """A cell's text: parts labelled and joined; an aside in the cell, or, where one is long,
    its notes' numbers (added to ``notes``) instead."""
    if isinstance(cell, Parts):
        return "; ".join(f"{text(f'table.{key}', lang)}: {value.strip() or text('table.not_reported', lang)}"
                         for key, value in cell.parts)
    if isinstance(cell, Aside):
        asides = [aside for aside in cell.asides if aside]
        if not any(len(aside) > LONG_ASIDE for aside in asides):
            return cell.inline
        numbers = [notes.setdefault(aside, len(notes) + 1) for aside in asides]
        return " ".join([cell.value, *(NOTE_MARK.format(number=number) for number in numbers)])
    return cell
