import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from kmunetz import models
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
def test_fit_matches_statsmodels_directly(survey, kind):
    res = models.fit(survey, kind)
    y, X = models.design(survey)
    cls = sm.Logit if kind == "logit" else sm.Probit
    ref = cls(y, sm.add_constant(X)).fit(disp=0)
    np.testing.assert_allclose(res.params.to_numpy(), ref.params.to_numpy(), rtol=1e-8)


def test_average_marginal_effects_by_hand(survey):
    res = models.fit(survey, "logit")
    me = models.marginal_effects(res).set_index("feature")
    # AME of a logit: mean over observations of p(1-p) * beta
    y, X = models.design(survey)
    p = res.predict(sm.add_constant(X))
    for f in ["sector_focus", "years_since_founding"]:
        assert me.loc[f, "ame"] == pytest.approx(100 * float(np.mean(p * (1 - p))) * res.params[f], rel=1e-8)
    assert (me["lower"] < me["ame"]).all() and (me["ame"] < me["upper"]).all()


def test_wider_interval_at_higher_confidence(survey):
    res = models.fit(survey)
    a, b = models.marginal_effects(res, 0.9), models.marginal_effects(res, 0.99)
    assert ((b["upper"] - b["lower"]) > (a["upper"] - a["lower"])).all()


def test_bad_arguments(survey):
    with pytest.raises(ValueError, match="'logit' or 'probit'"):
        models.fit(survey, "tobit")
    with pytest.raises(KeyError, match="nonsense"):
        models.design(survey, ["nonsense"])
    with pytest.raises(ValueError, match="confidence"):
        models.marginal_effects(models.fit(survey), 1.2)
