"""``evsynth release VERSION``: record the project's finished run as a version of the review.

A release is a folder, ``releases/VERSION/``: the run's results and values (what the book's
numbers are), a copy of each input file (kilobytes), and ``release.json`` with the version,
the date, the run's parameters and key, and each input's hash. A later run compares itself
with the latest release to say what changed. The release sets the version and its date in
``CITATION.cff`` and in the book's citation metadata (``_quarto.yml``).

It is refused, and writes nothing, for a version that is not ``MAJOR.MINOR.PATCH``, that exists,
or that does not sort after the latest release; and for a run that is missing, failed, or is
not the one ``evsynth run`` would make now (an input, a parameter or the code changed since,
or one of its files was edited).
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
from pathlib import Path

from evsynth import paths, run_folder

#: A release's version: three whole numbers, compared as numbers (0.10.0 comes after 0.9.1).
VERSION = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
RECORD = "release.json"
#: What of a run a release keeps: the numbers the book states, in its machine-readable form.
KEPT = ("results", "values")
#: Left out of those: the validated inputs as this code's Python objects (a pickle, which another
#: version may not read back); the input files themselves are kept instead.
NOT_KEPT = ("*.pickle",)


class ReleaseRefused(ValueError):
    """The release cannot be made; the message says why and what to do."""


def version_key(version: str) -> tuple[int, int, int]:
    """``"0.10.0"`` as ``(0, 10, 0)``, the order releases follow.

    >>> sorted(["0.10.0", "0.9.1", "1.0.0"], key=version_key)
    ['0.9.1', '0.10.0', '1.0.0']
    """
    found = VERSION.fullmatch(version)
    if not found:
        raise ReleaseRefused(f"version {version!r}: expected MAJOR.MINOR.PATCH, three whole numbers such as 0.2.0")
    return tuple(int(part) for part in found.groups())


def released(folder: Path) -> list[str]:
    """The versions released in ``folder`` (``releases/``), oldest first."""
    if not folder.is_dir():
        return []
    return sorted((p.name for p in folder.iterdir() if (p / RECORD).is_file() and VERSION.fullmatch(p.name)),
                  key=version_key)


def latest(folder: Path) -> Path | None:
    """The folder of the latest release in ``folder`` (``releases/``), None before the first."""
    versions = released(folder)
    return folder / versions[-1] if versions else None


def release_record(folder: Path | str) -> dict | None:
    """The record of the release in ``folder``, or of the latest release where ``folder`` holds
    releases (``releases/``; None when it holds none): its ``version``, ``date``, ``parameters``
    and ``run_key``, its ``folder``, and, by input name, the ``input_hashes`` (SHA-256) and the
    ``files`` it copied.
    """
    folder = Path(folder)
    if not (folder / RECORD).is_file():
        folder = latest(folder)
        if folder is None:
            return None
    found = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    inputs = found.pop("inputs")
    return {**found, "folder": folder, "input_hashes": {name: given["sha256"] for name, given in inputs.items()},
            "files": {name: folder / given["file"] for name, given in inputs.items()}}


def release(version: str, files: dict[str, Path | None], out: Path, folder: Path, citation: Path,
            book: Path, today: datetime.date | None = None) -> Path:
    """Record the run in ``out`` as ``version`` in ``folder``; return the release's folder.

    ``files`` are the run's input files (as ``evsynth run`` takes them), ``citation`` the
    project's ``CITATION.cff`` and ``book`` its ``_quarto.yml``, both updated where they exist.

    Raises
    ------
    ReleaseRefused
        Before anything is written, with the reason.
    """
    from evsynth.pipeline import run_key

    key = version_key(version)
    versions = released(folder)
    if version in versions:
        raise ReleaseRefused(f"version {version} exists: {paths.shown(folder / version)}")
    if versions and key <= version_key(versions[-1]):
        raise ReleaseRefused(f"version {version} does not come after the latest release, {versions[-1]}")
    manifest = run_folder.manifest(out)
    if manifest is None or "files" not in manifest:
        raise ReleaseRefused(f"{paths.shown(out)} holds no finished run: run `evsynth run` first")
    if run_key(files, manifest["parameters"], latest(folder)) != manifest["key"]:
        raise ReleaseRefused(f"the run in {paths.shown(out)} is not the one `evsynth run` makes now (an input, a "
                             "parameter or the code changed since): run `evsynth run` first")
    if not run_folder.intact(out, manifest["files"]):
        raise ReleaseRefused(f"a file of the run in {paths.shown(out)} was changed after the run: "
                             "run `evsynth run --force` first")
    date = (today or datetime.date.today()).isoformat()
    stamped = {path: _with_version(path, version, date) for path in (citation, book) if path.is_file()}
    target = folder / version
    partial = folder / f".{version}-partial"
    shutil.rmtree(partial, ignore_errors=True)
    try:
        for kept in KEPT:
            shutil.copytree(out / kept, partial / kept, ignore=shutil.ignore_patterns(*NOT_KEPT))
        (partial / "inputs").mkdir()
        inputs = {}
        for name, path in sorted(files.items()):
            if path is not None:  # named by the input it is, in its own format: studies.xlsx, prisma.csv
                copy = f"inputs/{name}{path.suffix.lower()}"
                shutil.copyfile(path, partial / copy)
                inputs[name] = {"file": copy, "sha256": run_folder.sha256(path)}
        record = {"version": version, "date": date, "parameters": manifest["parameters"],
                  "run_key": manifest["key"], "inputs": inputs}
        (partial / RECORD).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        partial.rename(target)  # whole or not at all
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    for path, text in stamped.items():
        path.write_text(text, encoding="utf-8")
    return target


#: Where each file keeps the version and its date: CITATION.cff at the top level, _quarto.yml
#: under ``citation:`` (two spaces in), quoted.
_LINES = {"CITATION.cff": ("", "version: {version}", "date-released: {date}"),
          "_quarto.yml": ("  ", 'version: "{version}"', 'issued: "{date}"')}


def _with_version(path: Path, version: str, date: str) -> str:
    """The text of ``path`` (CITATION.cff or _quarto.yml) with its version and date lines set,
    the date after the version where it has none; every other line as it was."""
    indent, version_line, date_line = _LINES[path.name]
    text = path.read_text(encoding="utf-8")
    version_pattern = re.compile(rf"^{indent}version:.*$", re.M)
    date_pattern = re.compile(rf"^{indent}{date_line.split(':')[0]}:.*$", re.M)
    new_version = indent + version_line.format(version=version)
    new_date = indent + date_line.format(date=date)
    if not version_pattern.search(text):
        raise ReleaseRefused(f"{paths.shown(path)} has no version line ({indent}version: ...) to set")
    text = version_pattern.sub(new_version, text, count=1)
    if date_pattern.search(text):
        text = date_pattern.sub(new_date, text, count=1)
    else:
        text = version_pattern.sub(f"{new_version}\n{new_date}", text, count=1)
    return text
