"""Charts and the map of the competence page: training lights, the all-green comparison, the programme
timeline and a small map of the event places.

The lights use a colour-blind-safe set (Okabe-Ito bluish green, yellow, vermillion; grey for "not all
green") and every segment wide enough carries its name and share as text, so colour is never the only cue.
Only group aggregates reach these charts (the page's functions withhold groups under MIN_GROUP).
"""

from __future__ import annotations

import datetime as dt
import json

import altair as alt
import pandas as pd
import pydeck as pdk

from clusterviz.charts.base import COUNTRY_COLOURS, base_config
from clusterviz.figures.competence import LIGHT_NAMES, VALUES, group_name, place_country
from clusterviz.text.i18n import Translator, localised

LIGHT_COLOURS = {"green": "#009E73", "yellow": "#F0E442", "red": "#D55E00", "not_all_green": "#BBBBBB"}
STATUS_COLOURS = {"held": "#0072B2", "planned": "#E69F00"}
STATUS_SHAPES = {"held": "circle", "planned": "diamond"}
HELD_RGB, PLANNED_RGB = [0, 114, 178], [230, 159, 0]  # STATUS_COLOURS on the map, opaque
NAME_MIN_SHARE = 0.2  # a segment this wide shows "Green 64 %"; narrower ones the share only
SHARE_MIN_SHARE = 0.08  # narrower segments show no text (the tooltip and the table still do)
BAR_WIDTH = {"normal": 560, "present": 760}
ROW_HEIGHT = {"normal": 22, "present": 34}


def _size(present: bool) -> str:
    return "present" if present else "normal"


def _percent_axis(tr: Translator, title: str | None = None, values=None) -> alt.Axis:
    """A 0..1 axis labelled as percent the way the language writes it (50 % in nb, 50% in en)."""
    suffix = tr.percent(0.0)[1:]
    return alt.Axis(title=title, values=values, labelExpr=f"format(datum.value * 100, 'd') + {json.dumps(suffix)}")


def _month_axis(tr: Translator) -> alt.Axis:
    """Monthly ticks labelled with the language's month abbreviations ("okt 2016" / "Oct 2016")."""
    months = [tr.date(dt.date(2000, m, 1), "LLL") for m in range(1, 13)]
    return alt.Axis(labelExpr=f"{json.dumps(months)}[month(datum.value)] + ' ' + year(datum.value)", labelAngle=0, tickCount="month")


def _value_name(value: str, tr: Translator) -> str:
    return tr(f"competence.value_{value}")


def light_bars(shares: pd.DataFrame, tr: Translator, present: bool = False) -> alt.FacetChart:
    """Stacked 100 % bars, one per light (budget, plan, training, all three green), one panel per group
    (from competence.light_shares): segments green / yellow / red (grey "not all green" on the last bar),
    each labelled with its name and share where it is wide enough."""
    group_rank = {g: i for i, g in enumerate(dict.fromkeys(shares["group"]))}
    data = shares.assign(
        group_rank=shares["group"].map(group_rank),
        light_rank=shares["light"].map({light: i for i, light in enumerate(LIGHT_NAMES)}),
        rank=shares["value"].map({v: i for i, v in enumerate(VALUES)}),
    ).sort_values(["group_rank", "light_rank", "rank"], kind="stable")
    data = data.assign(end=data.groupby(["group", "light"], sort=False)["share"].cumsum())
    data = data.assign(
        start=data["end"] - data["share"],
        group_name=data.apply(lambda r: f"{group_name(r['group'], tr)} (n = {tr.integer(r['n'])})", axis=1),
        light_name=data["light"].map(lambda light: tr(f"competence.light_{light}")),
        value_name=data["value"].map(lambda v: _value_name(v, tr)),
        share_text=data["share"].map(tr.percent),
        clusters_text=data.apply(lambda r: tr("competence.n_of", n=tr.integer(r["clusters"]), total=tr.integer(r["n"])), axis=1),
    )
    data = data.assign(
        mid=(data["start"] + data["end"]) / 2,
        label=[
            (f"{name} {share}" if s >= NAME_MIN_SHARE else share if s >= SHARE_MIN_SHARE else "")
            for name, share, s in zip(data["value_name"], data["share_text"], data["share"])
        ],
    )
    data = data[data["clusters"] > 0][
        ["group", "group_name", "light_name", "value_name", "rank", "start", "end", "mid", "label", "share_text", "clusters_text"]
    ]
    size = _size(present)
    y = alt.Y(
        "light_name:N",
        title=None,
        sort=[tr(f"competence.light_{light}") for light in LIGHT_NAMES],
        axis=alt.Axis(ticks=False, domain=False, labelLimit=260),
    )
    bars = (
        alt.Chart()
        .mark_bar(height={"band": 0.8}, stroke="white", strokeWidth=1)
        .encode(
            y=y,
            x=alt.X(
                "start:Q", scale=alt.Scale(domain=[0, 1]), axis=_percent_axis(tr, tr("competence.axis_share"), [0, 0.25, 0.5, 0.75, 1])
            ),
            x2="end:Q",
            color=alt.Color(
                "value_name:N",
                title=None,
                scale=alt.Scale(domain=[_value_name(v, tr) for v in VALUES], range=[LIGHT_COLOURS[v] for v in VALUES]),
            ),
            tooltip=[
                alt.Tooltip("group_name:N", title=tr("competence.col_group")),
                alt.Tooltip("light_name:N", title=tr("competence.col_light")),
                alt.Tooltip("value_name:N", title=tr("competence.col_value")),
                alt.Tooltip("clusters_text:N", title=tr("common.col_clusters")),
                alt.Tooltip("share_text:N", title=tr("competence.col_share")),
            ],
        )
    )
    text = alt.Chart().mark_text(color="black", fontSize=20 if present else 12).encode(y=y, x=alt.X("mid:Q"), text=alt.Text("label:N"))
    panel = alt.layer(bars, text, width=BAR_WIDTH[size], height=ROW_HEIGHT[size] * len(LIGHT_NAMES))
    groups = list(dict.fromkeys(data["group_name"]))
    chart = panel.facet(
        data=data,
        row=alt.Row(
            "group_name:N",
            title=None,
            sort=groups,
            header=alt.Header(
                labelAngle=0,
                labelAlign="left",
                labelOrient="top",
                labelAnchor="start",
                labelFontWeight="bold",
                labelFontSize=22 if present else 14,
            ),
        ),
        spacing=8,
        title=tr("competence.chart_lights_title"),
    )
    return base_config(chart, present)


