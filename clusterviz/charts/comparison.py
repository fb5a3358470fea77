"""Charts of the Norway–Denmark comparison page (tidy frames from clusterviz.figures.comparison in, charts out).

Every number a chart writes on screen is formatted in Python with tr.number, so the Norwegian decimal
comma reaches the marks and tooltips.  Public-mode charts receive only aggregates (counts per band, means);
``index_strip`` draws individual clusters and is for adviser mode only.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from clusterviz.charts.base import COUNTRY_COLOURS, base_config, country_scale, stacked, status_scale
from clusterviz.data.snapshot import AREAS
from clusterviz.figures.comparison import COUNTRIES, LEVELS
from clusterviz.figures.comparison_peers import GROUPS
from clusterviz.text.i18n import Translator

# focus: a purple that reads on a light and a dark background alike (black vanished in dark mode)
GROUP_COLOURS = {"focus": "#AA3377", "country": "#0072B2", "sector": "#009E73", "excellence": "#E69F00"}


def _height(present: bool, normal: int) -> int:
    return int(normal * 1.5) if present else normal


def label_counts(counts: pd.DataFrame, tr: Translator, as_of, present: bool = False) -> alt.LayerChart | alt.FacetChart:
    """Grouped bars: valid Gold / Silver / Bronze per country, the count written on each bar."""
    data = counts.assign(
        level_name=counts["level"].map(tr.status),
        country_name=counts["country"].map(tr.country),
        count_text=counts["clusters"].map(tr.integer),
    )
    countries = [c for c in COUNTRIES if c in set(counts["country"])]
    x = alt.X("level_name:N", title=None, sort=[tr.status(lvl) for lvl in LEVELS], axis=alt.Axis(labelAngle=0))
    offset = alt.XOffset("country_name:N", sort=[tr.country(c) for c in countries])
    tooltip = [
        alt.Tooltip("country_name:N", title=tr("common.col_country")),
        alt.Tooltip("level_name:N", title=tr("comparison.axis_level")),
        alt.Tooltip("count_text:N", title=tr("common.col_clusters")),
    ]
    base = alt.Chart(data).encode(x=x, xOffset=offset)
    bars = base.mark_bar().encode(
        y=alt.Y("clusters:Q", title=tr("common.col_clusters")),
        color=alt.Color("country_name:N", title=tr("common.col_country"), scale=country_scale(tr, countries)),
        tooltip=tooltip,
    )
    text = base.mark_text(dy=-8, fontSize=22 if present else 14).encode(y="clusters:Q", text="count_text:N")
    chart = alt.layer(bars, text, title=tr("comparison.chart_labels_title", date=tr.date(as_of)), height=_height(present, 260))
    return base_config(chart, present)


def label_counts_over_time(over_time: pd.DataFrame, tr: Translator, present: bool = False) -> alt.VConcatChart:
    """Lines per label level across the snapshots, one panel per country, one above the other on the same
    time and count scales (``stacked``: the panels fit the half column they are drawn in)."""
    data = over_time.assign(
        level_name=over_time["level"].map(tr.status),
        country_name=over_time["country"].map(tr.country),
        date_text=[tr.date(d) for d in over_time["as_of"]],
        count_text=over_time["clusters"].map(tr.integer),
    )
    countries = [c for c in COUNTRIES if c in set(over_time["country"])]
    encoding = dict(
        x=alt.X("as_of:T", title=tr("comparison.axis_snapshot"), axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("clusters:Q", title=tr("common.col_clusters")),
        color=alt.Color("level_name:N", title=tr("comparison.axis_level"), scale=status_scale(tr, LEVELS)),
        tooltip=[
            alt.Tooltip("date_text:N", title=tr("comparison.col_date")),
            alt.Tooltip("country_name:N", title=tr("common.col_country")),
            alt.Tooltip("level_name:N", title=tr("comparison.axis_level")),
            alt.Tooltip("count_text:N", title=tr("common.col_clusters")),
        ],
    )
    size = 22 if present else 14
    panels = [
        alt.Chart(
            data[data["country"] == country],
            title=alt.TitleParams(tr.country(country), fontSize=size, fontWeight="bold"),
            width=_height(present, 280),
            height=_height(present, 150),
        )
        .mark_line(point=alt.OverlayMarkDef(size=90 if present else 50))
        .encode(**encoding)
        for country in countries
    ]
    chart = stacked(*panels, title=tr("comparison.chart_over_time_title"))
    return base_config(chart, present)


def _mean_marks(stats: pd.DataFrame, tr: Translator, present: bool):
    """A rule at each country's mean, labelled 'Mean 63.6' in the chosen language."""
    data = stats.assign(mean_text=[tr("comparison.mean_label", mean=tr.number(m)) for m in stats["mean"]])
    base = alt.Chart(data)
    rule = base.mark_rule(strokeWidth=3 if present else 2, strokeDash=[6, 3]).encode(x="mean:Q")
    text = base.mark_text(align="left", dx=6, baseline="top", fontWeight="bold", fontSize=20 if present else 13).encode(
        x="mean:Q", y=alt.YValue(4), text="mean_text:N"
    )
    return rule, text


