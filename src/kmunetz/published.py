"""The catalogue of every number the study states (``data/published/numbers.csv``).

The catalogue is the only place where numbers are typed by hand. Each row records the number, its
unit and base, where the study states it, its source, and the interval its wording allows
("fast 90 %" allows [85, 90), "9 von 10" allows [85, 95)). Chapters read numbers from here;
:func:`agrees` tells whether a computed value is compatible with the study's wording.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import paths

__all__ = ["CatalogueError", "catalogue_path", "load", "get", "value", "agrees", "within", "allowed_text", "for_chapter",
           "applicants_per_vacancy"]


class CatalogueError(KeyError):
    """An unknown key was asked for, or the catalogue file is malformed."""

    def __str__(self) -> str:  # KeyError quotes its message; show it plainly
        return str(self.args[0]) if self.args else ""


_DTYPES = {
    "key": "string", "value": "float64", "unit": "string", "base_n": "Int64", "section": "string",
    "chapter": "string", "kind": "string", "statement": "string", "source": "string",
    "wording": "string", "wording_class": "string", "lower": "float64", "upper": "float64",
    "bounds": "string",
}


def catalogue_path(path: str | Path | None = None) -> Path:
    """Return the path of the catalogue CSV (``path`` if given and not ``'default'``)."""
    if path is None or str(path) == "default":
        return paths.published_dir() / "numbers.csv"
    return paths.resolve_input(path)


@lru_cache(maxsize=8)
def _load(path: Path, mtime: float) -> pd.DataFrame:
    try:
        df = pd.read_csv(path, dtype=_DTYPES, keep_default_na=False, na_values=[""])
    except FileNotFoundError:
        raise CatalogueError(f"{path}: catalogue file not found") from None
    except (ValueError, pd.errors.ParserError) as exc:
        raise CatalogueError(f"{path}: not a valid catalogue CSV ({exc})") from None
    missing = [c for c in _DTYPES if c not in df.columns]
    if missing:
        raise CatalogueError(f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(_DTYPES)}")
    dupes = df.loc[df["key"].duplicated(), "key"].tolist()
    if dupes:
        raise CatalogueError(f"{path}: duplicate key(s) {', '.join(dupes)}")
    return df.set_index("key", drop=False)


def load(path: str | Path | None = None) -> pd.DataFrame:
    """Return the catalogue as a DataFrame indexed by ``key``.

    Examples
    --------
    >>> cat = load()
    >>> int(cat.loc["befragung_teilnehmer", "value"])
    156
    >>> set(cat["source"]) >= {"IAW-Befragung", "Expertenpanel"}
    True
    """
    p = catalogue_path(path)
    if not p.is_file():
        raise CatalogueError(f"{p}: catalogue file not found")
    return _load(p, p.stat().st_mtime).copy()


def get(key: str, path: str | Path | None = None) -> pd.Series:
    """Return one row of the catalogue.

    Raises
    ------
    CatalogueError
        If ``key`` is not in the catalogue; the message lists close matches.

    Examples
    --------
    >>> get("bewerber_klein")["wording"]
    'zehn Bewerber'
    >>> get("bewerber_klien")
    Traceback (most recent call last):
    ...
    kmunetz.published.CatalogueError: unknown catalogue key 'bewerber_klien' in .../numbers.csv; did you mean: bewerber_klein...
    """
    cat = load(path)
    if key not in cat.index:
        import difflib

        close = difflib.get_close_matches(key, cat.index.tolist(), n=3)
        hint = f"; did you mean: {', '.join(close)}?" if close else f"; known keys: {', '.join(cat.index)}"
        raise CatalogueError(f"unknown catalogue key {key!r} in {catalogue_path(path)}{hint}")
    return cat.loc[key]


def value(key: str, path: str | Path | None = None) -> float:
    """Return a catalogue value as a plain float (ready for glue).

    Examples
    --------
    >>> value("bewerber_gross")
    32.0
    """
    v = get(key, path)["value"]
    if pd.isna(v):
        raise CatalogueError(f"catalogue key {key!r} states no number (wording {get(key, path)['wording']!r})")
    return float(v)


def agrees(key: str, computed: float, path: str | Path | None = None) -> bool:
    """Tell whether ``computed`` (in the catalogue's unit) lies in the interval the wording allows.

    Examples
    --------
    >>> agrees("kmu_beteiligt", 91.6), agrees("kmu_beteiligt", 95.0)
    (True, False)
    """
    row = get(key, path)
    return within(float(computed), float(row["lower"]), float(row["upper"]), str(row["bounds"]))


def within(x: float, lower: float, upper: float, bounds: str = "[]") -> bool:
    """Tell whether ``x`` lies in an interval written with ``bounds`` ('[]', '[)', '(]', '()').

    Examples
    --------
    >>> within(90, 85, 90, "[)"), within(90, 85, 90, "[]")
    (False, True)
    """
    if math.isnan(x):
        return False
    lo_ok = x >= lower if bounds[0] == "[" else x > lower
    hi_ok = x <= upper if bounds[1] == "]" else x < upper
    return bool(lo_ok and hi_ok)


def allowed_text(row: pd.Series) -> str:
    """The interval a catalogue row's wording allows, in German interval notation.

    Examples
    --------
    >>> allowed_text(get("fachkraefte_anteil"))
    '[85,0; 90,0)'
    """
    from . import formatting

    return (f"{row['bounds'][0]}{formatting.number(row['lower'], 1)}; "
            f"{formatting.number(row['upper'], 1)}{row['bounds'][1]}")


def for_chapter(chapter: str, path: str | Path | None = None) -> pd.DataFrame:
    """Return the catalogue rows a chapter presents.

    Examples
    --------
    >>> for_chapter("bewerberlage")["key"].tolist()[:2]
    ['fachkraefte_anteil', 'bewerber_klein']
    """
    cat = load(path)
    return cat[cat["chapter"] == chapter]


def applicants_per_vacancy(path: str | Path | None = None) -> pd.DataFrame:
    """Return the IAB figures on applicants per vacancy (2015) as a tidy table.

    Columns: ``size`` (Betriebsgröße), ``measure`` (Bewerber / davon geeignet), ``value``, ``key``.

    Examples
    --------
    >>> applicants_per_vacancy()["value"].tolist()
    [10.0, 3.0, 32.0, 12.0]
    """
    layout = [
        ("kleine Betriebe", "Bewerber je Stelle", "bewerber_klein"),
        ("kleine Betriebe", "davon geeignet", "geeignete_klein"),
        ("große Betriebe", "Bewerber je Stelle", "bewerber_gross"),
        ("große Betriebe", "davon geeignet", "geeignete_gross"),
    ]
    return pd.DataFrame(
        [{"size": s, "measure": m, "value": value(k, path), "key": k} for s, m, k in layout]
    )
