"""pydeck layers, view states and colours of the map page (no Streamlit here; tested on the spec).

Layers, bottom to top:
- ``counties``: a PolygonLayer whose data is the installed ``admin1_polygons.json`` *by URL* (Streamlit static
  serving), so ~500 KB of border geometry reaches the browser once and is cached, instead of ~2.5 MB of
  indented JSON on every rerun.  The choropleth colour is a small accessor expression keyed by county code,
  and unlike a GeoJsonLayer a PolygonLayer returns the clicked row to ``st.pydeck_chart(on_select=...)``.
- ``county_borders``: the outlines, from the same URL, not pickable (see county_polygon_layer).
- ``county_points``: only without installed borders — pickable discs at the county label points, so a county
  can still be clicked.
- ``county_labels``: a TextLayer with each county's name and the value of the chosen measure.
- ``clusters``: a ScatterplotLayer, fill by label status, radius and outline by programme level — drawn
  when at most ``mapdata.AGGREGATE_ABOVE`` clusters are in view;
- ``cluster_groups``: above that, one disc per place (``mapdata.place_groups``): size by its number of
  clusters, fill by its most common label status, the label mix in the tooltip; a click selects its county.
  Drawn beneath the county labels (single points are drawn above them), so the names stay readable.

What each layer draws (its rows, with their tooltips) is charts/map_rows.py; this module holds the layers,
their colours and sizes, the view and the deck.  ``deck()`` writes the JSON without pydeck's indentation
(which was over 40 % of the bytes of a layer of points).
"""

from __future__ import annotations

import hashlib
import json
import math

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from clusterviz.charts.base import STATUS_COLOURS
from clusterviz.data import geo
from clusterviz.figures.metrics import STATUSES

LAYER_COUNTIES = "counties"
LAYER_BORDERS = "county_borders"
LAYER_COUNTY_POINTS = "county_points"
LAYER_LABELS = "county_labels"
LAYER_CLUSTERS = "clusters"
LAYER_GROUPS = "cluster_groups"
TOOLTIP = {"text": "{name}"}

# Programme level -> (radius, outline width) in pixels; bigger programmes get bigger, bolder points.
PROGRAMME_STYLE = {
    "arena": (5, 1),
    "arena_pro": (6, 1),
    "nce": (8, 2),
    "gce": (10, 2.5),
    "other": (5, 1),
    "dk_other": (5, 1),
    "dk_national": (8, 2),
}
PRESENT_SCALE = 1.6
# Place discs: radius = GROUP_RADIUS[0] + GROUP_RADIUS[1] * sqrt(clusters) pixels (area grows with the count);
# a little transparent, so discs of neighbouring towns that overlap and the counties beneath stay visible.
GROUP_RADIUS = (4.0, 1.5)
GROUP_ALPHA = 190
OUTLINE = "#262626"
# Sequential ramp of the choropleth (light to dark blue: away from the gold/brown/purple of the points).
MEASURE_RAMP = ("#DCE9F5", "#2F6FA8")
NO_CLUSTERS = "#F4F4F2"  # a county without clusters (share undefined)
OTHER_COUNTRY = "#ECECEC"  # counties outside the chosen country: context only
BORDER_LINE = "#7C8B99"
LABEL_COLOUR = "#1F2A33"
BASEMAP = {"map_provider": "carto", "map_style": "light"}
# pydeck turns every bare string prop into an accessor expression ("@@=pixels", which deck.gl cannot use,
# so it falls back to metres); a quoted string is passed through as the literal value "pixels".
PIXELS = "'pixels'"
HIGHLIGHT = {"auto_highlight": True, "highlight_color": [0, 0, 0, 60]}  # a picked point darkens a little


def rgba(colour: str, alpha: int = 255) -> list[int]:
    """'#E69F00' -> [230, 159, 0, alpha]."""
    value = colour.lstrip("#")
    return [int(value[i : i + 2], 16) for i in (0, 2, 4)] + [int(alpha)]


STATUS_RGBA = {status: rgba(colour) for status, colour in STATUS_COLOURS.items()}


def interpolate(low: str, high: str, t: float, alpha: int = 255) -> list[int]:
    """The colour a share t (0..1) of the way from low to high."""
    t = min(max(t, 0.0), 1.0)
    a, b = rgba(low), rgba(high)
    return [round(a[i] + (b[i] - a[i]) * t) for i in range(3)] + [int(alpha)]


