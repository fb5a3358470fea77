"""Accessibility in the browser: an axe-core audit (axe-playwright-python) of every page in nb and en finds
no serious or critical violation, and the keyboard reaches the sidebar's and the page's controls.

A finding inside Streamlit's own widgets that the app cannot change is excluded by its exact rule and
selector in ``STREAMLIT_OWN`` below, each with the reason."""

from __future__ import annotations

import pytest

from clusterviz.app import ui

from .screens import open_page

pytestmark = pytest.mark.browser

SERIOUS = ("serious", "critical")

# (rule id, CSS selector axe reports) -> why the app cannot fix it.
STREAMLIT_OWN: dict[tuple[str, str], str] = {}


def findings(results: dict) -> list[str]:
    out = []
    for violation in results["violations"]:
        if violation.get("impact") not in SERIOUS:
            continue
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            if (violation["id"], target) in STREAMLIT_OWN:
                continue
            out.append(f"{violation['id']} ({violation['impact']}): {target} — {node.get('failureSummary', '')[:160]}")
    return out


@pytest.mark.parametrize(("lang", "scheme"), [("nb", "light"), ("en", "light"), ("nb", "dark")])
def test_axe_finds_nothing_serious_on_any_page(browser, app_server, lang, scheme):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-GB", color_scheme=scheme)
    context.set_default_timeout(60_000)
    page = context.new_page()
    problems: list[str] = []
    try:
        for key, _, url_path, _ in ui.PAGES:
            open_page(page, app_server, url_path, lang)
            results = axe.run(page, options={"resultTypes": ["violations"]}).response
            problems += [f"{key}: {line}" for line in findings(results)]
    finally:
        context.close()
    assert not problems, f"{len(problems)} serious/critical axe findings ({lang}, {scheme}):\n" + "\n".join(problems)


FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const widget = el.closest('[data-testid="stSelectbox"], [data-testid="stMultiSelect"], [data-testid="stButtonGroup"],'
    + ' [data-testid="stCheckbox"], [data-testid="stToggle"], [data-testid="stExpander"], [data-testid="stDateInput"],'
    + ' [data-testid="stSidebarNav"], [data-testid="stButton"], [data-testid="stPopover"]');
  const label = widget && (widget.querySelector('[data-testid="stWidgetLabel"]') || widget);
  return {where: el.closest('[data-testid="stSidebar"]') ? 'sidebar' : 'main',
          widget: widget ? widget.getAttribute('data-testid') : el.tagName.toLowerCase(),
          label: label ? (label.innerText || '').trim().split('\\n')[0].slice(0, 40) : ''};
}"""


def test_the_keyboard_reaches_the_sidebar_and_the_page_controls(browser, app_server):
    """Tab from the top of the map page: the sidebar's filters and language, and the page's own controls
    (measure, basemap), each get the focus."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-GB")
    page = context.new_page()
    try:
        open_page(page, app_server, "map", "en")
        reached: list[tuple[str, str, str]] = []
        for _ in range(120):
            page.keyboard.press("Tab")
            focus = page.evaluate(FOCUS_JS)
            if focus:
                reached.append((focus["where"], focus["widget"], focus["label"]))
    finally:
        context.close()
    wanted = {
        ("sidebar", "stSelectbox", "Snapshot (date)"),
        ("sidebar", "stButtonGroup", "Country"),
        ("sidebar", "stMultiSelect", "County / region"),
        ("sidebar", "stButtonGroup", "Language"),
        ("sidebar", "stSidebarNav", ""),
        ("main", "stButtonGroup", "Colour counties by"),
        ("main", "stCheckbox", "Basemap"),
    }  # a toggle is an stCheckbox
    got = {(w, k, lab if k != "stSidebarNav" else "") for w, k, lab in reached}
    assert wanted <= got, f"not reached by Tab: {sorted(wanted - got)}\nreached: {sorted(got)}"
