import subprocess
import sys

import pytest

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


def test_probability_matches_statsmodels_prediction(survey):
    import numpy as np
    import statsmodels.api as sm

    res = models.fit(survey, "logit")
    x = netcheck.network_vector(FAVOURABLE)
    expected = res.predict(sm.add_constant(x.to_frame().T, has_constant="add"))
    assert netcheck.assess(survey, FAVOURABLE)["probability"] == pytest.approx(float(np.asarray(expected)[0]))


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
    assert values["check_urteil"] == "über dem Durchschnitt"
