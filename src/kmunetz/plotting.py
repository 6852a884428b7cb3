"""The book's figure theme and chart functions.

Nothing is changed on import: chapters call :func:`use_theme` once. Chart functions follow the
``f(data, ..., ax=None, **kwargs) -> ax`` convention, so they compose with any matplotlib layout.
The palette is Okabe–Ito, which stays distinguishable for the common forms of colour blindness.
"""

from __future__ import annotations

import functools
import math
import re
import warnings
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.category import StrCategoryFormatter
from matplotlib.figure import Figure
from matplotlib.ticker import FixedFormatter, Formatter, MaxNLocator, NullFormatter, PercentFormatter

from . import formatting

__all__ = ["PALETTE", "ASSUMED_NOTE", "FIGURE_MIME", "AUDIT_MIME", "JITTER_SEED", "FIGURE_WIDTH", "FIGURE_DPI",
           "LABEL_SIZE", "use_theme", "use_retina", "wrap_label", "rows_height", "bar_chart",
           "share_chart", "distribution_chart", "effect_chart", "strip_chart", "figure_data", "GermanFormatter",
           "german_axis", "integer_axis", "is_integer_axis", "parse_german_number", "audit_figure",
           "register_audit", "annotate_assumed", "describe_figure", "alt_list"]

#: MIME type of the output that carries a figure's provenance and alt text; the book builder moves it
#: into the cell's figure metadata (caption sentence, alt text, class) and drops the output.
FIGURE_MIME = "application/vnd.kmunetz.figure+json"

#: Okabe–Ito colours (without black), colour-blind safe.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]

#: Seed of the vertical jitter of :func:`strip_chart`: the same points land on the same pixels at every build.
JITTER_SEED = 20170

#: Text stamped onto figures whose values are assumed (the study's text gives no numbers for them).
ASSUMED_NOTE = "Werte angenommen, keine Befunde der Studie"
#: The stamp when only some of a figure's values are assumed (the caption names them).
PARTLY_ASSUMED_NOTE = "Werte teils angenommen (siehe Bildunterschrift)"


#: Width of the book's figures in inches. A page shows a figure at most this wide times :data:`FIGURE_DPI`
#: CSS pixels (504 px: on a wide screen its tick labels are about 15 px high, a little under the text's 16 px);
#: a phone scales it down to its text column (about 330 px at 390 px), where 13-pt labels are still 10 px high.
FIGURE_WIDTH = 6.0

#: CSS pixels per inch of a figure on the page. In a notebook the PNG has twice as many pixels ("retina":
#: crisp on phones and high-density screens) and says it is shown at half its size.
FIGURE_DPI = 84

#: Font size in points of tick labels, legends and value labels on bars; axis labels get one point more.
#: Text drawn with ``fontsize="small"`` gets this size too.
LABEL_SIZE = 13.0

#: Category names longer than this many characters are wrapped onto several lines (at spaces and after '/'),
#: so that a long name does not widen the figure and shrink everything else in it on a phone.
LABEL_CHARS = 22


def use_theme(context: str = "notebook") -> None:
    """Apply the book's figure theme (seaborn whitegrid, Okabe–Ito palette) and audit every figure shown.

    Figures are :data:`FIGURE_WIDTH` inches wide with fonts large enough to read on a phone
    (:data:`LABEL_SIZE`); in a notebook they are shown as pixel-doubled PNGs (:func:`use_retina`), and
    every figure shown from now on carries the result of :func:`audit_figure` (see :func:`register_audit`).
    Figures have an opaque white background, so that dark text stays readable in a page's dark mode.

    Examples
    --------
    >>> use_theme()
    >>> from matplotlib.colors import to_hex
    >>> [to_hex(c).upper() for c in plt.rcParams["axes.prop_cycle"].by_key()["color"][:3]] == PALETTE[:3]
    True
    >>> plt.rcParams["figure.figsize"][0], plt.rcParams["xtick.labelsize"], plt.rcParams["legend.fontsize"]
    (6.0, 13.0, 13.0)
    """
    import seaborn as sns

    sizes = {"xtick.labelsize": LABEL_SIZE, "ytick.labelsize": LABEL_SIZE, "legend.fontsize": LABEL_SIZE,
             "legend.title_fontsize": LABEL_SIZE, "axes.labelsize": LABEL_SIZE + 1, "axes.titlesize": LABEL_SIZE + 1,
             # matplotlib's "small" is 0.833 of this: legends and notes drawn "small" get LABEL_SIZE
             "font.size": LABEL_SIZE / 0.833}
    sns.set_theme(context=context, style="whitegrid", palette=PALETTE,
                  rc={**sizes, "figure.dpi": FIGURE_DPI, "savefig.dpi": 2 * FIGURE_DPI,
                      "figure.figsize": (FIGURE_WIDTH, 3.8),
                      # labels, legends and notes outside the axes fit inside the figure's width: a long
                      # name makes the axes narrower, not the PNG wider (and every text in it smaller)
                      "figure.constrained_layout.use": True,
                      "figure.facecolor": "white", "savefig.facecolor": "white", "savefig.transparent": False,
                      "axes.spines.top": False, "axes.spines.right": False,
                      "axes.titleweight": "bold", "legend.frameon": False})
    # where a figure's labels or legend are wider than the figure, the layout cannot shrink the axes enough and
    # leaves them as they are (the PNG grows to fit, as without it); that is not news for a reader's page
    warnings.filterwarnings("ignore", message="constrained_layout not applied", category=UserWarning)
    use_retina()
    register_audit()


