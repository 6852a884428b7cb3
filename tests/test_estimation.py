"""Firth's logit, its profile intervals and tests, separation and hard data, against outside references."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import optimize

from kmunetz import estimation, models, synthetic

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def endometrial():
    d = pd.read_csv(FIXTURES / "endometrial.csv")
    X = pd.DataFrame({"const": 1.0, "NV": d["NV"], "PI": d["PI"], "EH": d["EH"]})
    return d["HG"].to_numpy(), X, estimation.firth_logit(d["HG"].to_numpy(), X)


def test_firth_on_the_endometrial_data_equals_firthlogist(endometrial):
    """Estimates, standard errors and profile penalised-likelihood intervals of logistf's standard example."""
    ref = json.loads((FIXTURES / "endometrial_firth.json").read_text())["terms"]
    _, _, fit = endometrial
    ci = estimation.profile_intervals(fit)
    se = np.sqrt(np.diag(fit.cov.to_numpy()))
    assert fit.converged and fit.separation.separated and fit.separation.features == ("NV",)
    for j, term in enumerate(fit.X.columns):
        assert fit.params[term] == pytest.approx(ref[term]["coef"], abs=1e-6), term
        assert se[j] == pytest.approx(ref[term]["se"], abs=1e-6), term
        assert ci.loc[term, "lower"] == pytest.approx(ref[term]["lower"], abs=1e-5), term
        assert ci.loc[term, "upper"] == pytest.approx(ref[term]["upper"], abs=1e-5), term


def _penalised_max(y, A, fixed, start=None):
    """The restricted maximum of Firth's penalised log-likelihood by a general optimiser (BFGS)."""
    free = [j for j in range(A.shape[1]) if j not in fixed]
    start = np.zeros(A.shape[1]) if start is None else np.asarray(start, dtype=float)

    def negative(b_free):
        b = np.zeros(A.shape[1])
        b[free] = b_free
        for j, v in fixed.items():
            b[j] = v
        p = np.clip(1 / (1 + np.exp(-(A @ b))), 1e-300, 1 - 1e-16)
        w = p * (1 - p)
        return -(np.sum(y * np.log(p) + (1 - y) * np.log1p(-p)) + 0.5 * np.linalg.slogdet(A.T @ (A * w[:, None]))[1])

    with np.errstate(divide="ignore", invalid="ignore"):
        res = optimize.minimize(negative, start[free], method="BFGS", options={"gtol": 1e-9})
    return -res.fun


def test_penalised_lr_tests_are_twice_the_drop_of_the_penalised_likelihood(endometrial):
    """Recomputed with an independent optimiser: the test of one coefficient and logistf's overall test."""
    y, X, fit = endometrial
    A = X.to_numpy(dtype=float)
    full = _penalised_max(y, A, {})
    assert fit.pll == pytest.approx(full, abs=1e-6)
    for j, term in enumerate(X.columns):
        chi2, p = estimation.penalised_lr_test(fit, [term])
        assert chi2 == pytest.approx(2 * (full - _penalised_max(y, A, {j: 0.0})), abs=1e-5), term
    overall = 2 * (full - _penalised_max(y, A, {1: 0.0, 2: 0.0, 3: 0.0}))
    assert estimation.penalised_lr_test(fit)[0] == pytest.approx(overall, abs=1e-5)
    assert fit.llr == pytest.approx(overall, abs=1e-5)


def test_profile_interval_ends_drop_the_penalised_likelihood_by_the_critical_value(endometrial):
    y, X, fit = endometrial
    A = X.to_numpy(dtype=float)
    ci = estimation.profile_intervals(fit, 0.9, ["EH"])
    crit = 2.705543454095404  # chi-square quantile 0.9 with 1 df
    for end in ("lower", "upper"):
        drop = 2 * (fit.pll - _penalised_max(y, A, {3: float(ci.loc["EH", end])}, fit.params))
        assert drop == pytest.approx(crit, abs=1e-5)


@pytest.mark.parametrize("link", ["logit", "probit"])
def test_average_marginal_effects_equal_the_marginaleffects_package(link):
    """Discrete change for a 0/1 column, average derivative otherwise, with delta-method SEs."""
    ref = json.loads((FIXTURES / "spector_marginaleffects.json").read_text())["models"][link]
    d = sm.datasets.spector.load_pandas().data
    X = sm.add_constant(d[["GPA", "TUCE", "PSI"]])
    fit = estimation.ml_fit(d["GRADE"].to_numpy(), X, link)
    ame, se = models.ames(fit.params.to_numpy(), X.to_numpy(dtype=float), link, [1, 2, 3], fit.cov.to_numpy())
    for i, term in enumerate(["GPA", "TUCE", "PSI"]):
        assert ame[i] == pytest.approx(ref[term]["estimate"], rel=1e-5, abs=1e-7), term
    # the contrast's standard error; for the slopes marginaleffects nests two finite differences, so their
    # standard errors are checked against statsmodels' analytic margins instead
    assert se[2] == pytest.approx(ref["PSI"]["std_error"], rel=1e-4)
    margins = (sm.Logit if link == "logit" else sm.Probit)(d["GRADE"], X).fit(disp=0).get_margeff(dummy=True)
    np.testing.assert_allclose(se, margins.summary_frame()["Std. Err."].to_numpy(), rtol=1e-5)


