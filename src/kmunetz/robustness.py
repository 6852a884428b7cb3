"""How robust are the findings? Sweeps of many synthetic samples computed in one process, for the robustness chapter.

``kmunetz sweep`` re-executes a whole chapter per seed (papermill); this module does the same for the
key findings directly, fast enough to run hundreds of samples inside the default build. It has two
designs:

- :func:`population_sweep` draws ``runs`` simple random samples of ``n`` networks from one large
  synthetic population (the survey of :func:`pseudo_true`) and fits the model of active
  participation to each. Every margin of a sample varies from draw to draw, as in a real survey:
  this is the design whose coverage and power describe what a survey of ``n`` networks can do.
  :func:`population_sample` returns one such sample as a survey frame.
- :func:`sweep` draws one synthetic survey per seed with :func:`kmunetz.synthetic.generate_survey`,
  which fixes every published margin exactly in each survey. It shows that the published numbers
  are pinned at every seed (it recomputes them for the first few seeds), but its effects vary less
  from seed to seed than under random sampling: its coverage and power are not a survey's.

Both return the same effects frame (one row per run and feature: the average marginal effect
(AME), its standard error and confidence interval, and whether the fit may be reported at all),
which :func:`effect_stability`, :func:`coverage`, :func:`spread_check` and :func:`fit_counts`
summarise. A fit that fails (maximum likelihood under separation, a feature without variation,
no convergence) is counted and skipped, never raised.

- :func:`pseudo_true` computes the AMEs the same model finds in the large population: the values
  a study of this design estimates with unlimited data (*pseudo-true*, because the generator does
  not follow a logit model: its effect weights act in a Gumbel-top-k selection).
- :func:`effect_stability` summarises a sweep per feature: spread of the AMEs, the share of runs
  with the study's sign, the power (share of runs whose interval excludes zero on the study's side)
  and the coverage of the intervals (share of runs whose interval contains the pseudo-true value),
  each with its Monte Carlo standard error :func:`mc_se`.
- :func:`mc_compare` decides whether such a rate differs from a reference level (the confidence
  level, the target power :data:`POWER_TARGET`) by more than two Monte Carlo standard errors; the
  ``*_text`` functions turn the decisions into German sentences that read right for any data.

The per-run work is kept lean: no p-values, no Holm correction, no bootstrap, no tables per run;
:func:`effects_of` computes exactly the AMEs and delta-method standard errors of
:func:`kmunetz.models.marginal_effects` (a test checks that they agree).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import stats as sps

from . import estimation, formatting, models, reproduce, synthetic

__all__ = ["LIMIT", "PSEUDO_TRUE_N", "PSEUDO_TRUE_SEED", "PUBLISHED_SEEDS", "FIXED_MARGIN_RUNS", "POWER_TARGET",
           "Sweep", "sweep", "effect_sweep", "population_sample", "population_sweep", "effects_of",
           "published_sweep", "pseudo_true", "mc_se", "mc_interval", "mc_compare", "rule_of_three", "coverage",
           "effect_stability", "spread_check", "fit_counts", "COVERAGE_WORDS", "POWER_WORDS", "coverage_text",
           "power_target_text", "typical_power_text", "sign_text", "spread_text", "fit_text", "rate_range_text"]

#: No average marginal effect beyond this many percentage points (in absolute value) is used: a
#: discrete change of a probability cannot exceed 100 points, so anything larger is a broken fit.
LIMIT = 100.0

#: Size and seed of the one very large synthetic survey: the population the random samples of
#: :func:`population_sweep` are drawn from, and whose AMEs are the pseudo-true effects.
PSEUDO_TRUE_N = 20_000
PSEUDO_TRUE_SEED = 999_999

#: The published numbers are pinned exactly at every seed; checking this many seeds shows it.
PUBLISHED_SEEDS = 40

#: At most this many fixed-margin surveys (:func:`sweep`) in the robustness chapter's comparison of the designs.
FIXED_MARGIN_RUNS = 200

#: The usual target power when a study is planned: a rule of this book's wording (:func:`power_target_text`).
POWER_TARGET = 0.8

#: Tag of the random stream that draws the samples of :func:`population_sample` (apart from the generator's).
_SAMPLE_STREAM = 20_170_156


@dataclass
class Sweep:
    """Result of :func:`sweep`.

    Attributes
    ----------
    effects : DataFrame
        One row per seed and feature: ``seed, feature, label, study_direction, ame, se, lower, upper``
        (points), the fit's ``trustworthy, converged, separated, singular`` and ``model`` (the estimator),
        plus ``usable`` (trustworthy, and every effect of the seed finite and within ±:data:`LIMIT` points).
        Effects of untrustworthy fits are NaN.
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


def _check_model(model: str) -> None:
    if model not in models.ESTIMATORS:
        raise ValueError(f"model must be one of {', '.join(repr(e) for e in models.ESTIMATORS)}, got {model!r}")


def effects_of(fit: estimation.BinaryFit, confidence: float = 0.95) -> pd.DataFrame:
    """AMEs in percentage points with delta-method standard errors and intervals, one row per feature.

    The same numbers as :func:`kmunetz.models.marginal_effects` (discrete change for yes/no features,
    average derivative for the others) with its delta-method (Wald) interval, without p-values,
    labels or directions: the lean version for sweeps. Other intervals (profile likelihood,
    bootstrap) need many refits per run and are not computed here. Raises
    :class:`kmunetz.models.EstimationError` for a fit that must not be reported.

    Examples
    --------
    >>> fit = models.fit(synthetic.generate_survey(3))
    >>> lean, full = effects_of(fit), models.marginal_effects(fit)
    >>> upper = full["wald_upper"] if "wald_upper" in full else full["upper"]  # the delta-method interval
    >>> bool(np.allclose(lean["ame"], full["ame"]) and np.allclose(lean["upper"], upper))
    True
    """
    z = _z(confidence)
    if not fit.trustworthy:
        raise models.EstimationError(fit.problem())
    ame, se = _ame_se(fit)
    return pd.DataFrame({"feature": [c for c in fit.X.columns if c != "const"], "ame": 100 * ame, "se": 100 * se,
                         "lower": 100 * (ame - z * se), "upper": 100 * (ame + z * se)})


