"""The snapshot read path after issue 9 (performance): the rules on Arrow columns report exactly what the
former pandas rules reported, and the frames handed out are exactly what ``to_pandas`` made.

``reference_rules`` below is validate.check_rules as it was before it moved to Arrow, kept as the reference
and changed only where the rules changed (schema 2: a null is unknown and passes every value rule; ESCA's era
rules are warnings; marked "schema 2"): every corpus case, the bundled and a Europe-scale snapshot, and randomly broken copies of the demo
snapshot must give the same problems (file, column, row, message, severity) in the same order, through
the read path (Arrow tables) and through ingest (pandas frames, possibly with holes).
"""

from __future__ import annotations

import datetime as dt
import math
import shutil

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusterviz.data import demo, geo, snapshot, store, validate
from clusterviz.data.snapshot import AREA_COLUMNS, LIGHTS, TABLES, arrow_schema
from tests.support import corpus

# --------------------------------------------------------------------------- the reference (pandas) rules


def reference_rules(frames: dict[str, pd.DataFrame], as_of: dt.date) -> list[validate.Problem]:
    """validate.check_rules as it was before the rules moved to Arrow (commit 77f6695), with schema 2's changes."""
    problems: list[validate.Problem] = []
    add = lambda table, column, mask, message, severity="error": validate.checks.add_row_problems(  # noqa: E731
        problems, f"{table}.parquet", column, np.flatnonzero(np.asarray(mask, dtype=bool)), message, severity
    )
    as_of_ts = pd.Timestamp(as_of)
    earliest = pd.Timestamp(validate.EARLIEST_DATE)

    for table, key in snapshot.KEYS.items():
        frame = frames[table]
        dup = frame.duplicated(list(key), keep="first").to_numpy()
        add(table, ",".join(key), dup, "duplicate id: the same key appears on an earlier row")

    clusters, assessments = frames["clusters"], frames["assessments"]
    if clusters.empty:
        problems.append(validate.Problem("clusters.parquet", None, None, "the table is empty"))
    if assessments.empty:
        problems.append(validate.Problem("assessments.parquet", None, None, "the table is empty"))

    # clusters
    for column in ("name", "home_town", "sector"):
        _reference_text_rules(add, "clusters", column, clusters[column])
    known = lambda column: clusters[column].notna()  # noqa: E731  (schema 2)
    add(
        "clusters",
        "cluster_id",
        ~clusters["cluster_id"].str.fullmatch(r"[A-Za-z0-9_.\-]{1,40}").fillna(False),
        "id must be 1-40 letters, digits, '-', '_' or '.'",
    )
    country_ok = clusters["country"].isin(geo.COUNTRIES)
    add("clusters", "country", ~country_ok, "must be NO or DK")
    level_ok = [lvl in snapshot.PROGRAMME_LEVELS.get(c, ()) for c, lvl in zip(clusters["country"], clusters["programme_level"])]
    add(
        "clusters",
        "programme_level",
        country_ok & ~np.array(level_ok, dtype=bool) & known("programme_level"),
        "unknown programme level for the country (NO: arena, arena_pro, nce, gce, other; DK: dk_national, dk_other)",
    )
    county_country = clusters["county_code"].map(geo.county_country)
    add(
        "clusters",
        "county_code",
        county_country.isna() & known("county_code"),  # null: unknown
        "not a 2024 Norwegian county code (03, 11, 15, 18, 31-34, 39, 40, 42, 46, 50, 55, 56) or Danish region (1081-1085)",
    )
    add(
        "clusters",
        "county_code",
        county_country.notna() & country_ok & (county_country != clusters["country"]),
        "county/region belongs to another country than the cluster",
    )
    municipality_ok = clusters["municipality_code"].str.fullmatch(r"\d{4}").fillna(False)
    add("clusters", "municipality_code", ~municipality_ok & known("municipality_code"), "must be a 4-digit municipality code")
    norwegian = (clusters["country"] == "NO") & (county_country == "NO") & municipality_ok
    add(
        "clusters",
        "municipality_code",
        norwegian & (clusters["municipality_code"].str[:2] != clusters["county_code"]),
        "is not in the cluster's county (a Norwegian municipality code starts with its county code)",
    )
    placed = known("lat") & known("lon")
    add("clusters", "lat,lon", known("lat") != known("lon"), "only one of lat and lon is given; give both or leave both empty")
    inside = [geo.inside_country(la, lo, c) for la, lo, c in zip(clusters["lat"], clusters["lon"], clusters["country"])]
    add(
        "clusters",
        "lat,lon",
        placed & country_ok & ~np.array(inside, dtype=bool),
        "coordinates are not inside the cluster's country (lat/lon swapped or mistyped?)",
    )
    add(
        "clusters",
        "founded_year",
        (clusters["founded_year"] < 1950) | (clusters["founded_year"] > as_of.year),
        f"must be between 1950 and {as_of.year}",
    )
    add(
        "clusters",
        "source",
        clusters["source"].str.contains(validate.CONTROLS_PATTERN, regex=True).fillna(False),
        "contains control or bidirectional-override characters",
    )

    # assessments
    known_clusters = set(clusters["cluster_id"])
    add("assessments", "cluster_id", ~assessments["cluster_id"].isin(known_clusters), "refers to a cluster that is not in clusters.parquet")
    date = assessments["assessment_date"]
    add("assessments", "assessment_date", date < earliest, f"is before {validate.EARLIEST_DATE} (ESCA labels began in 2012)")
    add("assessments", "assessment_date", date > as_of_ts, f"is after the snapshot date {as_of}")
    precision = assessments["date_precision"]  # schema 2
    add("assessments", "date_precision", ~precision.isin(("day", "month", "year", "derived")), "must be day, month, year or derived")
    add(
        "assessments",
        "assessment_date",
        ((precision.isin(("month", "derived"))) & (date.dt.day != 1))
        | ((precision == "year") & ((date.dt.month != 1) | (date.dt.day != 1))),
        "a date known only to the month (year) is stored as the first day of that month (year)",
    )
    add(
        "assessments",
        "assessment_type",
        ~assessments["assessment_type"].isin(snapshot.ASSESSMENT_TYPES),
        "must be benchmarking, silver or gold",
    )
    label = assessments["label_level"]
    add("assessments", "label_level", ~label.isin(snapshot.LABEL_VALUES), "must be bronze, silver, gold or none")
    rank = {"none": 0, "bronze": 1, "silver": 2, "gold": 3}
    type_rank = assessments["assessment_type"].map({"benchmarking": 1, "silver": 2, "gold": 3})
    add(
        "assessments",
        "label_level",
        label.map(rank) > type_rank,
        "is higher than the assessment type can award (a benchmarking gives Bronze, a silver assessment Silver)",
    )
    valid_until = assessments["valid_until"]
    add(
        "assessments", "valid_until", (label != "none") & valid_until.isna(), "is empty: the label's end date is unknown", "warning"
    )  # schema 2
    add("assessments", "valid_until", (label == "none") & valid_until.notna(), "must be empty when no label was awarded")
    add("assessments", "valid_until", valid_until.notna() & (valid_until < date), "is before the assessment date")
    two_years_end = date + pd.offsets.DateOffset(months=24) + pd.offsets.MonthEnd(0)
    earliest_end = date + pd.offsets.DateOffset(months=23)
    add(
        "assessments",
        "valid_until",  # schema 2
        valid_until.notna()
        & (valid_until >= date)
        & (precision != "year")
        & ((valid_until > two_years_end) | (valid_until < earliest_end)),
        validate.ERA_RULE_WARNING,
        "warning",
    )
    for column in ("quality_index", *AREA_COLUMNS):
        values = assessments[column]
        add("assessments", column, ~values.between(0, 100) & values.notna(), "must be between 0 and 100")
    add(
        "assessments",
        "quality_index",
        (label == "gold") & (assessments["quality_index"] < 80),
        "a Gold label needs a quality index of at least 80",
    )
    for column in LIGHTS:
        add(
            "assessments",
            column,
            ~assessments[column].isin(snapshot.LIGHT_VALUES) & assessments[column].notna(),
            "must be green, yellow or red",
        )
    add(
        "assessments",
        "source",
        assessments["source"].str.contains(validate.CONTROLS_PATTERN, regex=True).fillna(False),
        "contains control or bidirectional-override characters",
    )

    # collaborations and members
    collaborations, members = frames["collaborations"], frames["collaboration_members"]
    _reference_text_rules(add, "collaborations", "name", collaborations["name"])
    _reference_text_rules(add, "collaborations", "name_en", collaborations["name_en"])
    add("collaborations", "kind", ~collaborations["kind"].isin(snapshot.COLLABORATION_KINDS), "must be pilot, cooperation or programme")
    bad_counties = [any(c not in geo.ADMIN1 for c in codes) for codes in collaborations["county_codes"]]
    add("collaborations", "county_codes", bad_counties, "holds a code that is not a 2024 county or Danish region")
    add(
        "collaborations",
        "end_date",
        collaborations["end_date"].notna() & (collaborations["end_date"] < collaborations["start_date"]),
        "is before start_date",
    )
    add("collaborations", "start_date", collaborations["start_date"] < earliest, f"is before {validate.EARLIEST_DATE}")
    known_collaborations = set(collaborations["collaboration_id"])
    add(
        "collaboration_members",
        "collaboration_id",
        ~members["collaboration_id"].isin(known_collaborations),
        "refers to a collaboration that is not in collaborations.parquet",
    )
    add(
        "collaboration_members",
        "cluster_id",
        ~members["cluster_id"].isin(known_clusters),
        "refers to a cluster that is not in clusters.parquet",
    )

    # events
    events = frames["events"]
    _reference_text_rules(add, "events", "name", events["name"])
    _reference_text_rules(add, "events", "name_en", events["name_en"])
    _reference_text_rules(add, "events", "place", events["place"])
    add("events", "kind", ~events["kind"].isin(snapshot.EVENT_KINDS), "must be workshop, seminar, training or gathering")
    add("events", "status", ~events["status"].isin(snapshot.EVENT_STATUS), "must be held or planned")
    add("events", "start_date", events["start_date"] < earliest, f"is before {validate.EARLIEST_DATE}")
    add(
        "events",
        "start_date",
        (events["start_date"] > as_of_ts) & (events["status"] != "planned"),
        f"is after the snapshot date {as_of} but the status is not 'planned'",
    )
    add("events", "days", (events["days"] < 1) | (events["days"] > 31), "must be 1 to 31 days")
    placed = events["lat"].notna() & events["lon"].notna()  # schema 2
    add(
        "events",
        "lat,lon",
        events["lat"].notna() != events["lon"].notna(),
        "only one of lat and lon is given; give both or leave both empty",
    )
    add("events", "lat,lon", placed & (~events["lat"].between(-90, 90) | ~events["lon"].between(-180, 180)), "not a WGS84 coordinate")
    for country in geo.COUNTRIES:
        here = (events["country"] == country) & placed
        inside = [geo.inside_country(la, lo, country) for la, lo in zip(events["lat"], events["lon"])]
        add("events", "lat,lon", here & ~np.array(inside, dtype=bool), f"coordinates are not inside {country}")
    for column in ("clusters_n", "participants_n"):
        add("events", column, events[column].notna() & (events[column] < 0), "cannot be negative")
    bad_themes = [any(t not in snapshot.THEMES for t in themes) for themes in events["themes"]]
    add("events", "themes", bad_themes, "holds an unknown theme tag (see the README's theme list)")
    add(
        "events",
        "collaboration_id",
        events["collaboration_id"].notna() & ~events["collaboration_id"].isin(known_collaborations),
        "refers to a collaboration that is not in collaborations.parquet",
    )
    return problems


