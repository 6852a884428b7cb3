"""Provenance marks sit on numbers only, and their tooltips speak plainly and stay inside the window.

Fast checks without a book build: the splitting of glued texts (:func:`kmunetz.provenance.mark_spans`),
the tooltip lines (:meth:`kmunetz.provenance.Provenance.tooltip`), the extension's nodes and the
``{studie}`` role in a small Sphinx project, and, where headless Chromium and Playwright are at hand,
the placement of open tooltips by ``_static/provenance.js`` at 1280 and 390 px.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from sphinx_project import build_html

from kmunetz import published
from kmunetz.provenance import LEADS, TOOLTIP_LINES, Provenance, is_sentence, mark_spans

ROOT = Path(__file__).resolve().parents[1]
NB = "\u00a0"


def marked(text: str) -> list[str]:
    return [part for part, m in mark_spans(text) if m]


# -- where the marks sit ------------------------------------------------------------------------

@pytest.mark.parametrize("text, pieces", [
    (f"12,3{NB}%", [(f"12,3{NB}%", True)]),
    (f"fast 90{NB}%", [("fast ", False), (f"90{NB}%", True)]),
    ("weniger als 250", [("weniger als ", False), ("250", True)]),
    ("2014", [("2014", False)]),
    ("KfW Mittelstandspanel 2014", [("KfW Mittelstandspanel 2014", False)]),
    ("drei Generationen", [("drei", True), (" Generationen", False)]),
    ("rund zwei Drittel", [("rund ", False), ("zwei Drittel", True)]),
    ("9 von 10", [("9 von 10", True)]),
    ("Vier von fünf", [("Vier von fünf", True)]),
    (f"62,3 bis 76,5{NB}%", [(f"62,3 bis 76,5{NB}%", True)]),
    ("−4,2 Prozentpunkte", [("−4,2 Prozentpunkte", True)]),
    (f"+12,3{NB}Prozentpunkte", [(f"+12,3{NB}Prozentpunkte", True)]),
    ("etwa ein Viertel", [("etwa ", False), ("ein Viertel", True)]),
    ("mehr als die Hälfte", [("mehr als die ", False), ("Hälfte", True)]),
    ("an einem Tag in der Woche", [("an ", False), ("einem", True), (" Tag in der Woche", False)]),
    ("n = 154", [("n = ", False), ("154", True)]),
    ("1.234,5 Netzwerke", [("1.234,5", True), (" Netzwerke", False)]),
    ("12 % (2014)", [("12 %", True), (" (2014)", False)]),
    ("überwiegend", [("überwiegend", False)]),
    ("liegt damit unter dem Durchschnitt", [("liegt damit unter dem Durchschnitt", False)]),
    ("", []),
])
def test_short_values_are_marked_from_the_first_to_the_last_number(text, pieces):
    assert mark_spans(text) == pieces
    assert "".join(p for p, _ in mark_spans(text)) == text


def test_the_article_ein_is_no_number_beside_a_number():
    assert marked("4 davon finden eine Mehrheit") == ["4"]
    assert marked("eingetragen ist davon noch keines") == []


def test_a_sentence_has_each_number_marked_and_no_mark_at_its_end():
    text = (f"Im Jahr 2014 nannten 62,3 bis 76,5{NB}% der Netzwerke diese Hürde, in 15 von 500 Durchläufen "
            "waren es drei Viertel. Ein Merkmal fiel auf.")
    pieces = mark_spans(text)
    assert [p for p, m in pieces if m] == [f"62,3 bis 76,5{NB}%", "15 von 500", "drei Viertel"]
    assert not pieces[-1][1] and pieces[-1][0].endswith(".")
    assert "".join(p for p, _ in pieces) == text


def test_a_long_text_without_full_stop_is_a_sentence_too():
    text = (f"regelmäßige Beiträge oder Gebühren, Treffen mit eigenem Beitrag und Treffen ohne eigenen "
            f"Beitrag je 22,7{NB}% (16,6 bis 30,3{NB}%)")
    assert is_sentence(text) and not is_sentence(f"96{NB}%, 80{NB}% und 36{NB}%")
    assert marked(text) == [f"22,7{NB}%", f"16,6 bis 30,3{NB}%"]


def test_compounds_keep_their_number_and_articles_in_sentences_stay_plain():
    text = "Bei 5 von ihnen schließt das 95-%-Konfidenzintervall die Null aus; bei einem der 11 Effekte nicht."
    assert marked(text) == ["5", "95-%-Konfidenzintervall", "11"]
    assert marked("Das sind zwei Drittel, also eine von drei Gruppen.") == ["zwei Drittel", "eine von drei"]


def test_years_in_a_sentence_stay_plain():
    assert marked("Die Befragung von 2014 bis 2015 ergab nichts.") == []
    assert marked("Seit 2014 sind es 12 Netzwerke.") == ["12"]


# -- what the tooltips say ------------------------------------------------------------------------

ID = re.compile(r"`|Katalogzeile|\b[a-z]+(?:_[a-z0-9]+)*\.[a-z_]+[a-z0-9_]*\b|\b[a-z]+_[a-z0-9_]+\b")

EXAMPLES = {
    "studie": Provenance.study("kmu_beteiligt"),
    "nachgerechnet": Provenance.reproduced("kmu_aktiv", assumptions=("share.kmu_active",)),
    "angenommen": Provenance.assumed("share.exploitative", catalogue=("typ_exploitativ",)),
    "daten": Provenance.data("Datei befragung.csv"),
    "einstellung": Provenance.setting("Parameter `confidence` = 0,95"),
}


@pytest.mark.parametrize("kind", list(EXAMPLES))
def test_every_tooltip_opens_with_one_plain_sentence_and_names_no_ids(kind):
    lines = EXAMPLES[kind].tooltip()
    assert lines[0] == LEADS[kind]
    assert lines[0].endswith(".") and lines[0].count(".") == 1
    for line in lines:
        if kind == "daten" and line.startswith("Datei "):
            continue  # the name of the reader's own survey file, no internal id
        assert not ID.search(line), line


def test_lead_sentences_say_where_the_number_comes_from():
    assert LEADS["studie"] == "Diese Zahl nennt die Studie."
    assert "Übungsdaten" in LEADS["nachgerechnet"] and "treffen" in LEADS["nachgerechnet"]
    assert "Annahmen" in LEADS["angenommen"] and "keine Zahl" in LEADS["angenommen"]
    assert "Befragungsdatei" in LEADS["daten"] and "kein Befund" in LEADS["einstellung"]


def test_the_studys_tooltip_quotes_its_wording():
    lines = EXAMPLES["studie"].tooltip()
    assert any("„9 von 10“" in ln and "Welche Rolle spielen KMU" in ln for ln in lines)


def test_an_assumed_value_names_its_assumptions_before_the_study():
    a = published.assumptions()
    lines = EXAMPLES["angenommen"].tooltip()
    reason = a.loc["share.exploitative", "reason"]
    at = next(i for i, ln in enumerate(lines) if reason in ln)
    study = next(i for i, ln in enumerate(lines) if "„überwiegend“" in ln)
    assert 0 < at < study


def test_a_long_list_of_sources_ends_with_a_plain_rest_line():
    names = list(published.assumptions().query("status == 'assumed'").index[:9])
    p = Provenance.assumed(*names, catalogue=("typ_exploitativ", "kmu_aktiv", "huerde_ressourcen"))
    lines = p.tooltip()
    assert len(lines) == TOOLTIP_LINES == 5
    assert all(ln.startswith("Annahme: ") for ln in lines[1:-1])  # the assumptions first, the study's rows last
    assert re.fullmatch(r"… und \d+ weitere Annahmen und (eine weitere Zahl|\d+ weitere Zahlen) der Studie; "
                        r"alle stehen im Reproduktionsbericht\.", lines[-1]), lines[-1]
    only = Provenance.assumed(*names)
    reasons = len(set(only.details()[1:]))  # two assumptions with the same reason give one line
    assert only.tooltip()[-1] == f"… und {reasons - 3} weitere Annahmen; alle stehen im Reproduktionsbericht."


def test_details_keep_every_source_and_may_name_the_ids():
    p = Provenance.assumed(*list(published.assumptions().index[:8]))
    assert len(p.details()) == 9 and not any("`" in ln for ln in p.details())
    assert any("(`share." in ln or "(`n." in ln for ln in p.details(names=True))
    d = p.to_dict()
    assert d["details"] == p.details() and d["tooltip"] == p.tooltip()


# -- the extension's nodes -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ext():
    sys.path.insert(0, str(ROOT / "_ext"))
    try:
        import provenance_marks
    finally:
        sys.path.remove(str(ROOT / "_ext"))
    return provenance_marks


def test_a_pasted_value_keeps_its_words_outside_the_mark(ext):
    from docutils import nodes

    prov = Provenance.study("fachkraefte_anteil").to_dict()
    pasted = nodes.inline(f"fast 90{NB}%", f"fast 90{NB}%", classes=["pasted-text"])
    out = ext.mark_result([pasted], prov)
    assert out == [pasted] and pasted["classes"] == ["pasted-text"]
    assert [type(c).__name__ for c in pasted.children] == ["Text", "kmunetz_value"]
    value = pasted.children[1]
    assert value.astext() == f"90{NB}%" and value["mark"] == "S" and value["details"][0] == LEADS["studie"]


def test_a_pasted_text_without_number_is_plain(ext):
    from docutils import nodes

    prov = Provenance.study("typ_formell").to_dict()
    pasted = nodes.inline("überwiegend", "überwiegend", classes=["pasted-text"])
    out = ext.mark_result([pasted], prov)
    assert not list(out[0].findall(ext.kmunetz_value))


def test_a_richer_sentence_is_marked_in_each_text(ext):
    from docutils import nodes

    prov = Provenance.data("Datei befragung.csv").to_dict()
    para = nodes.inline("", "", nodes.Text("Es sind "), nodes.emphasis("", "12 Netzwerke"),
                        nodes.Text(" und 3 weitere, dazu kommen noch einige mehr im Jahr 2014."))
    out = ext.mark_result([para], prov)
    assert [v.astext() for v in out[0].findall(ext.kmunetz_value)] == ["12", "3"]


def test_study_text_reads_wordings_and_typed_chart_values(ext, monkeypatch):
    import pandas as pd

    assert ext.study_text("kmu_aktiv") == "rund zwei Drittel"
    assert ext.study_text("kmu_aktiv", "wert") == f"66,7{NB}%" and ext.study_text("kmu_aktiv", "n") == "154"
    assert ext.study_text("geeignete_klein", "wert") == "3" and ext.study_text("geeignete_klein", "n") is None
    assert ext.study_text("gibt_es_nicht") is None
    charts = published.chart_values()
    key = charts.index[0]
    assert ext.study_text(key) is None  # the text lost the chart's values: nothing typed in
    typed = charts.copy()
    typed.loc[key, "value"] = 42.0
    monkeypatch.setattr(published, "chart_values", lambda path=None: typed)
    assert ext.study_text(key) == f"42{NB}%"
    typed.loc[key, "value"] = 42.5
    assert ext.study_text(key) == f"42,5{NB}%"
    assert pd.isna(charts.loc[key, "value"])


def _sphinx(tmp_path: Path, text: str) -> tuple[str, str]:
    return build_html(tmp_path, ["myst_nb", "provenance_marks"], {"index.md": text},
                      static=("marks.css", "provenance.js"))


def test_the_studie_role_marks_the_studys_wording(tmp_path):
    from bs4 import BeautifulSoup

    html, warnings = _sphinx(tmp_path, "# Titel\n\nEs sind {studie}`kmu_aktiv` der Netzwerke, "
                                       "{studie}`typ_formell` formell.\n")
    assert "WARNING" not in warnings, warnings
    soup = BeautifulSoup(html, "html.parser")
    values = soup.select("span.kmunetz-value")
    assert len(values) == 1 and values[0]["data-provenance"] == "studie"
    value = values[0]
    assert value.find(string=True, recursive=False).strip() == "zwei Drittel"
    tip = soup.find(id=value["aria-describedby"])
    assert tip["role"] == "tooltip" and value["tabindex"] == "0" and value.select_one("sup.kmunetz-mark").text == "S"
    assert tip.select(".kmunetz-tip-line")[0].get_text() == LEADS["studie"] and not tip.select("code")
    assert "rund zwei Drittel" in soup.select_one("p").get_text() and "überwiegend formell" in soup.get_text()
    assert len(soup.select('link[href*="marks.css"]')) == 1


def test_an_unknown_study_key_is_a_warning_naming_key_and_document(tmp_path):
    _, warnings = _sphinx(tmp_path, "# Titel\n\nEs sind {studie}`kmu_erfunden`, {studie}`kmu_aktiv:prozent` "
                                    "und {studie}`geeignete_klein:n`; {studie}`huerde_ressourcen:n` ohne Warnung.\n")
    found = [ln for ln in warnings.splitlines() if "WARNING" in ln]
    assert len(found) == 3 and all("'index'" in ln for ln in found), found
    assert "'kmu_erfunden'" in found[0] and "'kmu_aktiv:prozent'" in found[1] and "base n" in found[2]


# -- tooltips stay inside the window ---------------------------------------------------------------

def _playwright():
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("no /usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed")
    return sync_playwright


TIP = ("Aus den Übungsdaten berechnet; die Studie nennt dafür keine Zahl, der Wert beruht auf Annahmen des Buchs.",
       "Annahme: Überwiegend exploitativ; Punktwert angenommen, weil der Text der Studie nur von einer Mehrheit "
       "spricht und keinen Anteil nennt.",
       "Die Studie sagt dazu nur: „überwiegend“ (Abschnitt „Welche Typen von Fachkräftenetzwerken gibt es?“).")


def _value(tip_id: str, text: str) -> str:
    lines = "".join(f'<span class="kmunetz-tip-line">{t}</span>' for t in TIP)
    return (f'<span class="kmunetz-value kmunetz-angenommen kmunetz-short" tabindex="0" data-provenance="angenommen" '
            f'aria-describedby="{tip_id}">{text}<sup class="kmunetz-mark" aria-hidden="true">A</sup>'
            f'<span class="kmunetz-sr"> (angenommen)</span><span class="kmunetz-tip" role="tooltip" id="{tip_id}">'
            f'<span class="kmunetz-tip-class">angenommen</span>{lines}</span></span>')


def _page(tmp_path: Path, script: bool = True) -> Path:
    for name in ("marks.css", "provenance.js"):
        shutil.copy(ROOT / "_static" / name, tmp_path / name)
    html = f"""<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="marks.css">{'<script src="provenance.js" defer></script>' if script else ''}
