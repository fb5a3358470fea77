"""The figures layer: pure pandas on validated frames (label states, renewals, comparison, competence,
collaboration, map data, the cluster profile). No Streamlit, no charts, no app."""
