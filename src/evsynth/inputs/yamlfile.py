"""Read a YAML file and remember the line of every key, for messages that point at it."""

from __future__ import annotations

from pathlib import Path

import yaml

from evsynth.errors import InvalidData, Problem
from evsynth.inputs.text_tables import decode_text
from evsynth.paths import shown

Lines = dict[tuple, int]


def load_yaml(path: Path | str) -> tuple[object, Lines]:
    """Load ``path`` safely; return the data and ``{key path: line}`` (1-based).

    A key path is the tuple of mapping keys and list positions leading to a value,
    e.g. ``("counts", "dbr_excluded", 0, "n")``.

    Raises
    ------
    InvalidData
        For a missing, undecodable, empty or syntactically invalid file, with its line.
    """
    path = Path(path)
    name = shown(path)
    if not path.is_file():
        raise InvalidData([Problem(name, "an existing YAML file", value=str(path))])
    text = decode_text(path.read_bytes(), name, advice="save the file as UTF-8")  # names the bad byte's line
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise InvalidData([Problem(name, f"valid YAML ({getattr(err, 'problem', err)})",
                                   line=mark.line + 1 if mark else None)]) from None
    if node is None:
        raise InvalidData([Problem(name, "a YAML mapping of keys to values, not an empty file", line=1)])
    lines: Lines = {}
    _record_lines(node, (), lines)
    return yaml.safe_load(text), lines


def load_yaml_list(path: Path | str, key: str) -> tuple[list, Lines]:
    """The non-empty list under ``key`` of a YAML mapping, with the lines of :func:`load_yaml`.

    Raises
    ------
    InvalidData
        When the file holds no such list.
    """
    data, lines = load_yaml(path)
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise InvalidData([Problem(shown(Path(path)), f"a mapping with a non-empty list '{key}'", line=1)])
    return items, lines


def _record_lines(node: yaml.Node, where: tuple, lines: Lines) -> None:
    lines[where] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _record_lines(value, (*where, key.value), lines)
            lines[(*where, key.value)] = key.start_mark.line + 1  # the key's line, not its value's
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _record_lines(item, (*where, i), lines)
