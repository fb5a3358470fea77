"""The training programmes abroad as the competence page shows them: the event timeline, a small map of the
event places, the theme badges and the events table, every text in the chosen language (no Streamlit).

Figures come from clusterviz.figures.competence_programmes; events carry public facts only (dates, places,
counts of clusters and participants).
"""

from __future__ import annotations

import datetime as dt
import json

import altair as alt
import pandas as pd
import pydeck as pdk

from clusterviz.charts.base import base_config, keyed_scale
from clusterviz.data.snapshot import AREAS
from clusterviz.text.i18n import Translator, catalogue, localised

STATUS_COLOURS = {"held": "#0072B2", "planned": "#E69F00"}
STATUS_SHAPES = {"held": "circle", "planned": "diamond"}
HELD_RGB, PLANNED_RGB = [0, 114, 178], [230, 159, 0]  # STATUS_COLOURS on the map, opaque


# --------------------------------------------------------------------------- the timeline and the map


def _month_axis(tr: Translator) -> alt.Axis:
    """Monthly ticks labelled with the language's month abbreviations ("okt 2016" / "Oct 2016")."""
    months = [tr.date(dt.date(2000, m, 1), "LLL") for m in range(1, 13)]
    return alt.Axis(labelExpr=f"{json.dumps(months)}[month(datum.value)] + ' ' + year(datum.value)", labelAngle=0, tickCount="month")


def place_country(code: str, tr: Translator) -> str:
    """Name of an event's country (the catalogue knows NO/DK in common, the programme countries here)."""
    for key in (f"common.country_{code}", f"competence.country_{code}"):
        if key in catalogue():
            return tr(key)
    return code


