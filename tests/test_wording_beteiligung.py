"""The sentences of the chapters on network types, the role of KMU and their approach (kmunetz.wording.beteiligung)."""

from __future__ import annotations

import pytest

from kmunetz import chapter, codebook
from kmunetz.wording import beteiligung

DIMS = ["public_goods", "exploitative", "formal", "decentral"]


@pytest.mark.parametrize("labels, shares, start", [
    (["A"], [0.51], "In diesen Daten liegt der Anteil für „A“ über der Hälfte"),
    (["A", "B"], [0.9, 0.51], "In diesen Daten liegen beide Anteile über der Hälfte"),
    (["A", "B", "C", "D"], [0.7, 0.65, 0.6, 0.58], "In diesen Daten liegen alle Anteile über der Hälfte"),
])
def test_majority_when_every_share_lies_above_half(labels, shares, start):
    real = beteiligung.majority_sentence(labels, shares, ["daten"] * len(labels))
    assert real == start + "."
    synthetic = beteiligung.majority_sentence(labels, shares, ["angenommen"] * len(labels))
    assert synthetic.startswith(start + ", so wie es die Studie sagt.")
    assert "so gebaut" in synthetic and "Übungsdaten" in synthetic


def test_majority_half_is_not_above_half():
    # "überwiegend" is more than half: exactly one half does not count
    assert beteiligung.majority_sentence(["A"], [0.5], ["daten"]) == \
        "In diesen Daten liegt der Anteil für „A“ nicht über der Hälfte."


@pytest.mark.parametrize("shares, expected", [
    ([0.7, 0.4], "In diesen Daten liegt der Anteil für „A“ über der Hälfte, der für „B“ nicht."),
    ([0.4, 0.7], "In diesen Daten liegt der Anteil für „B“ über der Hälfte, der für „A“ nicht."),
])
def test_majority_mixed_with_two(shares, expected):
    assert beteiligung.majority_sentence(["A", "B"], shares, ["daten", "daten"]) == expected


def test_majority_mixed_with_several_on_each_side():
    text = beteiligung.majority_sentence(["A", "B", "C", "D"], [0.8, 0.6, 0.5, 0.2], ["daten"] * 4)
    assert text == "In diesen Daten liegen die Anteile für „A“ und „B“ über der Hälfte, die Anteile für „C“ und „D“ nicht."
    assert "so gebaut" not in beteiligung.majority_sentence(["A", "B"], [0.8, 0.2], ["angenommen"] * 2)


def test_majority_none_above_half():
    assert beteiligung.majority_sentence(["A", "B", "C"], [0.1, 0.2, 0.0], ["daten"] * 3) == \
        "In diesen Daten liegt keiner der Anteile über der Hälfte."


@pytest.mark.parametrize("args", [([], [], []), (["A"], [0.6, 0.7], ["daten"]), (["A"], [0.6], []),
                                  (["A"], [60], ["daten"])])
def test_majority_rejects_bad_input(args):
    with pytest.raises(ValueError):
        beteiligung.majority_sentence(*args)


@pytest.mark.parametrize("seed, n", [(2017, 156), (5, 40), (11, 80)])
def test_majority_on_synthetic_editions_agrees_with_the_study(seed, n):
    ctx = chapter.setup("typen", seed=seed, n=n)
    t = ctx.shares(DIMS, sort=False)
    kinds = [p.kind for p in t["provenance"]]
    assert "daten" not in kinds
    text = beteiligung.majority_sentence(list(t["label"]), list(t["share"]), kinds)
    assert text.startswith("In diesen Daten liegen alle Anteile über der Hälfte, so wie es die Studie sagt.")


def test_joint_origin():
    assert "Befragungsdatei" in beteiligung.joint_origin_sentence("daten")
    assumed = beteiligung.joint_origin_sentence("angenommen")
    assert "unabhängig voneinander" in assumed and "Annahme" in assumed
    with pytest.raises(ValueError):
        beteiligung.joint_origin_sentence("nachgerechnet")


def test_joint_origin_of_the_synthetic_survey_is_assumed():
    ctx = chapter.setup("typen", seed=3, n=60)
    assert beteiligung.joint_origin_sentence(ctx.origin(*DIMS, stat="joint").kind).startswith("Der Text der Studie")


@pytest.mark.parametrize("order, kinds, expected", [
    (["A", "B", "C"], ["daten"] * 3,
     "In diesen Daten ist die Reihenfolge so, wie die Studie sie beschreibt: „A“ liegt vorn, „C“ hinten."),
    (["C", "B", "A"], ["daten"] * 3,
     "In diesen Daten weicht die Reihenfolge von der Einschätzung der Studie ab: Vorn liegt „C“, hinten „A“."),
    (["A", "C", "B"], ["daten"] * 3,
     "In diesen Daten weicht die Reihenfolge von der Einschätzung der Studie ab: Vorn liegt „A“, hinten „B“."),
    (["A", "B", "C"], ["angenommen"] * 3,
     "Dass „A“ vorn und „C“ hinten liegt, ist in den Übungsdaten so gebaut: Ihre angenommenen Werte folgen der "
     "Einschätzung der Studie."),
    (["B", "A", "C"], ["angenommen"] * 3,
     "Die angenommenen Werte der Übungsdaten folgen der Einschätzung der Studie; in dieser Stichprobe liegt aber "
     "„B“ vorn und „C“ hinten."),
])
def test_ranking(order, kinds, expected):
    assert beteiligung.ranking_sentence(order, first="A", last="C", kinds=kinds) == expected


def test_ranking_with_two_categories():
    assert beteiligung.ranking_sentence(["A", "B"], "A", "B", ["daten"] * 2).endswith("„A“ liegt vorn, „B“ hinten.")


@pytest.mark.parametrize("labels, first, last, kinds", [
    (["A"], "A", "A", ["daten"]), (["A", "B"], "A", "X", ["daten"] * 2), (["A", "B"], "A", "A", ["daten"] * 2),
    (["A", "B"], "A", "B", ["daten"]),
])
def test_ranking_rejects_bad_input(labels, first, last, kinds):
    with pytest.raises(ValueError):
        beteiligung.ranking_sentence(labels, first, last, kinds)


@pytest.mark.parametrize("seed, n", [(2017, 156), (5, 40), (9, 300)])
def test_ranking_on_synthetic_editions(seed, n):
    ctx = chapter.setup("ansprache", seed=seed, n=n)
    items = [c for c in codebook.names(prefix="approach_") if c not in set(codebook.added_by_book())]
    ratings = ctx.survey[items]
    ways = ctx.shares(items, data=(ratings >= 3).astype("Int64").where(ratings.notna()))
    labels = codebook.labels()
    text = beteiligung.ranking_sentence(list(ways["label"]), labels["approach_personal"],
                                        labels["approach_general_info"], [p.kind for p in ways["provenance"]])
    assert "Übungsdaten" in text and "Einschätzung der Studie" in text


def test_added_origin():
    assert beteiligung.added_origin_sentence(["angenommen"] * 5) == \
        "Die Kategorien hat das Buch gewählt, ihre Werte sind angenommen."
    assert beteiligung.added_origin_sentence(["daten", "daten"]).endswith("aus der Befragungsdatei berechnet.")
    # a mix (survey file and synthetic parts) is not all from the file
    assert beteiligung.added_origin_sentence(["daten", "angenommen"]).endswith("angenommen.")
    with pytest.raises(ValueError):
        beteiligung.added_origin_sentence([])