def _reference_text_rules(add, table: str, column: str, values: pd.Series) -> None:
    text = values.astype(str)
    add(table, column, text.str.strip() == "", "is blank")
    add(table, column, text.str.len() > validate.MAX_TEXT, f"is longer than {validate.MAX_TEXT} characters")
    add(table, column, text.str.contains(r"[<>]", regex=True), "contains '<' or '>' (markup is not allowed in names)")
    add(
        table,
        column,
        text.str.contains(validate.CONTROLS_PATTERN, regex=True),  # vectorised _has_controls
        "contains control or bidirectional-override characters",
    )


# --------------------------------------------------------------------------- helpers


def as_tuples(problems) -> list[tuple]:
    return [(p.file, p.column, p.row, p.message, p.severity) for p in problems]


def read_tables(folder) -> tuple[dict[str, pa.Table] | None, dt.date | None]:
    """The conformed Arrow tables of a snapshot folder, as read_snapshot hands them to the rules (None when a
    file problem stops it before the rules)."""
    fs, base = snapshot.resolve(str(folder))
    problems: list = []
    manifest = validate.read._read_manifest(fs, base, problems)
    if manifest is None:
        return None, None
    tables = {}
    for table in TABLES:
        data = validate.read._read_table_bytes(fs, base, table, manifest, problems)
        arrow = validate.read._parse_table(table, data, manifest, problems) if data is not None else None
        if arrow is None:
            return None, None
        tables[table] = arrow
    return tables, manifest.as_of


