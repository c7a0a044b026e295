"""The introduction's figures, each with the source the manuscript attributes it to.

They are shown, never recomputed: the book takes them from ``data/background.yml``
with their citation instead of typing them into the prose.
"""

from __future__ import annotations

from pathlib import Path

from evsynth.errors import InvalidData, Problem
from evsynth.inputs.yamlfile import load_yaml_list
from evsynth.paths import shown

FIELDS = {"id", "label_id", "label_en", "value", "unit", "sources", "note"}
UNITS = ("percent", "percentage_points", "times", "cc")


def load_background(path: Path | str, references: set[str] | None = None) -> list[dict]:
    """Load the background figures: a list under ``figures``, each with the keys in
    :data:`FIELDS` (``note`` optional), ``sources`` being BibTeX keys."""
    name = shown(Path(path))
    figures, lines = load_yaml_list(path, "figures")
    problems = []
    seen = set()
    for i, figure in enumerate(figures):
        where = lines[("figures", i)]
        if not isinstance(figure, dict) or not FIELDS - {"note"} <= set(figure) <= FIELDS:
            problems.append(Problem(name, "keys " + ", ".join(sorted(FIELDS)) + " (note optional)",
                                    line=where, column=f"figures[{i + 1}]"))
            continue
        if figure["id"] in seen:
            problems.append(Problem(name, "a unique id", line=where, column="id", value=figure["id"]))
        seen.add(figure["id"])
        values = figure["value"] if isinstance(figure["value"], list) else [figure["value"]]
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            problems.append(Problem(name, "a number, or a list of numbers", line=lines[("figures", i, "value")],
                                    column="value", value=figure["value"]))
        if figure["unit"] not in UNITS:
            problems.append(Problem(name, "one of: " + " | ".join(UNITS), line=lines[("figures", i, "unit")],
                                    column="unit", value=figure["unit"]))
        sources = figure["sources"]
        if not isinstance(sources, list) or not sources or (
                references is not None and not set(sources) <= references):
            problems.append(Problem(name, "a non-empty list of BibTeX keys from the references file",
                                    line=lines[("figures", i, "sources")], column="sources", value=sources))
    if problems:
        raise InvalidData(problems)
    return figures
