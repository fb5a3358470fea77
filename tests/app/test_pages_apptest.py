"""Every page runs under AppTest without an exception, in both languages, in public and adviser mode."""

import pytest
from conftest import PAGE_FILES

from clusterviz.text import i18n
from tests.support.payload import expect_metrics, first_metrics


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("page", PAGE_FILES)
def test_page_runs(checked_app, page, lang):
    at = checked_app(page, lang=lang)
    assert at.title, "every page starts with a title"
    at.session_state["adviser"] = True  # what clusterviz.app.access sets once unlocked
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not i18n.MISSING, f"strings missing from the catalogue in adviser mode: {sorted(i18n.MISSING)}"


def test_overview_shows_seed_figures(app_test):
    at = app_test()
    expect_metrics(
        at,
        """
        Gull – Norge: 6
        Sølv – Norge: 0
        Gull – Danmark: 8
        Sølv – Danmark: 6
        Første merke utløpt: 55
        Fornyet eller oppgradert: 24
        Ikke fornyet: 31
        Snittlig kvalitetsindeks – Norge: 63,6
        Snittlig kvalitetsindeks – Danmark: 67,2
        Klynger i piloten: 7
        Workshop i Bodø: 13. okt. 2016
        """,
    )
    assert "9 av 28" in first_metrics(at).values()


def test_overview_in_english_uses_english_number_format(app_test):
    at = app_test(lang="en")
    metrics = first_metrics(at)
    assert metrics["Mean quality index – Norway"] == "63.6"
    assert metrics["Workshop in Bodø"] == "13 Oct 2016"


def test_demo_badge_is_shown(app_test):
    at = app_test()
    texts = " ".join(str(getattr(el, "value", "")) for el in at.main) + repr(at.main)
    assert "Demodata" in texts


def test_county_filter_from_link_narrows_the_overview(app_test):
    at = app_test(county="18")
    metrics = first_metrics(at)
    assert metrics["Bronse – Norge"] == "7"
    assert "Gull – Danmark" not in metrics
    assert at.query_params["county"] in ("18", ["18"])


def test_malformed_link_value_gives_notice_not_exception(app_test):
    at = app_test(county="18,<script>", snapshot="1999-01-01", lang="xx")
    assert not at.exception
    notices = [c.value for c in at.caption if "Ignorerte" in c.value]
    assert len(notices) >= 2
    assert at.session_state["f_counties"] == ["18"]
    assert at.session_state["lang"] == "nb"
