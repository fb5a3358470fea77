"""Every figure the app shows, as pure functions over the snapshot's frames (no Streamlit here).

Definitions (see README "How the figures are defined"):
- A cluster's *current label* on a date is the label of its latest labelled assessment on or before it.
  It is **valid** up to and including valid_until, **grace** for one more year (renewal still possible),
  then **lapsed**; a cluster with no labelled assessment is **never** certified.
- The *renewal funnel* follows each organisation's first label.  Once it has come to its end
  (valid_until before the date) the organisation has either **renewed or upgraded** (a later labelled
  assessment no later than one year after valid_until) or **not renewed** (some of those are still inside
  the grace year and are counted apart).  A new label after the grace year is a new start, not a renewal.
- The *comparison sample* is every organisation with a labelled assessment in the window
  2014-02-01..2016-08-31 (the articles' "February 2014 to September 2016", before the Nordland round of
  September 2016); its figures use each organisation's latest assessment in the window.
"""
from __future__ import annotations

import datetime as dt
import functools
import weakref
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .snapshot import AREA_COLUMNS, AREAS, LIGHTS, Snapshot

GRACE = pd.DateOffset(years=1)
LEVEL_RANK = {"none": 0, "bronze": 1, "silver": 2, "gold": 3}
STATUSES = ("gold", "silver", "bronze", "grace", "lapsed", "never")
WINDOW = (dt.date(2014, 2, 1), dt.date(2016, 8, 31))
MIN_GROUP = 3  # public mode shows aggregates of groups of at least this many clusters


def _ts(day) -> pd.Timestamp:
    return pd.Timestamp(day)


def _lookup(values: pd.Series, keys: pd.Series) -> np.ndarray:
    """values[key] for each key (NaN/NaT where missing); keeps datetime dtypes even when values is empty."""
    return values.reindex(keys.to_numpy()).to_numpy()


# --------------------------------------------------------------------------- filters

@dataclass(frozen=True)
class Filters:
    """The shared sidebar filters. Empty tuples mean 'all'."""

    countries: tuple[str, ...] = ()
    counties: tuple[str, ...] = ()
    programme_levels: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()

    def is_default(self) -> bool:
        return not (self.countries or self.counties or self.programme_levels or self.statuses)


def filter_clusters(clusters: pd.DataFrame, states: pd.DataFrame | None = None,
                    filters: Filters = Filters()) -> pd.DataFrame:
    """The clusters the filters keep (status filtering needs ``states`` from ``label_states``)."""
    mask = np.ones(len(clusters), dtype=bool)
    if filters.countries:
        mask &= clusters["country"].isin(filters.countries).to_numpy()
    if filters.counties:
        mask &= clusters["county_code"].isin(filters.counties).to_numpy()
    if filters.programme_levels:
        mask &= clusters["programme_level"].isin(filters.programme_levels).to_numpy()
    if filters.statuses and states is not None:
        keep = set(states.loc[states["status"].isin(filters.statuses), "cluster_id"])
        mask &= clusters["cluster_id"].isin(keep).to_numpy()
    return clusters[mask]


# --------------------------------------------------------------------------- per-frame results

_PER_FRAME: dict[tuple, tuple[Any, Any]] = {}


def per_frame(fn):
    """Keep ``fn(frame, *args)`` while ``frame`` (the same object) lives, for hashable ``args``.

    The history derived from a snapshot's assessments (labelled, first_labels) does not depend on the filters;
    every page and filter passes the snapshot's one assessments frame, so it is worked out once per snapshot
    and date instead of on every new filter (it was a third of a filter change on the renewals page).  Results
    are shared: callers must not modify them (frames are read-only by convention, see store).  ui keys the
    content hash of a frame the same way."""
    @functools.wraps(fn)
    def cached(frame, *args, **kwargs):
        key = (fn.__qualname__, id(frame), args, tuple(sorted(kwargs.items())))
        try:
            hit = _PER_FRAME.get(key)
        except TypeError:                           # an unhashable argument: nothing to key on
            return fn(frame, *args, **kwargs)
        if hit is not None and hit[0]() is frame:
            return hit[1]
        result = fn(frame, *args, **kwargs)

        def forget(ref, key=key):
            if (_PER_FRAME.get(key) or (None,))[0] is ref:
                _PER_FRAME.pop(key, None)

        _PER_FRAME[key] = (weakref.ref(frame, forget), result)
        return result

    cached.uncached = fn
    return cached


