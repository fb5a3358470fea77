"""Regional collaborations as portfolios: members, scorecard, network and timeline (no Streamlit, no translator;
the before/after view is collaboration_before_after.py, the worded tables charts/collaboration_tables.py).

Definitions (shown on the page in words):
- A collaboration's *members* are listed in collaboration_members; their label status on a date comes from
  metrics.label_states (public: labels and their validity).
- The *Regional Cluster Excellence Scorecard* compares the members' latest labelled assessment on the
  snapshot date with the comparison sample (sample.comparison_sample, per country) and its *Gold group*
  (sample organisations whose latest label in the window is Gold).  Only group means are returned; a group
  below ``min_group`` clusters is listed with its size but without figures.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from clusterviz.data import cache, geo
from clusterviz.data.snapshot import AREA_COLUMNS, AREAS, LABEL_RANK, TABLES, Snapshot
from clusterviz.figures import metrics
from clusterviz.figures.sample import comparison_sample

GROUPS = ("members", "NO", "DK", "gold")  # scorecard groups, in display order
MEASURES = ("quality_index", *AREAS)
SPREAD_KM = 2.5  # co-located members are drawn this far apart on the map


# --------------------------------------------------------------------------- collaborations


def collaborations(snapshot: Snapshot) -> pd.DataFrame:
    """One row per collaboration, oldest first: id, name, kind, region, county_codes (tuple), start_date,
    end_date, description, members_n, events_n."""
    c = snapshot.collaborations
    if c.empty:
        return pd.DataFrame(columns=[*TABLES["collaborations"], "members_n", "events_n"])
    members_n = snapshot.collaboration_members.groupby("collaboration_id").size()
    events_n = snapshot.events.groupby("collaboration_id").size()
    out = c.assign(county_codes=c["county_codes"].map(lambda codes: tuple(codes)))
    out["members_n"] = out["collaboration_id"].map(members_n).fillna(0).astype(int)
    out["events_n"] = out["collaboration_id"].map(events_n).fillna(0).astype(int)
    return out.sort_values(["start_date", "collaboration_id"]).reset_index(drop=True)


def covers(collaboration: pd.Series, counties: Iterable[str]) -> bool:
    """True when the collaboration covers at least one of the counties."""
    return bool(set(collaboration["county_codes"]) & set(counties))


def preselect(collabs: pd.DataFrame, counties: Sequence[str] = ()) -> str | None:
    """The collaboration to open: the earliest covering one of ``counties`` (or the earliest of all)."""
    if collabs.empty:
        return None
    if counties:
        hits = collabs[collabs.apply(lambda row: covers(row, counties), axis=1)]
        if not hits.empty:
            return str(hits["collaboration_id"].iloc[0])
    return str(collabs["collaboration_id"].iloc[0])


def choose(
    collabs: pd.DataFrame, current: str | None, counties: Sequence[str] = (), previous_counties: Sequence[str] | None = None
) -> str | None:
    """The collaboration to show: ``current`` unless it is unknown, or the county filter has just changed
    to counties it does not cover; then the preselection for those counties."""
    ids = set(collabs["collaboration_id"])
    counties_changed = previous_counties is not None and tuple(previous_counties) != tuple(counties)
    if current is None or current not in ids or (counties_changed and counties and not covers(details(collabs, current), counties)):
        return preselect(collabs, counties)
    return current


def details(collabs: pd.DataFrame, collaboration_id: str) -> pd.Series:
    return collabs.set_index("collaboration_id").loc[collaboration_id]


def valid_count(member_frame: pd.DataFrame) -> int:
    """Members holding a valid label (Gold, Silver or Bronze) on the snapshot date."""
    return int(member_frame["status"].isin(LABEL_RANK.keys() - {"none"}).sum())


def collaboration_members(snapshot: Snapshot, collaboration_id: str) -> pd.DataFrame:
    """The clusters (rows of snapshot.clusters) that are members of the collaboration."""
    ids = snapshot.collaboration_members.loc[snapshot.collaboration_members["collaboration_id"] == collaboration_id, "cluster_id"]
    return snapshot.clusters[snapshot.clusters["cluster_id"].isin(ids)]


def collaboration_events(snapshot: Snapshot, collaboration_id: str) -> pd.DataFrame:
    """The collaboration's events (rows of snapshot.events), oldest first."""
    e = snapshot.events
    return e[e["collaboration_id"] == collaboration_id].sort_values("start_date")


def members(snapshot: Snapshot, collaboration_id: str, states: pd.DataFrame) -> pd.DataFrame:
    """The members with their public facts: name, town, county, country, programme, label status on the
    snapshot date (status, label_level, valid_until), position.  Sorted by county, town and name."""
    clusters = collaboration_members(snapshot, collaboration_id)
    out = clusters[["cluster_id", "name", "home_town", "county_code", "country", "programme_level", "sector", "lat", "lon"]].merge(
        states[["cluster_id", "status", "label_level", "valid_until"]], on="cluster_id", how="left"
    )
    out["county_name"] = out["county_code"].map(geo.county_name)
    return out.sort_values(["county_code", "home_town", "name"]).reset_index(drop=True)


