"""What every survey chapter does first, in one call: validate parameters, load data, compare.

A survey chapter's plumbing cell is::

    ctx = chapter.setup("rolle-der-kmu", seed=seed, n=n, survey=survey, experts=experts,
                        confidence=confidence)
    ctx.data_note()

:func:`setup` validates the parameters, applies the figure theme, loads and validates the survey
and the expert panel, and runs the reproduction check, so the chapter can glue the published
numbers of its section and show its "Studie vs. diese Auswertung" table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

import pandas as pd

from . import codebook, formatting, glue, params, plotting, published, reproduce, stats, synthetic

__all__ = ["Context", "setup", "study_rows", "study_table"]

#: MIME-free Markdown of the note on synthetic data (MyST admonition).
_SYNTHETIC_NOTE = """:::{{admonition}} Synthetische Daten
:class: note

Dieses Kapitel rechnet mit einem **synthetischen Datensatz** ({what}), weil die Einzeldaten der
IAW-Befragung nicht öffentlich sind. Der Datensatz ist so erzeugt, dass er die in der Studie
genannten Zahlen trifft; diese Übereinstimmung ist konstruiert und kein Befund. Werte, die die Studie
nicht nennt, beruhen auf offen ausgewiesenen Annahmen (siehe {{doc}}`codebuch`). Echt sind die
Methoden: Konfidenzintervalle, Modelle und Code.
:::
"""

_REAL_NOTE = """:::{{admonition}} Eigene Daten
:class: tip

Dieses Kapitel rechnet mit der Datei `{name}`. Alle Zahlen, Intervalle und Abbildungen sind aus ihr
berechnet; die Tabelle am Ende vergleicht sie mit den Zahlen der Studie.
:::
"""


@dataclass
class Context:
    """Data and settings of one chapter run."""

    chapter: str
    params: dict[str, Any]
    survey: pd.DataFrame
    experts: pd.DataFrame
    comparison: pd.DataFrame
    synthetic: bool
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def confidence(self) -> float:
        return float(self.params["confidence"])

    # -- notes -------------------------------------------------------------------------------
    def data_note(self):
        """Return the chapter's note on the data source (a MyST admonition, rendered as Markdown)."""
        from IPython.display import Markdown

        if self.synthetic:
            what = f"Startwert {self.params['seed']}, {formatting.integer(len(self.survey))} Netzwerke"
            return Markdown(_SYNTHETIC_NOTE.format(what=what))
        return Markdown(_REAL_NOTE.format(name=str(self.params["survey"]).rsplit("/", 1)[-1]))

    def shows_assumed(self, items: Iterable[str]) -> bool:
        """True when a figure of these variables shows values the study does not publish (synthetic data only)."""
        if not self.synthetic:
            return False
        a = synthetic.assumptions()
        cat = published.load()
        for item in items:
            for name in (f"share.{item}", f"dist.{item}"):
                if name not in a.index:
                    continue
                if a.loc[name, "status"] == "assumed":
                    return True
                key = a.loc[name, "catalogue_key"]
                if key and pd.isna(cat.loc[key, "value"]):  # the study states only a direction
                    return True
            if item.startswith("thesis_") and a.loc[f"expert.{item}", "status"] == "assumed":
                return True
        return False

    # -- numbers -----------------------------------------------------------------------------
    def shares(self, columns: list[str], data: pd.DataFrame | None = None, sort: bool = True,
               table: str = "survey") -> pd.DataFrame:
        """Shares with confidence intervals of binary columns, labelled from the codebook."""
        df = self.survey if data is None else data
        return stats.shares(df[columns], columns, labels=codebook.labels(table), confidence=self.confidence,
                            sort=sort)

    def agreement(self, theses: list[str], sort: bool = True) -> pd.DataFrame:
        """Share of panel members who agree with each thesis (ratings 3 or 4), with confidence intervals."""
        ratings = self.experts[theses]
        agree = (ratings >= 3).astype("Int64").where(ratings.notna())
        return self.shares(theses, data=agree, sort=sort, table="experts")

    def glue_published(self, keys: Iterable[str] | None = None) -> None:
        """Glue every compared number of this chapter: ``key`` (value), ``key_n`` (base), ``key_ci`` (interval),
        and ``key_studie``, the study's own wording (from the catalogue, e.g. "9 von 10").

        Shares are glued in percent with one decimal, means with one decimal, counts as integers.
        """
        table = self.comparison.set_index("key")
        cat = published.load()
        keys = list(keys) if keys is not None else [k for k in table.index if cat.loc[k, "chapter"] == self.chapter]
        for key in keys:
            row = table.loc[key]
            unit = cat.loc[key, "unit"]
            glue.glue_text(f"{key}_studie", cat.loc[key, "wording"])
            if pd.isna(row["n"]):
                glue.glue_number(key, row["value"], "integer")
                continue
            kind = "percent_value" if unit == "Prozent" else "number"
            glue.glue_number(key, row["value"], kind, 1)
            glue.glue_number(f"{key}_n", row["n"], "integer")
            glue.glue_text(f"{key}_ci", formatting.interval(row["ci_lower"], row["ci_upper"], 1, scale=1,
                                                             unit="%" if unit == "Prozent" else ""))

    def study_table(self, chapter: str | None = None):
        """The "Studie vs. diese Auswertung" table of the chapter's published numbers (a pandas Styler)."""
        chapter = chapter or self.chapter
        return study_table(self.comparison, chapter, self.confidence)


