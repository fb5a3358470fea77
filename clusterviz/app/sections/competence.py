"""The competence page's sections: the training lights and their payoff for a chosen period (one fragment:
period and grouping redraw only it), the programme cards, and the programme events on an ESCA area (one
fragment: the area pills redraw only it)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from clusterviz.app import ui, widgets
from clusterviz.app.view import View
from clusterviz.charts import competence as charts
from clusterviz.charts import competence_programmes as programme_charts
from clusterviz.charts import competence_tables
from clusterviz.data.snapshot import AREAS
from clusterviz.figures import competence, competence_programmes, metrics


def lights(view: View, period_key: str, by_key: str, date_keys: tuple[str, str]) -> None:
    """Period and grouping, then the training lights of the period's sample and whether training pays off."""
    tr = view.tr
    left, right = st.columns([3, 1])
    label = tr("competence.period_label")
    period = widgets.choice(label, competence.PERIODS, period_key, "window", format_func=lambda p: tr(f"competence.period_{p}"), where=left)
    label = tr("competence.by_label")
    by = widgets.choice(label, competence.GROUPINGS, by_key, "country", format_func=lambda g: tr(f"competence.by_{g}"), where=right)
    start, end, note = _period(view, period, date_keys)
    sample = view.cached(competence.light_sample, view.clusters, view.all_assessments, start, end)
    if sample.empty:
        if note not in ("after_snapshot", "reversed"):
            st.info(tr("competence.no_sample"))
        return
    _light_shares(view, sample, by, f"{start}-{end}")
    _payoff(view, sample, f"{start}-{end}")


def _period(view: View, period: str, date_keys: tuple[str, str]) -> tuple[dt.date, dt.date, str | None]:
    """The custom period's date inputs (when chosen) and the caption or note saying which period is shown."""
    tr = view.tr
    window = metrics.comparison_window(view.snapshot)
    first_day, last_day = competence.date_bounds(view.all_assessments, view.as_of)
    chosen: list = [None, None]
    if period == "custom":
        for key in date_keys:  # another snapshot may have narrowed the range
            st.session_state[key] = min(max(st.session_state[key], first_day), last_day)
        chosen = [
            column.date_input(
                tr(f"competence.period_{side}"), min_value=first_day, max_value=last_day, key=key, format=tr("competence.date_input_format")
            )
            for column, side, key in zip(st.columns(4), ("from", "to"), date_keys)
        ]
    start, end = competence.period_range(period, view.as_of, chosen[0], chosen[1], window=window)
    note = competence.period_note(period, start, end, view.as_of, window)
    if note in ("after_snapshot", "reversed"):
        st.info(tr(f"competence.note_{note}", start=tr.date(start), end=tr.date(end), date=tr.date(view.as_of)))
    else:
        parts = [
            tr(f"competence.caption_{period}", start=tr.date(start), end=tr.date(end)),
            ui.window_source(view.snapshot, tr) if period == "window" else None,
            tr("competence.note_clipped") if note == "clipped" else None,
            tr("competence.caption_filters"),
        ]
        st.caption(" ".join(p for p in parts if p))
    return start, end, note


def _light_shares(view: View, sample: pd.DataFrame, by: str, period: str) -> None:
    """All-green cards per country, the light shares per country or county, and (adviser) each cluster's lights."""
    tr = view.tr
    country_shares, hidden_countries = view.cached(competence.light_shares, sample, "country", view.public)
    summary = view.cached(competence.all_green_summary, country_shares)
    widgets.metric_cards(
        [
            (
                tr("competence.metric_all_green", group=competence_tables.group_name(row.group, tr)),
                tr("competence.n_of", n=tr.integer(row.all_green), total=tr.integer(row.n)),
                tr("competence.metric_all_green_help", share=tr.percent(row.share)),
            )
            for row in summary.itertuples()
        ],
        widths=max(len(summary), 2),
    )
    for row in view.cached(competence.light_coverage, sample, view.public).itertuples():
        st.caption(ui.known_text("what_lights", row.n_known, row.n_total, tr, country=row.group, shown=row.covered))
    shares, hidden = (
        (country_shares, hidden_countries) if by == "country" else view.cached(competence.light_shares, sample, by, view.public)
    )
    if by == "county" and view.public:
        st.caption(tr("competence.counties_merged", n=metrics.MIN_GROUP))
    if hidden:
        st.caption(
            tr("competence.groups_hidden", n=metrics.MIN_GROUP, groups=", ".join(competence_tables.group_name(g, tr) for g in hidden))
        )
    if not shares.empty:
        ui.chart(view.build(charts.light_bars, shares, tr, view.present), f"training-lights-{by}", tr, "competence_lights_chart")
        table = view.cached(competence_tables.light_table, shares, tr)
        widgets.table_expander(tr("competence.table_lights"), table, f"training-lights-{by}-{period}", tr, "competence_lights")
    if not view.public:
        with st.expander(tr("competence.adviser_table")):
            table = competence_tables.cluster_lights(sample, view.clusters, tr)
            ui.cluster_table(table, competence.cluster_light_ids(sample, view.clusters), tr)
            ui.download_buttons(table, f"training-lights-clusters-{period}", tr, "competence_clusters")


