"""German numbers and phrases built from values, for the book's prose, tables, figures and exercises.

One number style, used everywhere (the appendix page "Zahlen und Schreibweisen" shows it to readers):

- decimal comma and a dot between thousands (``1.234,5``), via Babel (locale ``de_DE``);
- rounding half up (kaufmännisch, DIN 1333), as German readers expect: 37,5 → 38;
- a no-break space between a number and its unit: ``96 %``, ``12 Prozentpunkte``;
- the minus sign ``−`` (U+2212), never the hyphen-minus;
- counts without decimals (:func:`integer`, :func:`count`);
- intervals for general readers as ``42,2 bis 58,5 %`` (:func:`interval`); the mathematical notation
  ``[42,2; 58,5]`` only where a method is explained (:func:`interval_notation`); class limits of
  grouped values as ``85 bis unter 95`` (:func:`bin_label`);
- the confidence level as ``95-%-Konfidenzintervall`` (:func:`confidence_label`).

Text composed from values must read right for any data: :func:`german_list` joins items ("A, B und
C"), :func:`count` picks singular or plural, :func:`count_range` collapses equal bounds ("148
Bewertungen", not "zwischen 148 und 148"), :func:`of_total` says "alle 28" or "27 von 28", and
:func:`share_with_interval` gives a share with its interval in a form that fits into a sentence.
Grammatical case stays with the sentence: the helpers never inflect the items they join.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from numbers import Real

from babel.numbers import format_decimal

__all__ = ["LOCALE", "NBSP", "MINUS", "round_half_up", "number", "integer", "percent", "percent_points",
           "interval", "interval_notation", "bin_label", "confidence_label", "confidence_level", "german_list", "count", "count_range",
           "of_total", "share_with_interval", "wording", "machine_numbers", "break_after", "german_table", "NOUNS"]

LOCALE = "de_DE"
NBSP = "\u00a0"
MINUS = "\u2212"


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
    >>> number(-1.25)
    '−1,3'
    """
    v = _check(value, "number")
    pattern = _pattern(decimals)
    if decimals < 0:
        raise ValueError(f"decimals must be >= 0, got {decimals}")
    rounded = Decimal(repr(round_half_up(v, decimals)))
    if rounded == 0:
        rounded = abs(rounded)  # no "-0,0"
    text = format_decimal(abs(rounded), format=pattern, locale=LOCALE, decimal_quantization=True)
    return MINUS + text if rounded < 0 else text


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
    """Format an interval for general readers: ``42,2 bis 58,5 %`` (the unit once, after the upper bound).

    Bounds that look equal at this precision collapse to one value.

    Examples
    --------
    >>> interval(0.422, 0.585)
    '42,2 bis 58,5\\xa0%'
    >>> interval(-1.7, 2.25, 1, scale=1, unit="Prozentpunkte")
    '−1,7 bis 2,3\\xa0Prozentpunkte'
    >>> interval(0.5, 0.5, 0)
    '50\\xa0%'
    """
    lo = number(_check(lower, "interval lower") * scale, decimals)
    hi = number(_check(upper, "interval upper") * scale, decimals)
    suffix = f"{NBSP}{unit}" if unit else ""
    return f"{lo}{suffix}" if lo == hi else f"{lo} bis {hi}{suffix}"


def interval_notation(lower: Real, upper: Real, decimals: int = 1, *, scale: float = 100.0, unit: str = "%") -> str:
    """Format an interval in mathematical notation, ``[a; b]``, for pages that explain a method.

    German uses a semicolon between decimal-comma numbers.

    Examples
    --------
    >>> interval_notation(0.25, 0.4)
    '[25,0; 40,0]\\xa0%'
    """
    lo = _check(lower, "interval lower") * scale
    hi = _check(upper, "interval upper") * scale
    suffix = f"{NBSP}{unit}" if unit else ""
    return f"[{number(lo, decimals)}; {number(hi, decimals)}]{suffix}"


