"""German sentences for the chapters on network types, the role of KMU and how to approach them.

The chapters ``typen``, ``rolle-der-kmu`` and ``ansprache`` recompute in their analysis layer what
the study states only in words ("überwiegend", "persönliche Ansprache ist der beste Weg"). What
these data show depends on the data and on where the values come from, so the sentences are built
here, once:

- :func:`majority_sentence`: whether the shares of these data lie above half (the study's "überwiegend");
- :func:`joint_origin_sentence`: where a share of several features at once comes from;
- :func:`ranking_sentence`: whether the order of these data is the study's (first and last category);
- :func:`added_origin_sentence`: where the values of categories the book chose come from.

The provenance ``kinds`` are :class:`~kmunetz.provenance.Provenance` kinds ("nachgerechnet",
"angenommen", "daten", ...), as in :func:`kmunetz.wording.origin_sentence`.

Examples
--------
>>> majority_sentence(["A", "B"], [0.7, 0.6], ["daten", "daten"])
'In diesen Daten liegen beide Anteile über der Hälfte.'
>>> ranking_sentence(["A", "B", "C"], first="A", last="C", kinds=["daten"] * 3)
'In diesen Daten ist die Reihenfolge so, wie die Studie sie beschreibt: „A“ liegt vorn, „C“ hinten.'
"""

from __future__ import annotations

from collections.abc import Sequence

from . import quoted_list

__all__ = ["majority_sentence", "joint_origin_sentence", "ranking_sentence", "added_origin_sentence"]


def _check_lengths(name: str, labels: Sequence, other: Sequence, what: str) -> None:
    if len(labels) != len(other):
        raise ValueError(f"{name}: {len(labels)} labels but {len(other)} {what}")
    if not labels:
        raise ValueError(f"{name} needs at least one element")


def majority_sentence(labels: Sequence[str], shares: Sequence[float], kinds: Sequence[str]) -> str:
    """Whether each share of these data lies above half, the study's "überwiegend".

    "Überwiegend" means more than half: a share of exactly one half is not above it. With real data
    (every kind "daten") the sentence states a finding; otherwise it adds that the synthetic data
    were built so, since an assumed value cannot confirm (or question) the study.

    Parameters
    ----------
    labels : sequence of str
        The categories' labels, in the order of the figure.
    shares : sequence of float
        Their shares (0 to 1).
    kinds : sequence of str
        Each share's provenance kind.

    Returns
    -------
    str
        One or two German sentences.

    Examples
    --------
    >>> print(majority_sentence(["A", "B", "C"], [0.7, 0.6, 0.58], ["angenommen"] * 3).replace(". ", ".\\n"))
    In diesen Daten liegen alle Anteile über der Hälfte, so wie es die Studie sagt.
    Das ist so gebaut: Die Übungsdaten sollen die Aussagen der Studie treffen.
    >>> majority_sentence(["A"], [0.55], ["daten"])
    'In diesen Daten liegt der Anteil für „A“ über der Hälfte.'
    >>> majority_sentence(["A", "B", "C"], [0.7, 0.5, 0.45], ["daten"] * 3)
    'In diesen Daten liegt der Anteil für „A“ über der Hälfte, die Anteile für „B“ und „C“ nicht.'
    >>> majority_sentence(["A", "B"], [0.4, 0.3], ["daten"] * 2)
    'In diesen Daten liegt keiner der Anteile über der Hälfte.'
    """
    _check_lengths("majority_sentence", labels, shares, "shares")
    _check_lengths("majority_sentence", labels, kinds, "kinds")
    for s in shares:
        if not 0 <= float(s) <= 1:
            raise ValueError(f"majority_sentence: shares lie between 0 and 1, got {s!r}")
    above = [lab for lab, s in zip(labels, shares) if float(s) > 0.5]
    below = [lab for lab, s in zip(labels, shares) if float(s) <= 0.5]
    real = all(k == "daten" for k in kinds)
    if not below:
        if len(labels) == 1:
            text = f"In diesen Daten liegt der Anteil für {quoted_list(labels)} über der Hälfte"
        else:
            text = f"In diesen Daten liegen {'beide' if len(labels) == 2 else 'alle'} Anteile über der Hälfte"
        if real:
            return text + "."
        return (text + ", so wie es die Studie sagt. Das ist so gebaut: Die Übungsdaten sollen die Aussagen der "
                "Studie treffen.")
    if not above:
        if len(labels) == 1:
            return f"In diesen Daten liegt der Anteil für {quoted_list(labels)} nicht über der Hälfte."
        return "In diesen Daten liegt keiner der Anteile über der Hälfte."
    head = (f"der Anteil für {quoted_list(above)} über der Hälfte" if len(above) == 1 else
            f"die Anteile für {quoted_list(above)} über der Hälfte")
    tail = f"der für {quoted_list(below)} nicht" if len(below) == 1 else f"die Anteile für {quoted_list(below)} nicht"
    verb = "liegt" if len(above) == 1 else "liegen"
    return f"In diesen Daten {verb} {head}, {tail}."


