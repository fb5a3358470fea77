"""Every page at phone, laptop and projector size, in nb and en: no label, metric, tab, button or caption
whose text is cut off by its box (measured in the DOM, see screens.py), and no chart drawn past the window's
edge where its box does not scroll.  Screenshots of every screen go to
tests/output/screens/ (git-ignored; CI keeps tests/output/ as an artifact).

One browser and one server for all of it; a context per viewport and language, pages visited in turn."""

from __future__ import annotations

import pytest

from clusterviz.app import ui
from clusterviz.text.i18n import t

from .helpers import assert_no_error
from .screens import CHART_CUT_JS, CUT_JS, SCREENS_DIR, TEXT_ROOTS, VIEWPORTS, open_page

pytestmark = pytest.mark.browser

tr_sidebar = {lang: t("common.sidebar_filters", lang) for lang in ("nb", "en")}


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_no_text_is_cut(browser, app_server, viewport, lang):
    check_screens(browser, app_server, viewport, lang)


@pytest.mark.parametrize("viewport", ["phone", "laptop"])
def test_no_text_is_cut_on_the_public_record(browser, app_server, viewport):
    """The public collection's texts are longer than the demo's (the coverage badge lists six kinds of
    coverage, real organisation names); English, its longest wording."""
    check_screens(browser, app_server, viewport, "en", query="data=public", name="public")


def check_screens(browser, app_server, viewport: str, lang: str, query: str = "", name: str = "demo") -> None:
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="en-GB", timezone_id="Europe/Oslo")
    context.set_default_timeout(30_000)
    page = context.new_page()
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    cut: list[str] = []
    try:
        for key, _, url_path, _ in ui.PAGES:
            open_page(page, app_server, url_path, lang, query)
            assert_no_error(page)
            page.screenshot(path=str(SCREENS_DIR / f"{name}-{viewport}-{lang}-{key}.png"), full_page=True)
            for item in page.evaluate(CUT_JS, TEXT_ROOTS) + page.evaluate(CHART_CUT_JS):
                cut.append(f"{key}: [{item['kind']}] {item['text']!r} ({item['scroll']} > {item['client']} px)")
        if viewport == "phone":  # the sidebar is folded away on a phone: open it, its filters must read whole
            page.get_by_test_id("stExpandSidebarButton").click()
            sidebar = page.locator('[data-testid="stSidebar"]')
            sidebar.get_by_text(tr_sidebar[lang]).first.wait_for(state="visible")
            page.wait_for_timeout(600)
            page.screenshot(path=str(SCREENS_DIR / f"{name}-{viewport}-{lang}-sidebar.png"))
            for item in page.evaluate(CUT_JS, TEXT_ROOTS):
                cut.append(f"sidebar: [{item['kind']}] {item['text']!r} ({item['scroll']} > {item['client']} px)")
    finally:
        context.close()
    print(f"\n{viewport} {lang}: {len(cut)} cut")
    assert not cut, f"{len(cut)} texts cut at {viewport} ({lang}):\n" + "\n".join(cut)