def bin_label(lower: Real, upper: Real | None, decimals: int = 0, *, unit: str = "") -> str:
    """Label a class of grouped values (closed below, open above) in words: ``85 bis unter 95``.

    Without an upper limit the class reads ``ab 95``.

    Examples
    --------
    >>> bin_label(85, 95), bin_label(95, None, unit="%")
    ('85 bis unter 95', 'ab 95\\xa0%')
    """
    suffix = f"{NBSP}{unit}" if unit else ""
    lo = number(_check(lower, "bin lower"), decimals)
    if upper is None or (isinstance(upper, float) and math.isinf(upper)):
        return f"ab {lo}{suffix}"
    return f"{lo} bis unter {number(_check(upper, 'bin upper'), decimals)}{suffix}"


def confidence_label(confidence: Real, *, short: bool = False) -> str:
    """Name the interval for a confidence level: ``95-%-Konfidenzintervall`` (``95-%-Intervall`` in table heads).

    The book never abbreviates it "KI", which lay readers take for artificial intelligence.

    Examples
    --------
    >>> confidence_label(0.95), confidence_label(0.9, short=True), confidence_label(0.995)
    ('95-%-Konfidenzintervall', '90-%-Intervall', '99,5-%-Konfidenzintervall')
    """
    return f"{_level(confidence)}-%-{'Intervall' if short else 'Konfidenzintervall'}"


def confidence_level(confidence: Real) -> str:
    """A confidence level in percent, with a decimal only where it has one: ``95 %``, ``99,5 %``.

    Examples
    --------
    >>> confidence_level(0.9), confidence_level(0.995)
    ('90\xa0%', '99,5\xa0%')
    """
    return f"{_level(confidence)}{NBSP}%"


def _level(confidence: Real) -> str:
    c = _check(confidence, "confidence")
    if not 0 < c < 1:
        raise ValueError(f"confidence: expected a level between 0 and 1, got {confidence!r}")
    return number(c * 100, 0 if round(c * 100, 6).is_integer() else 1)


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


#: Count nouns of the book, singular → plural (nominative). :func:`count` and the prose check use them.
NOUNS = {
    "Netzwerk": "Netzwerke", "Bewertung": "Bewertungen", "Antwort": "Antworten", "Koordinator": "Koordinatoren",
    "Koordinatorin": "Koordinatorinnen", "Zahl": "Zahlen", "Kategorie": "Kategorien", "These": "Thesen",
    "Experte": "Experten", "Expertin": "Expertinnen", "Merkmal": "Merkmale", "Wiederholung": "Wiederholungen",
    "Stichprobe": "Stichproben", "Datensatz": "Datensätze", "Startwert": "Startwerte", "Prozentpunkt": "Prozentpunkte",
    "Übung": "Übungen", "Abbildung": "Abbildungen", "Tabelle": "Tabellen", "Kapitel": "Kapitel", "Partner": "Partner",
    "Unternehmen": "Unternehmen", "Weg": "Wege", "Kanal": "Kanäle", "Hürde": "Hürden", "Motiv": "Motive",
    "Fall": "Fälle", "Wert": "Werte", "Zeile": "Zeilen", "Spalte": "Spalten", "Variable": "Variablen",
    "Intervall": "Intervalle", "Modell": "Modelle", "Befragte": "Befragte", "Teilnehmer": "Teilnehmer",
    "Region": "Regionen", "Branche": "Branchen", "Jahr": "Jahre", "Prozent": "Prozent",
}


def _noun(n: float, singular: str, plural: str | None) -> str:
    if plural is None:
        if singular not in NOUNS:
            raise ValueError(f"count: no plural known for {singular!r}; pass plural=")
        plural = NOUNS[singular]
    return singular if n == 1 else plural


def count(n: Real, singular: str, plural: str | None = None) -> str:
    """A count with its noun in the right number: ``1 Netzwerk``, ``156 Netzwerke``.

    The count is a whole number (no decimals); the plural comes from :data:`NOUNS` unless given.

    Examples
    --------
    >>> count(1, "Netzwerk"), count(156, "Netzwerk"), count(1200, "Antwort")
    ('1 Netzwerk', '156 Netzwerke', '1.200 Antworten')
    >>> count(2, "Netzwerk", "Netzwerken")
    '2 Netzwerken'
    """
    v = int(round_half_up(_check(n, "count")))
    return f"{integer(v)} {_noun(v, singular, plural)}"


