import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from kmunetz import models, robustness, synthetic

CHAPTER = Path(__file__).resolve().parents[1] / "chapters" / "robustheit.md"


def _wald(me: pd.DataFrame) -> pd.DataFrame:
    """The delta-method (Wald) interval of models.marginal_effects as lower/upper (the sweeps use it)."""
    if "wald_lower" in me:
        return me.assign(lower=me["wald_lower"], upper=me["wald_upper"])
    return me


def test_sweep_matches_the_models_marginal_effects():
    sweep = robustness.effect_sweep([5, 6], confidence=0.9)
    for seed in (5, 6):
        me = _wald(models.marginal_effects(models.fit(synthetic.generate_survey(seed)), 0.9)).set_index("feature")
        mine = sweep[sweep["seed"] == seed].set_index("feature")
        for col in ("ame", "se", "lower", "upper"):
            np.testing.assert_allclose(mine.loc[me.index, col], me[col], rtol=1e-10, atol=1e-10)
        assert (mine["study_direction"] == me["study_direction"]).all()
        assert (mine["label"] == me["label"]).all()


@pytest.mark.parametrize("model", ["logit", "probit"])
def test_lean_effects_equal_full_effects_for_maximum_likelihood(model):
    fit = models.fit(synthetic.generate_survey(11), model)
    lean, full = robustness.effects_of(fit, 0.95), _wald(models.marginal_effects(fit, 0.95))
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
    assert c["untrustworthy"] == c["failed_separated"] + c["failed_singular"] + c["failed_other"]
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
    # coverage and power come from random samples of a population; no deviation is explained away in the text
    assert "robustness.population_sweep(" in text
    assert "breiter als nötig" not in text and "zufällig einmal vorkommen" not in text


def test_chapter_hidden_cells_are_short():
    cells = re.findall(r"```\{code-cell\} ipython3\n(.*?)```", CHAPTER.read_text(encoding="utf-8"), re.S)
    hidden = [c for c in cells if "remove-cell" in c.split("\n", 1)[0]]
    assert hidden and max(len(c.splitlines()) for c in hidden) <= 40


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


# --- the random-sample design ------------------------------------------------------------------------------------

def test_population_sweep_is_deterministic_per_seed_and_nested():
    a = robustness.population_sweep(4, n=120, seed=30)
    pd.testing.assert_frame_equal(a, robustness.population_sweep(4, n=120, seed=30))
    # the first runs of a longer sweep are the runs of a shorter one; another seed gives other samples
    pd.testing.assert_frame_equal(a[a["seed"] < 32].reset_index(drop=True), robustness.population_sweep(2, n=120, seed=30))
    # a sweep split into chunks of seeds and joined is the same sweep
    joined = pd.concat([robustness.population_sweep(1, n=120, seed=30), robustness.population_sweep(3, n=120, seed=31)],
                       ignore_index=True)
    pd.testing.assert_frame_equal(joined, a)
    b = robustness.population_sweep(4, n=120, seed=31)
    assert not np.allclose(a.loc[a["seed"] == 31, "ame"], a.loc[a["seed"] == 30, "ame"])
    pd.testing.assert_frame_equal(a[a["seed"] == 31].reset_index(drop=True), b[b["seed"] == 31].reset_index(drop=True))
    # the same frame as the fixed-margin sweep, so that the summaries work on it unchanged
    assert list(a.columns) == list(robustness.effect_sweep([1]).columns)
    assert robustness.fit_counts(a)["runs"] == 4 and robustness.effect_stability(a)["seeds"].eq(4).all()


def test_random_samples_vary_in_their_margins_unlike_the_generator():
    def margins(frame):
        y, X = models.design(frame)
        return (len(y), int(y.sum()), int(frame["sector_focus"].sum()), int(frame["regular_fees"].sum()))

    samples = {margins(robustness.population_sample(s, 156)) for s in range(12)}
    fixed = {margins(synthetic.generate_survey(s, 156)) for s in range(12)}
    assert len(fixed) == 1, "the generator fixes every margin"
    # valid answers, active networks, sector focus and fees: each varies between random samples
    assert all(len({m[i] for m in samples}) > 1 for i in range(4)), samples


def test_population_sample_is_drawn_from_the_population():
    pop = synthetic.generate_survey(robustness.PSEUDO_TRUE_SEED, robustness.PSEUDO_TRUE_N)
    cols = [c for c in pop.columns if c != "network_id"]
    sample = robustness.population_sample(3, 500)
    assert sample["network_id"].is_unique and sample["network_id"].iloc[0] == "N0001"
    rng = np.random.default_rng([3, robustness._SAMPLE_STREAM])  # the documented draw: with replacement
    expected = pop.iloc[rng.integers(0, len(pop), 500)].reset_index(drop=True)
    pd.testing.assert_frame_equal(sample[cols], expected[cols])
    without = robustness.population_sample(3, 500, replace=False, population_n=600, population_seed=1)
    rows = synthetic.generate_survey(1, 600)[cols]
    assert len(without.merge(rows.reset_index(), on=cols)["index"].unique()) == 500  # 500 distinct networks
    with pytest.raises(ValueError):
        robustness.population_sample(3, 601, replace=False, population_n=600, population_seed=1)
    with pytest.raises(ValueError):
        robustness.population_sweep(0)


