"""Student notebooks run where a student opens them: outside the repository, with kmunetz from its wheel.

Each student notebook (no solutions, no outputs, with the setup cell first) is executed with papermill
in a temporary folder outside the project, with no ``KMUNETZ_ROOT`` and the package imported from the
unpacked wheel; its glued values must equal the book's.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest

from kmunetz import glue, paths
from kmunetz.builder import teaching

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("book")]

ROOT = paths.project_root(Path(__file__).parent)
#: Chapters executed outside the project: one of each kind (the study's numbers only, survey shares,
#: the model and the Netzwerk-Check with its parameters).
CHAPTERS = ["bewerberlage", "rolle-der-kmu", "aktive-teilnahme", "netzwerk-check"]


@pytest.fixture(scope="module")
def student_folder(tmp_path_factory, unpacked_wheel) -> Path:
    folder = tmp_path_factory.mktemp("student")
    sources = []
    for name in CHAPTERS:
        src = folder / "src" / f"{name}.md"
        src.parent.mkdir(exist_ok=True)
        src.write_text(teaching.strip_solutions((ROOT / "chapters" / f"{name}.md").read_text(encoding="utf-8")),
                       encoding="utf-8")
        sources.append(src)
    teaching.student_notebooks(sources, folder / "notebooks", repository="https://example.org/kmunetz")
    return folder / "notebooks"


@pytest.mark.parametrize("name", CHAPTERS)
def test_student_notebook_runs_outside_the_project(name, student_folder, unpacked_wheel, built_book, monkeypatch):
    import papermill

    monkeypatch.delenv("KMUNETZ_ROOT", raising=False)
    monkeypatch.setenv("PYTHONPATH", str(unpacked_wheel))
    monkeypatch.chdir(student_folder)
    nb = nbformat.read(student_folder / f"{name}.ipynb", as_version=4)
    assert nb.cells[0].metadata["tags"][0] == teaching.SETUP_TAG
    nb.cells.insert(1, nbformat.v4.new_code_cell(
        "import json, kmunetz, kmunetz.paths\n"
        "print(json.dumps({'file': kmunetz.__file__, 'data': str(kmunetz.paths.data_dir())}))"))
    out = papermill.execute_notebook(nb, None, cwd=str(student_folder), kernel_name="python3", progress_bar=False,
                                     log_output=False)
    where = json.loads(out.cells[1].outputs[0]["text"].strip().splitlines()[-1])
    assert Path(where["file"]).is_relative_to(unpacked_wheel), where  # not the checkout
    assert Path(where["data"]).is_relative_to(unpacked_wheel), where
    book_nb = nbformat.read(ROOT / "_build" / "executed" / "chapters" / f"{name}.ipynb", as_version=4)
    expected, got = glue.values_from_notebook(book_nb), glue.values_from_notebook(out)
    assert expected and got == expected
    assert os.environ.get("KMUNETZ_ROOT") is None