def events(snapshot: Snapshot, collaboration_id: str) -> pd.DataFrame:
    """The collaboration's events in date order (workshops, seminars ...)."""
    return collaboration_events(snapshot, collaboration_id).reset_index(drop=True)


def latest_labelled(assessments: pd.DataFrame, cluster_ids: Iterable[str], on) -> pd.DataFrame:
    """Each cluster's latest labelled assessment on or before ``on`` (confidential scores included)."""
    history = metrics.labelled(assessments, on)  # the snapshot's history, kept per snapshot (per_frame)
    history = history[history["cluster_id"].isin(list(cluster_ids))]
    return history.groupby("cluster_id", sort=False).tail(1).reset_index(drop=True)


# --------------------------------------------------------------------------- scorecard


_NO_GROUP: tuple[int, float | None, int] = (0, None, 0)  # (n, mean index, known indices) of a group not in the card


@dataclass(frozen=True)
class Scorecard:
    """groups: one row per group (group, n, n_known: known indices, shown, quality_index over the known);
    profile: tidy (group, n, measure, score) for the shown groups whose area scores pass the coverage rule."""

    groups: pd.DataFrame
    profile: pd.DataFrame
    min_group: int

    def cache_key(self) -> tuple:
        """The scorecard as an input of a cached call (``data.cache.key_of``): its frames by content and its
        minimum group, so its table is kept with it (View.cached)."""
        return ("scorecard", cache.key_of(self.groups), cache.key_of(self.profile), self.min_group)

    @cached_property
    def _by_group(self) -> dict[str, tuple[int, float | None, int]]:
        """group -> (n, mean index or None, known indices); looked up once per card, which every session shares."""
        return {
            row.group: (int(row.n), None if pd.isna(row.quality_index) else float(row.quality_index), int(row.n_known))
            for row in self.groups.itertuples()
        }

    def index_of(self, group: str) -> float | None:
        return self._by_group.get(group, _NO_GROUP)[1]

    def size_of(self, group: str) -> int:
        return self._by_group.get(group, _NO_GROUP)[0]

    def known_of(self, group: str) -> int:
        """How many of the group's quality indices are known."""
        return self._by_group.get(group, _NO_GROUP)[2]

    def uncovered(self) -> list[tuple[str, int, int]]:
        """(group, n_known, n) of the non-empty groups hidden because too few indices are known."""
        return [
            (str(r.group), int(r.n_known), int(r.n))
            for r in self.groups.itertuples()
            if r.n and not r.shown and r.n >= max(self.min_group, 1)
        ]


def scorecard(snapshot: Snapshot, member_ids: Iterable[str], min_group: int = metrics.MIN_GROUP) -> Scorecard:
    """The Regional Cluster Excellence Scorecard: mean quality index and six-area profile of the members
    (latest labelled assessment on the snapshot date), the comparison sample (in the snapshot's comparison
    window) per country and its Gold group.  Means are over the known values; groups smaller than
    ``min_group`` or failing the coverage rule (``min_group`` known and half the group) keep their size but
    lose their figures."""
    window = metrics.comparison_window(snapshot)
    sample = snapshot.cached(comparison_sample, snapshot.clusters, snapshot.assessments, window)
    frames = {
        "members": latest_labelled(snapshot.assessments, member_ids, snapshot.as_of),
        "NO": sample[sample["country"] == "NO"],
        "DK": sample[sample["country"] == "DK"],
        "gold": sample[sample["label_level"] == "gold"],
    }
    groups, profile = [], []
    for group in GROUPS:
        frame = frames[group]
        n = int(len(frame))
        scores = frame[["quality_index", *AREA_COLUMNS]].apply(pd.to_numeric, errors="coerce")
        n_known = int(scores["quality_index"].notna().sum())
        shown = n >= max(min_group, 1) and metrics.covered(n_known, n, min_group)
        groups.append(
            {
                "group": group,
                "n": n,
                "n_known": n_known,
                "shown": shown,
                "quality_index": metrics.known_mean(scores["quality_index"]) if shown else np.nan,
            }
        )
        if shown and all(metrics.covered(k, n, min_group) for k in scores[list(AREA_COLUMNS)].notna().sum()):
            means = scores[list(AREA_COLUMNS)].mean()
            for area, column in zip(AREAS, AREA_COLUMNS):
                profile.append({"group": group, "n": n, "measure": area, "score": float(means[column])})
    profile_frame = pd.DataFrame(profile, columns=["group", "n", "measure", "score"])
    return Scorecard(pd.DataFrame(groups), profile_frame, min_group)


