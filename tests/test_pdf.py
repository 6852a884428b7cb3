"""The PDF edition: read back with poppler's pdftotext and pypdf, and checked against the site and the notebooks.

The book fixture builds the site with ``pdf=True`` (as ``make pdf`` does), so the PDF is made of the very
pages the other tests read.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from kmunetz.builder import pdf as kpdf
from kmunetz.builder.toc import toc_files
from kmunetz.glue import provenance_from_notebook

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("book")]

#: The chapters whose glued values the PDF must show.
GLUE_CHAPTERS = ["netzwerke", "rolle-der-kmu", "aktive-teilnahme"]
#: Letters, digits and signs only: line breaks, hyphens (also those of hyphenation) and spaces do not count.
_NOISE = re.compile(r"[\s\u00ad\u2010\u2011\-]+")


def norm(text: str) -> str:
    """Text as compared here: without whitespace and hyphens (a word broken at a line end is found whole).

    >>> norm("Fach\\u00adkräf\\u2010\\nte  und KMU-Netze")
    'FachkräfteundKMUNetze'
    """
    return _NOISE.sub("", text)


def pdftotext(pdf: Path, *args: str) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: install Debian's poppler-utils (make browser-deps does)")
    return subprocess.run(["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _article(site: Path, page: str):
    """The page's article without its heading links."""
    article = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser").select_one("article")
    for link in article.select(".headerlink"):
        link.decompose()
    return article


def _text(element) -> str:
    return " ".join(element.get_text(" ").split())


def _titles(root: Path, site: Path) -> list[tuple[str, str]]:
    """(page, title) of every page in _toc.yml order, the title read from the page's h1."""
    out = []
    for src in toc_files(root):
        page = src.relative_to(root).with_suffix(".html")
        h1 = _article(site, str(page)).find("h1")
        assert h1, f"{page}: no h1"
        out.append((str(page), _text(h1)))
    return out


@pytest.fixture(scope="module")
def book_pdf(built_book: Path) -> Path:
    target = built_book.parent / "pdf" / kpdf.PDF_NAME
    assert target.is_file(), "the book fixture builds the PDF"
    return target


@pytest.fixture(scope="module")
def pages(book_pdf: Path) -> list[str]:
    return pdftotext(book_pdf).split("\f")[:-1]


@pytest.fixture(scope="module")
def starts(root, built_book, pages) -> dict[str, int]:
    """Page (from 1) on which each chapter starts: its title right under the running head, after the contents."""
    header = norm("KMU als Partner regionaler Fachkräftenetzwerke")
    contents = next(i for i, p in enumerate(pages) if norm(p).startswith(header + "Inhalt"))
    found, previous = {}, contents
    for page, title in _titles(root, built_book):
        want = norm(title).casefold()
        for i in range(previous + 1, len(pages)):
            rest = norm(pages[i])[len(header):].casefold()
            # a part's first chapter has the part's name above its title
            if rest.startswith(want) or rest[:40].find(want) in range(1, 30):
                found[page] = i + 1
                previous = i
                break
        else:
            pytest.fail(f"chapter {title!r} ({page}) does not start a page after page {previous + 1}")
    return found


def test_every_chapter_starts_a_page_in_book_order(starts, root, built_book):
    assert list(starts) == [p for p, _ in _titles(root, built_book)]
    numbers = list(starts.values())
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


def test_outline_has_one_entry_per_chapter_at_its_page(book_pdf, starts, root, built_book):
    top = [(title, page) for level, title, page in kpdf.outline(book_pdf) if level == 0]
    titles = _titles(root, built_book)
    assert [t for t, _ in top] == [t for _, t in titles]
    assert [p for _, p in top] == [starts[page] for page, _ in titles]
    assert any(level == 1 for level, _, _ in kpdf.outline(book_pdf)), "sections are nested under their chapter"


def test_table_of_contents_gives_each_chapters_page(book_pdf, pages, starts, root, built_book):
    header = norm("KMU als Partner regionaler Fachkräftenetzwerke")
    number = next(i for i, p in enumerate(pages, start=1) if norm(p).startswith(header + "Inhalt"))
    layout = pdftotext(book_pdf, "-layout", "-f", str(number), "-l", str(number))
    lines = [" ".join(line.split()) for line in layout.splitlines() if line.strip()]
    for page, title in _titles(root, built_book):
        assert f"{title} {starts[page]}" in lines, f"contents: no line '{title} … {starts[page]}'"


def _chapter_text(pages: list[str], starts: dict[str, int], page: str) -> str:
    order = sorted(starts.values())
    first = starts[page]
    later = [n for n in order if n > first]
    return "\n".join(pages[first - 1:(later[0] - 1) if later else len(pages)])


