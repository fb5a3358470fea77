"""The cluster profile as it is read: translated tables, texts and the Excel workbooks (the one-page PDF plan
is charts/cluster_pdf.py).

Figures come from clusterviz.figures.cluster and cluster_adviser (pure); this module only words and lays them
out (no Streamlit).  Public tables (``facts_table`` ... ``collaborations_table``, ``public_workbook``) never
take a score; the adviser ones (``scores_table`` ... ``adviser_workbook``) are for adviser mode only.
"""

from __future__ import annotations

import pandas as pd

from clusterviz.charts import exports
from clusterviz.charts.base import as_date
from clusterviz.charts.collaboration_tables import events_table  # noqa: F401 - the profile lists its events as that page does
from clusterviz.charts.comparison_tables import formatted, sector_name
from clusterviz.data import geo
from clusterviz.figures import cluster_adviser as adviser
from clusterviz.text.i18n import Translator
from clusterviz.text.markup import escape_markdown


def _or_unknown(value, tr: Translator, fmt=str) -> str:
    return tr("cluster.unknown") if value is None or (not isinstance(value, str) and pd.isna(value)) else fmt(value)


def number_text(value, tr: Translator) -> str:
    """A score with one decimal in the chosen language, or 'unknown'."""
    return _or_unknown(value, tr, lambda v: tr.number(float(v)))


def _date_text(value, tr: Translator) -> str:
    return _or_unknown(as_date(value), tr, tr.date)


