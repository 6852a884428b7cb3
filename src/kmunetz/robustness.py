"""How robust are the findings? Seed sweeps computed in one process, for the book's robustness chapter.

``kmunetz sweep`` re-executes a whole chapter per seed (papermill); this module does the same for the
key findings directly, fast enough to run hundreds of seeds inside the default build:

- :func:`sweep` draws one synthetic survey per seed, fits the model of active participation
  (Firth's penalised logit by default) and keeps, per feature, the average marginal effect (AME),
  its standard error and confidence interval, and whether the fit may be reported at all. For the
  first few seeds it also recomputes every published number (they are pinned by construction, so a
  few seeds suffice to show it).
- :func:`pseudo_true` computes the AMEs the same model finds in one very large synthetic survey:
  the values a study of this design would estimate with unlimited data (*pseudo-true*, because the
  generator does not follow a logit model: its effect weights act in a Gumbel-top-k selection).
- :func:`effect_stability` summarises the sweep per feature: spread of the AMEs, the share of seeds
  with the study's sign, the power (share of seeds whose interval excludes zero on the study's side)
  and the coverage of the intervals (share of seeds whose interval contains the pseudo-true value),
  each with its Monte Carlo standard error :func:`mc_se`.

The per-seed work is kept lean: no p-values, no Holm correction, no bootstrap, no tables per seed;
:func:`effects_of` computes exactly the AMEs and delta-method standard errors of
:func:`kmunetz.models.marginal_effects` (a test checks that they agree).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import stats as sps

from . import estimation, models, reproduce, synthetic

__all__ = ["LIMIT", "PSEUDO_TRUE_N", "PSEUDO_TRUE_SEED", "PUBLISHED_SEEDS", "Sweep", "sweep", "effect_sweep",
           "effects_of", "published_sweep", "pseudo_true", "mc_se", "coverage", "effect_stability",
           "fit_counts", "rule_of_three"]

#: No average marginal effect beyond this many percentage points (in absolute value) is used: a
#: discrete change of a probability cannot exceed 100 points, so anything larger is a broken fit.
LIMIT = 100.0

#: Size and seed of the one very large synthetic survey that gives the pseudo-true effects.
PSEUDO_TRUE_N = 20_000
PSEUDO_TRUE_SEED = 999_999

#: The published numbers are pinned exactly at every seed; checking this many seeds shows it.
PUBLISHED_SEEDS = 40


@dataclass
class Sweep:
    """Result of :func:`sweep`.

    Attributes
    ----------
    effects : DataFrame
        One row per seed and feature: ``seed, feature, label, study_direction, ame, se, lower, upper``
        (points) and the fit's ``trustworthy, converged, separated`` plus ``usable`` (trustworthy, and every
        effect of the seed finite and within ±:data:`LIMIT` points). Effects of untrustworthy fits are NaN.
    numbers : DataFrame
        ``seed, key, value, agrees`` for every published number at the first ``published_seeds`` seeds.
    seconds : float
        Wall-clock time of the whole sweep (effects and published numbers).
    published_seeds : int
        How many seeds the published numbers were checked at.
    """

    effects: pd.DataFrame
    numbers: pd.DataFrame
    seconds: float
    published_seeds: int

    @property
    def runs(self) -> int:
        return int(self.effects["seed"].nunique())


def _ame_se(fit: estimation.BinaryFit) -> tuple[np.ndarray, np.ndarray]:
    """AMEs and their delta-method standard errors (as fractions), one per feature, in the fit's column order."""
    cols = [j for j, c in enumerate(fit.X.columns) if c != "const"]
    return models.ames(fit.params.to_numpy(), fit.X.to_numpy(dtype=float), fit.link, cols, fit.cov.to_numpy())


def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")
    return float(sps.norm.ppf(0.5 + confidence / 2))