def assert_same_problems(tables: dict[str, pa.Table], as_of: dt.date) -> list[tuple]:
    """Arrow rules on the tables, Arrow rules on pandas frames and the reference on the frames agree."""
    frames = {name: validate.to_frame(table) for name, table in tables.items()}
    expected = as_tuples(reference_rules(frames, as_of))
    assert as_tuples(validate.check_rules(tables, as_of)) == expected
    assert as_tuples(validate.check_rules(frames, as_of)) == expected
    return expected


@pytest.fixture(scope="module")
def seed_tables():
    tables, as_of = read_tables(corpus.SEED)
    assert as_of == corpus.SEED_DATE
    return tables


@pytest.fixture(scope="module")
def europe_location(tmp_path_factory):
    as_of, frames = demo.build_europe(n_clusters=600)
    return snapshot.write_snapshot(str(tmp_path_factory.mktemp("europe")), as_of, frames, source="eu", demo=True)


# --------------------------------------------------------------------------- same problems as the pandas rules


@pytest.mark.parametrize("name", sorted(corpus.CASES))
def test_every_corpus_case_gets_the_problems_the_pandas_rules_gave(name, tmp_path):
    folder, expected = corpus.CASES[name].build(tmp_path)
    tables, as_of = read_tables(folder)
    if tables is None:  # a file-level case: refused before the rules, with its own message
        assert expected.found_in(validate.read_snapshot(str(folder))[1])
        return
    found = assert_same_problems(tables, as_of)
    if expected.file != "manifest.json" and expected.row is not None:
        assert (expected.file, expected.column, expected.row) in [(f, c, r) for f, c, r, _, _ in found]


