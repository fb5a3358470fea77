"""What every page shares: navigation, sidebar filters, language, presenter and access mode, deep links.

app.py calls ``start()``, ``navigation()`` and ``sidebar()`` (the shared filters are drawn in the entry
file so they are kept when moving between pages); each page begins with ``view = page_setup("key")``.

Deep links: every piece of view state is *bound* to a query parameter with ``bind()``.  On the first run
of a session the link's values seed the widgets (invalid values are ignored with a notice); on every run
the URL is rewritten from the widgets, so it always reopens the same view — also after a page switch,
which clears the browser's query string.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import pandas as pd
import streamlit as st

from . import access, geo, metrics, store
from .i18n import DEFAULT_LANG, LANGS, Translator
from .metrics import Filters
from .snapshot import PROGRAMME_LEVELS, Snapshot

# key, file, url path, icon.  The first is the default page (served at "/").
PAGES = (
    ("overview", "pages/overview.py", "", ":material/dashboard:"),
    ("map", "pages/map.py", "kart", ":material/map:"),
    ("collaboration", "pages/collaboration.py", "samarbeid", ":material/hub:"),
    ("renewals", "pages/renewals.py", "fornyelse", ":material/autorenew:"),
    ("comparison", "pages/comparison.py", "norge-danmark", ":material/compare_arrows:"),
    ("competence", "pages/competence.py", "kompetanse", ":material/school:"),
    ("about", "pages/about.py", "om-dataene", ":material/info:"),
)
ALL = "ALL"
_INITIAL = "_cv_initial_params"      # the link's query parameters, captured on the session's first run
_NOTICES = "_cv_notices"
_BOUND = "_cv_bound"                 # query parameter name -> (state key, default, multi) for this run


# --------------------------------------------------------------------------- query-param binding

def _split(raw: str) -> list[str]:
    return [part for part in (p.strip() for p in raw.split(",")) if part]


def bind(name: str, key: str, default: Any, *, choices: Sequence[str] | Callable[[str], bool] | None = None,
         multi: bool = False, parse: Callable[[str], Any] | None = None) -> str:
    """Tie the widget (or state) ``key`` to the query parameter ``name`` and return ``key``.

    Seeds st.session_state[key] from the link on the first run that binds it (falling back to ``default``
    with a notice when the value is not allowed), and records the binding so ``publish()`` writes it back.
    """
    bound = st.session_state.setdefault(_BOUND, {})
    bound[name] = (key, default, multi)
    initial = st.session_state.get(_INITIAL, {})
    seeded = st.session_state.setdefault("_cv_seeded", set())
    if name in seeded and key in st.session_state:
        return key
    seeded.add(name)
    value = default
    if name in initial:
        raw = initial[name]
        try:
            candidates = _split(raw) if multi else [raw.strip()]
            parsed = [parse(c) if parse else c for c in candidates]
            allowed = (lambda v: True) if choices is None else (choices if callable(choices) else (lambda v: v in choices))
            good = [v for v in parsed if allowed(v)]
            if len(good) < len(parsed) or (not multi and not good):
                notice("common.notice_bad_param", name=name, value=raw[:40])
            if good:
                value = list(dict.fromkeys(good)) if multi else good[0]
        except (ValueError, TypeError, AttributeError):
            notice("common.notice_bad_param", name=name, value=str(raw)[:40])
    if key not in st.session_state:
        st.session_state[key] = value
    return key


def publish() -> None:
    """Rewrite the browser's query string from the bound state (defaults are left out)."""
    params: dict[str, str] = {}
    for name, (key, default, multi) in st.session_state.get(_BOUND, {}).items():
        value = st.session_state.get(key, default)
        if value == default or value is None or (multi and not value):
            continue
        if isinstance(value, bool):
            value = "1" if value else "0"
        params[name] = ",".join(map(str, value)) if multi else str(value)
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)


_MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]()<>|~:$&]|\.(?=\w)")   # (a dot inside a word: www.x.no)
_MARKDOWN_LINE_START = re.compile(r"^(\d+(?=[.)])|)([#+\-=>.)])")         # a heading, list or quote marker


def escape_markdown(text: Any) -> str:
    """Text from a link or from the data, safe inside st.markdown / st.caption / alerts / labels.

    Those elements render Markdown: a value like ``[x](javascript:...)``, ``**bold**``, ``:red[...]``,
    ``$x$``, ``<x@y.no>`` or ``www.x.no`` would become formatting, a link or maths.  Each character that
    Markdown, Streamlit's directives or LaTeX give a meaning is backslash-escaped (CommonMark then shows it
    as typed), as is a heading or list marker at the start; line breaks become spaces, and control and
    bidirectional-override characters are dropped, so the value cannot reorder the text around it.
    """
    words = " ".join(str(text).split())
    clean = "".join(ch for ch in words if unicodedata.category(ch) not in ("Cc", "Cf"))
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\g<0>", clean)
    return _MARKDOWN_LINE_START.sub(r"\g<1>\\\g<2>", escaped, count=1)


def notice(key: str, **values) -> None:
    notes = st.session_state.setdefault(_NOTICES, [])
    item = (key, tuple(sorted(values.items())))
    if item not in notes:
        notes.append(item)


# --------------------------------------------------------------------------- entry-file parts

def start() -> None:
    """First thing app.py does on every run: capture the link once, settle language and presenter mode."""
    if _INITIAL not in st.session_state:
        st.session_state[_INITIAL] = {k: st.query_params.get(k) for k in st.query_params}
    st.session_state[_BOUND] = {}
    bind("lang", "lang", DEFAULT_LANG, choices=LANGS)
    if st.session_state.get("lang") not in LANGS:      # the language control was clicked off
        st.session_state["lang"] = DEFAULT_LANG
    bind("present", "present", False, choices=("0", "1"), parse=lambda v: v)
    if st.session_state.get("present") in ("1", "0"):
        st.session_state["present"] = st.session_state["present"] == "1"
    present = bool(st.session_state.get("present"))
    st.set_page_config(page_title=translator()("common.app_title"), page_icon=":material/workspace_premium:",
                       layout="wide", initial_sidebar_state="collapsed" if present else "auto")


def translator() -> Translator:
    return Translator(st.session_state.get("lang", DEFAULT_LANG))


def navigation():
    """st.navigation over the pages, titles in the chosen language. Wrapped so tests can import it."""
    tr = translator()
    pages = [st.Page(path, title=tr(f"common.nav_{key}"), icon=icon, url_path=url or None, default=(i == 0))
             for i, (key, path, url, icon) in enumerate(PAGES)]
    return st.navigation(pages)


def _catalog() -> store.Catalog:
    return store.scan(store.default_root())


