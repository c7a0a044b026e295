"""``evsynth run``: outputs, caching, atomicity, a second review, and nbval's guard."""

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import nbformat
import pandas as pd
import pytest

from evsynth import catalogue, kernels, paths, pipeline, refresh
from evsynth.results import NOTEBOOK_OUTPUTS
from evsynth.audit.recheck import COLUMNS as CONSISTENCY_COLUMNS
from evsynth.synthesis.directions import VOTE_KEYS
from evsynth.synthesis.effects import EFFECT_COLUMNS
from evsynth.synthesis.pooling import POOLED_COLUMNS

from conftest import REVIEW_FILES, evsynth  # noqa: E402


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_run_writes_every_result_with_its_contract_columns(review_run):
    out, done = review_run
    results = out / "results"
    assert list(pd.read_csv(results / "consistency.csv").columns) == CONSISTENCY_COLUMNS
    assert list(pd.read_csv(results / "effects.csv").columns)[:len(EFFECT_COLUMNS)] == EFFECT_COLUMNS
    assert list(pd.read_csv(results / "pooled.csv").columns) == POOLED_COLUMNS
    for lang in ("id", "en"):  # what a reader downloads, in words
        assert list(pd.read_csv(out / "tables" / f"consistency-{lang}.csv").columns) == CONSISTENCY_COLUMNS
        assert list(pd.read_csv(out / "tables" / f"effects-{lang}.csv").columns) == EFFECT_COLUMNS
    synthesis = json.loads((results / "synthesis.json").read_text())
    assert all(tuple(v) == VOTE_KEYS for v in synthesis.values())
    assert synthesis["milk_production"]["sign_test_p"] == 0.03125
    assert sorted(p.name for p in (out / "notebooks").glob("*.ipynb")) == [p.name for p in pipeline.notebooks()]
    for figure in ("prisma-id", "prisma-en", "appraisal-id", "appraisal-en"):
        for suffix in (".html", ".standalone.html", ".png", ".json"):
            assert (out / "figures" / f"{figure}{suffix}").is_file(), figure + suffix
    # one progress line per notebook, with its time
    for notebook in pipeline.notebooks():
        assert any(line.strip().startswith(notebook.name) and line.endswith(" s") for line in done.stdout.splitlines())


def test_the_values_of_the_prose_exist_in_both_languages(review_run):
    import yaml

    out, _ = review_run
    indonesian = yaml.safe_load((out / "values" / "id.yml").read_text())["values"]
    english = yaml.safe_load((out / "values" / "en.yml").read_text())["values"]
    assert indonesian.keys() == english.keys()
    assert (indonesian["n_studies_words"], english["n_studies_words"]) == ("enam", "six")
    assert indonesian["votes_milk_production_sign_p"] == "0,0312"
    assert english["votes_milk_production_sign_p"] == "0.0312"


def test_an_unchanged_rerun_is_skipped_in_under_two_seconds(review_run):
    out, _ = review_run
    before = snapshot(out)
    started = time.perf_counter()
    done = evsynth("run", "--out", str(out))
    elapsed = time.perf_counter() - started
    assert done.returncode == 0 and "Up to date" in done.stdout
    assert elapsed < 2.0, f"no-op run took {elapsed:.2f} s"
    assert snapshot(out) == before


def test_invalid_data_leaves_the_outputs_untouched(review_run, edited_studies):
    out, _ = review_run
    before = snapshot(out)
    broken = edited_studies({3: {"n_1": "ten"}})
    done = evsynth("run", "--studies", str(broken), "--references", str(paths.REFERENCES), "--out", str(out))
    assert done.returncode == 1
    assert f"{broken}, row 3, column 'n_1': found 'ten'" in done.stderr and "Traceback" not in done.stderr
    assert snapshot(out) == before


def test_a_failing_notebook_is_named_and_the_outputs_stay(review_run, tmp_path, monkeypatch, capsys):
    out, _ = review_run
    before = snapshot(out)
    failing = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "evsynth", "display_name": "evsynth",
                                                                "language": "python"}})
    failing.cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("raise ValueError('boom')")]
    nbformat.write(failing, tmp_path / "00-fail-on-purpose.ipynb")
    monkeypatch.setattr(pipeline, "notebooks", lambda: [tmp_path / "00-fail-on-purpose.ipynb"])
    with pytest.raises(pipeline.RunFailed, match=r"00-fail-on-purpose.ipynb, cell 2: ValueError: boom"):
        pipeline.run(REVIEW_FILES, out, {}, force=True, echo=lambda *_: None)
    assert snapshot(out) == before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".outputs-")]  # no staging left behind


