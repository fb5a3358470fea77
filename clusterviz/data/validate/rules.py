"""The rules every snapshot (and every ingest) is checked by: keys, ranges, label rules, references between tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa

from clusterviz.data import geo
from clusterviz.data.snapshot import (
    AREA_COLUMNS,
    ASSESSMENT_TYPES,
    COLLABORATION_KINDS,
    DATE_PRECISIONS,
    EVENT_KINDS,
    EVENT_STATUS,
    KEYS,
    LABEL_RANK,
    LABEL_VALUES,
    LIGHT_VALUES,
    LIGHTS,
    PROGRAMME_LEVELS,
    THEMES,
)
from clusterviz.data.validate.checks import (
    ID_CHARACTERS,
    TEXT_COLUMNS,
    Calendar,
    Table,
    add_row_problems,
    any_of,
    as_arrow,
    ascii_fullmatch,
    date_values,
    duplicated_rows,
    four_digits,
    holds_unknown,
    inside_country,
    is_in,
    is_present,
    matches_pattern,
    may_hold_markup_or_controls,
    number_values,
    text_checks,
    text_values,
)
from clusterviz.data.validate.problems import CONTROLS_PATTERN, EARLIEST_DATE, Problem

# --------------------------------------------------------------------------- rules
#
# The rules run on the Arrow columns (pyarrow.compute kernels; numpy for numbers and dates) before anything is
# converted to pandas: pandas' methods on Arrow-backed text columns loop in Python for isin and map, and each
# small pandas operation costs tens of microseconds, which made the rules four fifths of a load.  Every check
# gives a numpy mask (True = the row breaks the rule), and row numbers are only listed for a mask with a True
# in it.  A missing value counts as pandas counts NaN/NaT (comparisons with it are False, ``!=`` is True), so
# the rules say the same about frames from ingest that still hold holes.  tests/unit/test_validate_fast.py keeps
# the former pandas rules and checks that both report the same problems, in the same order.

SOURCE_COLUMNS = ("clusters", "assessments")  # tables with a free-text `source` (text or URLs)
ERA_RULE_WARNING = (
    "differs from ESCA's two-year rule (valid to the end of the month two years after the "
    "assessment; renewals may run 3 years): kept as stated"
)


def check_rules(frames: Mapping[str, pa.Table | pd.DataFrame], as_of: dt.date) -> list[Problem]:
    """Row rules within and across tables, in a fixed order.  ``frames`` maps each table to an Arrow table or
    a pandas frame with the documented columns and types (as ``conform`` makes them)."""
    tables = {name: Table(as_arrow(name, frame)) for name, frame in frames.items()}
    problems: list[Problem] = []

    def add(table: str, column: str, mask: np.ndarray, message: str, severity: str = "error") -> None:
        if mask.any():
            add_row_problems(problems, f"{table}.parquet", column, np.flatnonzero(mask), message, severity)

    def text_rules(table: str) -> None:
        for column in TEXT_COLUMNS[table]:
            for message, mask in text[table, column]:
                add(table, column, mask, message)

    text = text_checks(tables)
    for table, key in KEYS.items():
        add(table, ",".join(key), duplicated_rows(tables[table], key), "duplicate id: the same key appears on an earlier row")

    clusters, assessments = tables["clusters"], tables["assessments"]
    if clusters.num_rows == 0:
        problems.append(Problem("clusters.parquet", None, None, "the table is empty"))
    if assessments.num_rows == 0:
        problems.append(Problem("assessments.parquet", None, None, "the table is empty"))

    # clusters
    text_rules("clusters")
    cluster_id = clusters["cluster_id"]
    add(
        "clusters",
        "cluster_id",
        ~ascii_fullmatch(cluster_id, ID_CHARACTERS, 1, 40),  # [A-Za-z0-9_.-]{1,40}
        "id must be 1-40 letters, digits, '-', '_' or '.'",
    )
    country_codes = clusters.codes("country")
    country_ok = country_codes.isin(geo.COUNTRIES)
    add("clusters", "country", ~country_ok, "must be NO or DK")
    country_is = {c: country_codes.isin((c,)) for c in {*PROGRAMME_LEVELS, *geo.COUNTRY_BBOX}}
    level = clusters.codes("programme_level")
    level_ok = any_of([country_is[c] & level.isin(levels) for c, levels in PROGRAMME_LEVELS.items()], clusters.num_rows)
    add(
        "clusters",
        "programme_level",
        country_ok & ~level_ok & is_present(clusters["programme_level"]),
        "unknown programme level for the country (NO: arena, arena_pro, nce, gce, other; DK: dk_national, dk_other)",
    )
    county_codes = clusters.codes("county_code")
    county_country = county_codes.values(geo.county_country)  # "NO", "DK" or None per row
    county_known = county_country != None  # noqa: E711  (elementwise on an object array)
    add(
        "clusters",
        "county_code",
        ~county_known & is_present(clusters["county_code"]),  # null: unknown county
        "not a 2024 Norwegian county code (03, 11, 15, 18, 31-34, 39, 40, 42, 46, 50, 55, 56) or Danish region (1081-1085)",
    )
    add(
        "clusters",
        "county_code",
        county_known & country_ok & (county_country != country_codes.values()),
        "county/region belongs to another country than the cluster",
    )
    municipality = clusters.codes("municipality_code")
    municipality_ok = municipality.each(four_digits)
    add(
        "clusters", "municipality_code", ~municipality_ok & is_present(clusters["municipality_code"]), "must be a 4-digit municipality code"
    )
    norwegian = country_is["NO"] & (county_country == "NO") & municipality_ok
    if norwegian.any():  # the first two characters against the county code
        county_prefix = municipality.values(lambda code: code[:2])
        add(
            "clusters",
            "municipality_code",
            norwegian & (county_prefix != county_codes.values()),
            "is not in the cluster's county (a Norwegian municipality code starts with its county code)",
        )
    lat, lon = number_values(clusters["lat"]), number_values(clusters["lon"])
    placed, half_placed = _coordinates_known(lat, lon)
    add("clusters", "lat,lon", half_placed, "only one of lat and lon is given; give both or leave both empty")
    inside = any_of([country_is[c] & inside_country(lat, lon, c) for c in geo.COUNTRY_BBOX], clusters.num_rows)
    add(
        "clusters",
        "lat,lon",
        placed & country_ok & ~inside,
        "coordinates are not inside the cluster's country (lat/lon swapped or mistyped?)",
    )
    founded = number_values(clusters["founded_year"])
    add("clusters", "founded_year", (founded < 1950) | (founded > as_of.year), f"must be between 1950 and {as_of.year}")
    add("clusters", "source", _unsafe_text(clusters["source"]), "contains control or bidirectional-override characters")

    # assessments
    known_clusters = cluster_id
    add(
        "assessments",
        "cluster_id",
        ~assessments.codes("cluster_id").isin(known_clusters),
        "refers to a cluster that is not in clusters.parquet",
    )
    as_of_day, earliest = np.datetime64(as_of, "ms"), np.datetime64(EARLIEST_DATE, "ms")
    assessed = Calendar(assessments["assessment_date"])
    date = assessed.dates
    add("assessments", "assessment_date", date < earliest, f"is before {EARLIEST_DATE} (ESCA labels began in 2012)")
    add("assessments", "assessment_date", date > as_of_day, f"is after the snapshot date {as_of}")
    precision = assessments.codes("date_precision")
    if precision.distinct == ["day"]:  # every date a day (the demo, every schema-1 snapshot)
        by_year = np.zeros(assessments.num_rows, dtype=bool)
    else:
        add("assessments", "date_precision", ~precision.isin(DATE_PRECISIONS), "must be day, month, year or derived")
        by_month, by_year = precision.isin(("month", "derived")), precision.isin(("year",))
        add(
            "assessments",
            "assessment_date",
            (by_month & (assessed.day != 1)) | (by_year & ((assessed.month != 1) | (assessed.day != 1))),
            "a date known only to the month (year) is stored as the first day of that month (year)",
        )
    assessment_type = assessments.codes("assessment_type")
    add("assessments", "assessment_type", ~assessment_type.isin(ASSESSMENT_TYPES), "must be benchmarking, silver or gold")
    label = assessments.codes("label_level")
    add("assessments", "label_level", ~label.isin(LABEL_VALUES), "must be bronze, silver, gold or none")
    add(
        "assessments",
        "label_level",
        label.map(LABEL_RANK) > assessment_type.map(TYPE_RANK),
        "is higher than the assessment type can award (a benchmarking gives Bronze, a silver assessment Silver)",
    )
    valid_until = date_values(assessments["valid_until"])
    has_end = ~np.isnat(valid_until)
    no_label = label.isin(("none",))
    add("assessments", "valid_until", ~no_label & ~has_end, "is empty: the label's end date is unknown", "warning")
    add("assessments", "valid_until", no_label & has_end, "must be empty when no label was awarded")
    add("assessments", "valid_until", has_end & (valid_until < date), "is before the assessment date")
    # ESCA's rule of the 2017 era, checked where the assessment date is known at least to the month; real labels
    # may follow a later rule (a renewal runs 3 years) or a source may state another date: a warning, kept as given
    add(
        "assessments",
        "valid_until",
        has_end
        & (valid_until >= date)
        & ~by_year
        & ((valid_until > assessed.months_on(24, month_end=True)) | (valid_until < assessed.months_on(23))),
        ERA_RULE_WARNING,
        "warning",
    )
    scores = np.vstack([number_values(assessments[column]) for column in ("quality_index", *AREA_COLUMNS)])
    outside = ~((scores >= 0) & (scores <= 100)) & ~np.isnan(scores)  # unknown (null) is not outside
    for column, mask in zip(("quality_index", *AREA_COLUMNS), outside):
        add("assessments", column, mask, "must be between 0 and 100")
    add(
        "assessments",
        "quality_index",
        label.isin(("gold",)) & (scores[0] < 80),  # only where the index is known
        "a Gold label needs a quality index of at least 80",
    )
    for column in LIGHTS:
        add(
            "assessments",
            column,
            ~assessments.codes(column).isin(LIGHT_VALUES) & is_present(assessments[column]),
            "must be green, yellow or red",
        )
    add("assessments", "source", _unsafe_text(assessments["source"]), "contains control or bidirectional-override characters")

    # collaborations and members
    collaborations, members = tables["collaborations"], tables["collaboration_members"]
    text_rules("collaborations")
    add("collaborations", "kind", ~collaborations.codes("kind").isin(COLLABORATION_KINDS), "must be pilot, cooperation or programme")
    add(
        "collaborations",
        "county_codes",
        holds_unknown(collaborations["county_codes"], ADMIN1_CODES),
        "holds a code that is not a 2024 county or Danish region",
    )
    start, end = date_values(collaborations["start_date"]), date_values(collaborations["end_date"])
    add("collaborations", "end_date", ~np.isnat(end) & (end < start), "is before start_date")
    add("collaborations", "start_date", start < earliest, f"is before {EARLIEST_DATE}")
    known_collaborations = collaborations["collaboration_id"]
    add(
        "collaboration_members",
        "collaboration_id",
        ~is_in(members["collaboration_id"], known_collaborations),
        "refers to a collaboration that is not in collaborations.parquet",
    )
    add(
        "collaboration_members",
        "cluster_id",
        ~is_in(members["cluster_id"], known_clusters),
        "refers to a cluster that is not in clusters.parquet",
    )

    # events
    events = tables["events"]
    text_rules("events")
    add("events", "kind", ~events.codes("kind").isin(EVENT_KINDS), "must be workshop, seminar, training or gathering")
    status = events.codes("status")
    add("events", "status", ~status.isin(EVENT_STATUS), "must be held or planned")
    start = date_values(events["start_date"])
    add("events", "start_date", start < earliest, f"is before {EARLIEST_DATE}")
    add(
        "events",
        "start_date",
        (start > as_of_day) & ~status.isin(("planned",)),
        f"is after the snapshot date {as_of} but the status is not 'planned'",
    )
    days = number_values(events["days"])
    add("events", "days", (days < 1) | (days > 31), "must be 1 to 31 days")
    lat, lon = number_values(events["lat"]), number_values(events["lon"])
    placed, half_placed = _coordinates_known(lat, lon)
    add("events", "lat,lon", half_placed, "only one of lat and lon is given; give both or leave both empty")
    add("events", "lat,lon", placed & (~((lat >= -90) & (lat <= 90)) | ~((lon >= -180) & (lon <= 180))), "not a WGS84 coordinate")
    event_country = events.codes("country")
    for country in geo.COUNTRIES:
        add(
            "events",
            "lat,lon",
            placed & event_country.isin((country,)) & ~inside_country(lat, lon, country),
            f"coordinates are not inside {country}",
        )
    for column in ("clusters_n", "participants_n"):
        add("events", column, number_values(events[column]) < 0, "cannot be negative")
    add("events", "themes", holds_unknown(events["themes"], THEMES), "holds an unknown theme tag (see the README's theme list)")
    collaboration = events["collaboration_id"]
    add(
        "events",
        "collaboration_id",
        is_present(collaboration) & ~is_in(collaboration, known_collaborations),
        "refers to a collaboration that is not in collaborations.parquet",
    )
    return problems


def _coordinates_known(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(both known, exactly one known) per row; NaN = unknown."""
    lat_known, lon_known = ~np.isnan(lat), ~np.isnan(lon)
    return lat_known & lon_known, lat_known != lon_known


def _unsafe_text(values) -> np.ndarray:
    """Rows of a free-text column (sources) holding control or bidirectional-override characters; missing = False.
    A column of nulls (most snapshots' sources) costs nothing."""
    if values.null_count == len(values):
        return np.zeros(len(values), dtype=bool)
    text = text_values(values)
    if not text.null_count and not may_hold_markup_or_controls(text):
        return np.zeros(len(values), dtype=bool)
    return matches_pattern(text, CONTROLS_PATTERN)


TYPE_RANK = {"benchmarking": 1, "silver": 2, "gold": 3}
ADMIN1_CODES = tuple(geo.ADMIN1)