def joint_origin_sentence(kind: str) -> str:
    """Where a share of several features at once comes from (the share itself is glued on its own).

    The study's text gives no such share. With real data it is a finding of the file; the synthetic
    survey draws the features independently of each other, so the share follows from that alone.

    Parameters
    ----------
    kind : str
        The provenance kind of the share: "daten" or "angenommen".

    Examples
    --------
    >>> joint_origin_sentence("daten")
    'Der Text der Studie nennt diesen Anteil nicht; er ist aus der Befragungsdatei berechnet.'
    >>> print(joint_origin_sentence("angenommen").replace(". ", ".\\n"))
    Der Text der Studie nennt diesen Anteil nicht.
    Die Übungsdaten erzeugen die Merkmale unabhängig voneinander; der Anteil folgt allein aus dieser Annahme.
    """
    if kind == "daten":
        return "Der Text der Studie nennt diesen Anteil nicht; er ist aus der Befragungsdatei berechnet."
    if kind == "angenommen":
        return ("Der Text der Studie nennt diesen Anteil nicht. Die Übungsdaten erzeugen die Merkmale unabhängig "
                "voneinander; der Anteil folgt allein aus dieser Annahme.")
    raise ValueError(f"joint_origin_sentence: a share of several features is 'daten' or 'angenommen', got {kind!r}")


def ranking_sentence(labels: Sequence[str], first: str, last: str, kinds: Sequence[str]) -> str:
    """Whether the order of these data is the one the study describes: ``first`` in front, ``last`` at the end.

    Parameters
    ----------
    labels : sequence of str
        The categories in the order of these data (largest share first); at least two.
    first, last : str
        The labels the study puts first and last.
    kinds : sequence of str
        Each category's provenance kind. With real data ("daten") the sentence states a finding;
        otherwise it says that the assumed values follow the study's assessment.

    Examples
    --------
    >>> ranking_sentence(["A", "B", "C"], first="A", last="C", kinds=["angenommen"] * 3)
    'Dass „A“ vorn und „C“ hinten liegt, ist in den Übungsdaten so gebaut: Ihre angenommenen Werte folgen der Einschätzung der Studie.'
    >>> ranking_sentence(["B", "A", "C"], first="A", last="C", kinds=["daten"] * 3)
    'In diesen Daten weicht die Reihenfolge von der Einschätzung der Studie ab: Vorn liegt „B“, hinten „C“.'
    >>> ranking_sentence(["B", "A", "C"], first="A", last="C", kinds=["angenommen"] * 3)
    'Die angenommenen Werte der Übungsdaten folgen der Einschätzung der Studie; in dieser Stichprobe liegt aber „B“ vorn und „C“ hinten.'
    """
    _check_lengths("ranking_sentence", labels, kinds, "kinds")
    if len(labels) < 2:
        raise ValueError("ranking_sentence needs at least two categories")
    if first not in labels or last not in labels or first == last:
        raise ValueError(f"ranking_sentence: {first!r} and {last!r} must be two of the labels")
    top, bottom = quoted_list([labels[0]]), quoted_list([labels[-1]])
    agrees = labels[0] == first and labels[-1] == last
    if all(k == "daten" for k in kinds):
        if agrees:
            return f"In diesen Daten ist die Reihenfolge so, wie die Studie sie beschreibt: {top} liegt vorn, {bottom} hinten."
        return (f"In diesen Daten weicht die Reihenfolge von der Einschätzung der Studie ab: Vorn liegt {top}, "
                f"hinten {bottom}.")
    if agrees:
        return (f"Dass {top} vorn und {bottom} hinten liegt, ist in den Übungsdaten so gebaut: Ihre angenommenen "
                "Werte folgen der Einschätzung der Studie.")
    return ("Die angenommenen Werte der Übungsdaten folgen der Einschätzung der Studie; in dieser Stichprobe liegt "
            f"aber {top} vorn und {bottom} hinten.")


def added_origin_sentence(kinds: Sequence[str]) -> str:
    """Where the values of categories the book chose come from (the study's text names none of them).

    Unlike :func:`kmunetz.wording.origin_sentence` this does not say that the study's chart shows the
    values: the categories are the book's, the study's chart may have others.

    Examples
    --------
    >>> added_origin_sentence(["angenommen", "angenommen"])
    'Die Kategorien hat das Buch gewählt, ihre Werte sind angenommen.'
    >>> added_origin_sentence(["daten"])
    'Die Kategorien hat das Buch gewählt; die Werte sind aus der Befragungsdatei berechnet.'
    """
    if not kinds:
        raise ValueError("added_origin_sentence needs at least one element")
    if all(k == "daten" for k in kinds):
        return "Die Kategorien hat das Buch gewählt; die Werte sind aus der Befragungsdatei berechnet."
    return "Die Kategorien hat das Buch gewählt, ihre Werte sind angenommen."
