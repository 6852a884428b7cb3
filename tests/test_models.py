import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from kmunetz import estimation, models, synthetic
from kmunetz.survey import load_survey


@pytest.fixture(scope="module")
def survey():
    return load_survey()


def test_design_uses_valid_answers_and_derived_topic(survey):
    y, X = models.design(survey)
    assert len(y) == survey["kmu_participation"].notna().sum()
    expected = ((survey["field_digitalisierung"] == 1) | (survey["target_fuehrungskraefte"] == 1)).astype(float)
    assert (X["attractive_topics"] == expected.loc[X.index]).all()


@pytest.mark.parametrize("kind", ["logit", "probit"])
def test_maximum_likelihood_matches_statsmodels_directly(survey, kind):
    res = models.fit(survey, kind)
    y, X = models.design(survey)
    cls = sm.Logit if kind == "logit" else sm.Probit
    ref = cls(y, sm.add_constant(X)).fit(disp=0)
    np.testing.assert_allclose(res.params.to_numpy(), ref.params.to_numpy(), rtol=1e-7)
    np.testing.assert_allclose(res.cov.to_numpy(), ref.cov_params().to_numpy(), rtol=1e-5)
    assert res.trustworthy and res.estimator == kind


@pytest.mark.parametrize("kind", ["logit", "probit"])
def test_discrete_change_effects_equal_statsmodels_margins_with_dummies(survey, kind):
    """An independent implementation: statsmodels' get_margeff(dummy=True) (discrete change, delta method)."""
    res = models.fit(survey, kind)
    me = models.marginal_effects(res).set_index("feature")
    y, X = models.design(survey)
    cls = sm.Logit if kind == "logit" else sm.Probit
    ref = cls(y, sm.add_constant(X)).fit(disp=0).get_margeff(at="overall", method="dydx", dummy=True).summary_frame()
    np.testing.assert_allclose(me["ame"].to_numpy(), 100 * ref["dy/dx"].to_numpy(), rtol=1e-6)
    np.testing.assert_allclose(me["se"].to_numpy(), 100 * ref["Std. Err."].to_numpy(), rtol=1e-4)


def test_firth_effects_by_hand(survey):
    """Discrete change of a binary feature and derivative of the continuous one, computed directly."""
    res = models.fit(survey)
    me = models.marginal_effects(res).set_index("feature")
    X = res.X.to_numpy(dtype=float)
    b = res.params.to_numpy()
    cols = list(res.X.columns)
    j = cols.index("sector_focus")
    X1, X0 = X.copy(), X.copy()
    X1[:, j], X0[:, j] = 1, 0
    logistic = lambda t: 1 / (1 + np.exp(-t))  # noqa: E731
    assert me.loc["sector_focus", "ame"] == pytest.approx(100 * np.mean(logistic(X1 @ b) - logistic(X0 @ b)))
    k = cols.index("years_since_founding")
    p = logistic(X @ b)
    assert me.loc["years_since_founding", "ame"] == pytest.approx(100 * np.mean(p * (1 - p)) * b[k])
    # delta method: compare with a numerical gradient of the effect in the coefficients
    def ame(beta):
        return np.mean(logistic(X1 @ beta) - logistic(X0 @ beta))
    grad = np.array([(ame(b + h) - ame(b - h)) / 2e-6 for h in np.eye(len(b)) * 1e-6])
    se = np.sqrt(grad @ res.cov.to_numpy() @ grad)
    assert me.loc["sector_focus", "se"] == pytest.approx(100 * se, rel=1e-4)


def test_firth_matches_the_haldane_correction_of_a_two_by_two_table():
    """Published analytic result: with one binary feature, Firth's estimate adds 1/2 to every cell."""
    x = np.array([0] * 10 + [1] * 7)
    y = np.array([0, 0, 0, 0, 0, 0, 1, 1, 1, 1] + [1] * 7)  # every x = 1 has y = 1: separation
    fit = estimation.firth_logit(y, pd.DataFrame({"const": 1.0, "x": x}))
    a, b, c, d = 7, 0, 4, 6  # x=1: y=1, y=0; x=0: y=1, y=0
    expected = np.log(((a + 0.5) / (b + 0.5)) / ((c + 0.5) / (d + 0.5)))
    assert fit.converged and fit.separation.separated
    assert fit.params["x"] == pytest.approx(expected, abs=1e-8)
    assert fit.params["const"] == pytest.approx(np.log((c + 0.5) / (d + 0.5)), abs=1e-8)


