"""Provenance on the built pages: every number in the prose is marked, every figure says what it shows.

Checked on four books: the default book, an edition with other parameters (seed 7, 90 % intervals), a
small survey (60 networks, seed 11) and a book built from real-file fixtures (a survey and an expert
file that follow the codebook). The books are built once per session (fixtures in ``conftest.py``).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kmunetz import paths
from kmunetz.builder import book

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("book")]

ROOT = paths.project_root(Path(__file__).parent)
ALLOWED = Path(__file__).parent / "fixtures" / "allowed_numbers.csv"
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
#: Pages with prose whose numbers are checked: the root page and every chapter.
PAGES = [p.relative_to(ROOT).with_suffix(".html") for p in book.toc_files(ROOT)]


def allowed_patterns() -> list[tuple[str, re.Pattern]]:
    with ALLOWED.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert all(r["reason"].strip() for r in rows), "every allowed number needs a reason"
    return [(r["page"], re.compile(r["pattern"])) for r in rows]


def prose(html: str) -> str:
    """The chapter's prose: the article without code, outputs, tables, figures, links and glued numbers."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article.bd-article") or soup
    drop = ["div.cell_input", "div.cell_output", "table", "figure", "pre", "code", "span.kmunetz-value",
            "dl.kmunetz-legend", "a.reference", "div.kmunetz-values", "nav", "select", "script", "style",
            "span.math", "div.math", "div.citation-list"]
    for sel in drop:
        for el in article.select(sel):
            el.decompose()
    for adm in article.select("div.admonition"):
        title = adm.select_one(".admonition-title")
        if title and title.get_text(strip=True) in ("Herkunft dieser Seite", "Sonderausgabe"):
            adm.decompose()  # parameters of the build, listed as settings
    return " ".join(article.get_text(" ").split())


def unmarked_numbers(page: str, text: str, patterns) -> list[str]:
    for where, pattern in patterns:
        if where in ("*", page):
            text = pattern.sub(" ", text)
    found = []
    for m in NUMBER.finditer(text):
        found.append(text[max(0, m.start() - 40): m.end() + 40])
    return found


def figures(html: str):
    soup = BeautifulSoup(html, "html.parser")
    return soup.select("article figure")


def check_prose(html_dir: Path) -> list[str]:
    patterns = allowed_patterns()
    problems = []
    for page in PAGES:
        text = prose((html_dir / page).read_text(encoding="utf-8"))
        for context in unmarked_numbers(str(page), text, patterns):
            problems.append(f"{page}: …{context}…")
    return problems


def check_figures(html_dir: Path) -> list[str]:
    problems = []
    for page in PAGES:
        for fig in figures((html_dir / page).read_text(encoding="utf-8")):
            classes = [c for c in fig.get("class", []) if c.startswith("kmunetz-")]
            name = (fig.get("id") or "?")
            if not classes:
                problems.append(f"{page} {name}: no provenance class")
                continue
            caption = fig.select_one("figcaption").get_text(" ", strip=True) if fig.select_one("figcaption") else ""
            alt = " ".join(img.get("alt", "") for img in fig.select("img"))
            if classes[0] == "kmunetz-angenommen":
                if "angenommen" not in caption.lower():
                    problems.append(f"{page} {name}: assumed values, but the caption does not say so: {caption!r}")
                if "angenommen" not in alt.lower():
                    problems.append(f"{page} {name}: assumed values, but the alt text does not say so: {alt!r}")
            elif "angenommen" in caption.lower() or "angenommen" in alt.lower():
                problems.append(f"{page} {name}: class {classes[0]} but the caption or alt text says 'angenommen'")
    return problems


BOOKS = {"default": "built_book", "edition": "edition_book", "small": "small_book", "real": "real_book"}


@pytest.mark.parametrize("which", list(BOOKS))
def test_every_number_in_the_prose_is_marked_or_allowed(which, request):
    html_dir = request.getfixturevalue(BOOKS[which])
    problems = check_prose(html_dir)
    assert not problems, f"{len(problems)} unmarked number(s):\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("which", list(BOOKS))
def test_every_figure_states_its_provenance(which, request):
    html_dir = request.getfixturevalue(BOOKS[which])
    problems = check_figures(html_dir)
    assert not problems, "\n".join(problems)


def test_with_real_files_nothing_is_assumed(real_book):
    from kmunetz.builder import execute

    # chapters that take survey data; the robustness chapter simulates synthetic surveys by design
    with_data = [p for p in PAGES if (ROOT / p).with_suffix(".md").is_file()
                 and "survey" in execute.chapter_parameters((ROOT / p).with_suffix(".md"))]
    assert len(with_data) >= 10
    for page in with_data:
        html = (real_book / page).read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        assumed = [el.get_text(" ", strip=True) for el in soup.select("article .kmunetz-value.kmunetz-angenommen")]
        assert not assumed, f"{page}: values marked as assumed with real data: {assumed[:5]}"
        assert not soup.select("article figure.kmunetz-angenommen"), f"{page}: a figure says its values are assumed"


def test_marks_carry_class_source_and_screen_reader_text(built_book):
    soup = BeautifulSoup((built_book / "chapters/rolle-der-kmu.html").read_text(encoding="utf-8"), "html.parser")
    values = soup.select("article span.kmunetz-value")
    assert values
    for v in values:
        kind = v["data-provenance"]
        tip = soup.find(id=v["aria-describedby"])
        assert tip is not None and tip.get("role") == "tooltip"
        assert v.get("tabindex") == "0"
        assert v.select_one(".kmunetz-mark").get_text() in "SNADB"
        assert v.select_one(".kmunetz-sr").get_text().strip(" ()")  # the class in words for screen readers
        assert kind in v["class"][1]
    studie = [v for v in values if v["data-provenance"] == "studie"]
    assert any("9 von 10" in soup.find(id=v["aria-describedby"]).get_text() for v in studie)


def test_the_appendix_explains_the_marks(built_book):
    soup = BeautifulSoup((built_book / "chapters/daten-und-replikation.html").read_text(encoding="utf-8"),
                         "html.parser")
    legend = soup.select_one("dl.kmunetz-legend")
    assert legend is not None
    terms = [dt.get_text(" ", strip=True) for dt in legend.select("dt")]
    for label in ("Studie", "nachgerechnet", "angenommen", "aus den Daten", "Buch"):
        assert any(label in t for t in terms), terms


def test_reproduction_report_lists_every_marked_number(built_book):
    html = (built_book / "chapters/reproduktion.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    rows = soup.select("table.kmunetz-values-table tbody tr")
    marked = 0
    for page in PAGES:
        page_soup = BeautifulSoup((built_book / page).read_text(encoding="utf-8"), "html.parser")
        # one glued value may carry several marks (a sentence with two numbers); the study's numbers cited
        # with {studie} are rows of the catalogue, not glued values
        marked += len([p for p in page_soup.select("article span.pasted-text") if p.select_one("span.kmunetz-value")])
    # every glued number appears once in the table; a number glued but not used in the prose also counts
    assert len(rows) >= marked > 0
    kinds = {r["data-provenance"] for r in rows}
    assert {"studie", "nachgerechnet", "angenommen"} <= kinds
    assert soup.select_one("select.kmunetz-filter") is not None
    csv_file = built_book / "_static" / book.VALUES_CSV
    assert csv_file.is_file() and len(csv_file.read_text(encoding="utf-8").splitlines()) == len(rows) + 1
