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
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import pandas as pd
import streamlit as st

from clusterviz.app import access, presenter, theme
from clusterviz.data import geo, store
from clusterviz.data.snapshot import PROGRAMME_LEVELS, Snapshot
from clusterviz.figures import metrics
from clusterviz.figures.metrics import Filters
from clusterviz.text.i18n import DEFAULT_LANG, LANGS, Translator, lang_for_locale
from clusterviz.text.markup import escape_markdown  # noqa: F401 - pages use ui.escape_markdown

# key, file, url path, icon.  The first is the default page (served at "/").  Each url path equals its
# file's name: Streamlit serves the first session of a process in its legacy pages/-folder mode, which
# finds pages by file name (see _leave_legacy_multipage_mode).
PAGES = (
    ("overview", "pages/overview.py", "", ":material/dashboard:"),
    ("map", "pages/map.py", "map", ":material/map:"),
    ("collaboration", "pages/collaboration.py", "collaboration", ":material/hub:"),
    ("renewals", "pages/renewals.py", "renewals", ":material/autorenew:"),
    ("comparison", "pages/comparison.py", "comparison", ":material/compare_arrows:"),
    ("competence", "pages/competence.py", "competence", ":material/school:"),
    ("cluster", "pages/cluster.py", "cluster", ":material/badge:"),
    ("about", "pages/about.py", "about", ":material/info:"),
)
ALL = "ALL"
_INITIAL = "_cv_initial_params"      # the link's query parameters, captured on the session's first run
_NOTICES = "_cv_notices"
_BOUND = "_cv_bound"                 # query parameter name -> (state key, default, multi) for this run
_LAST = "_cv_last"                   # query parameter name -> the value the link last carried
_BOXES = "_cv_boxes"                 # this run's placeholders: the copy-link box, the notices
_PROVISIONAL = "_cv_provisional"     # state keys given a default before the link could be read
_PAGE = "_cv_page"                   # the key of the page this run shows
KIOSK_SECONDS = "kiosk_seconds"      # 0: no kiosk; else the page changes every so many seconds
_KIOSK_SINCE = "_cv_kiosk_since"     # when the page the kiosk shows was drawn (time.monotonic())
KIOSK_PAGES = "kiosk_pages"          # the pages the kiosk cycles through ([]: every page but "about")


# --------------------------------------------------------------------------- query-param binding

def _split(raw: str) -> list[str]:
    return [part for part in (p.strip() for p in raw.split(",")) if part]


def bind(name: str, key: str, default: Any, *, choices: Sequence[str] | Callable[[str], bool] | None = None,
         multi: bool = False, parse: Callable[[str], Any] | None = None) -> str:
    """Tie the widget (or state) ``key`` to the query parameter ``name`` and return ``key``.

    Seeds st.session_state[key] from the link on the first run that binds it (falling back to ``default``
    with a notice when the value is not allowed), and records the binding so ``publish()`` writes it back.
    A page's own widgets lose their state when the user moves to another page; coming back, the value the
    link last carried is restored (not the session's first link, not the default).
    """
    if _INITIAL not in st.session_state:    # a page file run alone (Streamlit's legacy pages/ mode) before
        if key not in st.session_state:     # app.py's start(): a provisional default; the link is read when
            st.session_state[key] = default  # app.py runs
            st.session_state.setdefault(_PROVISIONAL, set()).add(key)
        return key
    bound = st.session_state.setdefault(_BOUND, {})
    bound[name] = (key, default, multi)
    seeded = st.session_state.setdefault("_cv_seeded", set())
    if name in seeded and key in st.session_state:
        return key
    first = name not in seeded
    seeded.add(name)
    allowed = (lambda v: True) if choices is None else (choices if callable(choices) else (lambda v: v in choices))
    value = default
    initial = st.session_state.get(_INITIAL, {})
    last = st.session_state.get(_LAST, {})
    if not first and name in last:
        remembered = last[name]
        if remembered is not None and all(allowed(v) for v in (remembered if multi else [remembered])):
            value = list(remembered) if multi else remembered
    elif first and name in initial:
        raw = initial[name]
        try:
            candidates = _split(raw) if multi else [raw.strip()]
            parsed = [parse(c) if parse else c for c in candidates]
            good = [v for v in parsed if allowed(v)]
            if len(good) < len(parsed) or (not multi and not good):
                notice("common.notice_bad_param", name=name, value=raw[:40])
            if good:
                value = list(dict.fromkeys(good)) if multi else good[0]
        except (ValueError, TypeError, AttributeError):
            notice("common.notice_bad_param", name=name, value=str(raw)[:40])
    if key not in st.session_state or key in st.session_state.get(_PROVISIONAL, set()):
        st.session_state[key] = value
        st.session_state.get(_PROVISIONAL, set()).discard(key)
    return key


