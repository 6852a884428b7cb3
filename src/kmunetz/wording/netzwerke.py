"""German sentences for the chapters on applicants, the challenge for KMU and what marks the networks.

The chapter ``bewerberlage`` compares the study's applicants per vacancy of small and large firms;
the chapter ``netzwerke`` names the study's fields and target groups in its reading line and
recomputes its shares in the analysis layer. What these texts say depends on the numbers (a
catalogue given as a parameter, a real survey file, typed chart values), so the sentences are
built here, once:

- :func:`times_phrase`: how many times as many ("gut 3-mal so viele", "etwa gleich viele");
- :func:`majority_interval_sentence`: whether "mehr als die Hälfte" holds in these data, interval included;
- :func:`unstated_origin_sentence`: where shares come from that the study's text does not state at all;
- :func:`spread_sentence`: what the spread of a count in these data rests on;

The provenance ``kinds`` are :class:`~kmunetz.provenance.Provenance` kinds ("nachgerechnet",
"angenommen", "daten", ...), as in :func:`kmunetz.wording.origin_sentence`.

Examples
--------
>>> times_phrase(32 / 10), times_phrase(12 / 3)
('gut 3-mal so viele', 'etwa 4-mal so viele')
>>> majority_interval_sentence(0.58, 0.51, 0.65).split(":")[0]
'Auch die untere Grenze des Intervalls liegt über der Hälfte'
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .. import formatting
from . import origin_sentence

__all__ = ["times_phrase", "majority_interval_sentence", "unstated_origin_sentence",
           "spread_sentence"]

#: How far a ratio may lie from a whole number and still be "etwa" that number.
_NEAR = 0.1


def times_phrase(ratio: float) -> str:
    """How many times as many, in words for a sentence "A hat … Bewerber wie B".

    The ratio of two rounded numbers is itself only approximate, so the phrase names the nearest
    whole number with "etwa" (within 0,1 of it), "gut" (above it) or "knapp" (below it). Ratios near 1
    become "etwa gleich viele", ratios below 1,75 keep one decimal ("etwa 1,3-mal"), ratios below 0,9
    read "nur etwa 0,5-mal so viele".

    Parameters
    ----------
    ratio : float
        The first number divided by the second (positive).

    Returns
    -------
    str
        A phrase that ends in "so viele" or "gleich viele" (the sentence continues with "wie").

    Examples
    --------
    >>> times_phrase(3.2), times_phrase(4.0), times_phrase(2.8)
    ('gut 3-mal so viele', 'etwa 4-mal so viele', 'knapp 3-mal so viele')
    >>> times_phrase(1.04), times_phrase(1.3), times_phrase(0.5)
    ('etwa gleich viele', 'etwa 1,3-mal so viele', 'nur etwa 0,5-mal so viele')
    >>> times_phrase(3.5), times_phrase(3.1), times_phrase(15.05)
    ('knapp 4-mal so viele', 'etwa 3-mal so viele', 'etwa 15-mal so viele')
    """
    r = float(ratio)
    if math.isnan(r) or r <= 0 or math.isinf(r):
        raise ValueError(f"times_phrase: the ratio must be a positive number, got {ratio!r}")
    if abs(r - 1) <= _NEAR + 1e-9:
        return "etwa gleich viele"
    if r < 1:
        return f"nur etwa {formatting.number(r, 1)}-mal so viele"
    if r < 1.75:
        return f"etwa {formatting.number(r, 1)}-mal so viele"
    whole = int(formatting.round_half_up(r))
    diff = r - whole
    qualifier = "etwa" if abs(diff) <= _NEAR + 1e-9 else ("gut" if diff > 0 else "knapp")
    return f"{qualifier} {formatting.integer(whole)}-mal so viele"




def majority_interval_sentence(share: float, lower: float, upper: float) -> str:
    """Whether the study's "mehr als die Hälfte" holds in these data, its sampling interval included.

    "Mehr als die Hälfte" means above one half: a share or bound of exactly one half is not above it.

    Parameters
    ----------
    share, lower, upper : float
        The share computed here and the ends of its confidence interval (0 to 1).

    Returns
    -------
    str
        One German sentence, without numbers (the chapter glues share, interval and base itself).

    Examples
    --------
    >>> print(majority_interval_sentence(0.58, 0.498, 0.65).replace(": ", ":\\n"))
    Die untere Grenze des Intervalls liegt aber nicht über der Hälfte:
    Allein wegen der Stichprobenunsicherheit ist „mehr als die Hälfte“ hier nicht gesichert.
    >>> majority_interval_sentence(0.45, 0.37, 0.53)
    'Anders als in der Studie ist das in diesen Daten nicht mehr als die Hälfte.'
    """
    values = [float(share), float(lower), float(upper)]
    if any(math.isnan(v) or not 0 <= v <= 1 for v in values):
        raise ValueError(f"majority_interval_sentence: share and bounds lie between 0 and 1, got {values}")
    share, lower, upper = values
    if not lower <= share <= upper:
        raise ValueError(f"majority_interval_sentence: the share {share} lies outside its interval [{lower}, {upper}]")
    if share <= 0.5:
        return "Anders als in der Studie ist das in diesen Daten nicht mehr als die Hälfte."
    if lower > 0.5:
        return ("Auch die untere Grenze des Intervalls liegt über der Hälfte: Die Aussage „mehr als die Hälfte“ hält "
                "also auch der Stichprobenunsicherheit stand.")
    return ("Die untere Grenze des Intervalls liegt aber nicht über der Hälfte: Allein wegen der "
            "Stichprobenunsicherheit ist „mehr als die Hälfte“ hier nicht gesichert.")


def unstated_origin_sentence(labels: Sequence[str], kinds: Sequence[str]) -> str:
    """Where the shares of categories come from that the study names but gives no values for, not even in a chart.

    :func:`kmunetz.wording.origin_sentence` says of assumed values that the study shows them in a
    chart; for a list the study's text only names (such as the most frequent target groups) that is
    not known, so this sentence says only what the text lacks.

    Examples
    --------
    >>> unstated_origin_sentence(["A", "B"], ["angenommen", "angenommen"])
    'Anteile nennt der Text der Studie hierzu nicht; alle Werte sind angenommen.'
    >>> unstated_origin_sentence(["A"], ["angenommen"])
    'Einen Anteil nennt der Text der Studie hierzu nicht; der Wert ist angenommen.'
    >>> unstated_origin_sentence(["A", "B"], ["daten", "daten"])
    'Alle Werte sind aus der Befragungsdatei berechnet.'
    """
    if len(labels) != len(kinds):
        raise ValueError(f"unstated_origin_sentence: {len(labels)} labels but {len(kinds)} kinds")
    if not labels:
        raise ValueError("unstated_origin_sentence needs at least one element")
    if all(k == "angenommen" for k in kinds):
        if len(labels) == 1:
            return "Einen Anteil nennt der Text der Studie hierzu nicht; der Wert ist angenommen."
        return "Anteile nennt der Text der Studie hierzu nicht; alle Werte sind angenommen."
    return origin_sentence(labels, kinds)


def spread_sentence(kind: str, what: str = "die Zahl der Partner") -> str:
    """What the spread of a count in these data rests on: an assumption of the synthetic data, or the data.

    The study states a mean and that the spread is large; how the values spread around the mean is
    not in its text, so the synthetic data assume it (a few large networks and many smaller ones).

    Parameters
    ----------
    kind : str
        The provenance kind of the spread ("angenommen" for the synthetic data, "daten" for a file).
    what : str
        What is counted, as it fits after "wie sich" ... "verteilt".

    Examples
    --------
    >>> spread_sentence("daten")
    'Die folgenden Kennzahlen beschreiben, wie sich die Zahl der Partner in der Befragungsdatei verteilt.'
    >>> spread_sentence("angenommen").startswith("Wie sich die Zahl der Partner verteilt, sagt der Text der Studie nicht")
    True
    """
    if kind == "daten":
        return f"Die folgenden Kennzahlen beschreiben, wie sich {what} in der Befragungsdatei verteilt."
    if kind == "angenommen":
        return (f"Wie sich {what} verteilt, sagt der Text der Studie nicht. In den Übungsdaten ist die Verteilung "
                "angenommen: wenige große Netzwerke und viele kleinere. Die folgenden Kennzahlen beschreiben "
                "diese Annahme, keine echten Netzwerke.")
    raise ValueError(f"spread_sentence: kind must be 'angenommen' or 'daten', got {kind!r}")
