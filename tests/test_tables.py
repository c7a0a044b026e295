"""Tables read and written. Read: file-level problems name the file and the line; nothing is
half-read. Written: a book table leaves out what no study reported and says it once under the
table, and a long assumption or reason is a numbered note under it; the downloads keep every column."""

import csv
import json
import subprocess

import pypandoc
import pytest
from datafiles import BCG_REFERENCES, BCG_STUDIES, TEST_DATA

from evsynth import paths
from evsynth.audit.recheck import audit
from evsynth.book import table_notes
from evsynth.book.table_notes import LONG_ASIDE, Aside, Parts
from evsynth.book.tables import book_table, context_table, write_book_tables
from evsynth.errors import InvalidData
from evsynth.inputs import load_inputs
from evsynth.inputs.studies import load_studies
from evsynth.inputs.text_tables import read_text_table
from evsynth.synthesis import synthesise


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


# ----------------------------------------------------------------------------- the book's tables: what they leave out

REVIEW = load_inputs(paths.STUDIES, paths.REFERENCES)
BCG = load_inputs(BCG_STUDIES, BCG_REFERENCES)
HOSTILE = [line for line in (TEST_DATA / "hostile-text.txt").read_text(encoding="utf-8").splitlines() if line]
PANDOC = pypandoc.get_pandoc_path()
# the reader the table shortcode passes to pandoc.read (_extensions/evsynth/evsynth.lua)
LUA_READER = next(line.split('"')[1] for line in (paths.ROOT / "_extensions" / "evsynth" / "evsynth.lua")
                  .read_text(encoding="utf-8").splitlines() if line.startswith("local TABLE_MARKDOWN"))


def blocks(markdown: str, reader: str) -> list[dict]:
    """pandoc's blocks of ``markdown``, as JSON."""
    done = subprocess.run([PANDOC, "-f", reader, "-t", "json"], input=markdown, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)["blocks"]


def words(node) -> str:
    """The text a reader sees in inlines; fails on anything but text (a link, raw HTML, a note...)."""
    if isinstance(node, list):
        return "".join(map(words, node))
    kind, content = node["t"], node.get("c")
    straight = {"’": "'", "‘": "'", "“": '"', "”": '"'}
    if kind == "Str":
        return "".join(straight.get(c, c) for c in content)
    if kind in ("Space", "SoftBreak"):
        return " "
    if kind == "Quoted":
        mark = "'" if content[0]["t"] == "SingleQuote" else '"'
        return mark + words(content[1]) + mark
    raise AssertionError(f"{kind} where only text was expected")


@pytest.mark.parametrize("lang,table", [
    ("en", "| Study |\n|:---|\n| A 2020 |\n| B 2021 |\n\nNo study reported the test and the p-value.\n"),
    ("id", "| Studi |\n|:---|\n| A 2020 |\n| B 2021 |\n\nTidak ada studi yang melaporkan uji statistik dan nilai p.\n"),
])
def test_columns_no_study_reports_leave_the_table_for_one_line_under_it(lang, table):
    # "not named" (a test) and "not reported" (a p) both say the source is silent; so does an empty cell
    silent = {"en": ("not named", "not reported"), "id": ("tidak disebut", "tidak dilaporkan")}[lang]
    rows = [["A 2020", silent[0], silent[1]], ["B 2021", "", silent[1]]]
    assert book_table(rows, lang, ["study", "test", "p_printed"]) == table


def test_a_column_one_study_reports_stays_whole():
    rows = [["A 2020", "not reported"], ["B 2021", "0,016"]]
    assert book_table(rows, "en", ["study", "p_printed"]) == \
        "| Study | p (as printed) |\n|:---|:---|\n| A 2020 | not reported |\n| B 2021 | 0,016 |\n"


def test_a_column_the_line_could_not_name_stays():
    # the catalogue names no recomputed effect for the line: leaving the column out would hide what is missing
    rows = [["A 2020", "not reported"]]
    assert book_table(rows, "en", ["study", "effect_recomputed"]) == \
        "| Study | Effect recomputed (basis) |\n|:---|:---|\n| A 2020 | not reported |\n"


def test_a_table_of_no_row_keeps_its_header():
    assert book_table([], "en", ["study", "setting"]) == "| Study | Setting |\n|:---|:---|\n"


