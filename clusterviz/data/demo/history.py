"""The demo's tables: built from the stories (indices calibrated to the articles), sliced per snapshot date, written.

``build_history`` makes every table up to the newest snapshot; ``slice_history`` what a snapshot of an earlier
date would have held; ``write_demo`` writes the bundled snapshots (data/snapshots).
"""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd

from clusterviz.data import geo
from clusterviz.data.demo.activities import collaborations_and_events
from clusterviz.data.demo.stories import DK_NAME_WORDS, NAME_WORDS, Story, add_months, denmark_stories, norway_stories
from clusterviz.data.snapshot import AREA_COLUMNS, LIGHTS, write_snapshot

SNAPSHOT_DATES = tuple(
    dt.date.fromisoformat(d) for d in ("2013-03-01", "2014-03-01", "2015-03-01", "2016-03-01", "2016-11-01", "2017-03-01")
)
WINDOW = (dt.date(2014, 2, 1), dt.date(2016, 8, 31))
TARGET_MEAN = {"NO": 63.6, "DK": 67.2}
SOURCE = "clusterviz demo data (invented clusters, real places) calibrated to the 2017 articles"
CREATED = "demo"  # fixed, so that two runs write the same manifest
COLLECTION = "demo"  # the manifest's collection name; WINDOW goes in as its comparison_window
SEED = 20170301

# Offsets of each ESCA area from the quality index, per country (sum 0): Denmark is stronger on
# management and services, Norway on interaction and recognition.
AREA_PATTERN = {"NO": (3.0, -3.0, -2.0, -4.0, 5.0, 1.0), "DK": (1.0, 3.0, -1.0, 2.0, 1.0, -6.0)}


def valid_until(day: dt.date) -> dt.date:
    """A label is valid to the end of the month two years after the assessment."""
    first_of_next = add_months(dt.date(day.year, day.month, 1), 25)
    return first_of_next - dt.timedelta(days=1)


# --------------------------------------------------------------------------- from stories to tables


def _names(stories: list[Story], rng: random.Random) -> None:
    used: set[str] = set()
    prefix = {"gce": "GCE ", "nce": "NCE ", "arena": "Arena ", "arena_pro": "Arena Pro ", "dk_national": "", "dk_other": ""}
    for st in stories:
        words = (NAME_WORDS if st.country == "NO" else DK_NAME_WORDS).get(st.sector) or ["Klynge"]
        town = geo.MUNICIPALITIES[st.municipality_code][1]
        candidates = [w for w in words if w not in used] or [f"{w} {town}" for w in words if f"{w} {town}" not in used]
        word = candidates[rng.randrange(len(candidates))] if candidates else f"{words[0]} {st.cluster_id}"
        used.add(word)
        st.name = f"{prefix[st.programme_level]}{word} (demo)"


def area_scores(index: float, country: str, rng: random.Random) -> list[float]:
    """Six area scores (one decimal) whose mean is exactly ``index``."""
    pattern = AREA_PATTERN[country]
    tenths = [round((index + p + rng.uniform(-4, 4)) * 10) for p in pattern]
    tenths = [min(1000, max(0, t)) for t in tenths]
    diff = round(index * 60) - sum(tenths)
    i = 0
    while diff != 0:
        step = 1 if diff > 0 else -1
        if 0 <= tenths[i % 6] + step <= 1000:
            tenths[i % 6] += step
            diff -= step
        i += 1
    return [t / 10 for t in tenths]


def training_lights(rng: random.Random, all_green: bool | None) -> list[str]:
    if all_green:
        return ["green"] * 3
    while True:
        lights = [rng.choice(("green", "green", "yellow", "red")) for _ in range(3)]
        if all_green is None or lights != ["green"] * 3:
            return lights


def _calibrate(indices: dict[str, float], fixed: set[str], target_sum_tenths: int) -> dict[str, float]:
    """Spread the gap to the target sum over the free indices, a tenth at a time, inside 40-79.9."""
    tenths = {k: round(v * 10) for k, v in indices.items()}
    free = sorted(k for k in tenths if k not in fixed)
    diff = target_sum_tenths - sum(tenths.values())
    i = 0
    while diff != 0:
        key = free[i % len(free)]
        step = 1 if diff > 0 else -1
        if 400 <= tenths[key] + step <= 799:
            tenths[key] += step
            diff -= step
        i += 1
    return {k: t / 10 for k, t in tenths.items()}


