"""The Norway–Denmark page in words: the headline sentence, sector and group names, and the tables as shown
and downloaded, in the chosen language (no Streamlit).  Figures come from clusterviz.figures.comparison and
comparison_peers; a group too small for public mode arrives without figures (blank cells)."""

from __future__ import annotations

import math

import pandas as pd

from clusterviz.data import geo
from clusterviz.data.snapshot import AREAS
from clusterviz.figures.comparison import LEVELS, Headline, countries_in
from clusterviz.figures.comparison_peers import PeerComparison
from clusterviz.text import i18n
from clusterviz.text.i18n import Translator


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
