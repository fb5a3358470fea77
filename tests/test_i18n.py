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


def test_data_texts_follow_the_reader_when_an_english_text_is_given():
    import pandas as pd

    from clusterviz.i18n import localised, localised_column

    frame = pd.DataFrame({"name": ["Nordland-piloten", "Samarbeid", "Tomt"],
                          "name_en": ["The Nordland pilot", None, "  "]})
    assert list(localised_column(frame, "name", "en")) == ["The Nordland pilot", "Samarbeid", "Tomt"]
    assert list(localised_column(frame, "name", "nb")) == ["Nordland-piloten", "Samarbeid", "Tomt"]
    # a schema-1 snapshot has no English column: the text as given
    assert list(localised_column(frame[["name"]], "name", "en")) == list(frame["name"])
    row = next(frame.itertuples())
    assert localised(row, "name", "en") == "The Nordland pilot" and localised(row, "name", "nb") == "Nordland-piloten"
    assert localised(frame.iloc[1], "name", "en") == "Samarbeid"
    assert localised({"description": "Beskrivelse"}, "description", "en") == "Beskrivelse"