def index_histogram(histogram: pd.DataFrame, stats: pd.DataFrame, tr: Translator, present: bool = False) -> alt.VConcatChart:
    """Public mode: clusters per band of the quality index, one panel per country, the mean marked and
    labelled, n in the panel title.  Only counts per band reach the browser."""
    countries = [c for c in COUNTRIES if c in set(histogram["country"])]
    domain = [float(histogram["bin_start"].min()), float(histogram["bin_end"].max())]
    top = max(int(histogram["clusters"].max()), 1) * 1.3  # one y scale for all panels, room for the label
    ticks = sorted(set(histogram["bin_start"]) | set(histogram["bin_end"]))
    panels = []
    for country in countries:
        bins = histogram[histogram["country"] == country]
        bins = bins.assign(
            band_text=[f"{tr.integer(a)}–{tr.integer(b)}" for a, b in zip(bins["bin_start"], bins["bin_end"])],
            count_text=bins["clusters"].map(tr.integer),
        )
        row = stats[stats["country"] == country]
        bars = (
            alt.Chart(bins)
            .mark_bar(color=COUNTRY_COLOURS[country], stroke="white", strokeWidth=1)
            .encode(
                x=alt.X("bin_start:Q", title=tr("comparison.axis_index"), scale=alt.Scale(domain=domain), axis=alt.Axis(values=ticks)),
                x2="bin_end:Q",
                y=alt.Y(
                    "clusters:Q",
                    title=tr("common.col_clusters"),
                    axis=alt.Axis(tickMinStep=1),
                    scale=alt.Scale(domain=[0, top], nice=False),
                ),
                y2=alt.Y2Datum(0),
                tooltip=[
                    alt.Tooltip("band_text:N", title=tr("comparison.axis_band")),
                    alt.Tooltip("count_text:N", title=tr("common.col_clusters")),
                ],
            )
        )
        rule, text = _mean_marks(row[["country", "mean"]], tr, present)
        title = tr("comparison.facet_title", country=tr.country(country), n=tr.integer(int(row["n"].iloc[0])))
        panels.append(alt.layer(bars, rule, text, title=title, width=_height(present, 560), height=_height(present, 160)))
    chart = stacked(*panels, title=tr("comparison.chart_distribution_title"))
    return base_config(chart, present)


def index_strip(points: pd.DataFrame, stats: pd.DataFrame, tr: Translator, present: bool = False) -> alt.LayerChart | alt.FacetChart:
    """Adviser mode only: one dot per cluster (name and index in the tooltip), a tick at each mean."""
    countries = [c for c in COUNTRIES if c in set(points["country"])]
    order = [tr.country(c) for c in countries]
    data = points.assign(
        country_name=points["country"].map(tr.country),
        label_name=points["label_level"].map(tr.status),
        index_text=points["quality_index"].map(tr.number),
    )
    y = alt.Y("country_name:N", title=None, sort=order)
    dots = (
        alt.Chart(data)
        .mark_circle(size=140 if present else 80, opacity=0.75)
        .encode(
            x=alt.X("quality_index:Q", title=tr("comparison.axis_index"), scale=alt.Scale(zero=False)),
            y=y,
            yOffset=alt.YOffset("jitter:Q"),
            color=alt.Color("country_name:N", title=tr("common.col_country"), scale=country_scale(tr, countries), legend=None),
            tooltip=[
                alt.Tooltip("name:N", title=tr("common.col_cluster")),
                alt.Tooltip("label_name:N", title=tr("common.col_label")),
                alt.Tooltip("index_text:N", title=tr("comparison.col_index")),
            ],
        )
        .transform_calculate(jitter="(random() - 0.5) * 24")
    )
    means = stats[stats["country"].isin(countries)].assign(
        country_name=lambda f: f["country"].map(tr.country),
        mean_text=lambda f: [tr("comparison.mean_label", mean=tr.number(m)) for m in f["mean"]],
    )
    tick = alt.Chart(means).mark_tick(thickness=3, size=50 if present else 36).encode(x="mean:Q", y=y)
    text = (
        alt.Chart(means)
        .mark_text(align="left", dx=6, dy=-22 if present else -16, fontWeight="bold", fontSize=20 if present else 13)
        .encode(x="mean:Q", y=y, text="mean_text:N")
    )
    chart = alt.layer(dots, tick, text, title=tr("comparison.chart_distribution_title"), height=_height(present, 200))
    return base_config(chart, present)


