"""The snapshot schema: the tables, their columns (Arrow type, nullable, what it holds), keys and the words
each coded column allows; schema 1's columns added on read.  ``snapshot`` (the format) re-exports every name,
so ``from clusterviz.data.snapshot import TABLES`` keeps working; the README's schema section is generated from
here."""

from __future__ import annotations

import re

import pyarrow as pa

__all__ = [
    "AREAS",
    "AREA_COLUMNS",
    "ASSESSMENT_TYPES",
    "COLLABORATION_KINDS",
    "DATE_PRECISIONS",
    "EVENT_KINDS",
    "EVENT_STATUS",
    "KEYS",
    "LABEL_LEVELS",
    "LABEL_RANK",
    "LABEL_VALUES",
    "LIGHTS",
    "LIGHT_VALUES",
    "MANIFEST",
    "PROGRAMME_LEVELS",
    "READABLE_SCHEMA_VERSIONS",
    "SCHEMA_1_ADDED",
    "SCHEMA_VERSION",
    "SNAPSHOT_NAME",
    "TABLES",
    "THEMES",
    "add_missing_columns",
    "arrow_schema",
]

SCHEMA_VERSION = 2
READABLE_SCHEMA_VERSIONS = (1, 2)  # schema-1 snapshots are read with the schema-2 columns added (SCHEMA_1_ADDED)
MANIFEST = "manifest.json"
SNAPSHOT_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}$")

AREAS = ("structure", "management", "financing", "services", "interaction", "achievements")
AREA_COLUMNS = tuple(f"area_{a}" for a in AREAS)
LIGHTS = ("light_budget", "light_plan", "light_training")
LIGHT_VALUES = ("green", "yellow", "red")
LABEL_LEVELS = ("bronze", "silver", "gold")
LABEL_VALUES = LABEL_LEVELS + ("none",)
LABEL_RANK = {"none": 0, "bronze": 1, "silver": 2, "gold": 3}  # a label level's order
ASSESSMENT_TYPES = ("benchmarking", "silver", "gold")
PROGRAMME_LEVELS = {"NO": ("arena", "arena_pro", "nce", "gce", "other"), "DK": ("dk_national", "dk_other")}
DATE_PRECISIONS = ("day", "month", "year", "derived")  # derived: from valid_until by ESCA's rule, not stated
EVENT_KINDS = ("workshop", "seminar", "training", "gathering")
EVENT_STATUS = ("held", "planned")
COLLABORATION_KINDS = ("pilot", "cooperation", "programme")
THEMES = (
    "organisation_management",
    "strategy",
    "financing",
    "services",
    "branding",
    "internationalisation",
    "business_models",
    "matchmaking",
    "change_management",
    "quality",
)

