"""Words for a reader, in Indonesian and English: the catalogue and what fills it in.

Every sentence, label and number word lives in ``messages.yml`` beside this module, both
languages side by side per key. ``text(key, lang, **fields)`` fills a message, ``render``
turns the statistics' notes into sentences, and numbers are formatted per language
(decimal comma in Indonesian: 0,016). A key missing in either language fails a test.
"""

from __future__ import annotations

import math
from importlib import resources

import yaml

from evsynth.notes import read_notes

LANGUAGES = ("id", "en")

CATALOGUE = "messages.yml"  # beside this module: every text in both languages


def _catalogue() -> dict:
    return yaml.safe_load(resources.files(__package__).joinpath(CATALOGUE).read_text(encoding="utf-8"))


_ENTRIES = _catalogue()
#: Counts in words, zero to twenty, per language.
NUMBER_WORDS: dict[str, list[str]] = _ENTRIES.pop("number_words")
#: Every message: ``{key: {"id": ..., "en": ...}}``.
MESSAGES: dict[str, dict[str, str]] = _ENTRIES


def text(key: str, lang: str, **fields) -> str:
    """The message ``key`` in ``lang``, with ``fields`` filled in."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: expected one of {LANGUAGES}")
    return MESSAGES[key][lang].format(**fields)


def render(notes, lang: str) -> str:
    """Sentences in ``lang`` from language-free notes, as the statistics return them.

    ``notes`` is a list of ``[message key, fields]`` pairs, or that list as JSON text (a
    result file's ``reason`` or ``assumption`` cell). A field is turned into words by its
    form: a message key (``test.*``, ``kind.*``, ``assume.*``, ``why.*``) becomes its
    words, ``{"id": ..., "en": ...}`` (a study's own label) its text in ``lang``,
    ``{"number": x, "decimals": d}`` a number with a decimal comma in Indonesian,
    a float ``p`` a p statement, ``missing`` a list of keys joined by "and",
    ``variants`` a list of ``[test key, p]`` and ``splits`` a list of group sizes that
    may end in a note of its own. A study's own words stay as written, even when they
    look like a key. Each sentence starts with a capital letter.

    >>> render([["audit.consistent", {"test": "test.fisher", "p": 0.0156, "printed": "= 0,016"}]], "id")
    'Uji eksak Fisher menghasilkan p = 0,0156, sesuai dengan p yang dilaporkan = 0,016.'
    >>> render('[["assume.test", {"test": "test.paired_t", "kind": "kind.of magic"}]]', "en").split(", and")[0]
    'The test is not named; the paired t-test is assumed for kind.of magic data'
    """
    return " ".join(_capitalised(_sentence(key, fields, lang)) for key, fields in read_notes(notes))


def _capitalised(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _sentence(key: str, fields: dict, lang: str) -> str:
    return text(key, lang, **{name: _field(name, value, lang) for name, value in fields.items()})


_KEYED = ("test", "kind", "assume", "why")  # message families a field may name


def _field(name: str, value, lang: str):
    if isinstance(value, dict) and lang in value:  # a study's own words, in each language
        return value[lang]
    if isinstance(value, dict):
        return number(value["number"], lang, value["decimals"])
    if name == "p" and isinstance(value, float):
        return p_statement(value, lang)
    if name == "studies" and isinstance(value, int):  # a count of studies, with its noun: "one study"
        return counted("study", value, lang)
    if name == "missing" and isinstance(value, list):
        return f" {text('word.and', lang)} ".join(text(key, lang) for key in value)
    if name == "variants" and isinstance(value, list):
        return "; ".join(f"{text(test, lang)}, {p_statement(p, lang)}" for test, p in value if not math.isnan(p))
    if name == "splits" and isinstance(value, list):
        return ", ".join(item if isinstance(item, str) else _sentence(*item, lang) for item in value)
    if name == "pct" and isinstance(value, str):
        return value.replace("%", "")
    if isinstance(value, str) and value.split(".")[0] in _KEYED and value in MESSAGES:
        return text(value, lang)
    return value


def in_words(count: int, lang: str) -> str:
    """A count in words up to twenty, in digits beyond.

    >>> in_words(6, "id"), in_words(6, "en"), in_words(44, "id")
    ('enam', 'six', '44')
    """
    words = NUMBER_WORDS[lang]
    return words[count] if 0 <= count < len(words) else str(count)


def counted(noun: str, count: int, lang: str, digits: bool = False) -> str:
    """A count with its noun in number (``paragraph.noun.<noun>.one`` or ``.other``), the count
    in words unless ``digits``.

    >>> counted("study", 1, "en"), counted("study", 6, "en"), counted("outcome", 4, "en", digits=True)
    ('one study', 'six studies', '4 outcomes')
    >>> counted("study", 6, "id")
    'enam studi'
    """
    return text(f"paragraph.noun.{noun}.{'one' if count == 1 else 'other'}", lang,
                n=str(count) if digits else in_words(count, lang))


def number(value: float, lang: str, decimals: int = 2) -> str:
    """A number with ``decimals`` decimals, a decimal comma in Indonesian.

    >>> number(0.016, "id", 3), number(0.016, "en", 3)
    ('0,016', '0.016')
    """
    formatted = f"{value:.{decimals}f}"
    return formatted.replace(".", ",") if lang == "id" else formatted


def interval(low: float, high: float, lang: str, decimals: int = 2) -> str:
    """A confidence or prediction interval in words, never with a comma between bounds,
    which an Indonesian reader would take for a decimal comma; a missing bound is ``?``.

    >>> interval(1.8312, 8.7409, "id"), interval(-0.5, 1.25, "en")
    ('1,83 sampai 8,74', '-0.50 to 1.25')
    """
    low, high = ("?" if v is None or math.isnan(v) else number(v, lang, decimals) for v in (low, high))
    return text("value.interval", lang, low=low, high=high)


def estimate_with_interval(estimate: float, low: float, high: float, lang: str, decimals: int = 2) -> str:
    """``4,00 (1,83 sampai 8,74)``: an estimate followed by its interval.

    >>> estimate_with_interval(4.0, 1.83, 8.74, "en")
    '4.00 (1.83 to 8.74)'
    """
    return f"{number(estimate, lang, decimals)} ({interval(low, high, lang, decimals)})"


def p_statement(p: float, lang: str) -> str:
    """``p = 0.0156`` or ``p < 0.0001``, for a sentence.

    >>> p_statement(0.015625, "id"), p_statement(9.5e-7, "en")
    ('p = 0,0156', 'p < 0.0001')
    """
    shown = p_value(p, lang)
    return f"p {shown}" if shown.startswith("<") else f"p = {shown}"


def p_value(p: float, lang: str) -> str:
    """A recomputed p for prose: three significant digits, or a bound below 0.0001.

    >>> p_value(0.015625, "en"), p_value(0.0703125, "id"), p_value(9.5e-7, "en")
    ('0.0156', '0,0703', '< 0.0001')
    """
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "?"
    if p < 0.0001:
        return "< " + number(0.0001, lang, 4)
    decimals = max(0, 2 - math.floor(math.log10(p))) if p > 0 else 4
    return number(p, lang, min(decimals, 4))
