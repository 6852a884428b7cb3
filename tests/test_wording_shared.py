"""The sentences several chapters share (kmunetz.wording): one wording for the same situation everywhere."""

import pytest

from kmunetz import wording


def test_chart_values_sentence_without_typed_values_says_once_that_they_are_missing():
    text = wording.chart_values_sentence(0, 3)
    assert text == ("Die genauen Werte zeigt die Studie in einer Abbildung ihres PDF; in der Textfassung, auf der "
                    "dieses Buch beruht, fehlen sie.")
    assert wording.chart_values_sentence(0, 1) == text == wording.chart_values_sentence(0, 11, shown="x")


def test_chart_values_sentence_with_typed_values_says_where_they_are():
    full = wording.chart_values_sentence(3, 3)
    part = wording.chart_values_sentence(2, 3, shown="in der Tabelle unter dieser Zeile")
    assert full.endswith("stehen in der Abbildung weiter unten.") and "fehlen" not in full
    assert "einige in der Tabelle unter dieser Zeile;" in part and "die übrigen fehlen" in part
    assert wording.chart_values_sentence(1, 1) == full
    assert not any(ch.isdigit() for ch in full + part)


@pytest.mark.parametrize("typed, total", [(-1, 3), (4, 3), (0, 0)])
def test_chart_values_sentence_rejects_impossible_counts(typed, total):
    with pytest.raises(ValueError, match=f"typed={typed}, total={total}"):
        wording.chart_values_sentence(typed, total)
