"""One cluster: find it and its public profile (no Streamlit, no translator; for advisers, the distance to
Gold, the Silver rule and the plan are cluster_adviser.py; the whole profile as plain data cluster_json.py).

- ``search_clusters``: name, town or county; accents and case ignored ("bodo" finds "Bodø"), small typos
  tolerated (difflib over the distinct words, so a query costs one pass over a vocabulary, not over rows).
- ``cluster_info``, ``label_path`` (every label with its valid / grace / lapsed period, from
  renewal.label_periods), ``expiry`` (days to expiry and the last day a renewal still counts, from
  metrics.label_states), ``participation`` (collaborations and their events), ``label_peers`` (Gold / Silver /
  Bronze among the clusters of the same county, programme level and sector; a group whose key is unknown is
  not formed).  Labels and their validity are public.

Every function takes unknown values (None / NaN / pd.NA) as unknown (``is_known``, ``plain_value``): nothing is
filled in.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata

import numpy as np
import pandas as pd

from clusterviz.data import geo
from clusterviz.figures import metrics
from clusterviz.figures import renewals as renewal

PEER_KINDS = ("county", "programme", "sector")
PEER_COLUMN = {"county": "county_code", "programme": "programme_level", "sector": "sector"}
SEARCH_LIMIT = 25
MAX_QUERY = 80  # characters a search (and its link value) may have
FUZZY_CUTOFF = 0.75  # difflib ratio for a word to count as a typo of another


def is_known(value) -> bool:
    """False for None, NaN, NaT and pd.NA: a value the data does not give."""
    return value is not None and not (isinstance(value, float) and np.isnan(value)) and not pd.isna(value)


def plain_value(value):
    """A frame cell as plain Python (None when unknown): floats, ints, text, dates."""
    if not is_known(value):
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
            "county": clusters["county_code"].map(lambda c: fold(geo.county_name(c)) if is_known(c) else "").to_numpy(),
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
    county = plain_value(row.get("county_code"))
    return {
        "cluster_id": cluster_id,
        "name": row["name"],
        "country": plain_value(row.get("country")),
        "programme_level": plain_value(row.get("programme_level")),
        "sector": plain_value(row.get("sector")),
        "home_town": plain_value(row.get("home_town")),
        "county_code": county,
        "county": geo.county_name(county) if county else None,
        "founded_year": plain_value(row.get("founded_year")),
        "active": plain_value(row.get("active")),
        "source": plain_value(row.get("source")),
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
    valid_until = plain_value(row["valid_until"])
    days_left = plain_value(row["days_left"])
    renew_by = plain_value(row["grace_until"])
    return {
        "status": row["status"],
        "state": row["state"],
        "label_level": plain_value(row["label_level"]),
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
        if not is_known(key):
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


# --------------------------------------------------------------------------- everything at once (the page)


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
