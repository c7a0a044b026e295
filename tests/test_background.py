"""The introduction's figures carry their attributed sources (background-figures.md)."""

import pytest

from evsynth import paths
from evsynth.errors import InvalidData
from evsynth.inputs.background import load_background
from evsynth.inputs.references import load_references

KEYS = set(load_references(paths.REFERENCES))


def test_the_figures_match_the_reference_sheet():
    figures = {f["id"]: f for f in load_background(paths.BACKGROUND, KEYS)}
    # values and sources as ../shared/reference/background-figures.md lists them
    expected = {
        "ebf_global": (48, ["who2023"]), "ebf_global_rise": (10, ["who2023"]),
        "wha_target_2025": (50, ["who2023"]), "collective_target_2030": (70, ["who2023"]),
        "ebf_indonesia_2017": (52, ["unicef2024"]), "ebf_indonesia_2023": (68, ["unicef2024"]),
        "early_initiation_global": (46, ["who2023", "unicef2024"]),
        "early_initiation_indonesia": (27, ["who2023", "unicef2024"]),
        "massage_milk_fold": (11.5, ["jannah2014"]), "massage_cortisol": (28, ["jannah2014"]),
        "massage_odds_primipara": (8, ["seri2019"]), "speos_volume": ([3.74, 2.04], ["fitriani2019"]),
    }
    assert {k: (f["value"], f["sources"]) for k, f in figures.items()} == expected


@pytest.mark.parametrize(
    "old,new,column",
    [
        ("unit: times\n    sources: [seri2019]", "unit: fold\n    sources: [seri2019]", "unit"),
        ("sources: [seri2019]", "sources: [nobody1999]", "sources"),
        ("value: 48", "value: forty-eight", "value"),
    ],
)
def test_a_bad_figure_is_named_with_its_line(edited_text, old, new, column):
    path = edited_text(paths.BACKGROUND, old, new)
    with pytest.raises(InvalidData) as caught:
        load_background(path, KEYS)
    (problem,) = caught.value.problems
    line = next(i for i, t in enumerate(path.read_text().splitlines(), start=1) if new.split("\n")[0] in t)
    assert (problem.column, problem.line) == (column, line)
