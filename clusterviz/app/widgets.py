"""Controls and blocks several pages draw the same way (pages lay out; these draw one piece each)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from clusterviz.app import downloads, links


def choice(label: str, options: Sequence[str], key: str, default: str, *, format_func: Callable = str, where=st, **kwargs) -> str:
    """One of ``options`` as a segmented control bound to ``key`` (see ``links.bind``) that cannot end up
    empty: a control clicked off (Streamlit's segmented control allows it) is set back to ``default``."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = default
    picked = where.segmented_control(label, options, key=key, selection_mode="single", format_func=format_func, **kwargs)
    return picked or default


def section(draw: Callable, view, *args, params: Sequence[str] | None = None, **kwargs) -> None:
    """Draw one section of a page, ``draw(view, *args, **kwargs)``, as a fragment (issue 19): a control inside it
    reruns that section alone, and the link follows it (``links.publish_in_fragment``).  ``params``: the link
    parameters whose controls the section draws; given, the section reads every other one as the link last
    carried it (``links.bound_value``: Streamlit does not always hold the state of a control outside a fragment
    during its rerun).  In presenter mode the section is drawn with the page (full reruns), so the sidebar's
    share link and QR code stay true.  A control whose change must redraw more than its section asks for a full
    rerun itself (``st.rerun()`` in its callback)."""
    if view.present:
        draw(view, *args, **kwargs)
    else:
        st.fragment(_linked_section)(draw, view, params, *args, **kwargs)


def _linked_section(draw: Callable, view, params: Sequence[str] | None, *args, **kwargs) -> None:
    """The fragment ``section`` runs: the section, then the query string rewritten from the bound state."""
    with links.fragment_owning(params):
        draw(view, *args, **kwargs)
        links.publish_in_fragment()


def metric_cards(cards: Sequence, *, per_row: int | None = None, widths: int | Sequence[float] | None = None) -> None:
    """Bordered st.metric cards in rows of ``per_row`` (all in one row by default; ``widths`` as st.columns
    takes them).  A card is ``(label, value)``, ``(label, value, help)`` or a dict of st.metric's arguments
    (``delta``, ``delta_color``, ...); None leaves it out.  No cards: nothing is drawn."""
    shown = [card if isinstance(card, dict) else dict(zip(("label", "value", "help"), card)) for card in cards if card is not None]
    size = per_row or len(shown) or 1  # no cards (e.g. every group hidden by the filters): no row, not range(0, 0, 0)
    for start in range(0, len(shown), size):
        row = shown[start : start + size]
        if widths is None:  # cards sharing the row: one wrapping row, one element (columns were one per card more)
            with st.container(horizontal=True):
                for card in row:
                    st.metric(border=True, **card)
        else:
            for column, card in zip(st.columns(widths), row):
                column.metric(border=True, **card)


def table(frame, *, where=st, **kwargs) -> None:
    """A table without its index across the width, drawn from Arrow made once while the frame (from
    ``View.cached``/``View.build``) is kept (``downloads.arrow_once``); no downloads."""
    where.dataframe(downloads.arrow_once(frame), hide_index=True, width="stretch", **kwargs)


def table_or_note(frame, note: str, tr, file: str, key: str, *, cluster_ids=None, **kwargs) -> None:
    """A table with its CSV/Excel downloads (of exactly the rows shown), or ``note`` when it has no rows.  With
    ``cluster_ids`` (in the rows' order) every row links to its cluster's profile (``downloads.cluster_table``)."""
    if frame.empty:
        st.info(note)
        return
    if cluster_ids is None:
        table(frame, **kwargs)
    else:
        downloads.cluster_table(frame, cluster_ids, tr, **kwargs)
    downloads.download_buttons(frame, file, tr, key)


def chart_or_note(chart, note: str, file: str, tr, key: str) -> None:
    """An Altair chart with its PNG/SVG downloads (``downloads.chart``), or ``note`` saying why there is none
    (``chart`` None: too few to show)."""
    if chart is None:
        st.info(note)
    else:
        downloads.chart(chart, file, tr, key)


def pager(key: str, labels: dict[str, str], number: int, pages: int, words: tuple[str, str, str]) -> None:
    """Previous / a choice of pages / next, bound to ``key`` (the page number as text; ``labels``: page number
    -> what the choice shows; ``words``: the previous, choice and next labels).  Drawn only when there is more
    than one page; the buttons are ``{key}_previous`` and ``{key}_next``."""
    if pages <= 1:
        return
    previous, choice_label, following = words
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.button(
            previous,
            icon=":material/chevron_left:",
            key=f"{key}_previous",
            disabled=number == 1,
            on_click=go_to_page,
            args=(key, number - 1),
        )
        st.selectbox(choice_label, list(labels), key=key, format_func=lambda number: labels[number], width=280)
        st.button(
            following,
            icon=":material/chevron_right:",
            icon_position="right",
            key=f"{key}_next",
            disabled=number == pages,
            on_click=go_to_page,
            args=(key, number + 1),
        )


def go_to_page(key: str, number: int) -> None:
    """Callback: the pager bound to ``key`` shows page ``number`` (a pager's buttons; another order or scope
    starts from page 1).  A callback, so it runs before the pager is drawn."""
    st.session_state[key] = str(number)


def table_expander(label: str, frame, basename: str, tr, key: str, *, shown=None, icon: str | None = None) -> None:
    """An expander holding a table and its CSV/Excel downloads: ``frame`` is downloaded, ``shown`` (default
    ``frame``, e.g. its numbers formatted for the reader) is drawn.  The table and its buttons are drawn only
    once the expander is opened (``{key}_open``; opening it reruns the page, or the fragment it is in): closed,
    as every reader finds it, it is one element, where the table and its download row were four more on every
    first render of every session (issue 19)."""
    box = st.expander(label, icon=icon, key=f"{key}_open", on_change="rerun")
    if box.open:
        with box:
            table(frame if shown is None else shown)
            downloads.download_buttons(frame, basename, tr, key)
