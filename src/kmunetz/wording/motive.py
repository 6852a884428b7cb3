"""German sentences for the chapters on why KMU take part and on what networks and KMU know of each other.

The chapters ``motive`` and ``verstaendnis`` recompute in their analysis layer what the study states
as grouped shares ("oft oder sehr oft", "selten oder nie") and as the expert panel's agreement. What
these data show, and where it comes from, depends on the data, so the sentences are built here, once:

- :func:`levels_origin_sentence`: where the split of a grouped answer into its single levels comes from;
- :func:`overlap_sentence`: whether two intervals overlap, touch or lie apart;
- :func:`panel_majority_sentence`: whether a thesis finds a majority in these data, as in the study.

The provenance ``kind`` is a :class:`~kmunetz.provenance.Provenance` kind ("nachgerechnet",
"angenommen", "daten", ...), as in :func:`kmunetz.wording.origin_sentence`.

Examples
--------
>>> levels_origin_sentence("daten")
'Die Verteilung auf die einzelnen Stufen ist aus der Befragungsdatei berechnet.'
>>> overlap_sentence((0.85, 0.96), (0.41, 0.59))
'Die beiden Intervalle überlappen sich nicht.'
"""

from __future__ import annotations

from collections.abc import Sequence

from ..provenance import KINDS
from . import quoted_list

__all__ = ["levels_origin_sentence", "overlap_sentence", "panel_majority_sentence"]


def _check_kind(name: str, kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"{name}: unknown provenance kind {kind!r}; expected one of {', '.join(KINDS)}")


def levels_origin_sentence(kind: str, groups: Sequence[str] = ()) -> str:
    """Where the split of a grouped answer into its single levels comes from.

    The study states only grouped shares of a five-level answer ("oft oder sehr oft"). With a
    survey file the single levels are a finding of the file; the synthetic survey assumes how the
    grouped shares split into the levels.

    Parameters
    ----------
    kind : str
        The provenance kind of the levels' shares (``"daten"`` for a survey file).
    groups : sequence of str, optional
        The groupings the study states, named in the sentence for synthetic data.

    Returns
    -------
    str
        One German sentence.

    Examples
    --------
    >>> s = levels_origin_sentence("angenommen", ["oft oder sehr oft", "selten oder nie"])
    >>> print(s.replace("; ", ";\\n"))
    Die Studie nennt nur zusammengefasste Anteile („oft oder sehr oft“ und „selten oder nie“);
    wie sie sich auf die einzelnen Stufen verteilen, ist in den Übungsdaten angenommen.
    >>> print(levels_origin_sentence("angenommen", ["oft oder sehr oft"]).replace("; ", ";\\n"))
    Die Studie nennt nur den zusammengefassten Anteil („oft oder sehr oft“);
    wie er sich auf die einzelnen Stufen verteilt, ist in den Übungsdaten angenommen.
    >>> print(levels_origin_sentence("angenommen"))
    Die Studie nennt nur zusammengefasste Anteile; wie sie sich auf die einzelnen Stufen verteilen, ist in den Übungsdaten angenommen.
    """
    _check_kind("levels_origin_sentence", kind)
    if kind == "daten":
        return "Die Verteilung auf die einzelnen Stufen ist aus der Befragungsdatei berechnet."
    named = f" ({quoted_list(groups)})" if groups else ""
    if len(groups) == 1:
        return (f"Die Studie nennt nur den zusammengefassten Anteil{named}; wie er sich auf die einzelnen Stufen "
                "verteilt, ist in den Übungsdaten angenommen.")
    return (f"Die Studie nennt nur zusammengefasste Anteile{named}; wie sie sich auf die einzelnen Stufen "
            "verteilen, ist in den Übungsdaten angenommen.")


def overlap_sentence(first: tuple[float, float], second: tuple[float, float]) -> str:
    """Whether two intervals (lower, upper) overlap, touch at one end or lie apart.

    Parameters
    ----------
    first, second : tuple of float
        The intervals' lower and upper ends, on the same scale.

    Returns
    -------
    str
        One German sentence.

    Examples
    --------
    >>> overlap_sentence((0.2, 0.5), (0.4, 0.7))
    'Die beiden Intervalle überlappen sich.'
    >>> overlap_sentence((0.2, 0.5), (0.3, 0.4))
    'Die beiden Intervalle überlappen sich: Das eine liegt ganz im anderen.'
    >>> overlap_sentence((20, 40), (40, 60))
    'Die beiden Intervalle berühren sich an einem Ende.'
    >>> overlap_sentence((0.2, 0.5), (0.2, 0.5))
    'Die beiden Intervalle sind gleich.'
    """
    (a_lo, a_hi), (b_lo, b_hi) = (tuple(map(float, first)), tuple(map(float, second)))
    for lo, hi in ((a_lo, a_hi), (b_lo, b_hi)):
        if lo != lo or hi != hi:
            raise ValueError("overlap_sentence: an interval end is missing (NaN)")
        if lo > hi:
            raise ValueError(f"overlap_sentence: the lower end {lo} lies above the upper end {hi}")
    if a_hi < b_lo or b_hi < a_lo:
        return "Die beiden Intervalle überlappen sich nicht."
    if (a_lo, a_hi) == (b_lo, b_hi):
        return "Die beiden Intervalle sind gleich."
    if (a_hi == b_lo and a_lo < b_lo) or (b_hi == a_lo and b_lo < a_lo):
        return "Die beiden Intervalle berühren sich an einem Ende."
    if (a_lo <= b_lo and b_hi <= a_hi) or (b_lo <= a_lo and a_hi <= b_hi):
        return "Die beiden Intervalle überlappen sich: Das eine liegt ganz im anderen."
    return "Die beiden Intervalle überlappen sich."


def panel_majority_sentence(share: float) -> str:
    """Whether a thesis the study calls a majority view finds a majority in these data.

    A majority is more than half: exactly one half is none. Where the share comes from (with
    synthetic data the agreement with the study is by construction) is left to the figure's origin
    sentence, :func:`kmunetz.wording.origin_sentence`.

    Parameters
    ----------
    share : float
        The share that agrees (0 to 1).

    Returns
    -------
    str
        One German sentence.

    Examples
    --------
    >>> panel_majority_sentence(0.64)
    'Wie in der Studie stimmt in diesen Daten eine Mehrheit zu.'
    >>> panel_majority_sentence(0.5)
    'In diesen Daten stimmt genau die Hälfte zu; eine Mehrheit wie in der Studie ist das nicht.'
    >>> panel_majority_sentence(0.3)
    'Anders als in der Studie stimmt in diesen Daten keine Mehrheit zu.'
    """
    share = float(share)
    if not 0 <= share <= 1:
        raise ValueError(f"panel_majority_sentence: the share lies between 0 and 1, got {share!r}")
    if share > 0.5:
        return "Wie in der Studie stimmt in diesen Daten eine Mehrheit zu."
    if share == 0.5:
        return "In diesen Daten stimmt genau die Hälfte zu; eine Mehrheit wie in der Studie ist das nicht."
    return "Anders als in der Studie stimmt in diesen Daten keine Mehrheit zu."
