"""Overview: the headline figures of the chosen snapshot, with the change since the previous one."""

import streamlit as st

from clusterviz.app import ui
from clusterviz.charts.overview import status_by_country
from clusterviz.figures import metrics, overview

view = ui.page_setup("overview")
if view is None:
    st.stop()
tr = view.tr
st.markdown(tr("overview.intro"))

current = view.memo("overview", lambda: overview.overview_figures(view.clusters, view.snapshot.assessments, view.as_of))
before = None
if view.previous is not None:
    prev = view.previous
    prev_clusters = metrics.filter_clusters(prev.clusters, ui.states_of(prev), view.filters)
    before = prev.memo(("overview", view.filters), lambda: overview.overview_figures(prev_clusters, prev.assessments, prev.as_of))
since = tr("overview.delta_help", date=tr.date(view.previous.as_of)) if view.previous is not None else None


def delta(section: str, country: str, key: str):
    if before is None or country not in before[section]:
        return None
    return current[section][country].get(key, 0) - before[section][country].get(key, 0)


if not current["countries"]:
    st.info(tr("common.no_clusters_match"))
    st.stop()

st.subheader(tr("overview.labels_now"))
for country in current["countries"]:  # a row per country: six in a row cut the titles on a laptop
    for column, level in zip(st.columns(3), ("gold", "silver", "bronze")):
        column.metric(
            tr(f"overview.metric_{level}", country=tr.country(country)),
            tr.integer(current["counts"][country][level]),
            delta=delta("counts", country, level),
            help=since,
            border=True,
        )
if current["status_counts"] is not None:
    ui.chart(view.build(status_by_country, current["status_counts"], tr, view.present), "labels-by-country", tr, key="overview_status")

for country in current["countries"]:
    funnel = current["funnel"][country]
    st.subheader(tr("overview.renewals", country=tr.country(country)))
    a, b, c, d = st.columns(4)
    a.metric(
        tr("overview.metric_first_ended"),
        tr.integer(funnel["first_ended"]),
        delta=delta("funnel", country, "first_ended"),
        help=since,
        border=True,
    )
    b.metric(
        tr("overview.metric_renewed"), tr.integer(funnel["renewed"]), delta=delta("funnel", country, "renewed"), help=since, border=True
    )
    c.metric(
        tr("overview.metric_not_renewed"),
        tr.integer(funnel["not_renewed"]),
        delta=delta("funnel", country, "not_renewed"),
        delta_color="inverse",
        help=since,
        border=True,
    )
    d.metric(
        tr("overview.metric_still_valid"),
        tr.integer(funnel["still_valid"]),
        delta=delta("funnel", country, "still_valid"),
        help=since,
        border=True,
    )
    if funnel["not_renewed_in_grace"]:
        st.caption(tr("overview.not_renewed_grace", n=tr.integer(funnel["not_renewed_in_grace"])))

facts = view.snapshot.memo(("facts",), lambda: overview.facts(view.snapshot))
window = metrics.comparison_window(view.snapshot)
st.subheader(tr("overview.comparison"))
st.caption(
    " ".join(
        [
            tr("overview.comparison_caption", start=tr.date(window[0], "MMMM y"), end=tr.date(window[1], "MMMM y")),
            ui.window_source(view.snapshot, tr),
        ]
    )
)
a, b, c, d = st.columns(4)
for (sample_col, mean_col), country in zip(((a, b), (c, d)), ("NO", "DK")):
    key = country.lower()
    n, known, mean = (facts[f"comparison_{key}_n"], facts[f"comparison_{key}_index_known"], facts[f"comparison_{key}_mean_index"])
    sample_col.metric(tr("overview.metric_sample", country=tr.country(country)), tr.integer(n), border=True)
    mean_col.metric(
        tr("overview.metric_mean_index", country=tr.country(country)),
        tr.number(mean),
        help=tr("overview.of_100") if mean is not None else None,
        border=True,
    )
    if n:
        st.caption(ui.known_text("what_index", known, n, tr, country=country, shown=mean is not None))

left, right = st.columns([2, 1])  # the pilot's two figures get a third each: a date fits whole
with left:
    st.subheader(tr("overview.pilot"))
    if facts["nordland_pilot_clusters"]:
        x, y = st.columns(2)
        x.metric(tr("overview.metric_pilot"), tr.integer(facts["nordland_pilot_clusters"]), border=True)
        if facts["nordland_workshop_date"]:
            place = facts["nordland_workshop_place"]
            y.metric(
                tr("overview.metric_workshop", place=ui.escape_markdown(place)) if place else tr("overview.metric_workshop_no_place"),
                tr.date(metrics.dt.date.fromisoformat(facts["nordland_workshop_date"]), "medium"),
                border=True,
            )
    else:
        st.caption(tr("overview.no_pilot"))
with right:
    st.subheader(tr("overview.training"))
    green, known, total = facts["training_all_green_n"], facts["training_lights_known"], facts["training_certified_n"]
    st.metric(
        tr("overview.metric_all_green"),
        "–" if green is None else tr("overview.all_green_value", n=tr.integer(green), total=tr.integer(known)),
        border=True,
    )
    if total:
        st.caption(ui.known_text("what_lights", known, total, tr, country="NO", shown=green is not None))
