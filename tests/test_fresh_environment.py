"""The notebooks run where students and readers open them: a fresh Python with nothing but Jupyter's kernel.

A virtual environment is created in a temporary folder outside the repository, with only ``ipykernel``
installed (at the versions of ``requirements.lock``) and no project root, ``KMUNETZ_ROOT`` or
``PYTHONPATH``. The student zip is unpacked beside it as a student would; the first notebook's set-up
cell must install kmunetz from the wheel in the zip (pip holds to ``requirements.lock`` through
``PIP_CONSTRAINT``). Then every student notebook and every reader notebook (the executed chapters the
download button and the Colab and Binder buttons serve) is executed there with papermill. Each must run
without error, glue exactly the values of the default book and draw its figures byte for byte.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from conftest import locked_versions, package_name

from kmunetz import __version__, glue, paths
from kmunetz.builder import execute, teaching, toc
from kmunetz.builder.files import build_wheel

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("fresh")]

ROOT = paths.project_root(Path(__file__).parent)
KERNEL = "kmunetz-fresh"
CHAPTERS = [p for p in toc.toc_files(ROOT) if p.suffix == ".md" and execute.is_notebook(p)]
#: The first notebook run: its set-up cell installs kmunetz (one chapter with the survey and the model).
FIRST = "aktive-teilnahme"
#: The Jupyter stack a student's environment does not need.
BUILDER_ONLY = ["jupyter_book", "papermill", "nbclient", "nbformat", "myst_nb", "jupytext", "sphinx"]


@pytest.fixture(scope="session")
def fresh(tmp_path_factory):
    """A fresh venv with only ipykernel, its kernel registered under :data:`KERNEL`; the environment to run in."""
    base = tmp_path_factory.mktemp("fresh")
    assert not base.resolve().is_relative_to(ROOT.resolve())
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("KMUNETZ_ROOT", "PYTHONPATH", "VIRTUAL_ENV")}
    env.update(PIP_CONSTRAINT=str(ROOT / "requirements.lock"), PIP_NO_COMPILE="1", PIP_QUIET="1",
               JUPYTER_PATH=str(base / "jupyter" / "share" / "jupyter"))
    install = subprocess.run([str(python), "-m", "pip", "install", "ipykernel"], env=env, capture_output=True,
                             text=True)
    assert install.returncode == 0, install.stderr[-3000:]
    subprocess.run([str(python), "-m", "ipykernel", "install", "--prefix", str(base / "jupyter"), "--name", KERNEL],
                   env=env, check=True, capture_output=True)
    return {"base": base, "python": python, "env": env}


@pytest.fixture(scope="session")
def student(fresh) -> Path:
    """The student zip (notebooks without solutions, the wheel, LIESMICH.md), unpacked as a student would."""
    base = fresh["base"]
    sources = []
    for chapter in CHAPTERS:
        src = base / "chapters-src" / chapter.name
        src.parent.mkdir(exist_ok=True)
        src.write_text(teaching.strip_solutions(chapter.read_text(encoding="utf-8")), encoding="utf-8")
        sources.append(src)
    wheel = build_wheel(ROOT, base / "wheel", log=pytest.fail)
    archive = teaching.student_notebooks(sources, base / "made", wheel=wheel, repository=toc.repository(ROOT)[0])
    folder = base / "student"
    with zipfile.ZipFile(archive) as z:
        z.extractall(folder)
    return folder


DRIVER = r"""
import json, sys
from concurrent.futures import ThreadPoolExecutor
import papermill

def run(job):
    source, target, cwd = job
    try:
        papermill.execute_notebook(source, target, cwd=cwd, kernel_name=sys.argv[1], progress_bar=False)
        return None
    except Exception as exc:
        return f"{source}: {str(exc)[-1500:]}"

jobs = json.loads(sys.stdin.read())
with ThreadPoolExecutor(max_workers=2) as pool:
    print(json.dumps([e for e in pool.map(run, jobs) if e]))
