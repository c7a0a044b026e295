"""``evsynth new``: a review project that checks itself, from any valid table or from nothing.

Projects are made in temporary folders from: the review's own data (two outcome domains),
the BCG trials (a poolable domain), a single study where nothing can be checked (a
censored p, no counts), and an empty start (the contract's header alone); each runs ``evsynth run`` (HTML figures only, to keep the suite
quick: the PNG export is the book's, tested there) and its chapters pass the checks this
book's chapters pass without Quarto (book_frame). The branches of the generated sentences that these tables do not reach
("none of the N", several studies of which none can be checked) are tested on small frames.
"""

import contextlib
import csv
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import book_frame
import nbformat
import pytest
import yaml
from datafiles import BCG_REFERENCES, BCG_STUDIES

from evsynth import escape, paths, scaffold
from evsynth.__main__ import main
from evsynth.scaffold import HERE as SCAFFOLD
from evsynth.scaffold import RECORD, copies, new_project, places_to_write

LANGUAGES = book_frame.LANGUAGES


def evsynth(*args, cwd=None):
    """``evsynth ARGS`` run in this process, for speed (``test_cli.py`` and the render steps run the
    real command): its exit code, output and error output, as :func:`subprocess.run` gives them."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd or Path.cwd()), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(arg) for arg in args])
        except SystemExit as exit:  # argparse's refusals
            code = exit.code
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def studies_of(ids, folder):
    """The review's rows of the studies ``ids``, as a table of their own."""
    text = paths.STUDIES.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(r for r in rows if r["study_id"] in ids)
    path = folder / "studies.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


CASES = {
    "review": lambda folder: (paths.STUDIES, paths.REFERENCES, paths.PRISMA, paths.APPRAISAL),
    "bcg": lambda folder: (BCG_STUDIES, BCG_REFERENCES, None, None),
    # one controlled study that prints only "p = 0,000" and no counts: nothing can be recomputed
    "single-study-nothing-checkable": lambda folder: (studies_of({"putri2025"}, folder), paths.REFERENCES, None, None),
    "empty-start": lambda folder: (None, None, None, None),
}


# The BCG project runs another review's table by parameter alone (--studies, --references, -p), as
# this repository's own project would: only the files named are used.
RUN_OPTIONS = {"bcg": ["--studies", str(BCG_STUDIES), "--references", str(BCG_REFERENCES), "-p", "hksj=true"]}


@pytest.fixture(scope="module")
def projects(tmp_path_factory):
    """Each case scaffolded and run, the runs side by side: ``{case: (folder, values)}``."""
    made, running = {}, {}
    for case, files in CASES.items():
        scratch = tmp_path_factory.mktemp(case)
        studies, references, prisma, appraisal = files(scratch)
        folder = scratch / "review"
        new_project(folder, studies, references, prisma, appraisal, title_id=f"Uji {case}", title_en=f"Test {case}")
        running[case] = subprocess.Popen([sys.executable, "-m", "evsynth", "run", "-p", "static_figures=false",
                                          *RUN_OPTIONS.get(case, [])], cwd=folder, text=True,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        made[case] = folder
    result = {}
    for case, process in running.items():
        out, err = process.communicate(timeout=900)
        assert process.returncode == 0, f"{case}: {out}\n{err}"
        values = {lang: book_frame.book_values(made[case] / "_outputs", lang) for lang in LANGUAGES}
        result[case] = made[case], values
    return result


def test_new_refuses_a_folder_that_is_not_empty_and_writes_nothing(tmp_path):
    (tmp_path / "thesis.docx").write_text("mine")
    done = evsynth("new", tmp_path)
    assert done.returncode == 2 and "is not empty" in done.stderr and "--force" in done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["thesis.docx"]
    assert evsynth("new", tmp_path / "thesis.docx").returncode == 2


def test_new_needs_references_with_studies_and_refuses_an_invalid_table(tmp_path, edited_studies):
    done = evsynth("new", tmp_path / "a", "--studies", paths.STUDIES)
    assert done.returncode == 2 and "--references is required" in done.stderr
    bad = edited_studies({0: {"n_total": "3O"}})
    done = evsynth("new", tmp_path / "b", "--studies", bad, "--references", paths.REFERENCES)
    assert done.returncode == 1 and "column 'n_total'" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "b").exists()


