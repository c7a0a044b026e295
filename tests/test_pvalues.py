"""Parsing p as printed: relation, precision and the interval it stands for."""

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from evsynth.inputs.printed_p import parse_p

# (printed, relation, low, high, decimals): intervals worked by hand from the rounding rule
CASES = [
    ("0.016", "=", 0.0155, 0.0165, 3),
    ("0,016", "=", 0.0155, 0.0165, 3),
    ("0.000", "=", 0.0, 0.0005, 3),
    ("0,000", "=", 0.0, 0.0005, 3),
    ("<0.05", "<", 0.0, 0.05, 2),
    ("< 0.001", "<", 0.0, 0.001, 3),
    ("p=.04", "=", 0.035, 0.045, 2),
    ("P = 0,024", "=", 0.0235, 0.0245, 3),
    ("p-value = 0,000", "=", 0.0, 0.0005, 3),
    ("p ≤ 0.05", "<", 0.0, 0.05, 2),
    ("> 0.05", ">", 0.05, 1.0, 2),
    ("0.5", "=", 0.45, 0.55, 1),
]


@pytest.mark.parametrize("printed,relation,low,high,decimals", CASES)
def test_printed_p_becomes_an_interval(printed, relation, low, high, decimals):
    parsed = parse_p([printed]).iloc[0]
    assert parsed.parsed and parsed.relation == relation and parsed.decimals == decimals
    assert math.isclose(parsed.low, low, abs_tol=1e-12) and math.isclose(parsed.high, high, abs_tol=1e-12)


def test_zero_printed_is_flagged_as_censored():
    parsed = parse_p(["0.000", "0,016", "< 0.001"])
    assert parsed["zero_printed"].tolist() == [True, False, False]


def test_empty_is_not_reported_and_text_is_not_parsed():
    parsed = parse_p(["", "ns", "significant", None])
    assert parsed["reported"].tolist() == [False, True, True, False]
    assert not parsed["parsed"].any()
    assert parsed[["low", "high"]].isna().all().all()


def test_the_index_of_a_series_is_kept():
    parsed = parse_p(pd.Series(["0,016", "0,000"], index=[7, 9]))
    assert parsed.index.tolist() == [7, 9]


@given(st.lists(st.text(max_size=20), max_size=20))
def test_the_parser_never_fails_and_intervals_stay_in_0_1(texts):
    parsed = parse_p(texts)
    assert len(parsed) == len(texts)
    ok = parsed[parsed["parsed"]]
    assert ((ok["low"] >= 0) & (ok["low"] <= ok["high"]) & (ok["high"] <= 1)).all()


@given(st.floats(min_value=0, max_value=1), st.integers(min_value=1, max_value=6), st.sampled_from([".", ","]))
def test_a_rounded_p_lies_in_its_own_interval(p, decimals, separator):
    printed = f"{p:.{decimals}f}".replace(".", separator)
    parsed = parse_p([printed]).iloc[0]
    assert parsed.low - 1e-12 <= round(p, decimals) <= parsed.high + 1e-12
    assert parsed.low - 1e-12 <= p <= parsed.high + 1e-12
