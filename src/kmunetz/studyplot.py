"""Figures of what the study states: its numbers, the range their wording allows, their sampling uncertainty.

The reading line of a study chapter shows only what is known. For each number the study states in
its text (a row of ``data/published/numbers.csv``) a figure can show three things, all of them real
information:

- the **range its wording allows** ("fast 90 %" is 85 to under 90 %, "überwiegend" more than half),
  from the catalogue's ``lower``/``upper`` columns;
- the **stated value** itself, where the wording names one;
- where the study gives the base (``base_n``, e.g. "n = 154"), the **sampling uncertainty** of that
  value: the confidence interval a share of that size has with that many answers (Wilson).

Values of the study's charts that someone typed into ``data/published/chart_values.csv`` join the
figure as stated values of the study. Nothing of the synthetic survey is drawn here.

Examples
--------
>>> t = study_table({"kmu_beteiligt": "KMU beteiligt", "kmu_aktiv": "aktive KMU"})
>>> t[["label", "wording", "n"]].values.tolist()
[['KMU beteiligt', '9 von 10', 154], ['aktive KMU', 'rund zwei Drittel', 154]]
>>> study_table({"netzwerke_gewachsen": "gewachsen"})[["wording", "value", "lower", "upper"]].values.tolist()
[['mehr als die Hälfte', nan, 50.0, 100.0]]
>>> ax = study_chart(t)
>>> len(ax.collections) >= 1
True
>>> plt.close(ax.figure)
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from . import formatting, published, stats
from .plotting import FIGURE_WIDTH, PALETTE, german_axis, wrap_label
from .provenance import Provenance

__all__ = ["NAMED_VALUE", "study_table", "study_chart", "study_data", "study_origin", "study_alt"]

#: Wording classes of the catalogue that name a value ("etwa 85 %", "9 von 10", "fast 90 %"). The others
#: name only a bound or a direction ("mehr als die Hälfte", "überwiegend"): their figure shows the range the
#: words allow, with no dot, since a dot at the bound would read as the study's value.
NAMED_VALUE = frozenset({"exakt", "gerundet", "etwa", "fast", "anteil_von"})

_COLUMNS = ["key", "label", "wording", "value", "lower", "upper", "allowed", "n", "ci_lower", "ci_upper", "source"]


def study_table(labels: Mapping[str, str], confidence: float = 0.95, chart_values: str | None = None,
                catalogue: str | None = None) -> pd.DataFrame:
    """The study's numbers for a figure: one row per catalogue (or typed chart value) key, in the given order.

    Parameters
    ----------
    labels : mapping
        Catalogue keys (``numbers.csv``) or chart value keys (``chart_values.csv``, used only where a
        value is typed in) → the short label the figure shows.
    confidence : float
        Level of the sampling interval drawn where the study gives a base n.
    chart_values, catalogue : str, optional
        Other files than the book's (parameters ``chart_values`` and ``catalogue``).

    Returns
    -------
    DataFrame
        ``key``, ``label``, ``wording`` (the study's words), ``value`` (NaN where the wording names no
        value, see :data:`NAMED_VALUE`), ``lower``/``upper`` (the range the wording allows, in percent), ``allowed`` (that range in words,
        "über 50 bis 100 %"), ``n`` (base, or
        ``<NA>``), ``ci_lower``/``ci_upper`` (sampling interval in percent, NaN without a base) and
        ``source``. Chart keys without a typed value are left out.
    """
    cat = published.load(catalogue)
    charts = published.chart_values(chart_values)
    rows = []
    for key, label in labels.items():
        if key in cat.index:
            r = cat.loc[key]
            if r["unit"] != "Prozent":
                raise ValueError(f"study_table: {key!r} is not a share (unit {r['unit']!r}); expected unit 'Prozent'")
            value, lower, upper, n = r["value"], r["lower"], r["upper"], r["base_n"]
            if r["wording_class"] not in NAMED_VALUE:
                value = math.nan
            wording, source = str(r["wording"]), str(r["source"])
            allowed = f"{published.allowed_text(r)}{formatting.NBSP}%"
        elif key in charts.index:
            r = charts.loc[key]
            if pd.isna(r["value"]):
                continue
            value = lower = upper = float(r["value"])
            n, wording, source = r["base_n"], formatting.percent(value, 0, scale=1), str(r["source"])
            allowed = wording  # a typed value allows only itself
        else:
            raise KeyError(f"study_table: {key!r} is neither in the catalogue nor in the chart values")
        ci_lower = ci_upper = math.nan
        if not pd.isna(n) and not pd.isna(value):
            k = int(formatting.round_half_up(float(value) / 100 * int(n)))
            s = stats.share(k, int(n), confidence)
            ci_lower, ci_upper = s.lower * 100, s.upper * 100
        rows.append({"key": key, "label": label, "wording": wording, "value": float(value) if not pd.isna(value)
                     else math.nan, "lower": float(lower), "upper": float(upper), "allowed": allowed,
                     "n": pd.NA if pd.isna(n) else int(n), "ci_lower": ci_lower, "ci_upper": ci_upper,
                     "source": source})
    out = pd.DataFrame(rows, columns=_COLUMNS)
    out["n"] = out["n"].astype("Int64")
    return out


def study_origin(table: pd.DataFrame) -> Provenance:
    """The provenance of a study figure: the study, with every key it draws."""
    return Provenance.study(*table["key"])


def study_alt(table: pd.DataFrame) -> str:
    """The alt text's list of what the figure shows: label and the study's wording for each row.

    Examples
    --------
    >>> study_alt(study_table({"kmu_aktiv": "aktive KMU"}))
    'aktive KMU: rund zwei Drittel'
    """
    return "; ".join(f"{lab}: {w}" for lab, w in zip(table["label"], table["wording"]))


def _row_name(label: str, words: str) -> str:
    """A row's name: the figure's short label, under it the study's words in quotes (each wrapped)."""
    return wrap_label(label) + "\n" + wrap_label(f"„{words}“")