def test_new_says_what_it_made_and_force_adds_to_a_folder(tmp_path):
    (tmp_path / "notes.txt").write_text("kept")
    done = evsynth("new", tmp_path, "--force", "--title-en", "A *title* <b>", "--title-id", "Judul")
    assert done.returncode == 0, done.stderr
    assert "Made a review project" in done.stdout and "chapters-en" in done.stdout
    assert (tmp_path / "notes.txt").read_text() == "kept"
    english = yaml.safe_load((tmp_path / "_quarto-en.yml").read_text())
    assert english["book"]["title"] == r"A \*title\* \<b>"  # Markdown-escaped: Quarto reads titles as Markdown
    assert yaml.safe_load((tmp_path / "_quarto-id.yml").read_text())["book"]["title"] == "Judul"


def test_force_on_an_existing_review_adds_what_is_missing_and_overwrites_nothing(tmp_path):
    # issue #22: --force on a project used to blank its studies.csv and references.bib
    project = tmp_path / "review"
    new_project(project, paths.STUDIES, paths.REFERENCES)
    (project / "chapters-en" / "methods.qmd").write_text("our own methods\n")
    (project / "chapters-id" / "methods.qmd").unlink()
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    made = new_project(project, force=True)
    assert made.written == [project / "chapters-id" / "methods.qmd"]  # the one file that was missing
    assert made.kept == [project / "chapters-en" / "methods.qmd", project / "data" / "studies.csv",
                         project / "references.bib"]  # what an empty start would write differs from the review's
    assert all(p.read_bytes() == content for p, content in before.items())
    assert (project / "data" / "studies.csv").read_bytes() == paths.STUDIES.read_bytes()
    assert (project / "references.bib").read_bytes() == paths.REFERENCES.read_bytes()


def test_force_updates_a_file_still_as_new_wrote_it_and_lists_the_ones_changed_since(tmp_path):
    # an older evsynth wrote these two chapters; the authors edited one of them since
    project = tmp_path / "review"
    new_project(project)
    record = json.loads((project / RECORD).read_text())
    for name in ("results.qmd", "methods.qmd"):
        (project / "chapters-en" / name).write_text(f"{name} as an older evsynth wrote it\n")
        record[f"chapters-en/{name}"] = hashlib.sha256(f"{name} as an older evsynth wrote it\n".encode()).hexdigest()
    (project / RECORD).write_text(json.dumps(record))
    (project / "chapters-en" / "methods.qmd").write_text("our own methods\n")
    done = evsynth("new", project, "--force")
    assert done.returncode == 0, done.stderr
    assert (project / "chapters-en" / "results.qmd").read_bytes() == \
        (SCAFFOLD / "project" / "chapters-en" / "results.qmd").read_bytes()
    assert (project / "chapters-en" / "methods.qmd").read_text() == "our own methods\n"
    assert "Kept as they are (1 files" in done.stdout and "  chapters-en/methods.qmd" in done.stdout
    # the record now holds this version's hash for the file updated, the old one for the file kept
    record = json.loads((project / RECORD).read_text())
    assert record["chapters-en/results.qmd"] == hashlib.sha256(
        (project / "chapters-en" / "results.qmd").read_bytes()).hexdigest()
    assert "data/studies.csv" not in record and "references.bib" not in record  # the authors' files are never updated


def contents(folder):
    """Every file and folder under ``folder`` with its bytes (None for a folder), or None when there is no folder."""
    if not folder.exists():
        return None
    return {p.relative_to(folder).as_posix(): None if p.is_dir() else p.read_bytes() for p in folder.rglob("*")}


@pytest.mark.parametrize("misplaced,needed", [("data", "a file where the project needs a folder"),
                                              ("references.bib/", "a folder where the project needs a file"),
                                              ("chapters-en/methods.qmd/", "a folder where the project needs a file")])
def test_new_refuses_a_file_in_the_way_before_writing_anything(tmp_path, misplaced, needed):
    (tmp_path / misplaced).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / misplaced).mkdir() if misplaced.endswith("/") else (tmp_path / misplaced).write_text("mine")
    before = contents(tmp_path)
    done = evsynth("new", tmp_path, "--force")
    assert done.returncode == 2 and needed in done.stderr and "nothing was written" in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert contents(tmp_path) == before


