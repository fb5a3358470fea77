"""What the screen tests measure in the page: text cut off by its box, at a given viewport.

``CUT_JS`` walks the app's labels, metric titles/values, tabs, buttons, captions, segmented controls and
select values, and returns every element (or the nearest box holding it) whose text does not fit:
``scrollWidth > clientWidth`` while the box clips it (overflow other than visible, or text-overflow:
ellipsis), or a scrolling row (a segmented control) whose options are scrolled out of view.  Elements that
are not drawn (a collapsed sidebar, a closed expander) have no box and are skipped.
"""

from __future__ import annotations

from tests.support.servers import OUTPUT_DIR

from .helpers import wait_for_app

SCREENS_DIR = OUTPUT_DIR / "screens"

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 768}, "projector": {"width": 1920, "height": 1080}}

# The things a reader must be able to read whole.  Each root is checked with its descendants.
TEXT_ROOTS = ", ".join(
    [
        '[data-testid="stWidgetLabel"]',
        '[data-testid="stMetricLabel"]',
        '[data-testid="stMetricValue"]',
        '[data-testid="stMetricDelta"]',
        '[data-baseweb="tab"]',
        '[data-testid="stTab"]',
        "button",
        '[data-testid="stCaptionContainer"]',
        '[data-testid="stButtonGroup"]',
        '[data-baseweb="select"]',
        '[data-testid="stExpander"] summary',
        ".stMarkdownBadge",
    ]
)

CUT_JS = """
(roots) => {
  const found = [];
  const seen = new Set();
  const clips = (style) => ['hidden', 'clip', 'auto', 'scroll'].includes(style.overflowX)
                           || style.textOverflow === 'ellipsis';
  const describe = (el) => {
    const test = el.closest('[data-testid]');
    return (test ? test.getAttribute('data-testid') : el.tagName.toLowerCase());
  };
  for (const root of document.querySelectorAll(roots)) {
    for (const el of [root, ...root.querySelectorAll('*')]) {
      if (seen.has(el)) continue;
      seen.add(el);
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;           // not drawn
      const text = (el.innerText || el.textContent || '').trim();
      if (!text) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden') continue;
      if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && clips(style)) {
        // an input's placeholder/typed text is not a label; a multiselect's search box scrolls by design
        if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') continue;
        found.push({kind: describe(el), text: text.replace(/\\s+/g, ' ').slice(0, 80),
                    scroll: el.scrollWidth, client: el.clientWidth});
      }
    }
  }
  return found;
}
"""


# Charts are drawn on a canvas or in an SVG, which CUT_JS cannot read.  A chart is over its edge when what it
# paints (a canvas's rightmost painted pixel, an SVG's visible marks: a legend-only chart's drawing area is wider
# than its legend and empty) runs past the right edge of what holds it: its column, or the page's content column
# (the main block without its padding).  A box that scrolls (charts wider than a phone: clusterviz.app.theme.LAYOUT_CSS) may hold a wider
# drawing, but the box itself must end inside the window.
CHART_CUT_JS = """
() => {
  const paintedRight = (drawing, rect) => {
    if (drawing.tagName.toLowerCase() !== 'canvas') {  // the marks, not the background, up to the SVG's edge
      let right = rect.left;
      for (const mark of drawing.querySelectorAll('path, text, line, circle, rect')) {
        if (mark.closest('.background') || mark.classList.contains('background') || mark.getAttribute('opacity') === '0') continue;
        const box = mark.getBoundingClientRect();
        if (box.width > 0 || box.height > 0) right = Math.max(right, Math.min(box.right, rect.right));
      }
      return right;
    }
    const w = drawing.width, h = drawing.height;
    if (!w || !h) return rect.left;
    const alpha = drawing.getContext('2d').getImageData(0, 0, w, h).data;
    for (let x = w - 1; x >= 0; x--) {
      for (let y = 0; y < h; y++) if (alpha[(y * w + x) * 4 + 3] > 0) return rect.left + (x + 1) * rect.width / w;
    }
    return rect.left;
  };
  const edgeOf = (box) => {
    const column = box.closest('[data-testid="stColumn"]');
    if (column) return column.getBoundingClientRect().right;
    const main = box.closest('[data-testid="stMainBlockContainer"]') || document.body;
    return main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight || '0');
  };
  return [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].flatMap(box => {
    const drawing = box.querySelector('canvas, svg.marks');
    if (!drawing) return [];
    const drawn = drawing.getBoundingClientRect(), held = box.getBoundingClientRect();
    if (drawn.width === 0) return [];
    const scrolls = ['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
    const right = scrolls ? held.right : paintedRight(drawing, drawn);
    const edge = scrolls ? window.innerWidth : Math.min(edgeOf(box), window.innerWidth);
    const name = drawing.getAttribute('aria-label') || box.getAttribute('aria-label') || 'chart';
    return right > edge + 1 ? [{kind: 'chart', text: name.slice(0, 80), scroll: Math.round(right), client: Math.round(edge)}] : [];
  });
}
"""


LAYOUT_CSS_JS = """() => [...document.querySelectorAll('style')].some(s => s.textContent.includes('stCaptionContainer'))"""


def open_page(page, base: str, url_path: str, lang: str, query: str = "") -> None:
    """Open a page and wait until its run is over, the app's layout CSS (clusterviz.app.theme) is in place and
    charts have settled their widths."""
    page.goto(f"{base}/{url_path}?lang={lang}" + (f"&{query}" if query else ""))
    wait_for_app(page)
    page.wait_for_function(LAYOUT_CSS_JS, timeout=30_000, polling=100)
    page.wait_for_timeout(400)
