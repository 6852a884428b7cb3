"""The Netzwerk-Check: what the model of active participation says about one particular network.

A coordinator describes a network by the features of the model; :func:`assess` returns the
estimated probability that such a network has active KMU, with a confidence interval, beside the
average network, and for every feature its status (present or missing, favourable or not, by the
direction the study reports) and its contribution. :func:`advice` lists what applies to the features
that are missing or unfavourable: the study's own recommendations, each with its chapter, and,
kept apart, the suggestions of this book (which the study does not make).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from . import models
from .estimation import LINKS

__all__ = ["STUDY_RECOMMENDATIONS", "BOOK_SUGGESTIONS", "CONTINUOUS", "NAMES", "STATUS_ORDER", "NEEDS_ATTENTION",
           "ADVICE_TEXTS", "QUESTIONS", "network_vector", "status", "assess", "advice", "export_model",
           "assess_exported", "browser_model", "form_html", "basis_sentence", "shapley", "shapley_gradient", "VERDICTS",
           "CAUTION"]

#: Recommendations the study makes (sections "Handlungsempfehlungen für regionale Netzwerke" and
#: "Schlussfolgerungen für die Politik"), in this book's words, each with the chapter that presents
#: it. The key is the feature whose status makes the recommendation relevant here: that pairing is
#: this book's, the study does not link its recommendations to the features of its model.
STUDY_RECOMMENDATIONS: dict[str, tuple[str, str]] = {
    "sector_focus": ("Aktivitäten und Angebote regional oder auf eine Branche zuschneiden: Eine solche "
                     "Fokussierung hält die Studie für erfolgversprechend.", "empfehlungen-netzwerke"),
    "years_since_founding": ("Zeit einplanen: Gute Netzwerkarbeit beruht auf Vertrauen, und langfristige, stabile "
                             "Beziehungen zu KMU entstehen nur durch kontinuierlichen Kontakt.",
                             "empfehlungen-netzwerke"),
    "attractive_topics": ("Inhalte so wählen, dass sie für KMU attraktiv, aktuell und anwendbar sind.",
                          "empfehlungen-netzwerke"),
    "regular_fees": ("Möglichst konkrete Informationen und anwendbare Konzepte anbieten; solche Angebote dürfen "
                     "nach der Studie auch etwas kosten.", "empfehlungen-netzwerke"),
    "fulltime_coordination": ("An die Politik gerichtet: Die Studie empfiehlt, die Koordination der Netzwerke durch "
                              "hauptamtliches, professionelles Personal zu unterstützen und zu fördern.", "empfehlungen-politik"),
    "partner_local_authority": ("Neue KMU persönlich ansprechen lassen, durch Netzwerkpartner und durch "
                                "Institutionen, die als Multiplikatoren wirken (die Studie nennt Verbände und die "
                                "Wirtschaftsförderung).", "empfehlungen-netzwerke"),
}

#: Suggestions of this book, not of the study: what a network might consider when a feature is
#: missing or unfavourable, with a chapter to read on (or None).
BOOK_SUGGESTIONS: dict[str, tuple[str, str | None]] = {
    "partner_large_firms": ("Prüfen, ob größere Unternehmen der Region als Partner in Frage kommen.",
                            "aktive-teilnahme"),
    "partner_schools": ("Schulen oder Bildungseinrichtungen einbinden; wie KMU so in Kontakt mit dem Nachwuchs "
                        "kommen, zeigt das Praxisbeispiel GenerationenWerkstatt.", "praxis-generationenwerkstatt"),
    "partner_local_authority": ("Kommune oder Landkreis als Partner gewinnen, etwa über die Wirtschaftsförderung; "
                                "ein von einer Stadt getragenes Netzwerk zeigt das Praxisbeispiel Ludwigsburg.",
                                "praxis-ludwigsburg"),
    "fulltime_coordination": ("Eine hauptamtliche Koordination anstreben und nach Fördermöglichkeiten dafür fragen.",
                              None),
    "exploitative": ("Neben der Verbesserung des Bestehenden auch neue Vorhaben anstoßen, bei denen KMU sich "
                     "einbringen können.", "typen"),
    "public_goods": ("Auch Angebote schaffen, die gerade den Mitwirkenden nützen, damit sich eigenes Engagement "
                     "lohnt.", "typen"),
    "decentral": ("Ansprechpartner und Abläufe klar benennen, damit KMU wissen, wie sie selbst etwas anstoßen "
                  "können.", "typen"),
}

#: Features measured on a scale (compared with the average network) rather than present or missing.
CONTINUOUS = ("years_since_founding",)

#: How a feature is named beside its status (the model's label where not given here).
NAMES = {f: models.FEATURE_LABELS[f] for f in models.FEATURES} | {"years_since_founding": "Dauer des Bestehens"}

#: Every status, in the order the chapter lists them: favourable ones first.
STATUS_ORDER = [
    "vorhanden (günstig)", "nicht vorhanden (günstig)", "länger als der Durchschnitt (günstig)",
    "kürzer als der Durchschnitt (günstig)", "so lang wie der Durchschnitt",
    "fehlt", "kürzer als der Durchschnitt", "vorhanden (ungünstig)", "länger als der Durchschnitt (ungünstig)",
]

#: The sentences around the recommendations (chapter and browser form say the same).
ADVICE_TEXTS = {
    "lead_study": "Die Studie gibt diese Empfehlungen allgemein; welchem Merkmal sie hier zugeordnet sind, "
                  "entscheidet dieses Buch.",
    "none_study": "Zu den Merkmalen, die hier fehlen oder ungünstig sind, gibt die Studie keine eigene Empfehlung.",
    "lead_book": "Die folgenden Hinweise sind Überlegungen dieses Buchs, keine Empfehlungen der Studie.",
    "none_book": "Für die Merkmale, die hier fehlen oder ungünstig sind, hat dieses Buch keine eigenen Hinweise.",
    "none_missing": "Keines der Merkmale fehlt oder ist nach der Studie ungünstig.",
}

#: The form's question for each feature: the name the result uses, then what it means (yes/no, except the years).
QUESTIONS = {
    "partner_large_firms": "Größere Unternehmen als Partner: Unternehmen, die keine KMU sind, gehören zum Netzwerk",
    "partner_schools": "Schulen/Bildungseinrichtungen als Partner",
    "partner_local_authority": "Gebietskörperschaften als Partner: die Kommune oder der Landkreis gehört zum Netzwerk",
    "attractive_topics": "Attraktive Themen: das Netzwerk bearbeitet etwa Digitalisierung oder richtet sich an "
                         "Führungskräfte",
    "years_since_founding": "Dauer des Bestehens: Jahre seit der Gründung",
    "fulltime_coordination": "Hauptamtliche Koordination: das Netzwerk wird hauptberuflich koordiniert",
    "sector_focus": "Branchenfokus: das Netzwerk richtet sich an eine Branche",
    "exploitative": "Exploitative Ausrichtung: das Netzwerk verbessert vor allem Bestehendes, statt Neues zu erkunden",
    "public_goods": "Öffentliche Güter: Angebote stehen auch Nichtmitgliedern offen",
    "decentral": "Dezentrale Organisation: jeder Partner kann Aktivitäten anstoßen",
    "regular_fees": "Regelmäßige Beiträge/Gebühren: die Partner zahlen regelmäßig Beiträge oder Gebühren",
}

#: How the network stands against the average, by the verdict of :func:`assess` (a whole predicate).
VERDICTS = {"über": "liegt damit über dem Durchschnitt", "unter": "liegt damit unter dem Durchschnitt",
            "nicht unterscheidbar": "ist damit vom Durchschnitt nicht sicher unterscheidbar"}

#: What the result is and what it is not (chapter and form).
CAUTION = ("Das Modell beschreibt Zusammenhänge in vielen Netzwerken, keine Wirkungen in einem einzelnen; das "
           "Ergebnis ist ein Anlass zum Nachdenken über das eigene Netzwerk, keine Prognose.")

#: Statuses that make the recommendations and suggestions for a feature relevant.
NEEDS_ATTENTION = ("fehlt", "kürzer als der Durchschnitt", "vorhanden (ungünstig)",
                   "länger als der Durchschnitt (ungünstig)")


def network_vector(network: Mapping[str, Any]) -> pd.Series:
    """The network's features as numbers in the model's order; every feature must be given.

    Examples
    --------
    >>> v = network_vector({f: False for f in models.FEATURES} | {"years_since_founding": 4})
    >>> float(v["years_since_founding"]), float(v["sector_focus"])
    (4.0, 0.0)
    """
    missing = [f for f in models.FEATURES if f not in network]
    if missing:
        raise ValueError(f"the network description lacks: {', '.join(missing)}")
    return pd.Series({f: float(network[f]) for f in models.FEATURES})


def status(feature: str, value: float, average: float, direction: int) -> str:
    """The status of one feature of a network, by the direction the study reports (+1 or −1).

    A feature the study links with more active KMU that the network lacks is "fehlt"; one linked
    with fewer active KMU that the network has is "vorhanden (ungünstig)". Features on a scale
    (:data:`CONTINUOUS`) are compared with the average network.

    Examples
    --------
    >>> status("sector_focus", 0, 0.15, 1), status("decentral", 1, 0.6, -1), status("decentral", 0, 0.6, -1)
    ('fehlt', 'vorhanden (ungünstig)', 'nicht vorhanden (günstig)')
    >>> status("years_since_founding", 3, 6.2, 1)
    'kürzer als der Durchschnitt'
    """
    if direction not in (1, -1):
        raise ValueError(f"direction of {feature!r} must be +1 or -1, got {direction!r}")
    if feature in CONTINUOUS:
        if value == average:
            return "so lang wie der Durchschnitt"
        longer = value > average
        if direction > 0:
            return "länger als der Durchschnitt (günstig)" if longer else "kürzer als der Durchschnitt"
        return "länger als der Durchschnitt (ungünstig)" if longer else "kürzer als der Durchschnitt (günstig)"
    present = bool(value)
    if direction > 0:
        return "vorhanden (günstig)" if present else "fehlt"
    return "vorhanden (ungünstig)" if present else "nicht vorhanden (günstig)"


def _coalitions(m: int) -> np.ndarray:
    """Every subset of m features as a boolean mask, one row per subset (row index = bit pattern)."""
    return ((np.arange(2 ** m)[:, None] >> np.arange(m)) & 1).astype(bool)


def _coalition_values(beta: np.ndarray, x: np.ndarray, background: np.ndarray, link: str, gradient: bool = False):
    """v(S) for every coalition S (the mean predicted probability), and with ``gradient`` dv(S)/dβ.

    In coalition S each surveyed network's linear predictor uses the network's own value for the
    features in S: η = β₀ + Σⱼ βⱼ zⱼ with zⱼ = xⱼ for j in S and the surveyed network's value otherwise,
    so dv(S)/dβₖ is the mean of f(η)·zₖ (z₀ = 1).
    """
    F, f, _ = LINKS[link]
    masks = _coalitions(len(x))
    base = beta[0] + background @ beta[1:]
    diff = (x[None, :] - background) * beta[1:]
    eta = base[None, :] + masks.astype(float) @ diff.T  # coalitions × surveyed networks
    v = F(eta).mean(axis=1)
    if not gradient:
        return masks, v, None
    dens = f(eta)
    dv = np.empty((len(masks), len(beta)))
    dv[:, 0] = dens.mean(axis=1)
    own = dens.mean(axis=1)[:, None] * x[None, :]  # feature j in S: z = x_j
    others = dens @ background / len(background)  # feature j not in S: z = the surveyed network's value
    dv[:, 1:] = np.where(masks, own, others)
    return masks, v, dv


def _shapley_from_values(masks: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Shapley values from the values of all coalitions (``v`` may have more columns, e.g. a gradient)."""
    m = masks.shape[1]
    sizes = masks.sum(axis=1)
    weights = np.array([math.factorial(k) * math.factorial(m - k - 1) / math.factorial(m) for k in range(m)])
    phi = np.empty((m,) + v.shape[1:])
    for j in range(m):
        without = np.flatnonzero(~masks[:, j])
        w = weights[sizes[without]].reshape((-1,) + (1,) * (v.ndim - 1))
        phi[j] = np.sum(w * (v[without | (1 << j)] - v[without]), axis=0)
    return 100 * phi


