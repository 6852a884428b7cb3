import dataclasses
import subprocess
import sys

import pytest
import yaml

from kmunetz import models, netcheck
from kmunetz.survey import load_survey

FAVOURABLE = dict(partner_large_firms=True, partner_schools=True, partner_local_authority=True,
                  attractive_topics=True, years_since_founding=15, fulltime_coordination=True, sector_focus=True,
                  exploitative=False, public_goods=False, decentral=False, regular_fees=True)
UNFAVOURABLE = dict(partner_large_firms=False, partner_schools=False, partner_local_authority=False,
                    attractive_topics=False, years_since_founding=1, fulltime_coordination=False, sector_focus=False,
                    exploitative=True, public_goods=True, decentral=True, regular_fees=False)


@pytest.fixture(scope="module")
def survey():
    return load_survey()


@pytest.mark.parametrize("model", ["logit", "probit"])
def test_favourable_and_unfavourable_networks_fall_on_the_right_side(survey, model):
    good = netcheck.assess(survey, FAVOURABLE, model)
    bad = netcheck.assess(survey, UNFAVOURABLE, model)
    assert good["lower"] > good["average"] > bad["upper"]
    assert good["lower"] <= good["probability"] <= good["upper"]
    # consistent with the marginal effects: every feature of the favourable network contributes >= 0
    assert (good["factors"]["contribution"] >= 0).all()
    assert (bad["factors"]["contribution"] <= 0).all()


def toc_files(root) -> set[str]:
    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                yield node["file"]
            for v in node.values():
                yield from walk(v)
        elif isinstance(node, list):
            for v in node:
                yield from walk(v)

    toc = yaml.safe_load((root / "_toc.yml").read_text())
    return set(walk(toc)) | {toc["root"]}


def test_every_chapter_named_by_a_recommendation_is_in_the_toc(root):
    files = toc_files(root)
    for feature, (_, chapter) in netcheck.STUDY_RECOMMENDATIONS.items():
        assert f"chapters/{chapter}" in files, (feature, chapter)
    for feature, (_, chapter) in netcheck.BOOK_SUGGESTIONS.items():
        assert chapter is None or f"chapters/{chapter}" in files, (feature, chapter)


def test_recommendations_are_attributed_honestly():
    # at most one study recommendation and one book suggestion per feature, only for model features
    for table in (netcheck.STUDY_RECOMMENDATIONS, netcheck.BOOK_SUGGESTIONS):
        assert set(table) <= set(models.FEATURES)
        assert all(isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], str) for v in table.values())
    # the study's recommendations are presented in the two chapters of its recommendations, nowhere else
    assert {c for _, c in netcheck.STUDY_RECOMMENDATIONS.values()} <= {"empfehlungen-netzwerke",
                                                                       "empfehlungen-politik"}
    # advice the study does not give must not be listed as the study's
    study_text = " ".join(t for t, _ in netcheck.STUDY_RECOMMENDATIONS.values()).lower()
    for phrase in ("leuchtt", "binden", "neue vorhaben", "ansprechpartner", "schulen"):
        assert phrase not in study_text, phrase


def test_missing_features_are_missing_not_brakes(survey):
    directions = models.study_directions()
    for network in (FAVOURABLE, UNFAVOURABLE, dict(FAVOURABLE, sector_focus=False, regular_fees=False)):
        factors = netcheck.assess(survey, network)["factors"]
        for row in factors.itertuples():
            assert "brems" not in row.status
            if row.feature in netcheck.CONTINUOUS:
                continue
            if not row.value:  # the network lacks the feature: it is missing (or its absence is favourable)
                assert row.status == ("fehlt" if directions[row.feature] > 0 else "nicht vorhanden (günstig)")
            else:
                assert row.status == ("vorhanden (günstig)" if directions[row.feature] > 0
                                      else "vorhanden (ungünstig)")


def test_statuses_follow_the_catalogue_not_the_estimates(survey):
    # reverse the sector focus in the data: the estimated effect turns negative, the status must not
    flipped = survey.assign(sector_focus=1 - survey["sector_focus"])
    check = netcheck.assess(flipped, FAVOURABLE)
    row = check["factors"].set_index("feature").loc["sector_focus"]
    assert row["ame"] < 0 and row["contribution"] < 0
    assert models.study_directions()["sector_focus"] == 1 and row["status"] == "vorhanden (günstig)"
    # a different catalogue direction changes the status (and nothing else)
    directions = models.study_directions() | {"sector_focus": -1, "years_since_founding": -1}
    other = netcheck.assess(survey, FAVOURABLE, directions=directions)["factors"].set_index("feature")
    same = netcheck.assess(survey, FAVOURABLE)["factors"].set_index("feature")
    assert other.loc["sector_focus", "status"] == "vorhanden (ungünstig)"
    assert other.loc["years_since_founding", "status"] == "länger als der Durchschnitt (ungünstig)"
    assert same.loc["years_since_founding", "status"] == "länger als der Durchschnitt (günstig)"
    assert (other["contribution"] == same["contribution"]).all()


