"""Numbers as a reader of each language expects them: the one place that knows the decimal
comma (Indonesian) and point (English), thousands grouping, how small a p or a tau² is
shown, and that a number rounded to zero has no sign.

Words are not here: they live in ``messages.yml`` (:mod:`evsynth.book.messages`).
"""

from __future__ import annotations

import math

DECIMAL = {"id": ",", "en": "."}
THOUSANDS = {"id": ".", "en": ","}
P_FLOOR = 0.0001  # a p below this is shown as "< 0.0001"
TAU2_FLOOR = 0.001  # a tau² below this (but above 0) is shown as "< 0.001"


def number(value: float, lang: str, decimals: int = 2) -> str:
    """A number with ``decimals`` decimals in the language's format; never "-0.00".

    >>> number(0.016, "id", 3), number(0.016, "en", 3), number(-0.001, "en", 2), number(-1.5, "id", 1)
    ('0,016', '0.016', '0.00', '-1,5')
    """
    formatted = f"{value:.{decimals}f}"
    if float(formatted) == 0:  # rounded to zero: a sign would claim a direction the digits do not show
        formatted = formatted.lstrip("-")
    return formatted.replace(".", DECIMAL[lang])


def whole_number(n: int, lang: str) -> str:
    """A count in digits, its thousands grouped as each language groups them.

    >>> whole_number(357347, "id"), whole_number(357347, "en"), whole_number(172, "en")
    ('357.347', '357,347', '172')
    """
    return f"{n:,}".replace(",", THOUSANDS[lang])


def as_given(value: float, lang: str) -> str:
    """A number of the study table as it was given: whole numbers grouped by thousands, others
    with their own digits (at most 15 significant), in the language's format.

    >>> as_given(2099.0, "en"), as_given(6.8169, "id"), as_given(0.5, "en")
    ('2,099', '6,8169', '0.5')
    """
    if float(value).is_integer():
        return whole_number(int(value), lang)
    return f"{value:.15g}".replace(".", DECIMAL[lang])


def p_used(p: float, lang: str) -> str:
    """A printed p (or its censoring limit) as a conversion into t took it: three decimals,
    four below 0.001.

    >>> p_used(0.05, "id"), p_used(0.0005, "en")
    ('0,050', '0.0005')
    """
    return number(p, lang, 4 if p < 0.001 else 3)


def zero_print_bound(bound: float, places: int, lang: str) -> str:
    """The bound a p printed as zero with ``places`` decimals stands for, with one decimal more
    than the print; beyond twelve, written in the print's own way, since a float would show 0.

    >>> zero_print_bound(0.0005, 3, "id"), zero_print_bound(0.0, 400, "en")
    ('0,0005', '5e-401')
    """
    if places > 12:
        return f"5e-{places + 1}"
    return number(bound, lang, max(places + 1, 0))


def runs_listed(runs: list[list[int]], up_to: int = 10) -> str:
    """Whole numbers given as runs ``[first, last]``: all of them when at most ``up_to``, else
    each run written as first-last.

    >>> runs_listed([[0, 3]]), runs_listed([[0, 39], [45, 45]])
    ('0, 1, 2, 3', '0-39, 45')
    """
    if sum(last - first + 1 for first, last in runs) <= up_to:
        return ", ".join(str(n) for first, last in runs for n in range(first, last + 1))
    return ", ".join(str(first) if first == last else f"{first}-{last}" for first, last in runs)


def percentage(fraction: float, lang: str, decimals: int = 0) -> str:
    """A fraction as a percentage.

    >>> percentage(0.7, "id"), percentage(0.125, "en", 1)
    ('70%', '12.5%')
    """
    return number(100 * fraction, lang, decimals) + "%"


def plotly_separators(lang: str) -> str:
    """Plotly's ``separators`` for the language: its decimal separator, then its thousands one.

    >>> plotly_separators("id"), plotly_separators("en")
    (',.', '.,')
    """
    return DECIMAL[lang] + THOUSANDS[lang]


