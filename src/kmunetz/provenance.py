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

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["KINDS", "Kind", "Provenance", "legend", "PINNING_WIDTH", "calibrated", "tooltip_lines", "TOOLTIP_LINES",
           "LEADS", "mark_spans", "is_sentence"]

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

    def details(self, names: bool = False) -> list[str]:
        """German sentences on where the number comes from, all of them, in the order a reader needs them.

        The first sentence says in plain words what kind of number it is (:data:`LEADS`); then the
        sources follow: for an assumed value its assumptions (with their reasons) before the rows of
        the study's catalogue, otherwise the catalogue rows (section, wording, source) first. The
        sentences name no internal ids; ``names=True`` adds the names of the catalogue rows and
        assumptions in backticks (for the reproduction report, not for readers).
        """
        return [line for line, _ in self._sources(names)]

    def tooltip(self) -> list[str]:
        """The lines of the number's tooltip: :meth:`details` cut to :data:`TOOLTIP_LINES` lines.

        The catalogue rows of an assumed value come last and at most :data:`ASSUMED_CATALOGUE_LINES`
        of them are shown; what is left is counted in a plain last line.

        Examples
        --------
        >>> Provenance.study("kmu_beteiligt").tooltip()[0]
        'Diese Zahl nennt die Studie.'
        """
        lines, hidden, seen = [], [], set()
        catalogue_shown = 0
        for line, what in self._sources(False):
            if line in seen:
                continue
            seen.add(line)
            if what == "catalogue" and self.kind == "angenommen":
                catalogue_shown += 1
                if catalogue_shown > ASSUMED_CATALOGUE_LINES:
                    hidden.append(what)
                    continue
            lines.append((line, what))
        while len(lines) + bool(hidden) > TOOLTIP_LINES:
            hidden.insert(0, lines.pop()[1])
        out = [line for line, _ in lines]
        if hidden:
            out.append(_rest_line(hidden))
        return out

    def _sources(self, names: bool) -> list[tuple[str, str]]:
        """(sentence, what) pairs: what is "lead", "note", "catalogue" or "assumption"."""
        from . import published

        def named(line: str, name: str) -> str:
            return f"{line[:-1]} (`{name}`)." if names else line

        lead = LEADS[self.kind]
        if self.kind == "studie" and self.note:
            lead = "Aus Zahlen der Studie abgeleitet."
        out: list[tuple[str, str]] = [(lead, "lead")]
        note = _plain_note(self.note) if self.kind in ("studie", "daten", "einstellung") else ""
        if note:
            out.append((note if note.endswith((".", "!", "?")) else note + ".", "note"))
        cat = published.load()
        charts = published.chart_values()
        assumed = self.kind == "angenommen"
        rows = []
        for key in self.catalogue:
            if key in cat.index:
                r = cat.loc[key]
                section, wording = _inner(r["section"]), _inner(r["wording"])
                source = "" if str(r["source"]) in ("ohne Angabe", "", "<NA>") else str(r["source"])
                if assumed:
                    line = f"Die Studie sagt dazu nur: „{wording}“ (Abschnitt „{section}“)."
                else:
                    line = f"Die Studie, Abschnitt „{section}“: „{wording}“" + (f" (Quelle: {source})." if source
                                                                                else ".")
            elif key in charts.index:
                r = charts.loc[key]
                chart, category, section = _inner(r["chart"]), _inner(r["category"]), _inner(r["section"])
                if assumed:
                    line = (f"Die Studie zeigt den Wert nur in der Abbildung „{chart}“ (Element „{category}“); "
                            "ihr Text nennt ihn nicht.")
                else:
                    line = f"Die Studie, Abbildung „{chart}“, Element „{category}“ (Abschnitt „{section}“)."
            else:
                line = "Eine Zahl der Studie, die im Katalog dieser Ausgabe fehlt."
            rows.append((named(line, key), "catalogue"))
        reasons = []
        if self.assumptions:
            a = published.assumptions()
            prefix = "Für die Übungsdaten festgelegt" if self.kind == "nachgerechnet" else "Annahme"
            for name in self.assumptions:
                if name in a.index:
                    line = f"{prefix}: {a.loc[name, 'reason']}.".replace("..", ".")
                else:
                    line = "Eine Annahme, die in dieser Ausgabe nicht beschrieben ist."
                reasons.append((named(line, name), "assumption"))
        return out + (reasons + rows if assumed else rows + reasons)

    def to_dict(self) -> dict:
        """A JSON-ready description: class, label, mark, sources, the sentences of :meth:`details` and the
        lines of :meth:`tooltip`."""
        return {"kind": self.kind, "label": self.label, "mark": self.mark, "catalogue": list(self.catalogue),
                "assumptions": list(self.assumptions), "note": self.note, "items": list(self.items),
                "others": list(self.others),
                "details": self.details(), "tooltip": self.tooltip()}

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


