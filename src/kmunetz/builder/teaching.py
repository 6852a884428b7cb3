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

__all__ = ["EXERCISE", "SOLUTION", "SETUP_TAG", "exercises", "solutions", "strip_solutions", "setup_cell",
           "student_notebooks", "STUDENT_README"]

#: Tag of the first cell that installs kmunetz where it is missing (removed from the built pages).
SETUP_TAG = "kmunetz-setup"

_SETUP = """\
# Einrichtung: Wo das Paket kmunetz fehlt (etwa in Colab), wird es installiert.
try:
    import kmunetz
except ImportError:
    import glob, subprocess, sys
    wheels = sorted(glob.glob("kmunetz-{version}-*.whl") + glob.glob("../kmunetz-{version}-*.whl"))
    source = wheels[-1] if wheels else "kmunetz @ git+{repository}@v{version}"
    print("Das Paket kmunetz fehlt; es wird jetzt installiert:", source)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", source], check=True)"""

#: The README of the student zip (German, for students).
STUDENT_README = """\
# Notebooks zum Buch „KMU als Partner regionaler Fachkräftenetzwerke“

Jedes Kapitel des Buchs liegt hier als Jupyter-Notebook, ohne Lösungen und ohne Ausgaben.

- **Jupyter oder JupyterLab:** Ordner entpacken, Notebook öffnen, „Run All“. Die erste Zelle
  installiert das Paket `kmunetz` aus der Datei `{wheel}` in diesem Ordner, falls es fehlt.
- **Google Colab:** Notebook hochladen (Datei → Notebook hochladen) und die Datei `{wheel}` in den
  Dateibereich links ziehen; dann „Alle ausführen“. Ohne die Datei installiert die erste Zelle das
  Paket aus dem Repository des Buchs ({repository}).
- **Universitäts-JupyterHub:** wie Jupyter; wenn die Installation nicht erlaubt ist, bitten Sie die
  Administration, `{wheel}` zu installieren.

Die Daten sind synthetisch: Die Einzeldaten der Befragung sind nicht öffentlich. Wie der Datensatz
entsteht und was daran angenommen ist, erklärt das Buch im Kapitel „Daten und Replikation“.
"""


def setup_cell(version: str, repository: str):
    """The first cell of every downloadable notebook: installs this kmunetz version where it is missing.

    It looks for the wheel beside the notebook first, then installs the tagged release from the
    repository; in the built book the cell is removed from the page (tag :data:`SETUP_TAG`).
    """
    import nbformat

    cell = nbformat.v4.new_code_cell(_SETUP.format(version=version, repository=repository.rstrip("/")),
                                     metadata={"tags": [SETUP_TAG, "remove-cell"]})
    cell["id"] = "kmunetz-setup"
    return cell

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


def student_notebooks(sources: list[Path], out_dir: Path, zip_name: str = "kmunetz-notebooks.zip",
                      wheel: Path | None = None, repository: str = "") -> Path:
    """Write each (already solution-free) chapter as ``.ipynb`` with outputs cleared, plus a zip of all.

    Every notebook starts with :func:`setup_cell`. The zip also holds the kmunetz ``wheel`` of this
    version (when given) and a German README for students (:data:`STUDENT_README`).
    """
    import nbformat

    from .. import __version__
    from .execute import read_chapter

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for src in sources:
        nb = read_chapter(src)
        for i, cell in enumerate(nb.cells):
            cell["id"] = f"cell-{i}"
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
        nb.cells.insert(0, setup_cell(__version__, repository))
        target = out_dir / f"{src.stem}.ipynb"
        nbformat.write(nb, target)
        written.append(target)
    extra = []
    if wheel is not None:
        extra.append(wheel)
    readme = out_dir / "LIESMICH.md"
    readme.write_text(STUDENT_README.format(wheel=wheel.name if wheel else f"kmunetz-{__version__}-py3-none-any.whl",
                                            repository=repository or "siehe Buch"), encoding="utf-8")
    extra.append(readme)
    archive = out_dir / zip_name
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(written) + extra:
            zf.write(f, f.name)
    return archive
