"""Quarto's pre-render step and the one way the project venv is made, without Quarto.

The scripts are copied into a scratch project, so ``.venv`` and the pipeline are fakes
that record what they were asked to do; nothing is installed and nothing is run for real.
"""

import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from evsynth import paths

SCRIPTS = ("pre-render.py", "project_venv.py")


@pytest.fixture
def project(tmp_path):
    """A scratch project with the render scripts, a lock, and a venv whose python is a fake."""
    (tmp_path / "scripts").mkdir()
    for name in SCRIPTS:
        shutil.copy(paths.ROOT / "scripts" / name, tmp_path / "scripts")
    (tmp_path / "requirements.lock").write_text("")
    (tmp_path / "pyproject.toml").write_text("")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(f'#!/bin/sh\necho "$@" >> {tmp_path / "calls"}\necho "$PPID" > {tmp_path / "parent"}\n')
    python.chmod(0o755)
    (tmp_path / ".venv" / ".installed-from-lock").touch()
    return tmp_path


def pre_render(project, **env):
    return subprocess.run([sys.executable, str(project / "scripts" / "pre-render.py")], capture_output=True,
                          text=True, timeout=60, env={**os.environ, **env}, cwd=project)


def test_pre_render_hands_over_to_evsynth_in_the_project_venv(project):
    done = pre_render(project)
    assert done.returncode == 0, done.stderr
    assert (project / "calls").read_text().splitlines() == ["-m evsynth pre-render"]


def test_the_hand_over_keeps_quarto_as_the_parent(project):
    # exec, not a child: `evsynth pre-render` must see Quarto as its parent to stop it quietly
    script = f"echo $$; {sys.executable} {project / 'scripts' / 'pre-render.py'}"
    done = subprocess.run(["/bin/sh", "-c", script], capture_output=True, text=True, timeout=60, cwd=project)
    assert done.stdout.split()[0] == (project / "parent").read_text().strip()


@pytest.fixture
def invalid_project(tmp_path):
    """A review project whose study table is invalid, for the real ``evsynth pre-render``."""
    (tmp_path / "_quarto.yml").write_text("project:\n  type: book\n")
    (tmp_path / "data").mkdir()
    header = (paths.STUDIES.read_text(encoding="utf-8").splitlines()[0])
    row = paths.STUDIES.read_text(encoding="utf-8").splitlines()[1].replace(",30,", ",3O,", 1)
    (tmp_path / "data" / "studies.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    shutil.copy(paths.REFERENCES, tmp_path / "references.bib")
    return tmp_path


def evsynth_pre_render(project, parent=None, **env):
    command = f"{sys.executable} -m evsynth pre-render"
    argv = [str(parent), "-c", f"{command}; echo parent-survived"] if parent else command.split()
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=project,
                          env={**os.environ, **env})


def test_invalid_data_stops_the_render_with_the_validators_message(invalid_project):
    done = evsynth_pre_render(invalid_project)
    assert done.returncode != 0
    assert "data/studies.csv, row 2, column 'n_total': found '3O'" in done.stderr, done.stderr
    assert "the book was not rendered" in done.stderr and "Traceback" not in done.stderr
    assert not (invalid_project / "_outputs").exists()


def test_quarto_is_stopped_quietly_so_the_report_is_the_last_word(invalid_project):
    # Quarto runs on Deno and would print its own stack trace below the report; a stand-in
    # parent named "deno" (a copy of sh) shows that the parent, and only a Quarto parent, is ended.
    deno = invalid_project / "deno"
    shutil.copy("/bin/sh", deno)
    done = evsynth_pre_render(invalid_project, deno, QUARTO_PROJECT_OUTPUT_DIR="x")
    assert done.returncode == -signal.SIGTERM and "parent-survived" not in done.stdout
    assert "row 2, column 'n_total'" in done.stderr
    named_otherwise = evsynth_pre_render(invalid_project, "/bin/sh", QUARTO_PROJECT_OUTPUT_DIR="x")
    assert "parent-survived" in named_otherwise.stdout


@pytest.fixture
def project_venv(project, monkeypatch):
    """The copied ``project_venv`` module, with every command it would run recorded instead."""
    spec = importlib.util.spec_from_file_location("project_venv_copy", project / "scripts" / "project_venv.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    calls, failing = [], []

    def run(command, **_):
        calls.append(command)
        if command[1:3] == ["-m", "venv"]:  # as python -m venv would
            module.venv_python(project / ".venv").parent.mkdir(parents=True)
        return subprocess.CompletedProcess(command, 1 if any(word in command for word in failing) else 0)

    monkeypatch.setattr(module.subprocess, "run", run)
    return module, calls, failing


def test_a_missing_or_stale_venv_is_made_from_the_lock_in_order(project, project_venv):
    module, calls, _ = project_venv
    assert module.ensure_venv(echo=lambda _: None) == project / ".venv" / "bin" / "python"
    assert calls == []  # up to date: nothing runs
    time.sleep(0.01)
    (project / "requirements.lock").write_text("pandas==2.2.3\n")  # newer than the stamp
    module.ensure_venv(echo=lambda _: None)
    steps = [" ".join(map(str, c)) for c in calls]
    assert [s.split(" -m ")[1].split()[0] for s in steps] == ["pip", "pip", "ipykernel"]
    assert "-r " + str(project / "requirements.lock") in steps[0] and "--no-deps -e " + str(project) in steps[1]
    assert "--name evsynth" in steps[2]
    calls.clear()
    shutil.rmtree(project / ".venv")
    module.ensure_venv(echo=lambda _: None)
    assert calls[0] == [sys.executable, "-m", "venv", str(project / ".venv")] and len(calls) == 4


def test_a_failed_step_exits_with_one_line_naming_it(project, project_venv):
    module, _, failing = project_venv
    (project / ".venv" / ".installed-from-lock").unlink()
    failing.append("-r")
    with pytest.raises(SystemExit, match=r"project venv: '.* -r .*requirements.lock' failed \(installing "
                                         r"requirements.lock\)"):
        module.ensure_venv(echo=lambda _: None)
    assert not (project / ".venv" / ".installed-from-lock").exists()  # the next render tries again
