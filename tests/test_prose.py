"""The rules of the prose check (kmunetz.prose): each finds its break in a bad sentence and passes a good one."""

import pytest

from kmunetz import prose

NB = "\u00a0"

CASES = {
    "doppelter Bereich": (
        "Je nach Weg liegen zwischen 140 und 148 Bewertungen vor; der Anteil liegt bei 47 bis 52 %; −24,1 bis 1,0.",
        ["Je nach Kanal liegen zwischen 148 und 148 Bewertungen vor.", f"Das Intervall reicht von 47 bis 47{NB}%."],
    ),
    "englisches Wort": (
        "Ergebnis dieses Builds: alle 28 Zahlen der Studie passen zu ihrem Wortlaut (Annahme share.grown_5y).",
        ["Ergebnis dieses Builds: 28 of 28 published numbers agree with the study's wording.",
         "Mittelwert und Anteil: True", "Die Tabelle zeigt mean und count."],
    ),
    "Satzzeichen um einen Wert": (
        f"Bezogen auf 141 Netzwerke mit KMU sind es 50,4{NB}% (42,2 bis 58,5{NB}%), wie die Studie schreibt.",
        [f"sind es, bezogen auf 141 Netzwerke mit KMU, (50,4{NB}%, 42,2 bis 58,5{NB}%).",
         "Es nennen ( , 12) Koordinatoren.", "Die Zahl ist hoch ,und das ist gut.", "Ein Wert (50 %", "Leer: ()."],
    ),
    "Einzahl/Mehrzahl": (
        "Ein Netzwerk hat 1 Partner, 2 Netzwerke haben 1 Bewertung und 28 Bewertungen; 1,5 Prozentpunkte.",
        ["Es antwortete 1 Netzwerke.", "Es liegen 28 Bewertung vor.", "Dazu kommt eine Netzwerke."],
    ),
    "Prozentzeichen": (
        f"Fast 90{NB}% der Beschäftigten; ein 95-%-Konfidenzintervall.",
        ["Fast 90% der Beschäftigten.", "Fast 90 % der Beschäftigten.", f"Ein 95{NB}%-Konfidenzintervall."],
    ),
    "Minuszeichen": (
        "Der Effekt beträgt −1,7 Prozentpunkte (−3,2 bis −0,1); die Jahre 2016-2017.",
        ["Der Effekt beträgt -1,7 Prozentpunkte.", "Intervall (-3,2 bis 0,1)."],
    ),
    "Dezimalpunkt": (
        "Mittelwert 3,54 bei 1.234 Antworten; Software kmunetz 0.1.0.",
        ["Mittelwert 3.540541.", "Anteil 0.5 der Netzwerke.", "Zahl 148.0 ist keine Zählung."],
    ),
    "Nachkommastellen bei Anzahl": (
        "Im Mittel 31,4 Partner, 156 Netzwerke, ein Abstand von 11,0 Prozentpunkten und 7,0 Jahre.",
        ["Im Mittel 31,0 Partner.", "Es sind 471,0 Netzwerke."],
    ),
    "Intervallschreibweise": (
        f"Der Anteil liegt bei 57,7{NB}% (49,8 bis 65,2{NB}%); Klassen von 85 bis unter 95.",
        [f"In diesen Daten sind es 57,7{NB}% ([49,8; 65,2]{NB}%).", "Klasse [85,0; 95,0) der Verteilung."],
    ),
}


def test_every_rule_has_cases():
    assert set(CASES) == set(prose.RULES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_passes_the_good_sentence(rule):
    good, _ = CASES[rule]
    assert prose.RULES[rule](good) == [], good


@pytest.mark.parametrize("rule, bad", [(r, b) for r, (_, bads) in sorted(CASES.items()) for b in bads])
def test_rule_finds_the_bad_sentence(rule, bad):
    assert prose.RULES[rule](bad), bad


def test_blocks_read_what_a_reader_reads():
    html = f"""<article class="bd-article">
      <h1>Titel</h1>
      <p>Es sind <span class="kmunetz-value">50,4{NB}%<sup class="kmunetz-mark">S</sup>
         <span class="kmunetz-sr">(Studie)</span><span class="kmunetz-tip">Zahl der Studie (<code>share.x</code>).</span></span>
         der Netzwerke; Datei <code>survey.csv</code>.</p>
      <div class="cell_input"><pre>print("the mean of the numbers")</pre></div>
      <div class="cell_output"><pre>mean    3.54</pre><table><tr><th>Anteil</th><td>96%</td></tr></table></div>
    </article>"""
    texts = prose.blocks(html)
    assert f"Es sind 50,4{NB}% der Netzwerke; Datei Code." in texts
    assert "Zahl der Studie (Code)." in texts
    assert "mean 3.54" in texts and "96%" in texts
    assert not any("print" in t or "Studie)" == t for t in texts)
    found = {f.rule for f in prose.check_html(html, "x.html")}
    assert found == {"englisches Wort", "Dezimalpunkt", "Prozentzeichen"}


def test_allowed_patterns_are_scoped_to_page_and_rule():
    import re

    html = '<article class="bd-article"><p>Version 3.11 von Python.</p></article>'
    assert prose.check_html(html, "a.html")
    assert not prose.check_html(html, "a.html", [("a.html", "Dezimalpunkt", re.compile(r"Python|3\.11"))])
    assert prose.check_html(html, "b.html", [("a.html", "Dezimalpunkt", re.compile(r"3\.11"))])
    assert prose.check_html(html, "a.html", [("a.html", "Minuszeichen", re.compile(r"3\.11"))])


def test_an_empty_marked_value_is_found():
    empty = '<article class="bd-article"><p>Satz. <span class="kmunetz-value"><span class="pasted-text"></span>' \
            '<sup class="kmunetz-mark">A</sup></span></p></article>'
    full = empty.replace('<span class="pasted-text"></span>', '<span class="pasted-text">12\u00a0%</span>')
    assert [f.rule for f in prose.check_html(empty, "a.html")] == ["leerer Wert"]
    assert prose.check_html(full, "a.html") == []