@pytest.mark.parametrize("name", sorted(corpus.CASES))
def test_reading_text_as_dictionaries_reports_the_same(name, tmp_path, monkeypatch):
    """Large tables read their CODED_COLUMNS as Parquet dictionaries; the demo-sized corpus is read plain.
    Read each case both ways: the same problems."""
    folder, _ = corpus.CASES[name].build(tmp_path)
    plain, plain_problems = validate.read_snapshot(str(folder))
    monkeypatch.setattr(validate.read, "CODED_FROM_ROWS", 0)
    coded, coded_problems = validate.read_snapshot(str(folder))
    assert as_tuples(coded_problems) == as_tuples(plain_problems)
    assert (coded is None) == (plain is None)


def test_a_repeated_column_is_reported_not_raised(tmp_path):
    """pq.read_table refused a file with two columns of one name; ParquetFile reads it, so the read path says it."""
    folder = tmp_path / "2017-03-01"
    shutil.copytree(corpus.SEED, folder)
    copy = corpus.Copy(folder)
    events = copy.table("events")
    copy.write("events", pa.Table.from_arrays(events.columns + [events.column("name")], names=events.column_names + ["name"]))
    loaded, problems = validate.read_snapshot(str(folder))
    assert loaded is None
    assert [str(p) for p in problems] == ["events.parquet: is not a readable Parquet file: the column name appears 2 times"]