def bound_params() -> dict[str, str]:
    """The query parameters of the view as it is now: every bound value that differs from its default."""
    params: dict[str, str] = {}
    for name, (key, default, multi) in st.session_state.get(_BOUND, {}).items():
        value = st.session_state.get(key, default)
        if value == default or value is None or (multi and not value):
            continue
        if isinstance(value, bool):
            value = "1" if value else "0"
        params[name] = ",".join(map(str, value)) if multi else str(value)
    return params


def publish(*, keep_unbound: bool = False) -> None:
    """Rewrite the browser's query string from the bound state (defaults are left out) and refresh the
    copy-link box.  ``keep_unbound`` keeps parameters nothing has bound yet in this run (a page's own
    parameters, bound after page_setup), so a page that stops early does not lose them from the link."""
    params = bound_params()
    last = st.session_state.setdefault(_LAST, {})
    for name, (key, default, multi) in st.session_state.get(_BOUND, {}).items():
        value = st.session_state.get(key, default)
        last[name] = list(value) if multi and value is not None else value
    if keep_unbound:
        bound = st.session_state.get(_BOUND, {})
        params = {**{k: v for k, v in st.query_params.items() if k not in bound}, **params}
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)
    _show_link(params)


def notice(key: str, **values) -> None:
    notes = st.session_state.setdefault(_NOTICES, [])
    item = (key, tuple(sorted(values.items())))
    if item not in notes:
        notes.append(item)


# --------------------------------------------------------------------------- entry-file parts

def start() -> None:
    """First thing app.py does on every run: capture the link once, settle language, presenter and kiosk mode."""
    _RUN.through_app = True
    _RUN.catalog = None
    if not _PREWARM_STARTED:
        _start_prewarm()
    if _INITIAL not in st.session_state:
        st.session_state[_INITIAL] = {k: st.query_params.get(k) for k in st.query_params}
    st.session_state[_BOUND] = {}
    st.session_state[_BOXES] = {}
    if "lang" not in st.session_state and not st.session_state[_INITIAL].get("lang"):
        # no language in the link: the browser's picks nb or en (the link then carries it, see publish)
        st.session_state["lang"] = lang_for_locale(_browser_locale())
    bind("lang", "lang", DEFAULT_LANG, choices=LANGS)
    if st.session_state.get("lang") not in LANGS:      # the language control was clicked off
        st.session_state["lang"] = DEFAULT_LANG
    bind("present", "present", False, choices=("0", "1"), parse=lambda v: v)
    if st.session_state.get("present") in ("1", "0"):
        st.session_state["present"] = st.session_state["present"] == "1"
    bind("kiosk", KIOSK_SECONDS, 0, parse=presenter.kiosk_seconds)
    bind("pages", KIOSK_PAGES, [], choices=[key for key, *_ in PAGES], multi=True)
    present = bool(st.session_state.get("present"))
    st.set_page_config(page_title=translator()("common.app_title"), page_icon=str(theme.ICON),
                       layout="wide", initial_sidebar_state="collapsed" if present else "auto")


_PREWARM_STARTED = False


def _start_prewarm() -> None:
    """In a real server (not AppTest), once per process: the thread that computes each page's default view
    whenever the newest snapshot is new or replaced (clusterviz/app/prewarm.py).  CLUSTERVIZ_PREWARM=0: off."""
    global _PREWARM_STARTED
    _PREWARM_STARTED = True
    from streamlit import runtime

    if os.environ.get("CLUSTERVIZ_PREWARM", "1") == "0" or not runtime.exists():
        return
    from clusterviz.app import prewarm

    address = st.get_option("server.address") or "127.0.0.1"
    address = "127.0.0.1" if address in ("0.0.0.0", "::") else address
    base_path = (st.get_option("server.baseUrlPath") or "").strip("/")
    prewarm.watch(f"http://{address}:{st.get_option('server.port')}" + (f"/{base_path}" if base_path else ""),
                  store.collection_root(None))   # the collection a default link shows