"""


def _execute(jobs: list[tuple[Path, Path, Path]], env: dict) -> None:
    """Execute notebooks (source, target, working folder) with papermill in a process with the fresh environment.

    The process has the fresh environment's variables, so the kernels it starts have them too; two run
    at a time.
    """
    proc = subprocess.run([sys.executable, "-c", DRIVER, KERNEL], input=json.dumps([[str(p) for p in j] for j in jobs]),
                          env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    failures = json.loads(proc.stdout.strip().splitlines()[-1])
    assert not failures, "\n".join(failures)


@pytest.fixture(scope="session")
def installed(fresh, student):
    """Execute the first student notebook: its set-up cell installs kmunetz from the wheel of the zip."""
    nb = nbformat.read(student / f"{FIRST}.ipynb", as_version=4)
    assert nb.cells[0].metadata["tags"][0] == teaching.SETUP_TAG
    out = fresh["base"] / "out" / "student" / f"{FIRST}.ipynb"
    out.parent.mkdir(parents=True, exist_ok=True)
    _execute([(student / f"{FIRST}.ipynb", out, student)], fresh["env"])
    return nbformat.read(out, as_version=4)


def _book(name: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "_build" / "executed" / "chapters" / f"{name}.ipynb", as_version=4)


def _shared(book_nb, nb):
    """The book's notebook cut to the code cells that the notebook ``nb`` has (a student's lacks the solutions)."""
    present = {c.source for c in nb.cells if c.cell_type == "code"}
    return nbformat.v4.new_notebook(cells=[c for c in book_nb.cells if c.cell_type == "code" and c.source in present])


def _figures(nb) -> list[str]:
    return [o["data"]["image/png"] for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]


def test_the_set_up_cell_installs_kmunetz_at_the_locked_versions(installed, fresh):
    said = "".join(o.get("text", "") for o in installed.cells[0].outputs)
    wheel = f"kmunetz-{__version__}-py3-none-any.whl"
    assert f"Das Paket kmunetz fehlt; es wird jetzt installiert: {wheel}" in said
    python = fresh["python"]
    listed = subprocess.run([str(python), "-m", "pip", "list", "--format=json"], capture_output=True, text=True,
                            check=True).stdout
    have = {package_name(d["name"]): d["version"] for d in json.loads(listed)}
    pins = locked_versions(ROOT)
    assert have["kmunetz"] == __version__
    for name in ("numpy", "pandas", "statsmodels", "matplotlib", "seaborn", "pandera", "babel", "jinja2"):
        assert have[name] == pins[name], name
    off = {k: (v, pins[k]) for k, v in have.items() if k in pins and pins[k] != v}
    assert not off, f"installed versions differ from requirements.lock: {off}"


def test_the_library_imports_without_the_book_builder(installed, fresh):
    """kmunetz, its survey and model modules import where jupyter-book, papermill and nbclient are missing."""
    script = ("import importlib.util, json, kmunetz, kmunetz.survey, kmunetz.models, kmunetz.paths\n"
              f"print(json.dumps({{'missing': [m for m in {BUILDER_ONLY!r} if importlib.util.find_spec(m) is None],"
              "'file': kmunetz.__file__, 'data': str(kmunetz.paths.data_dir())}))")
    proc = subprocess.run([str(fresh["python"]), "-c", script], cwd=fresh["base"], capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout)
    assert result["missing"] == BUILDER_ONLY
    venv = fresh["python"].parent.parent
    assert Path(result["file"]).is_relative_to(venv) and Path(result["data"]).is_relative_to(venv), result


def _code(path: Path) -> list[str]:
    return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def test_every_student_and_reader_notebook_runs_and_glues_the_books_values(installed, fresh, student, request):
    """Every notebook runs; a reader notebook whose code equals its student notebook's (a chapter without
    solutions) is that same program, so it runs once and counts for both."""
    reader, out = fresh["base"] / "reader", fresh["base"] / "out"
    (reader / "chapters").mkdir(parents=True, exist_ok=True)
    (out / "reader").mkdir(parents=True, exist_ok=True)
    # the student notebooks first: they need no built book, which another worker may still be building
    students = [(student / f"{c.stem}.ipynb", out / "student" / f"{c.stem}.ipynb", student)
                for c in CHAPTERS if c.stem != FIRST]
    _execute(students, fresh["env"])
    runs = [("student", c.stem) for c in CHAPTERS]
    request.getfixturevalue("built_book")
    readers, same = [], 0
    for chapter in CHAPTERS:
        name = chapter.stem
        staged = ROOT / "_build" / "source" / "chapters" / f"{name}.ipynb"  # the reader's download and launch file
        assert nbformat.read(staged, as_version=4).cells[0].metadata["tags"][0] == teaching.SETUP_TAG, name
        copy = reader / "chapters" / staged.name
        copy.write_bytes(staged.read_bytes())
        if _code(copy) == _code(student / f"{name}.ipynb"):
            same += 1
            continue
        readers.append((copy, out / "reader" / staged.name, reader / "chapters"))
        runs.append(("reader", name))
    # run once: exactly the chapters whose solutions (if any) have no code
    assert same == sum(not any("{code-cell}" in s for s in teaching.solutions(c.read_text(encoding="utf-8")))
                       for c in CHAPTERS)
    _execute(readers, fresh["env"])
    compared = figures = 0
    for kind, name in runs:
        done = nbformat.read(out / kind / f"{name}.ipynb", as_version=4)
        book_nb = _shared(_book(name), done)
        expected, got = glue.values_from_notebook(book_nb), glue.values_from_notebook(done)
        compared += len(expected)
        differ = sorted(k for k in set(got) | set(expected) if got.get(k) != expected.get(k))
        assert not differ, f"{kind} {name}: {differ}"
        # the same figures, byte for byte (seeded jitter, fixed fonts and metadata)
        assert _figures(done) == _figures(book_nb), f"{kind} {name}: a figure differs from the book's"
        figures += len(_figures(done))
    book_values = sum(len(glue.values_from_notebook(_book(c.stem))) for c in CHAPTERS)
    reader_values = sum(len(glue.values_from_notebook(_shared(_book(n), nbformat.read(out / k / f"{n}.ipynb",
                                                                                     as_version=4))))
                        for k, n in runs if k == "reader")
    assert compared > book_values > 250, (compared, book_values)  # every value, and the students' once more
    assert reader_values > 0 and figures >= 18, (reader_values, figures)