def effects_of(fit: estimation.BinaryFit, confidence: float = 0.95) -> pd.DataFrame:
    """AMEs in percentage points with delta-method standard errors and intervals, one row per feature.

    The same numbers as :func:`kmunetz.models.marginal_effects` (discrete change for yes/no features,
    average derivative for the others), without p-values, labels or directions: the lean version
    for sweeps. Raises :class:`kmunetz.models.EstimationError` for a fit that must not be reported.

    Examples
    --------
    >>> fit = models.fit(synthetic.generate_survey(3))
    >>> lean, full = effects_of(fit), models.marginal_effects(fit)
    >>> bool(np.allclose(lean["ame"], full["ame"]) and np.allclose(lean["upper"], full["upper"]))
    True
    """
    z = _z(confidence)
    if not fit.trustworthy:
        raise models.EstimationError(fit.problem())
    ame, se = _ame_se(fit)
    return pd.DataFrame({"feature": [c for c in fit.X.columns if c != "const"], "ame": 100 * ame, "se": 100 * se,
                         "lower": 100 * (ame - z * se), "upper": 100 * (ame + z * se)})


def _design(survey: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Outcome and design matrix (with the constant first) of :func:`kmunetz.models.design`, in plain numpy.

    The same rows and values as ``models.design`` followed by ``sm.add_constant`` (a test checks it),
    at a fraction of the cost: the sweep calls it once per seed.
    """
    cols = [models.attractive_topics(survey) if f == "attractive_topics" else survey[f] for f in models.FEATURES]
    X = np.column_stack([c.to_numpy(dtype=float, na_value=np.nan) for c in cols])
    part = survey["kmu_participation"]
    valid = part.notna().to_numpy() & ~np.isnan(X).any(axis=1)
    y = (part.to_numpy(dtype=object, na_value=None)[valid] == "aktiv").astype(int)
    Xc = pd.DataFrame(np.column_stack([np.ones(int(valid.sum())), X[valid]]), columns=["const", *models.FEATURES])
    return y, Xc


def _fit(survey: pd.DataFrame, model: str) -> estimation.BinaryFit:
    """The fit of :func:`kmunetz.models.fit`, with less pandas around it."""
    if model not in models.ESTIMATORS:
        raise ValueError(f"model must be one of {', '.join(repr(e) for e in models.ESTIMATORS)}, got {model!r}")
    y, Xc = _design(survey)
    if model == "firth":
        return estimation.firth_logit(y, Xc)
    return estimation.ml_fit(y, Xc, model)


def sweep(seeds: Iterable[int], n: int = synthetic.DEFAULT_N, model: str = "firth", confidence: float = 0.95,
          published_seeds: int = PUBLISHED_SEEDS) -> Sweep:
    """Fit the model of active participation for each seed; check the published numbers at the first seeds.

    Every seed's survey is drawn once. A fit that is not trustworthy (maximum likelihood under
    separation, or no convergence) keeps its rows, with NaN effects and ``trustworthy`` False, so
    that it is counted and never silently dropped.

    Examples
    --------
    >>> s = sweep(range(3), published_seeds=1)
    >>> s.runs, len(s.effects), s.numbers["seed"].unique().tolist(), bool(s.effects["usable"].all())
    (3, 33, [0], True)
    """
    seeds = [int(s) for s in seeds]
    if model not in models.ESTIMATORS:
        raise ValueError(f"model must be one of {', '.join(repr(e) for e in models.ESTIMATORS)}, got {model!r}")
    z = _z(confidence)
    k = len(models.FEATURES)
    scaled = n != synthetic.DEFAULT_N
    start = time.perf_counter()
    ame = np.full((len(seeds), k), np.nan)
    se = np.full((len(seeds), k), np.nan)
    flags = np.zeros((len(seeds), 3), dtype=bool)  # trustworthy, converged, separated
    numbers = []
    for i, seed in enumerate(seeds):
        survey = synthetic.generate_survey(seed, n)
        try:
            fit = _fit(survey, model)
        except np.linalg.LinAlgError:  # a singular design (a feature without variation): no estimate at all
            fit = None
        if fit is not None:
            flags[i] = fit.trustworthy, fit.converged, fit.separation.separated
            if fit.trustworthy:
                ame[i], se[i] = _ame_se(fit)
        if i < published_seeds:
            table = reproduce.compare(survey, synthetic.generate_experts(seed), confidence, scaled=scaled)
            numbers.append(table[["key", "value", "agrees"]].assign(seed=seed))
    seconds = time.perf_counter() - start
    directions = models.study_directions()
    ame, se = 100 * ame.ravel(), 100 * se.ravel()
    effects = pd.DataFrame({
        "seed": np.repeat(seeds, k).astype(int), "feature": np.tile(models.FEATURES, len(seeds)),
        "label": np.tile([models.FEATURE_LABELS[f] for f in models.FEATURES], len(seeds)),
        "study_direction": np.tile([directions[f] for f in models.FEATURES], len(seeds)).astype(int),
        "ame": ame, "se": se, "lower": ame - z * se, "upper": ame + z * se,
        "trustworthy": np.repeat(flags[:, 0], k), "converged": np.repeat(flags[:, 1], k),
        "separated": np.repeat(flags[:, 2], k)})
    # a fit with one effect that is not finite or beyond the limit is broken: none of its effects is used
    sound = (np.isfinite(ame) & np.isfinite(se) & (np.abs(ame) <= LIMIT)).reshape(len(seeds), k).all(axis=1)
    effects["usable"] = effects["trustworthy"] & np.repeat(sound, k)
    numbers = (pd.concat(numbers, ignore_index=True)[["seed", "key", "value", "agrees"]] if numbers
               else pd.DataFrame(columns=["seed", "key", "value", "agrees"]))
    return Sweep(effects, numbers, seconds, min(published_seeds, len(seeds)))


def effect_sweep(seeds: Iterable[int], n: int = synthetic.DEFAULT_N, model: str = "firth",
                 confidence: float = 0.95) -> pd.DataFrame:
    """The effects of :func:`sweep` alone (no published numbers): one row per seed and feature."""
    return sweep(seeds, n, model, confidence, published_seeds=0).effects


def published_sweep(seeds: Iterable[int], n: int = synthetic.DEFAULT_N, confidence: float = 0.95) -> pd.DataFrame:
    """Every published number for each seed: ``seed, key, value, agrees``."""
    seeds = list(seeds)
    return sweep(seeds, n, "firth", confidence, published_seeds=len(seeds)).numbers


@lru_cache(maxsize=8)
def _pseudo_true(model: str, n: int, seed: int) -> pd.DataFrame:
    estimator = "logit" if model == "firth" else model
    fit = models.fit(synthetic.generate_survey(seed, n), estimator)
    return effects_of(fit)[["feature", "ame", "se"]]


def pseudo_true(model: str = "firth", n: int = PSEUDO_TRUE_N, seed: int = PSEUDO_TRUE_SEED) -> pd.DataFrame:
    """AMEs (points) of the model in one very large synthetic survey: the pseudo-true values.

    The generator selects the networks with active KMU by a Gumbel-top-k draw on a weighted index of
    the features, not by a logit model; the logit (or probit) model is a deliberate approximation. Its
    AMEs in a survey of ``n`` networks are, up to their small standard error ``se``, what the model
    estimates with unlimited data under the same assumptions: the target its intervals should cover.
    For Firth's logit the maximum likelihood logit is used: at this size the two agree.

    Examples
    --------
    >>> t = pseudo_true(n=5000)
    >>> list(t.columns), len(t), bool((t.set_index("feature").loc["sector_focus", "ame"] > 0))
    (['feature', 'ame', 'se'], 11, True)
    """
    return _pseudo_true(model, int(n), int(seed)).copy()


def mc_se(share, runs):
    """Monte Carlo standard error of a share of ``runs`` independent seeds: ``sqrt(p (1 - p) / R)``.

    Examples
    --------
    >>> round(mc_se(0.8, 500), 5)
    0.01789
    >>> mc_se(1.0, 500)
    0.0
    """
    p = np.asarray(share, dtype=float)
    r = np.asarray(runs, dtype=float)
    out = np.sqrt(p * (1 - p) / r)
    return float(out) if out.ndim == 0 else out


def rule_of_three(runs: int) -> float:
    """Approximate 95 % upper bound of a rate never observed in ``runs`` independent seeds: ``3 / R``.

    Examples
    --------
    >>> rule_of_three(500)
    0.006
    """
    return 3.0 / int(runs)


def coverage(effects: pd.DataFrame, truth: pd.DataFrame | pd.Series) -> pd.Series:
    """Share of usable seeds per feature whose interval ``[lower, upper]`` contains the true value.

    ``truth`` is a Series indexed by feature or a frame with columns ``feature, ame``.

    Examples
    --------
    >>> e = pd.DataFrame({"feature": ["a", "a", "a", "a"], "lower": [0, 1, 2, 3], "upper": [2, 3, 4, 5],
    ...                   "usable": True})
    >>> coverage(e, pd.Series({"a": 2.5})).to_dict()
    {'a': 0.5}
    """
    if isinstance(truth, pd.DataFrame):
        truth = truth.set_index("feature")["ame"]
    e = effects[effects["usable"]] if "usable" in effects else effects
    t = e["feature"].map(truth)
    if t.isna().any():
        raise KeyError(f"no true value for: {', '.join(sorted(set(e.loc[t.isna(), 'feature'])))}")
    covered = (e["lower"] <= t) & (t <= e["upper"])
    return covered.groupby(e["feature"], sort=False).mean()


def effect_stability(effects: pd.DataFrame, truth: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per feature, over the usable seeds: spread of the AMEs and three rates with Monte Carlo standard errors.

    Columns: ``feature, label, study_direction, seeds`` (usable seeds), ``median, p05, p95`` (points),
    ``same_sign`` (share of seeds with the study's sign), ``power`` (share whose interval excludes zero
    on the study's side), and with ``truth`` (from :func:`pseudo_true`) ``truth, truth_se, coverage``
    (share whose interval contains the pseudo-true AME); each rate ``x`` with its ``x_se``.
    """
    s = effects[effects["usable"]] if "usable" in effects else effects
    s = s.assign(same_sign=np.sign(s["ame"]) == s["study_direction"],
                 power=np.where(s["study_direction"] > 0, s["lower"] > 0, s["upper"] < 0))
    g = s.groupby(["feature", "label", "study_direction"], sort=False)
    out = pd.DataFrame({
        "seeds": g.size(), "median": g["ame"].median(), "p05": g["ame"].quantile(0.05),
        "p95": g["ame"].quantile(0.95), "same_sign": g["same_sign"].mean(), "power": g["power"].mean(),
    }).reset_index()
    if truth is not None:
        t = truth.set_index("feature")
        out["truth"] = out["feature"].map(t["ame"])
        out["truth_se"] = out["feature"].map(t["se"])
        out["coverage"] = out["feature"].map(coverage(s, truth))
    for rate in ("same_sign", "power", "coverage"):
        if rate in out:
            out[f"{rate}_se"] = mc_se(out[rate], out["seeds"])
    return out


