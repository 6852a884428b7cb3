"""The Netzwerk-Check: what the model of active participation says about one particular network.

A coordinator describes a network by the features of the model; :func:`assess` returns the
estimated probability that such a network has active KMU, with a confidence interval, beside the
average network, and for every feature its status (present or missing, favourable or not, by the
direction the study reports) and its contribution. :func:`advice` lists what applies to the features
that are missing or unfavourable and whose contribution measurably lowers the probability: the
study's own recommendations, each with its chapter, and, kept apart, the suggestions of this book
(which the study does not make).

The average network is the one the model chapter names: the share of networks with active KMU among
those in the model. The check's model therefore keeps the fitted slopes and re-estimates the
intercept so that the mean prediction over the surveyed networks equals that share exactly
(:func:`intercept_correction`, Firth's logit with intercept correction, FLIC); the contributions of
the features then add up to the distance from that share.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from . import formatting, models
from .estimation import LINKS, BinaryFit

__all__ = ["STUDY_RECOMMENDATIONS", "BOOK_SUGGESTIONS", "CONTINUOUS", "NAMES", "STATUS_ORDER", "NEEDS_ATTENTION",
           "ADVICE_TEXTS", "QUESTIONS", "network_vector", "status", "intercept_correction", "check_fit",
           "assess", "advice", "undecided", "export_model", "assess_exported", "browser_model", "form_html",
           "basis_sentence", "undecided_sentence", "unclear_sentence", "contrary_sentence", "assumptions_sentence",
           "model_sentence", "advice_lead", "AVERAGE_DECIMALS", "shapley", "shapley_gradient", "VERDICTS", "CAUTION"]

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

#: How the check names a feature, beside its status and in the row of its contribution (the model's label
#: where not given here). The model chapter's "Bestehen (je Jahr)" names a per-year effect; the check's row
#: holds the contribution of the network's years against the average, so it has its own name.
NAMES = {f: models.FEATURE_LABELS[f] for f in models.FEATURES} | {"years_since_founding": "Dauer des Bestehens"}

#: Every status, in the order the chapter lists them: favourable ones first.
STATUS_ORDER = [
    "vorhanden (günstig)", "nicht vorhanden (günstig)", "länger als der Durchschnitt (günstig)",
    "kürzer als der Durchschnitt (günstig)", "so lang wie der Durchschnitt",
    "fehlt", "kürzer als der Durchschnitt", "vorhanden (ungünstig)", "länger als der Durchschnitt (ungünstig)",
]

#: The sentences around the recommendations (chapter and browser form say the same). A recommendation
#: applies to a feature that is missing or unfavourable and whose contribution measurably lowers the
#: probability; ``undecided_one``/``undecided_many`` (with ``{names}``) name the missing or unfavourable
#: features whose contribution the data cannot tell from zero (see :func:`undecided_sentence`).
ADVICE_TEXTS = {
    "lead_study": "Die Studie gibt diese Empfehlungen allgemein; welchem Merkmal sie hier zugeordnet sind, "
                  "entscheidet dieses Buch.",
    "none_study": "Zu den Merkmalen, die hier fehlen oder ungünstig sind und die geschätzte Wahrscheinlichkeit "
                  "erkennbar senken, gibt die Studie keine eigene Empfehlung.",
    "lead_book": "Die folgenden Hinweise sind Überlegungen dieses Buchs, keine Empfehlungen der Studie.",
    "none_book": "Für die Merkmale, die hier fehlen oder ungünstig sind und die geschätzte Wahrscheinlichkeit "
                 "erkennbar senken, hat dieses Buch keine eigenen Hinweise.",
    "none_missing": "Keines der Merkmale fehlt oder ist nach der Studie ungünstig.",
    "none_clear": "Bei keinem der Merkmale, die hier fehlen oder ungünstig sind, senkt der Beitrag die geschätzte "
                  "Wahrscheinlichkeit erkennbar; eine Empfehlung leitet der Check deshalb nicht ab.",
    "undecided_one": "Für das Merkmal {names} können die Daten nicht sagen, ob es hier die geschätzte "
                     "Wahrscheinlichkeit senkt (das Intervall seines Beitrags schließt die Null ein); deshalb "
                     "leitet der Check daraus keine Empfehlung ab.",
    "undecided_many": "Für die Merkmale {names} können die Daten nicht sagen, ob sie hier die geschätzte "
                      "Wahrscheinlichkeit senken (die Intervalle ihrer Beiträge schließen die Null ein); deshalb "
                      "leitet der Check daraus keine Empfehlungen ab.",
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


def intercept_correction(result: BinaryFit) -> tuple[pd.Series, pd.DataFrame]:
    """The fit's slopes with the intercept re-estimated so that the mean prediction equals the observed share.

    Firth's penalised logit pulls its predictions towards 1/2, so their mean over the surveyed
    networks is not the share of networks with active KMU. Firth's logistic regression with intercept
    correction (FLIC; Puhr, Heinze, Nold, Lusa and Geroldinger 2017, *Statistics in Medicine* 36,
    2302–2317; ``logistf::flic``) keeps Firth's slopes β_s and re-estimates the intercept by maximum
    likelihood with the slopes' linear predictor o_i = x_i'β_s as offset. For the logit link that
    intercept c solves Σ F(c + o_i) = Σ y_i: the mean prediction equals the observed share ȳ
    exactly. This function solves that equation for every link and estimator: for a logit fit by
    maximum likelihood it returns the fit's own intercept (up to rounding), for a probit fit it moves
    the intercept slightly (there the maximum likelihood intercept only nearly matches the share).

    The covariance of the corrected coefficients (c, β_s) is derived by the delta method from c as a
    function of the slopes and the share, with ∂c/∂β_s = −Σ f_i x_i / Σ f_i and ∂c/∂ȳ = n / Σ f_i
    (f the link's density at the corrected predictions). It uses the fit's covariance of the slopes,
    the variance of ȳ under the model given the design, Σ p_i (1 − p_i) / n² (conditional on the
    networks' features, as the fit's covariance is), and the first-order covariance of the slopes with
    ȳ, [V Σ f_i x_i]_s / n, from the score of maximum likelihood (V: the fit's covariance, f at the
    fit's predictions). For the logit link that covariance is exactly zero (the constant's row of the
    information matrix), for Firth's fit to first order, so there the slopes and ȳ are uncorrelated;
    for a logit fit by maximum likelihood the result is the fit's own covariance. All this is
    asymptotic, as the fit's covariance itself; it treats the slopes and the share as the only sources
    of uncertainty (using the binomial variance ȳ(1 − ȳ)/n instead would widen the intercept's
    variance a little, by the spread of the predictions).

    Examples
    --------
    >>> from kmunetz.survey import load_survey
    >>> result = models.fit(load_survey())
    >>> params, cov = intercept_correction(result)
    >>> bool(np.isclose(LINKS["logit"][0](result.X.to_numpy() @ params.to_numpy()).mean(), result.y.mean()))
    True
    >>> bool(np.allclose(params.iloc[1:], result.params.iloc[1:]))  # the slopes are Firth's
    True
    """
    from scipy import optimize

    F, f, _ = LINKS[result.link]
    names = list(result.X.columns)
    if names[0] != "const":
        raise ValueError(f"the design's first column must be the constant, got {names[0]!r}")
    A = result.X.to_numpy(dtype=float)
    beta = result.params.to_numpy(dtype=float)
    V = result.cov.to_numpy(dtype=float)
    y = np.asarray(result.y, dtype=float)
    n, share = len(y), float(np.mean(y))
    if not 0 < share < 1:
        raise ValueError("the intercept correction needs networks with and without active KMU")
    offset = A[:, 1:] @ beta[1:]
    # mean F(c + o) rises in c; at these ends it lies below and above the share
    target = float(sps.norm.ppf(share)) if result.link == "probit" else math.log(share / (1 - share))
    lo, hi = target - offset.max() - 1.0, target - offset.min() + 1.0
    c = optimize.brentq(lambda t: F(t + offset).mean() - share, lo, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps)
    params = np.concatenate([[c], beta[1:]])
    eta = A @ params
    p, dens = F(eta), f(eta)
    total = dens.sum()
    # u = (ȳ, β_s): its covariance, then θ = (c, β_s) = J u
    k = len(beta)
    U = np.zeros((k, k))
    U[1:, 1:] = V[1:, 1:]
    U[0, 0] = float(np.sum(p * (1 - p))) / n ** 2
    cross = (V @ (A.T @ f(A @ beta)))[1:] / n  # Cov(β_s, ȳ) from the fit's score
    U[0, 1:] = U[1:, 0] = cross
    J = np.eye(k)
    J[0, 0] = n / total
    J[0, 1:] = -(dens @ A[:, 1:]) / total
    cov = J @ U @ J.T
    cov = (cov + cov.T) / 2
    return pd.Series(params, index=names), pd.DataFrame(cov, index=names, columns=names)


def check_fit(survey: pd.DataFrame, model: str = "firth") -> tuple[BinaryFit, str, str]:
    """The fit the check rests on: ``(fit, estimator used, German note)``.

    A maximum likelihood fit that must not be reported (separation, no convergence) is replaced by
    Firth's logit, as in the model chapter; the note says so ("" when the chosen model is used).
    """
    result = models.fit(survey, model)
    if result.trustworthy or model == "firth":
        return result, model, ""
    firth = models.fit(survey, "firth")
    why = "" if result.separation.separated else " " + result.problem(models.FEATURE_LABELS)
    note = (f"Das gewählte {models.ESTIMATOR_NAMES[model]}-Modell lässt sich mit diesen Daten nicht sinnvoll schätzen.{why} "
            "Der Check rechnet deshalb, wie das Kapitel zum Modell, mit dem Firth-Logit-Modell.")
    return firth, "firth", note


def export_model(result, confidence: float = 0.95, provenance: dict | None = None) -> dict[str, Any]:
    """Everything the Netzwerk-Check needs, as plain JSON: coefficients, covariance, the surveyed networks.

    ``coefficients`` and ``covariance`` are those of :func:`intercept_correction` (the fit's slopes,
    the intercept that makes the mean prediction the observed ``share``); ``fitted_intercept`` is the
    fit's own. :func:`assess_exported` (and the browser form) recompute every number of :func:`assess`
    from it.
    """
    X = result.X
    params, cov = intercept_correction(result)
    return {
        "estimator": result.estimator, "link": result.link, "confidence": float(confidence),
        "intercept": "corrected", "share": float(np.mean(result.y)), "n": int(len(result.y)),
        "fitted_intercept": float(result.params.iloc[0]),
        "features": list(models.FEATURES), "labels": [NAMES[f] for f in models.FEATURES],
        "coefficients": [float(v) for v in params.to_numpy()],
        "covariance": [[float(v) for v in row] for row in cov.to_numpy()],
        "background": [[float(v) for v in row] for row in X[models.FEATURES].to_numpy()],
        "provenance": provenance or {},
    }


def assess_exported(model: Mapping[str, Any], network: Mapping[str, Any]) -> dict[str, Any]:
    """The Netzwerk-Check computed from an exported model (:func:`export_model`) only.

    Returns ``probability``, ``lower``, ``upper`` (delta-method interval on the scale of the linear
    predictor, transformed back), ``average`` (mean predicted probability of the surveyed networks:
    with the corrected intercept the observed share), ``gap`` with ``gap_lower`` and ``gap_upper``
    (percentage points: the probability and its interval minus the average, which is a fixed number
    of the data, so ``gap_lower`` is ``lower - average``), and per feature its Shapley
    ``contribution`` with ``contribution_lower``/``contribution_upper`` (delta method with the exact
    gradient, :func:`shapley_gradient`) and ``distinguishable`` (the interval excludes zero).
    """
    F, _, _ = LINKS[model["link"]]
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
    probability, lower, upper = float(F(eta)), float(F(eta - z * se)), float(F(eta + z * se))
    phi = shapley(beta, x, B, model["link"])
    # delta method for each contribution, with the exact gradient in the coefficients
    grads = shapley_gradient(beta, x, B, model["link"])  # features × coefficients
    phi_se = np.sqrt(np.einsum("jk,kl,jl->j", grads, cov, grads))
    return {
        "probability": probability, "lower": lower, "upper": upper, "average": average,
        "gap": 100 * (probability - average), "gap_lower": 100 * (lower - average),
        "gap_upper": 100 * (upper - average),
        "contribution": phi, "contribution_lower": phi - z * phi_se, "contribution_upper": phi + z * phi_se,
        "distinguishable": (phi - z * phi_se > 0) | (phi + z * phi_se < 0),
    }


def assess(survey: pd.DataFrame, network: Mapping[str, Any], model: str = "firth",
           confidence: float = 0.95, directions: Mapping[str, int] | None = None) -> dict[str, Any]:
    """Estimated probability of active KMU for ``network``, its interval, the average, and the factors.

    Returns a dict with ``probability``, ``lower``, ``upper`` (for this network), ``average`` (the
    share of networks with active KMU among those in the model, which the model with corrected
    intercept, :func:`intercept_correction`, predicts on average), ``gap`` (probability minus
    average, in points) with its interval ``gap_lower``/``gap_upper`` (the probability's interval
    minus the average), ``verdict`` ("über", "unter" or "nicht unterscheidbar", from that interval),
    ``model`` (the estimator used), ``requested`` (the one asked for), ``note`` (German: why another
    estimator is used, or ""), ``fit`` (the :class:`~kmunetz.estimation.BinaryFit`), ``export`` (the
    model as JSON, see :func:`export_model`) and ``factors``: per feature its label and name (the
    check's, :data:`NAMES`), its value here and on average, the direction the study reports (from the
    catalogue unless ``directions`` is given), its ``status`` (see :func:`status`), its average
    marginal effect ``ame`` (points; the model chapter's point estimate, from the fit as estimated),
    and its ``contribution``: the exact Shapley value of the predicted probability (points), with
    interval and ``distinguishable``. The contributions add up to ``gap``. The status follows the
    study's direction, never the estimate.

    A maximum likelihood model that cannot be estimated from these data is replaced by Firth's logit
    (:func:`check_fit`); only a Firth fit that fails raises.

    Raises
    ------
    kmunetz.models.EstimationError
        If even Firth's fit must not be reported (no convergence, or a feature without variation).
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")
    directions = dict(models.study_directions() if directions is None else directions)
    result, used, note = check_fit(survey, model)
    if not result.trustworthy:
        raise models.EstimationError(result.problem(models.FEATURE_LABELS))
    X = result.X.to_numpy(dtype=float)
    names = list(result.X.columns)
    ame = 100 * models.ames(result.params.to_numpy(), X, result.link, [names.index(f) for f in models.FEATURES])[0]
    exported = export_model(result, confidence)
    out = assess_exported(exported, network)
    x = network_vector(network)
    factors = pd.DataFrame({
        "feature": models.FEATURES,
        "label": [NAMES[f] for f in models.FEATURES],
        "name": [NAMES[f] for f in models.FEATURES],
        "value": x.to_numpy(),
        "average": result.X[models.FEATURES].mean().to_numpy(),
        "direction": [int(directions[f]) for f in models.FEATURES],
        "ame": ame,
    })
    factors["status"] = [status(f, v, a, d) for f, v, a, d in
                         zip(factors["feature"], factors["value"], factors["average"], factors["direction"])]
    factors["contribution"] = out["contribution"]
    factors["contribution_lower"] = out["contribution_lower"]
    factors["contribution_upper"] = out["contribution_upper"]
    factors["distinguishable"] = out["distinguishable"]
    verdict = ("über" if out["gap_lower"] > 0 else "unter" if out["gap_upper"] < 0 else "nicht unterscheidbar")
    return {k: out[k] for k in ("probability", "lower", "upper", "average", "gap", "gap_lower", "gap_upper")} | {
        "verdict": verdict, "factors": factors, "model": used, "requested": model, "note": note, "fit": result,
        "export": exported}


def _lowers(factors: pd.DataFrame) -> pd.Series:
    """Missing or unfavourable, and the contribution's interval lies below zero."""
    return factors["status"].isin(NEEDS_ATTENTION) & (factors["contribution_upper"] < 0)


def undecided(factors: pd.DataFrame) -> list[str]:
    """The names of the missing or unfavourable features whose contribution the data cannot tell from zero.

    Examples
    --------
    >>> f = pd.DataFrame({"name": ["A", "B", "C"], "status": ["fehlt", "fehlt", "vorhanden (günstig)"],
    ...                   "contribution_lower": [-3.0, -9.0, -1.0], "contribution_upper": [2.0, -1.0, 4.0]})
    >>> undecided(f)
    ['A']
    """
    unclear = (factors["contribution_lower"] <= 0) & (factors["contribution_upper"] >= 0)
    return list(factors.loc[factors["status"].isin(NEEDS_ATTENTION) & unclear, "name"])


def advice(factors: pd.DataFrame) -> pd.DataFrame:
    """What applies to the features that are missing or unfavourable and measurably lower the probability.

    A feature qualifies when its status is in :data:`NEEDS_ATTENTION` and the interval of its
    contribution lies below zero: advice "aim for X" must not rest on a contribution the data cannot
    tell from zero (those features are named by :func:`undecided` and :func:`undecided_sentence`), nor
    on one that raises this network's probability. One row per recommendation: ``feature``, ``name``,
    ``status``, ``source`` ("studie" for :data:`STUDY_RECOMMENDATIONS`, "buch" for
    :data:`BOOK_SUGGESTIONS`), ``text`` and ``chapter`` (None when there is none), in the order of the
    features.

    Examples
    --------
    >>> f = pd.DataFrame({"feature": ["sector_focus", "decentral", "regular_fees"],
    ...                   "name": ["Branchenfokus", "Dezentral", "Gebühren"],
    ...                   "status": ["fehlt", "nicht vorhanden (günstig)", "fehlt"],
    ...                   "contribution_lower": [-9.0, 1.0, -4.0], "contribution_upper": [-2.0, 5.0, 1.0]})
    >>> advice(f)[["feature", "source", "chapter"]].values.tolist()
    [['sector_focus', 'studie', 'empfehlungen-netzwerke']]
    """
    rows = []
    for r in factors[_lowers(factors)].itertuples():
        for source, table in (("studie", STUDY_RECOMMENDATIONS), ("buch", BOOK_SUGGESTIONS)):
            if r.feature in table:
                text, chapter = table[r.feature]
                rows.append({"feature": r.feature, "name": r.name, "status": r.status, "source": source,
                             "text": text, "chapter": chapter})
    out = pd.DataFrame(rows, columns=["feature", "name", "status", "source", "text", "chapter"])
    out["chapter"] = out["chapter"].astype(object).where(out["chapter"].notna(), None)  # pandas made None NaN
    return out


def advice_lead(factors: pd.DataFrame, source: str) -> str:
    """The sentence that stands instead of (or before) the advice of ``source`` ("studie" or "buch").

    Examples
    --------
    >>> f = pd.DataFrame({"feature": ["sector_focus"], "name": ["Branchenfokus"], "status": ["fehlt"],
    ...                   "contribution_lower": [-3.0], "contribution_upper": [2.0]})
    >>> advice_lead(f, "studie") == ADVICE_TEXTS["none_clear"]
    True
    """
    if not factors["status"].isin(NEEDS_ATTENTION).any():
        return ADVICE_TEXTS["none_missing"]
    if not _lowers(factors).any():
        return ADVICE_TEXTS["none_clear"]
    rows = advice(factors)
    key = {"studie": "study", "buch": "book"}[source]
    return ADVICE_TEXTS[f"lead_{key}" if (rows["source"] == source).any() else f"none_{key}"]


def _quoted(names) -> str:
    return formatting.german_list([f"„{x}“" for x in names])


def undecided_sentence(names) -> str:
    """The sentence for missing or unfavourable features whose contribution includes zero ("" for none).

    The browser form fills the same templates (``undecided_one``, ``undecided_many`` of
    :data:`ADVICE_TEXTS`).

    Examples
    --------
    >>> undecided_sentence([])
    ''
    >>> undecided_sentence(["Branchenfokus"])[:60]
    'Für das Merkmal „Branchenfokus“ können die Daten nicht sagen'
    >>> "„A“ und „B“" in undecided_sentence(["A", "B"])
    True
    """
    names = list(names)
    if not names:
        return ""
    return ADVICE_TEXTS["undecided_one" if len(names) == 1 else "undecided_many"].format(names=_quoted(names))


def unclear_sentence(names) -> str:
    """Which contributions the data cannot tell from zero (all of them may be clear).

    Examples
    --------
    >>> unclear_sentence([])
    'Bei allen Merkmalen schließt das Intervall des Beitrags die Null aus.'
    >>> unclear_sentence(["A"]).endswith("sein Beitrag ist von null nicht zu unterscheiden und in der Abbildung blass gezeichnet.")
    True
    """
    names = list(names)
    if not names:
        return "Bei allen Merkmalen schließt das Intervall des Beitrags die Null aus."
    return ("Bei " + _quoted(names) + " schließt das Intervall des Beitrags die Null nicht aus; "
            + ("sein Beitrag ist" if len(names) == 1 else "ihre Beiträge sind")
            + " von null nicht zu unterscheiden und in der Abbildung blass gezeichnet.")


def contrary_sentence(names) -> str:
    """Which estimated effects point against the direction the study reports (possible with real data).

    Examples
    --------
    >>> contrary_sentence([])
    'Bei allen Merkmalen zeigt der geschätzte Effekt in die Richtung, die die Studie berichtet.'
    >>> "ihre Beiträge haben" in contrary_sentence(["A", "B"])
    True
    """
    names = list(names)
    if not names:
        return "Bei allen Merkmalen zeigt der geschätzte Effekt in die Richtung, die die Studie berichtet."
    return ("Bei " + _quoted(names) + " zeigt der geschätzte Effekt in die Gegenrichtung dessen, was die Studie "
            "berichtet; " + ("sein Beitrag hat" if len(names) == 1 else "ihre Beiträge haben")
            + " deshalb ein anderes Vorzeichen, als der Status erwarten lässt.")


def basis_sentence(assumed: bool) -> str:
    """What the estimate rests on, said next to every result (chapter and browser form)."""
    if assumed:
        return ("Mit den Übungsdaten beruht diese Schätzung auf angenommenen Effektstärken; sie ist ein "
                "Rechenbeispiel und sagt nichts darüber, wie es echten Netzwerken mit diesen Merkmalen geht.")
    return "Die Schätzung beruht auf den Befragungsdaten."


def assumptions_sentence(assumed: bool) -> str:
    """Where the effect sizes and the statuses come from (the box "Wie das Ergebnis zu lesen ist")."""
    if assumed:
        return ("Mit den Übungsdaten beruhen die Effektstärken zudem auf Annahmen; aus der Studie stammen "
                "nur die Richtungen, nach denen die Merkmale oben als günstig oder ungünstig eingestuft sind.")
    return ("Die Effektstärken sind aus den Befragungsdaten geschätzt; die Einstufung der Merkmale als günstig oder "
            "ungünstig folgt dagegen den Richtungen, die die Studie berichtet.")


def model_sentence(check: Mapping[str, Any]) -> str:
    """What the page must say about the fit: another estimator than the chosen one, and separation ("" if neither).

    The separation is said by :meth:`kmunetz.estimation.Separation.sentence` with the check's names;
    under separation Firth's estimates stay finite, but the contributions of the separating features
    are only roughly determined.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from kmunetz.estimation import Separation
    >>> fit_ = SimpleNamespace(separation=Separation(True, ("sector_focus",), cells=((1, 1, 5),)))
    >>> model_sentence({"fit": fit_, "note": ""})  # doctest: +NORMALIZE_WHITESPACE
    'Die Daten sind getrennt: Alle 5 Netzwerke mit dem Merkmal „Branchenfokus“ haben aktive KMU. Firths
    Schätzung bleibt trotzdem endlich, doch der Beitrag dieses Merkmals ist nur grob bestimmt.'
    """
    separation = check["fit"].separation
    parts = [check.get("note", "")]
    if separation.separated:
        parts += [separation.sentence(NAMES), "Firths Schätzung bleibt trotzdem endlich, doch "
                  + ("der Beitrag dieses Merkmals ist" if len(separation.features) == 1 else
                     "die Beiträge der beteiligten Merkmale sind") + " nur grob bestimmt."]
    return " ".join(p for p in parts if p)


def _mark(provenance: Mapping[str, Any]) -> dict[str, Any]:
    """A provenance as the form's marks need it (as the tooltips of the book's numbers)."""
    from .provenance import tooltip_lines

    return {"kind": provenance["kind"], "label": provenance["label"], "mark": provenance["mark"],
            "details": tooltip_lines(provenance.get("details", []))}


#: Decimals of the average (the share of networks with active KMU), as the model chapter writes it.
AVERAGE_DECIMALS = 1


def browser_model(check: Mapping[str, Any], provenance: Mapping[str, Any], decimals: int = 0,
                  average_provenance: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The model for the browser form: :func:`export_model` plus what the form needs to say what the chapter says.

    ``check`` is the result of :func:`assess`, ``provenance`` the estimate's provenance
    (:meth:`kmunetz.provenance.Provenance.to_dict`) and ``average_provenance`` that of the average (the
    share of networks with active KMU; the estimate's when not given). The form computes every number
    from ``coefficients``, ``covariance``, ``background`` and ``z`` exactly as :func:`assess_exported`
    does; it finds the status of each feature from ``averages`` and ``directions`` as :func:`status`
    does, and the advice of :func:`advice` in ``advice`` (with the sentences of :data:`ADVICE_TEXTS`).
    """
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
        "average_decimals": AVERAGE_DECIMALS,
        "names": [NAMES[f] for f in models.FEATURES],
        "averages": [float(v) for v in factors["average"]],
        "directions": [int(v) for v in factors["direction"]],
        "continuous": list(CONTINUOUS), "status_order": list(STATUS_ORDER), "needs_attention": list(NEEDS_ATTENTION),
        "advice": {f: advice_by_feature[f] for f in models.FEATURES if f in advice_by_feature},
        "mark": _mark(provenance), "average_mark": _mark(average_provenance or provenance),
        "confidence_label": formatting.confidence_label(confidence),
        "confidence_label_short": formatting.confidence_label(confidence, short=True),
        "basis": basis_sentence(assumed), "caution": CAUTION, "assumed": assumed, "verdicts": dict(VERDICTS),
        "model_note": model_sentence(check),
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
        'JavaScript, und in der PDF-Ausgabe, gilt das Beispielnetzwerk im aufklappbaren Teil weiter unten, das beim Bauen des Buchs '
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