def test_valid_snapshots_give_no_problems_either_way(seed_tables, europe_location, monkeypatch):
    assert assert_same_problems(seed_tables, corpus.SEED_DATE) == []
    tables, as_of = read_tables(europe_location)
    assert assert_same_problems(tables, as_of) == []
    plain, _ = validate.read_snapshot(str(corpus.SEED))
    monkeypatch.setattr(validate.read, "CODED_FROM_ROWS", 0)  # the demo read as a large snapshot is
    coded, problems = validate.read_snapshot(str(corpus.SEED))
    assert problems == [] and all(coded.tables[t].equals(plain.tables[t]) for t in TABLES)
    assert [str(d) for d in coded.clusters.dtypes] == [str(d) for d in plain.clusters.dtypes]


# Values that break (or just pass) each rule, per column; None is a missing value.  Required text and list
# columns never hold None in a frame the rules see (conform refuses them; ingest fills "" and []); nullable ones
# (schema 2) do, and None there means unknown.
TEXT = [
    "",
    "   ",
    "\u3000",
    "a<b",
    "x>",
    "tab\there",
    "line\nbreak",
    "bidi\u202e",
    "c1\x85",
    "x" * 200,
    "x" * 201,
    "Ærø – fjord",
    "no\xa0break",
    "ø" * 150,
    "ø" * 201,
    "ok",
]
DATES = [
    dt.date(2009, 12, 31),
    dt.date(2010, 1, 1),
    dt.date(2015, 1, 31),
    dt.date(2016, 2, 29),
    dt.date(2017, 2, 28),
    dt.date(2017, 3, 1),
    dt.date(2017, 3, 2),
    dt.date(2018, 2, 28),
    dt.date(2018, 3, 31),
    dt.date(2019, 2, 28),
    None,
]
SCORES = [-1.0, 0.0, 79.9, 80.0, 100.0, 100.5, math.nan, None]
VALUES = {
    "clusters": {
        "cluster_id": ["NO-001", "", "a b", "x" * 40, "x" * 41, "NO-٣", "id\n", "DK_1.x-2"],
        "name": TEXT,
        "home_town": TEXT + [None],
        "sector": TEXT + [None],
        "country": ["NO", "DK", "SE", "", "no"],
        "programme_level": ["arena", "nce", "dk_national", "dk_other", "gce", "other", "foo", "", None],
        "municipality_code": ["0301", "1804", "301", "03010", "٠٣٠١", "1٨04", "03a1", "1081", "0301\n", "", None],
        "source": [None, "https://example.org/a; list 2017", "bell\x07", "bidi\u202e", ""],
        "county_code": ["03", "18", "1081", "1085", "99", "", None],
        "lat": [59.9, 10.7, 55.7, 57.9, 71.3, 91.0, math.nan, None],
        "lon": [10.7, 59.9, 12.5, 4.4, 31.3, -200.0, math.nan, None],
        "founded_year": [1949, 1950, 2017, 2018, None],
    },
    "assessments": {
        "cluster_id": ["NO-001", "ZZ-999", ""],
        "assessment_date": DATES + [dt.date(2016, 1, 1), dt.date(2016, 9, 1)],
        "date_precision": ["day", "month", "year", "derived", "quarter", ""],
        "source": [None, "ESCA label list", "esc\x1b"],
        "assessment_type": list(snapshot.ASSESSMENT_TYPES) + ["x", ""],
        "label_level": list(snapshot.LABEL_VALUES) + ["platinum", ""],
        "valid_until": DATES,
        **{column: SCORES for column in ("quality_index", *AREA_COLUMNS)},
        **{column: list(snapshot.LIGHT_VALUES) + ["amber", "", None] for column in LIGHTS},
    },
    "collaborations": {
        "name": TEXT,
        "name_en": TEXT + [None],
        "description_en": [None, "x"],
        "kind": list(snapshot.COLLABORATION_KINDS) + ["x"],
        "county_codes": [["18"], ["18", "99"], [], [None], ["1081", "03"]],
        "start_date": DATES[:-1],
        "end_date": DATES,
    },
    "collaboration_members": {"collaboration_id": ["nordland-pilot-2016", "nope"], "cluster_id": ["NO-001", "ZZ-9"]},
    "events": {
        "name": TEXT,
        "name_en": TEXT + [None],
        "place": TEXT,
        "kind": list(snapshot.EVENT_KINDS) + ["x"],
        "collaboration_id": ["nordland-pilot-2016", "nope", None],
        "start_date": DATES[:-1],
        "days": [0, 1, 31, 32, None],
        "country": ["NO", "DK", "RO", ""],
        "lat": [59.9, 55.7, 44.4, -91.0, math.nan, None],
        "lon": [10.7, 12.5, 26.1, 181.0, math.nan, None],
        "clusters_n": [-1, 0, 3, None],
        "participants_n": [-5, 40, None],
        "themes": [[], ["quality"], ["quality", "x"], [None]],
        "status": list(snapshot.EVENT_STATUS) + ["x", ""],
    },
}