def _browser_locale() -> str | None:
    """``st.context.locale`` (the browser's navigator.language); None where there is no browser (AppTest)."""
    try:
        return st.context.locale
    except Exception:
        return None


def finish() -> None:
    """Last thing app.py does when a page has run to its end: the link gets the page's own parameters too,
    and notices raised by the page's own bindings are shown."""
    publish()
    box = st.session_state.get(_BOXES, {}).get("notices")
    if box is not None:
        with box:
            _show_notices(translator())


def share_link(params: dict[str, str] | None = None) -> str:
    """The address that reopens the current view (this page with its parameters)."""
    url_path = dict((key, url) for key, _, url, _ in PAGES)[current_page()]
    return presenter.share_url(st.context.url, url_path, bound_params() if params is None else params,
                               [url for *_, url, _ in PAGES])


def _show_link(params: dict[str, str]) -> None:
    box = st.session_state.get(_BOXES, {}).get("link")
    if box is not None:
        box.code(share_link(params), language=None, wrap_lines=True)


# --------------------------------------------------------------------------- kiosk

def kiosk() -> None:
    """When ``?kiosk=N`` is on: a small indicator at the top of the page (next page, stop button) that moves
    to the next page of the rotation every N seconds, carrying the shared filters in the link."""
    seconds = st.session_state.get(KIOSK_SECONDS) or 0
    if not seconds:
        return
    keys = [key for key, *_ in PAGES]
    following = presenter.next_page(presenter.rotation(st.session_state.get(KIOSK_PAGES) or [], keys),
                                    current_page())
    st.session_state[_KIOSK_SINCE] = time.monotonic()
    st.fragment(_kiosk_indicator, run_every=seconds)(seconds, following, bound_params())


def _kiosk_indicator(seconds: int, following: str, carry: dict[str, str]) -> None:
    """The kiosk's fragment: drawn with the page, then rerun by the browser's timer every ``seconds``."""
    if not st.session_state.get(KIOSK_SECONDS):     # stopped: redraw the whole page (and link) without it
        st.rerun()
    if time.monotonic() - st.session_state.get(_KIOSK_SINCE, 0.0) >= seconds - 1:
        st.switch_page(dict((key, path) for key, path, *_ in PAGES)[following], query_params=carry)
    tr = translator()
    with st.container(horizontal=True, vertical_alignment="center", key="cv_kiosk", gap="small"):
        st.caption(f":material/slideshow: {tr('common.kiosk_running', page=tr(f'common.nav_{following}'), seconds=tr.integer(seconds))}")
        st.button(tr("common.kiosk_stop"), icon=":material/stop_circle:", key="kiosk_stop", type="tertiary",
                  on_click=_stop_kiosk)


def _stop_kiosk() -> None:
    """Button callback: the fragment's next run sees the kiosk off and redraws the whole page."""
    st.session_state[KIOSK_SECONDS] = 0


def _kiosk_setup(tr: Translator) -> None:
    """Sidebar: start a kiosk (a screen in the hall) without writing the link by hand."""
    keys = [key for key, *_ in PAGES]
    with st.expander(tr("common.kiosk_setup"), icon=":material/slideshow:"):
        st.number_input(tr("common.kiosk_seconds"), presenter.KIOSK_MIN_SECONDS, presenter.KIOSK_MAX_SECONDS,
                        60, step=10, key="kiosk_setup_seconds")
        st.multiselect(tr("common.kiosk_pages"), keys, key="kiosk_setup_pages",
                       format_func=lambda key: tr(f"common.nav_{key}"), placeholder=tr("common.kiosk_pages_all"))
        st.button(tr("common.kiosk_start"), icon=":material/play_circle:", key="kiosk_start", on_click=_start_kiosk)


def _start_kiosk() -> None:
    """Button callback (runs before the script, so it may switch the presenter toggle on)."""
    st.session_state[KIOSK_SECONDS] = int(st.session_state.get("kiosk_setup_seconds") or 60)
    st.session_state[KIOSK_PAGES] = list(st.session_state.get("kiosk_setup_pages") or [])
    st.session_state["present"] = True