def area_profile(profile: pd.DataFrame, tr: Translator, present: bool = False) -> alt.LayerChart | alt.FacetChart:
    """Grouped horizontal bars: mean score per ESCA area and country, the score written at the bar end."""
    countries = [c for c in COUNTRIES if c in set(profile["country"])]
    data = profile.assign(
        area_name=profile["area"].astype(str).map(tr.area),
        country_name=profile["country"].map(tr.country),
        score_text=profile["score"].map(tr.number),
        n_text=profile["n"].map(tr.integer),
    )
    base = alt.Chart(data).encode(
        y=alt.Y("area_name:N", title=None, sort=[tr.area(a) for a in AREAS], axis=alt.Axis(labelLimit=320)),
        yOffset=alt.YOffset("country_name:N", sort=[tr.country(c) for c in countries]),
        x=alt.X("score:Q", title=tr("comparison.axis_score"), scale=alt.Scale(domain=[0, 100])),
    )
    bars = base.mark_bar().encode(
        color=alt.Color("country_name:N", title=tr("common.col_country"), scale=country_scale(tr, countries)),
        tooltip=[
            alt.Tooltip("area_name:N", title=tr("comparison.col_area")),
            alt.Tooltip("country_name:N", title=tr("common.col_country")),
            alt.Tooltip("score_text:N", title=tr("comparison.col_score")),
            alt.Tooltip("n_text:N", title=tr("comparison.col_n")),
        ],
    )
    text = base.mark_text(align="left", dx=4, fontSize=18 if present else 12).encode(text="score_text:N")
    chart = alt.layer(bars, text, title=tr("comparison.chart_profile_title"), height=_height(present, 340))
    return base_config(chart, present)


def area_gap(gap: pd.DataFrame, tr: Translator, present: bool = False) -> alt.LayerChart | alt.FacetChart:
    """Diverging bars: Denmark − Norway per area, sorted by the gap, coloured by who is ahead."""
    ahead = {c: tr("comparison.ahead", country=tr.country(c)) for c in COUNTRIES}
    data = gap.assign(
        area_name=gap["area"].map(tr.area),
        side=["DK" if g >= 0 else "NO" for g in gap["gap"]],
        gap_text=[("+" if g > 0 else "") + tr.number(g) for g in gap["gap"]],
        dk_text=gap["DK"].map(tr.number),
        no_text=gap["NO"].map(tr.number),
    )
    data = data.assign(ahead=data["side"].map(ahead))
    y = alt.Y("area_name:N", title=None, sort=data["area_name"].tolist(), axis=alt.Axis(labelLimit=320))
    low, high = min(float(data["gap"].min()), 0.0), max(float(data["gap"].max()), 0.0)
    pad = max(high - low, 1.0) * 0.18  # room for the figures beside the bars
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=y,
            x=alt.X(
                "gap:Q",
                title=tr("comparison.axis_gap"),
                scale=alt.Scale(domain=[low - (pad if low < 0 else 0), high + (pad if high > 0 else 0)]),
            ),
            color=alt.Color(
                "ahead:N",
                title=tr("comparison.legend_ahead"),
                scale=alt.Scale(domain=[ahead["DK"], ahead["NO"]], range=[COUNTRY_COLOURS["DK"], COUNTRY_COLOURS["NO"]]),
            ),
            tooltip=[
                alt.Tooltip("area_name:N", title=tr("comparison.col_area")),
                alt.Tooltip("dk_text:N", title=tr.country("DK")),
                alt.Tooltip("no_text:N", title=tr.country("NO")),
                alt.Tooltip("gap_text:N", title=tr("comparison.col_gap")),
            ],
        )
    )
    size = 18 if present else 12
    right = alt.Chart(data[data["gap"] >= 0]).mark_text(align="left", dx=4, fontSize=size).encode(y=y, x="gap:Q", text="gap_text:N")
    left = alt.Chart(data[data["gap"] < 0]).mark_text(align="right", dx=-4, fontSize=size).encode(y=y, x="gap:Q", text="gap_text:N")
    zero = alt.Chart(pd.DataFrame({"zero": [0]})).mark_rule().encode(x="zero:Q")
    chart = alt.layer(bars, zero, right, left, title=tr("comparison.chart_gap_title"), height=_height(present, 260))
    return base_config(chart, present)