def _shell(shell=None):
    """The given IPython shell, else the running one; None outside IPython."""
    if shell is not None:
        return shell
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return None
    return get_ipython()


def use_retina(shell=None) -> bool:
    """Show figures in a notebook as pixel-doubled PNGs ("retina"), displayed at half their pixel size.

    The PNG is drawn at twice the figure's dpi and its output says the size to show it at
    (``width``/``height``), so a page shows it as large as a plain PNG but sharp on screens with more
    than one device pixel per CSS pixel (every phone). Sets the inline backend's ``figure_formats``, so
    it holds whether the backend is set up before or after this call. Outside IPython nothing happens
    (returns False).
    """
    shell = _shell(shell)
    if shell is None:
        return False
    try:
        from matplotlib_inline.config import InlineBackend
    except ImportError:  # pragma: no cover
        return False
    config = InlineBackend.instance(parent=shell)
    if set(config.figure_formats) != {"retina"}:
        config.figure_formats = {"retina"}
    return True


def wrap_label(label, width: int = LABEL_CHARS) -> str:
    """A category name on several lines of at most ``width`` characters: breaks at spaces and after '/'.

    Words longer than ``width`` are not split.

    Examples
    --------
    >>> wrap_label("Schulen/Bildungseinrichtungen als Partner")
    'Schulen/\\nBildungseinrichtungen\\nals Partner'
    >>> wrap_label("Branchenfokus"), wrap_label(2015)
    ('Branchenfokus', '2015')
    """
    text = str(label)
    if len(text) <= width:
        return text
    lines, line = [], ""
    for m in re.finditer(r"[^\s/]*/|[^\s/]+", text):  # words; a word before a '/' ends with it
        word = m.group()
        glue = "" if line.endswith("/") and text[m.start() - 1] == "/" else " "
        if line and len(line) + len(glue) + len(word) <= width:
            line += glue + word
        else:
            if line:
                lines.append(line)
            line = word
    lines.append(line)
    return "\n".join(lines)


def _wrapped(labels, width: int = LABEL_CHARS) -> list[str]:
    return [wrap_label(lab, width) for lab in labels]


def rows_height(labels, per_line: float = 0.22, base: float = 0.25, width: int = LABEL_CHARS) -> float:
    """Inches for the rows of a horizontal chart, one per label, each as high as its name wrapped by :func:`wrap_label`.

    Add the room for the axis, its label and a legend to get a figure's height.

    Examples
    --------
    >>> round(rows_height(["kurz", "Schulen/Bildungseinrichtungen als Partner"]), 2)
    1.38
    """
    return sum(base + per_line * (wrap_label(lab, width).count("\n") + 1) for lab in labels)


#: Inches of a horizontal chart's figure that are not rows: the axis with its labels, a note above, a legend.
_NOT_ROWS = 1.5


def _fit_rows(ax: Axes, labels) -> list[str]:
    """Category names wrapped for the rows of a horizontal chart on ``ax``.

    Wrapped at :data:`LABEL_CHARS` where the figure is as high as :func:`rows_height` asks; in a figure a
    caller made lower, on fewer and longer lines, so that neighbouring names do not run into each other.
    """
    labels = list(labels)
    room = ax.figure.get_figheight() - _NOT_ROWS
    width = LABEL_CHARS
    longest = max((len(str(lab)) for lab in labels), default=0)
    while rows_height(labels, width=width) > room and width < longest:
        width += 4
    return _wrapped(labels, width)


def _wrap_axis_labels(ax: Axes) -> None:
    """Let the axis labels wrap at the figure's edges: also a label a chapter sets later with ``set_xlabel``."""
    ax.xaxis.label.set_wrap(True)
    ax.yaxis.label.set_wrap(True)


#: Most digits after the decimal comma a tick label gets to show its tick's value exactly.
MAX_TICK_DECIMALS = 6

#: Relative difference below which a tick label and its tick's value count as equal (float noise only:
#: a tick at 0.30000000000000004 is shown as "0,3"; a tick at 2.5 shown as "3" is not equal).
_SAME = 1e-9


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=_SAME, abs_tol=_SAME * 1e-3)