def translator() -> Translator:
    return Translator(st.session_state.get("lang", DEFAULT_LANG))


def navigation():
    """st.navigation over the pages, titles in the chosen language. Wrapped so tests can import it."""
    tr = translator()
    pages = [st.Page(path, title=tr(f"common.nav_{key}"), icon=icon, url_path=url or None, default=(i == 0))
             for i, (key, path, url, icon) in enumerate(PAGES)]
    current = st.navigation(pages)
    st.session_state[_PAGE] = next((key for (key, *_), page in zip(PAGES, pages)
                                    if page.url_path == current.url_path), PAGES[0][0])
    return current


def current_page() -> str:
    """The key (as in PAGES) of the page this run shows."""
    return st.session_state.get(_PAGE, PAGES[0][0])


def current_collection() -> str:
    """The name of the data collection this session shows (``?data=``); the first one by default."""
    found = store.collections()
    name = st.session_state.get("f_data")
    return name if name in found else next(iter(found))


def _catalog() -> store.Catalog:
    """The snapshots of the chosen collection as listed once in this run (the sidebar and the page see the
    same catalog)."""
    root = store.collection_root(current_collection())
    catalog = getattr(_RUN, "catalog", None)
    if catalog is None or catalog.root != root:
        catalog = store.scan(root, max_age=store.scan_interval(root))
        _RUN.catalog = catalog if getattr(_RUN, "through_app", False) else None
    return catalog


def sidebar() -> None:
    """The shared filters, language and presenter switch, drawn in the entry file on every page."""
    tr = translator()
    found = list(store.collections())
    data_key = bind("data", "f_data", found[0], choices=found)
    if st.session_state.get(data_key) not in found:
        st.session_state[data_key] = found[0]
    catalog = _catalog()
    names = [e.name for e in catalog.valid]
    with st.sidebar:
        st.page_link(PROFILE_PAGE, label=tr("cluster.find"), icon=":material/search:")
        st.subheader(tr("common.sidebar_filters"))
        if len(found) > 1:
            st.segmented_control(tr("common.sidebar_collection"), found, key=data_key, selection_mode="single",
                                 format_func=lambda name: tr.collection(name),
                                 help=tr("common.sidebar_collection_help"))
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
        key = bind("county", "f_counties", [], choices=list(geo.ADMIN1), multi=True)
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
        _kiosk_setup(tr)
        access.sidebar(tr)
        st.divider()
        st.caption(tr("common.share_link"), help=tr("common.share_link_help"))
        st.session_state.setdefault(_BOXES, {})["link"] = st.empty()


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

    def build(self, builder: Callable, *args, **kwargs):
        """``builder(*args, **kwargs)`` (a chart or layer builder), built once and shared by every session
        while its inputs are equal: frames compare by content, a Translator by language.  Building an Altair
        chart costs more than the data behind it, so a burst of first renders builds each chart once (see
        README "Performance").  Callers must not mutate what they get back."""
        parts = [content_key(a) for a in args] + [(k, content_key(v)) for k, v in sorted(kwargs.items())]
        if any(part is _UNKEYED for part in parts):
            return _spec_once(builder(*args, **kwargs))
        key = ("build", builder.__module__, builder.__qualname__, *parts)
        return self.snapshot.memo(key, lambda: _spec_once(builder(*args, **kwargs)))


_UNKEYED = object()


def content_key(value):
    """A hashable stand-in for a builder argument that is equal exactly when the argument is (frames by their
    columns, dtypes, index and every value in order); _UNKEYED when there is none (then nothing is cached)."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return _frame_key(value)
    if isinstance(value, Translator):
        return ("tr", value.lang)
    if isinstance(value, (list, tuple)):
        parts = tuple(content_key(v) for v in value)
        return _UNKEYED if any(p is _UNKEYED for p in parts) else (type(value).__name__, parts)
    if isinstance(value, dict):
        parts = tuple((k, content_key(v)) for k, v in value.items())
        return _UNKEYED if any(p is _UNKEYED for _, p in parts) else ("dict", parts)
    if value is None:
        return ("None",)
    if type(value).__hash__ is object.__hash__:  # hashed by identity: an id can be reused once it is freed
        return _UNKEYED
    try:
        hash(value)
    except TypeError:
        return _UNKEYED
    return (type(value).__name__, value)


@metrics.per_frame
def _frame_key(frame) -> tuple:
    """The content key of a frame, worked out once while the frame lives.  A page hands View.build the frames
    View.memo keeps (the same object in every session), so their content is hashed once, not once per
    session: hashing was 5-15 % of a chart page's first render (py-spy of a 30-tab burst)."""
    return _hash_frame(frame)