def test_glued_values_of_three_chapters_are_in_their_chapter(root, pages, starts):
    for name in GLUE_CHAPTERS:
        source = (root / "chapters" / f"{name}.md").read_text(encoding="utf-8")
        used = set(re.findall(r"\{glue(?::text)?\}`([^`:]+)", source))
        nb = nbformat.read(root / "_build" / "executed" / "chapters" / f"{name}.ipynb", as_version=4)
        values = [v for v in provenance_from_notebook(nb) if v["name"] in used]
        assert len(values) >= 5, f"{name}: too few glued values to check ({len(values)})"
        # a glued sentence prints a provenance letter after each of its numbers: compare without them
        # (before norm(), which joins the letter to the next word: "154 A Netzwerke" -> "154ANetzwerke")
        text = norm(re.sub(r"(?<=[\d%])\s?[SNADB]\b", "", _chapter_text(pages, starts, f"chapters/{name}.html")))
        missing = [f"{v['name']} = {v['text']!r}" for v in values if norm(v["text"]) not in text]
        assert not missing, f"{name}: glued values not in the chapter's pages: {missing}"


def test_every_figure_caption_is_in_the_pdf(root, built_book, pages):
    text = norm("\n".join(pages))
    captions = []
    for page, _ in _titles(root, built_book):
        captions += [_text(c) for c in _article(built_book, page).find_all("figcaption")]
    assert len(captions) >= 15
    missing = [c[:60] for c in captions if norm(c) not in text]
    assert not missing, f"figure captions missing from the PDF: {missing}"


def test_bibliography_is_in_the_pdf(built_book, pages, starts):
    entries = [_text(e.find("p")) for e in _article(built_book, "chapters/literatur.html").select("div.citation")]
    assert len(entries) >= 5
    text = norm(_chapter_text(pages, starts, "chapters/literatur.html"))
    missing = [e[:60] for e in entries if norm(e) not in text]
    assert not missing, f"bibliography entries missing: {missing}"


def test_provenance_marks_and_their_legend_are_printed(pages, starts):
    intro = _chapter_text(pages, starts, "chapters/daten-und-replikation.html")
    for label in ("Studie", "nachgerechnet", "angenommen", "aus den Daten", "Buch"):
        assert re.search(rf"\b[SNADB]\s+{label}\b", intro), f"legend entry {label!r} missing"
    assert norm("In der PDF-Ausgabe stehen die Quellen nicht bei den Zahlen") in norm(intro)
    netzwerke = _chapter_text(pages, starts, "chapters/netzwerke.html")
    assert re.search(r"\d\s?%\s?[SNA]\b", netzwerke), "numbers keep their provenance letter"


def test_no_screen_only_parts(pages):
    text = "\n".join(pages)
    for screen in ("Code anzeigen", "Code ausblenden", "import kmunetz", "glue(",
                   "Link to this heading", "Tabelle aller", "kmunetz.pdf", "Herkunft anzeigen", "Zum Hauptinhalt"):
        assert screen not in text, f"{screen!r} is screen-only and must not be in the PDF"


def _words(pdf: Path) -> list[tuple[float, float, list[tuple[float, float, float, float, str]]]]:
    """Per page: width, height and every word with its box (x0, y0, x1, y1, text), from ``pdftotext -bbox``."""
    out = []
    for page in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', pdftotext(pdf, "-bbox"), re.S):
        words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in
                 re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                            page[2])]
        out.append((float(page[0]), float(page[1]), words))
    return out


@pytest.fixture(scope="module")
def words(book_pdf):
    return _words(book_pdf)


def test_title_page_imprint_and_page_numbers(pages, words):
    title, imprint = norm(pages[0]), norm(pages[1])
    assert norm("KMU als Partner regionaler Fachkräftenetzwerke") in title and norm("Projekt kmunetz") in title
    assert norm("Koch, Andreas; Deeg, Franziska; Klee, Günther; Späth, Jochen (2017)") in title
    assert "Zitiervorschlag" in imprint and "CCBY4.0" in imprint
    assert norm("synthetischen Datensatz") in title, "the title page says what the numbers rest on"
    assert norm("es stammt nicht vom IAW") in imprint
    margin = 22 / 25.4 * 72  # the bottom margin of print.css, where the page number stands
    for number, (width, height, boxes) in enumerate(words, start=1):
        bottom = [w for x0, y0, x1, y1, w in boxes if y0 > height - margin]
        assert bottom == ([] if number == 1 else [str(number)]), f"page {number}: bottom margin holds {bottom}"
        centre = [(x0 + x1) / 2 for x0, y0, x1, y1, w in boxes if y0 > height - margin]
        assert all(abs(c - width / 2) < 10 for c in centre), f"page {number}: number not centred"


