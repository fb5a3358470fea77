"""Norway–Denmark comparison: pure functions over the snapshot's frames (no Streamlit, no translator; the peer
groups are comparison_peers.py, the words charts/comparison_tables.py).

Two populations are used:
- the **comparison sample** (``sample.comparison_sample``): each organisation's latest labelled assessment
  in the window 2014-02-01..2016-08-31 — the articles' 28 Norwegian and 29 Danish clusters.  The shared
  filters narrow it; it never grows.
- the **current assessments** (``current_assessments``): the latest labelled assessment of every cluster
  whose label is valid on the snapshot date.  A *focus group* of the peer comparison is measured by these
  (the Nordland clusters of the 2016 pilot, say) and set against reference groups taken from the sample,
  as ESCA's benchmark reports set one cluster against the clusters of its country, its sector and the
  Gold-labelled "excellence" group.

Confidentiality: every function returning figures of groups takes ``public``; in public mode a group of
fewer than ``metrics.MIN_GROUP`` clusters carries no figure at all (``shown`` is False, values are NaN),
and no frame meant for public mode holds an individual cluster's score.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from clusterviz.data.geo import COUNTRIES
from clusterviz.data.snapshot import Snapshot
from clusterviz.figures import metrics
from clusterviz.figures.sample import area_gap, area_profile, comparison_sample, index_summary

LEVELS = ("gold", "silver", "bronze")
BIN_WIDTH = 5.0


WINDOWS = ("data", "recent", "all")  # the page's window control: the snapshot's own, the rule, everything
EARLIEST = pd.Timestamp("2000-01-01").date()


def window_for(choice: str, snapshot: Snapshot) -> tuple:
    """(start, end) of a window choice: ``data`` the snapshot's (metrics.comparison_window: the manifest's
    when stated, else the rule), ``recent`` the rule (metrics.default_window: 36 months up to the as-of
    date), ``all`` every assessment up to the as-of date."""
    if choice == "recent":
        return metrics.default_window(snapshot.as_of)
    if choice == "all":
        return EARLIEST, snapshot.as_of
    return metrics.comparison_window(snapshot)


def countries_in(frame: pd.DataFrame) -> list[str]:
    """The countries present in ``frame``, Norway first."""
    present = set(frame["country"]) if len(frame) else set()
    return [c for c in COUNTRIES if c in present]


def enough(n: int, public: bool) -> bool:
    """May a group of ``n`` clusters show its figures?"""
    return n > 0 and (n >= metrics.MIN_GROUP or not public)


# --------------------------------------------------------------------------- the sample


def sample_of(clusters: pd.DataFrame, assessments: pd.DataFrame, window: tuple = metrics.WINDOW) -> pd.DataFrame:
    """The comparison sample in ``window`` restricted to ``clusters`` (the clusters the shared filters keep),
    with names."""
    sample = comparison_sample(clusters, assessments, window)
    return sample.merge(clusters[["cluster_id", "name"]], on="cluster_id", how="left")


# --------------------------------------------------------------------------- label counts


def label_counts(clusters: pd.DataFrame, states: pd.DataFrame) -> pd.DataFrame:
    """Tidy valid labels on the states' date: country, level (gold, silver, bronze), clusters."""
    rows = [
        {"country": country, "level": level, "clusters": counts[level]}
        for country in countries_in(clusters)
        for counts in (metrics.valid_counts(clusters, states, country),)
        for level in LEVELS
    ]
    return pd.DataFrame(rows, columns=["country", "level", "clusters"])


def label_counts_over_time(
    snapshots: Iterable[Snapshot], filters: metrics.Filters = metrics.Filters(), states_of: Callable[[Snapshot], pd.DataFrame] | None = None
) -> pd.DataFrame:
    """Tidy valid labels per snapshot date: as_of, country, level, clusters (the filters applied to each
    snapshot's own clusters and label states)."""
    states_of = states_of or (lambda s: metrics.label_states(s.clusters, s.assessments, s.as_of))
    frames = []
    for snap in snapshots:
        states = states_of(snap)
        kept = metrics.filter_clusters(snap.clusters, states, filters)
        frames.append(label_counts(kept, states).assign(as_of=pd.Timestamp(snap.as_of)))
    if not frames:
        return pd.DataFrame(columns=["as_of", "country", "level", "clusters"])
    out = pd.concat(frames, ignore_index=True)
    return out[["as_of", "country", "level", "clusters"]].sort_values("as_of", kind="stable", ignore_index=True)


