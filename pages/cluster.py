"""Cluster: find a cluster; its label path, expiry, collaborations and peers by label (public); its scores
against peers, distance to Gold, path to Silver and improvement plan (adviser mode only)."""

import streamlit as st

from clusterviz.app import ui
from clusterviz.charts import cluster as charts
from clusterviz.charts import cluster_pdf
from clusterviz.charts import cluster_report as report
from clusterviz.figures import cluster as profile
from clusterviz.figures import cluster_adviser
from clusterviz.figures import map as mapdata

view = ui.page_setup("cluster")
if view is None:
    st.stop()
tr, snapshot, on = view.tr, view.snapshot, view.as_of
ids = set(snapshot.clusters["cluster_id"])
CLUSTER = ui.bind("cluster", ui.PROFILE_KEY, "", choices=lambda v: v in ids)
QUERY = ui.bind("q", "profile_query", "", choices=lambda v: len(v) <= profile.MAX_QUERY)
ui.publish()  # page_setup published the link before these bindings existed
st.markdown(tr("cluster.intro"))


def pick(cluster_id: str) -> None:
    st.session_state[CLUSTER] = cluster_id


def table(frame) -> None:
    st.dataframe(report.on_screen(frame, tr), hide_index=True, width="stretch")


def done() -> None:
    ui.finish()  # app.py's is not reached after st.stop: the link notices of this page's bindings
    st.stop()


query = st.text_input(
    tr("cluster.search"),
    key=QUERY,
    placeholder=tr("cluster.search_placeholder"),
    help=tr("cluster.search_help"),
    icon=":material/search:",
    max_chars=profile.MAX_QUERY,
)
if query.strip():
    matches = profile.search_clusters(snapshot.clusters, query)  # ~20 ms; not kept: any text may be typed
    if matches.empty:
        st.info(tr("cluster.search_none", query=ui.escape_markdown(query)))
    else:
        more = tr("cluster.search_more", n=len(matches)) if len(matches) == profile.SEARCH_LIMIT else ""
        st.caption(f"{tr('cluster.search_count', count=len(matches))} {more}")
        with st.container(key="profile_matches", gap=None):
            for cid, label in report.match_labels(matches, view.states, tr).items():
                st.button(label, key=f"match_{cid}", on_click=pick, args=(cid,), type="tertiary", icon=":material/arrow_forward:")
cluster_id = st.session_state.get(CLUSTER) if st.session_state.get(CLUSTER) in ids else ""
if not cluster_id:
    st.info(tr("cluster.pick_hint"), icon=":material/search:")
    done()

# ---------------------------------------------------------------- public profile
fig = view.memo("profile_public", lambda: profile.public_figures(snapshot, view.states, cluster_id), cluster_id)
info, expiry, name = fig["info"], fig["expiry"], fig["info"]["name"]
st.header(ui.escape_markdown(name), divider="gray")
for column, (key, (value, delta)) in zip(st.columns(3), report.expiry_texts(expiry, tr).items()):
    column.metric(
        tr(f"cluster.metric_{key}"),
        value,
        delta,
        delta_color="off",
        border=True,
        help=tr("cluster.renew_help") if key == "renew_by" else None,
    )
left, right = st.columns([2, 3], gap="medium")
left.dataframe(view.build(report.facts_table, info, tr), hide_index=True, width="stretch")
with right:
    history = view.memo("profile_history", lambda: mapdata.cluster_history(snapshot.assessments, cluster_id, on), cluster_id)
    if history.empty:
        st.info(tr("cluster.no_label"))
    else:
        ui.chart(view.build(charts.label_timeline, history, on, tr, view.present, name), f"{cluster_id}-labels", tr, "profile_timeline")
        table(view.build(report.path_table, fig["path"], tr))