@pytest.mark.parametrize("options,where,cause", [
    ("ro", "", "Read-only file system"),  # the target itself on a read-only disk
    ("ro", "review", "Read-only file system"),  # a new folder on a read-only disk
    ("size=64k", "review", "No space left on device"),  # the disk fills half-way through the project
    ("size=64k", "", "No space left on device"),  # --force into a mount point that fills
])
def test_a_disk_that_refuses_a_write_leaves_nothing_half_written(disk, options, where, cause):
    target = disk(options) / where
    if not where and options != "ro":
        (target / "notes.txt").write_text("mine")
    before = contents(target)
    done = evsynth("new", target, "--force")
    assert done.returncode == 2, done.stdout
    assert done.stderr.startswith("evsynth new: cannot write ") and cause in done.stderr
    assert "nothing was written" in done.stderr and done.stderr.count("\n") == 1
    assert contents(target) == before


@pytest.mark.parametrize("title", ['x "TITLE-EN"', '"TITLE-ID"', "TITLE-EN", "a: b # c", "it's \\ 'quoted'",
                                   "{{< meta title >}}", "- a list?", "Tinjauan: ASI & pijat [2025]"])
def test_a_title_is_written_once_as_typed_whatever_it_holds(tmp_path, title):
    # issue #22: each placeholder used to be replaced in turn, so a title holding the other's
    # placeholder was substituted again, and could break the YAML
    project = tmp_path / "review"
    new_project(project, title_id=title, title_en=f"{title} (en)")
    for lang, given in (("id", title), ("en", f"{title} (en)")):
        config = yaml.safe_load((project / f"_quarto-{lang}.yml").read_text(encoding="utf-8"))
        assert config["book"]["title"] == escape.markdown(given)


def test_the_render_step_says_plainly_when_evsynth_is_not_installed(tmp_path):
    new_project(tmp_path / "review")
    step = tmp_path / "review" / "scripts" / "evsynth-step.py"
    config = yaml.safe_load((tmp_path / "review" / "_quarto.yml").read_text())["project"]
    assert config["pre-render"] == "scripts/evsynth-step.py pre-render"
    assert config["post-render"] == "scripts/evsynth-step.py post-render"
    # a Python without site-packages and a PATH without evsynth: Quarto would have said "Failed to spawn"
    alone = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-I", "-S", step, "pre-render"], capture_output=True, text=True,
                          env=alone, cwd=tmp_path / "review")
    assert done.returncode == 1 and done.stderr.startswith("quarto render: this book needs evsynth")
    assert "Traceback" not in done.stderr
    # where evsynth is installed, the step is handed over to it
    done = subprocess.run([sys.executable, step, "--help"], capture_output=True, text=True,
                          env={**alone, "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin"})
    assert done.returncode == 0 and "usage: evsynth" in done.stdout


def test_an_empty_start_has_the_contracts_header_unknown_counts_and_says_what_to_fill(tmp_path):
    project = tmp_path / "review"
    new_project(project)
    header = (project / "data" / "studies.csv").read_text().strip().split(",")
    assert header[:3] == ["study_id", "outcome_id", "outcome_domain"] and "p_reported" in header
    counts = yaml.safe_load((project / "data" / "prisma.yml").read_text())["counts"]
    assert counts and set(counts.values()) == {None}
    readme = (project / "data" / "README.md").read_text()
    assert "what to fill" in readme and "## The extraction table contract" in readme
    done = evsynth("validate", cwd=project)
    assert done.returncode == 0, done.stderr
    assert "not filled in yet: data/studies.csv has no study" in done.stdout
    assert "not filled in yet: data/prisma.yml gives no count" in done.stdout


def test_the_template_holds_this_books_shared_files_as_the_book_has_them():
    # the book is their one source; the package holds copies, so that a wheel carries them
    different = copies.differences(paths.ROOT)
    assert different == [], (f"the template's copies of this book's files are out of date: {', '.join(different)}; "
                             "run `make template` to refresh them from the book")


def test_the_template_states_the_contract_as_this_books_data_readme_ends_with_it():
    contract = (SCAFFOLD / copies.CONTRACT).read_text(encoding="utf-8")
    assert contract.startswith("## The extraction table contract") and "### Required columns" in contract
    assert (paths.DATA / "README.md").read_text(encoding="utf-8").endswith("\n" + contract), \
        "data/README.md no longer ends with the template's contract: run `make template`"