def test_advice_only_for_missing_or_unfavourable_features(survey):
    factors = netcheck.assess(survey, UNFAVOURABLE)["factors"]
    todo = netcheck.advice(factors)
    assert set(todo["status"]) <= set(netcheck.NEEDS_ATTENTION)
    lowering = set(factors.loc[factors["contribution_upper"] < 0, "feature"])
    assert set(todo.loc[todo["source"] == "studie", "feature"]) == set(netcheck.STUDY_RECOMMENDATIONS) & lowering
    assert set(todo.loc[todo["source"] == "buch", "feature"]) == set(netcheck.BOOK_SUGGESTIONS) & lowering
    assert netcheck.advice(netcheck.assess(survey, FAVOURABLE)["factors"]).empty


@pytest.mark.parametrize("seed", [2017, 3, 11])
def test_advice_needs_a_contribution_distinguishable_from_zero(seed):
    """No "aim for X" from the study's direction alone: the contribution's interval must lie below zero."""
    check = netcheck.assess(load_survey(seed=seed), UNFAVOURABLE)
    factors = check["factors"].set_index("feature")
    todo = netcheck.advice(check["factors"])
    for feature in set(todo["feature"]):
        assert factors.loc[feature, "contribution_upper"] < 0, feature
    unclear = factors[~factors["distinguishable"] & factors["status"].isin(netcheck.NEEDS_ATTENTION)]
    assert not set(unclear.index) & set(todo["feature"])
    assert netcheck.undecided(check["factors"]) == list(unclear["name"])
    sentence = netcheck.undecided_sentence(unclear["name"])
    assert (sentence == "") == unclear.empty
    for name in unclear["name"]:
        assert f"„{name}“" in sentence
    if not unclear.empty:
        assert "können die Daten nicht sagen" in sentence and sentence.endswith(".")


def test_undecided_sentence_in_singular_and_plural():
    one, two, three = (netcheck.undecided_sentence(n) for n in (["A"], ["A", "B"], ["A", "B", "C"]))
    assert one.startswith("Für das Merkmal „A“ können") and "seines Beitrags" in one and "Empfehlung ab" in one
    assert two.startswith("Für die Merkmale „A“ und „B“ können") and "ihrer Beiträge" in two
    assert "„A“, „B“ und „C“" in three and "Empfehlungen ab" in three
    assert netcheck.undecided_sentence([]) == ""


def test_the_check_names_the_years_row_by_what_it_holds(survey):
    """The contribution of the years is not a per-year value: the check has its own name for that row."""
    check = netcheck.assess(survey, FAVOURABLE)
    row = check["factors"].set_index("feature").loc["years_since_founding"]
    assert "je Jahr" not in row["label"] and "je Jahr" not in row["name"]
    assert "je Jahr" not in " ".join(check["export"]["labels"])
    assert row["label"] == netcheck.NAMES["years_since_founding"] == "Dauer des Bestehens"


def test_probability_matches_statsmodels_prediction(survey):
    import numpy as np
    import statsmodels.api as sm

    res = models.fit(survey, "logit")
    x = netcheck.network_vector(FAVOURABLE)
    expected = res.predict(sm.add_constant(x.to_frame().T, has_constant="add"))
    assert netcheck.assess(survey, FAVOURABLE, "logit")["probability"] == pytest.approx(float(np.asarray(expected)[0]))


def test_incomplete_description():
    with pytest.raises(ValueError, match="lacks: regular_fees"):
        netcheck.network_vector({k: v for k, v in FAVOURABLE.items() if k != "regular_fees"})


