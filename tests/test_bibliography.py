"""The German bibliography: every entry of references.bib formatted through the styles that _config.yml
configures (the local extension _ext/bibstyle_de.py), with the pybtex API and without building the book."""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from pybtex.database import BibliographyData, Entry, Person, parse_file
from pybtex.richtext import Text

ROOT = Path(__file__).resolve().parents[1]
YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
ENGLISH_WORDS = re.compile(r"\b(and|editors?|eds?\.|pages|pp\.|Technical Report|visited on|edition|Volume|"
                           r"Number|chapter|PhD thesis|Master's thesis)\b")


def _load_extension():
    spec = importlib.util.spec_from_file_location("bibstyle_de", ROOT / "_ext" / "bibstyle_de.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.register()
    return module


bibstyle = _load_extension()


@pytest.fixture(scope="module")
def config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]


@pytest.fixture(scope="module")
def bib() -> BibliographyData:
    return parse_file(str(ROOT / "references.bib"))


@pytest.fixture(scope="module")
def style(config):
    """The formatting style the book uses for its bibliography (bibtex_default_style)."""
    import pybtex.plugin

    return pybtex.plugin.find_plugin("pybtex.style.formatting", config["bibtex_default_style"])()


@pytest.fixture(scope="module")
def formatted(bib, style) -> dict[str, str]:
    """key -> the entry as plain text, in the order the bibliography prints them."""
    return {fe.key: fe.text.render_as("text") for fe in style.format_entries(bib.entries.values())}


@pytest.fixture(scope="module")
def reference_style(config):
    """The citation style the book uses in the text (bibtex_reference_style)."""
    from sphinxcontrib.bibtex.plugin import find_plugin

    return find_plugin("sphinxcontrib.bibtex.style.referencing", config["bibtex_reference_style"])()


def cite(reference_style, style, bib, role: str, *keys: str) -> str:
    """The text of a citation such as {cite:t}`key`, as sphinxcontrib-bibtex composes it."""
    from sphinxcontrib.bibtex.style.referencing import format_references
    from sphinxcontrib.bibtex.style.template import SphinxReferenceInfo

    info = SphinxReferenceInfo(builder=None, fromdocname="kapitel", todocname="literatur", citation_id="id1",
                               title=None, pre_text="", post_text="")
    refs = [(bib.entries[k], style.format_entry("", bib.entries[k]), info) for k in keys]
    return str(format_references(reference_style, role, refs))


def plain(latex: str) -> str:
    return str(Text.from_latex(latex)).replace("{", "").replace("}", "")


def full_names(entry: Entry) -> list[str]:
    return [plain(" ".join(p.first_names + p.middle_names + p.prelast_names + p.last_names))
            for p in entry.persons.get("author", [])]


def last_names(entry: Entry) -> list[str]:
    return [plain(" ".join(p.prelast_names + p.last_names)) for p in entry.persons.get("author", [])]


def german_join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " und " + items[-1]


# --- the bibliography ------------------------------------------------------------------------------------


def test_the_bib_has_entries_with_two_and_with_three_or_more_authors(bib):
    counts = [len(e.persons.get("author", [])) for e in bib.entries.values()]
    assert 2 in counts and any(c >= 3 for c in counts)


def test_authors_joined_with_und(bib, formatted):
    for key, entry in bib.entries.items():
        names = full_names(entry)
        expected = german_join(names)
        assert formatted[key].startswith(expected + "."), (key, formatted[key])
        if len(names) == 2:
            assert f"{names[0]} und {names[1]}." in formatted[key]
        if len(names) >= 3:
            assert ", ".join(names[:-1]) + " und " + names[-1] in formatted[key]
            assert formatted[key].count(" und ", 0, len(expected)) == 1


def test_no_english_words(bib, formatted):
    """No English template words (and, pages, edition …) outside the titles, which keep their own language."""
    for key, text in formatted.items():
        title = re.sub(r"[{}]", "", bib.entries[key].fields.get("title", ""))
        assert not ENGLISH_WORDS.search(text.replace(title, "")), (key, text)


def test_no_year_twice_and_every_year_once(bib, formatted):
    for key, text in formatted.items():
        years = YEAR.findall(text)
        assert len(years) == len(set(years)), (key, text)
        assert years.count(bib.entries[key].fields["year"]) == 1, (key, text)


def test_talk_keeps_its_day_once(formatted):
    assert formatted["moczall2016"].endswith("Berlin, 26. Oktober 2016.")


