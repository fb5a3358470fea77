"""The map page's side panel in words: all counties, one county's clusters, one cluster's facts and the
clusters the map could not place, with headers in the chosen language (no Streamlit).  Figures come from
clusterviz.figures.map; no score is shown unless ``public`` is False (adviser mode)."""

from __future__ import annotations

import pandas as pd

from clusterviz.data import geo
from clusterviz.figures.map import county_rows, is_placed
from clusterviz.text.i18n import Translator


def unplaced_table(points: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """The clusters the map could not place (no coordinates): name, town (blank when unknown), county,
    label status -- listed under the map, never put at a county centre."""
    mine = points[~is_placed(points).to_numpy(dtype=bool)]
    return pd.DataFrame(
        {
            tr("common.col_cluster"): mine["name"].to_numpy(),
            tr("common.col_town"): mine["home_town"].fillna("").to_numpy(),
            tr("common.col_county"): mine["county_code"].map(geo.county_name).to_numpy(),
            tr("common.col_status"): mine["status"].map(tr.status).to_numpy(),
        }
    )


def county_table(measures: pd.DataFrame, measure: str, tr: Translator) -> pd.DataFrame:
    """The figures behind the choropleth, one row per county, sorted by the chosen measure."""
    ordered = measures.sort_values([measure, "clusters", "county_name"], ascending=[False, False, True], na_position="last")
    headers = {
        "county_name": tr("common.col_county"),
        measure: None,
        "clusters": tr("common.col_clusters"),
        "valid": tr("map.measure_valid"),
        "share_valid": tr("map.col_share_valid"),
        "grace": tr("map.col_grace"),
        "lapsed": tr("map.measure_lapsed"),
    }
    headers[measure] = {"valid": tr("map.measure_valid"), "share_valid": tr("map.col_share_valid"), "lapsed": tr("map.measure_lapsed")}[
        measure
    ]  # the chosen measure comes second
    return pd.DataFrame({header: ordered[column].to_numpy() for column, header in headers.items()})


def county_cluster_list(points: pd.DataFrame, county_code: str, tr: Translator) -> pd.DataFrame:
    """The clusters of one county (from map_clusters): name, town, programme, label status, valid until
    (rows in the order of county_cluster_ids)."""
    mine = county_rows(points, county_code)
    return pd.DataFrame(
        {
            tr("common.col_cluster"): mine["name"].to_numpy(),
            tr("common.col_town"): mine["home_town"].to_numpy(),
            tr("common.col_programme"): mine["programme_level"].map(tr.programme).to_numpy(),
            tr("common.col_status"): mine["status"].map(tr.status).to_numpy(),
            tr("common.col_valid_until"): [d.date() if pd.notna(d) else None for d in mine["valid_until"]],
        }
    )


def cluster_facts(point: pd.Series, history: pd.DataFrame, tr: Translator, *, public: bool = True) -> pd.DataFrame:
    """Fact / value rows about one cluster (text only; the quality index only when not public)."""
    status = point["status"] if isinstance(point["status"], str) else "never"
    rows = [
        (tr("common.col_cluster"), point["name"]),
        (tr("common.col_programme"), tr.programme(point["programme_level"])),
        (tr("common.col_town"), point["home_town"] if isinstance(point["home_town"], str) else "–"),
        (tr("common.col_county"), geo.county_name(point["county_code"])),
        (tr("common.col_status"), tr.status(status)),
        (tr("common.col_valid_until"), tr.date(point["valid_until"]) if pd.notna(point["valid_until"]) else "–"),
    ]
    if status == "grace":
        rows.append((tr("map.fact_grace_until"), tr.date(point["grace_until"])))
    rows.append((tr("map.fact_labels_held"), tr.integer(len(history))))
    if not public and "quality_index" in history and len(history):
        rows.append((tr("map.fact_index"), tr.number(history["quality_index"].iloc[-1])))
    return pd.DataFrame(rows, columns=[tr("map.fact"), tr("map.value")])