# --------------------------------------------------------------------------- label state

@per_frame
def labelled(assessments: pd.DataFrame, on=None) -> pd.DataFrame:
    """Labelled assessments (label other than none) on or before ``on``, one per cluster and day (the
    highest label wins a same-day double record), sorted by cluster and date."""
    frame = assessments[assessments["label_level"] != "none"]
    if on is not None:
        frame = frame[frame["assessment_date"] <= _ts(on)]
    frame = frame.assign(_rank=frame["label_level"].map(LEVEL_RANK))
    frame = frame.sort_values(["cluster_id", "assessment_date", "_rank"])
    frame = frame.drop_duplicates(["cluster_id", "assessment_date"], keep="last")
    return frame.drop(columns="_rank")


def label_states(clusters: pd.DataFrame, assessments: pd.DataFrame, on) -> pd.DataFrame:
    """One row per cluster: state (valid/grace/lapsed/never), label_level, status (gold, silver, bronze,
    grace, lapsed, never), valid_until, grace_until, days_left, first/last assessment dates, labels held."""
    on_ts = _ts(on)
    history = labelled(assessments, on_ts)
    grouped = history.groupby("cluster_id", sort=False)
    latest = grouped.tail(1).set_index("cluster_id")
    first = grouped["assessment_date"].min()
    count = grouped.size()
    out = pd.DataFrame({"cluster_id": clusters["cluster_id"].to_numpy()})
    out["label_level"] = _lookup(latest["label_level"].astype(object), out["cluster_id"])
    out["valid_until"] = pd.to_datetime(_lookup(latest["valid_until"], out["cluster_id"]))
    out["last_assessment_date"] = pd.to_datetime(_lookup(latest["assessment_date"], out["cluster_id"]))
    out["first_assessment_date"] = pd.to_datetime(_lookup(first, out["cluster_id"]))
    out["labels_held"] = pd.Series(_lookup(count, out["cluster_id"])).fillna(0).astype(int).to_numpy()
    out["grace_until"] = out["valid_until"] + GRACE
    never = out["label_level"].isna()
    valid = ~never & (out["valid_until"] >= on_ts)
    grace = ~never & ~valid & (out["grace_until"] >= on_ts)
    out["state"] = np.select([never, valid, grace], ["never", "valid", "grace"], "lapsed")
    out["status"] = np.where(valid, out["label_level"], out["state"])
    out["days_left"] = (out["valid_until"] - on_ts).dt.days
    return out


def status_counts(clusters: pd.DataFrame, states: pd.DataFrame, by: tuple[str, ...] = ("country",)) -> pd.DataFrame:
    """Tidy counts: one row per group and status (all six statuses present, zeros included)."""
    merged = clusters[["cluster_id", *by]].merge(states[["cluster_id", "status"]], on="cluster_id")
    counts = merged.groupby([*by, "status"]).size()
    groups = merged[list(by)].drop_duplicates()
    full = groups.merge(pd.DataFrame({"status": STATUSES}), how="cross")
    full = full.merge(counts.rename("clusters").reset_index(), on=[*by, "status"], how="left")
    full["clusters"] = full["clusters"].fillna(0).astype(int)
    full["status"] = pd.Categorical(full["status"], categories=STATUSES, ordered=True)
    return full.sort_values([*by, "status"]).reset_index(drop=True)


def valid_counts(clusters: pd.DataFrame, states: pd.DataFrame, country: str) -> dict[str, int]:
    """{gold, silver, bronze, valid, grace, lapsed, never, total} for one country."""
    mine = states[states["cluster_id"].isin(clusters.loc[clusters["country"] == country, "cluster_id"])]
    counts = mine["status"].value_counts()
    out = {s: int(counts.get(s, 0)) for s in STATUSES}
    out["valid"] = out["gold"] + out["silver"] + out["bronze"]
    out["total"] = int(len(mine))
    return out


# --------------------------------------------------------------------------- renewal funnel

