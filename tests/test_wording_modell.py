"""The model chapter's German sentences (kmunetz.wording.modell) read right for any result."""

from types import SimpleNamespace

import pandas as pd
import pytest

from kmunetz import models, synthetic
from kmunetz.estimation import Separation
from kmunetz.wording import modell

NB = "\u00a0"


# -- directions, zero, many tests -------------------------------------------------------------

@pytest.mark.parametrize("same, total, expected", [
    (11, 11, "Alle 11 Effekte zeigen in die Richtung, die die Studie berichtet."),
    (10, 11, "10 von 11 Effekten zeigen in die Richtung, die die Studie berichtet."),
    (1, 11, "1 von 11 Effekten zeigt in die Richtung, die die Studie berichtet."),
    (0, 11, "Keiner der 11 Effekte zeigt in die Richtung, die die Studie berichtet."),
    (2, 2, "Beide Effekte zeigen in die Richtung, die die Studie berichtet."),
    (1, 1, "Der Effekt zeigt in die Richtung, die die Studie berichtet."),
    (0, 1, "Der Effekt zeigt nicht in die Richtung, die die Studie berichtet."),
])
def test_direction_sentence(same, total, expected):
    assert modell.direction_sentence(same, total) == expected


def test_direction_sentence_never_says_the_count_twice_in_words():
    # the old chapter said "Alle 11 geschätzten Effekte … weil hier elf Effekte"
    text = modell.direction_sentence(11, 11) + " " + modell.zero_sentence(5, 11)
    assert "elf" not in text and "geschätzten" not in text


@pytest.mark.parametrize("bad", [(12, 11), (-1, 11), (0, 0)])
def test_counts_are_checked(bad):
    with pytest.raises(ValueError):
        modell.direction_sentence(*bad)
    with pytest.raises(ValueError):
        modell.zero_sentence(*bad)
    with pytest.raises(ValueError):
        modell.holm_sentence(*bad)


def test_zero_sentence_all_none_some():
    assert modell.zero_sentence(11, 11).startswith("Bei allen liegt das Konfidenzintervall ganz")
    none = modell.zero_sentence(0, 11)
    assert none.startswith("Bei keinem liegt") and "Bei jedem Merkmal" in none
    some = modell.zero_sentence(5, 11)
    assert some.startswith("Bei 5 von ihnen liegt") and "Bei den übrigen 6 reicht es über die Null" in some
    assert "Beim übrigen reicht es" in modell.zero_sentence(10, 11)
    assert modell.zero_sentence(1, 11).startswith("Bei einem von ihnen liegt")


def test_zero_sentence_holds_no_setting_and_never_abbreviates():
    # the level is a setting of the book (class B); the sentence carries only counts of the data
    for k in (0, 1, 3, 10, 11):
        text = modell.zero_sentence(k, 11)
        assert "%" not in text and "KI" not in text and "95" not in text


def test_zero_sentence_for_a_single_effect():
    assert modell.zero_sentence(1, 1).startswith("Sein Konfidenzintervall liegt ganz")
    assert "reicht über die Null" in modell.zero_sentence(0, 1)


@pytest.mark.parametrize("k, tests, expected", [
    (0, 11, "bleibt keiner der 11 Effekte gesichert."),
    (1, 11, "bleibt einer der 11 Effekte gesichert."),
    (3, 11, "bleiben 3 der 11 Effekte gesichert."),
    (11, 11, "bleiben alle 11 Effekte gesichert."),
    (2, 2, "bleiben beide Effekte gesichert."),
])
def test_holm_sentence(k, tests, expected):
    text = modell.holm_sentence(k, tests)
    assert text == "Nach der Korrektur für mehrfaches Testen " + expected
    assert "Holm" not in text and "p-Wert" not in text  # plain words in the layer; the name is for the box


def test_holm_sentence_is_empty_for_one_test():
    assert modell.holm_sentence(1, 1) == modell.holm_sentence(0, 1) == ""


def test_holm_text_keeps_its_method_wording():
    assert modell.holm_text(0, 11) == models.holm_text(0, 11)
    assert modell.holm_text(11, 11).endswith("bleiben alle 11 Effekte auf diesem Niveau von null verschieden.")


# -- separation and fallback ------------------------------------------------------------------

LABELS = {"sector_focus": "Branchenfokus", "decentral": "Dezentrale Organisation"}


