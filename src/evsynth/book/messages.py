"""Words for a reader, in Indonesian and English: the catalogue and what fills it in.

Every sentence, label and number word lives in ``messages.yml`` beside this module, both
languages side by side per key. ``text(key, lang, **fields)`` fills a message, ``render``
turns the statistics' notes into sentences, with numbers formatted per language by
:mod:`evsynth.book.formats`. A key missing in either language fails a test.
"""

from __future__ import annotations

import math
from importlib import resources

import yaml

from evsynth.book.formats import decimals_off, number, p_statement, p_used, runs_listed, zero_print_bound
from evsynth.catalogue import LANGUAGES
from evsynth.notes import read_notes
from evsynth.vocabulary import NO_DIRECTION, null_value

CATALOGUE = "messages.yml"  # beside this module: every text in both languages


def _catalogue() -> dict:
    return yaml.safe_load(resources.files(__package__).joinpath(CATALOGUE).read_text(encoding="utf-8"))


_ENTRIES = _catalogue()
#: Counts in words, zero to twenty, per language.
NUMBER_WORDS: dict[str, list[str]] = _ENTRIES.pop("number_words")
#: The months, January first, per language.
MONTH_NAMES: dict[str, list[str]] = _ENTRIES.pop("month_names")
#: Every message: ``{key: {"id": ..., "en": ...}}``.
MESSAGES: dict[str, dict[str, str]] = _ENTRIES


