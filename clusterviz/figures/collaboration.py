"""Regional collaborations as portfolios: members, scorecard, before/after and network (no Streamlit here).

Definitions (shown on the page in words):
- A collaboration's *members* are listed in collaboration_members; their label status on a date comes from
  metrics.label_states (public: labels and their validity).
- The *Regional Cluster Excellence Scorecard* compares the members' latest labelled assessment on the
  snapshot date with the comparison sample (metrics.comparison_sample, per country) and its *Gold group*
  (sample organisations whose latest label in the window is Gold).  Only group means are returned; a group
  below ``min_group`` clusters is listed with its size but without figures.
- *Comparable non-members*: clusters of the members' countries that are not members and either were first
  labelled within 12 months either side of the collaboration's start or had never been labelled at the start.
- The *before/after* difference is the change in the share of clusters holding a valid label between the
  start and the snapshot date, members minus comparable non-members: a description, not an effect estimate.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from clusterviz.data import geo, store
from clusterviz.data.snapshot import AREA_COLUMNS, AREAS, LABEL_RANK, Snapshot
from clusterviz.figures import metrics
from clusterviz.text.i18n import Translator, localised_column
from clusterviz.text.markup import escape_markdown

GROUPS = ("members", "NO", "DK", "gold")  # scorecard groups, in display order
MEASURES = ("quality_index", *AREAS)
COMPARABLE_WINDOW = pd.DateOffset(months=12)
SPREAD_KM = 2.5  # co-located members are drawn this far apart on the map


def _day(value) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


# --------------------------------------------------------------------------- collaborations


def collaborations(snapshot: Snapshot) -> pd.DataFrame:
    """One row per collaboration, oldest first: id, name, kind, region, county_codes (tuple), start_date,
    end_date, description, members_n, events_n."""
    c = snapshot.collaborations
    if c.empty:
        return pd.DataFrame(
            columns=[
                "collaboration_id",
                "name",
                "kind",
                "region",
                "county_codes",
                "start_date",
                "end_date",
                "description",
                "members_n",
                "events_n",
            ]
        )
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


def summary(collaboration: pd.Series, tr: Translator) -> str:
    """'Pilot project · Nordland · 15 August 2016 – 15 December 2016' in the chosen language (a caption:
    the region, from the data, is escaped so that Markdown in it reads as typed)."""
    end = collaboration["end_date"]
    return tr(
        "collaboration.summary",
        kind=tr(f"collaboration.kind_{collaboration['kind']}"),
        region=escape_markdown(collaboration["region"]),
        start=tr.date(collaboration["start_date"]),
        end=tr("collaboration.running") if pd.isna(end) else tr.date(end),
    )


def valid_count(member_frame: pd.DataFrame) -> int:
    """Members holding a valid label (Gold, Silver or Bronze) on the snapshot date."""
    return int(member_frame["status"].isin(LABEL_RANK.keys() - {"none"}).sum())


def members(snapshot: Snapshot, collaboration_id: str, states: pd.DataFrame) -> pd.DataFrame:
    """The members with their public facts: name, town, county, country, programme, label status on the
    snapshot date (status, label_level, valid_until), position.  Sorted by county, town and name."""
    clusters = metrics.collaboration_members(snapshot, collaboration_id)
    out = clusters[["cluster_id", "name", "home_town", "county_code", "country", "programme_level", "sector", "lat", "lon"]].merge(
        states[["cluster_id", "status", "label_level", "valid_until"]], on="cluster_id", how="left"
    )
    out["county_name"] = out["county_code"].map(geo.county_name)
    return out.sort_values(["county_code", "home_town", "name"]).reset_index(drop=True)


def events(snapshot: Snapshot, collaboration_id: str) -> pd.DataFrame:
    """The collaboration's events in date order (workshops, seminars ...)."""
    return metrics.collaboration_events(snapshot, collaboration_id).reset_index(drop=True)


def latest_labelled(assessments: pd.DataFrame, cluster_ids: Iterable[str], on) -> pd.DataFrame:
    """Each cluster's latest labelled assessment on or before ``on`` (confidential scores included)."""
    history = metrics.labelled(assessments, on)  # the snapshot's history, kept per snapshot (per_frame)
    history = history[history["cluster_id"].isin(list(cluster_ids))]
    return history.groupby("cluster_id", sort=False).tail(1).reset_index(drop=True)


# --------------------------------------------------------------------------- scorecard


@dataclass(frozen=True)
class Scorecard:
    """groups: one row per group (group, n, n_known: known indices, shown, quality_index over the known);
    profile: tidy (group, n, measure, score) for the shown groups whose area scores pass the coverage rule."""

    groups: pd.DataFrame
    profile: pd.DataFrame
    min_group: int

    @cached_property
    def _by_group(self) -> dict[str, tuple[int, float | None]]:
        """group -> (n, mean index or None); looked up once per card, which every session shares."""
        return {
            row.group: (int(row.n), None if pd.isna(row.quality_index) else float(row.quality_index)) for row in self.groups.itertuples()
        }

    def index_of(self, group: str) -> float | None:
        return self._by_group.get(group, (0, None))[1]

    def size_of(self, group: str) -> int:
        return self._by_group.get(group, (0, None))[0]

    def known_of(self, group: str) -> int:
        """How many of the group's quality indices are known."""
        rows = self.groups[self.groups["group"] == group]
        return int(rows["n_known"].iloc[0]) if len(rows) else 0

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
    sample = snapshot.memo(
        ("comparison_sample", window), lambda: metrics.comparison_sample(snapshot.clusters, snapshot.assessments, window)
    )
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


