"""The app's look on every screen: layout CSS drawn on every page (phone to projector).

Constant CSS only (no data in it), injected by ``ui.page_setup`` through ``st.html``.  Each rule answers a
text that was cut off in tests/browser/test_screens_browser.py:

- metric titles wrap instead of ending in "…" ("Snittlig kvalitetsindeks – Danmark" in a quarter column);
- a segmented control's options wrap onto a second row instead of scrolling out of view on a phone
  (the map's measure, the competence period).
"""
from __future__ import annotations

from pathlib import Path

# The browser tab's icon, a file the app serves itself: a ":material/...:" page icon is fetched from an
# outside font host, which fails in an offline room (tests/browser/test_offline_browser.py).
ICON = Path(__file__).with_name("assets") / "icon.png"

LAYOUT_CSS = """<style>
[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"] {
  white-space: normal; overflow: visible; text-overflow: clip; overflow-wrap: anywhere; }
[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"] p { white-space: normal; }
[data-testid="stButtonGroup"] > div:not([data-testid]) { flex-wrap: wrap; overflow-x: visible; row-gap: 0.25rem; }
</style>"""
