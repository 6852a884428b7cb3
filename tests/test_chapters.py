"""Every chapter executes with default and with other parameters, and glues what the package computes."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from kmunetz import formatting, glue, models, paths, published, reproduce
from kmunetz.builder import book, execute
from kmunetz.survey import load_experts, load_survey

pytestmark = pytest.mark.slow

ROOT = paths.project_root(Path(__file__).parent)
NOTEBOOKS = [p for p in book.toc_files(ROOT) if p.suffix == ".md" and execute.is_notebook(p)]
SURVEY_CHAPTERS = [p for p in NOTEBOOKS if "survey" in execute.chapter_parameters(p)]
CATALOGUE_CHAPTERS = [p for p in NOTEBOOKS if execute.chapter_parameters(p) == {"catalogue": "default"}]
#: The key of a catalogue number cited in the prose: {studie}`key`, {studie}`key:wert`, {studie}`key:n`.
STUDIE_ROLE = re.compile(r"\{studie\}`([A-Za-z0-9_]+)")


def default_values(built_book, chapter: Path) -> dict:
    """Glued values of the chapter as executed by the default build."""
    nb = nbformat.read(ROOT / "_build" / "source" / "chapters" / f"{chapter.stem}.ipynb", as_version=4)
    return glue.values_from_notebook(nb)


def _yes(col: pd.Series, test) -> tuple[int, int]:
    valid = col.dropna()
    return int(test(valid).sum()), len(valid)


def _involved(s: pd.DataFrame) -> pd.DataFrame:
    return s[s["kmu_participation"].isin(["nur_passiv", "aktiv"])]


def _one(v):
    return v == 1


def _agree(v):
    return v >= 3


#: Every number the chapters recompute, defined here again from the codebook and the study's wording,
#: without the package: shares give (k, n), means the column, counts a number.
BY_HAND = {
    "befragung_teilnehmer": lambda s, e: len(s),
    "partner_mittelwert": lambda s, e: s["partners"],
    "netzwerke_gewachsen": lambda s, e: _yes(s["grown_5y"], _one),
    "branchenunabhaengig": lambda s, e: _yes(s["sector_focus"], lambda v: v == 0),
    "typ_oeffentliche_gueter": lambda s, e: _yes(s["public_goods"], _one),
    "typ_exploitativ": lambda s, e: _yes(s["exploitative"], _one),
    "typ_formell": lambda s, e: _yes(s["formal"], _one),
    "typ_dezentral": lambda s, e: _yes(s["decentral"], _one),
    "kmu_beteiligt": lambda s, e: _yes(s["kmu_participation"], lambda v: v.isin(["nur_passiv", "aktiv"])),
    "kmu_aktiv": lambda s, e: _yes(s["kmu_participation"], lambda v: v == "aktiv"),
    "kmu_nur_passiv": lambda s, e: _yes(s["kmu_participation"], lambda v: v == "nur_passiv"),
    "ohne_voraussetzungen": lambda s, e: _yes(_involved(s)["cond_none"], _one),
    "voraussetzung_gebuehren": lambda s, e: _yes(_involved(s)["regular_fees"], _one),
    "voraussetzung_treffen_mit_input": lambda s, e: _yes(_involved(s)["cond_meetings_input"], _one),
    "voraussetzung_treffen_ohne_input": lambda s, e: _yes(_involved(s)["cond_meetings_no_input"], _one),
    "vorzug_kontakte": lambda s, e: _yes(s["benefit_contacts"], _one),
    "kontakt_kmu_oft": lambda s, e: _yes(s["contact_kmu"], lambda v: v.isin(["oft", "sehr_oft"])),
    "kontakt_zwischen_kmu_selten": lambda s, e: _yes(s["contact_between_kmu"], lambda v: v.isin(["nie", "selten"])),
    "huerde_ressourcen": lambda s, e: _yes(s["hurdle_resources"], _one),
    "nutzen_unklar": lambda s, e: _yes(s["hurdle_benefit_unclear"], _one),
    "expertenpanel_teilnehmer": lambda s, e: len(e),
    "expertenpanel_thesen": lambda s, e: sum(c.startswith("thesis_") for c in e.columns),
    "experten_ressourcen_begrenzt": lambda s, e: _yes(e["thesis_01"], _agree),
    "experten_seltener_als_grosse": lambda s, e: _yes(e["thesis_02"], _agree),
    "experten_relevanz": lambda s, e: _yes(e["thesis_03"], _agree),
    "experten_motive_unbekannt": lambda s, e: _yes(e["thesis_04"], _agree),
    "experten_feedback_schwer": lambda s, e: _yes(e["thesis_05"], _agree),
    "experten_feedback_mehr_als_drittel": lambda s, e: _yes(e["thesis_05"], _agree),
}


def test_the_hand_definitions_cover_every_recomputed_number():
    assert set(BY_HAND) == set(reproduce.CHECKS)


def check_survey_values(chapter: Path, values: dict, seed: int, confidence: float, model: str = "firth"):
    """The chapter's glued numbers equal :data:`BY_HAND` on the same data, with Wilson or t intervals."""
    from scipy import stats as st
    from statsmodels.stats.proportion import proportion_confint

    s, e = load_survey(seed=seed), load_experts(seed=seed)
    cat = published.load()
    keys = [k for k in BY_HAND if cat.loc[k, "chapter"] == chapter.stem]
    for key in keys:
        got = BY_HAND[key](s, e)
        if isinstance(got, tuple):
            (k, n), unit = got, "%"
            lo, hi = proportion_confint(k, n, alpha=1 - confidence, method="wilson")
            value, lo, hi = 100 * k / n, 100 * lo, 100 * hi
        elif isinstance(got, pd.Series):
            col, unit = got.dropna().astype(float), ""
            value, n = col.mean(), len(col)
            lo, hi = st.t.interval(confidence, n - 1, loc=value, scale=col.std(ddof=1) / n ** 0.5)
        else:
            assert values[key] == got, key
            continue
        assert values[key] == pytest.approx(value, abs=1e-9), key
        assert values[f"{key}_n"] == n, key
        assert values[f"{key}_ci"] == formatting.interval(lo, hi, 1, scale=1, unit=unit), key
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


