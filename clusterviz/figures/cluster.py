"""One cluster: find it, its label path, and (for advisers) its distance to Gold (no Streamlit, no translator).

Public parts (labels and their validity are public):
- ``search_clusters``: name, town or county; accents and case ignored ("bodo" finds "Bodø"), small typos
  tolerated (difflib over the distinct words, so a query costs one pass over a vocabulary, not over rows).
- ``cluster_info``, ``label_path`` (every label with its valid / grace / lapsed period, from
  renewal.label_periods), ``expiry`` (days to expiry and the last day a renewal still counts, from
  metrics.label_states), ``participation`` (collaborations and their events), ``label_peers`` (Gold / Silver /
  Bronze among the clusters of the same county, programme level and sector; a group whose key is unknown is
  not formed).

Adviser parts (individual scores: adviser mode only):
- ``score_history``: index and six areas at every assessment; ``peer_scores``: the same for the peer groups
  (country, sector, the Gold group) with the coverage rule (median over KNOWN values, "n of N", shown only
  with at least MIN_GROUP known and at least half the group known).
- ``distance_to_gold``: points to the 80 % line; per area the gap to the Gold group's typical level.
- ``silver_path``: ESCA's Silver rule (seed-facts §C): a second benchmarking 1.5-2 years after the first that
  shows improvement in at least three areas.
- ``improvement_plan``: areas ranked by gap, the next assessment window, progress since the last assessment.

Every function takes unknown values (None / NaN / pd.NA) as unknown: nothing is filled in, and an adviser part
without a scored assessment says so (``status == "no_scores"``) instead of returning empty figures.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass, field, fields

import numpy as np
import pandas as pd

from clusterviz.data import geo
from clusterviz.data.snapshot import AREA_COLUMNS, AREAS
from clusterviz.figures import metrics
from clusterviz.figures import renewals as renewal

GOLD_LINE = 80.0  # ESCA Gold: at least 80 % of the excellence score
SILVER_MIN_AREAS = 3  # Silver: improvement in at least three of the six areas ...
SILVER_MIN_MONTHS, SILVER_MAX_MONTHS = 18, 24  # ... at a second benchmarking 1.5-2 years after the first
MEASURES = ("quality_index", *AREA_COLUMNS)
PEER_KINDS = ("county", "programme", "sector")
PEER_COLUMN = {"county": "county_code", "programme": "programme_level", "sector": "sector"}
SCORE_GROUPS = ("country", "sector", "gold")
SEARCH_LIMIT = 25
MAX_QUERY = 80  # characters a search (and its link value) may have
FUZZY_CUTOFF = 0.75  # difflib ratio for a word to count as a typo of another


def _known(value) -> bool:
    return value is not None and not (isinstance(value, float) and np.isnan(value)) and not pd.isna(value)


def _value(value):
    """A frame cell as plain Python (None when unknown): floats, ints, text, dates."""
    if not _known(value):
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return pd.Timestamp(value).date()
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def _add_months(day: pd.Timestamp, months: int) -> pd.Timestamp:
    return pd.Timestamp(day) + pd.DateOffset(months=months)


# --------------------------------------------------------------------------- search

_FOLD = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ð": "d", "ł": "l", "þ": "th"})


def fold(text) -> str:
    """Lower case without accents: 'Bodø' -> 'bodo', 'Ærø' -> 'aero', 'Tromsø' -> 'tromso'; unknown -> ''."""
    if not isinstance(text, str):
        return ""
    text = text.casefold().translate(_FOLD)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", re.sub(r"[^\w]+", " ", text)).strip()


def _search_index(clusters: pd.DataFrame) -> pd.DataFrame:
    """Per cluster its folded name, town, county name and id (what a search looks in)."""
    return pd.DataFrame(
        {
            "cluster_id": clusters["cluster_id"].to_numpy(),
            "id": clusters["cluster_id"].map(fold).to_numpy(),
            "name": clusters["name"].map(fold).to_numpy(),
            "town": clusters["home_town"].map(fold).to_numpy(),
            "county": clusters["county_code"].map(lambda c: fold(geo.county_name(c)) if _known(c) else "").to_numpy(),
        }
    )


def _word_scores(word: str, vocabulary: list[str]) -> dict[str, float]:
    """Words of the vocabulary that ``word`` finds, with a score: 1.0 for a word that starts with it (or equals
    it), 0.9 for one that contains it, else the difflib ratio when at least FUZZY_CUTOFF (a small typo)."""
    found: dict[str, float] = {}
    for other in vocabulary:
        if other.startswith(word):
            found[other] = 1.0
        elif len(word) >= 3 and word in other:
            found[other] = 0.9
    if len(word) >= 4:
        for other in difflib.get_close_matches(word, vocabulary, n=10, cutoff=FUZZY_CUTOFF):
            found.setdefault(other, round(difflib.SequenceMatcher(None, word, other).ratio(), 3))
    return found


def search_clusters(clusters: pd.DataFrame, query: str, limit: int = SEARCH_LIMIT) -> pd.DataFrame:
    """Clusters whose name, home town, county name or id match ``query``, best first.

    Accents and case are ignored; every word of the query must find a word of the cluster (its start, a part
    of it, or a word one or two letters off).  Columns: cluster_id, name, country, county_code, home_town,
    programme_level, score (0-1: the mean over the query's words), matched ("name", "town", "county", "id":
    where the best word was found).  An empty query finds nothing."""
    columns = ["cluster_id", "name", "country", "county_code", "home_town", "programme_level", "score", "matched"]
    words = fold(query).split()
    if not words or clusters.empty:
        return pd.DataFrame(columns=columns)
    index = _search_index(clusters)
    fields = ("name", "town", "county", "id")
    tokens = {f: index[f].str.split() for f in fields}
    vocabulary = sorted({w for f in fields for ws in tokens[f] for w in ws})
    total = np.zeros(len(index))
    matched = np.full(len(index), "", dtype=object)
    best = np.zeros(len(index))
    for word in words:
        found = _word_scores(word, vocabulary)
        word_best = np.zeros(len(index))
        for f in fields:
            score = tokens[f].map(lambda ws, found=found: max((found.get(w, 0.0) for w in ws), default=0.0))
            score = score.to_numpy(float)
            better = score > word_best
            word_best = np.where(better, score, word_best)
            update = better & (score > best)
            matched = np.where(update, f, matched)
            best = np.where(update, score, best)
        total = np.where(word_best > 0, total + word_best, -np.inf)
    hit = total > 0
    phrase = " ".join(words)
    exact = (
        index["name"].str.contains(phrase, regex=False) | (index["town"] == phrase) | (index["county"] == phrase) | (index["id"] == phrase)
    ).to_numpy()
    score = np.minimum(1.0, total / len(words) + np.where(exact, 0.05, 0.0))
    keep = clusters[["cluster_id", "name", "country", "county_code", "home_town", "programme_level"]].copy()
    keep["score"] = np.round(score, 3)
    keep["matched"] = matched
    keep = keep[hit]
    keep = keep.assign(_name=keep["name"].map(fold)).sort_values(["score", "_name"], ascending=[False, True])
    return keep[columns].head(limit).reset_index(drop=True)


# --------------------------------------------------------------------------- public profile


def cluster_row(clusters: pd.DataFrame, cluster_id: str) -> pd.Series | None:
    rows = clusters[clusters["cluster_id"] == cluster_id]
    return None if rows.empty else rows.iloc[0]


def cluster_info(clusters: pd.DataFrame, cluster_id: str) -> dict | None:
    """Facts about the cluster (None for each one unknown): name, country, programme_level, sector, home_town,
    county_code, county (its name), founded_year, active, source (schema 2; None when absent)."""
    row = cluster_row(clusters, cluster_id)
    if row is None:
        return None
    county = _value(row.get("county_code"))
    return {
        "cluster_id": cluster_id,
        "name": row["name"],
        "country": _value(row.get("country")),
        "programme_level": _value(row.get("programme_level")),
        "sector": _value(row.get("sector")),
        "home_town": _value(row.get("home_town")),
        "county_code": county,
        "county": geo.county_name(county) if county else None,
        "founded_year": _value(row.get("founded_year")),
        "active": _value(row.get("active")),
        "source": _value(row.get("source")),
    }


def label_path(assessments: pd.DataFrame, cluster_id: str, on) -> pd.DataFrame:
    """Every label the cluster held up to ``on``, oldest first (renewal.label_periods, the renewals page's
    rule): label_level, start, valid_until, grace_until, next_start, next_level, renewed, upgraded,
    new_start_after, gap_days, and ``state`` on ``on``: valid, grace, lapsed, or renewed (followed by a
    label within its grace year); date_precision of the award ("day" when the snapshot has none) and its
    source (None when the snapshot has none)."""
    periods = renewal.label_periods(assessments, on)
    mine = periods[periods["cluster_id"] == cluster_id].reset_index(drop=True)
    on_ts = pd.Timestamp(on)
    state = np.select(
        [mine["renewed"].astype(bool), mine["valid_until"] >= on_ts, mine["grace_until"] >= on_ts], ["renewed", "valid", "grace"], "lapsed"
    )
    awards = metrics.labelled(assessments, on_ts)
    awards = awards[awards["cluster_id"] == cluster_id].set_index("assessment_date")
    extra = {
        column: mine["start"].map(awards[column]).to_numpy() if column in awards else np.full(len(mine), default, dtype=object)
        for column, default in (("date_precision", "day"), ("source", None))
    }
    mine = mine.assign(state=state, **extra)
    return mine[
        [
            "label_level",
            "start",
            "date_precision",
            "valid_until",
            "grace_until",
            "next_start",
            "next_level",
            "renewed",
            "upgraded",
            "new_start_after",
            "gap_days",
            "state",
            "source",
        ]
    ]


def expiry(states: pd.DataFrame, cluster_id: str) -> dict:
    """From metrics.label_states: status (gold ... never), state, label_level, valid_until, days_left (days to
    expiry; negative once expired), renew_by (the last day a renewal still counts: the end of the grace year),
    days_to_renew_by; None where the cluster holds no label."""
    rows = states[states["cluster_id"] == cluster_id]
    if rows.empty:
        return {
            "status": "never",
            "state": "never",
            "label_level": None,
            "valid_until": None,
            "days_left": None,
            "renew_by": None,
            "days_to_renew_by": None,
        }
    row = rows.iloc[0]
    valid_until = _value(row["valid_until"])
    days_left = _value(row["days_left"])
    renew_by = _value(row["grace_until"])
    return {
        "status": row["status"],
        "state": row["state"],
        "label_level": _value(row["label_level"]),
        "valid_until": valid_until,
        "days_left": None if days_left is None else int(days_left),
        "renew_by": renew_by,
        "days_to_renew_by": None if renew_by is None or days_left is None else int(days_left + (renew_by - valid_until).days),
    }


def participation(
    collaborations: pd.DataFrame, members: pd.DataFrame, events: pd.DataFrame, cluster_id: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(collaborations the cluster is a member of, by start date; the events of those collaborations, by date).
    Events carry no list of clusters: an event counts when it belongs to one of the cluster's collaborations."""
    ids = members.loc[members["cluster_id"] == cluster_id, "collaboration_id"].unique()
    mine = collaborations[collaborations["collaboration_id"].isin(ids)].sort_values("start_date")
    held = events[events["collaboration_id"].isin(ids)].sort_values("start_date")
    return mine.reset_index(drop=True), held.reset_index(drop=True)


