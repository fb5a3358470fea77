"""Values that follow from other cells (ids, assessment type, county and place from a known town, ...), each with a note; unknown stays blank."""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import hashlib

from clusterviz.data import geo, places, words
from clusterviz.data.ingest.cells import DERIVED
from clusterviz.data.ingest.results import IngestProblem, Reading, SheetTable
from clusterviz.data.snapshot import DATE_PRECISIONS, TABLES

# --------------------------------------------------------------------------- what follows from other cells

MAX_ROWS_NOTED = 8  # rows named in one note; the rest are counted


class _Notes:
    """Derivation notes gathered per (table, column, message): one note each, naming its rows."""

    def __init__(self):
        self.rows: dict[tuple[str, str | None, str, str], list[int]] = {}
        self.tables: dict[str, SheetTable] = {}

    def add(self, sheet_table: SheetTable, row: int, column: str | None, message: str, severity: str = "note") -> None:
        self.tables[sheet_table.table] = sheet_table
        self.rows.setdefault((sheet_table.table, column, message, severity), []).append(row)

    def problems(self) -> list[IngestProblem]:
        out = []
        for (table, column, message, severity), rows in self.rows.items():
            sheet_table = self.tables[table]
            if len(rows) == 1:
                out.append(sheet_table.problem(rows[0], column, message, severity))
                continue
            shown = ", ".join(map(str, rows[:MAX_ROWS_NOTED])) + (
                f" and {len(rows) - MAX_ROWS_NOTED} more" if len(rows) > MAX_ROWS_NOTED else ""
            )
            out.append(sheet_table.problem(None, column, f"{message} ({len(rows)} rows: {shown})", severity))
        return out


def stable_id(prefix: str, *parts) -> str:
    """An id that is the same every time the same facts are ingested: PREFIX-<10 hex digits of a SHA-1>."""
    text = "\x1f".join("" if p is None else (p.isoformat() if isinstance(p, dt.date) else places.fold(str(p))) for p in parts)
    return f"{prefix}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:10].upper()}"


def rule_valid_until(assessed: dt.date) -> dt.date:
    """ESCA's rule of the articles' era: valid to the end of the month two years after the assessment."""
    year, month = assessed.year + 2, assessed.month
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def derive(reading: Reading) -> None:
    """Fill what follows from other cells (ids, county from town, place, assessment type, ...), each with a
    note; read the words that need the row's other cells (programme level by country, county by town).
    A cell that cannot be derived because its root cell is blank or wrong is left to that root's message."""
    notes = _Notes()
    failed = {(p.table, p.row, p.column) for p in reading.problems if p.row is not None and p.severity == "error"}
    clusters = reading.tables.get("clusters")
    if clusters is not None:
        _derive_clusters(clusters, notes, failed, reading)
    assessments = reading.tables.get("assessments")
    if assessments is not None:
        _derive_assessments(assessments, clusters, notes, failed, reading)
    events = reading.tables.get("events")
    if events is not None:
        _derive_events(events, notes, failed, reading)
    collaborations = reading.tables.get("collaborations")
    if collaborations is not None:
        _derive_collaborations(collaborations, notes)
    reading.problems.extend(notes.problems())
    # a required cell that is still blank: reported here once, unless its root was reported already
    reported = {(p.table, p.row, p.column) for p in reading.problems if p.row is not None and p.severity == "error"}
    for (table, column), how in DERIVED.items():
        sheet_table = reading.tables.get(table)
        if sheet_table is None or column not in TABLES[table] or TABLES[table][column][1] or column == "status":
            continue  # (an event's status is derived per as-of date, by event_status)
        for row, value in zip(sheet_table.rows, sheet_table.columns[column]):
            key = (table, row, column)
            if value is None and key not in reading.holes and key not in reported:
                reading.problems.append(sheet_table.problem(row, column, f"is empty and could not be derived ({how})"))
                reading.holes.add(key)


def _county_choices(codes) -> str:
    return ", ".join(f"{c} {geo.county_name(c)}" for c in codes)


