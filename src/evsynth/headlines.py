"""The headline numbers as plain text, for notebook cells that nbval checks.

Numbers are printed to a fixed number of significant digits, so that a change in the
data shows while the last bits of floating point do not.
"""

from __future__ import annotations

import math

import pandas as pd


def _g(value, digits: int = 6) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "NA"
    return f"{value:.{digits}g}" if isinstance(value, float) else str(value)


def audit_lines(result: pd.DataFrame) -> str:
    """One line per audited row: study, outcome, verdict, recomputed p, tipping point."""
    return "\n".join(
        f"{r.study_id} {r.outcome_id}: {r.verdict}, p = {_g(r.p_recomputed)}, tipping point {_g(r.tipping_point)}"
        for r in result.itertuples()
    )


def effect_lines(effects: pd.DataFrame) -> str:
    """One line per effect row: measure, estimate [CI], basis."""
    return "\n".join(
        f"{r.study_id} {r.outcome_id} {r.measure}: {_g(r.estimate)} [{_g(r.ci_low)}, {_g(r.ci_high)}] {r.basis}"
        for r in effects.itertuples()
    )


def synthesis_lines(votes: dict) -> str:
    return "\n".join(
        f"{domain}: k = {v['k']}, {v['n_favouring_intervention']} for, {v['n_favouring_control']} against, "
        f"sign test p = {_g(v['sign_test_p'])} (smallest attainable {_g(v['min_attainable_p'])})"
        for domain, v in votes.items()
    )


def pooling_lines(pooled: pd.DataFrame, decisions: pd.DataFrame) -> str:
    lines = [f"{r.outcome_domain} {r.measure} {r.method}: k = {r.k}, {_g(r.estimate)} [{_g(r.ci_low)}, "
             f"{_g(r.ci_high)}], tau2 = {_g(r.tau2)}, I2 = {_g(r.i2, 4)}%" for r in pooled.itertuples()]
    lines += [f"{r.outcome_domain} {r.design_group} {r.measure}: {'pooled' if r.pooled else 'not pooled'} (k = {r.k})"
              for r in decisions.itertuples()]
    return "\n".join(lines)