#: At most this many lines in a number's tooltip (the first plain sentence included); the rest are counted in
#: the last line and left to the reproduction report.
TOOLTIP_LINES = 5

#: At most this many rows of the study's catalogue in the tooltip of an assumed value (after its assumptions).
ASSUMED_CATALOGUE_LINES = 2

#: The first line of every tooltip: one plain sentence on where the number comes from.
LEADS = {
    "studie": "Diese Zahl nennt die Studie.",
    "nachgerechnet": "Aus den Übungsdaten berechnet; sie sind so erzeugt, dass sie diese Zahl der Studie treffen.",
    "angenommen": "Aus den Übungsdaten berechnet; die Studie nennt dafür keine Zahl, der Wert beruht auf "
                  "Annahmen des Buchs.",
    "daten": "Aus der eingelesenen Befragungsdatei berechnet.",
    "einstellung": "Eine Einstellung oder Zählung dieses Buchs, kein Befund.",
}

#: The build's parameters in words, for the tooltip of a setting ("Parameter `confidence` = 0,95").
_PARAMETERS = {"confidence": "Konfidenzniveau", "runs": "Zahl der Durchläufe", "n": "Zahl der Netzwerke",
               "seed": "Startwert des Zufallsgenerators"}


def _plain_note(note: str) -> str:
    """A note as readers see it: a parameter in words, no names of code in backticks.

    Examples
    --------
    >>> _plain_note("Parameter `confidence` = 0,95")
    'Konfidenzniveau dieser Ausgabe: 0,95'
    >>> _plain_note("Zeilen der Annahmen (`data/assumptions.csv`)")
    'Zeilen der Annahmen'
    """
    m = re.fullmatch(r"Parameter `([^`]+)` = (.*)", note.strip())
    if m:
        name, value = m.groups()
        label = _PARAMETERS.get(name, f"Einstellung „{name}“")
        return f"{label} dieser Ausgabe: {value}"
    note = re.sub(r"\s*\(`[^`]*`\)", "", note)  # a name of code in brackets: left out
    return re.sub(r"`([^`]*)`", r"\1", note).strip()


def _rest_line(hidden: list[str]) -> str:
    """The last line of a cut tooltip: what is left out, counted, and where all of it is.

    Examples
    --------
    >>> _rest_line(["assumption"] * 3)
    '… und 3 weitere Annahmen; alle stehen im Reproduktionsbericht.'
    >>> _rest_line(["assumption", "catalogue", "catalogue"])
    '… und eine weitere Annahme und 2 weitere Zahlen der Studie; alle stehen im Reproduktionsbericht.'
    """
    nouns = {"assumption": ("weitere Annahme", "weitere Annahmen"),
             "catalogue": ("weitere Zahl der Studie", "weitere Zahlen der Studie"),
             "note": ("weitere Angabe", "weitere Angaben")}
    counts = {k: hidden.count(k) for k in dict.fromkeys(hidden)}
    parts = []
    for what, n in counts.items():
        one, many = nouns.get(what, ("weitere Quelle", "weitere Quellen"))
        parts.append(f"eine {one}" if n == 1 else f"{n} {many}")
    where = "sie steht" if len(hidden) == 1 else "alle stehen"
    return f"… und {' und '.join(parts)}; {where} im Reproduktionsbericht."


def tooltip_lines(details: Iterable[str]) -> list[str]:
    """Tooltip lines from a list of sentences (as :meth:`Provenance.details`): no repeats, at most :data:`TOOLTIP_LINES`.

    :meth:`Provenance.tooltip` does the same knowing what each sentence is; this is for sentences alone.

    Examples
    --------
    >>> tooltip_lines(["a", "b", "a"])
    ['a', 'b']
    >>> tooltip_lines([str(i) for i in range(8)])[-1]
    '… und 4 weitere Quellen; alle stehen im Reproduktionsbericht.'
    """
    lines = list(dict.fromkeys(details))
    if len(lines) <= TOOLTIP_LINES:
        return lines
    rest = len(lines) - (TOOLTIP_LINES - 1)
    return lines[: TOOLTIP_LINES - 1] + [_rest_line(["source"] * rest)]


# -- where a mark sits in a glued text ----------------------------------------------------------

#: A glued text longer than this (or ending like a sentence) is a sentence: its numbers are marked one by one.
SENTENCE_LENGTH = 60

