"""The words people write in a cluster spreadsheet, and what they mean in the schema.

    programme_word("Arena Pro", "NO")      -> Word("arena_pro")
    label_word("Gull")                     -> "gold"        (Bronze/Silver/Gold, Bronse/Sølv/Gull, benchmarked)
    type_word("Bronze")                    -> "benchmarking"
    parse_date("Sept 2016")                -> PartialDate(2016, 9, 1, precision="month")

A word the vocabulary does not know is never guessed: the functions return None (or a Word without a value)
and the caller reports it, with a suggestion from ``suggest`` when one is close ("did you mean arena_pro?").
A date written as a month or a year is stored as its first day, and its precision says so.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from dataclasses import dataclass

from clusterviz.data.places import fold

# --------------------------------------------------------------------------- programme levels

# Words are compared after ``fold`` (case, accents, spaces, hyphens) and with these filler words removed.
_PROGRAMME_FILLER = {
    "cluster",
    "clusters",
    "klynge",
    "klynger",
    "klyngen",
    "programme",
    "program",
    "programmet",
    "level",
    "the",
    "organisation",
    "organization",
    "organisationer",
    "klyngeprogrammet",
}
NO_PROGRAMME_WORDS: dict[str, str] = {
    "arena": "arena",
    "arena prosjekt": "arena",
    "arenaprosjekt": "arena",
    "arena pro": "arena_pro",
    "arenapro": "arena_pro",
    "arena_pro": "arena_pro",
    "nce": "nce",
    "norwegian centre of expertise": "nce",
    "norwegian centres of expertise": "nce",
    "norwegian center of expertise": "nce",
    "norwegian centers of expertise": "nce",
    "gce": "gce",
    "global centre of expertise": "gce",
    "global centres of expertise": "gce",
    "global center of expertise": "gce",
    "global centers of expertise": "gce",
    "other": "other",
    "annet": "other",
    "andre": "other",
    "annen": "other",
}
DK_PROGRAMME_WORDS: dict[str, str] = {
    "dk national": "dk_national",
    "national": "dk_national",
    "nationale": "dk_national",
    "national klyngeorganisation": "dk_national",
    "nationale klyngeorganisation": "dk_national",
    "klyngeorganisation": "dk_national",
    "nationale klyngeorganisationer": "dk_national",
    "klyngeorganisationer": "dk_national",
    "danish national": "dk_national",
    "dansk national": "dk_national",
    "national klyngeorganisation dk": "dk_national",
    "dk other": "dk_other",
    "other": "dk_other",
    "anden": "dk_other",
    "andet": "dk_other",
    "andre": "dk_other",
}


_PERIOD_WORDS = {"from", "since", "until", "to", "fra", "siden", "til", "fram", "status"}


def _programme_key(text: str) -> str:
    """Folded, without filler words and without a period ("national cluster 2021-2024", "NCE (from 2018)")."""
    return " ".join(w for w in fold(text).split() if w not in _PROGRAMME_FILLER and w not in _PERIOD_WORDS and not w.isdigit())


@dataclass(frozen=True)
class Word:
    """How a programme word was read: the schema value (None when the word is unknown), and a note."""

    value: str | None
    note: str = ""  # why the value is not simply the word (e.g. "unknown word, stored as other")
    suggestion: str = ""  # a close known value, for "did you mean ...?"


def programme_word(text, country: str | None) -> Word:
    """A programme-level cell -> the schema value for that country.

    Norway: arena, arena_pro, nce, gce, other.  Denmark: dk_national for the national cluster organisations
    (``national cluster``, ``nationale klynge``, ``klyngeorganisation``), dk_other for any other word (with a
    note).  An unknown Norwegian word is ``other`` with a note; a near miss of a known word gets no value and
    a suggestion (a misspelt ``Arena Prp`` is far likelier to mean arena_pro than other).
    """
    key = _programme_key(text)
    if country == "DK":
        if key in DK_PROGRAMME_WORDS:
            return Word(DK_PROGRAMME_WORDS[key])
        near = suggest(key, DK_PROGRAMME_WORDS)
        if near and near != "dk_other" and key not in NO_PROGRAMME_WORDS:
            return Word(None, suggestion=near)
        return Word(
            "dk_other",
            note=f"{str(text).strip()!r} is not a Danish national cluster word "
            "(national cluster, nationale klynge, klyngeorganisation); stored as dk_other",
        )
    if key in NO_PROGRAMME_WORDS:
        return Word(NO_PROGRAMME_WORDS[key])
    near = suggest(key, NO_PROGRAMME_WORDS)
    if near:
        return Word(None, suggestion=near)
    known = "Arena, Arena Pro, NCE, GCE"
    if country != "NO":
        return Word(None)
    return Word("other", note=f"{str(text).strip()!r} is not a Norwegian cluster programme ({known}); stored as other")


# --------------------------------------------------------------------------- labels and assessment types

LABEL_WORDS: dict[str, str] = {
    "bronze": "bronze",
    "bronse": "bronze",
    "bronze label": "bronze",
    "benchmarked": "bronze",
    "benchmarking": "bronze",
    "bronze benchmarked": "bronze",
    "silver": "silver",
    "solv": "silver",
    "silver label": "silver",
    "solv label": "silver",
    "gold": "gold",
    "gull": "gold",
    "guld": "gold",
    "gold label": "gold",
    "gull label": "gold",
    "none": "none",
    "no label": "none",
    "ingen": "none",
    "intet": "none",
    "ingen label": "none",
    "ikke sertifisert": "none",
    "not labelled": "none",
    "not labeled": "none",
}
TYPE_WORDS: dict[str, str] = {
    "benchmarking": "benchmarking",
    "benchmarked": "benchmarking",
    "bronze": "benchmarking",
    "bronse": "benchmarking",
    "bronze benchmarking": "benchmarking",
    "benchmark": "benchmarking",
    "silver": "silver",
    "solv": "silver",
    "gold": "gold",
    "gull": "gold",
    "guld": "gold",
}
LABEL_TYPE = {"bronze": "benchmarking", "silver": "silver", "gold": "gold"}  # the assessment a label comes from
LIGHT_WORDS = {"green": "green", "gronn": "green", "gron": "green", "yellow": "yellow", "gul": "yellow", "red": "red", "rod": "red"}
COUNTRY_WORDS = {
    "no": "NO",
    "nor": "NO",
    "norway": "NO",
    "norge": "NO",
    "noreg": "NO",
    "norwegen": "NO",
    "dk": "DK",
    "dnk": "DK",
    "denmark": "DK",
    "danmark": "DK",
    "daenemark": "DK",
}
_LABEL_FILLER = {
    "esca",
    "eucles",
    "label",
    "merke",
    "sertifikat",
    "certificate",
    "cluster",
    "management",
    "excellence",
    "level",
    "the",
    "a",
}


def _label_key(text) -> str:
    words = [w for w in fold(text).split() if w not in _LABEL_FILLER]
    return " ".join(words) or ("label" if "label" in fold(text) else "")


def label_word(text) -> str | None:
    """``Gold``, ``Gull``, ``ESCA Gold Label``, ``Bronse``, ``benchmarked``, ``none`` -> the schema's label."""
    key = _label_key(text)
    return LABEL_WORDS.get(key) or LABEL_WORDS.get(fold(text))