def spaced_count(n: int | None) -> str:
    """A count in a PRISMA box: thousands set apart by a narrow space, as in both languages'
    PRISMA 2020 templates; ``?`` where unknown.

    >>> spaced_count(12345), spaced_count(None)
    ('12\u202f345', '?')
    """
    return "?" if n is None else f"{n:,}".replace(",", "\u202f")


def effect_bound(low: float, high: float, lang: str, decimals: int = 2) -> str:
    """A one-sided bound on an effect, ``≥ 0.35`` or ``≤ -0.20``: the bound is ``low`` where
    it is given, else ``high``.

    >>> effect_bound(0.35, float("nan"), "en"), effect_bound(float("nan"), -0.2, "id")
    ('≥ 0.35', '≤ -0,20')
    """
    if low is not None and not math.isnan(low):
        return "\u2265 " + number(low, lang, decimals)
    return "\u2264 " + number(high, lang, decimals)


def statement(name: str, shown: str) -> str:
    """``name = value``, or ``name < value`` where the value is shown as an inequality.

    >>> statement("p", "0.0156"), statement("tau²", "< 0.001")
    ('p = 0.0156', 'tau² < 0.001')
    """
    return f"{name} {shown}" if shown.startswith(("<", ">", "\u2264", "\u2265")) else f"{name} = {shown}"


def p_value(p: float | None, lang: str) -> str:
    """A computed p for prose: three significant digits (at most four decimals), or a bound
    below 0.0001; ``?`` where there is none.

    >>> p_value(0.015625, "en"), p_value(0.0703125, "id"), p_value(9.5e-7, "en"), p_value(None, "en")
    ('0.0156', '0,0703', '< 0.0001', '?')
    """
    if p is None or math.isnan(p):
        return "?"
    if p < P_FLOOR:
        return "< " + number(P_FLOOR, lang, 4)
    decimals = max(0, 2 - math.floor(math.log10(p))) if p > 0 else 4
    return number(p, lang, min(decimals, 4))


def p_statement(p: float | None, lang: str) -> str:
    """``p = 0.0156`` or ``p < 0.0001``, for a sentence.

    >>> p_statement(0.015625, "id"), p_statement(9.5e-7, "en")
    ('p = 0,0156', 'p < 0.0001')
    """
    return statement("p", p_value(p, lang))


def tau2_value(tau2: float, lang: str) -> str:
    """A between-study variance: 0 where it is estimated as zero, ``< 0.001`` where it is
    smaller, else two significant digits.

    >>> tau2_value(0.0, "en"), tau2_value(0.00019, "en"), tau2_value(0.0019, "id"), tau2_value(0.3132, "en")
    ('0', '< 0.001', '0,0019', '0.31')
    >>> tau2_value(1.234, "en"), tau2_value(35.1, "en")
    ('1.2', '35')
    """
    if tau2 == 0:
        return "0"
    if tau2 < TAU2_FLOOR:
        return "< " + number(TAU2_FLOOR, lang, 3)
    return number(tau2, lang, max(0, 1 - math.floor(math.log10(tau2))))


def i2_value(i2: float, lang: str) -> str:
    """I² as a whole percentage, never rounded onto 0% or 100% when it is neither.

    >>> i2_value(54.4, "id"), i2_value(0.0, "en"), i2_value(0.3, "en"), i2_value(99.96, "en")
    ('54%', '0%', '< 1%', '> 99%')
    """
    if 0 < i2 < 0.5:
        return "< 1%"
    if 99.5 <= i2 < 100:
        return "> 99%"
    return number(i2, lang, 0) + "%"


def decimals_off(values, null: float, decimals: int = 2, most: int = 4) -> int:
    """The decimals to show ``values`` with so that none that differs from ``null`` is rounded
    onto it: an interval from 0.996 does not read "1.00", as if it touched the null.

    >>> decimals_off([1.05, 0.996, 1.12], 1.0), decimals_off([-0.05, -0.0012], 0.0), decimals_off([0.4, 0.9], 1.0)
    (3, 3, 2)
    """
    finite = [v for v in values if v is not None and math.isfinite(v) and v != null]
    for shown in range(decimals, most + 1):
        if all(round(v, shown) != null for v in finite):
            return shown
    return most