def shapley(beta: np.ndarray, x: np.ndarray, background: np.ndarray, link: str) -> np.ndarray:
    """Exact Shapley values of the predicted probability for network ``x`` (percentage points).

    The value of a coalition S of features is the average predicted probability when the network's
    own values are used for the features in S and each surveyed network's values (``background``)
    for the others. The contributions therefore add up exactly to the network's probability minus
    the average prediction over the surveyed networks. With 11 features that is 2^11 coalitions.

    Examples
    --------
    >>> beta = np.array([0.2, 1.0, -0.5])
    >>> B = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    >>> phi = shapley(beta, np.array([1.0, 0.0]), B, "logit")
    >>> F = LINKS["logit"][0]
    >>> bool(np.isclose(phi.sum(), 100 * (F(0.2 + 1.0) - F(B @ beta[1:] + 0.2).mean())))
    True
    """
    masks, v, _ = _coalition_values(beta, x, background, link)
    return _shapley_from_values(masks, v)


def shapley_gradient(beta: np.ndarray, x: np.ndarray, background: np.ndarray, link: str) -> np.ndarray:
    """The derivative of each Shapley value (points) in each coefficient: a (features × coefficients) array.

    Exact: a Shapley value is a fixed weighted sum of coalition values, whose derivatives
    :func:`_coalition_values` gives. The delta-method intervals of the contributions use it.
    """
    masks, _, dv = _coalition_values(beta, x, background, link, gradient=True)
    return _shapley_from_values(masks, dv)


