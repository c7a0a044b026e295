"""``evsynth run --out``: it replaces only its own runs, never half-swaps, cleans up after
itself and after killed runs, waits for a concurrent run, checks parameters before any
work, trusts its cache only when the files on disk are the ones it wrote, and ends a
failure (a full disk, a mount point) with its own message, never a traceback.

The notebooks are replaced by a fast stand-in (``fake_notebooks``) except where a real
kernel matters, so these tests take seconds."""

import contextlib
import errno
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import nbformat
import pytest
from conftest import evsynth

from evsynth import kernels, parameters, paths, pipeline, run_folder
from evsynth.__main__ import _parameters

REVIEW_FILES = {"studies": paths.STUDIES, "references": paths.REFERENCES, "prisma": None, "appraisal": None,
                "background": None}


@pytest.fixture
def fake_notebooks(monkeypatch, tmp_path_factory):
    """Each 'notebook' writes one result file; ``calls`` counts the runs."""
    calls = []
    folder = tmp_path_factory.mktemp("notebooks")
    fakes = [folder / "01-a.ipynb", folder / "02-b.ipynb"]
    for fake in fakes:
        fake.write_text("{}")

    def execute(notebook, target, parameters, echo=print, progress=True, kernel=None):
        out = Path(parameters["output_dir"])
        (out / "results").mkdir(parents=True, exist_ok=True)
        (out / "results" / f"{notebook.stem}.csv").write_text("study,p\na,0.5\n")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(nbformat.v4.new_notebook()))  # an executed notebook, empty
        calls.append(notebook.name)

    monkeypatch.setattr(pipeline, "execute", execute)
    monkeypatch.setattr(pipeline, "notebooks", lambda: fakes)
    monkeypatch.setattr(pipeline, "_cores", lambda: 1)  # one after the other, in order: calls can be compared
    monkeypatch.setattr(pipeline, "warm_kernel", lambda cwd: contextlib.nullcontext())  # no kernel to start
    monkeypatch.setattr(pipeline, "fresh", lambda kernel: None)
    monkeypatch.setattr(pipeline, "prepare", lambda kernel: None)
    return calls


def run(out, **options):
    return pipeline.run(REVIEW_FILES, out, options.pop("overrides", {}), echo=lambda *_: None, **options)


