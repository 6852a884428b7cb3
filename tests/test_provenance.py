"""Provenance classes: derived from the generator's lineage and the catalogue, never typed per number."""

from __future__ import annotations

import ast
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kmunetz import chapter, codebook, formatting, glue, models, published, reproduce, synthetic
from kmunetz.provenance import KINDS, Provenance

FIXTURES = Path(__file__).parent / "fixtures"
CHARTS = FIXTURES / "chart_values.csv"


def test_catalogue_intervals_follow_the_one_rule():
    cat = published.load()
    for key, row in cat.iterrows():
        lo, hi, b = published.allowed_interval(row["wording_class"], row["value"], row["lower"], row["upper"])
        if row["wording_class"] == "rangfolge":
            assert math.isnan(row["lower"]) and math.isnan(row["upper"]) and pd.isna(row["bounds"]), key
            continue
        assert (row["lower"], row["upper"], row["bounds"]) == (lo, hi, b), key


def test_the_rule_treats_like_wordings_alike():
    # "etwa 85 %" and "etwa die Hälfte" allow the same width; "9 von 10" like "etwa"
    assert published.allowed_interval("etwa", 85)[:2] == (80, 90)
    assert published.allowed_interval("etwa", 50)[:2] == (45, 55)
    assert published.allowed_interval("anteil_von", 90)[:2] == published.allowed_interval("etwa", 90)[:2]
    # every "mehr als" runs to the whole, whatever the stated share
    assert published.allowed_interval("mehr_als", 33.333)[1] == published.allowed_interval("mehr_als", 90)[1] == 100
    with pytest.raises(published.CatalogueError, match="unknown wording class 'ungefaehr'"):
        published.allowed_interval("ungefaehr", 5)


def test_ranges_keep_both_ends_and_no_midpoint():
    row = published.get("voraussetzung_gebuehren")
    assert pd.isna(row["value"]) and (row["lower"], row["upper"]) == (20, 25)
    with pytest.raises(published.CatalogueError, match="states no number"):
        published.value("voraussetzung_gebuehren")


def test_models_never_import_the_generator():
    source = Path(models.__file__).read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            imported |= {a.name for a in node.names} | {node.module or ""}
        elif isinstance(node, ast.Import):
            imported |= {a.name for a in node.names}
    assert not any("synthetic" in name for name in imported), imported


def test_directions_and_headline_come_from_the_catalogue(tmp_path):
    cat = published.load()
    directions = models.study_directions()
    for f, sign in directions.items():
        assert cat.loc[f"richtung_{f}", "value"] == sign
    first, partners = models.headline_groups()
    assert first == ["sector_focus"] and len(partners) == 3
    # a changed catalogue changes what the model code believes the study says
    flipped = cat.copy()
    flipped.loc["richtung_decentral", "value"] = 1
    path = tmp_path / "numbers.csv"
    flipped.to_csv(path, index=False)
    assert models.study_directions(path)["decentral"] == 1


def test_headline_rule_on_constructed_effects():
    def effects(values):
        return pd.DataFrame({"feature": list(values), "ame": list(values.values())})

    base = {f: 2.0 for f in models.FEATURES}
    good = effects(base | {"sector_focus": 20.0, "partner_large_firms": 9.0, "partner_schools": 8.0,
                           "partner_local_authority": 7.0, "years_since_founding": 50.0})
    h = models.headline(good)
    assert h["holds"] and h["rank_sector"] == 1 and h["ranking"][0] == "sector_focus"
    # the per-year effect is on another scale and never counts; a negative effect counts by its size
    bad = effects(base | {"sector_focus": 5.0, "exploitative": -12.0})
    h = models.headline(bad)
    assert not h["holds"] and h["rank_sector"] == 2 and not h["partners_larger"]


def test_assumed_effect_sizes_respect_the_published_ranking():
    size = {f: abs(synthetic.assumption(f"effect.{f}")) for f in models.FEATURES if f != "years_since_founding"}
    first, partners = models.headline_groups()
    others = [f for f in size if f not in first + partners]
    assert size[first[0]] == max(size.values())
    assert min(size[p] for p in partners) > max(size[o] for o in others)


def test_assumed_effect_signs_match_the_catalogue():
    for f, sign in models.study_directions().items():
        assert np.sign(synthetic.assumption(f"effect.{f}")) == sign, f


