"""The run's parameters, defined once: each one's default, what it accepts, and what it does.

A notebook's parameters cell declares the ones it uses with these defaults (the catalogue,
``outputs.yml``, says which; ``tests/test_catalogue.py`` checks both), and ``evsynth run -p``
checks a value here before any notebook runs. The input files are not parameters: they
have options of their own (``--studies``...).

The vocabularies give the allowed measures and methods, so every rule names the same
choices the statistics implement.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

from evsynth.vocabulary import BINARY_MEASURES, CONTINUOUS_MEASURES, RR, SMD, TAU2_METHODS


@dataclass(frozen=True)
class Parameter:
    """One parameter: its default, the rule its values follow and the rule in words."""

    default: object
    allowed: Callable[[object], bool]
    expected: str
    meaning: str


def _one_of(choices: tuple[str, ...]) -> dict:
    return {"allowed": lambda value: isinstance(value, str) and value in choices,
            "expected": "one of " + ", ".join(choices)}


_BOOLEAN = {"allowed": lambda value: isinstance(value, bool), "expected": "true or false"}

PARAMETERS = {
    "alpha": Parameter(
        0.05, lambda value: isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        and 0 < value < 1, "a number strictly between 0 and 1, e.g. 0.05",
        "the significance level against which the audit reads a printed p"),
    "binary_measure": Parameter(RR, **_one_of(BINARY_MEASURES),
                                meaning="the effect measure shown and pooled for two-group binary outcomes"),
    "continuous_measure": Parameter(SMD, **_one_of(CONTINUOUS_MEASURES),
                                    meaning="the effect measure shown and pooled for two-group continuous outcomes"),
    "tau2_method": Parameter("REML", **_one_of(TAU2_METHODS),
                             meaning="the estimator of the between-study variance of a pooled estimate"),
    "hksj": Parameter(False, **_BOOLEAN, meaning="the Hartung-Knapp-Sidik-Jonkman adjustment of a pooled interval"),
    "pool_uncontrolled": Parameter(False, **_BOOLEAN,
                                   meaning="pool one-group studies' changes from baseline too (not effects)"),
    "static_figures": Parameter(True, **_BOOLEAN,
                                meaning="export PNG beside the HTML figures (the PDF and DOCX show them)"),
}


#: Each parameter's default, for a function's signature to default to the run's.
DEFAULTS = {name: parameter.default for name, parameter in PARAMETERS.items()}


def check(overrides: dict) -> None:
    """Refuse an unknown parameter or a value its rule does not allow.

    Raises
    ------
    ValueError
        Naming the parameter, the value found and the values allowed.

    Examples
    --------
    >>> check({"alpha": 0.01, "hksj": True})
    >>> check({"alpha": 5})
    Traceback (most recent call last):
    ...
    ValueError: -p alpha=5: expected a number strictly between 0 and 1, e.g. 0.05
    """
    unknown = sorted(set(overrides) - set(PARAMETERS))
    if unknown:
        raise ValueError(f"unknown parameter(s) {', '.join(unknown)}; -p takes: {', '.join(sorted(PARAMETERS))} "
                         "(input files have their own options)")
    for name, value in overrides.items():
        if not PARAMETERS[name].allowed(value):
            raise ValueError(f"-p {name}={value!r}: expected {PARAMETERS[name].expected}")
