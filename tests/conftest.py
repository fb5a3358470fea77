"""Shared fixtures: the bundled demo snapshots and an AppTest factory for the pages."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from clusterviz.data import store  # noqa: E402

SEED_DATE = dt.date(2017, 3, 1)
PAGE_FILES = [path for _, path, _, _ in __import__("clusterviz.app.ui", fromlist=["PAGES"]).PAGES]


def open_app(page: str, params: dict, *, adviser: bool = False, timeout: float = 120):
    """AppTest of ``page`` opened with the link ``params``; with ``adviser`` the session flag access.unlock sets
    (no link can set it) is set before the page runs."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.session_state["adviser"] = adviser
    at.switch_page(page)
    at.run()
    return at


@pytest.fixture(scope="session")
def data_root() -> str:
    return str(ROOT / "data" / "snapshots")


@pytest.fixture(scope="session")
def seed_snapshot(data_root):
    """The 2017-03-01 demo snapshot (the articles' 'now'), validated and shared."""
    return store.load(f"{data_root}/{SEED_DATE.isoformat()}")


@pytest.fixture
def app_test(monkeypatch):
    """AppTest of app.py on a given page: app_test("pages/map.py", lang="en", county="18")."""
    from streamlit.testing.v1 import AppTest

    def make(page: str | None = None, timeout: float = 60, env: dict | None = None, **params):
        for k, v in (env or {}).items():
            monkeypatch.setenv(k, v)
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
        for k, v in params.items():
            at.query_params[k] = v
        if page and page != PAGE_FILES[0]:
            at.run()
            at.switch_page(page)
        at.run()
        return at

    return make


@pytest.fixture
def checked_app(app_test):
    """app_test with what every page run must pass: no exception, and no string missing from the catalogue."""
    from clusterviz.text import i18n

    def make(page: str | None = None, **options):
        i18n.MISSING.clear()
        at = app_test(page, **options)
        assert not at.exception, [e.value for e in at.exception]
        assert not i18n.MISSING, f"strings missing from the catalogue: {sorted(i18n.MISSING)}"
        return at

    return make


# --------------------------------------------------------------------------- a partial snapshot of the real shape

PARTIAL_AS_OF = dt.date(2021, 6, 1)


