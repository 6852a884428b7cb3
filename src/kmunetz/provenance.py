"""Where a number comes from: the study, reproduced, assumed, or from real data.

Every number the book shows carries one :class:`Provenance`. Its class is derived from what the
number depends on, never typed where the number is used:

``studie``
    A number the study states: a row of ``data/published/numbers.csv`` (or a typed-in chart value
    of ``chart_values.csv``), or a number computed only from such rows (a ratio of two of them).
``nachgerechnet``
    Computed from the survey data. With the synthetic survey it reproduces a named row of the
    catalogue by construction: the generator is calibrated to exactly that number.
``angenommen``
    Computed from the synthetic survey where the study's text gives no number. It rests on named
    rows of ``data/assumptions.csv``, each with its reason.
``daten``
    Computed from a real survey file ("aus den Daten"). Nothing is assumed.

A fifth class, ``einstellung`` (shown as "Buch"), marks what the book says about itself: the
settings of a build (confidence level, seed, thresholds of its wording) and counts of its own files,
numbers that are neither findings nor data.

The survey's columns know their lineage (:func:`kmunetz.synthetic.lineage`): which catalogue rows
their margins are calibrated to and which assumptions shape them. :class:`Provenance` values
combine with ``|``: a number computed from an assumed and a reproduced value is assumed.

Examples
--------
>>> p = Provenance.study("kmu_aktiv")
>>> p.kind, p.label, p.mark
('studie', 'Studie', 'S')
>>> (p | Provenance.assumed("share.field_bildung")).kind
'angenommen'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["KINDS", "Kind", "Provenance", "legend", "PINNING_WIDTH", "calibrated", "tooltip_lines", "TOOLTIP_LINES"]

#: A published wording pins a synthetic value when the interval it allows is at most this many
#: points wide ("etwa 85 %", "fast 35 %", "20 bis 25 %"). Wider wordings ("überwiegend", "mehr als die
#: Hälfte") leave the value itself to an assumption: the value is then *angenommen*, within the wording.
PINNING_WIDTH = 10.0


@dataclass(frozen=True)
class Kind:
    """One provenance class: its key, German label, visible mark and explanation for the legend."""

    key: str
    label: str
    mark: str
    explanation: str


#: The classes in the order the legend shows them; later classes win when values are combined,
#: except that ``angenommen`` always wins (one assumed input makes the result assumed).
KINDS: dict[str, Kind] = {k.key: k for k in [
    Kind("studie", "Studie", "S",
         "Eine Zahl, die die Studie selbst in ihrem Text nennt, mit Abschnitt, Quelle und Wortlaut. "
         "Sie ist im Katalog der veröffentlichten Zahlen erfasst und wird hier nur wiedergegeben; dazu "
         "zählen Zahlen, die dieses Buch allein aus solchen Zahlen ausrechnet (der Hinweis nennt die Rechnung)."),
    Kind("nachgerechnet", "nachgerechnet", "N",
         "Aus den Befragungsdaten berechnet und mit einer bestimmten Zahl der Studie vergleichbar. "
         "Beim synthetischen Datensatz stimmt sie mit der Studie überein, weil der Datensatz so erzeugt ist."),
    Kind("angenommen", "angenommen", "A",
         "Aus dem synthetischen Datensatz berechnet, obwohl der Text der Studie dafür keine Zahl nennt. "
         "Der Wert folgt aus offen ausgewiesenen Annahmen und ist kein Befund über echte Netzwerke."),
    Kind("daten", "aus den Daten", "D",
         "Aus einer echten Befragungsdatei berechnet, die dem Codebuch folgt. "
         "Mit echten Daten ist nichts mehr angenommen; jede Zahl ist ein Ergebnis dieser Daten."),
    Kind("einstellung", "Buch", "B",
         "Eine Angabe über dieses Buch selbst: eine Einstellung wie das Konfidenzniveau, eine Schwelle für eine "
         "Wortwahl oder eine Zählung seiner Dateien. Sie ist weder ein Befund noch ein Wert aus Daten."),
]}

_RANK = {"einstellung": 0, "studie": 1, "nachgerechnet": 2, "daten": 3, "angenommen": 4}


def _merge(*groups: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for g in groups:
        for x in g:
            seen.setdefault(x, None)
    return tuple(seen)


@dataclass(frozen=True)
class Provenance:
    """Where one number (or a figure) comes from.

    Parameters
    ----------
    kind : str
        One of :data:`KINDS`.
    catalogue : tuple of str
        Keys of the study's numbers it states or reproduces (``numbers.csv`` or ``chart_values.csv``).
    assumptions : tuple of str
        Names of the rows of ``data/assumptions.csv`` it rests on.
    note : str
        A short detail: the data file, the setting's name, or how the number was derived.
    items : tuple of str
        For a figure whose elements differ: the labels of the elements whose values are assumed
        (empty when all or none are). Captions and alt texts name them.
    others : tuple of str
        For the same figure: the labels of the other elements, whose values are reproduced.
    """

    kind: str
    catalogue: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()
    note: str = ""
    items: tuple[str, ...] = ()
    others: tuple[str, ...] = ()

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"provenance kind must be one of {', '.join(KINDS)}, got {self.kind!r}")
        object.__setattr__(self, "catalogue", _merge(self.catalogue))
        object.__setattr__(self, "assumptions", _merge(self.assumptions))

    # -- constructors ------------------------------------------------------------------------
    @classmethod
    def study(cls, *keys: str, note: str = "") -> Provenance:
        """A number the study states (or one computed only from the study's numbers)."""
        return cls("studie", tuple(keys), (), note)

    @classmethod
    def reproduced(cls, *keys: str, assumptions: Iterable[str] = ()) -> Provenance:
        """Computed from synthetic data calibrated to these catalogue rows (point values chosen in ``assumptions``)."""
        return cls("nachgerechnet", tuple(keys), tuple(assumptions))

    @classmethod
    def assumed(cls, *names: str, catalogue: Iterable[str] = ()) -> Provenance:
        """Computed from synthetic data that rest on these assumptions."""
        return cls("angenommen", tuple(catalogue), tuple(names))

    @classmethod
    def data(cls, note: str = "") -> Provenance:
        """Computed from a real survey file."""
        return cls("daten", (), (), note)

    @classmethod
    def setting(cls, note: str) -> Provenance:
        """A setting of the build (a parameter or a threshold of the book's wording)."""
        return cls("einstellung", (), (), note)

    # -- combining ---------------------------------------------------------------------------
    def __or__(self, other: Provenance) -> Provenance:
        """The provenance of a number computed from both: the weaker class, all sources kept."""
        if not isinstance(other, Provenance):
            return NotImplemented
        kind = max(self.kind, other.kind, key=_RANK.__getitem__)
        note = self.note if self.kind == kind else other.note
        return Provenance(kind, _merge(self.catalogue, other.catalogue),
                          _merge(self.assumptions, other.assumptions), note)

    @staticmethod
    def combine(items: Iterable[Provenance]) -> Provenance:
        """Combine several provenances (see ``|``); at least one is needed."""
        items = list(items)
        if not items:
            raise ValueError("combine needs at least one provenance")
        out = items[0]
        for p in items[1:]:
            out = out | p
        return out

    # -- reading -----------------------------------------------------------------------------
    @property
    def label(self) -> str:
        return KINDS[self.kind].label

    @property
    def mark(self) -> str:
        return KINDS[self.kind].mark

    @property
    def is_assumed(self) -> bool:
        return self.kind == "angenommen"

    def details(self) -> list[str]:
        """German sentences naming the sources: catalogue rows (section, source, wording) and assumptions (reasons)."""
        from . import published

        out: list[str] = []
        lead = {
            "studie": "Zahl der Studie.",
            "nachgerechnet": "Aus dem synthetischen Datensatz nachgerechnet; er ist auf diese Zahl der Studie "
                             "kalibriert, die Übereinstimmung ist konstruiert.",
            "angenommen": "Aus dem synthetischen Datensatz berechnet; der Text der Studie nennt dafür keine Zahl.",
            "daten": "Aus den Befragungsdaten berechnet" + (f" ({self.note})." if self.note else "."),
            "einstellung": "Angabe über dieses Buch" + (f": {self.note}." if self.note else "."),
        }[self.kind]
        out.append(lead)
        if self.kind == "studie" and self.note:
            out.append(self.note)
        cat = published.load()
        charts = published.chart_values()
        for key in self.catalogue:
            if key in cat.index:
                r = cat.loc[key]
                out.append(f"Studie, Abschnitt „{_inner(r['section'])}“: „{_inner(r['wording'])}“ "
                           f"(Quelle: {r['source']}).")
            elif key in charts.index:
                r = charts.loc[key]
                out.append(f"Studie, Abbildung „{_inner(r['chart'])}“, Element „{_inner(r['category'])}“ "
                           f"(Abschnitt „{_inner(r['section'])}“).")
            else:
                out.append(f"Katalogzeile {key}.")
        if self.assumptions:
            a = published.assumptions()
            for name in self.assumptions:
                reason = a.loc[name, "reason"] if name in a.index else "unbekannte Annahme"
                prefix = "Im Rahmen des Wortlauts gewählt" if self.kind == "nachgerechnet" else "Annahme"
                out.append(f"{prefix} (`{name}`): {reason}.".replace("..", "."))
        return out

    def to_dict(self) -> dict:
        """A JSON-ready description (class, label, mark, sources and the sentences of :meth:`details`)."""
        return {"kind": self.kind, "label": self.label, "mark": self.mark, "catalogue": list(self.catalogue),
                "assumptions": list(self.assumptions), "note": self.note, "items": list(self.items),
                "others": list(self.others),
                "details": self.details()}

    @classmethod
    def from_dict(cls, d: dict) -> Provenance:
        return cls(d["kind"], tuple(d.get("catalogue", ())), tuple(d.get("assumptions", ())), d.get("note", ""))

    def caption_sentence(self) -> str:
        """The sentence a figure's caption ends with: what its values rest on."""
        from .formatting import german_list

        if self.kind == "angenommen" and self.items:
            return (f"Werte angenommen für {german_list([f'„{x}“' for x in self.items])}: Der Text der Studie nennt "
                    "sie nicht; sie stammen aus dem synthetischen Datensatz und beruhen auf Annahmen (siehe Codebuch), "
                    f"nicht auf Befunden. {self._others_sentence()}: Der Datensatz ist auf die Zahlen der Studie "
                    "kalibriert.")
        chosen = (" Wo der Wortlaut der Studie einen Spielraum lässt, ist der genaue Wert darin gewählt."
                  if self.assumptions else "")
        return {
            "studie": "Werte: Zahlen der Studie.",
            "nachgerechnet": "Werte nachgerechnet: Der synthetische Datensatz ist auf die Zahlen der Studie "
                             "kalibriert, die Übereinstimmung ist konstruiert." + chosen,
            "angenommen": "Werte angenommen: Der Text der Studie nennt diese Werte nicht; sie stammen aus dem "
                          "synthetischen Datensatz und beruhen auf Annahmen (siehe Codebuch), nicht auf Befunden.",
            "daten": "Werte aus den Daten berechnet.",
            "einstellung": "",
        }[self.kind]

    def _others_sentence(self) -> str:
        """"Der Wert für „A“ ist nachgerechnet", "Die Werte für „A“ und „B“ sind nachgerechnet"."""
        from .formatting import german_list

        if not self.others:
            return "Die übrigen Werte sind nachgerechnet"
        named = german_list([f"„{x}“" for x in self.others])
        return f"Der Wert für {named} ist nachgerechnet" if len(self.others) == 1 else \
            f"Die Werte für {named} sind nachgerechnet"

    def alt_sentence(self) -> str:
        """The short sentence a figure's alt text ends with."""
        from .formatting import german_list

        if self.kind == "angenommen" and self.items:
            return (f"Angenommene Werte aus synthetischen Daten für {german_list([f'„{x}“' for x in self.items])}, "
                    f"keine Befunde der Studie; {self._others_sentence()[0].lower()}{self._others_sentence()[1:]}.")
        return {
            "studie": "Zahlen der Studie.",
            "nachgerechnet": "Nachgerechnete Werte aus synthetischen Daten.",
            "angenommen": "Angenommene Werte aus synthetischen Daten, keine Befunde der Studie.",
            "daten": "Werte aus den Daten.",
            "einstellung": "",
        }[self.kind]


def calibrated(key: str, assumptions: Iterable[str] = ()) -> Provenance:
    """The provenance of a synthetic value calibrated to catalogue row ``key`` with point values ``assumptions``.

    *nachgerechnet* when the row's wording pins the value (its interval is at most
    :data:`PINNING_WIDTH` points wide or it is exact); *angenommen*, with the row named, when the
    wording leaves a wide range and the point value is the generator's choice.

    Examples
    --------
    >>> calibrated("kmu_aktiv", ["share.kmu_active"]).kind, calibrated("typ_exploitativ", ["share.exploitative"]).kind
    ('nachgerechnet', 'angenommen')
    """
    from . import published

    cat = published.load()
    if key in cat.index:
        lo, hi = float(cat.loc[key, "lower"]), float(cat.loc[key, "upper"])
        if assumptions and hi - lo > PINNING_WIDTH:
            return Provenance.assumed(*assumptions, catalogue=(key,))
    return Provenance.reproduced(key, assumptions=tuple(assumptions))


def _inner(text: str) -> str:
    """Quotation marks inside a quotation become single ones: „Netzwerk ‚Vereinbarkeit im Blick‘“."""
    return str(text).replace("„", "‚").replace("“", "‘")


#: At most this many source lines in a number's tooltip; the rest are counted and left to the reproduction report.
TOOLTIP_LINES = 6


def tooltip_lines(details: Iterable[str]) -> list[str]:
    """The lines of a number's tooltip (the book's marks and the browser form): no repeats, at most six.

    Examples
    --------
    >>> tooltip_lines(["a", "b", "a"])
    ['a', 'b']
    >>> tooltip_lines([str(i) for i in range(8)])[-1]
    '… und 3 weitere Quellen: alle stehen in der Tabelle am Ende des Reproduktionsberichts.'
    """
    lines = list(dict.fromkeys(details))
    if len(lines) <= TOOLTIP_LINES:
        return lines
    rest = len(lines) - (TOOLTIP_LINES - 1)
    return lines[: TOOLTIP_LINES - 1] + [f"… und {rest} weitere Quellen: alle stehen in der Tabelle am Ende des "
                                         "Reproduktionsberichts."]


def legend(kinds: Iterable[str] | None = None) -> list[Kind]:
    """The classes for the book's legend, in order.

    Examples
    --------
    >>> [k.mark for k in legend()]
    ['S', 'N', 'A', 'D', 'B']
    """
    return [KINDS[k] for k in (kinds or KINDS)]