def type_word(text) -> str | None:
    """``Bronze``/``Bronse``/``benchmarked`` -> benchmarking, ``Sølv`` -> silver, ``Gull`` -> gold."""
    key = _label_key(text)
    return TYPE_WORDS.get(key) or TYPE_WORDS.get(fold(text))


def suggest(text: str, words, cutoff: float = 0.75) -> str:
    """The schema value of the known word closest to ``text`` ("" when none is close): difflib on folded words."""
    vocabulary = dict(words) if isinstance(words, dict) else {w: w for w in words}
    folded = {fold(k): v for k, v in vocabulary.items()}
    near = difflib.get_close_matches(fold(text), list(folded), n=1, cutoff=cutoff)
    return folded[near[0]] if near else ""


# --------------------------------------------------------------------------- dates


class PartialDate(dt.date):
    """A date as exact as it was written: ``precision`` is day, month or year (month/year: the first day)."""

    precision: str

    def __new__(cls, year: int, month: int = 1, day: int = 1, precision: str = "day"):
        self = super().__new__(cls, year, month, day)
        self.precision = precision
        return self

    def __reduce__(self):
        return (PartialDate, (self.year, self.month, self.day, self.precision))

    def __repr__(self) -> str:
        return f"PartialDate({self.year}, {self.month}, {self.day}, precision={self.precision!r})"

    def last_day(self) -> dt.date:
        """The last day this date may mean: the day itself, the end of its month, or 31 December."""
        if self.precision == "year":
            return dt.date(self.year, 12, 31)
        if self.precision in ("month", "derived"):
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, self.month, self.day)


def derived_award_date(valid_until: dt.date) -> PartialDate:
    """The award date ESCA's rule allows for a label known only by its valid-until date: the latest one
    consistent with it, two years earlier, on the first of that month (a label runs to the end of the month two
    years after the interview), with precision ``derived`` (a derivation, not a stated fact)."""
    year, month = valid_until.year - 2, valid_until.month
    return PartialDate(year, month, 1, precision="derived")


MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january januar jan",
        "february februar feb febr",
        "march mars marts mar",
        "april apr",
        "may mai maj",
        "june juni jun",
        "july juli jul",
        "august aug",
        "september sept sep",
        "october oktober okt oct",
        "november nov",
        "december desember des dec",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

