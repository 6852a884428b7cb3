"""German sentences of the appendix and the Netzwerk-Check (chapters netzwerk-check and reproduktion).

- :func:`check_data_sentence`: what the Netzwerk-Check's model rests on (exercise data or a survey file);
- :func:`status_list`: the example network's features grouped by status, with the undecided ones;
- :func:`advice_list`: the recommendations of the study (or the book's suggestions) that apply to it;
- :func:`agreement_sentence`: how many recomputed numbers lie in the range the study's wording allows;
- :func:`typed_sentence`: how many of the study's chart values someone has typed in.

Examples
--------
>>> agreement_sentence(28, 28, restated=1)[:40]
'Alle 28 nachgerechneten Zahlen liegen in'
>>> typed_sentence(0)
'eingetragen ist davon noch keines'
"""

from __future__ import annotations

import pandas as pd

from .. import formatting

__all__ = ["check_data_sentence", "status_list", "advice_list", "agreement_sentence", "typed_sentence"]


def check_data_sentence(synthetic: bool, file: str | None = None) -> str:
    """What the model of the Netzwerk-Check rests on, in MyST Markdown (a glossary link for the exercise data).

    Parameters
    ----------
    synthetic : bool
        Whether the check computes from the synthetic survey.
    file : str, optional
        The survey file (real data); only its name is shown.

    Examples
    --------
    >>> s = check_data_sentence(True)
    >>> "{term}`Übungsdaten`" in s, "kein Befund über echte Netzwerke" in s
    (True, True)
    >>> check_data_sentence(False, "befragung.csv")  # doctest: +NORMALIZE_WHITESPACE
    'Das Modell ist aus der Befragungsdatei „befragung.csv“ geschätzt; sein Ergebnis beschreibt
    Zusammenhänge in den Netzwerken dieser Befragung.'
    >>> "„b.csv“" in check_data_sentence(False, "daten/b.csv"), "eigene Datei" in check_data_sentence(False)
    (True, True)
    """
    if synthetic:
        return ("Das Modell beruht auf {term}`Übungsdaten`, die das Buch selbst erzeugt, weil die Einzeldaten der "
                "Befragung nicht öffentlich sind. Sein Ergebnis ist deshalb ein Rechenbeispiel und kein Befund über "
                "echte Netzwerke.")
    name = str(file).replace("\\", "/").rsplit("/", 1)[-1] if file else "eigene Datei"
    return (f"Das Modell ist aus der Befragungsdatei „{name}“ geschätzt; sein Ergebnis beschreibt "
            "Zusammenhänge in den Netzwerken dieser Befragung.")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def status_list(factors: pd.DataFrame) -> str:
    """The features grouped by status (Markdown list), followed by the sentence on undecided features.

    ``factors`` is the table of :func:`kmunetz.netcheck.assess` (columns ``name``, ``status``,
    ``contribution_lower``, ``contribution_upper``). Groups follow :data:`kmunetz.netcheck.STATUS_ORDER`;
    empty groups are left out.

    Examples
    --------
    >>> f = pd.DataFrame({"name": ["A", "B", "C"], "status": ["fehlt", "vorhanden (günstig)", "fehlt"],
    ...                   "contribution_lower": [-3.0, 1.0, -5.0], "contribution_upper": [2.0, 4.0, -1.0]})
    >>> print(status_list(f)[:99])
    - **Vorhanden (günstig):** B
    - **Fehlt:** A und C
    <BLANKLINE>
    Für das Merkmal „A“ können die Daten nicht sagen
    >>> status_list(f.iloc[[1]]).endswith("B")
    True
    """
    from .. import netcheck

    lines = []
    for st in netcheck.STATUS_ORDER:
        names = factors.loc[factors["status"] == st, "name"]
        if len(names):
            lines.append(f"- **{_capital(st)}:** " + formatting.german_list(list(names)))
    undecided = netcheck.undecided_sentence(netcheck.undecided(factors))
    return "\n".join(lines) + (f"\n\n{undecided}" if undecided else "")