def _hash_frame(value) -> tuple:
    """The content key of a frame or series: columns, dtypes, length and a digest of every value and the index."""
    import hashlib

    try:
        hashed = pd.util.hash_pandas_object(value, index=True).to_numpy()
    except (TypeError, ValueError):         # list-valued or mixed cells (an event's themes, a row as a Series)
        table = value.to_frame() if isinstance(value, pd.Series) else value
        cells = pd.DataFrame([[_cell_text(cell) for cell in row] for row in table.itertuples(index=False)],
                             index=table.index, columns=range(table.shape[1]), dtype=object)
        hashed = pd.util.hash_pandas_object(cells, index=True).to_numpy()
    columns = tuple(map(str, value.columns)) if isinstance(value, pd.DataFrame) else (str(value.name),)
    dtypes = tuple(map(str, value.dtypes)) if isinstance(value, pd.DataFrame) else (str(value.dtype),)
    return (type(value).__name__, columns, dtypes, len(value), hashlib.blake2b(hashed.tobytes()).hexdigest())


def _cell_text(cell) -> str:
    return repr(cell.tolist() if hasattr(cell, "tolist") else cell)


def access_mode() -> str:
    """'public' unless adviser mode has been unlocked in this session (see clusterviz/app/access.py)."""
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


_RUN = threading.local()      # through_app: start() ran in this script run (a run has one thread)


def _leave_legacy_multipage_mode() -> bool:
    """True when this run was started by Streamlit's legacy multipage mode, after switching it off.

    Streamlit decides per process, before any of our code runs, that an app with a pages/ folder is a
    legacy (v1) app; the first session then runs a page file directly, without app.py, and a page URL it
    cannot match shows a "Page not found" dialog. Our st.navigation call turns the mode off for good, so
    only the runs that started before that are affected: the page asks for a rerun, which goes through
    app.py.  That is every session whose first run began before the mode was off (a restarted server
    reached by many open tabs at once), not just the first one, so the test is whether start() ran.
    """
    from streamlit.runtime.pages_manager import PagesManager

    through_app = getattr(_RUN, "through_app", False)
    _RUN.through_app = False
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        return True
    return not through_app


def page_setup(page: str) -> View | None:
    """Start a page: title, demo badge, notices; returns the View, or None when there is no data."""
    if _leave_legacy_multipage_mode():
        st.rerun()
    tr = translator()
    present = bool(st.session_state.get("present"))
    st.html(theme.LAYOUT_CSS)
    if present:
        st.html(PRESENTER_CSS)
    catalog = _catalog()
    st.title(tr(f"common.nav_{page}"))
    since = time.strftime("%H:%M:%S", time.gmtime(catalog.unreachable_since or 0))
    if not catalog.valid:
        if catalog.unreachable:
            st.error(tr("common.notice_unreachable_no_data", root=escape_markdown(catalog.root), since=since),
                     icon=":material/cloud_off:")
        else:
            st.error(tr("common.notice_no_data", root=escape_markdown(catalog.root)), icon=":material/error:")
        _show_notices(tr)
        publish(keep_unbound=True)
        return None
    newest = catalog.valid[-1]
    entry = catalog.get(st.session_state.get("f_snapshot")) or newest
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
    held = snapshot.memo(("coverage",), lambda: metrics.coverage(snapshot))
    st.badge(" · ".join(metrics.coverage_parts(held, tr)), icon=":material/fact_check:",
             color="green" if held.complete else "gray")
    if not filters.is_default():
        captions.append(tr("common.filters_active", text=describe_filters(filters, tr)))
    captions.append(tr("common.mode_public", n=metrics.MIN_GROUP) if view.public else tr("common.mode_adviser"))
    st.caption(" · ".join(captions))
    if catalog.unreachable:
        st.warning(tr("common.notice_unreachable", since=since, shown=tr.date(newest.as_of)),
                   icon=":material/cloud_off:")
    if catalog.newest_is_refused:
        refused = max(catalog.refused, key=lambda r: r.name)
        st.warning(tr("common.notice_refused", name=escape_markdown(refused.name), n=len(refused.problems),
                      first=escape_markdown(refused.problems[0]) if refused.problems else "?", shown=tr.date(newest.as_of)),
                   icon=":material/warning:")
    st.session_state.setdefault(_BOXES, {})["notices"] = notices = st.container()
    with notices:
        _show_notices(tr)       # finish() adds those of the page's own bindings
    publish(keep_unbound=True)
    return view


