"""A collaboration before and after: its members' labels next to comparable non-members' (no Streamlit, no
translator; the sentence and table that word it are in charts/collaboration_tables.py).

- *Comparable non-members*: clusters of the members' countries that are not members and either were first
  labelled within 12 months either side of the collaboration's start or had never been labelled at the start.
- The *before/after* difference is the change in the share of clusters holding a valid label between the
  start and the snapshot date, members minus comparable non-members: a description, not an effect estimate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from clusterviz.data import store
from clusterviz.data.snapshot import Snapshot
from clusterviz.figures import metrics
from clusterviz.figures.collaboration import latest_labelled

COMPARABLE_WINDOW = pd.DateOffset(months=12)


def comparable_non_members(clusters: pd.DataFrame, assessments: pd.DataFrame, member_ids: Iterable[str], start, on) -> pd.DataFrame:
    """Non-members of the members' countries first labelled within 12 months either side of ``start``, or
    never labelled before it.  Columns: cluster_id, country, first_date, reason (first_label / not_certified)."""
    member_ids = set(member_ids)
    start_ts = pd.Timestamp(start)
    countries = set(clusters.loc[clusters["cluster_id"].isin(member_ids), "country"])
    pool = clusters[clusters["country"].isin(countries) & ~clusters["cluster_id"].isin(member_ids)]
    firsts = metrics.first_labels(assessments, on).set_index("cluster_id")["first_date"]
    first_date = pd.to_datetime(pool["cluster_id"].map(firsts))
    near = first_date.between(start_ts - COMPARABLE_WINDOW, start_ts + COMPARABLE_WINDOW)
    uncertified = first_date.isna() | (first_date > start_ts)
    keep = near | uncertified
    out = pd.DataFrame({"cluster_id": pool["cluster_id"], "country": pool["country"], "first_date": first_date})
    out = out[keep.to_numpy()]
    out["reason"] = np.where(near[keep].to_numpy(), "first_label", "not_certified")
    return out.reset_index(drop=True)


def snapshots_after(catalog: store.Catalog, start) -> list[Snapshot]:
    """The valid snapshots of the catalog dated after ``start``, oldest first (loaded through the store)."""
    first = None if start is None or pd.isna(start) else pd.Timestamp(start).date()
    return [store.load(e.location) for e in catalog.valid if first is None or e.as_of > first]


def before_after(
    current: Snapshot,
    member_ids: Sequence[str],
    comparable_ids: Sequence[str],
    start,
    later: Sequence[Snapshot] = (),
    index_min_group: int | None = None,
) -> pd.DataFrame:
    """Label states of the members and of the comparable non-members at the start (on ``current``'s data)
    and at each snapshot date: the current one and those in ``later`` (each on its own data).

    One row per point in time and group: date, point (start/snapshot), group (members/comparable), n,
    valid (clusters holding a valid label), share_valid, a count per status, labelled_n (clusters with a
    labelled assessment by then) and mean_index.  The mean index is only computed when ``index_min_group``
    is given (adviser mode) and labelled_n reaches it: in public mode it is left out altogether, because
    two means of a group that gained one cluster between two dates would give away that cluster's score."""
    points = [(pd.Timestamp(start), "start", current)]
    for day, later_snapshot in sorted({s.as_of: s for s in (current, *later) if pd.Timestamp(s.as_of) > pd.Timestamp(start)}.items()):
        points.append((pd.Timestamp(day), "snapshot", later_snapshot))
    rows = []
    ids = {"members": list(member_ids), "comparable": list(comparable_ids)}
    for when, point, snap in points:
        frame = current.clusters[current.clusters["cluster_id"].isin(ids["members"] + ids["comparable"])]
        states = metrics.label_states(frame, snap.assessments, when).set_index("cluster_id")
        for group in ("members", "comparable"):
            mine = states.loc[states.index.intersection(ids[group])]
            latest = latest_labelled(snap.assessments, mine.index, when)
            counts = mine["status"].value_counts()
            n = int(len(mine))
            valid = int(mine["state"].eq("valid").sum())
            row = {
                "date": when,
                "point": point,
                "group": group,
                "n": n,
                "valid": valid,
                "share_valid": valid / n if n else np.nan,
                "labelled_n": int(len(latest)),
                "mean_index": None,
            }
            if index_min_group is not None and len(latest) >= max(index_min_group, 1):
                known = int(latest["quality_index"].notna().sum())
                if metrics.covered(known, len(latest), index_min_group):
                    row["mean_index"] = metrics.known_mean(latest["quality_index"])
            row.update({status: int(counts.get(status, 0)) for status in metrics.STATUSES})
            rows.append(row)
    return pd.DataFrame(rows)


def status_shift(table: pd.DataFrame) -> pd.DataFrame:
    """The before/after table as tidy counts for a chart: date, point, group, status, clusters, n."""
    long = table.melt(id_vars=["date", "point", "group", "n"], value_vars=list(metrics.STATUSES), var_name="status", value_name="clusters")
    long["status"] = pd.Categorical(long["status"], categories=metrics.STATUSES, ordered=True)
    return long.sort_values(["group", "date", "status"]).reset_index(drop=True)


@dataclass(frozen=True)
class Difference:
    """Change in the share holding a valid label, start -> end, members and comparable non-members."""

    start: dt.date
    end: dt.date
    members_n: int
    comparable_n: int
    members_before: float
    members_after: float
    comparable_before: float | None
    comparable_after: float | None

    @property
    def members_change(self) -> float:
        return self.members_after - self.members_before

    @property
    def comparable_change(self) -> float | None:
        if self.comparable_before is None or self.comparable_after is None:
            return None
        return self.comparable_after - self.comparable_before

    @property
    def difference(self) -> float | None:
        change = self.comparable_change
        return None if change is None else self.members_change - change


def difference(table: pd.DataFrame, end) -> Difference | None:
    """The simple difference between the start and the snapshot dated ``end`` (None when not in the table)."""
    end_ts = pd.Timestamp(end)
    start_rows = table[table["point"] == "start"].set_index("group")
    end_rows = table[(table["point"] == "snapshot") & (table["date"] == end_ts)].set_index("group")
    if "members" not in start_rows.index or "members" not in end_rows.index or not start_rows.loc["members", "n"]:
        return None
    has_comparable = "comparable" in end_rows.index and end_rows.loc["comparable", "n"] > 0

    def share(rows, group):
        return float(rows.loc[group, "share_valid"]) if has_comparable or group == "members" else None

    return Difference(
        start=start_rows["date"].iloc[0].date(),
        end=end_ts.date(),
        members_n=int(end_rows.loc["members", "n"]),
        comparable_n=int(end_rows.loc["comparable", "n"]) if has_comparable else 0,
        members_before=share(start_rows, "members"),
        members_after=share(end_rows, "members"),
        comparable_before=share(start_rows, "comparable"),
        comparable_after=share(end_rows, "comparable"),
    )