def _decimals_needed(value: float, at_least: int = 0) -> int:
    """The fewest decimals (at least ``at_least``) that show ``value`` exactly, up to :data:`MAX_TICK_DECIMALS`."""
    for d in range(at_least, MAX_TICK_DECIMALS + 1):
        if _same(round(value, d), value):
            return d
    return MAX_TICK_DECIMALS


class GermanFormatter(Formatter):
    """Tick labels the German way: decimal comma, '.' for thousands, '−' for negatives, optional " %".

    A label shows ``value * scale``. ``decimals`` is the least number of decimals: a tick that needs
    more to be shown exactly gets more (all ticks of an axis get the same number), so a label never
    shows a rounded value.

    Examples
    --------
    >>> f = GermanFormatter(decimals=0)
    >>> f.format_ticks([0, 2.5, 5, 7.5])
    ['0,0', '2,5', '5,0', '7,5']
    >>> f.format_ticks([-10, 0, 10]), GermanFormatter(percent=True, scale=100).format_ticks([0.25, 0.5])
    (['−10', '0', '10'], ['25\\xa0%', '50\\xa0%'])
    """

    def __init__(self, decimals: int = 0, percent: bool = False, scale: float = 1.0):
        if decimals < 0:
            raise ValueError(f"decimals must be >= 0, got {decimals}")
        self.decimals = decimals
        self.percent = percent
        self.scale = scale
        self._shared = decimals

    def set_locs(self, locs):
        super().set_locs(locs)
        finite = [float(v) * self.scale for v in locs if np.isfinite(v)]
        self._shared = max([self.decimals] + [_decimals_needed(v) for v in finite])

    def __call__(self, x, pos=None):
        v = float(x) * self.scale
        d = _decimals_needed(v, at_least=self._shared if pos is not None else self.decimals)
        text = formatting.percent(v, d, scale=1) if self.percent else formatting.number(v, d)
        return text.replace("-", "\u2212")


def german_axis(ax: Axes, axis: str = "x", decimals: int = 0, percent: bool = False, scale: float = 1.0) -> Axes:
    """Format an axis' tick labels the German way (decimal comma, '−', optional percent sign).

    ``decimals`` is a minimum: ticks that need more decimals to be shown exactly get them
    (see :class:`GermanFormatter`).

    Examples
    --------
    >>> fig, ax = plt.subplots(); _ = german_axis(ax, "y", decimals=1)
    >>> ax.yaxis.get_major_formatter()(2.5, 0), ax.yaxis.get_major_formatter()(-3, 0)
    ('2,5', '−3,0')
    >>> plt.close(fig)
    """
    _axis(ax, axis).set_major_formatter(GermanFormatter(decimals, percent=percent, scale=scale))
    return ax


def _axis(ax: Axes, axis: str) -> Axis:
    if axis not in ("x", "y"):
        raise ValueError(f"axis must be 'x' or 'y', got {axis!r}")
    return ax.xaxis if axis == "x" else ax.yaxis


#: Attribute set on a matplotlib Axis whose values are whole numbers (counts); read by :func:`audit_figure`.
_INTEGER_FLAG = "_kmunetz_integer"


def integer_axis(ax: Axes, axis: str = "y") -> Axes:
    """Declare an axis integer-valued (counts: networks, partners, n): whole-number ticks, German labels.

    A linear axis gets ``MaxNLocator(integer=True)``; a log axis keeps its locator (its major ticks are
    powers of ten). The declaration is recorded on the axis, so :func:`audit_figure` reports any
    tick that is not a whole number, also after a later ``set_ticks``.

    Examples
    --------
    >>> fig, ax = plt.subplots(); _ = ax.bar(["a", "b"], [3, 13]); _ = integer_axis(ax, "y")
    >>> fig.draw_without_rendering()
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['0', '2', '4', '6', '8', '10', '12', '14']
    >>> is_integer_axis(ax.yaxis), audit_figure(fig)
    (True, [])
    >>> plt.close(fig)
    """
    target = _axis(ax, axis)
    if target.get_scale() == "linear":
        target.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 2.5, 5, 10], integer=True))
    target.set_major_formatter(GermanFormatter(0))
    setattr(target, _INTEGER_FLAG, True)
    return ax


def is_integer_axis(axis: Axis) -> bool:
    """Whether :func:`integer_axis` declared this axis integer-valued."""
    return bool(getattr(axis, _INTEGER_FLAG, False))


