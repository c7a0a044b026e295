"""``evsynth run``: execute the notebooks with papermill, side by side where they may, atomically
and cached.

- **Cached**: a run is keyed by the SHA-256 of everything it reads (input files,
  parameters, notebooks, the package's sources, the lock). A re-run with the same key
  returns at once when the outputs on disk are the ones its manifest lists (sizes and
  hashes); only the standard library and PyYAML (the catalogue) are imported on that path.
- **Atomic**: notebooks run into a staging folder beside the output folder, which is
  swapped in only when every notebook succeeded. A failure (a notebook's, or a full disk's:
  any OSError while the run writes), or SIGTERM, leaves the previous outputs byte-for-byte
  untouched and no staging behind; the output folder's rules (what it may replace, the
  lock, recovery after a kill) are :mod:`evsynth.run_folder`'s.
- **Side by side**: a notebook starts once the notebooks whose results it reads are done
  (the catalogue's ``reads``), as many at once as there are cores.
- The kernels they run in, and how these are reached and stopped: :mod:`evsynth.kernels`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

from evsynth import paths, run_folder
from evsynth.kernels import (
    fresh,
    kernel_manager,
    kernel_name,
    kernel_transport,
    prepare,
    remove_stale_kernel_folders,
    warm_kernel,
)
from evsynth.parameters import check as check_parameters
from evsynth.release import RECORD

MAX_ROWS = 20_000  # on two cores 10,000 rows run in about 30 s (make bench), 20,000 in about 45 s


class RunFailed(Exception):
    """A notebook failed, or the run could not write its results; the message says which
    notebook, in which cell, and why, or which file and why."""


def notebooks() -> list[Path]:
    """The pipeline's notebooks, in the catalogue's order (:mod:`evsynth.catalogue`)."""
    from evsynth.catalogue import notebook_names

    return [paths.NOTEBOOKS / f"{name}.ipynb" for name in notebook_names()]


def run_key(files: dict[str, Path | None], parameters: dict, since: Path | None = None) -> str:
    """SHA-256 over every input of a run: files, parameters, the release it compares itself with
    (``since``, a release's folder: its record), notebooks, the package's sources and messages,
    and the project's lock where it has one."""
    digest = hashlib.sha256()

    def feed(label: str, path: Path | None):
        digest.update(label.encode() + b"\0")
        digest.update(path.read_bytes() if path else b"<none>")
        digest.update(b"\0")

    for name, path in sorted(files.items()):
        feed(f"input:{name}", path)
    digest.update(json.dumps(parameters, sort_keys=True, default=str).encode())
    feed("since", since / RECORD if since else None)
    for notebook in notebooks():
        feed(f"notebook:{notebook.name}", notebook if notebook.is_file() else None)
    for source in sorted(p for p in paths.PACKAGE.rglob("*") if p.suffix in (".py", ".yml")):
        feed(f"source:{source.relative_to(paths.PACKAGE).as_posix()}", source)
    feed("lock", paths.LOCK if paths.LOCK.is_file() else None)
    return digest.hexdigest()


def up_to_date(out: Path, key: str) -> bool:
    """The run in ``out`` has this key and its files are still as it wrote them."""
    found = run_folder.manifest(out)
    return found is not None and found["key"] == key and "files" in found and run_folder.intact(out, found["files"])


def run(files: dict[str, Path | None], out: Path, overrides: dict, force: bool = False, echo=print,
        since: Path | None = None) -> bool:
    """Run the pipeline into ``out``; return False when it was already up to date. ``since`` is
    the folder of the release the run says what changed since (:mod:`evsynth.release`), if any.

    Raises
    ------
    evsynth.errors.InvalidData
        Before anything runs, if an input file is invalid.
    RunFailed
        If a notebook fails, or a file of the run cannot be written (a full disk); ``out`` is
        left as it was.
    """
    out = Path(out).resolve()
    files = {name: Path(path).resolve() if path else None for name, path in files.items()}
    run_folder.check(out, [path for path in files.values() if path])  # before any work
    since = Path(since).resolve() if since else None
    key = run_key(files, overrides, since)
    if not force and up_to_date(out, key):
        echo(f"Up to date: {paths.shown(out)} (inputs unchanged; use --force to run again)")
        return False

    from evsynth.inputs import load_inputs

    check_parameters(overrides)
    inputs = {name: {"path": str(path), "sha256": run_folder.sha256(path)} if path else None
              for name, path in files.items()}
    rows = len(load_inputs(**files).studies)  # invalid data stops here, before any notebook runs
    missing = [paths.shown(notebook) for notebook in notebooks() if not notebook.is_file()]
    if missing:
        raise ValueError(f"{', '.join(missing)} missing: the run needs every notebook of the catalogue "
                         "(evsynth new --force puts back a project's missing files)")
    if rows > MAX_ROWS:
        raise ValueError(f"the study table has {rows:,} rows; a run is limited to {MAX_ROWS:,} rows (about a "
                         "minute on two cores; beyond that its tables and figures are unreadable anyway). "
                         "`evsynth validate` checks a table of any size.")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise run_folder.RefusedOutput(f"cannot create {paths.shown(out.parent)}: {err.strerror}") from None
    with run_folder.locked(out, echo) as waited, _terminate_as_exit():
        restored = run_folder.recover(out)
        if not force and up_to_date(out, key):
            echo(f"Up to date: {paths.shown(out)} ({_why_up_to_date(waited, restored)})")
            return False
        try:
            staging = run_folder.staging_folder(out)
        except OSError as err:
            raise run_folder.RefusedOutput(f"cannot write into {paths.shown(out.parent)}: {err.strerror}") from None
        try:
            # the manifest's first part; "files" comes last. "python": the figure shortcode runs
            # `evsynth static-figures` with it when a PDF or DOCX asks for a PNG the run did not draw
            manifest = {"key": key, "inputs": inputs, "parameters": overrides, "since": since.name if since else None,
                        "python": sys.executable}
            _write_manifest(staging, manifest)
            parameters = {name: str(path) if path else "" for name, path in files.items()}
            parameters.update(overrides, output_dir=str(staging), since=str(since or ""))
            remove_stale_kernel_folders()
            started = time.perf_counter()
            execute_all(staging, out, parameters, echo)
            manifest["files"] = run_folder.digests(staging)
            _write_manifest(staging, manifest)
            run_folder.carry_empty_folders(out, staging)
            run_folder.swap_in(staging, out)
        except OSError as err:  # a full disk, most likely: the run's own message, not a traceback
            raise RunFailed(_could_not(err, staging)) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)  # gone already after a successful swap
    echo(f"Done in {time.perf_counter() - started:.1f} s: {paths.shown(out)}")
    return True