def peer_index(groups: pd.DataFrame, labels: dict[str, str], tr: Translator, present: bool = False) -> alt.LayerChart | alt.FacetChart:
    """Horizontal bars: mean index of each group that may be shown, focus first, the figure written."""
    shown = groups[groups["shown"]]
    data = pd.DataFrame(
        {
            "group": shown["group"].to_numpy(),
            "group_name": shown["group"].map(labels).to_numpy(),
            "mean": shown["mean"].to_numpy(),
            "mean_text": [tr.number(m) for m in shown["mean"]],
            "n_text": [tr.integer(n) for n in shown["n"]],
        }
    )
    order = [labels[g] for g in GROUPS if g in set(data["group"])]
    base = alt.Chart(data).encode(
        y=alt.Y("group_name:N", title=None, sort=order, axis=alt.Axis(labelLimit=360)),
        x=alt.X("mean:Q", title=tr("comparison.axis_mean"), scale=alt.Scale(domain=[0, 100])),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "group_name:N", legend=None, scale=alt.Scale(domain=order, range=[GROUP_COLOURS[g] for g in GROUPS if g in set(data["group"])])
        ),
        tooltip=[
            alt.Tooltip("group_name:N", title=tr("comparison.col_group")),
            alt.Tooltip("mean_text:N", title=tr("comparison.col_mean")),
            alt.Tooltip("n_text:N", title=tr("common.col_clusters")),
        ],
    )
    text = base.mark_text(align="left", dx=4, fontSize=18 if present else 12).encode(text="mean_text:N")
    chart = alt.layer(bars, text, title=tr("comparison.chart_peer_index_title"), height=_height(present, 40 * max(len(data), 1) + 20))
    return base_config(chart, present)


def peer_profile(profile: pd.DataFrame, labels: dict[str, str], tr: Translator, present: bool = False) -> alt.Chart:
    """Dot plot: mean score per area for each group that may be shown (the focus in black)."""
    present_groups = [g for g in GROUPS if g in set(profile["group"])]
    data = profile.assign(
        group_name=profile["group"].map(labels), area_name=profile["area"].map(tr.area), score_text=profile["score"].map(tr.number)
    )
    order = [labels[g] for g in present_groups]
    legend = alt.Legend(columns=1, labelLimit=480)
    chart = (
        alt.Chart(data)
        .mark_point(filled=True, size=220 if present else 130, opacity=0.9)
        .encode(
            y=alt.Y("area_name:N", title=None, sort=[tr.area(a) for a in AREAS], axis=alt.Axis(labelLimit=320)),
            x=alt.X("score:Q", title=tr("comparison.axis_score"), scale=alt.Scale(zero=False)),
            color=alt.Color(
                "group_name:N",
                title=tr("comparison.col_group"),
                legend=legend,
                scale=alt.Scale(domain=order, range=[GROUP_COLOURS[g] for g in present_groups]),
            ),
            shape=alt.Shape("group_name:N", title=tr("comparison.col_group"), legend=legend, scale=alt.Scale(domain=order)),
            tooltip=[
                alt.Tooltip("group_name:N", title=tr("comparison.col_group")),
                alt.Tooltip("area_name:N", title=tr("comparison.col_area")),
                alt.Tooltip("score_text:N", title=tr("comparison.col_score")),
            ],
        )
        .properties(title=tr("comparison.chart_peer_profile_title"), height=_height(present, 280))
    )
    return base_config(chart, present)