def test_an_unknown_parameter_is_refused(review_run):
    out, _ = review_run
    done = evsynth("run", "--out", str(out), "-p", "alpah=0.01")
    assert done.returncode == 2 and "unknown parameter(s) alpah" in done.stderr and "alpha" in done.stderr


def test_committed_notebooks_carry_no_volatile_metadata():
    for path in pipeline.notebooks():
        raw = json.loads(path.read_text())
        assert "papermill" not in raw["metadata"], path.name
        for cell in raw["cells"]:
            assert "papermill" not in cell["metadata"] and "execution" not in cell["metadata"], path.name
            assert "injected-parameters" not in cell["metadata"].get("tags", []), path.name
        assert raw["metadata"]["kernelspec"]["name"] == "evsynth"


def test_an_executed_notebook_names_its_paths_as_a_reader_can_use_them(tmp_path):
    # the book embeds each executed notebook: its parameters once showed the render machine's folders
    # (/tmp/..., ._outputs-staging-xxxx); now paths relative to notebooks/, where the notebooks run,
    # and the output folder by its own name; a file outside the project keeps its own path
    out = paths.ROOT / "_outputs"
    staging = paths.ROOT / "._outputs-staging-ab12cd"
    given = {"studies": str(paths.ROOT / "data" / "studies.csv"), "output_dir": str(staging),
             "appraisal": str(tmp_path / "appraisal.csv"), "alpha": 0.05, "hksj": False}
    injected = nbformat.v4.new_code_cell("# Parameters\n" + "\n".join(f"{k} = {v!r}" for k, v in given.items()),
                                         metadata={"tags": ["injected-parameters"]})
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("studies = ''"), injected])
    notebook.metadata["papermill"] = {"parameters": given, "input_path": str(paths.NOTEBOOKS / "02-audit.ipynb"),
                                      "output_path": str(staging / "notebooks" / "02-audit.ipynb")}
    path = tmp_path / "02-audit.ipynb"
    nbformat.write(notebook, path)
    pipeline.readable_paths(path, staging, out)
    executed = nbformat.read(path, as_version=4)
    assert executed.cells[1].source == (
        "# Parameters (paths relative to notebooks/, where the run executed)\n"
        f'alpha = 0.05\nappraisal = "{tmp_path}/appraisal.csv"\nhksj = False\noutput_dir = "../_outputs"\n'
        'studies = "../data/studies.csv"\n')  # in papermill's order, by name
    assert executed.metadata["papermill"]["input_path"] == "02-audit.ipynb"
    assert executed.metadata["papermill"]["output_path"] == "../_outputs/notebooks/02-audit.ipynb"
    assert str(paths.ROOT) not in path.read_text() and "staging" not in path.read_text()


def test_normalising_drops_what_papermill_adds(review_run, tmp_path):
    out, _ = review_run
    executed = out / "notebooks" / "02-audit-reported-results.ipynb"
    assert "injected-parameters" in executed.read_text()  # the run did inject its paths
    refresh.normalise(executed, tmp_path / "clean.ipynb")
    clean = tmp_path / "clean.ipynb"
    assert "injected-parameters" not in clean.read_text() and "papermill" not in clean.read_text()


def test_nbval_fails_when_a_number_in_the_data_changes(tmp_path, edited_studies):
    # the committed validation and audit notebooks, the first pointed at a table whose Triansyah improved
    # count is 8, not 7: the audit notebook reads the inputs the first one validated, as in a run
    changed = edited_studies({2: {"improved": "8"}})
    notebook = nbformat.read(paths.NOTEBOOKS / "01-validate-data.ipynb", as_version=4)
    parameters = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    parameters.source = parameters.source.replace('"../data/studies.csv"', repr(str(changed))).replace(
        '"../references.bib"', repr(str(paths.REFERENCES)))
    for name in ("prisma", "appraisal", "background", "grade", "claims"):
        parameters.source = parameters.source.replace(f'"../data/{name}.', f'"{paths.DATA}/{name}.')
    nbformat.write(notebook, tmp_path / "01-validate-data.ipynb")
    shutil.copy(paths.NOTEBOOKS / "02-audit-reported-results.ipynb", tmp_path)
    shutil.copy(paths.NOTEBOOKS / "nbval-sanitize.cfg", tmp_path)
    done = subprocess.run([sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-p", "no:xdist",
                           "--nbval-sanitize-with", str(tmp_path / "nbval-sanitize.cfg"), "-o", "addopts=",
                           str(tmp_path / "01-validate-data.ipynb"), str(tmp_path / "02-audit-reported-results.ipynb")],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300,
                          env={**os.environ, NOTEBOOK_OUTPUTS: str(tmp_path / "handed-on")})
    assert done.returncode == 1, done.stdout[-2000:]
    assert "1 failed, " in done.stdout  # the validation notebook prints nothing the change touches
    # nbval shows Triansyah's line as the notebook expected it and as the changed data give it
    assert "mismatch 'stdout'" in done.stdout
    assert re.search(r"consistent +0\.015625 +1\n", done.stdout)  # 7 improved: 2 * 0.5**7
    assert re.search(r"inconsistent +0\.0078125 +2\n", done.stdout)  # 8 improved: 2 * 0.5**8