@per_frame
def first_labels(assessments: pd.DataFrame, on) -> pd.DataFrame:
    """Per cluster: its first label and what became of it by ``on``.

    Columns: cluster_id, first_date, first_level, first_valid_until, stage (still_valid, renewed,
    not_renewed), in_grace, renewed_on, reached_silver, reached_gold."""
    on_ts = _ts(on)
    history = labelled(assessments, on_ts)
    if history.empty:
        return pd.DataFrame(columns=["cluster_id", "first_date", "first_level", "first_valid_until", "stage",
                                     "in_grace", "renewed_on", "reached_silver", "reached_gold"])
    firsts = history.groupby("cluster_id", sort=False).head(1).set_index("cluster_id")
    later = history.merge(firsts[["assessment_date", "valid_until"]].rename(
        columns={"assessment_date": "first_date", "valid_until": "first_valid_until"}),
        left_on="cluster_id", right_index=True)
    later = later[(later["assessment_date"] > later["first_date"])
                  & (later["assessment_date"] <= later["first_valid_until"] + GRACE)]
    renewed_on = later.groupby("cluster_id")["assessment_date"].min()
    out = pd.DataFrame({
        "cluster_id": firsts.index,
        "first_date": firsts["assessment_date"].to_numpy(),
        "first_level": firsts["label_level"].to_numpy(),
        "first_valid_until": firsts["valid_until"].to_numpy(),
    })
    out["renewed_on"] = pd.to_datetime(_lookup(renewed_on, out["cluster_id"]))
    ended = out["first_valid_until"] < on_ts
    renewed = out["renewed_on"].notna()
    out["stage"] = np.select([~ended & ~renewed, renewed], ["still_valid", "renewed"], "not_renewed")
    out["in_grace"] = (out["stage"] == "not_renewed") & (out["first_valid_until"] + GRACE >= on_ts)
    held = history.groupby(["cluster_id", "label_level"]).size().unstack(fill_value=0)
    for level in ("silver", "gold"):
        counts = held[level] if level in held.columns else pd.Series(0, index=held.index)
        out[f"reached_{level}"] = pd.Series(_lookup(counts, out["cluster_id"])).fillna(0).to_numpy() > 0
    return out.reset_index(drop=True)


def funnel_groups(firsts: pd.DataFrame, clusters: pd.DataFrame):
    """Per country (sorted): (country, its first labels, ended, renewed, not renewed) from first_labels rows
    that carry a country column — the split every funnel view starts from."""
    for country in sorted(clusters["country"].unique()):
        f = firsts[firsts["country"] == country]
        ended = f[f["stage"] != "still_valid"]
        yield country, f, ended, ended[ended["stage"] == "renewed"], ended[ended["stage"] == "not_renewed"]


def renewal_funnel(clusters: pd.DataFrame, assessments: pd.DataFrame, on) -> pd.DataFrame:
    """Tidy funnel per country: step, clusters.  Steps: first_ended (first label has come to its end),
    renewed (renewed or upgraded), silver, gold (of those renewed, ever reached Silver / Gold),
    not_renewed, not_renewed_in_grace, still_valid (first label still running, not part of the funnel)."""
    firsts = first_labels(assessments, on).merge(clusters[["cluster_id", "country"]], on="cluster_id")
    rows = []
    for country, f, ended, renewed, not_renewed in funnel_groups(firsts, clusters):
        for step, n in (("first_ended", len(ended)), ("renewed", len(renewed)),
                        ("silver", int(renewed["reached_silver"].sum())), ("gold", int(renewed["reached_gold"].sum())),
                        ("not_renewed", len(not_renewed)), ("not_renewed_in_grace", int(not_renewed["in_grace"].sum())),
                        ("still_valid", int((f["stage"] == "still_valid").sum()))):
            rows.append({"country": country, "step": step, "clusters": int(n)})
    return pd.DataFrame(rows, columns=["country", "step", "clusters"])


def funnel_values(funnel: pd.DataFrame, country: str) -> dict[str, int]:
    """step -> clusters of one country's funnel, in the funnel's step order.  A plain scan of the dozen rows:
    boolean masks over Arrow-backed strings cost ~20x more."""
    return {step: int(clusters) for row_country, step, clusters in zip(
        funnel["country"].tolist(), funnel["step"].tolist(), funnel["clusters"].tolist()) if row_country == country}


