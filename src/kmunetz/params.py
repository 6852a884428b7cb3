"""Validation of chapter parameters.

Every chapter has one cell tagged ``parameters``. Its values can be replaced on a rerun (papermill,
``kmunetz run``), so the chapter validates them first thing with :func:`validate`. The same
specifications check command-line values before any kernel starts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["ParameterError", "Spec", "SPECS", "PATH_PARAMETERS", "check", "validate", "absolute_paths", "coerce"]


class ParameterError(ValueError):
    """A chapter parameter has an unknown name, a wrong type or a value out of range."""


@dataclass(frozen=True)
class Spec:
    """What a parameter may be: its type, an optional check, and a description of what is allowed."""

    name: str
    type: type | tuple[type, ...]
    allowed: str
    check: Callable[[Any], bool] = field(default=lambda v: True)
    description: str = ""


def _is_source(v: Any) -> bool:
    return v == "synthetic" or Path(str(v)).expanduser().is_file()


SPECS: dict[str, Spec] = {
    s.name: s
    for s in [
        Spec("seed", int, "a whole number from 0 to 2**32 - 1", lambda v: 0 <= v < 2**32,
             "seed of the synthetic survey"),
        Spec("n", int, "a whole number from 30 to 1,000,000", lambda v: 30 <= v <= 1_000_000,
             "number of networks in the synthetic survey"),
        Spec("confidence", float, "a number strictly between 0 and 1 (e.g. 0.95)",
             lambda v: 0 < v < 1, "confidence level of every interval"),
        Spec("survey", str, "'synthetic' or the path of an existing survey file (CSV, Parquet, Excel)",
             _is_source, "where the survey microdata come from"),
        Spec("experts", str, "'synthetic' or the path of an existing expert panel file",
             _is_source, "where the expert panel ratings come from"),
        Spec("catalogue", str, "'default' or the path of an existing catalogue CSV",
             lambda v: v == "default" or Path(v).expanduser().is_file(),
             "catalogue of the study's published numbers"),
        Spec("chart_values", str, "'default' or the path of an existing chart values CSV "
             "(columns as data/published/chart_values.csv)",
             lambda v: v == "default" or Path(v).expanduser().is_file(),
             "values of the study's charts that the synthetic survey is calibrated to"),
        Spec("ci_method", str, "one of wilson, normal, agresti_coull, beta, jeffreys, binom_test",
             lambda v: v in ("wilson", "normal", "agresti_coull", "beta", "jeffreys", "binom_test"),
             "method of the confidence intervals for shares"),
        Spec("model", str, "'firth', 'logit' or 'probit'", lambda v: v in ("firth", "logit", "probit"),
             "binary model for active participation"),
        Spec("runs", int, "a whole number from 2 to 2000", lambda v: 2 <= v <= 2000,
             "number of seeds in a robustness sweep"),
        Spec("years_since_founding", int, "a whole number of years from 0 to 100", lambda v: 0 <= v <= 100,
             "how long the network has existed"),
        *[Spec(name, bool, "True or False (on the command line: true/false, ja/nein, 1/0)", lambda v: True, text)
          for name, text in [
              ("partner_large_firms", "larger firms (250+ employees) are partners"),
              ("partner_schools", "schools or education providers are partners"),
              ("partner_local_authority", "local authorities are partners"),
              ("attractive_topics", "the network works on topics such as digitalisation or with executives"),
              ("fulltime_coordination", "the network has full-time coordination"),
              ("sector_focus", "the network focuses on one sector"),
              ("exploitative", "the network improves existing services rather than exploring new ones"),
              ("public_goods", "the network's offers are open to non-members (public goods)"),
              ("decentral", "every partner can start activities (decentral organisation)"),
              ("regular_fees", "the network charges regular fees or contributions"),
          ]],
    ]
}


def _type_name(t: type | tuple[type, ...]) -> str:
    return " or ".join(x.__name__ for x in (t if isinstance(t, tuple) else (t,)))


def _check_one(name: str, value: Any, spec: Spec) -> Any:
    expected = spec.type
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if (isinstance(value, bool) and expected is not bool) or not isinstance(value, expected):
        raise ParameterError(
            f"parameter {name!r}: wrong type {type(value).__name__} (value {value!r}); "
            f"expected {_type_name(expected)}: {spec.allowed}"
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise ParameterError(f"parameter {name!r}: value {value!r} is not finite; expected {spec.allowed}")
    if not spec.check(value):
        raise ParameterError(f"parameter {name!r}: value {value!r} is not allowed; expected {spec.allowed}")
    return value


def validate(values: Mapping[str, Any], allowed: Iterable[str] | None = None,
             specs: Mapping[str, Spec] | None = None) -> dict[str, Any]:
    """Validate parameter values and return them (ints promoted to float where a float is expected).

    Parameters
    ----------
    values : mapping
        Parameter name → value.
    allowed : iterable of str, optional
        The names this chapter accepts; defaults to the names in ``values``.
    specs : mapping, optional
        Specifications by name; defaults to :data:`SPECS`.

    Raises
    ------
    ParameterError
        Naming every offending parameter, its value and what is allowed.

    Examples
    --------
    >>> validate({"seed": 2017, "confidence": 0.9})
    {'seed': 2017, 'confidence': 0.9}
    >>> validate({"confidence": 1.5})
    Traceback (most recent call last):
    ...
    kmunetz.params.ParameterError: parameter 'confidence': value 1.5 is not allowed; expected a number strictly between 0 and 1 (e.g. 0.95)
    """
    specs = SPECS if specs is None else specs
    names = set(values) if allowed is None else set(allowed)
    problems: list[str] = []
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name not in names or name not in specs:
            known = ", ".join(sorted(names & set(specs))) or "none"
            problems.append(f"unknown parameter {name!r} (value {value!r}); this chapter accepts: {known}")
            continue
        try:
            out[name] = _check_one(name, value, specs[name])
        except ParameterError as exc:
            problems.append(str(exc))
    if problems:
        raise ParameterError("; ".join(problems) if len(problems) == 1 else
                             "invalid parameters:\n  - " + "\n  - ".join(problems))
    return out


def check(values: Mapping[str, Any], accepted: Iterable[str] | None = None, *, where: str = "",
          scope: str = "chapter", files: bool = False) -> dict[str, Any]:
    """The one entry point for parameters: the command line, the builder and the chapters all call it.

    1. Every name must be one the chapter (``scope="chapter"``) or some chapter of the book
       (``scope="book"``) accepts (``accepted``; all known names when None).
    2. Types and ranges (:func:`validate`).
    3. File paths become absolute (:func:`absolute_paths`).
    4. With ``files``, the data files named by ``survey``, ``experts`` and ``chart_values`` are read
       and checked, so that a broken file is reported before any kernel starts.

    Returns the validated values; raises :class:`ParameterError` (or the data layer's error for a bad
    file) naming the parameter, its value and what is expected.

    Examples
    --------
    >>> check({"seed": 7}, accepted=["seed", "n"])
    {'seed': 7}
    >>> check({"colour": "red"}, accepted=["seed", "n"], where="netzwerke.md")
    Traceback (most recent call last):
    ...
    kmunetz.params.ParameterError: netzwerke.md: unknown parameter(s) 'colour'; this chapter accepts: seed, n
    """
    if accepted is not None:
        accepted = list(accepted)
        unknown = [k for k in values if k not in accepted]
        if unknown:
            names = ", ".join(repr(u) for u in unknown)
            if scope == "book":
                raise ParameterError(f"unknown parameter(s) {names}: no chapter has them; "
                                     f"the chapters accept: {', '.join(sorted(accepted))}")
            raise ParameterError(f"{where + ': ' if where else ''}unknown parameter(s) {names}; "
                                 f"this chapter accepts: {', '.join(accepted) or 'none'}")
    out = absolute_paths(validate(dict(values), allowed=accepted))
    if files:
        from .survey import check_sources

        check_sources(out)
    return out


#: Parameters whose value may be a file path (besides a keyword such as "synthetic").
PATH_PARAMETERS = {"survey": "synthetic", "experts": "synthetic", "catalogue": "default", "chart_values": "default"}


def absolute_paths(values: Mapping[str, Any]) -> dict[str, Any]:
    """Turn relative file paths of path parameters into absolute ones (chapters run in their own folder).

    Examples
    --------
    >>> absolute_paths({"survey": "synthetic", "seed": 1})
    {'survey': 'synthetic', 'seed': 1}
    """
    from .paths import resolve_input

    out = dict(values)
    for name, keyword in PATH_PARAMETERS.items():
        if name in out and isinstance(out[name], str) and out[name] != keyword:
            out[name] = str(resolve_input(out[name]))
    return out


def coerce(name: str, text: str, specs: Mapping[str, Spec] | None = None) -> Any:
    """Convert a command-line string to the type a parameter expects (no range check).

    Examples
    --------
    >>> coerce("seed", "7"), coerce("confidence", "0.9"), coerce("survey", "synthetic")
    (7, 0.9, 'synthetic')
    """
    specs = SPECS if specs is None else specs
    if name not in specs:
        raise ParameterError(f"unknown parameter {name!r} (value {text!r}); known: {', '.join(sorted(specs))}")
    t = specs[name].type
    if t is bool:
        low = text.strip().lower()
        if low in ("true", "ja", "yes", "1"):
            return True
        if low in ("false", "nein", "no", "0"):
            return False
        raise ParameterError(f"parameter {name!r}: cannot read {text!r} as bool; expected {specs[name].allowed}")
    try:
        if t is int:
            return int(text)
        if t is float:
            return float(text)
    except ValueError:
        raise ParameterError(
            f"parameter {name!r}: cannot read {text!r} as {_type_name(t)}; expected {specs[name].allowed}"
        ) from None
    return text
