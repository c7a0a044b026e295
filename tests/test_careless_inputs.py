"""Careless values (issue #22): ``evsynth run -p KEY=VALUE`` reads a
number as Python does and refuses a value that is not plain, naming the parameter; an input
file's plain values are read as YAML 1.2 reads them.

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


@pytest.mark.parametrize("text,expected", [
    ("5e-1", 0.5), ("1e3", 1000.0), ("-2.5E+2", -250.0), (".5", 0.5), ("48", 48), ("010", 10), ("0o17", 15),
    ("0x1F", 31), ("true", True), ("False", False), ("~", None), ("null", None),
    # YAML 1.1 (PyYAML's default) reads these as a boolean, a number, a number and a date
    ("yes", "yes"), ("off", "off"), ("1_000", "1_000"), ("1:30", "1:30"), ("2021-01-01", "2021-01-01")])
def test_input_files_read_plain_values_as_yaml_1_2_does(text, expected):
    # as pandoc and Quarto read the same files (YAML 1.2 core schema, yaml.org/spec/1.2.2 section 10.3.2)
    from evsynth.inputs.yamlfile import strict_load

    [value] = strict_load(f"value: {text}\n")[0].values()
    assert value == expected and type(value) is type(expected)