def test_refresh_writes_what_the_book_has_and_removes_what_it_has_no_more(tmp_path):
    package = tmp_path / "scaffold"
    (package / "shared" / "notebooks").mkdir(parents=True)
    (package / "shared" / "notebooks" / "99-gone.ipynb").write_text("{}")
    (package / "shared" / "index.qmd").write_text("an older home page")
    assert copies.differences(paths.ROOT, package)[:2] == ["data/contract.md (missing)",
                                                          "shared/_extensions/evsynth/_extension.yml (missing)"]
    changed = copies.refresh(paths.ROOT, package)
    assert {"shared/index.qmd", "shared/notebooks/99-gone.ipynb", "data/contract.md"} <= set(changed)
    assert copies.differences(paths.ROOT, package) == [] and copies.refresh(paths.ROOT, package) == []
    assert not (package / "shared" / "notebooks" / "99-gone.ipynb").exists()


def test_new_copies_no_bytecode_that_installing_evsynth_compiled(tmp_path, monkeypatch):
    # pip compiles every .py of the wheel, the new project's scripts/evsynth-step.py too
    package = tmp_path / "scaffold"
    shutil.copytree(SCAFFOLD, package)
    (package / "project" / "scripts" / "__pycache__").mkdir(exist_ok=True)
    (package / "project" / "scripts" / "__pycache__" / "evsynth-step.cpython-311.pyc").write_bytes(b"\x00")
    monkeypatch.setattr(scaffold, "HERE", package)
    made = new_project(tmp_path / "review")
    assert [p for p in made.written if "__pycache__" in p.parts] == []
    assert (tmp_path / "review" / "scripts" / "evsynth-step.py").is_file()


def test_the_package_holds_no_link():
    # a link into the repository would be shipped as a copy of whatever it points at, or not at all
    assert [p for p in (paths.ROOT / "src").rglob("*") if p.is_symlink()] == []


def test_the_project_shares_this_books_files_byte_for_byte(tmp_path):
    new_project(tmp_path / "review")
    for relative in copies.SHARED:
        assert (tmp_path / "review" / relative).read_bytes() == (paths.ROOT / relative).read_bytes(), relative
    notebooks = sorted((tmp_path / "review" / "notebooks").glob("*.ipynb"))
    assert [p.name for p in notebooks] == [p.name for p in sorted(paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))]
    assert all('"outputs": []' in p.read_text() for p in notebooks)  # this review's outputs are not carried over
    assert "output_type" not in "".join(p.read_text() for p in notebooks)
    assert all(p.read_bytes() == copies.without_outputs(paths.NOTEBOOKS / p.name) for p in notebooks)
    contract = copies.contract_of(paths.DATA / "README.md").decode("utf-8")
    assert (tmp_path / "review" / "data" / "README.md").read_text(encoding="utf-8").endswith("\n" + contract)


def test_validate_lists_the_places_still_to_be_written(tmp_path):
    project = tmp_path / "review"
    new_project(project, paths.STUDIES, paths.REFERENCES)
    places = places_to_write(project)
    assert {chapter.parent.name + "/" + chapter.name for chapter, _ in places} >= {
        "chapters-en/introduction.qmd", "chapters-id/introduction.qmd", "chapters-en/discussion.qmd"}
    done = evsynth("validate", cwd=project)
    assert done.returncode == 0 and f"to be written: {len(places)} places" in done.stdout
    assert "chapters-id/introduction.qmd, line 3" in done.stdout
    assert "not filled in yet: data/prisma.yml gives no count" in done.stdout  # the template's unknown counts
    introduction = project / "chapters-en" / "introduction.qmd"
    introduction.write_text("# Introduction {#sec-introduction}\n\nOur own words.\n")
    assert len(places_to_write(project)) == len(places) - 1


