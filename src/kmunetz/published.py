"""The catalogue of every number the study states (``data/published/numbers.csv``).

Each row records a number the study states in its text (or a finding it states without a number:
a direction, a ranking, "überwiegend"), its unit and base, where the study states it, its source,
and the interval its wording allows. Chapters read the study's numbers from here; :func:`agrees`
tells whether a computed value is compatible with the study's wording.

One rule sets the interval of every wording class (:func:`allowed_interval`; percentages in points):

===============  ======================================  ======================================
class            example                                 allowed interval
===============  ======================================  ======================================
``exakt``        "156 davon", "n = 154"                  exactly the value
``gerundet``     "96%", "32", "zehn Bewerber"            [v − 0,5; v + 0,5): the stated digit
``fast``         "fast 90 %", "fast 35 %"                [v − 5; v): up to 5 points below
``etwa``         "etwa 85 %", "rund zwei Drittel"        [v − 5; v + 5]
``anteil_von``   "9 von 10", "vier von fünf"             [v − 5; v + 5], like ``etwa``
``mehr_als``     "mehr als 90 %", "mehr als ein Drittel"  (v; 100]
``ueberwiegend`` "überwiegend"                           (50; 100]
``spanne``       "jeweils 20 bis 25 %"                   [lower; upper] as stated (no value)
``richtung``     "überdurchschnittlich häufig"           (0; ∞) for +1, (−∞; 0) for −1
``rangfolge``    "besonders wichtig sind …"              no interval; see :mod:`kmunetz.models`
===============  ======================================  ======================================

The columns ``lower``, ``upper`` and ``bounds`` of the CSV hold the result of this rule (a test keeps
them in step), so that the file can be read without this package. Values the study's charts carry
but its text lost are listed in ``chart_values.csv`` (:func:`chart_values`).
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import paths

__all__ = ["CatalogueError", "WORDING_CLASSES", "catalogue_path", "load", "get", "value", "agrees", "within", "assumptions",
           "allowed_interval", "allowed_text", "for_chapter", "applicants_per_vacancy", "chart_values_path",
           "chart_values", "chart_value"]

#: Every wording class, in the order of the table in the module docstring.
WORDING_CLASSES = ("exakt", "gerundet", "fast", "etwa", "anteil_von", "mehr_als", "ueberwiegend", "spanne",
                   "richtung", "rangfolge")


class CatalogueError(KeyError):
    """An unknown key was asked for, or the catalogue file is malformed."""

    def __str__(self) -> str:  # KeyError quotes its message; show it plainly
        return str(self.args[0]) if self.args else ""


_DTYPES = {
    "key": "string", "value": "float64", "unit": "string", "base_n": "Int64", "section": "string",
    "chapter": "string", "kind": "string", "statement": "string", "source": "string",
    "wording": "string", "variables": "string", "wording_class": "string", "lower": "float64", "upper": "float64",
    "bounds": "string",
}


def catalogue_path(path: str | Path | None = None) -> Path:
    """Return the path of the catalogue CSV (``path`` if given and not ``'default'``)."""
    if path is None or str(path) == "default":
        return paths.published_dir() / "numbers.csv"
    return paths.resolve_input(path)


def _read_keyed(path: Path, dtypes: dict[str, str], what: str) -> pd.DataFrame:
    """Read a CSV keyed by ``key`` with these columns; every problem raises one CatalogueError naming the file."""
    try:
        df = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])
    except FileNotFoundError:
        raise CatalogueError(f"{path}: {what} file not found") from None
    except (ValueError, pd.errors.ParserError) as exc:
        raise CatalogueError(f"{path}: not a valid {what} CSV ({exc}); expected the columns "
                             f"{', '.join(dtypes)}") from None
    missing = [c for c in dtypes if c not in df.columns]
    if missing:
        raise CatalogueError(f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(dtypes)}")
    dupes = df.loc[df["key"].duplicated(), "key"].tolist()
    if dupes:
        raise CatalogueError(f"{path}: duplicate key(s) {', '.join(dupes)}")
    return df.set_index("key", drop=False)


@lru_cache(maxsize=8)
def _load(path: Path, mtime: float) -> pd.DataFrame:
    from .formatting import wording

    df = _read_keyed(path, _DTYPES, "catalogue")
    # the study's wordings and the statements are shown to readers: in the book's number style ("90 %")
    for column in ("wording", "statement"):
        df[column] = df[column].map(lambda s: s if pd.isna(s) else wording(s)).astype("string")
    return df


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
    >>> agrees("kmu_beteiligt", 91.6), agrees("kmu_beteiligt", 95.1)
    (True, False)
    """
    row = get(key, path)
    if row["wording_class"] == "rangfolge":
        raise CatalogueError(f"catalogue key {key!r} states a ranking, not an interval; see kmunetz.models.headline")
    return within(float(computed), float(row["lower"]), float(row["upper"]), str(row["bounds"]))


