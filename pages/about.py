"""About the data: how the labels work, how each figure is defined, the snapshots and their schema."""

import streamlit as st

from clusterviz.app import ui
from clusterviz.app.about import catalog_key, schema_rows, snapshot_rows, source_ids, source_rows, warning_rows
from clusterviz.figures import metrics

view = ui.page_setup("about")
if view is None:
    st.stop()
tr = view.tr

st.subheader(tr("about.labels_heading"))
st.markdown(tr("about.labels_text"))

st.subheader(tr("about.definitions_heading"))
window = metrics.comparison_window(view.snapshot)
st.markdown(tr("about.definitions_text", start=tr.date(window[0]), end=tr.date(window[1]), n=metrics.MIN_GROUP))
st.caption(ui.window_source(view.snapshot, tr))
st.markdown(tr("common.coverage_help", n=metrics.MIN_KNOWN))

st.subheader(tr("about.snapshot_heading"))
manifest = view.snapshot.manifest
st.markdown(
    tr(
        "about.snapshot_facts",
        date=tr.date(view.as_of),
        source=ui.escape_markdown(manifest.source),
        clusters=tr.integer(len(view.all_clusters)),
        assessments=tr.integer(len(view.all_assessments)),
        version=manifest.schema_version,
    )
)
if view.snapshot.demo:
    st.info(tr("about.demo_text"), icon=":material/science:")
shown_warnings = view.catalog.warnings.get(view.as_of.isoformat(), ())
with st.expander(tr("about.warnings_heading", n=tr.integer(len(shown_warnings)))):
    if shown_warnings:
        st.caption(tr("about.warnings_text"))
        st.dataframe(warning_rows(shown_warnings, tr), hide_index=True, width="stretch")
    else:
        st.caption(tr("about.warnings_none"))

sources = view.cached(source_rows, view.all_clusters, view.all_assessments, tr)
if sources is not None:
    st.subheader(tr("about.collection_heading"))
    st.caption(tr("about.collection_text"))
    ui.cluster_table(
        sources,
        source_ids(sources, view.all_clusters),
        tr,
        column_config={
            tr("about.col_cluster_source"): st.column_config.TextColumn(width="large"),
            tr("about.col_label_source"): st.column_config.TextColumn(width="large"),
        },
    )
    ui.download_buttons(sources, "sources", tr, key="about_sources")

st.subheader(tr("about.snapshots_heading"))
snapshots = view.cached(snapshot_rows, catalog_key(view.catalog), tr)  # keyed by what it shows of the catalog
st.dataframe(snapshots, hide_index=True, width="stretch")
ui.download_buttons(snapshots, "snapshots", tr, key="about_snapshots")

st.subheader(tr("about.schema_heading"))
st.caption(tr("about.schema_caption"))
schema = view.cached(schema_rows, tr)
st.dataframe(schema, hide_index=True, width="stretch", height=400)
ui.download_buttons(schema, "snapshot-schema", tr, key="about_schema")

st.subheader(tr("about.sources_heading"))
st.markdown(tr("about.sources_text"))
