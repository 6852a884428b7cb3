import math

import pytest

from kmunetz import formatting as f

NB = "\u00a0"


@pytest.mark.parametrize(
    "value, decimals, expected",
    [(0.0, 1, "0,0"), (1234.567, 1, "1.234,6"), (-2.25, 2, "−2,25"), (-0.04, 1, "0,0"), (1_000_000, 0, "1.000.000"), (0.05, 1, "0,1")],
)
def test_number(value, decimals, expected):
    assert f.number(value, decimals) == expected


def test_percent_from_share_and_from_value():
    assert f.percent(0.331) == f"33,1{NB}%"
    assert f.percent(85, 0, scale=1) == f"85{NB}%"
    assert f.percent(2 / 3) == f"66,7{NB}%"


def test_integer_rounds_and_groups():
    assert f.integer(20000) == "20.000"
    assert f.integer(9.6) == "10"


def test_percent_points_sign():
    assert f.percent_points(3.14) == f"+3,1{NB}Prozentpunkte"
    assert f.percent_points(-0.04, 2) == f"−0,04{NB}Prozentpunkte"
    assert f.percent_points(0) == f"±0,0{NB}Prozentpunkte"


def test_interval_reads_as_words_and_collapses_equal_bounds():
    assert f.interval(0.571, 0.72) == f"57,1 bis 72,0{NB}%"
    assert f.interval(-1.74, 0.5, scale=1, unit="") == "−1,7 bis 0,5"
    assert f.interval(0.4712, 0.4708, 1) == f"47,1{NB}%"
    assert f.interval_notation(1.5, 2.5, unit="") == "[150,0; 250,0]"


def test_bins_and_confidence_labels():
    assert f.bin_label(85, 95) == "85 bis unter 95"
    assert f.bin_label(0.5, float("inf"), 1, unit="%") == f"ab 0,5{NB}%"
    assert f.confidence_label(0.9) == "90-%-Konfidenzintervall"
    assert f.confidence_label(0.95, short=True) == "95-%-Intervall"
    with pytest.raises(ValueError, match="confidence"):
        f.confidence_label(95)


@pytest.mark.parametrize("n, expected", [(0, "0 Netzwerke"), (1, "1 Netzwerk"), (2, "2 Netzwerke"),
                                         (1.0, "1 Netzwerk"), (1234, "1.234 Netzwerke")])
def test_count_picks_singular_or_plural(n, expected):
    assert f.count(n, "Netzwerk") == expected


def test_count_needs_a_known_plural():
    with pytest.raises(ValueError, match="plural"):
        f.count(3, "Kooperationsvereinbarung")
    assert f.count(3, "Kooperationsvereinbarung", "Kooperationsvereinbarungen") == "3 Kooperationsvereinbarungen"


def test_count_range_collapses_equal_ends():
    assert f.count_range(148, 148, "Bewertung") == "148 Bewertungen"
    assert f.count_range(1, 1, "Bewertung") == "1 Bewertung"
    assert f.count_range(1, 3, "Bewertung") == "zwischen 1 und 3 Bewertungen"
    with pytest.raises(ValueError, match="above"):
        f.count_range(5, 3, "Bewertung")


@pytest.mark.parametrize("k, n, expected", [(28, 28, "alle 28"), (27, 28, "27 von 28"), (0, 28, "keine der 28"),
                                            (1, 28, "1 von 28"), (1, 1, "die eine")])
def test_of_total(k, n, expected):
    assert f.of_total(k, n) == expected


def test_of_total_rejects_impossible_parts():
    with pytest.raises(ValueError, match="k=29"):
        f.of_total(29, 28)


def test_share_with_interval_fits_a_sentence():
    text = f.share_with_interval(0.504, 0.422, 0.585, 0.9)
    assert text == f"50,4{NB}% (90-%-Konfidenzintervall: 42,2 bis 58,5{NB}%)"
    assert "[" not in text and text.count("(") == text.count(")") == 1


def test_wording_takes_the_book_number_style():
    assert f.wording("64% der KMU") == f"64{NB}% der KMU"
    assert f.wording("rund 9 % weniger, -3") == f"rund 9{NB}% weniger, −3"
    assert f.wording("2016-2017") == "2016-2017"  # a range of years is not a negative number


def test_german_table_formats_every_cell_and_has_a_stable_id():
    import pandas as pd

    frame = pd.DataFrame({"item": ["a", "b"], "share": [0.5, 0.25], "n": [31.0, 4.0], "coef": [-1.234, float("nan")],
                          "sig": [True, False]})
    cols = {"item": "Merkmal", "share": "Anteil", "n": "Anzahl", "coef": "Koeffizient", "sig": "signifikant"}
    html = f.german_table(frame, cols, percent=["Anteil"]).to_html()
    for text in (f"50,0{NB}%", ">31<", "−1,2", ">–<", ">ja<", ">nein<", "Koeffizient"):
        assert text in html, text
    for english in ("True", "False", "nan", "31.0", "-1", "item", "coef"):
        assert english not in html.replace("kmunetz", ""), english
    assert html == f.german_table(frame, cols, percent=["Anteil"]).to_html()
    with pytest.raises(KeyError, match="'Anteil'"):
        f.german_table(frame, {"item": "Merkmal"}, percent=["Anteil"])
    with pytest.raises(KeyError, match="'missing'"):
        f.german_table(frame, {"missing": "X"})


@pytest.mark.parametrize("bad", [math.nan, "abc", None])
def test_bad_values_are_rejected(bad):
    with pytest.raises((TypeError, ValueError)):
        f.number(bad)


def test_negative_decimals_rejected():
    with pytest.raises(ValueError, match="decimals"):
        f.number(1.0, -1)