def funnel_value(funnel: pd.DataFrame, country: str, step: str) -> int:
    """The clusters of one step of one country's funnel (0 when absent)."""
    return funnel_values(funnel, country).get(step, 0)


# --------------------------------------------------------------------------- comparison sample

def comparison_sample(clusters: pd.DataFrame, assessments: pd.DataFrame,
                      window: tuple[dt.date, dt.date] = WINDOW) -> pd.DataFrame:
    """Latest labelled assessment of each organisation inside the window, with its country."""
    history = labelled(assessments)
    inside = history[(history["assessment_date"] >= _ts(window[0])) & (history["assessment_date"] <= _ts(window[1]))]
    latest = inside.groupby("cluster_id", sort=False).tail(1)
    return latest.merge(clusters[["cluster_id", "country", "county_code", "programme_level", "sector"]],
                        on="cluster_id").reset_index(drop=True)


def index_summary(sample: pd.DataFrame) -> pd.DataFrame:
    """Per country: n, mean (one decimal), median, min, max of the quality index."""
    grouped = sample.groupby("country")["quality_index"]
    out = pd.DataFrame({"n": grouped.size(), "mean": grouped.mean().round(1), "median": grouped.median(),
                        "min": grouped.min(), "max": grouped.max()}).reset_index()
    return out


def area_profile(sample: pd.DataFrame, by: str = "country") -> pd.DataFrame:
    """Tidy mean score per group and ESCA area: columns [by, area, score, n]."""
    long = sample.melt(id_vars=[by], value_vars=list(AREA_COLUMNS), var_name="area", value_name="score")
    long["area"] = long["area"].str.removeprefix("area_")
    out = long.groupby([by, "area"], sort=False)["score"].agg(["mean", "size"]).reset_index()
    out = out.rename(columns={"mean": "score", "size": "n"})
    out["area"] = pd.Categorical(out["area"], categories=AREAS, ordered=True)
    return out.sort_values([by, "area"]).reset_index(drop=True)


def area_gap(profile: pd.DataFrame, a: str = "DK", b: str = "NO", by: str = "country") -> pd.DataFrame:
    """Per area: score of a, score of b, gap = a - b; sorted by gap, largest first."""
    wide = profile.pivot(index="area", columns=by, values="score")
    out = pd.DataFrame({"area": wide.index.astype(str), a: wide[a].to_numpy(), b: wide[b].to_numpy()})
    out["gap"] = out[a] - out[b]
    return out.sort_values("gap", ascending=False).reset_index(drop=True)


# --------------------------------------------------------------------------- training lights

def training_lights(sample: pd.DataFrame, by: str = "country") -> pd.DataFrame:
    """Tidy: ``by`` (country unless told), light (budget/plan/training), value (green/yellow/red), clusters."""
    long = sample.melt(id_vars=[by], value_vars=list(LIGHTS), var_name="light", value_name="value")
    long["light"] = long["light"].str.removeprefix("light_")
    return long.groupby([by, "light", "value"]).size().rename("clusters").reset_index()


def all_green(sample: pd.DataFrame) -> pd.Series:
    return (sample[list(LIGHTS)] == "green").all(axis=1)


# --------------------------------------------------------------------------- collaborations and events

def find_pilot(snapshot: Snapshot, county_code: str = "18") -> pd.Series | None:
    """The earliest pilot collaboration covering the county (the 2016 Nordland pilot in the demo data)."""
    c = snapshot.collaborations
    hits = c[(c["kind"] == "pilot") & c["county_codes"].map(lambda codes: county_code in list(codes))]
    return None if hits.empty else hits.sort_values("start_date").iloc[0]


def collaboration_members(snapshot: Snapshot, collaboration_id: str) -> pd.DataFrame:
    ids = snapshot.collaboration_members.loc[
        snapshot.collaboration_members["collaboration_id"] == collaboration_id, "cluster_id"]
    return snapshot.clusters[snapshot.clusters["cluster_id"].isin(ids)]


def collaboration_events(snapshot: Snapshot, collaboration_id: str) -> pd.DataFrame:
    e = snapshot.events
    return e[e["collaboration_id"] == collaboration_id].sort_values("start_date")