def payoff_bars(groups: pd.DataFrame, tr: Translator, present: bool = False) -> alt.HConcatChart | None:
    """Two small bar panels per country: mean quality index and renewal rate of all-green clusters and
    the rest (competence.payoff_groups), each bar labelled with its value and group size.  Withheld
    aggregates (groups under MIN_GROUP) are left out; None when nothing is left."""
    shown = groups[groups["mean_index"].notna()]
    if shown.empty:
        return None
    group_label = shown["all_green"].map(lambda g: tr("competence.group_all_green" if g else "competence.group_not_all_green"))
    data = pd.DataFrame(
        {
            "row": shown["country"].map(tr.country) + " – " + group_label,
            "country_name": shown["country"].map(tr.country),
            "group_name": group_label,
            "clusters_text": shown["clusters"].map(tr.integer),
            "mean_index": shown["mean_index"].astype(float),
            "index_text": [f"{tr.number(v)} (n = {tr.integer(n)})" for v, n in zip(shown["mean_index"], shown["clusters"])],
            "renewal_rate": pd.to_numeric(shown["renewal_rate"], errors="coerce"),
            "rate_text": [
                ("–" if pd.isna(r) else f"{tr.percent(r)} ({tr.integer(k)}/{tr.integer(e)})")
                for r, k, e in zip(shown["renewal_rate"], shown["renewed"], shown["first_ended"])
            ],
        }
    )
    rows = list(data["row"])
    size = _size(present)
    font = 20 if present else 12
    y = alt.Y("row:N", title=None, sort=rows, axis=alt.Axis(ticks=False, domain=False, labelLimit=300))
    colour = alt.Color(
        "country_name:N",
        title=None,
        legend=None,
        scale=alt.Scale(domain=[tr.country(c) for c in COUNTRY_COLOURS], range=list(COUNTRY_COLOURS.values())),
    )
    opacity = alt.Opacity(
        "group_name:N",
        title=None,
        legend=None,
        scale=alt.Scale(domain=[tr("competence.group_all_green"), tr("competence.group_not_all_green")], range=[1.0, 0.45]),
    )
    tooltip = [
        alt.Tooltip("row:N", title=tr("competence.col_group")),
        alt.Tooltip("clusters_text:N", title=tr("common.col_clusters")),
        alt.Tooltip("index_text:N", title=tr("competence.col_mean_index")),
        alt.Tooltip("rate_text:N", title=tr("competence.col_renewal_rate")),
    ]
    height = ROW_HEIGHT[size] * 1.6 * len(rows)
    width = BAR_WIDTH[size] // 2 - 40

    def panel(field: str, text: str, title: str, domain, axis: alt.Axis) -> alt.LayerChart | alt.FacetChart:
        base = alt.Chart(data).encode(y=y)
        bars = base.mark_bar(height={"band": 0.7}).encode(
            x=alt.X(f"{field}:Q", title=None, scale=alt.Scale(domain=domain), axis=axis), color=colour, opacity=opacity, tooltip=tooltip
        )
        labels = base.mark_text(align="left", dx=4, fontSize=font).encode(x=alt.X(f"{field}:Q"), text=alt.Text(f"{text}:N"))
        return alt.layer(bars, labels, transform=[alt.FilterTransform(f"isValid(datum.{field})")], title=title, width=width, height=height)

    # properties given at construction: each later .resolve_scale/.properties copies the compound chart,
    # and a copy re-combines its layers (most of the build time, see charts.base_config)
    chart = alt.hconcat(
        panel("mean_index", "index_text", tr("competence.col_mean_index"), [0, 100], alt.Axis(title=None)),
        panel("renewal_rate", "rate_text", tr("competence.col_renewal_rate"), [0, 1], _percent_axis(tr, values=[0, 0.25, 0.5, 0.75, 1])),
        spacing=40,
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(y="shared")),
        # no title of its own (the page's subheader says it): the description reads the bars out
        description=f"{tr('competence.col_mean_index')}, {tr('competence.col_renewal_rate')}: "
        + "; ".join(f"{row}: {index}, {rate}" for row, index, rate in zip(data["row"], data["index_text"], data["rate_text"])),
    )
    return base_config(chart, present)


