"""Binary-response fits for small samples: Firth's penalised logit, separation checks, fit results.

statsmodels fits logit and probit by maximum likelihood. With few cases per parameter, or when one
feature (almost) perfectly predicts the outcome, maximum likelihood fails: under (quasi-)complete
separation a coefficient runs off to infinity and its standard error explodes, yet statsmodels may
still report a "result". This module

- checks every design for separation with a linear programme (Konis 2007): is there a direction
  ``b`` with ``(2y - 1) * X b >= 0`` for every case and ``> 0`` for some? If so, the maximum
  likelihood estimate does not exist;
- fits Firth's (1993) penalised logit, whose estimates are always finite and whose small-sample
  bias is of lower order: the log-likelihood plus half the log-determinant of the Fisher
  information, maximised by Newton–Raphson on the modified score with step halving;
- wraps every fit in :class:`BinaryFit`, the few things the book needs from a fitted model
  (coefficients, covariance, predictions, link, convergence, separation), whatever estimator
  produced it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize
from scipy import stats as sps

__all__ = ["Separation", "check_separation", "BinaryFit", "EstimationError", "FirthControl", "firth_logit",
           "profile_intervals", "penalised_lr_test", "ml_fit", "LINKS"]


def _logit_cdf(t):
    return 1.0 / (1.0 + np.exp(-t))


def _logit_pdf(t):
    p = _logit_cdf(t)
    return p * (1 - p)


def _logit_dpdf(t):
    p = _logit_cdf(t)
    return p * (1 - p) * (1 - 2 * p)


#: For each link: the CDF F, its density f and the derivative f' (for delta-method gradients).
LINKS = {
    "logit": (_logit_cdf, _logit_pdf, _logit_dpdf),
    "probit": (sps.norm.cdf, sps.norm.pdf, lambda t: -t * sps.norm.pdf(t)),
}


class EstimationError(RuntimeError):
    """A fit whose numbers must not be reported: maximum likelihood under separation, or no convergence."""


@dataclass(frozen=True)
class FirthControl:
    """Newton–Raphson settings of Firth's fit (the roles of logistf's ``logistf.control``, tighter tolerances).

    ``maxiter`` iterations at most; a step moves no coefficient by more than ``maxstep`` and is halved
    up to ``maxhalving`` times while it lowers the penalised likelihood; converged when the largest
    modified score is below ``gconv`` and the step below ``xconv`` or the change of the penalised
    log-likelihood below ``lconv``.
    """

    maxiter: int = 200
    maxstep: float = 5.0
    maxhalving: int = 30
    xconv: float = 1e-9
    gconv: float = 1e-8
    lconv: float = 1e-12


@dataclass(frozen=True)
class Separation:
    """Outcome of the separation check.

    ``separated``: no finite maximum likelihood estimate exists. ``complete``: some direction
    predicts every case correctly (otherwise the separation is quasi-complete, with ties).
    ``features``: a smallest set of features that separates the outcome on its own (with the
    constant); for a single feature ``cells`` holds the empty cell of its 2 × 2 table as
    ``(value, outcome, count)``: every one of the ``count`` cases with that feature value has that
    outcome.
    """

    separated: bool
    features: tuple[str, ...] = ()
    complete: bool = False
    cells: tuple[tuple[int, int, int], ...] = ()

    def describe(self) -> str:
        if not self.separated:
            return "keine Trennung"
        return "Trennung durch " + ", ".join(self.features) if self.features else "Trennung"

    def sentence(self, labels: dict[str, str] | None = None, outcome: tuple[str, str] = (
            "aktive KMU", "keine aktiven KMU")) -> str:
        """One German sentence that says which feature(s) separate the outcome, or "" when none does.

        Examples
        --------
        >>> Separation(True, ("x",), cells=((1, 1, 12),)).sentence({"x": "Branchenfokus"})
        'Die Daten sind getrennt: Alle 12 Netzwerke mit dem Merkmal „Branchenfokus“ haben aktive KMU.'
        >>> Separation(True, ("a", "b"), complete=True).sentence()
        'Die Daten sind getrennt: Die Merkmale „a“ und „b“ sagen zusammen fehlerfrei voraus, ob ein Netzwerk aktive KMU hat.'
        >>> Separation(False).sentence()
        ''
        """
        if not self.separated:
            return ""
        from .formatting import german_list, integer

        names = [f"„{(labels or {}).get(f, f)}“" for f in self.features]
        if len(names) == 1 and self.cells:
            value, result, count = self.cells[0]
            who = "mit dem Merkmal" if value == 1 else "ohne das Merkmal"
            has = outcome[0] if result == 1 else outcome[1]
            if count == 1:
                return f"Die Daten sind getrennt: Das einzige Netzwerk {who} {names[0]} hat {has}."
            return f"Die Daten sind getrennt: Alle {integer(count)} Netzwerke {who} {names[0]} haben {has}."
        how = "fehlerfrei" if self.complete else "fast fehlerfrei"
        if not names:
            return f"Die Daten sind getrennt: Eine Kombination der Merkmale sagt {how} voraus, ob ein Netzwerk {outcome[0]} hat."
        if len(names) == 1:
            return f"Die Daten sind getrennt: Das Merkmal {names[0]} sagt {how} voraus, ob ein Netzwerk {outcome[0]} hat."
        return (f"Die Daten sind getrennt: Die Merkmale {german_list(names)} sagen zusammen {how} voraus, "
                f"ob ein Netzwerk {outcome[0]} hat.")


def _separating_lp(s: np.ndarray, A: np.ndarray, tol: float) -> tuple[bool, bool]:
    """Konis' linear programme on the scaled design ``A``: (separated, completely separated)."""
    SA = s[:, None] * A
    n, k = A.shape
    res = optimize.linprog(c=-SA.sum(axis=0), A_ub=-SA, b_ub=np.zeros(n), bounds=[(-1, 1)] * k, method="highs")
    if res.status != 0 or -res.fun <= tol * n:
        return False, False
    # complete separation: a direction with s_i x_i'b >= t > 0 for every case (maximise t)
    res = optimize.linprog(c=np.r_[np.zeros(k), -1.0], A_ub=np.column_stack([-SA, np.ones(n)]), b_ub=np.zeros(n),
                           bounds=[(-1, 1)] * k + [(None, 1)], method="highs")
    return True, bool(res.status == 0 and -res.fun > tol)