def _design_arrays(survey: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which networks enter the model (a participation answer and every feature), their outcome and features."""
    cols = [models.attractive_topics(survey) if f == "attractive_topics" else survey[f] for f in models.FEATURES]
    X = np.column_stack([c.to_numpy(dtype=float, na_value=np.nan) for c in cols])
    part = survey["kmu_participation"]
    valid = part.notna().to_numpy() & ~np.isnan(X).any(axis=1)
    y = (part.to_numpy(dtype=object, na_value=None)[valid] == "aktiv").astype(int)
    return valid, y, np.column_stack([np.ones(int(valid.sum())), X[valid]])


def _design(survey: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Outcome and design matrix (with the constant first) of :func:`kmunetz.models.design`, in plain numpy.

    The same rows and values as ``models.design`` followed by ``sm.add_constant`` (a test checks it),
    at a fraction of the cost: the sweep calls it once per seed.
    """
    _, y, X = _design_arrays(survey)
    return y, pd.DataFrame(X, columns=["const", *models.FEATURES])


def _fit_design(y: np.ndarray, Xc: pd.DataFrame, model: str) -> estimation.BinaryFit:
    if model == "firth":
        return estimation.firth_logit(y, Xc)
    return estimation.ml_fit(y, Xc, model)


def _fit(survey: pd.DataFrame, model: str) -> estimation.BinaryFit:
    """The fit of :func:`kmunetz.models.fit`, with less pandas around it."""
    _check_model(model)
    return _fit_design(*_design(survey), model)


def _estimate(y: np.ndarray, Xc: pd.DataFrame, model: str) -> tuple[np.ndarray, np.ndarray, tuple[bool, ...]]:
    """AMEs and standard errors (fractions) of one fit, and its flags ``(trustworthy, converged, separated, singular)``.

    A design without full column rank (a feature that is constant in the sample, or features that
    coincide) identifies no effect: it is flagged ``singular`` and not fitted. So is a fit whose
    estimator cannot invert its information matrix (numpy's ``LinAlgError``). An untrustworthy fit
    gives NaN effects. Nothing is raised.
    """
    k = Xc.shape[1] - 1
    nan = np.full(k, np.nan)
    A = Xc.to_numpy(dtype=float)
    if len(y) < A.shape[1] or np.linalg.matrix_rank(A) < A.shape[1]:
        return nan, nan, (False, False, False, True)
    try:
        fit = _fit_design(y, Xc, model)
    except np.linalg.LinAlgError:  # the estimator met a singular information matrix: no estimate at all
        return nan, nan, (False, False, False, True)
    flags = (bool(fit.trustworthy), bool(fit.converged), bool(fit.separation.separated), False)
    if not fit.trustworthy:
        return nan, nan, flags
    ame, se = _ame_se(fit)
    return ame, se, flags


def _effects_frame(runs: list[int], ame: np.ndarray, se: np.ndarray, flags: np.ndarray, z: float,
                   model: str) -> pd.DataFrame:
    """The effects frame of a sweep from per-run arrays (fractions; ``flags``: one row of four per run)."""
    k = len(models.FEATURES)
    directions = models.study_directions()
    ame, se = 100 * ame.ravel(), 100 * se.ravel()
    effects = pd.DataFrame({
        "seed": np.repeat(runs, k).astype(int), "feature": np.tile(models.FEATURES, len(runs)),
        "label": np.tile([models.FEATURE_LABELS[f] for f in models.FEATURES], len(runs)),
        "study_direction": np.tile([directions[f] for f in models.FEATURES], len(runs)).astype(int),
        "ame": ame, "se": se, "lower": ame - z * se, "upper": ame + z * se,
        "trustworthy": np.repeat(flags[:, 0], k), "converged": np.repeat(flags[:, 1], k),
        "separated": np.repeat(flags[:, 2], k), "singular": np.repeat(flags[:, 3], k), "model": model})
    # a fit with one effect that is not finite or beyond the limit is broken: none of its effects is used
    sound = (np.isfinite(ame) & np.isfinite(se) & (np.abs(ame) <= LIMIT)).reshape(len(runs), k).all(axis=1)
    effects["usable"] = effects["trustworthy"] & np.repeat(sound, k)
    return effects


def sweep(seeds: Iterable[int], n: int = synthetic.DEFAULT_N, model: str = "firth", confidence: float = 0.95,
          published_seeds: int = PUBLISHED_SEEDS) -> Sweep:
    """Fit the model of active participation to one fixed-margin survey per seed; check the published numbers.

    Every seed's survey is drawn once with :func:`kmunetz.synthetic.generate_survey`, which fixes
    every published margin exactly: the published numbers are recomputed for the first
    ``published_seeds`` seeds. Because the margins (and the share of fees among networks with KMU)
    never vary, some effects (the fees above all) vary less across seeds than across random
    samples: for the coverage and power of a survey use :func:`population_sweep`. A fit that is not trustworthy (maximum likelihood
    under separation, a singular design, or no convergence) keeps its rows, with NaN effects and
    ``trustworthy`` False, so that it is counted and never silently dropped.

    Examples
    --------
    >>> s = sweep(range(3), published_seeds=1)
    >>> s.runs, len(s.effects), s.numbers["seed"].unique().tolist(), bool(s.effects["usable"].all())
    (3, 33, [0], True)
    """
    seeds = [int(s) for s in seeds]
    _check_model(model)
    z = _z(confidence)
    k = len(models.FEATURES)
    scaled = n != synthetic.DEFAULT_N
    start = time.perf_counter()
    ame = np.full((len(seeds), k), np.nan)
    se = np.full((len(seeds), k), np.nan)
    flags = np.zeros((len(seeds), 4), dtype=bool)  # trustworthy, converged, separated, singular
    numbers = []
    for i, seed in enumerate(seeds):
        survey = synthetic.generate_survey(seed, n)
        ame[i], se[i], flags[i] = _estimate(*_design(survey), model)
        if i < published_seeds:
            table = reproduce.compare(survey, synthetic.generate_experts(seed), confidence, scaled=scaled)
            numbers.append(table[["key", "value", "agrees"]].assign(seed=seed))
    effects = _effects_frame(seeds, ame, se, flags, z, model)
    seconds = time.perf_counter() - start
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


@dataclass(frozen=True)
class _Population:
    """The population survey and its model design, computed once: ``row[i]`` is network i's row in ``y``, ``X``."""

    survey: pd.DataFrame
    row: np.ndarray  # -1 for a network without a participation answer (it drops out of a sample's fit)
    y: np.ndarray
    X: np.ndarray  # with the constant first


@lru_cache(maxsize=4)
def _population(n: int, seed: int) -> _Population:
    survey = synthetic.generate_survey(seed, n)
    valid, y, X = _design_arrays(survey)
    row = np.full(n, -1)
    row[valid] = np.arange(int(valid.sum()))
    for a in (row, y, X):
        a.setflags(write=False)  # shared by every call: never changed
    return _Population(survey, row, y, X)


def _sample_index(seed: int, n: int, size: int, replace: bool) -> np.ndarray:
    """Positions of the ``n`` networks a sample draws from a population of ``size`` (its own random stream)."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a whole number of networks of at least 1, got {n!r}")
    if not replace and n > size:
        raise ValueError(f"cannot draw {n} networks without replacement from a population of {size}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative whole number, got {seed!r}")
    rng = np.random.default_rng([int(seed), _SAMPLE_STREAM])
    return rng.integers(0, size, size=n) if replace else rng.choice(size, size=n, replace=False)


def population_sample(seed: int = synthetic.DEFAULT_SEED, n: int = synthetic.DEFAULT_N, *, replace: bool = True,
                      population_n: int = PSEUDO_TRUE_N, population_seed: int = PSEUDO_TRUE_SEED) -> pd.DataFrame:
    """A simple random sample of ``n`` networks from the large synthetic population: a survey frame.

    The population is the survey of :func:`pseudo_true` (``population_n`` networks, seed
    ``population_seed``). The sample is drawn with replacement (``replace=False``: without), from
    all its networks, including those without a participation answer, so that, as in a real
    survey, every share and the number of valid answers vary from sample to sample. The same seed
    gives the same sample; the networks are numbered anew (``N0001`` …). :func:`population_sweep`
    fits exactly these samples.

    Examples
    --------
    >>> a, b = population_sample(1, 156), population_sample(2, 156)
    >>> len(a), a.equals(population_sample(1, 156)), a.equals(b)
    (156, True, False)
    """
    pop = _population(int(population_n), int(population_seed))
    idx = _sample_index(seed, n, len(pop.survey), replace)
    out = pop.survey.iloc[idx].reset_index(drop=True)
    out["network_id"] = pd.array([f"N{i + 1:04d}" for i in range(len(out))], dtype=out["network_id"].dtype)
    return out


def population_sweep(runs: int, n: int = synthetic.DEFAULT_N, model: str = "firth", confidence: float = 0.95,
                     seed: int = synthetic.DEFAULT_SEED, *, replace: bool = True, population_n: int = PSEUDO_TRUE_N,
                     population_seed: int = PSEUDO_TRUE_SEED) -> pd.DataFrame:
    """Fit the model of active participation to ``runs`` random samples of ``n`` networks from one population.

    Run ``i`` fits the sample :func:`population_sample` draws with seed ``seed + i``: the first runs
    of a longer sweep are the runs of a shorter one, and a sweep split into chunks of seeds (for a
    process pool, or a planner that tries several ``n``) and joined gives the same frame. Unlike the fixed-margin surveys of
    :func:`sweep`, every margin of a sample varies: the spread of the effects, the coverage of the
    intervals against the population's own AMEs (:func:`pseudo_true` with the same population) and
    the power are those of a survey that samples ``n`` networks at random. A fit that fails (maximum
    likelihood under separation, a feature constant in the sample, no convergence) is counted and
    skipped, never raised.

    Returns
    -------
    DataFrame
        The effects frame of :func:`sweep` (``seed`` is the run's seed): one row per run and feature,
        for :func:`effect_stability`, :func:`coverage`, :func:`spread_check` and :func:`fit_counts`.

    Examples
    --------
    >>> e = population_sweep(3, n=120, seed=5)
    >>> sorted(e["seed"].unique().tolist()), len(e), bool(e.equals(population_sweep(3, n=120, seed=5)))
    ([5, 6, 7], 33, True)
    """
    if isinstance(runs, bool) or not isinstance(runs, (int, np.integer)) or runs < 1:
        raise ValueError(f"runs must be a whole number of at least 1, got {runs!r}")
    _check_model(model)
    z = _z(confidence)
    pop = _population(int(population_n), int(population_seed))
    columns = ["const", *models.FEATURES]
    seeds = [int(seed) + i for i in range(int(runs))]
    k = len(models.FEATURES)
    ame = np.full((len(seeds), k), np.nan)
    se = np.full((len(seeds), k), np.nan)
    flags = np.zeros((len(seeds), 4), dtype=bool)
    for i, s in enumerate(seeds):
        rows = pop.row[_sample_index(s, n, len(pop.row), replace)]
        rows = rows[rows >= 0]
        ame[i], se[i], flags[i] = _estimate(pop.y[rows], pd.DataFrame(pop.X[rows], columns=columns), model)
    return _effects_frame(seeds, ame, se, flags, z, model)


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
    This survey is also the population :func:`population_sweep` samples from, so for its samples
    the pseudo-true values are exactly the population's AMEs. For Firth's logit the maximum
    likelihood logit is used: at this size the two agree.

    Examples
    --------
    >>> t = pseudo_true(n=5000)
    >>> list(t.columns), len(t), bool((t.set_index("feature").loc["sector_focus", "ame"] > 0))
    (['feature', 'ame', 'se'], 11, True)
    """
    return _pseudo_true(model, int(n), int(seed)).copy()


def mc_se(share, runs):
    """Monte Carlo standard error of a share of ``runs`` independent runs: ``sqrt(p (1 - p) / R)``.

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


def _rates(share, runs) -> tuple[np.ndarray, np.ndarray]:
    p = np.asarray(share, dtype=float)
    r = np.asarray(runs, dtype=float)
    if np.any(r < 1):
        raise ValueError("runs must be at least 1")
    if np.any((p < 0) | (p > 1)):
        raise ValueError("a rate must lie between 0 and 1")
    return p, r


def mc_interval(share, runs, z: float = 2.0):
    """Wilson score interval of a rate from ``runs`` independent runs, ``z`` standard errors wide on each side.

    Unlike ``share ± z · mc_se(share)`` it does not collapse at 0 or 1: a rate of 100 % in 5 runs
    still allows a rate well below 100 %. A reference level lies outside this interval exactly when
    :func:`mc_compare` calls the rate different from it.

    Examples
    --------
    >>> [round(x, 4) for x in mc_interval(0.8, 500)]
    [0.7619, 0.8333]
    >>> [round(x, 4) for x in mc_interval(1.0, 5)]
    [0.5556, 1.0]
    """
    p, r = _rates(share, runs)
    z2 = z * z
    centre = (p + z2 / (2 * r)) / (1 + z2 / r)
    half = z / (1 + z2 / r) * np.sqrt(p * (1 - p) / r + z2 / (4 * r * r))
    lo, hi = np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
    return (float(lo), float(hi)) if lo.ndim == 0 else (lo, hi)


def mc_compare(share, runs, reference, z: float = 2.0):
    """Where a rate of ``runs`` Monte Carlo runs lies against a reference level: 1 above, −1 below, 0 cannot tell.

    The rate counts as different from ``reference`` only when it lies more than ``z`` Monte Carlo
    standard errors away, the standard error taken at the reference: ``sqrt(p0 (1 − p0) / R)`` (the
    score test; equivalently, the reference lies outside the Wilson interval :func:`mc_interval`).
    Within that band the deviation may be the chance of the runs; outside it, it is a deviation. A
    rate exactly on the boundary cannot tell.

    Examples
    --------
    At 500 runs a power of exactly 80 % cannot tell whether the target of 80 % is reached, nor can
    83,5 %; 84 % is above it (two standard errors at 80 %: 3,6 points):

    >>> mc_compare(0.80, 500, 0.8), mc_compare(0.835, 500, 0.8), mc_compare(0.84, 500, 0.8)
    (0, 0, 1)
    >>> mc_compare([0.93, 0.95, 0.965, 0.986], 500, 0.95).tolist()
    [-1, 0, 0, 1]
    """
    p, r = _rates(share, runs)
    p0 = float(reference)
    if not 0 < p0 < 1:
        raise ValueError(f"reference must lie strictly between 0 and 1, got {reference!r}")
    band = z * np.sqrt(p0 * (1 - p0) / r)
    out = np.where(p - p0 > band, 1, np.where(p0 - p > band, -1, 0))
    return int(out) if out.ndim == 0 else out.astype(int)


def rule_of_three(runs: int) -> float:
    """Approximate 95 % upper bound of a rate never observed in ``runs`` independent runs: ``3 / R``.

    Examples
    --------
    >>> rule_of_three(500)
    0.006
    """
    return 3.0 / int(runs)


def coverage(effects: pd.DataFrame, truth: pd.DataFrame | pd.Series) -> pd.Series:
    """Share of usable runs per feature whose interval ``[lower, upper]`` contains the true value.

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
    """Per feature, over the usable runs: spread of the AMEs and three rates with Monte Carlo standard errors.

    Columns: ``feature, label, study_direction, seeds`` (usable runs), ``median, p05, p95`` (points),
    ``same_sign`` (share of runs with the study's sign), ``power`` (share whose interval excludes zero
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


def spread_check(effects: pd.DataFrame, reference: pd.DataFrame | None = None, z: float = 2.0) -> pd.DataFrame:
    """Per feature, over the usable runs: do the AMEs vary as much as their standard errors say, or as in another sweep?

    Columns: ``feature, label, seeds``, ``sd`` (standard deviation of the AMEs across runs, points),
    ``se`` (root mean square of their standard errors), ``ratio`` and ``verdict``. Without
    ``reference`` the ratio is ``sd / se``; with a ``reference`` sweep (say, random samples) it is
    ``sd`` over the reference's ``sd`` (column ``reference_sd``). The verdict is −1 when the AMEs
    vary less by more than ``z`` Monte Carlo standard errors of the log ratio, 1 when more, 0 when
    the runs cannot tell. The standard error of ``log(sd)`` from R runs is taken as
    ``1 / sqrt(2 (R − 1))`` (normal AMEs; the mean standard error varies much less); a feature with
    fewer than two runs has a NaN ratio and verdict 0.

    Examples
    --------
    >>> e = pd.DataFrame({"feature": "a", "label": "A", "ame": [1.0, -1.0] * 50, "se": 2.0, "usable": True})
    >>> row = spread_check(e).iloc[0]
    >>> round(float(row["ratio"]), 3), int(row["verdict"])
    (0.503, -1)
    >>> wide = e.assign(ame=2 * e["ame"])
    >>> int(spread_check(e, wide).iloc[0]["verdict"]), int(spread_check(e, e).iloc[0]["verdict"])
    (-1, 0)
    """
    def per_feature(frame: pd.DataFrame) -> pd.DataFrame:
        s = frame[frame["usable"]] if "usable" in frame else frame
        g = s.groupby(["feature", "label"], sort=False)
        return pd.DataFrame({"seeds": g.size(), "sd": g["ame"].std(ddof=1),
                             "se": g["se"].apply(lambda v: float(np.sqrt(np.mean(np.square(v)))))}).reset_index()

    out = per_feature(effects)
    runs = out["seeds"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        var_log = 1 / (2 * (runs - 1))
        if reference is None:
            out["ratio"] = out["sd"] / out["se"]
        else:
            ref = per_feature(reference).set_index("feature")
            out["reference_sd"] = out["feature"].map(ref["sd"])
            out["ratio"] = out["sd"] / out["reference_sd"]
            var_log = var_log + 1 / (2 * (out["feature"].map(ref["seeds"]).to_numpy(dtype=float) - 1))
        log_ratio = np.log(out["ratio"].to_numpy(dtype=float))
        band = z * np.sqrt(var_log)
    decided = np.isfinite(log_ratio) & np.isfinite(band) & (var_log > 0)
    out["verdict"] = np.where(decided & (log_ratio > band), 1, np.where(decided & (-log_ratio > band), -1, 0))
    return out


def fit_counts(effects: pd.DataFrame) -> dict[str, int]:
    """Runs of a sweep by what happened to their fit.

    Keys: ``runs``; ``separated`` (runs whose data are separated, whatever the estimator made of
    it); ``untrustworthy`` (fits that must not be reported), split without overlap into
    ``failed_separated`` (maximum likelihood under separation), ``failed_singular`` (no estimate
    at all: a feature constant in the sample, or features that coincide) and ``failed_other`` (no
    convergence; for Firth's logit also with separated data, which it estimates when it converges);
    ``out_of_range`` (trustworthy fits with an effect that is not finite or beyond
    ±:data:`LIMIT` points); ``usable`` (runs whose effects are used).

    Examples
    --------
    >>> c = fit_counts(effect_sweep([1, 2]))
    >>> c["runs"], c["usable"], c["untrustworthy"]
    (2, 2, 0)
    """
    e = effects.assign(singular=effects["singular"] if "singular" in effects else False,
                       ml=effects["model"] != "firth" if "model" in effects else True)
    per = e.groupby("seed").agg(trustworthy=("trustworthy", "first"), separated=("separated", "first"),
                                singular=("singular", "first"), ml=("ml", "first"), usable=("usable", "all"))
    failed = ~per["trustworthy"]
    singular = failed & per["singular"]
    separated = failed & per["separated"] & per["ml"] & ~singular  # Firth's logit does not fail for separation
    return {"runs": len(per), "separated": int(per["separated"].sum()), "untrustworthy": int(failed.sum()),
            "failed_separated": int(separated.sum()), "failed_singular": int(singular.sum()),
            "failed_other": int((failed & ~separated & ~singular).sum()),
            "out_of_range": int((per["trustworthy"] & ~per["usable"]).sum()), "usable": int(per["usable"].sum())}


# --- German sentences built from the results; they read right for any data (one, some, all, none) ---------

#: How a coverage compares with the confidence level (:func:`mc_compare`), in the chapter's table.
COVERAGE_WORDS = {-1: "zu niedrig", 0: "im Rahmen", 1: "zu hoch"}

#: How a power compares with the target (:func:`mc_compare`), in the chapter's table.
POWER_WORDS = {-1: "verfehlt", 0: "offen", 1: "erreicht"}


def _quoted(labels: Iterable[str]) -> str:
    """Labels in German quotation marks, as a list: '„A“, „B“ und „C“'."""
    return formatting.german_list([f"„{x}“" for x in labels])


def _grouped(labels: Sequence[str], verdict, templates: Mapping[int, str]) -> str:
    """One sentence per group of features with the same verdict (−1, 0, 1), in the order of ``templates``.

    A template holds ``{who}`` (a dative phrase: "bei „A“ und „B“") or ``{Who}`` (the same at the
    start of a sentence). A single group is "bei allen 11 Merkmalen"; otherwise the largest group,
    if it has more than two features, comes last as "bei den übrigen 8 Merkmalen".
    """
    v = np.atleast_1d(np.asarray(verdict))
    labels = list(labels)
    if len(labels) != len(v):
        raise ValueError(f"{len(labels)} labels but {len(v)} verdicts")
    groups = {key: [x for x, d in zip(labels, v) if d == key] for key in templates}
    present = [key for key in templates if groups[key]]
    if not present:
        raise ValueError("no features to describe")
    largest = max(present, key=lambda key: len(groups[key]))
    summarised = largest if len(present) > 1 and len(groups[largest]) > 2 else None
    order = [key for key in present if key != summarised] + ([summarised] if summarised is not None else [])
    parts = []
    for key in order:
        g = groups[key]
        if len(present) == 1 and len(g) > 1:
            who = f"bei allen {formatting.integer(len(g))} Merkmalen"
        elif key == summarised:
            who = "beim übrigen Merkmal" if len(g) == 1 else f"bei den übrigen {formatting.integer(len(g))} Merkmalen"
        else:
            who = f"bei {_quoted(g)}"
        parts.append(templates[key].format(who=who, Who=who[0].upper() + who[1:]))
    return " ".join(parts)


def rate_range_text(values, decimals: int = 1, preposition: str = "bei") -> str:
    """The range of a rate over the features, in German; equal ends (as shown) collapse to one value.

    Examples
    --------
    >>> rate_range_text([0.93, 0.978])
    'je nach Merkmal bei 93,0 bis 97,8\\xa0%'
    >>> rate_range_text([0.95, 0.9501], 1, "in"), rate_range_text([0.5], 0)
    ('bei allen Merkmalen in 95,0\\xa0%', 'bei 50\\xa0%')
    """
    v = np.asarray(values, dtype=float)
    lo, hi = formatting.percent(v.min(), decimals), formatting.percent(v.max(), decimals)
    if len(v) == 1:
        return f"{preposition} {lo}"
    if lo == hi:
        return f"bei allen Merkmalen {preposition} {lo}"
    return f"je nach Merkmal {preposition} {formatting.interval(v.min(), v.max(), decimals)}"


_TWO_SE = "um mehr als zwei Monte-Carlo-Standardfehler"


def coverage_text(labels: Sequence[str], coverage, runs, confidence: float) -> str:
    """What the coverage of each feature says, in German: deviations of more than two Monte Carlo SEs, and the rest.

    A coverage counts as off only when :func:`mc_compare` puts it more than two Monte Carlo standard
    errors (at the confidence level) away from the confidence level; only the others are called
    compatible with the chance of the runs.

    Examples
    --------
    >>> coverage_text(["A", "B"], [0.951, 0.94], 500, 0.95)  # doctest: +NORMALIZE_WHITESPACE
    'Bei keinem der 2 Merkmale weicht die Überdeckung um mehr als zwei Monte-Carlo-Standardfehler vom
    Konfidenzniveau ab. Was an Abweichung bleibt, kann der Zufall der Durchläufe erklären: Im Rahmen dieser
    Genauigkeit halten die Intervalle, was sie versprechen.'
    >>> coverage_text(["A", "B", "C"], [0.986, 0.95, 0.9], 500, 0.95)  # doctest: +NORMALIZE_WHITESPACE
    'Bei „C“ liegt die Überdeckung um mehr als zwei Monte-Carlo-Standardfehler unter dem Konfidenzniveau: Die
    Intervalle enthalten den pseudo-wahren Wert dort seltener, als ihr Niveau verspricht; sie sind zu schmal.
    Bei „A“ liegt die Überdeckung um mehr als zwei Monte-Carlo-Standardfehler über dem Konfidenzniveau: Die
    Intervalle enthalten den pseudo-wahren Wert dort öfter, als ihr Niveau verspricht; sie sind breiter als
    nötig. Bei „B“ bleibt die Abweichung vom Konfidenzniveau innerhalb von zwei Monte-Carlo-Standardfehlern, im
    Rahmen dessen, was der Zufall der Durchläufe erklären kann.'
    """
    verdict = mc_compare(coverage, runs, confidence)
    k = len(list(labels))
    if not np.any(np.atleast_1d(verdict)):
        who = "Die Überdeckung weicht" if k == 1 else \
            f"Bei keinem der {formatting.integer(k)} Merkmale weicht die Überdeckung"
        return (f"{who} {_TWO_SE} vom Konfidenzniveau ab. Was an Abweichung bleibt, kann der Zufall der "
                "Durchläufe erklären: Im Rahmen dieser Genauigkeit halten die Intervalle, was sie versprechen.")
    return _grouped(labels, verdict, {
        -1: f"{{Who}} liegt die Überdeckung {_TWO_SE} unter dem Konfidenzniveau: Die Intervalle enthalten den "
            "pseudo-wahren Wert dort seltener, als ihr Niveau verspricht; sie sind zu schmal.",
        1: f"{{Who}} liegt die Überdeckung {_TWO_SE} über dem Konfidenzniveau: Die Intervalle enthalten den "
           "pseudo-wahren Wert dort öfter, als ihr Niveau verspricht; sie sind breiter als nötig.",
        0: "{Who} bleibt die Abweichung vom Konfidenzniveau innerhalb von zwei Monte-Carlo-Standardfehlern, im "
           "Rahmen dessen, was der Zufall der Durchläufe erklären kann."})


def power_target_text(labels: Sequence[str], power, runs, target: float = POWER_TARGET) -> str:
    """Which features reach the target power, in German: reached, missed, or not to be told from these runs.

    A target counts as reached only when the power lies more than two Monte Carlo standard errors
    (at the target) above it, as missed only when it lies as far below (:func:`mc_compare`);
    otherwise the runs cannot tell.

    Examples
    --------
    >>> power_target_text(["A", "B"], [0.8, 0.8], 500)
    'Bei allen 2 Merkmalen lässt sich mit diesen Durchläufen nicht sagen, ob die Zielgröße erreicht wird.'
    >>> power_target_text(["A", "B", "C", "D"], [0.9, 0.3, 0.2, 0.81], 500)  # doctest: +NORMALIZE_WHITESPACE
    'Erreicht wird die Zielgröße bei „A“. Verfehlt wird die Zielgröße bei „B“ und „C“. Bei „D“ lässt sich mit
    diesen Durchläufen nicht sagen, ob die Zielgröße erreicht wird.'
    >>> power_target_text(["A", "B", "C", "D"], [0.81, 0.3, 0.2, 0.1], 500)  # doctest: +NORMALIZE_WHITESPACE
    'Bei „A“ lässt sich mit diesen Durchläufen nicht sagen, ob die Zielgröße erreicht wird. Verfehlt wird die
    Zielgröße bei den übrigen 3 Merkmalen.'
    >>> power_target_text(["A"], [0.2], 500)
    'Verfehlt wird die Zielgröße bei „A“.'
    """
    return _grouped(labels, mc_compare(power, runs, target), {
        1: "Erreicht wird die Zielgröße {who}.",
        -1: "Verfehlt wird die Zielgröße {who}.",
        0: "{Who} lässt sich mit diesen Durchläufen nicht sagen, ob die Zielgröße erreicht wird."})


def typical_power_text(power: float, runs, target: float = POWER_TARGET) -> str:
    """What a typical power (the median over the features) means, in German, judged by :func:`mc_compare`.

    It is compared with one half (found more often than missed?) and with the target.

    Examples
    --------
    >>> typical_power_text(0.31, 500)  # doctest: +NORMALIZE_WHITESPACE
    'Im typischen Fall verfehlt eine Befragung dieser Größe einen Effekt der angenommenen Stärke also öfter,
    als sie ihn nachweist.'
    >>> typical_power_text(0.52, 500)  # doctest: +NORMALIZE_WHITESPACE
    'Im typischen Fall weist eine Befragung dieser Größe einen Effekt der angenommenen Stärke also etwa so oft
    nach, wie sie ihn verfehlt.'
    """
    half, goal = mc_compare(power, runs, 0.5), mc_compare(power, runs, target)
    head = "Im typischen Fall "
    effect = "eine Befragung dieser Größe einen Effekt der angenommenen Stärke also"
    if goal > 0:
        return f"{head}weist {effect} mindestens so oft nach, wie es die übliche Zielgröße verlangt."
    if half < 0:
        return f"{head}verfehlt {effect} öfter, als sie ihn nachweist."
    if half == 0:
        return f"{head}weist {effect} etwa so oft nach, wie sie ihn verfehlt."
    if goal < 0:
        return f"{head}weist {effect} öfter nach, als sie ihn verfehlt, aber seltener, als es die übliche Zielgröße " \
               "verlangt."
    return f"{head}weist {effect} öfter nach, als sie ihn verfehlt; ob so oft, wie es die übliche Zielgröße " \
           "verlangt, lassen die Durchläufe offen."


def sign_text(labels: Sequence[str], same_sign) -> str:
    """How often each effect has the study's direction, in German (the shares as observed, to one decimal).

    Examples
    --------
    >>> sign_text(["A", "B"], [1.0, 1.0])  # doctest: +NORMALIZE_WHITESPACE
    'In jedem Durchlauf zeigen alle 2 Effekte die Richtung, die die Studie berichtet: Der Zufall der Stichprobe
    kehrt die vorgegebene Richtung bei keinem Merkmal um.'
    >>> sign_text(["A", "B", "C"], [0.9, 1.0, 0.95])  # doctest: +NORMALIZE_WHITESPACE
    'Die Richtung, die die Studie berichtet, zeigt sich je nach Merkmal in 90,0 bis 100,0\\xa0% der Durchläufe,
    bei einem der 3 Effekte in jedem. Am seltensten stimmt sie bei „A“.'
    """
    labels = list(labels)
    same = np.asarray(same_sign, dtype=float)
    k, always = len(labels), int((same == 1).sum())
    if always == k:
        who = f"zeigen alle {formatting.integer(k)} Effekte" if k > 1 else "zeigt der Effekt"
        return (f"In jedem Durchlauf {who} die Richtung, die die Studie berichtet: Der Zufall der Stichprobe kehrt "
                "die vorgegebene Richtung bei keinem Merkmal um.")
    lo, hi = formatting.percent(same.min(), 1), formatting.percent(same.max(), 1)
    text = "Die Richtung, die die Studie berichtet, zeigt sich " + (
        f"bei jedem Merkmal in {lo} der Durchläufe" if lo == hi else
        f"je nach Merkmal in {formatting.interval(same.min(), same.max(), 1)} der Durchläufe")
    if always:
        text += (", bei einem der " if always == 1 else f", bei {formatting.integer(always)} der ") + \
            f"{formatting.integer(k)} Effekte in jedem"
    text += "."
    if lo != hi:
        text += " Am seltensten stimmt sie bei " + _quoted(x for x, v in zip(labels, same) if v == same.min()) + "."
    return text


def spread_text(labels: Sequence[str], verdict, than: str = "als in den Zufallsstichproben") -> str:
    """How much the effects vary compared with ``than`` (``verdict`` of :func:`spread_check`), in German.

    "Deutlich" means more than two Monte Carlo standard errors: the chapter says so where it uses the
    sentence. ``than`` names the comparison, e.g. ``", als ihr Standardfehler angibt"``.

    Examples
    --------
    >>> spread_text(["A", "B", "C"], [-1, 0, 0])  # doctest: +NORMALIZE_WHITESPACE
    'Bei „A“ schwanken die Effekte dort deutlich weniger als in den Zufallsstichproben. Bei „B“ und „C“ liegt der
    Unterschied im Rahmen dessen, was der Zufall der Durchläufe erklären kann.'
    >>> spread_text(["A", "B"], [0, 0], ", als ihr Standardfehler angibt")
    'Dort schwanken die Effekte bei keinem Merkmal deutlich mehr oder weniger, als ihr Standardfehler angibt.'
    """
    sep = "" if than.startswith(",") else " "
    if not np.any(np.atleast_1d(np.asarray(verdict))):
        return f"Dort schwanken die Effekte bei keinem Merkmal deutlich mehr oder weniger{sep}{than}."
    return _grouped(labels, verdict, {
        -1: f"{{Who}} schwanken die Effekte dort deutlich weniger{sep}{than}.",
        1: f"{{Who}} schwanken die Effekte dort deutlich mehr{sep}{than}.",
        0: "{Who} liegt der Unterschied im Rahmen dessen, was der Zufall der Durchläufe erklären kann."})


def _in_runs(k: int) -> str:
    """'einem Durchlauf', '12 Durchläufen' (after 'in' or 'auf')."""
    return "einem Durchlauf" if k == 1 else f"{formatting.integer(k)} Durchläufen"


def fit_text(counts: Mapping[str, int], model: str) -> str:
    """What happened to the fits of a sweep (:func:`fit_counts`), in German: failures by kind, what is left.

    Examples
    --------
    >>> fit_text({"runs": 500, "separated": 0, "untrustworthy": 0, "failed_separated": 0, "failed_singular": 0,
    ...           "failed_other": 0, "out_of_range": 0, "usable": 500}, "firth")  # doctest: +NORMALIZE_WHITESPACE
    'Alle 500 Schätzungen sind verwertbar: Jede ist konvergiert, und kein Effekt liegt außerhalb des möglichen
    Bereichs. In keinem Durchlauf waren die Daten getrennt.'
    >>> fit_text({"runs": 20, "separated": 3, "untrustworthy": 4, "failed_separated": 3, "failed_singular": 1,
    ...           "failed_other": 0, "out_of_range": 0, "usable": 16}, "logit")  # doctest: +NORMALIZE_WHITESPACE
    'In 4 der 20 Durchläufe liefert das Modell keine verwertbare Schätzung (3 wegen getrennter Daten und 1 wegen
    eines in der Stichprobe konstanten Merkmals). Diese Durchläufe fehlen in der Abbildung und in allen Anteilen;
    die Anteile beruhen auf 16 Durchläufen. Das Weglassen ist nicht neutral: Getrennt sind gerade Stichproben mit
    besonders deutlichen Zusammenhängen, sodass vor allem die Teststärke eher zu niedrig ausfällt. Firths
    Verfahren (die Voreinstellung) schätzt auch getrennte Daten.'
    """
    runs, usable, n = counts["runs"], counts["usable"], formatting.integer
    parts = []
    if counts["untrustworthy"]:
        why = [f"{n(counts['failed_separated'])} wegen getrennter Daten"] if counts["failed_separated"] else []
        if counts.get("failed_singular", 0):
            why.append(f"{n(counts['failed_singular'])} wegen eines in der Stichprobe konstanten Merkmals")
        if counts["failed_other"]:
            why.append(f"{n(counts['failed_other'])} ohne Konvergenz")
        k = counts["untrustworthy"]
        parts.append(("In einem" if k == 1 else f"In {n(k)}") + f" der {n(runs)} Durchläufe liefert das Modell keine "
                     f"verwertbare Schätzung ({formatting.german_list(why)}).")
    if counts["out_of_range"]:
        parts.append(f"In {_in_runs(counts['out_of_range'])} lag ein geschätzter Effekt außerhalb von "
                     f"±{n(LIMIT)} Prozentpunkten; eine solche Schätzung ist unbrauchbar.")
    if usable < runs:
        parts.append(("Dieser Durchlauf fehlt" if runs - usable == 1 else "Diese Durchläufe fehlen")
                     + " in der Abbildung und in allen Anteilen; die Anteile beruhen auf "
                     + (f"{_in_runs(usable)}." if usable else "keinem Durchlauf."))
        if counts["failed_separated"]:
            parts.append("Das Weglassen ist nicht neutral: Getrennt sind gerade Stichproben mit besonders "
                         "deutlichen Zusammenhängen, sodass vor allem die Teststärke eher zu niedrig ausfällt. "
                         "Firths Verfahren (die Voreinstellung) schätzt auch getrennte Daten.")
    else:
        parts.append((f"Alle {n(runs)} Schätzungen sind verwertbar: Jede ist konvergiert" if runs > 1 else
                      "Die Schätzung ist verwertbar: Sie ist konvergiert")
                     + ", und kein Effekt liegt außerhalb des möglichen Bereichs.")
    if model == "firth":
        k = counts["separated"]
        parts.append(
            "In keinem Durchlauf waren die Daten getrennt." if k == 0 else
            f"In {_in_runs(k)} waren die Daten getrennt: Ein Merkmal oder eine Kombination von Merkmalen sagte "
            "dort fehlerfrei oder fast fehlerfrei voraus, ob ein Netzwerk aktive KMU hat. Ein gewöhnliches "
            "Logit-Modell hätte dafür keine endliche Schätzung; Firths Verfahren schon, deshalb "
            + ("zählt dieser Durchlauf mit" if k == 1 else "zählen diese Durchläufe mit")
            + ("" if not counts["untrustworthy"] else ", sofern seine Schätzung nicht aus einem anderen Grund "
               "scheiterte" if k == 1 else ", soweit ihre Schätzung nicht aus einem anderen Grund scheiterte")
            + ".")
    return " ".join(parts)