<style>body {{ margin: 0; font: 16px/1.5 sans-serif; }} p {{ margin: 1rem 12px; }}</style></head><body>
<p style="text-align: right">Ganz rechts steht {_value("kv-1", "12,3&nbsp;%")}</p>
<p>Links steht {_value("kv-2", "45&nbsp;%")} mitten im Text.</p>
<p style="position: fixed; bottom: 4px; left: 0; right: 0; margin: 0 12px; text-align: right">
Unten rechts {_value("kv-3", "9 von 10")}</p>
<p style="position: fixed; bottom: 4px; left: 0; margin: 0 12px">Unten {_value("kv-4", "drei")}</p>
</body></html>"""
    page = tmp_path / "marks.html"
    page.write_text(html, encoding="utf-8")
    return page


BOX = """id => { const tip = document.getElementById(id); const r = tip.getBoundingClientRect();
  return {display: getComputedStyle(tip).display, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
          width: document.documentElement.clientWidth, height: document.documentElement.clientHeight}; }"""


def _inside(box: dict, margin: float = 8) -> bool:
    tol = 0.5
    return (box["display"] == "block" and box["left"] >= margin - tol and box["top"] >= margin - tol
            and box["right"] <= box["width"] - margin + tol and box["bottom"] <= box["height"] - margin + tol)


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_open_tooltips_stay_inside_the_window(tmp_path, width):
    sync_playwright = _playwright()
    url = _page(tmp_path).as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": width, "height": 640})
            page.goto(url)
            page.wait_for_load_state("load")
            bad = []
            for tip_id in ("kv-1", "kv-2", "kv-3", "kv-4"):
                value = page.locator(f'[aria-describedby="{tip_id}"]')
                value.hover()  # by the pointer
                box = page.evaluate(BOX, tip_id)
                if not _inside(box):
                    bad.append(("hover", tip_id, box))
                page.mouse.move(width / 2, 2)
                value.focus()  # by the keyboard
                box = page.evaluate(BOX, tip_id)
                if not _inside(box):
                    bad.append(("focus", tip_id, box))
                page.evaluate("document.activeElement.blur()")
            # a tip near the bottom opens above its number
            page.locator('[aria-describedby="kv-3"]').focus()
            assert page.evaluate("document.getElementById('kv-3').classList.contains('kmunetz-tip-above')")
            assert bad == []
        finally:
            browser.close()


@pytest.mark.browser
def test_tooltips_open_by_css_alone_without_the_script(tmp_path):
    sync_playwright = _playwright()
    url = _page(tmp_path, script=False).as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 640})
            page.goto(url)
            assert page.evaluate(BOX, "kv-2")["display"] == "none"
            page.locator('[aria-describedby="kv-2"]').hover()
            assert page.evaluate(BOX, "kv-2")["display"] == "block"
            page.mouse.move(640, 2)
            page.locator('[aria-describedby="kv-2"]').focus()
            assert page.evaluate(BOX, "kv-2")["display"] == "block"
        finally:
            browser.close()
