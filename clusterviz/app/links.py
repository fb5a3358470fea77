"""Deep links: every piece of view state is *bound* to a query parameter with ``bind()``.

On the first run of a session the link's values seed the widgets (invalid values are ignored with a notice);
on every run the URL is rewritten from the widgets (``publish``), so it always reopens the same view - also
after a page switch, which clears the browser's query string.  The pages (PAGES) and their url paths live here
too: a link is a page plus its parameters.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Collection, Iterator
from typing import Any, Callable, Sequence

import streamlit as st
from streamlit.errors import StreamlitAPIException

from clusterviz.app import presenter

# key, file, url path, icon.  The first is the default page (served at "/").  Each url path equals its
# file's name: Streamlit serves the first session of a process in its legacy pages/-folder mode, which
# finds pages by file name (see app/legacy.py).
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
INITIAL = "_cv_initial_params"  # the link's query parameters, captured on the session's first run
NOTICES = "_cv_notices"
BOUND = "_cv_bound"  # query parameter name -> (state key, default, multi) for this run
LAST = "_cv_last"  # query parameter name -> the value the link last carried
BOXES = "_cv_boxes"  # this run's placeholders: the copy-link box (and the link it shows), the notices
PROVISIONAL = "_cv_provisional"  # state keys given a default before the link could be read
PAGE_KEY = "_cv_page"  # the key of the page this run shows


# --------------------------------------------------------------------------- query-param binding


def split_values(raw: str) -> list[str]:
    return [part for part in (p.strip() for p in raw.split(",")) if part]


def bind(
    name: str,
    key: str,
    default: Any,
    *,
    choices: Sequence[str] | Callable[[str], bool] | None = None,
    multi: bool = False,
    parse: Callable[[str], Any] | None = None,
) -> str:
    """Tie the widget (or state) ``key`` to the query parameter ``name`` and return ``key``.

    Seeds st.session_state[key] from the link on the first run that binds it (falling back to ``default``
    with a notice when the value is not allowed), and records the binding so ``publish()`` writes it back.
    A page's own widgets lose their state when the user moves to another page; coming back, the value the
    link last carried is restored (not the session's first link, not the default).
    """
    if INITIAL not in st.session_state:  # a page file run alone (Streamlit's legacy pages/ mode) before
        if key not in st.session_state:  # app.py's start(): a provisional default; the link is read when
            st.session_state[key] = default  # app.py runs
            st.session_state.setdefault(PROVISIONAL, set()).add(key)
        return key
    bound = st.session_state.setdefault(BOUND, {})
    bound[name] = (key, default, multi)
    seeded = st.session_state.setdefault("_cv_seeded", set())
    if name in seeded and key in st.session_state:
        _reassert(key)
        return key
    first = name not in seeded
    seeded.add(name)
    allowed = (lambda v: True) if choices is None else (choices if callable(choices) else (lambda v: v in choices))
    value = default
    initial = st.session_state.get(INITIAL, {})
    last = st.session_state.get(LAST, {})
    if not first and name in last:
        remembered = last[name]
        if remembered is not None and all(allowed(v) for v in (remembered if multi else [remembered])):
            value = list(remembered) if multi else remembered
    elif first and name in initial:
        raw = initial[name]
        try:
            candidates = split_values(raw) if multi else [raw.strip()]
            parsed = [parse(c) if parse else c for c in candidates]
            good = [v for v in parsed if allowed(v)]
            if len(good) < len(parsed) or (not multi and not good):
                notice("common.notice_bad_param", name=name, value=raw[:40])
            if good:
                value = list(dict.fromkeys(good)) if multi else good[0]
        except (ValueError, TypeError, AttributeError):
            notice("common.notice_bad_param", name=name, value=str(raw)[:40])
    if key not in st.session_state or key in st.session_state.get(PROVISIONAL, set()):
        st.session_state[key] = value
        st.session_state.get(PROVISIONAL, set()).discard(key)
    return key


def _reassert(key: str) -> None:
    """Hand a bound control its value again, as set by the script.  After a page switch the browser starts its
    widget state afresh while the server keeps the controls' values (Streamlit #6146; more often when a switch
    interrupts a run, #8425): the filters still applied, the sidebar showing none of them.  A value the script
    set is sent with the control, so the browser shows what the server holds (Streamlit's documented way to
    keep a widget's state across pages).  Once the control is drawn in this run its value can no longer be set,
    and then there is nothing to repair."""
    with contextlib.suppress(StreamlitAPIException):
        st.session_state[key] = st.session_state[key]


_FRAGMENT = threading.local()  # .own: the parameters whose controls the running fragment draws (widgets.section)


@contextlib.contextmanager
def fragment_owning(names: Collection[str] | None) -> Iterator[None]:
    """While a fragment (``widgets.section``) draws: ``names`` are the parameters whose controls it draws; every
    other one reads as the link last carried it (``bound_value``).  None: every one reads from its control."""
    outer = getattr(_FRAGMENT, "own", None)
    _FRAGMENT.own = None if names is None else frozenset(names)
    try:
        yield
    finally:
        _FRAGMENT.own = outer


def carried(name: str) -> Any:
    """The value the link last carried for the bound parameter ``name`` (None before it was published)."""
    return st.session_state.get(LAST, {}).get(name)


def bound_value(name: str) -> Any:
    """The bound parameter ``name`` as this run sees it: its control's value, except inside a fragment for a
    parameter whose control is outside it, which reads as the link last carried it.  A fragment's rerun cannot
    change such a value (a change there reruns the page), and Streamlit does not always hold the state of the
    sidebar's controls: in browser tests a run now and then read them all as empty (language, country) or as
    their first option (the oldest snapshot); in a fragment's rerun the link written from them then reopened
    another view than the one shown.  The cause was the browser's widget state, cleared on a page switch while
    the server kept the values; ``_reassert`` now sends each bound value with its control, and this guard stays
    as a second line for the link a fragment writes."""
    return _bound_values((name,))[name]


def _bound_values(names: Collection[str] | None = None) -> dict[str, Any]:
    """``bound_value`` of each of ``names`` (default: every bound parameter), reading the bindings and the
    last link once (each read of session state costs a lock and a check for a stop request; a publish reads
    two dozen values)."""
    state = st.session_state
    bound, last = state.get(BOUND, {}), state.get(LAST, {})
    own = getattr(_FRAGMENT, "own", None)
    values = {}
    for name in bound if names is None else names:
        key, default, _ = bound.get(name, (name, None, False))
        values[name] = last[name] if own is not None and name not in own and name in last else state.get(key, default)
    return values


def bound_params(values: dict[str, Any] | None = None) -> dict[str, str]:
    """The query parameters of the view as it is now: every bound value that differs from its default
    (``values``: the bound values already read, ``_bound_values``)."""
    values = _bound_values() if values is None else values
    params: dict[str, str] = {}
    for name, (_, default, multi) in st.session_state.get(BOUND, {}).items():
        value = values.get(name)
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
    _show_link(_write_query(keep_unbound=keep_unbound))


def publish_in_fragment() -> None:
    """``publish`` for a section that reruns alone (``st.fragment``, see ``widgets.section``, which calls it inside
    ``fragment_owning``): the query string and the values the link last carried follow the fragment's own
    controls, but nothing outside the fragment is drawn (the sidebar's copy-link box is refreshed by the next
    full run).  Parameters not bound yet are kept, as after ``page_setup``, so a section drawn before a later
    binding in a full run drops nothing."""
    _write_query(keep_unbound=True)


def _write_query(*, keep_unbound: bool) -> dict[str, str]:
    values = _bound_values()
    params = bound_params(values)
    last = st.session_state.setdefault(LAST, {})
    bound = st.session_state.get(BOUND, {})
    for name, (_, _, multi) in bound.items():
        value = values[name]
        last[name] = list(value) if multi and value is not None else value
    if keep_unbound:  # after the bound ones, as they will be once the page has bound them (the same link)
        params = {**params, **{k: v for k, v in st.query_params.items() if k not in bound}}
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)
    return params


def notice(key: str, **values) -> None:
    notes = st.session_state.setdefault(NOTICES, [])
    item = (key, tuple(sorted(values.items())))
    if item not in notes:
        notes.append(item)


def share_link(params: dict[str, str] | None = None) -> str:
    """The address that reopens the current view (this page with its parameters)."""
    url_path = dict((key, url) for key, _, url, _ in PAGES)[current_page()]
    return presenter.share_url(st.context.url, url_path, bound_params() if params is None else params, [url for *_, url, _ in PAGES])


def _show_link(params: dict[str, str]) -> None:
    """The copy-link box shows the link; drawn again only when the link changed since it was drawn in this run
    (a page publishes two or three times per run, mostly the same link)."""
    boxes = st.session_state.get(BOXES, {})
    box = boxes.get("link")
    if box is not None:
        url = share_link(params)
        if boxes.get("link_shown") != url:
            box.code(url, language=None, wrap_lines=True)
            boxes["link_shown"] = url


def current_page() -> str:
    """The key (as in PAGES) of the page this run shows."""
    return st.session_state.get(PAGE_KEY, PAGES[0][0])