def label_peers(clusters: pd.DataFrame, states: pd.DataFrame, cluster_id: str) -> tuple[pd.DataFrame, list[str]]:
    """The cluster among the clusters sharing its county, programme level and sector, by label on the states'
    date: (frame with kind, key, clusters, gold, silver, bronze, valid, position; the kinds not formed because
    the cluster's key is unknown).  ``position`` is the cluster's place when the group is ordered by label
    (Gold first, then Silver, Bronze, no valid label): 1 + the clusters holding a higher label.  The cluster
    itself is counted in its groups."""
    columns = ["kind", "key", "clusters", "gold", "silver", "bronze", "valid", "position"]
    row = cluster_row(clusters, cluster_id)
    if row is None:
        return pd.DataFrame(columns=columns), list(PEER_KINDS)
    status = states.set_index("cluster_id")["status"]
    rank = {"gold": 3, "silver": 2, "bronze": 1}
    mine = rank.get(status.get(cluster_id), 0)
    rows, unknown = [], []
    for kind in PEER_KINDS:
        key = row.get(PEER_COLUMN[kind])
        if not _known(key):
            unknown.append(kind)
            continue
        group = clusters.loc[clusters[PEER_COLUMN[kind]] == key, "cluster_id"]
        counts = status.reindex(group).value_counts()
        gold, silver, bronze = (int(counts.get(level, 0)) for level in ("gold", "silver", "bronze"))
        higher = sum(n for level, n in (("gold", gold), ("silver", silver), ("bronze", bronze)) if rank[level] > mine)
        rows.append(
            {
                "kind": kind,
                "key": key,
                "clusters": len(group),
                "gold": gold,
                "silver": silver,
                "bronze": bronze,
                "valid": gold + silver + bronze,
                "position": higher + 1,
            }
        )
    return pd.DataFrame(rows, columns=columns), unknown


