"""Cells as people write them -> the schema's types: words, numbers, dates, yes/no, lists; the constants of what a column accepts."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Callable

import pyarrow as pa

from clusterviz.data import geo, places, schema, words

MAX_BYTES = 50 * 1024 * 1024  # a file (or CSV set) larger than this is refused before it is read
README_SHEET = "README"
REQUIRED_TABLES = ("clusters", "assessments")  # the others may be left out (an empty table)
PROGRESS_EVERY = 1000  # rows between two updates of the progress line
DEFAULT_TEMPLATE = "clusterviz-template.xlsx"
EXCEL_ROWS = 1_048_576

ALL_PROGRAMME_LEVELS = tuple(level for levels in schema.PROGRAMME_LEVELS.values() for level in levels)
COUNTY_CODES = tuple(geo.ADMIN1)

# (table, column) -> allowed values. Text in these columns is matched case-insensitively and stored in
# the canonical spelling ("Gold" -> "gold", "no" -> "NO"); anything else is reported by the rules.
ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("clusters", "country"): geo.COUNTRIES,
    ("clusters", "programme_level"): ALL_PROGRAMME_LEVELS,
    ("clusters", "county_code"): COUNTY_CODES,
    ("assessments", "assessment_type"): schema.ASSESSMENT_TYPES,
    ("assessments", "label_level"): schema.LABEL_VALUES,
    ("assessments", "date_precision"): schema.DATE_PRECISIONS,
    **{("assessments", light): schema.LIGHT_VALUES for light in schema.LIGHTS},
    ("collaborations", "kind"): schema.COLLABORATION_KINDS,
    ("events", "kind"): schema.EVENT_KINDS,
    ("events", "status"): schema.EVENT_STATUS,
}
LIST_VALUES: dict[tuple[str, str], tuple[str, ...]] = {
    ("collaborations", "county_codes"): COUNTY_CODES,
    ("events", "themes"): schema.THEMES,
}
UPPER_CASE = {("clusters", "country"), ("events", "country")}
# Excel drops leading zeros from codes typed as numbers (Oslo 0301 -> 301); these are padded back.
CODE_WIDTH = {("clusters", "county_code"): 2, ("clusters", "municipality_code"): 4, ("collaborations", "county_codes"): 2}
UNITS: dict[tuple[str, str], str] = {
    ("clusters", "lat"): "degrees north (WGS84)",
    ("clusters", "lon"): "degrees east (WGS84)",
    ("clusters", "founded_year"): "year, e.g. 2008",
    ("assessments", "quality_index"): "percent, 0-100",
    **{("assessments", c): "percent, 0-100" for c in schema.AREA_COLUMNS},
    ("events", "lat"): "degrees north (WGS84)",
    ("events", "lon"): "degrees east (WGS84)",
    ("events", "days"): "days, 1-31",
    ("events", "clusters_n"): "count",
    ("events", "participants_n"): "count",
}
TRUE_WORDS = {"true", "yes", "ja", "1", "sann", "aktiv", "active"}
FALSE_WORDS = {"false", "no", "nei", "0", "usann", "inaktiv", "inactive", "nedlagt", "closed"}

# Required columns that may stay blank because they follow from other cells (the README sheet says how).
# A blank cell here is filled by ``derive`` (with a note) or reported there, once, when it cannot be.
DERIVED: dict[tuple[str, str], str] = {
    ("clusters", "cluster_id"): "may stay blank: generated from country + name (stable), with a note",
    ("clusters", "county_code"): "may stay blank: taken from home_town or municipality_code when a known place, "
    "else unknown (null); county names of any era are accepted (Vest-Agder, "
    "Hordaland, Viken + town; a split county without a town is unknown, with a warning)",
    ("clusters", "municipality_code"): "may stay blank: taken from home_town when it is a known place",
    ("clusters", "lat"): "may stay blank: the point of home_town's municipality when known, else not placed",
    ("clusters", "lon"): "may stay blank: the point of home_town's municipality when known, else not placed",
    ("clusters", "active"): "may stay blank: blank means active",
    ("assessments", "assessment_id"): "may stay blank: generated from cluster_id + date + label (stable)",
    ("assessments", "assessment_type"): "may stay blank: from the label (bronze -> benchmarking, silver, gold)",
    ("assessments", "assessment_date"): "may stay blank when valid_until is given: derived by ESCA's rule (the "
    "latest award date the validity allows: valid_until minus two years, first "
    "of that month), date_precision derived, with a note",
    ("assessments", "date_precision"): "may stay blank: from how assessment_date is written (2017, 2017-09, ...)",
    ("assessments", "valid_until"): "may stay blank: for a label, the end of the month two years after the "
    "assessment (ESCA's rule of the articles' era), with a note",
    ("events", "event_id"): "may stay blank: generated from name + start_date (stable)",
    ("events", "lat"): "may stay blank: the point of the place's municipality when known",
    ("events", "lon"): "may stay blank: the point of the place's municipality when known",
    ("events", "status"): "may stay blank: held when on or before the as-of date, else planned",
}
# Header words people use for a schema column (after normalise_name); read as that column, with a note.
HEADER_ALIASES: dict[str, dict[str, str]] = {
    "clusters": {
        "id": "cluster_id",
        "cluster": "name",
        "cluster_name": "name",
        "organisation": "name",
        "programme": "programme_level",
        "program": "programme_level",
        "level": "programme_level",
        "town": "home_town",
        "city": "home_town",
        "place": "home_town",
        "sted": "home_town",
        "municipality": "municipality_code",
        "kommune": "municipality_code",
        "county": "county_code",
        "region": "county_code",
        "fylke": "county_code",
        "latitude": "lat",
        "longitude": "lon",
        "founded": "founded_year",
        "sources": "source",
    },
    "assessments": {
        "id": "assessment_id",
        "cluster": "cluster_id",
        "cluster_name": "cluster_id",
        "name": "cluster_id",
        "date": "assessment_date",
        "label": "label_level",
        "type": "assessment_type",
        "valid_to": "valid_until",
        "index": "quality_index",
        "score": "quality_index",
        "sources": "source",
    },
    "events": {"date": "start_date", "town": "place"},
}
KIND_WORDS = {
    "text": "text",
    "decimal": "number",
    "integer": "whole number",
    "date": "date (YYYY-MM-DD)",
    "boolean": "TRUE/FALSE",
    "list": "comma-separated list",
}

# --------------------------------------------------------------------------- cell conversion


class Bad(ValueError):
    """A cell that cannot be converted; the message says why (and quotes the value)."""


def _shown(value) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _undefuse(text: str) -> str:
    """Undo the apostrophe the app's CSV/Excel export puts before text that would look like a formula."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":
        return text[1:]
    return text