def bar_chart(
    data: pd.DataFrame,
    x: str,
    y: str,
    hue: str | None = None,
    lower: str | None = None,
    upper: str | None = None,
    ax: Axes | None = None,
    orient: str = "h",
    percent: bool = False,
    order: Sequence[str] | None = None,
    hue_order: Sequence[str] | None = None,
    labels: bool = True,
    decimals: int = 0,
    **kwargs,
) -> Axes:
    """Draw a (grouped) bar chart with optional error bars and German value labels.

    Parameters
    ----------
    data : DataFrame
        Tidy data: one row per bar.
    x : str
        Column with the values (bar length).
    y : str
        Column with the categories.
    hue : str, optional
        Column that splits each category into grouped bars.
    lower, upper : str, optional
        Columns with the ends of the error bars (same unit as ``x``).
    orient : {"h", "v"}
        Horizontal (categories on the y axis, the default) or vertical bars.
    percent : bool
        Values are shares in [0, 1]: axis and labels in percent.
    labels : bool
        Write each bar's value next to it.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.barh` / ``bar``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> df = pd.DataFrame({"item": ["a", "b"], "share": [0.6, 0.3], "lo": [0.5, 0.2], "hi": [0.7, 0.4]})
    >>> ax = bar_chart(df, x="share", y="item", lower="lo", upper="hi", percent=True)
    >>> len(ax.patches)
    2
    >>> plt.close(ax.figure)
    """
    if orient not in ("h", "v"):
        raise ValueError(f"orient must be 'h' or 'v', got {orient!r}")
    for col in [x, y, hue, lower, upper]:
        if col is not None and col not in data.columns:
            raise KeyError(f"bar_chart: column {col!r} not in data (columns: {', '.join(map(str, data.columns))})")
    if (lower is None) != (upper is None):
        raise ValueError("bar_chart: give both lower and upper, or neither")
    if ax is None:
        _, ax = plt.subplots()
    cats = list(order) if order is not None else list(dict.fromkeys(data[y]))
    groups = [None] if hue is None else (list(hue_order) if hue_order is not None else list(dict.fromkeys(data[hue])))
    width = 0.8 / len(groups)
    pos = np.arange(len(cats))
    scale = 100.0 if percent else 1.0
    for i, g in enumerate(groups):
        sub = data if g is None else data[data[hue] == g]
        sub = sub.set_index(y).reindex(cats)
        vals = sub[x].to_numpy(dtype=float) * scale
        offs = pos - 0.4 + width * (i + 0.5)
        err = None
        if lower is not None:
            lo = sub[lower].to_numpy(dtype=float) * scale
            hi = sub[upper].to_numpy(dtype=float) * scale
            err = np.vstack([vals - lo, hi - vals])
        color = kwargs.pop("color", None) if g is None else None
        style = dict(color=color or PALETTE[i % len(PALETTE)], label=None if g is None else str(g))
        style.update(kwargs)
        if orient == "h":
            bars = ax.barh(offs, vals, height=width * 0.92, xerr=err, capsize=3, ecolor="#333333", **style)
        else:
            bars = ax.bar(offs, vals, width=width * 0.92, yerr=err, capsize=3, ecolor="#333333", **style)
        if labels:
            texts = [formatting.percent(v, decimals, scale=1) if percent else formatting.number(v, decimals)
                     for v in vals]
            ax.bar_label(bars, labels=texts, padding=4 if err is None else 10, fontsize=LABEL_SIZE)
    if orient == "h":
        ax.set_yticks(pos, _fit_rows(ax, cats))
        ax.invert_yaxis()
        german_axis(ax, "x", percent=percent)
        ax.set_ylabel("")
        ax.margins(x=0.12)
    else:
        ax.set_xticks(pos, _wrapped(cats, max(8, LABEL_CHARS * 2 // max(len(cats), 1))))
        german_axis(ax, "y", percent=percent)
        ax.set_xlabel("")
        ax.margins(y=0.12)
    if hue is not None:
        ax.legend(title=None, loc="best")
    _wrap_axis_labels(ax)
    return ax


def assumed_note(assumed) -> str | None:
    """The stamp for a figure: ``assumed`` is a bool or the figure's provenance (None: no stamp).

    Examples
    --------
    >>> from kmunetz.provenance import Provenance
    >>> import dataclasses
    >>> assumed_note(False), assumed_note(True) == ASSUMED_NOTE
    (None, True)
    >>> assumed_note(dataclasses.replace(Provenance.assumed("share.x"), items=("A",))) == PARTLY_ASSUMED_NOTE
    True
    """
    if hasattr(assumed, "is_assumed"):
        if not assumed.is_assumed:
            return None
        return PARTLY_ASSUMED_NOTE if getattr(assumed, "items", ()) else ASSUMED_NOTE
    return ASSUMED_NOTE if assumed else None


def annotate_assumed(ax: Axes, note=ASSUMED_NOTE) -> Axes:
    """Stamp a visible note onto a figure that shows values the study does not publish.

    ``note`` is the text, or a bool or the figure's provenance (see :func:`assumed_note`; no stamp when
    nothing is assumed).
    """
    if not isinstance(note, str):
        note = assumed_note(note)
        if note is None:
            return ax
    # above the plotting area, right-aligned: never covers a bar, a label or an error bar
    ax.text(1.0, 1.01, note, transform=ax.transAxes, ha="right", va="bottom", fontsize=LABEL_SIZE * 0.92,
            color="#555555", style="italic", wrap=True,
            bbox=dict(boxstyle="round,pad=0.3", facecolor="white", edgecolor="#999999", alpha=0.9))
    return ax


def share_chart(table: pd.DataFrame, ax: Axes | None = None, assumed=False, label: str = "label",
                xlabel: str | None = None, **kwargs) -> Axes:
    """Horizontal bars of shares with their confidence intervals (a table from :func:`kmunetz.stats.shares`).

    Parameters
    ----------
    table : DataFrame
        Columns ``share``, ``lower``, ``upper`` (fractions) and a label column.
    assumed : bool
        Stamp the figure with :data:`ASSUMED_NOTE` (its values are not published by the study).

    Examples
    --------
    >>> t = pd.DataFrame({"label": ["a", "b"], "share": [0.5, 0.2], "lower": [0.4, 0.1], "upper": [0.6, 0.3]})
    >>> ax = share_chart(t, assumed=True)
    >>> bool(ax.get_xlim()[1] >= 60)
    True
    >>> plt.close(ax.figure)
    """
    if ax is None:
        height = rows_height(table[label]) + _NOT_ROWS
        _, ax = plt.subplots(figsize=(FIGURE_WIDTH, max(2.4, height)))
    bar_chart(table, x="share", y=label, lower="lower", upper="upper", percent=True, ax=ax, **kwargs)
    ax.set_xlabel(xlabel or "Anteil in Prozent (mit Konfidenzintervall)")
    ax.set_xlim(0, min(100, max(10.0, float(table["upper"].max()) * 100 + 12)))
    annotate_assumed(ax, assumed)
    return ax


def distribution_chart(values, ax: Axes | None = None, log: bool = False, bins: int = 30,
                       xlabel: str | None = None, integer: bool = False) -> Axes:
    """Histogram of a numeric variable with its mean (dashed) and median (solid) marked.

    The y axis counts networks: whole-number ticks (:func:`integer_axis`). ``integer`` says the
    values themselves are counts (partners, members): the x axis then gets whole-number ticks too.

    Examples
    --------
    >>> ax = distribution_chart(pd.Series([3, 10, 20, 31, 90]), log=True, integer=True)
    >>> len(ax.lines), is_integer_axis(ax.xaxis), is_integer_axis(ax.yaxis)
    (2, True, True)
    >>> audit_figure(ax.figure)
    []
    >>> plt.close(ax.figure)
    """
    v = pd.Series(values).dropna().astype(float)
    if ax is None:
        _, ax = plt.subplots()
    edges = np.geomspace(max(v.min(), 1.0), v.max(), bins + 1) if log else bins
    ax.hist(v, bins=edges, color=PALETTE[0], alpha=0.85, edgecolor="white")
    if log:
        ax.set_xscale("log")
    if integer:
        integer_axis(ax, "x")
    else:
        german_axis(ax, "x")
    ax.axvline(v.mean(), color=PALETTE[5], linestyle="--", linewidth=1.6,
               label=f"Mittelwert {formatting.number(v.mean(), 1)}")
    ax.axvline(v.median(), color="#333333", linestyle="-", linewidth=1.4,
               label=f"Median {formatting.number(v.median(), 0)}")
    ax.set_ylabel("Netzwerke")
    integer_axis(ax, "y")
    if xlabel:
        ax.set_xlabel(xlabel)
    _wrap_axis_labels(ax)
    ax.legend(loc="upper right")
    return ax


def effect_chart(effects: pd.DataFrame, ax: Axes | None = None, assumed=False) -> Axes:
    """Average marginal effects (percentage points) as dots with confidence intervals around zero.

    ``effects`` is a table from :func:`kmunetz.models.marginal_effects`. Positive effects are drawn in
    blue, negative in orange, like the study's chart of deviations from the average probability.

    Examples
    --------
    >>> e = pd.DataFrame({"label": ["a", "b"], "ame": [5.0, -3.0], "lower": [1.0, -6.0], "upper": [9.0, 0.5]})
    >>> ax = effect_chart(e)
    >>> bool(ax.get_xlim()[0] < -6)
    True
    >>> plt.close(ax.figure)
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(FIGURE_WIDTH, rows_height(effects["label"]) + 1.6))
    e = effects.reset_index(drop=True)
    pos = np.arange(len(e))
    colors = [PALETTE[0] if v >= 0 else PALETTE[5] for v in e["ame"]]
    ax.hlines(pos, e["lower"], e["upper"], color=colors, linewidth=2.2)
    ax.scatter(e["ame"], pos, color=colors, s=36, zorder=3)
    ax.axvline(0, color="#333333", linewidth=1)
    ax.set_yticks(pos, _fit_rows(ax, e["label"]))
    ax.invert_yaxis()
    german_axis(ax, "x", decimals=0)
    ax.set_xlabel("Abweichung von der mittleren Wahrscheinlichkeit, aktive KMU zu haben (Prozentpunkte)")
    _wrap_axis_labels(ax)
    lo, hi = float(e["lower"].min()), float(e["upper"].max())
    span = max(hi - lo, 1.0)
    ax.set_xlim(lo - 0.05 * span, hi + 0.05 * span)
    annotate_assumed(ax, assumed)
    return ax


def strip_chart(data: pd.DataFrame, x: str, y: str, order: Sequence[str], color=None, ax: Axes | None = None,
                seed: int = JITTER_SEED, spread: float = 0.28, size: float = 7, alpha: float = 0.3) -> Axes:
    """One row of dots per category (a strip plot), each dot one value of ``x``, in the order ``order``.

    The dots are spread vertically so that they do not hide each other. The spread is drawn from a
    generator seeded with ``seed``, so the figure has the same pixels at every build.

    Parameters
    ----------
    data : DataFrame
        One row per dot.
    x, y : str
        Columns with the values and with the categories (every category must be in ``order``).
    color : str or sequence, optional
        A column of ``data`` with the dots' colours, one colour, or one colour per row.

    Examples
    --------
    >>> d = pd.DataFrame({"label": ["a", "b", "a"], "v": [1.0, -2.0, 3.0]})
    >>> ax = strip_chart(d, x="v", y="label", order=["a", "b"])
    >>> [t.get_text() for t in ax.get_yticklabels()], len(ax.collections[0].get_offsets())
    (['a', 'b'], 3)
    >>> plt.close(ax.figure)
    """
    rows = data[y].map({label: i for i, label in enumerate(order)})
    if rows.isna().any():
        missing = sorted(set(map(str, data.loc[rows.isna(), y])))
        raise KeyError(f"strip_chart: categories not in order: {', '.join(missing)}")
    if ax is None:
        _, ax = plt.subplots(figsize=(FIGURE_WIDTH, rows_height(order) + 1.8))
    if isinstance(color, str) and color in data.columns:
        color = data[color].to_numpy()
    jitter = np.random.default_rng(seed).uniform(-spread, spread, len(data))
    ax.scatter(data[x], rows.to_numpy(dtype=float) + jitter, c=PALETTE[0] if color is None else color, s=size,
               alpha=alpha, linewidths=0, rasterized=True)
    ax.set_yticks(range(len(order)), _fit_rows(ax, order))
    ax.invert_yaxis()
    ax.set_ylabel("")
    german_axis(ax, "x")
    _wrap_axis_labels(ax)
    return ax


def figure_data(data: pd.DataFrame, percent: Sequence[str] = ("share", "lower", "upper"),
                columns: dict[str, str] | None = None, decimals: int = 1):
    """The data behind a figure as a collapsible HTML table ("Daten zur Abbildung").

    Figures are never the only carrier of their numbers: every chart is followed by this table, for
    screen readers and for anyone who wants the exact values. Columns in ``percent`` hold shares in
    [0, 1] and are shown in percent; other numbers get German formatting (:func:`kmunetz.formatting.format_frame`).
    A pair of columns ``lower``/``upper`` (or ``x_lower``/``x_upper``) is shown as one interval column.

    Examples
    --------
    >>> t = pd.DataFrame({"label": ["a"], "share": [0.5], "lower": [0.4], "upper": [0.6], "n": [10]})
    >>> html = figure_data(t, columns={"label": "Merkmal", "share": "Anteil"}).data
    >>> "Daten zur Abbildung" in html and "50,0\\xa0%" in html
    True
    """
    from html import escape

    from IPython.display import HTML

    names = {"label": "Kategorie", "share": "Anteil", "n": "n", **(columns or {})}
    shown = formatting.format_frame(data, percent=[c for c in percent if c in data.columns], decimals=decimals)
    # a lower and an upper bound become one interval column ("42,2 bis 58,5 %") in the place of the lower one;
    # its head is the name given for "<prefix>interval", else "Konfidenzintervall"
    intervals = []
    for lower in [c for c in data.columns if c == "lower" or c.endswith("_lower")]:
        upper = lower[: -len("lower")] + "upper"
        if upper not in data.columns:
            continue
        scale, unit = (100.0, "%") if lower in percent else (1.0, "")
        shown[lower] = [formatting.interval(a, b, decimals, scale=scale, unit=unit)
                        for a, b in zip(data[lower], data[upper])]
        shown = shown.drop(columns=upper)
        names[lower] = names.get(lower[: -len("lower")] + "interval", "Konfidenzintervall")
        intervals.append(lower)
    head = "".join(f"<th>{escape(str(names.get(c, c)))}</th>" for c in shown.columns)
    nowrap = ' class="kmunetz-nowrap"'
    body = "".join("<tr>" + "".join(f"<td{nowrap if c in intervals else ''}>{formatting.break_after(escape(str(v)))}</td>"
                                    for c, v in zip(shown.columns, row)) + "</tr>"
                   for row in shown.itertuples(index=False))
    return HTML(f'<details class="figure-data"><summary>Daten zur Abbildung</summary>'
                f'<table class="table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details>')


def alt_list(table: pd.DataFrame, label: str = "label", value: str = "share", percent: bool = True,
             decimals: int = 0, unit: str = "") -> str:
    """The values of a chart as a German list for its alt text, in the table's order.

    Examples
    --------
    >>> t = pd.DataFrame({"label": ["a", "b"], "share": [0.5, 0.25]})
    >>> alt_list(t)
    'a 50\xa0%, b 25\xa0%'
    """
    def fmt(v: float) -> str:
        if percent:
            return formatting.percent(v, decimals)
        return formatting.number(v, decimals) + (f"\u00a0{unit}" if unit else "")

    return ", ".join(f"{lab} {fmt(v)}" for lab, v in zip(table[label], table[value]))


# -- figure audit --------------------------------------------------------------------------------

#: MIME type of the audit that the book's IPython hook adds to every displayed figure (see
#: :func:`register_audit`); myst-nb renders the figure's image and ignores this entry.
AUDIT_MIME = "application/vnd.kmunetz.figure-audit+json"

_SPACE = "[ \u00a0\u202f]"
_GERMAN = re.compile(r"^(?P<sign>[−\-+])?(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<frac>\d+))?"
                     rf"(?P<pct>{_SPACE}?%)?$")
_POINT_DECIMAL = re.compile(rf"^[−\-+]?\d[\d,]*\.\d+(?:{_SPACE}?%)?$")
_NUMBER_LIKE = re.compile(rf"^[−\-+]?[\d.,]*\d(?:{_SPACE}?%)?$")


def parse_german_number(text: str) -> float | None:
    """The value a German number label shows ("1.234,5", "−2,5", "25 %"), or None if it is none.

    A percent sign is read as a unit: "25 %" is 25. '.' is read only as a thousands separator.

    Examples
    --------
    >>> parse_german_number("1.234,5"), parse_german_number("−2,5"), parse_german_number("25\\xa0%")
    (1234.5, -2.5, 25.0)
    >>> parse_german_number("2.5"), parse_german_number("Bildung")
    (None, None)
    """
    m = _GERMAN.match(text.strip())
    if m is None:
        return None
    value = float(m["int"].replace(".", "") + ("." + m["frac"] if m["frac"] else ""))
    return -value if m["sign"] in ("−", "-") else value


def _names_formatter(formatter: Formatter) -> bool:
    """Whether a formatter's labels are names, not values: fixed labels, categories, ``set_ticks(pos, labels)``."""
    if isinstance(formatter, (FixedFormatter, NullFormatter, StrCategoryFormatter)):
        return True
    func = getattr(formatter, "func", None)  # set_ticklabels wraps its labels in FuncFormatter(partial(...))
    return isinstance(func, functools.partial) and getattr(func.func, "__name__", "") == "_format_with_dict"


def _label_value(formatter: Formatter, loc: float) -> float | None:
    """The value a formatter's label should show for a tick at ``loc`` (None: its labels are names)."""
    if _names_formatter(formatter):
        return None
    if isinstance(formatter, GermanFormatter):
        return loc * formatter.scale
    if isinstance(formatter, PercentFormatter):
        return loc / formatter.xmax * 100.0
    return loc * float(getattr(formatter, "kmunetz_scale", 1.0))


def _axes_name(ax: Axes, index: int) -> str:
    title = next((t for t in (ax.get_title(), ax.get_title("left"), ax.get_title("right")) if t), "")
    if title:
        return f"axes '{title}'"
    labels = [f"{n} label '{lab}'" for n, lab in (("x", ax.get_xlabel()), ("y", ax.get_ylabel())) if lab]
    return f"axes {index + 1} ({', '.join(labels)})" if labels else f"axes {index + 1} (untitled)"


def _shown_ticks(axis: Axis):
    """(kind, loc, label texts, formatter) of every tick the last draw shows on this axis."""
    lo, hi = sorted(axis.get_view_interval())
    t_lo, t_hi = sorted(axis.get_transform().transform([lo, hi]))
    eps = 1e-10 * (t_hi - t_lo)
    groups = [("major", axis.get_majorticklocs(), axis.get_major_ticks, axis.get_major_formatter()),
              ("minor", axis.get_minorticklocs(), axis.get_minor_ticks, axis.get_minor_formatter())]
    for kind, locs, get_ticks, formatter in groups:
        if len(locs) == 0:
            continue
        for tick, loc in zip(get_ticks(len(locs)), locs):
            try:
                t = float(axis.get_transform().transform(loc))
            except (AssertionError, ValueError):  # e.g. a non-positive value on a log axis
                continue
            if not (np.isfinite(t) and t_lo - eps <= t <= t_hi + eps) or not tick.get_visible():
                continue
            texts = {lab.get_text() for lab in (tick.label1, tick.label2) if lab.get_visible() and lab.get_text()}
            yield kind, float(loc), texts, formatter


def audit_figure(fig: Figure) -> list[str]:
    """Check a figure's tick labels before it is shown; return the problems found (empty: none).

    The figure is drawn without rendering, so ticks and labels are final. For every visible tick
    label (major and minor) of every visible axis:

    * a numeric label, read as a German number, equals its tick's value times the scale its formatter
      applies (:class:`GermanFormatter`'s ``scale``, ``PercentFormatter``'s ``xmax``, else an attribute
      ``kmunetz_scale`` of the formatter, else 1): a tick at 2.5 labelled "3" is a problem;
    * the label is German: no '.' as decimal separator, '−' (U+2212) as minus, not '-';
    * on an axis declared integer-valued (:func:`integer_axis`) every tick is a whole number;
    * no axis shows an offset or a power of ten ("1e6") that its labels are relative to.

    Labels set as names (``set_ticks(pos, labels)``, categories) are not read as values.
    Each problem names the axes (title, else axis labels), the axis and the tick.
    """
    fig.draw_without_rendering()
    problems: list[str] = []
    for i, ax in enumerate(fig.axes):
        if not (ax.get_visible() and ax.axison):
            continue
        name = _axes_name(ax, i)
        for letter, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            if not axis.get_visible():
                continue
            integer = is_integer_axis(axis)
            offset = axis.get_offset_text()
            if offset.get_visible() and offset.get_text().strip():
                problems.append(f"{name}, {letter} axis: tick labels are relative to '{offset.get_text()}' "
                                "(an offset or a power of ten); label the values themselves")
            for kind, loc, texts, formatter in _shown_ticks(axis):
                where = f"{name}, {letter} axis, {kind} tick at {loc:g}"
                if integer and (kind == "major" or texts) and not _same(loc, round(loc)):
                    problems.append(f"{where}: not a whole number on an axis of counts")
                for text in sorted(texts):
                    flat = text.strip()
                    if _NUMBER_LIKE.match(flat):
                        if flat.startswith("-"):
                            problems.append(f"{where}: label '{text}' has a hyphen '-' as minus; use '−' (U+2212)")
                        if _POINT_DECIMAL.match(flat) and parse_german_number(flat) is None:
                            problems.append(f"{where}: label '{text}' uses '.' as decimal separator; use ','")
                            continue
                    expected = _label_value(formatter, loc)
                    if expected is None:
                        continue
                    shown = parse_german_number(flat)
                    if shown is None:
                        problems.append(f"{where}: label '{text}' is not a German number")
                    elif not _same(shown, expected):
                        problems.append(f"{where}: label '{text}' shows {shown:g}, the tick's value is {expected:g}")
    return problems


def _audit_payload(fig: Figure) -> dict:
    try:
        problems = audit_figure(fig)
    except Exception as exc:  # an audit that cannot run is a problem, never a broken page
        problems = [f"audit failed: {type(exc).__name__}: {exc}"]
    titles = [ax.get_title() or ax.get_xlabel() or ax.get_ylabel() for ax in fig.axes]
    return {"axes": titles, "problems": problems}


def register_audit(shell=None) -> bool:
    """Audit every figure the notebook shows: add :data:`AUDIT_MIME` to each figure's display output.

    Registers an IPython display formatter for matplotlib figures, so that every way a figure
    reaches the page (``plt.show()``, the end of a cell, ``display(fig)``) carries the result of
    :func:`audit_figure` in the same output as its image. The page shows only the image.
    Outside IPython nothing happens (returns False). Registering again replaces the formatter.
    """
    shell = _shell(shell)
    if shell is None:
        return False
    from IPython.core.formatters import JSONFormatter
    from traitlets import Unicode

    class FigureAuditFormatter(JSONFormatter):
        # figures are recognised here, not in the formatter's type registry: the inline backend
        # clears every formatter's entry for Figure when it is set up (at the first figure)
        format_type = Unicode(AUDIT_MIME)

        def __call__(self, obj):
            return _audit_payload(obj) if self.enabled and isinstance(obj, Figure) else None

    shell.display_formatter.formatters[AUDIT_MIME] = FigureAuditFormatter(parent=shell.display_formatter)
    return True


def describe_figure(origin, alt: str) -> None:
    """Attach the figure's provenance and alt text to the figure drawn in the same cell.

    The caption written in the cell's metadata gets the sentence of the figure's provenance class
    (:meth:`kmunetz.provenance.Provenance.caption_sentence`), the image gets ``alt`` followed by the
    class' alt sentence, and the figure the CSS class ``kmunetz-<class>``. The builder applies this
    when it executes the chapter; outside a notebook nothing happens.
    """
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover
        return
    if get_ipython() is None:
        return
    payload = {"kind": origin.kind, "caption": origin.caption_sentence(),
               "alt": " ".join(x for x in (alt.strip(), origin.alt_sentence()) if x)}
    display({FIGURE_MIME: payload, "text/plain": ""}, raw=True)
