"""The reader's language: a link without ``lang`` opens in the browser's language (nb/nn/no -> Norwegian,
anything else -> English); a link's ``lang`` wins over the browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .helpers import wait_for_app

pytestmark = pytest.mark.browser


BROWSER_LANGUAGES = {"nb-NO": "Oversikt", "nn-NO": "Oversikt", "en-US": "Overview", "da-DK": "Overview"}  # locale: heading
LINK_LANGUAGES = [("en-GB", "?lang=nb", "Oversikt"), ("nb-NO", "?lang=en", "Overview")]  # the link's lang wins


@pytest.mark.parametrize(
    ("locale", "query", "heading"), [(locale, "", heading) for locale, heading in BROWSER_LANGUAGES.items()] + LINK_LANGUAGES
)
def test_browser_language_picks_the_app_language(browser, app_server, locale, query, heading):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale=locale)
    page = context.new_page()
    try:
        page.goto(f"{app_server}/{query}")
        wait_for_app(page)
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
    finally:
        context.close()
