"""German sentences of the model chapter (which network features go with active KMU), defined once.

The chapter ``aktive-teilnahme`` fits a model of "the network has active KMU" on the features the
study names and compares the estimated effects with the study's directions. Every sentence that
adapts to the results comes from here; the chapter computes and glues. Two registers:

- plain sentences for the analysis layer ("Nachrechnen mit Einzeldaten"): :func:`direction_sentence`,
  :func:`zero_sentence`, :func:`holm_sentence`, :func:`separation_sentence`, :func:`fallback_sentence`,
  :func:`direction_origin_sentence`, :func:`headline_verdict`, :func:`headline_origin_sentence`,
  :func:`limits_sentence` (the reading line's sentence on the chart's values is
  :func:`kmunetz.wording.chart_values_sentence`);
- method sentences for the collapsed "Für Methodiker" box: :func:`fallback_text`,
  :func:`separation_text`, :func:`interval_text`, :func:`lr_test_name`, :func:`holm_text`,
  :func:`epv_judgement`, :func:`p_text`, and :func:`methods_box` with :func:`pipe_table` for its tables.

The functions take plain values (counts, names, a :class:`~kmunetz.estimation.Separation`), so that
they can be tested on any input; :mod:`kmunetz.models` keeps its names for the method sentences.

Examples
--------
>>> direction_sentence(11, 11)
'Alle 11 Effekte zeigen in die Richtung, die die Studie berichtet.'
>>> holm_sentence(2, 11)
'Nach der Korrektur für mehrfaches Testen bleiben 2 der 11 Effekte gesichert.'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .. import formatting

__all__ = ["direction_sentence", "zero_sentence", "holm_sentence", "holm_text", "separation_sentence",
           "separation_text", "fallback_sentence", "fallback_text", "direction_origin_sentence", "headline_verdict",
           "headline_origin_sentence", "limits_sentence", "interval_text", "lr_test_name",
           "epv_judgement", "p_text", "study_direction_word", "pipe_table", "methods_box"]

_OUTCOME = ("aktive KMU", "keine aktiven KMU")


def _n(value: int) -> str:
    return formatting.integer(value)


def _check_counts(part: int, total: int, what: str) -> None:
    if total < 1 or not 0 <= part <= total:
        raise ValueError(f"{what}: expected 0 <= part <= total and total >= 1, got {part} of {total}")


# -- plain sentences (the analysis layer) -----------------------------------------------------

def direction_sentence(same: int, total: int) -> str:
    """How many estimated effects point the way the study reports.

    Parameters
    ----------
    same : int
        Effects whose sign agrees with the study's direction.
    total : int
        Effects estimated.

    Examples
    --------
    >>> direction_sentence(10, 11)
    '10 von 11 Effekten zeigen in die Richtung, die die Studie berichtet.'
    >>> direction_sentence(1, 11)
    '1 von 11 Effekten zeigt in die Richtung, die die Studie berichtet.'
    >>> direction_sentence(0, 11)
    'Keiner der 11 Effekte zeigt in die Richtung, die die Studie berichtet.'
    >>> direction_sentence(1, 1), direction_sentence(0, 1)
    ('Der Effekt zeigt in die Richtung, die die Studie berichtet.', 'Der Effekt zeigt nicht in die Richtung, die die Studie berichtet.')
    """
    _check_counts(same, total, "direction_sentence")
    tail = "in die Richtung, die die Studie berichtet."
    if total == 1:
        return f"Der Effekt zeigt {tail}" if same else f"Der Effekt zeigt nicht {tail}"
    if same == total:
        return f"Beide Effekte zeigen {tail}" if total == 2 else f"Alle {_n(total)} Effekte zeigen {tail}"
    if same == 0:
        return f"Keiner der {_n(total)} Effekte zeigt {tail}"
    return f"{_n(same)} von {_n(total)} Effekten {'zeigt' if same == 1 else 'zeigen'} {tail}"


def zero_sentence(excluding: int, total: int) -> str:
    """Of how many effects the confidence interval lies wholly on one side of zero (the direction is then secured).

    Follows :func:`direction_sentence` ("Bei allen …" refers back to its effects). The level of the
    intervals is not named here: it is a setting of the book, glued on its own where the chapter
    introduces the intervals.

    Examples
    --------
    >>> zero_sentence(11, 11)
    'Bei allen liegt das Konfidenzintervall ganz auf einer Seite der Null: Diese Daten sichern die Richtung jedes Effekts.'
    >>> zero_sentence(5, 11)  # doctest: +NORMALIZE_WHITESPACE
    'Bei 5 von ihnen liegt das Konfidenzintervall ganz auf einer Seite der Null. Bei den übrigen 6 reicht es
    über die Null: Dort lassen diese Daten auch keinen oder einen umgekehrten Zusammenhang zu.'
    >>> zero_sentence(1, 11).split(" liegt")[0]
    'Bei einem von ihnen'
    >>> zero_sentence(10, 11).split(". ")[1]
    'Beim übrigen reicht es über die Null: Dort lassen diese Daten auch keinen oder einen umgekehrten Zusammenhang zu.'
    >>> zero_sentence(0, 11)  # doctest: +NORMALIZE_WHITESPACE
    'Bei keinem liegt das Konfidenzintervall ganz auf einer Seite der Null: Bei jedem Merkmal lassen diese
    Daten auch keinen oder einen umgekehrten Zusammenhang zu.'
    """
    _check_counts(excluding, total, "zero_sentence")
    ci = "Konfidenzintervall"
    side = "ganz auf einer Seite der Null"
    other = "auch keinen oder einen umgekehrten Zusammenhang zu."
    if total == 1:
        return (f"Sein {ci} liegt {side}: Diese Daten sichern seine Richtung." if excluding else
                f"Sein {ci} reicht über die Null: Diese Daten lassen {other}")
    if excluding == total:
        return f"Bei allen liegt das {ci} {side}: Diese Daten sichern die Richtung jedes Effekts."
    if excluding == 0:
        return f"Bei keinem liegt das {ci} {side}: Bei jedem Merkmal lassen diese Daten {other}"
    rest = total - excluding
    where = "Beim übrigen" if rest == 1 else f"Bei den übrigen {_n(rest)}"
    which = "einem" if excluding == 1 else _n(excluding)
    return (f"Bei {which} von ihnen liegt das {ci} {side}. {where} reicht es über die Null: "
            f"Dort lassen diese Daten {other}")


def holm_sentence(secured: int, tests: int) -> str:
    """How many effects stay secured after the correction for many tests at once ("" for a single test).

    Examples
    --------
    >>> holm_sentence(0, 11)
    'Nach der Korrektur für mehrfaches Testen bleibt keiner der 11 Effekte gesichert.'
    >>> holm_sentence(1, 11)
    'Nach der Korrektur für mehrfaches Testen bleibt einer der 11 Effekte gesichert.'
    >>> holm_sentence(11, 11)
    'Nach der Korrektur für mehrfaches Testen bleiben alle 11 Effekte gesichert.'
    >>> holm_sentence(2, 2), holm_sentence(1, 1)
    ('Nach der Korrektur für mehrfaches Testen bleiben beide Effekte gesichert.', '')
    """
    _check_counts(secured, tests, "holm_sentence")
    if tests == 1:
        return ""
    head = "Nach der Korrektur für mehrfaches Testen"
    if secured == 0:
        return f"{head} bleibt keiner der {_n(tests)} Effekte gesichert."
    if secured == 1:
        return f"{head} bleibt einer der {_n(tests)} Effekte gesichert."
    if secured == tests:
        return f"{head} bleiben {'beide' if tests == 2 else f'alle {_n(tests)}'} Effekte gesichert."
    return f"{head} bleiben {_n(secured)} der {_n(tests)} Effekte gesichert."


def separation_sentence(separation, labels: Mapping[str, str] | None = None) -> str:
    """A separation in plain words, and what it means for the effects ("" when there is none).

    ``separation`` is a :class:`~kmunetz.estimation.Separation` of the reported (penalised) fit.

    Examples
    --------
    >>> from kmunetz.estimation import Separation
    >>> separation_sentence(Separation(True, ("x",), cells=((1, 1, 5),)), {"x": "Branchenfokus"})
    ... # doctest: +NORMALIZE_WHITESPACE
    'In diesen Daten haben alle 5 Netzwerke mit dem Merkmal „Branchenfokus“ aktive KMU. Der Effekt dieses
    Merkmals lässt sich deshalb nur grob bestimmen; sein Konfidenzintervall ist entsprechend breit.'
    >>> separation_sentence(Separation(True, ("x",), cells=((0, 0, 1),)), {"x": "Branchenfokus"}).split(". ")[0]
    'In diesen Daten hat das einzige Netzwerk ohne das Merkmal „Branchenfokus“ keine aktiven KMU'
    >>> separation_sentence(Separation(True, ("a", "b"), complete=False), {"a": "A", "b": "B"})
    ... # doctest: +NORMALIZE_WHITESPACE
    'In diesen Daten sagen die Merkmale „A“ und „B“ zusammen fast fehlerfrei voraus, ob ein Netzwerk aktive
    KMU hat. Die Effekte dieser Merkmale lassen sich deshalb nur grob bestimmen; ihre Konfidenzintervalle
    sind entsprechend breit.'
    >>> separation_sentence(Separation(False))
    ''
    """
    if not separation.separated:
        return ""
    names = [f"„{(labels or {}).get(f, f)}“" for f in separation.features]
    how = "fehlerfrei" if separation.complete else "fast fehlerfrei"
    if len(names) == 1 and separation.cells:
        value, result, count = separation.cells[0]
        who = "mit dem Merkmal" if value == 1 else "ohne das Merkmal"
        has = _OUTCOME[0] if result == 1 else _OUTCOME[1]
        first = (f"In diesen Daten hat das einzige Netzwerk {who} {names[0]} {has}." if count == 1 else
                 f"In diesen Daten haben alle {_n(count)} Netzwerke {who} {names[0]} {has}.")
    elif len(names) == 1:
        first = f"In diesen Daten sagt das Merkmal {names[0]} {how} voraus, ob ein Netzwerk aktive KMU hat."
    elif names:
        first = (f"In diesen Daten sagen die Merkmale {formatting.german_list(names)} zusammen {how} voraus, ob ein "
                 "Netzwerk aktive KMU hat.")
    else:
        first = f"In diesen Daten sagt eine Kombination der Merkmale {how} voraus, ob ein Netzwerk aktive KMU hat."
    if len(names) == 1:
        return (first + " Der Effekt dieses Merkmals lässt sich deshalb nur grob bestimmen; sein "
                "Konfidenzintervall ist entsprechend breit.")
    if names:
        return (first + " Die Effekte dieser Merkmale lassen sich deshalb nur grob bestimmen; ihre "
                "Konfidenzintervalle sind entsprechend breit.")
    return first + " Die Effekte lassen sich deshalb nur grob bestimmen."


def fallback_sentence(fell_back: bool) -> str:
    """The plain note that the chosen method cannot be applied to these data ("" when it can).

    Examples
    --------
    >>> fallback_sentence(True)  # doctest: +NORMALIZE_WHITESPACE
    'Das gewählte Rechenverfahren lässt sich auf diese Daten nicht anwenden; die Ergebnisse unten stammen
    deshalb vom Standardverfahren dieses Buchs (mehr dazu im Kasten „Für Methodiker“).'
    >>> fallback_sentence(False)
    ''
    """
    if not fell_back:
        return ""
    return ("Das gewählte Rechenverfahren lässt sich auf diese Daten nicht anwenden; die Ergebnisse unten stammen "
            "deshalb vom Standardverfahren dieses Buchs (mehr dazu im Kasten „Für Methodiker“).")


def direction_origin_sentence(same: int, total: int, assumed: bool) -> str:
    """What the agreement of the directions means: built into the exercise data, or a real test.

    Examples
    --------
    >>> direction_origin_sentence(11, 11, True)  # doctest: +NORMALIZE_WHITESPACE
    'In den Übungsdaten sind diese Richtungen vorgegeben; dass sie übereinstimmen, ist so gebaut und kein
    Befund.'
    >>> direction_origin_sentence(10, 11, True).split("; ")[1]
    'dass ein Effekt trotzdem in die andere Richtung zeigt, liegt am Zufall der Stichprobe und ist kein Befund.'
    >>> direction_origin_sentence(8, 11, True).split("; ")[1]
    'dass 3 Effekte trotzdem in die andere Richtung zeigen, liegt am Zufall der Stichprobe und ist kein Befund.'
    >>> direction_origin_sentence(8, 11, False)
    'Diese Richtungen sind aus den Daten geschätzt; der Vergleich mit der Studie ist damit ein echter Test.'
    """
    _check_counts(same, total, "direction_origin_sentence")
    if not assumed:
        return "Diese Richtungen sind aus den Daten geschätzt; der Vergleich mit der Studie ist damit ein echter Test."
    head = "In den Übungsdaten sind diese Richtungen vorgegeben; "
    if same == total:
        return head + f"dass {'sie übereinstimmt' if total == 1 else 'sie übereinstimmen'}, ist so gebaut und kein Befund."
    off = total - same
    which = "ein Effekt trotzdem in die andere Richtung zeigt" if off == 1 else (
        f"{_n(off)} Effekte trotzdem in die andere Richtung zeigen")
    return head + f"dass {which}, liegt am Zufall der Stichprobe und ist kein Befund."


def headline_verdict(sector_first: bool, partners_larger: bool) -> str:
    """The result of the book's rule for the study's headline (sector focus and partner types matter most).

    The rule (:func:`kmunetz.models.headline`) holds when the sector focus has the largest effect of
    the yes/no features and the partner types have larger effects on average than the other features.

    Examples
    --------
    >>> headline_verdict(True, True)  # doctest: +NORMALIZE_WHITESPACE
    'Der Branchenfokus hat hier den größten Effekt, und die Partnerarten haben im Mittel größere Effekte als
    die übrigen Merkmale. Die Regel trifft hier zu.'
    >>> headline_verdict(False, True).split(". ")[0]
    'Der Branchenfokus hat hier nicht den größten Effekt, die Partnerarten haben aber im Mittel größere Effekte als die übrigen Merkmale'
    >>> headline_verdict(True, False).endswith("Die Regel trifft hier nicht zu.")
    True
    >>> headline_verdict(False, False).split(". ")[0]
    'Weder hat der Branchenfokus hier den größten Effekt, noch haben die Partnerarten im Mittel größere Effekte als die übrigen Merkmale'
    """
    larger = "im Mittel größere Effekte als die übrigen Merkmale"
    if sector_first and partners_larger:
        return f"Der Branchenfokus hat hier den größten Effekt, und die Partnerarten haben {larger}. Die Regel trifft hier zu."
    if sector_first:
        return (f"Der Branchenfokus hat hier den größten Effekt, die Partnerarten haben aber nicht {larger}. "
                "Die Regel trifft hier nicht zu.")
    if partners_larger:
        return (f"Der Branchenfokus hat hier nicht den größten Effekt, die Partnerarten haben aber {larger}. "
                "Die Regel trifft hier nicht zu.")
    return (f"Weder hat der Branchenfokus hier den größten Effekt, noch haben die Partnerarten {larger}. "
            "Die Regel trifft hier nicht zu.")


def headline_origin_sentence(assumed: bool, settled: bool) -> str:
    """How much the check of the headline says: is the gap larger than the uncertainty, are the sizes assumed?

    ``settled``: the gap between the partner types and the other features is larger than half the
    median width of the effects' intervals.

    Examples
    --------
    >>> headline_origin_sentence(True, True)  # doctest: +NORMALIZE_WHITESPACE
    'Die Größen der Effekte sind in den Übungsdaten angenommen, und die Annahmen geben dem Branchenfokus
    und den Partnerarten, der Studie folgend, die größten Gewichte. Die Prüfung zeigt deshalb nur, wie
    deutlich eine Stichprobe dieser Größe die angenommene Rangfolge wiedergibt.'
    >>> headline_origin_sentence(False, False)  # doctest: +NORMALIZE_WHITESPACE
    'Der Unterschied zwischen den Gruppen ist allerdings kleiner als die Unsicherheit eines einzelnen Effekts;
    die Rangfolge ist mit diesen Daten nicht gesichert. Mit diesen Daten ist das ein echter Test der
    Hervorhebung.'
    """
    text = ("Der Unterschied zwischen den Gruppen ist allerdings kleiner als die Unsicherheit eines einzelnen "
            "Effekts; die Rangfolge ist mit diesen Daten nicht gesichert. " if not settled else "")
    if assumed:
        return text + ("Die Größen der Effekte sind in den Übungsdaten angenommen, und die Annahmen geben dem "
                       "Branchenfokus und den Partnerarten, der Studie folgend, die größten Gewichte. Die Prüfung "
                       "zeigt deshalb nur, wie deutlich eine Stichprobe dieser Größe die angenommene Rangfolge "
                       "wiedergibt.")
    return text + "Mit diesen Daten ist das ein echter Test der Hervorhebung."


def limits_sentence(assumed: bool) -> str:
    """The last limit of the comparison: with exercise data the model only finds what was put in.

    Examples
    --------
    >>> limits_sentence(True).startswith("In den Übungsdaten sind die Richtungen")
    True
    >>> limits_sentence(False)
    'Mit echten Daten ist die Tabelle der Richtungen, mit diesen Vorbehalten, ein Test der Studie.'
    """
    if assumed:
        return ("In den Übungsdaten sind die Richtungen der Effekte vorgegeben: Das Modell kann hier nur "
                "wiederfinden, was hineingelegt wurde. Mit echten Daten wäre die Tabelle der Richtungen ein Test "
                "der Studie.")
    return "Mit echten Daten ist die Tabelle der Richtungen, mit diesen Vorbehalten, ein Test der Studie."




def study_direction_word(direction: int) -> str:
    """The study's direction of a feature as one word for a table: "häufiger" (+1) or "seltener" (−1).

    Examples
    --------
    >>> study_direction_word(1), study_direction_word(-1)
    ('häufiger', 'seltener')
    """
    if direction not in (1, -1):
        raise ValueError(f"study_direction_word: expected +1 or -1, got {direction!r}")
    return "häufiger" if direction == 1 else "seltener"


# -- method sentences (the "Für Methodiker" box) -------------------------------------------------

def fallback_text(estimator_name: str, problem: str, separated: bool, default_name: str = "Firth-Logit") -> str:
    """Method sentences for a maximum likelihood fit that cannot be reported, after which Firth's logit is used.

    A separation is only named here; the layer's text (:func:`separation_sentence`) describes it.

    Examples
    --------
    >>> fallback_text("Probit", "Die Schätzung ist nicht konvergiert.", False)  # doctest: +NORMALIZE_WHITESPACE
    'Das gewählte Probit-Modell lässt sich mit diesen Daten nicht sinnvoll schätzen. Die Schätzung ist
    nicht konvergiert. Dieses Kapitel berichtet deshalb das Firth-Logit-Modell.'
    >>> fallback_text("Logit", "", True)  # doctest: +NORMALIZE_WHITESPACE
    'Das gewählte Logit-Modell lässt sich mit diesen Daten nicht schätzen, weil sie getrennt sind (Separation,
    siehe oben). Dieses Kapitel berichtet deshalb das Firth-Logit-Modell.'
    """
    if separated:
        return (f"Das gewählte {estimator_name}-Modell lässt sich mit diesen Daten nicht schätzen, weil sie getrennt "
                f"sind (Separation, siehe oben). Dieses Kapitel berichtet deshalb das {default_name}-Modell.")
    problem = f" {problem.strip()}" if problem.strip() else ""
    return (f"Das gewählte {estimator_name}-Modell lässt sich mit diesen Daten nicht sinnvoll schätzen.{problem} "
            f"Dieses Kapitel berichtet deshalb das {default_name}-Modell.")


def separation_text(separation, estimator: str, labels: Mapping[str, str] | None = None) -> str:
    """Method sentences on a separation and what it means for the estimate ("" if none).

    Examples
    --------
    >>> from kmunetz.estimation import Separation
    >>> sep = Separation(True, ("sector_focus",), cells=((1, 1, 5),))
    >>> separation_text(sep, "firth", {"sector_focus": "Branchenfokus"})  # doctest: +NORMALIZE_WHITESPACE
    'Die Daten sind getrennt: Alle 5 Netzwerke mit dem Merkmal „Branchenfokus“ haben aktive KMU. Firths
    Schätzung bleibt trotzdem endlich, doch der Effekt dieses Merkmals ist nur grob bestimmt: Sein Intervall
    ist entsprechend breit.'
    >>> separation_text(sep, "logit", {"sector_focus": "Branchenfokus"}).endswith("kein endliches Ergebnis.")
    True
    """
    if not separation.separated:
        return ""
    text = separation.sentence(dict(labels or {}))
    if estimator != "firth":
        return text + " Für eine gewöhnliche Maximum-Likelihood-Schätzung gibt es dann kein endliches Ergebnis."
    if len(separation.features) > 1:
        return (text + " Firths Schätzung bleibt trotzdem endlich, doch die Effekte dieser Merkmale sind nur grob "
                "bestimmt: Ihre Intervalle sind entsprechend breit.")
    return (text + " Firths Schätzung bleibt trotzdem endlich, doch der Effekt dieses Merkmals ist nur grob "
            "bestimmt: Sein Intervall ist entsprechend breit.")


def interval_text(interval: str | None) -> str:
    """Method sentences on how the intervals and p-values were computed (``interval``: "profile" or "wald").

    Examples
    --------
    >>> interval_text("wald")
    'Die Intervalle beruhen auf der Delta-Methode, die p-Werte auf z-Tests der Koeffizienten.'
    >>> interval_text("profile").startswith("Intervalle und p-Werte beruhen auf der profilierten")
    True
    """
    if interval == "profile":
        return ("Intervalle und p-Werte beruhen auf der profilierten penalisierten Likelihood nach "
                "Heinze und Schemper: Für jedes Merkmal wird sein Koeffizient auf einem Wert festgehalten "
                "und das übrige Modell neu geschätzt. Die Grenzen des Intervalls für einen Effekt sind die Effekte "
                "an den Grenzen des Intervalls für seinen Koeffizienten. Ein Intervall schließt die Null deshalb "
                "genau dann aus, wenn der penalisierte Likelihood-Quotienten-Test den Effekt auf diesem Niveau "
                "von null unterscheidet. Anders als Intervalle nach der Delta-Methode müssen diese Intervalle "
                "nicht symmetrisch sein, und sie bleiben auch nahe an einer Trennung verlässlich.")
    return "Die Intervalle beruhen auf der Delta-Methode, die p-Werte auf z-Tests der Koeffizienten."


def lr_test_name(estimator: str) -> str:
    """The German name of the model's overall likelihood-ratio test (penalised for Firth's logit), in the nominative.

    Examples
    --------
    >>> lr_test_name("firth"), lr_test_name("probit")
    ('penalisierte Likelihood-Quotienten-Test', 'Likelihood-Quotienten-Test')
    """
    return "penalisierte Likelihood-Quotienten-Test" if estimator == "firth" else "Likelihood-Quotienten-Test"


def holm_text(significant: int, tests: int) -> str:
    """Method sentence: how many of ``tests`` effects stay distinguishable from zero after Holm's correction.

    Examples
    --------
    >>> holm_text(0, 11)
    'Nach der Holm-Korrektur für 11 Tests bleibt kein Effekt auf diesem Niveau von null verschieden.'
    >>> holm_text(1, 11)
    'Nach der Holm-Korrektur für 11 Tests bleibt ein Effekt auf diesem Niveau von null verschieden.'
    >>> holm_text(3, 11)
    'Nach der Holm-Korrektur für 11 Tests bleiben 3 Effekte auf diesem Niveau von null verschieden.'
    >>> holm_text(11, 11)
    'Nach der Holm-Korrektur für 11 Tests bleiben alle 11 Effekte auf diesem Niveau von null verschieden.'
    """
    if significant == 0:
        who = "bleibt kein Effekt"
    elif significant == 1:
        who = "bleibt ein Effekt"
    elif significant == tests:
        who = f"bleiben alle {_n(tests)} Effekte"
    else:
        who = f"bleiben {_n(significant)} Effekte"
    return f"Nach der Holm-Korrektur für {_n(tests)} Tests {who} auf diesem Niveau von null verschieden."


def epv_judgement(events_per_parameter: float, rule: int) -> str:
    """Compare the events per parameter with the rule of thumb: "weniger als" or "mindestens so viele wie".

    Examples
    --------
    >>> epv_judgement(4.6, 10), epv_judgement(10.0, 10)
    ('weniger als', 'mindestens so viele wie')
    """
    return "weniger als" if events_per_parameter < rule else "mindestens so viele wie"


def p_text(p: float, comparison: bool = False) -> str:
    """A p-value for a table ("< 0,001", "0,023") or, with ``comparison``, after "p" in a sentence ("unter 0,001").

    Examples
    --------
    >>> p_text(0.0004), p_text(0.0234), p_text(0.0004, comparison=True), p_text(0.0234, comparison=True)
    ('< 0,001', '0,023', 'unter 0,001', '= 0,023')
    """
    if p < 0.001:
        return "unter 0,001" if comparison else "< 0,001"
    return ("= " if comparison else "") + formatting.number(p, 3)


def pipe_table(frame) -> str:
    """A table as MyST/Markdown pipe table, every cell already German text (for :func:`methods_box`).

    Examples
    --------
    >>> import pandas as pd
    >>> print(pipe_table(pd.DataFrame({"Term": ["a|b"], "p": ["< 0,001"]})))
    | Term | p |
    |---|---|
    | a\\|b | < 0,001 |
    """
    def cell(value) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    head = "| " + " | ".join(cell(c) for c in frame.columns) + " |"
    rule = "|" + "---|" * len(frame.columns)
    rows = ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([head, rule, *rows])


def methods_box(title: str, parts: Sequence[str]) -> str:
    """A collapsed "Für Methodiker" box (MyST dropdown admonition) around paragraphs and tables.

    Examples
    --------
    >>> print(methods_box("Koeffizienten", ["Text."]))
    :::{admonition} Für Methodiker: Koeffizienten
    :class: dropdown
    <BLANKLINE>
    Text.
    :::
    """
    if not parts:
        raise ValueError("methods_box needs at least one paragraph or table")
    body = "\n\n".join(p.strip() for p in parts)
    return f":::{{admonition}} Für Methodiker: {title}\n:class: dropdown\n\n{body}\n:::"
