"""A council's workbook as it really looks (issue 14), written with openpyxl: taken by `ingest` in
tests/unit/test_ingest.py and served to every page in tests/app/test_partial_pages.py."""

from __future__ import annotations

from pathlib import Path

import openpyxl

# A council's list as it really looks: invented organisations in real towns, county names old and new,
# programme words as people write them, labels for some only, dates as a year or a month, one published Gold
# score, no area scores, no training lights, no ids, an extra column and a source per row.
REAL_CLUSTERS = [
    # name, country, programme, town, county, source, comment
    ("Havbruk Vest Klynge", "NO", "NCE", "Bergen", "Hordaland", "https://example.org/havbruk", "from the web page"),
    ("Sørlandet Energi", "NO", "Arena Pro", "Kristiansand", "Vest-Agder", None, None),
    ("Agder Digital", "NO", "arena", "Grimstad", "Agder", None, "old county name?"),
    ("Helgeland Industri", "NO", "GCE", "Mo i Rana", "Nordland", "annual report 2016", None),
    ("Nordvik Smaklynge", "NO", None, "Nordvik", "Nordland", None, "town not in any register"),
    ("Lofoten Reiseliv", "NO", "Arena", None, "Nordland", None, None),
    ("Aarhus Food Cluster", "DK", "national cluster", "Aarhus", "Region Midtjylland", None, None),
    ("Fyn Robotics", "DK", None, "Odense", "Syddanmark", None, None),
]
REAL_ASSESSMENTS = [
    # cluster (by name), date, label, valid_until, quality_index, source
    ("Havbruk Vest Klynge", "2014-05", "Bronze", None, None, "ESCA label list"),
    ("Havbruk Vest Klynge", "Sept 2016", "Gold", None, 93, "press release: 93 %"),
    ("Sørlandet Energi", 2017, "Bronse", None, None, None),
    ("Agder Digital", "01.03.2015", "Silver", "2018-03-31", None, None),  # a renewal valid 3 years
    ("Helgeland Industri", "sep. 2016", "Gull", None, None, None),
    ("Aarhus Food Cluster", "2016", "Gold", None, None, None),
]


def real_workbook(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    clusters = workbook.active
    clusters.title = "clusters"
    clusters.append(
        [
            "cluster_id",
            "name",
            "country",
            "programme_level",
            "sector",
            "home_town",
            "county_code",
            "founded_year",
            "active",
            "source",
            "comment",
        ]
    )
    for name, country, level, town, county, source, comment in REAL_CLUSTERS:
        clusters.append([None, name, country, level, None, town, county, None, None, source, comment])
    assessments = workbook.create_sheet("assessments")
    assessments.append(
        [
            "cluster_id",
            "assessment_date",
            "label_level",
            "valid_until",
            "quality_index",
            "light_budget",
            "light_plan",
            "light_training",
            "source",
            "date_note",
        ]
    )
    for cluster, date, label, valid_until, index, source in REAL_ASSESSMENTS:
        assessments.append(
            [
                cluster,
                date,
                label,
                valid_until,
                index,
                None,
                None,
                None,
                source,
                "month from a news item" if isinstance(date, str) and len(date) < 10 else None,
            ]
        )
    workbook.save(path)
    return path