def mutate(tables: dict[str, pa.Table], edits) -> dict[str, pa.Table]:
    """Apply (table, what, row, column, value) edits: set a cell, copy a row to the end, or empty a table."""
    columns = {name: {c: table.column(c).to_pylist() for c in table.column_names} for name, table in tables.items()}
    for table, what, row, column, value in edits:
        data = columns[table]
        rows = len(next(iter(data.values())))
        if what == "empty":
            for c in data:
                data[c] = []
        elif rows and what == "copy":
            for c in data:
                data[c].append(data[c][row % rows])
        elif rows and what == "set":
            data[column][row % rows] = value
    out = {}
    for name, table in tables.items():
        arrays = []
        for field in arrow_schema(name):
            array = pa.array(columns[name][field.name], field.type)
            coded = field.name in validate.CODED_COLUMNS.get(name, ())
            arrays.append(array.dictionary_encode() if coded else array)  # as the read path hands them over
        out[name] = pa.Table.from_arrays(arrays, names=table.column_names)
    return out


edit = st.one_of(
    st.sampled_from([(t, c) for t in VALUES for c in VALUES[t]]).flatmap(
        lambda tc: st.tuples(st.just(tc[0]), st.just("set"), st.integers(0, 200), st.just(tc[1]), st.sampled_from(VALUES[tc[0]][tc[1]]))
    ),
    st.tuples(st.sampled_from(list(TABLES)), st.just("copy"), st.integers(0, 200), st.none(), st.none()),
    st.tuples(st.sampled_from(["collaborations", "collaboration_members", "events"]), st.just("empty"), st.just(0), st.none(), st.none()),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=st.lists(edit, min_size=1, max_size=6))
def test_broken_copies_get_the_problems_the_pandas_rules_gave(seed_tables, edits):
    assert_same_problems(mutate(seed_tables, edits), corpus.SEED_DATE)


