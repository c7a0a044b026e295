"""Can a printed percentage come from a whole count out of n? (GRIM for percentages)

A percentage printed with ``d`` decimals covers an interval; a whole count ``k`` out
of ``n`` fits when 100 k / n falls in it. Arithmetic is done in integers, so no
floating-point rounding decides a verdict. Round-half-up is the standard; truncation
(95.45 printed as 95.4) is accepted only as a second, named rule.

References
----------
.. [1] Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test: A simple technique
   detects numerous anomalies in the reporting of results in psychology. Social
   Psychological and Personality Science, 8(4), 363-369.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RULES = ("round_half_up", "truncation")
#: Splits of a total into two groups tried one by one; beyond, :class:`TooManySplits`.
SPLIT_LIMIT = 100_000


class TooManySplits(ValueError):
    """More candidate splits than :data:`SPLIT_LIMIT`: ``count`` of them."""

    def __init__(self, count: int):
        self.count = count
        super().__init__(f"{count} candidate splits, more than {SPLIT_LIMIT}")


def _printed(text: str) -> tuple[int, int]:
    """A percentage as printed ("95,4", "22.7%") -> (digits as an integer, decimals)."""
    cleaned = text.replace("%", "").replace(",", ".").strip()
    whole, _, fraction = cleaned.partition(".")
    return int(whole + fraction), len(fraction)


def count_range(printed: str, n, rule: str, scale: int = 100, bounded: bool = True):
    """The range [k_min, k_max] of whole numbers k such that ``scale * k / n`` prints as
    ``printed`` under ``rule``; empty where k_min > k_max. ``n`` may be an array.

    With D the printed digits, d the decimals and u = scale * 10^d, round-half-up needs
    (2D - 1) n <= 2 u k < (2D + 1) n, and truncation D n <= u k < (D + 1) n. For a
    percentage (scale 100) k is a count, at most n; for a mean of whole-number
    items (scale 1, ``bounded=False``) k is their sum.
    """
    digits, decimals = _printed(printed)
    unit = scale * 10**decimals
    n = np.asarray(n)
    largest = int(n.max()) if n.size else 0
    # 64-bit integers where the products fit, else Python's exact integers (object arrays):
    # a long print or a huge n must not overflow silently into a wrong verdict
    fits = max(2 * digits + 1, 2 * unit) * max(largest, 1) < 2**62
    n = n.astype(np.int64 if fits else object)
    if rule == "round_half_up":
        low, high, step = (2 * digits - 1) * n, (2 * digits + 1) * n, 2 * unit
    elif rule == "truncation":
        low, high, step = digits * n, (digits + 1) * n, unit
    else:
        raise ValueError(f"unknown rule {rule!r}: expected one of {RULES}")
    as_array = lambda v: np.asarray(v, dtype=n.dtype)  # noqa: E731 -- a 0-d object array computes to a bare int
    k_min = np.maximum(as_array(-(-low // step)), 0)  # ceiling division in integers
    k_max = as_array((high - 1) // step)
    return k_min, (np.minimum(k_max, n) if bounded else k_max)


def grim_mean(printed: str, n: int, rule: str = "round_half_up") -> bool:
    """Whether a mean of ``n`` whole-number values can print as ``printed`` (the GRIM test).

    Examples
    --------
    A die rolled 20 times cannot average 3.48; 49 ratings cannot average 5.93:

    >>> grim_mean("3.48", 20), grim_mean("3.45", 20), grim_mean("5.93", 49)
    (False, True, False)
    """
    k_min, k_max = count_range(printed, n, rule, scale=1, bounded=False)
    return bool(k_min <= k_max)


def percent_rule(printed: str, n: int) -> str | None:
    """The first rule under which ``printed`` fits some k/n: round_half_up, truncation or None.

    >>> percent_rule("95,4", 22), percent_rule("22,7", 22), percent_rule("50", 10**20)
    ('truncation', 'round_half_up', 'round_half_up')
    """
    return next((rule for rule in RULES if _fits(*count_range(printed, n, rule))), None)


def _fits(k_min, k_max) -> bool:
    return bool(k_min <= k_max)


def _largest_unique_group(pcts: list[str]) -> int | None:
    """The largest group size at which every one of ``pcts`` can still give exactly one count.

    A percentage with d decimals stands for an interval n / (100 * 10^d) counts wide
    (half that at 0), which holds two whole counts once n >= 2 * 100 * 10^d; the bound
    taken is twice that, for margin. Only 100% is a single count at every n (by
    truncation), so it sets no bound; None where nothing does.
    """
    bounds = [4 * 100 * 10**places for digits, places in map(_printed, pcts) if digits != 100 * 10**places]
    return min(bounds) if bounds else None


@dataclass(frozen=True)
class Split:
    """Group sizes that make every printed percentage of a study a whole count."""

    n_1: int
    n_2: int
    rule: str
    counts_1: tuple[int, ...]
    counts_2: tuple[int, ...]


def reconstruct_groups(pcts_1: list[str], pcts_2: list[str], n_total: int) -> list[Split]:
    """Every split n_1 + n_2 = n_total under which all printed percentages are whole counts.

    Each percentage must give exactly one count; splits under round-half-up come
    first, then those fitting only under truncation, each ordered by |n_1 - n_2|.

    Raises
    ------
    TooManySplits
        Where more than :data:`SPLIT_LIMIT` splits would have to be tried (e.g. every
        percentage is 100 and n is huge).

    Examples
    --------
    Agustia & Camelia (2025): 44 mothers; 95,4% and 90,9% vs 22,7% and 22,7%.

    >>> reconstruct_groups(["95,4", "90,9"], ["22,7", "22,7"], 44)
    [Split(n_1=22, n_2=22, rule='truncation', counts_1=(21, 20), counts_2=(5, 5))]
    """
    if not pcts_1 or not pcts_2:
        return []
    # only group sizes at which every percentage can give one count are tried, so a large
    # n costs no more than its percentages' precision allows
    most_1, most_2 = _largest_unique_group(pcts_1), _largest_unique_group(pcts_2)
    low = max(1, n_total - most_2) if most_2 is not None else 1
    high = min(n_total - 1, most_1) if most_1 is not None else n_total - 1
    if high - low + 1 > SPLIT_LIMIT:
        raise TooManySplits(high - low + 1)
    n_1 = np.arange(low, high + 1, dtype=np.int64) if high >= low else np.array([], dtype=np.int64)
    n_2 = n_total - n_1
    for rule in RULES:
        ranges = [count_range(p, n_1, rule) for p in pcts_1] + [count_range(p, n_2, rule) for p in pcts_2]
        unique = np.logical_and.reduce([k_min == k_max for k_min, k_max in ranges])
        splits = [
            Split(int(n_1[i]), int(n_2[i]), rule,
                  tuple(int(k[i]) for k, _ in ranges[:len(pcts_1)]), tuple(int(k[i]) for k, _ in ranges[len(pcts_1):]))
            for i in np.flatnonzero(unique)
        ]
        if splits:  # truncation is considered only where rounding cannot explain the print
            return sorted(splits, key=lambda s: abs(s.n_1 - s.n_2))
    return []