def export_model(result, confidence: float = 0.95, provenance: dict | None = None) -> dict[str, Any]:
    """Everything the Netzwerk-Check needs, as plain JSON: coefficients, covariance, the surveyed networks.

    :func:`assess_exported` (and the browser form) recompute every number of :func:`assess` from it.
    """
    X = result.X
    return {
        "estimator": result.estimator, "link": result.link, "confidence": float(confidence),
        "features": list(models.FEATURES), "labels": [models.FEATURE_LABELS[f] for f in models.FEATURES],
        "coefficients": [float(v) for v in result.params.to_numpy()],
        "covariance": [[float(v) for v in row] for row in result.cov.to_numpy()],
        "background": [[float(v) for v in row] for row in X[models.FEATURES].to_numpy()],
        "provenance": provenance or {},
    }


def assess_exported(model: Mapping[str, Any], network: Mapping[str, Any]) -> dict[str, Any]:
    """The Netzwerk-Check computed from an exported model (:func:`export_model`) only.

    Returns ``probability``, ``lower``, ``upper`` (delta-method interval on the linear predictor),
    ``average`` (mean predicted probability of the surveyed networks), ``gap`` with ``gap_lower`` and
    ``gap_upper`` (delta-method interval, percentage points), and per feature its Shapley
    ``contribution`` with ``contribution_lower``/``contribution_upper`` (delta method with the exact
    gradient, :func:`shapley_gradient`) and ``distinguishable`` (the interval excludes zero).
    """
    F, f, _ = LINKS[model["link"]]
    beta = np.asarray(model["coefficients"], dtype=float)
    cov = np.asarray(model["covariance"], dtype=float)
    B = np.asarray(model["background"], dtype=float)
    x = network_vector(network).to_numpy()
    z = sps.norm.ppf(0.5 + float(model["confidence"]) / 2)
    exog = np.concatenate([[1.0], x])
    eta = float(exog @ beta)
    se = float(np.sqrt(exog @ cov @ exog))
    Bc = np.column_stack([np.ones(len(B)), B])
    average = float(F(Bc @ beta).mean())
    gap = float(F(eta)) - average
    grad_gap = f(eta) * exog - (f(Bc @ beta)[:, None] * Bc).mean(axis=0)
    gap_se = float(np.sqrt(grad_gap @ cov @ grad_gap))
    phi = shapley(beta, x, B, model["link"])
    # delta method for each contribution, with the exact gradient in the coefficients
    grads = shapley_gradient(beta, x, B, model["link"])  # features × coefficients
    phi_se = np.sqrt(np.einsum("jk,kl,jl->j", grads, cov, grads))
    return {
        "probability": float(F(eta)), "lower": float(F(eta - z * se)), "upper": float(F(eta + z * se)),
        "average": average, "gap": 100 * gap, "gap_lower": 100 * (gap - z * gap_se),
        "gap_upper": 100 * (gap + z * gap_se),
        "contribution": phi, "contribution_lower": phi - z * phi_se, "contribution_upper": phi + z * phi_se,
        "distinguishable": (phi - z * phi_se > 0) | (phi + z * phi_se < 0),
    }


