"""The output folder of ``evsynth run``: what it may replace, and how, without losing anything.

- **Only its own**: a run writes into a new or empty folder, or over a previous run
  (recognised by its manifest). Anything else is refused before any work: a folder with
  other files, a file, a folder holding an input, a mount point, the repository root, the
  home folder, ``/``. Empty folders a user made inside a previous run are carried into the new one.
- **Never half-swapped**: results are built in a staging folder beside the target and
  swapped in with two renames. A run killed between them leaves ``.NAME-previous``, which
  the next run puts back; staging left by a killed run is removed by the next one. A second
  rename that fails puts the previous run back at once.
- **One at a time**: a run holds a lock on the target's parent folder (POSIX ``flock``;
  no lock on Windows), so a second run into the same place waits for the first.

Standard library only: the cached no-op path of a run imports this module.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from evsynth import paths

MANIFEST = "run.json"


class RefusedOutput(ValueError):
    """The output folder cannot be used; the message says why and what to do."""


def manifest(folder: Path) -> dict | None:
    """The run manifest in ``folder``, or None when it holds none (or not an evsynth one)."""
    try:
        found = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) and "key" in found else None


def write_manifest(folder: Path, found: dict) -> None:
    """Write a run's manifest into ``folder``."""
    (Path(folder) / MANIFEST).write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")


def check(out: Path, inputs: list[Path]) -> None:
    """Refuse an output folder that a run would have to take from its owner.

    Raises
    ------
    RefusedOutput
        With the reason and what to do instead.
    """
    out = Path(out).resolve()
    special = {Path("/").resolve(): "the file system root", Path.home().resolve(): "your home folder",
               paths.ROOT: "the project's root"}
    if out in special:
        raise RefusedOutput(f"--out {out} is {special[out]}; give a new or empty folder, e.g. --out my-run")
    for path in inputs:
        if out == path or out in Path(path).resolve().parents:
            raise RefusedOutput(f"--out {paths.shown(out)} holds the input {paths.shown(path)}, which a run "
                                "would replace; give a new or empty folder")
    retired = _retired(out)
    if retired.exists() and manifest(retired) is None:
        raise RefusedOutput(f"{paths.shown(retired)} is in the way of the swap and is not an evsynth run; "
                            "move it elsewhere")
    if not out.exists():
        return
    if os.path.ismount(out):
        raise RefusedOutput(f"--out {paths.shown(out)} is a mount point: a run swaps its results in by renaming "
                            "the output folder, and a mount point cannot be renamed; give a folder inside it, "
                            f"e.g. --out {paths.shown(out / 'run')}")
    if not out.is_dir():
        raise RefusedOutput(f"--out {paths.shown(out)} is a file, not a folder; give a new or empty folder")
    found = manifest(out)
    if found is None:
        foreign = sorted(p.name for p in out.iterdir())
        what = "files that are not an evsynth run"
    else:  # a run, perhaps with a user's file added since: the swap would take that file too
        present = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
        foreign = sorted(present - set(found.get("files", {})) - {MANIFEST})
        what = "files the evsynth run there did not write"
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise RefusedOutput(f"--out {paths.shown(out)} holds {what} ({shown}); "
                            "evsynth replaces only its own runs: move them elsewhere, or give a new or empty folder")


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex: how a run records its inputs and its outputs."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def digests(folder: Path) -> dict[str, list]:
    """``{relative path: [size, sha256]}`` for every file of a run but its manifest."""
    folder = Path(folder)
    return {p.relative_to(folder).as_posix(): [p.stat().st_size, sha256(p)]
            for p in sorted(folder.rglob("*")) if p.is_file() and p.relative_to(folder).as_posix() != MANIFEST}


def intact(out: Path, listed: dict) -> bool:
    """Every file the manifest lists is on disk with its size and hash."""
    for relative, (size, digest) in listed.items():
        path = Path(out) / relative
        try:
            if path.stat().st_size != size or sha256(path) != digest:
                return False
        except OSError:
            return False
    return True


def _retired(out: Path) -> Path:
    return out.with_name(f".{out.name}-previous")


@contextlib.contextmanager
def locked(out: Path, echo=print):
    """Hold the lock on ``out``'s parent folder; wait, saying so, while another run holds it.

    Yields
    ------
    bool
        Whether it waited for another run, whose results ``out`` may now hold.
    """
    try:
        import fcntl
    except ImportError:  # Windows: no flock; runs are not serialised there
        yield False
        return
    handle = os.open(out.parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            waited = False
        except BlockingIOError:
            echo(f"Waiting for another evsynth run into {paths.shown(out.parent)} to finish...")
            fcntl.flock(handle, fcntl.LOCK_EX)
            waited = True
        yield waited
    finally:
        os.close(handle)  # closing the descriptor releases the lock


def recover(out: Path) -> bool:
    """Undo what a killed run left behind (call it while holding the lock).

    A run killed between the two renames of :func:`swap_in` leaves its previous results
    as ``.NAME-previous`` and no ``NAME``: they are put back. A ``.NAME-previous`` beside a
    complete ``NAME`` is a swap whose clean-up was cut short. Staging folders are a killed
    run's unfinished work. Nothing that is not an evsynth run is touched.

    Returns
    -------
    bool
        Whether a previous run was put back in ``out``.
    """
    retired = _retired(out)
    restored = False
    if manifest(retired) is not None:
        if out.exists():
            shutil.rmtree(retired)
        else:
            retired.rename(out)
            restored = True
    for staging in out.parent.glob(f".{out.name}-staging-*"):
        if staging.is_dir():
            shutil.rmtree(staging, ignore_errors=True)
    return restored


def staging_folder(out: Path) -> Path:
    """A new folder beside ``out`` (same file system, so the swap is two renames), with the
    permissions an ordinary new folder gets rather than ``mkdtemp``'s private 0700."""
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-staging-", dir=out.parent))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)
    return staging


def carry_empty_folders(out: Path, staging: Path) -> None:
    """Make in ``staging`` every folder of ``out`` that holds no file: the check lets them pass
    (it compares files), so they are a user's, and the swap would otherwise delete them.

    Raises
    ------
    OSError
        If one cannot be made, e.g. the new run wrote a file by that name.
    """
    out = Path(out)
    if not out.is_dir():
        return
    found = sorted(out.rglob("*"))  # "**" does not follow links to folders, nor does the swap
    holding = {folder for p in found if p.is_file() for folder in p.relative_to(out).parents}
    for folder in found:
        if folder.is_dir() and not folder.is_symlink() and folder.relative_to(out) not in holding:
            (Path(staging) / folder.relative_to(out)).mkdir(parents=True, exist_ok=True)


def swap_in(staging: Path, out: Path) -> None:
    """Replace the previous run in ``out`` by ``staging``; at no moment is neither on disk.

    Raises
    ------
    OSError
        If a rename fails; ``out`` then holds the previous run, put back if it had been moved.
    """
    retired = _retired(out)
    moved = out.exists()
    if moved:
        out.rename(retired)
    try:
        staging.rename(out)
    except OSError:
        if moved:
            retired.rename(out)  # were this to fail too, the next run's recover() puts it back
        raise
    # the new run is in place: a previous run that cannot be removed now is removed by the next
    # run's recover(), and must not make this one report a failure
    shutil.rmtree(retired, ignore_errors=True)