def _payoff(view: View, sample: pd.DataFrame, period: str) -> None:
    """Does training pay off: all-green clusters against the rest, in words, a chart and a table."""
    tr = view.tr
    st.subheader(tr("competence.section_payoff"))
    st.caption(tr("competence.payoff_caption", date=tr.date(view.as_of), n=metrics.MIN_GROUP))
    groups = view.cached(competence.payoff_groups, sample, view.all_assessments, view.as_of)
    if groups.empty:
        st.info(tr("competence.payoff_no_lights"))
        return
    for line in view.cached(competence_tables.payoff_sentences, view.cached(competence.payoff_comparison, groups), tr):
        st.markdown(line)
    chart = view.build(charts.payoff_bars, groups, tr, view.present)
    if chart is not None:
        ui.chart(chart, "training-payoff", tr, "competence_payoff_chart")
    widgets.table_expander(
        tr("competence.table_payoff"),
        view.cached(competence_tables.payoff_table, groups, tr),
        f"training-payoff-{period}",
        tr,
        "competence_payoff",
    )


def programme_cards(view: View, events: pd.DataFrame) -> None:
    """Per training programme: its events (held and planned), most clusters and most participants at one event."""
    tr = view.tr
    for row in view.cached(competence_programmes.programme_summary, events).itertuples():
        widgets.metric_cards(
            [
                (
                    tr("competence.metric_events", country=programme_charts.place_country(row.country, tr)),
                    tr.integer(row.events),
                    tr("competence.metric_events_help", held=tr.integer(row.held), planned=tr.integer(row.planned)),
                ),
                (tr("competence.metric_clusters"), tr.integer(competence.maybe(row.clusters_max)), None),
                (tr("competence.metric_participants"), tr.integer(competence.maybe(row.participants_max)), None),
            ]
        )


def events_on_area(view: View, events: pd.DataFrame, area_key: str) -> None:
    """The area pills, then the events on the chosen area: timeline, the places (all events), the themes and the table."""
    tr = view.tr
    area = st.pills(tr("competence.area_filter"), AREAS, key=area_key, format_func=tr.area)
    shown = view.cached(competence_programmes.events_on_area, events, area)
    if shown.empty:
        st.info(tr("competence.no_events_on_area"))
    else:
        ui.chart(
            view.build(programme_charts.event_timeline, shown, view.as_of, tr, view.present),
            "training-programmes",
            tr,
            "competence_timeline",
        )
    left, right = st.columns(2)
    with left:
        places = view.cached(competence_programmes.event_places, events)
        st.pydeck_chart(view.build(programme_charts.event_map, places, tr, view.present), height=340, key="competence_map")
        st.caption(tr("competence.map_caption"))
    with right:
        st.markdown(f"**{tr('competence.themes_heading')}**")
        for area_name, badges in view.cached(
            programme_charts.theme_badges, view.cached(competence_programmes.theme_tags, events), tr, area
        ):
            st.markdown(f"{area_name}: {badges}")
        st.caption(tr("competence.themes_caption"))
    widgets.table_expander(
        tr("competence.table_events"),
        view.cached(programme_charts.event_table, shown, tr),
        "training-programme-events",
        tr,
        "competence_events",
    )
