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
from .estimation import LINKS, BinaryFit, EstimationError, firth_logit, ml_fit, profile_intervals
from .wording import modell

__all__ = ["FEATURES", "FEATURE_LABELS", "ESTIMATORS", "study_directions", "headline_groups", "headline",
           "attractive_topics", "design", "fit", "ames", "holm", "marginal_effects", "fit_summary", "coefficient_table",
           "separation_text", "interval_text", "lr_test_name", "holm_text", "fallback_text", "MIN_BOOTSTRAP",
           "ESTIMATOR_NAMES", "EstimationError"]

#: Estimators :func:`fit` offers; the first is the default.
ESTIMATORS = ("firth", "logit", "probit")
#: Their German names.
ESTIMATOR_NAMES = {"firth": "Firth-Logit", "logit": "Logit", "probit": "Probit"}

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


#: Fewest bootstrap resamples :func:`marginal_effects` accepts: fewer leave percentile endpoints with
#: several points of Monte Carlo noise.
MIN_BOOTSTRAP = 999


def _profile_ames(result: BinaryFit, confidence: float, cols: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """AME interval ends carried over from the coefficients' profile penalised-likelihood intervals, and the p-values.

    For feature ``j`` the AME is evaluated at the two coefficient vectors that end ``β_j``'s profile
    interval (``β_j`` at its bound, the other coefficients refitted). A discrete change or average
    derivative is zero exactly when ``β_j`` is, so the AME interval excludes zero exactly when the
    coefficient's interval does, and the penalised likelihood-ratio test of ``β_j = 0`` is the test
    of a zero effect.
    """
    X = result.X.to_numpy(dtype=float)
    names = list(result.X.columns)
    ci = profile_intervals(result, confidence, [names[j] for j in cols])
    lower, upper = np.empty(len(cols)), np.empty(len(cols))
    for i, j in enumerate(cols):
        row = ci.loc[names[j]]
        ends = [ames(np.asarray(b), X, result.link, [j])[0][0] if np.all(np.isfinite(b)) else np.sign(edge) * np.inf
                for b, edge in ((row["at_lower"], row["lower"]), (row["at_upper"], row["upper"]))]
        lower[i], upper[i] = min(ends), max(ends)
    return lower, upper, ci["p"].to_numpy(dtype=float)


def _quantile_mc_se(draws: np.ndarray, q: float) -> np.ndarray:
    """Monte Carlo standard error of the ``q`` quantile of ``draws`` (per column), from order statistics.

    The sample quantile's rank is binomial with standard deviation ``sqrt(B q (1 - q))``; half the
    distance between the order statistics that far below and above estimates the endpoint's
    standard error (the distribution-free interval for a quantile, scaled to one SE).
    """
    B = len(draws)
    half = np.sqrt(B * q * (1 - q))
    s = np.sort(draws, axis=0)
    lo = s[max(0, int(np.floor(B * q - half)) - 1)]
    hi = s[min(B - 1, int(np.ceil(B * q + half)) - 1)]
    return (hi - lo) / 2


def _bootstrap(result: BinaryFit, cols: list[int], resamples: int, confidence: float, seed: int) -> dict:
    """Percentile bootstrap of the AMEs: ends, their Monte Carlo SEs, and how many resamples were usable."""
    rng = np.random.default_rng(seed)
    draws, skipped = [], 0
    for _ in range(int(resamples)):
        idx = rng.integers(0, len(result.y), len(result.y))
        Xb = result.X.iloc[idx].reset_index(drop=True)
        yb = result.y[idx]
        refit = (firth_logit(yb, Xb, separation=False) if result.estimator == "firth" else
                 ml_fit(yb, Xb, result.link))
        if not refit.trustworthy:  # a constant column, separation under ML, no convergence: skipped, counted
            skipped += 1
            continue
        draws.append(ames(refit.params.to_numpy(), Xb.to_numpy(dtype=float), refit.link, cols)[0])
    alpha = (1 - confidence) / 2
    out = {"used": len(draws), "skipped": skipped}
    if len(draws) < 2:
        nan = np.full(len(cols), np.nan)
        return out | {"lower": nan, "upper": nan, "lower_mc_se": nan, "upper_mc_se": nan}
    d = 100 * np.asarray(draws)
    return out | {"lower": np.quantile(d, alpha, axis=0), "upper": np.quantile(d, 1 - alpha, axis=0),
                  "lower_mc_se": _quantile_mc_se(d, alpha), "upper_mc_se": _quantile_mc_se(d, 1 - alpha)}


def marginal_effects(result: BinaryFit, confidence: float = 0.95, interval: str | None = None, bootstrap: int = 0,
                     seed: int = 0) -> pd.DataFrame:
    """Average marginal effects in percentage points with confidence intervals and tests, one row per feature.

    Parameters
    ----------
    result : BinaryFit
        A fit from :func:`fit`.
    confidence : float
        Confidence level of every interval, strictly between 0 and 1.
    interval : {"profile", "wald"}, optional
        ``"profile"`` (the default for Firth's logit, as logistf): the interval ends and the test of a
        zero effect come from the coefficient's profile penalised likelihood (see
        :func:`_profile_ames`); ``"wald"`` (the default, and the only choice, for maximum likelihood):
        delta-method intervals and z tests. The delta-method standard error ``se`` and Wald ends
        ``wald_lower, wald_upper`` are always given.
    bootstrap : int
        0 (default) for none, or at least :data:`MIN_BOOTSTRAP` resamples of the networks, refitted
        with the same estimator: adds the percentile interval ``boot_lower, boot_upper`` and the Monte
        Carlo standard errors of its ends ``boot_lower_mc_se, boot_upper_mc_se``. Resamples that
        cannot be estimated are skipped; ``attrs`` hold ``bootstrap_used`` and ``bootstrap_skipped``.
    seed : int
        Seed of the bootstrap's resampling.

    Returns
    -------
    DataFrame
        ``feature, label, ame, se, lower, upper, wald_lower, wald_upper, p_value, p_holm,
        study_direction, same_sign``; ``attrs["interval"]`` names the interval method.

    Raises
    ------
    EstimationError
        If the fit must not be reported (maximum likelihood under separation, no convergence, a
        design without full rank).

    Examples
    --------
    >>> from kmunetz.survey import load_survey
    >>> me = marginal_effects(fit(load_survey()))
    >>> me.attrs["interval"], bool(((me["lower"] > 0) | (me["upper"] < 0)).eq(me["p_value"] < 0.05).all())
    ('profile', True)
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")
    interval = interval or ("profile" if result.estimator == "firth" else "wald")
    if interval not in ("profile", "wald") or (interval == "profile" and result.estimator != "firth"):
        raise ValueError(f"interval must be 'wald', or 'profile' for a Firth fit; got {interval!r} "
                         f"for a {result.estimator!r} fit")
    if bootstrap and int(bootstrap) < MIN_BOOTSTRAP:
        raise ValueError(f"bootstrap must be 0 or at least {MIN_BOOTSTRAP} resamples, got {bootstrap!r}")
    if not result.trustworthy:
        raise EstimationError(result.problem(FEATURE_LABELS))
    from scipy import stats as sps

    names = list(result.X.columns)
    cols = [i for i, c in enumerate(names) if c != "const"]
    X = result.X.to_numpy(dtype=float)
    beta = result.params.to_numpy()
    ame, se = ames(beta, X, result.link, cols, result.cov.to_numpy())
    z = sps.norm.ppf(0.5 + confidence / 2)
    out = pd.DataFrame({"feature": [names[i] for i in cols], "ame": 100 * ame, "se": 100 * se,
                        "wald_lower": 100 * (ame - z * se), "wald_upper": 100 * (ame + z * se)})
    if interval == "profile":
        lower, upper, p = _profile_ames(result, confidence, cols)
        out["lower"], out["upper"] = 100 * lower, 100 * upper
    else:
        out["lower"], out["upper"] = out["wald_lower"], out["wald_upper"]
        p = 2 * sps.norm.sf(np.abs(ame / se))
    out["p_value"] = p
    out["p_holm"] = holm(p)
    out = out[["feature", "ame", "se", "lower", "upper", "wald_lower", "wald_upper", "p_value", "p_holm"]]
    if bootstrap:
        boot = _bootstrap(result, cols, int(bootstrap), confidence, seed)
        for key in ("lower", "upper", "lower_mc_se", "upper_mc_se"):
            out[f"boot_{key}"] = boot[key]
        out.attrs["bootstrap_used"], out.attrs["bootstrap_skipped"] = boot["used"], boot["skipped"]
    out.insert(1, "label", out["feature"].map(FEATURE_LABELS).fillna(out["feature"]))
    out["study_direction"] = out["feature"].map(study_directions()).astype("Int64")
    out["same_sign"] = np.sign(out["ame"]).astype(int) == out["study_direction"]
    out = out.reset_index(drop=True)
    out.attrs["interval"] = interval
    return out


def fit_summary(result: BinaryFit) -> dict[str, float]:
    """Plain numbers that describe a fitted model (ready for glue).

    Keys: ``n`` (networks), ``events`` (networks with active KMU), ``parameters``, ``pseudo_r2``
    (McFadden, from the unpenalised likelihood), ``tjur_r2`` (difference of the mean predicted
    probability between networks with and without active KMU), ``auc`` (area under the ROC curve),
    ``llr`` (likelihood-ratio χ² against the model without features: for Firth's logit the penalised
    test logistf prints, :func:`kmunetz.estimation.penalised_lr_test`; for maximum likelihood the
    ordinary one), ``llr_df``, ``llr_p``, ``aic``, ``share_active`` (the share of networks with active
    KMU: the one average probability the book uses) and ``events_per_parameter``.
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
        "share_active": float(y.mean()),
        "events_per_parameter": float(min(y.sum(), len(y) - y.sum()) / k),
    }