def test_german_quotes_only(formatted):
    quoted = [text for text in formatted.values() if "\u201e" in text]
    assert quoted, "no entry quotes anything: the quote check would test nothing"
    for key, text in formatted.items():
        assert "\u201d" not in text and '"' not in text and "``" not in text and "''" not in text, (key, text)
        marks = "".join(c for c in text if c in "\u201e\u201c")
        assert marks == "\u201e\u201c" * (len(marks) // 2), (key, text)  # every „ closed by “, nothing else


def test_sorted_by_first_author_without_braces_deciding(bib, formatted):
    def key(k):
        name = last_names(bib.entries[k])[0]
        decomposed = unicodedata.normalize("NFKD", name)
        return "".join(c for c in decomposed if not unicodedata.combining(c)).lower(), bib.entries[k].fields["year"]

    order = list(formatted)
    assert order == sorted(order, key=key)
    assert order[0] == "bmwi2012"  # a braced corporate author sorts under B, not after Z


def test_other_entry_types_in_german(style):
    data = BibliographyData({
        "a": Entry("article", [("title", "Titel"), ("journal", "Zeitschrift"), ("volume", "12"), ("number", "3"),
                               ("pages", "5--9"), ("year", "2020")], persons={"author": [Person("Muster, Erika")]}),
        "r": Entry("techreport", [("title", "Bericht über etwas"), ("institution", "Institut"), ("year", "2019")],
                   persons={"author": [Person("Muster, Erika"), Person("Beispiel, Max"), Person("Probe, Paula")]}),
        "b": Entry("book", [("title", "Ein Sammelband"), ("publisher", "Verlag"), ("year", "2018")],
                   persons={"editor": [Person("Muster, Erika"), Person("Beispiel, Max")]}),
        "w": Entry("misc", [("title", "Eine Seite mit ``Zitat''"), ("url", "https://example.org"),
                            ("urldate", "1. März 2024"), ("year", "2024")], persons={"author": [Person("Muster, Erika")]}),
    })
    text = {fe.key: fe.text.render_as("text") for fe in style.format_entries(data.entries.values())}
    assert text["a"] == "Erika Muster. Titel. Zeitschrift, Jg. 12, Nr. 3, 2020, S. 5–9."
    assert text["r"].startswith("Erika Muster, Max Beispiel und Paula Probe. Bericht über etwas. Bericht, Institut")
    assert "Erika Muster und Max Beispiel (Hrsg.)." in text["b"]
    assert "„Zitat“" in text["w"] and "(abgerufen am 1. März 2024)" in text["w"]
    for key, t in text.items():
        assert not ENGLISH_WORDS.search(t), (key, t)


@pytest.mark.parametrize("source, expected", [
    ("\u201cEnglish\u201d", "\u201eEnglish\u201c"),
    ("\u201eschon deutsch\u201c", "\u201eschon deutsch\u201c"),
    ('"gerade"', "\u201egerade\u201c"),
    ("\u201caußen \u2018innen\u2019 außen\u201d", "\u201eaußen \u201ainnen\u2018 außen\u201c"),
    ("Master\u2019s", "Master\u2019s"),  # an apostrophe is no quotation mark
])
def test_german_quotes_helper(source, expected):
    assert str(bibstyle.german_quotes(Text(source))) == expected


# --- citations in the text ----------------------------------------------------------------------------------


def test_citation_two_authors_und(bib, style, reference_style):
    assert cite(reference_style, style, bib, "t", "duschek2004") == "Duschek und Rometsch (2004)"
    assert cite(reference_style, style, bib, "p", "duschek2004") == "(Duschek und Rometsch, 2004)"
    assert cite(reference_style, style, bib, "author", "duschek2004") == "Duschek und Rometsch"


def test_citation_three_or_more_authors(bib, style, reference_style):
    for key, entry in bib.entries.items():
        names = last_names(entry)
        if len(names) < 3:
            continue
        short = cite(reference_style, style, bib, "t", key)
        assert short.startswith(f"{names[0]} et al. ("), short
        full = cite(reference_style, style, bib, "ts", key)
        assert full.startswith(german_join(names) + " ("), full


def test_no_english_and_in_any_citation(bib, style, reference_style):
    for key in bib.entries:
        for role in ["t", "ts", "p", "ps", "author", "authors"]:
            text = cite(reference_style, style, bib, role, key)
            assert not re.search(r"\band\b", text), (key, role, text)
    several = cite(reference_style, style, bib, "p", "iaw2017kmu", "leifels2016")
    assert several == "(Koch et al., 2017; Leifels, 2016)"
