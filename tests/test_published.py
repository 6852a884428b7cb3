import json

import pytest

from kmunetz import published
from kmunetz.published import CatalogueError


def test_catalogue_validates_against_its_table_schema(root):
    from frictionless import Package

    report = Package(str(root / "data/published/datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_schema_documents_exactly_the_csv_columns(root):
    schema = json.loads((root / "data/published/datapackage.json").read_text())["resources"][0]["schema"]
    fields = [f["name"] for f in schema["fields"]]
    assert fields == list(published.load().columns)
    assert all(f.get("description") for f in schema["fields"])


def test_every_row_is_internally_consistent():
    cat = published.load()
    ranked = cat["wording_class"] == "rangfolge"
    assert (cat.loc[~ranked, "lower"] <= cat.loc[~ranked, "upper"]).all()
    stated = cat.dropna(subset=["value"])
    # the stated number lies in (or, for "fast"/"mehr als", at the edge of) its interval
    for _, row in stated.iterrows():
        assert row["lower"] <= row["value"] <= row["upper"], row["key"]
    exact = cat[cat["wording_class"] == "exakt"]
    assert (exact["lower"] == exact["value"]).all() and (exact["upper"] == exact["value"]).all()


def test_catalogue_holds_the_study_design_numbers():
    for key, expected in {"befragung_angeschrieben": 471, "befragung_teilnehmer": 156, "expertenpanel_teilnehmer": 34,
                          "expertenpanel_thesen": 20, "experteninterviews": 6, "interviews_koordinatoren": 10,
                          "interviews_kmu": 15}.items():
        assert published.value(key) == expected


def test_item_bases_as_stated():
    cat = published.load()
    assert set(cat["base_n"].dropna().astype(int)) == {154, 156, 110, 103}


def test_get_unknown_key_fails_clearly():
    with pytest.raises(CatalogueError, match=r"unknown catalogue key 'kmu_aktv' .*did you mean: kmu_aktiv"):
        published.get("kmu_aktv")


def test_value_of_a_direction_only_row_fails_clearly():
    with pytest.raises(CatalogueError, match="states no number"):
        published.value("typ_exploitativ")


@pytest.mark.parametrize(
    "key, inside, outside",
    [("fachkraefte_anteil", 89.9, 90.0), ("kmu_beteiligt", 85.0, 95.1), ("netzwerke_gewachsen", 50.1, 50.0),
     ("voraussetzung_gebuehren", 25.0, 25.1), ("experten_motive_unbekannt", 63.6, 64.5)],
)
def test_agrees_respects_the_wording_interval(key, inside, outside):
    assert published.agrees(key, inside)
    assert not published.agrees(key, outside)


def test_other_catalogue_file_and_bad_files(tmp_path):
    cat = published.load()
    alt = tmp_path / "alt.csv"
    cat.assign(value=cat["value"].where(cat["key"] != "bewerber_klein", 11)).to_csv(alt, index=False)
    assert published.value("bewerber_klein", alt) == 11
    broken = tmp_path / "broken.csv"
    cat.drop(columns=["bounds"]).to_csv(broken, index=False)
    with pytest.raises(CatalogueError, match=r"broken.csv: missing column\(s\) bounds"):
        published.load(broken)
    with pytest.raises(CatalogueError, match="not found"):
        published.load(tmp_path / "nope.csv")


def test_applicants_table_follows_catalogue():
    t = published.applicants_per_vacancy()
    assert t.set_index("key")["value"].to_dict() == {k: published.value(k) for k in t["key"]}
    assert list(t["size"].unique()) == ["kleine Betriebe", "große Betriebe"]