st.subheader(tr("cluster.peers_title"))
st.caption(tr("cluster.peers_caption"))
table(view.build(report.peers_table, fig["peers"], tr))
if fig["peers_not_formed"]:
    st.caption(report.not_formed_text(fig["peers_not_formed"], tr))
st.subheader(tr("cluster.collab_title"))
if fig["collaborations"].empty:
    st.caption(tr("cluster.collab_none"))
else:
    table(view.build(report.collaborations_table, fig["collaborations"], tr))
    table(view.build(report.events_table, fig["events"], tr))
    st.caption(tr("cluster.collab_events_note"))
basename = tr("cluster.file_profile", id=cluster_id, date=on.isoformat())
st.download_button(
    tr("cluster.downloads_public"),
    lambda: report.public_workbook(info, fig["path"], fig["peers"], fig["collaborations"], tr),
    f"{basename}.xlsx",
    report.exports.EXCEL_MIME,
    key="profile_public_xlsx",
    icon=":material/table_view:",
    on_click="ignore",
)

# ---------------------------------------------------------------- adviser profile
st.subheader(tr("cluster.adviser_title"))
if view.public:
    st.caption(tr("cluster.adviser_public_note"))
    done()
st.caption(tr("cluster.adviser_confidential"))
adv = view.memo(
    "profile_adviser", lambda: cluster_adviser.adviser_figures(snapshot, view.states, cluster_id, expiry["renew_by"]), cluster_id, view.mode
)
distance, silver, plan = adv["distance"], adv["silver"], adv["plan"]
if distance.status != "ok":
    st.info(tr("cluster.no_scores"), icon=":material/info:")
    done()
scores = view.build(charts.scores, adv["history"], adv["peers"], tr, view.present, name)
ui.chart(scores, f"{cluster_id}-scores", tr, "profile_scores", height=ui.element_height(scores, 260))
st.caption(tr("cluster.scores_caption", n=profile.metrics.MIN_GROUP))
table(view.build(report.scores_table, adv["history"], tr))
st.markdown(f"**{tr('cluster.distance_title')}**")
a, b, _ = st.columns([1, 1, 2])
a.metric(tr("cluster.metric_index"), report.number_text(distance.quality_index, tr), border=True)
b.metric(
    tr("cluster.metric_points"),
    tr("cluster.points_reached") if distance.points_to_gold == 0 else report.number_text(distance.points_to_gold, tr),
    border=True,
)
st.caption(tr("cluster.distance_caption", date=tr.date(distance.assessment_date)))
table(report.distance_table(distance, tr))
st.markdown(f"**{tr('cluster.silver_title')}**")
st.caption(tr("cluster.silver_rule"))
st.markdown("  \n".join(report.silver_texts(silver, on, tr)))
if not silver.areas.empty:
    table(report.silver_table(silver, tr))
st.markdown(f"**{tr('cluster.plan_title')}**")
st.caption(tr("cluster.plan_caption"))
ui.chart(charts.plan_gaps(plan, tr, view.present, name), f"{cluster_id}-plan", tr, "profile_plan")
table(report.plan_table(plan, tr))
st.markdown("  \n".join(report.plan_texts(plan, tr)))
plan_file = tr("cluster.file_plan", id=cluster_id, date=on.isoformat())
x, y = st.columns(2)
x.download_button(
    tr("cluster.download_pdf"),
    lambda: cluster_pdf.plan_pdf(info, expiry, distance, silver, plan, on, snapshot.demo, tr),
    f"{plan_file}.pdf",
    "application/pdf",
    key="profile_plan_pdf",
    icon=":material/picture_as_pdf:",
    on_click="ignore",
)
y.download_button(
    tr("cluster.download_figures"),
    lambda: report.adviser_workbook(info, adv["history"], adv["peers"], distance, silver, plan, tr),
    f"{plan_file}.xlsx",
    report.exports.EXCEL_MIME,
    key="profile_plan_xlsx",
    icon=":material/table_view:",
    on_click="ignore",
)