def coefficient_table(result: BinaryFit, confidence: float = 0.95):
    """The fitted coefficients as logistf prints them, as a German table (a pandas ``Styler``).

    Columns: the term, the coefficient (log odds, or probit scale), its standard error, the interval
    (profile penalised likelihood for Firth's logit, Wald for maximum likelihood), the test statistic
    (penalised likelihood-ratio χ² for Firth, z² for maximum likelihood) and its p-value.

    Examples
    --------
    >>> from kmunetz.survey import load_survey
    >>> coefficient_table(fit(load_survey())).data.shape
    (12, 6)
    """
    from scipy import stats as sps

    from . import formatting

    if not result.trustworthy:
        raise EstimationError(result.problem(FEATURE_LABELS))
    se = np.sqrt(np.diag(result.cov.to_numpy()))
    if result.estimator == "firth":
        ci = profile_intervals(result, confidence)
        lower, upper, stat, p, method = ci["lower"], ci["upper"], ci["chi2"], ci["p"], "Profil"
    else:
        z = sps.norm.ppf(0.5 + confidence / 2)
        coef = result.params.to_numpy()
        lower, upper, stat = coef - z * se, coef + z * se, (coef / se) ** 2
        p, method = sps.chi2.sf(stat, 1), "Wald"
    ki = formatting.confidence_label(confidence, short=True)
    terms = ["Konstante" if c == "const" else FEATURE_LABELS.get(c, c) for c in result.X.columns]
    table = pd.DataFrame({
        "Term": terms, "Koeffizient": result.params.to_numpy(), "Standardfehler": se,
        ki: [formatting.interval(a, b, 3, scale=1, unit="") for a, b in zip(lower, upper)],
        "χ²": np.asarray(stat, dtype=float),
        "p": ["< 0,001" if v < 0.001 else formatting.number(v, 3) for v in np.asarray(p, dtype=float)],
    })
    how = "Profil der penalisierten Likelihood" if method == "Profil" else "Wald"
    return formatting.german_table(table, decimals=3, nowrap=[ki], caption=f"Intervalle und Tests: {how}.")