def build_history(seed: int = SEED) -> dict[str, pd.DataFrame]:
    """All demo tables up to the newest snapshot, with helper columns (_inactive_from) for slicing."""
    rng = random.Random(seed)
    stories = norway_stories() + denmark_stories()
    _names(stories, rng)

    # indices: the latest assessment of each cluster inside the window is the one that counts
    rows = []
    for st in stories:
        for n, (day, atype, label) in enumerate(st.events):
            rows.append({"story": st, "n": n, "date": day, "type": atype, "label": label})
    in_window = {}
    for r in rows:
        if WINDOW[0] <= r["date"] <= WINDOW[1]:
            in_window[r["story"].cluster_id] = r  # rows are in date order per story
    for country in ("NO", "DK"):
        keys = [cid for cid, r in in_window.items() if r["story"].country == country]
        fixed = {cid for cid in keys if in_window[cid]["story"].in_sample_index is not None}
        start = {cid: (in_window[cid]["story"].in_sample_index or round(rng.uniform(48, 74), 1)) for cid in keys}
        calibrated = _calibrate(start, fixed, round(TARGET_MEAN[country] * 10) * len(keys))
        for cid, value in calibrated.items():
            in_window[cid]["index"] = value
            in_window[cid]["sample"] = True

    assessments = []
    previous_index: dict[str, float] = {}
    for r in rows:
        st = r["story"]
        if "index" in r:
            index = r["index"]
        elif r["label"] == "gold":
            index = round(rng.uniform(80.5, 88), 1)
        elif r["label"] == "silver":
            index = round(min(79.5, previous_index.get(st.cluster_id, 65) + rng.uniform(6, 10)), 1)
        else:
            base = previous_index.get(st.cluster_id)
            index = round(rng.uniform(45, 72) if base is None else min(79, base + rng.uniform(-2, 6)), 1)
        previous_index[st.cluster_id] = index
        lights = training_lights(rng, st.all_green if r.get("sample") else (None if r["label"] != "gold" else True))
        assessments.append(
            {
                "assessment_id": f"{st.cluster_id}-A{r['n'] + 1}",
                "cluster_id": st.cluster_id,
                "assessment_date": pd.Timestamp(r["date"]),
                "assessment_type": r["type"],
                "label_level": r["label"],
                "valid_until": pd.Timestamp(valid_until(r["date"])),
                "quality_index": index,
                **dict(zip(AREA_COLUMNS, area_scores(index, st.country, rng))),
                **dict(zip(LIGHTS, lights)),
            }
        )

    clusters = []
    for st in stories:
        country, town, county, lat, lon = geo.MUNICIPALITIES[st.municipality_code]
        first_year = st.events[0][0].year if st.events else (st.founded_year or 2015)
        founded = st.founded_year or max(2000, first_year - rng.randint(1, 6))
        clusters.append(
            {
                "cluster_id": st.cluster_id,
                "name": st.name,
                "country": st.country,
                "programme_level": st.programme_level,
                "sector": st.sector,
                "home_town": town,
                "municipality_code": st.municipality_code,
                "county_code": county,
                "lat": lat,
                "lon": lon,
                "founded_year": founded,
                "active": True,
                "_inactive_from": pd.Timestamp(st.inactive_from) if st.inactive_from else pd.NaT,
            }
        )

    pilot = [st.cluster_id for st in stories if st.extra.get("pilot")]
    north = pilot + ["NO-009", "NO-023", "NO-018", "NO-067", "NO-072"]
    return {"clusters": pd.DataFrame(clusters), "assessments": pd.DataFrame(assessments), **collaborations_and_events(pilot, north)}


EVENT_HORIZON_DAYS = 122  # a snapshot knows the events announced up to four months ahead


def slice_history(history: dict[str, pd.DataFrame], as_of: dt.date) -> dict[str, pd.DataFrame]:
    """What a snapshot dated ``as_of`` would have held."""
    ts = pd.Timestamp(as_of)
    clusters = history["clusters"]
    clusters = clusters[clusters["founded_year"] <= as_of.year].copy()
    clusters["active"] = clusters["_inactive_from"].isna() | (clusters["_inactive_from"] > ts)
    clusters = clusters.drop(columns="_inactive_from").reset_index(drop=True)
    assessments = history["assessments"]
    assessments = assessments[(assessments["assessment_date"] <= ts) & assessments["cluster_id"].isin(clusters["cluster_id"])].reset_index(
        drop=True
    )
    collaborations = history["collaborations"]
    collaborations = collaborations[collaborations["start_date"] <= ts].reset_index(drop=True)
    members = history["collaboration_members"]
    members = members[
        members["collaboration_id"].isin(collaborations["collaboration_id"]) & members["cluster_id"].isin(clusters["cluster_id"])
    ].reset_index(drop=True)
    events = history["events"]
    events = events[
        (events["start_date"] <= ts + pd.Timedelta(days=EVENT_HORIZON_DAYS))
        & (events["collaboration_id"].isna() | events["collaboration_id"].isin(collaborations["collaboration_id"]))
    ].copy()
    events["status"] = ["planned" if d > ts else "held" for d in events["start_date"]]
    return {
        "clusters": clusters,
        "assessments": assessments,
        "collaborations": collaborations,
        "collaboration_members": members,
        "events": events.reset_index(drop=True),
    }


def write_demo(out: str, dates=SNAPSHOT_DATES, seed: int = SEED) -> list[str]:
    """Write the bundled demo snapshots under ``out/snapshots/``; replaces older demo snapshots of the same dates."""
    history = build_history(seed)
    return [write_demo_snapshot(out, day, slice_history(history, day), SOURCE, window=WINDOW) for day in dates]


def write_demo_snapshot(out: str, as_of: dt.date, frames: dict[str, pd.DataFrame], source: str, window=None) -> str:
    """One demo snapshot under ``out/snapshots/``: marked demo, in the demo collection, replacing an older one of
    its date, with a fixed creation stamp so that two runs write the same bytes; ``window``: its comparison window."""
    root = f"{str(out).rstrip('/')}/snapshots"
    return write_snapshot(
        root, as_of, frames, source=source, demo=True, overwrite=True, created=CREATED, comparison_window=window, collection=COLLECTION
    )