def _pad(text: str, width: int | None) -> str:
    if width and text.isdigit() and len(text) < width:
        return text.zfill(width)
    return text


def _refuse_bool_or_date(value, expected: str) -> None:
    """A TRUE/FALSE or a date cell in a column of ``expected`` (text, a number): its type says it is something else."""
    if isinstance(value, bool):
        raise Bad(f"{value} is TRUE/FALSE; expected {expected}")
    if isinstance(value, (dt.date, dt.datetime)):
        raise Bad(f"{value:%Y-%m-%d} is a date; expected {expected}")


def _number_text(value) -> str | None:
    """An Excel number in a text column: 1508.0 -> '1508'."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


# The kind of cell each Arrow type of the schema is read as (the first test that holds).
_KINDS = (
    (pa.types.is_string, "text"),
    (pa.types.is_floating, "decimal"),
    (pa.types.is_integer, "integer"),
    (pa.types.is_date, "date"),
    (pa.types.is_boolean, "boolean"),
    (pa.types.is_list, "list"),
)


def column_kind(typ: pa.DataType) -> str:
    for holds, kind in _KINDS:
        if holds(typ):
            return kind
    raise TypeError(f"no spreadsheet conversion for {typ}")


# Columns whose words are read through clusterviz.data.words: (table, column) -> (function, what is expected).
WORD_COLUMNS: dict[tuple[str, str], tuple[Callable[[str], str | None], str]] = {
    ("assessments", "label_level"): (words.label_word, "bronze, silver, gold or none (also Bronse/Sølv/Gull, benchmarked)"),
    ("assessments", "assessment_type"): (words.type_word, "benchmarking, silver or gold (also Bronze/Bronse, Sølv, Gull)"),
    **{("assessments", light): (lambda text: words.LIGHT_WORDS.get(places.fold(text)), "green, yellow or red") for light in schema.LIGHTS},
    ("clusters", "country"): (lambda text: words.COUNTRY_WORDS.get(places.fold(text)), "NO or DK"),
}
# Read as written here; ``derive`` turns them into codes with the row's other cells (country, town).
ROW_WORDS = {("clusters", "programme_level"), ("clusters", "county_code")}


def _vocabulary(table: str, column: str) -> dict[str, str]:
    """Known words of a column -> schema value, for suggestions."""
    if (table, column) == ("assessments", "label_level"):
        return words.LABEL_WORDS
    if (table, column) == ("assessments", "assessment_type"):
        return words.TYPE_WORDS
    if column in schema.LIGHTS:
        return words.LIGHT_WORDS
    if (table, column) == ("clusters", "country"):
        return {**words.COUNTRY_WORDS, **{c.lower(): c for c in geo.COUNTRIES}}
    return {v: v for v in ENUMS.get((table, column), ())}


def _text_parser(table: str, column: str) -> Callable:
    allowed = {v.lower(): v for v in ENUMS.get((table, column), ())}
    upper = (table, column) in UPPER_CASE
    width = CODE_WIDTH.get((table, column))
    reader, expected = WORD_COLUMNS.get((table, column), (None, ""))
    if (table, column) in ROW_WORDS:
        allowed, reader = {}, None
    elif reader is None and allowed:
        expected = (
            " or ".join([", ".join(list(allowed.values())[:-1]), list(allowed.values())[-1]])
            if len(allowed) > 1
            else next(iter(allowed.values()))
        )

    def parse(value, excel: bool):
        if value is None:
            return None
        _refuse_bool_or_date(value, "text")
        if isinstance(value, (int, float)):
            text = _pad(_number_text(value) or "", width)
        else:
            text = _pad(_undefuse(str(value).strip()), width)
        if not text:
            return None
        if (table, column) == ("events", "country"):
            return words.COUNTRY_WORDS.get(places.fold(text), text.upper())
        if upper:
            text = text.upper()
        if reader is not None or allowed:
            found = allowed.get(text.lower()) or (reader(text) if reader is not None else None)
            if found is None:
                near = words.suggest(text, _vocabulary(table, column))
                raise Bad(f"must be {expected} (found {_shown(text)})" + (f" — did you mean {near}?" if near else ""))
            return found
        return text

    return parse


_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


def _decimal(value, excel: bool):
    if value is None:
        return None
    _refuse_bool_or_date(value, "a number")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace("\u202f", "")
        if not text:
            return None
        if text.endswith("%") and len(text) > 1:  # "93 %" as a published score says: percent, 0-100
            text = text[:-1].strip()
        if _DECIMAL_COMMA.fullmatch(text):
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise Bad(f"{_shown(value)} is not a number") from None
    if math.isnan(number):
        return None
    if not math.isfinite(number):
        raise Bad(f"{_shown(value)} is not a finite number")
    return number


def _integer(value, excel: bool):
    try:
        number = _decimal(value, excel)
    except Bad as exc:
        raise Bad(str(exc).replace("a number", "a whole number")) from None
    if number is None:
        return None
    if not float(number).is_integer():
        raise Bad(f"{_shown(value)} is not a whole number")
    if not -(2**31) <= number < 2**31:
        raise Bad(f"{_shown(value)} is too large")
    return int(number)


def _date(value, excel: bool):
    """A date cell -> words.PartialDate (its ``precision`` says day, month or year).

    Excel dates and serial numbers, a whole number 1900-2199 as a year (in a spreadsheet, 2017 is far more
    likely the year than the serial of 1905-07-09), and text in the forms of ``words.parse_date_text``."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise Bad(f"{value:%Y-%m-%d %H:%M} has a time of day; expected a date")
        return words.PartialDate(value.year, value.month, value.day)
    if isinstance(value, dt.date):
        return value if isinstance(value, words.PartialDate) else words.PartialDate(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise Bad(f"{value} is TRUE/FALSE; expected a date")
    if isinstance(value, (int, float)):
        year = words.year_number(value)
        if year is not None:
            return words.PartialDate(year, precision="year")
        if excel and 1 <= value < 2958466:  # an Excel date serial in a cell without date format
            from openpyxl.utils.datetime import from_excel

            return _date(from_excel(value), excel)
        raise Bad(f"{_shown(value)} is not a date (write {words.DATE_FORMS})")
    text = str(value).strip()
    if not text:
        return None
    try:
        return words.parse_date_text(text)
    except words.DateError as exc:
        raise Bad(str(exc)) from None
    except ValueError:
        raise Bad(f"{_shown(value)} is not a date (write {words.DATE_FORMS})") from None


def _boolean(value, excel: bool):
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if not text:
        return None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise Bad(f"{_shown(value)} is not TRUE or FALSE (also accepted: ja/nei, yes/no, 1/0)")


_QUOTED = re.compile(r"'([^']*)'|\"([^\"]*)\"")


def _list_parser(table: str, column: str) -> Callable:
    width = CODE_WIDTH.get((table, column))

    def parse(value, excel: bool):
        if value is None:
            return []
        if isinstance(value, bool) or isinstance(value, (dt.date, dt.datetime)):
            raise Bad(f"{_shown(value)} is not a comma-separated list")
        if isinstance(value, (int, float)):
            text = _number_text(value) or ""
        else:
            text = str(value).strip()
        if text.startswith("[") and text.endswith("]"):  # the app's export writes lists as ['a' 'b']
            items = [a or b for a, b in _QUOTED.findall(text)]
        else:
            items = re.split(r"[,;]", text)
        return [_pad(item.strip(), width) for item in items if item.strip()]

    return parse


def column_parsers(table: str) -> dict[str, Callable]:
    out = {}
    for column, (typ, _, _) in schema.TABLES[table].items():
        kind = column_kind(typ)
        # B023: each lambda is called at once, in this iteration
        out[column] = {
            "text": lambda: _text_parser(table, column),  # noqa: B023
            "decimal": lambda: _decimal,
            "integer": lambda: _integer,
            "date": lambda: _date,
            "boolean": lambda: _boolean,
            "list": lambda: _list_parser(table, column),  # noqa: B023
        }[kind]()
    return out
