"""Looking places up by what a spreadsheet says: a town -> its municipality, county and point; a county cell -> 2024 code(s).

Names are compared after ``fold`` (case, accents, spaces, hyphens); a name that fits two places is reported
by the caller, never chosen.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from clusterviz.data import geo
from clusterviz.data.places.names import DK_REGION_NAMES, NO_COUNTY_NAMES, NO_OLD_COUNTY_CODES, TOWNS


def _read_municipalities() -> dict[str, tuple[str, str, str, float, float]]:
    """municipalities.csv (the facts table beside this file): code -> (country, name, county/region code 2024, lat, lon)."""
    with open(Path(__file__).with_name("municipalities.csv"), encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh)
        return {
            r["municipality_code"]: (r["country"], r["municipality_name"], r["county_code"], float(r["lat"]), float(r["lon"])) for r in rows
        }


# Every Norwegian (2024), then every Danish municipality.  Names with a Sami form keep both
# ("Harstad - Hárstták"); each part is a name the table answers to.
MUNICIPALITIES = _read_municipalities()

_FILLER = {"fylke", "fylkeskommune", "county", "region", "regionen", "of", "the", "i", "dk", "no"}
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "å": "a", "ö": "o", "ä": "ae", "ü": "u", "á": "a", "&": " og "})


def fold(text: str) -> str:
    """A name as a lookup key: case, accents (ø -> o, æ -> ae, å -> a), spaces, hyphens and dots ignored."""
    text = unicodedata.normalize("NFC", str(text)).casefold().translate(_FOLD)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.split(r"[\s\-_.,/()']+", text)).strip()


def _county_key(text: str) -> str:
    words = [w for w in fold(text).split() if w not in _FILLER]
    return " ".join(words)


@dataclass(frozen=True)
class Place:
    """A known town: the municipality it lies in, its county/region (2024) and the municipality's point."""

    country: str
    municipality_code: str
    municipality_name: str
    county_code: str
    lat: float
    lon: float


def _place_index() -> dict[tuple[str, str], list[Place]]:
    index: dict[tuple[str, str], list[Place]] = {}

    def add(name: str, place: Place) -> None:
        found = index.setdefault((place.country, fold(name)), [])
        if place not in found:
            found.append(place)

    by_name: dict[tuple[str, str], list[Place]] = {}
    for code, (country, name, county, lat, lon) in MUNICIPALITIES.items():
        place = Place(country, code, name, county, lat, lon)
        for part in [name, *name.split(" - ")]:
            add(part, place)
            by_name.setdefault((country, part), []).append(place)
    for town, (country, municipality) in TOWNS.items():
        if municipality in MUNICIPALITIES:
            add(town, Place(country, municipality, *(MUNICIPALITIES[municipality][1:])))
            continue
        for place in by_name[(country, municipality)]:
            add(town, place)
    return index


PLACES = _place_index()


def places(town: str | None, country: str | None = None) -> list[Place]:
    """Every place a town name may be (several when a name is used twice, e.g. Herøy, Våler)."""
    if not town or not str(town).strip():
        return []
    key = fold(town)
    countries = (country,) if country in geo.COUNTRIES else geo.COUNTRIES
    return [p for c in countries for p in PLACES.get((c, key), [])]


def place(town: str | None, country: str | None = None, county_code: str | None = None) -> Place | None:
    """The one place a town name stands for (narrowed by county when given); None when unknown or ambiguous."""
    found = places(town, country)
    if county_code:
        found = [p for p in found if p.county_code == county_code] or found
    return found[0] if len(found) == 1 else None


@dataclass(frozen=True)
class County:
    """What a county cell says: the 2024 code(s) it may mean, and how it was read."""

    codes: tuple[str, ...]  # candidate 2024 codes, usual successor first; empty when unknown
    split: bool = False  # a county divided in 2024: its name alone does not decide
    name: str = ""  # the name it was read as, e.g. "Vest-Agder"
    renamed: bool = False  # not a 2024 name or code (an older county, a region name, ...)


def _county_index() -> dict[str, tuple[str, tuple[str, ...], bool, str]]:
    index = {}
    for name, (codes, split) in NO_COUNTY_NAMES.items():
        index[_county_key(name)] = ("NO", codes, split, name)
    for name, code in DK_REGION_NAMES.items():
        index[_county_key(name)] = ("DK", (code,), False, geo.county_name(code))
    return index


_COUNTIES = _county_index()


def county(text, country: str | None = None) -> County:
    """A county/region cell -> its 2024 code(s): codes (2024 or older, ISO 3166-2, DK 81-85) or names of any era."""
    raw = str(text).strip()
    if not raw:
        return County(())
    upper = raw.upper()
    if upper.startswith(("NO-", "DK-")):
        raw = raw[3:].strip()
        if upper.startswith("DK-") and raw.isdigit():
            raw = "10" + raw.zfill(2)
    if raw.isdigit():
        code = raw.zfill(2) if len(raw) < 2 else raw
        if code in geo.ADMIN1:
            return County((code,), name=geo.county_name(code))
        if len(code) == 2 and f"10{code}" in geo.ADMIN1 and country != "NO":
            return County((f"10{code}",), name=geo.county_name(f"10{code}"), renamed=True)
        if code in NO_OLD_COUNTY_CODES and country != "DK":
            codes, split = NO_COUNTY_NAMES[NO_OLD_COUNTY_CODES[code]]
            return County(codes, split, f"{NO_OLD_COUNTY_CODES[code]} ({code})", renamed=True)
        return County(())
    found = _COUNTIES.get(_county_key(raw))
    if found is None or (country in geo.COUNTRIES and found[0] != country):
        return County(())
    _, codes, split, name = found
    return County(codes, split, name, _county_key(raw) != _county_key(geo.county_name(codes[0])))


def county_words() -> list[str]:
    """Every county/region name the table knows (for suggestions)."""
    return [*NO_COUNTY_NAMES, *(f"Region {n}" for n in DK_REGION_NAMES)]
