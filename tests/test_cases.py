"""Hostile and edge-case inputs, kept as data: one file per case in ``tests/cases/``.

Each case says how to build its inputs from the review's own files and what must
happen: either ``validate`` rejects them with the named row, column and words, or the
run completes with the named verdict and effect basis for a row. A new case is one
new file; the format is documented in ``tests/cases/README.md``.

Cases that complete are checked with the functions the notebooks call (the audit, the
synthesis, the book's tables and values), in both languages; all of them that edit the
CSV table are then run together once through ``evsynth run``. Every case must be done
within :data:`TIME_BOUND` seconds.
"""

from __future__ import annotations

import csv
import io
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from conftest import evsynth, read_rows, write_rows

from evsynth import paths
from evsynth.__main__ import main
from evsynth.audit.recheck import audit
from evsynth.book.messages import LANGUAGES
from evsynth.book.tables import audit_table, characteristics_table, with_words
from evsynth.book.values import prose_values
from evsynth.errors import InvalidData
from evsynth.book.labels import study_label
from evsynth.inputs import load_inputs
from evsynth.synthesis import synthesise
from evsynth.synthesis.directions import outcome_directions

CASES = Path(__file__).parent / "cases"
CASE_FILES = sorted(CASES.glob("*.yaml"))
#: The review's other input files a case may give, by the name of their ``evsynth validate`` option.
OTHER_FILES = ("prisma", "appraisal", "background", "grade", "claims")
#: Seconds a case may take. A hostile file must be refused (or read) at once: a few bytes of YAML
#: aliases, say, could expand to gigabytes and keep a user's machine busy for minutes or for good.
#: Every case takes well under a second; the bound leaves room for a slow, busy machine.
TIME_BOUND = 10


def load_case(path: Path) -> dict:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(case) <= {"issue", "about", "studies", "references", "files", "expect"}, path.name
    assert set(case.get("files") or {}) <= set(OTHER_FILES), path.name
    assert case["expect"].get("validate") == "rejects" or case["expect"].get("run") == "completes", path.name
    return case


# ----------------------------------------------------------------------------- building the inputs

def build_studies(spec: dict | None, folder: Path) -> Path:
    """The study table a case describes: the review's CSV with cells changed, written as told, or an XLSX."""
    spec = spec or {}
    fieldnames, rows = read_rows(paths.STUDIES)
    for row, cells in (spec.get("edit") or {}).items():
        rows[row - 2].update({column: str(value) for column, value in cells.items()})
    if "xlsx" in spec:
        return build_xlsx(fieldnames, rows, spec["xlsx"], folder / "studies.xlsx")
    write = spec.get("write") or {}
    if not write and not spec.get("replace"):
        return write_rows(folder / "studies.csv", fieldnames, rows)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fieldnames, delimiter=write.get("delimiter", ","),
                            lineterminator=write.get("newline", "\n"))
    writer.writeheader()
    writer.writerows(rows)
    text = replaced(buffer.getvalue(), spec.get("replace"))
    encoding = write.get("encoding", "utf-8")
    bom = "\ufeff" if write.get("bom") else ""
    (folder / "studies.csv").write_bytes((bom + text).encode(encoding))
    return folder / "studies.csv"


def build_xlsx(fieldnames: list[str], rows: list[dict], spec: dict, path: Path) -> Path:
    """Every cell as text, then the case's cells: a value, a number with its format, or a formula."""
    import openpyxl
    from openpyxl.utils import column_index_from_string

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(fieldnames)
    for row in rows:
        sheet.append([row[c] for c in fieldnames])
    for row, cells in (spec.get("cells") or {}).items():
        for column, cell in cells.items():
            # a header name, else a spreadsheet letter (for a cell beyond the header)
            index = fieldnames.index(column) + 1 if column in fieldnames else column_index_from_string(column)
            target = sheet.cell(row, index)
            cell = cell if isinstance(cell, dict) else {"value": cell}
            target.value = cell.get("formula", cell.get("value"))  # openpyxl saves a formula without its result
            if "format" in cell:
                target.number_format = cell["format"]
    for cells in spec.get("merge") or []:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def build_references(spec: dict | None, folder: Path) -> Path:
    if not spec:
        return paths.REFERENCES
    text = replaced(paths.REFERENCES.read_text(encoding="utf-8"), spec.get("replace"))
    path = folder / "references.bib"
    path.write_bytes(text.encode(spec.get("encoding", "utf-8")))
    return path


def build_other(name: str, spec: dict, folder: Path) -> Path:
    """One of the review's other input files (``name`` as in :data:`OTHER_FILES`): the case's
    whole text, or the review's own file with replacements, saved under the review file's name."""
    own = getattr(paths, name.upper())
    text = spec["text"] if "text" in spec else replaced(own.read_text(encoding="utf-8"), spec.get("replace"))
    path = folder / own.name
    path.write_bytes(text.encode(spec.get("encoding", "utf-8")))
    return path


def replaced(text: str, pairs: list | None) -> str:
    for old, new in pairs or []:
        assert text.count(old) == 1, f"{old!r} must occur once"
        text = text.replace(old, new)
    return text


def build(case: dict, folder: Path) -> dict[str, Path]:
    """The case's input files, by the name of their ``evsynth validate`` option (and ``load_inputs`` argument)."""
    files = {"studies": build_studies(case.get("studies"), folder),
             "references": build_references(case.get("references"), folder)}
    return files | {name: build_other(name, spec, folder) for name, spec in (case.get("files") or {}).items()}


def validate_command(files: dict[str, Path]) -> list[str]:
    return ["validate", *(part for name, path in files.items() for part in (f"--{name}", str(path)))]


