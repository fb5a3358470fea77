"""One string catalogue for the whole app, and locale formatting of numbers and dates (babel).

The catalogue is the folder ``locales/``: one TOML file per part of the app (common, overview, map, ...),
each entry holding both languages, e.g. ``title = { nb = "Oversikt", en = "Overview" }``.  Keys are
``file.entry`` ("overview.title").  Keeping both languages side by side makes a missing translation
visible in review and testable (tests/unit/test_i18n.py); at run time a missing key shows the key itself and
is recorded in ``MISSING`` so a test walking the pages can fail on it.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

LANGS = ("nb", "en")
DEFAULT_LANG = "nb"
LOCALES = {"nb": "nb_NO", "en": "en_GB"}
CATALOGUE_DIR = Path(__file__).with_name("locales")
MISSING: set[tuple[str, str]] = set()


@functools.cache
def catalogue() -> dict[str, dict[str, str]]:
    """key -> {lang: text}, read once per process from every locales/*.toml."""
    entries: dict[str, dict[str, str]] = {}
    for path in sorted(CATALOGUE_DIR.glob("*.toml")):
        with path.open("rb") as f:
            data = tomllib.load(f)
        for name, value in data.items():
            entries[f"{path.stem}.{name}"] = value if isinstance(value, dict) else {}
    return entries


NORWEGIAN = ("nb", "nn", "no")


def lang_for_locale(locale: str | None) -> str:
    """The app's language for the browser's (``st.context.locale``, e.g. "nb-NO", "en-GB"): Norwegian
    (Bokmål, Nynorsk or plain "no") -> nb, any other -> en; none known -> the default (nb)."""
    if not locale:
        return DEFAULT_LANG
    primary = str(locale).replace("_", "-").split("-", 1)[0].strip().lower()
    return "nb" if primary in NORWEGIAN else "en"


def plural_category(count, lang: str) -> str:
    """The CLDR plural category of ``count`` in the language ("one", "other", ...), from babel's rules."""
    return Locale.parse(LOCALES[lang]).plural_form(abs(count))


def t(key: str, lang: str = DEFAULT_LANG, /, **values) -> str:
    """The text of ``key`` in ``lang``, formatted with ``values``.  A plural entry (a table of forms per
    plural category, e.g. ``{ one = "{count} attempt left", other = "{count} attempts left" }``) takes the
    form for ``values["count"]`` ("other" when a form is missing)."""
    entry = catalogue().get(key)
    text = entry.get(lang) if entry else None
    if isinstance(text, dict):
        count = values.get("count")
        form = plural_category(count, lang) if isinstance(count, (int, float)) else "other"
        text = text.get(form, text.get("other"))
    if text is None:
        MISSING.add((key, lang))
        text = key
    return text.format(**values) if values else text


def number(value: float | int | None, lang: str, decimals: int = 1) -> str:
    """63.6 -> '63,6' (nb) / '63.6' (en); None -> '–'."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def integer(value: int | None, lang: str) -> str:
    return number(value, lang, 0)


def percent(share: float | None, lang: str, decimals: int = 0) -> str:
    if share is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "") + " %"
    if lang == "en":
        pattern = pattern.replace(" %", "%")
    return format_percent(share, format=pattern, locale=LOCALES[lang])


def date(day: dt.date | None, lang: str, fmt: str = "long") -> str:
    """2017-03-01 -> '1. mars 2017' (nb) / '1 March 2017' (en)."""
    if day is None:
        return "–"
    if isinstance(day, dt.datetime):  # also pandas.Timestamp
        day = day.date()
    return format_date(day, format=fmt, locale=LOCALES[lang])


def localised(record, field: str, lang: str) -> str:
    """A data text in the reader's language: on an English page the optional ``<field>_en`` (schema 2:
    collaborations' ``name_en``/``description_en``, events' ``name_en``) when the record has one, else the
    text as given.  ``record`` is a dict, a pandas row (Series) or an ``itertuples`` row; a snapshot without
    the column (schema 1) simply has none."""

    def get(name):
        if isinstance(record, dict):
            return record.get(name)
        if hasattr(record, "get") and not hasattr(record, "_fields"):  # pandas Series
            return record.get(name)
        return getattr(record, name, None)

    given = get(field)
    if lang == "en":
        english = get(f"{field}_en")
        if isinstance(english, str) and english.strip():
            return english
    return given


def localised_column(frame, field: str, lang: str):
    """``localised`` for a whole column: ``<field>_en`` where it is filled on an English page, else ``field``."""
    column = frame[field]
    english = f"{field}_en"
    if lang != "en" or english not in frame.columns:
        return column
    filled = frame[english].map(lambda v: isinstance(v, str) and bool(v.strip()))
    return frame[english].where(filled, column)


AWARD_DATE_FORMATS = {"day": "long", "month": "MMMM y", "year": "y"}


def award_date(day: dt.date | None, precision: str | None, lang: str) -> str:
    """An assessment date as exactly as it is known: a day in full, a month as 'september 2016', a year as
    '2016'; a date derived from valid_until by ESCA's rule (precision ``derived``) is marked as such:
    '≈ sep. 2016 (utledet av gyldig til)'.  The one wording every page uses for award dates."""
    if day is None or day != day:  # None, NaT, NaN
        return "–"
    if precision == "derived":
        return t("common.date_derived", lang, date=date(day, lang, "MMM y"))
    return date(day, lang, AWARD_DATE_FORMATS.get(precision or "day", "long"))


class Translator:
    """The chosen language bound once: ``tr("overview.intro")``, ``tr.number(63.6)``, ``tr.date(d)``."""

    def __init__(self, lang: str = DEFAULT_LANG):
        self.lang = lang if lang in LANGS else DEFAULT_LANG

    def __call__(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    def cache_key(self) -> tuple:
        """A translator as an input of a cached call (``data.cache.key_of``): its language."""
        return ("tr", self.lang)

    def number(self, value, decimals: int = 1) -> str:
        return number(value, self.lang, decimals)

    def integer(self, value) -> str:
        return integer(value, self.lang)

    def percent(self, share, decimals: int = 0) -> str:
        return percent(share, self.lang, decimals)

    def date(self, day, fmt: str = "long") -> str:
        return date(day, self.lang, fmt)

    def award_date(self, day, precision: str | None = "day") -> str:
        return award_date(day, precision, self.lang)

    def status(self, status: str) -> str:
        return t(f"common.status_{status}", self.lang)

    def programme(self, level: str | None) -> str:
        if not isinstance(level, str):  # null in a schema-2 snapshot: unknown, said as such
            return t("common.programme_unknown", self.lang)
        return t(f"common.programme_{level}", self.lang)

    def area(self, area: str) -> str:
        return t(f"common.area_{area}", self.lang)

    def collection(self, name: str) -> str:
        """A data collection's name for the reader (a collection the catalogue has no name for shows as is)."""
        key = f"common.collection_{name}"
        return self(key) if key in catalogue() else name

    def country(self, code: str) -> str:
        return t(f"common.country_{code}", self.lang)
