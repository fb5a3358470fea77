"""What every page shares: navigation, sidebar filters, language, presenter and access mode, deep links.

app.py calls ``start()``, ``navigation()`` and ``sidebar()`` (the shared filters are drawn in the entry
file so they are kept when moving between pages); each page begins with ``view = page_setup("key")``.

Deep links are app/links.py, the View app/view.py, downloads app/downloads.py; pages reach them through
this module (``ui.bind``, ``ui.chart``, ...), their one entry point.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import threading
import time

import streamlit as st

from clusterviz.app import access, kiosk, legacy, links, presenter, theme
from clusterviz.app.downloads import (  # noqa: F401 - pages call them as ui.chart, ui.download_buttons, ...
    PROFILE_KEY,
    PROFILE_PAGE,
    chart,
    cluster_table,
    download_buttons,
    element_height,
    profile_button,
    profile_url,
)
from clusterviz.app.kiosk import KIOSK_PAGES, KIOSK_SECONDS  # noqa: F401 - app.py and tests: ui.KIOSK_*
from clusterviz.app.links import ALL, PAGES, bind, bound_params, current_page, notice, publish, share_link  # noqa: F401
from clusterviz.app.view import View, filtered_clusters, states_of
from clusterviz.charts.overview import coverage_parts
from clusterviz.data import geo, store
from clusterviz.data.snapshot import PROGRAMME_LEVELS, Snapshot
from clusterviz.figures import metrics
from clusterviz.figures.metrics import Filters
from clusterviz.figures.overview import coverage
from clusterviz.text.i18n import DEFAULT_LANG, LANGS, Translator, lang_for_locale
from clusterviz.text.markup import escape_markdown  # noqa: F401 - pages use ui.escape_markdown

# --------------------------------------------------------------------------- entry-file parts


def start() -> None:
    """First thing app.py does on every run: capture the link once, settle language, presenter and kiosk mode."""
    _RUN.through_app = True
    _RUN.catalog = None
    if not _PREWARM_STARTED:
        _start_prewarm()
    if links.INITIAL not in st.session_state:
        st.session_state[links.INITIAL] = {k: st.query_params.get(k) for k in st.query_params}
    st.session_state[links.BOUND] = {}
    st.session_state[links.BOXES] = {}
    if "lang" not in st.session_state and not st.session_state[links.INITIAL].get("lang"):
        # no language in the link: the browser's picks nb or en (the link then carries it, see publish)
        st.session_state["lang"] = lang_for_locale(_browser_locale())
    bind("lang", "lang", DEFAULT_LANG, choices=LANGS)
    if st.session_state.get("lang") not in LANGS:  # the language control was clicked off
        st.session_state["lang"] = DEFAULT_LANG
    bind("present", "present", False, choices=("0", "1"), parse=lambda v: v)
    if st.session_state.get("present") in ("1", "0"):
        st.session_state["present"] = st.session_state["present"] == "1"
    bind("kiosk", KIOSK_SECONDS, 0, parse=presenter.kiosk_seconds)
    bind("pages", KIOSK_PAGES, [], choices=[key for key, *_ in PAGES], multi=True)
    present = bool(st.session_state.get("present"))
    st.set_page_config(
        page_title=translator()("common.app_title"),
        page_icon=str(theme.ICON),
        layout="wide",
        initial_sidebar_state="collapsed" if present else "auto",
    )


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
    prewarm.watch(
        f"http://{address}:{st.get_option('server.port')}" + (f"/{base_path}" if base_path else ""), store.collection_root(None)
    )  # the collection a default link shows


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
    box = st.session_state.get(links.BOXES, {}).get("notices")
    if box is not None:
        with box:
            _show_notices(translator())


def translator() -> Translator:
    return Translator(st.session_state.get("lang", DEFAULT_LANG))


_NAV = "_cv_nav"  # this session's st.Page objects and the language of their titles


def navigation():
    """st.navigation over the pages, titles in the chosen language. Wrapped so tests can import it.  The pages
    are made once per session and language (an st.Page resolves and checks its file when made); not shared
    between sessions, since st.navigation marks the page it returns as the one this run may call."""
    tr = translator()
    kept = st.session_state.get(_NAV)
    if kept is None or kept[0] != tr.lang:
        kept = (
            tr.lang,
            [
                st.Page(path, title=tr(f"common.nav_{key}"), icon=icon, url_path=url or None, default=(i == 0))
                for i, (key, path, url, icon) in enumerate(PAGES)
            ],
        )
        st.session_state[_NAV] = kept
    pages = kept[1]
    current = st.navigation(pages)
    st.session_state[links.PAGE_KEY] = next(
        (key for (key, *_), page in zip(PAGES, pages) if page.url_path == current.url_path), PAGES[0][0]
    )
    return current


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
            st.segmented_control(
                tr("common.sidebar_collection"),
                found,
                key=data_key,
                selection_mode="single",
                format_func=lambda name: tr.collection(name),
                help=tr("common.sidebar_collection_help"),
            )
        if names:
            key = bind("snapshot", "f_snapshot", names[-1], choices=names)
            if st.session_state.get(key) not in names:
                st.session_state[key] = names[-1]
            labels = snapshot_labels(tr.lang, tuple(names))
            st.selectbox(tr("common.sidebar_snapshot"), names, key=key, format_func=labels.__getitem__)
        key = bind("country", "f_country", ALL, choices=(ALL, *geo.COUNTRIES))
        st.segmented_control(tr("common.sidebar_country"), (ALL, *geo.COUNTRIES), key=key, format_func=tr.country, selection_mode="single")
        country = st.session_state.get(key) or ALL
        counties = geo.county_codes(None if country == ALL else country)
        key = bind("county", "f_counties", [], choices=list(geo.ADMIN1), multi=True)
        st.session_state[key] = [c for c in st.session_state.get(key, []) if c in counties]
        st.multiselect(tr("common.sidebar_counties"), counties, key=key, format_func=geo.county_name, placeholder=tr("common.sidebar_all"))
        levels = [lvl for c in ((country,) if country != ALL else geo.COUNTRIES) for lvl in PROGRAMME_LEVELS[c]]
        key = bind("level", "f_programme", [], choices=[lvl for v in PROGRAMME_LEVELS.values() for lvl in v], multi=True)
        st.session_state[key] = [lvl for lvl in st.session_state.get(key, []) if lvl in levels]
        st.multiselect(tr("common.sidebar_programme"), levels, key=key, format_func=tr.programme, placeholder=tr("common.sidebar_all"))
        key = bind("status", "f_status", [], choices=metrics.STATUSES, multi=True)
        st.multiselect(tr("common.sidebar_status"), metrics.STATUSES, key=key, format_func=tr.status, placeholder=tr("common.sidebar_all"))
        st.divider()
        st.segmented_control(tr("common.sidebar_language"), LANGS, key="lang", format_func=str.upper, selection_mode="single")
        st.toggle(tr("common.sidebar_present"), key="present")
        kiosk.setup(tr)
        access.sidebar(tr)
        st.divider()
        st.caption(tr("common.share_link"), help=tr("common.share_link_help"))
        st.session_state.setdefault(links.BOXES, {})["link"] = st.empty()


def coverage_badge(snapshot: Snapshot, tr: Translator) -> str:
    """The coverage badge's words ("labels for 44 of 66 · ..."), kept per snapshot and language (View.cached's
    cache): every page draws it on every rerun."""
    return " · ".join(coverage_parts(snapshot.cached(coverage, snapshot), tr))


@functools.lru_cache(maxsize=64)
def snapshot_labels(lang: str, names: tuple[str, ...]) -> dict[str, str]:
    """The snapshot choices as dates in the reader's language ("1 March 2017"), worked out once per process
    for every session (the sidebar formats them on every rerun)."""
    tr = Translator(lang)
    return {name: tr.date(dt.date.fromisoformat(name)) for name in names}


# --------------------------------------------------------------------------- page_setup


def filter_to_county(county_code: str) -> None:
    """Make one county the shared filter (from a page's callback, e.g. a click on the map): its country too
    when another country was chosen.  The sidebar's filter keys are written here only."""
    st.session_state["f_counties"] = [county_code]
    if st.session_state.get("f_country") not in (ALL, None, geo.county_country(county_code)):
        st.session_state["f_country"] = geo.county_country(county_code)


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


_RUN = threading.local()  # through_app: start() ran in this script run (a run has one thread)


def page_setup(page: str) -> View | None:
    """Start a page: title, demo badge, notices; returns the View, or None when there is no data."""
    through_app = getattr(_RUN, "through_app", False)
    _RUN.through_app = False
    if legacy.leave_legacy_multipage_mode(through_app):
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
            st.error(tr("common.notice_unreachable_no_data", root=escape_markdown(catalog.root), since=since), icon=":material/cloud_off:")
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
    view = View(
        page, snapshot, previous, catalog, filters, tr, access_mode(), present, states_of(snapshot), filtered_clusters(snapshot, filters)
    )
    captions = [tr("common.snapshot_caption", date=tr.date(snapshot.as_of))]
    if snapshot.demo:
        st.badge(tr("common.demo_badge"), icon=":material/science:", color="orange")
    held = snapshot.cached(coverage, snapshot)
    st.badge(snapshot.cached(coverage_badge, snapshot, tr), icon=":material/fact_check:", color="green" if held.complete else "gray")
    if not filters.is_default():
        captions.append(tr("common.filters_active", text=describe_filters(filters, tr)))
    captions.append(tr("common.mode_public", n=metrics.MIN_GROUP) if view.public else tr("common.mode_adviser"))
    st.caption(" · ".join(captions))
    if catalog.unreachable:
        st.warning(tr("common.notice_unreachable", since=since, shown=tr.date(newest.as_of)), icon=":material/cloud_off:")
    if catalog.newest_is_refused:
        refused = max(catalog.refused, key=lambda r: r.name)
        st.warning(
            tr(
                "common.notice_refused",
                name=escape_markdown(refused.name),
                n=len(refused.problems),
                first=escape_markdown(refused.problems[0]) if refused.problems else "?",
                shown=tr.date(newest.as_of),
            ),
            icon=":material/warning:",
        )
    st.session_state.setdefault(links.BOXES, {})["notices"] = notices = st.container()
    with notices:
        _show_notices(tr)  # finish() adds those of the page's own bindings
    publish(keep_unbound=True)
    return view


def known_text(
    what: str, known: int, total: int, tr: Translator, *, country: str | None = None, shown: bool = True, one_level: bool = False
) -> str:
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
    if getattr(snapshot.manifest, "comparison_window", None) or metrics.comparison_window(snapshot) == metrics.WINDOW and snapshot.demo:
        return tr("common.window_stated")
    return tr("common.window_rule", months=metrics.RECENT_MONTHS)


def describe_filters(filters: Filters, tr: Translator) -> str:
    parts = [tr.country(c) for c in filters.countries]
    parts += [geo.county_name(c) for c in filters.counties]
    parts += [tr.programme(p) for p in filters.programme_levels]
    parts += [tr.status(s) for s in filters.statuses]
    return ", ".join(parts)


def _show_notices(tr: Translator) -> None:
    for key, values in st.session_state.pop(links.NOTICES, []):
        st.caption(f":material/info: {tr(key, **{name: escape_markdown(value) for name, value in values})}")


PRESENTER_CSS = presenter.PRESENTER_CSS
