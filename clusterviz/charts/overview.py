"""Charts of the overview page."""

from __future__ import annotations

import altair as alt
import pandas as pd

from clusterviz.charts.base import base_config, status_scale
from clusterviz.text.i18n import Translator


def status_by_country(counts: pd.DataFrame, tr: Translator, present: bool = False) -> alt.Chart:
    """Stacked horizontal bars: clusters per country by label status (counts from metrics.status_counts)."""
    data = counts.assign(
        country_name=counts["country"].map(tr.country),
        status_name=counts["status"].astype(str).map(tr.status),
        order=counts["status"].cat.codes if hasattr(counts["status"], "cat") else 0,
    )
    data = data[data["clusters"] > 0]
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("country_name:N", title=None, sort=[tr.country(c) for c in ("NO", "DK")]),
            x=alt.X("clusters:Q", title=tr("common.col_clusters"), stack="zero"),
            color=alt.Color("status_name:N", title=tr("common.col_status"), scale=status_scale(tr)),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("country_name:N", title=tr("common.col_country")),
                alt.Tooltip("status_name:N", title=tr("common.col_status")),
                alt.Tooltip("clusters:Q", title=tr("common.col_clusters")),
            ],
        )
        .properties(title=tr("overview.chart_status_title"), height=160 if not present else 240)
    )
    return base_config(chart, present)