def sidebar() -> None:
    """The shared filters, language and presenter switch, drawn in the entry file on every page."""
    tr = translator()
    catalog = _catalog()
    names = [e.name for e in catalog.valid]
    with st.sidebar:
        st.subheader(tr("common.sidebar_filters"))
        if names:
            key = bind("snapshot", "f_snapshot", names[-1], choices=names)
            if st.session_state.get(key) not in names:
                st.session_state[key] = names[-1]
            st.selectbox(tr("common.sidebar_snapshot"), names, key=key,
                         format_func=lambda n: tr.date(dt.date.fromisoformat(n)))
        key = bind("country", "f_country", ALL, choices=(ALL, *geo.COUNTRIES))
        st.segmented_control(tr("common.sidebar_country"), (ALL, *geo.COUNTRIES), key=key,
                             format_func=tr.country, selection_mode="single")
        country = st.session_state.get(key) or ALL
        counties = geo.county_codes(None if country == ALL else country)
        key = bind("county", "f_counties", [], choices=geo.ADMIN1.keys(), multi=True)
        st.session_state[key] = [c for c in st.session_state.get(key, []) if c in counties]
        st.multiselect(tr("common.sidebar_counties"), counties, key=key, format_func=geo.county_name,
                       placeholder=tr("common.sidebar_all"))
        levels = [lvl for c in ((country,) if country != ALL else geo.COUNTRIES) for lvl in PROGRAMME_LEVELS[c]]
        key = bind("level", "f_programme", [], choices=[lvl for v in PROGRAMME_LEVELS.values() for lvl in v], multi=True)
        st.session_state[key] = [lvl for lvl in st.session_state.get(key, []) if lvl in levels]
        st.multiselect(tr("common.sidebar_programme"), levels, key=key, format_func=tr.programme,
                       placeholder=tr("common.sidebar_all"))
        key = bind("status", "f_status", [], choices=metrics.STATUSES, multi=True)
        st.multiselect(tr("common.sidebar_status"), metrics.STATUSES, key=key, format_func=tr.status,
                       placeholder=tr("common.sidebar_all"))
        st.divider()
        st.segmented_control(tr("common.sidebar_language"), LANGS, key="lang", format_func=str.upper,
                             selection_mode="single")
        st.toggle(tr("common.sidebar_present"), key="present")
        access.sidebar(tr)


# --------------------------------------------------------------------------- page_setup

@dataclass
class View:
    """Everything a page needs: the snapshot, the filters and the way to say things."""

    page: str
    snapshot: Snapshot
    previous: Snapshot | None
    catalog: store.Catalog
    filters: Filters
    tr: Translator
    mode: str
    present: bool
    states: pd.DataFrame = field(repr=False)
    clusters: pd.DataFrame = field(repr=False)

    @property
    def lang(self) -> str:
        return self.tr.lang

    @property
    def public(self) -> bool:
        return self.mode != "adviser"

    @property
    def as_of(self) -> dt.date:
        return self.snapshot.as_of

    def memo(self, name: str, compute, *extra):
        """Cache a derived result per snapshot, filters and ``extra`` key parts, shared by all sessions."""
        return self.snapshot.memo((name, self.filters, *extra), compute)


def access_mode() -> str:
    """'public' unless adviser mode has been unlocked in this session (see clusterviz/access.py)."""
    return access.mode()


def current_filters() -> Filters:
    country = st.session_state.get("f_country") or ALL
    return Filters(
        countries=() if country == ALL else (country,),
        counties=tuple(st.session_state.get("f_counties") or ()),
        programme_levels=tuple(st.session_state.get("f_programme") or ()),
        statuses=tuple(st.session_state.get("f_status") or ()),
    )


def states_of(snapshot: Snapshot) -> pd.DataFrame:
    return snapshot.memo(("label_states",), lambda: metrics.label_states(
        snapshot.clusters, snapshot.assessments, snapshot.as_of))


def page_setup(page: str) -> View | None:
    """Start a page: title, demo badge, notices; returns the View, or None when there is no data."""
    tr = translator()
    present = bool(st.session_state.get("present"))
    if present:
        st.html(PRESENTER_CSS)
    catalog = _catalog()
    st.title(tr(f"common.nav_{page}"))
    if not catalog.valid:
        st.error(tr("common.notice_no_data", root=escape_markdown(catalog.root)), icon=":material/error:")
        _show_notices(tr)
        publish()
        return None
    entry = catalog.get(st.session_state.get("f_snapshot")) or catalog.newest
    snapshot = store.load(entry.location)
    index = [e.name for e in catalog.valid].index(entry.name)
    previous = store.load(catalog.valid[index - 1].location) if index > 0 else None
    filters = current_filters()
    states = states_of(snapshot)
    clusters = snapshot.memo(("clusters", filters), lambda: metrics.filter_clusters(snapshot.clusters, states, filters))
    view = View(page, snapshot, previous, catalog, filters, tr, access_mode(), present, states, clusters)
    captions = [tr("common.snapshot_caption", date=tr.date(snapshot.as_of))]
    if snapshot.demo:
        st.badge(tr("common.demo_badge"), icon=":material/science:", color="orange")
    if not filters.is_default():
        captions.append(tr("common.filters_active", text=describe_filters(filters, tr)))
    captions.append(tr("common.mode_public", n=metrics.MIN_GROUP) if view.public else tr("common.mode_adviser"))
    st.caption(" · ".join(captions))
    if catalog.newest_is_refused:
        refused = max(catalog.refused, key=lambda r: r.name)
        st.warning(tr("common.notice_refused", name=escape_markdown(refused.name), n=len(refused.problems),
                      first=escape_markdown(refused.problems[0]) if refused.problems else "?", shown=tr.date(catalog.newest.as_of)),
                   icon=":material/warning:")
    _show_notices(tr)
    publish()
    return view