def advice_list(factors: pd.DataFrame, source: str) -> str:
    """What applies to the network from ``source`` ("studie" or "buch"): a lead sentence and a Markdown list.

    Each item names the feature, its status (without nested brackets) and the recommendation, with a
    link to the chapter it comes from where there is one. The lead sentence (and the list's absence)
    comes from :func:`kmunetz.netcheck.advice_lead`.

    Examples
    --------
    >>> f = pd.DataFrame({"feature": ["sector_focus", "public_goods"], "name": ["Branchenfokus", "Öffentliche Güter"],
    ...                   "status": ["fehlt", "vorhanden (ungünstig)"],
    ...                   "contribution_lower": [-9.0, -8.0], "contribution_upper": [-2.0, -1.0]})
    >>> text = advice_list(f, "studie")
    >>> "- *Branchenfokus* (fehlt) – " in text and "{doc}`empfehlungen-netzwerke`" in text
    True
    >>> "(vorhanden, ungünstig)" in advice_list(f, "buch")
    True
    >>> advice_list(f.assign(contribution_upper=[1.0, 2.0]), "studie").count("- ")
    0
    """
    from .. import netcheck

    if source not in ("studie", "buch"):
        raise ValueError(f"source must be 'studie' or 'buch', got {source!r}")
    out = [netcheck.advice_lead(factors, source)]
    todo = netcheck.advice(factors)
    items = []
    for r in todo[todo["source"] == source].itertuples():
        see = f" (siehe {{doc}}`{r.chapter}`)" if isinstance(r.chapter, str) else ""
        state = r.status.replace(" (", ", ").rstrip(")")  # "vorhanden, ungünstig": no nested brackets
        items.append(f"- *{r.name}* ({state}) – {r.text.rstrip('.')}{see}.")
    if items:
        out += ["", *items]
    return "\n".join(out)


def agreement_sentence(ok: int, total: int, restated: int = 0) -> str:
    """How many of the recomputed numbers lie in the range that the study's wording allows.

    ``restated`` counts the study's values that stand in two wordings (each is checked twice).

    Examples
    --------
    >>> agreement_sentence(28, 28, restated=1)  # doctest: +NORMALIZE_WHITESPACE
    'Alle 28 nachgerechneten Zahlen liegen in dem Bereich, den der Wortlaut der Studie zulässt. Darunter
    steht ein Wert der Studie in zwei Formulierungen; geprüft werden also 27 verschiedene Zahlen.'
    >>> agreement_sentence(26, 28)
    '26 von 28 nachgerechneten Zahlen liegen in dem Bereich, den der Wortlaut der Studie zulässt.'
    >>> agreement_sentence(1, 1)
    'Die eine nachgerechnete Zahl liegt in dem Bereich, den der Wortlaut der Studie zulässt.'
    >>> agreement_sentence(0, 1)
    'Die eine nachgerechnete Zahl liegt nicht in dem Bereich, den der Wortlaut der Studie zulässt.'
    >>> agreement_sentence(0, 5)[:50]
    'Keine der 5 nachgerechneten Zahlen liegt in dem Be'
    >>> agreement_sentence(1, 5)[:45]
    'Eine von 5 nachgerechneten Zahlen liegt in de'
    >>> agreement_sentence(5, 5, restated=2)[90:]
    'Darunter stehen 2 Werte der Studie in zwei Formulierungen; geprüft werden also 3 verschiedene Zahlen.'
    >>> agreement_sentence(0, 0)
    'Keine Zahl der Studie lässt sich aus diesen Daten nachrechnen.'
    """
    ok, total, restated = int(ok), int(total), int(restated)
    if not 0 <= ok <= total or restated < 0:
        raise ValueError(f"need 0 <= ok <= total and restated >= 0, got ok={ok}, total={total}, restated={restated}")
    if total == 0:
        return "Keine Zahl der Studie lässt sich aus diesen Daten nachrechnen."
    where = " in dem Bereich, den der Wortlaut der Studie zulässt."
    n = formatting.integer(total)
    if total == 1:
        head = "Die eine nachgerechnete Zahl liegt" + ("" if ok else " nicht")
    elif ok == total:
        head = f"Alle {n} nachgerechneten Zahlen liegen"
    elif ok == 0:
        head = f"Keine der {n} nachgerechneten Zahlen liegt"
    elif ok == 1:
        head = f"Eine von {n} nachgerechneten Zahlen liegt"
    else:
        head = f"{formatting.integer(ok)} von {n} nachgerechneten Zahlen liegen"
    text = head + where
    if restated and total > restated:
        which = ("steht ein Wert" if restated == 1 else f"stehen {formatting.integer(restated)} Werte")
        distinct = total - restated
        text += (f" Darunter {which} der Studie in zwei Formulierungen; geprüft "
                 + ("wird also eine Zahl." if distinct == 1 else
                    f"werden also {formatting.integer(distinct)} verschiedene Zahlen."))
    return text


def typed_sentence(typed: int) -> str:
    """How many of the study's chart values are typed in (the second half of a sentence, in lower case).

    Examples
    --------
    >>> typed_sentence(0), typed_sentence(1), typed_sentence(12)
    ('eingetragen ist davon noch keines', 'eingetragen ist davon eines', 'eingetragen sind davon 12')
    """
    typed = int(typed)
    if typed < 0:
        raise ValueError(f"typed must not be negative, got {typed}")
    if typed == 0:
        return "eingetragen ist davon noch keines"
    if typed == 1:
        return "eingetragen ist davon eines"
    return f"eingetragen sind davon {formatting.integer(typed)}"

