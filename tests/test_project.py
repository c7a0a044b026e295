"""The repository's frame: layout, one environment from one lock, the README commands."""

import os
import re
import shutil
import subprocess
import sys
import tomllib

import pytest
import yaml

from evsynth import paths

ROOT = paths.ROOT


def lock_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def requirement_name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9_.\-]+", requirement).group()).lower()


def test_the_layout_the_user_asked_for():
    for name in ("_quarto.yml", "notebooks", "data", "src/evsynth", "tests", "references.bib", "environment.yml",
                 "pyproject.toml", "requirements.lock", "Makefile", "README.md", ".ci/run", ".gitignore",
                 "CITATION.cff", "LICENSE", ".pre-commit-config.yaml", "data/README.md"):
        assert (ROOT / name).exists(), name


def test_every_dependency_is_pinned_exactly_in_the_lock():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["test"]
    pins = lock_pins()
    missing = [r for r in wanted if requirement_name(r) not in pins]
    assert not missing
    assert all(re.fullmatch(r"[0-9][0-9A-Za-z.+!-]*", v) for v in pins.values())


def test_conda_environment_takes_python_packages_from_the_same_lock():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    # conda gives only the interpreter, Quarto and pip; nothing else can disagree with the lock
    assert sorted(requirement_name(d) for d in conda) == ["pip", "python", "quarto"]
    assert pip == ["-r requirements.lock", "-e ."]
    quarto = next(d for d in conda if d.startswith("quarto"))
    assert re.fullmatch(r"quarto>=1\.(9|[1-9]\d)(\.\d+)?", quarto)
    python = next(d for d in conda if d.startswith("python"))
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert python == "python=3.11" and "<3.12" in requires and ">=3.11" in requires


def test_generated_outputs_are_ignored_by_git():
    ignored = subprocess.run(["git", "check-ignore", "_outputs/x", "_book/index.html", "_variables.yml",
                              ".venv/bin/python"], cwd=ROOT, capture_output=True, text=True)
    assert ignored.stdout.split() == ["_outputs/x", "_book/index.html", "_variables.yml", ".venv/bin/python"]


def test_make_help_lists_the_two_readme_commands():
    done = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True)
    targets = {line.split()[1] for line in done.stdout.splitlines() if line.strip().startswith("make ")}
    assert {"book", "test", "help", "validate", "venv", "lock"} <= targets


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    assert "make test" in (ROOT / "README.md").read_text()


def test_pre_commit_hooks_are_local():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    assert [repo["repo"] for repo in config["repos"]] == ["local"]


@pytest.mark.slow
def test_the_package_works_installed_normally_on_the_project_it_is_run_in(tmp_path):
    # a regular (not editable) install, built from a copy so that the checkout gets no build/ folder
    source = tmp_path / "source"
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    installed = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--disable-pip-version-check",
                    "--target", str(installed), str(source)], check=True, capture_output=True)
    # another review's project: only its own files, nothing of this checkout
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    (project / "_quarto.yml").write_text("project:\n  type: book\n")
    shutil.copy(ROOT / "tests" / "data" / "bcg-studies.csv", project / "data" / "studies.csv")
    shutil.copy(ROOT / "tests" / "data" / "bcg-references.bib", project / "references.bib")
    env = {**os.environ, "PYTHONPATH": str(installed)}
    probe = ("import evsynth, evsynth.paths as p; from evsynth.book.messages import MESSAGES; "
             "print(p.PACKAGE); print(p.ROOT); print(len(MESSAGES))")
    where = subprocess.run([sys.executable, "-c", probe], cwd=project / "data", env=env, capture_output=True,
                           text=True, check=True).stdout.splitlines()
    assert where[:2] == [str(installed / "evsynth"), str(project)] and int(where[2]) > 100
    done = subprocess.run([sys.executable, "-m", "evsynth", "validate", "--studies", "data/studies.csv",
                           "--references", "references.bib"], cwd=project, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "valid: data/studies.csv (13 rows, 13 studies)" in done.stdout
    # evsynth new from the installed package: the scaffold's files and the ones it shares with this book
    done = subprocess.run([sys.executable, "-m", "evsynth", "new", str(tmp_path / "new")], cwd=tmp_path, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    made = {p.relative_to(tmp_path / "new").as_posix() for p in (tmp_path / "new").rglob("*") if p.is_file()}
    assert {"_quarto.yml", "chapters-en/results.qmd", "_extensions/evsynth/evsynth.lua", "methods.bib",
            "notebooks/07-write-book-tables.ipynb", "notebook-pages/01-validate-data.qmd", "data/README.md"} <= made