def measure_max(measures: pd.DataFrame, measure: str) -> float:
    """Top of the colour scale: 100 % for the share, else the largest count (at least 1)."""
    if measure == "share_valid":
        return 1.0
    top = measures[measure].max() if len(measures) else 0
    return float(max(top if pd.notna(top) else 0, 1))


def measure_colour(value, top: float, alpha: int = 255) -> list[int]:
    """Choropleth colour of one county (the no-clusters grey for NaN)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return rgba(NO_CLUSTERS, alpha)
    return interpolate(*MEASURE_RAMP, float(value) / top if top else 0.0, alpha)


def county_colours(measures: pd.DataFrame, measure: str, alpha: int = 255) -> dict[str, list[int]]:
    """county_code -> fill colour for the counties in ``measures``."""
    top = measure_max(measures, measure)
    return {row.county_code: measure_colour(getattr(row, measure), top, alpha) for row in measures.itertuples()}


# --------------------------------------------------------------------------- layers


def fill_expression(colours: dict[str, list[int]], default: list[int]) -> str:
    """A deck.gl JSON accessor: ``code == '18' ? [r,g,b,a] : ... : default`` (codes come from geo.ADMIN1)."""
    expression = str(list(default)).replace(" ", "")
    for code in reversed([c for c in colours if c in geo.ADMIN1]):
        expression = f"code == '{code}' ? {str(list(colours[code])).replace(' ', '')} : {expression}"
    return expression


def _county_polygons(url: str, layer_id: str, **style) -> pdk.Layer:
    """A PolygonLayer of the installed county borders, loaded by the browser from ``url`` (rows code, name,
    country, polygon); ``style``: how it is drawn and picked."""
    return pdk.Layer("PolygonLayer", data=url, id=layer_id, get_polygon="polygon", **style)


def county_polygon_layer(url: str, measures: pd.DataFrame, measure: str, *, alpha: int = 255) -> pdk.Layer:
    """Counties filled by the measure, loaded by the browser from ``url`` (rows code, name, country, polygon).

    Pickable but not stroked: picking renders every pickable layer, and the ~26,000-point outline path made
    each click cost seconds under software WebGL (measured 1.5-5 s vs 80 ms for the fill alone), so long that
    deck.gl no longer saw a click.  The outlines are a separate layer that picking skips."""
    colours = county_colours(measures, measure, alpha)
    expression = fill_expression(colours, rgba(OTHER_COUNTRY, min(alpha, 200)))
    trigger = hashlib.sha1(expression.encode()).hexdigest()[:12]
    return _county_polygons(
        url,
        LAYER_COUNTIES,
        pickable=True,
        auto_highlight=True,
        get_fill_color=expression,
        filled=True,
        stroked=False,
        highlight_color=[255, 255, 255, 90],
        update_triggers={"getFillColor": [trigger]},
    )


def county_border_layer(url: str) -> pdk.Layer:
    """The county outlines from the same URL (the browser's HTTP cache serves the second request)."""
    return _county_polygons(
        url,
        LAYER_BORDERS,
        pickable=False,
        filled=False,
        stroked=True,
        get_line_color=rgba(BORDER_LINE),
        get_line_width=1,
        line_width_units=PIXELS,
        line_width_min_pixels=1,
    )


def disc_layer(layer_id: str, rows, *, position, fill, radius, line_colour, line_width, **extra) -> pdk.Layer:
    """A pickable ScatterplotLayer of filled, outlined discs sized in pixels: the county click targets, the
    clusters, the place discs (and the collaboration map's members and event places).  ``extra``: further
    deck.gl props (HIGHLIGHT, ...)."""
    return pdk.Layer(
        "ScatterplotLayer",
        data=rows,
        id=layer_id,
        pickable=True,
        filled=True,
        stroked=True,
        get_position=position,
        get_fill_color=fill,
        get_radius=radius,
        radius_units=PIXELS,
        get_line_color=line_colour,
        get_line_width=line_width,
        line_width_units=PIXELS,
        **extra,
    )


def county_point_layer(rows: list[dict], present: bool = False) -> pdk.Layer:
    return disc_layer(
        LAYER_COUNTY_POINTS,
        rows,
        position="position",
        fill="fill",
        radius=26 if present else 18,
        line_colour=rgba(BORDER_LINE),
        line_width=1,
    )


def label_layer(rows: list[dict], present: bool = False) -> pdk.Layer:
    return pdk.Layer(
        "TextLayer",
        data=rows,
        id=LAYER_LABELS,
        pickable=False,
        get_position="position",
        get_text="text",
        get_size=(18 if present else 12),
        size_units=PIXELS,
        get_color=rgba(LABEL_COLOUR),
        get_text_anchor="'middle'",
        get_alignment_baseline="'center'",
        character_set="'auto'",
        font_family="'Source Sans Pro, Helvetica Neue, Arial, sans-serif'",
        font_weight=600,
        background=True,
        get_background_color=[255, 255, 255, 200],
        background_padding=[3, 1, 3, 1],
        line_height=1.1,
        # Labels that would overlap a label of a county with more clusters are left out at this zoom.
        extensions=[{"@@type": "CollisionFilterExtension"}],
        collision_enabled=True,
        get_collision_priority="priority",
        collision_test_props={"sizeScale": 1.6},  # room round each label: no two touch
    )


def status_fill_expression(alpha: int = 255) -> str:
    """A deck.gl JSON accessor from the row's status ``s`` to its colour (statuses are our own constants)."""
    expression = str(rgba(STATUS_COLOURS["never"], alpha)).replace(" ", "")
    for status in reversed(STATUSES[:-1]):
        expression = f"s == '{status}' ? {str(rgba(STATUS_COLOURS[status], alpha)).replace(' ', '')} : {expression}"
    return expression


def cluster_layer(rows: list[dict]) -> pdk.Layer:
    return disc_layer(
        LAYER_CLUSTERS,
        rows,
        position="p",
        fill=status_fill_expression(),
        radius="r",
        line_colour=rgba(OUTLINE),
        line_width="w",
        **HIGHLIGHT,
    )


def group_layer(rows: list[dict], present: bool = False) -> pdk.Layer:
    """The place discs; a click on one selects its county (see selection_target)."""
    fill = status_fill_expression(GROUP_ALPHA)
    width = 2 if present else 1.2
    return disc_layer(LAYER_GROUPS, rows, position="p", fill=fill, radius="r", line_colour=rgba(OUTLINE), line_width=width, **HIGHLIGHT)


# --------------------------------------------------------------------------- view and deck


def view_state(countries: tuple[str, ...], fit: tuple[float, float, float] | None = None) -> pdk.ViewState:
    """The fitted view (lat, lon, zoom) when given, else the country view of geo.COUNTRY_VIEW."""
    key = countries[0] if len(countries) == 1 else "ALL"
    lat, lon, zoom = fit or geo.COUNTRY_VIEW[key]
    return pdk.ViewState(latitude=lat, longitude=lon, zoom=zoom, min_zoom=2, max_zoom=12, pitch=0, bearing=0)


class CompactDeck(pdk.Deck):
    """A pydeck Deck whose JSON (what st.pydeck_chart sends) has no indentation or spaces: pydeck indents by
    two spaces, which put a newline and up to 14 spaces before every value of every row."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"), ensure_ascii=False)


def deck(layers: list[pdk.Layer], view: pdk.ViewState, basemap: bool = False) -> pdk.Deck:
    """The Deck: no basemap by default (works offline), the Carto light basemap on request.

    ``map_provider=None`` with pydeck's default map_style writes the "__MAP_STYLE__" placeholder, which
    Streamlit's frontend treats as "no basemap"; ``map_style=None`` would make it fetch a Carto style.
    """
    if basemap:
        return CompactDeck(layers=layers, initial_view_state=view, tooltip=TOOLTIP, **BASEMAP)
    return CompactDeck(layers=layers, initial_view_state=view, tooltip=TOOLTIP, map_provider=None)


def chart_key(generation: int, filters) -> str:
    """Widget key of the map: a new chart (with no selection left over) for each reset and each set of filters.

    Streamlit keeps a selection by row index and dims every other object; after a filter change the same
    index would point at another cluster, so the chart starts afresh instead (and zooms to the new view)."""
    digest = hashlib.sha1(repr(filters).encode()).hexdigest()[:8]
    return f"map-{generation}-{digest}"


def selection_target(selection) -> tuple[str, str] | None:
    """What a click picked: ("cluster", cluster_id), ("county", code) or None; a place disc picks its county.
    Values are untrusted."""
    objects = (selection or {}).get("objects") or {}
    for layer_id, kind, field in (
        (LAYER_CLUSTERS, "cluster", "id"),
        (LAYER_GROUPS, "county", "code"),
        (LAYER_COUNTIES, "county", "code"),
        (LAYER_COUNTY_POINTS, "county", "code"),
    ):
        for obj in objects.get(layer_id) or ():
            value = obj.get(field) if isinstance(obj, dict) else None
            if isinstance(value, str) and value:
                return kind, value
    return None
