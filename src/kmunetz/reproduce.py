"""Reproduction check: every published survey and panel number beside the value computed from data.

:func:`compare` computes, for each number of the catalogue that the survey or the expert panel can
speak to, the value from the given data (with its confidence interval and base n) and tells whether
it agrees with the study's wording. With the synthetic survey the agreement holds by construction;
with real microdata it is a genuine replication check.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from . import codebook, formatting, published, stats

__all__ = ["CHECKS", "CHECK_COLUMNS", "RESTATES", "chart_share", "compare", "summary_line"]

Survey = pd.DataFrame
Experts = pd.DataFrame


def _involved(s: Survey) -> pd.Series:
    return s["kmu_participation"].isin(["nur_passiv", "aktiv"])


def _bool_share(col: pd.Series) -> tuple[int, int]:
    valid = col.dropna()
    return int((valid == 1).sum()), int(len(valid))


def _cat_share(col: pd.Series, levels: list[str]) -> tuple[int, int]:
    valid = col.dropna()
    return int(valid.isin(levels).sum()), int(len(valid))


def _among_involved(col: str) -> Callable[[Survey, Experts], tuple[int, int]]:
    return lambda s, e: _bool_share(s.loc[_involved(s), col])


def _agree(col: str) -> Callable[[Survey, Experts], tuple[int, int]]:
    def f(s, e):
        valid = e[col].dropna()
        return int((valid >= 3).sum()), int(len(valid))
    return f


def _share(col: str, invert: bool = False) -> Callable[[Survey, Experts], tuple[int, int]]:
    def f(s, e):
        k, n = _bool_share(s[col])
        return (n - k if invert else k), n
    return f


#: Catalogue key → (kind, function). ``share`` functions return (k, n); ``mean`` the column; ``count`` a number.
CHECKS: dict[str, tuple[str, Callable]] = {
    "befragung_teilnehmer": ("count", lambda s, e: len(s)),
    "partner_mittelwert": ("mean", lambda s, e: s["partners"]),
    "netzwerke_gewachsen": ("share", _share("grown_5y")),
    "branchenunabhaengig": ("share", _share("sector_focus", invert=True)),
    "typ_oeffentliche_gueter": ("share", _share("public_goods")),
    "typ_exploitativ": ("share", _share("exploitative")),
    "typ_formell": ("share", _share("formal")),
    "typ_dezentral": ("share", _share("decentral")),
    "kmu_beteiligt": ("share", lambda s, e: _cat_share(s["kmu_participation"], ["nur_passiv", "aktiv"])),
    "kmu_aktiv": ("share", lambda s, e: _cat_share(s["kmu_participation"], ["aktiv"])),
    "kmu_nur_passiv": ("share", lambda s, e: _cat_share(s["kmu_participation"], ["nur_passiv"])),
    "ohne_voraussetzungen": ("share", _among_involved("cond_none")),
    "voraussetzung_gebuehren": ("share", _among_involved("regular_fees")),
    "voraussetzung_treffen_mit_input": ("share", _among_involved("cond_meetings_input")),
    "voraussetzung_treffen_ohne_input": ("share", _among_involved("cond_meetings_no_input")),
    "vorzug_kontakte": ("share", _share("benefit_contacts")),
    "kontakt_kmu_oft": ("share", lambda s, e: _cat_share(s["contact_kmu"], ["oft", "sehr_oft"])),
    "kontakt_zwischen_kmu_selten": ("share", lambda s, e: _cat_share(s["contact_between_kmu"], ["nie", "selten"])),
    "huerde_ressourcen": ("share", _share("hurdle_resources")),
    "nutzen_unklar": ("share", _share("hurdle_benefit_unclear")),
    "expertenpanel_teilnehmer": ("count", lambda s, e: len(e)),
    "expertenpanel_thesen": ("count", lambda s, e: len(codebook.names("experts", prefix="thesis_"))),
    "experten_ressourcen_begrenzt": ("share", _agree("thesis_01")),
    "experten_seltener_als_grosse": ("share", _agree("thesis_02")),
    "experten_relevanz": ("share", _agree("thesis_03")),
    "experten_motive_unbekannt": ("share", _agree("thesis_04")),
    "experten_feedback_schwer": ("share", _agree("thesis_05")),
    "experten_feedback_mehr_als_drittel": ("share", _agree("thesis_05")),
}


#: The survey or panel columns each check of :data:`CHECKS` is computed from (for provenance).
CHECK_COLUMNS: dict[str, tuple[str, ...]] = {
    "befragung_teilnehmer": ("network_id",), "partner_mittelwert": ("partners",), "netzwerke_gewachsen": ("grown_5y",),
    "branchenunabhaengig": ("sector_focus",), "typ_oeffentliche_gueter": ("public_goods",),
    "typ_exploitativ": ("exploitative",), "typ_formell": ("formal",), "typ_dezentral": ("decentral",),
    "kmu_beteiligt": ("kmu_participation",), "kmu_aktiv": ("kmu_participation",),
    "kmu_nur_passiv": ("kmu_participation",), "ohne_voraussetzungen": ("cond_none",),
    "voraussetzung_gebuehren": ("regular_fees",), "voraussetzung_treffen_mit_input": ("cond_meetings_input",),
    "voraussetzung_treffen_ohne_input": ("cond_meetings_no_input",), "vorzug_kontakte": ("benefit_contacts",),
    "kontakt_kmu_oft": ("contact_kmu",), "kontakt_zwischen_kmu_selten": ("contact_between_kmu",),
    "huerde_ressourcen": ("hurdle_resources",), "nutzen_unklar": ("hurdle_benefit_unclear",),
    "expertenpanel_teilnehmer": ("expert_id",), "expertenpanel_thesen": ("thesis_01",),
    "experten_ressourcen_begrenzt": ("thesis_01",), "experten_seltener_als_grosse": ("thesis_02",),
    "experten_relevanz": ("thesis_03",), "experten_motive_unbekannt": ("thesis_04",),
    "experten_feedback_schwer": ("thesis_05",), "experten_feedback_mehr_als_drittel": ("thesis_05",),
}

#: Catalogue rows that restate another row's number in other words (the same statistic, checked twice).
RESTATES = {"experten_feedback_mehr_als_drittel": "experten_feedback_schwer"}

#: Checks that count people: they hold only for data of the study's size.
SIZE_KEYS = ("befragung_teilnehmer", "expertenpanel_teilnehmer")


def chart_share(survey: Survey, variable: str) -> tuple[int, int]:
    """(k, n) of a chart element: the share a chart of the study shows for one survey variable.

    A binary item counts its "ja"; a rating item counts 3 or 4 ("erfolgreich" or "sehr erfolgreich");
    ``kmu_participation=aktiv`` counts one level of a category.
    """
    if "=" in variable:
        col, level = variable.split("=", 1)
        return _cat_share(survey[col], [level])
    col = survey[variable]
    if variable.startswith("approach_"):
        valid = col.dropna()
        return int((valid >= 3).sum()), int(len(valid))
    return _bool_share(col)


def compare(survey: Survey, experts: Experts, confidence: float = 0.95, method: str = "wilson",
            scaled: bool = False, chart_values=None) -> pd.DataFrame:
    """Return one row per published survey or panel number, with the value computed from the data.

    Chart values typed into ``chart_values.csv`` (see :func:`kmunetz.published.chart_values`) are
    compared too, as numbers stated to the digit (``gerundet``).

    Columns: ``key, statement, wording, source, published, lower_allowed, upper_allowed, bounds,
    base_n, n, value, ci_lower, ci_upper, n_agrees, agrees``. Values are in the catalogue's unit
    (percent for shares). ``n_agrees`` compares the data's item base with the base the study states;
    it counts towards ``agrees`` only when the survey has the study's size (156 networks).
    ``scaled=True`` says the data were deliberately drawn at another size (a synthetic survey with
    another n): the sample sizes themselves are then reported but not judged.

    Examples
    --------
    >>> from kmunetz.survey import load_survey, load_experts
    >>> table = compare(load_survey(), load_experts())
    >>> bool(table["agrees"].all()), len(table) == len(CHECKS)
    (True, True)
    """
    cat = published.load()
    full_size = len(survey) == int(published.value("befragung_teilnehmer"))
    rows = []
    for key, (kind, fn) in CHECKS.items():
        row = cat.loc[key]
        ci_lo = ci_hi = np.nan
        if kind == "share":
            k, n = fn(survey, experts)
            if n == 0:
                value = np.nan
            else:
                sh = stats.share(k, n, confidence, method)
                value, ci_lo, ci_hi = 100 * sh.value, 100 * sh.lower, 100 * sh.upper
        elif kind == "mean":
            col = fn(survey, experts).dropna().astype(float)
            n = int(len(col))
            from statsmodels.stats.weightstats import DescrStatsW

            d = DescrStatsW(col.to_numpy())
            value = float(d.mean)
            ci_lo, ci_hi = (float(x) for x in d.tconfint_mean(alpha=1 - confidence))
        else:
            value, n = float(fn(survey, experts)), None
        base = row["base_n"]
        n_agrees = bool(pd.isna(base) or n is None or int(base) == n)
        ok_value = published.within(float(value), float(row["lower"]), float(row["upper"]), str(row["bounds"]))
        if scaled and key in SIZE_KEYS:
            ok_value = True
        rows.append({
            "key": key, "statement": row["statement"], "wording": row["wording"], "source": row["source"],
            "published": row["value"], "lower_allowed": row["lower"], "upper_allowed": row["upper"],
            "bounds": row["bounds"], "base_n": base, "n": n, "value": value, "ci_lower": ci_lo,
            "ci_upper": ci_hi, "n_agrees": n_agrees, "agrees": bool(ok_value and (n_agrees or not full_size)),
        })
    charts = published.chart_values(chart_values)
    for key, row in charts[charts["value"].notna() & (charts["unit"] == "Prozent")].iterrows():
        k, n = chart_share(survey, str(row["variable"]))
        sh = stats.share(k, n, confidence, method)
        lo, hi, b = published.allowed_interval("gerundet", float(row["value"]))
        base = row["base_n"]
        n_agrees = bool(pd.isna(base) or int(base) == n)
        ok = published.within(100 * sh.value, lo, hi, b)
        rows.append({
            "key": key, "statement": f"Abbildung „{row['chart']}“: {row['category']}",
            "wording": formatting.percent(float(row["value"]), 0, scale=1), "source": row["source"],
            "published": float(row["value"]), "lower_allowed": lo, "upper_allowed": hi, "bounds": b,
            "base_n": base, "n": n, "value": 100 * sh.value, "ci_lower": 100 * sh.lower, "ci_upper": 100 * sh.upper,
            "n_agrees": n_agrees, "agrees": bool(ok and (n_agrees or not full_size)),
        })
    out = pd.DataFrame(rows)
    out["base_n"] = out["base_n"].astype("Int64")
    out["n"] = out["n"].astype("Int64")
    return out


def summary_line(table: pd.DataFrame, synthetic: bool) -> str:
    """One sentence on the outcome, saying plainly when agreement holds by construction (English, for the CLI)."""
    ok, total = int(table["agrees"].sum()), len(table)
    text = f"{ok} of {total} published numbers agree with the study's wording."
    if synthetic:
        text += (" The data are synthetic and calibrated to the study, so this agreement holds by construction;"
                 " it checks the generator and the computations, not the study.")
    else:
        text += " The data come from a file: this is a genuine replication check."
    return text