# --------------------------------------------------------------------------- adviser: scores


def score_history(assessments: pd.DataFrame, cluster_id: str, on) -> pd.DataFrame:
    """Every assessment of the cluster up to ``on`` (labelled or not), oldest first: assessment_id,
    assessment_date, date_precision ("day" when the snapshot has none), assessment_type, label_level,
    quality_index, area_*; ``scored`` says whether any score is known.  Confidential: adviser mode only."""
    mine = assessments[(assessments["cluster_id"] == cluster_id) & (assessments["assessment_date"] <= pd.Timestamp(on))]
    mine = mine.sort_values("assessment_date")
    out = pd.DataFrame(
        {
            "assessment_id": mine["assessment_id"].to_numpy(),
            "assessment_date": pd.to_datetime(mine["assessment_date"]).to_numpy(),
            "date_precision": (mine["date_precision"].to_numpy() if "date_precision" in mine else ["day"] * len(mine)),
            "assessment_type": mine["assessment_type"].to_numpy(),
            "label_level": mine["label_level"].to_numpy(),
        }
    )
    for column in MEASURES:
        out[column] = pd.to_numeric(mine[column], errors="coerce").astype(float).to_numpy()
    out["scored"] = out[list(MEASURES)].notna().any(axis=1)
    return out


def scored(history: pd.DataFrame) -> pd.DataFrame:
    return history[history["scored"]].reset_index(drop=True)


