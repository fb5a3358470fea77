"""One cluster for advisers (individual scores: adviser mode only; no Streamlit, no translator).

- ``score_history``: index and six areas at every assessment; ``peer_scores``: the same for the peer groups
  (country, sector, the Gold group) with the coverage rule (median over KNOWN values, "n of N", shown only
  with at least MIN_GROUP known and at least half the group known).
- ``distance_to_gold``: points to the 80 % line; per area the gap to the Gold group's typical level.
- ``silver_path``: ESCA's Silver rule (seed-facts §C): a second benchmarking 1.5-2 years after the first that
  shows improvement in at least three areas.
- ``improvement_plan``: areas ranked by gap, the next assessment window, progress since the last assessment.

Unknown values stay unknown, and a part without a scored assessment says so (``status == "no_scores"``)
instead of returning empty figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from clusterviz.data.snapshot import AREA_COLUMNS, AREAS
from clusterviz.figures import metrics
from clusterviz.figures.cluster import cluster_row, is_known, plain_value

GOLD_LINE = 80.0  # ESCA Gold: at least 80 % of the excellence score
SILVER_MIN_AREAS = 3  # Silver: improvement in at least three of the six areas ...
SILVER_MIN_MONTHS = 18  # ... at a second benchmarking 1.5 ...
SILVER_MAX_MONTHS = 24  # ... to 2 years after the first
MEASURES = ("quality_index", *AREA_COLUMNS)
SCORE_GROUPS = ("country", "sector", "gold")


def _add_months(day: pd.Timestamp, months: int) -> pd.Timestamp:
    return pd.Timestamp(day) + pd.DateOffset(months=months)


def score_history(assessments: pd.DataFrame, cluster_id: str, on) -> pd.DataFrame:
    """Every assessment of the cluster up to ``on`` (labelled or not), oldest first: assessment_id,
    assessment_date, date_precision ("day" when the snapshot has none), assessment_type, label_level,
    quality_index, area_*; ``scored`` says whether any score is known.  Confidential: adviser mode only."""
    mine = assessments[(assessments["cluster_id"] == cluster_id) & (assessments["assessment_date"] <= pd.Timestamp(on))]
    mine = mine.sort_values("assessment_date")
    out = pd.DataFrame(
        {
            "assessment_id": mine["assessment_id"].to_numpy(),
            "assessment_date": pd.to_datetime(mine["assessment_date"]).to_numpy(),
            "date_precision": (mine["date_precision"].to_numpy() if "date_precision" in mine else ["day"] * len(mine)),
            "assessment_type": mine["assessment_type"].to_numpy(),
            "label_level": mine["label_level"].to_numpy(),
        }
    )
    for column in MEASURES:
        out[column] = pd.to_numeric(mine[column], errors="coerce").astype(float).to_numpy()
    out["scored"] = out[list(MEASURES)].notna().any(axis=1)
    return out


def scored(history: pd.DataFrame) -> pd.DataFrame:
    return history[history["scored"]].reset_index(drop=True)


def peer_scores(clusters: pd.DataFrame, assessments: pd.DataFrame, states: pd.DataFrame, on, cluster_id: str) -> pd.DataFrame:
    """The cluster's peer groups by score on ``on``: every other cluster with a valid label, measured at its
    latest labelled assessment (comparison.current_assessments' population) — same country, same sector (not
    formed when the sector is unknown) and the Gold group (a valid Gold label, any country).

    Tidy: group, key, measure (quality_index, area_*), size (clusters in the group), known (with a known value),
    median and mean over the known values, shown (the coverage rule; median/mean NaN when not shown)."""
    columns = ["group", "key", "measure", "size", "known", "median", "mean", "shown"]
    row = cluster_row(clusters, cluster_id)
    if row is None:
        return pd.DataFrame(columns=columns)
    valid = states.loc[states["state"] == "valid", "cluster_id"]
    history = metrics.labelled(assessments, pd.Timestamp(on))
    current = history[history["cluster_id"].isin(valid)].groupby("cluster_id", sort=False).tail(1)
    current = current[current["cluster_id"] != cluster_id].merge(clusters[["cluster_id", "country", "sector"]], on="cluster_id")
    groups = {"country": (row.get("country"), current[current["country"] == row.get("country")])}
    if is_known(row.get("sector")):
        groups["sector"] = (row.get("sector"), current[current["sector"] == row.get("sector")])
    groups["gold"] = ("gold", current[current["label_level"] == "gold"])
    rows = []
    for group, (key, frame) in groups.items():
        size = len(frame)
        for measure in MEASURES:
            values = pd.to_numeric(frame[measure], errors="coerce").dropna().astype(float)
            shown = metrics.covered(len(values), size)  # 3 known even for advisers: a plan's target
            # from one or two clusters is their own score
            rows.append(
                {
                    "group": group,
                    "key": key,
                    "measure": measure,
                    "size": size,
                    "known": len(values),
                    "median": round(float(values.median()), 1) if shown else np.nan,
                    "mean": round(float(values.mean()), 1) if shown else np.nan,
                    "shown": shown,
                }
            )
    return pd.DataFrame(rows, columns=columns)


@dataclass
class Distance:
    """How far the cluster's latest scored assessment is from Gold.  status: "ok" or "no_scores"."""

    status: str
    assessment_date: dt.date | None = None
    quality_index: float | None = None
    points_to_gold: float | None = None  # 80 - index (0 when at or above the line); None: index unknown
    areas: pd.DataFrame = field(default_factory=pd.DataFrame)  # area, score, gold_typical, gold_known, gold_size, shown, gap