def _derive_clusters(table: SheetTable, notes: _Notes, failed: set, reading: Reading) -> None:
    cols = table.columns
    for i, row in enumerate(table.rows):
        country = cols["country"][i]
        if country not in geo.COUNTRIES:
            country = None
        bad_country = ("clusters", row, "country") in failed or country is None

        # programme level: the country's words
        written = cols["programme_level"][i]
        if written is not None:
            word = words.programme_word(written, country)
            if word.value is None and word.suggestion:
                reading.problems.append(
                    table.problem(row, "programme_level", f"{written!r} is not a programme level — did you mean {word.suggestion}?")
                )
                reading.holes.add(("clusters", row, "programme_level"))
            elif word.value is None:
                reading.holes.add(("clusters", row, "programme_level"))  # the country is the root problem
            elif word.note:
                notes.add(table, row, "programme_level", word.note, "warning")
            cols["programme_level"][i] = word.value

        # county, municipality and place
        town = cols["home_town"][i]
        municipality = cols["municipality_code"][i]
        county_text = cols["county_code"][i]
        candidates = places.places(town, country) if town else []
        if municipality and municipality in places.MUNICIPALITIES:
            m = places.MUNICIPALITIES[municipality]
            if country in (None, m[0]):
                candidates = [places.Place(m[0], municipality, m[1], m[2], m[3], m[4])]
        code = None
        if county_text is not None:
            read = places.county(county_text, country)
            if not read.codes:
                near = difflib.get_close_matches(
                    places.fold(county_text), [places.fold(w) for w in places.county_words()], n=1, cutoff=0.75
                )
                hint = [w for w in places.county_words() if places.fold(w) == near[0]] if near else []
                reading.problems.append(
                    table.problem(
                        row,
                        "county_code",
                        f"{county_text!r} is not a county or region code or name"
                        + (f" of {country}" if country else "")
                        + (
                            f" — did you mean {hint[0]!r}?"
                            if hint
                            else " (2024 counties 03..56, Danish regions 1081..1085, or their names of any era)"
                        ),
                    )
                )
                reading.holes.add(("clusters", row, "county_code"))
            else:
                inside = [p for p in candidates if p.county_code in read.codes]
                in_town = {p.county_code for p in inside}
                if len(read.codes) == 1:
                    code = read.codes[0]
                elif len(in_town) == 1:
                    code = in_town.pop()
                    if code != read.codes[0] or read.split:
                        notes.add(
                            table,
                            row,
                            "county_code",
                            f"{read.name!r} covers several 2024 counties; {code} {geo.county_name(code)} taken from home_town",
                        )
                elif not read.split:
                    code = read.codes[0]
                else:  # unknown stays unknown: neither successor is guessed
                    notes.add(
                        table,
                        row,
                        "county_code",
                        f"{read.name!r} was divided in 2024 into {_county_choices(read.codes)}"
                        + (f", and home_town {town!r} does not say which" if town else ", and there is no home_town to say which")
                        + ": county left unknown (write the 2024 county if known)",
                        "warning",
                    )
                if code is not None and read.renamed and code in read.codes and len(read.codes) == 1:
                    notes.add(table, row, "county_code", f"{read.name!r} read as the 2024 county/region {code} {geo.county_name(code)}")
                elif code is not None and read.renamed and not read.split and len(in_town) != 1:
                    notes.add(table, row, "county_code", f"{read.name!r} read as its usual 2024 successor {code} {geo.county_name(code)}")
        # the place: one candidate, narrowed by the county when it is known
        narrowed = [p for p in candidates if code is None or p.county_code == code]
        place = narrowed[0] if len(narrowed) == 1 else None
        if code is None and county_text is None:
            if place is not None:
                code = place.county_code
                notes.add(table, row, "county_code", "county taken from home_town (the place table)")
            elif not bad_country and town:
                why = (
                    f"home_town {town!r} is in several places ({_county_choices(sorted({p.county_code for p in candidates}))})"
                    if len(candidates) > 1
                    else f"home_town {town!r} is not in the place table"
                )
                notes.add(table, row, "county_code", f"is empty, and {why}: county left unknown (write the county if known)", "warning")
            elif not bad_country:
                notes.add(table, row, "county_code", "is empty and there is no home_town: county left unknown")
            else:
                reading.holes.add(("clusters", row, "county_code"))
        elif candidates and place is None and code is not None and not narrowed and town:
            notes.add(
                table,
                row,
                "home_town",
                f"home_town {town!r} lies in "
                f"{_county_choices(sorted({p.county_code for p in candidates}))}, not in "
                f"{code} {geo.county_name(code)}: not placed (check the county or the town)",
                "warning",
            )
        cols["county_code"][i] = code
        if place is not None:
            if municipality is None:
                cols["municipality_code"][i] = place.municipality_code
                notes.add(table, row, "municipality_code", "municipality_code taken from home_town")
            if cols["lat"][i] is None and cols["lon"][i] is None and place.municipality_code == cols["municipality_code"][i]:
                cols["lat"][i], cols["lon"][i] = place.lat, place.lon
                notes.add(table, row, "lat", "lat/lon: the point of home_town's municipality (the place table)")
        elif town and cols["lat"][i] is None and len(candidates) != 1:
            notes.add(
                table,
                row,
                "home_town",
                "home_town is not a known place (or fits several): lat/lon left empty, the map lists it as not placed",
            )
        if town is None and cols["lat"][i] is None and place is None:
            notes.add(table, row, "lat", "no home_town and no coordinates: lat/lon left empty (not placed)")
        if town is None or ("clusters", row, "home_town") in failed:  # in a schema where they are required
            reading.holes.update(
                ("clusters", row, c) for c in ("lat", "lon", "municipality_code") if cols[c][i] is None and not TABLES["clusters"][c][1]
            )

        # ids and the rest
        if cols["cluster_id"][i] is None:
            name = cols["name"][i]
            if name is not None and country is not None:
                cols["cluster_id"][i] = stable_id(country, country, name)
                notes.add(
                    table, row, "cluster_id", "cluster_id generated from country + name (stable: the same name gives the same id next time)"
                )
            else:
                reading.holes.add(("clusters", row, "cluster_id"))
        if cols["active"][i] is None:
            cols["active"][i] = True
            notes.add(table, row, "active", "active is blank: read as active")


