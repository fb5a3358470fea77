"""The collaboration page's network map (pydeck, no basemap: works offline) and the legend drawn under it.

Members are points coloured by label status, arcs join the members and lead from each member to each event
place, event places are rings.  Only public facts reach the map (names, towns, labels, events); tooltips
are plain text fields.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import pydeck as pdk

from clusterviz.charts import map_layers as maps
from clusterviz.charts.base import STATUS_COLOURS, base_config
from clusterviz.charts.collaboration import FIT_X
from clusterviz.figures import map as mapdata
from clusterviz.figures.metrics import STATUSES
from clusterviz.text.i18n import Translator

MEMBER_ARC = "#0072B2"
EVENT_ARC = "#009E73"
PLACE_COLOUR = "#AA3377"  # the ring round a place, map and legend: reads on a light and a dark page


def _view_state(net: dict[str, pd.DataFrame]) -> pdk.ViewState:
    """Fit the members and event places (map issue's fit_view), tilted a little so the arcs read as arcs."""
    members, places = net["members"], net["places"]
    bbox = mapdata.bbox_of_points([*members["map_lon"], *places["lon"]], [*members["map_lat"], *places["lat"]])
    view = maps.view_state(("NO",), mapdata.fit_view(bbox, height=480, padding=0.12) if bbox else None)
    view.pitch = 35
    return view


def _arcs(rows: pd.DataFrame, layer_id: str, colour: str, alphas: tuple[int, int], *, width: float, height: float) -> pdk.Layer:
    """Arcs from each row's source to its target (``alphas``: at the source, at the target), in pixels; not
    pickable, so they never cover a point's tooltip."""
    return pdk.Layer(
        "ArcLayer",
        rows,
        id=layer_id,
        get_source_position=["source_lon", "source_lat"],
        get_target_position=["target_lon", "target_lat"],
        get_source_color=maps.rgba(colour, alphas[0]),
        get_target_color=maps.rgba(colour, alphas[1]),
        get_width=width,
        width_units=maps.PIXELS,
        get_height=height,
        pickable=False,
    )


def network_deck(net: dict[str, pd.DataFrame], tr: Translator, present: bool = False) -> pdk.Deck:
    """The collaboration on a map without basemap (offline): members as points coloured by label status,
    arcs between members and from each member to each event place, event places as rings.  Tooltips
    show plain text fields only."""
    members = net["members"]
    member_rows = pd.DataFrame(
        {
            "cluster_id": members["cluster_id"],
            "lon": members["map_lon"],
            "lat": members["map_lat"],
            "colour": members["status"].map(lambda s: maps.rgba(STATUS_COLOURS.get(s, STATUS_COLOURS["never"]))),
            "tip_title": members["name"],
            "tip_detail": [
                tr(
                    "collaboration.tip_member",
                    town=town,
                    status=tr.status(s),
                    valid=tr("collaboration.tip_valid_until", date=tr.date(v)) if pd.notna(v) else "",
                )
                for town, s, v in zip(members["home_town"], members["status"], members["valid_until"])
            ],
        }
    )
    places = net["places"]
    place_rows = pd.DataFrame(
        {
            "event_id": places["event_id"],
            "lon": places["lon"].astype(float),
            "lat": places["lat"].astype(float),
            "tip_title": places["name"],
            "tip_detail": [
                tr("collaboration.tip_event", place=p, date=tr.date(d), participants=tr.integer(n) if pd.notna(n) else "–")
                for p, d, n in zip(places["place"], places["start_date"], places["participants_n"])
            ],
        }
    )
    arcs = net["arcs"]
    arc_rows = arcs.assign(tip_title=arcs["source"], tip_detail=arcs["target"])
    size = 1.5 if present else 1.0
    at = ["lon", "lat"]
    layers = [
        _arcs(arc_rows[arc_rows["kind"] == "member"], "member-arcs", MEMBER_ARC, (120, 120), width=1.5 * size, height=0.5),
        _arcs(arc_rows[arc_rows["kind"] == "event"], "event-arcs", EVENT_ARC, (200, 230), width=3 * size, height=1),
        maps.disc_layer(
            "event-places",
            place_rows,
            position=at,
            fill=maps.rgba(EVENT_ARC, 60),
            radius=16 * size,
            line_colour=maps.rgba(PLACE_COLOUR),
            line_width=3 * size,
        ),
        maps.disc_layer("members", member_rows, position=at, fill="colour", radius=8 * size, line_colour=[40, 40, 40, 255], line_width=1),
    ]
    return pdk.Deck(layers=layers, initial_view_state=_view_state(net), map_provider=None, tooltip={"text": "{tip_title}\n{tip_detail}"})


def map_legend(statuses, tr: Translator, present: bool = False) -> alt.LayerChart | alt.FacetChart:
    """The map's legend, drawn by the app: one swatch per label status present, plus the event place."""
    present_statuses = [s for s in STATUSES if s in set(statuses)]
    rows = [{"key": tr.status(s), "colour": STATUS_COLOURS[s], "shape": "circle"} for s in present_statuses]
    rows.append({"key": tr("collaboration.legend_place"), "colour": PLACE_COLOUR, "shape": "ring"})
    rows.append({"key": tr("collaboration.legend_member_arc"), "colour": MEMBER_ARC, "shape": "arc"})
    rows.append({"key": tr("collaboration.legend_event_arc"), "colour": EVENT_ARC, "shape": "arc"})
    data = pd.DataFrame(rows).reset_index(names="order")
    x = alt.X("key:N", title=None, sort=list(data["key"]), axis=alt.Axis(labelAngle=0, domain=False, ticks=False, labelLimit=300))
    dots = (
        alt.Chart(data[data["shape"] == "circle"])
        .mark_circle(size=220 if present else 150, opacity=1, stroke="#282828")
        .encode(x=x, color=alt.Color("colour:N", scale=None))
    )
    ring = (
        alt.Chart(data[data["shape"] == "ring"])
        .mark_point(size=300 if present else 220, filled=False, strokeWidth=3)
        .encode(x=x, color=alt.Color("colour:N", scale=None))
    )
    arc = (
        alt.Chart(data[data["shape"] == "arc"])
        .mark_tick(orient="horizontal", thickness=3, size=30)
        .encode(x=x, color=alt.Color("colour:N", scale=None))
    )
    chart = alt.layer(dots, ring, arc, height=40, title=tr("collaboration.legend_title"), autosize=FIT_X)
    return base_config(chart, present)