_YEAR = r"(\d{4})"
_PATTERNS: list[tuple[re.Pattern, str]] = [
    (re.compile(rf"^{_YEAR}$"), "Y"),  # 2017
    (re.compile(rf"^{_YEAR}[-/.](\d{{1,2}})$"), "YM"),  # 2017-09, 2017/9
    (re.compile(rf"^(\d{{1,2}})[-/.]{_YEAR}$"), "MY"),  # 09.2017, 9/2017
    (re.compile(rf"^{_YEAR}[-/.](\d{{1,2}})[-/.](\d{{1,2}})$"), "YMD"),  # 2017-03-01, 2017/3/1
    (re.compile(rf"^(\d{{1,2}})[./-](\d{{1,2}})[./-]{_YEAR}$"), "DMY"),  # 01.03.2017, 1/3/2017 (day first)
    (re.compile(rf"^([a-z]+)\.?,?\s*{_YEAR}$"), "NY"),  # Sept 2016, sep. 2016, september 2016
    (re.compile(rf"^{_YEAR}\s+([a-z]+)\.?$"), "YN"),  # 2016 september
    (re.compile(rf"^(\d{{1,2}})\.?\s*([a-z]+)\.?,?\s*{_YEAR}$"), "DNY"),  # 1. mars 2017, 1 March 2017
    (re.compile(rf"^([a-z]+)\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}$"), "NDY"),  # March 1, 2017
]
DATE_FORMS = "2017-03-01, 01.03.2017, 2017-09, Sept 2016, september 2016 or 2017"


class DateError(ValueError):
    """Text that is not a date in any accepted form; the message says what was expected."""


def parse_date_text(text: str) -> PartialDate:
    """Text in any accepted form -> a PartialDate.  Raises DateError."""
    cleaned = " ".join(text.strip().lower().replace("\u00a0", " ").split())
    if "t" in cleaned and re.match(r"^\d{4}-\d{2}-\d{2}t", cleaned):  # ISO with a time of day
        stamp = dt.datetime.fromisoformat(text.strip())
        if stamp.time() != dt.time(0):
            raise DateError(f"{text.strip()!r} has a time of day; expected a date")
        return PartialDate(stamp.year, stamp.month, stamp.day)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2} 00:00(:00)?", cleaned):  # a date exported with midnight
        cleaned = cleaned[:10]
    for pattern, form in _PATTERNS:
        match = pattern.match(cleaned)
        if not match:
            continue
        groups = match.groups()
        try:
            if form == "Y":
                return PartialDate(int(groups[0]), precision="year")
            if form == "YM":
                return PartialDate(int(groups[0]), int(groups[1]), precision="month")
            if form == "MY":
                return PartialDate(int(groups[1]), int(groups[0]), precision="month")
            if form == "YMD":
                return PartialDate(int(groups[0]), int(groups[1]), int(groups[2]))
            if form == "DMY":
                return PartialDate(int(groups[2]), int(groups[1]), int(groups[0]))
            if form in ("NY", "YN"):
                name, year = (groups[0], groups[1]) if form == "NY" else (groups[1], groups[0])
                if name not in MONTHS:
                    raise DateError(_month_message(text, name))
                return PartialDate(int(year), MONTHS[name], precision="month")
            if form in ("DNY", "NDY"):
                day, name = (groups[0], groups[1]) if form == "DNY" else (groups[1], groups[0])
                if name not in MONTHS:
                    raise DateError(_month_message(text, name))
                return PartialDate(int(groups[2]), MONTHS[name], int(day))
        except ValueError as exc:
            if isinstance(exc, DateError):
                raise
            raise DateError(f"{text.strip()!r} is not a real date ({exc})") from None
    raise DateError(f"{text.strip()!r} is not a date (write {DATE_FORMS})")


def _month_message(text: str, name: str) -> str:
    near = difflib.get_close_matches(name, list(MONTHS), n=1, cutoff=0.6)
    hint = f" — did you mean {near[0]!r}?" if near else ""
    return f"{text.strip()!r}: {name!r} is not a month name{hint}"


def year_number(value) -> int | None:
    """A whole number that reads as a year (1900-2199): 2017, 2017.0, '2017'."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and 1900 <= value < 2200:
        return value
    return None


# "March 1, 2017" holds a comma that is not a list separator
MONTH_COMMA = re.compile(r"[a-z]\.?\s+\d{1,2}(?:st|nd|rd|th)?,\s*\d{4}", re.IGNORECASE)


def as_of_date(text: str) -> dt.date:
    """An ``--as-of`` in the same forms as a date cell.  A month or a year means its LAST day: the snapshot
    "as of 2017" holds everything up to 31 December 2017, "as of 2017-03" everything up to 31 March."""
    return parse_date_text(str(text)).last_day()
