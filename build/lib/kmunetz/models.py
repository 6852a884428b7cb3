"""Binary models of active KMU participation, with average marginal effects as tidy frames.

The study reports which network features go with active KMU more or less often than average. Here
that is a model of "the network has active KMU" on those features. The default estimator is Firth's
penalised logit (:func:`kmunetz.estimation.firth_logit`): with about 150 networks, 11 features and
roughly 50 networks in the rarer group, maximum likelihood is biased away from zero and breaks down
when a feature separates the outcome. Maximum likelihood logit and probit (statsmodels) stay
available; every fit is checked for convergence and separation, and a fit that failed is never
reported as an effect.

Average marginal effects (AME) are in percentage points: for a yes/no feature the average change in
probability when every network has the feature compared with none having it (the discrete change, as
Stata's ``margins`` and R's marginaleffects report it); for the network's age the average derivative
per year. Standard errors come from the delta method; p-values are also given after Holm's
correction for the eleven tests, and a bootstrap is available.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import published
from .estimation import LINKS, BinaryFit, EstimationError, firth_logit, ml_fit

__all__ = ["FEATURES", "FEATURE_LABELS", "ESTIMATORS", "study_directions", "headline_groups", "headline",
           "attractive_topics", "design", "fit", "ames", "holm", "marginal_effects", "fit_summary", "EstimationError"]

#: Estimators :func:`fit` offers; the first is the default.
ESTIMATORS = ("firth", "logit", "probit")

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


def fit(survey: pd.DataFrame, model: str = "firth", features: list[str] | None = None) -> BinaryFit:
    """Fit Firth's penalised logit (default), or a maximum likelihood logit or probit, of active participation.

    Examples
    --------
    >>> from kmunetz.survey import load_survey
    >>> f = fit(load_survey())
    >>> f.estimator, f.converged, f.separation.separated
    ('firth', True, False)
    """
    import statsmodels.api as sm

    if model not in ESTIMATORS:
        raise ValueError(f"model must be one of {', '.join(repr(e) for e in ESTIMATORS)}, got {model!r}")
    y, X = design(survey, features)
    Xc = sm.add_constant(X, has_constant="add")
    if model == "firth":
        return firth_logit(y.to_numpy(), Xc)
    return ml_fit(y.to_numpy(), Xc, model)


def _is_binary(col: np.ndarray) -> bool:
    return bool(np.isin(np.unique(col), [0.0, 1.0]).all())


def ames(params: np.ndarray, X: np.ndarray, link: str, columns: list[int],
         cov: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """Average marginal effects (fractions) of the given columns, and their delta-method SEs when ``cov`` is given.

    A 0/1 column gets the discrete change (every network with the feature against none), any other
    column the average derivative. ``X`` includes the constant; ``params`` are the coefficients.
    """
    F, f, df = LINKS[link]
    eta = X @ params
    out = np.empty(len(columns))
    grads = np.empty((len(columns), X.shape[1]))
    for i, j in enumerate(columns):
        x = X[:, j]
        if _is_binary(x):
            e1, e0 = eta + (1 - x) * params[j], eta - x * params[j]
            f1, f0 = f(e1), f(e0)
            out[i] = np.mean(F(e1) - F(e0))
            grads[i] = ((f1 - f0)[:, None] * X).mean(axis=0)
            grads[i, j] = f1.mean()
        else:
            fe = f(eta)
            out[i] = fe.mean() * params[j]
            grads[i] = (df(eta)[:, None] * X).mean(axis=0) * params[j]
            grads[i, j] += fe.mean()
    if cov is None:
        return out, None
    return out, np.sqrt(np.einsum("ij,jk,ik->i", grads, cov, grads))


def holm(p) -> np.ndarray:
    """Holm's step-down adjusted p-values (as statsmodels' ``multipletests(method="holm")``, without its overhead).

    Examples
    --------
    >>> holm([0.01, 0.04, 0.03]).round(3).tolist()
    [0.03, 0.06, 0.06]
    """
    p = np.asarray(p, dtype=float)
    order = np.argsort(p, kind="stable")
    m = len(p)
    adjusted = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * p[order]))
    out = np.empty(m)
    out[order] = adjusted
    return out


def marginal_effects(result: BinaryFit, confidence: float = 0.95, bootstrap: int = 0, seed: int = 0) -> pd.DataFrame:
    """Average marginal effects in percentage points with delta-method intervals, one row per feature.

    Columns: ``feature, label, ame, se, lower, upper, p_value, p_holm, study_direction, same_sign``;
    with ``bootstrap`` > 0 also ``boot_lower, boot_upper`` (percentile interval of that many
    resamples of the networks, refitted with the same estimator).

    Raises
    ------
    EstimationError
        If the fit must not be reported (maximum likelihood under separation, or no convergence).
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")
    if not result.trustworthy:
        raise EstimationError(result.problem())
    from scipy import stats as sps

    names = list(result.X.columns)
    cols = [i for i, c in enumerate(names) if c != "const"]
    X = result.X.to_numpy(dtype=float)
    beta = result.params.to_numpy()
    ame, se = ames(beta, X, result.link, cols, result.cov.to_numpy())
    z = sps.norm.ppf(0.5 + confidence / 2)
    p = 2 * sps.norm.sf(np.abs(ame / se))
    out = pd.DataFrame({"feature": [names[i] for i in cols], "ame": 100 * ame, "se": 100 * se,
                        "lower": 100 * (ame - z * se), "upper": 100 * (ame + z * se), "p_value": p,
                        "p_holm": holm(p)})
    if bootstrap:
        rng = np.random.default_rng(seed)
        draws = []
        for _ in range(int(bootstrap)):
            idx = rng.integers(0, len(X), len(X))
            Xb = result.X.iloc[idx].reset_index(drop=True)
            yb = result.y[idx]
            refit = firth_logit(yb, Xb) if result.estimator == "firth" else ml_fit(yb, Xb, result.link)
            if refit.trustworthy:
                draws.append(ames(refit.params.to_numpy(), Xb.to_numpy(dtype=float), refit.link, cols)[0])
        draws = 100 * np.asarray(draws)
        alpha = (1 - confidence) / 2
        out["boot_lower"] = np.quantile(draws, alpha, axis=0)
        out["boot_upper"] = np.quantile(draws, 1 - alpha, axis=0)
        out.attrs["bootstrap_used"] = len(draws)
    out.insert(1, "label", out["feature"].map(FEATURE_LABELS).fillna(out["feature"]))
    out["study_direction"] = out["feature"].map(study_directions()).astype("Int64")
    out["same_sign"] = np.sign(out["ame"]).astype(int) == out["study_direction"]
    return out.reset_index(drop=True)


