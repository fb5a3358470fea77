"""Kiosk mode: a screen in the hall that moves through the pages by itself (``?kiosk=N&pages=...``), and the
sidebar's dialog that starts one."""

from __future__ import annotations

import time

import streamlit as st

from clusterviz.app import presenter
from clusterviz.app.links import PAGES, bound_params, current_page
from clusterviz.text.i18n import DEFAULT_LANG, Translator

KIOSK_SECONDS = "kiosk_seconds"  # 0: no kiosk; else the page changes every so many seconds
_KIOSK_SINCE = "_cv_kiosk_since"  # when the page the kiosk shows was drawn (time.monotonic())
KIOSK_PAGES = "kiosk_pages"  # the pages the kiosk cycles through ([]: every page but "about")


def indicator() -> None:
    """When ``?kiosk=N`` is on: a small indicator at the top of the page (next page, stop button) that moves
    to the next page of the rotation every N seconds, carrying the shared filters in the link."""
    seconds = st.session_state.get(KIOSK_SECONDS) or 0
    if not seconds:
        return
    keys = [key for key, *_ in PAGES]
    following = presenter.next_page(presenter.rotation(st.session_state.get(KIOSK_PAGES) or [], keys), current_page())
    st.session_state[_KIOSK_SINCE] = time.monotonic()
    st.fragment(_kiosk_indicator, run_every=seconds)(seconds, following, bound_params())


def _kiosk_indicator(seconds: int, following: str, carry: dict[str, str]) -> None:
    """The kiosk's fragment: drawn with the page, then rerun by the browser's timer every ``seconds``."""
    if not st.session_state.get(KIOSK_SECONDS):  # stopped: redraw the whole page (and link) without it
        st.rerun()
    if time.monotonic() - st.session_state.get(_KIOSK_SINCE, 0.0) >= seconds - 1:
        st.switch_page(dict((key, path) for key, path, *_ in PAGES)[following], query_params=carry)
    tr = Translator(st.session_state.get("lang", DEFAULT_LANG))
    with st.container(horizontal=True, vertical_alignment="center", key="cv_kiosk", gap="small"):
        st.caption(f":material/slideshow: {tr('common.kiosk_running', page=tr(f'common.nav_{following}'), seconds=tr.integer(seconds))}")
        st.button(tr("common.kiosk_stop"), icon=":material/stop_circle:", key="kiosk_stop", type="tertiary", on_click=_stop_kiosk)


def _stop_kiosk() -> None:
    """Button callback: the fragment's next run sees the kiosk off and redraws the whole page."""
    st.session_state[KIOSK_SECONDS] = 0


def setup(tr: Translator) -> None:
    """Sidebar: start a kiosk (a screen in the hall) without writing the link by hand.  The form is a dialog,
    drawn only when its button is pressed: every rerun of every session draws one button, not an expander with
    three controls in it (a quarter of what the sidebar cost per rerun went into the kiosk's controls)."""
    st.button(tr("common.kiosk_setup"), icon=":material/slideshow:", key="kiosk_setup", type="tertiary", on_click=_open_kiosk_form)
    if st.session_state.pop(_KIOSK_FORM, False):
        st.dialog(tr("common.kiosk_setup"))(_kiosk_form)(tr)


_KIOSK_FORM = "_cv_kiosk_form"  # the kiosk button was pressed: open the dialog in this run


def _open_kiosk_form() -> None:
    st.session_state[_KIOSK_FORM] = True


def _kiosk_form(tr: Translator) -> None:
    """The kiosk dialog: seconds per page, the pages, start (the callback runs before the whole page reruns)."""
    keys = [key for key, *_ in PAGES]
    st.number_input(
        tr("common.kiosk_seconds"), presenter.KIOSK_MIN_SECONDS, presenter.KIOSK_MAX_SECONDS, 60, step=10, key="kiosk_setup_seconds"
    )
    st.multiselect(
        tr("common.kiosk_pages"),
        keys,
        key="kiosk_setup_pages",
        format_func=lambda key: tr(f"common.nav_{key}"),
        placeholder=tr("common.kiosk_pages_all"),
    )
    if st.button(tr("common.kiosk_start"), icon=":material/play_circle:", key="kiosk_start", on_click=_start_kiosk):
        st.rerun()  # close the dialog: the page is drawn again in presenter mode with the kiosk running


def _start_kiosk() -> None:
    """Button callback (runs before the script, so it may switch the presenter toggle on)."""
    st.session_state[KIOSK_SECONDS] = int(st.session_state.get("kiosk_setup_seconds") or 60)
    st.session_state[KIOSK_PAGES] = list(st.session_state.get("kiosk_setup_pages") or [])
    st.session_state["present"] = True
