"""German sentences built from values, defined once (chapters compute and glue, they do not compose text).

Every function here returns plain German text for any data: lists ("A, B und C"), singular and
plural, ranges that collapse when both ends are equal, and what a value's provenance allows the
sentence to claim. The chapter-specific sentences live in the submodules (one per topic); what
several chapters share is in this module:

- :func:`layer_state`: the summary, badge and data note of a chapter's analysis layer;
- :func:`base_text`: the base of a set of shares ("je 103 Netzwerke", "101 bis 103 Netzwerke");
- :func:`origin_sentence`: where a figure's values come from (calibrated, assumed or from a file);
- :func:`added_sentence`: which categories the book added to the study's list;
- :func:`rank_sentence`: where one category ranks in these data.

Examples
--------
>>> layer_state(synthetic=True)["badge"]
'Übungsdaten'
>>> base_text([103, 103], "Netzwerk")
'je 103 Netzwerke'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .. import formatting

__all__ = ["layer_state", "base_text", "origin_sentence", "added_sentence", "rank_sentence", "quoted_list",
           "chart_values_sentence"]

#: The title of the analysis layer of every study chapter.
LAYER_TITLE = "Nachrechnen mit Einzeldaten"


def layer_state(synthetic: bool, *, seed: int | None = None, n: int | None = None, file: str | None = None,
                experts_synthetic: bool = True, default_seed: int = 2017, default_n: int = 156) -> dict:
    """What the analysis layer of a chapter shows: open or not, its summary, badge and one data note.

    Parameters
    ----------
    synthetic : bool
        Whether the chapter computes from the synthetic survey (the layer is then collapsed).
    seed, n : int, optional
        The synthetic survey's seed and size; named in the note only when they differ from the defaults.
    file : str, optional
        The name of the survey file (real data).
    experts_synthetic : bool
        Whether the expert panel is still synthetic when the survey is a file.

    Returns
    -------
    dict
        ``open`` (bool), ``synthetic`` (bool), ``summary``, ``badge`` and ``note`` (German text).

    Examples
    --------
    >>> s = layer_state(True, seed=7, n=40)
    >>> s["open"], "anderen Einstellungen" in s["note"], any(c.isdigit() for c in s["note"])
    (False, True, False)
    >>> r = layer_state(False, file="befragung.csv")
    >>> r["open"], r["badge"], "befragung.csv" in r["note"]
    (True, 'aus Ihrer Datei', True)
    """
    if synthetic:
        note = ("Die Einzeldaten der Befragung sind nicht öffentlich. Dieser Teil rechnet deshalb mit Übungsdaten, "
                "die das Buch selbst erzeugt: Sie treffen die Zahlen, die die Studie nennt, weil sie so gebaut "
                "sind, und alles Übrige darin ist angenommen. Befunde über echte Netzwerke sind das nicht; echt "
                "sind die Rechenwege, die mit einer echten Befragungsdatei unverändert gelten.")
        if (seed is not None and seed != default_seed) or (n is not None and n != default_n):
            # the settings themselves are listed at the end of the page ("Herkunft dieser Seite")
            note += " Diese Ausgabe erzeugt sie mit anderen Einstellungen neu; welche, steht am Ende der Seite."
        return {"open": False, "synthetic": True, "summary": LAYER_TITLE, "badge": "Übungsdaten", "note": note}
    note = f"Dieser Teil rechnet mit der Befragungsdatei „{file or 'eigene Datei'}“; seine Zahlen sind Befunde aus ihr."
    if experts_synthetic:
        note += " Die Werte des Expertenpanels sind dagegen weiter Übungsdaten."
    return {"open": True, "synthetic": False, "summary": LAYER_TITLE, "badge": "aus Ihrer Datei", "note": note}


def base_text(bases: Iterable[float], singular: str, plural: str | None = None) -> str:
    """The base of several shares: "je 103 Netzwerke" when all are equal, else "101 bis 103 Netzwerke".

    Examples
    --------
    >>> base_text([110, 104, 110], "Netzwerk"), base_text([1], "Bewertung")
    ('104 bis 110 Netzwerke', 'je 1 Bewertung')
    """
    values = [int(formatting.round_half_up(b)) for b in bases]
    if not values:
        raise ValueError("base_text needs at least one base")
    lo, hi = min(values), max(values)
    if lo == hi:
        return "je " + formatting.count(lo, singular, plural)
    return f"{formatting.integer(lo)} bis {formatting.count(hi, singular, plural)}"


def quoted_list(labels: Iterable[str]) -> str:
    """Labels in German quotation marks, joined as a list: „A“, „B“ und „C“.

    Examples
    --------
    >>> quoted_list(["Bildung", "Integration"])
    '„Bildung“ und „Integration“'
    """
    return formatting.german_list([f"„{x}“" for x in labels])


def origin_sentence(labels: Sequence[str], kinds: Sequence[str]) -> str:
    """Where the values of a figure come from, given each element's label and provenance kind.

    ``kinds`` holds :class:`~kmunetz.provenance.Provenance` kinds ("nachgerechnet", "angenommen",
    "daten", ...), one per label.

    Examples
    --------
    >>> origin_sentence(["A", "B", "C"], ["nachgerechnet", "angenommen", "angenommen"])
    'Der Wert für „A“ trifft die Zahl der Studie, weil die Übungsdaten so gebaut sind; die übrigen Werte sind angenommen.'
    >>> origin_sentence(["A", "B"], ["angenommen", "angenommen"])
    'Alle Werte sind angenommen: Die Studie nennt sie in ihrer Abbildung, der Text, auf dem dieses Buch beruht, aber nicht.'
    >>> origin_sentence(["A", "B"], ["daten", "daten"])
    'Alle Werte sind aus der Befragungsdatei berechnet.'
    >>> origin_sentence(["A", "B"], ["nachgerechnet", "nachgerechnet"])
    'Die Werte für „A“ und „B“ treffen die Zahlen der Studie, weil die Übungsdaten so gebaut sind.'
    """
    if len(labels) != len(kinds):
        raise ValueError(f"origin_sentence: {len(labels)} labels but {len(kinds)} kinds")
    if not labels:
        raise ValueError("origin_sentence needs at least one element")
    if all(k == "daten" for k in kinds):
        return "Alle Werte sind aus der Befragungsdatei berechnet."
    calibrated = [lab for lab, k in zip(labels, kinds) if k == "nachgerechnet"]
    assumed = [lab for lab, k in zip(labels, kinds) if k == "angenommen"]
    if not calibrated:
        return ("Alle Werte sind angenommen: Die Studie nennt sie in ihrer Abbildung, der Text, auf dem dieses Buch "
                "beruht, aber nicht.")
    head = (f"Der Wert für {quoted_list(calibrated)} trifft die Zahl der Studie" if len(calibrated) == 1 else
            f"Die Werte für {quoted_list(calibrated)} treffen die Zahlen der Studie")
    head += ", weil die Übungsdaten so gebaut sind"
    if assumed:
        return head + ("; der übrige Wert ist angenommen." if len(assumed) == 1 else "; die übrigen Werte sind angenommen.")
    return head + "."


#: Nouns of the categories of the study's lists, with the pronoun that refers back to them.
_PRONOUN = {"Hürde": "sie", "Vorzug": "ihn", "Weg": "ihn", "Motiv": "es", "These": "sie", "Handlungsfeld": "es",
            "Zielgruppe": "sie", "Thema": "es"}
_PLURAL = {"Hürde": "Hürden", "Vorzug": "Vorzüge", "Weg": "Wege", "Motiv": "Motive", "These": "Thesen",
           "Handlungsfeld": "Handlungsfelder", "Zielgruppe": "Zielgruppen", "Thema": "Themen"}
_ARTICLE = {"sie": "Die", "ihn": "Den", "es": "Das"}


def added_sentence(labels: Sequence[str], noun: str) -> str:
    """Which categories the book added to the study's list (empty text when none).

    Examples
    --------
    >>> added_sentence(["Kosten"], "Hürde")
    'Die Hürde „Kosten“ nennt der Text der Studie nicht; das Buch hat sie für Übungen ergänzt.'
    >>> added_sentence(["Kosten", "Zeit"], "Vorzug")
    'Die Vorzüge „Kosten“ und „Zeit“ nennt der Text der Studie nicht; das Buch hat sie für Übungen ergänzt.'
    >>> added_sentence([], "Hürde")
    ''
    """
    if noun not in _PRONOUN:
        raise ValueError(f"added_sentence: unknown noun {noun!r}; expected one of {', '.join(_PRONOUN)}")
    if not labels:
        return ""
    if len(labels) == 1:
        pronoun = _PRONOUN[noun]
        return (f"{_ARTICLE[pronoun]} {noun} {quoted_list(labels)} nennt der Text der Studie nicht; das Buch hat "
                f"{pronoun} für Übungen ergänzt.")
    return (f"Die {_PLURAL[noun]} {quoted_list(labels)} nennt der Text der Studie nicht; das Buch hat sie für "
            "Übungen ergänzt.")


def rank_sentence(rank: int, noun: str) -> str:
    """Where a category ranks in these data: first, or "an 3. Stelle".

    Examples
    --------
    >>> rank_sentence(1, "Hürde"), rank_sentence(3, "Vorzug")
    ('In diesen Daten ist das die am häufigsten genannte Hürde.', 'In diesen Daten steht dieser Vorzug an 3. Stelle.')
    """
    if noun not in _PRONOUN:
        raise ValueError(f"rank_sentence: unknown noun {noun!r}; expected one of {', '.join(_PRONOUN)}")
    if rank < 1:
        raise ValueError(f"rank_sentence: rank must be 1 or more, got {rank}")
    article = {"sie": ("die", "diese"), "ihn": ("der", "dieser"), "es": ("das", "dieses")}[_PRONOUN[noun]]
    if rank == 1:
        ending = {"die": "e", "der": "e", "das": "e"}[article[0]]
        return f"In diesen Daten ist das {article[0]} am häufigsten genannt{ending} {noun}."
    return f"In diesen Daten steht {article[1]} {noun} an {int(rank)}. Stelle."


#: Where the values of a study chart are missing: the text version of the study the book is built from.
MISSING_CHART_VALUES = ("Die genauen Werte zeigt die Studie in einer Abbildung ihres PDF; in der Textfassung, auf der "
                        "dieses Buch beruht, fehlen sie.")


def chart_values_sentence(typed: int, total: int, shown: str = "in der Abbildung weiter unten") -> str:
    """Whether the values of one of the study's charts are at hand (typed into the book's chart values).

    The study shows the values in a chart of its PDF; the text version this book is built from lost
    them, and anyone may type them in (``data/published/chart_values.csv``). Once typed, they are the
    study's numbers and the page shows them ``shown``.

    Parameters
    ----------
    typed : int
        How many of the chart's values are typed in.
    total : int
        How many values the chart has (at least one).
    shown : str
        Where the page shows typed values, as the end of "Die Werte … stehen …".

    Returns
    -------
    str
        One sentence, without numbers.

    Examples
    --------
    >>> chart_values_sentence(0, 3) == MISSING_CHART_VALUES
    True
    >>> chart_values_sentence(3, 3)
    'Die Werte dieser Abbildung der Studie stehen in der Abbildung weiter unten.'
    >>> print(chart_values_sentence(1, 11, shown="in der Tabelle unter dieser Zeile"))  # doctest: +NORMALIZE_WHITESPACE
    Von den Werten dieser Abbildung der Studie stehen einige in der Tabelle unter dieser Zeile; die übrigen fehlen
    in der Textfassung, auf der dieses Buch beruht.
    """
    typed, total = int(typed), int(total)
    if total < 1 or not 0 <= typed <= total:
        raise ValueError(f"chart_values_sentence: expected 0 <= typed <= total and total >= 1, got typed={typed}, "
                         f"total={total}")
    if typed == 0:
        return MISSING_CHART_VALUES
    if typed == total:
        return f"Die Werte dieser Abbildung der Studie stehen {shown}."
    return (f"Von den Werten dieser Abbildung der Studie stehen einige {shown}; die übrigen fehlen in der Textfassung, "
            "auf der dieses Buch beruht.")
