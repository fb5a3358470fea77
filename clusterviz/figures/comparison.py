"""Norway–Denmark comparison and peer groups: pure functions over the snapshot's frames (no Streamlit).

Two populations are used:
- the **comparison sample** (``metrics.comparison_sample``): each organisation's latest labelled assessment
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

from clusterviz.data import geo
from clusterviz.data.geo import COUNTRIES
from clusterviz.data.snapshot import AREA_COLUMNS, AREAS, Snapshot
from clusterviz.figures import metrics
from clusterviz.text import i18n
from clusterviz.text.i18n import Translator

LEVELS = ("gold", "silver", "bronze")
BIN_WIDTH = 5.0
PEER_KINDS = ("county", "programme", "sector", "cluster")
PUBLIC_PEER_KINDS = PEER_KINDS[:3]
KIND_COLUMN = {"county": "county_code", "programme": "programme_level", "sector": "sector", "cluster": "cluster_id"}
GROUPS = ("focus", "country", "sector", "excellence")
DEFAULT_FOCUS = {"county": "18"}  # Nordland: the 2016 pilot was benchmarked against the sample


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
    sample = metrics.comparison_sample(clusters, assessments, window)
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
    metrics.index_summary, over the known indices), q1, median, q3, and shown (big enough for the mode and
    passing the coverage rule).  min and max are single clusters' scores: present in adviser mode only."""
    columns = ["country", "n", "n_known", "mean", "q1", "median", "q3", "shown", "one_level"] + ([] if public else ["min", "max"])
    if sample.empty:
        return pd.DataFrame(columns=columns).astype({"n": int, "n_known": int, "shown": bool, "one_level": bool})
    summary = metrics.index_summary(sample).set_index("country")
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


# --------------------------------------------------------------------------- six-area profile


def country_profile(sample: pd.DataFrame, public: bool = True) -> pd.DataFrame:
    """metrics.area_profile per country (over the known area scores), for the countries with enough clusters
    to show whose every area passes the coverage rule."""
    columns = ["country", "area", "score", "n", "n_known"]
    stats = index_stats(sample, public)
    keep = stats.loc[stats["n"].map(lambda n: enough(int(n), public)), "country"].tolist()
    mine = sample[sample["country"].isin(keep)]
    if mine.empty:
        return pd.DataFrame(columns=columns)
    profile = metrics.area_profile(mine)
    rule = known_rule(public)
    ok = [
        c
        for c in keep
        if all(metrics.covered(k, n, rule) for k, n in profile.loc[profile["country"] == c, ["n_known", "n"]].itertuples(index=False))
    ]
    return profile[profile["country"].isin(ok)].reset_index(drop=True)[columns]


def country_gap(profile: pd.DataFrame) -> pd.DataFrame:
    """metrics.area_gap Denmark − Norway, largest first; empty unless both countries are in the profile."""
    if set(COUNTRIES) - set(profile["country"]):
        return pd.DataFrame(columns=["area", "DK", "NO", "gap"])
    return metrics.area_gap(profile, "DK", "NO")


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


def headline_text(h: Headline, tr: Translator) -> str:
    """The headline sentence in the chosen language, built from the numbers."""
    if h.equal:
        return tr("comparison.headline_equal", mean=tr.number(h.leader_mean))
    return tr(
        "comparison.headline_higher",
        leader=tr(f"comparison.genitive_{h.leader}"),
        other=tr(f"comparison.genitive_{h.other}"),
        diff=tr.number(h.difference),
        leader_mean=tr.number(h.leader_mean),
        other_mean=tr.number(h.other_mean),
    )


# --------------------------------------------------------------------------- peer groups


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


def peer_kinds(public: bool) -> tuple[str, ...]:
    """The kinds of focus a user may choose: one named cluster only in adviser mode."""
    return PUBLIC_PEER_KINDS if public else PEER_KINDS


def focus_options(current: pd.DataFrame, kind: str) -> list[str]:
    """The values a focus of this kind can take (county codes in code order, clusters by name)."""
    column = KIND_COLUMN[kind]
    if kind == "cluster":
        return current.sort_values("name")["cluster_id"].tolist()
    values = current[column].dropna().unique().tolist()
    if kind == "county":
        order = list(geo.ADMIN1)
        return sorted(values, key=lambda v: (order.index(v) if v in order else len(order), v))
    return sorted(values)


