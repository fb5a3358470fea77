"""The project's place table: towns -> municipality -> county/region, with a point for each municipality.

Facts (Kartverket / SDFI registers, as in ../shared/geo: the 2024 Norwegian municipalities and the Danish
municipalities, each with its county or region and one point inside it, WGS84), plus the county names
people write: the 2024 counties, the 2020-2023 counties and the pre-2020 ones (Vest-Agder, Hordaland,
Sør-Trøndelag, ...) and the Danish regions with or without "Region".  Used by the ingest to turn a
spreadsheet's words into codes; never to guess: a name that fits two places is reported, not chosen.

A cluster is placed at its municipality's point (the point the demo data uses for its towns), never at a
county centre.

The facts: ``municipalities.csv`` (every municipality with its county and point, as in ../shared/geo's
no_municipalities_2024.csv and dk_municipalities.csv) and ``names.py`` (towns, county names of every era,
Danish regions); the lookups by name: ``lookup.py``.
"""

from __future__ import annotations

from clusterviz.data.places.lookup import MUNICIPALITIES, PLACES, County, Place, county, county_words, fold, place, places  # noqa: F401
from clusterviz.data.places.names import DK_REGION_NAMES, NO_COUNTY_NAMES, NO_OLD_COUNTY_CODES, TOWNS  # noqa: F401