def study_chart(table: pd.DataFrame, ax: Axes | None = None, confidence: float = 0.95) -> Axes:
    """Draw the study's shares: the range the wording allows, the stated value and its sampling interval.

    Each row of :func:`study_table` becomes one line: a pale band for the range of the wording, a
    dot for the stated value (if the wording names one), a thin line for its sampling interval (if
    the study gives a base). The row's name carries the study's own words under its label, and the
    legend below the axes says what band, dot and line are, so the figure needs no caption to be read.
    All text stays inside :data:`~kmunetz.plotting.FIGURE_WIDTH`, so that a phone shrinks nothing.

    Parameters
    ----------
    table : DataFrame
        Rows of :func:`study_table`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new figure as high as its rows need.
    confidence : float
        The level of the sampling intervals, named in the legend.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if table.empty:
        raise ValueError("study_chart: the table has no rows")
    names = [_row_name(lab, w) for lab, w in zip(table["label"], table["wording"])]
    if ax is None:
        rows = sum(0.3 + 0.22 * (name.count("\n") + 1) for name in names)
        _, ax = plt.subplots(figsize=(FIGURE_WIDTH, rows + 2.2))
    pos = np.arange(len(table))
    band, dot = "#9ecae1", PALETTE[0]
    ax.barh(pos, table["upper"] - table["lower"], left=table["lower"], height=0.5, color=band,
            label="Spielraum des Wortlauts")
    has_ci = table["ci_lower"].notna()
    if has_ci.any():
        ax.hlines(pos[has_ci], table.loc[has_ci, "ci_lower"], table.loc[has_ci, "ci_upper"], color="#333333",
                  linewidth=1.6, label=f"Stichprobenunsicherheit ({formatting.confidence_level(confidence)})")
    has_value = table["value"].notna()
    if has_value.any():
        ax.scatter(table.loc[has_value, "value"], pos[has_value], color=dot, zorder=3, s=46,
                   label="genannter Wert")
    ax.set_yticks(pos, names)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    german_axis(ax, "x", percent=True)
    ax.set_xlabel("Anteil in Prozent")
    ax.grid(axis="x", alpha=0.3)
    # below the figure, one entry per line: as wide as the longest entry, never wider than the figure
    ax.figure.legend(*ax.get_legend_handles_labels(), loc="outside lower left", ncol=1, frameon=False)
    return ax


def study_data(table: pd.DataFrame):
    """The numbers behind a study figure as its "Daten zur Abbildung" table (see :func:`kmunetz.plotting.figure_data`).

    One row per statement: the study's words, the range they allow, the stated value and, where the
    study gives a base, the base and the sampling interval.

    Examples
    --------
    >>> html = study_data(study_table({"kmu_aktiv": "aktive KMU"})).data
    >>> "Daten zur Abbildung" in html and "rund zwei Drittel" in html and "Spielraum des Wortlauts" in html
    True
    """
    from .plotting import figure_data

    def pct(v) -> str:
        return "–" if pd.isna(v) else formatting.percent(float(v), 0, scale=1)

    def span(lo, hi) -> str:
        return "–" if pd.isna(lo) else formatting.interval(float(lo), float(hi), 0, scale=1)

    frame = pd.DataFrame({
        "label": table["label"], "wording": [f"„{w}“" for w in table["wording"]],
        "range": list(table["allowed"]),
        "value": [pct(v) for v in table["value"]],
        "n": ["–" if pd.isna(n) else formatting.integer(n) for n in table["n"]],
        "ci": [span(lo, hi) for lo, hi in zip(table["ci_lower"], table["ci_upper"])]})
    # a column that is empty for every statement ("–") is left out, so the table fits a phone
    frame = frame[[c for c in frame.columns if (frame[c] != "–").any()]]
    return figure_data(frame, percent=(), columns={
        "label": "Aussage", "wording": "Wortlaut der Studie", "range": "Spielraum des Wortlauts",
        "value": "genannter Wert", "n": "Antworten", "ci": "Stichprobenunsicherheit"})
