import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from kmunetz import published, reproduce
from kmunetz.survey import load_experts, load_survey


@pytest.fixture(scope="module")
def table():
    return reproduce.compare(load_survey(), load_experts()).set_index("key")


def test_covers_every_published_survey_and_panel_finding(table):
    cat = published.load()
    findings = cat[(cat["kind"] == "befund") & cat["source"].isin(["IAW-Befragung", "Expertenpanel"])
                   & ~cat["wording_class"].isin(["richtung", "rangfolge"])]  # checked on the model's effects
    assert set(findings.index) <= set(table.index)


def test_values_are_computed_from_the_data_by_hand(table):
    s, e = load_survey(), load_experts()
    valid = s["kmu_participation"].dropna()
    assert table.loc["kmu_aktiv", "value"] == pytest.approx(100 * (valid == "aktiv").mean())
    assert table.loc["kmu_aktiv", "n"] == len(valid)
    with_kmu = s[s["kmu_participation"].isin(["nur_passiv", "aktiv"])]
    assert table.loc["voraussetzung_gebuehren", "value"] == pytest.approx(100 * with_kmu["regular_fees"].mean())
    t4 = e["thesis_04"].dropna()
    assert table.loc["experten_motive_unbekannt", "value"] == pytest.approx(100 * (t4 >= 3).mean())
    assert table.loc["partner_mittelwert", "value"] == pytest.approx(s["partners"].mean())


def test_intervals_come_from_statsmodels(table):
    row = table.loc["huerde_ressourcen"]
    k = round(row["value"] * row["n"] / 100)
    lo, hi = proportion_confint(k, row["n"], alpha=0.05, method="wilson")
    assert (row["ci_lower"], row["ci_upper"]) == pytest.approx((100 * lo, 100 * hi))


def test_disagreement_is_detected():
    s = load_survey()
    s.loc[s["kmu_participation"] == "aktiv", "kmu_participation"] = "nur_passiv"
    t = reproduce.compare(s, load_experts()).set_index("key")
    assert not t.loc["kmu_aktiv", "agrees"] and not t.loc["kmu_nur_passiv", "agrees"]
    assert t.loc["kmu_beteiligt", "agrees"]


def test_wrong_item_base_is_detected_at_full_size():
    s = load_survey()
    s.loc[s["benefit_contacts"].notna().idxmax(), "benefit_contacts"] = pd.NA
    t = reproduce.compare(s, load_experts()).set_index("key")
    assert not t.loc["vorzug_kontakte", "n_agrees"]
    assert not t.loc["vorzug_kontakte", "agrees"]


def test_summary_says_when_agreement_is_by_construction(table):
    t = table.reset_index()
    assert "by construction" in reproduce.summary_line(t, synthetic=True)
    assert "genuine replication" in reproduce.summary_line(t, synthetic=False)


def test_every_check_names_the_columns_it_reads():
    from kmunetz import codebook

    assert set(reproduce.CHECK_COLUMNS) == set(reproduce.CHECKS)
    known = set(codebook.names("survey")) | set(codebook.names("experts"))
    for key, cols in reproduce.CHECK_COLUMNS.items():
        assert cols and set(cols) <= known, key