def peer_scores(clusters: pd.DataFrame, assessments: pd.DataFrame, states: pd.DataFrame, on, cluster_id: str) -> pd.DataFrame:
    """The cluster's peer groups by score on ``on``: every other cluster with a valid label, measured at its
    latest labelled assessment (comparison.current_assessments' population) — same country, same sector (not
    formed when the sector is unknown) and the Gold group (a valid Gold label, any country).

    Tidy: group, key, measure (quality_index, area_*), size (clusters in the group), known (with a known value),
    median and mean over the known values, shown (the coverage rule; median/mean NaN when not shown)."""
    columns = ["group", "key", "measure", "size", "known", "median", "mean", "shown"]
    row = cluster_row(clusters, cluster_id)
    if row is None:
        return pd.DataFrame(columns=columns)
    valid = states.loc[states["state"] == "valid", "cluster_id"]
    history = metrics.labelled(assessments, pd.Timestamp(on))
    current = history[history["cluster_id"].isin(valid)].groupby("cluster_id", sort=False).tail(1)
    current = current[current["cluster_id"] != cluster_id].merge(clusters[["cluster_id", "country", "sector"]], on="cluster_id")
    groups = {"country": (row.get("country"), current[current["country"] == row.get("country")])}
    if _known(row.get("sector")):
        groups["sector"] = (row.get("sector"), current[current["sector"] == row.get("sector")])
    groups["gold"] = ("gold", current[current["label_level"] == "gold"])
    rows = []
    for group, (key, frame) in groups.items():
        size = len(frame)
        for measure in MEASURES:
            values = pd.to_numeric(frame[measure], errors="coerce").dropna().astype(float)
            shown = metrics.covered(len(values), size)  # 3 known even for advisers: a plan's target
            # from one or two clusters is their own score
            rows.append(
                {
                    "group": group,
                    "key": key,
                    "measure": measure,
                    "size": size,
                    "known": len(values),
                    "median": round(float(values.median()), 1) if shown else np.nan,
                    "mean": round(float(values.mean()), 1) if shown else np.nan,
                    "shown": shown,
                }
            )
    return pd.DataFrame(rows, columns=columns)