def check_separation(y, X: pd.DataFrame, tol: float = 1e-7) -> Separation:
    """Detect complete or quasi-complete separation with Konis' (2007) linear programme.

    ``X`` must contain the constant. The programme maximises ``sum_i s_i x_i'b`` subject to
    ``s_i x_i'b >= 0`` for every case (``s_i = 2 y_i - 1``) and ``-1 <= b_j <= 1``; a positive optimum
    is a direction along which the likelihood keeps rising, so no finite maximum exists.

    Which features separate: a direction found by the programme can give weight to features that
    merely do not spoil it, so the features are named from a smallest separating set instead. A
    feature that separates on its own (with the constant) is named alone; otherwise features are
    dropped one at a time as long as the rest still separates.

    Examples
    --------
    >>> X = pd.DataFrame({"const": 1.0, "x": [0, 0, 0, 1, 1, 1], "z": [1, 0, 0, 1, 0, 1]})
    >>> sep = check_separation([0, 1, 0, 1, 1, 1], X)     # every x = 1 has y = 1
    >>> sep.separated, sep.features, sep.complete, sep.cells
    (True, ('x',), False, ((1, 1, 3),))
    >>> check_separation([0, 1, 0, 1, 0, 1], X).separated
    False
    """
    y = np.asarray(y, dtype=float)
    A = np.asarray(X, dtype=float)
    scale = np.abs(A).max(axis=0)
    scale[scale == 0] = 1.0
    A = A / scale  # comparable columns (years next to 0/1 features)
    s = 2 * y - 1
    separated, complete = _separating_lp(s, A, tol)
    if not separated:
        return Separation(False)
    names = list(X.columns)
    const = [j for j, c in enumerate(names) if c == "const"]
    features = [j for j, c in enumerate(names) if c != "const"]
    alone = [j for j in features if _separating_lp(s, A[:, const + [j]], tol)[0]]
    if alone:
        keep = alone[:1] if len(alone) == 1 else alone
    else:
        keep = list(features)
        for j in features:
            trial = [i for i in keep if i != j]
            if trial and _separating_lp(s, A[:, const + trial], tol)[0]:
                keep = trial
    cells = ()
    if len(keep) == 1 and np.isin(A[:, keep[0]], [0.0, 1.0]).all():
        x = A[:, keep[0]]
        for value in (1, 0):
            for outcome in (1, 0):
                here = x == value
                if here.any() and (y[here] == outcome).all():
                    cells = ((value, outcome, int(here.sum())),)
                    break
            if cells:
                break
    return Separation(True, tuple(names[j] for j in keep), complete, cells)


