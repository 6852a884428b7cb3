"""Shares with confidence intervals and tidy share tables.

All intervals come from :func:`statsmodels.stats.proportion.proportion_confint`; Wilson's score
interval is the default because it behaves well for shares near 0 or 1 and for small n.
Missing answers (item non-response) are left out of the base: the base ``n`` of a share is the
number of networks that answered the question.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

import pandas as pd
from statsmodels.stats.proportion import proportion_confint

__all__ = ["METHODS", "Share", "share", "share_of", "shares"]

#: Interval methods accepted by :func:`share` (those of statsmodels' ``proportion_confint``).
METHODS = ("wilson", "normal", "agresti_coull", "beta", "jeffreys", "binom_test")


@dataclass(frozen=True)
class Share:
    """A share ``k / n`` with its confidence interval (all as fractions between 0 and 1)."""

    k: int
    n: int
    value: float
    lower: float
    upper: float
    confidence: float
    method: str

    def as_dict(self) -> dict:
        """Return the fields as a plain dict of Python numbers (safe for glue and JSON)."""
        return asdict(self)


def _check_confidence(confidence: float) -> float:
    c = float(confidence)
    if not 0.0 < c < 1.0:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")
    return c


def share(k: int, n: int, confidence: float = 0.95, method: str = "wilson") -> Share:
    """Return the share ``k/n`` with a confidence interval.

    Parameters
    ----------
    k : int
        Number of "yes" answers.
    n : int
        Number of valid answers (the base).
    confidence : float
        Confidence level, strictly between 0 and 1.
    method : str
        One of :data:`METHODS`.

    Examples
    --------
    >>> s = share(100, 154)
    >>> round(s.value, 4), round(s.lower, 4), round(s.upper, 4)
    (0.6494, 0.5712, 0.7202)
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}; got {method!r}")
    c = _check_confidence(confidence)
    k, n = int(k), int(n)
    if n <= 0:
        raise ValueError(f"n must be a positive count, got {n}")
    if not 0 <= k <= n:
        raise ValueError(f"k must lie between 0 and n={n}, got {k}")
    lo, hi = proportion_confint(k, n, alpha=1.0 - c, method=method)
    return Share(k=k, n=n, value=k / n, lower=float(lo), upper=float(hi), confidence=c, method=method)


def share_of(values: pd.Series | Iterable, confidence: float = 0.95, method: str = "wilson") -> Share:
    """Return the share of true values in a boolean series, leaving missing values out of the base.

    Examples
    --------
    >>> s = share_of(pd.Series([True, False, True, None], dtype="boolean"))
    >>> s.k, s.n
    (2, 3)
    """
    s = pd.Series(values)
    valid = s.dropna()
    if valid.empty:
        raise ValueError("share_of: no valid (non-missing) values")
    as_bool = valid.astype(bool)
    return share(int(as_bool.sum()), int(len(as_bool)), confidence, method)


def shares(
    data: pd.DataFrame,
    columns: Iterable[str] | None = None,
    labels: dict[str, str] | None = None,
    confidence: float = 0.95,
    method: str = "wilson",
    sort: bool = True,
) -> pd.DataFrame:
    """Return a tidy table of shares with confidence intervals, one row per boolean column.

    Parameters
    ----------
    data : DataFrame
        One row per unit; boolean (or 0/1) columns, missing where a unit did not answer.
    columns : list of str, optional
        Columns to summarise; defaults to all columns of ``data``.
    labels : dict, optional
        Readable labels for the columns (column → label).
    sort : bool
        Sort by share, largest first.

    Returns
    -------
    DataFrame
        Columns ``item, label, k, n, share, lower, upper`` (fractions between 0 and 1).

    Examples
    --------
    >>> import numpy as np
    >>> df = pd.DataFrame({"a": [1, 1, 0, 1], "b": [0, 0, 1, np.nan]})
    >>> shares(df)[["item", "k", "n"]].to_dict("records")
    [{'item': 'a', 'k': 3, 'n': 4}, {'item': 'b', 'k': 1, 'n': 3}]
    """
    cols = list(columns) if columns is not None else list(data.columns)
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise KeyError(f"shares: columns not in data: {', '.join(missing)}")
    labels = labels or {}
    rows = []
    for col in cols:
        s = share_of(data[col], confidence, method)
        rows.append(
            {"item": col, "label": labels.get(col, col), "k": s.k, "n": s.n, "share": s.value,
             "lower": s.lower, "upper": s.upper}
        )
    out = pd.DataFrame(rows)
    if sort:
        out = out.sort_values("share", ascending=False, kind="stable").reset_index(drop=True)
    return out