@pytest.mark.parametrize("lang,triansyah,triveni,line", [
    ("en", "| Triansyah 2021 | Adequate breast milk production | one group, before/after, 30 | "
           "Setting: Lawanga public health centre area, Poso District |",
     "| Triveni 2024 | Increase in breast milk volume (cc) | one group, before/after, 18 | Setting: not reported |",
     "No study reported the timing and co-interventions."),
    ("id", "| Triansyah 2021 | Produksi ASI cukup | satu kelompok, sebelum/sesudah, 30 | "
           "Tempat: wilayah kerja Puskesmas Lawanga, Kabupaten Poso |",
     "| Triveni 2024 | Peningkatan volume ASI (cc) | satu kelompok, sebelum/sesudah, 18 | Tempat: tidak dilaporkan |",
     "Tidak ada studi yang melaporkan waktu dan intervensi penyerta."),
])
def test_a_part_no_study_reports_leaves_every_context_cell(lang, triansyah, triveni, line):
    # the review with no timing and no co-intervention in any row: the setting stays, "not reported" where silent
    studies = REVIEW.studies.copy()
    for column in ("timing_id", "timing_en", "co_intervention_id", "co_intervention_en"):
        studies[column] = ""
    table = context_table(studies, REVIEW.references, lang)
    lines = table.splitlines()
    assert triansyah in lines and triveni in lines
    assert lines[-2:] == ["", line] and len(lines) == 2 + len(studies) + 2
    assert ("Timing" if lang == "en" else "Waktu") not in table


