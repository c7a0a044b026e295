"""Read a YAML file and remember the line of every key, for messages that point at it."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from evsynth.errors import InvalidData, Problem
from evsynth.inputs.text_tables import decode_text
from evsynth.paths import shown

Lines = dict[tuple, int]


class StrictLoader(yaml.SafeLoader):
    """The safe loader with YAML 1.2's plain scalars (as pandoc and Quarto read them), stricter:
    no anchors or aliases (a few bytes of nested aliases expand to gigabytes), no duplicate
    key (the first would be lost without a word), no infinite or NaN number; a tag the safe
    loader does not know is refused as it is.

    YAML 1.2's core schema, not PyYAML's 1.1: ``5e-1`` is a number, ``yes``, ``on`` and
    ``1_000`` and ``2021-01-01`` are text, ``010`` is ten.
    """

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent) or getattr(self.peek_event(), "anchor", None):
            raise yaml.composer.ComposerError(None, None, "anchors and aliases (& and *) are not allowed",
                                              self.peek_event().start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} appears twice",
                                                        key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_float(self, node):
        value = super().construct_yaml_float(node)
        if value != value or value in (float("inf"), float("-inf")):
            raise yaml.constructor.ConstructorError(None, None, "a finite number", node.start_mark)
        return value


    def construct_yaml_int(self, node):
        text = self.construct_scalar(node)
        base = {"0o": 8, "0x": 16}.get(text[:2], 10)
        return int(text[2:] if base != 10 else text, base)

    def construct_yaml_bool(self, node):
        return self.construct_scalar(node).lower() == "true"


# YAML 1.2's core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution) in place of 1.1's
_CORE_SCHEMA = {
    "bool": (r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    "int": (r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    "float": (r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
              "-+.0123456789"),
    "null": (r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
}
StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag.rsplit(":", 1)[1] not in (*_CORE_SCHEMA, "timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
for _name, (_pattern, _first) in _CORE_SCHEMA.items():
    StrictLoader.add_implicit_resolver(f"tag:yaml.org,2002:{_name}", re.compile(_pattern), list(_first))
StrictLoader.add_constructor("tag:yaml.org,2002:float", StrictLoader.construct_yaml_float)
StrictLoader.add_constructor("tag:yaml.org,2002:int", StrictLoader.construct_yaml_int)
StrictLoader.add_constructor("tag:yaml.org,2002:bool", StrictLoader.construct_yaml_bool)


def strict_load(text: str):
    """The data of one YAML document under :class:`StrictLoader`, and its root node.

    >>> strict_load("a: [1, 2]")[0]
    {'a': [1, 2]}
    >>> try:
    ...     strict_load("a: &x 1")
    ... except yaml.YAMLError as err:
    ...     print(err.problem, "on line", err.problem_mark.line + 1)
    anchors and aliases (& and *) are not allowed on line 1
    """
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


def load_yaml(path: Path | str) -> tuple[object, Lines]:
    """Load ``path`` safely; return the data and ``{key path: line}`` (1-based).

    A key path is the tuple of mapping keys and list positions leading to a value,
    e.g. ``("counts", "dbr_excluded", 0, "n")``.

    Raises
    ------
    InvalidData
        For a missing, undecodable, empty or invalid file (syntax, an unknown tag, an anchor or
        alias, a duplicate key, an infinite or NaN number), with its line.
    """
    path = Path(path)
    name = shown(path)
    if not path.is_file():
        raise InvalidData([Problem(name, "an existing YAML file", value=str(path))])
    text = decode_text(path.read_bytes(), name, advice="save the file as UTF-8",  # names the bad byte's line
                       kind="a YAML file saved as text")
    try:
        data, node = strict_load(text)
    except yaml.YAMLError as err:  # syntax, a tag, an alias, a duplicate key, a non-finite number
        mark = getattr(err, "problem_mark", None)
        raise InvalidData([Problem(name, f"valid YAML ({getattr(err, 'problem', err)})",
                                   line=mark.line + 1 if mark else None)]) from None
    if node is None:
        raise InvalidData([Problem(name, "a YAML mapping of keys to values, not an empty file", line=1)])
    lines: Lines = {}
    _record_lines(node, (), lines)
    return data, lines


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
