"""The demo's collaborations (the 2016 Nordland pilot, the northern cooperation), their members and events, with English texts."""

from __future__ import annotations

import pandas as pd

from clusterviz.data import geo

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


def collaborations_and_events(pilot: list[str], north: list[str]) -> dict[str, pd.DataFrame]:
    """The collaborations, their members (``pilot``: the Nordland pilot's clusters, ``north``: the cooperation's) and the events."""
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
    # Cluster Training Romania: three two-day gatherings of the same 15 clusters in Bucharest
    romania = [
        ("ro-2016-1", "2016-10-04", 30, core),
        ("ro-2016-2", "2016-11-22", 30, core),
        ("ro-2017-3", "2017-04-25", None, ["business_models", "services", "matchmaking", "internationalisation"]),
    ]
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
            *(
                {
                    "event_id": event_id,
                    "name": f"Cluster Training Romania, gathering {n}",
                    "kind": "training",
                    "programme": "Cluster Training Romania",
                    "collaboration_id": None,
                    "start_date": pd.Timestamp(start),
                    "days": 2,
                    "place": "Bucharest",
                    "country": "RO",
                    "lat": bucharest[0],
                    "lon": bucharest[1],
                    "clusters_n": 15,
                    "participants_n": participants,
                    "themes": themes,
                }
                for n, (event_id, start, participants, themes) in enumerate(romania, start=1)
            ),
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
    add_english_texts(collaborations, events)
    return {"collaborations": collaborations, "collaboration_members": members, "events": events}


def add_english_texts(collaborations: pd.DataFrame, events: pd.DataFrame) -> None:
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
