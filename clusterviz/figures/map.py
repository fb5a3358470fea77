"""What the map shows, per county/region and per cluster, as plain frames (no Streamlit, no pydeck, no translator).

The choropleth compares counties, so its measures are computed from the clusters that every filter except
the county filter keeps (``without_counties``); the points show exactly the filtered clusters.
Nothing here carries an individual score: ``cluster_history`` drops them unless asked for (adviser mode).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from clusterviz.data import geo
from clusterviz.figures import metrics
from clusterviz.figures.metrics import Filters

MEASURES = ("valid", "share_valid", "lapsed")  # the choropleth can show any of these columns
VALID = ("gold", "silver", "bronze")
# More clusters in view than this and the map draws one disc per place instead of one point per cluster:
# beyond it single points overlap into an unreadable carpet, and a rerun outgrows 100 KB (issue 9): a single
# point costs ~180 bytes of deck JSON (its tooltip is most of it) and ~95 more in the county panel's table,
# so 300 points (Nordland at Europe scale: 270 points, 89 KB a rerun) leave room for longer real names.
AGGREGATE_ABOVE = 300
# More towns in view than this and the discs are per county instead (a disc per town would be no summary).
MAX_PLACES = 250


def without_counties(filters: Filters) -> Filters:
    """The same filters with the county filter lifted (the choropleth compares counties)."""
    return Filters(filters.countries, (), filters.programme_levels, filters.statuses)


def view_countries(filters: Filters) -> tuple[str, ...]:
    """The countries the map shows: the country filter, or both."""
    return tuple(filters.countries) or geo.COUNTRIES


def county_measures(clusters: pd.DataFrame, states: pd.DataFrame, countries: tuple[str, ...] = geo.COUNTRIES) -> pd.DataFrame:
    """One row per county/region of ``countries`` (all of them, zeros included), in geo.ADMIN1 order.

    Columns: county_code, country, county_name, label_lat, label_lon, clusters, gold, silver, bronze,
    grace, lapsed, never, valid (gold + silver + bronze), share_valid (valid / clusters; NaN without clusters).
    """
    codes = [code for code in geo.ADMIN1 if geo.ADMIN1[code][0] in countries]
    merged = clusters[["cluster_id", "county_code"]].merge(states[["cluster_id", "status"]], on="cluster_id")
    counts = merged.groupby(["county_code", "status"]).size().unstack(fill_value=0)
    counts = counts.reindex(index=codes, columns=list(metrics.STATUSES), fill_value=0).fillna(0).astype(int)
    out = pd.DataFrame(
        {
            "county_code": codes,
            "country": [geo.ADMIN1[c][0] for c in codes],
            "county_name": [geo.ADMIN1[c][1] for c in codes],
            "label_lat": [geo.ADMIN1[c][3] for c in codes],
            "label_lon": [geo.ADMIN1[c][4] for c in codes],
        }
    )
    for status in metrics.STATUSES:
        out[status] = counts[status].to_numpy()
    out["clusters"] = counts.sum(axis=1).to_numpy()
    out["valid"] = out[list(VALID)].sum(axis=1)
    out["share_valid"] = out["valid"] / out["clusters"].where(out["clusters"] > 0)  # NaN without clusters
    return out


def map_clusters(clusters: pd.DataFrame, states: pd.DataFrame) -> pd.DataFrame:
    """The clusters with their label state on the snapshot date (no scores), sorted by county and name."""
    columns = ["cluster_id", "status", "label_level", "valid_until", "grace_until", "labels_held"]
    out = clusters.merge(states[columns], on="cluster_id", how="left")
    return out.sort_values(["county_code", "name"]).reset_index(drop=True)


def is_placed(points: pd.DataFrame) -> pd.Series:
    """True where a cluster has coordinates (lat and lon known); the others cannot be drawn."""
    return points["lat"].notna() & points["lon"].notna()


def placed(points: pd.DataFrame) -> pd.DataFrame:
    """The clusters (rows of map_clusters) the map can draw: those with coordinates."""
    return points[is_placed(points).to_numpy(dtype=bool)].reset_index(drop=True)


def aggregated(points: pd.DataFrame) -> bool:
    """True when the map draws the clusters in view as place discs (see AGGREGATE_ABOVE)."""
    return len(points) > AGGREGATE_ABOVE


def place_groups(points: pd.DataFrame, max_places: int = MAX_PLACES) -> pd.DataFrame:
    """The clusters in view (rows of map_clusters) counted per place: per home town within its county, or per
    county when more than ``max_places`` towns are in view.  Labels only, never a score.

    Columns: level ("town" or "county"), county_code, place (town or county name), lat, lon (mean of its
    clusters' positions), clusters, one count per status (metrics.STATUSES), valid (gold + silver + bronze) and
    dominant: the most common status (a tie goes to the status first in metrics.STATUSES, i.e. the better label).
    Sorted by county and place."""
    statuses = list(metrics.STATUSES)
    frame = points[["county_code", "home_town", "lat", "lon"]].assign(
        status=points["status"].where(points["status"].isin(statuses), "never")
    )
    level = "town" if frame[["county_code", "home_town"]].drop_duplicates().shape[0] <= max_places else "county"
    keys = ["county_code", "home_town"] if level == "town" else ["county_code"]
    grouped = frame.groupby(keys, sort=True)
    counts = frame.groupby([*keys, "status"]).size().unstack(fill_value=0).reindex(columns=statuses, fill_value=0)
    out = grouped[["lat", "lon"]].mean().join(counts).reset_index()
    out.insert(0, "level", level)
    out["place"] = out["home_town"] if level == "town" else out["county_code"].map(geo.county_name)
    out["clusters"] = out[statuses].sum(axis=1)
    out["valid"] = out[list(VALID)].sum(axis=1)
    out["dominant"] = np.array(statuses)[out[statuses].to_numpy().argmax(axis=1)] if len(out) else []
    columns = ["level", "county_code", "place", "lat", "lon", "clusters", *statuses, "valid", "dominant"]
    return out[columns].astype({s: int for s in statuses}).sort_values(["county_code", "place"]).reset_index(drop=True)


def cluster_history(assessments: pd.DataFrame, cluster_id: str, on, *, with_scores: bool = False) -> pd.DataFrame:
    """The labels one cluster has held up to ``on``: assessment_date, assessment_type, label_level, valid_until,
    grace_until, grace_end (end of the renewal year as it was lived: NaT when the next label came before the
    old one ran out) — plus quality_index only when ``with_scores``, i.e. adviser mode."""
    mine = assessments[assessments["cluster_id"] == cluster_id]
    history = metrics.labelled(mine, on)
    columns = ["assessment_date", "assessment_type", "label_level", "valid_until"]
    if "date_precision" in history:
        columns.append("date_precision")  # how exact the award date is (derived: read back from valid_until)
    if with_scores:
        columns.append("quality_index")
    out = history[columns].reset_index(drop=True)
    out["grace_until"] = out["valid_until"] + metrics.GRACE
    # The renewal year that actually passed without a new label: it ends at the next assessment, if earlier.
    following = out["assessment_date"].shift(-1)
    out["grace_end"] = out["grace_until"].where(following.isna() | (following > out["grace_until"]), following)
    out.loc[out["grace_end"] <= out["valid_until"], "grace_end"] = pd.NaT
    return out


def latest_scores(assessments: pd.DataFrame, on) -> dict[str, float]:
    """cluster_id -> quality index of its latest labelled assessment up to ``on``.  Confidential: adviser mode only."""
    latest = metrics.labelled(assessments, on).groupby("cluster_id", sort=False).tail(1)
    return dict(zip(latest["cluster_id"], latest["quality_index"].astype(float)))


def bbox_of_points(lons, lats) -> tuple[float, float, float, float] | None:
    """(lon_min, lat_min, lon_max, lat_max) of the finite points, or None."""
    pairs = [(float(x), float(y)) for x, y in zip(lons, lats) if np.isfinite(x) and np.isfinite(y)]
    if not pairs:
        return None
    xs, ys = zip(*pairs)
    return min(xs), min(ys), max(xs), max(ys)


def country_bbox(countries) -> tuple[float, float, float, float]:
    """Bounding box of the countries (geo.COUNTRY_BBOX, islands included)."""
    boxes = [geo.COUNTRY_BBOX[c] for c in countries]
    return (min(b[2] for b in boxes), min(b[0] for b in boxes), max(b[3] for b in boxes), max(b[1] for b in boxes))


def county_bbox(
    codes, polygons: list[dict] | None = None, clusters: pd.DataFrame | None = None
) -> tuple[float, float, float, float] | None:
    """Bounding box of the counties: their border polygons when installed, else their clusters and label points."""
    codes = set(codes)
    lons: list[float] = []
    lats: list[float] = []
    rows = [row for row in polygons or () if row["code"] in codes]
    for row in rows:
        for lon, lat in row["polygon"]:
            lons.append(lon)
            lats.append(lat)
    if not rows:
        for code in codes & set(geo.ADMIN1):
            lats.append(geo.ADMIN1[code][3])
            lons.append(geo.ADMIN1[code][4])
        if clusters is not None:
            mine = clusters[clusters["county_code"].isin(codes)]
            lons += mine["lon"].tolist()
            lats += mine["lat"].tolist()
    return bbox_of_points(lons, lats)


# The map's width on the narrowest screen it is made for (a 390-px phone, less the page's margins).  The server
# cannot know the reader's width, so the view is fitted to this one: wider screens show a little more around
# the box, and no screen cuts it (a 660-px fit cut Norway's west coast off on a phone).
NARROWEST_MAP_WIDTH = 358


def fit_view(
    bbox: tuple[float, float, float, float],
    width: int = NARROWEST_MAP_WIDTH,
    height: int = 560,
    padding: float = 0.04,
    max_zoom: float = 9.0,
) -> tuple[float, float, float]:
    """(latitude, longitude, zoom) that shows the box in a web-mercator map of width x height pixels."""
    lon_min, lat_min, lon_max, lat_max = bbox

    def merc_y(lat: float) -> float:
        lat = max(min(lat, 85.0), -85.0)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    y_min, y_max = merc_y(lat_min), merc_y(lat_max)
    centre_lat = math.degrees(2 * math.atan(math.exp((y_min + y_max) / 2)) - math.pi / 2)
    centre_lon = (lon_min + lon_max) / 2
    span_x = max(lon_max - lon_min, 1e-3) / 360.0  # share of the world's width
    span_y = max(y_max - y_min, 1e-5) / (2 * math.pi)  # share of the world's height (mercator)
    usable = 1 - 2 * padding
    zoom = math.log2(min(width * usable / (512 * span_x), height * usable / (512 * span_y)))
    return round(centre_lat, 4), round(centre_lon, 4), round(max(min(zoom, max_zoom), 1.0), 2)


# --------------------------------------------------------------------------- one county's clusters (the side panel's rows)


def county_rows(points: pd.DataFrame, county_code: str) -> pd.DataFrame:
    """One county's points, best label first, then by valid_until and name (charts/map_tables.py
    county_cluster_list words them)."""
    mine = points[points["county_code"] == county_code]
    rank = {s: i for i, s in enumerate(metrics.STATUSES)}
    return mine.assign(_rank=mine["status"].map(rank)).sort_values(["_rank", "valid_until", "name"])


def county_cluster_ids(points: pd.DataFrame, county_code: str) -> list[str]:
    """The cluster ids of county_cluster_list's rows, in its order (for the links to their profiles)."""
    return county_rows(points, county_code)["cluster_id"].tolist()
