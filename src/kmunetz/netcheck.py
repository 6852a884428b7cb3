"""The Netzwerk-Check: what the model of active participation says about one particular network.

A coordinator describes a network by the features of the model; :func:`assess` returns the
estimated probability that such a network has active KMU, with a confidence interval, beside the
average network, and for every feature its status (present or missing, favourable or not, by the
direction the study reports) and its contribution. :func:`advice` lists what applies to the features
that are missing or unfavourable: the study's own recommendations, each with its chapter, and,
kept apart, the suggestions of this book (which the study does not make).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from . import models
from .estimation import LINKS

__all__ = ["STUDY_RECOMMENDATIONS", "BOOK_SUGGESTIONS", "CONTINUOUS", "NAMES", "STATUS_ORDER", "NEEDS_ATTENTION",
           "network_vector", "status", "assess", "advice"]

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
    F = LINKS[link][0]
    m = len(x)
    masks = _coalitions(m)
    base = beta[0] + background @ beta[1:]
    diff = (x[None, :] - background) * beta[1:]
    v = F(base[None, :] + masks.astype(float) @ diff.T).mean(axis=1)
    sizes = masks.sum(axis=1)
    weights = np.array([math.factorial(k) * math.factorial(m - k - 1) / math.factorial(m) for k in range(m)])
    phi = np.empty(m)
    for j in range(m):
        without = np.flatnonzero(~masks[:, j])
        phi[j] = np.sum(weights[sizes[without]] * (v[without | (1 << j)] - v[without]))
    return 100 * phi


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
    ``contribution`` with ``contribution_lower``/``contribution_upper`` (delta method with a numerical
    gradient) and ``distinguishable`` (the interval excludes zero).
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
    # delta method for each contribution, with a central-difference gradient in the coefficients
    grads = np.empty((len(beta), len(x)))
    for k in range(len(beta)):
        h = 1e-5 * max(1.0, abs(beta[k]))
        up, down = beta.copy(), beta.copy()
        up[k] += h
        down[k] -= h
        grads[k] = (shapley(up, x, B, model["link"]) - shapley(down, x, B, model["link"])) / (2 * h)
    phi_se = np.sqrt(np.einsum("kj,kl,lj->j", grads, cov, grads))
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
