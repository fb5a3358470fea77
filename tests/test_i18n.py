"""One catalogue, two complete languages, locale formatting."""
import datetime as dt
import re
import string
from pathlib import Path

from clusterviz import i18n

ROOT = Path(__file__).resolve().parents[1]


def test_every_entry_has_both_languages_with_the_same_placeholders():
    for key, entry in i18n.catalogue().items():
        assert set(entry) == set(i18n.LANGS), key
        fields = [{f for _, f, _, _ in string.Formatter().parse(entry[lang]) if f} for lang in i18n.LANGS]
        assert fields[0] == fields[1], key


def test_every_key_used_in_code_exists():
    used = set()
    for path in list(ROOT.glob("pages/*.py")) + list(ROOT.glob("clusterviz/**/*.py")):
        used |= set(re.findall(r"""tr\(\s*["']([a-z_]+\.[A-Za-z0-9_]+)["']""", path.read_text()))
    missing = sorted(k for k in used if k not in i18n.catalogue())
    assert not missing


def test_numbers_and_dates_follow_the_locale():
    assert i18n.number(63.6, "nb") == "63,6" and i18n.number(63.6, "en") == "63.6"
    assert i18n.date(dt.date(2017, 3, 1), "nb") == "1. mars 2017"
    assert i18n.date(dt.date(2017, 3, 1), "en") == "1 March 2017"
    assert i18n.integer(1300, "en") == "1,300"
    assert i18n.integer(1300, "nb").replace("\xa0", " ") == "1 300"


def test_missing_key_shows_the_key_and_is_recorded():
    i18n.MISSING.clear()
    assert i18n.t("nope.nothing", "en") == "nope.nothing"
    assert ("nope.nothing", "en") in i18n.MISSING
    i18n.MISSING.clear()


def test_award_dates_are_written_as_exactly_as_they_are_known_and_derived_ones_marked():
    day = dt.date(2016, 9, 1)
    assert i18n.award_date(day, "day", "nb") == "1. september 2016"
    assert i18n.award_date(day, "month", "nb") == "september 2016"
    assert i18n.award_date(day, "year", "en") == "2016"
    assert i18n.award_date(day, "derived", "nb") == "≈ sep. 2016 (utledet av gyldig til)"
    assert i18n.award_date(day, "derived", "en") == "≈ Sept 2016 (derived from valid until)"
    assert i18n.award_date(None, "day", "nb") == "–"
    assert i18n.Translator("en").award_date(day, "derived").startswith("≈ ")
