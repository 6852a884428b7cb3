import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from kmunetz import models, robustness, synthetic

CHAPTER = Path(__file__).resolve().parents[1] / "chapters" / "robustheit.md"


def test_sweep_matches_the_models_marginal_effects():
    sweep = robustness.effect_sweep([5, 6], confidence=0.9)
    for seed in (5, 6):
        me = models.marginal_effects(models.fit(synthetic.generate_survey(seed)), 0.9).set_index("feature")
        mine = sweep[sweep["seed"] == seed].set_index("feature")
        for col in ("ame", "se", "lower", "upper"):
            np.testing.assert_allclose(mine.loc[me.index, col], me[col], rtol=1e-10, atol=1e-10)
        assert (mine["study_direction"] == me["study_direction"]).all()
        assert (mine["label"] == me["label"]).all()


@pytest.mark.parametrize("model", ["logit", "probit"])
def test_lean_effects_equal_full_effects_for_maximum_likelihood(model):
    fit = models.fit(synthetic.generate_survey(11), model)
    lean, full = robustness.effects_of(fit, 0.95), models.marginal_effects(fit, 0.95)
    np.testing.assert_allclose(lean[["ame", "se", "lower", "upper"]], full[["ame", "se", "lower", "upper"]],
                               rtol=1e-10, atol=1e-10)


def test_lean_design_equals_the_models_design():
    survey = synthetic.generate_survey(4, 90)
    survey.loc[survey.index[:3], "sector_focus"] = pd.NA  # missing features drop the network, as in models.design
    survey.loc[survey.index[5], "field_digitalisierung"] = pd.NA
    y, X = models.design(survey)
    Xc = sm.add_constant(X, has_constant="add")
    y2, X2 = robustness._design(survey)
    assert list(X2.columns) == list(Xc.columns)
    np.testing.assert_array_equal(y2, y.to_numpy())
    np.testing.assert_array_equal(X2.to_numpy(), Xc.to_numpy())


def test_summary_of_a_fixed_seed_range_is_reproducible():
    truth = robustness.pseudo_true(n=3000)
    first = robustness.effect_stability(robustness.effect_sweep(range(30, 42)), truth)
    second = robustness.effect_stability(robustness.effect_sweep(range(30, 42)), robustness.pseudo_true(n=3000))
    pd.testing.assert_frame_equal(first, second)
    assert first["seeds"].eq(12).all() and len(first) == len(models.FEATURES)


def test_monte_carlo_standard_error_by_hand():
    assert robustness.mc_se(0.8, 500) == pytest.approx(math.sqrt(0.8 * 0.2 / 500))
    assert robustness.mc_se(0.025, 500) == pytest.approx(0.0069821, abs=1e-7)
    assert robustness.mc_se(1.0, 40) == 0.0 and robustness.mc_se(0.0, 40) == 0.0
    np.testing.assert_allclose(robustness.mc_se(np.array([0.5, 0.1]), np.array([100, 400])), [0.05, 0.015])
    # in the summary: each rate's standard error from its own share and number of usable seeds
    st = robustness.effect_stability(robustness.effect_sweep(range(10, 20)))
    row = st.set_index("feature").loc["sector_focus"]
    assert row["power_se"] == pytest.approx(math.sqrt(row["power"] * (1 - row["power"]) / 10))
    assert row["same_sign_se"] == pytest.approx(math.sqrt(row["same_sign"] * (1 - row["same_sign"]) / 10))
    assert robustness.rule_of_three(500) == pytest.approx(0.006)