@dataclass
class Distance:
    """How far the cluster's latest scored assessment is from Gold.  status: "ok" or "no_scores"."""

    status: str
    assessment_date: dt.date | None = None
    quality_index: float | None = None
    points_to_gold: float | None = None  # 80 - index (0 when at or above the line); None: index unknown
    areas: pd.DataFrame = field(default_factory=pd.DataFrame)  # area, score, gold_typical, gold_known, gold_size, shown, gap


def distance_to_gold(history: pd.DataFrame, peers: pd.DataFrame) -> Distance:
    """Points to the 80 % line, and per area the gap to the Gold group's typical (median) level:
    gap = typical - score (positive: below the Gold group).  An area without a known score, or whose Gold
    group figure is not shown (coverage rule), has no gap."""
    have = scored(history)
    if have.empty:
        return Distance("no_scores")
    latest = have.iloc[-1]
    index = _value(latest["quality_index"])
    gold = peers[peers["group"] == "gold"].set_index("measure") if len(peers) else pd.DataFrame()
    rows = []
    for area, column in zip(AREAS, AREA_COLUMNS):
        score = _value(latest[column])
        has = column in gold.index
        typical = float(gold.at[column, "median"]) if has and bool(gold.at[column, "shown"]) else None
        rows.append(
            {
                "area": area,
                "score": score,
                "gold_typical": typical,
                "gold_known": int(gold.at[column, "known"]) if has else 0,
                "gold_size": int(gold.at[column, "size"]) if has else 0,
                "shown": typical is not None,
                "gap": None if score is None or typical is None else round(typical - score, 1),
            }
        )
    return Distance(
        "ok", _value(latest["assessment_date"]), index, None if index is None else round(max(0.0, GOLD_LINE - index), 1), pd.DataFrame(rows)
    )


@dataclass
class SilverPath:
    """ESCA's Silver rule applied to the cluster's scored assessments.

    status: met (the latest pair of benchmarkings is 18-24 months apart and improved in >= 3 areas),
    missed_areas (inside the window, too few areas improved), outside_window (the pair is not 18-24 months
    apart), one_assessment (nothing to compare with yet), no_scores.  ``first``/``second``: the pair compared
    (the two latest scored assessments); ``areas``: area, before, after, change, improved (None when unknown);
    ``missing``: areas still to improve (0 when met); ``next_window``: when a benchmarking would count as the
    second one after the latest (18-24 months after it); ``approximate``: a date of the pair is only known
    to the month or year."""

    status: str
    first: dt.date | None = None
    second: dt.date | None = None
    months_apart: float | None = None
    in_window: bool | None = None
    improved: int = 0
    unknown_areas: int = 0
    missing: int = SILVER_MIN_AREAS
    areas: pd.DataFrame = field(default_factory=pd.DataFrame)
    next_window: tuple[dt.date, dt.date] | None = None
    approximate: bool = False

    @property
    def met(self) -> bool:
        return self.status == "met"


def months_between(a, b) -> float:
    """Calendar months from a to b, with the days as a fraction of a month (2015-03-10 -> 2016-09-10 = 18.0)."""
    a, b = pd.Timestamp(a), pd.Timestamp(b)
    whole = (b.year - a.year) * 12 + (b.month - a.month)
    if b.day < a.day:
        whole -= 1
    rest = (b - _add_months(a, whole)).days
    return round(whole + rest / 30.4375, 2)


def silver_window(first) -> tuple[dt.date, dt.date]:
    """The days a second benchmarking counts for Silver: 18 to 24 months after ``first``."""
    return _add_months(first, SILVER_MIN_MONTHS).date(), _add_months(first, SILVER_MAX_MONTHS).date()


