"""Shared fixtures: copies of the review's data with one thing changed, and a browser."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

from evsynth import paths
from evsynth.results import NOTEBOOK_OUTPUTS

# Whatever a test, a doctest, pytest's tmp_path or a notebook's kernel puts in the temp folder
# lands in one folder of this test session, removed when the session ends: the suite leaves
# nothing behind in the system's temp folder. (Kernels are killed, not stopped, so a notebook's
# own clean-up at exit cannot be relied on.)
_SCRATCH = tempfile.mkdtemp(prefix="evsynth-tests-")
os.environ["TMPDIR"] = _SCRATCH
tempfile.tempdir = None
# and the static images runs share (evsynth.paths.cache) start empty, in that folder, not the user's
os.environ[paths.CACHE_VARIABLE] = os.path.join(_SCRATCH, "cache")


# Property tests never fail on time (a busy machine is not a bug), and under CI they use a fixed
# profile (no random seed, no example database), so a run cannot pass or fail by luck; examples
# Hypothesis once found stay as explicit @example's.
settings.register_profile("default", deadline=None)
settings.register_profile("ci", parent=settings.get_profile("default"), derandomize=True, database=None,
                          print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "default")


def pytest_unconfigure(config):
    shutil.rmtree(_SCRATCH, ignore_errors=True)


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames), list(reader)


def write_rows(path: Path, fieldnames: list[str], rows: list[dict[str, str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def edited_studies(tmp_path):
    """Write the review's study table with cells changed: ``{spreadsheet row: {column: value}}``."""

    def edit(changes: dict[int, dict[str, str]], name: str = "studies.csv") -> Path:
        fieldnames, rows = read_rows(paths.STUDIES)
        for row, cells in changes.items():
            rows[row - 2].update(cells)
        return write_rows(tmp_path / name, fieldnames, rows)

    return edit


@pytest.fixture
def edited_appraisal(tmp_path):
    def edit(changes: dict[int, dict[str, str]], drop_rows: tuple[int, ...] = ()) -> Path:
        fieldnames, rows = read_rows(paths.APPRAISAL)
        for row, cells in changes.items():
            rows[row - 2].update(cells)
        rows = [r for i, r in enumerate(rows, start=2) if i not in drop_rows]
        return write_rows(tmp_path / "appraisal.csv", fieldnames, rows)

    return edit


@pytest.fixture
def edited_text(tmp_path):
    """Copy a text file with ``old`` replaced by ``new`` (exactly once)."""

    def edit(source: Path, old: str, new: str) -> Path:
        text = source.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} must occur once in {source}"
        target = tmp_path / source.name
        target.write_text(text.replace(old, new), encoding="utf-8")
        return target

    return edit


BROWSER_NAMES = ("chromium", "google-chrome", "google-chrome-stable", "chromium-browser")


def _chromium() -> str | None:
    """``BROWSER_PATH``, else the first browser on PATH that runs (the rule of scripts/ensure-chromium):
    on hosted Ubuntu runners ``chromium-browser`` is a snap placeholder that only prints an error."""
    for candidate in (os.environ.get("BROWSER_PATH"), *map(shutil.which, BROWSER_NAMES)):
        if candidate and Path(candidate).exists() and _runs(candidate):
            return candidate
    return None


