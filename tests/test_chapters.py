"""Every chapter executes with default and with other parameters, and glues what the package computes."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest

from kmunetz import glue, models, paths, published, reproduce
from kmunetz.builder import book, execute
from kmunetz.survey import load_experts, load_survey

pytestmark = pytest.mark.slow

ROOT = paths.project_root(Path(__file__).parent)
NOTEBOOKS = [p for p in book.toc_files(ROOT) if p.suffix == ".md" and execute.is_notebook(p)]
SURVEY_CHAPTERS = [p for p in NOTEBOOKS if "survey" in execute.chapter_parameters(p)]
CATALOGUE_CHAPTERS = [p for p in NOTEBOOKS if execute.chapter_parameters(p) == {"catalogue": "default"}]


def default_values(built_book, chapter: Path) -> dict:
    """Glued values of the chapter as executed by the default build."""
    nb = nbformat.read(ROOT / "_build" / "source" / "chapters" / f"{chapter.stem}.ipynb", as_version=4)
    return glue.values_from_notebook(nb)


def check_survey_values(chapter: Path, values: dict, seed: int, confidence: float, model: str = "firth"):
    s, e = load_survey(seed=seed), load_experts(seed=seed)
    comp = reproduce.compare(s, e, confidence).set_index("key")
    cat = published.load()
    keys = [k for k in comp.index if cat.loc[k, "chapter"] == chapter.stem]
    for key in keys:
        assert values[key] == pytest.approx(comp.loc[key, "value"], abs=1e-9), key
        if pd.notna(comp.loc[key, "n"]):
            assert values[f"{key}_n"] == comp.loc[key, "n"], key
    if chapter.stem == "aktive-teilnahme":
        fitted = models.fit(s, model)
        if not fitted.trustworthy:  # the chapter then reports Firth's fit and says why
            assert values["modell_problem"]
            model, fitted = "firth", models.fit(s, "firth")
        effects = models.marginal_effects(fitted, confidence).set_index("feature")
        for feature, row in effects.iterrows():
            assert values[f"ame_{feature}"] == pytest.approx(row["ame"], abs=1e-9), feature
        same, total = int(effects["same_sign"].sum()), len(effects)
        assert values["richtung_satz"].startswith(f"Alle {total} " if same == total else f"{same} von {total} ")
        assert values["modell_name"] == {"firth": "Firth-Logit", "logit": "Logit", "probit": "Probit"}[model]
        excl = int(((effects["lower"] > 0) | (effects["upper"] < 0)).sum())
        assert values["null_satz"].startswith("Bei allen" if excl == total else "Bei keinem" if excl == 0
                                              else f"Bei {excl} von ihnen")
        holds = models.headline(effects.reset_index())["holds"]
        assert values["headline_urteil"].endswith("hier zu." if holds else "hier nicht zu.")
    return keys


@pytest.mark.xdist_group("book")
@pytest.mark.parametrize("chapter", SURVEY_CHAPTERS, ids=lambda p: p.stem)
def test_default_build_glues_the_computed_values(built_book, chapter):
    check_survey_values(chapter, default_values(built_book, chapter), seed=2017, confidence=0.95)


@pytest.mark.parametrize("chapter", SURVEY_CHAPTERS, ids=lambda p: p.stem)
def test_other_seed_and_confidence(chapter):
    params = {"seed": 7, "confidence": 0.9}
    extra = {"model": "probit"} if chapter.stem == "aktive-teilnahme" else {}
    nb = execute.execute(chapter, {**params, **extra})
    values = glue.values_from_notebook(nb)
    check_survey_values(chapter, values, seed=7, confidence=0.9, **extra)
    assert nb.metadata["kmunetz"]["parameters"]["seed"] == 7


@pytest.mark.xdist_group("book")
@pytest.mark.parametrize("chapter", CATALOGUE_CHAPTERS, ids=lambda p: p.stem)
def test_catalogue_chapters_glue_the_catalogue(built_book, chapter):
    values = default_values(built_book, chapter)
    cat = published.load()
    keys = set(values) & set(cat.index)
    assert keys, f"{chapter.stem} glues no number of the catalogue"
    for key in keys:
        assert values[key] == published.value(key), key


@pytest.mark.xdist_group("book")
def test_every_catalogue_number_is_glued_somewhere(built_book):
    glued: dict[str, object] = {}
    for chapter in NOTEBOOKS:
        glued.update(default_values(built_book, chapter))
    cat = published.load()
    # directions are shown in the table of directions (aktive-teilnahme), read from the catalogue
    stated = cat[cat["wording_class"] != "richtung"].dropna(subset=["value"]).index
    missing = [k for k in stated if k not in glued]
    assert not missing, f"catalogue numbers not glued in any chapter: {missing}"
    # the direction-only rows ("überwiegend") are glued as computed shares in their chapter
    shown_elsewhere = cat["wording_class"].isin(["richtung", "rangfolge"])  # the model chapter's checks
    for key in cat.index.difference(stated).difference(cat.index[shown_elsewhere]):
        assert key in glued, key


@pytest.mark.xdist_group("book")
def test_every_glue_key_used_in_prose_is_defined(built_book):
    from kmunetz.builder import exhibits

    for ex in exhibits.collect(ROOT):
        if ex.kind != "Zahl im Text":
            continue
        chapter = ROOT / ex.chapter
        assert ex.name in default_values(built_book, chapter), f"{ex.chapter}: {ex.name}"


def test_readme_exhibit_list_is_current():
    from kmunetz.builder import exhibits

    assert exhibits.update_readme(ROOT, write=False), "README.md exhibit list out of date: run make exhibits"


def test_exhibit_list_detects_a_new_figure(tmp_path):
    from conftest import copy_project

    from kmunetz.builder import exhibits

    copy = copy_project(ROOT, tmp_path / "p")
    ch = copy / "chapters" / "typen.md"
    ch.write_text(ch.read_text().replace("name: fig-typen", "name: fig-typen-neu"))
    assert not exhibits.update_readme(copy, write=False)
    exhibits.update_readme(copy, write=True)
    assert "fig-typen-neu" in (copy / "README.md").read_text()
    assert exhibits.update_readme(copy, write=False)
