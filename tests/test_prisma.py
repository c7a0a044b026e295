"""PRISMA flow files: counts are whole numbers or unknown, and the boxes add up."""

import pytest
from datafiles import TEST_DATA

from evsynth import paths
from evsynth.errors import InvalidData
from evsynth.inputs.prisma import arithmetic_errors, load_prisma

SYNTHETIC = TEST_DATA / "prisma-synthetic.yml"


def problems_of(path):
    with pytest.raises(InvalidData) as caught:
        load_prisma(path)
    return caught.value.problems


def test_the_review_flow_keeps_its_lost_counts_unknown():
    flow = load_prisma(paths.PRISMA)
    assert flow.counts["new_studies"] == 6
    known = {box for box, value in flow.counts.items() if value is not None and not isinstance(value, list)}
    # "sebanyak enam artikel ... dipilih": six articles, each the one report of its study
    assert known == {"new_studies", "total_studies", "new_reports", "total_reports"}
    assert flow.counts["new_reports"] == flow.counts["total_reports"] == 6
    assert [n for _, n in flow.counts["database_specific_results"]] == [None, None]
    assert flow.search["databases"] == ["Google Scholar", "PubMed"]
    assert flow.search["years"] == {"from": 2017, "to": 2025}


def test_a_complete_flow_adds_up():
    flow = load_prisma(SYNTHETIC)
    assert flow.total("dbr_excluded") == 10
    assert arithmetic_errors(flow) == []


@pytest.mark.parametrize(
    "old,new,box,expected",
    [
        ("records_screened: 95", "records_screened: 96", "records_screened",
         "records_screened = database_results + register_results - duplicates - excluded_automatic"
         " - excluded_other = 95"),
        ("dbr_assessed: 18", "dbr_assessed: 17", "dbr_assessed",
         "dbr_assessed = dbr_sought_reports - dbr_notretrieved_reports = 18"),
        ("{name: Database B, n: 50}", "{name: Database B, n: 51}", "database_results",
         "database_results = database_specific_results = 121"),
        ("other_assessed: 6", "other_assessed: 5", "other_assessed",
         "other_assessed = other_sought_reports - other_notretrieved_reports = 6"),
        ("new_reports: 10", "new_reports: 11", "new_reports",
         "new_reports = dbr_assessed - dbr_excluded + other_assessed - other_excluded = 10"),
        ("total_studies: 10", "total_studies: 12", "total_studies", "total_studies = new_studies"),
    ],
)
def test_a_box_that_does_not_add_up_is_named_with_its_line_and_rule(edited_text, old, new, box, expected):
    path = edited_text(SYNTHETIC, old, new)
    # a wrong box also breaks the rule of the box after it; both are reported
    (problem,) = [p for p in problems_of(path) if p.column == box]
    line = next(i for i, text in enumerate(path.read_text().splitlines(), start=1) if text.strip().startswith(box))
    assert problem.line == line
    assert expected in problem.expected


@pytest.mark.parametrize(
    "old,new,column,expected",
    [
        ("duplicates: 20", "duplicates: -1", "duplicates", "whole number >= 0, or null"),
        ("duplicates: 20", "duplicates: twenty", "duplicates", "whole number >= 0, or null"),
        ("duplicates: 20", "duplicates: 2.5", "duplicates", "whole number >= 0, or null"),
        ("duplicates: 20", "dupes: 20", "dupes", "a PRISMA 2020 box"),
        ("{reason: Wrong outcome, n: 4}", "{reason: Wrong outcome}", "other_excluded[1]", "'reason' and 'n'"),
        ("years: {from: 2010, to: 2020}", "years: {from: 2020, to: 2010}", "search.years", "from <= to"),
        ("other_methods: true", "other_methods: sometimes", "other_methods", "true or false"),
        ("note: Synthetic flow for tests.", "notes: Synthetic flow for tests.", "notes", "one of the keys"),
    ],
)
def test_a_malformed_value_names_its_line_and_key(edited_text, old, new, column, expected):
    path = edited_text(SYNTHETIC, old, new)
    problems = problems_of(path)
    line = next(i for i, text in enumerate(path.read_text().splitlines(), start=1) if new in text)
    assert any(p.column == column and p.line == line and expected in p.expected for p in problems), problems


def test_invalid_yaml_names_its_line(edited_text):
    path = edited_text(SYNTHETIC, "  duplicates: 20", "  duplicates: [20")
    (problem,) = problems_of(path)
    # the bracket opens on line 16; the parser notices it is never closed on line 17
    assert "valid YAML" in problem.expected and problem.line == 17


def test_an_empty_flow_file(tmp_path):
    (tmp_path / "prisma.yml").write_text("# nothing\n", encoding="utf-8")
    (problem,) = problems_of(tmp_path / "prisma.yml")
    assert problem.line == 1 and "not an empty file" in problem.expected


def test_unknown_counts_skip_only_the_rules_that_need_them(edited_text):
    # records_screened unknown: the rules before and after it still hold or fail on their own
    path = edited_text(SYNTHETIC, "records_screened: 95", "records_screened: null")
    flow = load_prisma(path)
    assert flow.total("records_screened") is None
    path = edited_text(SYNTHETIC, "dbr_assessed: 18", "dbr_assessed: null")
    assert arithmetic_errors(load_prisma(path)) == []


def test_the_review_flow_says_how_few_of_its_counts_are_known():
    # Figure 1 was lost: of the 14 counts the diagram shows, only the included studies and their reports
    # are known; the file holds each twice (new and total, 6 each), the diagram and this count once.
    # Notebook 01 prints "given (2 of 14 counts known)", and the alt text says the same two of 14
    flow = load_prisma(paths.PRISMA)
    assert flow.known_counts() == (2, 14)
    assert {box for box in flow.counts if flow.total(box) is not None} == {
        "new_studies", "new_reports", "total_studies", "total_reports"}


@pytest.mark.parametrize("flow", [paths.PRISMA, SYNTHETIC, TEST_DATA / "prisma2020-full.csv",
                                  paths.PACKAGE / "scaffold" / "data" / "prisma.yml"], ids=lambda p: p.name)
def test_the_known_counts_are_the_counts_the_diagram_draws(flow):
    # one definition for notebook 01 and the alt text: each count the diagram shows, once
    from evsynth.figures.prisma import drawn_counts
    from evsynth.inputs.prisma import load_flow
    flow = load_flow(flow)
    drawn = drawn_counts(flow, "en")
    assert ["?" if n is None else f"{n:,}".replace(",", "\u202f") for n in flow.diagram_counts()] == drawn
    assert flow.known_counts() == (sum(n != "?" for n in drawn), len(drawn))