def event_timeline(events: pd.DataFrame, as_of: dt.date, tr: Translator, present: bool = False) -> alt.LayerChart | alt.FacetChart:
    """The programme events on a time axis, one row per programme (named above the row): a mark per event
    (blue circle when held, orange diamond when planned, also said in words under it), its date above and
    clusters / participants below, and the snapshot date as a dashed rule."""

    def below(r) -> str:
        lines = []
        if not pd.isna(r.clusters_n):
            lines.append(tr("competence.label_clusters", n=tr.integer(int(r.clusters_n))))
        if not pd.isna(r.participants_n):
            lines.append(tr("competence.label_participants", n=tr.integer(int(r.participants_n))))
        if r.status == "planned":
            lines.append(tr("competence.status_planned"))
        return "\n".join(lines)

    data = pd.DataFrame(
        {
            "event": [localised(r, "name", tr.lang) for r in events.itertuples()],
            "programme": events["programme"],
            "start": events["start_date"].dt.strftime("%Y-%m-%d"),
            "date_text": events["start_date"].map(lambda d: tr.date(d, "medium")),
            "place": events["place"] + ", " + events["country"].map(lambda c: place_country(c, tr)),
            "kind_name": events["kind"].map(lambda k: tr(f"competence.kind_{k}")),
            "status_name": events["status"].map(lambda s: tr(f"competence.status_{s}")),
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
            color=alt.Color(
                "status_name:N",
                title=None,
                scale=alt.Scale(domain=[tr(f"competence.status_{s}") for s in statuses], range=[STATUS_COLOURS[s] for s in statuses]),
            ),
            shape=alt.Shape(
                "status_name:N",
                title=None,
                scale=alt.Scale(domain=[tr(f"competence.status_{s}") for s in statuses], range=[STATUS_SHAPES[s] for s in statuses]),
            ),
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
        .encode(x=alt.value(0), y=y, text="programme:N")
    )
    snapshot = pd.DataFrame(
        {"start": [pd.Timestamp(as_of).strftime("%Y-%m-%d")], "text": [tr("competence.snapshot_rule", date=tr.date(as_of, "medium"))]}
    )
    rule = alt.Chart(snapshot).mark_rule(strokeDash=[4, 4], opacity=0.75).encode(x=x)
    rule_text = (
        alt.Chart(snapshot)
        .mark_text(align="left", dx=4, dy=4, baseline="top", opacity=0.85, fontSize=font)
        .encode(x=x, y=alt.value(0), text="text:N")
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
    circles = pdk.Layer(
        "ScatterplotLayer",
        data=data,
        id="training-places",
        get_position=["lon", "lat"],
        get_radius="radius",
        get_fill_color="colour",
        get_line_color=[255, 255, 255],
        line_width_min_pixels=1,
        stroked=True,
        pickable=True,
        radius_min_pixels=6,
        opacity=1,
    )
    labels = pdk.Layer(
        "TextLayer",
        data=data,
        id="training-place-labels",
        get_position=["lon", "lat"],
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
