"""The Netzwerk-Check: what the model of active participation says about one particular network.

A coordinator describes a network by the features of the model; :func:`assess` returns the
estimated probability that such a network has active KMU, with a confidence interval, beside the
average network, and for every feature its status (present or missing, favourable or not, by the
direction the study reports) and its contribution. :func:`advice` lists what applies to the features
that are missing or unfavourable: the study's own recommendations, each with its chapter, and,
kept apart, the suggestions of this book (which the study does not make).
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import pandas as pd
from scipy import stats as sps

from . import models

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


def assess(survey: pd.DataFrame, network: Mapping[str, Any], model: str = "logit",
           confidence: float = 0.95, directions: Mapping[str, int] | None = None) -> dict[str, Any]:
    """Estimated probability of active KMU for ``network``, its interval, the average, and the factors.

    Returns a dict with ``probability``, ``lower``, ``upper`` (for this network), ``average`` (mean
    predicted probability over the survey's networks), and ``factors``: a table with each feature's
    label (as in the model) and name (beside its status), its value here and on average, the direction the study reports (``direction``, from the catalogue
    via :func:`kmunetz.models.study_directions` unless ``directions`` is given), its ``status`` (see
    :func:`status`), its average marginal effect, and its contribution (value minus average, times
    the effect, in percentage points). The status follows the study's direction, never the estimate.
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")
    directions = dict(models.study_directions() if directions is None else directions)
    result = models.fit(survey, model)
    x = network_vector(network)
    exog = np.concatenate([[1.0], x.to_numpy()])
    beta = result.params.to_numpy()
    cov = result.cov_params().to_numpy()
    eta = float(exog @ beta)
    se = float(np.sqrt(exog @ cov @ exog))
    z = sps.norm.ppf(0.5 + confidence / 2)
    cdf = (lambda t: 1 / (1 + np.exp(-t))) if model == "logit" else sps.norm.cdf
    effects = models.marginal_effects(result, confidence).set_index("feature")
    means = pd.DataFrame(result.model.exog, columns=result.model.exog_names).mean()  # the fitted design
    factors = pd.DataFrame({
        "feature": models.FEATURES,
        "label": [models.FEATURE_LABELS[f] for f in models.FEATURES],
        "name": [NAMES[f] for f in models.FEATURES],
        "value": x.to_numpy(),
        "average": means[models.FEATURES].to_numpy(),
        "direction": [int(directions[f]) for f in models.FEATURES],
        "ame": effects.loc[models.FEATURES, "ame"].to_numpy(),
    })
    factors["status"] = [status(f, v, a, d) for f, v, a, d in
                         zip(factors["feature"], factors["value"], factors["average"], factors["direction"])]
    factors["contribution"] = (factors["value"] - factors["average"]) * factors["ame"]
    return {
        "probability": float(cdf(eta)), "lower": float(cdf(eta - z * se)), "upper": float(cdf(eta + z * se)),
        "average": float(np.mean(result.predict())), "factors": factors, "model": model,
    }


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