@dataclass
class BinaryFit:
    """A fitted binary model: the numbers the book uses, whatever estimator produced them.

    ``estimator`` is "firth" (penalised logit), "logit" or "probit" (maximum likelihood).
    """

    estimator: str
    link: str
    params: pd.Series
    cov: pd.DataFrame
    y: np.ndarray
    X: pd.DataFrame
    converged: bool
    iterations: int
    separation: Separation = field(default_factory=lambda: Separation(False))
    llf: float = float("nan")
    llnull: float = float("nan")
    #: Firth only: the penalised log-likelihood at the estimate, and the iteration settings.
    pll: float = float("nan")
    control: FirthControl | None = None
    #: Features without variation (or "Kollinearität"): the design has no full rank, nothing is estimated.
    unestimable: tuple[str, ...] = ()
    #: Profile interval rows already computed, by (confidence, term): see :func:`profile_intervals`.
    _profiles: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def nobs(self) -> int:
        return int(len(self.y))

    @property
    def df_model(self) -> int:
        return int(self.X.shape[1] - 1)

    @property
    def trustworthy(self) -> bool:
        """False when the fit did not converge, or when maximum likelihood meets separation."""
        return self.converged and not (self.separation.separated and self.estimator != "firth")

    def problem(self, labels: dict[str, str] | None = None) -> str:
        """Why the fit must not be reported (German, for the page), or "" when it may; ``labels`` name features."""
        if self.unestimable:
            if self.unestimable == ("Kollinearität",):
                return ("Einige Merkmale hängen in diesen Daten linear voneinander ab; ihre Effekte lassen sich "
                        "nicht getrennt schätzen.")
            from .formatting import german_list

            names = [f"„{(labels or {}).get(f, f)}“" for f in self.unestimable]
            if len(names) == 1:
                return f"Das Merkmal {names[0]} hat in diesen Daten keine Variation; sein Effekt lässt sich nicht schätzen."
            return (f"Die Merkmale {german_list(names)} haben in diesen Daten keine Variation; ihre Effekte lassen "
                    "sich nicht schätzen.")
        if self.separation.separated and self.estimator != "firth":
            return (self.separation.sentence(labels) + " Für eine gewöhnliche Maximum-Likelihood-Schätzung gibt es "
                    "dann kein endliches Ergebnis.")
        if not self.converged:
            return "Die Schätzung ist nicht konvergiert."
        return ""

    @property
    def aic(self) -> float:
        return float(2 * self.X.shape[1] - 2 * self.llf)

    def cov_params(self) -> pd.DataFrame:
        return self.cov

    def linear(self, X=None) -> np.ndarray:
        X = self.X if X is None else X
        return np.asarray(X, dtype=float) @ self.params.to_numpy()

    def predict(self, X=None) -> np.ndarray:
        return LINKS[self.link][0](self.linear(X))

    @property
    def prsquared(self) -> float:
        return float(1 - self.llf / self.llnull)

    @property
    def llr(self) -> float:
        """Likelihood-ratio χ² against the model without features: penalised for Firth (as logistf), else ML."""
        if self.estimator == "firth":
            return penalised_lr_test(self)[0]
        return float(2 * (self.llf - self.llnull))

    @property
    def llr_pvalue(self) -> float:
        return float(sps.chi2.sf(self.llr, self.df_model))


def _loglik(y, p) -> float:
    p = np.clip(p, 1e-300, 1 - 1e-16)
    return float(np.sum(y * np.log(p) + (1 - y) * np.log1p(-p)))