@pytest.mark.parametrize("sep, start", [
    (Separation(True, ("sector_focus",), cells=((1, 1, 5),)),
     "In diesen Daten haben alle 5 Netzwerke mit dem Merkmal „Branchenfokus“ aktive KMU."),
    (Separation(True, ("sector_focus",), cells=((0, 0, 12),)),
     "In diesen Daten haben alle 12 Netzwerke ohne das Merkmal „Branchenfokus“ keine aktiven KMU."),
    (Separation(True, ("sector_focus",), cells=((1, 1, 1),)),
     "In diesen Daten hat das einzige Netzwerk mit dem Merkmal „Branchenfokus“ aktive KMU."),
    (Separation(True, ("decentral",)),
     "In diesen Daten sagt das Merkmal „Dezentrale Organisation“ fast fehlerfrei voraus"),
])
def test_separation_sentence_one_feature(sep, start):
    text = modell.separation_sentence(sep, LABELS)
    assert text.startswith(start)
    assert text.endswith("Der Effekt dieses Merkmals lässt sich deshalb nur grob bestimmen; sein "
                         "Konfidenzintervall ist entsprechend breit.")
    assert "Firth" not in text and "Maximum" not in text  # no estimator names in the layer


def test_separation_sentence_several_features_and_none_named():
    text = modell.separation_sentence(Separation(True, ("sector_focus", "decentral"), complete=True), LABELS)
    assert text.startswith("In diesen Daten sagen die Merkmale „Branchenfokus“ und „Dezentrale Organisation“ "
                           "zusammen fehlerfrei voraus")
    assert "Die Effekte dieser Merkmale" in text and "ihre Konfidenzintervalle sind" in text
    unnamed = modell.separation_sentence(Separation(True, ()))
    assert unnamed.startswith("In diesen Daten sagt eine Kombination der Merkmale fast fehlerfrei voraus")
    assert modell.separation_sentence(Separation(False)) == ""


def test_separation_sentence_without_labels_uses_the_names():
    text = modell.separation_sentence(Separation(True, ("x",), cells=((1, 1, 3),)))
    assert "„x“" in text


def test_separation_text_by_estimator():
    sep = Separation(True, ("sector_focus",), cells=((1, 1, 5),))
    firth = modell.separation_text(sep, "firth", LABELS)
    assert firth.startswith("Die Daten sind getrennt:") and "Firths Schätzung bleibt trotzdem endlich" in firth
    two = modell.separation_text(Separation(True, ("sector_focus", "decentral"), complete=True), "firth", LABELS)
    assert "die Effekte dieser Merkmale sind nur grob bestimmt: Ihre Intervalle" in two
    for ml in ("logit", "probit"):
        assert modell.separation_text(sep, ml, LABELS).endswith("gibt es dann kein endliches Ergebnis.")
    assert modell.separation_text(Separation(False), "firth") == ""


@pytest.mark.parametrize("name", ["Logit", "Probit"])
def test_fallback_text(name):
    separated = modell.fallback_text(name, "", True)
    assert separated.startswith(f"Das gewählte {name}-Modell lässt sich mit diesen Daten nicht schätzen, weil")
    assert separated.endswith("Dieses Kapitel berichtet deshalb das Firth-Logit-Modell.")
    other = modell.fallback_text(name, "Die Schätzung ist nicht konvergiert. ", False)
    assert "nicht sinnvoll schätzen. Die Schätzung ist nicht konvergiert. Dieses Kapitel" in other
    assert "  " not in modell.fallback_text(name, "", False)


def test_fallback_sentence_is_plain_and_empty_without_fallback():
    text = modell.fallback_sentence(True)
    assert "Modell" not in text and "Firth" not in text and "Für Methodiker" in text
    assert modell.fallback_sentence(False) == ""


def test_models_wrappers_delegate():
    fit = SimpleNamespace(estimator="probit", separation=Separation(True, ("sector_focus",), cells=((1, 1, 5),)),
                          problem=lambda labels: "unused")
    assert models.fallback_text(fit) == modell.fallback_text("Probit", "", True)
    assert models.separation_text(fit) == modell.separation_text(fit.separation, "probit", models.FEATURE_LABELS)
    assert models.lr_test_name(fit) == modell.lr_test_name("probit") == "Likelihood-Quotienten-Test"
    wald = pd.DataFrame()
    wald.attrs["interval"] = "wald"
    assert models.interval_text(wald, fit) == modell.interval_text("wald")


def test_a_separated_edition_reads_right():
    """40 networks, seed 0: the logit fit fails on a separation, Firth's fit reports it in plain words."""
    survey = synthetic.generate_survey(0, 40)
    logit = models.fit(survey, "logit")
    assert not logit.trustworthy and logit.separation.separated
    firth = models.fit(survey, "firth")
    plain = modell.separation_sentence(firth.separation, models.FEATURE_LABELS)
    assert plain.startswith("In diesen Daten ") and plain.endswith("entsprechend breit.")
    note = models.fallback_text(logit)
    assert note.startswith("Das gewählte Logit-Modell") and note.endswith("das Firth-Logit-Modell.")