# --------------------------------------------------------------------------- network and timeline


def _spread(frame: pd.DataFrame, km: float = SPREAD_KM) -> pd.DataFrame:
    """Display positions: members sharing a town are set on a small circle around it so each can be seen."""
    out = frame.copy()
    out["map_lat"], out["map_lon"] = out["lat"].astype(float), out["lon"].astype(float)
    for _, idx in out.groupby(["lat", "lon"]).groups.items():
        if len(idx) < 2:
            continue
        for i, row in enumerate(idx):
            angle = 2 * math.pi * i / len(idx)
            lat = out.at[row, "lat"]
            out.at[row, "map_lat"] = lat + km / 111.0 * math.sin(angle)
            out.at[row, "map_lon"] = out.at[row, "lon"] + km / (111.0 * math.cos(math.radians(lat))) * math.cos(angle)
    return out


def network(member_frame: pd.DataFrame, event_frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Map data: ``members`` (display positions, status), ``places`` (one row per event), ``arcs`` between
    every pair of members (kind member) and from each member to each event place (kind event).  Members and
    events without coordinates are left off the map (the page lists the members it could not place)."""
    placed = member_frame["lat"].notna() & member_frame["lon"].notna()
    points = _spread(member_frame[placed].reset_index(drop=True))  # unplaced members: listed, not drawn
    located = event_frame["lat"].notna() & event_frame["lon"].notna()
    places = event_frame.loc[
        located, ["event_id", "name", "kind", "place", "country", "start_date", "lat", "lon", "participants_n", "clusters_n", "status"]
    ].reset_index(drop=True)
    arcs = []
    for a, b in itertools.combinations(points.itertuples(), 2):
        arcs.append(
            {
                "kind": "member",
                "source": a.name,
                "target": b.name,
                "source_lon": a.map_lon,
                "source_lat": a.map_lat,
                "target_lon": b.map_lon,
                "target_lat": b.map_lat,
            }
        )
    for member in points.itertuples():
        for place in places.itertuples():
            arcs.append(
                {
                    "kind": "event",
                    "source": member.name,
                    "target": place.place,
                    "source_lon": member.map_lon,
                    "source_lat": member.map_lat,
                    "target_lon": float(place.lon),
                    "target_lat": float(place.lat),
                }
            )
    columns = ["kind", "source", "target", "source_lon", "source_lat", "target_lon", "target_lat"]
    return {"members": points, "places": places, "arcs": pd.DataFrame(arcs, columns=columns)}


def timeline(collaboration: pd.Series, event_frame: pd.DataFrame, member_ids: Iterable[str], assessments: pd.DataFrame, on) -> pd.DataFrame:
    """Tidy timeline rows: the collaboration period (track 'period'), its events (track 'event') and the
    labels its members received from six months before the start to the snapshot date (track 'label',
    one row per day and label level, clusters = how many).  Columns: track, kind, date, end_date, name,
    place, participants, clusters, status."""
    on_ts = pd.Timestamp(on)
    start = pd.Timestamp(collaboration["start_date"])
    end = collaboration["end_date"]
    running = pd.isna(end) or pd.Timestamp(end) > on_ts
    rows = [
        {
            "track": "period",
            "kind": "period",
            "date": start,
            "end_date": on_ts if running else pd.Timestamp(end),
            "name": collaboration["name"],
            "place": collaboration["region"],
            "participants": np.nan,
            "clusters": np.nan,
            "status": "running" if running else "ended",
        }
    ]
    for e in event_frame.itertuples():
        rows.append(
            {
                "track": "event",
                "kind": e.kind,
                "date": pd.Timestamp(e.start_date),
                # days unknown: drawn as its first day only (the one day known), not given a length
                "end_date": pd.Timestamp(e.start_date) + pd.Timedelta(days=(int(e.days) if pd.notna(e.days) else 1) - 1),
                "name": e.name,
                "place": e.place,
                "participants": e.participants_n,
                "clusters": e.clusters_n,
                "status": e.status,
            }
        )
    labels = metrics.labelled(assessments, on_ts)
    labels = labels[labels["cluster_id"].isin(list(member_ids)) & (labels["assessment_date"] >= start - pd.DateOffset(months=6))]
    for (day, level), n in labels.groupby(["assessment_date", "label_level"]).size().items():
        rows.append(
            {
                "track": "label",
                "kind": level,
                "date": pd.Timestamp(day),
                "end_date": pd.Timestamp(day),
                "name": None,
                "place": None,
                "participants": np.nan,
                "clusters": int(n),
                "status": "held",
            }
        )
    out = pd.DataFrame(rows)
    out["participants"] = pd.to_numeric(out["participants"], errors="coerce")
    out["clusters"] = pd.to_numeric(out["clusters"], errors="coerce")
    return out.sort_values(["date", "track"]).reset_index(drop=True)
