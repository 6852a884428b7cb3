"""Two clean builds of the same commit with the same parameters give byte-identical sites and PDFs.

The project is copied to a temporary folder and built from scratch twice in that same folder (Sphinx's
``.buildinfo`` records absolute paths of the theme's files, so the folder must be the same). Every file
of ``_build/html`` (which holds the PDF) must be equal; a difference is reported with the first differing
file and line. The PDF's date is ``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kmunetz.builder import book

pytestmark = pytest.mark.slow


def first_difference(a: Path, b: Path) -> str | None:
    """The first difference between two folders: a file only in one, or a file's first differing line."""
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    if files_a != files_b:
        only = sorted(set(files_a) ^ set(files_b))
        return f"{only[0]}: only in {'the first' if only[0] in files_a else 'the second'} build"
    for rel in files_a:
        x, y = (a / rel).read_bytes(), (b / rel).read_bytes()
        if x == y:
            continue
        for number, (lx, ly) in enumerate(zip(x.splitlines(), y.splitlines()), start=1):
            if lx != ly:
                return f"{rel}, line {number}: {lx[:120]!r} != {ly[:120]!r}"
        return f"{rel}: one file is longer"
    return None


def test_first_difference_names_file_and_line(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for d in (a, b):
        (d / "x").mkdir(parents=True)
        (d / "x" / "p.html").write_text("<p>gleich</p>\n<p>1</p>\n")
    assert first_difference(a, b) is None
    (b / "x" / "p.html").write_text("<p>gleich</p>\n<p>2</p>\n")
    assert first_difference(a, b) == "x/p.html, line 2: b'<p>1</p>' != b'<p>2</p>'"
    (b / "neu.css").write_text("")
    assert first_difference(a, b) == "neu.css: only in the second build"


def test_two_clean_builds_give_identical_sites(project_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    first = tmp_path / "first"
    for run in ("first", "second"):
        shutil.rmtree(project_copy / "_build", ignore_errors=True)
        result = book.build(root=project_copy, jobs=2, pdf=True)
        assert result.returncode == 0, result.failed
        if run == "first":
            shutil.copytree(result.html, first)
    difference = first_difference(first, project_copy / "_build" / "html")
    assert difference is None, f"two clean builds differ: {difference}"
    info = subprocess.run(["pdfinfo", "-isodates", str(first / "kmunetz.pdf")], capture_output=True, text=True, check=True).stdout
    assert re.search(r"CreationDate:\s+2025-11-24T16:00:00(Z|\+00)", info), info