def test_a_dictionary_with_repeated_and_unused_values_is_judged_by_its_rows(seed_tables):
    """A Parquet dictionary need not hold each value once, nor only values in use: rules look at what rows hold."""
    tables = dict(seed_tables)
    clusters, assessments = tables["clusters"], tables["assessments"]
    sectors = validate.frames._decoded(clusters)["sector"].to_pylist()
    labels = validate.frames._decoded(assessments)["label_level"].to_pylist()

    # every value twice in the dictionary (rows alternate between the copies), plus unused broken values
    def doubled(values: list[str], unused: list[str]) -> pa.DictionaryArray:
        distinct = sorted(set(values))
        dictionary = [v for v in distinct for _ in (0, 1)] + unused
        indices = [2 * distinct.index(v) + i % 2 for i, v in enumerate(values)]
        return pa.DictionaryArray.from_arrays(pa.array(indices, pa.int32()), pa.array(dictionary))

    tables["clusters"] = clusters.set_column(clusters.schema.get_field_index("sector"), "sector", doubled(sectors, ["<b>", " ", "x" * 300]))
    tables["assessments"] = assessments.set_column(
        assessments.schema.get_field_index("label_level"), "label_level", doubled(labels, ["platinum"])
    )
    assert assert_same_problems(tables, corpus.SEED_DATE) == []


def test_unicode_digits_pass_as_municipality_digits_as_they_did(seed_tables):
    """pandas gave a column holding non-ASCII text to Python's re, whose \\d takes any decimal digit: kept."""
    tables = mutate(seed_tables, [("clusters", "set", 0, "municipality_code", "٠٣٠١")])
    found = assert_same_problems(tables, corpus.SEED_DATE)
    assert ("clusters.parquet", "municipality_code", 1, "must be a 4-digit municipality code", "error") not in found
    tables = mutate(seed_tables, [("clusters", "set", 0, "municipality_code", "03a1")])
    assert ("clusters.parquet", "municipality_code", 1, "must be a 4-digit municipality code", "error") in assert_same_problems(
        tables, corpus.SEED_DATE
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)), max_size=30),
    st.integers(-30, 30),
    st.booleans(),
)
def test_month_arithmetic_is_pandas_date_offset(moments, months, whole_days):
    """validate.checks.Calendar.months_on = pandas' DateOffset(months=...) (+ MonthEnd(0)), for date32 and timestamps."""
    if whole_days:
        moments = [dt.datetime(m.year, m.month, m.day) for m in moments]
    dates = pd.Series(np.array(moments + [None], dtype="datetime64[ms]"))
    column = pa.chunked_array([pa.array(dates, pa.timestamp("ms"))])
    if whole_days:
        column = column.cast(pa.date32())
    for month_end in (False, True):
        shifted = dates + pd.offsets.DateOffset(months=months)
        if month_end:
            shifted = shifted + pd.offsets.MonthEnd(0)
        np.testing.assert_array_equal(validate.checks.Calendar(column).months_on(months, month_end=month_end), shifted.to_numpy())


def test_month_arithmetic_over_dates_thousands_of_years_apart():
    """A damaged file may hold any date32: with months too far apart for one table of month starts, the month
    starts come from the distinct months, with the same result."""
    dates = pd.Series(np.array(["0001-01-31", "2016-02-29", "9999-01-31", None], dtype="datetime64[ms]"))
    column = pa.chunked_array([pa.array(dates, pa.timestamp("ms"))]).cast(pa.date32())
    for months in (23, 24):
        expected = dates + pd.offsets.DateOffset(months=months)
        np.testing.assert_array_equal(validate.checks.Calendar(column).months_on(months), expected.to_numpy())
    np.testing.assert_array_equal(
        validate.checks.Calendar(column).months_on(24, month_end=True),
        (dates + pd.offsets.DateOffset(months=24) + pd.offsets.MonthEnd(0)).to_numpy(),
    )


