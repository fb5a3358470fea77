"""The demo's clusters as stories written out by hand: first benchmarking, renewals, Gold, lapse (see the package's docstring).

Each story is one invented cluster in a real municipality (geo.MUNICIPALITIES) with its assessments in order;
``history.build_history`` turns them into tables and calibrates the indices.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


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


def _renewals(first: str, offsets: list[int]) -> list[dt.date]:
    """The dates of a first assessment and its renewals, each ``offsets[i]`` months after the one before."""
    dates = [_d(first)]
    for months in offsets:
        dates.append(add_months(dates[-1], months))
    return dates


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, 28))


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


def norway_stories() -> list[Story]:
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
        story(cid, level, sector, muni, [(d, *B) for d in _renewals(first, offsets)], all_green=green)
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


def denmark_stories() -> list[Story]:
    s: list[Story] = []

    def story(number, level, sector, muni, events, **kw):
        s.append(Story(f"DK-{number:03d}", "DK", level, sector, muni, events, **kw))

    B, S, G = ("benchmarking", "bronze"), ("silver", "silver"), ("gold", "gold")
    gold_firsts = ["2013-03-06", "2013-04-10", "2013-05-15", "2013-06-19", "2013-08-21", "2013-09-25", "2013-11-06", "2014-01-15"]
    gold_munis = ["0751", "0101", "0461", "0851", "0630", "0173", "0561", "0657"]
    gold_sectors = ["energy", "health", "manufacturing", "ict", "construction", "health", "energy", "textile"]
    gold_index = [86.3, 84.1, 82.5, 88.0, 81.2, 85.4, 83.7, 80.9]
    for i, day in enumerate(map(_d, gold_firsts)):
        events = [(day, *B), (add_months(day, 24), *G)]
        story(i + 1, "dk_national", gold_sectors[i], gold_munis[i], events, in_sample_index=gold_index[i], all_green=i % 2 == 0)
    silver_firsts = ["2013-10-16", "2013-12-04", "2014-02-12", "2014-03-19", "2014-05-07", "2014-06-11"]
    silver_munis = ["0265", "0740", "0621", "0791", "0607", "0101"]
    silver_sectors = ["food", "food", "logistics", "environment", "maritime", "creative"]
    for i, day in enumerate(map(_d, silver_firsts)):
        story(9 + i, "dk_national", silver_sectors[i], silver_munis[i], [(day, *B), (add_months(day, 20), *S)], all_green=i % 3 == 0)
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
        level = "dk_national" if i % 3 else "dk_other"
        story(15 + i, level, sector, muni, [(d, *B) for d in _renewals(first, offsets)], all_green=i % 4 == 0)
    for i, (muni, sector, first) in enumerate(
        [("0621", "logistics", "2013-03-13"), ("0657", "textile", "2013-06-05"), ("0265", "ict", "2013-11-20")]
    ):
        story(30 + i, "dk_other", sector, muni, [(_d(first), *B)], inactive_from=_d("2016-06-30") if i == 0 else None)
    for i, (muni, sector, first) in enumerate([("0851", "maritime", "2016-10-19"), ("0751", "food", "2016-12-14")]):
        story(33 + i, "dk_other", sector, muni, [(_d(first), *B)])
    for i, (muni, sector) in enumerate([("0630", "ict"), ("0101", "energy"), ("0540", "manufacturing")]):
        story(35 + i, "dk_other", sector, muni, [], founded_year=2015 + i % 2)
    return s