def event_timeline(events: pd.DataFrame, as_of: dt.date, tr: Translator, present: bool = False) -> alt.LayerChart | alt.FacetChart:
    """The programme events on a time axis, one row per programme (named above the row): a mark per event
    (blue circle when held, orange diamond when planned, also said in words under it), its date above and
    clusters / participants below, and the snapshot date as a dashed rule."""

    def status_name(status: str) -> str:
        return tr(f"competence.status_{status}")

    def below(r) -> str:
        lines = []
        if not pd.isna(r.clusters_n):
            lines.append(tr("competence.label_clusters", n=tr.integer(int(r.clusters_n))))
        if not pd.isna(r.participants_n):
            lines.append(tr("competence.label_participants", n=tr.integer(int(r.participants_n))))
        if r.status == "planned":
            lines.append(status_name("planned"))
        return "\n".join(lines)

    data = pd.DataFrame(
        {
            "event": [localised(r, "name", tr.lang) for r in events.itertuples()],
            "programme": events["programme"],
            "start": events["start_date"].dt.strftime("%Y-%m-%d"),
            "date_text": events["start_date"].map(lambda d: tr.date(d, "medium")),
            "place": events["place"] + ", " + events["country"].map(lambda c: place_country(c, tr)),
            "kind_name": events["kind"].map(lambda k: tr(f"competence.kind_{k}")),
            "status_name": events["status"].map(status_name),
            "clusters_text": events["clusters_n"].map(lambda v: "–" if pd.isna(v) else tr.integer(int(v))),
            "participants_text": events["participants_n"].map(lambda v: "–" if pd.isna(v) else tr.integer(int(v))),
            "themes_text": events["themes"].map(lambda ts: ", ".join(tr(f"competence.theme_{t}") for t in ts)),
            "below": [below(r) for r in events.itertuples()],
            # said on screen, not only in the tooltip: "Sofia, 16. mai 2017" above each mark
            "above": events["place"] + ", " + events["start_date"].map(lambda d: tr.date(d, "medium")),
            # events close in time (under ~4 months apart in one programme) alternate between two heights
            "tier": _tiers(events),
        }
    )
    font = 18 if present else 12
    programmes = list(dict.fromkeys(events["programme"]))
    y = alt.Y("programme:N", title=None, sort=programmes, axis=None)  # named by a text above each row
    first, last = events["start_date"].min(), events["start_date"].max()
    lo = min(first, pd.Timestamp(as_of)) - pd.Timedelta(days=30)
    hi = max(last, pd.Timestamp(as_of)) + pd.Timedelta(days=30)
    x = alt.X("start:T", title=None, scale=alt.Scale(domain=[lo.strftime("%Y-%m-%d"), hi.strftime("%Y-%m-%d")]), axis=_month_axis(tr))
    statuses = ("held", "planned")
    points = (
        alt.Chart(data)
        .mark_point(filled=True, size=500 if present else 260, opacity=1)
        .encode(
            x=x,
            y=y,
            color=alt.Color("status_name:N", title=None, scale=keyed_scale(statuses, status_name, STATUS_COLOURS)),
            shape=alt.Shape("status_name:N", title=None, scale=keyed_scale(statuses, status_name, STATUS_SHAPES)),
            tooltip=[
                alt.Tooltip("event:N", title=tr("competence.col_event")),
                alt.Tooltip("date_text:N", title=tr("competence.col_date")),
                alt.Tooltip("place:N", title=tr("competence.col_place")),
                alt.Tooltip("kind_name:N", title=tr("competence.col_kind")),
                alt.Tooltip("clusters_text:N", title=tr("common.col_clusters")),
                alt.Tooltip("participants_text:N", title=tr("competence.col_participants")),
                alt.Tooltip("status_name:N", title=tr("competence.col_status")),
                alt.Tooltip("themes_text:N", title=tr("competence.col_themes")),
            ],
        )
    )
    dates = [
        alt.Chart(data)
        .transform_filter(alt.datum.tier == tier)
        .mark_text(dy=(-22 if present else -16) - tier * (font + 4), fontSize=font, fontWeight="bold")
        .encode(x=x, y=y, text="above:N")
        for tier in (0, 1)
    ]
    notes = (
        alt.Chart(data).mark_text(dy=26 if present else 18, baseline="top", lineBreak="\n", fontSize=font).encode(x=x, y=y, text="below:N")
    )
    names = (
        alt.Chart(pd.DataFrame({"programme": programmes}))
        .mark_text(align="left", dy=(-44 if present else -36) - font - 4, fontSize=font + 2, fontWeight="bold")
        .encode(x=alt.XValue(0), y=y, text="programme:N")
    )
    snapshot = pd.DataFrame(
        {"start": [pd.Timestamp(as_of).strftime("%Y-%m-%d")], "text": [tr("competence.snapshot_rule", date=tr.date(as_of, "medium"))]}
    )
    rule = alt.Chart(snapshot).mark_rule(strokeDash=[4, 4], opacity=0.75).encode(x=x)
    rule_text = (
        alt.Chart(snapshot)
        .mark_text(align="left", dx=4, dy=4, baseline="top", opacity=0.85, fontSize=font)
        .encode(x=x, y=alt.YValue(0), text="text:N")
    )
    chart = alt.layer(
        rule,
        rule_text,
        names,
        points,
        *dates,
        notes,
        title=tr("competence.chart_timeline_title"),
        width="container",
        height=(200 if present else 140) * max(len(programmes), 1),
    )
    return base_config(chart, present)


def _tiers(events: pd.DataFrame, gap_days: int = 120) -> list[int]:
    """0/1 per event: within a programme, an event less than ``gap_days`` after the one before it takes the
    other height than that one, so the place-and-date texts of neighbours do not overlap."""
    tiers = [0] * len(events)
    last: dict[str, tuple[pd.Timestamp, int]] = {}
    order = sorted(range(len(events)), key=lambda i: events["start_date"].iloc[i])
    for i in order:
        programme, day = events["programme"].iloc[i], events["start_date"].iloc[i]
        before = last.get(programme)
        tier = 1 - before[1] if before is not None and (day - before[0]).days < gap_days else 0
        tiers[i] = tier
        last[programme] = (day, tier)
    return tiers