def count_range(low: Real, high: Real, singular: str, plural: str | None = None) -> str:
    """A range of counts that collapses when both ends are equal.

    Returns ``zwischen 140 und 148 Bewertungen``, or ``148 Bewertungen`` when the ends are equal; the
    sentence around it must read right with both (``Je nach Weg liegen … vor``).

    Examples
    --------
    >>> count_range(140, 148, "Bewertung")
    'zwischen 140 und 148 Bewertungen'
    >>> count_range(148, 148, "Bewertung"), count_range(1, 1, "Bewertung")
    ('148 Bewertungen', '1 Bewertung')
    """
    lo, hi = (int(round_half_up(_check(v, "count_range"))) for v in (low, high))
    if lo > hi:
        raise ValueError(f"count_range: low ({lo}) is above high ({hi})")
    if lo == hi:
        return count(lo, singular, plural)
    return f"zwischen {integer(lo)} und {integer(hi)} {_noun(hi, singular, plural)}"


def of_total(k: Real, n: Real) -> str:
    """Part of a total in words: ``alle 28``, ``keine der 28``, ``27 von 28``.

    Examples
    --------
    >>> of_total(28, 28), of_total(27, 28), of_total(0, 28)
    ('alle 28', '27 von 28', 'keine der 28')
    >>> of_total(1, 1)
    'die eine'
    """
    k, n = int(round_half_up(_check(k, "of_total"))), int(round_half_up(_check(n, "of_total")))
    if not 0 <= k <= n:
        raise ValueError(f"of_total: expected 0 <= k <= n, got k={k}, n={n}")
    if k == n:
        return "die eine" if n == 1 else f"alle {integer(n)}"
    if k == 0:
        return f"keine der {integer(n)}"
    return f"{integer(k)} von {integer(n)}"


def share_with_interval(share: Real, lower: Real, upper: Real, confidence: Real | None = None, decimals: int = 1,
                        *, scale: float = 100.0) -> str:
    """A share with its interval, as a phrase that fits into a sentence.

    ``50,4 % (95-%-Konfidenzintervall: 42,2 bis 58,5 %)``; without a confidence level the bracket holds
    just the interval.

    Examples
    --------
    >>> share_with_interval(0.504, 0.422, 0.585, 0.95)
    '50,4\\xa0% (95-%-Konfidenzintervall: 42,2 bis 58,5\\xa0%)'
    >>> share_with_interval(0.5, 0.4, 0.6, decimals=0)
    '50\\xa0% (40 bis 60\\xa0%)'
    """
    head = number(_check(share, "share") * scale, decimals) + f"{NBSP}%"
    ci = interval(lower, upper, decimals, scale=scale)
    label = f"{confidence_label(confidence)}: " if confidence is not None else ""
    return f"{head} ({label}{ci})"


def wording(text: str) -> str:
    """Bring a wording quoted from elsewhere (the study's catalogue) into the book's number style.

    A no-break space before ``%`` and a minus sign before negative numbers; the words stay as they are.

    Examples
    --------
    >>> wording("64% der Netzwerke, -3 Punkte")
    '64\\xa0% der Netzwerke, −3 Punkte'
    """

    text = re.sub(r"(\d)\s?%", lambda m: f"{m.group(1)}{NBSP}%", str(text))
    return re.sub(r"(^|[\s(])-(\d)", lambda m: f"{m.group(1)}{MINUS}{m.group(2)}", text)


def machine_numbers(text: str, sep: str = "; ") -> str:
    """Rewrite numbers written for machines (``0.03,0.17,-0.5``) in the book's style: ``0,03; 0,17; −0,5``.

    Each number keeps its decimals; a comma-separated list is joined with ``sep``. Text that is not a
    list of numbers is returned unchanged.

    Examples
    --------
    >>> machine_numbers("0.03,0.17,0.30"), machine_numbers("-0.5"), machine_numbers("1200"), machine_numbers("ja")
    ('0,03; 0,17; 0,30', '−0,5', '1.200', 'ja')
    """

    parts = str(text).split(",")
    if not all(re.fullmatch(r"\s*-?\d+(?:\.\d+)?\s*", p) for p in parts):
        return str(text)
    out = []
    for p in parts:
        p = p.strip()
        decimals = len(p.split(".")[1]) if "." in p else 0
        out.append(number(float(p), decimals))
    return sep.join(out)


