"""Careless values given on the command line (issue #22): ``evsynth run -p KEY=VALUE`` reads a
number as Python does and refuses a value that is not plain, naming the parameter.

Careless and hostile input files (a YAML alias bomb, unsafe tags, infinite numbers, a duplicate
key, a CSV with old line endings...) are cases in ``tests/cases/``, with the others."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("pair,expected", [("alpha=5e-1", 0.5), ("alpha=1e-300", 1e-300), ("alpha=0.01", 0.01),
                                           ("hksj=true", True), ("tau2_method=DL", "DL"), ("max=3", 3)])
def test_parameters_read_numbers_as_python_does(pair, expected):
    from evsynth.__main__ import _parameters

    assert _parameters([pair]) == {pair.split("=")[0]: expected}


@pytest.mark.parametrize("pair", ["alpha=!!python/object/apply:os.system ['echo hi']", "alpha=[1", "alpha=&a 1"])
def test_a_malformed_parameter_is_refused_by_name(pair):
    from evsynth.__main__ import _parameters

    with pytest.raises(ValueError, match="-p alpha: .* is not a plain value"):
        _parameters([pair])