def known_text(what: str, known: int, total: int, tr: Translator, *, country: str | None = None,
               shown: bool = True, one_level: bool = False) -> str:
    """The coverage sentence under a mean or share: "The quality index known for 6 of 19 (Norway)" when it is
    shown, or why it is not ("... known for 1 of 19: too little to show a mean or a share (needs ...)")."""
    label = tr(f"common.{what}") + (f" ({tr.country(country)})" if country else "")
    if shown:
        return tr("common.known_of", what=label, k=tr.integer(known), n=tr.integer(total))
    if one_level:
        return tr("common.one_level_only", what=label, k=tr.integer(known), n=tr.integer(total))
    return tr("common.not_covered", what=label, k=tr.integer(known), n=tr.integer(total), min=metrics.MIN_KNOWN)


def window_source(snapshot: Snapshot, tr: Translator) -> str:
    """Where the comparison window comes from: stated by the snapshot, or the rule (36 months to the date)."""
    if getattr(snapshot.manifest, "comparison_window", None) or metrics.comparison_window(snapshot) == metrics.WINDOW \
            and snapshot.demo:
        return tr("common.window_stated")
    return tr("common.window_rule", months=metrics.RECENT_MONTHS)


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


PRESENTER_CSS = presenter.PRESENTER_CSS


# --------------------------------------------------------------------------- links to a cluster's profile

PROFILE_PAGE = "pages/cluster.py"
PROFILE_KEY = "profile_cluster"      # the cluster the profile page shows (bound to ?cluster= there)


def _open_profile(cluster_id: str) -> None:
    st.session_state[PROFILE_KEY] = cluster_id


def profile_button(cluster_id: str, tr: Translator, key: str) -> None:
    """A button that opens the cluster's profile in this session (so adviser mode stays on)."""
    if st.button(tr("cluster.open_profile"), key=key, icon=":material/badge:", on_click=_open_profile,
                 args=(cluster_id,)):
        st.switch_page(PROFILE_PAGE)


def profile_url(cluster_id: str) -> str:
    """./cluster?cluster=ID with the data collection, snapshot and language of this view (a link opened in a
    new tab starts a new session, in public mode)."""
    from clusterviz.charts.cluster_report import profile_url as url

    params = bound_params()
    return url(cluster_id, {k: params[k] for k in ("data", "snapshot", "lang") if k in params})


def cluster_table(table: pd.DataFrame, cluster_ids, tr: Translator, **kwargs) -> None:
    """st.dataframe of a table whose every row names a cluster, with a last column linking to its profile
    (``cluster_ids`` in the rows' order).  Downloads take ``table`` itself, without the links."""
    column = tr("cluster.col_profile")
    shown = table.assign(**{column: [profile_url(cid) for cid in cluster_ids]})
    config = dict(kwargs.pop("column_config", None) or {})
    config[column] = st.column_config.LinkColumn(column, display_text=tr("cluster.link_text"), width="small")
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config, **kwargs)


def download_buttons(frame: pd.DataFrame, basename: str, tr: Translator, key: str) -> None:
    """CSV and Excel downloads of exactly the rows and columns shown; built only when clicked."""
    from clusterviz.charts import exports

    safe = _file_name(basename)
    left, right = st.columns(2)
    left.download_button(tr("common.download_csv"), lambda: exports.csv_bytes(frame), f"{safe}.csv", "text/csv",
                         key=f"{key}_csv", icon=":material/download:", on_click="ignore")
    right.download_button(tr("common.download_xlsx"), lambda: exports.excel_bytes(frame, safe), f"{safe}.xlsx",
                          exports.EXCEL_MIME, key=f"{key}_xlsx", icon=":material/table_view:", on_click="ignore")


