"""One catalogue, two complete languages, locale formatting."""

import datetime as dt
import re
import string
from pathlib import Path

from clusterviz.text import i18n

ROOT = Path(__file__).resolve().parents[2]


def test_every_entry_has_both_languages_with_the_same_placeholders():
    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    for key, entry in i18n.catalogue().items():
        assert set(entry) == set(i18n.LANGS), key
        texts = {lang: entry[lang] if isinstance(entry[lang], dict) else {"": entry[lang]} for lang in i18n.LANGS}
        if any(isinstance(entry[lang], dict) for lang in i18n.LANGS):  # a plural entry: every form, by count
            for lang in i18n.LANGS:
                assert "other" in texts[lang], (key, lang)
                assert all("count" in fields(form) for form in texts[lang].values()), (key, lang)
        found = [set().union(*(fields(form) for form in texts[lang].values())) for lang in i18n.LANGS]
        assert found[0] == found[1], key


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

    from clusterviz.text.i18n import localised, localised_column

    frame = pd.DataFrame({"name": ["Nordland-piloten", "Samarbeid", "Tomt"], "name_en": ["The Nordland pilot", None, "  "]})
    assert list(localised_column(frame, "name", "en")) == ["The Nordland pilot", "Samarbeid", "Tomt"]
    assert list(localised_column(frame, "name", "nb")) == ["Nordland-piloten", "Samarbeid", "Tomt"]
    # a schema-1 snapshot has no English column: the text as given
    assert list(localised_column(frame[["name"]], "name", "en")) == list(frame["name"])
    row = next(frame.itertuples())
    assert localised(row, "name", "en") == "The Nordland pilot" and localised(row, "name", "nb") == "Nordland-piloten"
    assert localised(frame.iloc[1], "name", "en") == "Samarbeid"
    assert localised({"description": "Beskrivelse"}, "description", "en") == "Beskrivelse"


def test_plural_forms_follow_the_count_through_babel():
    assert i18n.plural_category(1, "en") == "one" and i18n.plural_category(2, "en") == "other"
    assert i18n.plural_category(0, "en") == "other" and i18n.plural_category(1, "nb") == "one"
    assert i18n.t("access.wrong_code", "en", count=1) == "Wrong code. 1 attempt left before a pause."
    assert i18n.t("access.wrong_code", "en", count=2) == "Wrong code. 2 attempts left before a pause."
    assert i18n.t("access.locked", "nb", count=1) == "For mange feil forsøk. Prøv igjen om 1 sekund."
    assert i18n.t("access.locked", "nb", count=60) == "For mange feil forsøk. Prøv igjen om 60 sekunder."
    assert i18n.Translator("en")("access.locked", count=1).endswith("1 second.")


def test_browser_language_picks_nb_or_en():
    for locale in ("nb-NO", "nn", "no", "nb", "NB_no", "nn-NO"):
        assert i18n.lang_for_locale(locale) == "nb", locale
    for locale in ("en-US", "en", "da-DK", "sv-SE", "de"):
        assert i18n.lang_for_locale(locale) == "en", locale
    assert i18n.lang_for_locale(None) == i18n.lang_for_locale("") == i18n.DEFAULT_LANG


def test_award_dates_are_written_as_exactly_as_they_are_known_and_derived_ones_marked():
    day = dt.date(2016, 9, 1)
    assert i18n.award_date(day, "day", "nb") == "1. september 2016"
    assert i18n.award_date(day, "month", "nb") == "september 2016"
    assert i18n.award_date(day, "year", "en") == "2016"
    assert i18n.award_date(day, "derived", "nb") == "≈ sep. 2016 (utledet av gyldig til)"
    assert i18n.award_date(day, "derived", "en") == "≈ Sept 2016 (derived from valid until)"
    assert i18n.award_date(None, "day", "nb") == "–"
    assert i18n.Translator("en").award_date(day, "derived").startswith("≈ ")