def test_firth_converges_under_complete_separation():
    """A feature that separates the outcome completely: the penalised maximum exists and is found."""
    s = synthetic.generate_survey(seed=3)
    y, X = models.design(s)
    X = X.assign(sector_focus=y.to_numpy())  # the feature is the outcome
    fit = estimation.firth_logit(y.to_numpy(), sm.add_constant(X))
    assert fit.converged and fit.trustworthy and np.isfinite(fit.params).all()
    assert fit.separation.separated and fit.separation.complete
    assert fit.separation.features == ("sector_focus",)
    score = estimation.penalised_lr_test(fit, ["sector_focus"])[0]
    assert score > 10
    me = models.marginal_effects(fit)
    assert me["ame"].abs().le(100).all()


def test_quasi_separation_is_named_and_said():
    s = synthetic.generate_survey(seed=4)
    s.loc[(s["sector_focus"] == 1) & s["kmu_participation"].notna(), "kmu_participation"] = "aktiv"
    fit = models.fit(s)
    assert fit.separation.separated and not fit.separation.complete
    assert fit.separation.features == ("sector_focus",)
    n_sector = int(((s["sector_focus"] == 1) & s["kmu_participation"].notna()).sum())
    text = models.separation_text(fit)
    assert text.startswith(f"Die Daten sind getrennt: Alle {n_sector} Netzwerke mit dem Merkmal „Branchenfokus“ "
                           "haben aktive KMU.")


def test_a_feature_without_variation_is_reported_not_raised():
    s = synthetic.generate_survey(seed=1)
    s["regular_fees"] = 1
    fit = models.fit(s)
    assert not fit.trustworthy and fit.unestimable == ("regular_fees",)
    assert "„Regelmäßige Beiträge/Gebühren“ hat in diesen Daten keine Variation" in fit.problem(models.FEATURE_LABELS)
    with pytest.raises(models.EstimationError, match="keine Variation"):
        models.marginal_effects(fit)


@pytest.mark.parametrize("n", [30, 50])
def test_every_seed_at_small_n_gives_a_finite_firth_fit_with_effects_in_range(n):
    """The model chapter's fit at small n, seed after seed: converged, effects within ±100 points."""
    for seed in range(20):
        fit = models.fit(synthetic.generate_survey(seed, n))
        assert fit.converged, (seed, fit.iterations)
        me = models.marginal_effects(fit)
        assert me[["ame", "lower", "upper"]].abs().le(100).all().all(), seed
        excludes = (me["lower"] > 0) | (me["upper"] < 0)
        assert (excludes == (me["p_value"] < 0.05)).all(), seed


def test_profile_intervals_and_penalised_tests_agree():
    """An effect's interval excludes zero exactly when its penalised likelihood-ratio test rejects."""
    fit = models.fit(synthetic.generate_survey(2017))
    for confidence in (0.9, 0.95):
        me = models.marginal_effects(fit, confidence)
        excludes = (me["lower"] > 0) | (me["upper"] < 0)
        assert (excludes == (me["p_value"] < 1 - confidence)).all()
        assert (me["lower"] <= me["ame"]).all() and (me["ame"] <= me["upper"]).all()


def test_bootstrap_needs_enough_resamples_and_counts_the_skipped():
    with pytest.raises(ValueError, match="at least 999"):
        models.marginal_effects(models.fit(synthetic.generate_survey(1)), bootstrap=200)
    rng = np.random.default_rng(0)
    x = np.r_[np.ones(3), np.zeros(37)]  # a rare feature: many resamples lack it entirely
    z = rng.normal(size=40)
    y = (rng.random(40) < 1 / (1 + np.exp(-(0.3 + z)))).astype(float)
    fit = estimation.firth_logit(y, pd.DataFrame({"const": 1.0, "x": x, "z": z}))
    me = models.marginal_effects(fit, bootstrap=999, seed=5)
    skipped = me.attrs["bootstrap_skipped"]
    assert skipped > 0 and me.attrs["bootstrap_used"] + skipped == 999
    expected_skips = 999 * (37 / 40) ** 40  # chance that a resample has no x = 1
    assert abs(skipped - expected_skips) < 4 * np.sqrt(expected_skips)
    assert (me["boot_lower_mc_se"] > 0).all() and (me["boot_upper_mc_se"] > 0).all()