def _derive_assessments(table: SheetTable, clusters: SheetTable | None, notes: _Notes, failed: set, reading: Reading) -> None:
    cols = table.columns
    ids: set[str] = set()
    names: dict[str, list[str]] = {}
    if clusters is not None:
        ids = {c for c in clusters.columns["cluster_id"] if c is not None}
        for cluster_id, name in zip(clusters.columns["cluster_id"], clusters.columns["name"]):
            if cluster_id is not None and name is not None:
                names.setdefault(places.fold(name), []).append(cluster_id)
    precision_column = "date_precision" in TABLES["assessments"]
    for i, row in enumerate(table.rows):
        cluster_id = cols["cluster_id"][i]
        if cluster_id is not None and cluster_id not in ids:
            matches = names.get(places.fold(cluster_id), [])
            if len(matches) == 1:
                cols["cluster_id"][i] = matches[0]
                notes.add(table, row, "cluster_id", "cluster_id holds the cluster's name: matched to its id")
            elif len(matches) > 1:
                reading.problems.append(
                    table.problem(
                        row,
                        "cluster_id",
                        f"{cluster_id!r} is the name of {len(matches)} clusters ({', '.join(matches)}); write the cluster_id",
                    )
                )
                reading.holes.add(("assessments", row, "cluster_id"))
        assessed = cols["assessment_date"][i]
        label = cols["label_level"][i]
        valid_until = cols["valid_until"][i]
        if assessed is None and valid_until is not None and label in words.LABEL_TYPE and ("assessments", row, "valid_until") not in failed:
            assessed = cols["assessment_date"][i] = words.derived_award_date(valid_until)
            if precision_column:
                cols["date_precision"][i] = None  # whatever the column said, this date is not stated
            notes.add(
                table,
                row,
                "assessment_date",
                "assessment_date derived from valid_until by ESCA's rule (the "
                "latest award date the validity allows: two years earlier, first "
                "of that month); date_precision derived — not a stated fact",
            )
        if precision_column:
            given = cols["date_precision"][i]
            written = getattr(assessed, "precision", "day") if assessed is not None else None
            if given is None and assessed is not None:
                cols["date_precision"][i] = written
            elif given is not None and written is not None and DATE_PRECISIONS.index(written) > DATE_PRECISIONS.index(given):
                cols["date_precision"][i] = written  # "2017" is not known to the day, whatever the column says
                notes.add(
                    table, row, "date_precision", f"says {given} but the date is written as a {written}: read as {written}", "warning"
                )
            elif given is None:
                reading.holes.add(("assessments", row, "date_precision"))
        if cols["assessment_type"][i] is None:
            if label in words.LABEL_TYPE:
                cols["assessment_type"][i] = words.LABEL_TYPE[label]
                notes.add(
                    table,
                    row,
                    "assessment_type",
                    "assessment_type taken from the label (bronze -> benchmarking, silver -> silver, gold -> gold)",
                )
            elif label == "none":
                reading.problems.append(
                    table.problem(
                        row,
                        "assessment_type",
                        "is empty, and a label 'none' does not say which assessment it was; write benchmarking, silver or gold",
                    )
                )
            else:
                reading.holes.add(("assessments", row, "assessment_type"))
        if cols["valid_until"][i] is None and label in words.LABEL_TYPE and assessed is not None:
            if getattr(assessed, "precision", "day") == "year":
                notes.add(
                    table,
                    row,
                    "valid_until",
                    "valid_until left empty: the assessment date is only a year, so the two-year rule cannot give its end",
                )
            else:
                cols["valid_until"][i] = rule_valid_until(assessed)
                notes.add(
                    table,
                    row,
                    "valid_until",
                    "valid_until derived by ESCA's rule of the articles' era (end of the month two years after the assessment)",
                )
        if cols["assessment_id"][i] is None:
            cluster_id = cols["cluster_id"][i]
            if cluster_id is not None and assessed is not None and label is not None:
                cols["assessment_id"][i] = stable_id("A", cluster_id, dt.date(assessed.year, assessed.month, assessed.day), label)
                notes.add(table, row, "assessment_id", "assessment_id generated from cluster_id + date + label (stable)")
            else:
                reading.holes.add(("assessments", row, "assessment_id"))


