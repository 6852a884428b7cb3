"""The study part as its readers see it: the study's findings first, the exercise data set off, plain German.

Built-site checks of the reading line of every study chapter, that is everything on the page outside
the analysis layer ("Nachrechnen mit Einzeldaten"), the collapsed "Für Methodiker" boxes, code, the
exercises and the page's provenance footer:

- no figure there shows assumed values or a category the book added;
- no methods jargon or code names;
- marks sit on numbers only, never after a full stop, and one number has one class on every page;
- tooltips start with a plain sentence and name no internal ids;
- with the synthetic survey every analysis layer is collapsed; built from survey files it is open and
  its numbers are "aus den Daten".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kmunetz import paths
from kmunetz.builder import execute

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("book")]

ROOT = paths.project_root(Path(__file__).parent)


def study_pages() -> list[str]:
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    part = next(p for p in toc["parts"] if p["caption"] == "Die Studie")
    return [c["file"] + ".html" for c in part["chapters"]]


#: Every study chapter is written in two layers: the reading line and, where it computes from survey
#: microdata, the collapsed "Nachrechnen mit Einzeldaten".
TWO_LAYER = study_pages()

#: Of these, the chapters that compute from survey microdata (so they have an analysis layer).
WITH_LAYER = [p for p in TWO_LAYER if "survey" in execute.chapter_parameters(ROOT / p.replace(".html", ".md"))]


#: What the reading line leaves to the Methodiker boxes and the analysis layer.
JARGON = re.compile(r"Firth|Likelihood|Strafterm|Delta-Methode|Pseudo-R|McFadden|ROC|Freiheitsgrad|χ²|Gumbel|"
                    r"\bKI\b|kmunetz\.|\bLogit|\bProbit|Bootstrap|Holm|p-Wert|Wald-|Separation|marginaleffects|"
                    r"Parameter `|\bseed\b|Startwert")

#: German number words a mark may sit on (besides digits).
NUMBER_WORDS = re.compile(r"\d|\b(ein|eine|einem|einer|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|"
                          r"Hälfte|Drittel|Viertel|Fünftel|Zehntel)\b", re.IGNORECASE)


def _reading_line(html: str) -> BeautifulSoup:
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article.bd-article")
    for selector in ("details.kmunetz-analysis", "div.admonition.dropdown", "details", "div.cell_input",
                     "div.exercise", "div.solution", ".kmunetz-exercise", "div.highlight", "script", "style"):
        for el in article.select(selector):
            el.decompose()
    return article


def _value_text(span) -> str:
    parts = [t for t in span.find_all(string=True)
             if not t.find_parent(class_=re.compile("kmunetz-(mark|sr|tip)"))]
    return "".join(parts).strip()


@pytest.fixture(scope="module")
def reading(built_book) -> dict[str, BeautifulSoup]:
    return {p: _reading_line((built_book / p).read_text(encoding="utf-8")) for p in TWO_LAYER}


def test_the_two_layer_chapters_are_study_chapters():
    assert set(WITH_LAYER) <= set(TWO_LAYER) <= set(study_pages())


def test_no_figure_in_the_reading_line_shows_assumed_values(reading):
    bad = []
    for page, article in reading.items():
        for fig in article.select("figure"):
            alt = " ".join(img.get("alt", "") for img in fig.select("img"))
            if "kmunetz-angenommen" in fig.get("class", []) or "(ergänzt)" in alt or "angenommen" in alt:
                bad.append((page, fig.get("id"), alt[:80]))
    assert bad == []


def test_reading_line_has_no_methods_jargon(reading):
    found = {page: sorted(set(JARGON.findall(article.get_text(" ")))) for page, article in reading.items()}
    assert {p: f for p, f in found.items() if f} == {}


def test_marks_sit_on_numbers_only(reading):
    bad = []
    for page, article in reading.items():
        for span in article.select("span.kmunetz-value"):
            text = _value_text(span)
            if not NUMBER_WORDS.search(text) or text.endswith((".", "!", "?")) or re.fullmatch(r"(19|20)\d\d", text):
                bad.append((page, text))
    assert bad == []


def test_the_reading_line_shows_only_the_studys_numbers(reading):
    """Outside the analysis layer a number is the study's (S) or a setting of the book (B), never computed data."""
    other = [(page, _value_text(span), span["data-provenance"]) for page, article in reading.items()
             for span in article.select("span.kmunetz-value")
             if span["data-provenance"] not in ("studie", "einstellung")]
    assert other == []


def test_one_number_has_one_class_across_the_study_part(reading):
    """The same stated number (text and source) has the same class on every page."""
    classes: dict[tuple[str, str], set[str]] = {}
    for article in reading.values():
        for span in article.select("span.kmunetz-value"):
            tip = span.select_one(".kmunetz-tip")
            source = " ".join(x.get_text(" ", strip=True) for x in tip.select(".kmunetz-tip-line")[1:2]) if tip else ""
            classes.setdefault((_value_text(span), source), set()).add(span["data-provenance"])
    assert {t: c for t, c in classes.items() if len(c) > 1} == {}


