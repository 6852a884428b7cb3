"""Exercises, solutions that run, the student edition without any solution, downloads, launch buttons."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import nbformat
import pytest
import yaml

from kmunetz import paths
from kmunetz.builder import book, execute, teaching

ROOT = paths.project_root(Path(__file__).parent)
SURVEY_CHAPTERS = [p for p in book.toc_files(ROOT, part="Die Studie")
                   if p.suffix == ".md" and execute.is_notebook(p) and "survey" in execute.chapter_parameters(p)]


def test_every_survey_chapter_has_at_least_two_exercises_with_solutions():
    ex = teaching.exercises(ROOT)
    for chapter in SURVEY_CHAPTERS:
        mine = ex[ex["chapter"] == chapter.stem]
        assert len(mine) >= 2, chapter.stem
        assert mine["has_solution"].all(), chapter.stem
    assert ex["label"].is_unique


def test_strip_solutions_removes_text_and_code():
    text = (ROOT / "chapters" / "aktive-teilnahme.md").read_text()
    stripped = teaching.strip_solutions(text)
    assert "solution-start" not in stripped and "solution-end" not in stripped
    assert "exercise-start" in stripped  # the exercises stay
    for block in teaching.solutions(text):
        assert block not in stripped


def solution_cells(nb: nbformat.NotebookNode) -> list:
    inside, cells = False, []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            start, end = cell.source.rfind("{solution-start}"), cell.source.rfind("{solution-end}")
            if start >= 0 or end >= 0:
                inside = start > end  # the last marker in the cell decides
        elif inside:
            cells.append(cell)
    return cells


@pytest.mark.slow
@pytest.mark.xdist_group("book")
def test_every_solution_was_executed_without_error(built_book):
    count = 0
    for chapter in SURVEY_CHAPTERS:
        nb = nbformat.read(ROOT / "_build" / "source" / "chapters" / f"{chapter.stem}.ipynb", as_version=4)
        cells = solution_cells(nb)
        assert cells, chapter.stem
        for cell in cells:
            assert cell.execution_count is not None, (chapter.stem, cell.source[:60])
            assert not [o for o in cell.outputs if o.get("output_type") == "error"], chapter.stem
            assert cell.outputs, (chapter.stem, cell.source[:60])  # each solution shows a result
            count += 1
    assert count >= 2 * len(SURVEY_CHAPTERS)


def distinctive_lines(text: str) -> list[str]:
    lines = []
    for block in teaching.solutions(text):
        for line in block.splitlines():
            s = line.strip()
            if len(s) >= 25 and not s.startswith(("```", ":class:", "import ", "from ")):
                lines.append(s)
    return lines


@pytest.fixture(scope="module")
def student_build(root):
    result = book.build(root=root, student=True, pdf=True)
    assert result.returncode == 0
    return result.html


@pytest.mark.slow
@pytest.mark.xdist_group("book")
def test_student_edition_contains_no_solution_anywhere(student_build, root):
    secrets = [line for ch in SURVEY_CHAPTERS for line in distinctive_lines(ch.read_text())]
    assert len(secrets) > 30
    texts: dict[str, str] = {}
    out = student_build.parent.parent  # _build/student
    for f in out.rglob("*"):
        if f.is_file() and f.suffix in (".html", ".ipynb", ".md", ".txt", ".js", ".json"):
            texts[str(f)] = f.read_text(encoding="utf-8", errors="replace")
    archive = student_build / "notebooks" / "kmunetz-notebooks.zip"
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        for name in names:
            data = zf.read(name)
            if name.endswith(".whl"):  # the package itself: search its files too
                with zipfile.ZipFile(io.BytesIO(data)) as wheel:
                    for inner in wheel.namelist():
                        texts[f"{archive}!{name}!{inner}"] = wheel.read(inner).decode("utf-8", errors="replace")
            else:
                texts[f"{archive}!{name}"] = data.decode("utf-8")
    assert {f"{c.stem}.ipynb" for c in SURVEY_CHAPTERS} <= set(names)
    assert "LIESMICH.md" in names and any(n.startswith("kmunetz-") and n.endswith(".whl") for n in names)
    for where, text in texts.items():
        flat = re.sub(r"\s+", " ", text.replace("\\n", " ").replace('\\"', '"'))
        if ".whl!" not in where:  # the package's code names the directive it removes
            assert "solution-start" not in text and 'class="solution' not in text, where
        for secret in secrets:
            assert re.sub(r"\s+", " ", secret) not in flat, f"{where} contains solution text: {secret[:60]}"
    # the exercises themselves are there
    page = (student_build / "chapters" / "aktive-teilnahme.html").read_text(encoding="utf-8")
    assert "Firth, Logit und Probit" in page
    # and the student edition's PDF has the exercises, but no solution either
    from test_pdf import norm, pdftotext

    printed = norm(pdftotext(student_build.parent / "pdf" / "kmunetz.pdf"))
    assert norm("Firth, Logit und Probit") in printed and norm("Ausgabe für Studierende") in printed
    leaked = [secret[:60] for secret in secrets if len(norm(secret)) > 25 and norm(secret) in printed]
    assert not leaked, f"the student PDF contains solution text: {leaked}"


@pytest.mark.slow
@pytest.mark.xdist_group("book")
def test_student_notebooks_have_no_outputs(student_build):
    for nb_file in (student_build / "notebooks").glob("*.ipynb"):
        nb = nbformat.read(nb_file, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, nb_file.name
        assert any("parameters" in c.metadata.get("tags", []) for c in nb.cells if c.cell_type == "code") or \
            nb_file.stem in ("codebuch", "uebungen")


@pytest.mark.slow
@pytest.mark.xdist_group("book")
def test_reader_edition_offers_each_chapter_as_notebook(built_book):
    for chapter in SURVEY_CHAPTERS:
        html = (built_book / "chapters" / f"{chapter.stem}.html").read_text(encoding="utf-8")
        assert f"_sources/chapters/{chapter.stem}.ipynb" in html, chapter.stem
        assert (built_book / "_sources" / "chapters" / f"{chapter.stem}.ipynb").is_file()


@pytest.mark.slow
@pytest.mark.xdist_group("book")
def test_exercise_overview_links_every_exercise(built_book):
    html = (built_book / "chapters" / "uebungen.html").read_text(encoding="utf-8")
    for label in teaching.exercises(ROOT)["label"]:
        assert f"#{label}" in html, label


def test_launch_buttons_are_configured_in_one_place(root):
    cfg = yaml.safe_load((root / "_config.yml").read_text())
    assert cfg["repository"]["url"].startswith("https://github.com/")
    assert cfg["repository"]["branch"]
    assert "mybinder.org" in cfg["launch_buttons"]["binderhub_url"]
    assert "colab.research.google.com" in cfg["launch_buttons"]["colab_url"]


@pytest.mark.parametrize("with_wheel", [True, False])
def test_setup_cell_installs_the_wheel_beside_it_or_the_tagged_release(with_wheel, tmp_path, monkeypatch, capsys):
    import subprocess
    import sys

    from kmunetz.builder import teaching

    cell = teaching.setup_cell("0.1.0", "https://example.org/kmunetz/")
    assert teaching.SETUP_TAG in cell.metadata["tags"] and "remove-cell" in cell.metadata["tags"]
    if with_wheel:
        (tmp_path / "kmunetz-0.1.0-py3-none-any.whl").write_bytes(b"")
    calls = []
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "kmunetz", None)  # "import kmunetz" fails, as where it is not installed
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: calls.append(cmd))
    exec(cell.source, {})
    assert len(calls) == 1 and calls[0][1:4] == ["-m", "pip", "install"]
    expected = "kmunetz-0.1.0-py3-none-any.whl" if with_wheel else "kmunetz @ git+https://example.org/kmunetz@v0.1.0"
    assert calls[0][-1] == expected
    assert "Das Paket kmunetz fehlt" in capsys.readouterr().out