def break_after(html: str, chars: str = "/") -> str:
    """Allow a line break after each of ``chars`` in (already escaped) HTML: a ``<wbr>`` after it.

    Long names ("Schulen/Bildungseinrichtungen", ``share.field_bildung``) then break where a reader
    expects, instead of widening a table.

    Examples
    --------
    >>> break_after("Schulen/Bildung"), break_after("share.x_y", "_.")
    ('Schulen/<wbr>Bildung', 'share.<wbr>x_<wbr>y')
    """
    return re.sub(f"([{re.escape(chars)}])", r"\1<wbr>", html)


def _missing(value) -> bool:
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _cell(value, kind: str, decimals: int, percent_scale: float) -> str:
    if value is None or _missing(value):
        return "–"
    if kind == "bool" or isinstance(value, bool) or type(value).__name__ == "bool_":
        return "ja" if value else "nein"
    if isinstance(value, Real):
        if kind == "percent":
            return percent(value, decimals, scale=percent_scale)
        if kind == "integer":
            return integer(value)
        return number(value, decimals)
    return wording(value)


def _column_kind(column, is_percent: bool) -> str:
    import pandas as pd

    if is_percent:
        return "percent"
    if pd.api.types.is_bool_dtype(column):
        return "bool"
    if pd.api.types.is_integer_dtype(column):
        return "integer"
    if pd.api.types.is_float_dtype(column):
        values = column.dropna()
        if len(values) and (values == values.round()).all():
            return "integer"  # counts stored as floats (after a merge or a mean of integers)
        return "number"
    return "text"


def format_frame(frame, *, percent: Sequence[str] = (), decimals: int = 1, percent_scale: float = 100.0):
    """Every cell of ``frame`` as German text in the book's number style (a DataFrame of strings).

    Integer columns (and float columns holding whole numbers only) show without decimals, truth values
    as ``ja``/``nein``, missing values as ``–``; columns in ``percent`` hold shares in [0, 1].

    Examples
    --------
    >>> import pandas as pd
    >>> format_frame(pd.DataFrame({"n": [4.0], "p": [0.25], "x": [-1.25]}), percent=["p"]).iloc[0].tolist()
    ['4', '25,0\xa0%', '−1,3']
    """
    out = frame.copy()
    for name in frame.columns:
        kind = _column_kind(frame[name], name in percent)
        out[name] = [_cell(v, kind, decimals, percent_scale) for v in frame[name]]
    return out.astype(object)