def fit_summary(result: BinaryFit) -> dict[str, float]:
    """Plain numbers that describe a fitted model (ready for glue).

    Keys: ``n`` (networks), ``events`` (networks with active KMU), ``parameters``, ``pseudo_r2``
    (McFadden, from the unpenalised likelihood), ``tjur_r2`` (difference of the mean predicted
    probability between networks with and without active KMU), ``auc`` (area under the ROC curve),
    ``llr`` (likelihood-ratio χ² against the constant-only model), ``llr_df``, ``llr_p``, ``aic``,
    ``mean_probability`` (average predicted probability) and ``events_per_parameter``.
    """
    from scipy import stats as sps

    y = result.y
    k = int(result.df_model)
    p = result.predict()
    ranks = sps.rankdata(p)
    n1 = y.sum()
    auc = (ranks[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * (len(y) - n1))
    return {
        "n": int(result.nobs),
        "events": int(y.sum()),
        "parameters": k,
        "pseudo_r2": float(result.prsquared),
        "tjur_r2": float(p[y == 1].mean() - p[y == 0].mean()),
        "auc": float(auc),
        "llr": float(result.llr),
        "llr_df": k,
        "llr_p": float(result.llr_pvalue),
        "aic": float(result.aic),
        "mean_probability": float(np.mean(p)),
        "events_per_parameter": float(min(y.sum(), len(y) - y.sum()) / k),
    }
