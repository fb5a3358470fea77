"""The charts layer: Altair and pydeck builders, one module per view (overview, map, renewals, comparison,
competence, collaboration, cluster), tidy frames in, a chart out, and the cluster page's worded tables and
downloads (cluster_report, exports). No Streamlit, no app; shared colours and config in base.py."""