def _penalised(y: np.ndarray, A: np.ndarray, b: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """Firth's penalised log-likelihood ``l(b) + 0.5 log det I(b)`` with the probabilities and weights at ``b``."""
    p = _logit_cdf(A @ b)
    w = p * (1 - p)
    sign, logdet = np.linalg.slogdet(A.T @ (A * w[:, None]))
    return (_loglik(y, p) + 0.5 * logdet if sign > 0 else -np.inf), p, w


@dataclass(frozen=True)
class _PenalisedFit:
    beta: np.ndarray
    pll: float
    converged: bool
    iterations: int


def _score_and_curvature(y: np.ndarray, A: np.ndarray, p: np.ndarray, w: np.ndarray
                         ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Modified score, Fisher information and exact Hessian of Firth's penalised log-likelihood.

    With ``I = X'WX``, ``Q = X I⁻¹ X'``, ``u = diag(Q)``, ``h = w u`` and ``g = w (1 - 2p)``, the score is
    ``X'(y - p + h (1/2 - p))`` and the Hessian
    ``-I + 1/2 X' diag(w (1 - 6w) u) X - 1/2 X' (g g' ∘ Q ∘ Q) X`` (differentiating
    ``1/2 log det I`` twice).
    """
    info = A.T @ (A * w[:, None])
    inv = np.linalg.inv(info)
    Q = A @ inv @ A.T
    u = np.diag(Q)
    h = w * u
    g = w * (1 - 2 * p)
    score = A.T @ (y - p + h * (0.5 - p))
    hessian = -info + 0.5 * A.T @ (A * (w * (1 - 6 * w) * u)[:, None]) - 0.5 * A.T @ ((np.outer(g, g) * Q * Q) @ A)
    return score, info, hessian


def _firth_newton(y: np.ndarray, A: np.ndarray, beta: np.ndarray, free: np.ndarray, control: FirthControl
                  ) -> _PenalisedFit:
    """Maximise the penalised log-likelihood over the coefficients ``free`` (a boolean mask), the rest fixed.

    The penalty always uses the whole design, as logistf does for its profile likelihood and tests.
    Newton–Raphson on the modified score ``X'(y - p + h (1/2 - p))`` (``h``: hat values), with the
    exact Hessian of the penalised log-likelihood where it is negative definite and the Fisher
    information (logistf's choice) elsewhere; steps are capped at ``control.maxstep`` and halved
    while they lower the penalised likelihood. (With the Fisher information alone the iteration
    converges only linearly, and slowly far out under separation, where the penalty's curvature
    matters most.) Converged when the free score is below ``gconv`` and
    the last step moved no coefficient by more than ``xconv`` or the penalised log-likelihood by more
    than ``lconv``.
    """
    beta = np.array(beta, dtype=float)
    current, p, w = _penalised(y, A, beta)
    if not np.isfinite(current):
        raise np.linalg.LinAlgError("the Fisher information is singular at the start")
    idx = np.flatnonzero(free)
    for it in range(1, control.maxiter + 1):
        score, info, hessian = _score_and_curvature(y, A, p, w)
        score = score[idx]
        step = np.zeros_like(beta)
        curvature = -hessian[np.ix_(idx, idx)]
        try:  # Newton's step on the exact Hessian while it is negative definite, else Fisher scoring
            np.linalg.cholesky(curvature)
        except np.linalg.LinAlgError:
            curvature = info[np.ix_(idx, idx)]
        step[idx] = np.linalg.solve(curvature, score)
        big = np.max(np.abs(step))
        if big > control.maxstep:
            step *= control.maxstep / big
        for _ in range(control.maxhalving):
            cand, pc, wc = _penalised(y, A, beta + step)
            if cand >= current - 1e-12:
                break
            step = step / 2
        else:  # no step raises the penalised likelihood: we are at its maximum up to rounding
            cand, pc, wc = current, p, w
            step = np.zeros_like(beta)
        change = abs(cand - current)
        beta, current, p, w = beta + step, cand, pc, wc
        if np.max(np.abs(score)) < control.gconv and (np.max(np.abs(step)) < control.xconv or change < control.lconv):
            return _PenalisedFit(beta, current, True, it)
    return _PenalisedFit(beta, current, False, control.maxiter)


def _constant_columns(X: pd.DataFrame) -> tuple[str, ...]:
    """Columns other than ``const`` without variation."""
    A = np.asarray(X, dtype=float)
    return tuple(c for j, c in enumerate(X.columns) if c != "const" and np.ptp(A[:, j]) == 0)


def firth_logit(y, X: pd.DataFrame, control: FirthControl | None = None, separation: bool = True) -> BinaryFit:
    """Firth's penalised maximum likelihood logit (Firth 1993; Heinze and Schemper 2002), as logistf fits it.

    Maximises ``l(b) + 0.5 log det I(b)``, which always has a finite maximum when the design has full
    rank, even under separation (see :func:`_firth_newton` for the iteration and its convergence
    rule). The covariance is the inverse Fisher information at the estimate. A design without full
    rank (a feature without variation, or features that are linear combinations of others) cannot be
    estimated: the fit is returned with NaN coefficients, ``converged`` False and the reason in
    :meth:`BinaryFit.problem`, never raised. Profile penalised-likelihood intervals and penalised
    likelihood-ratio tests: :func:`profile_intervals`, :func:`penalised_lr_test`. With ``separation``
    False the separation check (which Firth's estimate does not need) is left out, as in a bootstrap.

    Examples
    --------
    For one binary feature, Firth's estimate is the log odds ratio of the table with 1/2 added to
    every cell, finite even when a cell is empty:

    >>> X = pd.DataFrame({"const": 1.0, "x": [0] * 6 + [1] * 4})
    >>> fit = firth_logit([0, 0, 0, 1, 1, 1, 1, 1, 1, 1], X)
    >>> round(float(fit.params["x"]), 6) == round(float(np.log((4.5 / 0.5) / (3.5 / 3.5))), 6)
    True
    >>> firth_logit([0, 1] * 5, X.assign(z=1.0)).problem()
    'Das Merkmal „z“ hat in diesen Daten keine Variation; sein Effekt lässt sich nicht schätzen.'
    """
    control = control or FirthControl()
    y = np.asarray(y, dtype=float)
    A = np.asarray(X, dtype=float)
    names = list(X.columns)
    p0 = np.full_like(y, y.mean())
    llnull = _loglik(y, p0)
    constant = _constant_columns(X)
    if constant or np.linalg.matrix_rank(A) < A.shape[1]:
        nan = pd.Series(np.nan, index=names)
        return BinaryFit("firth", "logit", nan, pd.DataFrame(np.nan, index=names, columns=names), y, X, False, 0,
                         Separation(False), llnull=llnull, unestimable=constant or ("Kollinearität",))
    res = _firth_newton(y, A, np.zeros(A.shape[1]), np.ones(A.shape[1], dtype=bool), control)
    pll, p, w = _penalised(y, A, res.beta)
    cov = np.linalg.inv(A.T @ (A * w[:, None]))
    return BinaryFit("firth", "logit", pd.Series(res.beta, index=names), pd.DataFrame(cov, index=names, columns=names),
                     y, X, res.converged, res.iterations, check_separation(y, X) if separation else Separation(False),
                     llf=_loglik(y, p),
                     llnull=llnull, pll=pll, control=control)


def _restricted(fit: BinaryFit, fixed: dict[int, float], start: np.ndarray | None = None) -> _PenalisedFit:
    """The penalised fit with the coefficients ``fixed`` (position: value) held, the rest maximised."""
    A = fit.X.to_numpy(dtype=float)
    free = np.ones(A.shape[1], dtype=bool)
    beta = fit.params.to_numpy().copy() if start is None else np.array(start, dtype=float)
    for j, v in fixed.items():
        free[j] = False
        beta[j] = v
    return _firth_newton(fit.y, A, beta, free, fit.control or FirthControl())


def penalised_lr_test(fit: BinaryFit, columns=None) -> tuple[float, float]:
    """Penalised likelihood-ratio test that the coefficients ``columns`` are zero: ``(chi2, p)``.

    Twice the drop of the penalised log-likelihood when those coefficients are fixed at zero and the
    others refitted (the penalty from the whole design, as logistf computes its tests). ``columns``
    are names or positions; the default, every coefficient but the constant, is logistf's overall
    "likelihood ratio test".

    Examples
    --------
    >>> X = pd.DataFrame({"const": 1.0, "x": [0] * 6 + [1] * 6})
    >>> chi2, p = penalised_lr_test(firth_logit([0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1], X))
    >>> round(chi2, 3), round(p, 3)
    (2.723, 0.099)
    """
    if fit.estimator != "firth":
        raise ValueError(f"penalised tests need a Firth fit, got {fit.estimator!r}")
    names = list(fit.X.columns)
    if columns is None:
        columns = [c for c in names if c != "const"]
    pos = [names.index(c) if isinstance(c, str) else int(c) for c in columns]
    restricted = _restricted(fit, {j: 0.0 for j in pos})
    chi2 = max(0.0, 2 * (fit.pll - restricted.pll))
    return float(chi2), float(sps.chi2.sf(chi2, len(pos)))


def profile_intervals(fit: BinaryFit, confidence: float = 0.95, columns=None) -> pd.DataFrame:
    """Profile penalised-likelihood confidence intervals for Firth's coefficients, as logistf reports them.

    For coefficient ``j`` the interval holds every value ``b`` with
    ``2 (pl(β̂) − max pl(β | β_j = b)) ≤ χ²₁(confidence)``: the penalised likelihood of the fit with
    ``β_j`` fixed at ``b`` and the other coefficients refitted (Heinze and Schemper 2002). Unlike Wald
    intervals they need not be symmetric and stay valid near separation. Each end is found by
    bracketing and Brent's root finder.

    Returns one row per coefficient: ``coef, lower, upper, chi2, p`` (the penalised likelihood-ratio
    test of ``β_j = 0``, :func:`penalised_lr_test`), and the coefficient vectors at the two ends,
    ``at_lower`` and ``at_upper`` (used to carry the interval over to marginal effects).

    Examples
    --------
    >>> X = pd.DataFrame({"const": 1.0, "x": [0] * 6 + [1] * 6})
    >>> ci = profile_intervals(firth_logit([0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1], X))
    >>> ci.loc["x", ["lower", "upper"]].round(3).tolist()
    [-0.34, 4.602]
    """
    if fit.estimator != "firth":
        raise ValueError(f"profile intervals need a Firth fit, got {fit.estimator!r}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")
    names = list(fit.X.columns)
    columns = names if columns is None else list(columns)
    crit = float(sps.chi2.ppf(confidence, 1))
    beta_hat = fit.params.to_numpy()
    se = np.sqrt(np.diag(fit.cov.to_numpy()))
    rows = []
    for c in columns:
        if (confidence, c) in fit._profiles:  # each interval once per fit and level
            rows.append(fit._profiles[(confidence, c)])
            continue
        j = names.index(c)

        def drop(b, j=j):  # always from the estimate, so that one value of b gives one drop
            try:
                res = _restricted(fit, {j: b})
            except np.linalg.LinAlgError:  # so far out that the information is singular: far beyond the end
                return np.inf, None
            return 2 * (fit.pll - res.pll) - crit, res.beta

        ends = []
        for sign in (-1, 1):
            inner, outer, width = beta_hat[j], None, se[j]
            for _ in range(60):  # step outwards until the drop exceeds the critical value
                trial = beta_hat[j] + sign * width
                value = drop(trial)[0]
                while value == np.inf and abs(trial - inner) > 1e-8 * se[j]:  # back off to a finite drop
                    trial = (inner + trial) / 2
                    value = drop(trial)[0]
                if value > 0:
                    outer = trial
                    break
                inner, width = trial, 2 * width
            if outer is None:
                ends.append((sign * np.inf, np.full_like(beta_hat, np.nan)))
                continue
            root = optimize.brentq(lambda b: drop(b)[0], min(inner, outer), max(inner, outer), xtol=1e-10, rtol=1e-12)
            ends.append((root, drop(root)[1]))
        chi2, p = penalised_lr_test(fit, [j])
        fit._profiles[(confidence, c)] = {"term": c, "coef": beta_hat[j], "lower": ends[0][0], "upper": ends[1][0],
                                          "chi2": chi2, "p": p, "at_lower": ends[0][1], "at_upper": ends[1][1]}
        rows.append(fit._profiles[(confidence, c)])
    return pd.DataFrame(rows).set_index("term")


def ml_fit(y, X: pd.DataFrame, link: str = "logit", maxiter: int = 200) -> BinaryFit:
    """Maximum likelihood logit or probit (statsmodels), with its convergence flag and a separation check.

    The fit is returned even when it went wrong; :attr:`BinaryFit.trustworthy` says whether its
    numbers may be reported, and :func:`kmunetz.models.marginal_effects` refuses those that may not.
    """
    import warnings

    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationWarning

    if link not in LINKS:
        raise ValueError(f"link must be one of {', '.join(LINKS)}, got {link!r}")
    y = np.asarray(y, dtype=float)
    cls = sm.Logit if link == "logit" else sm.Probit
    separation = check_separation(y, X)
    names = list(X.columns)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", PerfectSeparationWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            res = cls(y, X).fit(disp=0, maxiter=maxiter)
        except Exception:  # older statsmodels raise on perfect separation
            nan = pd.Series(np.nan, index=names)
            return BinaryFit(link, link, nan, pd.DataFrame(np.nan, index=names, columns=names), y, X, False, maxiter,
                             separation)
    converged = bool(res.mle_retvals.get("converged", False)) and bool(np.all(np.isfinite(res.bse)))
    return BinaryFit(link, link, pd.Series(np.asarray(res.params), index=names),
                     pd.DataFrame(np.asarray(res.cov_params()), index=names, columns=names), y, X, converged,
                     int(res.mle_retvals.get("iterations", 0)), separation, llf=float(res.llf),
                     llnull=float(res.llnull))
