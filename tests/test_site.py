"""The built site as files: links and anchors, page weight, accessibility basics."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kmunetz import paths
from kmunetz.builder import book

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("book")]

ROOT = paths.project_root(Path(__file__).parent)
PAGE_BUDGET = 1.5 * 1024 * 1024  # bytes: a page with all its images


def book_pages(built_book: Path) -> list[Path]:
    return [built_book / p.relative_to(ROOT).with_suffix(".html") for p in book.toc_files(ROOT)]


def test_no_broken_internal_links_or_anchors(built_book, tmp_path):
    rc = tmp_path / "linkcheckerrc"
    rc.write_text("[filtering]\nignore=\n  ^https?://\n  ^mailto:\n[AnchorCheck]\n")
    proc = subprocess.run([str(Path(sys.executable).with_name("linkchecker")), "--config", str(rc), "--no-status",
                           "--no-warnings", "--recursion-level=-1", str(built_book / "intro.html")],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert re.search(r"(\d+) links? in (\d+) URLs? checked", proc.stdout), proc.stdout[-1000:]


@pytest.mark.parametrize("i", range(len(book.toc_files(ROOT))))
def test_page_weight_with_images(built_book, i):
    page = book_pages(built_book)[i]
    html = page.read_text(encoding="utf-8")
    size = page.stat().st_size
    for src in set(re.findall(r'<img[^>]+src="([^"]+)"', html)):
        if not src.startswith(("http:", "https:", "data:")):
            size += (page.parent / src).resolve().stat().st_size
    assert size < PAGE_BUDGET, f"{page.name}: {size / 1024:.0f} KB with images (budget {PAGE_BUDGET / 1024:.0f} KB)"


class _Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels: list[int] = []
        self.in_main = False

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main = True
        if self.in_main and re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False


@pytest.mark.parametrize("i", range(len(book.toc_files(ROOT))))
def test_headings_do_not_skip_levels(built_book, i):
    page = book_pages(built_book)[i]
    parser = _Headings()
    parser.feed(page.read_text(encoding="utf-8"))
    levels = parser.levels
    assert levels and levels[0] == 1, f"{page.name}: {levels}"
    for a, b in zip(levels, levels[1:]):
        assert b <= a + 1, f"{page.name}: heading h{a} followed by h{b}"


def test_language_is_german_on_every_page(built_book):
    for page in book_pages(built_book):
        assert '<html lang="de"' in page.read_text(encoding="utf-8"), page.name


def test_every_figure_has_its_data_as_a_table(built_book):
    for page in book_pages(built_book):
        html = page.read_text(encoding="utf-8")
        figures = len(re.findall(r'<figure[^>]*>', html))
        tables = html.count("Daten zur Abbildung")
        assert tables >= figures, f"{page.name}: {figures} figures but {tables} data tables"
