"""Workshop helpers that need no Streamlit: the shareable link, the kiosk rotation and the presenter stylesheet.

ui.py wires them to the page: ``share_url`` feeds the "copy link" box in the sidebar, ``kiosk_seconds`` and
``rotation`` / ``next_page`` drive ``?kiosk=60&pages=map,renewals`` (a screen in the hall that changes page
every N seconds), and ``PRESENTER_CSS`` is the constant stylesheet of ``?present=1``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import quote, urlencode

KIOSK_MIN_SECONDS = 10  # shorter than this and nobody can read a page before it goes
KIOSK_MAX_SECONDS = 600
KIOSK_SKIPS = ("cluster", "about")  # pages a kiosk leaves out unless asked for by name (a profile is one
# cluster's, chosen by hand: nothing for a screen in the hall)


def kiosk_seconds(raw: str) -> int:
    """'60' -> 60; ValueError for anything that is not a whole number of seconds within 10..600."""
    seconds = int(str(raw).strip())
    if not KIOSK_MIN_SECONDS <= seconds <= KIOSK_MAX_SECONDS:
        raise ValueError(f"kiosk interval {seconds} s is outside {KIOSK_MIN_SECONDS}..{KIOSK_MAX_SECONDS} s")
    return seconds


def rotation(chosen: Sequence[str], pages: Sequence[str]) -> list[str]:
    """The pages a kiosk cycles through: the chosen ones in the order given (unknown ones and repeats
    dropped), or, when none are chosen, every page except the ones in KIOSK_SKIPS."""
    wanted = [p for p in dict.fromkeys(chosen) if p in pages]
    return wanted or [p for p in pages if p not in KIOSK_SKIPS]


def next_page(pages: Sequence[str], current: str) -> str:
    """The page after ``current`` in the rotation (wrapping round); the first one when ``current`` is not in it."""
    if not pages:
        raise ValueError("an empty kiosk rotation has no next page")
    if current not in pages:
        return pages[0]
    return pages[(pages.index(current) + 1) % len(pages)]


def share_url(context_url: str | None, page_path: str, params: Mapping[str, str], page_paths: Iterable[str] = ()) -> str:
    """The link that reopens this view: the app's address, the page's url path and the view's parameters.

    ``context_url`` is what the browser reports (``st.context.url``); it may still carry an old query string
    or fragment, or end in another page's path after a page switch, so those are cut off before the current
    page's ``page_path`` ("" for the default page) and ``params`` are added.  Without a browser address
    (tests, scripts) the link is relative: ``/map?county=18``.
    """
    base = (context_url or "").split("#", 1)[0].split("?", 1)[0].rstrip("/")
    for path in sorted((p for p in page_paths if p), key=len, reverse=True):
        if base.endswith("/" + path):
            base = base[: -len(path) - 1]
            break
    url = f"{base}/{page_path}" if page_path else f"{base}/"
    query = urlencode([(k, str(v)) for k, v in params.items()], safe=",", quote_via=quote)
    return f"{url}?{query}" if query else url


PRESENTER_INK = {"light": "#111111", "dark": "#FAFAFA"}
_TEXT_COLOURS = {
    "axis": ("labelColor", "titleColor"),
    "legend": ("labelColor", "titleColor"),
    "title": ("color", "subtitleColor"),
    "header": ("labelColor", "titleColor"),
}


def high_contrast(chart, dark: bool = False):
    """A copy of an Altair chart whose axis, legend and title text is near-black (near-white on a dark
    background) instead of the theme's grey,
    keeping every other setting (font sizes from charts.base_config); for presenter mode.  The chart itself
    is not changed (pages may cache it) and its data is shared, not copied."""
    import altair as alt

    ink = PRESENTER_INK["dark" if dark else "light"]
    config = chart.config.to_dict() if chart.config is not alt.Undefined else {}
    for part, keys in _TEXT_COLOURS.items():
        config[part] = {**config.get(part, {}), **{key: ink for key in keys}}
    out = chart.copy(deep=False)
    out.config = alt.Config.from_dict(config, validate=False)
    return out


# Constant CSS (no data in it) for ?present=1: readable from the back of a room and no developer clutter.
# The text colour is inherited from the theme rather than faded, so captions and labels keep full contrast.
PRESENTER_CSS = """<style>
html, body, [data-testid="stAppViewContainer"] { font-size: 20px; }
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; max-width: 100%; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.2rem; line-height: 1.5; }
h1 { font-size: 3rem !important; }
h2, h3 { font-size: 2rem !important; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p {
  font-size: 3.6rem; font-weight: 700; line-height: 1.15; }
[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"] p { font-size: 1.1rem; opacity: 1; }
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] [data-testid="stMarkdownContainer"] p { font-size: 1.1rem; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stWidgetLabel"] p { color: inherit; opacity: 1; font-size: 1.05rem; }
[data-testid="stDataFrame"] { font-size: 1.1rem; }
[data-testid="stDecoration"], [data-testid="stToolbarActions"], [data-testid="stAppDeployButton"],
[data-testid="stMainMenu"], [data-testid="stStatusWidget"], [data-testid="stElementToolbar"] { display: none !important; }
[data-testid="stHeader"] { background: transparent; }
</style>"""
