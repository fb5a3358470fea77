"""Deterministic demo snapshots, calibrated to ../shared/seed-facts.md §D.

Every cluster name is invented and ends in "(demo)"; towns, municipalities and counties are real.  The
histories are written out by hand as *stories* (first benchmarking, renewals, Gold, lapse) so that the
figures of the 2017 articles follow from the data, not from constants:

Norway at 2017-03-01 (73 organisations)
    G   6  first Bronze 2012-13, Gold inside the Feb 2014-Aug 2016 comparison window  -> 6 valid Gold
    R  18  first Bronze 2012-14, renewed (some inside the grace year)                  -> 6 + 18 = 24 renewed
    L  31  first Bronze 2012-15, never renewed (4 no longer operative, 2 still in grace) -> 31 not renewed
    B  12  first label still running (2 in the window, the 7 Nordland pilot clusters of Sep 2016, 3 later)
    C   6  never certified
Denmark (37): 8 Gold and 6 Silver valid, 15 Bronze in the window, 3 lapsed early, 2 recent, 3 never.

The comparison sample (a labelled assessment between 2014-02-01 and 2016-08-31) is G+R+2L+2B = 28 in
Norway and 8+6+15 = 29 in Denmark; the quality indices of each organisation's latest assessment in the
window are calibrated to sum to 28 x 63.6 and 29 x 67.2, and 9 of the 28 have all three training lights
green.  Area scores average exactly to the quality index.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

import pandas as pd

from clusterviz.data import geo
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


@dataclass
class Story:
    cluster_id: str
    country: str
    programme_level: str
    sector: str
    municipality_code: str
    events: list  # [(date, type, label)] in order
    founded_year: int | None = None
    inactive_from: dt.date | None = None
    in_sample_index: float | None = None  # fixed index of the latest assessment in the window
    all_green: bool | None = None  # training lights of the latest assessment in the window
    name: str = ""
    extra: dict = field(default_factory=dict)


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, 28))


def valid_until(day: dt.date) -> dt.date:
    """A label is valid to the end of the month two years after the assessment."""
    first_of_next = _add_months(dt.date(day.year, day.month, 1), 25)
    return first_of_next - dt.timedelta(days=1)


# --------------------------------------------------------------------------- the stories

NAME_WORDS = {
    "maritime": ["Blå Kyst", "Havkraft", "Skipsleia", "Kystverft", "Nordsjø Marin"],
    "energy": ["Energivest", "Kraftfjord", "Vindkyst", "Fornybar Nord", "Solgløtt"],
    "subsea": ["Dypvann", "Havbunn", "Undervann Teknikk"],
    "manufacturing": ["Produksjonsløftet", "Industrikraft", "Automasjonsdalen", "Metallringen"],
    "systems": ["Systemdalen", "Kongsteknikk", "Sensorbyen"],
    "ict": ["Digitalt Fjell", "Datafjord", "Smartby", "Kodeverket"],
    "health": ["Helsebro", "Medtek Vest", "Omsorgsinnovasjon", "Livsvitenskap Øst"],
    "seafood": ["Sjømatlaget", "Laksesenteret", "Torskeriket", "Havbruksringen"],
    "food": ["Matfjellet", "Smaksriket", "Grønn Mat"],
    "tourism": ["Opplevelsesnord", "Fjordreiser", "Arktisk Opplevelse", "Fjellturisme"],
    "process": ["Prosessbyen", "Materialparken", "Kjemiløftet"],
    "creative": ["Kreativ Kyst", "Designhuset", "Spillfabrikken"],
    "construction": ["Byggklyngen", "Trebyen", "Smarte Bygg"],
    "mining": ["Mineralnord", "Bergverket"],
    "space": ["Romdalen"],
}
DK_NAME_WORDS = {
    "maritime": ["Blue Denmark Hub", "Havnenettet", "Skibsfart Syd"],
    "energy": ["Energiklyngen", "Vindkraft Vest", "Offshore Syd", "Fjernvarme Netværk"],
    "health": ["Medico Hovedstad", "Sundhedsteknologi", "Biotek Øresund"],
    "food": ["Fødevarenetværket", "Smagen af Danmark", "Agro Innovation"],
    "ict": ["Digital Danmark", "Robotnetværket", "Data Nord"],
    "manufacturing": ["Produktionsnetværket", "Metal Midt", "Automatik Syd"],
    "creative": ["Kreativ Zone", "Spilhuset"],
    "construction": ["Byggeri Netværk", "Bolig Innovation"],
    "tourism": ["Turisme Kyst", "Oplevelser Nord"],
    "environment": ["Vandklyngen", "Miljøteknologi", "Cirkulær Øst"],
    "textile": ["Tekstil Midt"],
    "logistics": ["Logistik Trekant"],
}


def _norway_stories() -> list[Story]:
    s: list[Story] = []

    def story(cid, level, sector, muni, events, **kw):
        s.append(Story(cid, "NO", level, sector, muni, events, **kw))

    B, S, G = ("benchmarking", "bronze"), ("silver", "silver"), ("gold", "gold")
    # G: six Gold clusters, Gold awarded inside the comparison window
    gold = [
        ("NO-001", "gce", "maritime", "1508", "2012-10-10", ["2014-09-15", "2016-09-07"], 84.2, True),
        ("NO-002", "nce", "systems", "3303", "2012-11-20", ["2014-10-22", "2016-10-12"], 82.7, True),
        ("NO-003", "gce", "subsea", "4601", "2013-02-12", ["2015-01-28", "2016-12-14"], 85.1, True),
        ("NO-004", "nce", "energy", "1103", "2013-04-09", ["2015-04-15"], 81.3, True),
        ("NO-005", "nce", "manufacturing", "3443", "2013-06-12", ["2015-06-10"], 80.8, False),
        ("NO-006", "nce", "maritime", "4614", "2013-09-18", ["2015-09-16"], 83.4, False),
    ]
    for cid, level, sector, muni, first, golds, index, green in gold:
        story(cid, level, sector, muni, [(_d(first), *B)] + [(_d(g), *G) for g in golds], in_sample_index=index, all_green=green)
    # R: eighteen renewed Bronze (offsets in months after the previous assessment)
    renewed = [
        ("NO-007", "nce", "health", "0301", "2012-09-12", [23], False),
        ("NO-008", "arena", "ict", "0301", "2012-11-06", [23, 23], False),
        ("NO-009", "arena", "seafood", "5501", "2013-01-15", [24], False),
        ("NO-010", "nce", "energy", "4601", "2013-02-20", [26], False),
        ("NO-011", "arena", "tourism", "3405", "2013-04-17", [23], True),
        ("NO-012", "arena", "food", "3403", "2013-05-22", [23], False),
        ("NO-013", "nce", "process", "4001", "2013-08-28", [22], False),
        ("NO-014", "arena", "creative", "3101", "2013-10-09", [23], True),
        ("NO-015", "arena", "construction", "3201", "2013-11-13", [25], False),
        ("NO-016", "arena", "ict", "4204", "2014-01-22", [23], False),
        ("NO-017", "nce", "process", "4203", "2014-03-12", [23], True),
        ("NO-018", "arena", "seafood", "5601", "2014-04-23", [23], False),
        ("NO-019", "arena", "maritime", "1506", "2014-06-11", [23], True),
        ("NO-020", "arena", "manufacturing", "3107", "2014-08-27", [23], False),
        ("NO-021", "arena", "energy", "3301", "2014-09-24", [23], True),
        ("NO-022", "arena", "health", "5006", "2014-10-15", [24], False),
        ("NO-023", "arena", "space", "5501", "2014-11-19", [26], False),
        ("NO-024", "arena", "food", "3901", "2014-12-10", [24], False),
    ]
    for cid, level, sector, muni, first, offsets, green in renewed:
        dates = [_d(first)]
        for months in offsets:
            dates.append(_add_months(dates[-1], months))
        story(cid, level, sector, muni, [(d, *B) for d in dates], all_green=green)
    # L: thirty-one that let the first label run out
    lapsed_munis = [
        "0301",
        "1106",
        "1108",
        "1505",
        "3205",
        "3203",
        "3420",
        "3407",
        "3905",
        "3907",
        "3909",
        "4003",
        "4005",
        "4202",
        "4602",
        "4647",
        "4651",
        "5037",
        "1516",
        "0301",
        "4601",
        "1103",
        "3303",
        "5605",
        "3403",
        "4204",
        "1508",
        "3901",
        "5006",
        "5501",
        "3301",
    ]
    lapsed_sectors = [
        "ict",
        "maritime",
        "energy",
        "seafood",
        "health",
        "creative",
        "food",
        "manufacturing",
        "tourism",
        "construction",
        "process",
        "ict",
        "food",
        "energy",
        "seafood",
        "tourism",
        "tourism",
        "food",
        "maritime",
        "creative",
        "health",
        "energy",
        "ict",
        "mining",
        "construction",
        "tourism",
        "seafood",
        "manufacturing",
        "food",
        "tourism",
        "health",
    ]
    start = _d("2012-06-06")
    for i in range(31):
        cid = f"NO-{25 + i:03d}"
        if i == 29:
            first_day = _d("2014-06-18")  # in the window, still inside the grace year at 2017-03-01
        elif i == 30:
            first_day = _d("2015-01-21")  # likewise
        else:
            first_day = start + dt.timedelta(days=20 * i + (i % 3) * 3)  # 2012-06 .. 2014-01
        inactive = {3: "2015-06-30", 11: "2015-12-31", 18: "2016-06-30", 24: "2016-12-31"}.get(i)
        story(
            cid,
            "arena",
            lapsed_sectors[i],
            lapsed_munis[i],
            [(first_day, *B)],
            inactive_from=_d(inactive) if inactive else None,
            all_green=False,
        )
    # B: first label still running
    still = [("NO-056", "arena", "ict", "4601", "2015-09-09", False), ("NO-057", "arena", "health", "3201", "2016-04-13", False)]
    for cid, level, sector, muni, first, green in still:
        story(cid, level, sector, muni, [(_d(first), *B)], all_green=green)
    nordland = [  # the 2016 Nordland pilot: benchmarked together in September 2016
        ("NO-058", "arena", "seafood", "1804", "2016-09-05"),
        ("NO-059", "arena", "energy", "1804", "2016-09-07"),
        ("NO-060", "arena", "mining", "1806", "2016-09-12"),
        ("NO-061", "arena", "manufacturing", "1833", "2016-09-14"),
        ("NO-062", "arena", "process", "1824", "2016-09-19"),
        ("NO-063", "arena", "tourism", "1865", "2016-09-21"),
        ("NO-064", "arena", "seafood", "1820", "2016-09-23"),
    ]
    for cid, level, sector, muni, first in nordland:
        story(cid, level, sector, muni, [(_d(first), *B)], extra={"pilot": True})
    for cid, level, sector, muni, first in [
        ("NO-065", "arena", "tourism", "5501", "2016-11-09"),
        ("NO-066", "arena_pro", "ict", "5006", "2016-12-07"),
        ("NO-067", "arena", "seafood", "5605", "2017-01-18"),
    ]:
        story(cid, level, sector, muni, [(_d(first), *B)])
    # C: never certified
    for cid, level, sector, muni, founded in [
        ("NO-068", "arena", "tourism", "1866", 2015),
        ("NO-069", "arena", "seafood", "5601", 2016),
        ("NO-070", "arena", "creative", "0301", 2015),
        ("NO-071", "arena", "food", "3420", 2016),
        ("NO-072", "arena", "energy", "5501", 2016),
        ("NO-073", "arena", "construction", "4005", 2015),
    ]:
        story(cid, level, sector, muni, [], founded_year=founded)
    _ = S  # Norway had no Silver label before June 2017
    return s


def _denmark_stories() -> list[Story]:
    s: list[Story] = []
    B, S, G = ("benchmarking", "bronze"), ("silver", "silver"), ("gold", "gold")
    gold_firsts = ["2013-03-06", "2013-04-10", "2013-05-15", "2013-06-19", "2013-08-21", "2013-09-25", "2013-11-06", "2014-01-15"]
    gold_munis = ["0751", "0101", "0461", "0851", "0630", "0173", "0561", "0657"]
    gold_sectors = ["energy", "health", "manufacturing", "ict", "construction", "health", "energy", "textile"]
    gold_index = [86.3, 84.1, 82.5, 88.0, 81.2, 85.4, 83.7, 80.9]
    for i, first in enumerate(gold_firsts):
        f = _d(first)
        s.append(
            Story(
                f"DK-{i + 1:03d}",
                "DK",
                "dk_national",
                gold_sectors[i],
                gold_munis[i],
                [(f, *B), (_add_months(f, 24), *G)],
                in_sample_index=gold_index[i],
                all_green=i % 2 == 0,
            )
        )
    silver_firsts = ["2013-10-16", "2013-12-04", "2014-02-12", "2014-03-19", "2014-05-07", "2014-06-11"]
    silver_munis = ["0265", "0740", "0621", "0791", "0607", "0101"]
    silver_sectors = ["food", "food", "logistics", "environment", "maritime", "creative"]
    for i, first in enumerate(silver_firsts):
        f = _d(first)
        s.append(
            Story(
                f"DK-{9 + i:03d}",
                "DK",
                "dk_national",
                silver_sectors[i],
                silver_munis[i],
                [(f, *B), (_add_months(f, 20), *S)],
                all_green=i % 3 == 0,
            )
        )
    bronze = [  # first, renewal offsets
        ("0730", "manufacturing", "2014-02-26", [23]),
        ("0615", "construction", "2014-04-02", [23]),
        ("0259", "environment", "2014-05-21", [23]),
        ("0813", "maritime", "2014-08-13", [24]),
        ("0540", "energy", "2014-10-08", [23]),
        ("0370", "food", "2014-11-12", []),
        ("0316", "tourism", "2014-12-03", []),
        ("0223", "health", "2014-09-10", []),
        ("0530", "tourism", "2015-03-18", []),
        ("0779", "environment", "2015-05-13", []),
        ("0860", "food", "2015-08-26", []),
        ("0760", "energy", "2015-11-04", []),
        ("0751", "ict", "2016-02-17", []),
        ("0101", "creative", "2016-05-11", []),
        ("0461", "health", "2016-08-17", []),
    ]
    for i, (muni, sector, first, offsets) in enumerate(bronze):
        dates = [_d(first)]
        for months in offsets:
            dates.append(_add_months(dates[-1], months))
        s.append(
            Story(
                f"DK-{15 + i:03d}",
                "DK",
                "dk_national" if i % 3 else "dk_other",
                sector,
                muni,
                [(d, *B) for d in dates],
                all_green=i % 4 == 0,
            )
        )
    for i, (muni, sector, first) in enumerate(
        [("0621", "logistics", "2013-03-13"), ("0657", "textile", "2013-06-05"), ("0265", "ict", "2013-11-20")]
    ):
        s.append(
            Story(f"DK-{30 + i:03d}", "DK", "dk_other", sector, muni, [(_d(first), *B)], inactive_from=_d("2016-06-30") if i == 0 else None)
        )
    for i, (muni, sector, first) in enumerate([("0851", "maritime", "2016-10-19"), ("0751", "food", "2016-12-14")]):
        s.append(Story(f"DK-{33 + i:03d}", "DK", "dk_other", sector, muni, [(_d(first), *B)]))
    for i, (muni, sector) in enumerate([("0630", "ict"), ("0101", "energy"), ("0540", "manufacturing")]):
        s.append(Story(f"DK-{35 + i:03d}", "DK", "dk_other", sector, muni, [], founded_year=2015 + i % 2))
    return s


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


def _areas(index: float, country: str, rng: random.Random) -> list[float]:
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


def _lights(rng: random.Random, all_green: bool | None) -> list[str]:
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
    stories = _norway_stories() + _denmark_stories()
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
        lights = _lights(rng, st.all_green if r.get("sample") else (None if r["label"] != "gold" else True))
        assessments.append(
            {
                "assessment_id": f"{st.cluster_id}-A{r['n'] + 1}",
                "cluster_id": st.cluster_id,
                "assessment_date": pd.Timestamp(r["date"]),
                "assessment_type": r["type"],
                "label_level": r["label"],
                "valid_until": pd.Timestamp(valid_until(r["date"])),
                "quality_index": index,
                **dict(zip(AREA_COLUMNS, _areas(index, st.country, rng))),
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
    collaborations = pd.DataFrame(
        [
            {
                "collaboration_id": "nordland-pilot-2016",
                "name": "Nordland-piloten 2016: regional klyngekvalitet",
                "kind": "pilot",
                "region": "Nordland",
                "county_codes": ["18"],
                "start_date": pd.Timestamp("2016-08-15"),
                "end_date": pd.Timestamp("2016-12-15"),
                "description": "Seven Nordland clusters benchmarked together in September 2016, compared as a regional "
                "portfolio with 28 Norwegian and 29 Danish clusters, workshop in Bodø on 13 October 2016.",
            },
            {
                "collaboration_id": "nord-norge-quality",
                "name": "Kvalitetssamarbeid Nordland, Troms og Finnmark",
                "kind": "cooperation",
                "region": "Nordland, Troms og Finnmark",
                "county_codes": ["18", "55", "56"],
                "start_date": pd.Timestamp("2017-01-10"),
                "end_date": pd.NaT,
                "description": "Clusters in the three northern counties cooperate on quality improvement.",
            },
        ]
    )
    members = pd.DataFrame(
        [{"collaboration_id": "nordland-pilot-2016", "cluster_id": c} for c in pilot]
        + [{"collaboration_id": "nord-norge-quality", "cluster_id": c} for c in north]
    )

    bodo = geo.MUNICIPALITIES["1804"]
    tromso = geo.MUNICIPALITIES["5501"]
    bucharest, sofia = (44.4268, 26.1025), (42.6977, 23.3219)
    core = ["organisation_management", "strategy", "financing", "services", "branding", "internationalisation"]
    events = pd.DataFrame(
        [
            {
                "event_id": "bodo-2016-10-13",
                "name": "Klyngesamling og workshop i Bodø",
                "kind": "workshop",
                "programme": None,
                "collaboration_id": "nordland-pilot-2016",
                "start_date": pd.Timestamp("2016-10-13"),
                "days": 1,
                "place": "Bodø",
                "country": "NO",
                "lat": bodo[3],
                "lon": bodo[4],
                "clusters_n": 7,
                "participants_n": 28,
                "themes": ["quality", "strategy", "services"],
            },
            {
                "event_id": "tromso-2017-02-08",
                "name": "Kvalitetsseminar for klyngene i nord",
                "kind": "seminar",
                "programme": None,
                "collaboration_id": "nord-norge-quality",
                "start_date": pd.Timestamp("2017-02-08"),
                "days": 1,
                "place": "Tromsø",
                "country": "NO",
                "lat": tromso[3],
                "lon": tromso[4],
                "clusters_n": 12,
                "participants_n": 34,
                "themes": ["quality", "organisation_management"],
            },
            {
                "event_id": "ro-2016-1",
                "name": "Cluster Training Romania, gathering 1",
                "kind": "training",
                "programme": "Cluster Training Romania",
                "collaboration_id": None,
                "start_date": pd.Timestamp("2016-10-04"),
                "days": 2,
                "place": "Bucharest",
                "country": "RO",
                "lat": bucharest[0],
                "lon": bucharest[1],
                "clusters_n": 15,
                "participants_n": 30,
                "themes": core,
            },
            {
                "event_id": "ro-2016-2",
                "name": "Cluster Training Romania, gathering 2",
                "kind": "training",
                "programme": "Cluster Training Romania",
                "collaboration_id": None,
                "start_date": pd.Timestamp("2016-11-22"),
                "days": 2,
                "place": "Bucharest",
                "country": "RO",
                "lat": bucharest[0],
                "lon": bucharest[1],
                "clusters_n": 15,
                "participants_n": 30,
                "themes": core,
            },
            {
                "event_id": "ro-2017-3",
                "name": "Cluster Training Romania, gathering 3",
                "kind": "training",
                "programme": "Cluster Training Romania",
                "collaboration_id": None,
                "start_date": pd.Timestamp("2017-04-25"),
                "days": 2,
                "place": "Bucharest",
                "country": "RO",
                "lat": bucharest[0],
                "lon": bucharest[1],
                "clusters_n": 15,
                "participants_n": None,
                "themes": ["business_models", "services", "matchmaking", "internationalisation"],
            },
            {
                "event_id": "bg-2017-05",
                "name": "Cluster development seminar, Sofia",
                "kind": "seminar",
                "programme": "Cluster Training Bulgaria",
                "collaboration_id": None,
                "start_date": pd.Timestamp("2017-05-16"),
                "days": 1,
                "place": "Sofia",
                "country": "BG",
                "lat": sofia[0],
                "lon": sofia[1],
                "clusters_n": None,
                "participants_n": 60,
                "themes": ["organisation_management", "change_management", "strategy", "services"],
            },
            {
                "event_id": "bg-2017-06",
                "name": "Cluster training workshop, Bulgaria",
                "kind": "workshop",
                "programme": "Cluster Training Bulgaria",
                "collaboration_id": None,
                "start_date": pd.Timestamp("2017-06-20"),
                "days": 1,
                "place": "Sofia",
                "country": "BG",
                "lat": sofia[0],
                "lon": sofia[1],
                "clusters_n": 15,
                "participants_n": 25,
                "themes": ["organisation_management", "change_management", "strategy", "services"],
            },
        ]
    )
    events["clusters_n"] = events["clusters_n"].astype("Int32")
    events["participants_n"] = events["participants_n"].astype("Int32")
    _add_english_texts(collaborations, events)
    return {
        "clusters": pd.DataFrame(clusters),
        "assessments": pd.DataFrame(assessments),
        "collaborations": collaborations,
        "collaboration_members": members,
        "events": events,
    }


# Data texts in the other language (schema 2's optional name_en / description_en, shown on English pages by
# i18n.localised).  The given texts are Norwegian; where the schema has description_en the English description
# moves there and the given one becomes Norwegian.  Applied only to columns the schema knows (a no-op on
# schema 1), so this block merges apart from the schema change itself.
ENGLISH_TEXTS = {
    "collaborations": {
        "nordland-pilot-2016": {
            "name_en": "The Nordland pilot 2016: regional cluster quality",
            "description": "Sju klynger i Nordland ble benchmarket sammen i september 2016 og sammenlignet som en "
            "regional portefølje med 28 norske og 29 danske klynger; workshop i Bodø 13. oktober 2016.",
        },
        "nord-norge-quality": {
            "name_en": "Quality cooperation in Nordland, Troms and Finnmark",
            "description": "Klyngene i de tre nordligste fylkene samarbeider om kvalitetsforbedring.",
        },
    },
    "events": {
        "bodo-2016-10-13": {"name_en": "Cluster gathering and workshop in Bodø"},
        "tromso-2017-02-08": {"name_en": "Quality seminar for the clusters in the north"},
    },
}


def _add_english_texts(collaborations: pd.DataFrame, events: pd.DataFrame) -> None:
    """Fill the optional English columns the schema has (in place); nothing when it has none."""
    from clusterviz.data.snapshot import TABLES

    for table, frame, key in (("collaborations", collaborations, "collaboration_id"), ("events", events, "event_id")):
        columns = TABLES[table]
        for column in ("name_en", "description_en"):
            if column in columns and column not in frame.columns:
                frame[column] = pd.Series([None] * len(frame), dtype="object")
        if "description_en" in columns and "description" in frame.columns:  # English moves to its column
            frame["description_en"] = frame["description"]
        for row_key, texts in ENGLISH_TEXTS[table].items():
            at = frame.index[frame[key] == row_key]
            for column, text in texts.items():
                if column in columns and (column != "description" or "description_en" in columns):
                    frame.loc[at, column] = text


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
    root = f"{str(out).rstrip('/')}/snapshots"
    return [
        write_snapshot(
            root,
            day,
            slice_history(history, day),
            source=SOURCE,
            demo=True,
            overwrite=True,
            created=CREATED,
            comparison_window=WINDOW,
            collection=COLLECTION,
        )
        for day in dates
    ]


# --------------------------------------------------------------------------- Europe scale (benchmarks)


def build_europe(n_clusters: int = 2000, years: int = 10, seed: int = 7) -> tuple[dt.date, dict[str, pd.DataFrame]]:
    """A large synthetic snapshot in the same schema: ``n_clusters`` demo clusters spread over the Norwegian
    counties and Danish regions, with about ``years`` years of assessment history each."""
    rng = random.Random(seed)
    as_of = dt.date(2012 + years, 3, 1)
    munis = sorted(geo.MUNICIPALITIES)
    sectors = sorted(set(NAME_WORDS) | set(DK_NAME_WORDS))
    clusters, assessments = [], []
    for i in range(n_clusters):
        muni = munis[i % len(munis)]
        country, town, county, lat, lon = geo.MUNICIPALITIES[muni]
        cid = f"EU-{i + 1:05d}"
        level = rng.choice(("arena", "arena_pro", "nce", "gce") if country == "NO" else ("dk_national", "dk_other"))
        clusters.append(
            {
                "cluster_id": cid,
                "name": f"Europe demo cluster {i + 1} (demo)",
                "country": country,
                "programme_level": level,
                "sector": rng.choice(sectors),
                "home_town": town,
                "municipality_code": muni,
                "county_code": county,
                "lat": round(lat + rng.uniform(-0.05, 0.05), 4),
                "lon": round(lon + rng.uniform(-0.05, 0.05), 4),
                "founded_year": rng.randint(2000, 2012),
                "active": rng.random() > 0.05,
            }
        )
        day = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randint(0, 700))
        n = 0
        index = rng.uniform(40, 75)
        while day <= as_of:
            n += 1
            index = min(95.0, max(5.0, index + rng.uniform(-3, 7)))
            label = "gold" if index >= 80 and rng.random() < 0.5 else ("silver" if n > 1 and rng.random() < 0.15 else "bronze")
            atype = {"gold": "gold", "silver": "silver", "bronze": "benchmarking"}[label]
            q = round(index if label != "gold" else max(80.0, index), 1)
            assessments.append(
                {
                    "assessment_id": f"{cid}-A{n}",
                    "cluster_id": cid,
                    "assessment_date": pd.Timestamp(day),
                    "assessment_type": atype,
                    "label_level": label,
                    "valid_until": pd.Timestamp(valid_until(day)),
                    "quality_index": q,
                    **dict(zip(AREA_COLUMNS, _areas(q, country, rng))),
                    **dict(zip(LIGHTS, _lights(rng, None))),
                }
            )
            day = _add_months(day, rng.choice((22, 23, 24, 26, 30, 40)))
    frames = {
        "clusters": pd.DataFrame(clusters),
        "assessments": pd.DataFrame(assessments),
        "collaborations": build_history()["collaborations"].iloc[0:0],
        "collaboration_members": build_history()["collaboration_members"].iloc[0:0],
        "events": build_history()["events"].iloc[0:0].assign(status=pd.Series(dtype=str)),
    }
    return as_of, frames


def write_europe(out: str, n_clusters: int = 2000) -> str:
    as_of, frames = build_europe(n_clusters)
    return write_snapshot(
        f"{str(out).rstrip('/')}/snapshots",
        as_of,
        frames,
        source="clusterviz synthetic Europe-scale demo (benchmarks)",
        demo=True,
        overwrite=True,
        created=CREATED,
        collection=COLLECTION,
    )