def tree(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_folder_with_other_files_is_refused_and_left_as_it_was(tmp_path):
    out = tmp_path / "thesis"
    (out / "nested-repo" / ".git").mkdir(parents=True)
    (out / "thesis.docx").write_bytes(b"chapter one")
    (out / "nested-repo" / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    before = tree(out)
    done = evsynth("run", "--out", str(out))
    assert done.returncode == 2, done.stderr
    assert "holds files that are not an evsynth run (nested-repo, thesis.docx)" in done.stderr
    assert "Traceback" not in done.stderr and tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis"]  # nothing moved aside


@pytest.mark.parametrize("where", ["a file", "the inputs' folder", "above the inputs"])
def test_places_a_run_must_never_replace_are_refused_before_any_work(tmp_path, where):
    inputs = tmp_path / "review"
    inputs.mkdir()
    studies = inputs / "studies.csv"
    studies.write_bytes(paths.STUDIES.read_bytes())
    (tmp_path / "notes.txt").write_text("mine")
    out = {"a file": tmp_path / "notes.txt", "the inputs' folder": inputs, "above the inputs": tmp_path}[where]
    started = time.perf_counter()
    with pytest.raises(run_folder.RefusedOutput) as refused:
        pipeline.run({**REVIEW_FILES, "studies": studies}, out, {}, echo=lambda *_: None)
    assert time.perf_counter() - started < 5  # refused before any notebook runs
    assert "--out" in str(refused.value)
    assert studies.read_bytes() == paths.STUDIES.read_bytes() and (tmp_path / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize("place", [Path("/"), Path.home(), paths.ROOT], ids=["root", "home", "repository"])
def test_the_root_home_and_repository_are_refused_even_when_they_would_pass_as_runs(place):
    # only the check itself is called here: a regression must not be able to run into these folders
    with pytest.raises(run_folder.RefusedOutput, match="give a new or empty folder"):
        run_folder.check(place, [])


def test_a_parent_that_cannot_hold_the_folder_is_a_message_not_a_traceback(tmp_path):
    # as root every folder is writable, so a file standing where the parent folder should be
    (tmp_path / "not-a-folder").write_text("x")
    done = evsynth("run", "--out", str(tmp_path / "not-a-folder" / "out"))
    assert done.returncode == 2 and "cannot create" in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_a_mount_point_is_refused_before_any_work(disk, fake_notebooks):
    # the swap renames the output folder, which a mount point refuses (EBUSY), and it did so after the whole run
    mount = disk()
    with pytest.raises(run_folder.RefusedOutput, match=r"is a mount point: .* cannot be renamed; give a folder "
                                                       rf"inside it, e.g. --out {re.escape(str(mount))}/run"):
        run(mount)
    assert fake_notebooks == [] and list(mount.iterdir()) == []


def test_a_full_disk_ends_the_run_with_its_message_and_leaves_the_previous_run(tmp_path, disk, fake_notebooks):
    out = disk("size=64k") / "out"
    assert run(out)
    previous = tree(out)
    # evsynth run itself, whose notebook writes more than the disk holds, as papermill writes one
    (tmp_path / "01-a.ipynb").write_text("{}")
    script = textwrap.dedent(f"""
        import contextlib
        import sys
        from pathlib import Path
        from evsynth import __main__, pipeline
        pipeline.warm_kernel = lambda cwd: contextlib.nullcontext()
        pipeline.prepare = pipeline.fresh = lambda kernel: None
        def execute(notebook, target, parameters, echo=print, progress=True, kernel=None):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("x" * 200_000)
        pipeline.execute = execute
        pipeline.notebooks = lambda: [Path({str(tmp_path / "01-a.ipynb")!r})]
        sys.exit(__main__.main(["run", "--force", "--out", {str(out)!r}]))
        """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=paths.ROOT, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert re.fullmatch(rf"The run failed; {re.escape(str(out))} is unchanged.\n  could not write "
                        rf"{re.escape(str(out.parent))}/\.out-staging-\w+/notebooks/01-a\.ipynb: "
                        r"No space left on device\n", done.stderr), done.stderr
    assert tree(out) == previous and [p.name for p in out.parent.iterdir()] == ["out"]  # no staging left


def test_a_failed_second_rename_puts_the_previous_run_back(tmp_path, fake_notebooks, monkeypatch):
    out = tmp_path / "out"
    run(out)
    previous = tree(out)
    rename = Path.rename

    def failing(self, target):  # the staging folder's rename into place fails, after the previous run moved aside
        if self.name.startswith(".out-staging-"):
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(self), None, str(target))
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", failing)
    with pytest.raises(pipeline.RunFailed, match=r"could not rename .*/\.out-staging-\w+ to .*/out: "
                                                 r"Input/output error$"):
        run(out, force=True)
    assert tree(out) == previous and sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_empty_folders_a_user_made_in_a_previous_run_stay(tmp_path, fake_notebooks):
    out = tmp_path / "out"
    run(out)
    for folder in ("drafts", "results/later", "a/b"):
        (out / folder).mkdir(parents=True)
    assert run(out, force=True)
    assert all((out / folder).is_dir() for folder in ("drafts", "results/later", "a/b"))
    assert set(tree(out)) == {"run.json", "results/01-a.csv", "results/02-b.csv", "notebooks/01-a.ipynb",
                              "notebooks/02-b.ipynb"}


def test_kernel_folders_of_runs_that_are_gone_are_removed_and_no_other(tmp_path, fake_notebooks, monkeypatch):
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()  # its pid now names no process
    gone, live, unknown = (temp / f"evsynth-kernel-{ended.pid}-k1l2m3n4", temp / f"evsynth-kernel-{os.getpid()}-a1b2",
                           temp / "evsynth-kernel-q1w2e3r4")  # the last as kernel folders were once named
    for folder in (gone, live, unknown):
        folder.mkdir()
        (folder / "kernel-1").write_text("")
    run(tmp_path / "out")
    assert sorted(p.name for p in temp.iterdir()) == sorted([live.name, unknown.name])
    with kernels.kernel_transport() as config:  # a run's own folder, named after its process
        if "ip" in config.KernelManager:  # where zmq has IPC
            name = Path(config.KernelManager.ip).parent.name
            assert kernels.KERNEL_FOLDER.fullmatch(name) and name.startswith(f"evsynth-kernel-{os.getpid()}-")


def test_a_previous_run_and_an_empty_folder_are_accepted(tmp_path, fake_notebooks):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(empty) and (empty / "results" / "01-a.csv").is_file()
    assert run(empty, force=True)  # now it holds a run: replaced
    assert fake_notebooks == ["01-a.ipynb", "02-b.ipynb"] * 2


def test_a_previous_run_with_a_users_file_added_is_refused_and_left_as_it_was(tmp_path, fake_notebooks):
    out = tmp_path / "run"
    assert run(out)
    (out / "results" / "my-notes.docx").write_bytes(b"mine")
    before = tree(out)
    with pytest.raises(run_folder.RefusedOutput, match=r"did not write \(results/my-notes.docx\)"):
        run(out, force=True)
    assert tree(out) == before


def test_results_keep_ordinary_permissions(tmp_path, fake_notebooks):
    out = tmp_path / "out"
    run(out)
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o777 & ~umask


def test_a_run_killed_between_the_two_renames_is_recovered(tmp_path, fake_notebooks):
    out = tmp_path / "out"
    run(out)
    previous = tree(out)
    out.rename(tmp_path / ".out-previous")  # what a kill after the first rename leaves
    (tmp_path / ".out-staging-x1y2").mkdir()  # and an unfinished staging folder
    assert run(out) is False  # the previous run is back, intact, so nothing needs running
    assert tree(out) == previous and sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_the_up_to_date_message_after_recovery_says_the_run_was_put_back(tmp_path, fake_notebooks):
    out = tmp_path / "out"
    run(out)
    out.rename(tmp_path / ".out-previous")  # a run killed between the two renames
    said = []
    assert pipeline.run(REVIEW_FILES, out, {}, echo=said.append) is False
    assert said == [f"Up to date: {out} (the previous run, put back after a run was interrupted; inputs unchanged; "
                    "use --force to run again)"]


def test_the_up_to_date_message_after_waiting_names_the_run_waited_for(tmp_path, fake_notebooks):
    out = tmp_path / "out"
    run(out)
    out.rename(tmp_path / "aside")
    said = []
    with run_folder.locked(out):
        waiting = threading.Thread(target=lambda: pipeline.run(REVIEW_FILES, out, {}, echo=said.append))
        waiting.start()
        for _ in range(600):
            if said:
                break
            time.sleep(0.1)
        (tmp_path / "aside").rename(out)  # what the run it waits for writes
    waiting.join(timeout=60)
    assert said[1:] == [f"Up to date: {out} (written by the run we waited for)"], said


def test_a_leftover_previous_beside_a_complete_run_is_removed_but_not_a_users_folder(tmp_path, fake_notebooks):
    out = tmp_path / "out"
    run(out)
    (tmp_path / ".out-previous").mkdir()
    (tmp_path / ".out-previous" / "mine.txt").write_text("not a run")
    with pytest.raises(run_folder.RefusedOutput, match="in the way of the swap"):
        run(out, force=True)
    assert (tmp_path / ".out-previous" / "mine.txt").read_text() == "not a run"


def test_the_cache_checks_the_files_not_just_the_manifest(tmp_path, fake_notebooks):
    out = tmp_path / "out"
    run(out)
    assert run(out) is False
    (out / "results" / "01-a.csv").write_text("tampered\n")
    assert run(out) is True
    (out / "results" / "02-b.csv").unlink()
    assert run(out) is True
    manifest = json.loads((out / "run.json").read_text())
    assert set(manifest["files"]) == {"results/01-a.csv", "results/02-b.csv", "notebooks/01-a.ipynb",
                                      "notebooks/02-b.ipynb"}


def test_a_second_run_into_the_same_folder_waits_for_the_first(tmp_path, fake_notebooks):
    out = tmp_path / "out"
    said = []
    with run_folder.locked(out):
        waiting = threading.Thread(target=lambda: pipeline.run(REVIEW_FILES, out, {}, echo=said.append))
        waiting.start()
        for _ in range(600):  # until it reaches the lock (loading the inputs comes first)
            if said:
                break
            time.sleep(0.1)
        assert not out.exists() and any("Waiting for another evsynth run" in s for s in said), said
    waiting.join(timeout=60)
    assert (out / "run.json").is_file()


@pytest.mark.parametrize("pair, expected", [
    ("alpha=2", "strictly between 0 and 1"), ("alpha=-1", "strictly between 0 and 1"),
    ("alpha=.nan", "a finite number"), ("alpha=abc", "strictly between 0 and 1"),
    ("alpha=true", "strictly between 0 and 1"), ("binary_measure=XX", "one of RR, OR, RD"),
    ("continuous_measure=[1,2]", "one of SMD, MD"), ("tau2_method=XYZ", "one of REML, DL, PM"),
    ("hksj=maybe", "true or false"), ("pool_uncontrolled=1", "true or false"),
])
def test_parameters_are_checked_before_any_notebook_runs(pair, expected):
    with pytest.raises(ValueError, match=expected) as refused:
        parameters.check(_parameters([pair]))  # the values as the CLI reads them (YAML scalars)
    assert pair.split("=")[0] in str(refused.value)


def test_a_bad_parameter_exits_2_with_the_allowed_values_and_runs_nothing(tmp_path):
    done = evsynth("run", "--out", str(tmp_path / "out"), "-p", "tau2_method=XYZ")
    assert done.returncode == 2 and "-p tau2_method='XYZ': expected one of REML, DL, PM" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "out").exists()


def test_a_table_beyond_the_row_limit_stops_before_any_notebook_runs(tmp_path, fake_notebooks, monkeypatch):
    monkeypatch.setattr(pipeline, "MAX_ROWS", 5)  # the review has 7 rows
    with pytest.raises(ValueError, match="has 7 rows; a run is limited to 5 rows"):
        run(tmp_path / "out")
    assert fake_notebooks == [] and not (tmp_path / "out").exists()


@pytest.mark.slow  # it executes a notebook in a real kernel, which takes seconds to start and to stop
def test_sigterm_mid_run_leaves_no_staging_and_the_previous_run(tmp_path, fake_notebooks):
    out = tmp_path / "out"
    run(out)
    previous = tree(out)
    # a real run whose first notebook sleeps, ended by SIGTERM while it works
    slow = tmp_path / "00-slow.ipynb"
    slow.write_text(json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "outputs": [],
                                           "execution_count": None, "source": "import time\ntime.sleep(60)"}],
                                "metadata": {"kernelspec": {"name": "evsynth", "display_name": "evsynth",
                                                            "language": "python"}},
                                "nbformat": 4, "nbformat_minor": 5}))
    script = (f"from pathlib import Path\nfrom evsynth import pipeline\n"
              f"pipeline.notebooks = lambda: [Path({str(slow)!r})]\n"
              f"pipeline.run({{'studies': Path({str(paths.STUDIES)!r}), 'references': Path({str(paths.REFERENCES)!r})}},"
              f" Path({str(out)!r}), {{}}, force=True)\n")
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for _ in range(120):
        time.sleep(0.5)
        if list(tmp_path.glob(".out-staging-*/notebooks")):
            break
    time.sleep(2)
    child.send_signal(signal.SIGTERM)
    child.wait(timeout=60)
    assert child.returncode != 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["00-slow.ipynb", "out"]
    assert tree(out) == previous