def on_screen(frame: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """A table as the page shows it: scores with one decimal in the chosen language (63,6), unknown blank;
    downloads keep the numbers."""
    return formatted(frame, tr)


def profile_url(cluster_id: str, params: dict[str, str] | None = None) -> str:
    """The relative link that opens a cluster's profile: ./cluster?cluster=ID (plus ``params``, e.g. the
    snapshot and language, so the new tab shows the same date in the same language)."""
    from urllib.parse import urlencode

    return "./cluster?" + urlencode({"cluster": cluster_id, **(params or {})})


# --------------------------------------------------------------------------- search


def match_labels(matches: pd.DataFrame, states: pd.DataFrame, tr: Translator) -> dict[str, str]:
    """cluster_id -> the text of its search result button (Markdown-escaped: buttons render Markdown)."""
    status = states.set_index("cluster_id")["status"]
    return {
        r.cluster_id: tr(
            "cluster.match_label",
            name=escape_markdown(r.name),
            town=escape_markdown(_or_unknown(r.home_town, tr)),
            county=escape_markdown(geo.county_name(r.county_code)),
            status=tr.status(status.get(r.cluster_id, "never")),
        )
        for r in matches.itertuples()
    }


# --------------------------------------------------------------------------- public


def facts_table(info: dict, tr: Translator) -> pd.DataFrame:
    """Fact / value rows about the cluster; unknown facts say so."""
    rows = [
        (tr("cluster.fact_id"), info["cluster_id"]),
        (tr("common.col_cluster"), info["name"]),
        (tr("common.col_country"), tr.country(info["country"])),
        (tr("common.col_county"), _or_unknown(info["county"], tr)),
        (tr("common.col_town"), _or_unknown(info["home_town"], tr)),
        (tr("common.col_programme"), _or_unknown(info["programme_level"], tr, tr.programme)),
        (tr("common.col_sector"), _or_unknown(info["sector"], tr, lambda s: sector_name(s, tr))),
        (tr("cluster.fact_founded"), _or_unknown(info["founded_year"], tr, lambda y: str(int(y)))),
        (tr("cluster.fact_active"), _or_unknown(info["active"], tr, lambda a: tr("cluster.yes" if a else "cluster.no"))),
    ]
    if info.get("source"):
        rows.append((tr("cluster.fact_source"), info["source"]))
    return pd.DataFrame(rows, columns=[tr("cluster.col_fact"), tr("cluster.col_value")])


def expiry_texts(e: dict, tr: Translator) -> dict[str, tuple[str, str | None]]:
    """The three metrics of the profile's head: status, valid until (+ days), renewal counts until."""
    if e["valid_until"] is None:
        return {"status": (tr.status(e["status"]), None)}
    days = e["days_left"]
    delta = tr("cluster.days_left", n=tr.integer(days)) if days >= 0 else tr("cluster.days_ago", n=tr.integer(-days))
    return {
        "status": (tr.status(e["status"]), None),
        "valid_until": (tr.date(e["valid_until"]), delta),
        "renew_by": (tr.date(e["renew_by"]), None),
    }


def path_table(path: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """The labels, oldest first; the award date as exact as it is known (a month or a year says so); a source
    column when any label has one."""
    out = pd.DataFrame(
        {
            tr("common.col_label"): path["label_level"].map(tr.status).to_numpy(),
            tr("cluster.col_from"): [_assessment_date(r, tr, "start") for r in path.itertuples()],
            tr("common.col_valid_until"): path["valid_until"].map(as_date).to_numpy(),
            tr("cluster.col_renewable_until"): path["grace_until"].map(as_date).to_numpy(),
            tr("cluster.col_state"): path["state"].map(lambda s: tr(f"cluster.state_{s}")).to_numpy(),
            tr("cluster.col_next"): [tr.status(n) if isinstance(n, str) else "" for n in path["next_level"]],
        }
    )
    if "source" in path and path["source"].notna().any():
        out[tr("cluster.fact_source")] = path["source"].fillna("").to_numpy()
    return out


def _peer_key(kind: str, key: str, tr: Translator) -> str:
    if kind == "county":
        return geo.county_name(key)
    return tr.programme(key) if kind == "programme" else sector_name(key, tr)


def peers_table(peers: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    return pd.DataFrame(
        {
            tr("cluster.col_group"): [f"{tr(f'cluster.kind_{k}')}: {_peer_key(k, v, tr)}" for k, v in zip(peers["kind"], peers["key"])],
            tr("common.col_clusters"): peers["clusters"].astype(int).to_numpy(),
            tr.status("gold"): peers["gold"].astype(int).to_numpy(),
            tr.status("silver"): peers["silver"].astype(int).to_numpy(),
            tr.status("bronze"): peers["bronze"].astype(int).to_numpy(),
            tr("cluster.col_position"): peers["position"].astype(int).to_numpy(),
        }
    )


def not_formed_text(kinds: list[str], tr: Translator) -> str | None:
    return tr("cluster.peers_not_formed", kinds=", ".join(tr(f"cluster.kind_{k}") for k in kinds)) if kinds else None


def collaborations_table(collabs: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    name = collabs["name_en"].fillna(collabs["name"]) if tr.lang == "en" and "name_en" in collabs else collabs["name"]
    return pd.DataFrame(
        {
            tr("cluster.col_collaboration"): name.to_numpy(),
            tr("cluster.col_kind"): collabs["kind"].map(lambda k: tr(f"collaboration.kind_{k}")).to_numpy(),
            tr("cluster.col_start"): collabs["start_date"].map(as_date).to_numpy(),
            tr("cluster.col_end"): collabs["end_date"].map(as_date).to_numpy(),
        }
    )


def public_workbook(info: dict, path: pd.DataFrame, peers: pd.DataFrame, collabs: pd.DataFrame, tr: Translator) -> bytes:
    """The public profile as Excel: facts, labels, peers by label, collaborations (no score anywhere)."""
    return exports.excel_workbook(
        {
            tr("cluster.sheet_facts"): facts_table(info, tr),
            tr("cluster.sheet_path"): path_table(path, tr),
            tr("cluster.sheet_peers"): peers_table(peers, tr),
            tr("cluster.sheet_collaborations"): collaborations_table(collabs, tr),
        }
    )


# --------------------------------------------------------------------------- adviser


def _measure_name(measure: str, tr: Translator) -> str:
    return tr("cluster.col_index") if measure == "quality_index" else tr.area(measure.removeprefix("area_"))


def _assessment_date(row, tr: Translator, column: str = "assessment_date") -> str:
    """An assessment's date as exact as it is known: '5 September 2016', 'September 2016 (month)', '2016 (year)'."""
    day = as_date(getattr(row, column))
    precision = getattr(row, "date_precision", "day")
    if precision == "derived":  # read back from valid_until by ESCA's rule: marked as such (i18n.award_date)
        return tr.award_date(day, "derived")
    if precision == "month":
        return tr("cluster.precision_month", date=tr.date(day, "MMMM y"))
    if precision == "year":
        return tr("cluster.precision_year", date=str(day.year) if day else "?")
    return tr.date(day)


def scores_table(history: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """One row per scored assessment: date, type, label, index and the six areas (unknown left blank)."""
    have = adviser.scored(history)
    out = pd.DataFrame(
        {
            tr("cluster.col_date"): [_assessment_date(r, tr) for r in have.itertuples()],
            tr("cluster.col_type"): have["assessment_type"].map(lambda t: tr(f"cluster.type_{t}")).to_numpy(),
            tr("common.col_label"): have["label_level"].map(tr.status).to_numpy(),
        }
    )
    for measure in adviser.MEASURES:
        out[_measure_name(measure, tr)] = have[measure].round(1).to_numpy()
    return out


def group_name(group: str, key, tr: Translator) -> str:
    if group == "country":
        return tr("cluster.group_country", name=tr.country(key))
    if group == "sector":
        return tr("cluster.group_sector", name=sector_name(key, tr))
    return tr(f"cluster.group_{group}")


def peer_scores_table(peers: pd.DataFrame, tr: Translator) -> pd.DataFrame:
    """Group, measure, median (blank when not shown), known n of N."""
    return pd.DataFrame(
        {
            tr("cluster.col_group"): [group_name(g, k, tr) for g, k in zip(peers["group"], peers["key"])],
            tr("cluster.col_measure"): peers["measure"].map(lambda m: _measure_name(m, tr)).to_numpy(),
            tr("cluster.col_median"): peers["median"].to_numpy(),
            tr("cluster.col_known"): [
                tr("cluster.n_of", n=tr.integer(k), total=tr.integer(s)) for k, s in zip(peers["known"], peers["size"])
            ],
        }
    )


def distance_table(distance: adviser.Distance, tr: Translator) -> pd.DataFrame:
    a = distance.areas
    return pd.DataFrame(
        {
            tr("cluster.col_area"): a["area"].map(tr.area).to_numpy(),
            tr("cluster.col_score"): a["score"].astype(float).to_numpy(),
            tr("cluster.col_gold_typical"): a["gold_typical"].astype(float).round(1).to_numpy(),
            tr("cluster.col_known"): [
                tr("cluster.n_of", n=tr.integer(k), total=tr.integer(s)) for k, s in zip(a["gold_known"], a["gold_size"])
            ],
            tr("cluster.col_gap"): a["gap"].astype(float).to_numpy(),
        }
    )


def silver_texts(silver: adviser.SilverPath, today, tr: Translator) -> list[str]:
    """What the Silver rule says for the cluster, as sentences: the verdict, the next window, caveats."""
    if silver.status == "no_scores":
        return [tr("cluster.no_scores")]
    values = {
        "first": tr.date(silver.first),
        "second": tr.date(silver.second) if silver.second else "",
        "months": tr.number(silver.months_apart, 1) if silver.months_apart is not None else "",
        "improved": tr.integer(silver.improved),
        "missing": tr.integer(silver.missing),
    }
    texts = [tr(f"cluster.silver_{silver.status}", **values)]
    if silver.next_window:
        start, end = silver.next_window
        last = silver.second or silver.first
        key = "cluster.silver_next_passed" if end < pd.Timestamp(today).date() else "cluster.silver_next"
        texts.append(tr(key, start=tr.date(start), end=tr.date(end), last=tr.date(last), missing=tr.integer(adviser.SILVER_MIN_AREAS)))
    if silver.unknown_areas:
        texts.append(tr("cluster.silver_unknown", n=tr.integer(silver.unknown_areas)))
    if silver.approximate:
        texts.append(tr("cluster.silver_approximate"))
    return texts


def silver_table(silver: adviser.SilverPath, tr: Translator) -> pd.DataFrame:
    a = silver.areas
    if a.empty:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            tr("cluster.col_area"): a["area"].map(tr.area).to_numpy(),
            tr("cluster.col_before"): a["before"].astype(float).to_numpy(),
            tr("cluster.col_after"): a["after"].astype(float).to_numpy(),
            tr("cluster.col_change"): a["change"].astype(float).to_numpy(),
            tr("cluster.col_improved"): [_or_unknown(v, tr, lambda b: tr("cluster.yes" if b else "cluster.no")) for v in a["improved"]],
        }
    )


def plan_table(plan: adviser.Plan, tr: Translator) -> pd.DataFrame:
    a = plan.areas
    return pd.DataFrame(
        {
            tr("cluster.col_rank"): a["rank"].to_numpy(),
            tr("cluster.col_area"): a["area"].map(tr.area).to_numpy(),
            tr("cluster.col_score"): a["score"].astype(float).to_numpy(),
            tr("cluster.col_target"): a["target"].astype(float).round(1).to_numpy(),
            tr("cluster.col_kind"): a["target_kind"].map(lambda k: tr(f"cluster.target_{k}")).to_numpy(),
            tr("cluster.col_gap"): a["gap"].astype(float).to_numpy(),
            tr("cluster.col_previous"): a["previous"].astype(float).to_numpy(),
            tr("cluster.col_change"): a["change"].astype(float).to_numpy(),
        }
    )


def plan_texts(plan: adviser.Plan, tr: Translator) -> list[str]:
    """Progress since the previous assessment, the next window, the renewal deadline."""
    if plan.status != "ok":
        return [tr("cluster.no_scores")]
    texts = []
    if plan.previous is not None and plan.index_change is not None:
        change = ("+" if plan.index_change > 0 else "") + tr.number(plan.index_change, 1)
        texts.append(tr("cluster.plan_progress", previous=tr.date(plan.previous), change=change, improved=tr.integer(plan.improved_since)))
    else:
        texts.append(tr("cluster.plan_no_previous"))
    if plan.next_window:
        texts.append(tr("cluster.plan_window", start=tr.date(plan.next_window[0]), end=tr.date(plan.next_window[1])))
    if plan.renew_by:
        texts.append(tr("cluster.plan_renew_by", date=tr.date(plan.renew_by)))
    return texts


def adviser_workbook(
    info: dict,
    history: pd.DataFrame,
    peers: pd.DataFrame,
    distance: adviser.Distance,
    silver: adviser.SilverPath,
    plan: adviser.Plan,
    tr: Translator,
) -> bytes:
    """The adviser's figures as Excel: facts, scores, peer groups, distance to Gold, Silver areas, plan."""
    sheets = {
        tr("cluster.sheet_facts"): facts_table(info, tr),
        tr("cluster.sheet_scores"): scores_table(history, tr),
        tr("cluster.sheet_peer_scores"): peer_scores_table(peers, tr),
    }
    if distance.status == "ok":
        sheets[tr("cluster.sheet_distance")] = distance_table(distance, tr)
        sheets[tr("cluster.sheet_silver")] = silver_table(silver, tr)
        sheets[tr("cluster.sheet_plan")] = plan_table(plan, tr)
    return exports.excel_workbook(sheets)