def text(key: str, lang: str, **fields) -> str:
    """The message ``key`` in ``lang``, with ``fields`` filled in."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: expected one of {LANGUAGES}")
    return MESSAGES[key][lang].format(**fields)


def render(notes, lang: str, capitalise: bool = True, **row) -> str:
    """Sentences in ``lang`` from language-free notes, as the statistics return them.

    ``notes`` is a list of ``[message key, fields]`` pairs, or that list as JSON text (a
    result file's ``reason`` or ``assumption`` cell). A field is turned into words by its
    form and name: a message key (``test.*``, ``kind.*``, ``assume.*``, ``why.*``) becomes its
    words; a number
    is shown as :data:`SHOWN` says for its name (a float ``p`` as a p statement), ``missing``
    is a list of keys joined by "and", ``variants`` a list of ``[test key, p]``, ``splits``
    a list of group sizes ``[n_1, n_2]`` (with ``more``: how many more there are) and
    ``values`` runs of whole numbers. A study's own words stay as written, even when they
    look like a key. Each sentence starts with a capital letter, unless not ``capitalise``
    (a phrase inside a sentence). ``row`` gives the words of the result's row that a message
    names but no note carries: ``outcome``, the row's outcome label in ``lang``.

    >>> render([["audit.consistent", {"test": "test.fisher", "p": 0.0156, "printed": "0,016", "relation": "="}]], "id")
    'Uji eksak Fisher menghasilkan p = 0,0156, sesuai dengan p yang dilaporkan = 0,016.'
    >>> render('[["assume.test", {"test": "test.paired_t", "kind": "kind.of magic"}]]', "en").split(", and")[0]
    'The test is not named; the paired t-test is assumed for kind.of magic data'
    """
    start = _capitalised if capitalise else str
    return " ".join(start(_sentence(key, fields, lang, row)) for key, fields in read_notes(notes))


def _capitalised(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _sentence(key: str, fields: dict, lang: str, row: dict | None = None) -> str:
    return text(key, lang, **(row or {}), **{name: _field(name, value, lang, fields) for name, value in fields.items()})


#: How a note's number is shown, by the name of its field: the statistics give the value, the
#: words choose its digits. Each takes the value, the note's other fields and the language.
SHOWN = {
    "alpha": lambda value, fields, lang: number(value, lang, 2),  # a significance level
    "t": lambda value, fields, lang: number(value, lang, 2),  # a t statistic
    "exact": lambda value, fields, lang: number(value, lang, 2),  # the percentage a whole count gives
    "p_used": lambda value, fields, lang: p_used(value, lang),  # a printed p a conversion took
    "bound": lambda value, fields, lang: zero_print_bound(value, fields["places"], lang),  # what a zero print means
    # a printed p after its relation, where that is "=" ("= 0,016", "< 0,05" as printed)
    "printed": lambda value, fields, lang: ("= " if fields.get("relation") == "=" else "") + value,
}


_KEYED = ("test", "kind", "assume", "why", "condition")  # message families a field may name


def _field(name: str, value, lang: str, fields: dict):
    if name in SHOWN:
        return SHOWN[name](value, fields, lang)
    if name == "p" and isinstance(value, float):
        return p_statement(value, lang)
    if name == "studies" and isinstance(value, int):  # a count of studies, with its noun: "one study"
        return counted("study", value, lang)
    if name == "missing" and isinstance(value, list):
        return f" {text('word.and', lang)} ".join(text(key, lang) for key in value)
    if name == "variants" and isinstance(value, list):
        return "; ".join(f"{text(test, lang)}, {p_statement(p, lang)}" for test, p in value if not math.isnan(p))
    if name == "splits" and isinstance(value, list):
        more = [text("audit.more_splits", lang, n=fields["more"])] if fields.get("more") else []
        return ", ".join([f"{n_1}/{n_2}" for n_1, n_2 in value] + more)
    if name == "values" and isinstance(value, list):
        return runs_listed(value)
    if name == "pct" and isinstance(value, str):
        return value.replace("%", "")
    if isinstance(value, str) and value.split(".")[0] in _KEYED and value in MESSAGES:
        return text(value, lang)
    return value


def long_date(iso: str, lang: str) -> str:
    """An ISO date as a reader writes it in ``lang``.

    >>> long_date("2026-03-12", "id"), long_date("2026-03-02", "en")
    ('12 Maret 2026', '2 March 2026')
    """
    year, month, day = (int(part) for part in iso.split("-"))
    return text("release.date", lang, day=day, month=MONTH_NAMES[lang][month - 1], year=year)


def joined(items: list[str], lang: str) -> str:
    """``a, b and c``: a list in running text.

    >>> joined(["a", "b", "c"], "en"), joined(["a", "b"], "id"), joined(["a"], "en")
    ('a, b and c', 'a dan b', 'a')
    """
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {text('word.and', lang)} {items[-1]}"


def in_words(count: int, lang: str, digits: bool = False) -> str:
    """A count in words up to twenty, in digits beyond, or where ``digits`` (a sentence whose
    largest count is beyond words says all its counts in digits: :func:`beyond_words`).

    >>> in_words(6, "id"), in_words(6, "en"), in_words(44, "id"), in_words(6, "en", digits=True)
    ('enam', 'six', '44', '6')
    """
    if digits:
        return str(count)
    words = NUMBER_WORDS[lang]
    return words[count] if 0 <= count < len(words) else str(count)


def beyond_words(count: int, lang: str) -> bool:
    """Whether ``count`` is said in digits, and with it every count of its sentence.

    >>> beyond_words(20, "en"), beyond_words(21, "en")
    (False, True)
    """
    return count >= len(NUMBER_WORDS[lang])


def counted(noun: str, count: int, lang: str, digits: bool = False) -> str:
    """A count with its noun in number (``paragraph.noun.<noun>.one`` or ``.other``), the count
    in words unless ``digits``.

    >>> counted("study", 1, "en"), counted("study", 6, "en"), counted("outcome", 4, "en", digits=True)
    ('one study', 'six studies', '4 outcomes')
    >>> counted("study", 6, "id")
    'enam studi'
    """
    return text(f"paragraph.noun.{noun}.{'one' if count == 1 else 'other'}", lang,
                n=in_words(count, lang, digits))


def interval(low: float, high: float, lang: str, decimals: int = 2, measure: str | None = None) -> str:
    """A confidence or prediction interval in words, never with a comma between bounds,
    which an Indonesian reader would take for a decimal comma; a missing bound is ``?``.
    Given its ``measure``, no bound is rounded onto the measure's null value (1 for a ratio,
    0 for a difference): a bound of 0.996 shows as 0.996, not 1.00.

    >>> interval(1.8312, 8.7409, "id"), interval(-0.5, 1.25, "en"), interval(0.996, 1.12, "en", measure="RR")
    ('1,83 sampai 8,74', '-0.50 to 1.25', '0.996 to 1.120')
    """
    if measure is not None:
        decimals = decimals_off([low, high], null_value(measure), decimals)
    low, high = ("?" if v is None or math.isnan(v) else number(v, lang, decimals) for v in (low, high))
    return text("value.interval", lang, low=low, high=high)


def estimate_with_interval(estimate: float, low: float, high: float, lang: str, decimals: int = 2,
                           measure: str | None = None) -> str:
    """``4,00 (1,83 sampai 8,74)``: an estimate followed by its interval, none of them rounded
    onto the null value of ``measure`` where it is given.

    >>> estimate_with_interval(4.0, 1.83, 8.74, "en"), estimate_with_interval(-0.001, -0.05, 0.02, "en", measure="RD")
    ('4.00 (1.83 to 8.74)', '-0.001 (-0.050 to 0.020)')
    """
    if measure is not None:
        decimals = decimals_off([estimate, low, high], null_value(measure), decimals)
    return f"{number(estimate, lang, decimals)} ({interval(low, high, lang, decimals)})"


#: The studies a sign test leaves out, by the vote's field that counts them: ties, then each
#: reason for having no direction (:data:`evsynth.vocabulary.NO_DIRECTION`).
LEFT_OUT = (("neither", "n_no_clear_direction"), *((reason, f"n_{reason}") for reason in NO_DIRECTION))


def left_out(vote: dict, lang: str, digits: bool = False) -> list[str]:
    """The studies a domain's sign test leaves out, one clause per reason: "three studies with no
    events in either group".

    >>> left_out({"n_no_clear_direction": 1, "n_no_events": 3, "n_all_events": 0, "n_not_estimable": 0,
    ...           "n_not_reported": 0}, "en")
    ['one study with no clear direction', 'three studies with no events in either group']
    """
    return [text(f"paragraph.direction.left.{reason}", lang, studies=counted("study", vote[field], lang, digits))
            for reason, field in LEFT_OUT if vote[field]]


#: The assumptions a result holds under, said after it as its conditions ("if nobody got worse").
CONDITIONS = ("assume.min_discordance_worsened", "assume.min_discordance_margins", "effect.margins_only",
              "assume.groups", "assume.test", "assume.binary_outcome")
#: A condition says its rule in fewer words than the assumption does.
_SHORTER = {"assume.groups": lambda fields: {"rule": "condition.groups_truncation"} if fields.get("rule") else {}}


def interval_notes(notes) -> list:
    """The notes an effect's interval rests on: where the interval was taken at the largest
    discordance the before/after counts allow (``effect.margins_only``), the least discordance
    that the p-value assumed is not the interval's assumption, and is left out.

    >>> interval_notes([["assume.min_discordance_margins", {"b": 21, "c": 0}],
    ...                 ["effect.margins_only", {"b_max": 24, "c_max": 3}]])
    [['effect.margins_only', {'b_max': 24, 'c_max': 3}]]
    """
    found = [list(note) for note in read_notes(notes)]
    if any(key == "effect.margins_only" for key, _ in found):
        found = [note for note in found if not note[0].startswith("assume.min_discordance")]
    return found


def with_conditions(said: str, notes, lang: str, short: bool = False) -> str:
    """``said`` followed by the conditions among ``notes``: "consistent, if nobody got worse";
    ``short``: only those with a short form, in as few words as a figure's label has room for.

    >>> with_conditions("0.23", '[["assume.min_discordance_worsened", {"outcome": "x"}]]', "en")
    '0.23, if nobody got worse'
    >>> with_conditions("RR", '[["assume.groups", {"n_1": 22, "n_2": 22, "n": 44, "rule": "x"}]]', "id", short=True)
    'RR, bila kelompok 22 dan 22'
    """
    conditions = []
    for key, fields in read_notes(notes):
        if key in CONDITIONS:
            shorter = _SHORTER[key](fields) if key in _SHORTER else {}
            name = key.split(".", 1)[1]
            if short and f"condition_short.{name}" not in MESSAGES:  # too long for a label: left to the hover
                continue
            family = "condition_short" if short else "condition"
            conditions.append(_sentence(f"{family}.{name}", {**fields, **shorter}, lang))
    return f"{said}, {joined(conditions, lang)}" if conditions else said


def pooling_method(options: dict, lang: str) -> str:
    """The pooled rows' method in words: its tau² estimator, with the Hartung-Knapp-Sidik-Jonkman
    adjustment where the run asked for it.

    >>> pooling_method({"tau2_method": "REML", "hksj": True}, "en")
    'REML with the Hartung-Knapp-Sidik-Jonkman adjustment'
    >>> pooling_method({"tau2_method": "DL", "hksj": False}, "id")
    'DerSimonian-Laird'
    """
    method = text(f"pool_method.{options['tau2_method']}", lang)
    return text("pool_method.hksj", lang, method=method) if options["hksj"] else method


def pooling_method_short(options: dict, lang: str) -> str:
    """The pooled rows' method in a figure's label: ``REML``, ``REML + HKSJ``.

    >>> pooling_method_short({"tau2_method": "PM", "hksj": True}, "en")
    'PM + HKSJ'
    """
    return text("pool_method_short.hksj" if options["hksj"] else "pool_method_short", lang,
                method=options["tau2_method"])
