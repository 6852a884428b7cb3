import math

import pytest

from kmunetz import formatting as f

NB = "\u00a0"


@pytest.mark.parametrize(
    "value, decimals, expected",
    [(0.0, 1, "0,0"), (1234.567, 1, "1.234,6"), (-2.25, 2, "-2,25"), (1_000_000, 0, "1.000.000"), (0.05, 1, "0,1")],
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


def test_interval():
    assert f.interval(0.571, 0.72) == f"[57,1; 72,0]{NB}%"
    assert f.interval(1.5, 2.5, unit="") == "[150,0; 250,0]"


@pytest.mark.parametrize("bad", [math.nan, "abc", None])
def test_bad_values_are_rejected(bad):
    with pytest.raises((TypeError, ValueError)):
        f.number(bad)


def test_negative_decimals_rejected():
    with pytest.raises(ValueError, match="decimals"):
        f.number(1.0, -1)
