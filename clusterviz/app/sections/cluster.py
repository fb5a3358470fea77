"""The cluster profile's sections: the search, the public profile (label path, expiry, peers by label,
collaborations) and the adviser profile (scores against peers, distance to Gold, path to Silver, the plan)."""

from __future__ import annotations

import streamlit as st

from clusterviz.app import ui, widgets
from clusterviz.app.view import View
from clusterviz.charts import cluster as charts
from clusterviz.charts import cluster_pdf
from clusterviz.charts import cluster_report as report
from clusterviz.figures import cluster as profile
from clusterviz.figures import cluster_adviser
from clusterviz.figures import map as mapdata


def _pick(cluster_key: str, cluster_id: str) -> None:
    st.session_state[cluster_key] = cluster_id


def search(view: View, query_key: str, cluster_key: str, shown: str) -> None:
    """The search box (bound to ?q=) and its matches.  A click on a match opens that cluster's profile: as a
    fragment, whose arguments are those of the last full run, the search sees the chosen cluster differ from
    the ``shown`` one and reruns the whole page, since the profile below changes too."""
    if st.session_state.get(cluster_key) != shown:  # a match was clicked (its callback chose the cluster)
        st.rerun()  # scope "app": the profile follows
    tr = view.tr
    query = st.text_input(
        tr("cluster.search"),
        key=query_key,
        placeholder=tr("cluster.search_placeholder"),
        help=tr("cluster.search_help"),
        icon=":material/search:",
        max_chars=profile.MAX_QUERY,
    )
    if not query.strip():
        return
    matches = profile.search_clusters(view.all_clusters, query)  # ~20 ms; not kept: any text may be typed
    if matches.empty:
        st.info(tr("cluster.search_none", query=ui.escape_markdown(query)))
        return
    more = tr("cluster.search_more", n=len(matches)) if len(matches) == profile.SEARCH_LIMIT else ""
    st.caption(f"{tr('cluster.search_count', count=len(matches))} {more}")
    with st.container(key="profile_matches", gap=None):
        for cid, label in report.match_labels(matches, view.states, tr).items():
            st.button(label, key=f"match_{cid}", on_click=_pick, args=(cluster_key, cid), type="tertiary", icon=":material/arrow_forward:")


def _table(view: View, frame) -> None:
    st.dataframe(report.on_screen(frame, view.tr), hide_index=True, width="stretch")


def public_profile(view: View, cluster_id: str) -> dict:
    """What anyone may see of the cluster; returns its public figures (the adviser profile builds on them)."""
    tr, on = view.tr, view.as_of
    fig = view.cached(profile.public_figures, view.snapshot, view.states, cluster_id)
    info, expiry, name = fig["info"], fig["expiry"], fig["info"]["name"]
    st.header(ui.escape_markdown(name), divider="gray")
    cards = []
    for key, (value, delta) in report.expiry_texts(expiry, tr).items():
        help_text = tr("cluster.renew_help") if key == "renew_by" else None
        cards.append({"label": tr(f"cluster.metric_{key}"), "value": value, "delta": delta, "delta_color": "off", "help": help_text})
    widgets.metric_cards(cards, widths=3)
    left, right = st.columns([2, 3], gap="medium")
    widgets.table(view.cached(report.facts_table, info, tr), where=left)
    with right:
        history = view.cached(mapdata.cluster_history, view.all_assessments, cluster_id, on)
        if history.empty:
            st.info(tr("cluster.no_label"))
        else:
            ui.chart(view.build(charts.label_timeline, history, on, tr, view.present, name), f"{cluster_id}-labels", tr, "profile_timeline")
            _table(view, view.cached(report.path_table, fig["path"], tr))
    st.subheader(tr("cluster.peers_title"))
    st.caption(tr("cluster.peers_caption"))
    _table(view, view.cached(report.peers_table, fig["peers"], tr))
    if fig["peers_not_formed"]:
        st.caption(report.not_formed_text(fig["peers_not_formed"], tr))
    st.subheader(tr("cluster.collab_title"))
    if fig["collaborations"].empty:
        st.caption(tr("cluster.collab_none"))
    else:
        _table(view, view.cached(report.collaborations_table, fig["collaborations"], tr))
        _table(view, view.cached(report.events_table, fig["events"], tr))
        st.caption(tr("cluster.collab_events_note"))
    st.download_button(
        tr("cluster.downloads_public"),
        lambda: report.public_workbook(info, fig["path"], fig["peers"], fig["collaborations"], tr),
        f"{tr('cluster.file_profile', id=cluster_id, date=on.isoformat())}.xlsx",
        report.exports.EXCEL_MIME,
        key="profile_public_xlsx",
        icon=":material/table_view:",
        on_click="ignore",
    )
    return fig


def adviser_profile(view: View, cluster_id: str, fig: dict) -> None:
    """Confidential: the cluster's scores against its peers, its distance to Gold, its path to Silver and an
    improvement plan (PDF and workbook).  Public mode says only that it exists."""
    tr, on = view.tr, view.as_of
    st.subheader(tr("cluster.adviser_title"))
    if view.public:
        st.caption(tr("cluster.adviser_public_note"))
        return
    st.caption(tr("cluster.adviser_confidential"))
    info, expiry, name = fig["info"], fig["expiry"], fig["info"]["name"]
    adv = view.cached(cluster_adviser.adviser_figures, view.snapshot, view.states, cluster_id, expiry["renew_by"])
    distance, silver, plan = adv["distance"], adv["silver"], adv["plan"]
    if distance.status != "ok":
        st.info(tr("cluster.no_scores"), icon=":material/info:")
        return
    scores = view.build(charts.scores, adv["history"], adv["peers"], tr, view.present, name)
    ui.chart(scores, f"{cluster_id}-scores", tr, "profile_scores", height=ui.element_height(scores, 260))
    st.caption(tr("cluster.scores_caption", n=profile.metrics.MIN_GROUP))
    _table(view, view.cached(report.scores_table, adv["history"], tr))
    st.markdown(f"**{tr('cluster.distance_title')}**")
    points = tr("cluster.points_reached") if distance.points_to_gold == 0 else report.number_text(distance.points_to_gold, tr)
    widgets.metric_cards(
        [(tr("cluster.metric_index"), report.number_text(distance.quality_index, tr)), (tr("cluster.metric_points"), points)],
        widths=[1, 1, 2],
    )
    st.caption(tr("cluster.distance_caption", date=tr.date(distance.assessment_date)))
    _table(view, report.distance_table(distance, tr))
    st.markdown(f"**{tr('cluster.silver_title')}**")
    st.caption(tr("cluster.silver_rule"))
    st.markdown("  \n".join(report.silver_texts(silver, on, tr)))
    if not silver.areas.empty:
        _table(view, report.silver_table(silver, tr))
    st.markdown(f"**{tr('cluster.plan_title')}**")
    st.caption(tr("cluster.plan_caption"))
    ui.chart(charts.plan_gaps(plan, tr, view.present, name), f"{cluster_id}-plan", tr, "profile_plan")
    _table(view, report.plan_table(plan, tr))
    st.markdown("  \n".join(report.plan_texts(plan, tr)))
    plan_file = tr("cluster.file_plan", id=cluster_id, date=on.isoformat())
    x, y = st.columns(2)
    x.download_button(
        tr("cluster.download_pdf"),
        lambda: cluster_pdf.plan_pdf(info, expiry, distance, silver, plan, on, view.snapshot.demo, tr),
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