def _tiny() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Feature a (study: +): 4 usable seeds and one broken one; feature b (study: −): 4 usable seeds."""
    rows = [
        # seed, feature, direction, ame, lower, upper, usable
        (1, "a", 1, 3.0, 1.0, 5.0, True),     # covers 2, excludes zero above: found
        (2, "a", 1, 1.0, -1.0, 3.0, True),    # covers 2, not found
        (3, "a", 1, 6.0, 4.0, 8.0, True),     # misses 2, found
        (4, "a", 1, -1.0, -3.0, 1.0, True),   # misses 2, wrong sign
        (5, "a", 1, 250.0, -900.0, 900.0, False),  # broken fit: never counted
        (1, "b", -1, -2.0, -4.0, -0.5, True),  # covers −1, found
        (2, "b", -1, -1.0, -2.0, 0.0, True),   # covers −1 (bounds included), not found (upper = 0)
        (3, "b", -1, 0.5, -0.5, 1.5, True),    # misses −1, wrong sign
        (4, "b", -1, -1.5, -3.0, -1.0, True),  # covers −1 at the upper bound, found
    ]
    e = pd.DataFrame(rows, columns=["seed", "feature", "study_direction", "ame", "lower", "upper", "usable"])
    e.insert(2, "label", e["feature"].str.upper())
    truth = pd.DataFrame({"feature": ["a", "b"], "ame": [2.0, -1.0], "se": [0.1, 0.1]})
    return e, truth


def test_coverage_on_a_constructed_example():
    e, truth = _tiny()
    cov = robustness.coverage(e, truth)
    assert cov.to_dict() == {"a": 0.5, "b": 0.75}
    assert robustness.coverage(e, truth.set_index("feature")["ame"]).to_dict() == {"a": 0.5, "b": 0.75}
    with pytest.raises(KeyError):
        robustness.coverage(e, pd.Series({"a": 2.0}))


def test_stability_rates_on_a_constructed_example():
    e, truth = _tiny()
    st = robustness.effect_stability(e, truth).set_index("feature")
    assert st.loc["a", "seeds"] == 4 and st.loc["b", "seeds"] == 4  # the broken fit is left out
    assert st.loc["a", "same_sign"] == 0.75 and st.loc["b", "same_sign"] == 0.75
    assert st.loc["a", "power"] == 0.5 and st.loc["b", "power"] == 0.5
    assert st.loc["a", "coverage"] == 0.5 and st.loc["b", "coverage"] == 0.75
    assert st.loc["a", "median"] == 2.0  # median of 3, 1, 6, −1 (not of the broken 250)
    assert st.loc["b", "coverage_se"] == pytest.approx(math.sqrt(0.75 * 0.25 / 4))
    assert st.loc["a", "truth"] == 2.0


def test_untrustworthy_fits_are_kept_counted_and_never_used():
    s = robustness.sweep(range(0, 6), n=40, model="logit", published_seeds=0)
    c = robustness.fit_counts(s.effects)
    per = s.effects.groupby("seed").first()
    assert c["untrustworthy"] > 0, "expected maximum likelihood to meet separation at n = 40"
    assert c["untrustworthy"] == c["failed_separated"] + c["failed_other"]
    assert c["usable"] == c["runs"] - c["untrustworthy"] - c["out_of_range"] == int(per["usable"].sum())
    bad = s.effects[~s.effects["trustworthy"]]
    assert bad["ame"].isna().all() and not bad["usable"].any()
    st = robustness.effect_stability(s.effects)
    assert st["seeds"].eq(c["usable"]).all()
    # Firth's logit has a finite estimate for the same separated data
    firth = robustness.fit_counts(robustness.effect_sweep(range(0, 6), n=40))
    assert firth["untrustworthy"] == 0 and firth["separated"] >= c["failed_separated"]


def test_published_numbers_hold_at_every_seed():
    table = robustness.published_sweep(range(3))
    assert table["agrees"].all()
    assert table.groupby("key")["value"].nunique().max() <= 3
    s = robustness.sweep(range(5), published_seeds=2)
    assert sorted(s.numbers["seed"].unique()) == [0, 1] and s.published_seeds == 2 and s.seconds > 0


def test_pseudo_true_values_are_fixed_and_precise():
    a, b = robustness.pseudo_true(n=3000), robustness.pseudo_true(n=3000)
    pd.testing.assert_frame_equal(a, b)
    a.loc[0, "ame"] = 99.0  # a copy: the cache is not changed
    assert robustness.pseudo_true(n=3000).loc[0, "ame"] != 99.0
    t = robustness.pseudo_true(n=3000).set_index("feature")
    directions = models.study_directions()
    assert all(np.sign(t.loc[f, "ame"]) == directions[f] for f in models.FEATURES)


def test_chapter_wording():
    text = CHAPTER.read_text(encoding="utf-8")
    assert "Münzwurf" not in text and "Trefferquote" not in text
    assert "Teststärke" in text
    assert "runs = 500" in text


@pytest.mark.slow
def test_no_effect_beyond_100_points_in_500_small_surveys():
    s = robustness.sweep(range(1, 501), n=60, published_seeds=0)
    e = s.effects
    c = robustness.fit_counts(e)
    assert c["runs"] == 500 and c["untrustworthy"] == 0, c
    trusted = e[e["trustworthy"]]
    assert np.isfinite(trusted["ame"]).all() and np.isfinite(trusted["se"]).all()
    assert trusted["ame"].abs().max() <= robustness.LIMIT
    assert e["usable"].all()
