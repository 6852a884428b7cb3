"""The sentences of the chapters on motives and mutual knowledge (kmunetz.wording.motive)."""

from __future__ import annotations

import math

import pytest

from kmunetz import chapter, synthetic
from kmunetz.wording import motive

GROUPS = ["oft oder sehr oft", "selten oder nie"]


# -- levels_origin_sentence ------------------------------------------------------------------------

def test_levels_from_a_file_are_a_finding():
    assert motive.levels_origin_sentence("daten") == \
        "Die Verteilung auf die einzelnen Stufen ist aus der Befragungsdatei berechnet."
    # the groupings are not named for a file: its levels are all known
    assert motive.levels_origin_sentence("daten", GROUPS) == motive.levels_origin_sentence("daten")


@pytest.mark.parametrize("kind", ["angenommen", "nachgerechnet"])
def test_levels_of_synthetic_data_are_assumed(kind):
    text = motive.levels_origin_sentence(kind, GROUPS)
    assert text == ("Die Studie nennt nur zusammengefasste Anteile („oft oder sehr oft“ und „selten oder nie“); "
                    "wie sie sich auf die einzelnen Stufen verteilen, ist in den Übungsdaten angenommen.")


def test_levels_singular_and_plural():
    one = motive.levels_origin_sentence("angenommen", ["oft oder sehr oft"])
    assert "den zusammengefassten Anteil („oft oder sehr oft“)" in one and "wie er sich" in one and "verteilt," in one
    three = motive.levels_origin_sentence("angenommen", ["a", "b", "c"])
    assert "(„a“, „b“ und „c“)" in three and "wie sie sich" in three and "verteilen," in three
    none = motive.levels_origin_sentence("angenommen")
    assert "Anteile;" in none and "(" not in none


def test_levels_reject_an_unknown_kind():
    with pytest.raises(ValueError, match="unknown provenance kind"):
        motive.levels_origin_sentence("synthetisch")


# -- overlap_sentence ------------------------------------------------------------------------------

@pytest.mark.parametrize("first, second, expected", [
    ((0.2, 0.5), (0.4, 0.7), "Die beiden Intervalle überlappen sich."),
    ((0.4, 0.7), (0.2, 0.5), "Die beiden Intervalle überlappen sich."),
    ((0.85, 0.96), (0.41, 0.59), "Die beiden Intervalle überlappen sich nicht."),
    ((0.41, 0.59), (0.85, 0.96), "Die beiden Intervalle überlappen sich nicht."),
    ((20, 40), (40, 60), "Die beiden Intervalle berühren sich an einem Ende."),
    ((40, 60), (20, 40), "Die beiden Intervalle berühren sich an einem Ende."),
    ((0.2, 0.5), (0.3, 0.4), "Die beiden Intervalle überlappen sich: Das eine liegt ganz im anderen."),
    ((0.3, 0.4), (0.2, 0.5), "Die beiden Intervalle überlappen sich: Das eine liegt ganz im anderen."),
    ((0.2, 0.5), (0.2, 0.4), "Die beiden Intervalle überlappen sich: Das eine liegt ganz im anderen."),
    ((0.2, 0.5), (0.2, 0.5), "Die beiden Intervalle sind gleich."),
    ((0.3, 0.3), (0.3, 0.3), "Die beiden Intervalle sind gleich."),
])
def test_overlap(first, second, expected):
    assert motive.overlap_sentence(first, second) == expected


@pytest.mark.parametrize("first, second", [((0.5, 0.2), (0.1, 0.3)), ((math.nan, 0.3), (0.1, 0.3)),
                                           ((0.1, 0.3), (0.2, float("nan")))])
def test_overlap_rejects_bad_intervals(first, second):
    with pytest.raises(ValueError):
        motive.overlap_sentence(first, second)


# -- panel_majority_sentence -----------------------------------------------------------------------

@pytest.mark.parametrize("share, expected", [
    (0.64, "Wie in der Studie stimmt in diesen Daten eine Mehrheit zu."),
    (1.0, "Wie in der Studie stimmt in diesen Daten eine Mehrheit zu."),
    (0.5, "In diesen Daten stimmt genau die Hälfte zu; eine Mehrheit wie in der Studie ist das nicht."),
    (0.49, "Anders als in der Studie stimmt in diesen Daten keine Mehrheit zu."),
    (0.0, "Anders als in der Studie stimmt in diesen Daten keine Mehrheit zu."),
])
def test_panel_majority(share, expected):
    assert motive.panel_majority_sentence(share) == expected


@pytest.mark.parametrize("share", [-0.1, 1.2, 64])
def test_panel_majority_rejects_shares_outside_zero_and_one(share):
    with pytest.raises(ValueError):
        motive.panel_majority_sentence(share)


# -- on the book's data ----------------------------------------------------------------------------

@pytest.mark.parametrize("seed, n", [(2017, 156), (5, 40), (11, 300)])
def test_contact_levels_of_synthetic_editions_are_assumed(seed, n):
    ctx = chapter.setup("motive", seed=seed, n=n)
    kind = ctx.origin("contact_kmu", "contact_between_kmu", stat="shape").kind
    assert kind == "angenommen"
    assert "in den Übungsdaten angenommen" in motive.levels_origin_sentence(kind, GROUPS)
    gap = ctx.comparison.set_index("key")
    a, b = gap.loc["vorzug_kontakte"], gap.loc["kontakt_kmu_oft"]
    text = motive.overlap_sentence((a["ci_lower"], a["ci_upper"]), (b["ci_lower"], b["ci_upper"]))
    assert text.startswith("Die beiden Intervalle")
    if n >= 156:  # "mehr als 90 %" and "nur die Hälfte" lie far apart once the sample is large enough
        assert text == "Die beiden Intervalle überlappen sich nicht."


@pytest.mark.parametrize("seed", [2017, 5, 11])
def test_the_synthetic_panel_finds_the_studys_majority(seed):
    ctx = chapter.setup("verstaendnis", seed=seed)
    share = ctx.agreement(["thesis_04"]).iloc[0]["share"]
    assert motive.panel_majority_sentence(share).startswith("Wie in der Studie")


def test_levels_of_a_survey_file_are_data(tmp_path):
    path = tmp_path / "befragung.csv"
    synthetic.generate_survey(seed=101).to_csv(path, index=False)
    ctx = chapter.setup("motive", survey=str(path))
    kind = ctx.origin("contact_kmu", "contact_between_kmu", stat="shape").kind
    assert kind == "daten"
    assert motive.levels_origin_sentence(kind, GROUPS).endswith("aus der Befragungsdatei berechnet.")
