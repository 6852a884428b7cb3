import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from kmunetz import stats


def wilson_by_hand(k, n, conf):
    """Wilson score interval from its textbook formula."""
    z = norm.ppf(1 - (1 - conf) / 2)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


@pytest.mark.parametrize("k, n, conf", [(100, 154, 0.95), (0, 30, 0.95), (103, 103, 0.9), (37, 110, 0.99)])
def test_wilson_matches_formula(k, n, conf):
    s = stats.share(k, n, conf)
    lo, hi = wilson_by_hand(k, n, conf)
    assert s.value == pytest.approx(k / n)
    assert s.lower == pytest.approx(lo, abs=1e-12)
    assert s.upper == pytest.approx(hi, abs=1e-12)


def test_normal_method_matches_wald_formula():
    s = stats.share(60, 150, 0.95, method="normal")
    se = math.sqrt(0.4 * 0.6 / 150)
    assert s.lower == pytest.approx(0.4 - norm.ppf(0.975) * se)
    assert s.upper == pytest.approx(0.4 + norm.ppf(0.975) * se)


def test_higher_confidence_gives_wider_interval():
    narrow, wide = stats.share(50, 120, 0.8), stats.share(50, 120, 0.99)
    assert wide.lower < narrow.lower < narrow.upper < wide.upper


@pytest.mark.parametrize(
    "kwargs, message",
    [(dict(k=5, n=0), "n must be"), (dict(k=11, n=10), "k must lie"), (dict(k=1, n=10, confidence=1.0), "confidence"),
     (dict(k=1, n=10, method="exact"), "method must be")],
)
def test_invalid_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        stats.share(**kwargs)


def test_share_of_leaves_missing_out_of_the_base():
    s = stats.share_of(pd.Series([1, 0, 1, np.nan, 1]))
    assert (s.k, s.n) == (3, 4)


def test_shares_table_sorted_with_labels():
    df = pd.DataFrame({"a": [1, 0, 0, 0], "b": [1, 1, 1, np.nan]})
    out = stats.shares(df, labels={"b": "Bee"})
    assert out["item"].tolist() == ["b", "a"]
    assert out.loc[0, "label"] == "Bee"
    assert out.loc[0, "n"] == 3 and out.loc[1, "n"] == 4
    assert (out["lower"] <= out["share"]).all() and (out["share"] <= out["upper"]).all()


def test_shares_unknown_column():
    with pytest.raises(KeyError, match="zz"):
        stats.shares(pd.DataFrame({"a": [1]}), ["zz"])