def _runs(browser: str) -> bool:
    try:
        return subprocess.run([browser, "--version"], capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's Chromium. Missing: skip with the reason, except under CI=true, where it fails."""
    path = _chromium()
    if path is None:
        reason = ("no working Chromium or Chrome (BROWSER_PATH, or on PATH: " + ", ".join(BROWSER_NAMES)
                  + "); make test installs Debian's chromium when run as root")
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    """A headless Chromium driven by Playwright, with no network beyond this machine."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        instance = driver.chromium.launch(
            executable_path=chromium_path,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield instance
        instance.close()


@pytest.fixture
def disk(tmp_path):
    """A folder on a file system of its own, as a user's full or read-only disk or a mount point:
    ``disk("size=64k")`` a tmpfs of 64 KB to fill, ``disk("ro")`` a read-only one (``tmpfs(5)``
    options). Mounting needs root on Linux, where ``make test`` runs; elsewhere the test is
    skipped with the reason."""
    mounted = []

    def mount(options: str = "size=1m") -> Path:
        folder = tmp_path / f"disk{len(mounted)}"
        folder.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                              capture_output=True, text=True)
        if done.returncode:
            pytest.skip(f"needs a tmpfs of its own (mount as root on Linux): {done.stderr.strip()}")
        mounted.append(folder)
        return folder

    yield mount
    for folder in mounted:
        subprocess.run(["umount", "--lazy", str(folder)], capture_output=True)


#: The review's own input files, by their names in `evsynth run` (its --studies, --prisma...).
REVIEW_FILES = {"studies": paths.STUDIES, "references": paths.REFERENCES, "prisma": paths.PRISMA,
                "appraisal": paths.APPRAISAL, "background": paths.BACKGROUND, "grade": paths.GRADE,
                "claims": paths.CLAIMS}


#: axe-core's checks of a page: WCAG 2.0 and 2.1, levels A and AA, the experimental rules among them
#: too (label-content-name-mismatch, WCAG 2.5.3, is one).
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "experimental"]}}


def wcag(violation: dict) -> bool:
    """Whether an axe-core violation breaks a WCAG 2.0 or 2.1 A or AA criterion (not only an
    experimental rule's own advice)."""
    return bool({"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"} & set(violation["tags"]))


def evsynth(*args, timeout=600):
    """Run ``python -m evsynth`` as a user would, from the repository root."""
    return subprocess.run([sys.executable, "-m", "evsynth", *args], capture_output=True, text=True,
                          cwd=paths.ROOT, timeout=timeout)


@pytest.fixture(scope="session")
def review_run(tmp_path_factory):
    """The review's pipeline, run once for the whole test session into a scratch folder: the
    first worker to ask runs it, the others (pytest-xdist) wait for it and share its outputs.
    Tests may run it again into the same folder, but must leave its outputs as they were."""
    return _review_run(tmp_path_factory)


def _review_run(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    import json

    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the session's folder, above each worker's own
    out, record = shared / "review-run" / "outputs", shared / "review-run.json"
    with FileLock(str(shared / "review-run.lock")):
        if not record.is_file():
            done = evsynth("run", "--out", str(out))
            record.write_text(json.dumps([done.args, done.returncode, done.stdout, done.stderr]))
        done = subprocess.CompletedProcess(*json.loads(record.read_text()))
    assert done.returncode == 0, done.stderr
    return out, done


class _HandOn:
    """A notebook under nbval runs with its defaults (an empty ``output_dir``) and reads what the
    notebooks before it wrote: a copy of the results and values of the session's run of the review (the same
    code on the same data), made before its kernel starts, which inherits the environment. Each
    notebook gets its own copy, so notebooks on any worker, in any order, start alike.

    A plugin, not a hook of this file: a conftest's run hooks reach only the tests below it."""

    def __init__(self):
        self.started = set()

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item):
        if item.path.suffix != ".ipynb" or item.path in self.started:
            return
        self.started.add(item.path)
        out, _ = _review_run(item.config._tmp_path_factory)  # the session's tmp_path_factory: no fixture reaches a hook
        handed_on = Path(tempfile.mkdtemp(prefix=f"{item.path.stem}-"))
        for part in ("results", "values"):
            shutil.copytree(out / part, handed_on / part)
        os.environ[NOTEBOOK_OUTPUTS] = str(handed_on)


def pytest_configure(config):
    config.pluginmanager.register(_HandOn(), "evsynth-notebook-results")


def two_by_two_tables(max_n: int = 60):
    """Hypothesis strategy: (events_1, n_1, events_2, n_2) with events within n."""
    from hypothesis import strategies as st

    return st.tuples(st.integers(1, max_n), st.integers(1, max_n)).flatmap(
        lambda n: st.tuples(st.integers(0, n[0]), st.just(n[0]), st.integers(0, n[1]), st.just(n[1])))


# Fixtures that run the whole pipeline, export every figure or render the book: the tests
# that use them, the notebooks under nbval and test_pipeline.py are "slow", which
# `make quick` leaves out for the edit-test loop (`make test` runs everything).
SLOW_FIXTURES = {"review_run", "hostile_run", "combined_run", "exported", "rendered_book"}


def pytest_collection_modifyitems(items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or item.path.suffix == ".ipynb" \
                or item.path.name == "test_pipeline.py":
            item.add_marker(pytest.mark.slow)
