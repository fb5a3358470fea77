"""The renewals page's label timelines: every label period and its grace year as Gantt segments, in pages of
TIMELINE_ROWS clusters (no Streamlit, no translator; the pager's words are in charts/renewals_tables.py).

- ``timelines``: one row per bar (valid / grace), the rows ordered by ``timeline_order``.
- ``timeline_page`` / ``page_segments`` / ``timeline_years``: the Gantt shown a page at a time on one
  time axis; ``is_page_number`` checks a page number a link carries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from clusterviz.data import geo
from clusterviz.figures import metrics
from clusterviz.figures.renewals import DAY, label_periods

SORTS = ("county", "level", "expiry")  # timeline orders
SCOPES = ("all", "watch")  # timelines of every labelled cluster / of the watch-list only
TIMELINE_ROWS = 40  # clusters per page of timelines: one screen, ~10 KB of chart data
MAX_PAGES = 9999  # the largest page number a link may carry
_STATUS_ORDER = {s: i for i, s in enumerate(metrics.STATUSES)}


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