def test_tooltips_start_plainly_and_name_no_internal_ids(built_book):
    bad = []
    for page in TWO_LAYER + ["intro.html"]:
        soup = BeautifulSoup((built_book / page).read_text(encoding="utf-8"), "html.parser")
        for tip in soup.select("span.kmunetz-tip"):
            lines = [x.get_text(" ", strip=True) for x in tip.select(".kmunetz-tip-line")]
            text = " ".join(lines)
            if not lines or not lines[0].endswith(".") or tip.select("code") or "Katalogzeile" in text \
                    or re.search(r"\b[a-z]+(?:_[a-z0-9]+)*\.[a-z_]+[a-z0-9_]*\b", text):
                bad.append((page, text[:120]))
    assert bad == []


def test_the_first_screen_names_the_studys_findings(built_book):
    soup = BeautifulSoup((built_book / "intro.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.bd-article")
    heading = next((h for h in article.find_all("h2") if "Das Wichtigste in Kürze" in h.get_text()), None)
    assert heading is not None
    first = heading.find_next("ul")
    marks = first.select('span.kmunetz-value[data-provenance="studie"]')
    assert len(marks) >= 5
    # the findings come before how the book is built
    text = article.get_text(" ")
    assert text.index("Das Wichtigste in Kürze") < text.index("Übungsdaten")
    links = {a["href"].split("#")[0] for a in first.select("a.reference.internal")}
    assert {"chapters/rolle-der-kmu.html", "chapters/aktive-teilnahme.html", "chapters/huerden.html"} <= links


def test_every_layer_is_collapsed_with_the_synthetic_survey(built_book):
    for page in WITH_LAYER:
        soup = BeautifulSoup((built_book / page).read_text(encoding="utf-8"), "html.parser")
        layers = soup.select("details.kmunetz-analysis")
        assert layers, page
        for layer in layers:
            assert not layer.has_attr("open"), page
            assert "Übungsdaten" in layer.select_one("summary").get_text(), page


def test_layers_open_with_survey_files_and_hold_data_numbers(real_book):
    for page in WITH_LAYER:
        soup = BeautifulSoup((real_book / page).read_text(encoding="utf-8"), "html.parser")
        layers = soup.select("details.kmunetz-analysis")
        assert layers, page
        for layer in layers:
            assert layer.has_attr("open"), page
            assert "aus Ihrer Datei" in layer.select_one("summary").get_text(), page
            kinds = {v["data-provenance"] for v in layer.select("span.kmunetz-value")}
            # the layer's findings carry the class "aus den Daten"; nothing is assumed or reproduced
            assert "daten" in kinds and not kinds & {"angenommen", "nachgerechnet"}, (page, kinds)


def test_glossary_terms_resolve_from_the_study_part(built_book):
    linked = 0
    for page in TWO_LAYER:
        soup = BeautifulSoup((built_book / page).read_text(encoding="utf-8"), "html.parser")
        for a in soup.select("a.reference.internal"):
            if "glossar.html#term-" in a.get("href", ""):
                linked += 1
    assert linked >= 5


#: Where a sentence ends: after ".", "!", "?" or ":" before a capital, a quote or a bracket ("Abb. 2" does not end one).
SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-ZÄÖÜ„(])")


def numbers_per_sentence(block) -> list[tuple[int, str]]:
    """(marked numbers, sentence) for each sentence of a paragraph or list item."""
    import copy

    block = copy.copy(block)
    for value in block.select("span.kmunetz-value"):
        value.replace_with("\u27e8#\u27e9")
    text = " ".join(block.get_text().split())
    return [(s.count("\u27e8#\u27e9"), s) for s in SENTENCE_END.split(text)]


def test_numbers_per_sentence_counts_marked_numbers():
    html = ('<p>Es sind <span class="kmunetz-value">10</span> und <span class="kmunetz-value">3</span>. '
            'In Abb. 2 steht <span class="kmunetz-value">32</span>, <span class="kmunetz-value">12</span> '
            'und <span class="kmunetz-value">5</span>.</p>')
    assert [n for n, _ in numbers_per_sentence(BeautifulSoup(html, "html.parser").p)] == [2, 3]


def test_a_sentence_of_the_reading_line_holds_at_most_two_numbers(reading):
    crowded = [f"{page}: {s[:120]}" for page, article in reading.items() for block in article.select("p, li")
               if not block.find_parent(["table", "figcaption", "li"])
               for n, s in numbers_per_sentence(block) if n > 2]
    assert not crowded, "sentences with more than two numbers (put them in a table):\n" + "\n".join(crowded)