def training_events(snapshot: Snapshot) -> pd.DataFrame:
    """Events of the training programmes (Romania, Bulgaria), in date order."""
    e = snapshot.events
    return e[e["programme"].notna()].sort_values("start_date").reset_index(drop=True)


# --------------------------------------------------------------------------- headline facts

@dataclass
class Headline:
    snapshot: dt.date
    demo: bool
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    funnel: pd.DataFrame | None = None


def facts(snapshot: Snapshot) -> dict:
    """The headline figures of one snapshot (what `python -m clusterviz facts --json` prints)."""
    on = snapshot.as_of
    clusters, assessments = snapshot.clusters, snapshot.assessments
    states = label_states(clusters, assessments, on)
    no, dk = valid_counts(clusters, states, "NO"), valid_counts(clusters, states, "DK")
    funnel = renewal_funnel(clusters, assessments, on)
    sample = comparison_sample(clusters, assessments)
    summary = index_summary(sample).set_index("country")
    no_sample = sample[sample["country"] == "NO"]
    pilot = find_pilot(snapshot)
    workshop = None
    pilot_n = 0
    if pilot is not None:
        pilot_n = int(len(collaboration_members(snapshot, pilot["collaboration_id"])))
        events = collaboration_events(snapshot, pilot["collaboration_id"])
        workshops = events[events["kind"] == "workshop"]
        if len(workshops):
            workshop = workshops["start_date"].iloc[0].date().isoformat()

    def stat(country, column):
        if country not in summary.index:
            return None
        value = summary.loc[country, column]
        return float(value) if column == "mean" else int(value)

    return {
        "snapshot": on.isoformat(),
        "demo": snapshot.demo,
        "no_gold_valid": no["gold"], "no_silver_valid": no["silver"], "no_bronze_valid": no["bronze"],
        "dk_gold_valid": dk["gold"], "dk_silver_valid": dk["silver"], "dk_bronze_valid": dk["bronze"],
        "no_clusters": no["total"], "dk_clusters": dk["total"],
        "no_first_benchmarked": funnel_value(funnel, "NO", "first_ended"),
        "no_renewed_or_upgraded": funnel_value(funnel, "NO", "renewed"),
        "no_lapsed": funnel_value(funnel, "NO", "not_renewed"),
        "no_lapsed_in_grace": funnel_value(funnel, "NO", "not_renewed_in_grace"),
        "no_first_label_still_valid": funnel_value(funnel, "NO", "still_valid"),
        "comparison_window": [WINDOW[0].isoformat(), WINDOW[1].isoformat()],
        "comparison_no_n": stat("NO", "n") or 0, "comparison_dk_n": stat("DK", "n") or 0,
        "comparison_no_mean_index": stat("NO", "mean"), "comparison_dk_mean_index": stat("DK", "mean"),
        "nordland_pilot_clusters": pilot_n,
        "nordland_workshop_date": workshop,
        "training_certified_n": int(len(no_sample)),
        "training_all_green_n": int(all_green(no_sample).sum()),
        "training_events": [
            {"event_id": r.event_id, "name": r.name, "programme": r.programme, "kind": r.kind,
             "start_date": r.start_date.date().isoformat(), "days": int(r.days), "place": r.place,
             "country": r.country, "clusters": None if pd.isna(r.clusters_n) else int(r.clusters_n),
             "participants": None if pd.isna(r.participants_n) else int(r.participants_n), "status": r.status}
            for r in training_events(snapshot).itertuples()
        ],
    }


# --------------------------------------------------------------------------- overview

def overview_figures(clusters: pd.DataFrame, assessments: pd.DataFrame, on) -> dict:
    """Label counts and renewal funnel for a (filtered) set of clusters, per country present in it."""
    states = label_states(clusters, assessments, on)       # both keep only ``clusters``' rows; the history
    funnel = renewal_funnel(clusters, assessments, on)     # behind them is the snapshot's, kept per_frame
    countries = [c for c in ("NO", "DK") if (clusters["country"] == c).any()]
    return {
        "countries": countries,
        "counts": {c: valid_counts(clusters, states, c) for c in countries},
        "funnel": {c: {step: funnel_value(funnel, c, step) for step in funnel["step"].unique()} for c in countries},
        "status_counts": status_counts(clusters, states) if len(clusters) else None,
    }
