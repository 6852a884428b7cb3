"""The sentences of the chapters on applicants, the challenge for KMU and the networks (kmunetz.wording.netzwerke)."""

from __future__ import annotations

import math

import pytest

from kmunetz import chapter, codebook, formatting, published
from kmunetz.wording import netzwerke

NB = "\u00a0"


# -- times_phrase ----------------------------------------------------------------------------------

@pytest.mark.parametrize("ratio, expected", [
    (32 / 10, "gut 3-mal so viele"),          # the study's applicants
    (12 / 3, "etwa 4-mal so viele"),          # the study's suitable applicants
    (2.0, "etwa 2-mal so viele"),
    (2.1, "etwa 2-mal so viele"),             # within 0,1: "etwa" (no float noise)
    (2.11, "gut 2-mal so viele"),
    (1.9, "etwa 2-mal so viele"),
    (1.85, "knapp 2-mal so viele"),
    (2.8, "knapp 3-mal so viele"),
    (3.5, "knapp 4-mal so viele"),            # half up: the nearer whole number above
    (12.0, "etwa 12-mal so viele"),
    (1250.0, "etwa 1.250-mal so viele"),      # German digit grouping
])
def test_times_phrase_names_the_nearest_whole_number(ratio, expected):
    assert netzwerke.times_phrase(ratio) == expected


@pytest.mark.parametrize("ratio, expected", [
    (1.0, "etwa gleich viele"), (1.1, "etwa gleich viele"), (0.9, "etwa gleich viele"),
    (1.3, "etwa 1,3-mal so viele"), (1.74, "etwa 1,7-mal so viele"),
    (0.5, "nur etwa 0,5-mal so viele"), (0.25, "nur etwa 0,3-mal so viele"),
])
def test_times_phrase_near_and_below_one(ratio, expected):
    assert netzwerke.times_phrase(ratio) == expected


def test_times_phrase_of_another_catalogue():
    # the chapter's test catalogue with eight applicants in small firms: 32 / 8
    assert netzwerke.times_phrase(32 / 8) == "etwa 4-mal so viele"


@pytest.mark.parametrize("bad", [0, -2, math.nan, math.inf])
def test_times_phrase_rejects_what_is_no_ratio(bad):
    with pytest.raises(ValueError, match="positive number"):
        netzwerke.times_phrase(bad)


def test_times_phrase_reads_in_the_chapter_sentence():
    v = published.applicants_per_vacancy().set_index("key")["value"]
    sentence = (f"Große Betriebe haben also {netzwerke.times_phrase(v['bewerber_gross'] / v['bewerber_klein'])} "
                f"Bewerber wie kleine und {netzwerke.times_phrase(v['geeignete_gross'] / v['geeignete_klein'])} "
                "geeignete.")
    assert sentence == "Große Betriebe haben also gut 3-mal so viele Bewerber wie kleine und etwa 4-mal so viele geeignete."


# -- majority_interval_sentence --------------------------------------------------------------------

def test_majority_interval_when_the_whole_interval_lies_above_half():
    text = netzwerke.majority_interval_sentence(0.7, 0.62, 0.77)
    assert text.startswith("Auch die untere Grenze des Intervalls liegt über der Hälfte")
    assert "hält also auch" in text


def test_majority_interval_when_the_lower_bound_reaches_half_or_below():
    below = netzwerke.majority_interval_sentence(0.577, 0.498, 0.652)
    at = netzwerke.majority_interval_sentence(0.6, 0.5, 0.7)  # exactly one half is not above it
    assert below == at
    assert below.startswith("Die untere Grenze des Intervalls liegt aber nicht über der Hälfte")


@pytest.mark.parametrize("share", [0.5, 0.3])
def test_majority_interval_when_the_share_itself_is_not_above_half(share):
    assert netzwerke.majority_interval_sentence(share, share - 0.1, share + 0.1) == \
        "Anders als in der Studie ist das in diesen Daten nicht mehr als die Hälfte."


def test_majority_interval_sentences_carry_no_numbers():
    for args in [(0.7, 0.62, 0.77), (0.55, 0.45, 0.64), (0.4, 0.3, 0.5)]:
        assert not any(ch.isdigit() for ch in netzwerke.majority_interval_sentence(*args))


@pytest.mark.parametrize("args, match", [((0.6, 0.7, 0.8), "outside its interval"), ((1.2, 0.5, 1.3), "between"),
                                         ((math.nan, 0.1, 0.2), "between")])
def test_majority_interval_rejects_inconsistent_values(args, match):
    with pytest.raises(ValueError, match=match):
        netzwerke.majority_interval_sentence(*args)


