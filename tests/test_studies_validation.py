"""Validation of the extraction table: each malformed cell is named by row and column.

Rows are numbered as a spreadsheet shows them (header = row 1). In the review's table,
row 2 is Triansyah 2021 (n 30, events_pre 12, improved 7), row 3 Putri 2025 (n_1 10,
n_2 10, n_total 20), row 4 Triveni 2024, row 6 Pilaria 2018 (events_pre 6,
events_post 27), rows 7-8 Agustia 2025.
"""

import pandas as pd
import pytest

from evsynth import paths
from evsynth.errors import InvalidData
from evsynth.inputs.references import load_references
from evsynth.inputs.studies import load_studies

KEYS = set(load_references(paths.REFERENCES))

# (changes, row, column, words the expectation must contain)
MALFORMED = {
    "count is text": ({2: {"n_total": "abc"}}, 2, "n_total", "whole number"),
    "count is negative": ({2: {"n_total": "-5"}}, 2, "n_total", "whole number"),
    "count has decimals": ({2: {"n_total": "30.5"}}, 2, "n_total", "whole number"),
    "sample size zero": ({2: {"n_total": "0"}}, 2, "n_total", "at least 1"),
    "events above n": ({2: {"events_pre": "31"}}, 2, "events_pre", "events_pre <= n_total"),
    "improved above those who could improve": ({2: {"improved": "19"}}, 2, "improved", "n_total - events_pre"),
    "worsened above events_pre": ({2: {"worsened": "13"}}, 2, "worsened", "worsened <= events_pre"),
    "discordant pairs above n": ({6: {"improved": "21", "worsened": "10"}}, 6, "improved",
                                 "improved + worsened <= n_total"),
    "margins contradict discordant pairs": ({6: {"improved": "21", "worsened": "1"}}, 6, "events_post",
                                            "events_post = events_pre + improved - worsened"),
    "group events above group n": ({3: {"events_1": "11"}}, 3, "events_1", "events_1 <= n_1"),
    "groups larger than the total": ({3: {"n_1": "15"}}, 3, "n_1", "n_1 + n_2 <= n_total"),
    "unknown design": ({2: {"design": "rct"}}, 2, "design", "one_group_pre_post"),
    "unknown outcome type": ({2: {"outcome_type": "ordinal"}}, 2, "outcome_type", "binary | continuous"),
    "unknown direction": ({2: {"direction_reported": "positive"}}, 2, "direction_reported", "favours_intervention"),
    "boolean is not one": ({2: {"higher_is_better": "maybe"}}, 2, "higher_is_better", "true or false"),
    "p is a sentence": ({2: {"p_reported": "significant"}}, 2, "p_reported", "p token as printed"),
    "p above one": ({2: {"p_reported": "1,5"}}, 2, "p_reported", "from 0 to 1"),
    "percentage above 100": ({7: {"pct_1": "195,4"}}, 7, "pct_1", "from 0 to 100"),
    "percentage malformed": ({7: {"pct_1": "95.4.1"}}, 7, "pct_1", "percentage as printed"),
    "decimal comma in a real": ({4: {"mean_change": "8,25"}}, 4, "mean_change", "dot as decimal separator"),
    "negative standard deviation": ({4: {"sd_change": "-1"}}, 4, "sd_change", "standard deviation >= 0"),
    "correlation out of range": ({4: {"r_pre_post": "1.5"}}, 4, "r_pre_post", "from -1 to 1"),
    "empty study id": ({5: {"study_id": ""}}, 5, "study_id", "may not be empty"),
    "study id not a BibTeX key": ({5: {"study_id": "Supardi 2022"}}, 5, "study_id", "ASCII letters"),
    "study id missing from BibTeX": ({5: {"study_id": "nobody2020"}}, 5, "study_id", "BibTeX file"),
    "empty outcome id": ({5: {"outcome_id": ""}}, 5, "outcome_id", "may not be empty"),
    "outcome domain with spaces": ({5: {"outcome_domain": "milk production"}}, 5, "outcome_domain", "identifier"),
    "duplicate study x outcome": ({8: {"outcome_id": "lactation_onset"}}, 8, "outcome_id", "already in row 7"),
}