def study_rows(comparison: pd.DataFrame | None, rows: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """Published numbers (catalogue ``rows``) beside the values computed here, one German-formatted row each.

    Numbers without a computed value (``comparison`` is None, or has no row for them) are shown as
    "übernommen": taken over from the study, not recomputed.

    Examples
    --------
    >>> t = study_rows(None, published.for_chapter("bewerberlage"))
    >>> t["hier"].unique().tolist(), t["passt"].unique().tolist(), t["Status"].unique().tolist()
    (['übernommen'], ['–'], ['übernommen'])
    """
    comp = (comparison if comparison is not None else pd.DataFrame({"key": []})).set_index("key")
    out = []
    for key, row in rows.iterrows():
        if key in comp.index:
            c = comp.loc[key]
            value = formatting.number(c["value"], 1 if pd.notna(c["n"]) else 0)
            ci = "" if pd.isna(c["ci_lower"]) else formatting.interval(c["ci_lower"], c["ci_upper"], 1, scale=1, unit="")
            n = "" if pd.isna(c["n"]) else formatting.integer(c["n"])
            status, ok = "nachgerechnet", "ja" if c["agrees"] else "nein"
        else:
            value, ci, n, status, ok = "übernommen", "", "", "übernommen", "–"
        out.append({"Schlüssel": key, "Kapitel": row["chapter"], "Aussage": row["statement"],
                    "Studie": row["wording"], "Quelle": row["source"],
                    "n Studie": "" if pd.isna(row["base_n"]) else formatting.integer(row["base_n"]),
                    "Bereich": published.allowed_text(row), "hier": value,
                    f"{formatting.integer(confidence * 100)}-%-KI": ci, "n": n, "Status": status, "passt": ok})
    return pd.DataFrame(out)


def study_table(comparison: pd.DataFrame | None, chapter: str, confidence: float = 0.95, catalogue=None):
    """The "Studie vs. diese Auswertung" table of one chapter (a pandas Styler); see :func:`study_rows`."""
    rows = study_rows(comparison, published.for_chapter(chapter, catalogue), confidence)
    return rows.drop(columns=["Schlüssel", "Kapitel", "Quelle", "Status"]).style.hide(axis="index")


def setup(chapter: str, seed: int = synthetic.DEFAULT_SEED, n: int = synthetic.DEFAULT_N,
          survey: str = "synthetic", experts: str = "synthetic", confidence: float = 0.95,
          **extra: Any) -> Context:
    """Validate a survey chapter's parameters, load its data and compare with the study.

    Examples
    --------
    >>> ctx = setup("rolle-der-kmu")
    >>> ctx.synthetic, len(ctx.survey)
    (True, 156)
    """
    values = params.validate({"seed": seed, "n": n, "survey": survey, "experts": experts,
                              "confidence": confidence, **extra})
    plotting.use_theme()
    from .survey import load_experts, load_survey

    s = load_survey(values["survey"], seed=values["seed"], n=values["n"])
    e = load_experts(values["experts"], seed=values["seed"])
    is_synthetic = values["survey"] == "synthetic"
    comparison = reproduce.compare(s, e, values["confidence"], scaled=is_synthetic and values["n"] != synthetic.DEFAULT_N)
    return Context(chapter=chapter, params=values, survey=s, experts=e, comparison=comparison,
                   synthetic=is_synthetic, extra={k: values[k] for k in extra})