@pytest.mark.parametrize("args, fragment", [
    (["-p", "sector_focus", "vielleicht"], "parameter 'sector_focus': cannot read 'vielleicht' as bool"),
    (["-p", "years_since_founding", "200"], "parameter 'years_since_founding': value 200 is not allowed"),
    (["-p", "partners", "12"], "unknown parameter 'partners'"),
])
def test_invalid_descriptions(tmp_path, args, fragment):
    proc = subprocess.run([sys.executable, "-m", "kmunetz", "run", "netzwerk-check", *args, "-o", str(tmp_path / "o")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2 and fragment in proc.stderr, proc.stderr
    assert not (tmp_path / "o").exists()


def test_yaml_with_a_wrong_type(tmp_path):
    f = tmp_path / "n.yaml"
    f.write_text("sector_focus: 'ja'\n")
    proc = subprocess.run([sys.executable, "-m", "kmunetz", "run", "netzwerk-check", "-f", str(f), "-o",
                           str(tmp_path / "o")], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2 and "parameter 'sector_focus': wrong type str" in proc.stderr


@pytest.mark.slow
def test_example_file_runs(tmp_path, root):
    import json

    proc = subprocess.run([sys.executable, "-m", "kmunetz", "run", "netzwerk-check", "-f",
                           str(root / "chapters" / "netzwerk-check-beispiel.yaml"), "-o", str(tmp_path)],
                          capture_output=True, text=True, timeout=300, cwd=root)
    assert proc.returncode == 0, proc.stderr
    values = json.loads((tmp_path / "netzwerk-check.values.json").read_text())
    assert values["check_urteil"] == "liegt damit über dem Durchschnitt"
    # the page lists the missing feature as missing, and says which advice is the book's own
    import nbformat

    nb = nbformat.read(tmp_path / "netzwerk-check.ipynb", as_version=4)
    shown = "\n".join(o["data"]["text/markdown"] for c in nb.cells for o in c.get("outputs", [])
                      if "text/markdown" in o.get("data", {}))
    assert "**Fehlt:** Gebietskörperschaften als Partner" in shown
    assert "Bremst" not in shown and "bremst" not in shown
    assert "keine Empfehlungen der Studie" in shown



def _random_networks(k: int, seed: int = 0):
    import numpy as np

    rng = np.random.default_rng(seed)
    for _ in range(k):
        net = {f: bool(rng.integers(0, 2)) for f in models.FEATURES}
        net["years_since_founding"] = int(rng.integers(0, 40))
        yield net


@pytest.mark.parametrize("model", ["firth", "probit"])
def test_shapley_contributions_add_up_to_the_gap_for_random_networks(survey, model):
    for net in _random_networks(8, seed=11):
        check = netcheck.assess(survey, net, model)
        total = check["factors"]["contribution"].sum()
        assert total == pytest.approx(check["gap"], abs=1e-9)
        assert check["gap"] == pytest.approx(100 * (check["probability"] - check["average"]), abs=1e-9)
        lo, hi = check["factors"]["contribution_lower"], check["factors"]["contribution_upper"]
        assert ((lo <= check["factors"]["contribution"]) & (check["factors"]["contribution"] <= hi)).all()
        expected = {"über": check["gap_lower"] > 0, "unter": check["gap_upper"] < 0}
        assert check["verdict"] == next((k for k, v in expected.items() if v), "nicht unterscheidbar")


def test_shapley_of_a_single_feature_is_its_whole_effect():
    import numpy as np

    from kmunetz.estimation import LINKS

    beta = np.array([-0.3, 1.2])
    B = np.array([[0.0], [0.0], [1.0], [0.0]])
    phi = netcheck.shapley(beta, np.array([1.0]), B, "logit")
    F = LINKS["logit"][0]
    assert phi[0] == pytest.approx(100 * (F(0.9) - F(B[:, 0] * 1.2 - 0.3).mean()))


def test_exported_model_reproduces_every_number(survey):
    import json

    for net in _random_networks(3, seed=5):
        check = netcheck.assess(survey, net)
        exported = json.loads(json.dumps(check["export"]))  # what the browser would read
        again = netcheck.assess_exported(exported, net)
        for key in ("probability", "lower", "upper", "average", "gap", "gap_lower", "gap_upper"):
            assert again[key] == pytest.approx(check[key], abs=1e-12), key
        assert list(again["contribution"]) == pytest.approx(list(check["factors"]["contribution"]), abs=1e-12)


@pytest.mark.parametrize("link", ["logit", "probit"])
def test_shapley_gradient_equals_central_differences(link):
    """The exact derivative of the contributions (used for their intervals) against central differences."""
    import numpy as np

    rng = np.random.default_rng(5)
    beta = rng.normal(0, 0.6, 6)
    B = (rng.random((40, 5)) < 0.5).astype(float)
    B[:, 2] = rng.integers(0, 30, 40)
    x = np.array([1.0, 0.0, 12.0, 1.0, 0.0])
    exact = netcheck.shapley_gradient(beta, x, B, link)
    numeric = np.empty_like(exact)
    for k in range(len(beta)):
        h = 1e-6 * max(1.0, abs(beta[k]))
        up, down = beta.copy(), beta.copy()
        up[k] += h
        down[k] -= h
        numeric[:, k] = (netcheck.shapley(up, x, B, link) - netcheck.shapley(down, x, B, link)) / (2 * h)
    assert exact.shape == (5, 6)
    assert np.allclose(exact, numeric, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("model", ["firth", "logit", "probit"])
def test_the_average_is_the_observed_share_and_the_contributions_add_up(survey, model):
    """One average in the whole book: the share of networks with active KMU among those in the model."""
    y, _ = models.design(survey)
    for net in _random_networks(4, seed=3):
        check = netcheck.assess(survey, net, model)
        assert check["average"] == pytest.approx(float(y.mean()), abs=1e-12)
        assert check["export"]["share"] == float(y.mean()) and check["export"]["n"] == len(y)
        assert check["factors"]["contribution"].sum() == pytest.approx(check["gap"], abs=1e-9)


@pytest.mark.parametrize("model", ["firth", "probit"])
def test_probability_and_gap_intervals_are_consistent(survey, model):
    """The average is a fixed number of the data: the gap's interval is the probability's, shifted by it."""
    for net in _random_networks(6, seed=8):
        check = netcheck.assess(survey, net, model)
        assert check["lower"] < check["probability"] < check["upper"]
        assert check["gap_lower"] == pytest.approx(100 * (check["lower"] - check["average"]), abs=1e-12)
        assert check["gap_upper"] == pytest.approx(100 * (check["upper"] - check["average"]), abs=1e-12)
        assert check["gap"] == pytest.approx(100 * (check["probability"] - check["average"]), abs=1e-12)
        # the interval comes from the linear predictor: asymmetric around the probability, inside (0, 1)
        assert 0 < check["lower"] and check["upper"] < 1


def test_intercept_correction_keeps_a_logit_ml_fit_as_it_is(survey):
    """For a logit fitted by maximum likelihood the intercept already matches the share, and the derived
    covariance (slopes, share and their first-order covariance) is exactly the fit's own."""
    import numpy as np

    result = models.fit(survey, "logit")
    params, cov = netcheck.intercept_correction(result)
    assert np.allclose(params.to_numpy(), result.params.to_numpy(), rtol=0, atol=1e-7)
    assert np.allclose(cov.to_numpy(), result.cov.to_numpy(), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("model", ["firth", "probit"])
def test_intercept_correction_moves_only_the_intercept(survey, model):
    import numpy as np

    from kmunetz.estimation import LINKS

    result = models.fit(survey, model)
    params, cov = netcheck.intercept_correction(result)
    assert (params.iloc[1:] == result.params.iloc[1:]).all()
    assert LINKS[result.link][0](result.X.to_numpy() @ params.to_numpy()).mean() == pytest.approx(result.y.mean(),
                                                                                                  abs=1e-14)
    assert np.allclose(cov.to_numpy()[1:, 1:], result.cov.to_numpy()[1:, 1:])  # the slopes' covariance is the fit's
    assert np.all(np.linalg.eigvalsh(cov.to_numpy()) > 0)


def test_intercept_gradient_equals_central_differences(survey):
    """dc/dβ_s = −Σ f x / Σ f: the corrected intercept as a function of the slopes, numerically."""

    from kmunetz.estimation import LINKS

    result = models.fit(survey, "probit")
    params, _ = netcheck.intercept_correction(result)
    A = result.X.to_numpy()
    f = LINKS["probit"][1](A @ params.to_numpy())
    exact = -(f @ A[:, 1:]) / f.sum()
    for k in (1, 5, 7):
        h = 1e-6
        shifted = []
        for sign in (1, -1):
            moved = result.params.copy()
            moved.iloc[k] += sign * h
            shifted.append(netcheck.intercept_correction(dataclasses.replace(result, params=moved))[0].iloc[0])
        assert (shifted[0] - shifted[1]) / (2 * h) == pytest.approx(exact[k - 1], rel=1e-5)


def test_a_failed_ml_fit_falls_back_to_firth_and_says_so():
    """Probit at 40 networks fails for some seeds (separation): the check uses Firth's logit and says so."""
    survey = next(s for s in (load_survey(seed=seed, n=40) for seed in range(20))
                  if not models.fit(s, "probit").trustworthy)
    check = netcheck.assess(survey, FAVOURABLE, "probit")
    assert check["requested"] == "probit" and check["model"] == "firth"
    assert check["note"].startswith("Das gewählte Probit-Modell lässt sich mit diesen Daten nicht sinnvoll schätzen.")
    assert "Firth-Logit-Modell" in check["note"]
    sentence = netcheck.model_sentence(check)
    assert sentence.startswith(check["note"])
    if check["fit"].separation.separated:
        assert "getrennt" in sentence
    assert netcheck.model_sentence(netcheck.assess(load_survey(), FAVOURABLE)) == ""


@pytest.mark.parametrize("n", [30, 40])
def test_the_check_does_not_raise_for_small_surveys(n):
    for seed in range(8):
        for model in ("logit", "probit"):
            check = netcheck.assess(load_survey(seed=seed, n=n), UNFAVOURABLE, model)
            assert check["model"] in (model, "firth") and (check["model"] == model) == (check["note"] == "")