def distance_to_gold(history: pd.DataFrame, peers: pd.DataFrame) -> Distance:
    """Points to the 80 % line, and per area the gap to the Gold group's typical (median) level:
    gap = typical - score (positive: below the Gold group).  An area without a known score, or whose Gold
    group figure is not shown (coverage rule), has no gap."""
    have = scored(history)
    if have.empty:
        return Distance("no_scores")
    latest = have.iloc[-1]
    index = plain_value(latest["quality_index"])
    gold = peers[peers["group"] == "gold"].set_index("measure") if len(peers) else pd.DataFrame()
    rows = []
    for area, column in zip(AREAS, AREA_COLUMNS):
        score = plain_value(latest[column])
        has = column in gold.index
        typical = float(gold.at[column, "median"]) if has and bool(gold.at[column, "shown"]) else None
        rows.append(
            {
                "area": area,
                "score": score,
                "gold_typical": typical,
                "gold_known": int(gold.at[column, "known"]) if has else 0,
                "gold_size": int(gold.at[column, "size"]) if has else 0,
                "shown": typical is not None,
                "gap": None if score is None or typical is None else round(typical - score, 1),
            }
        )
    return Distance(
        "ok",
        plain_value(latest["assessment_date"]),
        index,
        None if index is None else round(max(0.0, GOLD_LINE - index), 1),
        pd.DataFrame(rows),
    )


@dataclass
class SilverPath:
    """ESCA's Silver rule applied to the cluster's scored assessments.

    status: met (the latest pair of benchmarkings is 18-24 months apart and improved in >= 3 areas),
    missed_areas (inside the window, too few areas improved), outside_window (the pair is not 18-24 months
    apart), one_assessment (nothing to compare with yet), no_scores.  ``first``/``second``: the pair compared
    (the two latest scored assessments); ``areas``: area, before, after, change, improved (None when unknown);
    ``missing``: areas still to improve (0 when met); ``next_window``: when a benchmarking would count as the
    second one after the latest (18-24 months after it); ``approximate``: a date of the pair is only known
    to the month or year."""

    status: str
    first: dt.date | None = None
    second: dt.date | None = None
    months_apart: float | None = None
    in_window: bool | None = None
    improved: int = 0
    unknown_areas: int = 0
    missing: int = SILVER_MIN_AREAS
    areas: pd.DataFrame = field(default_factory=pd.DataFrame)
    next_window: tuple[dt.date, dt.date] | None = None
    approximate: bool = False

    @property
    def met(self) -> bool:
        return self.status == "met"


def months_between(a, b) -> float:
    """Calendar months from a to b, with the days as a fraction of a month (2015-03-10 -> 2016-09-10 = 18.0)."""
    a, b = pd.Timestamp(a), pd.Timestamp(b)
    whole = (b.year - a.year) * 12 + (b.month - a.month)
    if b.day < a.day:
        whole -= 1
    rest = (b - _add_months(a, whole)).days
    return round(whole + rest / 30.4375, 2)


def silver_window(first) -> tuple[dt.date, dt.date]:
    """The days a second benchmarking counts for Silver: 18 to 24 months after ``first``."""
    return _add_months(first, SILVER_MIN_MONTHS).date(), _add_months(first, SILVER_MAX_MONTHS).date()


