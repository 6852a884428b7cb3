"""German sentences for the chapters on the study's design, practice examples and recommendations.

The chapter on the study's design (``methodik``) reads one thing off the study's own numbers: a
share the study states in whole percent fits only some numbers of ratings. If the expert panel's
shares cannot come from a vote of every participant, they rest on fewer ratings. This module finds
those numbers and says so in German:

- :func:`possible_bases`: every number of ratings (up to a limit) that a rounded share allows;
- :func:`largest_base`: the largest of them;
- :func:`panel_fit_sentence`: whether the panel's shares fit a vote of every participant;
- :func:`largest_bases_sentence`: the largest number of ratings each share allows.

Examples
--------
>>> largest_base(96, 34)
28
>>> panel_fit_sentence([False, False])
'Keiner von ihnen tut das: Die Anteile beruhen also auf weniger Bewertungen. Vermutlich hat nicht jede Person jede These bewertet.'
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import formatting

__all__ = ["possible_bases", "largest_base", "panel_fit_sentence", "largest_bases_sentence"]


def _fits(percent: float, n: int, decimals: int) -> bool:
    """Whether some whole count k of n ratings gives ``percent`` after rounding half up."""
    target = formatting.round_half_up(percent, decimals)
    guess = int(round(percent / 100 * n))
    return any(0 <= k <= n and formatting.round_half_up(100 * k / n, decimals) == target
               for k in (guess - 1, guess, guess + 1))


def possible_bases(percent: float, up_to: int, decimals: int = 0) -> list[int]:
    """Every number of ratings n (1 to ``up_to``) for which a whole count k gives ``percent``.

    A share stated as "96 %" is k/n rounded half up to ``decimals`` digits; only some n allow it.

    Parameters
    ----------
    percent : float
        The share as stated, in percent (0 to 100).
    up_to : int
        The largest number of ratings to consider (for example, the number of participants).
    decimals : int
        The digits after the comma the share is stated with.

    Returns
    -------
    list of int
        The numbers of ratings that allow the share, in increasing order (empty when none does).

    Examples
    --------
    >>> possible_bases(96, 34)
    [23, 24, 25, 26, 27, 28]
    >>> possible_bases(80, 34)
    [5, 10, 15, 20, 25, 30]
    >>> possible_bases(100, 3)
    [1, 2, 3]
    >>> possible_bases(33.3, 10, decimals=1)
    [3, 6, 9]
    """
    p = float(percent)
    if not 0 <= p <= 100:
        raise ValueError(f"possible_bases: percent must lie between 0 and 100, got {percent!r}")
    if int(up_to) < 1:
        raise ValueError(f"possible_bases: up_to must be 1 or more, got {up_to!r}")
    return [n for n in range(1, int(up_to) + 1) if _fits(p, n, decimals)]


def largest_base(percent: float, up_to: int, decimals: int = 0) -> int | None:
    """The largest number of ratings (up to ``up_to``) that allows ``percent``; None when none does.

    Examples
    --------
    >>> largest_base(96, 34), largest_base(64, 34), largest_base(50, 34)
    (28, 33, 34)
    >>> largest_base(50, 1) is None
    True
    """
    bases = possible_bases(percent, up_to, decimals)
    return bases[-1] if bases else None


def panel_fit_sentence(fits: Sequence[bool]) -> str:
    """Whether the panel's shares fit a vote of every participant, one flag per share.

    The sentence follows one that says every share would have to fit a whole number of votes if
    every participant had rated every thesis; it refers back to "the shares" ("Keiner von ihnen").

    Examples
    --------
    >>> panel_fit_sentence([False])
    'Er tut das nicht: Der Anteil beruht also auf weniger Bewertungen. Vermutlich hat nicht jede Person die These bewertet.'
    >>> panel_fit_sentence([True, True])
    'Alle tun das. Ob wirklich jede Person jede These bewertet hat, zeigen die Zahlen allein aber nicht.'
    >>> panel_fit_sentence([True])
    'Er tut das. Ob wirklich jede Person die These bewertet hat, zeigt die Zahl allein aber nicht.'
    >>> panel_fit_sentence([True, False, False]).split(" also ")[0]
    'Nur einer von 3 tut das: Die übrigen 2 Anteile beruhen'
    >>> panel_fit_sentence([True, True, False])
    'Nur 2 von 3 tun das: Der übrige Anteil beruht also auf weniger Bewertungen. Vermutlich hat nicht jede Person jede These bewertet.'
    """
    flags = [bool(f) for f in fits]
    if not flags:
        raise ValueError("panel_fit_sentence needs at least one share")
    m, f = len(flags), sum(flags)
    guess = "Vermutlich hat nicht jede Person jede These bewertet."
    if m == 1:
        if f:
            return "Er tut das. Ob wirklich jede Person die These bewertet hat, zeigt die Zahl allein aber nicht."
        return ("Er tut das nicht: Der Anteil beruht also auf weniger Bewertungen. Vermutlich hat nicht jede Person "
                "die These bewertet.")
    if f == m:
        return "Alle tun das. Ob wirklich jede Person jede These bewertet hat, zeigen die Zahlen allein aber nicht."
    if f == 0:
        return f"Keiner von ihnen tut das: Die Anteile beruhen also auf weniger Bewertungen. {guess}"
    head = f"Nur einer von {m} tut das" if f == 1 else f"Nur {formatting.integer(f)} von {m} tun das"
    rest = m - f
    tail = ("Der übrige Anteil beruht" if rest == 1 else
            f"Die übrigen {formatting.integer(rest)} Anteile beruhen") + " also auf weniger Bewertungen."
    return f"{head}: {tail} {guess}"


def largest_bases_sentence(percents: Sequence[float], up_to: int, decimals: int = 0) -> str:
    """The largest number of ratings (up to ``up_to``) each share allows, in one sentence.

    Equal shares are named once, in the order given.

    Examples
    --------
    >>> largest_bases_sentence([96, 80, 96], 34)
    'Ein Anteil von 96\\xa0% passt zu höchstens 28 Bewertungen und einer von 80\\xa0% zu höchstens 30.'
    >>> largest_bases_sentence([96, 80, 64, 36], 34).split(", ")[-1]
    'einer von 64\\xa0% zu höchstens 33 und einer von 36\\xa0% zu höchstens 33.'
    >>> largest_bases_sentence([50], 34)
    'Ein Anteil von 50\\xa0% passt auch zu allen 34 Bewertungen.'
    >>> largest_bases_sentence([50, 96], 1)
    'Ein Anteil von 50\\xa0% passt zu keiner Zahl von Bewertungen bis 1 und einer von 96\\xa0% zu keiner.'
    """
    shares: list[float] = []
    for p in percents:
        if float(p) not in shares:
            shares.append(float(p))
    if not shares:
        raise ValueError("largest_bases_sentence needs at least one share")
    parts = []
    for i, p in enumerate(shares):
        head = ("Ein Anteil von " if i == 0 else "einer von ") + formatting.percent(p, decimals, scale=1)
        base = largest_base(p, up_to, decimals)
        if i == 0:
            verb = " passt"
            if base is None:
                parts.append(f"{head}{verb} zu keiner Zahl von Bewertungen bis {formatting.integer(up_to)}")
            elif base == int(up_to):
                everyone = "einer einzigen Bewertung" if base == 1 else f"allen {formatting.count(base, 'Bewertung')}"
                parts.append(f"{head}{verb} auch zu {everyone}")
            else:
                parts.append(f"{head}{verb} zu höchstens {formatting.count(base, 'Bewertung')}")
        elif base is None:
            parts.append(f"{head} zu keiner")
        elif base == int(up_to):
            parts.append(f"{head} auch zu " + ("einer einzigen" if base == 1 else f"allen {formatting.integer(base)}"))
        else:
            parts.append(f"{head} zu höchstens {formatting.integer(base)}")
    return formatting.german_list(parts) + "."
