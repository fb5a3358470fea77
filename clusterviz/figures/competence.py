"""Competence in the cluster team: the three training lights and whether all-green clusters do better.  Pure
functions over the snapshot's frames (no Streamlit, no translator; the training programmes abroad are
competence_programmes.py, the worded tables charts/competence_tables.py).

Training lights
    Every ESCA assessment records three lights for the cluster team including its board: ``budget`` (a
    training budget), ``plan`` (a training plan) and ``training`` (training delivered), each green, yellow
    or red.  A cluster is *all green* when all three are green (``sample.all_green``).  Which assessment
    counts is set by the *period*: each cluster's latest labelled assessment inside it
    (``sample.comparison_sample``).  Presets: ``window`` = the snapshot's comparison window
    (``metrics.comparison_window``; on the demo the articles' "February 2014 to September 2016": 9 of 28
    Norwegian clusters all green); ``latest`` = everything up
    to the snapshot date (each cluster's latest assessment); ``custom`` = a chosen date range.  Every
    period is clipped to the snapshot date.

Confidentiality
    A cluster's lights come from its confidential assessment, so shares are shown only for groups of at
    least ``metrics.MIN_GROUP`` clusters.  In the public view counties with fewer clusters are merged into
    "other counties" of their country, and a group still too small is left out (and named as left out).

Does training pay off?
    Per country, all-green clusters against the rest: the mean quality index of the same assessments, and
    the renewal rate of the first label (``metrics.first_labels``: stage ``renewed`` among the clusters
    whose first label had ended by the snapshot date).  Aggregates of groups under ``MIN_GROUP`` clusters
    are withheld.  This is an association in a small sample, not evidence of an effect.

"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from clusterviz.data import geo
from clusterviz.data.snapshot import LIGHT_VALUES, LIGHTS
from clusterviz.figures import metrics
from clusterviz.figures.sample import all_green, comparison_sample, lights_known, training_lights

PERIODS = ("window", "latest", "custom")
GROUPINGS = ("country", "county")
LIGHT_NAMES = tuple(light.removeprefix("light_") for light in LIGHTS) + ("all_green",)
VALUES = LIGHT_VALUES + ("not_all_green",)
EARLIEST = dt.date(2000, 1, 1)
OTHER = "other"


# --------------------------------------------------------------------------- period and sample


def period_range(
    period: str, as_of: dt.date, start: dt.date | None = None, end: dt.date | None = None, window: tuple[dt.date, dt.date] | None = None
) -> tuple[dt.date, dt.date]:
    """First and last day of a period preset (``custom`` uses start/end; ``window`` the snapshot's
    comparison window, metrics.comparison_window), the end clipped to the snapshot."""
    if period == "window":
        start, end = window or metrics.WINDOW
    elif period == "latest" or start is None or end is None:
        start, end = EARLIEST, as_of
    return start, min(end, as_of)


def period_note(period: str, start: dt.date, end: dt.date, as_of: dt.date, window: tuple[dt.date, dt.date] | None = None) -> str | None:
    """What to tell about a period: "after_snapshot" (it begins after the snapshot date), "reversed"
    (from is after to), "clipped" (cut at the snapshot date), or None."""
    if start > as_of:
        return "after_snapshot"
    if start > end:
        return "reversed"
    if period == "window" and (window or metrics.WINDOW)[1] > as_of:
        return "clipped"
    return None


def date_bounds(assessments: pd.DataFrame, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The dates a custom period can take: first assessment in the snapshot .. snapshot date."""
    first = assessments["assessment_date"].min()
    return (EARLIEST if pd.isna(first) else min(first.date(), as_of)), as_of