# Column name -> (arrow type, nullable, meaning). The README's schema table is printed from these.
# Nullable = may be unknown (null): real public data often has no score, sector or coordinates, and nothing
# unknown is filled in on the way in.  Every rule treats a null as unknown (see clusterviz.data.validate).
TABLES: dict[str, dict[str, tuple[pa.DataType, bool, str]]] = {
    "clusters": {
        "cluster_id": (pa.string(), False, "stable id, e.g. NO-017"),
        "name": (pa.string(), False, "cluster organisation name (demo names end in '(demo)')"),
        "country": (pa.string(), False, "NO or DK"),
        "programme_level": (pa.string(), True, "NO: arena, arena_pro, nce, gce, other; DK: dk_national, dk_other; null when unknown"),
        "sector": (pa.string(), True, "sector / portfolio, e.g. maritime, energy, health; null when unknown"),
        "home_town": (pa.string(), True, "town of the cluster office; null when unknown"),
        "municipality_code": (pa.string(), True, "4-digit municipality code (2024 NO; DK kommunekode); null when unknown"),
        "county_code": (
            pa.string(),
            True,
            "2024 Norwegian county (03..56) or Danish region (1081..1085); null when "
            "no source states it (or a pre-2024 county that was split, without a "
            "town to decide)",
        ),
        "lat": (pa.float64(), True, "WGS84 latitude of the office, degrees; null when unknown (with lon)"),
        "lon": (pa.float64(), True, "WGS84 longitude of the office, degrees; null when unknown (with lat)"),
        "founded_year": (pa.int32(), True, "year the cluster organisation was founded; null when unknown"),
        "active": (pa.bool_(), False, "false when no longer operative on the as-of date"),
        "source": (pa.string(), True, "where the facts on this cluster come from: text or URL, ';' between several"),
    },
    "assessments": {
        "assessment_id": (pa.string(), False, "stable id"),
        "cluster_id": (pa.string(), False, "-> clusters.cluster_id"),
        "assessment_date": (
            pa.date32(),
            False,
            "date of the interview / on-site assessment (a month or year is stored as its first day, see date_precision)",
        ),
        "assessment_type": (pa.string(), False, "benchmarking (Bronze), silver or gold"),
        "label_level": (pa.string(), False, "resulting label: bronze, silver, gold, or none"),
        "valid_until": (
            pa.date32(),
            True,
            "last day of validity as the source states it (ESCA's rule of the era: "
            "end of the month two years on; renewals later 3 years); null when none "
            "or unknown",
        ),
        "quality_index": (pa.float64(), True, "cluster management excellence score, percent 0-100 (confidential); null when unknown"),
        **{
            c: (pa.float64(), True, f"score of the ESCA area '{a}', 0-100 (confidential); null when unknown")
            for c, a in zip(AREA_COLUMNS, AREAS)
        },
        "light_budget": (pa.string(), True, "training budget for the team and board: green/yellow/red; null when unknown"),
        "light_plan": (pa.string(), True, "training plan: green/yellow/red; null when unknown"),
        "light_training": (pa.string(), True, "training delivered: green/yellow/red; null when unknown"),
        "date_precision": (
            pa.string(),
            False,
            "how exact assessment_date is: day, month or year; derived when the "
            "source gives only valid_until and the date is ESCA's rule read "
            "backwards (valid_until minus two years, first of that month)",
        ),
        "source": (pa.string(), True, "where this assessment is stated: text or URL, ';' between several"),
    },
    "collaborations": {
        "collaboration_id": (pa.string(), False, "stable id"),
        "name": (pa.string(), False, "name of the collaboration"),
        "kind": (pa.string(), False, "pilot, cooperation or programme"),
        "region": (pa.string(), False, "region in words, e.g. Nordland"),
        "county_codes": (pa.list_(pa.string()), False, "counties/regions it covers"),
        "start_date": (pa.date32(), False, "start"),
        "end_date": (pa.date32(), True, "end; null while running"),
        "description": (pa.string(), False, "one sentence on what it did"),
        "name_en": (pa.string(), True, "name in English, if given"),
        "description_en": (pa.string(), True, "the sentence in English, if given"),
    },
    "collaboration_members": {
        "collaboration_id": (pa.string(), False, "-> collaborations.collaboration_id"),
        "cluster_id": (pa.string(), False, "-> clusters.cluster_id"),
    },
    "events": {
        "event_id": (pa.string(), False, "stable id"),
        "name": (pa.string(), False, "event name"),
        "kind": (pa.string(), False, "workshop, seminar, training or gathering"),
        "programme": (pa.string(), True, "training programme it belongs to, if any"),
        "collaboration_id": (pa.string(), True, "-> collaborations.collaboration_id, if any"),
        "start_date": (pa.date32(), False, "first day"),
        "days": (pa.int32(), True, "length in days; null when unknown"),
        "place": (pa.string(), False, "town"),
        "country": (pa.string(), False, "ISO country code of the place (NO, DK, RO, BG, ...)"),
        "lat": (pa.float64(), True, "WGS84 latitude; null when unknown (with lon)"),
        "lon": (pa.float64(), True, "WGS84 longitude; null when unknown (with lat)"),
        "clusters_n": (pa.int32(), True, "clusters taking part"),
        "participants_n": (pa.int32(), True, "people taking part (about)"),
        "themes": (pa.list_(pa.string()), False, "theme tags (see THEMES)"),
        "status": (pa.string(), False, "held, or planned when after the as-of date"),
        "name_en": (pa.string(), True, "event name in English, if given"),
    },
}
# Columns schema 2 added, with the value a schema-1 snapshot (or a frame written without them) holds: unknown,
# except date_precision, which is "day" because every schema-1 date was a day.
SCHEMA_1_ADDED: dict[str, dict[str, object]] = {
    "clusters": {"source": None},
    "assessments": {"date_precision": "day", "source": None},
    "collaborations": {"name_en": None, "description_en": None},
    "events": {"name_en": None},
}
KEYS = {
    "clusters": ("cluster_id",),
    "assessments": ("assessment_id",),
    "collaborations": ("collaboration_id",),
    "collaboration_members": ("collaboration_id", "cluster_id"),
    "events": ("event_id",),
}


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([pa.field(name, typ, nullable) for name, (typ, nullable, _) in TABLES[table].items()])


def add_missing_columns(table: str, arrow: pa.Table) -> pa.Table:
    """A schema-1 table as schema 2: the columns schema 2 added (SCHEMA_1_ADDED) appended where missing, null
    except date_precision "day".  Columns already there are left as they are."""
    for name, value in SCHEMA_1_ADDED.get(table, {}).items():
        if name not in arrow.column_names:
            typ = TABLES[table][name][0]
            arrow = arrow.append_column(
                name, pa.array([value] * arrow.num_rows, typ) if value is not None else pa.nulls(arrow.num_rows, typ)
            )
    return arrow
