"""The competence page's training lights in words: group names, the shares table, the payoff sentences and
table, and (adviser mode only) each cluster's lights, in the chosen language (no Streamlit).

Figures come from clusterviz.figures.competence; groups under MIN_GROUP clusters arrive withheld ("–").
"""

from __future__ import annotations

import pandas as pd

from clusterviz.data import geo
from clusterviz.data.snapshot import LIGHT_VALUES
from clusterviz.figures import metrics
from clusterviz.figures.competence import LIGHT_NAMES, OTHER, cluster_light_rows, maybe
from clusterviz.text.i18n import Translator


def group_name(group: str, tr: Translator) -> str:
    """Display name of a country, a county or an "other counties" group."""
    if group in geo.COUNTRIES:
        return tr.country(group)
    if group.startswith(OTHER + "-"):
        return tr("competence.other_counties", country=tr.country(group.split("-", 1)[1]))
    return geo.county_name(group)


def light_table(shares: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """The shares as shown and downloaded: one row per group and light, its clusters, how many of them have
    the light known (the share's denominator), clusters per colour (yellow and red are empty on the all-green
    row), share green; translated headers."""
    if shares.empty:
        return pd.DataFrame()
    if "n_total" not in shares:
        shares = shares.assign(n_total=shares["n"])
    wide = shares.pivot_table(
        index=["group", "light", "n", "n_total"], columns="value", values="clusters", fill_value=0, sort=False
    ).reset_index()
    is_all = wide["light"] == "all_green"
    return pd.DataFrame(
        {
            tr("competence.col_group"): wide["group"].map(lambda g: group_name(g, tr)),
            tr("competence.col_light"): wide["light"].map(lambda light: tr(f"competence.light_{light}")),
            tr("common.col_clusters"): wide["n_total"].astype(int),
            tr("competence.col_known"): wide["n"].astype(int),
            **{tr(f"competence.value_{v}"): wide[v].astype("Int64").mask(is_all & (v != "green")) for v in LIGHT_VALUES},
            tr("competence.col_share_green"): (wide["green"] / wide["n"]).map(tr.percent),
        }
    )


def payoff_sentences(comparison: list[dict], tr: Translator) -> list[str]:
    """One neutral sentence per country on the index and one on renewals (no causal claim)."""
    lines = []
    for c in comparison:
        country = tr.country(c["country"])
        if c["direction"] is None and min(c["n_green"], c["n_other"]) >= metrics.MIN_GROUP:
            lines.append(tr("competence.payoff_index_unknown", country=country, n=metrics.MIN_KNOWN))
            continue
        if c["direction"] is None:
            lines.append(
                tr(
                    "competence.payoff_withheld",
                    country=country,
                    n=metrics.MIN_GROUP,
                    n_green=tr.integer(c["n_green"]),
                    n_other=tr.integer(c["n_other"]),
                )
            )
            continue
        lines.append(
            tr(
                f"competence.payoff_{c['direction']}",
                country=country,
                diff=tr.number(abs(c["index_diff"])),
                n_green=tr.integer(c["n_green"]),
                n_other=tr.integer(c["n_other"]),
            )
        )
        if c["rate_green"] is None or c["rate_other"] is None:
            lines.append(tr("competence.payoff_renewal_withheld", n=metrics.MIN_GROUP))
        else:
            lines.append(
                tr(
                    "competence.payoff_renewal",
                    rate_green=tr.percent(c["rate_green"]),
                    rate_other=tr.percent(c["rate_other"]),
                    renewed_green=tr.integer(c["renewed_green"]),
                    ended_green=tr.integer(c["ended_green"]),
                    renewed_other=tr.integer(c["renewed_other"]),
                    ended_other=tr.integer(c["ended_other"]),
                )
            )
    return lines


def payoff_table(groups: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """The payoff groups with translated headers and values ("–" where withheld)."""
    return pd.DataFrame(
        {
            tr("common.col_country"): groups["country"].map(tr.country),
            tr("competence.col_group"): groups["all_green"].map(
                lambda g: tr("competence.group_all_green" if g else "competence.group_not_all_green")
            ),
            tr("common.col_clusters"): groups["clusters"].astype(int),
            tr("competence.col_mean_index"): groups["mean_index"].map(lambda v: tr.number(maybe(v))),
            tr("competence.col_first_ended"): groups["first_ended"].map(lambda v: tr.integer(maybe(v))),
            tr("competence.col_renewed"): groups["renewed"].map(lambda v: tr.integer(maybe(v))),
            tr("competence.col_renewal_rate"): groups["renewal_rate"].map(lambda v: tr.percent(maybe(v))),
        }
    )


def cluster_lights(sample: pd.DataFrame, clusters: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """Adviser view only: each cluster's lights and quality index in the period (confidential)."""
    named = cluster_light_rows(sample, clusters)
    return pd.DataFrame(
        {
            tr("common.col_cluster"): named["name"],
            tr("common.col_county"): named["county_code"].map(geo.county_name),
            tr("competence.col_assessed"): named["assessment_date"].map(tr.date),
            **{
                tr(f"competence.light_{light}"): named[f"light_{light}"].map(
                    lambda v: tr(f"competence.value_{v}") if isinstance(v, str) else "–"
                )
                for light in LIGHT_NAMES[:3]
            },
            tr("competence.light_all_green"): [
                tr("competence.yes" if g else "competence.no") if k else "–"
                for g, k in zip(named["all_green"], named["lights_known"] if "lights_known" in named else [True] * len(named))
            ],
            tr("competence.col_quality_index"): named["quality_index"].map(lambda v: tr.number(maybe(v))),
        }
    )