def snapshots_key(snapshots: Iterable[Snapshot]) -> tuple:
    """A cache key that changes when any of the snapshots is replaced."""
    return tuple((s.location, s.as_of.isoformat(), s.manifest.created) for s in snapshots)


# --------------------------------------------------------------------------- quality index


def known_rule(public: bool) -> int:
    """The coverage rule's minimum of known values for a group's figures: metrics.MIN_KNOWN in public mode;
    1 in adviser mode, which shows single clusters' values anyway (a headline always needs MIN_KNOWN)."""
    return metrics.MIN_KNOWN if public else 1


def index_stats(sample: pd.DataFrame, public: bool = True) -> pd.DataFrame:
    """Per country (Norway first): n (in the sample), n_known (with a known index), mean (one decimal, from
    sample.index_summary, over the known indices), q1, median, q3, and shown (big enough for the mode and
    passing the coverage rule).  min and max are single clusters' scores: present in adviser mode only."""
    columns = ["country", "n", "n_known", "mean", "q1", "median", "q3", "shown", "one_level"] + ([] if public else ["min", "max"])
    if sample.empty:
        return pd.DataFrame(columns=columns).astype({"n": int, "n_known": int, "shown": bool, "one_level": bool})
    summary = index_summary(sample).set_index("country")
    index = pd.to_numeric(sample["quality_index"], errors="coerce").astype(float)
    quartiles = index.groupby(sample["country"]).quantile([0.25, 0.75]).unstack()
    rows = []
    for country in countries_in(sample):
        n, n_known = int(summary.loc[country, "n"]), int(summary.loc[country, "n_known"])
        one_level = bool(summary.loc[country, "one_level"])  # e.g. only Gold clusters' scores are known
        shown = enough(n, public) and metrics.covered(n_known, n, known_rule(public)) and not one_level
        row = {"country": country, "n": n, "n_known": n_known, "shown": shown, "one_level": one_level}
        for column, value in (
            ("mean", summary.loc[country, "mean"]),
            ("q1", quartiles.loc[country, 0.25]),
            ("median", summary.loc[country, "median"]),
            ("q3", quartiles.loc[country, 0.75]),
        ):
            row[column] = float(value) if shown else math.nan
        if not public:
            row["min"], row["max"] = (float(summary.loc[country, "min"]), float(summary.loc[country, "max"]))  # NaN: none known
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def index_histogram(sample: pd.DataFrame, public: bool = True, width: float = BIN_WIDTH) -> pd.DataFrame:
    """Clusters per country and index bin [bin_start, bin_end): counts only, zeros included, one common
    range of bins for all countries shown; countries too small for public mode are left out."""
    stats = index_stats(sample, public)
    countries = stats.loc[stats["shown"], "country"].tolist()
    mine = sample[sample["country"].isin(countries) & sample["quality_index"].notna()]
    if mine.empty:
        return pd.DataFrame(columns=["country", "bin_start", "bin_end", "clusters"])
    starts = np.minimum(np.floor(mine["quality_index"].to_numpy() / width) * width, 100 - width)
    counts = pd.Series(1, index=pd.MultiIndex.from_arrays([mine["country"].to_numpy(), starts])).groupby(level=[0, 1]).sum()
    grid = np.arange(starts.min(), starts.max() + width / 2, width)
    rows = [
        {"country": c, "bin_start": float(b), "bin_end": float(b + width), "clusters": int(counts.get((c, b), 0))}
        for c in countries
        for b in grid
    ]
    return pd.DataFrame(rows, columns=["country", "bin_start", "bin_end", "clusters"])


