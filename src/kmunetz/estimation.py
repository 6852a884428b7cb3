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

__all__ = ["Separation", "check_separation", "BinaryFit", "EstimationError", "firth_logit", "ml_fit", "LINKS"]


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
class Separation:
    """Outcome of the separation check: ``separated`` and the features of the separating direction."""

    separated: bool
    features: tuple[str, ...] = ()

    def describe(self) -> str:
        if not self.separated:
            return "keine Trennung"
        return "Trennung durch " + ", ".join(self.features) if self.features else "Trennung"


def check_separation(y, X: pd.DataFrame, tol: float = 1e-7) -> Separation:
    """Detect complete or quasi-complete separation with Konis' (2007) linear programme.

    ``X`` must contain the constant. The programme maximises ``sum_i s_i x_i'b`` subject to
    ``s_i x_i'b >= 0`` for every case (``s_i = 2 y_i - 1``) and ``-1 <= b_j <= 1``; a positive optimum
    is a direction along which the likelihood keeps rising, so no finite maximum exists.

    Examples
    --------
    >>> X = pd.DataFrame({"const": 1.0, "x": [0, 0, 0, 1, 1, 1]})
    >>> check_separation([0, 1, 0, 1, 1, 1], X).separated     # every x = 1 has y = 1
    True
    >>> check_separation([0, 1, 0, 1, 0, 1], X).separated
    False
    """
    y = np.asarray(y, dtype=float)
    A = np.asarray(X, dtype=float)
    scale = np.abs(A).max(axis=0)
    scale[scale == 0] = 1.0
    A = A / scale  # comparable columns (years next to 0/1 features)
    s = 2 * y - 1
    SA = s[:, None] * A
    res = optimize.linprog(c=-SA.sum(axis=0), A_ub=-SA, b_ub=np.zeros(len(y)),
                           bounds=[(-1, 1)] * A.shape[1], method="highs")
    if res.status != 0 or -res.fun <= tol * len(y):
        return Separation(False)
    b = res.x
    names = [c for c, v in zip(X.columns, b) if abs(v) > 1e-6 and c != "const"]
    return Separation(True, tuple(names))


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
        if self.separation.separated and self.estimator != "firth":
            names = [(labels or {}).get(f, f) for f in self.separation.features]
            who = ", ".join(names) or "eine Kombination von Merkmalen"
            return (f"Die Daten sind getrennt ({who} sagt das Ergebnis vollständig oder fast vollständig voraus): "
                    "Für dieses Merkmal gibt es keine endliche Maximum-Likelihood-Schätzung.")
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
        return float(2 * (self.llf - self.llnull))

    @property
    def llr_pvalue(self) -> float:
        return float(sps.chi2.sf(self.llr, self.df_model))


def _loglik(y, p) -> float:
    p = np.clip(p, 1e-300, 1 - 1e-16)
    return float(np.sum(y * np.log(p) + (1 - y) * np.log1p(-p)))


def firth_logit(y, X: pd.DataFrame, maxiter: int = 100, tol: float = 1e-10) -> BinaryFit:
    """Firth's penalised maximum likelihood logit (Firth 1993; Heinze and Schemper 2002).

    Maximises ``l(b) + 0.5 log det I(b)`` by Newton–Raphson on the modified score
    ``X'(y - p + h (1/2 - p))`` (``h``: diagonal of the hat matrix), halving steps that lower the
    penalised likelihood. The covariance is the inverse Fisher information at the estimate.

    Examples
    --------
    For one binary feature, Firth's estimate is the log odds ratio of the table with 1/2 added to
    every cell, finite even when a cell is empty:

    >>> X = pd.DataFrame({"const": 1.0, "x": [0] * 6 + [1] * 4})
    >>> fit = firth_logit([0, 0, 0, 1, 1, 1, 1, 1, 1, 1], X)
    >>> round(float(fit.params["x"]), 6) == round(float(np.log((4.5 / 0.5) / (3.5 / 3.5))), 6)
    True
    """
    y = np.asarray(y, dtype=float)
    A = np.asarray(X, dtype=float)
    beta = np.zeros(A.shape[1])

    def penalised(b):
        p = _logit_cdf(A @ b)
        w = p * (1 - p)
        sign, logdet = np.linalg.slogdet(A.T @ (A * w[:, None]))
        return _loglik(y, p) + 0.5 * logdet, p, w

    current, p, w = penalised(beta)
    converged, it = False, 0
    for it in range(1, maxiter + 1):  # noqa: B007 - the count of iterations is reported after the loop
        info = A.T @ (A * w[:, None])
        inv = np.linalg.inv(info)
        h = np.einsum("ij,jk,ik->i", A * np.sqrt(w)[:, None], inv, A * np.sqrt(w)[:, None])
        score = A.T @ (y - p + h * (0.5 - p))
        step = inv @ score
        for _ in range(30):  # step halving
            cand, pc, wc = penalised(beta + step)
            if cand >= current - 1e-12:
                break
            step = step / 2
        beta = beta + step
        current, p, w = cand, pc, wc
        if np.max(np.abs(step)) < tol:
            converged = True
            break
    info = A.T @ (A * w[:, None])
    cov = np.linalg.inv(info)
    names = list(X.columns)
    p0 = np.full_like(y, y.mean())
    return BinaryFit("firth", "logit", pd.Series(beta, index=names), pd.DataFrame(cov, index=names, columns=names),
                     y, X, converged, it, check_separation(y, X), llf=_loglik(y, p), llnull=_loglik(y, p0))


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