@pytest.mark.parametrize("seed, n, model", [(2017, 156, "firth"), (5, 40, "firth"), (3, 60, "logit"),
                                            (2017, 156, "probit")])
def test_sentences_of_real_fits(seed, n, model):
    """The chapter's editions: counts from the fits give sentences that start as the chapter's checks expect."""
    effects = models.marginal_effects(models.fit(synthetic.generate_survey(seed, n), model), 0.9)
    same, total = int(effects["same_sign"].sum()), len(effects)
    excl = int(((effects["lower"] > 0) | (effects["upper"] < 0)).sum())
    assert modell.direction_sentence(same, total).startswith(f"Alle {total} " if same == total else
                                                             f"{same} von {total} ")
    assert modell.zero_sentence(excl, total).startswith(
        "Bei allen" if excl == total else "Bei keinem" if excl == 0 else "Bei einem von ihnen" if excl == 1
        else f"Bei {excl} von ihnen")
    h = models.headline(effects)
    assert modell.headline_verdict(h["sector_first"], h["partners_larger"]).endswith(
        "hier zu." if h["holds"] else "hier nicht zu.")


# -- what the results mean --------------------------------------------------------------------

def test_direction_origin_sentence():
    assert modell.direction_origin_sentence(11, 11, True).endswith("ist so gebaut und kein Befund.")
    assert "dass sie übereinstimmt," in modell.direction_origin_sentence(1, 1, True)
    assert "ein Effekt trotzdem in die andere Richtung zeigt" in modell.direction_origin_sentence(10, 11, True)
    assert "3 Effekte trotzdem in die andere Richtung zeigen" in modell.direction_origin_sentence(8, 11, True)
    real = modell.direction_origin_sentence(8, 11, False)
    assert "echter Test" in real and "Übungsdaten" not in real


@pytest.mark.parametrize("sector, partners", [(True, True), (True, False), (False, True), (False, False)])
def test_headline_verdict(sector, partners):
    text = modell.headline_verdict(sector, partners)
    assert text.endswith("Die Regel trifft hier zu." if sector and partners else "Die Regel trifft hier nicht zu.")
    assert ("nicht den größten Effekt" in text or text.startswith("Weder")) != sector
    assert "am wichtigsten" not in text


def test_headline_origin_sentence():
    assumed = modell.headline_origin_sentence(True, True)
    assert assumed.startswith("Die Größen der Effekte sind in den Übungsdaten angenommen")
    unsettled = modell.headline_origin_sentence(True, False)
    assert unsettled.startswith("Der Unterschied zwischen den Gruppen ist allerdings kleiner") and assumed in unsettled
    assert modell.headline_origin_sentence(False, True) == "Mit diesen Daten ist das ein echter Test der Hervorhebung."


def test_limits_sentence():
    assert "Übungsdaten" in modell.limits_sentence(True)
    assert "Übungsdaten" not in modell.limits_sentence(False)


def test_study_direction_word():
    assert [modell.study_direction_word(d) for d in (1, -1)] == ["häufiger", "seltener"]
    with pytest.raises(ValueError):
        modell.study_direction_word(0)


# -- the methods box --------------------------------------------------------------------------

def test_p_text_and_epv():
    assert modell.p_text(0.0009) == "< 0,001" and modell.p_text(0.0009, comparison=True) == "unter 0,001"
    assert modell.p_text(0.5) == "0,500" and modell.p_text(0.05, comparison=True) == "= 0,050"
    assert modell.epv_judgement(9.99, 10) == "weniger als" and modell.epv_judgement(12, 10) == "mindestens so viele wie"


def test_lr_test_name_and_interval_text():
    assert modell.lr_test_name("firth").startswith("penalisierte")
    assert modell.lr_test_name("logit") == "Likelihood-Quotienten-Test"
    assert "Heinze und Schemper" in modell.interval_text("profile")
    assert modell.interval_text(None) == modell.interval_text("wald")


def test_pipe_table_and_methods_box():
    frame = pd.DataFrame({"Term": ["a|b", "Zeile\nzwei"], "p": ["< 0,001", f"0,5{NB}%"]})
    table = modell.pipe_table(frame)
    assert table.splitlines() == ["| Term | p |", "|---|---|", "| a\\|b | < 0,001 |", f"| Zeile zwei | 0,5{NB}% |"]
    box = modell.methods_box("Tests", ["Text.", table])
    assert box.startswith(":::{admonition} Für Methodiker: Tests\n:class: dropdown\n\nText.\n\n| Term")
    assert box.endswith(":::")
    with pytest.raises(ValueError):
        modell.methods_box("leer", [])