def silver_path(history: pd.DataFrame) -> SilverPath:
    """The Silver rule on the cluster's two latest scored assessments (see SilverPath)."""
    have = scored(history)
    if have.empty:
        return SilverPath("no_scores")
    last = have.iloc[-1]
    window = silver_window(last["assessment_date"])
    if len(have) == 1:
        return SilverPath(
            "one_assessment", first=_value(last["assessment_date"]), next_window=window, approximate=last["date_precision"] != "day"
        )
    before = have.iloc[-2]
    first, second = pd.Timestamp(before["assessment_date"]), pd.Timestamp(last["assessment_date"])
    lo, hi = silver_window(first)
    in_window = pd.Timestamp(lo) <= second <= pd.Timestamp(hi)
    rows = []
    for area, column in zip(AREAS, AREA_COLUMNS):
        a, b = _value(before[column]), _value(last[column])
        change = None if a is None or b is None else round(b - a, 1)
        rows.append({"area": area, "before": a, "after": b, "change": change, "improved": None if change is None else change > 0})
    areas = pd.DataFrame(rows)
    improved = int(areas["improved"].eq(True).sum())  # None (unknown) is not an improvement
    unknown = int(areas["improved"].isna().sum())
    status = "outside_window" if not in_window else ("met" if improved >= SILVER_MIN_AREAS else "missed_areas")
    return SilverPath(
        status,
        first.date(),
        second.date(),
        months_between(first, second),
        bool(in_window),
        improved,
        unknown,
        max(0, SILVER_MIN_AREAS - improved),
        areas,
        window,
        approximate=bool((before["date_precision"] != "day") or (last["date_precision"] != "day")),
    )


@dataclass
class Plan:
    """The improvement plan.  status: "ok" or "no_scores".  ``areas``: rank, area, score, target, target_kind
    ("gold_group": the Gold group's typical level; "gold_line": 80 when the Gold group's figure is not
    shown), gap, previous, change (since the assessment before); ``progress``: index change since the
    assessment before (None without one); ``next_window`` (Silver's 18-24 months after the latest);
    ``renew_by``: the last day a renewal of the current label counts (None without a label)."""

    status: str
    latest: dt.date | None = None
    previous: dt.date | None = None
    areas: pd.DataFrame = field(default_factory=pd.DataFrame)
    index_change: float | None = None
    improved_since: int = 0
    next_window: tuple[dt.date, dt.date] | None = None
    renew_by: dt.date | None = None


def improvement_plan(history: pd.DataFrame, distance: Distance, silver: SilverPath, renew_by=None) -> Plan:
    """Areas ranked by their gap to the target (largest first; areas without a known score last, unranked),
    the next assessment window and the progress since the assessment before the latest."""
    have = scored(history)
    if have.empty or distance.status != "ok":
        return Plan("no_scores", renew_by=_value(renew_by))
    previous = have.iloc[-2] if len(have) > 1 else None
    rows = []
    for r in distance.areas.itertuples():
        column = f"area_{r.area}"
        target, kind = (r.gold_typical, "gold_group") if r.shown else (GOLD_LINE, "gold_line")
        before = None if previous is None else _value(previous[column])
        rows.append(
            {
                "area": r.area,
                "score": r.score,
                "target": target,
                "target_kind": kind,
                "gap": None if r.score is None else round(target - r.score, 1),
                "previous": before,
                "change": None if before is None or r.score is None else round(r.score - before, 1),
            }
        )
    areas = pd.DataFrame(rows)
    areas["_order"] = areas["gap"].astype(float).fillna(-np.inf)
    areas = areas.sort_values("_order", ascending=False, kind="stable").drop(columns="_order").reset_index(drop=True)
    areas.insert(0, "rank", pd.array([i + 1 if _known(g) else None for i, g in enumerate(areas["gap"])], dtype="Int64"))
    index_change = None
    if previous is not None and _known(previous["quality_index"]) and distance.quality_index is not None:
        index_change = round(distance.quality_index - float(previous["quality_index"]), 1)
    improved = int((areas["change"].astype(float) > 0).sum())
    return Plan(
        "ok",
        distance.assessment_date,
        None if previous is None else _value(previous["assessment_date"]),
        areas,
        index_change,
        improved,
        silver.next_window,
        _value(renew_by),
    )