def index_points(sample: pd.DataFrame) -> pd.DataFrame:
    """Adviser mode only: one row per cluster with its name, country, label and quality index."""
    columns = ["cluster_id", "name", "country", "label_level", "quality_index"]
    return sample.loc[sample["quality_index"].notna(), columns].sort_values(["country", "quality_index"], ignore_index=True)


def index_coverage(stats: pd.DataFrame) -> list[tuple[str, int, int, bool]]:
    """(country, n_known, n, covered) per country of the index statistics, Norway first."""
    return [(str(r.country), int(r.n_known), int(r.n), metrics.covered(r.n_known, r.n) and not r.one_level) for r in stats.itertuples()]


# --------------------------------------------------------------------------- six-area profile


def country_profile(sample: pd.DataFrame, public: bool = True) -> pd.DataFrame:
    """sample.area_profile per country (over the known area scores), for the countries with enough clusters
    to show whose every area passes the coverage rule."""
    columns = ["country", "area", "score", "n", "n_known"]
    stats = index_stats(sample, public)
    keep = stats.loc[stats["n"].map(lambda n: enough(int(n), public)), "country"].tolist()
    mine = sample[sample["country"].isin(keep)]
    if mine.empty:
        return pd.DataFrame(columns=columns)
    profile = area_profile(mine)
    rule = known_rule(public)
    ok = [
        c
        for c in keep
        if all(metrics.covered(k, n, rule) for k, n in profile.loc[profile["country"] == c, ["n_known", "n"]].itertuples(index=False))
    ]
    return profile[profile["country"].isin(ok)].reset_index(drop=True)[columns]


def country_gap(profile: pd.DataFrame) -> pd.DataFrame:
    """sample.area_gap Denmark − Norway, largest first; empty unless both countries are in the profile."""
    if set(COUNTRIES) - set(profile["country"]):
        return pd.DataFrame(columns=["area", "DK", "NO", "gap"])
    return area_gap(profile, "DK", "NO")


# --------------------------------------------------------------------------- the headline


@dataclass(frozen=True)
class Headline:
    """Which country's mean index is higher, and by how much (difference of the shown one-decimal means)."""

    leader: str  # the country with the higher mean (the first country when they are equal)
    other: str
    leader_mean: float
    other_mean: float
    difference: float  # >= 0, one decimal

    @property
    def equal(self) -> bool:
        return self.difference == 0


def headline(stats: pd.DataFrame) -> Headline | None:
    """The Denmark/Norway difference in mean index, or None unless both countries' means may be shown and
    both pass the coverage rule with metrics.MIN_KNOWN known (in any mode)."""
    shown = stats[stats["shown"]].set_index("country")
    if set(COUNTRIES) - set(shown.index):
        return None
    if not all(metrics.covered(shown.loc[c, "n_known"], shown.loc[c, "n"]) for c in COUNTRIES):
        return None
    means = {c: round(float(shown.loc[c, "mean"]), 1) for c in COUNTRIES}
    difference = round(abs(means["DK"] - means["NO"]), 1)
    leader, other = ("DK", "NO") if means["DK"] > means["NO"] else ("NO", "DK")
    return Headline(leader, other, means[leader], means[other], difference)


# --------------------------------------------------------------------------- current assessments (what a focus group is measured by)


def current_assessments(clusters: pd.DataFrame, assessments: pd.DataFrame, states: pd.DataFrame, on) -> pd.DataFrame:
    """The latest labelled assessment on or before ``on`` of each of ``clusters`` whose label is valid
    then (``states`` from metrics.label_states for ``on``), with the cluster's name, country,
    county_code, programme_level and sector."""
    valid = states.loc[states["state"] == "valid", "cluster_id"]
    mine = clusters[clusters["cluster_id"].isin(valid)]
    history = metrics.labelled(assessments, on)  # the snapshot's history, kept per snapshot (per_frame)
    history = history[history["cluster_id"].isin(mine["cluster_id"])]
    latest = history.groupby("cluster_id", sort=False).tail(1)
    attributes = mine[["cluster_id", "name", "country", "county_code", "programme_level", "sector"]]
    return latest.merge(attributes, on="cluster_id").reset_index(drop=True)