def default_focus(options: list[str], kind: str) -> str | None:
    preferred = DEFAULT_FOCUS.get(kind)
    if preferred in options:
        return preferred
    return options[0] if options else None


@dataclass(frozen=True)
class PeerComparison:
    """groups: group, n, n_known (known index), mean (over the known; NaN when not shown), shown, countries,
    sectors (tuples for the labels);
    profile: group, area, score — only for groups that may be shown."""

    kind: str
    focus: str
    groups: pd.DataFrame
    profile: pd.DataFrame

    @property
    def hidden(self) -> list[tuple[str, int]]:
        """(group, n) of the groups whose figures are not shown (too small for public mode, or empty, or too
        few known indices: see ``uncovered``)."""
        rows = self.groups[~self.groups["shown"].astype(bool)]
        return [(str(g), int(n)) for g, n in zip(rows["group"], rows["n"])]

    @property
    def uncovered(self) -> dict[str, tuple[int, int]]:
        """group -> (n_known, n) of the groups hidden because too few of their indices are known (a group
        whose indices are all known is hidden for its size instead)."""
        rows = self.groups[~self.groups["shown"].astype(bool) & (self.groups["n"] > 0)]
        return {
            str(r.group): (int(r.n_known), int(r.n)) for r in rows.itertuples() if r.n_known < r.n and not metrics.covered(r.n_known, r.n)
        }


def peer_groups(current: pd.DataFrame, sample: pd.DataFrame, kind: str, focus: str, public: bool = True) -> PeerComparison:
    """The focus group (from the current assessments) against same country, same sector and the excellence
    group (sample clusters whose latest label in the window is Gold), each from the comparison sample."""
    if kind not in peer_kinds(public):
        raise ValueError(f"focus kind {kind!r} is not allowed in {'public' if public else 'adviser'} mode")
    members = current[current[KIND_COLUMN[kind]] == focus]
    countries = tuple(countries_in(members))
    per_sector = members["sector"].value_counts()
    sectors = tuple(sorted(per_sector.index, key=lambda s: (-per_sector[s], s)))  # most common first
    groups = {
        "focus": members,
        "country": sample[sample["country"].isin(countries)],
        "sector": sample[sample["sector"].isin(sectors)],
        "excellence": sample[sample["label_level"] == "gold"],
    }
    rows, profiles = [], []
    rule = known_rule(public)
    for group, frame in groups.items():
        n = int(frame["cluster_id"].nunique())
        index = pd.to_numeric(frame["quality_index"], errors="coerce")
        n_known = int(index.notna().sum())
        shown = enough(n, public) and metrics.covered(n_known, n, rule)
        mean = metrics.known_mean(index, 1) if shown else math.nan
        rows.append(
            {
                "group": group,
                "n": n,
                "n_known": n_known,
                "mean": mean,
                "shown": shown,
                "countries": countries if group in ("focus", "country") else tuple(countries_in(frame)),
                "sectors": sectors if group in ("focus", "sector") else (),
            }
        )
        areas = frame[list(AREA_COLUMNS)].apply(pd.to_numeric, errors="coerce")
        if shown and all(metrics.covered(k, n, rule) for k in areas.notna().sum()):
            scores = areas.mean()
            profiles += [{"group": group, "area": area, "score": float(scores[f"area_{area}"])} for area in AREAS]
    return PeerComparison(kind, focus, pd.DataFrame(rows), pd.DataFrame(profiles, columns=["group", "area", "score"]))


def unknown_values(current: pd.DataFrame, kind: str) -> int:
    """How many of the current clusters have no value for the peer kind (no sector, no programme level):
    they form no peer group of their own and are said to be left out."""
    if kind == "cluster" or current.empty:
        return 0
    return int(current[KIND_COLUMN[kind]].isna().sum())


def index_coverage(stats: pd.DataFrame) -> list[tuple[str, int, int, bool]]:
    """(country, n_known, n, covered) per country of the index statistics, Norway first."""
    return [(str(r.country), int(r.n_known), int(r.n), metrics.covered(r.n_known, r.n) and not r.one_level) for r in stats.itertuples()]


