"""The app's look on every screen: layout CSS drawn on every page (phone to projector).

Constant CSS only (no data in it), injected by ``ui.page_setup`` through ``st.html``.  Each rule answers a
text that was cut off in tests/browser/test_screens_browser.py:

- metric titles wrap instead of ending in "…" ("Snittlig kvalitetsindeks – Danmark" in a quarter column);
- a segmented control's options wrap onto a second row instead of scrolling out of view on a phone
  (the map's measure, the competence period);
- a badge wraps (the coverage badge of real data lists six kinds of coverage);
- captions in the text colour at 82 % opacity instead of Streamlit's grey (#828180 on white is 3.9:1, under
  WCAG AA; axe-core, tests/browser/test_a11y_browser.py), in the light and the dark theme alike.
"""

from __future__ import annotations

from pathlib import Path

# The browser tab's icon, a file the app serves itself: a ":material/...:" page icon is fetched from an
# outside font host, which fails in an offline room (tests/browser/test_offline_browser.py).
ICON = Path(__file__).with_name("assets") / "icon.png"


def with_ink(chart, dark: bool):
    """A copy of an Altair chart whose free text and rules (charts.INKED_MARKS) take the ink of a dark or a
    light background; the chart itself is not changed (pages may cache it) and its data is shared."""
    import altair as alt

    from clusterviz.charts.base import INK, INKED_MARKS

    if not dark:
        return chart
    config = chart.config.to_dict() if chart.config is not alt.Undefined else {}
    for mark in INKED_MARKS:
        config[mark] = {**config.get(mark, {}), "color": INK["dark"]}
    out = chart.copy(deep=False)
    out.config = alt.Config.from_dict(config, validate=False)
    return out


def reader_is_dark() -> bool:
    """Whether the reader's browser shows the dark theme (Streamlit follows the system setting unless the
    reader picks one in the app menu); light when Streamlit cannot tell (first run, tests)."""
    import streamlit as st

    try:
        return getattr(st.context.theme, "type", None) == "dark"
    except Exception:  # outside a browser session (AppTest, scripts)
        return False


LAYOUT_CSS = """<style>
[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"] {
  white-space: normal; overflow: visible; text-overflow: clip; overflow-wrap: anywhere; }
[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"] p { white-space: normal; }
[data-testid="stCaptionContainer"] { color: inherit; opacity: 0.82; }
[data-testid="stMarkdownContainer"] .stMarkdownBadge { white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; height: auto !important; }
[data-testid="stButtonGroup"] > div:not([data-testid]) { flex-wrap: wrap; overflow-x: visible; row-gap: 0.25rem; }
@media (max-width: 640px) { [data-testid="stVegaLiteChart"] { max-width: 100%; overflow-x: auto; } }
[data-testid="stHorizontalBlock"] > [data-testid="stElementContainer"]:has(> [data-testid="stMetric"]) {
  flex: 1 1 0; min-width: 9rem; }
</style>"""
