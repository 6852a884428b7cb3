"""Teaching material: the exercises of the book, and the student edition without solutions.

Exercises use sphinx-exercise's gated directives in the MyST chapters::

    ```{exercise-start} Title
    :label: ex-...
    ```
    ...
    ```{exercise-end}
    ```
    ```{solution-start} ex-...
    :class: dropdown
    ```
    ... (text and code cells) ...
    ```{solution-end}
    ```

:func:`strip_solutions` removes every solution block, code cells included; the student edition is
built from chapters transformed that way, and its notebooks are written with outputs cleared.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd

from .. import paths
from .toc import toc_files

__all__ = ["EXERCISE", "SOLUTION", "exercises", "solutions", "strip_solutions", "student_notebooks"]

EXERCISE = re.compile(r"```\{exercise-start\}[ \t]*(?P<title>[^\n]*)\n:label:[ \t]*(?P<label>[\w-]+)")
SOLUTION = re.compile(r"```\{solution-start\}[ \t]*(?P<label>[\w-]+)\n.*?```\{solution-end\}\n```\n?", re.S)


def exercises(root: Path | None = None) -> pd.DataFrame:
    """Every exercise of the book in navigation order: chapter, label, title, and whether it has a solution.

    Examples
    --------
    >>> ex = exercises()
    >>> bool(ex["has_solution"].all()), bool(ex.groupby("chapter").size().min() >= 2)
    (True, True)
    """
    root = root or paths.project_root()
    rows = []
    for src in toc_files(root):
        if src.suffix != ".md":
            continue
        text = src.read_text(encoding="utf-8")
        solved = {m.group("label") for m in SOLUTION.finditer(text)}
        for m in EXERCISE.finditer(text):
            rows.append({"chapter": src.stem, "label": m.group("label"), "title": m.group("title").strip(),
                         "has_solution": m.group("label") in solved})
    return pd.DataFrame(rows, columns=["chapter", "label", "title", "has_solution"])


def solutions(text: str) -> list[str]:
    """The solution blocks of a chapter's text (each from ``solution-start`` to ``solution-end``)."""
    return [m.group(0) for m in SOLUTION.finditer(text)]


def strip_solutions(text: str) -> str:
    """Remove every solution block, with its text and code cells, from a MyST chapter.

    Examples
    --------
    >>> t = "A\\n```{solution-start} ex-a\\n:class: dropdown\\n```\\nsecret\\n```{solution-end}\\n```\\nB\\n"
    >>> strip_solutions(t)
    'A\\nB\\n'
    """
    return SOLUTION.sub("", text)


def student_notebooks(sources: list[Path], out_dir: Path, zip_name: str = "kmunetz-notebooks.zip") -> Path:
    """Write each (already solution-free) chapter as ``.ipynb`` with outputs cleared, plus a zip of all."""
    import jupytext
    import nbformat

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for src in sources:
        nb = jupytext.read(src, fmt="md:myst")
        for i, cell in enumerate(nb.cells):
            cell["id"] = f"cell-{i}"
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
        target = out_dir / f"{src.stem}.ipynb"
        nbformat.write(nb, target)
        written.append(target)
    archive = out_dir / zip_name
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(written):
            zf.write(f, f.name)
    return archive
