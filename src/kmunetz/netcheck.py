"""The Netzwerk-Check: what the model of active participation says about one particular network.

A coordinator describes a network by the features of the model; :func:`assess` returns the
estimated probability that such a network has active KMU, with a confidence interval, beside the
average network, the features that help or hold it back, and the study's recommendations that apply.
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import pandas as pd
from scipy import stats as sps

from . import models

__all__ = ["RECOMMENDATIONS", "network_vector", "assess"]

#: For each feature: what the study recommends when the network is on the less favourable side,
#: and the chapter that explains it.
RECOMMENDATIONS: dict[str, tuple[str, str]] = {
    "partner_large_firms": ("Größere Unternehmen als Partner gewinnen: Sie wirken als Leuchttürme und Multiplikatoren.", "ansprache"),
    "partner_schools": ("Schulen und Bildungseinrichtungen einbinden: Nachwuchs ist für KMU ein konkreter Nutzen.", "praxis-generationenwerkstatt"),
    "partner_local_authority": ("Kommune oder Landkreis als Partner gewinnen, etwa über die Wirtschaftsförderung.", "praxis-ludwigsburg"),
    "attractive_topics": ("Aktuelle, attraktive Themen aufgreifen (z. B. Digitalisierung, Führungskräfte).", "empfehlungen-netzwerke"),
    "years_since_founding": ("Geduld: Vertrauen und stabile Beziehungen zu KMU entstehen über Jahre.", "empfehlungen-netzwerke"),
    "fulltime_coordination": ("Hauptamtliche Koordination anstreben und dafür Förderung suchen.", "empfehlungen-politik"),
    "sector_focus": ("Angebote regional oder nach Branchen zuschneiden.", "empfehlungen-netzwerke"),
    "exploitative": ("Neben der Verbesserung des Bestehenden auch neue Vorhaben anstoßen, bei denen KMU gebraucht werden.", "typen"),
    "public_goods": ("Angebote schaffen, die gerade den Mitwirkenden nützen, damit sich Engagement lohnt.", "typen"),
    "decentral": ("Ansprechpartner und Abläufe klar benennen, damit KMU wissen, wie sie sich einbringen können.", "typen"),
    "regular_fees": ("Konkrete, anwendbare Angebote dürfen etwas kosten; Beiträge binden Mitglieder.", "empfehlungen-netzwerke"),
}


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


def assess(survey: pd.DataFrame, network: Mapping[str, Any], model: str = "logit",
           confidence: float = 0.95) -> dict[str, Any]:
    """Estimated probability of active KMU for ``network``, its interval, the average, and the factors.

    Returns a dict with ``probability``, ``lower``, ``upper`` (for this network), ``average`` (mean
    predicted probability over the survey's networks), and ``factors``: a table with each feature's
    value here and on average, its average marginal effect, and its contribution (value minus
    average, times the effect, in percentage points; positive helps, negative holds back).
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")
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
        "value": x.to_numpy(),
        "average": means[models.FEATURES].to_numpy(),
        "ame": effects.loc[models.FEATURES, "ame"].to_numpy(),
    })
    factors["contribution"] = (factors["value"] - factors["average"]) * factors["ame"]
    return {
        "probability": float(cdf(eta)), "lower": float(cdf(eta - z * se)), "upper": float(cdf(eta + z * se)),
        "average": float(np.mean(result.predict())), "factors": factors, "model": model,
    }
