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

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from . import codebook, formatting, glue, params, plotting, published, reproduce, stats, synthetic, wording
from .provenance import Provenance, calibrated

__all__ = ["Context", "setup", "study_rows", "study_table", "compact_rows", "download"]

#: The one-line note on synthetic data under a chapter's first paragraph (MyST Markdown).
_SYNTHETIC_NOTE = (
    "*Synthetische Daten* ({what}): nachgebildet, weil die Befragungsdaten nicht öffentlich sind; wo sie die "
    "Zahlen der Studie treffen, ist das konstruiert. Mehr dazu: {{doc}}`daten-und-replikation`.\n"
)

#: The one-line note when the chapter reads a survey file.
_REAL_NOTE = (
    "*Eigene Daten*: Dieses Kapitel rechnet mit der Datei `{name}`; alle Zahlen und Abbildungen sind aus ihr "
    "berechnet.{experts} Mehr dazu: {{doc}}`daten-und-replikation`.\n"
)


@dataclass
class Context:
    """Data and settings of one chapter run."""

    chapter: str
    params: dict[str, Any]
    survey: pd.DataFrame
    experts: pd.DataFrame
    comparison: pd.DataFrame
    synthetic: bool
    lineage: dict[str, Any] = field(default_factory=dict)
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
        experts = (" Die Werte des Expertenpanels stammen dagegen aus einem synthetischen Datensatz."
                   if self.params.get("experts", "synthetic") == "synthetic" else "")
        note = _REAL_NOTE.format(name=str(self.params["survey"]).rsplit("/", 1)[-1], experts=experts)
        return Markdown(note)

    def glue_layer(self) -> None:
        """Glue the state of the chapter's analysis layer: collapsed for synthetic data, open for a survey file.

        The book's ``analysis-start`` directive reads it (summary, badge and the data note, from
        :func:`kmunetz.wording.layer_state`).
        """
        file = None if self.synthetic else str(self.params["survey"]).replace("\\", "/").rsplit("/", 1)[-1]
        state = wording.layer_state(self.synthetic, seed=int(self.params["seed"]), n=int(len(self.survey)),
                                    file=file, experts_synthetic=self.params.get("experts", "synthetic") == "synthetic",
                                    default_seed=synthetic.DEFAULT_SEED, default_n=synthetic.DEFAULT_N)
        glue.glue_layer(state)

    # -- provenance --------------------------------------------------------------------------
    def _is_synthetic(self, column: str) -> bool:
        expert_cols = set(codebook.names("experts"))
        return self.params.get("experts", "synthetic") == "synthetic" if column in expert_cols else self.synthetic

    def _data_file(self, column: str) -> str:
        key = "experts" if column in set(codebook.names("experts")) else "survey"
        return "Datei " + str(self.params.get(key)).rsplit("/", 1)[-1]

    def origin(self, *columns: str, stat: str = "margin") -> Provenance:
        """The provenance of a number computed from these columns, derived from their lineage.

        ``stat`` says what the number is: ``"margin"`` a statistic the generator pins (a share of
        "ja", a mean, the published grouping of levels); ``"shape"`` anything else about single
        columns (a median, a spread, single levels); ``"joint"`` a relation between columns (a model,
        a cross table). With a real survey file every number is *aus den Daten*.

        Examples
        --------
        >>> ctx = setup("netzwerke")
        >>> ctx.origin("sector_focus").kind, ctx.origin("partners", stat="shape").kind
        ('nachgerechnet', 'angenommen')
        """
        if stat not in ("margin", "shape", "joint"):
            raise ValueError(f"stat must be 'margin', 'shape' or 'joint', got {stat!r}")
        if not columns:
            raise ValueError("origin needs at least one column")
        parts = []
        for c in columns:
            if c == "attractive_topics":  # derived from two columns (see kmunetz.models.attractive_topics)
                parts.append(self.origin("field_digitalisierung", "target_fuehrungskraefte", stat=stat))
                continue
            if not self._is_synthetic(c):
                parts.append(Provenance.data(self._data_file(c)))
                continue
            lin = self.lineage[c]
            if stat == "margin":
                parts.append(lin.margin)
            elif stat == "shape":
                parts.append(lin.shape)
            else:
                parts.append(lin.shape | Provenance.assumed(*lin.joint))
        return Provenance.combine(parts)

    def reproduced(self, key: str) -> Provenance:
        """The provenance of the value computed for a published number (a row of the comparison table)."""
        cols = reproduce.CHECK_COLUMNS.get(key, ())
        if cols and not all(self._is_synthetic(c) for c in cols):
            return Provenance.data(self._data_file(cols[0]))
        if key in published.chart_values(self.params.get("chart_values")).index:
            return Provenance.reproduced(key)
        names = synthetic.assumptions()
        chosen = tuple(names.index[(names["catalogue_key"] == key) & (names["status"] == "published")])
        return calibrated(key, chosen)

    def base_origin(self, key: str) -> Provenance:
        """The provenance of the base n of a compared number: assumed where the study states no base.

        The expert panel's base per thesis and the base of the contact questions are assumptions
        of the synthetic data; other bases follow from the study's item bases.
        """
        value = self.reproduced(key)
        cols = reproduce.CHECK_COLUMNS.get(key, ())
        if value.kind == "daten" or not cols:
            return value
        assumed = [f"expert.{c}" for c in cols if c.startswith("thesis_")]
        assumed += [synthetic.ITEM_BASE[c.split("_", 1)[0]] for c in cols
                    if c.split("_", 1)[0] in synthetic.ITEM_BASE]
        return Provenance.assumed(*assumed, catalogue=(key,)) if assumed else value

    @staticmethod
    def study(*keys: str, note: str = "") -> Provenance:
        """The provenance of a number the study states (or one computed only from its numbers)."""
        return Provenance.study(*keys, note=note)

    def setting(self, name: str) -> Provenance:
        """The provenance of a setting of this build (a parameter such as ``confidence``, or a threshold)."""
        if name in self.params:
            value = self.params[name]
            shown = formatting.number(value, 2).rstrip("0").rstrip(",") if isinstance(value, float) else value
            return Provenance.setting(f"Parameter `{name}` = {shown}")
        return Provenance.setting(name)

    # -- numbers -----------------------------------------------------------------------------
    def shares(self, columns: list[str], data: pd.DataFrame | None = None, sort: bool = True,
               table: str = "survey") -> pd.DataFrame:
        """Shares with confidence intervals of binary columns, labelled from the codebook.

        The column ``provenance`` holds each share's :class:`~kmunetz.provenance.Provenance`
        (the margin of its column); categories this book added are labelled "(ergänzt)".
        """
        df = self.survey if data is None else data
        out = stats.shares(df[columns], columns, labels=codebook.labels(table), confidence=self.confidence,
                           sort=sort)
        out["provenance"] = [self.origin(c) for c in out["item"]]
        return out

    def figure_origin(self, table: pd.DataFrame, label: str = "label") -> Provenance:
        """The provenance of a figure drawn from a table with a ``provenance`` column (all its values).

        When only some elements are assumed, the result names them (``items``), so that the caption
        says which values are assumed and which are reproduced.
        """
        import dataclasses

        combined = Provenance.combine(table["provenance"])
        assumed = [str(lab) for lab, p in zip(table[label], table["provenance"]) if p.is_assumed]
        others = [str(lab) for lab, p in zip(table[label], table["provenance"]) if not p.is_assumed]
        if combined.is_assumed and len(assumed) < len(table):
            return dataclasses.replace(combined, items=tuple(assumed), others=tuple(others))
        return combined

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
        keys = list(keys) if keys is not None else [k for k in table.index
                                                    if k in cat.index and cat.loc[k, "chapter"] == self.chapter]
        for key in keys:
            row = table.loc[key]
            unit = cat.loc[key, "unit"]
            origin = self.reproduced(key)
            glue.glue_text(f"{key}_studie", cat.loc[key, "wording"], origin=Provenance.study(key))
            if pd.isna(row["n"]):
                glue.glue_number(key, row["value"], "integer", origin=origin)
                continue
            kind = "percent_value" if unit == "Prozent" else "number"
            base = self.base_origin(key)
            whole = unit != "Prozent" and float(row["value"]).is_integer()  # "31 Partner", not "31,0"
            glue.glue_number(key, row["value"], kind, 0 if whole else 1, origin=origin)
            glue.glue_number(f"{key}_n", row["n"], "integer", origin=base)
            glue.glue_text(f"{key}_ci", formatting.interval(row["ci_lower"], row["ci_upper"], 1, scale=1,
                                                             unit="%" if unit == "Prozent" else ""),
                           origin=origin | base)

    def study_table(self, chapter: str | None = None):
        """The "Studie vs. diese Auswertung" table of the chapter's published numbers (a pandas Styler)."""
        chapter = chapter or self.chapter
        return study_table(self.comparison, chapter, self.confidence)