def allowed_interval(wording_class: str, value: float, lower: float = math.nan,
                     upper: float = math.nan) -> tuple[float, float, str]:
    """The interval a wording allows: (lower, upper, bounds), by the rule in the module docstring.

    ``lower`` and ``upper`` are only read for ``spanne``, whose ends the study states itself.

    Examples
    --------
    >>> allowed_interval("fast", 90), allowed_interval("etwa", 85), allowed_interval("mehr_als", 90)
    ((85.0, 90.0, '[)'), (80.0, 90.0, '[]'), (90.0, 100.0, '(]'))
    >>> allowed_interval("richtung", -1)
    (-inf, 0.0, '()')
    """
    v = float(value)
    rules = {
        "exakt": lambda: (v, v, "[]"),
        "gerundet": lambda: (v - 0.5, v + 0.5, "[)"),
        "fast": lambda: (v - 5, v, "[)"),
        "etwa": lambda: (v - 5, v + 5, "[]"),
        "anteil_von": lambda: (v - 5, v + 5, "[]"),
        "mehr_als": lambda: (v, 100.0, "(]"),
        "ueberwiegend": lambda: (50.0, 100.0, "(]"),
        "spanne": lambda: (float(lower), float(upper), "[]"),
        "richtung": lambda: (0.0, math.inf, "()") if v > 0 else (-math.inf, 0.0, "()"),
        "rangfolge": lambda: (math.nan, math.nan, ""),
    }
    if wording_class not in rules:
        raise CatalogueError(f"unknown wording class {wording_class!r}; expected one of {', '.join(rules)}")
    lo, hi, b = rules[wording_class]()
    return float(lo), float(hi), b


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
    """The interval a catalogue row's wording allows, in words for lay readers.

    Examples
    --------
    >>> allowed_text(get("fachkraefte_anteil")), allowed_text(get("netzwerke_gewachsen"))
    ('85 bis unter 90', 'über 50 bis 100')
    >>> allowed_text(get("kmu_aktiv")), allowed_text(get("richtung_decentral"))
    ('61,7 bis 71,7', 'unter 0')
    """
    from . import formatting

    if pd.isna(row["bounds"]) or not str(row["bounds"]):
        return "–"
    lo, hi, b = float(row["lower"]), float(row["upper"]), str(row["bounds"])

    def num(x: float) -> str:
        if row.get("unit") == "Jahr":  # a year, not a quantity: no digit grouping
            return str(int(x))
        return formatting.number(x, 0 if float(x).is_integer() else 1)

    if math.isinf(hi):
        return f"über {num(lo)}"
    if math.isinf(lo):
        return f"unter {num(hi)}"
    if lo == hi:
        return num(lo)
    left = ("über " if b[0] == "(" else "") + num(lo)
    right = ("unter " if b[1] == ")" else "") + num(hi)
    return f"{left} bis {right}"


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


#: Columns of ``chart_values.csv``.
_CHART_DTYPES = {
    "key": "string", "chart": "string", "category": "string", "variable": "string", "base_n": "Int64",
    "value": "float64", "unit": "string", "section": "string", "chapter": "string", "source": "string",
}


def chart_values_path(path: str | Path | None = None) -> Path:
    """Return the path of the chart values (``data/published/chart_values.csv`` unless ``path`` is given)."""
    if path is None or str(path) == "default":
        return paths.published_dir() / "chart_values.csv"
    return paths.resolve_input(path)


@lru_cache(maxsize=8)
def _load_charts(path: Path, mtime: float) -> pd.DataFrame:
    df = _read_keyed(path, _CHART_DTYPES, "chart values")
    bad = df[df["value"].notna() & (df["unit"] == "Prozent") & ~df["value"].between(0, 100)]
    if not bad.empty:
        r = bad.iloc[0]
        raise CatalogueError(f"{path}: column 'value', key {r['key']!r}: value {r['value']:g} is not a percentage; "
                             "expected a number from 0 to 100")
    return df


def chart_values(path: str | Path | None = None) -> pd.DataFrame:
    """Return the values of the study's charts, one row per chart element, indexed by ``key``.

    The study's PDF shows about ten charts with values ("Angaben in Prozent, n = 154"); the text
    this book is based on lost them. The file lists each element of those charts that the text
    names (chart, category, the survey variable it describes, base n); ``value`` stays empty until
    someone who holds the PDF types it in. A typed value is then a number of the study: the
    synthetic survey is calibrated to it, and the reproduction check compares with it.

    Examples
    --------
    >>> cv = chart_values()
    >>> cv.loc["abb_ausrichtung_exploitativ", "variable"], int(cv.loc["abb_ausrichtung_exploitativ", "base_n"])
    ('exploitative', 156)
    """
    p = chart_values_path(path)
    if not p.is_file():
        raise CatalogueError(f"{p}: chart values file not found")
    return _load_charts(p, p.stat().st_mtime).copy()


def chart_value(variable: str, path: str | Path | None = None) -> pd.Series | None:
    """The chart row with a typed value for a survey variable (None where the chart value is unknown).

    Examples
    --------
    >>> chart_value("field_bildung") is None   # the text lost the chart's values
    True
    """
    cv = chart_values(path)
    rows = cv[(cv["variable"] == variable) & cv["value"].notna()]
    return None if rows.empty else rows.iloc[0]


@lru_cache(maxsize=4)
def _assumptions(path: Path, mtime: float) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    bad = df[~df["status"].isin(["published", "assumed"])]
    if not bad.empty:
        raise ValueError(f"{path}: status must be 'published' or 'assumed'; rows {bad['name'].tolist()}")
    from .formatting import wording

    df["reason"] = df["reason"].map(wording)  # shown to readers: in the book's number style
    return df.set_index("name", drop=False)


def assumptions() -> pd.DataFrame:
    """Return the assumptions of the synthetic data set (``data/assumptions.csv``) indexed by name.

    Every value the generator uses that the study does not state, with its reason; the data layer
    keeps them beside the catalogue of the study's numbers.

    Examples
    --------
    >>> a = assumptions()
    >>> sorted(a["status"].unique())
    ['assumed', 'published']
    """
    p = paths.data_dir() / "assumptions.csv"
    return _assumptions(p, p.stat().st_mtime)
