"""Hostile and careless input files (issue #22): every YAML input goes through one strict loader, and
a CSV with old line endings reads like any other; a bad file gets a clear error naming the file
and line, never a traceback, a hang or a silently dropped value."""

from __future__ import annotations

import time

import pytest

from evsynth.errors import InvalidData
from evsynth.inputs.yamlfile import load_yaml

#: An alias bomb of 9 levels: about 1 KB that expands to 9^9 (387 million) items.
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))


@pytest.mark.parametrize("text,expected,line", [
    (BOMB, "anchors and aliases (& and *) are not allowed", 1),
    ("outcomes:\n  - domain: !!python/object/apply:os.system ['echo hi']\n", "could not determine a constructor", 2),
    ("outcomes:\n  - domain: !foo x\n", "could not determine a constructor", 2),
    ("figures:\n  - value: .inf\n", "a finite number", 2),
    ("figures:\n  - value: -.inf\n", "a finite number", 2),
    ("figures:\n  - value: .nan\n", "a finite number", 2),
    ("outcomes:\n  - domain: a\n    domain: b\n", "the key 'domain' appears twice", 3),
])
def test_a_dangerous_or_careless_file_is_refused_with_its_line(tmp_path, text, expected, line):
    path = tmp_path / "grade.yml"
    path.write_text(text, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(InvalidData) as raised:
        load_yaml(path)
    assert time.monotonic() - started < 5  # the bomb is refused before anything expands
    [problem] = raised.value.problems
    assert problem.file.endswith("grade.yml") and expected in problem.expected and problem.line == line


def test_a_plain_file_still_loads_with_its_lines(tmp_path):
    path = tmp_path / "background.yml"
    path.write_text("figures:\n  - id: x\n    value: 11.5\n", encoding="utf-8")
    data, lines = load_yaml(path)
    assert data == {"figures": [{"id": "x", "value": 11.5}]} and lines[("figures", 0, "value")] == 3


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


def test_a_csv_with_carriage_returns_alone_loads_like_any_other(tmp_path):
    # classic spreadsheet CSV export ends lines with \r only: read as rows, not one long header
    from evsynth import paths
    from evsynth.inputs.studies import load_studies

    lines = paths.STUDIES.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "studies.csv"
    path.write_bytes("\r".join(lines).encode("utf-8") + b"\r")
    assert load_studies(path).equals(load_studies(paths.STUDIES))
