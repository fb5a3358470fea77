"""The collaboration page in words: the summary line, the before/after sentence and the tables as shown and
downloaded (members, scorecard, before/after, events), in the chosen language (no Streamlit).

Figures come from clusterviz.figures.collaboration and collaboration_before_after; the scorecard carries
group means only, a member's own index only in adviser mode (``members_table``'s ``scores``)."""

from __future__ import annotations

import pandas as pd

from clusterviz.charts.base import as_date
from clusterviz.data.snapshot import AREAS
from clusterviz.figures import metrics
from clusterviz.figures.collaboration import Scorecard
from clusterviz.figures.collaboration_before_after import Difference
from clusterviz.text.i18n import Translator, localised_column
from clusterviz.text.markup import escape_markdown


def summary(collaboration: pd.Series, tr: Translator) -> str:
    """'Pilot project · Nordland · 15 August 2016 – 15 December 2016' in the chosen language (a caption:
    the region, from the data, is escaped so that Markdown in it reads as typed)."""
    end = collaboration["end_date"]
    return tr(
        "collaboration.summary",
        kind=tr(f"collaboration.kind_{collaboration['kind']}"),
        region=escape_markdown(collaboration["region"]),
        start=tr.date(collaboration["start_date"]),
        end=tr("collaboration.running") if pd.isna(end) else tr.date(end),
    )


def group_name(group: str, tr: Translator) -> str:
    return tr(f"collaboration.group_{group}")


def _points(value: float, tr: Translator) -> str:
    """A change in percentage points with its sign: +27 / −5 / 0."""
    rounded = round(value * 100)
    sign = "+" if rounded > 0 else ("−" if rounded < 0 else "")
    return sign + tr.integer(abs(rounded))


def explain(diff: Difference, tr: Translator) -> str:
    """The one sentence under the before/after chart, in the chosen language, from the computed figures."""
    values = dict(
        start=tr.date(diff.start),
        end=tr.date(diff.end),
        n=tr.integer(diff.members_n),
        m0=tr.percent(diff.members_before),
        m1=tr.percent(diff.members_after),
        dm=_points(diff.members_change, tr),
    )
    if diff.difference is None or diff.comparable_change is None:
        return tr("collaboration.diff_sentence_alone", **values)
    return tr(
        "collaboration.diff_sentence",
        k=tr.integer(diff.comparable_n),
        c0=tr.percent(diff.comparable_before),
        c1=tr.percent(diff.comparable_after),
        dc=_points(diff.comparable_change, tr),
        diff=_points(diff.difference, tr),
        **values,
    )


def members_table(member_frame: pd.DataFrame, tr: Translator, scores: pd.DataFrame | None = None) -> pd.DataFrame:
    """The members table with translated headers; ``scores`` (adviser mode only) adds each member's latest
    quality index and assessment date."""
    out = pd.DataFrame(
        {
            tr("common.col_cluster"): member_frame["name"],
            tr("common.col_town"): member_frame["home_town"],
            tr("common.col_county"): member_frame["county_name"],
            tr("common.col_programme"): member_frame["programme_level"].map(tr.programme),
            tr("common.col_status"): member_frame["status"].map(tr.status),
            tr("common.col_valid_until"): member_frame["valid_until"].map(lambda d: as_date(d)),
        }
    )
    if scores is not None:
        by_id = scores.set_index("cluster_id")
        out[tr("collaboration.col_assessed")] = member_frame["cluster_id"].map(by_id["assessment_date"]).map(as_date).to_numpy()
        out[tr("collaboration.col_index")] = member_frame["cluster_id"].map(by_id["quality_index"]).to_numpy()
    return out


def scorecard_table(card: Scorecard, tr: Translator) -> pd.DataFrame:
    """Scorecard as a table: one row per group with its size, mean index and six area means (hidden groups
    keep their size only)."""
    wide = card.profile.pivot(index="group", columns="measure", values="score") if len(card.profile) else None
    rows = []
    for g in card.groups.itertuples():
        row = {
            tr("collaboration.col_group"): group_name(g.group, tr),
            tr("collaboration.col_n"): g.n,
            tr("collaboration.col_mean_index"): None if pd.isna(g.quality_index) else round(g.quality_index, 1),
        }
        for area in AREAS:
            shown = wide is not None and g.group in wide.index
            row[tr.area(area)] = round(float(wide.loc[g.group, area]), 1) if wide is not None and shown else None
        rows.append(row)
    return pd.DataFrame(rows)


def before_after_table(table: pd.DataFrame, tr: Translator, with_index: bool = False) -> pd.DataFrame:
    """The before/after table with translated headers; the mean index column only ``with_index``."""
    out = pd.DataFrame(
        {
            tr("collaboration.col_date"): table["date"].map(as_date),
            tr("collaboration.col_group"): table["group"].map(lambda g: tr(f"collaboration.group_{g}")),
            tr("collaboration.col_n"): table["n"],
            tr("collaboration.col_valid"): table["valid"],
            tr("collaboration.col_share_valid"): table["share_valid"].map(lambda s: None if pd.isna(s) else round(s * 100)),
        }
    )
    for status in metrics.STATUSES:
        out[tr.status(status)] = table[status]
    if with_index:
        out[tr("collaboration.col_mean_index")] = table["mean_index"].map(lambda v: None if v is None or pd.isna(v) else round(v, 1))
    return out


def events_table(event_frame: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    return pd.DataFrame(
        {
            tr("collaboration.col_date"): event_frame["start_date"].map(as_date),
            tr("collaboration.col_event"): localised_column(event_frame, "name", tr.lang),
            tr("collaboration.col_kind"): event_frame["kind"].map(lambda k: tr(f"collaboration.event_{k}")),
            tr("common.col_town"): event_frame["place"],
            tr("collaboration.col_participants"): event_frame["participants_n"].astype("Int64"),
            tr("common.col_clusters"): event_frame["clusters_n"].astype("Int64"),
            tr("collaboration.col_event_status"): event_frame["status"].map(lambda s: tr(f"collaboration.event_status_{s}")),
        }
    )