def sector_name(sector: str, tr: Translator) -> str:
    """A sector's name in the chosen language (the code, readably, when the catalogue has none)."""
    key = f"comparison.sector_{sector}"
    if tr.lang in i18n.catalogue().get(key, {}):
        return tr(key)
    return sector.replace("_", " ").capitalize()


def focus_name(kind: str, focus: str, tr: Translator, names: dict[str, str] | None = None) -> str:
    """How a focus value reads: a county's name, a programme level, a sector, a cluster's name."""
    if kind == "county":
        return geo.county_name(focus)
    if kind == "programme":
        return tr.programme(focus)
    if kind == "sector":
        return sector_name(focus, tr)
    return (names or {}).get(focus, focus)


def group_labels(result: PeerComparison, tr: Translator, names: dict[str, str] | None = None) -> dict[str, str]:
    """group -> its label, e.g. 'Nordland (valgt)', 'Samme land: Norge', 'Samme bransje: Energi'."""
    rows = result.groups.set_index("group")
    countries = " + ".join(tr.country(c) for c in rows.loc["country", "countries"]) or "–"
    sectors = rows.loc["sector", "sectors"]
    sector_text = ", ".join(sector_name(s, tr) for s in sectors[:2])
    if len(sectors) > 2:
        sector_text = tr("comparison.and_more", names=sector_text, n=len(sectors) - 2)
    return {
        "focus": tr("comparison.group_focus", name=focus_name(result.kind, result.focus, tr, names)),
        "country": tr("comparison.group_country", countries=countries),
        "sector": tr("comparison.group_sector" if len(sectors) == 1 else "comparison.group_sectors", sectors=sector_text or "–"),
        "excellence": tr("comparison.group_excellence"),
    }


# --------------------------------------------------------------------------- tables (downloads)


def label_table(counts: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """Valid labels per country as a table: Country, Gold, Silver, Bronze (headers translated)."""
    wide = counts.pivot(index="country", columns="level", values="clusters")
    rows = [
        {tr("common.col_country"): tr.country(c), **{tr.status(lvl): int(wide.loc[c, lvl]) for lvl in LEVELS}} for c in countries_in(counts)
    ]
    return pd.DataFrame(rows, columns=[tr("common.col_country"), *(tr.status(lvl) for lvl in LEVELS)])


def stats_table(stats: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """Index statistics per country (n, n_known, mean, quartiles; min/max in adviser mode), headers translated."""
    columns = [c for c in ("n", "n_known", "mean", "q1", "median", "q3", "min", "max") if c in stats.columns]
    out = pd.DataFrame({tr("common.col_country"): stats["country"].map(tr.country)})
    for column in columns:
        out[tr(f"comparison.col_{column}")] = stats[column].to_numpy()
    return out


def gap_table(gap: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """Area scores per country and the gap, in the gap's order, headers translated."""
    return pd.DataFrame(
        {
            tr("comparison.col_area"): gap["area"].map(tr.area).to_numpy(),
            tr.country("DK"): gap["DK"].round(1).to_numpy(),
            tr.country("NO"): gap["NO"].round(1).to_numpy(),
            tr("comparison.col_gap"): gap["gap"].round(1).to_numpy(),
        }
    )


def peer_table(result: PeerComparison, tr: Translator, names: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per group: label, clusters, mean index and the six area means (blank when not shown)."""
    labels = group_labels(result, tr, names)
    wide = result.profile.pivot(index="group", columns="area", values="score") if len(result.profile) else None
    rows = []
    for r in result.groups.itertuples():
        row = {tr("comparison.col_group"): labels[r.group], tr("common.col_clusters"): r.n, tr("comparison.col_mean"): r.mean}
        for area in AREAS:
            has = wide is not None and r.group in wide.index
            row[tr.area(area)] = round(float(wide.loc[r.group, area]), 1) if wide is not None and has else math.nan
        rows.append(row)
    return pd.DataFrame(rows)


def formatted(frame: pd.DataFrame, tr: Translator, decimals: int = 1) -> pd.DataFrame:
    """The frame with its float columns as locale-formatted text ('63,6' in nb; blank for NaN)."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = [tr.number(v, decimals) if pd.notna(v) else "" for v in out[column]]
    return out


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
        """Every country's card, worked out once: the figures are shared by all sessions (View.memo)."""
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
