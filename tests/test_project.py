"""The repository's frame: layout, one environment from one lock, the README commands."""

import re
import subprocess
import tomllib

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
