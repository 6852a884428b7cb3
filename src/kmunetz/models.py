"""Binary models of active KMU participation, with average marginal effects as tidy frames.

The study reports which network features go with active KMU more or less often than average. Here
that is a logit (or probit) of "the network has active KMU" on those features, fitted with
statsmodels; average marginal effects (AME) give the change in probability, in percentage points.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import published

__all__ = ["FEATURES", "FEATURE_LABELS", "study_directions", "headline_groups", "headline", "attractive_topics",
           "design", "fit", "marginal_effects", "fit_summary"]

#: Common rule of thumb for logistic regression: at least this many cases of the rarer outcome per
#: estimated parameter (Peduzzi et al., 1996).
EVENTS_PER_PARAMETER_RULE = 10

#: Features of the model, in the order the study lists them.
FEATURES = ["partner_large_firms", "partner_schools", "partner_local_authority", "attractive_topics",
            "years_since_founding", "fulltime_coordination", "sector_focus", "exploitative", "public_goods",
            "decentral", "regular_fees"]

FEATURE_LABELS = {
    "partner_large_firms": "Größere Unternehmen als Partner",
    "partner_schools": "Schulen/Bildungseinrichtungen als Partner",
    "partner_local_authority": "Gebietskörperschaften als Partner",
    "attractive_topics": "Attraktive Themen (Digitalisierung, Führungskräfte)",
    "years_since_founding": "Bestehen (je Jahr)",
    "fulltime_coordination": "Hauptamtliche Koordination",
    "sector_focus": "Branchenfokus",
    "exploitative": "Exploitative Ausrichtung",
    "public_goods": "Öffentliche Güter",
    "decentral": "Dezentrale Organisation",
    "regular_fees": "Regelmäßige Beiträge/Gebühren",
}

def study_directions(catalogue=None) -> dict[str, int]:
    """Direction the study reports for each feature (+1 more often active, −1 less often), from the catalogue.

    The study's findings are published facts: each is a catalogue row ``richtung_<feature>`` of wording
    class ``richtung``. Nothing here reads the synthetic generator's assumptions.

    Examples
    --------
    >>> d = study_directions()
    >>> d["sector_focus"], d["decentral"], len(d)
    (1, -1, 11)
    """
    cat = published.load(catalogue)
    rows = cat[cat["wording_class"] == "richtung"]
    out = {str(r["variables"]): int(r["value"]) for _, r in rows.iterrows()}
    missing = [f for f in FEATURES if f not in out]
    if missing:
        raise published.CatalogueError(f"the catalogue states no direction for: {', '.join(missing)}")
    return {f: out[f] for f in FEATURES}


def headline_groups(catalogue=None) -> tuple[list[str], list[str]]:
    """The study's headline ranking as two feature groups: ([sector focus], [the partner types]).

    From the catalogue row ``wichtigste_merkmale`` (wording class ``rangfolge``), whose ``variables``
    name the groups in order, separated by ``;``.

    Examples
    --------
    >>> headline_groups()
    (['sector_focus'], ['partner_large_firms', 'partner_schools', 'partner_local_authority'])
    """
    row = published.get("wichtigste_merkmale", catalogue)
    groups = [g.split() for g in str(row["variables"]).split(";")]
    if len(groups) != 2 or any(f not in FEATURES for g in groups for f in g):
        raise published.CatalogueError(f"wichtigste_merkmale: expected two groups of model features, got {row['variables']!r}")
    return groups[0], groups[1]


def headline(effects: pd.DataFrame, catalogue=None) -> dict[str, object]:
    """Check the study's headline ("a sector focus and the kind of partners matter most") on estimated effects.

    The rule, applied to the binary features (the per-year effect of the network's age is on another
    scale and is left out): the headline holds when (1) the sector focus has the largest absolute
    average marginal effect, and (2) the partner types, on average, have larger absolute effects
    than the remaining features. Returns ``holds`` (both), ``sector_first``, ``partners_larger``,
    ``rank_sector`` (1 = largest), ``mean_partners`` and ``mean_others`` (points), and ``ranking``
    (the features by absolute effect, largest first).
    """
    first, partners = headline_groups(catalogue)
    e = effects.set_index("feature")["ame"].drop(index="years_since_founding", errors="ignore").abs()
    ranking = e.sort_values(ascending=False, kind="stable")
    others = [f for f in e.index if f not in first and f not in partners]
    rank_sector = int(list(ranking.index).index(first[0])) + 1
    mean_p, mean_o = float(e[partners].mean()), float(e[others].mean())
    return {"holds": rank_sector == 1 and mean_p > mean_o, "sector_first": rank_sector == 1,
            "partners_larger": mean_p > mean_o, "rank_sector": rank_sector, "mean_partners": mean_p,
            "mean_others": mean_o, "ranking": list(ranking.index)}


def attractive_topics(df: pd.DataFrame) -> pd.Series:
    """1 where a network works on an attractive topic (Digitalisierung) or target group (Führungskräfte)."""
    return ((df["field_digitalisierung"] == 1) | (df["target_fuehrungskraefte"] == 1)).astype("Int64")


def design(survey: pd.DataFrame, features: list[str] | None = None) -> tuple[pd.Series, pd.DataFrame]:
    """Return outcome (1 = active KMU) and feature matrix for networks with a valid participation answer.

    Examples
    --------
    >>> from kmunetz.survey import load_survey
    >>> y, X = design(load_survey())
    >>> len(y), int(y.sum()), X.shape[1]
    (154, 103, 11)
    """
    features = list(features or FEATURES)
    df = survey.assign(attractive_topics=attractive_topics(survey))
    unknown = [f for f in features if f not in df.columns]
    if unknown:
        raise KeyError(f"features not in the survey: {', '.join(unknown)}")
    valid = df["kmu_participation"].notna() & df[features].notna().all(axis=1)
    y = (df.loc[valid, "kmu_participation"] == "aktiv").astype(int).rename("active")
    X = df.loc[valid, features].astype(float)
    return y, X


def fit(survey: pd.DataFrame, model: str = "logit", features: list[str] | None = None):
    """Fit a logit or probit of active participation; return the statsmodels results object."""
    import statsmodels.api as sm

    if model not in ("logit", "probit"):
        raise ValueError(f"model must be 'logit' or 'probit', got {model!r}")
    y, X = design(survey, features)
    cls = sm.Logit if model == "logit" else sm.Probit
    return cls(y, sm.add_constant(X, has_constant="add")).fit(disp=0, maxiter=200)


def marginal_effects(result, confidence: float = 0.95) -> pd.DataFrame:
    """Average marginal effects in percentage points with confidence intervals, one row per feature.

    Columns: ``feature, label, ame, lower, upper, p_value, study_direction, same_sign``.
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")
    m = result.get_margeff(at="overall", method="dydx")
    frame = m.summary_frame(alpha=1 - confidence)
    ci = frame.columns[[4, 5]]
    out = pd.DataFrame({
        "feature": frame.index,
        "ame": 100 * frame["dy/dx"].to_numpy(),
        "lower": 100 * frame[ci[0]].to_numpy(),
        "upper": 100 * frame[ci[1]].to_numpy(),
        "p_value": frame["Pr(>|z|)"].to_numpy(),
    })
    out.insert(1, "label", out["feature"].map(FEATURE_LABELS).fillna(out["feature"]))
    out["study_direction"] = out["feature"].map(study_directions()).astype("Int64")
    out["same_sign"] = np.sign(out["ame"]).astype(int) == out["study_direction"]
    return out.reset_index(drop=True)


def fit_summary(result) -> dict[str, float]:
    """Plain numbers that describe a fitted model (ready for glue).

    Keys: ``n`` (networks), ``events`` (networks with active KMU), ``parameters``, ``pseudo_r2``
    (McFadden), ``llr_p`` (likelihood-ratio test against the constant-only model), ``aic``,
    ``mean_probability`` (average predicted probability) and ``events_per_parameter``.
    """
    y = result.model.endog
    k = int(result.df_model)
    return {
        "n": int(result.nobs),
        "events": int(y.sum()),
        "parameters": k,
        "pseudo_r2": float(result.prsquared),
        "llr_p": float(result.llr_pvalue),
        "aic": float(result.aic),
        "mean_probability": float(np.mean(result.predict())),
        "events_per_parameter": float(min(y.sum(), len(y) - y.sum()) / k),
    }
