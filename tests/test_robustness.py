import numpy as np

from kmunetz import models, robustness, synthetic


def test_effect_sweep_matches_single_fits():
    sweep = robustness.effect_sweep([5, 6])
    for seed in (5, 6):
        me = models.marginal_effects(models.fit(synthetic.generate_survey(seed))).set_index("feature")
        mine = sweep[sweep["seed"] == seed].set_index("feature")
        np.testing.assert_allclose(mine.loc[me.index, "ame"], me["ame"])


def test_stability_shares_by_hand():
    sweep = robustness.effect_sweep(range(10, 16))
    st = robustness.effect_stability(sweep).set_index("feature")
    f = "sector_focus"
    rows = sweep[sweep["feature"] == f]
    assert st.loc[f, "same_sign"] == np.mean(np.sign(rows["ame"]) == 1)
    assert st.loc[f, "found"] == np.mean(rows["lower"] > 0)
    assert st.loc[f, "seeds"] == 6


def test_published_numbers_hold_at_every_seed():
    table = robustness.published_sweep(range(3))
    assert table["agrees"].all()
    assert table.groupby("key")["value"].nunique().max() <= 3