def test_pdf_is_a4_tagged_small_and_hyphenated(book_pdf, pages, root, built_book):
    info = subprocess.run(["pdfinfo", str(book_pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)", info), info
    assert re.search(r"Tagged:\s+yes", info)
    assert book_pdf.stat().st_size < 15e6
    report = json.loads(book_pdf.with_suffix(".json").read_text(encoding="utf-8"))
    assert report["overflow"] == [], f"elements wider than the text column: {report['overflow'][:5]}"
    assert report["pages"] == len(pages)
    text = "\n".join(pages)
    assert "\u00ad" not in text, "soft hyphens must not be in the text layer (search would miss the word)"
    # a word broken at the end of a line of running text (narrow table cells come out of pdftotext in pieces)
    broken = re.findall(r"^.{40,}?\b(\w+)\u2010\n([a-zäöüß]\w*)", text, re.M)
    assert len(broken) >= 50, f"only {len(broken)} hyphenated line ends: German hyphenation is not at work"
    site = " ".join(_text(_article(built_book, page)) for page, _ in _titles(root, built_book))
    known = set(re.findall(r"\w+", site))
    wrong = [f"{a}-{b}" for a, b in broken if a + b not in known]
    assert not wrong, f"hyphenated line ends that do not join to a word of the book: {wrong[:10]}"


def test_nothing_is_printed_outside_the_text_area(words):
    """Every word lies within the page's text area (margins of 20 mm left and right): tables fit the page."""
    margin = 20 / 25.4 * 72
    outside = [(number, w, round(x0), round(x1)) for number, (width, _, boxes) in enumerate(words, start=1)
               for x0, _, x1, _, w in boxes if x0 < margin - 1 or x1 > width - margin + 1]
    assert not outside, f"{len(outside)} words outside the text area, e.g. {outside[:5]}"


def test_the_site_links_the_pdf_from_its_first_page(built_book, book_pdf):
    first = (built_book / "intro.html").read_text(encoding="utf-8")
    assert re.search(rf'<a href="{kpdf.PDF_NAME}" download>', first)
    assert (built_book / kpdf.PDF_NAME).read_bytes() == book_pdf.read_bytes()


def test_hyphenate_marks_german_break_points():
    assert kpdf.hyphenate("Netzwerkkoordinatoren") .count("\u00ad") >= 4
    assert kpdf.hyphenate("KMU und 156 Netze") == "KMU und 156 Netze"  # short words and numbers stay whole


def test_soft_hyphens_leave_the_text_layer():
    import re as _re

    fix = lambda b: _re.sub(rb"/ActualText <FEFF([0-9A-Fa-f]*)>", kpdf._drop_soft_hyphens, b)  # noqa: E731
    assert fix(b"/ActualText <FEFF00AD>") == b"/ActualText <>"
    assert fix(b"/ActualText <FEFF006600AD006C>") == b"/ActualText <FEFF0066006C>"  # the ligature fl stays
    assert fix(b"/ActualText <FEFF00660069>") == b"/ActualText <FEFF00660069>"


def test_source_date_epoch_sets_the_date(monkeypatch, root):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert kpdf.source_date(root).isoformat() == "2023-11-14T22:13:20+00:00"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "gestern")
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH='gestern'.*whole seconds"):
        kpdf.source_date(root)


def test_edition_pdf_says_which_edition_it_is(edition_book):
    from conftest import EDITION

    text = pdftotext(edition_book.parent / "pdf" / kpdf.PDF_NAME)
    imprint = " ".join(text.split("\f")[1].split())
    assert "Ausgabe Sonderausgabe" in imprint or "Sonderausgabe" in imprint
    assert f"Startwert {EDITION['seed']}" in imprint and "Konfidenzniveau 90 %" in imprint


def _alt_texts(pdf: Path) -> list[str]:
    """The alternative texts of the PDF's tagged figures, in document order."""
    import pypdf

    reader = pypdf.PdfReader(str(pdf))
    out: list[str] = []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                out.append(str(node["/Alt"]))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return out


def test_every_figure_keeps_its_alt_text_in_the_tagged_pdf(book_pdf, root, built_book):
    site = [" ".join(img.get("alt", "").split()) for page, _ in _titles(root, built_book)
            for img in _article(built_book, page).select("figure img")]
    assert len(site) >= 15 and all(site), "every figure of the site has an alt text"
    assert [" ".join(a.split()) for a in _alt_texts(book_pdf)] == site


def test_printing_works_beside_a_running_event_loop_and_gives_the_same_bytes(root, built_book, book_pdf, pages,
                                                                            tmp_path):
    """In a notebook, or in a test with its own browser open, an event loop runs: printing still works, and
    printing the same site again gives the same bytes."""
    from playwright.sync_api import sync_playwright

    with sync_playwright():
        report = kpdf.write_pdf(root, built_book, tmp_path / kpdf.PDF_NAME, log=lambda *_: None)
    assert report["pages"] == len(pages)
    assert (tmp_path / kpdf.PDF_NAME).read_bytes() == book_pdf.read_bytes()