# ----------------------------------------------------------------------------- checking the outcome

def matches(problem, wanted: dict) -> bool:
    where = all(getattr(problem, key) == wanted[key] for key in ("row", "line", "column") if key in wanted)
    words = all(wanted[key] in str(getattr(problem, key)) for key in ("expected", "value") if key in wanted)
    return where and words and problem.file.endswith(wanted.get("file", problem.file))


def check_rejected(case: dict, files: dict[str, Path], capsys) -> None:
    with pytest.raises(InvalidData) as caught:
        load_inputs(**files)
    found, wanted_all = caught.value.problems, case["expect"]["problems"]
    for wanted in wanted_all:
        assert any(matches(p, wanted) for p in found), f"no problem like {wanted}:\n{caught.value.report()}"
    if case["expect"].get("only"):
        assert len(found) == len(wanted_all), f"other problems than those listed:\n{caught.value.report()}"
    # the command line says the same, and no traceback reaches the user
    assert main(validate_command(files)) == 1
    said = capsys.readouterr().err
    assert said.startswith(f"{len(found)} problem") and "Traceback" not in said


def check_completed(case: dict, files: dict[str, Path], capsys) -> None:
    assert main(validate_command(files)) == 0
    capsys.readouterr()
    inputs = load_inputs(**files)
    table, expect = inputs.studies, case["expect"]
    for row, cells in (expect.get("cells") or {}).items():
        for column, shown in cells.items():
            assert table.at[row, column] == shown, (row, column)
    for key, label in (expect.get("labels") or {}).items():
        assert study_label(key, inputs.references) == label
    # what notebooks 02, 03, 04 and 07 call
    audited, review = audit(table), synthesise(table)
    prose_values(audited, review)
    best = outcome_directions(review.effects).set_axis(table.index)
    best_words = review.effects.sort_values("row", kind="stable").groupby("row").first()
    for lang in LANGUAGES:
        consistency = with_words(audited, lang, table).set_axis(table.index)
        effects = with_words(review.effects, lang, table)
        assert consistency["reason"].str.strip().ne("").all(), "every verdict has its reason"
        audit_table(audited, table, inputs.references, lang, with_reasons=True)
        characteristics_table(table, inputs.references, lang)
        for row, wanted in (expect.get("rows") or {}).items():
            if "verdict" in wanted:
                assert consistency.at[row, "verdict"] == wanted["verdict"], consistency.at[row, "reason"]
            for column in ("basis", "direction"):
                if column in wanted:
                    assert best.at[row, column] == wanted[column], column
            words = {"reason": consistency.at[row, "reason"], "assumption": consistency.at[row, "assumption"],
                     "effect": " ".join(effects.loc[effects["row"] == row, "assumption"])}
            for key, said in words.items():
                wanted_words = wanted.get(key if lang == "en" else f"{key}_id")
                if wanted_words:
                    assert wanted_words in said, f"{lang} {key}: {said}"
        assert len(best_words) == len(table)


@contextmanager
def time_bound(seconds: float):
    """Fail what takes longer than ``seconds``, stopping it then: a case that would run for hours or
    fill the memory (an expanding YAML bomb) fails at the bound instead of hanging the test run."""

    def too_slow(signum, frame):
        pytest.fail(f"took more than {seconds} s", pytrace=False)  # a BaseException: no except Exception stops it

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case(path, tmp_path, capsys):
    case = load_case(path)
    with time_bound(TIME_BOUND):
        files = build(case, tmp_path)
        if case["expect"].get("validate") == "rejects":
            check_rejected(case, files, capsys)
        else:
            check_completed(case, files, capsys)


def test_the_catalogue_covers_every_defect_of_the_issue():
    issues = {load_case(path).get("issue") for path in CASE_FILES}
    assert {4, 5, 10, 22} <= issues


# ----------------------------------------------------------------------------- one full run

def combined_table(folder: Path) -> tuple[Path, list[tuple[str, str]]]:
    """The review's table plus every completing case's edited rows, each under its own outcome id."""
    fieldnames, rows = read_rows(paths.STUDIES)
    added = []
    for path in CASE_FILES:
        case = load_case(path)
        spec = case.get("studies") or {}
        if case["expect"].get("run") != "completes" or set(spec) - {"edit"} or {"references", "files"} & set(case):
            continue
        for row, cells in spec.get("edit", {}).items():
            edited = {**rows[row - 2], **{c: str(v) for c, v in cells.items()}}
            edited["outcome_id"] = f"{edited['outcome_id']}.{path.stem}"
            added.append(edited)
    write_rows(folder / "studies.csv", fieldnames, rows + added)
    return folder / "studies.csv", [(r["study_id"], r["outcome_id"]) for r in rows + added]


@pytest.fixture(scope="module")
def combined_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("combined")
    studies, keys = combined_table(folder)
    done = evsynth("run", "--studies", str(studies), "--references", str(paths.REFERENCES),
                   "--out", str(folder / "outputs"))
    return done, keys, folder / "outputs"


def test_every_completing_case_runs_through_the_whole_pipeline_at_once(combined_run):
    import pandas as pd

    done, keys, out = combined_run
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert len(keys) > 10  # the review's rows and the cases'
    consistency = pd.read_csv(out / "results" / "consistency.csv", keep_default_na=False)
    assert list(zip(consistency["study_id"], consistency["outcome_id"])) == keys
    assert (consistency["reason"] != "").all()
    for name in ("audit-en.md", "audit-id.md", "characteristics-en.md"):
        assert (out / "tables" / name).is_file()
