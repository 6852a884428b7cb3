"""The codebook (``data/codebook.yaml``) and the validation schemas built from it.

The codebook is the contract between the book and any survey file: one entry per variable with
its type, allowed values, who was asked, our paraphrase of the question, and the chapters that use
it. :func:`schema` turns it into a pandera ``DataFrameSchema``, so a file is checked by a
maintained validation library, not by hand-written loops.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from . import formatting, paths

__all__ = ["Variable", "TABLES", "ADDED_MARK", "variables", "names", "labels", "added_by_book", "schema", "dtypes",
           "as_frame"]

TABLES = ("survey", "experts")

#: pandas dtype of each codebook type (nullable integer types keep missing answers as <NA>).
DTYPES = {"id": "string", "integer": "Int64", "binary": "Int64", "rating": "Int64", "category": "string"}

#: Values a type allows, when the codebook entry does not set them itself.
RANGES = {"binary": (0, 1), "rating": (1, 4)}


@dataclass(frozen=True)
class Variable:
    """One codebook entry."""

    name: str
    type: str
    label: str
    question: str
    asked: str
    chapter: tuple[str, ...]
    nullable: bool = False
    origin: str = "studie"  # "studie": the study's text names the category; "buch": added by this book
    values: tuple[str, ...] | None = None
    min: int | None = None
    max: int | None = None

    @property
    def dtype(self) -> str:
        return DTYPES[self.type]

    def allowed(self) -> str:
        """Describe the allowed values in words (used in error messages)."""
        if self.type == "id":
            text = "a unique, non-empty identifier"
        elif self.type == "category":
            text = "one of " + ", ".join(repr(v) for v in self.values or ())
        else:
            lo, hi = self.bounds()
            text = f"a whole number from {lo} to {hi}" + (" (0 = nein, 1 = ja)" if self.type == "binary" else "")
        return text + (" or empty" if self.nullable else "")

    def bounds(self) -> tuple[int, int]:
        if self.type in RANGES:
            return RANGES[self.type]
        return int(self.min), int(self.max)


def _codebook_path() -> Path:
    return paths.data_dir() / "codebook.yaml"


@lru_cache(maxsize=4)
def _load(path: Path, mtime: float) -> dict[str, tuple[Variable, ...]]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = {}
    for table in TABLES:
        entries = []
        for e in raw[table]:
            e = dict(e)
            e["chapter"] = tuple(e.get("chapter", ()))
            if "values" in e:
                e["values"] = tuple(e["values"])
            if e.get("origin", "studie") not in ("studie", "buch"):
                raise ValueError(f"{path}: variable {e['name']!r} has origin {e['origin']!r}; expected studie or buch")
            if e["type"] not in DTYPES:
                raise ValueError(f"{path}: variable {e['name']!r} has unknown type {e['type']!r}")
            entries.append(Variable(**e))
        out[table] = tuple(entries)
    return out


def variables(table: str = "survey") -> tuple[Variable, ...]:
    """Return the codebook entries of ``table`` ("survey" or "experts").

    Examples
    --------
    >>> v = {x.name: x for x in variables()}
    >>> v["kmu_participation"].values
    ('keine', 'nur_passiv', 'aktiv')
    >>> v["partners"].allowed()
    'a whole number from 2 to 5000'
    """
    if table not in TABLES:
        raise ValueError(f"table must be one of {', '.join(TABLES)}, got {table!r}")
    p = _codebook_path()
    return _load(p, p.stat().st_mtime)[table]


def names(table: str = "survey", prefix: str = "") -> list[str]:
    """Return the variable names of ``table`` (optionally those starting with ``prefix``).

    Examples
    --------
    >>> names(prefix="hurdle_")[:2]
    ['hurdle_resources', 'hurdle_priorities']
    """
    return [v.name for v in variables(table) if v.name.startswith(prefix)]


#: Appended to the label of a category the study's text does not name (added by this book).
ADDED_MARK = " (ergänzt)"


def labels(table: str = "survey", mark_added: bool = True) -> dict[str, str]:
    """Return name → German label; categories this book added are marked "(ergänzt)".

    Examples
    --------
    >>> labels()["target_frauen"], labels()["target_schueler"]
    ('Zielgruppe: Frauen (ergänzt)', 'Zielgruppe: Schüler, Auszubildende, Studierende')
    """
    return {v.name: v.label + (ADDED_MARK if mark_added and v.origin == "buch" else "") for v in variables(table)}


def added_by_book(table: str = "survey") -> list[str]:
    """Names of the variables whose category the study's text does not name: this book added them.

    Examples
    --------
    >>> added_by_book("experts")[:2]
    ['thesis_06', 'thesis_07']
    """
    return [v.name for v in variables(table) if v.origin == "buch"]


def dtypes(table: str = "survey") -> dict[str, str]:
    """Return name → pandas dtype."""
    return {v.name: v.dtype for v in variables(table)}


def schema(table: str = "survey"):
    """Return the pandera schema of ``table``: columns, types, ranges, allowed values, uniqueness.

    The schema is strict: a column the codebook does not know is an error, and so is a missing one.
    """
    import pandera.pandas as pa

    cols = {}
    for v in variables(table):
        checks = []
        if v.type == "category":
            checks.append(pa.Check.isin(list(v.values)))
        elif v.type != "id":
            lo, hi = v.bounds()
            checks.append(pa.Check.in_range(lo, hi))
        else:
            checks.append(pa.Check.str_length(min_value=1))
        cols[v.name] = pa.Column(v.dtype, checks=checks, nullable=v.nullable, unique=v.type == "id",
                                 required=True, description=v.label)
    return pa.DataFrameSchema(cols, strict=True, ordered=False, name=f"kmunetz {table}")


def as_frame(table: str = "survey", compact: bool = False) -> pd.DataFrame:
    """Return the codebook as a table (for the appendix page).

    With ``compact=True`` the table has four columns for a web page: the label and the question in
    one HTML cell, type and allowed values in another, who was asked and the chapters in a third.

    Examples
    --------
    >>> as_frame("experts").columns.tolist()
    ['Variable', 'Bezeichnung', 'Typ', 'Erlaubte Werte', 'Gefragt', 'Frage (sinngemäß)', 'Kapitel']
    """
    types = {"id": "Kennung", "integer": "Ganzzahl", "binary": "ja/nein (1/0)", "rating": "Bewertung",
             "category": "Kategorie"}
    rows: list[dict[str, Any]] = []
    for v in variables(table):
        if v.type == "category":
            allowed = ", ".join(v.values or ())
        elif v.type == "id":
            allowed = "eindeutig"
        else:
            lo, hi = v.bounds()
            allowed = f"{lo}–{hi}"
        rows.append({"Variable": v.name, "Bezeichnung": v.label + (ADDED_MARK if v.origin == "buch" else ""),
                     "Typ": types[v.type],
                     "Erlaubte Werte": allowed + (" oder fehlend" if v.nullable else ""),
                     "Gefragt": v.asked, "Frage (sinngemäß)": v.question, "Kapitel": ", ".join(v.chapter)})
    out = pd.DataFrame(rows)
    if compact:
        from html import escape

        out = pd.DataFrame({
            "Variable": out["Variable"].map(lambda x: f"<code>{formatting.break_after(escape(x), '_')}</code>"),
            "Bedeutung und Frage (sinngemäß)": [f"<strong>{escape(a)}</strong><br>{escape(b)}"
                                               for a, b in zip(out["Bezeichnung"], out["Frage (sinngemäß)"])],
            "Typ und Werte": [f"{escape(a)}<br>{escape(b)}" for a, b in zip(out["Typ"], out["Erlaubte Werte"])],
            "Gefragt; Kapitel": [f"{escape(a)}<br><em>{escape(b)}</em>" for a, b in zip(out["Gefragt"], out["Kapitel"])],
        })
    return out