def german_table(data, columns: dict[str, str] | None = None, *, percent: Sequence[str] = (), decimals: int = 1,
                 percent_scale: float = 100.0, index: bool = False, caption: str | None = None,
                 nowrap: Sequence[str] = (), code: Sequence[str] = (),
                 intervals: dict[str, tuple[str, str]] | None = None):
    """Show a table in the book's number style, with German column heads (a pandas ``Styler``).

    Parameters
    ----------
    data : DataFrame or Series
        The table; a Series becomes one column.
    columns : dict
        New (German) names of the columns to show, in order; other columns are dropped. Without it all
        columns are shown under their names.
    percent : column names (after renaming) holding shares in [0, 1], shown as ``33,1 %``.
    decimals : digits after the comma for non-integer numbers; integers (counts) never get decimals.
    index : show the index as the first column (its name, if any, becomes the head).
    nowrap : columns (after renaming) whose cells stay on one line, such as intervals.
    code : columns holding names from the code or the data files (keys, file names): set in a
        monospaced font, with line breaks allowed after ``_`` and ``.``, so that a long name does not
        widen the table.
    intervals : new column name → (lower, upper) column names of ``data``: the two bounds become one
        column ``42,2 bis 58,5 %`` in the place of the lower bound, on one line. It is in percent when its
        new name is listed in ``percent``.

    Missing values show as ``–``, truth values as ``ja``/``nein``, negative numbers with ``−``; columns
    of whole numbers show without decimals. The table id is derived from its content, so the page is the
    same on every build.

    Examples
    --------
    >>> import pandas as pd
    >>> t = german_table(pd.DataFrame({"n": [31.0, 2.0], "mean": [1.25, -0.5], "ok": [True, False]}),
    ...                  {"n": "Anzahl", "mean": "Mittelwert", "ok": "signifikant"})
    >>> [[c["display_value"] for c in row[1:]] for row in t._translate(False, False)["body"]]
    [['31', '1,3', 'ja'], ['2', '−0,5', 'nein']]
    >>> t = german_table(pd.DataFrame({"p": [0.5], "lo": [0.42], "hi": [0.59]}), {"p": "Anteil", "lo": "KI"},
    ...                  percent=["Anteil", "KI"], intervals={"KI": ("lo", "hi")})
    >>> [c["display_value"] for c in t._translate(False, False)["body"][0][1:]]
    ['50,0\xa0%', '42,0 bis 59,0\xa0%']
    """
    import hashlib

    import pandas as pd

    frame = data.to_frame() if isinstance(data, pd.Series) else data.copy()
    if index:
        frame = frame.reset_index()
    columns = dict(columns) if columns is not None else None
    for name, (lower, upper) in (intervals or {}).items():
        for bound in (lower, upper):
            if bound not in frame.columns:
                raise KeyError(f"german_table: no column {bound!r} for the interval {name!r}")
        scale, unit = (percent_scale, "%") if name in percent else (1.0, "")
        frame[lower] = [interval(a, b, decimals, scale=scale, unit=unit) for a, b in zip(frame[lower], frame[upper])]
        frame = frame.drop(columns=upper).rename(columns={lower: name})
        if columns is not None:
            columns = {(name if k == lower else k): (name if k == lower else v) for k, v in columns.items() if k != upper}
            columns.setdefault(name, name)
        nowrap = [*nowrap, name]
    percent = [p for p in percent if p not in (intervals or {})]
    if columns is not None:
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise KeyError(f"german_table: no column {missing[0]!r}; the table has {', '.join(map(str, frame.columns))}")
        frame = frame[list(columns)].rename(columns=columns)
    for name in percent:
        if name not in frame.columns:
            raise KeyError(f"german_table: no column {name!r} to show as percent")
    kinds = {name: _column_kind(frame[name], name in percent) for name in frame.columns}
    from html import escape

    def shown(v, kind):
        text = escape(_cell(v, kind, decimals, percent_scale))
        return break_after(text) if kind == "text" else text  # "Schulen/Bildung…" may break after "/"

    formats = {name: (lambda v, _k=kinds[name]: shown(v, _k)) for name in frame.columns}
    digest = hashlib.sha1(pd.util.hash_pandas_object(frame.astype(str), index=False).values.tobytes()
                          + "|".join(map(str, frame.columns)).encode()).hexdigest()[:10]
    for name in [*nowrap, *code]:
        if name not in frame.columns:
            raise KeyError(f"german_table: no column {name!r}; the table has {', '.join(map(str, frame.columns))}")
    styler = frame.style.format(formats).hide(axis="index").set_uuid(f"t{digest}")
    styles = {}
    for name in nowrap:  # the cells and the head stay on one line
        styles[name] = [{"selector": sel, "props": "white-space: nowrap;"} for sel in ("th", "td")]
    for name in code:  # a long name breaks at its underscores and dots, never inside a word
        styles.setdefault(name, []).append(
            {"selector": "td", "props": "font-family: var(--pst-font-family-monospace, monospace); font-size: 0.95em;"})
    if styles:
        styler = styler.set_table_styles(styles, overwrite=False)
    if code:
        def breakable(v, _k=None):
            text = escape(str(v)) if not _missing(v) else "–"
            return break_after(text, "_.")

        styler = styler.format(breakable, subset=list(code))
    if caption:
        styler = styler.set_caption(caption)
    return styler
