"""German number formatting for the book's prose and tables (via Babel, locale ``de_DE``).

Percent signs follow German typography: a no-break space between number and sign (``33,1 %``).
Numbers are rounded half up (kaufmännisch, DIN 1333), as German readers expect: 37,5 → 38.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from numbers import Real

from babel.numbers import format_decimal

__all__ = ["LOCALE", "NBSP", "round_half_up", "number", "integer", "percent", "percent_points", "interval",
           "german_list"]

LOCALE = "de_DE"
NBSP = "\u00a0"


def _check(value: Real, what: str) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{what}: expected a number, got {value!r}") from None
    if math.isnan(v):
        raise ValueError(f"{what}: cannot format NaN")
    return v


def round_half_up(value: Real, decimals: int = 0) -> float:
    """Round half up (away from zero), as in German commercial rounding.

    Examples
    --------
    >>> round_half_up(2.5), round_half_up(-0.125, 2), round(2.5)
    (3.0, -0.13, 2)
    """
    d = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return float(d)


def _pattern(decimals: int) -> str:
    if decimals < 0:
        raise ValueError(f"decimals must be >= 0, got {decimals}")
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def number(value: Real, decimals: int = 1) -> str:
    """Format a number the German way, with a decimal comma and a dot for thousands.

    Examples
    --------
    >>> number(0.25), number(37.5, 0)
    ('0,3', '38')
    >>> number(1234.567)
    '1.234,6'
    >>> number(0.5, decimals=2)
    '0,50'
    """
    v = _check(value, "number")
    pattern = _pattern(decimals)
    if decimals < 0:
        raise ValueError(f"decimals must be >= 0, got {decimals}")
    rounded = Decimal(repr(round_half_up(v, decimals)))
    if rounded == 0:
        rounded = abs(rounded)  # no "-0,0"
    return format_decimal(rounded, format=pattern, locale=LOCALE, decimal_quantization=True)


def integer(value: Real) -> str:
    """Format a whole number (rounded half up) with German thousands separators.

    Examples
    --------
    >>> integer(471)
    '471'
    >>> integer(20000)
    '20.000'
    """
    return number(value, decimals=0)


def percent(share: Real, decimals: int = 1, *, scale: float = 100.0) -> str:
    """Format a share as a German percentage.

    Parameters
    ----------
    share : float
        A share between 0 and 1 (multiplied by ``scale``); pass ``scale=1`` for values already in percent.
    decimals : int
        Digits after the decimal comma.

    Examples
    --------
    >>> percent(0.331)
    '33,1\\xa0%'
    >>> percent(85, decimals=0, scale=1)
    '85\\xa0%'
    """
    v = _check(share, "percent") * scale
    return f"{number(v, decimals)}{NBSP}%"


def percent_points(value: Real, decimals: int = 1, *, signed: bool = True) -> str:
    """Format a difference in percentage points (value already in points), with a sign.

    Examples
    --------
    >>> percent_points(12.345)
    '+12,3\\xa0Prozentpunkte'
    >>> percent_points(-4)
    '−4,0\\xa0Prozentpunkte'
    """
    v = _check(value, "percent_points")
    text = number(abs(v), decimals)
    sign = ("+" if v > 0 else "−" if v < 0 else "±") if signed else ("−" if v < 0 else "")
    return f"{sign}{text}{NBSP}Prozentpunkte"


def interval(lower: Real, upper: Real, decimals: int = 1, *, scale: float = 100.0, unit: str = "%") -> str:
    """Format a confidence interval as ``[a; b]`` (German uses a semicolon between decimal-comma numbers).

    Examples
    --------
    >>> interval(0.25, 0.4)
    '[25,0; 40,0]\\xa0%'
    """
    lo = _check(lower, "interval lower") * scale
    hi = _check(upper, "interval upper") * scale
    suffix = f"{NBSP}{unit}" if unit else ""
    return f"[{number(lo, decimals)}; {number(hi, decimals)}]{suffix}"


def german_list(items, conjunction: str = "und") -> str:
    """Join items as a German list: "A", "A und B", "A, B und C" (the sentence keeps its own case).

    Examples
    --------
    >>> german_list(["Bildung"]), german_list(["A", "B"]), german_list(["A", "B", "C"])
    ('Bildung', 'A und B', 'A, B und C')
    """
    items = [str(x) for x in items]
    if not items:
        raise ValueError("german_list needs at least one item")
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"