# --------------------------------------------------------------------------- before / after


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
    first = _day(start)
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


def _points(value: float, tr: Translator) -> str:
    """A change in percentage points with its sign: +27 / −5 / 0."""
    rounded = round(value * 100)
    sign = "+" if rounded > 0 else ("−" if rounded < 0 else "")
    return sign + tr.integer(abs(rounded))


def explain(diff: Difference, tr: Translator) -> str:
    """The one sentence under the before/after chart, in the chosen language, from the computed figures."""
    values = dict(
        start=tr.date(diff.start),
        end=tr.date(diff.end),
        n=tr.integer(diff.members_n),
        m0=tr.percent(diff.members_before),
        m1=tr.percent(diff.members_after),
        dm=_points(diff.members_change, tr),
    )
    if diff.difference is None or diff.comparable_change is None:
        return tr("collaboration.diff_sentence_alone", **values)
    return tr(
        "collaboration.diff_sentence",
        k=tr.integer(diff.comparable_n),
        c0=tr.percent(diff.comparable_before),
        c1=tr.percent(diff.comparable_after),
        dc=_points(diff.comparable_change, tr),
        diff=_points(diff.difference, tr),
        **values,
    )


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


# --------------------------------------------------------------------------- tables as shown


def members_table(member_frame: pd.DataFrame, tr: Translator, scores: pd.DataFrame | None = None) -> pd.DataFrame:
    """The members table with translated headers; ``scores`` (adviser mode only) adds each member's latest
    quality index and assessment date."""
    out = pd.DataFrame(
        {
            tr("common.col_cluster"): member_frame["name"],
            tr("common.col_town"): member_frame["home_town"],
            tr("common.col_county"): member_frame["county_name"],
            tr("common.col_programme"): member_frame["programme_level"].map(tr.programme),
            tr("common.col_status"): member_frame["status"].map(tr.status),
            tr("common.col_valid_until"): member_frame["valid_until"].map(lambda d: _day(d)),
        }
    )
    if scores is not None:
        by_id = scores.set_index("cluster_id")
        out[tr("collaboration.col_assessed")] = member_frame["cluster_id"].map(by_id["assessment_date"]).map(_day).to_numpy()
        out[tr("collaboration.col_index")] = member_frame["cluster_id"].map(by_id["quality_index"]).to_numpy()
    return out


def scorecard_table(card: Scorecard, tr: Translator) -> pd.DataFrame:
    """Scorecard as a table: one row per group with its size, mean index and six area means (hidden groups
    keep their size only)."""
    wide = card.profile.pivot(index="group", columns="measure", values="score") if len(card.profile) else None
    rows = []
    for g in card.groups.itertuples():
        row = {
            tr("collaboration.col_group"): group_name(g.group, tr),
            tr("collaboration.col_n"): g.n,
            tr("collaboration.col_mean_index"): None if pd.isna(g.quality_index) else round(g.quality_index, 1),
        }
        for area in AREAS:
            shown = wide is not None and g.group in wide.index
            row[tr.area(area)] = round(float(wide.loc[g.group, area]), 1) if wide is not None and shown else None
        rows.append(row)
    return pd.DataFrame(rows)


def before_after_table(table: pd.DataFrame, tr: Translator, with_index: bool = False) -> pd.DataFrame:
    """The before/after table with translated headers; the mean index column only ``with_index``."""
    out = pd.DataFrame(
        {
            tr("collaboration.col_date"): table["date"].map(_day),
            tr("collaboration.col_group"): table["group"].map(lambda g: tr(f"collaboration.group_{g}")),
            tr("collaboration.col_n"): table["n"],
            tr("collaboration.col_valid"): table["valid"],
            tr("collaboration.col_share_valid"): table["share_valid"].map(lambda s: None if pd.isna(s) else round(s * 100)),
        }
    )
    for status in metrics.STATUSES:
        out[tr.status(status)] = table[status]
    if with_index:
        out[tr("collaboration.col_mean_index")] = table["mean_index"].map(lambda v: None if v is None or pd.isna(v) else round(v, 1))
    return out


def events_table(event_frame: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    return pd.DataFrame(
        {
            tr("collaboration.col_date"): event_frame["start_date"].map(_day),
            tr("collaboration.col_event"): localised_column(event_frame, "name", tr.lang),
            tr("collaboration.col_kind"): event_frame["kind"].map(lambda k: tr(f"collaboration.event_{k}")),
            tr("common.col_town"): event_frame["place"],
            tr("collaboration.col_participants"): event_frame["participants_n"].astype("Int64"),
            tr("common.col_clusters"): event_frame["clusters_n"].astype("Int64"),
            tr("collaboration.col_event_status"): event_frame["status"].map(lambda s: tr(f"collaboration.event_status_{s}")),
        }
    )


def group_name(group: str, tr: Translator) -> str:
    return tr(f"collaboration.group_{group}")