# --------------------------------------------------------------------------- everything at once (page, CLI)


def public_figures(snapshot, states: pd.DataFrame, cluster_id: str) -> dict | None:
    """The public profile's parts as frames and dicts: info, expiry, path, collaborations, events, peers,
    peers_not_formed.  None when the cluster is not in the snapshot.  Shared between sessions: read only."""
    info = cluster_info(snapshot.clusters, cluster_id)
    if info is None:
        return None
    collabs, events = participation(snapshot.collaborations, snapshot.collaboration_members, snapshot.events, cluster_id)
    peers, unknown = label_peers(snapshot.clusters, states, cluster_id)
    return {
        "info": info,
        "expiry": expiry(states, cluster_id),
        "path": label_path(snapshot.assessments, cluster_id, snapshot.as_of),
        "collaborations": collabs,
        "events": events,
        "peers": peers,
        "peers_not_formed": unknown,
    }


def adviser_figures(snapshot, states: pd.DataFrame, cluster_id: str, renew_by=None) -> dict:
    """The adviser profile's parts: history (score_history), peers (peer_scores), distance, silver, plan.
    Confidential: adviser mode only."""
    on = snapshot.as_of
    history = score_history(snapshot.assessments, cluster_id, on)
    peers = peer_scores(snapshot.clusters, snapshot.assessments, states, on, cluster_id)
    distance = distance_to_gold(history, peers)
    silver = silver_path(history)
    return {
        "history": history,
        "peers": peers,
        "distance": distance,
        "silver": silver,
        "plan": improvement_plan(history, distance, silver, renew_by),
    }


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: _json(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _json(value):
    value = _value(value) if not isinstance(value, (list, tuple, dict)) else value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    if isinstance(value, np.ndarray):
        return [_json(v) for v in value.tolist()]
    return value


def as_plain(result) -> dict:
    """A Distance / SilverPath / Plan as plain data (frames as lists of records, dates as ISO text)."""
    return {
        f.name: _records(getattr(result, f.name)) if isinstance(getattr(result, f.name), pd.DataFrame) else _json(getattr(result, f.name))
        for f in fields(result)
    }


def profile(snapshot, cluster_id: str, *, adviser: bool = False, states: pd.DataFrame | None = None) -> dict | None:
    """The whole profile as plain data (JSON-ready; dates as ISO text): what ``python -m clusterviz profile``
    prints and the documents hold.  Public unless ``adviser``: then the scores, the distance to Gold, the
    Silver path and the plan are added.  None when the cluster is not in the snapshot."""
    on = snapshot.as_of
    states = states if states is not None else metrics.label_states(snapshot.clusters, snapshot.assessments, on)
    public = public_figures(snapshot, states, cluster_id)
    if public is None:
        return None
    out = {
        "snapshot": on.isoformat(),
        "demo": snapshot.demo,
        "mode": "adviser" if adviser else "public",
        "cluster": {k: _json(v) for k, v in public["info"].items()},
        "expiry": {k: _json(v) for k, v in public["expiry"].items()},
        "label_path": _records(public["path"]),
        "collaborations": _records(public["collaborations"][["collaboration_id", "name", "kind", "start_date", "end_date"]]),
        "events": _records(public["events"][["event_id", "name", "kind", "start_date", "place", "status"]]),
        "label_peers": _records(public["peers"]),
        "label_peers_not_formed": public["peers_not_formed"],
    }
    if adviser:
        figures = adviser_figures(snapshot, states, cluster_id, public["expiry"]["renew_by"])
        out["scores"] = _records(figures["history"][["assessment_date", "date_precision", "assessment_type", "label_level", *MEASURES]])
        out["peer_scores"] = _records(figures["peers"])
        out["distance_to_gold"] = as_plain(figures["distance"])
        out["silver_path"] = {**as_plain(figures["silver"]), "met": figures["silver"].met}
        out["plan"] = as_plain(figures["plan"])
    return out