def test_refreshing_the_notebooks_with_nothing_changed_changes_no_byte(review_run, tmp_path):
    # `make notebooks` stores each notebook executed and normalised: the session's run executed
    # them all (with its parameters, which normalising takes out), so they must normalise to
    # exactly the committed notebooks
    out, _ = review_run
    for notebook in pipeline.notebooks():
        refresh.normalise(out / "notebooks" / notebook.name, tmp_path / notebook.name)
        assert (tmp_path / notebook.name).read_bytes() == notebook.read_bytes(), notebook.name


def test_a_run_prints_no_kernel_transport_warning(review_run):
    # the kernels talk over IPC (kernels.kernel_transport), so ipykernel has no TCP warning to print,
    # and are shut down without an interrupt (kernels.kernel_manager), which it logged now and then as
    # "[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel."
    _, done = review_run
    printed = done.stdout + done.stderr
    assert "01-validate-data.ipynb" in printed  # the notebooks ran, not a cached skip
    assert "running over TCP without encryption" not in printed, printed[-2000:]
    assert "KeyboardInterrupt" not in printed and not [line for line in printed.splitlines() if "ERROR" in line], \
        printed[-2000:]


def test_a_kernel_is_shut_down_without_an_interrupt(tmp_path):
    # jupyter_client sends SIGINT to a kernel's process group before shutting it down; landing in the
    # handler of papermill's last request, it made ipykernel log an ERROR on one shutdown in ten or so.
    # A process the notebook starts is in that group: it tells, every time, whether a SIGINT was sent.
    interrupted, ready, pid = tmp_path / "interrupted", tmp_path / "ready", tmp_path / "pid"
    child = ("import signal, sys, time\n"
             "signal.signal(signal.SIGINT, lambda *_: open(sys.argv[1], 'w').close())\n"
             "open(sys.argv[2], 'w').close()\n"
             "time.sleep(60)\n")
    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "evsynth", "display_name": "evsynth",
                                                                 "language": "python"}})
    notebook.cells = [nbformat.v4.new_code_cell(
        "import subprocess, sys, time\nfrom pathlib import Path\n"
        f"child = subprocess.Popen([sys.executable, '-c', {child!r}, {str(interrupted)!r}, {str(ready)!r}],\n"
        "                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        f"while not Path({str(ready)!r}).exists():\n"
        "    time.sleep(0.05)\n"
        f"Path({str(pid)!r}).write_text(str(child.pid))")]
    nbformat.write(notebook, tmp_path / "00-start-a-child.ipynb")
    try:
        pipeline.execute(tmp_path / "00-start-a-child.ipynb", tmp_path / "executed.ipynb", None, echo=lambda *_: None)
        time.sleep(0.5)  # a signal sent at the shutdown has arrived by now
        assert ready.exists() and not interrupted.exists()
    finally:
        with contextlib.suppress(OSError, ValueError):
            os.kill(int(pid.read_text()), signal.SIGKILL)


def test_a_full_disk_ends_the_run_with_its_message(disk):
    # 16 KB hold the first executed notebook, not the second: papermill's write of it finds the disk full
    out = disk("size=16k") / "out"
    done = evsynth("run", "--out", str(out))
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-3000:]
    assert re.fullmatch(rf"The run failed; {re.escape(str(out))} is unchanged.\n  could not write "
                        rf"{re.escape(str(out.parent))}/\.out-staging-\w+/notebooks/\d\d-[\w-]+\.ipynb: "
                        r"No space left on device\n", done.stderr), done.stderr[-3000:]
    assert not list(out.parent.iterdir())  # no staging left


def test_the_colophon_hashes_are_the_runs_own_manifest(review_run):
    import yaml

    out, _ = review_run
    manifest = json.loads((out / "run.json").read_text())
    assert set(manifest["inputs"]) == set(REVIEW_FILES)  # the appraisal included
    values = yaml.safe_load((out / "values" / "en.yml").read_text())["values"]
    for name, given in manifest["inputs"].items():
        assert given["sha256"] == hashlib.sha256(REVIEW_FILES[name].read_bytes()).hexdigest()
        assert values[f"sha256_{name}"] == given["sha256"][:16]