def execute_all(staging: Path, out: Path, parameters: dict, echo=print) -> None:
    """Execute the catalogue's notebooks into ``staging``, each once the notebooks whose results
    it reads are done (:func:`evsynth.catalogue.notebook_reads`), as many at once as there are
    cores: the flow diagram, which needs only the validated inputs, is drawn while the audit
    and the synthesis run. Each core's worker keeps one kernel for the notebooks it runs
    (:func:`evsynth.kernels.warm_kernel`), so a notebook does not wait for a kernel to start
    and import again what the one before it imported. After a failure no other notebook
    starts; those running finish, and the failure of the first notebook in the catalogue's
    order is raised."""
    schedule = _Schedule(notebooks())
    at_once = min(_cores(), len(schedule.order))

    def work() -> None:
        try:
            # started at once, beside the first notebook, with what every notebook imports first
            with warm_kernel(paths.NOTEBOOKS) as kernel:
                import papermill  # noqa: F401 - a second's import, made while the kernel starts
                prepare(kernel)
                while (notebook := schedule.take()) is not None:
                    target = staging / "notebooks" / notebook.name
                    try:
                        fresh(kernel)
                        with _naming(target):
                            execute(notebook, target, parameters, echo, progress=at_once == 1, kernel=kernel)
                            readable_paths(target, staging, out)
                    except BaseException as err:  # noqa: BLE001 - raised again by the main thread
                        schedule.finish(notebook, err)
                    else:
                        schedule.finish(notebook)
        except BaseException as err:  # noqa: BLE001 - a kernel that would not start: the run fails
            schedule.finish(None, err)

    workers = [threading.Thread(target=work, name=f"evsynth-notebooks-{k}") for k in range(at_once)]
    for worker in workers:
        worker.start()
    try:
        for worker in workers:
            worker.join()
    except BaseException:  # SIGTERM (as SystemExit) or Ctrl-C: no other notebook starts
        schedule.stop()
        raise
    if schedule.failed:  # a kernel's failure first, then the first notebook's in the catalogue's order
        raise schedule.failed[min(schedule.failed, key=lambda n: -1 if n is None else schedule.order.index(n))]


class _Schedule:
    """Which notebook a free worker runs next: of the waiting ones whose reads are done, one that
    draws figures first (their export is the longest work of a run, so it should start as soon
    as it can), else the first in the catalogue's order."""

    def __init__(self, order: list[Path]):
        from evsynth.catalogue import catalogue, notebook_reads

        self.order, self.reads = order, notebook_reads()
        drawing = {name for name, entry in catalogue()["notebooks"].items() if entry["makes"].get("figures")}
        self.first = sorted(order, key=lambda notebook: notebook.stem not in drawing)  # stable: catalogue order
        self.waiting, self.running, self.done, self.failed = list(order), 0, set(), {}
        self.stopped = False
        self.changed = threading.Condition()

    def take(self) -> Path | None:
        """The next notebook to run, waiting until one is ready; None when none will be."""
        with self.changed:
            while True:
                if self.failed or self.stopped or not self.waiting:
                    return None
                ready = [n for n in self.first if n in self.waiting and set(self.reads.get(n.stem, ())) <= self.done]
                if ready:
                    self.waiting.remove(ready[0])
                    self.running += 1
                    return ready[0]
                if not self.running:  # nothing runs that could make one ready: a failure, not a hang
                    self.failed[self.waiting[0]] = RunFailed(
                        f"no notebook can run: {', '.join(n.name for n in self.waiting)} read notebooks that do "
                        "not run before them (the catalogue's reads)")
                    self.changed.notify_all()
                    return None
                self.changed.wait()

    def stop(self) -> None:
        with self.changed:
            self.stopped = True
            self.changed.notify_all()

    def finish(self, notebook: Path | None, error: BaseException | None = None) -> None:
        """``notebook`` is done, or failed with ``error``; None: a worker failed outside any notebook."""
        with self.changed:
            self.running -= notebook is not None
            if error is None:
                self.done.add(notebook.stem)
            else:
                self.failed[notebook] = error
            self.changed.notify_all()


