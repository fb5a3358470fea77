"""The overview page's sections: labels now and renewals per country (each card with its change since the
previous snapshot), the Norway–Denmark comparison sample, the Nordland pilot and the training lights."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from clusterviz.app import downloads, ui, widgets
from clusterviz.app.view import View
from clusterviz.charts.overview import status_by_country
from clusterviz.figures import metrics
from clusterviz.text.markup import escape_markdown

LEVELS = ("gold", "silver", "bronze")
STEPS = ("first_ended", "renewed", "not_renewed", "still_valid")


def _card(view: View, current: dict, before: dict | None, part: str, country: str, key: str, label: str) -> dict:
    """The st.metric card of ``current[part][country][key]`` with its change since the previous snapshot
    (``before``; none when the country was not in it).  Fewer not renewed is better: an inverse delta."""
    tr = view.tr
    now = current[part][country].get(key, 0)
    delta = None if before is None or country not in before[part] else now - before[part][country].get(key, 0)
    since = tr("overview.delta_help", date=tr.date(view.previous.as_of)) if view.previous is not None else None
    return {
        "label": label,
        "value": tr.integer(now),
        "delta": delta,
        "help": since,
        "delta_color": "inverse" if key == "not_renewed" else "normal",
    }


def labels(view: View, current: dict, before: dict | None) -> None:
    """Valid Gold, Silver and Bronze labels per country, and the label states by country."""
    tr = view.tr
    st.subheader(tr("overview.labels_now"))
    for country in current["countries"]:  # a row per country: six in a row cut the titles on a laptop
        titles = {level: tr(f"overview.metric_{level}", country=tr.country(country)) for level in LEVELS}
        widgets.metric_cards([_card(view, current, before, "counts", country, level, titles[level]) for level in LEVELS])
    if current["status_counts"] is not None:
        chart = view.build(status_by_country, current["status_counts"], tr, view.present)
        downloads.chart(chart, "labels-by-country", tr, key="overview_status")


def renewals(view: View, current: dict, before: dict | None) -> None:
    """Each country's renewal funnel in four figures."""
    tr = view.tr
    for country in current["countries"]:
        st.subheader(tr("overview.renewals", country=tr.country(country)))
        widgets.metric_cards([_card(view, current, before, "funnel", country, step, tr(f"overview.metric_{step}")) for step in STEPS])
        if in_grace := current["funnel"][country]["not_renewed_in_grace"]:
            st.caption(tr("overview.not_renewed_grace", n=tr.integer(in_grace)))


def comparison(view: View, facts: dict) -> None:
    """The Norway–Denmark comparison: each country's sample and mean quality index, with how many it is known for."""
    tr = view.tr
    window = metrics.comparison_window(view.snapshot)
    st.subheader(tr("overview.comparison"))
    span = tr("overview.comparison_caption", start=tr.date(window[0], "MMMM y"), end=tr.date(window[1], "MMMM y"))
    st.caption(" ".join([span, ui.window_source(view.snapshot, tr)]))
    cards, notes = [], []
    for country in ("NO", "DK"):
        key = country.lower()
        n, known, mean = (facts[f"comparison_{key}_n"], facts[f"comparison_{key}_index_known"], facts[f"comparison_{key}_mean_index"])
        cards += [
            (tr("overview.metric_sample", country=tr.country(country)), tr.integer(n)),
            (
                tr("overview.metric_mean_index", country=tr.country(country)),
                tr.number(mean),
                tr("overview.of_100") if mean is not None else None,
            ),
        ]
        notes += [ui.known_text("what_index", known, n, tr, country=country, shown=mean is not None)] if n else []
    widgets.metric_cards(cards)
    for note in notes:
        st.caption(note)


def pilot(view: View, facts: dict) -> None:
    """The Nordland pilot: its clusters and the workshop's date and place."""
    tr = view.tr
    st.subheader(tr("overview.pilot"))
    if not facts["nordland_pilot_clusters"]:
        st.caption(tr("overview.no_pilot"))
        return
    cards = [(tr("overview.metric_pilot"), tr.integer(facts["nordland_pilot_clusters"]))]
    if facts["nordland_workshop_date"]:
        place = facts["nordland_workshop_place"]
        title = tr("overview.metric_workshop", place=escape_markdown(place)) if place else tr("overview.metric_workshop_no_place")
        cards.append((title, tr.date(dt.date.fromisoformat(facts["nordland_workshop_date"]), "medium")))
    widgets.metric_cards(cards, widths=2)


def training(view: View, facts: dict) -> None:
    """The training lights: how many certified Norwegian clusters have all three green."""
    tr = view.tr
    st.subheader(tr("overview.training"))
    green, known, total = facts["training_all_green_n"], facts["training_lights_known"], facts["training_certified_n"]
    value = "–" if green is None else tr("overview.all_green_value", n=tr.integer(green), total=tr.integer(known))
    widgets.metric_cards([(tr("overview.metric_all_green"), value)])
    if total:
        st.caption(ui.known_text("what_lights", known, total, tr, country="NO", shown=green is not None))