def test_without_the_project_kernel_the_notebooks_run_on_this_python(monkeypatch):
    import jupyter_client.kernelspec

    assert kernels.kernel_name() == "evsynth"  # make venv registers it
    monkeypatch.setattr(jupyter_client.kernelspec, "find_kernel_specs", lambda: {"python3": "/somewhere"})
    assert kernels.kernel_name() == "python3"  # a project made by evsynth new, with only pip install


def scheduled(monkeypatch, fails: str | None = None, kernel=None, cores: int = 2) -> tuple[list, Exception | None]:
    """What :func:`pipeline.execute_all` starts and finishes, on ``cores`` cores, with notebooks that
    take a moment, no kernel (or ``kernel``, a stand-in for :func:`evsynth.kernels.warm_kernel`) and
    ``fails`` failing; and the failure it raised."""
    events = []

    def execute(notebook, target, parameters, echo, progress, kernel):
        assert kernel == "warm"
        events.append(("start", notebook.stem))
        time.sleep(0.05 if notebook.stem.startswith(("01", "04", "07")) else 0.2)
        events.append(("end", notebook.stem))
        if notebook.stem == fails:
            raise pipeline.RunFailed(f"{notebook.name} failed")

    monkeypatch.setattr(pipeline, "execute", execute)
    monkeypatch.setattr(pipeline, "readable_paths", lambda *args: None)
    monkeypatch.setattr(pipeline, "_cores", lambda: cores)
    monkeypatch.setattr(pipeline, "warm_kernel", kernel or (lambda cwd: contextlib.nullcontext("warm")))
    monkeypatch.setattr(pipeline, "fresh", lambda kernel: None)
    monkeypatch.setattr(pipeline, "prepare", lambda kernel: None)
    try:
        pipeline.execute_all(paths.ROOT / "unused", paths.ROOT / "unused", {})
    except (pipeline.RunFailed, RuntimeError) as err:
        return events, err
    return events, None


def test_each_notebook_starts_after_those_it_reads_and_two_run_at_once(monkeypatch):
    events, failed = scheduled(monkeypatch)
    assert failed is None
    reads = catalogue.notebook_reads()
    assert sorted(name for what, name in events if what == "start") == catalogue.notebook_names()
    for name in catalogue.notebook_names():
        started = events.index(("start", name))
        assert all(events.index(("end", read)) < started for read in reads[name]), name
    running, most = 0, 0
    for what, _ in events:
        running += 1 if what == "start" else -1
        most = max(most, running)
    assert most == 2
    # the flow diagram (05) needs only the inputs: it is drawn while the audit runs
    assert events.index(("start", "05-draw-flow-and-appraisal")) < events.index(("end", "02-audit-reported-results"))


def test_of_the_notebooks_ready_the_one_that_draws_figures_starts_first(monkeypatch):
    events, _ = scheduled(monkeypatch, cores=1)  # one worker: the order is the schedule's alone
    assert [name[:2] for what, name in events if what == "start"] == ["01", "05", "02", "03", "06", "04", "07", "08"]


def test_after_a_failure_no_notebook_starts_and_the_failure_is_raised(monkeypatch):
    events, failed = scheduled(monkeypatch, fails="02-audit-reported-results")
    assert str(failed) == "02-audit-reported-results.ipynb failed"
    started = [name for what, name in events if what == "start"]
    assert sorted(started) == ["01-validate-data", "02-audit-reported-results", "05-draw-flow-and-appraisal"]
    assert ("end", "05-draw-flow-and-appraisal") in events  # the one running when 02 failed finished


def test_notebooks_that_read_one_that_never_runs_fail_with_a_message_rather_than_wait(monkeypatch):
    monkeypatch.setattr(catalogue, "notebook_reads", lambda: {"02-audit-reported-results": ["99-never"]})
    monkeypatch.setattr(pipeline, "notebooks", lambda: [paths.NOTEBOOKS / "02-audit-reported-results.ipynb"])
    events, failed = scheduled(monkeypatch)
    assert events == []
    assert "02-audit-reported-results.ipynb read notebooks that do not run before them" in str(failed)


def test_a_kernel_that_will_not_start_fails_the_run_before_any_notebook(monkeypatch):
    @contextlib.contextmanager
    def broken(cwd):
        raise RuntimeError("no kernel today")
        yield

    events, failed = scheduled(monkeypatch, kernel=broken)
    assert str(failed) == "no kernel today"
    assert events == []