def test_the_chapters_pair_up_and_type_no_number(tmp_path):
    project = tmp_path / "review"
    new_project(project)
    assert book_frame.pair_differences(project) == []
    for lang in LANGUAGES:
        assert book_frame.unresolved_references(project, lang) == set()
        for path in book_frame.sources(project, lang):
            assert book_frame.typed_numbers(path) == [], path


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_each_project_runs_and_every_value_and_output_its_chapters_ask_for_exists(projects, case):
    project, values = projects[case]
    for lang in LANGUAGES:
        assert book_frame.missing_values(project, lang, values[lang]) == set()
    # a figure or table whose data were not given (PRISMA counts, appraisal, GRADE, no study at all) shows a note
    # instead (evsynth.lua)
    optional = {("table", "grade")} | ({("figure", "appraisal"), ("figure", "prisma")} if case != "review" else set())
    if case == "empty-start":  # no study: no figure of evidence and no table of studies, a note in each place
        optional |= {output for output in book_frame.wanted_outputs(project) if output != ("table", "jbi-items")
                     and output[0] in ("figure", "table")}
    missing = [file for kind, name in book_frame.wanted_outputs(project) if (kind, name) not in optional
               for lang in LANGUAGES for file in book_frame.output_files(kind, name, lang, static=False)
               if not (project / "_outputs" / file).is_file()]
    assert missing == []
    assert values["en"]["figure_not_drawn_prisma"].startswith("The flow diagram is not drawn yet")
    assert values["id"]["table_not_written_grade"].startswith("Ringkasan temuan belum dibuat")


# What a generated sentence may not hold: a placeholder left unfilled, a word said twice, and a
# number standing alone (a count carries its noun, a p its "p =", an estimate its interval).
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|TITLE-")
DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)
NUMBER = re.compile(r"\d[\d.,]*")
BEFORE = re.compile(r"(?:[=<>≥≤(]|\bto|\bsampai|: )\s*$")
AFTER = re.compile(r"^(?:\s*%|\s+(?:participants?|peserta|studies|study|studi)\b|\s+\(|\s+(?:to|sampai)\s)")


def sentence_defects(text: str) -> list[str]:
    found = [f"placeholder {m.group()}" for m in PLACEHOLDER.finditer(text)]
    found += [f"doubled {m.group()}" for m in DOUBLED.finditer(text)]
    for m in NUMBER.finditer(text):
        if not (BEFORE.search(text[:m.start()]) or AFTER.match(text[m.end():])):
            found.append(f"number without its unit: …{text[max(0, m.start() - 30):m.end() + 15]}…")
    return found


def test_the_sentence_check_catches_what_it_looks_for():
    assert sentence_defects("The review holds six studies with 172 participants; p = 0.50, 0.49 (0.34 to 0.70).") == []
    assert len(sentence_defects("Of the {n} studies, the the review holds 172 in all.")) == 3


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_the_generated_sentences_read_cleanly_in_both_languages(projects, case):
    project, _ = projects[case]
    texts = sorted((project / "_outputs" / "text").glob("*.md"))
    assert {p.stem.rsplit("-", 1)[1] for p in texts} == set(LANGUAGES)
    for path in texts:
        assert sentence_defects(path.read_text(encoding="utf-8")) == [], path.name


@pytest.mark.slow
def test_the_sentences_are_chosen_by_the_data(projects):
    def text(case, name, lang):
        return (projects[case][0] / "_outputs" / "text" / f"{name}-{lang}.md").read_text(encoding="utf-8")

    # no study yet: one sentence that says so, and no clause about zero studies
    assert text("empty-start", "studies", "en") == ("The study table holds no study yet; fill in data/studies.csv "
                                                    "(see data/README.md).\n")
    assert text("empty-start", "direction", "id").startswith("Belum ada studi")
    single = "single-study-nothing-checkable"
    # one study: no "of these", the study's own verb in the singular
    assert text(single, "studies", "en").startswith("The review includes one study reporting one result in one outcome domain")
    assert "The study compared an intervention group with a control group." in text(single, "studies", "en")
    assert "Studi itu membandingkan kelompok intervensi dengan kelompok kontrol." in text(single, "studies", "id")
    # nothing checkable: no clause for consistent or inconsistent values
    assert text(single, "audit", "en") == ("The only reported p-value cannot be checked because the numbers it needs "
                                           "are not reported.\n")
    assert text(single, "effects", "en") == "The study reports only a direction of effect.\n"
    # a poolable domain: the pooled estimate, and no "nothing was pooled"
    assert text("bcg", "pooling", "en").startswith("For tuberculosis cases, thirteen studies were pooled")
    assert "Nothing was pooled" not in text("bcg", "pooling", "en") and "Tidak ada" not in text("bcg", "pooling", "id")
    # two domains, each with its own sentence; both controlled studies of milk production agree
    direction = text("review", "direction", "en")
    assert "Both controlled studies of milk production favour the intervention." in direction
    assert "The only controlled study of onset of lactation favours the intervention." in direction
    assert "Kedua studi berkontrol untuk produksi ASI mendukung intervensi." in text("review", "direction", "id")