def silver_path(history: pd.DataFrame) -> SilverPath:
    """The Silver rule on the cluster's two latest scored assessments (see SilverPath)."""
    have = scored(history)
    if have.empty:
        return SilverPath("no_scores")
    last = have.iloc[-1]
    window = silver_window(last["assessment_date"])
    if len(have) == 1:
        return SilverPath(
            "one_assessment", first=plain_value(last["assessment_date"]), next_window=window, approximate=last["date_precision"] != "day"
        )
    before = have.iloc[-2]
    first, second = pd.Timestamp(before["assessment_date"]), pd.Timestamp(last["assessment_date"])
    lo, hi = silver_window(first)
    in_window = pd.Timestamp(lo) <= second <= pd.Timestamp(hi)
    rows = []
    for area, column in zip(AREAS, AREA_COLUMNS):
        a, b = plain_value(before[column]), plain_value(last[column])
        change = None if a is None or b is None else round(b - a, 1)
        rows.append({"area": area, "before": a, "after": b, "change": change, "improved": None if change is None else change > 0})
    areas = pd.DataFrame(rows)
    improved = int(areas["improved"].eq(True).sum())  # None (unknown) is not an improvement
    unknown = int(areas["improved"].isna().sum())
    status = "outside_window" if not in_window else ("met" if improved >= SILVER_MIN_AREAS else "missed_areas")
    return SilverPath(
        status,
        first.date(),
        second.date(),
        months_between(first, second),
        bool(in_window),
        improved,
        unknown,
        max(0, SILVER_MIN_AREAS - improved),
        areas,
        window,
        approximate=bool((before["date_precision"] != "day") or (last["date_precision"] != "day")),
    )


@dataclass
class Plan:
    """The improvement plan.  status: "ok" or "no_scores".  ``areas``: rank, area, score, target, target_kind
    ("gold_group": the Gold group's typical level; "gold_line": 80 when the Gold group's figure is not
    shown), gap, previous, change (since the assessment before); ``progress``: index change since the
    assessment before (None without one); ``next_window`` (Silver's 18-24 months after the latest);
    ``renew_by``: the last day a renewal of the current label counts (None without a label)."""

    status: str
    latest: dt.date | None = None
    previous: dt.date | None = None
    areas: pd.DataFrame = field(default_factory=pd.DataFrame)
    index_change: float | None = None
    improved_since: int = 0
    next_window: tuple[dt.date, dt.date] | None = None
    renew_by: dt.date | None = None


def improvement_plan(history: pd.DataFrame, distance: Distance, silver: SilverPath, renew_by=None) -> Plan:
    """Areas ranked by their gap to the target (largest first; areas without a known score last, unranked),
    the next assessment window and the progress since the assessment before the latest."""
    have = scored(history)
    if have.empty or distance.status != "ok":
        return Plan("no_scores", renew_by=plain_value(renew_by))
    previous = have.iloc[-2] if len(have) > 1 else None
    rows = []
    for r in distance.areas.itertuples():
        column = f"area_{r.area}"
        target, kind = (r.gold_typical, "gold_group") if r.shown else (GOLD_LINE, "gold_line")
        before = None if previous is None else plain_value(previous[column])
        rows.append(
            {
                "area": r.area,
                "score": r.score,
                "target": target,
                "target_kind": kind,
                "gap": None if r.score is None else round(target - r.score, 1),
                "previous": before,
                "change": None if before is None or r.score is None else round(r.score - before, 1),
            }
        )
    areas = pd.DataFrame(rows)
    areas["_order"] = areas["gap"].astype(float).fillna(-np.inf)
    areas = areas.sort_values("_order", ascending=False, kind="stable").drop(columns="_order").reset_index(drop=True)
    areas.insert(0, "rank", pd.array([i + 1 if is_known(g) else None for i, g in enumerate(areas["gap"])], dtype="Int64"))
    index_change = None
    if previous is not None and is_known(previous["quality_index"]) and distance.quality_index is not None:
        index_change = round(distance.quality_index - float(previous["quality_index"]), 1)
    improved = int((areas["change"].astype(float) > 0).sum())
    return Plan(
        "ok",
        distance.assessment_date,
        None if previous is None else plain_value(previous["assessment_date"]),
        areas,
        index_change,
        improved,
        silver.next_window,
        plain_value(renew_by),
    )


def adviser_figures(snapshot, states: pd.DataFrame, cluster_id: str, renew_by=None) -> dict:
    """The adviser profile's parts: history (score_history), peers (peer_scores), distance, silver, plan.
    Confidential: adviser mode only."""
    on = snapshot.as_of
    history = score_history(snapshot.assessments, cluster_id, on)
    peers = peer_scores(snapshot.clusters, snapshot.assessments, states, on, cluster_id)
    distance = distance_to_gold(history, peers)
    silver = silver_path(history)
    return {
        "history": history,
        "peers": peers,
        "distance": distance,
        "silver": silver,
        "plan": improvement_plan(history, distance, silver, renew_by),
    }
