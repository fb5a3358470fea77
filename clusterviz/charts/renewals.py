"""Charts of the renewals page: funnel, label timelines (Gantt), re-certification by year, survival curve.

Only labels and their validity go into these charts (public); no score column is ever read.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import altair as alt
import babel.dates
import pandas as pd

from clusterviz.charts.base import COUNTRY_COLOURS, STATUS_COLOURS, base_config, country_scale, status_scale
from clusterviz.data.snapshot import LABEL_LEVELS
from clusterviz.figures.renewals import FUNNEL_OUTCOMES, FUNNEL_STEPS
from clusterviz.text.i18n import LOCALES, Translator

OUTCOME_COLOURS = {
    "kept": "#009E73",
    "grace": STATUS_COLOURS["grace"],
    "lapsed": STATUS_COLOURS["lapsed"],
    "unknown": STATUS_COLOURS["unknown"],
}
ROW_HEIGHT = {"normal": 18, "present": 28}
GRACE_OPACITY = 0.35
RULE_COLOUR = "#D55E00"


def _level_scale(tr: Translator) -> alt.Scale:
    return status_scale(tr, reversed(LABEL_LEVELS))  # Gold, Silver, Bronze


def funnel(stages: pd.DataFrame, country: str, tr: Translator, present: bool = False) -> alt.LayerChart | alt.FacetChart:
    """Horizontal stacked bars per funnel step for one country (renewal.funnel_stages): each bar split
    into kept going / in the renewal year / lapsed, with the step's total at its end."""
    mine = stages[stages["country"] == country]
    totals = mine.groupby("step")["clusters"].transform("sum")
    data = mine.assign(
        step_name=mine["step"].map(lambda s: tr(f"renewals.step_{s}")),
        outcome_name=mine["outcome"].map(lambda o: tr(f"renewals.outcome_{o}")),
        order=mine["outcome"].map({o: i for i, o in enumerate(FUNNEL_OUTCOMES)}),
        total=totals,
        total_text=totals.map(tr.integer),
        clusters_text=mine["clusters"].map(tr.integer),
    )[["step_name", "outcome", "outcome_name", "order", "clusters", "clusters_text", "total", "total_text"]]
    y = alt.Y(
        "step_name:N",
        title=None,
        sort=[tr(f"renewals.step_{s}") for s in FUNNEL_STEPS],
        axis=alt.Axis(labelLimit=260, ticks=False, domain=False),
    )
    bars = (
        alt.Chart(data)
        .mark_bar(height={"band": 0.7})
        .encode(
            y=y,
            x=alt.X("clusters:Q", title=tr("common.col_clusters"), stack="zero", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "outcome_name:N",
                title=None,
                scale=alt.Scale(
                    domain=[tr(f"renewals.outcome_{o}") for o in FUNNEL_OUTCOMES], range=[OUTCOME_COLOURS[o] for o in FUNNEL_OUTCOMES]
                ),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("step_name:N", title=tr("renewals.col_step")),
                alt.Tooltip("outcome_name:N", title=tr("renewals.col_outcome")),
                alt.Tooltip("clusters_text:N", title=tr("common.col_clusters")),
                alt.Tooltip("total_text:N", title=tr("renewals.col_step_total")),
            ],
        )
        .transform_filter(alt.datum.clusters > 0)
    )
    totals_text = (
        alt.Chart(data)
        .mark_text(align="left", dx=6, fontSize=22 if present else 13)
        .encode(y=y, x=alt.X("total:Q"), text=alt.Text("total_text:N"))
        .transform_filter(alt.datum.outcome == "kept")
    )
    chart = alt.layer(bars, totals_text).properties(
        title=tr("renewals.chart_funnel_title", country=tr.country(country)),
        height=(60 if present else 40) * len(FUNNEL_STEPS),
        width="container",
    )
    return base_config(chart, present)


def _row_labels(segments: pd.DataFrame) -> pd.Series:
    """Cluster names as row labels; a name shared by two clusters gets its id added."""
    names = segments.drop_duplicates("cluster_id").set_index("cluster_id")["name"]
    shared = names[names.duplicated(keep=False)].index
    labels = names.where(~names.index.isin(shared), names + " (" + names.index.to_series() + ")")
    return segments["cluster_id"].map(labels)


def date_expression(field: str, tr: Translator) -> str:
    """A Vega expression writing the date in ``datum[field]`` the way tr.date does (babel's long pattern
    and month names of the reader's language), so the chart data carries a timestamp instead of a text.
    Local-time functions: Streamlit hands Vega a date without time zone as local midnight."""
    locale = LOCALES[tr.lang]
    months = babel.dates.get_month_names("wide", "format", locale)
    value = f"datum[{json.dumps(field)}]"
    parts = []
    for token in re.findall(r"'[^']*'|d+|M+|y+|[^dMy']+", babel.dates.get_date_format("long", locale).pattern):
        if token.startswith("'"):
            parts.append(json.dumps(token.strip("'") or "'"))
        elif token in ("d", "dd"):
            day = f"date({value})"
            parts.append(day if token == "d" else f"(({day} < 10 ? '0' : '') + {day})")
        elif token == "MMMM":
            parts.append(f"{json.dumps([months[m] for m in range(1, 13)], ensure_ascii=False)}[month({value})]")
        elif token in ("y", "yyyy"):
            parts.append(f"year({value})")
        elif not token[0].isalpha():
            parts.append(json.dumps(token, ensure_ascii=False))
        else:
            raise ValueError(f"date pattern token {token!r} of {locale} is not supported")
    return " + ".join(["''", *parts])  # '' first: text, even where two numbers follow each other