def fit_counts(effects: pd.DataFrame) -> dict[str, int]:
    """Seeds of a sweep by what happened to their fit.

    Keys: ``runs``; ``separated`` (seeds whose data are separated, whatever the estimator made of
    it); ``untrustworthy`` (fits that must not be reported), split without overlap into
    ``failed_separated`` (maximum likelihood under separation) and ``failed_other`` (no convergence
    or no estimate at all, without separation); ``out_of_range`` (trustworthy fits with an effect
    that is not finite or beyond ±:data:`LIMIT` points); ``usable`` (seeds whose effects are used).

    Examples
    --------
    >>> c = fit_counts(effect_sweep([1, 2]))
    >>> c["runs"], c["usable"], c["untrustworthy"]
    (2, 2, 0)
    """
    per = effects.groupby("seed").agg(trustworthy=("trustworthy", "first"), separated=("separated", "first"),
                                      usable=("usable", "all"))
    failed = ~per["trustworthy"]
    return {"runs": len(per), "separated": int(per["separated"].sum()), "untrustworthy": int(failed.sum()),
            "failed_separated": int((failed & per["separated"]).sum()),
            "failed_other": int((failed & ~per["separated"]).sum()),
            "out_of_range": int((per["trustworthy"] & ~per["usable"]).sum()), "usable": int(per["usable"].sum())}
