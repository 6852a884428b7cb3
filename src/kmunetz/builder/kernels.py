"""Warm kernels: one long-lived Jupyter kernel per worker process, reused for many chapter runs.

Starting a kernel and importing pandas, seaborn, statsmodels and pandera costs about two seconds,
more than most chapters need for their own work. A warm kernel pays that once per worker. Before
every notebook it gets a clean slate: the user namespace is reset (``%reset -f``), matplotlib and
pandas options go back to their defaults, open figures are closed and the working directory is
set to the chapter's folder. Imported modules stay loaded; that is the point. The reset cell is
removed from the result and execution counts are renumbered from 1, so a notebook executed warm is
the same as one executed in a fresh kernel.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat

from . import execute

__all__ = ["WarmKernel", "worker_kernel", "warm_up", "single_use", "RESET_TAG", "PRELOAD"]

RESET_TAG = "kmunetz-reset"

_RESET = """\
%reset -f
import os as _os, matplotlib as _mpl, matplotlib.pyplot as _plt, pandas as _pd
_plt.close("all"); _mpl.rcdefaults(); _pd.reset_option("all")
_os.chdir({cwd!r})
del _os, _mpl, _plt, _pd
"""


class WarmKernel:
    """A started kernel that executes one notebook after another with papermill."""

    def __init__(self, kernel_name: str = "python3", cwd: str | Path | None = None, quiet: bool = True,
                 preload: bool = True):
        import subprocess

        from jupyter_client.manager import KernelManager

        self.km = KernelManager(kernel_name=kernel_name)
        # the kernel process's own start-up/shutdown chatter is not for the reader; errors in cells
        # come back through the messaging protocol with their tracebacks
        extra = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL} if quiet else {}
        # one BLAS thread per kernel: parallelism comes from running several kernels, and threads
        # inside each would only compete with the other kernels for the same cores
        env = {**os.environ, **{v: "1" for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}}
        self.km.start_kernel(cwd=str(cwd or os.getcwd()), env=env, **extra)
        # one client for all runs: a new client costs a fixed wait on every start (nbclient flushes
        # IOPub for 0.2 s), more than many chapters need for their work
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)
        if preload:
            # not waited for here: the kernel imports while the caller goes on; the first notebook's
            # cells queue behind it (replies to this request are ignored by nbclient)
            self.kc.execute(PRELOAD, silent=True, store_history=False)
        self.runs = 0

    def execute(self, nb: nbformat.NotebookNode, parameters: Mapping[str, Any], cwd: str | Path,
                timeout: int = 600) -> nbformat.NotebookNode:
        """Execute ``nb`` on this kernel after a reset; return the executed notebook.

        Parameters are injected exactly as papermill does it (its ``parameterize_notebook``: an
        ``injected-parameters`` cell after the ``parameters`` cell); the cells then run through
        nbclient on the kernel's persistent client.

        Raises
        ------
        nbclient.exceptions.CellExecutionError
            When a cell raises; it carries the traceback.
        """
        from nbclient import NotebookClient
        from papermill.parameterize import parameterize_notebook

        nb = nbformat.from_dict(nb)  # a copy: the caller's notebook stays untouched
        for cell in nb.cells:  # papermill's parameterize expects every cell to have a tags list
            cell.metadata.setdefault("tags", [])
        nb.metadata.setdefault("papermill", {})  # ... and a papermill metadata block
        if parameters:
            nb = parameterize_notebook(nb, dict(parameters), kernel_name=self.km.kernel_name, language="python")
        reset = nbformat.v4.new_code_cell(_RESET.format(cwd=str(cwd)), metadata={"tags": [RESET_TAG]})
        nb.cells.insert(0, reset)
        client = NotebookClient(nb, km=self.km, timeout=timeout, kernel_name=self.km.kernel_name,
                                allow_errors=False)
        client.kc = self.kc
        client.execute()
        self.runs += 1
        return execute.normalise(nb, drop_tag=RESET_TAG)

    def shutdown(self) -> None:
        try:
            self.kc.stop_channels()
            self.km.shutdown_kernel(now=True)
        except Exception:  # already gone
            pass


#: Modules every chapter needs; a warm kernel starts importing them as soon as it is up, while its
#: worker process is still getting ready, instead of during the first chapter.
PRELOAD = ("import matplotlib; matplotlib.use('module://matplotlib_inline.backend_inline'); "
           "import kmunetz.chapter, kmunetz.models, kmunetz.plotting, kmunetz.survey, seaborn, statsmodels.api")

_WORKER: WarmKernel | None = None


def warm_up(cwd: str, root: str) -> None:
    """Process-pool initializer: start this worker's kernel right away and finish the worker's imports
    while the kernel loads its modules."""
    os.environ["KMUNETZ_ROOT"] = root
    worker_kernel(cwd)
    import jupytext  # noqa: F401
    import nbclient  # noqa: F401
    import papermill.parameterize  # noqa: F401

    from .. import glue  # noqa: F401


def worker_kernel(cwd: str | Path) -> WarmKernel:
    """The warm kernel of this process, started on first use and shut down when the process ends."""
    global _WORKER
    if _WORKER is None:
        from multiprocessing import util

        _WORKER = WarmKernel(cwd=cwd)
        util.Finalize(_WORKER, _WORKER.shutdown, exitpriority=10)
        import atexit

        atexit.register(_WORKER.shutdown)
    return _WORKER


class single_use:
    """Context manager: a quiet kernel for one run, shut down afterwards."""

    def __init__(self, cwd: str | Path):
        self.cwd = cwd

    def __enter__(self) -> WarmKernel:
        self.kernel = WarmKernel(cwd=self.cwd)
        return self.kernel

    def __exit__(self, *exc) -> None:
        self.kernel.shutdown()
