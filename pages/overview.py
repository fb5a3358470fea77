"""Overview: the headline figures of the chosen snapshot, with the change since the previous one."""
import streamlit as st

from clusterviz import metrics, ui
from clusterviz.charts.overview import status_by_country

view = ui.page_setup("overview")
if view is None:
    st.stop()
tr = view.tr
st.markdown(tr("overview.intro"))

current = view.memo("overview", lambda: metrics.overview_figures(view.clusters, view.snapshot.assessments, view.as_of))
before = None
if view.previous is not None:
    prev = view.previous
    prev_clusters = metrics.filter_clusters(prev.clusters, ui.states_of(prev), view.filters)
    before = prev.memo(("overview", view.filters),
                       lambda: metrics.overview_figures(prev_clusters, prev.assessments, prev.as_of))
since = tr("overview.delta_help", date=tr.date(view.previous.as_of)) if view.previous is not None else None


def delta(section: str, country: str, key: str):
    if before is None or country not in before[section]:
        return None
    return current[section][country].get(key, 0) - before[section][country].get(key, 0)


if not current["countries"]:
    st.info(tr("common.no_clusters_match"))
    st.stop()

st.subheader(tr("overview.labels_now"))
for country in current["countries"]:     # a row per country: six in a row cut the titles on a laptop
    for column, level in zip(st.columns(3), ("gold", "silver", "bronze")):
        column.metric(tr(f"overview.metric_{level}", country=tr.country(country)),
                      tr.integer(current["counts"][country][level]),
                      delta=delta("counts", country, level), help=since, border=True)
if current["status_counts"] is not None:
    ui.chart(view.build(status_by_country, current["status_counts"], tr, view.present), "labels-by-country", tr, key="overview_status")

for country in current["countries"]:
    funnel = current["funnel"][country]
    st.subheader(tr("overview.renewals", country=tr.country(country)))
    a, b, c, d = st.columns(4)
    a.metric(tr("overview.metric_first_ended"), tr.integer(funnel["first_ended"]),
             delta=delta("funnel", country, "first_ended"), help=since, border=True)
    b.metric(tr("overview.metric_renewed"), tr.integer(funnel["renewed"]),
             delta=delta("funnel", country, "renewed"), help=since, border=True)
    c.metric(tr("overview.metric_not_renewed"), tr.integer(funnel["not_renewed"]),
             delta=delta("funnel", country, "not_renewed"), delta_color="inverse", help=since, border=True)
    d.metric(tr("overview.metric_still_valid"), tr.integer(funnel["still_valid"]),
             delta=delta("funnel", country, "still_valid"), help=since, border=True)
    if funnel["not_renewed_in_grace"]:
        st.caption(tr("overview.not_renewed_grace", n=tr.integer(funnel["not_renewed_in_grace"])))

facts = view.snapshot.memo(("facts",), lambda: metrics.facts(view.snapshot))
st.subheader(tr("overview.comparison"))
st.caption(tr("overview.comparison_caption", start=tr.date(metrics.WINDOW[0], "MMMM y"),
              end=tr.date(metrics.WINDOW[1], "MMMM y")))
a, b, c, d = st.columns(4)
a.metric(tr("overview.metric_sample", country=tr.country("NO")), tr.integer(facts["comparison_no_n"]), border=True)
b.metric(tr("overview.metric_mean_index", country=tr.country("NO")),
         tr.number(facts["comparison_no_mean_index"]), help=tr("overview.of_100"), border=True)
c.metric(tr("overview.metric_sample", country=tr.country("DK")), tr.integer(facts["comparison_dk_n"]), border=True)
d.metric(tr("overview.metric_mean_index", country=tr.country("DK")),
         tr.number(facts["comparison_dk_mean_index"]), help=tr("overview.of_100"), border=True)

left, right = st.columns([2, 1])    # the pilot's two figures get a third each: a date fits whole
with left:
    st.subheader(tr("overview.pilot"))
    if facts["nordland_pilot_clusters"]:
        x, y = st.columns(2)
        x.metric(tr("overview.metric_pilot"), tr.integer(facts["nordland_pilot_clusters"]), border=True)
        if facts["nordland_workshop_date"]:
            y.metric(tr("overview.metric_workshop", place="Bodø"),
                     tr.date(metrics.dt.date.fromisoformat(facts["nordland_workshop_date"]), "medium"), border=True)
    else:
        st.caption(tr("overview.no_pilot"))
with right:
    st.subheader(tr("overview.training"))
    st.metric(tr("overview.metric_all_green"),
              tr("overview.all_green_value", n=tr.integer(facts["training_all_green_n"]),
                 total=tr.integer(facts["training_certified_n"])), border=True)