#: Units of the catalogue shown after a number; a direction is an effect in percentage points.
_UNIT_SHOWN = {"Prozent": "%", "Richtung": "Prozentpunkte", "Netzwerkpartner": "Partner"}


def _with_unit(text: str, unit) -> str:
    if not text or text in ("–", "übernommen") or pd.isna(unit) or unit in ("Rangfolge", "Jahr"):
        return text
    shown = _UNIT_SHOWN.get(str(unit), str(unit))
    return f"{text}{formatting.NBSP if shown == '%' else ' '}{shown}"  # a word may go to the next line


def study_rows(comparison: pd.DataFrame | None, rows: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """Published numbers (catalogue ``rows``) beside the values computed here, one German-formatted row each.

    Range, value and interval carry their unit ("80 bis 90 %"). "im Bereich" says whether the value
    computed here lies in the range the study's wording allows (the value, not its interval). Numbers
    without a computed value (``comparison`` is None, or has no row for them) are shown as "übernommen":
    taken over from the study, not recomputed.

    Examples
    --------
    >>> t = study_rows(None, published.for_chapter("bewerberlage"))
    >>> t["hier"].unique().tolist(), t["im Bereich"].unique().tolist(), t["Status"].unique().tolist()
    (['übernommen'], ['–'], ['übernommen'])
    """
    comp = (comparison if comparison is not None else pd.DataFrame({"key": []})).set_index("key")
    ki = formatting.confidence_label(confidence, short=True)
    out = []
    for key, row in rows.iterrows():
        unit = row.get("unit")
        if key in comp.index:
            c = comp.loc[key]
            # a share keeps its decimal; a mean of counts that comes out whole is shown whole ("31 Partner")
            whole = pd.isna(c["n"]) or (unit != "Prozent" and float(c["value"]).is_integer())
            value = _with_unit(formatting.number(c["value"], 0 if whole else 1), unit)
            ci = ("" if pd.isna(c["ci_lower"]) else  # only "%" is repeated inside the interval
                  formatting.interval(c["ci_lower"], c["ci_upper"], 1, scale=1, unit="%" if unit == "Prozent" else ""))
            n = "" if pd.isna(c["n"]) else formatting.integer(c["n"])
            status, ok = "nachgerechnet", "ja" if c["agrees"] else "nein"
        else:
            value, ci, n, status, ok = "übernommen", "", "", "übernommen", "–"
        out.append({"Schlüssel": key, "Kapitel": row["chapter"], "Aussage": row["statement"],
                    "Studie": row["wording"], "Quelle": row["source"],
                    "n Studie": "" if pd.isna(row["base_n"]) else formatting.integer(row["base_n"]),
                    "Bereich": _with_unit(published.allowed_text(row), unit), "hier": value,
                    ki: ci, "n": n, "Status": status, "im Bereich": ok})
    return pd.DataFrame(out)


def download(frame: pd.DataFrame, filename: str, label: str):
    """A link that downloads ``frame`` as a CSV file (UTF-8, embedded in the page; no server needed).

    For tables too wide for the text column: the page shows the main columns, the download has all.
    """
    import base64

    from IPython.display import HTML

    data = base64.b64encode(frame.to_csv(index=False).encode("utf-8")).decode("ascii")
    return HTML(f'<p class="kmunetz-download"><a download="{filename}" href="data:text/csv;base64,{data}">'
                f'{label}</a> (CSV-Datei, {len(frame)} Zeilen)</p>')


def study_table(comparison: pd.DataFrame | None, chapter: str, confidence: float = 0.95, catalogue=None):
    """The "Studie vs. diese Auswertung" table of one chapter (a pandas Styler); see :func:`study_rows`.

    The value computed here and its interval share a column ("57,7 % (49,8 bis 65,2 %)"; the interval
    never breaks across lines), the bases of the study and of these data another ("154 / 141").
    Columns that are empty for every row are left out.
    """
    return formatting.german_table(compact_rows(study_rows(comparison, published.for_chapter(chapter, catalogue),
                                                           confidence), confidence),
                                   caption="„im Bereich“: Der hier berechnete Wert liegt in dem Bereich, den der "
                                           "Wortlaut der Studie zulässt.")


def compact_rows(rows: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """The columns of :func:`study_rows` a reader needs, narrow enough for the text column."""
    ki = formatting.confidence_label(confidence, short=True)
    nb = formatting.NBSP
    here = [v if not ci else f"{v} ({ci.replace(' ', nb)})" for v, ci in zip(rows["hier"], rows[ki])]
    bases = ["" if not (a or b) else f"{a or '–'} / {b or '–'}" for a, b in zip(rows["n Studie"], rows["n"])]
    out = pd.DataFrame({"Aussage": rows["Aussage"], "Studie": rows["Studie"],
                        "Bereich": [b.replace(" ", nb) if len(b) <= 12 else b for b in rows["Bereich"]],
                        f"hier ({ki})": here, "n Studie / hier": bases, "im Bereich": rows["im Bereich"]})
    return out[[c for c in out.columns if (out[c].astype(str).str.strip() != "").any()]]


def setup(chapter: str, seed: int = synthetic.DEFAULT_SEED, n: int = synthetic.DEFAULT_N,
          survey: str = "synthetic", experts: str = "synthetic", confidence: float = 0.95,
          chart_values: str = "default", **extra: Any) -> Context:
    """Validate a survey chapter's parameters, load its data and compare with the study.

    Examples
    --------
    >>> ctx = setup("rolle-der-kmu")
    >>> ctx.synthetic, len(ctx.survey)
    (True, 156)
    """
    values = params.check({"seed": seed, "n": n, "survey": survey, "experts": experts,
                          "confidence": confidence, "chart_values": chart_values, **extra})
    plotting.use_theme()
    from .survey import load_experts, load_survey

    charts = values["chart_values"]
    s = load_survey(values["survey"], seed=values["seed"], n=values["n"], chart_values=charts)
    e = load_experts(values["experts"], seed=values["seed"])
    is_synthetic = values["survey"] == "synthetic"
    comparison = reproduce.compare(s, e, values["confidence"], chart_values=charts,
                                   scaled=is_synthetic and values["n"] != synthetic.DEFAULT_N)
    return Context(chapter=chapter, params=values, survey=s, experts=e, comparison=comparison,
                   synthetic=is_synthetic, lineage=synthetic.lineage(charts), extra={k: values[k] for k in extra})