@pytest.mark.xdist_group("book")
@pytest.mark.parametrize("chapter", SURVEY_CHAPTERS, ids=lambda p: p.stem)
def test_other_seed_confidence_and_model(edition_book, chapter):
    """The edition with seed 7, 90 % intervals and the probit model glues the numbers of those data."""
    executed = edition_book.parent.parent / "executed" / "chapters" / f"{chapter.stem}.ipynb"
    nb = nbformat.read(executed, as_version=4)
    assert nb.metadata["kmunetz"]["parameters"]["seed"] == 7
    extra = {"model": "probit"} if chapter.stem == "aktive-teilnahme" else {}
    check_survey_values(chapter, glue.values_from_notebook(nb), seed=7, confidence=0.9, **extra)


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
    # a number the reading line cites with the {studie} role is rendered from the catalogue at build time
    cited = {k for p in book.toc_files(ROOT) for k in STUDIE_ROLE.findall(p.read_text(encoding="utf-8"))}
    assert cited, "no page cites the catalogue with the {studie} role"
    unknown = sorted(cited - set(cat.index))
    assert not unknown, f"{{studie}} cites keys the catalogue does not have: {unknown}"
    # directions are shown in the table of directions (aktive-teilnahme), read from the catalogue
    stated = cat[cat["wording_class"] != "richtung"].dropna(subset=["value"]).index
    missing = [k for k in stated if k not in glued and k not in cited]
    assert not missing, f"catalogue numbers neither glued nor cited in any chapter: {missing}"
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