def chart(chart_obj, basename: str, tr: Translator, key: str, **kwargs) -> None:
    """Draw an Altair chart with PNG and SVG downloads at slide resolution (rendered only when clicked)."""
    from clusterviz.charts import exports

    kwargs.setdefault("height", element_height(chart_obj))
    present = bool(st.session_state.get("present"))
    dark = theme.reader_is_dark()
    # The screen follows the reader's theme; the PNG/SVG downloads keep the light ink (slides are white).
    # Presenter mode: full-contrast chart text for the back of the room (and the slide), in either theme.
    on_screen = theme.with_ink(presenter.high_contrast(chart_obj, dark) if present else chart_obj, dark)
    chart_obj = presenter.high_contrast(chart_obj) if present else chart_obj
    st.altair_chart(_unvalidated(on_screen), width="stretch", key=key, **kwargs)
    safe = _file_name(basename)
    with st.popover(tr("common.export_chart"), icon=":material/image:"):
        st.download_button("PNG", lambda: exports.chart_png(chart_obj), f"{safe}.png", "image/png",
                           key=f"{key}_png", on_click="ignore")
        st.download_button("SVG", lambda: exports.chart_svg(chart_obj), f"{safe}.svg", "image/svg+xml",
                           key=f"{key}_svg", on_click="ignore")


def element_height(chart_obj, decorations: int = 150) -> int | str:
    """Pixel height for st.altair_chart. With width="stretch" Streamlit fits the whole chart (title, axes,
    legend) into the spec's height, which squeezes the plot to nothing; giving the element the plot height
    plus room for the decorations keeps the plot at the height the builder asked for.
    Read from the chart object, not from chart.to_dict(): that validates the whole spec (benchmarks: a third
    of a chart-heavy page's rerun)."""
    layers = getattr(chart_obj, "layer", None) or ()
    heights = [getattr(chart_obj, "height", None)] + [getattr(layer, "height", None) for layer in layers]
    plot = next((h for h in heights if isinstance(h, int) and not isinstance(h, bool)), None)
    return plot + decorations if plot else "content"


def _spec_once(built):
    """An Altair chart from a builder gets the once-only spec conversion (_unvalidated); anything else as it is."""
    return _unvalidated(built) if type(built).__module__.startswith("altair.") else built


def _unvalidated(chart_obj):
    """The chart as Streamlit should convert it: its Vega-Lite spec is made once per chart object, without
    checking it against the JSON schema again (the builders' tests validate every spec), and handed out again
    to every later session that draws the same built chart (``View.build``).  The check and the conversion
    were most of a chart page's first render (see README "Performance")."""
    if not isinstance(vars(chart_obj).get("to_dict"), _SpecOnce):
        object.__setattr__(chart_obj, "to_dict", _SpecOnce(chart_obj))
    return chart_obj


class _SpecOnce:
    """``chart.to_dict()`` replacement: the first conversion inside Streamlit's ``st.altair_chart`` is kept
    (the spec and the Arrow datasets Streamlit's data transformer collected, keyed by a hash of their bytes);
    later conversions hand out copies.  Anywhere else (exports, tests) it is the chart's own to_dict without
    validation.  Holds the chart weakly, so a chart nobody keeps is freed at once."""

    STREAMLIT_TRANSFORMER = "to_arrow_dataset"

    def __init__(self, chart_obj):
        import threading
        import weakref

        self._chart = weakref.ref(chart_obj)
        self._kept: tuple[dict, dict] | None = None
        self._lock = threading.Lock()

    def __call__(self, validate: bool = False, **kwargs):
        import copy

        import altair as alt

        chart_obj = self._chart()
        collector = alt.data_transformers.options.get("datasets")
        if kwargs or alt.data_transformers.active != self.STREAMLIT_TRANSFORMER or not isinstance(collector, dict):
            return type(chart_obj).to_dict(chart_obj, validate=validate, **kwargs)
        with self._lock:
            if self._kept is None:
                before = set(collector)
                spec = type(chart_obj).to_dict(chart_obj, validate=validate)
                self._kept = (copy.deepcopy(spec), {k: v for k, v in collector.items() if k not in before})
                return spec
            spec, datasets = self._kept
        collector.update(datasets)
        return copy.deepcopy(spec)


def _file_name(basename: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in basename)[:60] or "export"
