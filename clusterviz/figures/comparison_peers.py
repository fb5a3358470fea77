"""Peer groups of the Norway–Denmark page: a focus group against its country, its sector and the excellence
group (no Streamlit, no translator; their labels and table are in charts/comparison_tables.py).

The focus group (a county, a programme level, a sector; one named cluster in adviser mode only) is measured
by the current assessments (``comparison.current_assessments``), the reference groups by the comparison
sample, as ESCA's benchmark reports set one cluster against the clusters of its country, its sector and the
Gold-labelled "excellence" group.  In public mode a group of fewer than ``metrics.MIN_GROUP`` clusters, or
failing the coverage rule, carries no figure at all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from clusterviz.data import cache, geo
from clusterviz.data.snapshot import AREA_COLUMNS, AREAS
from clusterviz.figures import metrics
from clusterviz.figures.comparison import countries_in, enough, known_rule

PEER_KINDS = ("county", "programme", "sector", "cluster")
PUBLIC_PEER_KINDS = PEER_KINDS[:3]
KIND_COLUMN = {"county": "county_code", "programme": "programme_level", "sector": "sector", "cluster": "cluster_id"}
GROUPS = ("focus", "country", "sector", "excellence")
DEFAULT_FOCUS = {"county": "18"}  # Nordland: the 2016 pilot was benchmarked against the sample


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

    def cache_key(self) -> tuple:
        """The comparison as an input of a cached call (``data.cache.key_of``): its kind, focus and frames by
        content, so its labels and table are kept with it (View.cached)."""
        return ("peers", self.kind, self.focus, cache.key_of(self.groups), cache.key_of(self.profile))

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