@pytest.mark.parametrize("seed, n", [(2017, 156), (5, 40), (7, 156)])
def test_majority_interval_on_editions(seed, n):
    """The sentence the chapter glues, for the default and other editions: one of the three, in German."""
    ctx = chapter.setup("netzwerke", seed=seed, n=n)
    row = ctx.comparison.set_index("key").loc["netzwerke_gewachsen"]
    text = netzwerke.majority_interval_sentence(row["value"] / 100, row["ci_lower"] / 100, row["ci_upper"] / 100)
    assert text.endswith(".") and text[0].isupper()
    if row["ci_lower"] > 50:
        assert text.startswith("Auch")
    elif row["value"] > 50:
        assert text.startswith("Die untere Grenze")


# -- unstated_origin_sentence ----------------------------------------------------------------------

def test_unstated_origin_singular_and_plural():
    assert netzwerke.unstated_origin_sentence(["A"], ["angenommen"]) == \
        "Einen Anteil nennt der Text der Studie hierzu nicht; der Wert ist angenommen."
    assert netzwerke.unstated_origin_sentence(["A", "B", "C"], ["angenommen"] * 3) == \
        "Anteile nennt der Text der Studie hierzu nicht; alle Werte sind angenommen."


def test_unstated_origin_never_claims_a_chart_of_the_study():
    for kinds in (["angenommen"], ["angenommen", "angenommen"]):
        assert "Abbildung" not in netzwerke.unstated_origin_sentence(["A"] * len(kinds), kinds)


def test_unstated_origin_with_real_or_calibrated_values_defers_to_the_shared_sentence():
    assert netzwerke.unstated_origin_sentence(["A", "B"], ["daten", "daten"]) == \
        "Alle Werte sind aus der Befragungsdatei berechnet."
    mixed = netzwerke.unstated_origin_sentence(["A", "B"], ["nachgerechnet", "angenommen"])
    assert mixed.startswith("Der Wert für „A“ trifft die Zahl der Studie") and mixed.endswith("angenommen.")


@pytest.mark.parametrize("labels, kinds", [([], []), (["A"], ["angenommen", "daten"])])
def test_unstated_origin_rejects_bad_input(labels, kinds):
    with pytest.raises(ValueError):
        netzwerke.unstated_origin_sentence(labels, kinds)


def test_unstated_origin_for_the_study_target_groups_on_synthetic_and_real_data(tmp_path):
    from kmunetz import synthetic

    columns = [c for c in codebook.names(prefix="target_") if c not in set(codebook.added_by_book())]
    ctx = chapter.setup("netzwerke")
    table = ctx.shares(columns)
    kinds = [p.kind for p in table["provenance"]]
    assert netzwerke.unstated_origin_sentence(list(table["label"]), kinds).endswith("alle Werte sind angenommen.")
    path = tmp_path / "survey.csv"
    synthetic.generate_survey(seed=3).to_csv(path, index=False)
    real = chapter.setup("netzwerke", survey=str(path))
    kinds = [p.kind for p in real.shares(columns)["provenance"]]
    assert netzwerke.unstated_origin_sentence(list(table["label"]), kinds) == \
        "Alle Werte sind aus der Befragungsdatei berechnet."


# -- spread_sentence -------------------------------------------------------------------------------

def test_spread_sentence_for_synthetic_and_real_data():
    assumed, real = netzwerke.spread_sentence("angenommen"), netzwerke.spread_sentence("daten")
    assert "Übungsdaten" in assumed and "angenommen" in assumed and "keine echten Netzwerke" in assumed
    assert "Befragungsdatei" in real and "angenommen" not in real
    assert netzwerke.spread_sentence("daten", "die Zahl der Mitglieder").startswith(
        "Die folgenden Kennzahlen beschreiben, wie sich die Zahl der Mitglieder")


def test_spread_sentence_follows_the_provenance_of_the_chapter():
    ctx = chapter.setup("netzwerke", seed=5, n=40)
    assert netzwerke.spread_sentence(ctx.origin("partners", stat="shape").kind).startswith("Wie sich")


def test_spread_sentence_rejects_other_kinds():
    with pytest.raises(ValueError, match="kind must be"):
        netzwerke.spread_sentence("nachgerechnet")


def test_middle_half_of_the_partner_counts_reads_for_equal_ends():
    # the chapter's range of the middle half: a range, or one count when both quartiles are equal
    assert formatting.count_range(12, 41.25, "Partner") == "zwischen 12 und 41 Partner"
    assert formatting.count_range(12, 12, "Partner") == "12 Partner"
    assert NB not in formatting.count_range(1, 1, "Partner")