def test_firth_is_close_to_maximum_likelihood_in_large_samples():
    s = synthetic.generate_survey(seed=5, n=5000)
    firth, ml = models.fit(s), models.fit(s, "logit")
    np.testing.assert_allclose(firth.params.to_numpy(), ml.params.to_numpy(), atol=0.02)
    # and it shrinks towards zero: the penalised coefficients are smaller in size on average
    assert np.mean(np.abs(firth.params[1:])) < np.mean(np.abs(ml.params[1:]))


def test_separation_gives_a_clear_message_and_a_finite_firth_fit():
    s = synthetic.generate_survey(seed=4)
    s.loc[(s["sector_focus"] == 1) & s["kmu_participation"].notna(), "kmu_participation"] = "aktiv"
    ml = models.fit(s, "logit")
    assert ml.separation.separated and "sector_focus" in ml.separation.features and not ml.trustworthy
    with pytest.raises(models.EstimationError, match="Branchenfokus|sector_focus"):
        models.marginal_effects(ml)
    assert "Branchenfokus" in ml.problem(models.FEATURE_LABELS)
    firth = models.fit(s)
    me = models.marginal_effects(firth)
    assert firth.trustworthy and np.isfinite(firth.params).all()
    assert me["ame"].between(-100, 100).all() and me["lower"].ge(-100).all() and me["upper"].le(100).all()


def test_separation_check_on_constructed_data():
    X = pd.DataFrame({"const": 1.0, "a": [0, 0, 1, 1, 0, 1], "b": [1, 0, 1, 0, 0, 1]})
    assert not estimation.check_separation([0, 1, 1, 0, 1, 0], X).separated
    # y = 1 exactly where a + b >= 2: complete separation by a combination
    sep = estimation.check_separation([0, 0, 1, 0, 0, 1], X)
    assert sep.separated and set(sep.features) <= {"a", "b"}


def test_holm_adjustment_follows_statsmodels(survey):
    from statsmodels.stats.multitest import multipletests

    me = models.marginal_effects(models.fit(survey))
    np.testing.assert_allclose(me["p_holm"], multipletests(me["p_value"], method="holm")[1])
    assert (me["p_holm"] >= me["p_value"]).all()


def test_fit_summary_statistics_by_hand(survey):
    res = models.fit(survey, "logit")
    s = models.fit_summary(res)
    p, y = res.predict(), res.y
    pos, neg = p[y == 1], p[y == 0]
    pairs = (pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean()
    assert s["auc"] == pytest.approx(pairs)
    assert s["tjur_r2"] == pytest.approx(pos.mean() - neg.mean())
    yy, X = models.design(survey)
    ref = sm.Logit(yy, sm.add_constant(X)).fit(disp=0)
    assert s["llr"] == pytest.approx(ref.llr) and s["llr_df"] == 11 and s["llr_p"] == pytest.approx(ref.llr_pvalue)
    assert s["pseudo_r2"] == pytest.approx(ref.prsquared)


def test_wider_interval_at_higher_confidence(survey):
    res = models.fit(survey)
    a, b = models.marginal_effects(res, 0.9), models.marginal_effects(res, 0.99)
    assert ((b["upper"] - b["lower"]) > (a["upper"] - a["lower"])).all()


def test_bad_arguments(survey):
    with pytest.raises(ValueError, match="'firth', 'logit', 'probit'"):
        models.fit(survey, "tobit")
    with pytest.raises(KeyError, match="nonsense"):
        models.design(survey, ["nonsense"])
    with pytest.raises(ValueError, match="confidence"):
        models.marginal_effects(models.fit(survey), 1.2)
