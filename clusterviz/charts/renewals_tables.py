"""The renewals page in words: the timelines' pager and caption, the watch-list and the changes as shown and
downloaded, in the chosen language (no Streamlit).  Figures come from clusterviz.figures.renewals and
renewals_timeline; labels and their validity are public, no score is read."""

from __future__ import annotations

import pandas as pd

from clusterviz.charts.base import as_date
from clusterviz.data import geo
from clusterviz.figures.renewals_timeline import TIMELINE_ROWS, TimelinePage, timeline_page
from clusterviz.text.i18n import Translator


def pager_choices(rows: int, tr: Translator, size: int = TIMELINE_ROWS) -> dict[str, str]:
    """The pager's choices for ``rows`` timelines: page number (as the link carries it) -> its label,
    '2' -> 'Rows 41–80 of 2,000'."""
    pages = timeline_page(rows, 1, size).pages
    spans = (timeline_page(rows, number, size) for number in range(1, pages + 1))
    return {str(p.number): tr("renewals.rows_of", first=tr.integer(p.first), last=tr.integer(p.last), n=tr.integer(rows)) for p in spans}


def timelines_caption(page: TimelinePage, scope: str, horizon: int | str, tr: Translator) -> str:
    """Under the pager: how many clusters are in view (scope "all" or "watch" of the horizon in months),
    which rows are shown when there is more than one page, and how to read the bars."""
    parts = [tr(f"renewals.timelines_count_{scope}", n=tr.integer(page.rows), months=horizon)]
    if page.pages > 1:
        parts.append(tr("renewals.timelines_rows", first=tr.integer(page.first), last=tr.integer(page.last)))
    return " ".join([*parts, tr("renewals.timelines_legend")])


def watch_table(watch: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """The watch-list as shown and downloaded: translated headers and values, dates as dates; one days
    column (days left for valid labels, days since expiry for expired ones, as the status says).  The
    repeated texts are categories, so each distinct value reaches the browser once (Europe scale: a 637-row
    list went from 76 to about 40 KB); CSV and Excel write the same text either way."""

    def category(values: pd.Series) -> pd.Categorical:
        return pd.Categorical(values.to_numpy(dtype=object))

    return pd.DataFrame(
        {
            tr("common.col_cluster"): watch["name"].to_numpy(),
            tr("common.col_country"): category(watch["country"].map(tr.country)),
            tr("common.col_county"): category(watch["county_code"].map(geo.county_name)),
            tr("common.col_label"): category(watch["label_level"].map(tr.status)),
            tr("common.col_status"): category(watch["state"].map(lambda s: tr(f"renewals.state_{s}"))),
            tr("common.col_valid_until"): watch["valid_until"].map(as_date).to_numpy(),
            tr("renewals.col_renewable_until"): watch["grace_until"].map(as_date).to_numpy(),
            tr("renewals.col_days"): watch["days_left"].fillna(watch["days_since_expiry"]).array,
        }
    )


def changes_table(changed: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """The changes as shown and downloaded: translated headers and values, dates as dates."""
    return pd.DataFrame(
        {
            tr("renewals.col_change"): changed["change"].map(lambda k: tr(f"renewals.change_{k}")).to_numpy(),
            tr("common.col_cluster"): changed["name"].to_numpy(),
            tr("common.col_country"): changed["country"].map(tr.country).to_numpy(),
            tr("common.col_county"): changed["county_code"].map(geo.county_name).to_numpy(),
            tr("renewals.col_before"): changed["status_before"].map(tr.status).to_numpy(),
            tr("renewals.col_after"): changed["status_after"].map(tr.status).to_numpy(),
            tr("renewals.col_awarded_on"): changed["awarded_on"].map(as_date).to_numpy(),
            tr("renewals.col_label_awarded"): changed["label_awarded"].map(lambda v: tr.status(v) if isinstance(v, str) else "").to_numpy(),
            tr("common.col_valid_until"): changed["valid_until"].map(as_date).to_numpy(),
        }
    )
