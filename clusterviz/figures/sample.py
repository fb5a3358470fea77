"""The comparison sample and what is measured on it (no Streamlit, no translator).

The sample is each organisation's latest labelled assessment inside a comparison window
(``metrics.comparison_window``: the snapshot's).  On it: the quality index per country (``index_summary``),
the six-area profile and its gap between two groups, and the training lights.  Means and shares are over
the KNOWN values only and carry n_known of n (``metrics.covered``); unknown lights are counted under no
colour.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from clusterviz.data.snapshot import AREA_COLUMNS, AREAS, LIGHTS
from clusterviz.figures.metrics import WINDOW, covered, labelled, one_level_only

# --------------------------------------------------------------------------- comparison sample


def comparison_sample(clusters: pd.DataFrame, assessments: pd.DataFrame, window: tuple[dt.date, dt.date] = WINDOW) -> pd.DataFrame:
    """Latest labelled assessment of each organisation inside the window, with its country.  Pass the
    snapshot's window (``comparison_window``); the default is the articles' window the demo states."""
    history = labelled(assessments)
    inside = history[(history["assessment_date"] >= pd.Timestamp(window[0])) & (history["assessment_date"] <= pd.Timestamp(window[1]))]
    latest = inside.groupby("cluster_id", sort=False).tail(1)
    return latest.merge(clusters[["cluster_id", "country", "county_code", "programme_level", "sector"]], on="cluster_id").reset_index(
        drop=True
    )


def index_summary(sample: pd.DataFrame) -> pd.DataFrame:
    """Per country: n (organisations in the sample), n_known (with a known quality index), covered (the
    coverage rule), mean (one decimal), median, min, max -- all over the KNOWN indices; NaN where none is
    known (never 0)."""
    index = pd.to_numeric(sample["quality_index"], errors="coerce").astype(float)
    grouped = index.groupby(sample["country"])
    out = pd.DataFrame(
        {
            "n": grouped.size(),
            "n_known": grouped.count(),
            "mean": grouped.mean().round(1),
            "median": grouped.median(),
            "min": grouped.min(),
            "max": grouped.max(),
        }
    ).reset_index()
    out["n_total"] = out["n"]
    one_level = {country: one_level_only(group) for country, group in sample.groupby("country", sort=False)}
    out["one_level"] = out["country"].map(one_level).fillna(False).astype(bool)
    out["covered"] = [covered(k, n) and not one for k, n, one in zip(out["n_known"], out["n"], out["one_level"])]
    return out[["country", "n", "n_known", "n_total", "covered", "one_level", "mean", "median", "min", "max"]]


def area_profile(sample: pd.DataFrame, by: str = "country") -> pd.DataFrame:
    """Tidy mean score per group and ESCA area over the KNOWN scores: columns [by, area, score, n, n_known]
    (score NaN where no score of the area is known)."""
    long = sample.melt(id_vars=[by], value_vars=list(AREA_COLUMNS), var_name="area", value_name="score")
    long["area"] = long["area"].str.removeprefix("area_")
    long["score"] = pd.to_numeric(long["score"], errors="coerce").astype(float)
    out = long.groupby([by, "area"], sort=False)["score"].agg(["mean", "size", "count"]).reset_index()
    out = out.rename(columns={"mean": "score", "size": "n", "count": "n_known"})
    out["area"] = pd.Categorical(out["area"], categories=AREAS, ordered=True)
    return out.sort_values([by, "area"]).reset_index(drop=True)


def profile_covered(profile: pd.DataFrame) -> bool:
    """May a six-area profile be shown: every area of every group passes the coverage rule?"""
    return bool(len(profile)) and all(covered(k, n) for k, n in zip(profile["n_known"], profile["n"]))


def area_gap(profile: pd.DataFrame, a: str = "DK", b: str = "NO", by: str = "country") -> pd.DataFrame:
    """Per area: score of a, score of b, gap = a - b; sorted by gap, largest first."""
    wide = profile.pivot(index="area", columns=by, values="score")
    out = pd.DataFrame({"area": wide.index.astype(str), a: wide[a].to_numpy(), b: wide[b].to_numpy()})
    out["gap"] = out[a] - out[b]
    return out.sort_values("gap", ascending=False).reset_index(drop=True)


# --------------------------------------------------------------------------- training lights


def training_lights(sample: pd.DataFrame, by: str = "country") -> pd.DataFrame:
    """Tidy counts of the KNOWN lights: ``by`` (country unless told), light (budget/plan/training), value
    (green/yellow/red), clusters.  An unknown light is not counted under any colour (see lights_known)."""
    long = sample.melt(id_vars=[by], value_vars=list(LIGHTS), var_name="light", value_name="value")
    long["light"] = long["light"].str.removeprefix("light_")
    long = long[long["value"].notna()]
    return long.groupby([by, "light", "value"]).size().rename("clusters").reset_index()


def lights_known(sample: pd.DataFrame) -> pd.Series:
    """True where all three lights of the assessment are known."""
    return sample[list(LIGHTS)].notna().all(axis=1)


def all_green(sample: pd.DataFrame) -> pd.Series:
    """True where all three lights are green (False where any is unknown: use lights_known to count over
    the known ones)."""
    return (sample[list(LIGHTS)] == "green").fillna(False).astype(bool).all(axis=1)
