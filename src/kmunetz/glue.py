"""Glue computed numbers into a chapter's prose, formatted the German way.

:func:`glue_number` stores a value under a key the way myst-nb's ``glue`` does (a display output
whose metadata names the key, so the library needs no Jupyter Book where it runs); the prose shows it with
``{glue:text}`key```. The stored text is German (``33,1 %``); the raw number is kept beside it as
JSON, with its :class:`~kmunetz.provenance.Provenance`, so that reruns and sweeps can collect the
numbers (``kmunetz run`` writes them to ``<chapter>.values.json``) and the rendered page can mark
every number with its class (Studie, nachgerechnet, angenommen, aus den Daten).

Every glued number must say where it comes from: ``origin`` is required, and text that contains a
digit (an interval, a wording such as "9 von 10") needs one too.
"""

from __future__ import annotations

import json
import math
from numbers import Real

from . import formatting
from .provenance import Provenance

__all__ = ["Glued", "german", "glue_number", "glue_text", "glue_layer", "values_from_notebook", "provenance_from_notebook",
           "MIME", "LAYER_MIME"]

#: MIME type under which the raw value is stored next to the German text.
MIME = "application/vnd.kmunetz.value+json"

#: MIME type of the state of a chapter's analysis layer (read by the book's ``analysis_layer`` extension).
LAYER_MIME = "application/vnd.kmunetz.layer+json"

#: Prefix of the MIME types of a value glued without showing it (myst-nb reads the same prefix).
GLUE_PREFIX = "application/papermill.record/"

_KINDS = {
    "number": lambda v, d: formatting.number(v, d),
    "integer": lambda v, d: formatting.integer(v),
    "percent": lambda v, d: formatting.percent(v, d),          # v is a share in [0, 1]
    "percent_value": lambda v, d: formatting.percent(v, d, scale=1),  # v is already in percent
    "points": lambda v, d: formatting.percent_points(v, d),
    "year": lambda v, d: str(int(v)),  # a date, not a quantity: no digit grouping ("2014", not "2.014")
}


class Glued:
    """A number with its German text; displays as the text, carries the raw value and its provenance as JSON."""

    def __init__(self, value: float | str, text: str, origin: Provenance | None = None):
        self.value = value
        self.text = text
        self.origin = origin

    def __repr__(self) -> str:
        return self.text

    def _repr_mimebundle_(self, include=None, exclude=None):
        payload = {"value": self.value, "text": self.text}
        if self.origin is not None:
            payload["provenance"] = self.origin.to_dict()
        return {"text/plain": repr(self.text), MIME: payload}


def german(value: Real, kind: str = "number", decimals: int = 1, origin: Provenance | None = None) -> Glued:
    """Return a :class:`Glued` number: the value with its German text.

    Parameters
    ----------
    kind : {"number", "integer", "percent", "percent_value", "points", "year"}
        How to format: ``percent`` takes a share in [0, 1], ``percent_value`` a value in percent,
        ``points`` percentage points with a sign, ``year`` a calendar year without digit grouping.

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
    if kind in ("integer", "year"):
        v = int(formatting.round_half_up(v))
    return Glued(v, _KINDS[kind](v, decimals), origin)


def _check_origin(name: str, origin) -> None:
    if not isinstance(origin, Provenance):
        raise TypeError(f"glue {name!r}: origin must be a kmunetz.provenance.Provenance (where the number comes "
                        f"from), got {origin!r}")


def glue_number(name: str, value: Real, kind: str = "number", decimals: int = 1, display: bool = False, *,
                origin: Provenance) -> None:
    """Glue a number under ``name`` as German text (see :func:`german` for ``kind``), with its provenance.

    Examples
    --------
    >>> glue_number("x", float("nan"), "percent", origin=Provenance.setting("example"))
    Traceback (most recent call last):
    ...
    ValueError: glue_number 'x': cannot glue NaN
    >>> glue_number("x", 0.331, "percent")
    Traceback (most recent call last):
    ...
    TypeError: glue_number() missing 1 required keyword-only argument: 'origin'
    """
    _check_origin(name, origin)
    try:
        g = german(value, kind, decimals, origin)
    except ValueError as exc:
        raise ValueError(f"glue_number {name!r}: {exc}") from None
    _glue(name, g, display)


def glue_text(name: str, text: str, display: bool = False, *, origin: Provenance | None = None) -> None:
    """Glue a short piece of text under ``name``; text with a digit (an interval, "9 von 10") needs ``origin``.

    Examples
    --------
    >>> glue_text("feld", "Bildung")
    >>> glue_text("ci", "42 bis 59 %")
    Traceback (most recent call last):
    ...
    ValueError: glue_text 'ci': the text '42 bis 59 %' contains a number, so it needs origin= (its provenance)
    """
    text = str(text)
    if origin is None:
        if any(ch.isdigit() for ch in text):
            raise ValueError(f"glue_text {name!r}: the text {text!r} contains a number, so it needs origin= "
                             "(its provenance)")
    else:
        _check_origin(name, origin)
    _glue(name, Glued(text, text, origin), display)


class _Layer:
    def __init__(self, state: dict):
        self.state = dict(state)

    def __repr__(self) -> str:
        return self.state.get("summary", "")

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": repr(self), LAYER_MIME: self.state}


def glue_layer(state: dict, name: str = "kmunetz_layer") -> None:
    """Glue the state of the chapter's analysis layer (see :func:`kmunetz.wording.layer_state`), not shown.

    Examples
    --------
    >>> glue_layer({"open": False})
    Traceback (most recent call last):
    ...
    ValueError: glue_layer: the state lacks summary, badge, note, synthetic
    """
    missing = [k for k in ("summary", "badge", "note", "synthetic", "open") if k not in state]
    if missing:
        raise ValueError(f"glue_layer: the state lacks {', '.join(missing)}")
    _glue(name, _Layer(state), False)


def _glue(name: str, obj, display: bool) -> None:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return
    if get_ipython() is None:  # plain Python (tests, scripts): nothing to display into
        return
    from IPython.core.formatters import format_display_data
    from IPython.display import display as show

    bundle, metadata = format_display_data(obj)
    prefix = "" if display else GLUE_PREFIX
    metadata["scrapbook"] = {"name": name, "mime_prefix": prefix}
    show({prefix + k: v for k, v in bundle.items()}, raw=True, metadata=metadata)


def _glued_payloads(nb):
    """Yield (name, payload or None, plain text) for every glued output of an executed notebook."""
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
            yield meta["name"], raw, data.get(prefix + "text/plain", "").strip("'\"")


def provenance_from_notebook(nb) -> list[dict]:
    """Every glued value of an executed notebook with its provenance: name, value, text and the provenance dict.

    Glued text without a provenance (a word such as a category label) is left out.
    """
    return [{"name": name, "value": raw["value"], "text": raw["text"], "provenance": raw["provenance"]}
            for name, raw, _ in _glued_payloads(nb) if raw is not None and "provenance" in raw]


def values_from_notebook(nb) -> dict[str, float | str]:
    """Collect every glued value of an executed notebook: name → raw value (or text).

    Values glued with :func:`glue_number` give their raw number; other glued objects their plain text.
    """
    return {name: (raw["value"] if raw is not None else text) for name, raw, text in _glued_payloads(nb)}