@pytest.mark.parametrize("lang,context,characteristics,audited", [
    ("en", ("| Study | Outcome | Design, n |", "No study reported the setting, the timing and co-interventions."),
     ("| Study | Design | n | Outcome |", "No study reported the test and the p-value."),
     ("| Study | Outcome | Test and p recomputed | Verdict |", "No study reported the p-value.")),
    ("id", ("| Studi | Luaran | Desain, n |",
            "Tidak ada studi yang melaporkan tempat penelitian, waktu dan intervensi penyerta."),
     ("| Studi | Desain | n | Luaran |", "Tidak ada studi yang melaporkan uji statistik dan nilai p."),
     ("| Studi | Luaran | Uji dan p hasil hitung ulang | Penilaian |", "Tidak ada studi yang melaporkan nilai p.")),
])
def test_the_bcg_review_s_tables_say_once_what_no_trial_reported(lang, context, characteristics, audited, tmp_path):
    # dat.bcg gives counts only: no setting, timing, co-intervention, test or p in any of its 13 trials
    consistency = audit(BCG.studies)
    written = write_book_tables(tmp_path, BCG.studies, BCG.references, consistency, synthesise(BCG.studies))
    for name, (head, line) in (("context", context), ("characteristics", characteristics), ("audit", audited)):
        lines = written[f"{name}-{lang}"].splitlines()
        assert (lines[0], lines[-2:], len(lines)) == (head, ["", line], 2 + 13 + 2), name
        assert (tmp_path / f"{name}-{lang}.md").read_text(encoding="utf-8") == written[f"{name}-{lang}"]
    assert "not reported" not in written["context-en"] and "tidak dilaporkan" not in written["context-id"]
    # the download keeps every column, the printed p's too, though no trial printed one
    with open(tmp_path / f"consistency-{lang}.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 13 and {"p_reported", "reason", "assumption"} <= set(rows[0])
    assert {row["p_reported"] for row in rows} == {""}


LONG = "We assume that nobody got worse, as the study reports only how many participants improved (7 of 18 mothers)."


def test_a_long_assumption_is_one_numbered_note_under_the_table_however_many_rows_rest_on_it():
    assert len(LONG) > LONG_ASIDE
    rows = [["A 2020", Aside(f"0.23 (counts). {LONG}", "0.23 (counts)", (LONG,))],
            ["B 2021", Aside("0.10 (counts). Short.", "0.10 (counts)", ("Short.",))],
            ["C 2022", Aside(f"0.70 (counts). {LONG}", "0.70 (counts)", (LONG, ""))]]
    assert book_table(rows, "en", header=["Study", "Effect"]) == (
        "| Study | Effect |\n|:---|:---|\n| A 2020 | 0.23 (counts) \\[1\\] |\n| B 2021 | 0.10 (counts). Short. |\n"
        f"| C 2022 | 0.70 (counts) \\[1\\] |\n\n\\[1\\] {LONG}\n")


def test_long_is_more_than_the_stated_number_of_characters():
    at, over = "x" * LONG_ASIDE, "y" * (LONG_ASIDE + 1)
    rows = [["A", Aside(f"v. {at}", "v", (at,))], ["B", Aside(f"w. {over}", "w", (over,))]]
    assert table_notes.finished(["Study", "Effect"], rows, "en")[1:] == ([["A", f"v. {at}"], ["B", "w [1]"]],
                                                                         [f"[1] {over}"])


def test_notes_are_numbered_in_the_order_a_reader_meets_them_and_the_line_comes_first():
    first, second = LONG.replace("7 of 18", "3 of 9"), LONG
    rows = [["A", "", Aside("a", "a", (first, second))], ["B", "", Aside("b", "b", (second,))]]
    assert table_notes.finished(["Study", "Setting", "Effect"], rows, "en", [None, "setting", None])[1:] == (
        [["A", "a [1] [2]"], ["B", "b [2]"]], ["No study reported the setting.", f"[1] {first}", f"[2] {second}"])


@pytest.mark.parametrize("reader", ["markdown", LUA_READER])
def test_hostile_text_in_a_note_or_a_dropped_part_stays_text(reader):
    # the hostile strings of tests/data, each made long enough to be a note, beside parts that are all silent
    asides = [" ".join([text] * (LONG_ASIDE // len(text) + 2)) for text in HOSTILE]
    rows = [[text, Parts((("setting", text), ("timing", ""))), Aside(f"v. {aside}", "v", (aside,))]
            for text, aside in zip(HOSTILE, asides)]
    written = book_table(rows, "en", ["study", "context", "effect_recomputed"])
    assert "{{<" not in written and "{{%" not in written  # Quarto would run a shortcode
    table, line, *notes = blocks(written, reader)
    assert table["t"] == "Table" and [block["t"] for block in (line, *notes)] == ["Para"] * (1 + len(HOSTILE))
    assert words(line["c"]) == "No study reported the timing."
    assert [words(note["c"]) for note in notes] == [f"[{n}] {aside}" for n, aside in enumerate(asides, start=1)]
    body = table["c"][4][0][3]
    for row, text in zip(body, HOSTILE):
        assert [words(cell[4][0]["c"]) for cell in row[1]] == [text, f"Setting: {text}", "v [" + str(
            HOSTILE.index(text) + 1) + "]"]


@pytest.mark.parametrize("lang,effect,note", [
    ("en", "| paired difference 0.23 (0.08 to 0.38) (reconstructed counts) \\[1\\] |",
     '\\[1\\] The study reports how many participants improved on "Adequate breast milk production" but not how '
     "many got worse; we assume nobody got worse (worsened = 0)."),
    ("id", "| selisih berpasangan 0,23 (0,08 sampai 0,38) (jumlah hasil rekonstruksi) \\[1\\] |",
     '\\[1\\] Studi melaporkan berapa peserta yang membaik pada "Produksi ASI cukup", tetapi tidak melaporkan berapa '
     "yang memburuk; kami mengasumsikan tidak ada yang memburuk (memburuk = 0)."),
])
def test_triansyah_s_assumption_is_note_one_of_the_results_table_and_stays_whole_in_the_download(
        review_run, lang, effect, note):
    # 7 improved, the worsened not reported: the interval assumes 0 worsened (data/studies.csv, Triansyah's row)
    out, _ = review_run
    table = (out / "tables" / f"results-{lang}.md").read_text(encoding="utf-8")
    triansyah = next(line for line in table.splitlines() if line.startswith("| Triansyah 2021 |"))
    assert triansyah.endswith(effect)
    assert table.splitlines().count(note) == 1 and table.count(note.split("] ", 1)[1]) == 1
    with open(out / "tables" / f"effects-{lang}.csv", encoding="utf-8-sig", newline="") as handle:
        download = next(row for row in csv.DictReader(handle) if row["study_id"] == "triansyah2021")
    assert note.split("] ", 1)[1] in download["assumption"]


def test_agustia_s_two_outcomes_share_the_note_of_their_one_assumed_split(review_run):
    # both outcomes rest on the same 22/22 split of 44 mothers: one note, cited from both rows
    out, _ = review_run
    table = (out / "tables" / "audit-full-en.md").read_text(encoding="utf-8").splitlines()
    agustia = [line.rsplit(" | ", 1)[1] for line in table if line.startswith("| Agustia 2025 |")]
    marks = [cell.removesuffix(" |").split(" \\[")[1:] for cell in agustia]
    assert len(marks) == 2 and marks[0][-1] == marks[1][-1] and marks[0][0] != marks[1][0]
    shared = "\\[" + marks[0][-1] + " The study does not give the size of each group; we took 22 and 22 people"
    assert sum(line.startswith(shared) for line in table) == 1
