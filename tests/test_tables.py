"""File-level problems name the file and the line; nothing is half-read."""

import pytest

from evsynth import paths
from evsynth.errors import InvalidData
from evsynth.inputs.studies import load_studies
from evsynth.inputs.text_tables import read_text_table


def only_problem(path):
    with pytest.raises(InvalidData) as caught:
        read_text_table(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    return problem


def test_not_utf8_names_the_line_of_the_bad_byte(tmp_path):
    path = tmp_path / "studies.csv"
    path.write_bytes("study_id,outcome_id\na,b\nDa\xf0li,c\n".encode("latin-1"))
    problem = only_problem(path)
    assert problem.line == 3 and "UTF-8" in problem.expected


def test_an_empty_file_is_not_a_table(tmp_path):
    (tmp_path / "studies.csv").write_text("", encoding="utf-8")
    problem = only_problem(tmp_path / "studies.csv")
    assert problem.line == 1 and "header row" in problem.expected


def test_a_ragged_row_names_its_row_and_line(tmp_path):
    (tmp_path / "t.csv").write_text('a,b,c\n1,2,3\n"x\ny",2\n4,5,6\n', encoding="utf-8")
    problem = only_problem(tmp_path / "t.csv")
    assert (problem.row, problem.line) == (3, 4)  # a quoted newline makes row and line differ
    assert "3 cells" in problem.expected


def test_a_binary_file_is_not_a_table(tmp_path):
    (tmp_path / "t.csv").write_bytes(b"a,b\n\x00\x01\x02,3\n")
    assert "not a binary file" in only_problem(tmp_path / "t.csv").expected


def test_a_file_that_is_not_a_workbook(tmp_path):
    (tmp_path / "t.xlsx").write_text("a,b\n1,2\n", encoding="utf-8")
    assert "valid XLSX" in only_problem(tmp_path / "t.xlsx").expected


def test_a_missing_file(tmp_path):
    assert "existing file" in only_problem(tmp_path / "nowhere.csv").expected


def test_a_repeated_column_name(tmp_path):
    (tmp_path / "t.csv").write_text("a,b,a\n1,2,3\n", encoding="utf-8")
    problem = only_problem(tmp_path / "t.csv")
    assert (problem.row, problem.column) == (1, "a")


def test_an_unnamed_column(tmp_path):
    (tmp_path / "t.csv").write_text("a,,c\n1,2,3\n", encoding="utf-8")
    problem = only_problem(tmp_path / "t.csv")
    assert (problem.row, problem.column) == (1, "#2")


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "studies.csv"
    path.write_bytes(b"\xef\xbb\xbf" + paths.STUDIES.read_bytes())
    assert list(load_studies(path).columns[:2]) == ["study_id", "outcome_id"]


def test_blank_rows_are_skipped_but_keep_the_numbering(tmp_path):
    (tmp_path / "t.csv").write_text("a,b\n1,2\n,\n3,4\n", encoding="utf-8")
    table = read_text_table(tmp_path / "t.csv")
    assert table.index.tolist() == [2, 4]
    assert table["a"].tolist() == ["1", "3"]
