"""Execute one MyST chapter with papermill.

Chapters are MyST Markdown notebooks. Papermill reads only ``.ipynb``, so the chapter is converted
in memory with jupytext and the notebook object is handed to papermill. A chapter's parameters are
the assignments in its one cell tagged ``parameters``; overrides are validated before any kernel starts.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
import time
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import nbformat

from .. import params as _params
from .. import paths

__all__ = [
    "ChapterError",
    "read_chapter",
    "is_notebook",
    "chapter_parameters",
    "dependency_digest",
    "cache_key",
    "figure_audits",
    "figure_problems",
    "execute",
]


class ChapterError(RuntimeError):
    """A chapter cannot be read, has no single parameters cell, or failed while executing."""


def is_notebook(path: Path) -> bool:
    """Tell whether a Markdown page is a MyST notebook (has code cells) or a plain page.

    The page is read the way it is executed (:func:`read_chapter`), so a code cell shown as an example
    inside a fence does not count.
    """
    return any(c.cell_type == "code" for c in read_chapter(path).cells)


def read_chapter(path: str | Path) -> nbformat.NotebookNode:
    """Read a MyST Markdown chapter into a notebook object (no outputs); a fresh copy on every call.

    The one reader of MyST in the package: the builder, the exhibit list, the student notebooks and
    the benchmark all read chapters through it (jupytext).
    """
    p = Path(path)
    if not p.is_file():
        raise ChapterError(f"{p}: chapter file not found")
    return nbformat.from_dict(_parsed(p.resolve(), p.stat().st_mtime_ns, p.stat().st_size))


@lru_cache(maxsize=128)
def _parsed(path: Path, mtime_ns: int, size: int) -> nbformat.NotebookNode:
    """jupytext's parse of a chapter, cached by file identity (a build reads each chapter several times)."""
    import jupytext

    nb = jupytext.read(path, fmt="md:myst")
    nb.metadata.setdefault("kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"})
    return nb


def _parameters_cell(nb: nbformat.NotebookNode, where: str) -> nbformat.NotebookNode | None:
    """Return the cell tagged ``parameters`` (None for a page without parameters, such as an appendix)."""
    cells = [c for c in nb.cells if c.cell_type == "code" and "parameters" in c.metadata.get("tags", [])]
    if len(cells) > 1:
        raise ChapterError(f"{where}: expected exactly one code cell tagged 'parameters', found {len(cells)}")
    return cells[0] if cells else None


def chapter_parameters(nb_or_path: nbformat.NotebookNode | str | Path) -> dict[str, Any]:
    """Return the default values of a chapter's parameters (name → value), read from its parameters cell.

    Each statement in the cell must be a simple assignment of a literal (``seed = 2017``).
    """
    if isinstance(nb_or_path, (str, Path)):
        where, nb = str(nb_or_path), read_chapter(nb_or_path)
    else:
        where, nb = "notebook", nb_or_path
    cell = _parameters_cell(nb, where)
    if cell is None:
        return {}
    tree = ast.parse(cell.source)
    out: dict[str, Any] = {}
    for node in tree.body:
        if not (isinstance(node, (ast.Assign, ast.AnnAssign))):
            raise ChapterError(f"{where}: the parameters cell may only assign literals, found {ast.dump(node)[:60]}")
        target = node.targets[0] if isinstance(node, ast.Assign) else node.target
        if not isinstance(target, ast.Name):
            raise ChapterError(f"{where}: the parameters cell may only assign plain names")
        try:
            out[target.id] = ast.literal_eval(node.value)
        except ValueError:
            raise ChapterError(f"{where}: parameter {target.id!r} is not a literal value") from None
    return out


def dependency_digest(root: Path | None = None) -> str:
    """Hash everything a chapter depends on besides its own text: package code, data, the lock file.

    jupyter-cache keys only on a notebook's code cells; this digest is part of every chapter's cache
    key, so that a change in ``src/``, ``data/`` or ``requirements.lock`` re-executes the chapters.
    """
    from .files import tree_digest

    root = root or paths.project_root()
    files = [p for p in (root / "src" / "kmunetz").rglob("*.py") if "data" not in p.relative_to(root).parts]
    files += [p for p in (root / "data").rglob("*") if p.is_file()]
    lock = root / "requirements.lock"
    if lock.is_file():
        files.append(lock)
    return tree_digest(root, files)


def cache_key(chapter: Path, parameters: Mapping[str, Any], deps: str) -> str:
    """Return the cache key of one execution: chapter text, parameters and dependency digest."""
    h = hashlib.sha256()
    h.update(Path(chapter).read_bytes())
    h.update(json.dumps(dict(parameters), sort_keys=True, default=str).encode())
    h.update(deps.encode())
    return h.hexdigest()


