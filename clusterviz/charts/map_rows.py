"""The rows the map's layers draw, and what their tooltips say in the chosen language (no Streamlit).

Tooltips: Streamlit fills ``{field}`` from the picked row and leaves the braces when the row lacks the field.
The border rows only carry code, name and country, so every pickable layer puts its whole tooltip text
(plain text, shown with innerText) in ``name`` and the template is just ``{name}`` (map_layers.TOOLTIP).

Payload: layer data is sent as JSON on every rerun in which it changed, so rows are compact -- short keys
(``p`` position, ``s`` status, ``r`` radius, ``w`` outline width), coordinates to 4 decimals (~10 m), the
status colours as one accessor expression (map_layers.status_fill_expression) instead of a colour per row.
"""

from __future__ import annotations

import math

import pandas as pd

from clusterviz.charts.map_layers import GROUP_RADIUS, PRESENT_SCALE, PROGRAMME_STYLE, county_colours
from clusterviz.data import geo
from clusterviz.figures.metrics import STATUSES
from clusterviz.text.i18n import Translator


def measure_text(row, measure: str, tr: Translator) -> str:
    """The measure of one county as the page says it: '8', '50 %' or '–' (no clusters)."""
    value = row[measure]
    if measure == "share_valid":
        return tr.percent(None if pd.isna(value) else float(value))
    return tr.integer(int(value))


def county_point_rows(measures: pd.DataFrame, measure: str, tr: Translator) -> list[dict]:
    """Rows of the county click targets used when no borders are installed."""
    colours = county_colours(measures, measure)
    return [
        {"code": r.county_code, "name": county_tooltip(r, tr), "position": [r.label_lon, r.label_lat], "fill": colours[r.county_code]}
        for r in measures.itertuples()
    ]


def county_tooltip(row, tr: Translator) -> str:
    lines = [row.county_name, tr("map.tip_county_clusters", n=tr.integer(row.clusters))]
    if row.clusters:
        lines.append(tr("map.tip_county_valid", n=tr.integer(row.valid), share=tr.percent(row.share_valid)))
        if row.lapsed:
            lines.append(tr("map.tip_county_lapsed", n=tr.integer(row.lapsed)))
    return "\n".join(lines)


def label_rows(measures: pd.DataFrame, measure: str, tr: Translator) -> list[dict]:
    """County name and measure value at each county's label point."""
    return [
        {
            "text": f"{r.county_name}\n{measure_text(r._asdict(), measure, tr)}",
            "position": [r.label_lon, r.label_lat],
            "priority": int(r.clusters),
        }
        for r in measures.itertuples()
    ]


def cluster_tooltip(row, tr: Translator, index: float | None = None) -> str:
    """Name; label and its date; town, county and programme (plus the index, adviser mode only)."""
    status = row["status"] if isinstance(row["status"], str) else "never"
    line = tr.status(status)
    valid_until = row["valid_until"]
    if status in ("gold", "silver", "bronze") and pd.notna(valid_until):
        line += " – " + tr("map.tip_valid_until", date=tr.date(valid_until))
    elif status in ("grace", "lapsed") and pd.notna(valid_until):
        line += " – " + tr("map.tip_expired", date=tr.date(valid_until))
    elif status == "unknown" and isinstance(row.get("label_level"), str):
        line += " – " + tr("map.tip_unknown", label=tr.status(row["label_level"]))
    town = row["home_town"] if isinstance(row["home_town"], str) else None  # unknown town: left out
    place = ", ".join(p for p in (town, geo.county_name(row["county_code"])) if p)
    lines = [row["name"], line, f"{place} · {tr.programme(row['programme_level'])}"]
    if index is not None and pd.notna(index):
        lines.append(tr("map.tip_index", value=tr.number(index)))
    return "\n".join(lines)


def _compact(value: float) -> float | int:
    """8.0 -> 8, 9.6 -> 9.6 (one decimal): shorter JSON."""
    value = round(float(value), 1)
    return int(value) if value.is_integer() else value


def cluster_rows(clusters: pd.DataFrame, tr: Translator, present: bool = False, scores: dict[str, float] | None = None) -> list[dict]:
    """One compact row per cluster for the ScatterplotLayer: ``id`` (cluster_id, for clicks), ``name`` (the
    tooltip text), ``p`` ([lon, lat], 4 decimals), ``s`` (status: the fill), ``r`` and ``w`` (radius and
    outline in pixels, by programme level).  ``scores`` (cluster_id -> quality index) is only passed in
    adviser mode; in public mode no score is ever part of the layer data."""
    scale = PRESENT_SCALE if present else 1.0
    rows = []
    for row in clusters.to_dict("records"):
        status = row["status"] if isinstance(row["status"], str) else "never"
        radius, line = PROGRAMME_STYLE.get(row["programme_level"], (6, 1))
        rows.append(
            {
                "id": row["cluster_id"],
                "name": cluster_tooltip(row, tr, (scores or {}).get(row["cluster_id"])),
                "p": [round(float(row["lon"]), 4), round(float(row["lat"]), 4)],
                "s": status,
                "r": _compact(radius * scale),
                "w": _compact(line * scale),
            }
        )
    return rows


def group_radius(clusters: int, present: bool = False) -> float | int:
    """Pixel radius of a place disc holding ``clusters`` clusters (the legend uses the same sizes)."""
    base, step = GROUP_RADIUS
    return _compact((base + step * math.sqrt(max(int(clusters), 0))) * (PRESENT_SCALE if present else 1.0))


def group_tooltip(row, tr: Translator) -> str:
    """Place (and county); its number of clusters; one line per label status it has; what a click does."""
    county = geo.county_name(row["county_code"])
    lines = [
        tr("map.tip_group_town", town=row["place"], county=county) if row["level"] == "town" else county,
        tr("map.tip_group_one") if row["clusters"] == 1 else tr("map.tip_group_clusters", n=tr.integer(row["clusters"])),
    ]
    lines += [tr("map.tip_group_status", status=tr.status(status), n=tr.integer(row[status])) for status in STATUSES if row[status]]
    lines.append(tr("map.tip_group_click", county=county))
    return "\n".join(lines)


def group_rows(groups: pd.DataFrame, tr: Translator, present: bool = False) -> list[dict]:
    """One compact row per place disc (from mapdata.place_groups): ``code`` (its county, for clicks),
    ``name`` (tooltip: the label mix), ``p`` ([lon, lat]), ``s`` (most common status: the fill), ``r``
    (radius by number of clusters).  Counts of labels only: no score, in any mode."""
    return [
        {
            "code": row["county_code"],
            "name": group_tooltip(row, tr),
            "p": [round(float(row["lon"]), 4), round(float(row["lat"]), 4)],
            "s": row["dominant"],
            "r": group_radius(row["clusters"], present),
        }
        for row in groups.to_dict("records")
    ]