def _derive_events(table: SheetTable, notes: _Notes, failed: set, reading: Reading) -> None:
    cols = table.columns
    for i, row in enumerate(table.rows):
        if cols["event_id"][i] is None:
            if cols["name"][i] is not None and cols["start_date"][i] is not None:
                start = cols["start_date"][i]
                cols["event_id"][i] = stable_id("E", cols["name"][i], dt.date(start.year, start.month, start.day))
                notes.add(table, row, "event_id", "event_id generated from name + start_date (stable)")
            else:
                reading.holes.add(("events", row, "event_id"))
        if cols["lat"][i] is None and cols["lon"][i] is None and cols["place"][i] is not None:
            place = places.place(cols["place"][i], cols["country"][i])
            if place is not None:
                cols["lat"][i], cols["lon"][i] = place.lat, place.lon
                notes.add(table, row, "lat", "lat/lon: the point of the place's municipality (the place table)")


def _derive_collaborations(table: SheetTable, notes: _Notes) -> None:
    cols = table.columns
    for i, row in enumerate(table.rows):
        codes = []
        for item in cols["county_codes"][i] or []:
            read = places.county(item)
            if item not in geo.ADMIN1 and read.codes and not read.split:
                notes.add(table, row, "county_codes", f"{item!r} read as {read.codes[0]} {geo.county_name(read.codes[0])}")
                codes.append(read.codes[0])
            else:
                codes.append(item)
        cols["county_codes"][i] = list(dict.fromkeys(codes))  # Vest-Agder, Aust-Agder -> 42 once


def event_status(tables: dict[str, SheetTable], as_of: dt.date) -> list[IngestProblem]:
    """A blank event status: held when it started on or before ``as_of``, else planned (one note)."""
    notes = _Notes()
    events = tables.get("events")
    if events is not None:
        for i, row in enumerate(events.rows):
            start = events.columns["start_date"][i]
            if events.columns["status"][i] is None and start is not None:
                events.columns["status"][i] = "held" if start <= as_of else "planned"
                notes.add(events, row, "status", f"status derived from start_date and the as-of date {as_of}")
    return notes.problems()