def test_a_split_that_falls_in_one_part_says_all_or_none():
    from evsynth.book.paragraphs import breakdown

    none = [("paragraph.audit.consistent", 0), ("paragraph.audit.not_checkable", 3)]
    assert breakdown(none, "paragraph.audit.of", 3, "en") == ("None of the three reported p-values can be checked, "
                                                              "because the numbers they need are not reported.")
    assert breakdown(none, "paragraph.audit.of", 3, "id").startswith("Tidak satu pun dari tiga nilai p")
    both = [("paragraph.effects.estimate", 2), ("paragraph.effects.bound", 0)]
    assert breakdown(both, "paragraph.effects.of", 2, "en") == ("Both studies give an effect estimate with a "
                                                                "confidence interval.")
    mixed = [("paragraph.effects.estimate", 1), ("paragraph.effects.bound", 1), ("paragraph.effects.direction_only", 2)]
    assert breakdown(mixed, "paragraph.effects.of", 4, "en") == (
        "Of the four studies, one gives an effect estimate with a confidence interval, one gives only a bound on the "
        "effect derived from a censored p and two report only a direction of effect.")


def test_a_table_kept_as_xlsx_and_a_prisma2020_csv_stay_in_their_formats_and_are_found(tmp_path):
    import pandas as pd
    from datafiles import TEST_DATA

    workbook = tmp_path / "extraction.xlsx"
    pd.read_csv(paths.STUDIES, dtype=str, keep_default_na=False).to_excel(workbook, index=False)
    template = pd.read_csv(TEST_DATA / "prisma2020-full.csv", dtype=str, keep_default_na=False)
    # the PRISMA2020 template's mark for a count not known yet ('Label, xxx' in the breakdown rows)
    template["n"] = ["; ".join(f"{item.split(',')[0]}, xxx" for item in n.split(";")) if "," in n else "xxx"
                     for n in template["n"]]
    flow = tmp_path / "flow.csv"
    template.to_csv(flow, index=False)
    project = tmp_path / "review"
    new_project(project, workbook, paths.REFERENCES, flow)
    assert (project / "data" / "studies.xlsx").is_file() and (project / "data" / "prisma.csv").is_file()
    done = evsynth("validate", cwd=project)
    assert done.returncode == 0, done.stderr
    assert "valid: data/studies.xlsx (7 rows, 6 studies)" in done.stdout and "valid: data/prisma.csv" in done.stdout
    done = evsynth("new", tmp_path / "other", "--studies", paths.STUDIES, "--references", paths.REFERENCES,
                   "--prisma", paths.REFERENCES)
    assert done.returncode == 2 and "expected a file ending in .yml or .csv" in done.stderr


@pytest.mark.slow
def test_another_review_runs_by_parameter_alone(projects):
    import pandas as pd

    out = projects["bcg"][0] / "_outputs"
    consistency = pd.read_csv(out / "results" / "consistency.csv")
    assert (consistency["verdict"] == "not_checkable").all()  # dat.bcg carries no p-values
    pooled = pd.read_csv(out / "results" / "pooled.csv")
    [chosen] = pooled[pooled["chosen"]].itertuples()  # -p hksj=true chooses REML with the HKSJ adjustment
    assert (chosen.method, chosen.hksj, chosen.k) == ("REML", True, 13)
    # and every consumer reports that row: the sentence, the forest's pooled line
    said = (out / "text" / "pooling-en.md").read_text(encoding="utf-8")
    assert "(REML with the Hartung-Knapp-Sidik-Jonkman adjustment)" in said
    assert f"{chosen.ci_low:.2f} to {chosen.ci_high:.2f}" in said
    assert "Pooled, REML + HKSJ (k = 13)" in (out / "figures" / "forest-en.html").read_text(encoding="utf-8")
    printed = {path.name: "".join(o.get("text", "") for c in nbformat.read(path, as_version=4).cells
                                  for o in c.get("outputs", []))
               for path in (out / "notebooks").glob("*.ipynb")}
    assert "PRISMA flow: not given (its figure is skipped)" in printed["01-validate-data.ipynb"]
    assert "PRISMA flow diagram skipped: no PRISMA file was given." in printed["05-draw-flow-and-appraisal.ipynb"]
    assert not (out / "figures" / "prisma-en.html").exists()
    assert (out / "figures" / "forest-en.html").exists() and not (out / "figures" / "forest-en.png").exists()