def event_map(places: pd.DataFrame, tr: Translator, present: bool = False) -> pdk.Deck:
    """A small map without basemap: one circle per event place (area by number of events, blue when
    any event there was held, orange when all are planned) and a text label with the place and count."""
    data = places.assign(
        radius=places["events"].astype(int) * 12000,
        colour=places["held"].map(lambda held: HELD_RGB if held else PLANNED_RGB),
        label=[
            tr("competence.map_label", place=p, country=place_country(c, tr), events=tr.integer(int(n)))
            for p, c, n in zip(places["place"], places["country"], places["events"])
        ],
        tooltip=[
            tr(
                "competence.map_tooltip",
                place=p,
                country=place_country(c, tr),
                events=tr.integer(int(n)),
                held=tr.integer(int(h)),
                planned=tr.integer(int(pl)),
            )
            for p, c, n, h, pl in zip(places["place"], places["country"], places["events"], places["held"], places["planned"])
        ],
    )[["lon", "lat", "radius", "colour", "label", "tooltip"]]

    def places_layer(kind: str, layer_id: str, **props) -> pdk.Layer:
        """A layer drawing the places' rows at their position (the circles, then their labels)."""
        return pdk.Layer(kind, data=data, id=layer_id, get_position=["lon", "lat"], **props)

    circles = places_layer(
        "ScatterplotLayer",
        "training-places",
        get_radius="radius",
        get_fill_color="colour",
        get_line_color=[255, 255, 255],
        line_width_min_pixels=1,
        stroked=True,
        pickable=True,
        radius_min_pixels=6,
        opacity=1,
    )
    labels = places_layer(
        "TextLayer",
        "training-place-labels",
        get_text="label",
        get_size=20 if present else 14,
        get_color=[30, 30, 30],
        get_pixel_offset=[0, -22],
        get_text_anchor="'middle'",
        get_alignment_baseline="'bottom'",
        character_set="'auto'",
        font_family="'Source Sans Pro, sans-serif'",
        background=True,
        get_background_color=[255, 255, 255, 200],
    )
    view = pdk.ViewState(
        latitude=float(data["lat"].mean()) if len(data) else 44.0, longitude=float(data["lon"].mean()) if len(data) else 25.0, zoom=5.2
    )
    # map_provider=None with the default map_style ("__MAP_STYLE__"): Streamlit draws no basemap and fetches
    # nothing; map_style=None would make it fetch a Carto style.
    return pdk.Deck(layers=[circles, labels], initial_view_state=view, map_provider=None, tooltip={"text": "{tooltip}"})


# --------------------------------------------------------------------------- badges and table


def programme_places(events: pd.DataFrame, tr: Translator) -> str | None:
    """The countries of the training programmes in the events, in date order, in words ("Romania and
    Bulgaria"), or None when the events hold no programme."""
    if events.empty:
        return None
    names = list(dict.fromkeys(place_country(c, tr) for c in events.sort_values("start_date")["country"] if pd.notna(c)))
    if not names:
        return None
    if len(names) == 1:
        return names[0]
    return tr("competence.and_list", first=", ".join(names[:-1]), last=names[-1])


def theme_badges(tags: pd.DataFrame, tr: Translator, area: str | None = None) -> list[tuple[str, str]]:
    """Per ESCA area with tags: (area name, a line of Streamlit badge markdown, one badge per theme with
    its event count).  Every text comes from the catalogue (themes are validated against THEMES), never
    from free data.  The chosen ``area`` is highlighted."""
    out = []
    for name in AREAS:
        mine = tags[tags["area"] == name]
        if mine.empty:
            continue
        colour = "orange" if name == area else "blue"
        badges = " ".join(
            f":{colour}-badge[{tr(f'competence.theme_{t}')} · {tr.integer(n)}]" for t, n in zip(mine["theme"], mine["events"])
        )
        out.append((tr.area(name), badges))
    return out


def event_table(events: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """The events as shown and downloaded: translated headers, kinds, statuses and themes."""
    return pd.DataFrame(
        {
            tr("competence.col_date"): events["start_date"].map(tr.date),
            tr("competence.col_event"): events["name"],
            tr("competence.col_programme"): events["programme"],
            tr("competence.col_kind"): events["kind"].map(lambda k: tr(f"competence.kind_{k}")),
            tr("competence.col_days"): events["days"].astype("Int64"),  # unknown stays blank
            tr("competence.col_place"): events["place"] + ", " + events["country"].map(lambda c: place_country(c, tr)),
            tr("common.col_clusters"): events["clusters_n"].astype("Int64"),
            tr("competence.col_participants"): events["participants_n"].astype("Int64"),
            tr("competence.col_status"): events["status"].map(lambda s: tr(f"competence.status_{s}")),
            tr("competence.col_themes"): events["themes"].map(lambda themes: ", ".join(tr(f"competence.theme_{t}") for t in themes)),
        }
    )