@pytest.mark.parametrize("changes,row,column,expected", MALFORMED.values(), ids=MALFORMED.keys())
def test_each_malformed_cell_is_named_by_row_and_column(edited_studies, changes, row, column, expected):
    path = edited_studies(changes)
    with pytest.raises(InvalidData) as caught:
        load_studies(path, KEYS)
    messages = [str(p) for p in caught.value.problems]
    hits = [m for m in messages if f"row {row}," in m and f"column {column!r}" in m and expected in m]
    assert hits, f"no message names row {row}, column {column!r} with {expected!r}:\n" + "\n".join(messages)
    assert all(m.startswith(f"{path}, ") for m in messages)


def test_every_problem_of_a_file_is_reported_at_once(edited_studies):
    path = edited_studies({2: {"n_total": "x", "design": "rct"}, 7: {"pct_2": "122,7"}, 5: {"p_reported": "?"}})
    with pytest.raises(InvalidData) as caught:
        load_studies(path, KEYS)
    where = {(p.row, p.column) for p in caught.value.problems}
    assert where == {(2, "n_total"), (2, "design"), (7, "pct_2"), (5, "p_reported")}


def test_the_message_shows_the_value_and_the_expectation(edited_studies):
    path = edited_studies({3: {"n_1": "ten"}})
    with pytest.raises(InvalidData) as caught:
        load_studies(path, KEYS)
    (problem,) = caught.value.problems
    assert str(problem) == (f"{path}, row 3, column 'n_1': found 'ten'; "
                            "expected a whole number >= 0 (digits 0-9 only)")


def test_the_review_table_loads_with_parsed_types():
    table = load_studies(paths.STUDIES, KEYS)
    assert table.index[0] == 2  # spreadsheet row numbers
    assert str(table["n_total"].dtype) == "Int64"
    assert str(table["mean_change"].dtype) == "Float64"
    assert str(table["higher_is_better"].dtype) == "boolean"
    assert table.loc[table.study_id == "triansyah2021", "p_reported"].item() == "0,016"  # kept as printed


def test_missing_required_columns_are_named_in_the_header_row(tmp_path):
    frame = pd.read_csv(paths.STUDIES, dtype=str, keep_default_na=False).drop(columns=["p_reported", "notes"])
    frame.to_csv(tmp_path / "studies.csv", index=False)
    with pytest.raises(InvalidData) as caught:
        load_studies(tmp_path / "studies.csv")
    assert {(p.row, p.column) for p in caught.value.problems} == {(1, "p_reported"), (1, "notes")}


def test_optional_columns_may_be_absent_and_extra_columns_are_kept(tmp_path):
    frame = pd.read_csv(paths.STUDIES, dtype=str, keep_default_na=False).drop(columns=["r_pre_post", "pct_post"])
    frame["country"] = "Indonesia"
    frame.to_csv(tmp_path / "studies.csv", index=False)
    table = load_studies(tmp_path / "studies.csv", KEYS)
    assert table["r_pre_post"].isna().all()
    assert (table["country"] == "Indonesia").all()


def test_a_header_only_table_is_a_review_not_yet_filled_in(tmp_path):
    # evsynth new starts a review with this table; the whole pipeline runs on it (tests/test_scaffold.py)
    header = paths.STUDIES.read_text(encoding="utf-8").splitlines()[0]
    (tmp_path / "studies.csv").write_text(header + "\n", encoding="utf-8")
    table = load_studies(tmp_path / "studies.csv")
    assert table.empty and {"study_id", "p_reported", "result_reported_en"} <= set(table.columns)


def test_xlsx_loads_and_reports_rows_as_the_spreadsheet_shows_them(tmp_path):
    frame = pd.read_csv(paths.STUDIES, dtype=str, keep_default_na=False)
    frame.loc[3, "n_total"] = "thirty"  # spreadsheet row 5
    frame.to_excel(tmp_path / "studies.xlsx", index=False)
    with pytest.raises(InvalidData) as caught:
        load_studies(tmp_path / "studies.xlsx", KEYS)
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column) == (str(tmp_path / "studies.xlsx"), 5, "n_total")


def test_xlsx_numbers_stored_as_numbers_load_like_text(tmp_path):
    frame = pd.read_csv(paths.STUDIES, dtype=str, keep_default_na=False)
    for column in ("n_total", "events_pre", "n_1", "mean_change"):
        frame[column] = pd.to_numeric(frame[column])
    frame.to_excel(tmp_path / "studies.xlsx", index=False)
    table = load_studies(tmp_path / "studies.xlsx", KEYS)
    assert table["n_total"].tolist() == load_studies(paths.STUDIES, KEYS)["n_total"].tolist()
    assert table.loc[table.study_id == "triveni2024", "mean_change"].item() == 8.25
