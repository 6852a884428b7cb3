"""How robust are the findings? Seed sweeps computed in one process, for the book's robustness chapter.

``kmunetz sweep`` re-executes a whole chapter per seed (papermill); this module does the same for the
key findings directly, which is fast enough to run inside the default build: every published number,
and every average marginal effect of the model of active participation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import models, reproduce, synthetic

__all__ = ["effect_sweep", "effect_stability", "published_sweep"]


def effect_sweep(seeds, n: int = synthetic.DEFAULT_N, model: str = "logit", confidence: float = 0.95) -> pd.DataFrame:
    """Average marginal effects for each seed: one row per seed and feature (``seed, feature, ame, lower, upper``)."""
    frames = []
    for seed in seeds:
        survey = synthetic.generate_survey(int(seed), n)
        me = models.marginal_effects(models.fit(survey, model), confidence)
        frames.append(me[["feature", "label", "ame", "lower", "upper", "study_direction"]].assign(seed=int(seed)))
    return pd.concat(frames, ignore_index=True)


def effect_stability(sweep: pd.DataFrame) -> pd.DataFrame:
    """Per feature: median effect, 5th–95th percentile across seeds, share of seeds with the study's sign,
    and share of seeds whose interval excludes zero on the study's side (the power to find the effect)."""
    s = sweep.assign(
        same_sign=np.sign(sweep["ame"]) == sweep["study_direction"],
        found=np.where(sweep["study_direction"] > 0, sweep["lower"] > 0, sweep["upper"] < 0),
    )
    g = s.groupby(["feature", "label"], sort=False)
    out = pd.DataFrame({
        "median": g["ame"].median(), "p05": g["ame"].quantile(0.05), "p95": g["ame"].quantile(0.95),
        "same_sign": g["same_sign"].mean(), "found": g["found"].mean(), "seeds": g.size(),
    }).reset_index()
    return out


def published_sweep(seeds, n: int = synthetic.DEFAULT_N, confidence: float = 0.95) -> pd.DataFrame:
    """Every published number for each seed: ``seed, key, value, agrees``."""
    frames = []
    scaled = n != synthetic.DEFAULT_N
    for seed in seeds:
        table = reproduce.compare(synthetic.generate_survey(int(seed), n), synthetic.generate_experts(int(seed)),
                                  confidence, scaled=scaled)
        frames.append(table[["key", "value", "agrees"]].assign(seed=int(seed)))
    return pd.concat(frames, ignore_index=True)
