"""Light and dark: with the reader's system set to dark, the app is dark (no forced light theme) and the
charts' free text takes the light ink; the README's dark-mode screenshot is taken here
(tests/output/screens/dark-*.png)."""

from __future__ import annotations

import pytest

from .helpers import assert_no_error, wait_for_app
from .screens import SCREENS_DIR

pytestmark = pytest.mark.browser

BACKGROUND_JS = """() => {
  const rgb = getComputedStyle(document.querySelector('[data-testid="stApp"]')).backgroundColor.match(/\\d+/g).map(Number);
  return (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255;
}"""


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_the_app_follows_the_readers_colour_scheme(browser, app_server, scheme):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB", color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(f"{app_server}/comparison?lang=en")
        wait_for_app(page)
        page.wait_for_selector('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg')
        page.wait_for_timeout(800)
        assert_no_error(page)
        luminance = page.evaluate(BACKGROUND_JS)
        assert (luminance < 0.2) if scheme == "dark" else (luminance > 0.8), luminance
        SCREENS_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENS_DIR / f"{scheme}-comparison.png"))
    finally:
        context.close()