def _cores() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _why_up_to_date(waited: bool, restored: bool) -> str:
    """Why the results found once the lock is held need no run, as the up-to-date message says it."""
    if restored:  # what a run killed mid-swap had moved aside, whether or not we waited for that run
        return "the previous run, put back after a run was interrupted; inputs unchanged; use --force to run again"
    if waited:
        return "written by the run we waited for"
    return "written meanwhile by another run"  # it finished between the first check and the lock


def _write_manifest(staging: Path, manifest: dict) -> None:
    with _naming(staging / run_folder.MANIFEST):
        run_folder.write_manifest(staging, manifest)


@contextlib.contextmanager
def _naming(path: Path):
    """Give an OSError raised while writing ``path`` that path when it names none: a ``write()``
    that fails on a full disk names no file."""
    try:
        yield
    except OSError as err:
        if err.filename is None:
            err.filename = str(path)
        raise


def _could_not(err: OSError, staging: Path) -> str:
    """An OSError of a run in one line: the path (a rename's two), and the cause."""
    cause = err.strerror or str(err)
    if err.filename2 is not None:
        return f"could not rename {paths.shown(err.filename)} to {paths.shown(err.filename2)}: {cause}"
    path = Path(err.filename or staging)
    if path == staging or staging in path.parents:
        return f"could not write {paths.shown(path)}: {cause}"
    return f"{paths.shown(path)}: {cause}"  # not the run's own file, e.g. the kernel's program


@contextlib.contextmanager
def _terminate_as_exit():
    """Turn SIGTERM into SystemExit while a run works, so its clean-up runs (SIGKILL cannot be
    caught: the next run removes what such a run leaves)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, _frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def execute(notebook: Path, target: Path, parameters: dict | None, echo=print, progress: bool = True,
            kernel=None) -> None:
    """Execute one notebook with papermill; only the parameters it declares are passed. In
    ``kernel`` (:class:`evsynth.kernels.WarmKernel`) where given, else in a kernel of its own. Its
    progress bar, on a terminal, where ``progress`` (not where notebooks run side by side)."""
    import papermill

    target.parent.mkdir(parents=True, exist_ok=True)
    declared = papermill.inspect_notebook(str(notebook)) if parameters else {}
    passed = {k: v for k, v in (parameters or {}).items() if k in declared}
    started = time.perf_counter()
    options = dict(parameters=passed, kernel_name=kernel_name(), cwd=str(paths.NOTEBOOKS), log_output=False,
                   progress_bar=progress and sys.stderr.isatty())
    try:
        if kernel is not None:
            papermill.execute_notebook(str(notebook), str(target), km=kernel.manager, **options)
        else:
            with kernel_transport() as config:  # passed on to nbclient, which gives it to the kernel manager
                papermill.execute_notebook(str(notebook), str(target), config=config,
                                           kernel_manager_class=kernel_manager(), **options)
    except papermill.PapermillExecutionError as err:
        raise RunFailed(f"{notebook.name}, cell {err.exec_count}: {err.ename}: {err.evalue}") from None
    echo(f"  {notebook.name}  {time.perf_counter() - started:.1f} s")


def readable_paths(notebook: Path, staging: Path, out: Path) -> None:
    """Write the paths in an executed notebook's parameters as a reader can use them: relative to
    ``notebooks/``, where every notebook runs, for a file in the project, and the output folder by
    its own name rather than the staging folder the run wrote into (renamed to it on success).
    The book's notebook pages and their downloads then show no folder of the machine that
    rendered them; the values are the same files, so re-running the cell gives the same run."""
    import nbformat
    from papermill.translators import translate_parameters

    def readable(value):
        if not isinstance(value, str) or not value or not os.path.isabs(value):
            return value
        path = Path(value)
        if path == staging or staging in path.parents:
            path = out / path.relative_to(staging)
        return Path(os.path.relpath(path, paths.NOTEBOOKS)).as_posix() if paths.ROOT in path.parents else value

    executed = nbformat.read(notebook, as_version=4)
    record = executed.metadata.get("papermill", {})
    for key in ("input_path", "output_path"):
        if key in record:
            record[key] = readable(record[key])
    given = record["parameters"] = {name: readable(value) for name, value in record.get("parameters", {}).items()}
    for cell in executed.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.source = translate_parameters(kernel_name(), "python", given,
                                               "Parameters (paths relative to notebooks/, where the run executed)")
    nbformat.write(executed, notebook)
