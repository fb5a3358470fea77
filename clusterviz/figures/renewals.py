"""Renewal gaps: who drops out of the label programme, when, and who is about to (no Streamlit, no translator).

The renewal funnel itself is ``metrics.renewal_funnel`` / ``metrics.first_labels``; this module adds the
views around it, with the same rule throughout: a label is *renewed* when the cluster's next label is
awarded no later than one year after valid_until (the grace year); a label after that is a new start.

- ``funnel_stages``: the funnel's steps split by what became of the clusters (kept going / grace / lapsed).
- ``label_periods``: every validity period and its grace year (drawn as timelines by renewals_timeline.py).
- ``watch_list``: valid labels running out within a horizon, and expired ones still inside the grace year.
- ``recertification_by_year``: share of labels expiring in a year that were renewed within grace.
- ``survival``: share of organisations holding a valid label N months after their first benchmarking.
- ``changes``: what changed between two snapshots (new labels, upgrades, renewals, expiries, lapses).

Everything here is about labels and their validity, which are public; no score column is ever read.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from clusterviz.data.snapshot import LABEL_RANK, Snapshot
from clusterviz.figures import metrics
from clusterviz.figures.metrics import GRACE, MIN_GROUP, Filters

HORIZONS = ("3", "6", "12")  # months, as the bound widget's choices
FUNNEL_STEPS = ("first_ended", "renewed", "silver", "gold")
FUNNEL_OUTCOMES = ("kept", "grace", "lapsed", "unknown")  # unknown: the current label's validity not known
CHANGE_KINDS = ("new_label", "upgrade", "renewal", "expired", "lapse")
SURVIVAL_MONTHS = tuple(range(0, 61))
SURVIVAL_MIN = 10  # organisations followed for a point on the survival curve
DAY = pd.Timedelta(days=1)


def _mine(assessments: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    return assessments[assessments["cluster_id"].isin(clusters["cluster_id"])]


# --------------------------------------------------------------------------- funnel


def funnel_stages(clusters: pd.DataFrame, assessments: pd.DataFrame, on) -> pd.DataFrame:
    """Tidy funnel per country: country, step, outcome, clusters.

    Steps (FUNNEL_STEPS) follow each organisation's first label (metrics.first_labels): first_ended (its
    first label has come to its end), renewed (renewed or upgraded), silver / gold (of those renewed, ever
    reached that level).  Outcome: at first_ended, *kept* = renewed, *grace* / *lapsed* = not renewed and
    still inside / past the grace year (so the step adds up to metrics.renewal_funnel's first_ended); at the
    later steps, the clusters' label state on ``on``: kept = holds a valid label, grace, lapsed, unknown
    (the current label's validity is not known).  First labels whose end is unknown are in no step
    (metrics.renewal_funnel counts them as end_unknown)."""
    # the snapshot's whole history (worked out once per snapshot, metrics.per_frame), narrowed by the merge
    firsts = metrics.first_labels(assessments, on).merge(clusters[["cluster_id", "country"]], on="cluster_id")
    states = metrics.label_states(clusters, assessments, on)[["cluster_id", "state"]]
    firsts = firsts.merge(states, on="cluster_id", how="left")
    rows = []
    for country, _, _ended, renewed, not_renewed in metrics.funnel_groups(firsts, clusters):
        in_grace = int(not_renewed["in_grace"].sum())
        split = {
            "first_ended": {"kept": len(renewed), "grace": in_grace, "lapsed": len(not_renewed) - in_grace, "unknown": 0}
        }  # a first label whose end is unknown is not in the funnel
        for step, group in (
            ("renewed", renewed),
            ("silver", renewed[renewed["reached_silver"]]),
            ("gold", renewed[renewed["reached_gold"]]),
        ):
            counts = group["state"].value_counts()
            split[step] = {
                "kept": int(counts.get("valid", 0)),
                "grace": int(counts.get("grace", 0)),
                "lapsed": int(counts.get("lapsed", 0)),
                "unknown": int(counts.get("unknown", 0)),
            }
        for step in FUNNEL_STEPS:
            for outcome in FUNNEL_OUTCOMES:
                rows.append({"country": country, "step": step, "outcome": outcome, "clusters": int(split[step][outcome])})
    return pd.DataFrame(rows, columns=["country", "step", "outcome", "clusters"])


def funnel_totals(stages: pd.DataFrame) -> pd.DataFrame:
    """country, step, clusters: the size of each step (sum over outcomes)."""
    return stages.groupby(["country", "step"], sort=False)["clusters"].sum().reset_index()


# --------------------------------------------------------------------------- label periods


@metrics.per_frame
def label_periods(assessments: pd.DataFrame, on) -> pd.DataFrame:
    """Every label a cluster held up to ``on`` (same-day double records collapsed to the highest label).

    Columns: cluster_id, label_level, start, valid_until, grace_until, next_start, next_level, renewed
    (next label within the grace year), upgraded (renewed at a higher level), new_start_after (next label
    only after the grace year), gap_days (days without a label or a grace year before that new start),
    expired (valid_until before ``on``), final (renewed, or the grace year is over by ``on``)."""
    on_ts = pd.Timestamp(on)
    labelled = metrics.labelled(assessments, on_ts)
    history = labelled[["cluster_id", "assessment_date", "label_level", "valid_until"]]
    out = history.rename(columns={"assessment_date": "start"}).reset_index(drop=True)
    out["start_precision"] = (
        labelled["date_precision"].to_numpy() if "date_precision" in labelled else "day"
    )  # how exact the start is ("derived": from valid_until)
    out["valid_until"] = pd.to_datetime(out["valid_until"])
    out["start"] = pd.to_datetime(out["start"])
    grouped = out.groupby("cluster_id", sort=False)
    out["next_start"] = grouped["start"].shift(-1)
    out["next_level"] = grouped["label_level"].shift(-1)
    out["grace_until"] = out["valid_until"] + GRACE
    has_next = out["next_start"].notna()
    out["renewed"] = has_next & (out["next_start"] <= out["grace_until"])
    rank = out["label_level"].map(LABEL_RANK)
    next_rank = out["next_level"].map(LABEL_RANK)
    out["upgraded"] = out["renewed"] & (next_rank > rank)
    out["new_start_after"] = has_next & ~out["renewed"]
    out["gap_days"] = np.where(out["new_start_after"], (out["next_start"] - out["grace_until"]).dt.days - 1, np.nan)
    out["expired"] = out["valid_until"] < on_ts
    out["final"] = out["renewed"] | (out["grace_until"] < on_ts)
    return out


# --------------------------------------------------------------------------- watch-list


def watch_list(clusters: pd.DataFrame, states: pd.DataFrame, on, horizon_months: int | str) -> pd.DataFrame:
    """Valid labels whose validity ends within ``horizon_months`` of ``on`` and expired labels still
    inside the grace year, earliest valid_until first.  Columns: cluster_id, name, country, county_code,
    programme_level, label_level, state (valid/grace), valid_until, grace_until, days_left (valid ones),
    days_since_expiry (grace ones)."""
    on_ts = pd.Timestamp(on)
    until = on_ts + pd.DateOffset(months=int(horizon_months))
    frame = clusters[["cluster_id", "name", "country", "county_code", "programme_level"]].merge(
        states[["cluster_id", "label_level", "state", "valid_until", "grace_until"]], on="cluster_id"
    )
    soon = (frame["state"] == "valid") & (frame["valid_until"] < until)
    frame = frame[soon | (frame["state"] == "grace")].copy()
    days = (frame["valid_until"] - on_ts).dt.days
    frame["days_left"] = days.where(frame["state"] == "valid").astype("Int64")
    frame["days_since_expiry"] = (-days).where(frame["state"] == "grace").astype("Int64")
    return frame.sort_values(["valid_until", "name"]).reset_index(drop=True)


# --------------------------------------------------------------------------- re-certification over time


def recertification_by_year(clusters: pd.DataFrame, assessments: pd.DataFrame, on, min_group: int = MIN_GROUP) -> pd.DataFrame:
    """Per country and year of expiry: labels (expired by ``on``), renewed (within the grace year),
    share, final.  A year is final when the grace year of every label expiring in it is over by ``on``;
    otherwise it is provisional (labels still in grace may yet be renewed, so the share can only rise).
    Years with fewer than ``min_group`` expired labels in a country are left out."""
    on_ts = pd.Timestamp(on)
    periods = label_periods(assessments, on_ts)  # narrowed to the clusters by the merge below
    periods = periods[periods["expired"]].merge(clusters[["cluster_id", "country"]], on="cluster_id")
    periods = periods.assign(year=periods["valid_until"].dt.year)
    out = periods.groupby(["country", "year"]).agg(labels=("cluster_id", "size"), renewed=("renewed", "sum"))
    out = out.reset_index()
    out["renewed"] = out["renewed"].astype(int)
    out["share"] = out["renewed"] / out["labels"]
    year_end = pd.to_datetime(out["year"].astype(str) + "-12-31")
    out["final"] = (year_end + GRACE) < on_ts
    out = out[out["labels"] >= min_group]
    return out.sort_values(["country", "year"]).reset_index(drop=True)


def survival(
    clusters: pd.DataFrame, assessments: pd.DataFrame, on, months: Iterable[int] = SURVIVAL_MONTHS, min_group: int = SURVIVAL_MIN
) -> pd.DataFrame:
    """Per country and N months after each organisation's first label: clusters observed (first label at
    least N months before ``on``), certified (holding a valid label that day), share.  Points with fewer
    than ``min_group`` organisations observed are left out (never fewer than MIN_GROUP): a curve's tail
    over a handful of organisations says little."""
    on_ts = pd.Timestamp(on)
    history = _mine(metrics.labelled(assessments, on_ts), clusters)[["cluster_id", "assessment_date", "valid_until"]]
    if history.empty:
        return pd.DataFrame(columns=["country", "months", "clusters", "certified", "share"])
    firsts = history.groupby("cluster_id")["assessment_date"].min().rename("first_date").reset_index()
    firsts = firsts.merge(clusters[["cluster_id", "country"]], on="cluster_id")
    grid = firsts.merge(pd.DataFrame({"months": list(months)}), how="cross")
    grid["day"] = _add_months(grid["first_date"], grid["months"]).astype(history["assessment_date"].dtype)
    grid = grid[grid["day"] <= on_ts]
    latest = pd.merge_asof(
        grid.sort_values("day"),
        history.sort_values("assessment_date"),
        left_on="day",
        right_on="assessment_date",
        by="cluster_id",
        direction="backward",
    )
    latest["certified"] = latest["valid_until"] >= latest["day"]
    out = latest.groupby(["country", "months"]).agg(clusters=("cluster_id", "size"), certified=("certified", "sum")).reset_index()
    out["certified"] = out["certified"].astype(int)
    out["share"] = out["certified"] / out["clusters"]
    return out[out["clusters"] >= max(min_group, MIN_GROUP)].sort_values(["country", "months"]).reset_index(drop=True)


def _add_months(days: pd.Series, months: pd.Series) -> pd.Series:
    """days + months, vectorised, as pd.DateOffset does it (31 January + 1 month = 28/29 February)."""
    total = days.dt.year * 12 + days.dt.month - 1 + months
    month_start = pd.to_datetime(pd.DataFrame({"year": total // 12, "month": total % 12 + 1, "day": 1}))
    day = np.minimum(days.dt.day, month_start.dt.days_in_month)
    return month_start + pd.to_timedelta(day - 1, unit="D")


# --------------------------------------------------------------------------- what changed


def changes(before: Snapshot, after: Snapshot, filters: Filters = Filters()) -> pd.DataFrame:
    """What changed between two snapshots, one row per cluster with a change, for the clusters the filters
    keep in ``after``.  Columns: cluster_id, name, country, county_code, change (CHANGE_KINDS),
    status_before, status_after, awarded_on, label_awarded, valid_until (the label held in ``after``).

    A label awarded in between is a *new_label* when the cluster had none or its last one had lapsed
    beyond the grace year by the award (a new start), an *upgrade* when higher than the label held
    before, otherwise a *renewal*.  Without an award: *expired* (valid before, in the grace year now) or
    *lapse* (valid or in grace before, lapsed now)."""
    states_after = metrics.label_states(after.clusters, after.assessments, after.as_of)
    clusters = metrics.filter_clusters(after.clusters, states_after, filters)
    states_before = metrics.label_states(before.clusters, before.assessments, before.as_of)
    merged = (
        clusters[["cluster_id", "name", "country", "county_code"]]
        .merge(states_after[["cluster_id", "status", "state", "valid_until"]], on="cluster_id")
        .merge(
            states_before[["cluster_id", "status", "state", "label_level", "valid_until"]].rename(
                columns={
                    "status": "status_before",
                    "state": "state_before",
                    "label_level": "level_before",
                    "valid_until": "valid_until_before",
                }
            ),
            on="cluster_id",
            how="left",
        )
    )
    merged["status_before"] = merged["status_before"].fillna("never")
    merged["state_before"] = merged["state_before"].fillna("never")
    history = _mine(metrics.labelled(after.assessments, after.as_of), clusters)
    awards = history[history["assessment_date"] > pd.Timestamp(before.as_of)]
    first_award = awards.groupby("cluster_id").head(1).set_index("cluster_id")
    best_award = (
        awards.assign(_rank=awards["label_level"].map(LABEL_RANK))
        .sort_values("_rank")
        .groupby("cluster_id")
        .tail(1)
        .set_index("cluster_id")
    )
    last_award = awards.groupby("cluster_id").tail(1).set_index("cluster_id")
    ids = merged["cluster_id"]
    first_on = pd.to_datetime(first_award["assessment_date"].reindex(ids).to_numpy())
    awarded = pd.notna(first_on)
    rank_before = merged["level_before"].map(LABEL_RANK).fillna(0).to_numpy()
    best_rank = best_award["label_level"].reindex(ids).map(LABEL_RANK).fillna(0).to_numpy()
    new_start = merged["state_before"].isin(["never", "lapsed"]).to_numpy() | (
        awarded & (first_on > (merged["valid_until_before"] + GRACE).to_numpy())
    )
    merged["change"] = np.select(
        [
            awarded & new_start,
            awarded & (best_rank > rank_before),
            awarded,
            (merged["state_before"] == "valid") & (merged["state"] == "grace"),
            merged["state_before"].isin(["valid", "grace"]) & (merged["state"] == "lapsed"),
        ],
        ["new_label", "upgrade", "renewal", "expired", "lapse"],
        "",
    )
    merged["awarded_on"] = pd.to_datetime(last_award["assessment_date"].reindex(ids).to_numpy())
    merged["label_awarded"] = last_award["label_level"].reindex(ids).to_numpy()
    out = merged[merged["change"] != ""].rename(columns={"status": "status_after"})
    out = out.assign(_kind=out["change"].map({k: i for i, k in enumerate(CHANGE_KINDS)}))
    out = out.sort_values(["_kind", "country", "name"])
    return out[
        [
            "cluster_id",
            "name",
            "country",
            "county_code",
            "change",
            "status_before",
            "status_after",
            "awarded_on",
            "label_awarded",
            "valid_until",
        ]
    ].reset_index(drop=True)


def change_counts(changed: pd.DataFrame) -> dict[str, int]:
    counts = changed["change"].value_counts()
    return {kind: int(counts.get(kind, 0)) for kind in CHANGE_KINDS}
