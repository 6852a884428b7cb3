"""A calibrated synthetic survey that reproduces every number the study publishes.

The study's microdata are not public. This generator builds a stand-in, seeded and deterministic,
in three steps:

1. **Exact margins.** Every share the study states (or that ``data/assumptions.csv`` assumes) is
   turned into an exact count on its item base (``k = round(share × n)``), so a published number
   such as "rund zwei Drittel" is met at every seed, not only on average. Item bases follow the
   study: 154 valid answers on participation, 110 on benefits, 103 on hurdles; other sample sizes
   scale them.
2. **Who gets the "yes".** For most items, at random. For *active KMU participation*, by a latent
   logit index of the network features, with the effects in the assumptions file (signs as the
   study reports them): among the networks with KMU, the active ones are drawn without replacement
   with weights proportional to their odds (Gumbel top-k), so the count is exact and the features
   carry the assumed effects.
3. **Consistency.** Answers that depend on each other agree (conditions only for networks with KMU;
   "no conditions" excludes every condition; ways of active involvement only for active KMU).

Every value not stated by the study comes from ``data/assumptions.csv`` with ``status = assumed``.
Values typed into ``data/published/chart_values.csv`` (the study's chart values, which the text this
book is based on lost) replace the corresponding assumptions: the survey is then calibrated to them.

:func:`lineage` tells, for every column, which of the study's numbers and which assumptions it rests
on; :mod:`kmunetz.provenance` derives every number's class from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import codebook, formatting, paths, published
from .models import FEATURES as MODEL_FEATURES
from .models import attractive_topics
from .provenance import Provenance, calibrated

__all__ = ["DEFAULT_SEED", "DEFAULT_N", "MODEL_FEATURES", "assumptions", "assumption", "chart_overrides", "counts",
           "generate_survey", "generate_experts", "attractive_topics", "Lineage", "lineage", "ITEM_BASE"]

DEFAULT_SEED = 2017
DEFAULT_N = 156
DEFAULT_EXPERTS = 34


def assumptions() -> pd.DataFrame:
    """Return the assumptions file (``data/assumptions.csv``) indexed by name (see :func:`kmunetz.published.assumptions`).

    Examples
    --------
    >>> sorted(assumptions()["status"].unique())
    ['assumed', 'published']
    """
    return published.assumptions()


def assumption(name: str, overrides: dict | None = None) -> float | list[float]:
    """Return one assumed value: a number, or a list for comma-separated entries.

    ``overrides`` (from :func:`chart_overrides`) replace assumptions by the study's chart values.

    Examples
    --------
    >>> assumption("partners.mean"), assumption("expert.thesis_02")
    (31.0, [30.0, 0.8])
    """
    return _lookup(_assumption_table(), name, overrides)


def _assumption_table() -> dict[str, float | tuple[float, ...]]:
    p = paths.data_dir() / "assumptions.csv"
    return _assumption_values(p, p.stat().st_mtime)


def _lookup(values: dict, name: str, overrides: dict | None) -> float | list[float]:
    if overrides and name in overrides:
        return overrides[name][0]
    if name not in values:
        raise KeyError(f"no assumption named {name!r} in data/assumptions.csv")
    v = values[name]
    return list(v) if isinstance(v, tuple) else v


@lru_cache(maxsize=4)
def _assumption_values(path: Path, mtime: float) -> dict[str, float | tuple[float, ...]]:
    """Every assumption parsed once: a number, or a tuple for comma-separated entries."""
    out: dict[str, float | tuple[float, ...]] = {}
    for name, text in published.assumptions()["value"].items():  # read from the file at path (the data folder)
        vals = tuple(float(x) for x in str(text).split(","))
        out[name] = vals if len(vals) > 1 else vals[0]
    return out


def chart_overrides(chart_values: str | Path | None = None) -> dict[str, tuple[float | list[float], str]]:
    """Assumptions replaced by typed-in chart values: name → (value, chart key).

    A binary item takes the chart's share; a rating item keeps the shape of its assumed distribution
    and is rescaled so that "erfolgreich" or "sehr erfolgreich" (3 or 4) has the chart's share; the
    participation chart sets the shares of networks with active and with only passive KMU.
    Deviations in points (the chart of effects) are compared, not calibrated to.

    Examples
    --------
    >>> chart_overrides()   # the text lost every chart value: nothing to replace
    {}
    """

    cv = published.chart_values(chart_values)
    typed = cv[cv["value"].notna() & (cv["unit"] == "Prozent")]
    out: dict[str, tuple[float | list[float], str]] = {}
    for key, row in typed.iterrows():
        var, share = str(row["variable"]), float(row["value"]) / 100
        if var.startswith("approach_"):
            d = np.asarray(assumption(f"dist.{var}"), dtype=float)
            low, high = d[:2] / max(d[:2].sum(), 1e-12), d[2:] / max(d[2:].sum(), 1e-12)
            out[f"dist.{var}"] = (list(np.concatenate([low * (1 - share), high * share])), key)
        elif var == "kmu_participation=aktiv":
            out["share.kmu_active"] = (share, key)
        elif var == "kmu_participation=nur_passiv":
            out["share.kmu_passive"] = (share, key)
        else:
            out[f"share.{var}"] = (share, key)
    if "share.kmu_passive" in out:
        active, akey = out.get("share.kmu_active", (assumption("share.kmu_active"), None))
        passive, pkey = out.pop("share.kmu_passive")
        out["share.kmu_involved"] = (active + passive, pkey)
    return out


@dataclass(frozen=True)
class Lineage:
    """What one survey column rests on.

    ``margin``: the provenance of the statistics the generator pins exactly (a share, a mean, the
    published grouping of levels); ``shape``: of anything else about the column alone (median,
    spread, single levels); ``joint``: the assumptions behind its relation to other columns.
    """

    margin: Provenance
    shape: Provenance
    joint: tuple[str, ...] = ("structure.independent",)


#: Assumed item bases, by the prefix of the columns they apply to.
ITEM_BASE = {"approach": "n.approach_missing", "contact": "n.contact"}


def _from_assumption(name: str, overrides: dict) -> Provenance:
    """Provenance of a column margin set by one assumption row (or a chart value that replaced it)."""
    if name in overrides:
        return Provenance.reproduced(overrides[name][1])
    row = assumptions().loc[name]
    if row["status"] == "published":
        return calibrated(row["catalogue_key"], (name,))
    return Provenance.assumed(name)


def lineage(chart_values: str | Path | None = None) -> dict[str, Lineage]:
    """For every column of the synthetic survey and expert panel: the study's numbers and assumptions it rests on.

    This mirrors :func:`generate_survey` and :func:`generate_experts` step by step; a test checks that
    every assumption the generator reads appears here.

    Examples
    --------
    >>> lin = lineage()
    >>> lin["sector_focus"].margin.kind, lin["sector_focus"].margin.catalogue
    ('nachgerechnet', ('branchenunabhaengig',))
    >>> lin["field_weiterbildung"].margin.kind, lin["partners"].shape.assumptions
    ('angenommen', ('partners.sigma', 'partners.min'))
    """
    ov = chart_overrides(chart_values)
    out: dict[str, Lineage] = {}
    a = assumptions()
    for v in codebook.variables("survey"):
        name = v.name
        if name == "network_id":  # counting rows: the number of networks
            p = Provenance.reproduced("befragung_teilnehmer", assumptions=("n.survey",))
            out[name] = Lineage(p, p)
            continue
        if name == "partners":
            out[name] = Lineage(Provenance.reproduced("partner_mittelwert"),
                                Provenance.assumed("partners.sigma", "partners.min"))
        elif name == "years_since_founding":
            p = Provenance.assumed("years.shape", "years.scale")
            out[name] = Lineage(p, p)
        elif name == "kmu_participation":
            m = (_from_assumption("share.kmu_involved", ov) | _from_assumption("share.kmu_active", ov)
                 | Provenance.reproduced("kmu_nur_passiv"))
            out[name] = Lineage(m, m, ("structure.selection",) + tuple(f"effect.{f}" for f in MODEL_FEATURES))
        elif f"dist.{name}" in a.index:
            # the margin is the published grouping of levels ("oft oder sehr oft"; for ratings 3 or 4);
            # how the answers split over the single levels is always assumed
            m = _from_assumption(f"dist.{name}", ov)
            base = ITEM_BASE.get(name.split("_", 1)[0])
            if base:
                m = m | Provenance(m.kind, (), (base,))
            if name.startswith("approach_"):  # "erfolgreich" = the upper two levels of the book's scale
                m = m | Provenance(m.kind, (), ("scale.rating",))
            out[name] = Lineage(m, Provenance.assumed(f"dist.{name}", *m.assumptions, catalogue=m.catalogue))
        else:
            m = _from_assumption(f"share.{name}", ov)
            out[name] = Lineage(m, m)
    for v in codebook.variables("experts"):
        name = v.name
        if name == "expert_id":
            p = Provenance.reproduced("expertenpanel_teilnehmer", assumptions=("n.experts",))
            out[name] = Lineage(p, p)
            continue
        if name == "group":
            p = Provenance.assumed("share.experts_coordinators")
            out[name] = Lineage(p, p)
            continue
        m = _from_assumption(f"expert.{name}", ov)
        out[name] = Lineage(m, m | Provenance.assumed("expert.agree_strongly", "expert.disagree_strongly",
                                                      "scale.rating"))
    return out


def counts(share: float, n: int) -> int:
    """Exact count for a share of ``n`` (rounded half up).

    Examples
    --------
    >>> counts(0.669, 154), counts(0.5, 141)
    (103, 71)
    """
    return int(formatting.round_half_up(share * n))


def _largest_remainder(probs: list[float], n: int) -> np.ndarray:
    """Split ``n`` into integer counts proportional to ``probs`` (Hamilton's method)."""
    p = np.asarray(probs, dtype=float)
    p = p / p.sum()
    raw = p * n
    base = np.floor(raw).astype(int)
    order = np.argsort(-(raw - base), kind="stable")
    base[order[: n - base.sum()]] += 1
    return base


def _exact_binary(rng: np.random.Generator, members: np.ndarray, share: float, size: int,
                  base: int | None = None) -> np.ndarray:
    """Binary column of length ``size``: exactly counts(share, base) ones among ``members``, zeros elsewhere."""
    out = np.zeros(size, dtype=np.int64)
    k = counts(share, base if base is not None else len(members))
    if k > len(members):
        raise ValueError(f"cannot place {k} ones among {len(members)} members")
    out[rng.choice(members, size=k, replace=False)] = 1
    return out


def _with_cover(rng: np.random.Generator, members: np.ndarray, ks: list[int], size: int,
                fixed: np.ndarray | None = None) -> list[np.ndarray]:
    """Assign items with exact counts ``ks`` among ``members`` so that every member has at least one.

    ``fixed`` (optional) is a 0/1 column already set for the first item (it must lie within members).
    """
    cols = [np.zeros(size, dtype=np.int64) for _ in ks]
    start = 0
    if fixed is not None:
        cols[0] = fixed.copy()
        start = 1
    covered = np.zeros(size, dtype=bool)
    for c in cols[:start]:
        covered |= c.astype(bool)
    uncovered = rng.permutation(members[~covered[members]])
    free = list(range(start, len(ks)))
    # first, spread the uncovered members over the free items in turn
    for i, m in enumerate(uncovered):
        cols[free[i % len(free)]][m] = 1
    # then fill every free item up to its exact count with other members
    for j in free:
        need = ks[j] - int(cols[j].sum())
        if need < 0:
            raise ValueError("cover needs more slots than the counts allow")
        pool = members[cols[j][members] == 0]
        cols[j][rng.choice(pool, size=need, replace=False)] = 1
    return cols


def _missing(rng: np.random.Generator, members: np.ndarray, n_valid: int) -> np.ndarray:
    """Return the members that did not answer (chosen at random), so that ``n_valid`` answers remain."""
    n_missing = len(members) - n_valid
    if n_missing < 0:
        raise ValueError(f"item base {n_valid} exceeds the {len(members)} networks asked")
    return rng.choice(members, size=n_missing, replace=False)


def _scaled(value: float, n: int) -> int:
    """A published item base (of the study's 156 networks) scaled to ``n`` networks."""
    return counts(value / DEFAULT_N, n)


def generate_survey(seed: int = DEFAULT_SEED, n: int = DEFAULT_N,
                    chart_values: str | Path | None = None) -> pd.DataFrame:
    """Generate the synthetic coordinator survey.

    Parameters
    ----------
    seed : int
        Seed of the random generator; the same seed and n give identical data.
    n : int
        Number of networks (the study: 156). Item bases scale with n.
    chart_values : path, optional
        A chart values file (default ``data/published/chart_values.csv``); typed-in values replace
        the assumptions they stand for (:func:`chart_overrides`).

    Returns
    -------
    DataFrame
        One row per network, columns and dtypes as in the codebook.

    Examples
    --------
    >>> df = generate_survey()
    >>> len(df), int(df["kmu_participation"].notna().sum())
    (156, 154)
    >>> round(float(df["partners"].mean()), 1)
    31.0
    """
    if not isinstance(n, (int, np.integer)) or n < 30:
        raise ValueError(f"n must be a whole number of at least 30 networks, got {n!r}")
    if not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative whole number, got {seed!r}")
    rng = np.random.default_rng(seed)
    overrides = chart_overrides(chart_values)

    table = _assumption_table()

    def a(name: str):
        return _lookup(table, name, overrides)

    idx = np.arange(n)
    cols: dict[str, np.ndarray] = {}

    # --- size, growth, sector focus, fields, target groups, typology, partners, coordination
    sigma, target_mean, minimum = a("partners.sigma"), a("partners.mean"), int(a("partners.min"))
    raw = rng.lognormal(np.log(target_mean) - sigma**2 / 2, sigma, size=n)
    partners = np.maximum(np.rint(raw).astype(np.int64), minimum)
    diff = int(round(target_mean * n)) - int(partners.sum())
    while diff != 0:  # move the total to the exact published mean, one partner at a time
        step = 1 if diff > 0 else -1
        pool = idx if step > 0 else idx[partners > minimum]
        pick = rng.choice(pool, size=min(abs(diff), len(pool)), replace=False)
        partners[pick] += step
        diff -= step * len(pick)
    cols["partners"] = partners
    simple = ["grown_5y", "sector_focus"] + codebook.names(prefix="field_") + codebook.names(prefix="target_") + [
        "public_goods", "exploitative", "formal", "decentral"] + codebook.names(prefix="partner_") + [
        "fulltime_coordination"]
    for name in simple:
        cols[name] = _exact_binary(rng, idx, a(f"share.{name}"), n)
    cols["years_since_founding"] = np.clip(
        np.rint(rng.gamma(a("years.shape"), a("years.scale"), size=n)).astype(np.int64), 0, 60)

    # --- participation of KMU: valid answers, involved (any KMU), active among involved
    n_valid = _scaled(a("n.participation"), n)
    valid = np.sort(np.setdiff1d(idx, _missing(rng, idx, n_valid)))
    k_involved = counts(a("share.kmu_involved"), n_valid)
    k_active = counts(a("share.kmu_active"), n_valid)
    involved = np.sort(rng.choice(valid, size=k_involved, replace=False))
    not_involved_valid = np.setdiff1d(valid, involved)

    # regular fees: exact share among networks with KMU, the same share elsewhere
    fees = _exact_binary(rng, involved, a("share.regular_fees"), n)
    others = np.setdiff1d(idx, involved)
    fees |= _exact_binary(rng, others, a("share.regular_fees"), n)
    cols["regular_fees"] = fees

    frame = pd.DataFrame(cols)
    x = frame.assign(attractive_topics=attractive_topics(frame).astype(int))
    x["years_since_founding"] = x["years_since_founding"] - x["years_since_founding"].mean()
    index = sum(a(f"effect.{f}") * x[f].to_numpy(dtype=float) for f in MODEL_FEATURES)
    gumbel = rng.gumbel(size=n)
    order = involved[np.argsort(-(index[involved] + gumbel[involved]), kind="stable")]
    active = np.sort(order[:k_active])
    participation = np.full(n, None, dtype=object)
    participation[not_involved_valid] = "keine"
    participation[involved] = "nur_passiv"
    participation[active] = "aktiv"

    # --- conditions of participation (networks with KMU): fees are one condition among others
    with_conditions_n = len(involved) - counts(a("share.cond_none"), len(involved))
    n_fees = int(fees[involved].sum())
    extra = rng.choice(np.setdiff1d(involved, np.flatnonzero(fees)), size=with_conditions_n - n_fees, replace=False)
    with_conditions = np.sort(np.concatenate([np.intersect1d(involved, np.flatnonzero(fees)), extra]))
    _, c_in, c_out = _with_cover(
        rng, with_conditions,
        [n_fees, counts(a("share.cond_meetings_input"), len(involved)),
         counts(a("share.cond_meetings_no_input"), len(involved))],
        n, fixed=fees * np.isin(idx, with_conditions))
    cond = {"cond_none": 1 - np.isin(idx, with_conditions).astype(np.int64),
            "cond_meetings_input": c_in, "cond_meetings_no_input": c_out}

    # --- ways of involvement (base: valid answers); active ways only for active KMU
    ways = {
        "way_events": _exact_binary(rng, involved, a("share.way_events"), n, base=n_valid),
        "way_information": _exact_binary(rng, involved, a("share.way_information"), n, base=n_valid),
    }
    active_ways = ["way_projects", "way_own_offers", "way_steering"]
    ks = [counts(a(f"share.{w}"), n_valid) for w in active_ways]
    for w, col in zip(active_ways, _with_cover(rng, active, ks, n)):
        ways[w] = col

    # the columns are collected here and become one frame at the end (inserting them one by one is slow)
    out: dict[str, object] = {"network_id": [f"N{i + 1:04d}" for i in idx], **cols}
    out["kmu_participation"] = pd.array(participation, dtype="string")

    def nan_outside(col: np.ndarray, members: np.ndarray) -> pd.api.extensions.ExtensionArray:
        """Int64 column: ``col`` for the members, missing (<NA>) for everyone not asked or not answering."""
        return pd.arrays.IntegerArray(np.asarray(col, dtype=np.int64), ~np.isin(idx, members))

    for name, col in cond.items():
        out[name] = nan_outside(col, involved)
    for name, col in ways.items():
        out[name] = nan_outside(col, valid)

    # --- approach ratings (asked of all; some missing)
    for name in codebook.names(prefix="approach_"):
        answered = np.setdiff1d(idx, _missing(rng, idx, n - _scaled(a("n.approach_missing"), n)))
        ratings = np.repeat(np.arange(1, 5), _largest_remainder(a(f"dist.{name}"), len(answered)))
        col = np.full(n, -1)
        col[rng.permutation(answered)] = ratings
        out[name] = pd.arrays.IntegerArray(col.astype(np.int64), col <= 0)

    # --- benefits (n = 110) and contact frequencies, among networks with KMU
    benefit_resp = np.sort(rng.choice(involved, size=_scaled(a("n.benefits"), n), replace=False))
    for name in codebook.names(prefix="benefit_"):
        out[name] = nan_outside(_exact_binary(rng, benefit_resp, a(f"share.{name}"), n), benefit_resp)
    contact_resp = np.sort(rng.choice(involved, size=_scaled(a("n.contact"), n), replace=False))
    levels = np.array(["nie", "selten", "manchmal", "oft", "sehr_oft"], dtype=object)
    for name in ("contact_kmu", "contact_between_kmu"):
        answers = np.repeat(levels, _largest_remainder(a(f"dist.{name}"), len(contact_resp)))
        col = np.full(n, None, dtype=object)
        col[rng.permutation(contact_resp)] = answers
        out[name] = pd.array(col, dtype="string")

    # --- hurdles (n = 103), among networks with KMU
    hurdle_resp = np.sort(rng.choice(involved, size=_scaled(a("n.hurdles"), n), replace=False))
    for name in codebook.names(prefix="hurdle_"):
        out[name] = nan_outside(_exact_binary(rng, hurdle_resp, a(f"share.{name}"), n), hurdle_resp)

    dtypes = codebook.dtypes("survey")
    return pd.DataFrame({name: out[name] for name in dtypes}).astype(dtypes)


def generate_experts(seed: int = DEFAULT_SEED, n: int = DEFAULT_EXPERTS) -> pd.DataFrame:
    """Generate the synthetic expert panel: ratings 1–4 of 20 theses, with item non-response.

    Per-thesis bases and agreement shares come from the assumptions file; they are chosen so that
    the published percentages (96 %, 80 %, 96 %, 64 %, 36 %) are attainable with whole people.
    Other panel sizes scale the bases.

    Examples
    --------
    >>> e = generate_experts()
    >>> len(e), int(e["thesis_02"].notna().sum()), int((e["thesis_02"] >= 3).sum())
    (34, 30, 24)
    """
    if not isinstance(n, (int, np.integer)) or n < 10:
        raise ValueError(f"n must be a whole number of at least 10 experts, got {n!r}")
    rng = np.random.default_rng([seed, 34])
    idx = np.arange(n)
    out = pd.DataFrame({"expert_id": [f"E{i + 1:03d}" for i in idx]})
    groups = np.array(["kmu"] * n, dtype=object)
    groups[rng.choice(idx, size=counts(assumption("share.experts_coordinators"), n), replace=False)] = "koordination"
    out["group"] = groups
    for name in codebook.names("experts", prefix="thesis_"):
        base, share = assumption(f"expert.{name}")
        n_valid = counts(base / DEFAULT_EXPERTS, n)
        answered = rng.choice(idx, size=n_valid, replace=False)
        k = counts(share, n_valid)
        strong, strong_no = assumption("expert.agree_strongly"), assumption("expert.disagree_strongly")
        agree = rng.choice([3, 4], size=k, p=[1 - strong, strong])
        disagree = rng.choice([1, 2], size=n_valid - k, p=[strong_no, 1 - strong_no])
        col = np.full(n, -1)
        col[answered] = np.concatenate([agree, disagree])
        out[name] = pd.arrays.IntegerArray(col.astype(np.int64), col <= 0)
    return out[codebook.names("experts")].astype(codebook.dtypes("experts"))
