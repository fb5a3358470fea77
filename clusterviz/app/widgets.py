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


def section(draw: Callable, view, *args, **kwargs) -> None:
    """Draw one section of a page, ``draw(view, *args, **kwargs)``, as a fragment (issue 19): a control inside it
    reruns that section alone, and the link follows it (``links.publish_in_fragment``).  In presenter mode it is
    drawn with the page (full reruns), so the sidebar's share link and QR code stay true.  A control whose change
    must redraw more than its section asks for a full rerun itself (``st.rerun()`` in its callback)."""
    if view.present:
        draw(view, *args, **kwargs)
    else:
        st.fragment(_linked_section)(draw, view, *args, **kwargs)


def _linked_section(draw: Callable, view, *args, **kwargs) -> None:
    """The fragment ``section`` runs: the section, then the query string rewritten from the bound state."""
    draw(view, *args, **kwargs)
    links.publish_in_fragment()


def metric_cards(cards: Sequence, *, per_row: int | None = None, widths: int | Sequence[float] | None = None) -> None:
    """Bordered st.metric cards in rows of ``per_row`` (all in one row by default; ``widths`` as st.columns
    takes them).  A card is ``(label, value)``, ``(label, value, help)`` or a dict of st.metric's arguments
    (``delta``, ``delta_color``, ...); None leaves it out.  No cards: nothing is drawn."""
    shown = [card if isinstance(card, dict) else dict(zip(("label", "value", "help"), card)) for card in cards if card is not None]
    size = per_row or len(shown) or 1  # no cards (e.g. every group hidden by the filters): no row, not range(0, 0, 0)
    for start in range(0, len(shown), size):
        for column, card in zip(st.columns(widths or size), shown[start : start + size]):
            column.metric(border=True, **card)


def table_expander(label: str, frame, basename: str, tr, key: str, *, shown=None, icon: str | None = None) -> None:
    """An expander holding a table and its CSV/Excel downloads: ``frame`` is downloaded, ``shown`` (default
    ``frame``, e.g. its numbers formatted for the reader) is drawn."""
    with st.expander(label, icon=icon):
        st.dataframe(frame if shown is None else shown, hide_index=True, width="stretch")
        downloads.download_buttons(frame, basename, tr, key)