def _tidy_tags(nb: nbformat.NotebookNode) -> None:
    """Keep plumbing off the rendered page: the parameters cell and papermill's injected cell."""
    for cell in nb.cells:
        tags = cell.metadata.setdefault("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            tags.append("remove-cell")
        if "parameters" in tags and "remove-cell" not in tags:
            tags.append("remove-cell")


def apply_figure_texts(nb: nbformat.NotebookNode) -> None:
    """Move each figure's provenance (from :func:`kmunetz.plotting.describe_figure`) into its cell metadata.

    The caption in ``mystnb.figure.caption`` is completed with the provenance sentence, the alt text
    in ``mystnb.image.alt`` is replaced by the composed one, the figure gets the class
    ``kmunetz-<class>``, and the carrier output is removed.
    """
    from ..plotting import FIGURE_MIME

    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            payload = output.get("data", {}).get(FIGURE_MIME) if output.get("output_type") == "display_data" else None
            if payload is None:
                kept.append(output)
                continue
            payload = json.loads(payload) if isinstance(payload, str) else payload
            meta = cell.metadata.setdefault("mystnb", {})
            fig = meta.setdefault("figure", {})
            base = str(fig.get("caption", "")).strip()
            fig["caption"] = " ".join(x for x in (base, payload["caption"]) if x)
            fig["classes"] = f"kmunetz-{payload['kind']}"
            meta.setdefault("image", {})["alt"] = payload["alt"]
        cell["outputs"] = kept


def figure_audits(nb: nbformat.NotebookNode) -> list[dict[str, Any]]:
    """Every figure an executed notebook shows, with its audit (see :func:`kmunetz.plotting.register_audit`).

    One entry per output that holds an image or an audit: ``cell`` (index), ``image`` (the image's
    MIME type, None if there is none) and ``audit`` (the payload, None if the figure was not audited).
    """
    from ..plotting import AUDIT_MIME

    found = []
    for i, cell in enumerate(nb.cells):
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") not in ("display_data", "execute_result"):
                continue
            data = output.get("data", {})
            image = next((k for k in data if k.startswith("image/")), None)
            audit = data.get(AUDIT_MIME)
            if image is None and audit is None:
                continue
            found.append({"cell": i, "image": image, "audit": json.loads(audit) if isinstance(audit, str) else audit})
    return found


def figure_problems(nb: nbformat.NotebookNode) -> list[str]:
    """The problems of an executed notebook's figures: audit findings, figures not audited, audits without a figure."""
    problems = []
    for n, fig in enumerate(figure_audits(nb), 1):
        where = f"figure {n} (cell {fig['cell']})"
        if fig["audit"] is None:
            problems.append(f"{where}: not audited")
            continue
        if fig["image"] is None:
            problems.append(f"{where}: an audit without an image")
        problems += [f"{where}: {p}" for p in fig["audit"]["problems"]]
    return problems


def execute(
    chapter: str | Path,
    parameters: Mapping[str, Any] | None = None,
    timeout: int = 600,
    kernel_name: str = "python3",
    kernel=None,
) -> nbformat.NotebookNode:
    """Execute a MyST chapter with papermill and return the executed notebook.

    Parameters are validated before the kernel starts. Execution runs in the chapter's folder, in a
    fresh kernel, or in ``kernel`` (a :class:`kmunetz.builder.kernels.WarmKernel`) after a reset.

    Raises
    ------
    kmunetz.params.ParameterError
        For an unknown parameter, a wrong type or a value out of range.
    ChapterError
        If a cell raises; the message carries the cell's traceback.
    """
    import papermill as pm
    from nbclient.exceptions import CellExecutionError
    from papermill.exceptions import PapermillExecutionError

    chapter = Path(chapter).resolve()
    nb = read_chapter(chapter)
    overrides = _params.check(parameters or {}, accepted=chapter_parameters(nb), where=str(chapter))
    start = time.perf_counter()
    try:
        if kernel is not None:
            out = kernel.execute(nb, overrides, cwd=chapter.parent, timeout=timeout)
        else:
            out = pm.execute_notebook(
                nb, None, parameters=overrides, cwd=str(chapter.parent), kernel_name=kernel_name,
                progress_bar=False, log_output=False, request_save_on_cell_execute=False,
                execution_timeout=timeout,
            )
    except PapermillExecutionError as exc:
        tb = "\n".join(exc.traceback) if getattr(exc, "traceback", None) else str(exc)
        raise ChapterError(f"{chapter.name}: cell {exc.exec_count} raised {exc.ename}: {exc.evalue}\n{tb}") from None
    except CellExecutionError as exc:  # warm kernels run the cells through nbclient directly
        raise ChapterError(f"{chapter.name}: a cell raised {exc.ename}: {exc.evalue}\n{exc}") from None
    _tidy_tags(out)
    apply_figure_texts(out)
    normalise(out)  # renumber and drop timestamps (also for fresh kernels): same input, same notebook
    out.metadata["kmunetz"] = {
        "chapter": chapter.stem,
        "parameters": {**chapter_parameters(nb), **overrides},
        "seconds": round(time.perf_counter() - start, 2),
    }
    return out


#: The memory address in the plain-text form of an object ("<pandas...Styler at 0x7f8a3b4c91d0>").
_ADDRESS = re.compile(r" at 0x[0-9a-f]+>")


def normalise(nb: nbformat.NotebookNode, drop_tag: str | None = None) -> nbformat.NotebookNode:
    """Renumber cells and outputs, drop timestamps and memory addresses, so that equal runs give equal notebooks.

    Cells tagged ``drop_tag`` (a warm kernel's reset cell) are removed.
    """
    if drop_tag:
        nb.cells = [c for c in nb.cells if drop_tag not in c.get("metadata", {}).get("tags", [])]
    count = 0
    for i, cell in enumerate(nb.cells):
        if "id" in cell:
            cell["id"] = f"cell-{i}"  # random ids (jupytext, papermill) would make equal runs differ
        if cell.cell_type != "code":
            continue
        if cell.get("execution_count") is not None:
            count += 1
            cell.execution_count = count
            for output in cell.get("outputs", []):
                if "execution_count" in output:
                    output["execution_count"] = count
        cell.metadata.pop("execution", None)  # timestamps would make builds differ
        cell.metadata.get("papermill", {}).pop("start_time", None)
        for output in cell.get("outputs", []):  # "<...Styler at 0x7f8a3b4c91d0>": an address differs every run
            plain = output.get("data", {}).get("text/plain")
            if isinstance(plain, str):
                output["data"]["text/plain"] = _ADDRESS.sub(">", plain)
    for key in ("start_time", "end_time", "duration"):
        nb.metadata.get("papermill", {}).pop(key, None)
    return nb
