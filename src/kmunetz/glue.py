"""Glue computed numbers into a chapter's prose, formatted the German way.

:func:`glue_number` stores a value under a key with myst-nb's ``glue``; the prose shows it with
``{glue:text}`key```. The stored text is German (``33,1 %``); the raw number is kept beside it as
JSON so that reruns and sweeps can collect the numbers (``kmunetz run`` writes them to
``<chapter>.values.json``).
"""

from __future__ import annotations

import json
import math
from numbers import Real

from . import formatting

__all__ = ["Glued", "german", "glue_number", "glue_text", "values_from_notebook", "MIME"]

#: MIME type under which the raw value is stored next to the German text.
MIME = "application/vnd.kmunetz.value+json"

_KINDS = {
    "number": lambda v, d: formatting.number(v, d),
    "integer": lambda v, d: formatting.integer(v),
    "percent": lambda v, d: formatting.percent(v, d),          # v is a share in [0, 1]
    "percent_value": lambda v, d: formatting.percent(v, d, scale=1),  # v is already in percent
    "points": lambda v, d: formatting.percent_points(v, d),
}


class Glued:
    """A number with its German text; displays as the text, carries the raw value as JSON."""

    def __init__(self, value: float | str, text: str):
        self.value = value
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": repr(self.text), MIME: {"value": self.value, "text": self.text}}


def german(value: Real, kind: str = "number", decimals: int = 1) -> Glued:
    """Return a :class:`Glued` number: the value with its German text.

    Parameters
    ----------
    kind : {"number", "integer", "percent", "percent_value", "points"}
        How to format: ``percent`` takes a share in [0, 1], ``percent_value`` a value in percent,
        ``points`` percentage points with a sign.

    Examples
    --------
    >>> german(0.331, "percent").text
    '33,1\\xa0%'
    >>> german(31.5, "integer").value
    32
    """
    if kind not in _KINDS:
        raise ValueError(f"kind must be one of {', '.join(_KINDS)}, got {kind!r}")
    v = float(value)
    if math.isnan(v):
        raise ValueError("cannot glue NaN")
    if kind == "integer":
        v = int(formatting.round_half_up(v))
    return Glued(v, _KINDS[kind](v, decimals))


def glue_number(name: str, value: Real, kind: str = "number", decimals: int = 1, display: bool = False) -> None:
    """Glue a number under ``name`` as German text (see :func:`german` for ``kind``).

    Examples
    --------
    >>> glue_number("x", 0.331, "percent")  # outside a notebook nothing is displayed
    """
    try:
        g = german(value, kind, decimals)
    except ValueError as exc:
        raise ValueError(f"glue_number {name!r}: {exc}") from None
    _glue(name, g, display)


def glue_text(name: str, text: str, display: bool = False) -> None:
    """Glue a short piece of text (e.g. a formatted interval) under ``name``."""
    _glue(name, Glued(str(text), str(text)), display)


def _glue(name: str, obj: Glued, display: bool) -> None:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return
    if get_ipython() is None:  # plain Python (tests, scripts): nothing to display into
        return
    from myst_nb import glue

    glue(name, obj, display=display)


def values_from_notebook(nb) -> dict[str, float | str]:
    """Collect every glued value of an executed notebook: name → raw value (or text).

    Values glued with :func:`glue_number` give their raw number; other glued objects their plain text.
    """
    out: dict[str, float | str] = {}
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("scrapbook")
            if not meta:
                continue
            data = output.get("data", {})
            prefix = meta.get("mime_prefix", "")
            raw = data.get(prefix + MIME)
            if raw is not None:
                raw = json.loads(raw) if isinstance(raw, str) else raw
                out[meta["name"]] = raw["value"]
            else:
                text = data.get(prefix + "text/plain", "")
                out[meta["name"]] = text.strip("'\"")
    return out
