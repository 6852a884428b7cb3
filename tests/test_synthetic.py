import hashlib

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kmunetz import codebook, models, published, reproduce, synthetic
from kmunetz.survey import load_experts, load_survey


def digest(df: pd.DataFrame) -> str:
    return hashlib.sha256(df.to_csv(index=False).encode()).hexdigest()


def test_same_seed_and_n_give_identical_data():
    assert digest(synthetic.generate_survey(7, 156)) == digest(synthetic.generate_survey(7, 156))
    assert digest(synthetic.generate_experts(7)) == digest(synthetic.generate_experts(7))


def test_other_seed_gives_other_data():
    assert digest(synthetic.generate_survey(7)) != digest(synthetic.generate_survey(8))


def test_default_seed_reproduces_every_published_number():
    table = reproduce.compare(load_survey(), load_experts())
    bad = table.loc[~table["agrees"], ["key", "value", "n", "base_n"]]
    assert bad.empty, bad.to_string()
    # and the study's item bases, exactly
    bases = table.dropna(subset=["base_n"]).set_index("key")
    assert (bases["n"] == bases["base_n"]).all()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_any_seed_reproduces_every_published_number(seed):
    table = reproduce.compare(synthetic.generate_survey(seed), synthetic.generate_experts(seed))
    assert table["agrees"].all(), table.loc[~table["agrees"], ["key", "value"]].to_string()


@pytest.mark.parametrize("n", [300, 1000])
def test_other_sizes_scale_the_targets(n):
    s = synthetic.generate_survey(11, n)
    assert len(s) == n
    assert s["kmu_participation"].notna().sum() == synthetic.counts(154 / 156, n)
    table = reproduce.compare(s, synthetic.generate_experts(11), scaled=True)
    assert table["agrees"].all(), table.loc[~table["agrees"], ["key", "value"]].to_string()


def test_answers_are_consistent():
    s = synthetic.generate_survey(5)
    involved = s["kmu_participation"].isin(["nur_passiv", "aktiv"])
    cond = ["cond_none", "cond_meetings_input", "cond_meetings_no_input"]
    assert s.loc[~involved, cond].isna().all().all()
    # "no conditions" excludes every condition, fees included; every other network has one
    with_kmu = s[involved]
    any_cond = (with_kmu[["regular_fees", "cond_meetings_input", "cond_meetings_no_input"]] == 1).any(axis=1)
    assert ((with_kmu["cond_none"] == 1) == ~any_cond).all()
    # ways of active involvement only where KMU are active, and every active network has one
    active = s["kmu_participation"] == "aktiv"
    ways = ["way_projects", "way_own_offers", "way_steering"]
    assert (s.loc[s["kmu_participation"].isin(["keine", "nur_passiv"]), ways] == 0).all().all()
    assert (s.loc[active, ways] == 1).any(axis=1).all()
    # benefits and hurdles asked only where KMU take part
    assert s.loc[~involved, ["benefit_contacts", "hurdle_resources"]].isna().all().all()


def test_ranked_fields_and_approaches_follow_the_study():
    s = synthetic.generate_survey(9)
    fields = s[codebook.names(prefix="field_")].mean().sort_values(ascending=False)
    assert set(fields.index[:3]) == {"field_bildung", "field_zuwanderung", "field_berufsorientierung"}
    targets = s[codebook.names(prefix="target_")].mean().sort_values(ascending=False)
    assert list(targets.index[:2]) == ["target_schueler", "target_zuwanderer"]
    ratings = s[codebook.names(prefix="approach_")].mean()
    assert ratings.idxmax() == "approach_personal" and ratings.idxmin() == "approach_general_info"


def test_every_assumption_has_status_and_reason_and_published_rows_point_to_the_catalogue():
    a = synthetic.assumptions()
    assert set(a["status"]) == {"published", "assumed"}
    assert (a["reason"].str.len() > 0).all()
    cat = published.load()
    for key in a.loc[a["status"] == "published", "catalogue_key"]:
        assert key in cat.index, key
    # an assumed row points to the catalogue only where the study states the direction it must keep
    linked = a.loc[(a["status"] == "assumed") & (a["catalogue_key"] != "")]
    assert linked.index.str.startswith("effect.").all()
    for name, key in linked["catalogue_key"].items():
        assert cat.loc[key, "wording_class"] == "richtung", name


def test_every_model_feature_has_an_assumed_effect():
    for f in synthetic.MODEL_FEATURES:
        assert synthetic.assumptions().loc[f"effect.{f}", "status"] == "assumed"


def test_logit_on_a_large_draw_recovers_every_assumed_sign():
    s = synthetic.generate_survey(seed=123, n=20_000)
    res = models.fit(s, "logit")
    z = res.params / np.sqrt(np.diag(res.cov))
    for f in synthetic.MODEL_FEATURES:
        assumed = synthetic.assumption(f"effect.{f}")
        assert np.sign(res.params[f]) == np.sign(assumed), f
        assert abs(z[f]) > 3.3, f  # p < 0.001


@pytest.mark.parametrize("kwargs, msg", [(dict(n=10), "at least 30"), (dict(seed=-1), "non-negative"),
                                         (dict(n=156.0), "whole number")])
def test_bad_arguments(kwargs, msg):
    with pytest.raises(ValueError, match=msg):
        synthetic.generate_survey(**kwargs)