def separation_text(result: BinaryFit) -> str:
    """German method sentences on a separation in the model's data ("" if none); see :func:`kmunetz.wording.modell.separation_text`.

    Examples
    --------
    >>> from kmunetz.estimation import Separation
    >>> from types import SimpleNamespace
    >>> fit_ = SimpleNamespace(estimator="firth", separation=Separation(True, ("sector_focus",), cells=((1, 1, 5),)))
    >>> separation_text(fit_)  # doctest: +NORMALIZE_WHITESPACE
    'Die Daten sind getrennt: Alle 5 Netzwerke mit dem Merkmal „Branchenfokus“ haben aktive KMU. Firths
    Schätzung bleibt trotzdem endlich, doch der Effekt dieses Merkmals ist nur grob bestimmt: Sein Intervall
    ist entsprechend breit.'
    """
    return modell.separation_text(result.separation, result.estimator, FEATURE_LABELS)


def interval_text(effects: pd.DataFrame, result: BinaryFit) -> str:
    """German method sentences on how the intervals and p-values of :func:`marginal_effects` were computed.

    Examples
    --------
    >>> interval_text(pd.DataFrame(), None).startswith("Die Intervalle beruhen auf der Delta-Methode")
    True
    """
    return modell.interval_text(effects.attrs.get("interval"))


def lr_test_name(result: BinaryFit) -> str:
    """The German name of the model's overall likelihood-ratio test (penalised for Firth's logit).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> lr_test_name(SimpleNamespace(estimator="firth")), lr_test_name(SimpleNamespace(estimator="probit"))
    ('penalisierte Likelihood-Quotienten-Test', 'Likelihood-Quotienten-Test')
    """
    return modell.lr_test_name(result.estimator)


def holm_text(significant: int, tests: int) -> str:
    """German method sentence: how many of ``tests`` effects stay distinguishable from zero after Holm's correction.

    Examples
    --------
    >>> holm_text(3, 11)
    'Nach der Holm-Korrektur für 11 Tests bleiben 3 Effekte auf diesem Niveau von null verschieden.'
    """
    return modell.holm_text(significant, tests)


def fallback_text(result: BinaryFit) -> str:
    """German method sentences for a maximum likelihood fit that cannot be reported, after which Firth's logit is used.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from kmunetz.estimation import Separation
    >>> fallback_text(SimpleNamespace(estimator="probit", separation=Separation(False),
    ...                               problem=lambda labels: "Die Schätzung ist nicht konvergiert."))
    ... # doctest: +NORMALIZE_WHITESPACE
    'Das gewählte Probit-Modell lässt sich mit diesen Daten nicht sinnvoll schätzen. Die Schätzung ist
    nicht konvergiert. Dieses Kapitel berichtet deshalb das Firth-Logit-Modell.'
    """
    separated = bool(result.separation.separated)
    return modell.fallback_text(ESTIMATOR_NAMES[result.estimator], "" if separated else result.problem(FEATURE_LABELS),
                                separated, ESTIMATOR_NAMES["firth"])