_SP = "[ \u00a0\u202f]"
_NUMBER_WORDS = "ein|eine|einem|einer|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf"
_WEAK_WORDS = {"ein", "eine", "einem", "einer"}  # also the indefinite article
_FRACTIONS = "Hälften?|Dritteln?|Vierteln?|Fünfteln?|Zehnteln?"
_TOKEN = re.compile(
    rf"""(?<![\w.,−+])(?P<digits>[−+]?(?:\d{{1,3}}(?:\.\d{{3}})+|\d+)(?:,\d+)?)(?!\d)
         (?:(?P<unit>{_SP}?%|{_SP}Prozent(?:punkte?n?)?(?![\w-]))|(?P<compound>-[\w%][\w%-]*))?
       | (?<![\w-])(?P<word>{_NUMBER_WORDS})(?P<fraction>{_SP}+(?:{_FRACTIONS}))?(?![\w-])
       | (?<![\w-])(?P<alone>{_FRACTIONS})(?![\w-])""",
    re.IGNORECASE | re.VERBOSE)
_JOIN = re.compile(rf"{_SP}+(?:bis|von){_SP}+|{_SP}*–{_SP}*", re.IGNORECASE)
_VON = re.compile(rf"{_SP}+von{_SP}+", re.IGNORECASE)


def is_sentence(text: str) -> bool:
    """Whether a glued text is a sentence (it ends with ".", "!" or "?", or is longer than :data:`SENTENCE_LENGTH`).

    Examples
    --------
    >>> is_sentence("fast 90\xa0%"), is_sentence("Das sind 12\xa0%.")
    (False, True)
    """
    t = text.strip().rstrip("\"“”»«‘’)'")
    return t.endswith((".", "!", "?", "…")) or len(text.strip()) > SENTENCE_LENGTH


def _tokens(text: str, sentence: bool) -> list[tuple[int, int]]:
    """The numeric tokens of a text as (start, end), years and indefinite articles left out."""
    found = []
    for m in _TOKEN.finditer(text):
        if m["digits"] and not (m["unit"] or m["compound"]) and re.fullmatch(r"(19|20)\d\d", m["digits"]):
            continue  # a year is a date, not a quantity
        weak = bool(m["word"]) and not m["fraction"] and m["word"].lower() in _WEAK_WORDS
        found.append((m.start(), m.end(), weak))
    strong = [(s, e) for s, e, w in found if not w]
    kept = []
    for i, (s, e, weak) in enumerate(found):
        if not weak:
            kept.append((s, e))
            continue
        # "ein", "eine" … count as a number in "eine von fünf", or in a short text with no other number
        before = i > 0 and not found[i - 1][2] and _VON.fullmatch(text[found[i - 1][1]:s])
        after = i + 1 < len(found) and not found[i + 1][2] and _VON.fullmatch(text[e:found[i + 1][0]])
        if before or after or (not sentence and not strong):
            kept.append((s, e))
    return kept


def mark_spans(text: str, sentence: bool | None = None) -> list[tuple[str, bool]]:
    """Split a glued text into (part, marked) pieces: the mark sits on its numbers only.

    A short value ("fast 90 %", "rund zwei Drittel") is marked from its first number to the end of its
    last one, the words around stay plain. In a sentence (:func:`is_sentence`; ``sentence`` overrides the
    test) each number is marked on its own; numbers joined by "bis", "von" or a dash form one mark
    ("62,3 bis 76,5 %"). Numbers are digits in the German style with an optional "%" or "Prozentpunkte",
    and number words ("drei", "zwei Drittel", "Hälfte"); a year (1900 to 2099, no unit) is no number here.
    A text without numbers is one plain piece. The pieces join to the text again.

    Examples
    --------
    >>> mark_spans("fast 90\xa0%")
    [('fast ', False), ('90\xa0%', True)]
    >>> mark_spans("drei Generationen")
    [('drei', True), (' Generationen', False)]
    >>> mark_spans("KfW Mittelstandspanel 2014")
    [('KfW Mittelstandspanel 2014', False)]
    """
    if not text:
        return []
    sentence = is_sentence(text) if sentence is None else sentence
    tokens = _tokens(text, sentence)
    if not tokens:
        return [(text, False)]
    if sentence:
        groups = [list(tokens[0])]
        for s, e in tokens[1:]:
            gap = text[groups[-1][1]:s]
            alone = _TOKEN.fullmatch(text[s:e])
            if _JOIN.fullmatch(gap) or (alone and alone["alone"] and re.fullmatch(f"{_SP}+", gap)):
                groups[-1][1] = e
            else:
                groups.append([s, e])
    else:
        groups = [[tokens[0][0], tokens[-1][1]]]
    pieces, pos = [], 0
    for s, e in groups:
        pieces += [(text[pos:s], False), (text[s:e], True)]
        pos = e
    pieces.append((text[pos:], False))
    return [(t, m) for t, m in pieces if t]


def legend(kinds: Iterable[str] | None = None) -> list[Kind]:
    """The classes for the book's legend, in order.

    Examples
    --------
    >>> [k.mark for k in legend()]
    ['S', 'N', 'A', 'D', 'B']
    """
    return [KINDS[k] for k in (kinds or KINDS)]