def timeline_data(segments: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """The timelines' chart data, one row per bar, as small as it can be (every column of every row is sent
    to the browser): cluster (row label), level and period (their names in the reader's language), start
    and end (end exclusive).  Repeated texts are categories (sent once each); the tooltip's dates are
    written in the browser from start and end (``date_expression``)."""
    periods = segments["period"].map(lambda p: tr(f"renewals.period_{p}"))
    data = pd.DataFrame(
        {
            "cluster": _row_labels(segments).astype("category"),
            "level": segments["label_level"].map(tr.status).astype("category"),
            "period": periods.astype("category"),
            "start": segments["start"],
            "end": segments["end"],
        }
    )
    if "start_precision" in segments and (segments["start_precision"] == "derived").any():
        # an award date derived from valid_until is written as such (tr.award_date), not as a known day
        derived = segments["start_precision"] == "derived"
        data["start_text"] = [tr.award_date(day, "derived") if d else "" for day, d in zip(segments["start"], derived)]
    return data


def timelines(
    segments: pd.DataFrame, as_of: dt.date, tr: Translator, present: bool = False, years: tuple[int, int] | None = None
) -> alt.LayerChart | alt.FacetChart:
    """Gantt of label validity (renewals_timeline.timelines, usually one page of it): one row per cluster in the
    segments' row order, a bar per validity period coloured by level, the renewal year after it lighter
    with a dashed outline, gaps left blank, and the snapshot date as a vertical rule.  Tooltip: cluster,
    label, period, from and to.  ``years`` (first, last): a fixed time axis, so every page of the same
    list has the same one (renewals_timeline.timeline_years); else the axis fits these segments."""
    data = timeline_data(segments, tr)
    domain = (
        alt.Undefined if years is None else [alt.DateTime(year=years[0], month=1, date=1), alt.DateTime(year=years[1] + 1, month=1, date=1)]
    )
    order = data["cluster"].iloc[segments["row"].argsort(kind="stable").to_numpy()].drop_duplicates().tolist()
    periods = [tr("renewals.period_valid"), tr("renewals.period_grace")]
    y = alt.Y(
        "cluster:N",
        title=None,
        sort=order,
        axis=alt.Axis(
            labelLimit=320 if present else 240, ticks=False, domain=False, labelOverlap=False, labelFontSize=20 if present else 12
        ),
    )  # every row named, even when tight
    bars = (
        alt.Chart(data)
        .transform_calculate(
            until="datetime(year(datum.end), month(datum.end), date(datum.end) - 1)"  # the bar's last day
        )
        .transform_calculate(
            from_text=(
                f"datum.start_text ? datum.start_text : ({date_expression('start', tr)})"
                if "start_text" in data
                else date_expression("start", tr)
            ),
            to_text=date_expression("until", tr),
        )
        .mark_bar(height={"band": 0.72}, strokeWidth=1.5)
        .encode(
            y=y,
            x=alt.X(
                "start:T", title=None, scale=alt.Scale(domain=domain), axis=alt.Axis(format="%Y", tickCount="year", orient="top", grid=True)
            ),
            x2="end:T",
            color=alt.Color("level:N", title=tr("common.col_label"), scale=_level_scale(tr)),
            # a white edge separates back-to-back periods; the renewal year gets a dashed edge in its colour
            stroke=alt.condition(
                alt.datum.period == periods[0],
                alt.value("white"),
                alt.Stroke("level:N", title=tr("common.col_label"), scale=_level_scale(tr)),
            ),
            opacity=alt.Opacity("period:N", title=tr("renewals.col_period"), scale=alt.Scale(domain=periods, range=[1.0, GRACE_OPACITY])),
            strokeDash=alt.StrokeDash("period:N", title=tr("renewals.col_period"), scale=alt.Scale(domain=periods, range=[[1, 0], [4, 2]])),
            tooltip=[
                alt.Tooltip("cluster:N", title=tr("common.col_cluster")),
                alt.Tooltip("level:N", title=tr("common.col_label")),
                alt.Tooltip("period:N", title=tr("renewals.col_period")),
                alt.Tooltip("from_text:N", title=tr("renewals.col_from")),
                alt.Tooltip("to_text:N", title=tr("renewals.col_to")),
            ],
        )
    )
    marker = pd.DataFrame({"day": [pd.Timestamp(as_of)], "label": [tr("renewals.snapshot_rule", date=tr.date(as_of))]})
    rule = (
        alt.Chart(marker)
        .mark_rule(color=RULE_COLOUR, strokeWidth=2)
        .encode(x="day:T", tooltip=alt.Tooltip("label:N", title=tr("common.sidebar_snapshot")))
    )
    rows = max(1, len(order))
    height = rows * ROW_HEIGHT["present" if present else "normal"]
    chart = alt.layer(bars, rule).properties(title=tr("renewals.chart_timelines_title"), height=height, width="container")
    return base_config(chart, present)


def recertification(by_year: pd.DataFrame, tr: Translator, present: bool = False) -> alt.Chart:
    """Grouped bars: share of the labels expiring each year that were renewed within the grace year,
    per country (renewal.recertification_by_year); provisional years lighter and marked on the axis."""
    data = by_year.assign(
        country_name=by_year["country"].map(tr.country),
        year_label=[
            f"{y} {tr('renewals.provisional_short')}" if not final else str(y) for y, final in zip(by_year["year"], by_year["final"])
        ],
        share_pct=(by_year["share"] * 100).round(1),
        share_text=by_year["share"].map(lambda s: tr.percent(s)),
        labels_text=by_year["labels"].map(tr.integer),
        renewed_text=by_year["renewed"].map(tr.integer),
        status_text=by_year["final"].map(lambda f: tr("renewals.year_final" if f else "renewals.year_provisional")),
    )[["country_name", "year", "year_label", "share_pct", "share_text", "labels_text", "renewed_text", "status_text"]]
    years = data.sort_values("year").drop_duplicates("year")["year_label"].tolist()
    statuses = [tr("renewals.year_final"), tr("renewals.year_provisional")]
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("year_label:N", title=tr("renewals.col_year"), sort=years, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("country_name:N", sort=[tr.country(c) for c in COUNTRY_COLOURS]),
            y=alt.Y("share_pct:Q", title=tr("renewals.col_share"), scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("country_name:N", title=tr("common.col_country"), scale=country_scale(tr, by_year["country"])),
            opacity=alt.Opacity("status_text:N", title=tr("renewals.col_year_status"), scale=alt.Scale(domain=statuses, range=[1.0, 0.45])),
            tooltip=[
                alt.Tooltip("country_name:N", title=tr("common.col_country")),
                alt.Tooltip("year:O", title=tr("renewals.col_year")),
                alt.Tooltip("labels_text:N", title=tr("renewals.col_labels")),
                alt.Tooltip("renewed_text:N", title=tr("renewals.col_renewed")),
                alt.Tooltip("share_text:N", title=tr("renewals.col_share")),
                alt.Tooltip("status_text:N", title=tr("renewals.col_year_status")),
            ],
        )
        .properties(title=tr("renewals.chart_recert_title"), height=360 if present else 280, width="container")
    )
    return base_config(chart, present)


def survival(curve: pd.DataFrame, tr: Translator, present: bool = False, first_label_months: int = 24) -> alt.LayerChart | alt.FacetChart:
    """Step lines per country: share holding a valid label N months after the first label
    (renewal.survival), with a rule where the first label runs out."""
    data = curve.assign(
        country_name=curve["country"].map(tr.country),
        share_pct=(curve["share"] * 100).round(1),
        share_text=curve["share"].map(lambda s: tr.percent(s)),
        observed_text=curve["clusters"].map(tr.integer),
        certified_text=curve["certified"].map(tr.integer),
    )[["country_name", "months", "share_pct", "share_text", "observed_text", "certified_text"]]
    line = (
        alt.Chart(data)
        .mark_line(interpolate="step-after", strokeWidth=4 if present else 2.5)
        .encode(
            x=alt.X("months:Q", title=tr("renewals.col_months"), scale=alt.Scale(domainMin=0), axis=alt.Axis(tickMinStep=6)),
            y=alt.Y("share_pct:Q", title=tr("renewals.col_share"), scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("country_name:N", title=tr("common.col_country"), scale=country_scale(tr, curve["country"])),
        )
    )
    points = line.mark_circle(size=90 if present else 40, opacity=0).encode(
        tooltip=[
            alt.Tooltip("country_name:N", title=tr("common.col_country")),
            alt.Tooltip("months:Q", title=tr("renewals.col_months")),
            alt.Tooltip("observed_text:N", title=tr("renewals.col_observed")),
            alt.Tooltip("certified_text:N", title=tr("renewals.col_certified")),
            alt.Tooltip("share_text:N", title=tr("renewals.col_share")),
        ]
    )
    marker = pd.DataFrame({"months": [first_label_months], "label": [tr("renewals.first_label_ends")]})
    rule = (
        alt.Chart(marker)
        .mark_rule(strokeDash=[4, 3], opacity=0.75)
        .encode(x="months:Q", tooltip=alt.Tooltip("label:N", title=tr("renewals.col_months")))
    )
    text = (
        alt.Chart(marker)
        .mark_text(align="left", dx=4, dy=-4, baseline="bottom", opacity=0.85, fontSize=18 if present else 12)
        .encode(x="months:Q", y=alt.YValue({"expr": "height"}), text="label:N")
    )
    chart = alt.layer(line, points, rule, text).properties(
        title=tr("renewals.chart_survival_title"), height=360 if present else 280, width="container"
    )
    return base_config(chart, present)
