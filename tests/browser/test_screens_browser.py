"""Every page at phone, laptop and projector size, in nb and en: no label, metric, tab, button or caption
whose text is cut off by its box (measured in the DOM, see screens.py).  Screenshots of every screen go to
tests/output/screens/ (git-ignored; CI keeps tests/output/ as an artifact).

One browser and one server for all of it; a context per viewport and language, pages visited in turn."""
from __future__ import annotations

import pytest

from clusterviz import ui

from .helpers import assert_no_error
from .screens import CUT_JS, open_page, SCREENS_DIR, TEXT_ROOTS, VIEWPORTS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_no_text_is_cut(browser, app_server, viewport, lang):
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="en-GB", timezone_id="Europe/Oslo")
    context.set_default_timeout(30_000)
    page = context.new_page()
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    cut: list[str] = []
    try:
        for key, _, url_path, _ in ui.PAGES:
            open_page(page, app_server, url_path, lang)
            assert_no_error(page)
            page.screenshot(path=str(SCREENS_DIR / f"{viewport}-{lang}-{key}.png"), full_page=True)
            for item in page.evaluate(CUT_JS, TEXT_ROOTS):
                cut.append(f"{key}: [{item['kind']}] {item['text']!r} ({item['scroll']} > {item['client']} px)")
    finally:
        context.close()
    print(f"\n{viewport} {lang}: {len(cut)} cut")
    assert not cut, f"{len(cut)} texts cut at {viewport} ({lang}):\n" + "\n".join(cut)