def describe_filters(filters: Filters, tr: Translator) -> str:
    parts = [tr.country(c) for c in filters.countries]
    parts += [geo.county_name(c) for c in filters.counties]
    parts += [tr.programme(p) for p in filters.programme_levels]
    parts += [tr.status(s) for s in filters.statuses]
    return ", ".join(parts)


def _show_notices(tr: Translator) -> None:
    for key, values in st.session_state.pop(_NOTICES, []):
        st.caption(f":material/info: {tr(key, **{name: escape_markdown(value) for name, value in values})}")


def coming_soon(view: View) -> None:
    st.info(view.tr("common.coming"), icon=":material/construction:")


PRESENTER_CSS = """<style>
html, body, [data-testid="stAppViewContainer"] { font-size: 20px; }
[data-testid="stMetricValue"] { font-size: 3.2rem; }
[data-testid="stMetricLabel"] p { font-size: 1.25rem; }
h1 { font-size: 3rem !important; }
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none; }
</style>"""


def download_buttons(frame: pd.DataFrame, basename: str, tr: Translator, key: str) -> None:
    """CSV and Excel downloads of exactly the rows and columns shown; built only when clicked."""
    from . import exports

    safe = _file_name(basename)
    left, right = st.columns(2)
    left.download_button(tr("common.download_csv"), lambda: exports.csv_bytes(frame), f"{safe}.csv", "text/csv",
                         key=f"{key}_csv", icon=":material/download:", on_click="ignore")
    right.download_button(tr("common.download_xlsx"), lambda: exports.excel_bytes(frame, safe), f"{safe}.xlsx",
                          exports.EXCEL_MIME, key=f"{key}_xlsx", icon=":material/table_view:", on_click="ignore")


def chart(chart_obj, basename: str, tr: Translator, key: str, **kwargs) -> None:
    """Draw an Altair chart with PNG and SVG downloads at slide resolution (rendered only when clicked)."""
    from . import exports

    kwargs.setdefault("height", element_height(chart_obj))
    st.altair_chart(chart_obj, width="stretch", key=key, **kwargs)
    safe = _file_name(basename)
    with st.popover(tr("common.export_chart"), icon=":material/image:"):
        st.download_button("PNG", lambda: exports.chart_png(chart_obj), f"{safe}.png", "image/png",
                           key=f"{key}_png", on_click="ignore")
        st.download_button("SVG", lambda: exports.chart_svg(chart_obj), f"{safe}.svg", "image/svg+xml",
                           key=f"{key}_svg", on_click="ignore")


def element_height(chart_obj, decorations: int = 150) -> int | str:
    """Pixel height for st.altair_chart. With width="stretch" Streamlit fits the whole chart (title, axes,
    legend) into the spec's height, which squeezes the plot to nothing; giving the element the plot height
    plus room for the decorations keeps the plot at the height the builder asked for."""
    spec = chart_obj.to_dict()
    heights = [spec.get("height")] + [layer.get("height") for layer in spec.get("layer", [])]
    plot = next((h for h in heights if isinstance(h, int)), None)
    return plot + decorations if plot else "content"


def _file_name(basename: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in basename)[:60] or "export"