def assess(survey: pd.DataFrame, network: Mapping[str, Any], model: str = "firth",
           confidence: float = 0.95, directions: Mapping[str, int] | None = None) -> dict[str, Any]:
    """Estimated probability of active KMU for ``network``, its interval, the average, and the factors.

    Returns a dict with ``probability``, ``lower``, ``upper`` (for this network), ``average`` (mean
    predicted probability over the surveyed networks), ``gap`` (probability minus average, in
    points) with its interval ``gap_lower``/``gap_upper``, ``verdict`` ("über", "unter" or
    "nicht unterscheidbar", from that interval), ``export`` (the model as JSON, see
    :func:`export_model`) and ``factors``: per feature its label and name, its value here and on
    average, the direction the study reports (from the catalogue unless ``directions`` is given),
    its ``status`` (see :func:`status`), its average marginal effect, and its ``contribution``: the
    exact Shapley value of the predicted probability (points), with interval and
    ``distinguishable``. The contributions add up to ``gap``. The status follows the study's
    direction, never the estimate.

    Raises
    ------
    kmunetz.models.EstimationError
        If the fit must not be reported (maximum likelihood under separation, or no convergence).
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")
    directions = dict(models.study_directions() if directions is None else directions)
    result = models.fit(survey, model)
    effects = models.marginal_effects(result, confidence).set_index("feature")  # raises for a failed fit
    exported = export_model(result, confidence)
    out = assess_exported(exported, network)
    x = network_vector(network)
    factors = pd.DataFrame({
        "feature": models.FEATURES,
        "label": [models.FEATURE_LABELS[f] for f in models.FEATURES],
        "name": [NAMES[f] for f in models.FEATURES],
        "value": x.to_numpy(),
        "average": result.X[models.FEATURES].mean().to_numpy(),
        "direction": [int(directions[f]) for f in models.FEATURES],
        "ame": effects.loc[models.FEATURES, "ame"].to_numpy(),
    })
    factors["status"] = [status(f, v, a, d) for f, v, a, d in
                         zip(factors["feature"], factors["value"], factors["average"], factors["direction"])]
    factors["contribution"] = out["contribution"]
    factors["contribution_lower"] = out["contribution_lower"]
    factors["contribution_upper"] = out["contribution_upper"]
    factors["distinguishable"] = out["distinguishable"]
    verdict = ("über" if out["gap_lower"] > 0 else "unter" if out["gap_upper"] < 0 else "nicht unterscheidbar")
    return {k: out[k] for k in ("probability", "lower", "upper", "average", "gap", "gap_lower", "gap_upper")} | {
        "verdict": verdict, "factors": factors, "model": model, "export": exported}


def advice(factors: pd.DataFrame) -> pd.DataFrame:
    """What applies to the features that are missing or unfavourable (status in :data:`NEEDS_ATTENTION`).

    One row per recommendation: ``feature``, ``name``, ``status``, ``source`` ("studie" for
    :data:`STUDY_RECOMMENDATIONS`, "buch" for :data:`BOOK_SUGGESTIONS`), ``text`` and ``chapter``
    (None when there is none), in the order of the features.

    Examples
    --------
    >>> f = pd.DataFrame({"feature": ["sector_focus", "decentral"], "name": ["Branchenfokus", "Dezentral"],
    ...                   "status": ["fehlt", "nicht vorhanden (günstig)"]})
    >>> advice(f)[["feature", "source", "chapter"]].values.tolist()
    [['sector_focus', 'studie', 'empfehlungen-netzwerke']]
    """
    rows = []
    for r in factors.itertuples():
        if r.status not in NEEDS_ATTENTION:
            continue
        for source, table in (("studie", STUDY_RECOMMENDATIONS), ("buch", BOOK_SUGGESTIONS)):
            if r.feature in table:
                text, chapter = table[r.feature]
                rows.append({"feature": r.feature, "name": r.name, "status": r.status, "source": source,
                             "text": text, "chapter": chapter})
    out = pd.DataFrame(rows, columns=["feature", "name", "status", "source", "text", "chapter"])
    out["chapter"] = out["chapter"].astype(object).where(out["chapter"].notna(), None)  # pandas made None NaN
    return out


def basis_sentence(assumed: bool) -> str:
    """What the estimate rests on, said next to every result (chapter and browser form)."""
    if assumed:
        return ("Mit dem synthetischen Datensatz beruht diese Schätzung auf angenommenen Effektstärken; sie ist ein "
                "Rechenbeispiel und sagt nichts darüber, wie es echten Netzwerken mit diesen Merkmalen geht.")
    return "Die Schätzung beruht auf den Befragungsdaten."


def browser_model(check: Mapping[str, Any], provenance: Mapping[str, Any], decimals: int = 0) -> dict[str, Any]:
    """The model for the browser form: :func:`export_model` plus what the form needs to say what the chapter says.

    ``check`` is the result of :func:`assess`, ``provenance`` the estimate's provenance
    (:meth:`kmunetz.provenance.Provenance.to_dict`). The form computes every number from
    ``coefficients``, ``covariance``, ``background`` and ``z`` exactly as :func:`assess_exported`
    does; it finds the status of each feature from ``averages`` and ``directions`` as :func:`status`
    does, and the advice of :func:`advice` in ``advice``.
    """
    from . import formatting
    from .provenance import tooltip_lines

    export = dict(check["export"])
    factors = check["factors"]
    years = np.asarray(export["background"])[:, models.FEATURES.index("years_since_founding")]
    confidence = float(export["confidence"])
    assumed = provenance["kind"] == "angenommen"
    advice_by_feature: dict[str, list[dict[str, Any]]] = {}
    for source, table in (("studie", STUDY_RECOMMENDATIONS), ("buch", BOOK_SUGGESTIONS)):
        for feature, (text, chapter) in table.items():
            advice_by_feature.setdefault(feature, []).append({"source": source, "text": text, "chapter": chapter})
    return export | {
        "z": float(sps.norm.ppf(0.5 + confidence / 2)), "decimals": int(decimals),
        "names": [NAMES[f] for f in models.FEATURES],
        "averages": [float(v) for v in factors["average"]],
        "directions": [int(v) for v in factors["direction"]],
        "continuous": list(CONTINUOUS), "status_order": list(STATUS_ORDER), "needs_attention": list(NEEDS_ATTENTION),
        "advice": {f: advice_by_feature[f] for f in models.FEATURES if f in advice_by_feature},
        "mark": {"kind": provenance["kind"], "label": provenance["label"], "mark": provenance["mark"],
                 "details": tooltip_lines(provenance.get("details", []))},  # as the tooltips of the book's numbers
        "confidence_label": formatting.confidence_label(confidence),
        "confidence_label_short": formatting.confidence_label(confidence, short=True),
        "basis": basis_sentence(assumed), "caution": CAUTION, "assumed": assumed, "verdicts": dict(VERDICTS),
        "years_range": [float(years.min()), float(years.max())],
    } | ADVICE_TEXTS


def form_html(model: Mapping[str, Any], network: Mapping[str, Any]) -> str:
    """The Netzwerk-Check form (HTML) with ``network`` as its default answers and ``model`` as JSON inside.

    The page's script (``_static/netcheck.js``) computes the result as the reader answers. Without
    JavaScript only the first paragraph shows: it says that the form needs JavaScript and points to
    the example below, which Python computed when the book was built.
    """
    from html import escape

    x = network_vector(network)
    data = json.dumps(model, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    rows = []
    for f in models.FEATURES:
        fid = f"kmunetz-netcheck-{f}"
        if f in CONTINUOUS:
            value = _years_text(float(x[f]))
            rows.append(
                f'<div class="kmunetz-netcheck-field kmunetz-netcheck-years"><label for="{fid}">{escape(QUESTIONS[f])}'
                f'</label> <input type="text" inputmode="decimal" id="{fid}" name="{f}" value="{value}" size="5" '
                f'autocomplete="off" aria-describedby="kmunetz-netcheck-error-{f}"> '
                f'<span class="kmunetz-netcheck-error" id="kmunetz-netcheck-error-{f}" hidden></span></div>')
        else:
            checked = " checked" if x[f] else ""
            rows.append(f'<div class="kmunetz-netcheck-field"><input type="checkbox" id="{fid}" name="{f}"{checked}> '
                        f'<label for="{fid}">{escape(QUESTIONS[f])}</label></div>')
    return (
        '<div class="kmunetz-netcheck">'
        f'<script type="application/json" class="kmunetz-netcheck-model">{data}</script>'
        '<p class="kmunetz-netcheck-nojs">Das Formular rechnet im Browser und braucht dafür JavaScript. Ohne '
        'JavaScript, und in der PDF-Ausgabe, gilt das Beispielnetzwerk weiter unten, das beim Bauen des Buchs '
        'berechnet wurde; Angaben in der Adresse der Seite bleiben dann unberücksichtigt.</p>'
        '<form class="kmunetz-netcheck-form" novalidate aria-describedby="kmunetz-netcheck-hint">'
        '<p id="kmunetz-netcheck-hint" class="kmunetz-netcheck-hint">Angaben zu Ihrem Netzwerk; das Ergebnis '
        'darunter ändert sich mit jeder Angabe. Die Adresse der Seite hält die Angaben fest: Wer sie speichert oder '
        'weitergibt, öffnet dasselbe Ergebnis.</p>'
        '<fieldset><legend>Merkmale des Netzwerks</legend>' + "".join(rows) + '</fieldset>'
        '<button type="reset" class="kmunetz-netcheck-reset">Beispielnetzwerk wiederherstellen</button>'
        '</form>'
        '<div class="kmunetz-netcheck-live kmunetz-sr" role="status" aria-live="polite"></div>'
        '<div class="kmunetz-netcheck-result"></div>'
        '</div>'
    )


def _years_text(value: float) -> str:
    """Years for the form's field: whole numbers without decimals, others with a decimal comma."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}".replace(".", ",")
