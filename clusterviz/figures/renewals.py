"""Renewal gaps: who drops out of the label programme, when, and who is about to (no Streamlit here).

The renewal funnel itself is ``metrics.renewal_funnel`` / ``metrics.first_labels``; this module adds the
views around it, with the same rule throughout: a label is *renewed* when the cluster's next label is
awarded no later than one year after valid_until (the grace year); a label after that is a new start.

- ``funnel_stages``: the funnel's steps split by what became of the clusters (kept going / grace / lapsed).
- ``label_periods`` / ``timelines``: every validity period and its grace year, for a Gantt chart;
  ``timeline_page`` / ``page_segments``: the Gantt shown a page of TIMELINE_ROWS clusters at a time.
- ``watch_list``: valid labels running out within a horizon, and expired ones still inside the grace year.
- ``recertification_by_year``: share of labels expiring in a year that were renewed within grace.
- ``survival``: share of organisations holding a valid label N months after their first benchmarking.
- ``changes``: what changed between two snapshots (new labels, upgrades, renewals, expiries, lapses).

Everything here is about labels and their validity, which are public; no score column is ever read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable

import numpy as np
import pandas as pd

from clusterviz.data import geo
from clusterviz.data.snapshot import LABEL_RANK, Snapshot
from clusterviz.figures import metrics
from clusterviz.figures.metrics import GRACE, MIN_GROUP, Filters
from clusterviz.text.i18n import Translator

HORIZONS = ("3", "6", "12")  # months, as the bound widget's choices
SORTS = ("county", "level", "expiry")  # timeline orders
SCOPES = ("all", "watch")  # timelines of every labelled cluster / of the watch-list only
TIMELINE_ROWS = 40  # clusters per page of timelines: one screen, ~10 KB of chart data
MAX_PAGES = 9999  # the largest page number a link may carry
FUNNEL_STEPS = ("first_ended", "renewed", "silver", "gold")
FUNNEL_OUTCOMES = ("kept", "grace", "lapsed", "unknown")  # unknown: the current label's validity not known
CHANGE_KINDS = ("new_label", "upgrade", "renewal", "expired", "lapse")
SURVIVAL_MONTHS = tuple(range(0, 61))
SURVIVAL_MIN = 10  # organisations followed for a point on the survival curve
DAY = pd.Timedelta(days=1)
_STATUS_ORDER = {s: i for i, s in enumerate(metrics.STATUSES)}


def _mine(assessments: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    return assessments[assessments["cluster_id"].isin(clusters["cluster_id"])]


def _date(value) -> dt.date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()


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


# --------------------------------------------------------------------------- label periods and timelines


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


def timelines(clusters: pd.DataFrame, assessments: pd.DataFrame, states: pd.DataFrame, on, sort: str = "county") -> pd.DataFrame:
    """Tidy Gantt segments, one row per bar: cluster_id, name, county, row (0 = top), period ("valid" or
    "grace"), label_level, start, end (exclusive: the day after the bar), valid_until, grace_until,
    start_precision (day/month/year, or derived: an award date read back from valid_until).

    A valid bar runs from the award to valid_until, cut short where the next label starts; the grace bar
    follows it up to the end of the grace year, cut short where the next label starts.  What is left
    between a grace year and a later new start is a gap.  Only clusters that ever held a label get a row."""
    periods = label_periods(assessments, on)  # per cluster: the whole snapshot's, kept per snapshot
    periods = periods[periods["cluster_id"].isin(clusters["cluster_id"])]
    next_start = periods["next_start"]
    valid_end = periods["valid_until"] + DAY
    cut_short = next_start.notna() & (next_start < valid_end)
    valid = periods.assign(period="valid", end=valid_end.mask(cut_short, next_start))
    grace_start = periods["valid_until"] + DAY
    has_grace = next_start.isna() | (next_start > grace_start)
    grace = periods[has_grace].assign(period="grace", start=grace_start[has_grace])
    grace["end"] = (periods["grace_until"] + DAY)[has_grace]
    cut = grace["next_start"].notna() & (grace["next_start"] < grace["end"])
    grace.loc[cut, "end"] = grace.loc[cut, "next_start"]
    segments = pd.concat([valid, grace], ignore_index=True)
    order = timeline_order(clusters[clusters["cluster_id"].isin(periods["cluster_id"])], states, sort)
    info = clusters.set_index("cluster_id")
    segments["row"] = segments["cluster_id"].map({cid: i for i, cid in enumerate(order)})
    segments["name"] = segments["cluster_id"].map(info["name"])
    segments["county"] = segments["cluster_id"].map(info["county_code"]).map(geo.county_name)
    segments["status"] = segments["cluster_id"].map(states.set_index("cluster_id")["status"])
    segments.loc[segments["period"] == "grace", "start_precision"] = "day"  # a grace year starts on a known day
    columns = [
        "cluster_id",
        "name",
        "county",
        "status",
        "row",
        "period",
        "label_level",
        "start",
        "end",
        "valid_until",
        "grace_until",
        "start_precision",
    ]
    segments = segments[columns].sort_values(["row", "start", "period"], ascending=[True, True, False])
    return segments.reset_index(drop=True)


@dataclass(frozen=True)
class TimelinePage:
    """Which rows of the timelines one page shows: page ``number`` of ``pages``, rows ``first`` to ``last``
    (1-based, inclusive; both 0 when there are no rows) of ``rows``."""

    number: int
    pages: int
    first: int
    last: int
    rows: int


def is_page_number(text: str) -> bool:
    """A page number as a link may carry it: 1 to MAX_PAGES, digits only, no leading zero."""
    return isinstance(text, str) and re.fullmatch(r"[1-9][0-9]*", text) is not None and int(text) <= MAX_PAGES


def timeline_page(rows: int, number: int, size: int = TIMELINE_ROWS) -> TimelinePage:
    """Page ``number`` of ``rows`` timelines at ``size`` a page, clamped into 1..pages: a filter that shrinks
    the list moves a page beyond its end to the last page, never to an empty one.  No rows: page 1 of 1."""
    pages = max(1, -(-rows // size))
    number = min(max(1, int(number)), pages)
    first = (number - 1) * size
    last = min(rows, first + size)
    return TimelinePage(number, pages, first + 1 if last > first else 0, last, rows)


def page_segments(segments: pd.DataFrame, page: TimelinePage) -> pd.DataFrame:
    """The segments (``timelines``) of the rows ``page`` shows, in their order; ``row`` is kept as it is."""
    shown = (segments["row"] >= page.first - 1) & (segments["row"] < page.last)
    return segments[shown].reset_index(drop=True)


def timeline_years(segments: pd.DataFrame) -> tuple[int, int] | None:
    """(first, last) calendar year the segments cover (end is exclusive), for one time axis on every page."""
    if segments.empty:
        return None
    return int(segments["start"].min().year), int((segments["end"].max() - DAY).year)


def pager_choices(rows: int, tr: Translator, size: int = TIMELINE_ROWS) -> dict[str, str]:
    """The pager's choices for ``rows`` timelines: page number (as the link carries it) -> its label,
    '2' -> 'Rows 41–80 of 2,000'."""
    pages = timeline_page(rows, 1, size).pages
    spans = (timeline_page(rows, number, size) for number in range(1, pages + 1))
    return {str(p.number): tr("renewals.rows_of", first=tr.integer(p.first), last=tr.integer(p.last), n=tr.integer(rows)) for p in spans}


def timelines_caption(page: TimelinePage, scope: str, horizon: int | str, tr: Translator) -> str:
    """Under the pager: how many clusters are in view (scope "all" or "watch" of the horizon in months),
    which rows are shown when there is more than one page, and how to read the bars."""
    parts = [tr(f"renewals.timelines_count_{scope}", n=tr.integer(page.rows), months=horizon)]
    if page.pages > 1:
        parts.append(tr("renewals.timelines_rows", first=tr.integer(page.first), last=tr.integer(page.last)))
    return " ".join([*parts, tr("renewals.timelines_legend")])


def timeline_order(clusters: pd.DataFrame, states: pd.DataFrame, sort: str = "county") -> list[str]:
    """Cluster ids top to bottom.  county: country, county name, name; level: current status (Gold first,
    lapsed last), then latest valid_until; expiry: days since the latest label expired, longest first
    (still valid labels last, the one running out first at the top of them)."""
    frame = clusters[["cluster_id", "name", "country", "county_code"]].merge(
        states[["cluster_id", "status", "valid_until", "days_left"]], on="cluster_id", how="left"
    )
    if sort == "level":
        frame = frame.assign(_key=frame["status"].map(_STATUS_ORDER))
        frame = frame.sort_values(["_key", "valid_until", "name"], ascending=[True, False, True])
    elif sort == "expiry":
        frame = frame.assign(_key=-frame["days_left"])
        frame = frame.sort_values(["_key", "name"], ascending=[False, True], na_position="last")
    else:
        frame = frame.assign(
            _country=frame["country"].map({c: i for i, c in enumerate(geo.COUNTRIES)}), _county=frame["county_code"].map(geo.county_name)
        )
        frame = frame.sort_values(["_country", "_county", "name"])
    return frame["cluster_id"].tolist()


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


def watch_table(watch: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """The watch-list as shown and downloaded: translated headers and values, dates as dates; one days
    column (days left for valid labels, days since expiry for expired ones, as the status says).  The
    repeated texts are categories, so each distinct value reaches the browser once (Europe scale: a 637-row
    list went from 76 to about 40 KB); CSV and Excel write the same text either way."""

    def category(values: pd.Series) -> pd.Categorical:
        return pd.Categorical(values.to_numpy(dtype=object))

    return pd.DataFrame(
        {
            tr("common.col_cluster"): watch["name"].to_numpy(),
            tr("common.col_country"): category(watch["country"].map(tr.country)),
            tr("common.col_county"): category(watch["county_code"].map(geo.county_name)),
            tr("common.col_label"): category(watch["label_level"].map(tr.status)),
            tr("common.col_status"): category(watch["state"].map(lambda s: tr(f"renewals.state_{s}"))),
            tr("common.col_valid_until"): watch["valid_until"].map(_date).to_numpy(),
            tr("renewals.col_renewable_until"): watch["grace_until"].map(_date).to_numpy(),
            tr("renewals.col_days"): watch["days_left"].fillna(watch["days_since_expiry"]).array,
        }
    )


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


def changes_table(changed: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """The changes as shown and downloaded: translated headers and values, dates as dates."""
    return pd.DataFrame(
        {
            tr("renewals.col_change"): changed["change"].map(lambda k: tr(f"renewals.change_{k}")).to_numpy(),
            tr("common.col_cluster"): changed["name"].to_numpy(),
            tr("common.col_country"): changed["country"].map(tr.country).to_numpy(),
            tr("common.col_county"): changed["county_code"].map(geo.county_name).to_numpy(),
            tr("renewals.col_before"): changed["status_before"].map(tr.status).to_numpy(),
            tr("renewals.col_after"): changed["status_after"].map(tr.status).to_numpy(),
            tr("renewals.col_awarded_on"): changed["awarded_on"].map(_date).to_numpy(),
            tr("renewals.col_label_awarded"): changed["label_awarded"].map(lambda v: tr.status(v) if isinstance(v, str) else "").to_numpy(),
            tr("common.col_valid_until"): changed["valid_until"].map(_date).to_numpy(),
        }
    )


# --------------------------------------------------------------------------- the timelines in view


def scoped_timelines(
    clusters: pd.DataFrame,
    assessments: pd.DataFrame,
    states: pd.DataFrame,
    on,
    sort: str = "county",
    horizon_months: int | str | None = None,
) -> pd.DataFrame:
    """``timelines`` of every cluster (``horizon_months`` None: the page's scope "all"), or of those on the
    watch-list only (scope "watch": ``watch_list`` of ``horizon_months``)."""
    if horizon_months is not None:
        clusters = clusters[clusters["cluster_id"].isin(watch_list(clusters, states, on, horizon_months)["cluster_id"])]
    return timelines(clusters, assessments, states, on, sort)
