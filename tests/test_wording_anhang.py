"""German wording of the Netzwerk-Check and the reproduction report (kmunetz.wording.anhang) on varied inputs."""

from __future__ import annotations

import pandas as pd
import pytest

from kmunetz import formatting, models, netcheck
from kmunetz.wording import anhang


def factors(status: list[str], lower: list[float], upper: list[float], features: list[str] | None = None):
    features = features or ["sector_focus", "public_goods", "regular_fees", "decentral"][: len(status)]
    return pd.DataFrame({"feature": features, "name": [netcheck.NAMES[f] for f in features], "status": status,
                         "contribution_lower": lower, "contribution_upper": upper})


# -- what the check rests on -------------------------------------------------------------------------------------

def test_data_sentence_names_the_exercise_data_or_the_file():
    synthetic = anhang.check_data_sentence(True)
    assert "{term}`Übungsdaten`" in synthetic and "kein Befund über echte Netzwerke" in synthetic
    real = anhang.check_data_sentence(False, "C:\\daten\\befragung 2024.csv")
    assert "„befragung 2024.csv“" in real and "Übungsdaten" not in real and "Rechenbeispiel" not in real
    assert "„eigene Datei“" in anhang.check_data_sentence(False, None)


# -- the features by status -----------------------------------------------------------------------------------------

def test_status_list_groups_in_the_books_order_and_joins_names():
    f = factors(["fehlt", "vorhanden (ungünstig)", "fehlt", "vorhanden (günstig)"],
                [-9.0, -8.0, -4.0, 1.0], [-2.0, -1.0, -0.5, 5.0])
    lines = anhang.status_list(f).splitlines()
    assert lines[0].startswith("- **Vorhanden (günstig):** ")
    assert lines[1] == "- **Fehlt:** Branchenfokus und Regelmäßige Beiträge/Gebühren"
    assert lines[2] == "- **Vorhanden (ungünstig):** Öffentliche Güter"
    assert len(lines) == 3  # every contribution is clear: no sentence on undecided features


@pytest.mark.parametrize("undecided, words", [(1, "Für das Merkmal"), (2, "Für die Merkmale")])
def test_status_list_names_the_undecided_features_in_singular_and_plural(undecided, words):
    upper = [2.0] * undecided + [-1.0] * (3 - undecided)
    text = anhang.status_list(factors(["fehlt", "vorhanden (ungünstig)", "fehlt"], [-5.0] * 3, upper))
    assert words in text and ("Empfehlungen ab." if undecided > 1 else "Empfehlung ab.") in text


def test_status_list_of_no_features_is_empty():
    assert anhang.status_list(factors([], [], [], features=[])) == ""


# -- advice ---------------------------------------------------------------------------------------------------------

def test_advice_list_links_the_chapter_and_flattens_the_status():
    f = factors(["fehlt", "vorhanden (ungünstig)"], [-9.0, -8.0], [-2.0, -1.0])
    study, book = anhang.advice_list(f, "studie"), anhang.advice_list(f, "buch")
    assert study.startswith(netcheck.ADVICE_TEXTS["lead_study"])
    assert "- *Branchenfokus* (fehlt) – " in study and "{doc}`empfehlungen-netzwerke`" in study
    assert book.startswith(netcheck.ADVICE_TEXTS["lead_book"]) and "(vorhanden, ungünstig)" in book
    assert "((" not in study + book and ".." not in study + book


def test_advice_list_without_clear_contributions_is_one_sentence():
    f = factors(["fehlt", "fehlt"], [-9.0, -8.0], [2.0, 1.0])
    assert anhang.advice_list(f, "studie") == netcheck.ADVICE_TEXTS["none_clear"]
    nothing_missing = factors(["vorhanden (günstig)"], [1.0], [4.0])
    assert anhang.advice_list(nothing_missing, "buch") == netcheck.ADVICE_TEXTS["none_missing"]
    with pytest.raises(ValueError, match="source"):
        anhang.advice_list(f, "politik")


@pytest.mark.parametrize("seed, n", [(2017, 156), (5, 40)])
def test_status_and_advice_for_the_check_of_other_editions(seed, n):
    """The same functions on the check's own table, for the default and a small edition."""
    from kmunetz import synthetic

    survey = synthetic.generate_survey(seed=seed, n=n)
    network = {f: False for f in models.FEATURES} | {"years_since_founding": 4, "public_goods": True}
    f = netcheck.assess(survey, network, "firth", 0.95)["factors"]
    text = anhang.status_list(f)
    for name in f["name"]:
        assert name in text
    assert text.count("- **") == f["status"].nunique()
    for source in ("studie", "buch"):
        assert anhang.advice_list(f, source).strip()


# -- the reproduction report ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("ok, total, restated, start", [
    (28, 28, 1, "Alle 28 nachgerechneten Zahlen liegen"),
    (27, 28, 0, "27 von 28 nachgerechneten Zahlen liegen"),
    (1, 28, 0, "Eine von 28 nachgerechneten Zahlen liegt"),
    (0, 28, 0, "Keine der 28 nachgerechneten Zahlen liegt"),
    (1, 1, 0, "Die eine nachgerechnete Zahl liegt in"),
    (0, 1, 0, "Die eine nachgerechnete Zahl liegt nicht"),
])
def test_agreement_sentence_agrees_in_number(ok, total, restated, start):
    text = anhang.agreement_sentence(ok, total, restated)
    assert text.startswith(start) and text.endswith(".")
    assert ("Formulierungen" in text) == bool(restated)


def test_agreement_sentence_counts_the_distinct_numbers():
    assert anhang.agreement_sentence(3, 3, 1).endswith("steht ein Wert der Studie in zwei Formulierungen; "
                                                       "geprüft werden also 2 verschiedene Zahlen.")
    assert anhang.agreement_sentence(2, 2, 1).endswith("geprüft wird also eine Zahl.")
    assert "1.000" in anhang.agreement_sentence(1000, 1000)  # German thousands separator
    assert anhang.agreement_sentence(0, 0).startswith("Keine Zahl der Studie")
    with pytest.raises(ValueError):
        anhang.agreement_sentence(3, 2)


@pytest.mark.parametrize("typed, text", [(0, "eingetragen ist davon noch keines"), (1, "eingetragen ist davon eines"),
                                         (2, "eingetragen sind davon 2"), (1200, "eingetragen sind davon 1.200")])
def test_typed_sentence(typed, text):
    assert anhang.typed_sentence(typed) == text
    assert formatting.integer(1200) == "1.200"
