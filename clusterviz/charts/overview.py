"""The overview page's chart, and the coverage badge's words (every page shows the badge; its counts are
figures/overview.py ``coverage``)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from clusterviz.charts.base import base_config, status_scale
from clusterviz.data.snapshot import DATE_PRECISIONS
from clusterviz.figures.overview import Coverage
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


def coverage_parts(cov: Coverage, tr: Translator) -> list[str]:
    """The coverage badge's parts in the chosen language: "labels only" (when no score, area or light is
    known), "index for 6 of 45", "area scores for 0 of 45", "lights for 0 of 45", "placed 40 of 45", and
    the date precisions when not every date is a day ("dates: 30 to the year, 15 to the day")."""
    n = tr.integer(cov.clusters)
    parts = [tr("common.coverage_labels_only")] if cov.labels_only else []
    parts += [
        tr("common.coverage_labelled", k=tr.integer(cov.labelled), n=n),
        tr("common.coverage_index", k=tr.integer(cov.index_known), n=n),
        tr("common.coverage_areas", k=tr.integer(cov.areas_known), n=n),
        tr("common.coverage_lights", k=tr.integer(cov.lights_known), n=n),
        tr("common.coverage_placed", k=tr.integer(cov.placed), n=n),
    ]
    if set(cov.date_precision) - {"day"}:
        dates = ", ".join(
            tr(f"common.coverage_precision_{p}", k=tr.integer(k)) if p in DATE_PRECISIONS else f"{p}: {tr.integer(k)}"
            for p, k in cov.date_precision.items()
        )
        parts.append(tr("common.coverage_dates", dates=dates))
    return parts