def _statsmodels_effects(survey: pd.DataFrame, confidence: float) -> pd.DataFrame:
    """AMEs with delta-method intervals from statsmodels' own marginal effects (discrete change for 0/1 features)."""
    y, X = models.design(survey)
    res = sm.Logit(y.to_numpy(), sm.add_constant(X, has_constant="add")).fit(disp=0)
    m = res.get_margeff(at="overall", dummy=True)
    ci = 100 * m.conf_int(alpha=1 - confidence)
    return pd.DataFrame({"ame": 100 * m.margeff, "lower": ci[:, 0], "upper": ci[:, 1]}, index=X.columns)


def test_coverage_of_the_random_samples_recomputed_by_a_plain_loop():
    """The chapter's coverage claim, recomputed independently for a few runs: statsmodels on the documented samples."""
    runs, n, first, conf = 8, 156, 2017, 0.9
    pop = synthetic.generate_survey(robustness.PSEUDO_TRUE_SEED, robustness.PSEUDO_TRUE_N)
    truth = _statsmodels_effects(pop, conf)["ame"]
    hits = []
    for s in range(first, first + runs):
        rng = np.random.default_rng([s, robustness._SAMPLE_STREAM])
        est = _statsmodels_effects(pop.iloc[rng.integers(0, len(pop), n)], conf)
        hits.append((est["lower"] <= truth) & (truth <= est["upper"]))
    by_hand = pd.concat(hits, axis=1).mean(axis=1)
    e = robustness.population_sweep(runs, n=n, model="logit", confidence=conf, seed=first)
    assert e["usable"].all()
    ours = robustness.coverage(e, robustness.pseudo_true("logit"))
    pd.testing.assert_series_equal(ours.loc[by_hand.index], by_hand, check_names=False)
    assert by_hand.nunique() > 1  # a real check: not every interval covers


def test_firth_random_samples_match_the_models_marginal_effects():
    e = robustness.population_sweep(3, n=140, seed=8)
    for s in (8, 9, 10):
        me = _wald(models.marginal_effects(models.fit(robustness.population_sample(s, 140)))).set_index("feature")
        mine = e[e["seed"] == s].set_index("feature")
        for col in ("ame", "se", "lower", "upper"):
            np.testing.assert_allclose(mine.loc[me.index, col], me[col], rtol=1e-9, atol=1e-9)


def test_failed_fits_in_small_random_samples_are_counted_and_skipped():
    ml = robustness.population_sweep(12, n=30, model="logit", seed=1)  # maximum likelihood meets separation
    c = robustness.fit_counts(ml)
    assert c["failed_separated"] > 0 and c["untrustworthy"] == c["failed_separated"] + c["failed_singular"] + \
        c["failed_other"]
    assert ml.loc[~ml["trustworthy"], "ame"].isna().all() and not ml.loc[~ml["trustworthy"], "usable"].any()
    tiny = robustness.fit_counts(robustness.population_sweep(5, n=10, seed=1))  # fewer networks than parameters
    assert tiny == {**tiny, "runs": 5, "failed_singular": 5, "usable": 0}
    # a feature without variation: no estimate, never an exception (firth_logit may raise LinAlgError here)
    survey = robustness.population_sample(5, 156).assign(sector_focus=0)
    ame, se, flags = robustness._estimate(*robustness._design(survey), "firth")
    assert np.isnan(ame).all() and flags == (False, False, False, True)
    s = robustness.sweep([1], published_seeds=0)
    assert robustness.fit_counts(s.effects)["failed_singular"] == 0


# --- decisions and their German wording ---------------------------------------------------------------------------

def test_mc_compare_against_a_reference():
    band = 2 * math.sqrt(0.8 * 0.2 / 500)  # two Monte Carlo standard errors at the target: 3.58 points
    assert robustness.mc_compare(0.8, 500, 0.8) == 0  # 80.0 % at 500 runs: the target is not reached
    assert robustness.mc_compare(0.8 + band - 1e-9, 500, 0.8) == 0
    assert robustness.mc_compare(0.8 + band + 1e-9, 500, 0.8) == 1
    assert robustness.mc_compare(0.8 - band - 1e-9, 500, 0.8) == -1
    assert robustness.mc_compare(1.0, 5, 0.8) == 0  # 5 of 5 runs tell little; se(1.0) = 0 would claim it
    assert robustness.mc_compare(0.0, 500, 0.8) == -1
    assert robustness.mc_compare(0.986, 500, 0.95) == 1 and robustness.mc_compare(0.936, 500, 0.95) == 0
    # the same decision as "the reference lies outside the Wilson interval"
    for runs in (20, 100, 500):
        for k in range(runs + 1):
            lo, hi = robustness.mc_interval(k / runs, runs)
            expected = 1 if lo > 0.8 + 1e-12 else -1 if hi < 0.8 - 1e-12 else 0
            if min(abs(lo - 0.8), abs(hi - 0.8)) > 1e-9:  # away from the boundary (rounding)
                assert robustness.mc_compare(k / runs, runs, 0.8) == expected, (k, runs)
    with pytest.raises(ValueError):
        robustness.mc_compare(0.5, 0, 0.8)