def light_sample(clusters: pd.DataFrame, assessments: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Latest labelled assessment in [start, end] of each of ``clusters``, with ``all_green`` and
    ``lights_known`` (all three lights known) columns."""
    mine = assessments[assessments["cluster_id"].isin(clusters["cluster_id"])]
    sample = comparison_sample(clusters, mine, (start, end))
    green = all_green(sample).to_numpy(dtype=bool) if len(sample) else np.zeros(0, dtype=bool)
    known = lights_known(sample).to_numpy(dtype=bool) if len(sample) else np.zeros(0, dtype=bool)
    return sample.assign(all_green=green & known, lights_known=known)


def light_coverage(sample: pd.DataFrame, public: bool = True) -> pd.DataFrame:
    """Per country: n_total (clusters in the period), n_known (all three lights known), covered (the
    coverage rule: metrics.MIN_KNOWN known in public mode, 1 in adviser mode, and half the group)."""
    columns = ["group", "n_known", "n_total", "covered"]
    if sample.empty:
        return pd.DataFrame(columns=columns)
    known = sample["lights_known"] if "lights_known" in sample else lights_known(sample)
    grouped = known.groupby(sample["country"])
    out = pd.DataFrame({"n_known": grouped.sum().astype(int), "n_total": grouped.size()})
    out = out.reindex(group_order(out.index)).rename_axis("group").reset_index()
    out["covered"] = [metrics.covered(k, n, metrics.MIN_KNOWN if public else 1) for k, n in zip(out["n_known"], out["n_total"])]
    return out[columns]


def county_groups(sample: pd.DataFrame, min_group: int = metrics.MIN_GROUP) -> pd.Series:
    """Group of each row by county: its county code, or ``other-<country>`` when the county has fewer than
    ``min_group`` clusters in the sample (pass min_group=1 to keep every county).

    When a country's "other" group would itself be too small to show, its smallest counties join it
    until it is big enough: otherwise the hidden "other" could be worked out as the country's total
    minus the counties shown."""
    groups = sample["county_code"].copy()
    for country in sample["country"].unique():
        mine = sample["country"] == country
        sizes = sample.loc[mine, "county_code"].value_counts(sort=False).sort_values(kind="stable")
        small = list(sizes[sizes < min_group].index)
        merged = int(sizes[small].sum())
        for county in sizes.index[len(small) :]:  # smallest first
            if merged == 0 or merged >= min_group:
                break
            small.append(county)
            merged += int(sizes[county])
        groups[mine & sample["county_code"].isin(small)] = f"{OTHER}-{country}"
    return groups


def group_order(groups) -> list[str]:
    """Countries NO, DK; counties in register order with each country's "other" last."""
    codes = list(geo.COUNTRIES) + [c for country in geo.COUNTRIES for c in (*geo.county_codes(country), f"{OTHER}-{country}")]
    rank = {code: i for i, code in enumerate(codes)}
    return sorted(set(groups), key=lambda g: (rank.get(g, len(rank)), g))


# --------------------------------------------------------------------------- light shares


def light_shares(
    sample: pd.DataFrame, by: str = "country", public: bool = True, min_group: int = metrics.MIN_GROUP
) -> tuple[pd.DataFrame, list[str]]:
    """Tidy shares per group over the KNOWN lights: group, light (budget, plan, training, all_green), value,
    clusters, n (clusters whose light is known: the share's denominator; for all_green, all three known),
    n_total (clusters in the group), share.

    ``by`` is "country" or "county".  In the public view small counties are merged into "other" and any
    group still under ``min_group`` clusters is left out, as is any group whose lights fail the coverage
    rule (metrics.covered); the second item lists the groups left out."""
    columns = ["group", "light", "value", "clusters", "n", "n_total", "share"]
    if sample.empty:
        return pd.DataFrame(columns=columns), []
    if "lights_known" not in sample:
        sample = sample.assign(lights_known=lights_known(sample).to_numpy(dtype=bool))
    if by == "county":
        frame = sample.assign(group=county_groups(sample, min_group if public else 1))
    else:
        frame = sample.assign(group=sample["country"])
    sizes = frame.groupby("group").size()
    known_all = frame.groupby("group")["lights_known"].sum()
    rule = metrics.MIN_KNOWN if public else 1
    hidden = [g for g in group_order(sizes.index) if (public and sizes[g] < min_group) or not metrics.covered(known_all[g], sizes[g], rule)]
    frame = frame[~frame["group"].isin(hidden)]
    if frame.empty:
        return pd.DataFrame(columns=columns), hidden
    lights = training_lights(frame, by="group")
    known_frame = frame[frame["lights_known"]]
    green = known_frame.assign(light="all_green", value=np.where(known_frame["all_green"], "green", "not_all_green"))
    counts = pd.concat([lights, green.groupby(["group", "light", "value"]).size().rename("clusters").reset_index()])
    combos = [
        (g, light, value)
        for g in group_order(frame["group"])
        for light in LIGHT_NAMES
        for value in (("green", "not_all_green") if light == "all_green" else LIGHT_VALUES)
    ]
    full = pd.DataFrame(combos, columns=["group", "light", "value"]).merge(counts, on=["group", "light", "value"], how="left")
    full["clusters"] = full["clusters"].fillna(0).astype(int)
    known = frame[list(LIGHTS)].notna().groupby(frame["group"]).sum()
    known.columns = [c.removeprefix("light_") for c in known.columns]
    known["all_green"] = known_all
    full["n"] = [int(known.loc[g, light]) for g, light in zip(full["group"], full["light"])]
    full["n_total"] = full["group"].map(sizes).astype(int)
    full["share"] = full["clusters"] / full["n"].where(full["n"] > 0)
    return full[columns].reset_index(drop=True), hidden


def all_green_summary(shares: pd.DataFrame) -> pd.DataFrame:
    """Per group: all_green (clusters with all three lights green), n (clusters with all three known),
    n_total (clusters in the group), share (over the known)."""
    rows = shares[(shares["light"] == "all_green") & (shares["value"] == "green")]
    return rows.rename(columns={"clusters": "all_green"})[["group", "all_green", "n", "n_total", "share"]].reset_index(drop=True)


# --------------------------------------------------------------------------- does training pay off?


def payoff_groups(sample: pd.DataFrame, assessments: pd.DataFrame, on, min_group: int = metrics.MIN_GROUP) -> pd.DataFrame:
    """Per country and all-green yes/no: clusters, mean_index (one decimal), first_ended, renewed,
    renewal_rate, over the clusters whose three lights are known (the mean index over the known indices, and
    only when both groups pass the coverage rule).  When either group of a country has fewer than ``min_group`` clusters, the aggregates of
    both are withheld (missing: None/NaN): the other group's mean and the country's mean shown elsewhere
    would give the small group away.  A renewal rate needs ``min_group`` ended first labels."""
    columns = ["country", "all_green", "clusters", "mean_index", "first_ended", "renewed", "renewal_rate"]
    if sample.empty:
        return pd.DataFrame(columns=columns)
    firsts = metrics.first_labels(assessments, on)[["cluster_id", "stage"]]
    known = sample["lights_known"] if "lights_known" in sample else lights_known(sample)
    sample = sample[known.to_numpy(dtype=bool)]  # clusters with unknown lights are in neither group
    if sample.empty:
        return pd.DataFrame(columns=columns)
    frame = sample[["cluster_id", "country", "all_green", "quality_index"]].merge(firsts, on="cluster_id", how="left")
    rows = []
    for country in group_order(frame["country"]):
        mine = frame[frame["country"] == country]
        big = mine["all_green"].sum() >= min_group and (~mine["all_green"]).sum() >= min_group
        index_ok = all(metrics.covered(int(g["quality_index"].notna().sum()), len(g), min_group) for _, g in mine.groupby("all_green"))
        for green in (True, False):
            group = mine[mine["all_green"] == green]
            ended = group[group["stage"].isin(("renewed", "not_renewed"))]
            renewed = int((ended["stage"] == "renewed").sum())
            rows.append(
                {
                    "country": country,
                    "all_green": green,
                    "clusters": int(len(group)),
                    "mean_index": metrics.known_mean(group["quality_index"], 1) if big and index_ok else None,
                    "first_ended": int(len(ended)) if big else None,
                    "renewed": renewed if big else None,
                    "renewal_rate": renewed / len(ended) if big and len(ended) >= min_group else None,
                }
            )
    return pd.DataFrame(rows, columns=columns)


def payoff_comparison(groups: pd.DataFrame) -> list[dict]:
    """Per country, the all-green group against the rest: n_green, n_other, index_green, index_other,
    index_diff (points, one decimal), direction (higher/lower/equal; None when a group is withheld),
    rate_green, rate_other."""
    out = []
    for country in group_order(groups["country"]) if len(groups) else []:
        mine = groups[groups["country"] == country].set_index("all_green")
        green, other = mine.loc[True], mine.loc[False]
        index_green, index_other = maybe(green["mean_index"]), maybe(other["mean_index"])
        diff = None if index_green is None or index_other is None else round(index_green - index_other, 1)
        out.append(
            {
                "country": country,
                "n_green": int(green["clusters"]),
                "n_other": int(other["clusters"]),
                "index_green": index_green,
                "index_other": index_other,
                "index_diff": diff,
                "direction": None if diff is None else ("higher" if diff > 0 else "lower" if diff < 0 else "equal"),
                "rate_green": maybe(green["renewal_rate"]),
                "rate_other": maybe(other["renewal_rate"]),
                "renewed_green": maybe(green["renewed"]),
                "ended_green": maybe(green["first_ended"]),
                "renewed_other": maybe(other["renewed"]),
                "ended_other": maybe(other["first_ended"]),
            }
        )
    return out


def maybe(value):
    """None for a withheld (None/NaN) value, else the value as a plain Python number."""
    return None if value is None or pd.isna(value) else value.item() if hasattr(value, "item") else value


# --------------------------------------------------------------------------- each cluster's lights (adviser mode)


def cluster_light_rows(sample: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """The sample with each cluster's name, in the adviser table's order (Norway first, all green first, by
    name): the rows of charts/competence_tables.py cluster_lights."""
    named = sample.merge(clusters[["cluster_id", "name"]], on="cluster_id")
    return named.sort_values(["country", "all_green", "name"], ascending=[False, False, True])


def cluster_light_ids(sample: pd.DataFrame, clusters: pd.DataFrame) -> list[str]:
    """The cluster ids of cluster_lights' rows, in its order (for the links to their profiles)."""
    return cluster_light_rows(sample, clusters)["cluster_id"].tolist()