# --------------------------------------------------------------------------- everything the page shows


@dataclass(frozen=True)
class Figures:
    """The comparison page's figures for one snapshot, filter set and access mode."""

    countries: list[str]  # countries among the filtered clusters, Norway first
    counts: pd.DataFrame  # label_counts on the snapshot date
    stats: pd.DataFrame  # index_stats of the (filtered) sample
    histogram: pd.DataFrame  # index_histogram (public mode's distribution)
    points: pd.DataFrame | None  # index_points, adviser mode only
    profile: pd.DataFrame  # country_profile
    gap: pd.DataFrame  # country_gap
    headline: Headline | None
    current: pd.DataFrame  # current_assessments of the filtered clusters (focus groups)
    reference: pd.DataFrame  # the whole comparison sample (reference groups)
    window: tuple = metrics.WINDOW  # the comparison window the sample was taken in

    def card(self, country: str) -> dict:
        """n, n_known, mean (None when it may not be shown), gold and silver valid on the snapshot date."""
        return dict(self._cards.get(country) or self._card(country))

    def _card(self, country: str) -> dict:
        row = self.stats[self.stats["country"] == country]
        n = int(row["n"].iloc[0]) if len(row) else 0
        n_known = int(row["n_known"].iloc[0]) if len(row) else 0
        mean = float(row["mean"].iloc[0]) if len(row) and bool(row["shown"].iloc[0]) and n_known else None
        valid = self.counts[self.counts["country"] == country].set_index("level")["clusters"]
        one_level = bool(row["one_level"].iloc[0]) if len(row) else False
        return {
            "n": n,
            "n_known": n_known,
            "mean": mean,
            "one_level": one_level,
            "gold": int(valid.get("gold", 0)),
            "silver": int(valid.get("silver", 0)),
        }

    @cached_property
    def _cards(self) -> dict[str, dict]:
        """Every country's card, worked out once: the figures are shared by all sessions (View.cached)."""
        return {country: self._card(country) for country in self.countries}

    @cached_property
    def hidden_countries(self) -> list[str]:
        """Countries in the sample whose figures public mode hides (fewer than MIN_GROUP clusters)."""
        return self.stats.loc[~self.stats["shown"].astype(bool), "country"].tolist()

    @cached_property
    def names(self) -> dict[str, str]:
        return dict(zip(self.current["cluster_id"], self.current["name"]))


def figures(snapshot: Snapshot, clusters: pd.DataFrame, states: pd.DataFrame, public: bool = True, window: tuple | None = None) -> Figures:
    """All of the page's figures: ``clusters`` are those the shared filters keep, ``states`` the label
    states of every cluster on the snapshot date, ``window`` the comparison window (default: the
    snapshot's, metrics.comparison_window)."""
    assessments = snapshot.assessments
    window = tuple(window or metrics.comparison_window(snapshot))
    sample = sample_of(clusters, assessments, window)
    stats = index_stats(sample, public)
    profile = country_profile(sample, public)
    return Figures(
        countries=countries_in(clusters),
        counts=label_counts(clusters, states),
        stats=stats,
        histogram=index_histogram(sample, public),
        points=None if public else index_points(sample),
        profile=profile,
        gap=country_gap(profile),
        headline=headline(stats),
        current=current_assessments(clusters, assessments, states, snapshot.as_of),
        reference=sample_of(snapshot.clusters, assessments, window),
        window=window,
    )


# --------------------------------------------------------------------------- labels over time, cached per snapshot


def labels_over_time(snapshots: tuple[Snapshot, ...], filters: metrics.Filters = metrics.Filters()) -> pd.DataFrame:
    """``label_counts_over_time`` with each snapshot's label states from that snapshot's own cache (the entry
    every page's View uses), so a change of filters does not work them out again."""
    return label_counts_over_time(snapshots, filters, _cached_states)


def _cached_states(snapshot: Snapshot) -> pd.DataFrame:
    return snapshot.cached(metrics.label_states, snapshot.clusters, snapshot.assessments, snapshot.as_of)