def test_bounding_boxes_are_geo_inside_country():
    lat = np.array([57.9, 71.3, 57.89, 60.0, 55.0, math.nan, 60.0])
    lon = np.array([4.4, 31.3, 10.0, 31.31, 10.0, 10.0, math.nan])
    for country in (*geo.COUNTRY_BBOX, "SE"):
        assert list(validate.checks.inside_country(lat, lon, country)) == [geo.inside_country(a, o, country) for a, o in zip(lat, lon)]


# --------------------------------------------------------------------------- the frames handed out


def assert_frames_identical(made: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert [str(d) for d in made.dtypes] == [str(d) for d in expected.dtypes]
    assert list(made.columns) == list(expected.columns)
    assert isinstance(made.index, pd.RangeIndex) and made.index.equals(expected.index)
    pd.testing.assert_frame_equal(made, expected, check_exact=True)
    for column in made.columns:
        assert type(made[column].array) is type(expected[column].array), column
        if expected[column].dtype == object:  # list cells: numpy arrays of str, as before
            for a, b in zip(made[column], expected[column]):
                assert type(a) is type(b) and a.dtype == b.dtype and list(a) == list(b)


def test_read_frames_are_exactly_what_to_pandas_made(data_root, europe_location):
    """The dtypes the metrics and pages rely on: str text, datetime64[ms] dates, int32 or float64 (gaps) counts."""
    for location in [f"{data_root}/{name}" for name in snapshot.list_snapshot_dirs(data_root)] + [europe_location]:
        loaded, problems = validate.read_snapshot(location)
        assert loaded is not None, problems
        for table in TABLES:
            expected = pa.Table.from_arrays(pq.read_table(f"{location}/{table}.parquet").columns, schema=arrow_schema(table)).to_pandas(
                date_as_object=False
            )
            assert_frames_identical(loaded.tables[table], expected)
    seed = store.load(f"{data_root}/2017-03-01")
    assert dict(seed.clusters.dtypes.astype(str)) == {
        "cluster_id": "str",
        "name": "str",
        "country": "str",
        "programme_level": "str",
        "sector": "str",
        "home_town": "str",
        "municipality_code": "str",
        "county_code": "str",
        "lat": "float64",
        "lon": "float64",
        "founded_year": "int32",
        "active": "bool",
        "source": "str",
    }
    assert seed.assessments["valid_until"].dtype == "datetime64[ms]" and seed.events["clusters_n"].dtype == "float64"


def test_to_frame_matches_to_pandas_on_gaps_and_empty_tables(seed_tables, europe_location):
    tables = mutate(
        seed_tables,
        [
            ("events", "set", 0, "clusters_n", None),
            ("events", "set", 1, "days", None),
            ("events", "set", 2, "programme", None),
            ("events", "set", 3, "themes", []),
            ("assessments", "set", 0, "valid_until", None),
            ("assessments", "set", 1, "quality_index", None),
        ],
    )
    empty = mutate(seed_tables, [(name, "empty", 0, None, None) for name in TABLES])
    europe, _ = read_tables(europe_location)  # large tables: text columns read as dictionaries
    assert pa.types.is_dictionary(europe["assessments"].schema.field("label_level").type)
    assert not pa.types.is_dictionary(seed_tables["assessments"].schema.field("label_level").type)
    for variant in (seed_tables, europe, tables, empty):
        for table in variant.values():
            plain = validate.frames._decoded(table)
            assert not any(pa.types.is_dictionary(t) for t in plain.schema.types)
            assert_frames_identical(validate.to_frame(table), plain.to_pandas(date_as_object=False))
    odd = pa.table({"when": pa.array([dt.datetime(2020, 1, 1)], pa.timestamp("s")), "flag": pa.array([True])})
    assert_frames_identical(validate.to_frame(odd), odd.to_pandas(date_as_object=False))  # the generic way
