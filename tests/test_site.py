"""The built site as files: links and anchors, page weight, accessibility basics."""

from __future__ import annotations

import re
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


class _Links(HTMLParser):
    """The ids of a page and every internal link, image, script and style sheet it refers to."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if a.get(name):
                self.ids.add(a[name])
        ref = a.get("href") if tag in ("a", "link") else a.get("src") if tag in ("img", "script", "source") else None
        if ref and not re.match(r"^(https?:|mailto:|data:|javascript:|//)", ref):
            self.refs.append(ref)


def broken_links(site: Path) -> list[str]:
    """Every internal link of the site whose file or anchor does not exist, as "page: link"."""
    from urllib.parse import unquote, urlsplit

    pages = {}
    for page in site.rglob("*.html"):  # the theme's template macros in _static are no pages
        if page.relative_to(site).parts[0] == "_static":
            continue
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        pages[page.resolve()] = parser
    broken = []
    for page, parser in pages.items():
        for ref in parser.refs:
            parts = urlsplit(ref)
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site.resolve())}: {ref} (no such file)")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in pages[target].ids:
                broken.append(f"{page.relative_to(site.resolve())}: {ref} (no such anchor)")
    return broken


def test_link_check_finds_a_missing_page_and_a_missing_anchor(tmp_path):
    (tmp_path / "a.html").write_text('<p id="top"><a href="b.html#x">b</a><a href="#top">t</a>'
                                     '<a href="c.html">c</a><img src="_images/i.png"></p>')
    (tmp_path / "b.html").write_text('<h1 id="y">B</h1><a href="a.html#top">a</a><a href="https://x.org/q">q</a>')
    assert sorted(broken_links(tmp_path)) == ["a.html: _images/i.png (no such file)",
                                              "a.html: b.html#x (no such anchor)", "a.html: c.html (no such file)"]


def test_no_broken_internal_links_or_anchors(built_book):
    assert len(list(built_book.rglob("*.html"))) >= 30
    broken = broken_links(built_book)
    assert not broken, "\n".join(broken[:40])


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


def test_next_links_walk_the_book_in_the_order_of_the_toc(built_book):
    """From the first page, the "next" link of each page leads through every page of _toc.yml in order."""
    expected = [p.relative_to(built_book) for p in book_pages(built_book)]
    page, seen = built_book / expected[0], [expected[0]]
    while True:
        found = re.search(r'<a class="right-next"\s+href="([^"#]+)', page.read_text(encoding="utf-8"))
        if not found:
            break
        page = (page.parent / found.group(1)).resolve()
        seen.append(page.relative_to(built_book.resolve()))
        assert len(seen) <= len(expected), seen
    assert seen == expected


def test_language_is_german_on_every_page(built_book):
    for page in book_pages(built_book):
        assert '<html lang="de"' in page.read_text(encoding="utf-8"), page.name


def test_every_figure_has_its_data_as_a_table(built_book):
    for page in book_pages(built_book):
        html = page.read_text(encoding="utf-8")
        figures = len(re.findall(r'<figure[^>]*>', html))
        tables = html.count("Daten zur Abbildung")
        assert tables >= figures, f"{page.name}: {figures} figures but {tables} data tables"