def test_coverage_wording_allows_chance_only_within_two_monte_carlo_standard_errors():
    labels = ["A", "B", "C", "D"]
    within = robustness.coverage_text(labels, [0.95, 0.94, 0.96, 0.955], 500, 0.95)
    assert "Bei keinem der 4 Merkmale" in within and "Zufall" in within and "„" not in within
    one = robustness.coverage_text(labels, [0.986, 0.95, 0.951, 0.949], 500, 0.95)
    first, rest = one.split(". Bei den übrigen 3 Merkmalen")
    assert "„A“" in first and "über dem Konfidenzniveau" in first and "Zufall" not in first
    assert "Zufall" in rest and "„A“" not in rest
    low = robustness.coverage_text(labels, [0.90, 0.95, 0.95, 0.95], 500, 0.95)
    assert "„A“ liegt die Überdeckung um mehr als zwei Monte-Carlo-Standardfehler unter" in low
    everyone = robustness.coverage_text(labels, [0.99] * 4, 500, 0.95)
    assert everyone.startswith("Bei allen 4 Merkmalen liegt") and "Zufall" not in everyone
    assert robustness.coverage_text(["A"], [0.95], 500, 0.95).startswith("Die Überdeckung weicht")
    # the band is two standard errors at the nominal level: 1.95 points at 500 runs, 6.2 points at 50
    assert "„A“" not in robustness.coverage_text(labels, [0.90, 0.95, 0.95, 0.95], 50, 0.95)


def test_power_target_wording_on_edge_cases():
    labels = ["A", "B", "C"]
    text = robustness.power_target_text(labels, [0.80, 0.80, 0.80], 500)
    assert "Erreicht" not in text and "Verfehlt" not in text and text.startswith("Bei allen 3 Merkmalen")
    assert robustness.power_target_text(labels, [0.84, 0.90, 1.0], 500) == \
        "Erreicht wird die Zielgröße bei allen 3 Merkmalen."
    assert robustness.power_target_text(["A"], [1.0], 5).startswith("Bei „A“ lässt sich")
    mixed = robustness.power_target_text(["A", "B", "C", "D", "E"], [0.9, 0.81, 0.1, 0.2, 0.3], 500)
    assert mixed == ("Erreicht wird die Zielgröße bei „A“. Bei „B“ lässt sich mit diesen Durchläufen nicht sagen, "
                     "ob die Zielgröße erreicht wird. Verfehlt wird die Zielgröße bei den übrigen 3 Merkmalen.")
    assert robustness.POWER_WORDS[robustness.mc_compare(0.8, 500, robustness.POWER_TARGET)] == "offen"
    assert robustness.typical_power_text(0.8, 500).endswith("lassen die Durchläufe offen.")


def test_spread_check_against_standard_errors_and_against_another_sweep():
    rng = np.random.default_rng(0)
    e = pd.DataFrame({"feature": "a", "label": "A", "ame": rng.normal(0, 1, 400), "se": 1.0, "usable": True})
    assert robustness.spread_check(e).loc[0, "verdict"] == 0
    assert robustness.spread_check(e.assign(se=1.5)).loc[0, "verdict"] == -1
    narrow = e.assign(ame=0.8 * e["ame"])
    row = robustness.spread_check(narrow, reference=e).iloc[0]
    assert row["ratio"] == pytest.approx(0.8) and row["verdict"] == -1
    assert robustness.spread_check(e.head(1)).loc[0, "verdict"] == 0  # one run: no spread at all
    text = robustness.spread_text(["A", "B", "C", "D"], [-1, 0, 0, 0])
    assert text.startswith("Bei „A“ schwanken") and "Bei den übrigen 3 Merkmalen" in text


def test_fit_and_sign_wording_for_one_some_all_none():
    counts = {"runs": 10, "separated": 1, "untrustworthy": 1, "failed_separated": 0, "failed_singular": 1,
              "failed_other": 0, "out_of_range": 0, "usable": 9}
    text = robustness.fit_text(counts, "firth")
    assert text.startswith("In einem der 10 Durchläufe") and "Dieser Durchlauf fehlt" in text
    assert "auf 9 Durchläufen" in text and "In einem Durchlauf waren die Daten getrennt" in text
    assert "1 wegen eines in der Stichprobe konstanten Merkmals" in text
    assert robustness.sign_text(["A"], [1.0]).startswith("In jedem Durchlauf zeigt der Effekt die Richtung")
    assert robustness.sign_text(["A", "B"], [1.0, 1.0]).startswith("In jedem Durchlauf zeigen alle 2 Effekte")
    assert "bei jedem Merkmal in 90,0" in robustness.sign_text(["A", "B"], [0.9, 0.9])
    assert "Am seltensten stimmt sie bei „A“ und „B“" in robustness.sign_text(["A", "B", "C"], [0.9, 0.9, 0.95])