def partial_frames() -> dict:
    """The tables of a schema-2 snapshot shaped like the public data a council has (issue 14): 19 invented
    organisations in real towns; programme levels missing for some; no sectors, founding years or municipality
    codes; some clusters without a town or coordinates; labels for 14 of them, dated mostly to the year or month;
    one published Gold score (93) and no other index, no area scores, no training lights; a pilot whose workshop
    place is Tromsø (no coordinates); no training programme.  The manifest states no comparison window."""
    import pandas as pd

    from clusterviz.data.demo import valid_until

    day = dt.date
    #          id        name                          country town            county level         lat      lon
    clusters = [
        ("NO-P01", "Havbruksklyngen Nord", "NO", "Bodø", "18", "nce", 67.28, 14.40),
        ("NO-P02", "Arktisk Energiforum", "NO", "Tromsø", "55", "arena_pro", 69.65, 18.96),
        ("NO-P03", "Finnmark Reiseliv", "NO", "Alta", "56", "arena", 69.97, 23.27),
        ("NO-P04", "Helgeland Industrinett", "NO", "Mo i Rana", "18", None, 66.31, 14.14),
        ("NO-P05", "Vestkyst Subsea", "NO", "Stavanger", "11", "nce", 58.97, 5.73),
        ("NO-P06", "Bergen Havrom", "NO", "Bergen", "46", "gce", 60.39, 5.32),
        ("NO-P07", "Midt Helseteknologi", "NO", "Trondheim", "50", "arena", 63.43, 10.39),
        ("NO-P08", "Oslo Fintech Forum", "NO", "Oslo", "03", "nce", 59.91, 10.75),
        ("NO-P09", "Sørlandets Prosessnettverk", "NO", None, "42", None, None, None),
        ("NO-P10", "Sunnmøre Møbelklynge", "NO", "Ålesund", "15", None, None, None),
        ("NO-P11", "Agder Elektrifisering", "NO", "Kristiansand", "42", "nce", 58.15, 8.00),
        ("NO-P12", "Innlandet Tre", "NO", "Lillehammer", "34", "arena", 61.12, 10.47),
        ("DK-P01", "Fyns Robotklynge", "DK", "Odense", "1083", "dk_national", 55.40, 10.39),
        ("DK-P02", "Jysk Fødevareforum", "DK", "Aarhus", "1082", "dk_national", 56.16, 10.20),
        ("DK-P03", "Nordjysk Vindnetværk", "DK", "Aalborg", "1081", "dk_national", 57.05, 9.92),
        ("DK-P04", "Hovedstadens Life Science", "DK", "København", "1084", "dk_national", 55.68, 12.57),
        ("DK-P05", "Sjællands Byggeklynge", "DK", "Roskilde", "1085", "dk_other", None, None),
        ("DK-P06", "Trekantens Logistik", "DK", "Vejle", "1083", "dk_other", 55.71, 9.54),
        ("DK-P07", "Midtjysk Tekstil", "DK", "Herning", "1082", None, 56.14, 8.97),
    ]
    clusters = pd.DataFrame(
        [
            {
                "cluster_id": cid,
                "name": name,
                "country": country,
                "programme_level": level,
                "sector": None,
                "home_town": town,
                "municipality_code": None,
                "county_code": county,
                "lat": lat,
                "lon": lon,
                "founded_year": None,
                "active": True,
                "source": "public web page of the cluster (invented for the test)",
            }
            for cid, name, country, town, county, level, lat, lon in clusters
        ]
    )
    # cluster, date, precision, label[, valid until (default: ESCA's rule, the end of the month two years on), index]
    labels = [
        ("NO-P01", day(2019, 1, 1), "year", "gold", day(2021, 12, 31), 93.0),
        ("NO-P02", day(2020, 1, 1), "year", "bronze"),
        ("NO-P03", day(2019, 9, 1), "month", "bronze"),
        ("NO-P04", day(2018, 1, 1), "year", "bronze"),
        ("NO-P05", day(2020, 1, 1), "year", "silver"),
        ("NO-P06", day(2020, 6, 1), "month", "gold"),
        ("NO-P08", day(2019, 1, 1), "year", "bronze"),
        ("NO-P09", day(2020, 1, 1), "year", "bronze"),
        ("NO-P11", day(2019, 3, 14), "day", "bronze"),
        ("DK-P01", day(2020, 1, 1), "year", "gold"),
        ("DK-P02", day(2019, 1, 1), "year", "silver", day(2021, 12, 31)),
        ("DK-P03", day(2020, 1, 1), "year", "bronze"),
        ("DK-P04", day(2019, 6, 1), "month", "bronze"),
        ("DK-P06", day(2020, 1, 1), "year", "bronze"),
    ]

    def assessment(cid, when, precision, label, until=None, index=None) -> dict:
        return {
            "assessment_id": f"{cid}-{when.isoformat()}",
            "cluster_id": cid,
            "assessment_date": when,
            "assessment_type": {"bronze": "benchmarking", "silver": "silver", "gold": "gold"}[label],
            "label_level": label,
            "valid_until": until or valid_until(when),
            "quality_index": index,
            **{f"area_{a}": None for a in ("structure", "management", "financing", "services", "interaction", "achievements")},
            "light_budget": None,
            "light_plan": None,
            "light_training": None,
            "date_precision": precision,
            "source": "ESCA list of labelled clusters (invented for the test)",
        }

    assessments = pd.DataFrame([assessment(*row) for row in labels])
    for column in ["quality_index"] + [c for c in assessments if c.startswith("area_")]:
        assessments[column] = pd.to_numeric(assessments[column]).astype(float)
    collaborations = pd.DataFrame(
        [
            {
                "collaboration_id": "nord-2019",
                "name": "Kvalitetsløft Nord",
                "kind": "pilot",
                "region": "Nord-Norge",
                "county_codes": ["18", "55", "56"],
                "start_date": day(2019, 3, 1),
                "end_date": None,
                "description": "Fire klynger i nord arbeider sammen om kvalitet.",
                "name_en": None,
                "description_en": None,
            }
        ]
    )
    members = pd.DataFrame({"collaboration_id": "nord-2019", "cluster_id": ["NO-P01", "NO-P02", "NO-P03", "NO-P04"]})
    events = pd.DataFrame(
        [
            {
                "event_id": "nord-ws-1",
                "name": "Kvalitetsverksted",
                "kind": "workshop",
                "programme": None,
                "collaboration_id": "nord-2019",
                "start_date": day(2019, 10, 15),
                "days": 1,
                "place": "Tromsø",
                "country": "NO",
                "lat": None,
                "lon": None,
                "clusters_n": 4,
                "participants_n": None,
                "themes": ["quality"],
                "status": "held",
                "name_en": None,
            }
        ]
    )
    for frame, columns in ((events, ("lat", "lon")), (clusters, ("lat", "lon"))):
        for column in columns:
            frame[column] = pd.to_numeric(frame[column]).astype(float)
    return {
        "clusters": clusters,
        "assessments": assessments,
        "collaborations": collaborations,
        "collaboration_members": members,
        "events": events,
    }


@pytest.fixture(scope="session")
def partial_root(tmp_path_factory) -> str:
    """A data root holding one partial schema-2 snapshot (partial_frames), written with
    snapshot.write_snapshot and checked by the validator (errors would fail here, warnings are allowed)."""
    from clusterviz.data import snapshot, validate

    root = tmp_path_factory.mktemp("partial") / "snapshots"
    location = snapshot.write_snapshot(root, PARTIAL_AS_OF, partial_frames(), source="public pages (test)", demo=False, collection="public")
    loaded, problems = validate.read_snapshot(location)
    assert loaded is not None and not validate.errors(problems), [str(p) for p in validate.errors(problems)]
    return str(root)


@pytest.fixture(scope="session")
def partial_snapshot(partial_root):
    return store.load(f"{partial_root}/{PARTIAL_AS_OF.isoformat()}")