def test_lineage_names_every_assumption_the_generator_reads(monkeypatch):
    read: set[str] = set()
    original = synthetic.assumption

    def recording(name, overrides=None):
        read.add(name)
        return original(name, overrides)

    monkeypatch.setattr(synthetic, "assumption", recording)
    synthetic.generate_survey(seed=3)
    synthetic.generate_experts(seed=3)
    lin = synthetic.lineage()
    named = set()
    for entry in lin.values():
        for p in (entry.margin, entry.shape):
            named |= set(p.assumptions)
        named |= set(entry.joint)
    a = synthetic.assumptions()
    by_key = set(a.index[a["catalogue_key"] != ""])
    for name in read:
        catalogue_row = a.loc[name, "catalogue_key"]
        covered = name in named or (catalogue_row and any(catalogue_row in p.catalogue for e in lin.values()
                                                         for p in (e.margin, e.shape)))
        assert covered, f"the generator reads {name!r}, but no column's lineage names it"
    assert by_key  # the assumptions file links rows to the catalogue


def test_every_generated_column_has_a_lineage():
    lin = synthetic.lineage()
    for table in codebook.TABLES:
        for name in codebook.names(table):
            assert name in lin, name


def test_classes_of_typical_numbers():
    ctx = chapter.setup("netzwerke")
    assert ctx.origin("sector_focus").kind == "nachgerechnet"
    assert ctx.origin("sector_focus").catalogue == ("branchenunabhaengig",)
    assert ctx.origin("field_weiterbildung").kind == "angenommen"
    assert ctx.origin("partners").kind == "nachgerechnet"
    assert ctx.origin("partners", stat="shape").kind == "angenommen"
    assert ctx.origin("contact_kmu", stat="shape").kind == "angenommen"
    joint = ctx.origin(*models.FEATURES, "kmu_participation", stat="joint")
    assert joint.kind == "angenommen" and "structure.selection" in joint.assumptions
    assert {f"effect.{f}" for f in models.FEATURES} <= set(joint.assumptions)
    assert ctx.reproduced("kmu_aktiv").kind == "nachgerechnet"


def test_a_real_file_makes_every_number_come_from_the_data(tmp_path):
    path = tmp_path / "survey.csv"
    synthetic.generate_survey(seed=11).to_csv(path, index=False)
    experts = tmp_path / "experts.csv"
    synthetic.generate_experts(seed=11).to_csv(experts, index=False)
    ctx = chapter.setup("netzwerke", survey=str(path), experts=str(experts))
    for cols, stat in [(("field_weiterbildung",), "margin"), (("partners",), "shape"),
                       ((*models.FEATURES, "kmu_participation"), "joint"), (("thesis_07",), "margin")]:
        p = ctx.origin(*cols, stat=stat)
        assert p.kind == "daten" and not p.assumptions, cols
    assert ctx.reproduced("kmu_aktiv").kind == "daten"


def test_combining_keeps_the_weaker_class_and_all_sources():
    s, r, a = Provenance.study("x"), Provenance.reproduced("y", assumptions=("p",)), Provenance.assumed("q")
    assert (s | r).kind == "nachgerechnet" and (s | r).catalogue == ("x", "y")
    assert (r | a).kind == "angenommen" and (r | a).assumptions == ("p", "q")
    assert (Provenance.data("f") | s).kind == "daten"
    assert (Provenance.setting("c") | s).kind == "studie"
    with pytest.raises(ValueError, match="provenance kind must be one of"):
        Provenance("erfunden")


def test_details_name_the_catalogue_row_and_the_reasons():
    p = Provenance.reproduced("kmu_aktiv", assumptions=("share.kmu_active",))
    lines = p.details()
    assert any("rund zwei Drittel" in ln and "Welche Rolle spielen KMU" in ln for ln in lines)
    assert not any("share.kmu_active" in ln for ln in lines)  # readers see the reasons, not the names
    assert any("share.kmu_active" in ln for ln in p.details(names=True))  # the report may name them
    lines = Provenance.assumed("partners.sigma").details()
    assert any(synthetic.assumptions().loc["partners.sigma", "reason"] in ln for ln in lines)
    assert {k.mark for k in KINDS.values()} == {"S", "N", "A", "D", "B"}


def test_glue_refuses_numbers_without_provenance():
    with pytest.raises(TypeError, match="origin"):
        glue.glue_number("x", 1.0, origin="angenommen")
    with pytest.raises(ValueError, match="contains a number"):
        glue.glue_text("ci", "[42,2; 58,5] %")
    glue.glue_text("label", "Bildung")  # words need no provenance


def test_glued_payload_carries_the_provenance():
    g = glue.german(0.5, "percent", 0, Provenance.assumed("share.field_bildung"))
    bundle = g._repr_mimebundle_()[glue.MIME]
    assert bundle["provenance"]["kind"] == "angenommen"
    assert bundle["provenance"]["assumptions"] == ["share.field_bildung"]


