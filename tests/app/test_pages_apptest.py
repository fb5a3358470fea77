"""Every page runs under AppTest without an exception, in both languages."""

import pytest
from conftest import PAGE_FILES

from clusterviz.text import i18n


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("page", PAGE_FILES)
def test_page_runs(app_test, page, lang):
    i18n.MISSING.clear()
    at = app_test(page, lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "every page starts with a title"
    assert not i18n.MISSING, f"strings missing from the catalogue: {sorted(i18n.MISSING)}"


def first_values(at) -> dict[str, str]:
    """Metric label -> value; the first occurrence wins (Norway is shown before Denmark)."""
    values: dict[str, str] = {}
    for m in at.metric:
        values.setdefault(m.label, m.value)
    return values


def test_overview_shows_seed_figures(app_test):
    at = app_test()
    metrics = first_values(at)
    assert metrics["Gull – Norge"] == "6"
    assert metrics["Sølv – Norge"] == "0"
    assert metrics["Gull – Danmark"] == "8"
    assert metrics["Sølv – Danmark"] == "6"
    assert metrics["Første merke utløpt"] == "55"
    assert metrics["Fornyet eller oppgradert"] == "24"
    assert metrics["Ikke fornyet"] == "31"
    assert metrics["Snittlig kvalitetsindeks – Norge"] == "63,6"
    assert metrics["Snittlig kvalitetsindeks – Danmark"] == "67,2"
    assert metrics["Klynger i piloten"] == "7"
    assert metrics["Workshop i Bodø"] == "13. okt. 2016"
    assert "9 av 28" in metrics.values()


def test_overview_in_english_uses_english_number_format(app_test):
    at = app_test(lang="en")
    metrics = first_values(at)
    assert metrics["Mean quality index – Norway"] == "63.6"
    assert metrics["Workshop in Bodø"] == "13 Oct 2016"


def test_demo_badge_is_shown(app_test):
    at = app_test()
    texts = " ".join(str(getattr(el, "value", "")) for el in at.main) + repr(at.main)
    assert "Demodata" in texts


def test_county_filter_from_link_narrows_the_overview(app_test):
    at = app_test(county="18")
    metrics = first_values(at)
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
