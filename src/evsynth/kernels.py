"""The kernels a run executes its notebooks in: which kernel, how it is reached, and how it is
stopped quietly.

- **Which**: the project venv's kernel where it is registered, else the Python that runs evsynth.
- **Reached** over Unix sockets in a folder named after the run's process, which a later run
  removes once that process is gone (a run killed with SIGKILL cannot).
- **Stopped** without the interrupt that made ipykernel log a KeyboardInterrupt.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

KERNEL = "evsynth"  # the project venv's kernel (scripts/project_venv.py registers it)
# kernel_transport's folders: evsynth-kernel-<pid of the run>-<mkdtemp's random letters>
KERNEL_FOLDER = re.compile(r"evsynth-kernel-(?P<pid>[1-9][0-9]{0,8})-[a-z0-9_]+")


def kernel_name() -> str:
    """The project venv's kernel where it is registered; else the Python that runs evsynth
    (``python3``, which Jupyter starts with this interpreter), as in a project made by
    ``evsynth new`` with only ``pip install``."""
    from jupyter_client.kernelspec import find_kernel_specs

    return KERNEL if KERNEL in find_kernel_specs() else "python3"


@contextlib.contextmanager
def kernel_transport():
    """The kernel manager's settings for one execution: sockets in a private temporary folder.

    Over IPC (Unix sockets) rather than TCP, ipykernel has no cause for its "Kernel is running
    over TCP without encryption" warning (``IPKernelApp.init_sockets``); where zmq has no IPC,
    TCP with manager-provisioned CurveZMQ keys (the kernel spec declares ``curve``).
    """
    import zmq
    from traitlets.config import Config

    if not zmq.has("ipc"):
        yield Config({"KernelManager": {"transport_encryption": "auto"} if zmq.has("curve") else {}})
        return
    # named after this process, so that a later run can tell the folder of a run that is gone
    with tempfile.TemporaryDirectory(prefix=f"evsynth-kernel-{os.getpid()}-") as folder:
        yield Config({"KernelManager": {"transport": "ipc", "ip": str(Path(folder) / "kernel")}})


def remove_stale_kernel_folders() -> None:
    """Remove the folders :func:`kernel_transport` made for runs whose process is gone (a run
    killed with SIGKILL cannot remove its own). The folder of a process that still runs, and
    any folder whose name is not one it gives, are left alone."""
    if os.name == "nt":  # there os.kill(pid, 0) would end the process, not test it
        return
    for folder in Path(tempfile.gettempdir()).glob("evsynth-kernel-*"):
        named = KERNEL_FOLDER.fullmatch(folder.name)
        if named and folder.is_dir() and not folder.is_symlink() and not _running(int(named["pid"])):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's
        return True
    return True


@functools.cache
def kernel_manager():
    """jupyter_client's kernel manager without the interrupt it sends a kernel it shuts down.

    nbclient shuts a kernel down once the notebook is done, right after papermill's last
    request (``kernel_info``), whose reply can arrive before ipykernel has left that request's
    handler: an interrupt landing there made ipykernel log ``ERROR | KeyboardInterrupt caught
    in kernel.`` on stderr now and then (7 shutdowns in 80, measured). A kernel still busy (a run
    ended by SIGTERM or Ctrl-C) is stopped all the same, a few seconds later: the shutdown request,
    then SIGTERM to its process group (half of ``shutdown_wait_time``, 2.5 s, after it).
    """
    from jupyter_client.manager import AsyncKernelManager

    class KernelManager(AsyncKernelManager):
        async def _async_interrupt_kernel(self):
            if not self.shutting_down:  # only the interrupt that comes with a shutdown is left out
                await super()._async_interrupt_kernel()

    return KernelManager


@dataclass
class WarmKernel:
    """A running kernel (``manager``, which papermill takes as ``km``) and a client connected to
    it once, for the silent cells that prepare it and empty it between notebooks."""

    manager: object
    client: object


@contextlib.contextmanager
def warm_kernel(cwd: Path):
    """A kernel started in ``cwd`` for several notebooks in turn, shut down at the end.

    What a notebook imports (pandas, scipy, plotly: about a second) stays imported for the next
    one, which starts as in a new kernel otherwise: :func:`fresh` empties the namespace and the
    cell count before it. That the notebooks need nothing another left behind, nbval shows: it
    runs each in a kernel of its own.
    """
    from jupyter_core.utils import run_sync

    with kernel_transport() as config:
        manager = kernel_manager()(kernel_name=kernel_name(), config=config)
        run_sync(manager.start_kernel)(cwd=str(cwd))
        client = manager.blocking_client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)  # once: it waits 0.2 s for quiet after the kernel answers
            yield WarmKernel(manager, client)
        finally:
            client.stop_channels()
            run_sync(manager.shutdown_kernel)()


def prepare(kernel: WarmKernel) -> None:
    """Import in a warm kernel, while it waits for its first notebook, the module every notebook
    reads its inputs with (and with it pandas and scipy: about a second)."""
    _run_silently(kernel, "import evsynth.results")


def fresh(kernel: WarmKernel) -> None:
    """Empty a warm kernel's namespace and open a new history session, whose cells count from 1, as
    a new kernel's do (IPython's own reset: a count set back by hand clashes with the history kept)."""
    _run_silently(kernel, "get_ipython().reset(new_session=True)")


def _run_silently(kernel: WarmKernel, code: str) -> None:
    """Run ``code`` in the kernel, leaving no cell, count or history behind."""
    reply = kernel.client.execute_interactive(code, silent=True, store_history=False, timeout=60)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"the kernel could not run {code!r}: {reply['content']}")
