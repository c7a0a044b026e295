"""``python -m evsynth``: exit codes, messages without tracebacks, defaults."""

import subprocess
import sys
from pathlib import Path

from datafiles import BCG_REFERENCES, BCG_STUDIES

from evsynth import paths
from evsynth.__main__ import main


def run(*args):
    return subprocess.run([sys.executable, "-m", "evsynth", *args], capture_output=True, text=True,
                          cwd=paths.ROOT, timeout=120)


def test_validate_the_review_exits_0_and_names_each_file():
    done = run("validate")
    assert done.returncode == 0, done.stderr
    for name in ("data/studies.csv (7 rows, 6 studies)", "references.bib", "data/prisma.yml",
                 "data/appraisal.csv", "data/background.yml"):
        assert f"valid: {name}" in done.stdout


def test_validate_reports_problems_of_every_file_together_and_exits_1(edited_studies, edited_appraisal):
    studies = edited_studies({2: {"n_total": "x"}})
    appraisal = edited_appraisal({3: {"answer": "perhaps"}})
    done = run("validate", "--studies", str(studies), "--appraisal", str(appraisal),
               "--references", str(paths.REFERENCES))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"{studies}, row 2, column 'n_total': found 'x'" in done.stderr
    assert f"{appraisal}, row 3, column 'answer': found 'perhaps'" in done.stderr
    assert done.stderr.startswith("2 problems in the input data:")


def test_validate_another_review_uses_only_the_files_named(capsys):
    code = main(["validate", "--studies", str(BCG_STUDIES), "--references", str(BCG_REFERENCES)])
    out = capsys.readouterr().out
    assert code == 0
    assert "(13 rows, 13 studies)" in out and "prisma" not in out


def test_another_review_without_references_is_told_what_is_missing(capsys):
    assert main(["validate", "--studies", str(BCG_STUDIES)]) == 2
    assert "--references is required" in capsys.readouterr().err


def test_a_file_level_problem_is_a_message_not_a_traceback(tmp_path):
    (tmp_path / "bad.csv").write_bytes(b"study_id\n\xff\n")
    done = run("validate", "--studies", str(tmp_path / "bad.csv"), "--references", str(paths.REFERENCES))
    assert done.returncode == 1
    assert done.stderr.strip().endswith("line 2: found 'byte 0xff'; expected UTF-8 text (save the file as 'CSV UTF-8')")
    assert "Traceback" not in done.stderr


def test_references_lists_the_unverified_fields(capsys):
    assert main(["references"]) == 0
    out = capsys.readouterr().out
    assert "entries of references.bib lack verified details" in out
    line = next(x for x in out.splitlines() if x.strip().startswith("agustia2025"))
    assert line.split()[-1] == "pages"
    assert "andreas2015" not in out
    # barirah2017 gives authors and year alone (the manuscript's reference list has nothing more); agustia2025 a title
    [bare] = [x for x in out.splitlines() if "known only by author and year" in x]
    assert "barirah2017" in bare.split(": ", 1)[1].split(", ") and "agustia2025" not in bare


def test_the_console_script_is_installed_beside_the_interpreter():
    script = Path(sys.executable).parent / "evsynth"
    done = subprocess.run([str(script), "validate", "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "--studies" in done.stdout