def test_book_categories_are_marked_in_labels_and_codebook():
    added = codebook.added_by_book()
    assert {"way_events", "target_frauen", "approach_press"} <= set(added)
    assert "field_bildung" not in added and "approach_personal" not in added
    assert set(codebook.added_by_book("experts")) == {f"thesis_{i:02d}" for i in range(6, 21)}
    labels = codebook.labels()
    assert all(labels[v].endswith(codebook.ADDED_MARK) for v in added)


# -- chart values: what happens once someone types the study's chart values in --------------------

def test_the_shipped_chart_values_are_empty_and_documented(root):
    cv = published.chart_values()
    assert cv["value"].isna().all()
    assert set(cv["chapter"]) <= {p.stem for p in (root / "chapters").glob("*.md")}
    survey_vars = set(codebook.names("survey")) | set(models.FEATURES)
    for var in cv["variable"]:
        assert var.split("=")[0] in survey_vars, var


def test_typed_chart_values_calibrate_the_survey_and_turn_reproduced():
    fixture = published.chart_values(CHARTS)
    df = synthetic.generate_survey(seed=4, chart_values=CHARTS)
    lin = synthetic.lineage(CHARTS)
    for key, row in fixture[fixture["value"].notna()].iterrows():
        k, n = reproduce.chart_share(df, row["variable"])
        assert abs(100 * k / n - row["value"]) < 0.5 + 100 / n, key
        var = row["variable"].split("=")[0]
        assert lin[var].margin.kind == "nachgerechnet" and key in lin[var].margin.catalogue, key
    # categories without a typed value stay assumed
    assert lin["field_weiterbildung"].margin.kind == "angenommen"
    table = reproduce.compare(df, synthetic.generate_experts(seed=4), chart_values=CHARTS)
    charted = table[table["key"].str.startswith("abb_")]
    assert len(charted) == int(fixture["value"].notna().sum())
    assert charted["agrees"].all(), charted[~charted["agrees"]]


def test_a_bad_chart_values_file_is_named_with_its_row(tmp_path):
    bad = pd.read_csv(CHARTS, dtype=str, keep_default_na=False)
    bad.loc[0, "value"] = "170"
    path = tmp_path / "charts.csv"
    bad.to_csv(path, index=False)
    with pytest.raises(published.CatalogueError,
                       match=r"charts.csv: column 'value', key 'abb_handlungsfelder_bildung': value 170 is not a percentage"):
        published.chart_values(path)


def _figure_texts(nb) -> dict[str, tuple[str, str, str]]:
    out = {}
    for cell in nb.cells:
        fig = cell.get("metadata", {}).get("mystnb", {}).get("figure")
        if fig and fig.get("name"):
            alt = cell.metadata["mystnb"].get("image", {}).get("alt", "")
            out[fig["name"]] = (fig.get("classes", ""), fig.get("caption", ""), alt)
    return out


@pytest.mark.slow
def test_typed_chart_values_join_the_study_figure_and_are_no_longer_assumed(root):
    from kmunetz.builder import execute

    chapter_file = root / "chapters" / "netzwerke.md"
    default = _figure_texts(execute.execute(chapter_file))
    typed = _figure_texts(execute.execute(chapter_file, {"chart_values": str(CHARTS)}))
    cls, caption, alt = default["fig-felder"]
    assert cls == "kmunetz-angenommen" and "Werte angenommen:" in caption and "Angenommene Werte" in alt
    cls, caption, alt = typed["fig-felder"]
    # the figure shows the three fields the study's chart names: with their values typed in, all three are
    # reproduced (the exercise data are calibrated to them), none is assumed any more
    assert cls == "kmunetz-nachgerechnet", (cls, caption)
    assert "angenommen" not in caption.lower() and "Werte nachgerechnet" in caption
    assert "Angenommene" not in alt and "Nachgerechnete Werte" in alt
    # and the typed values join the figure of the study's numbers in the reading line, as the study's
    cls, caption, alt = typed["fig-netzwerke-studie"]
    assert cls == "kmunetz-studie"
    typed_rows = pd.read_csv(CHARTS).query("chart == 'Handlungsfelder der Netzwerke'")
    for category, value in zip(typed_rows["category"], typed_rows["value"]):
        assert f"Thema {category}: {formatting.percent(value, 0, scale=1)}" in alt, (category, alt)
        assert f"Thema {category}" not in default["fig-netzwerke-studie"][2]
    # the figure of target groups has no chart in the study: unchanged
    assert typed["fig-zielgruppen"] == default["fig-zielgruppen"]
