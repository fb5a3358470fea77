"""Controls and blocks several pages draw the same way (pages lay out; these draw one piece each)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st


def choice(label: str, options: Sequence[str], key: str, default: str, *, format_func: Callable = str, where=st, **kwargs) -> str:
    """One of ``options`` as a segmented control bound to ``key`` (see ``links.bind``) that cannot end up
    empty: a control clicked off (Streamlit's segmented control allows it) is set back to ``default``."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = default
    picked = where.segmented_control(label, options, key=key, selection_mode="single", format_func=format_func, **kwargs)
    return picked or default


def section(draw: Callable, view, *args, **kwargs) -> None:
    """``draw(view, *args, **kwargs)`` as a fragment (``st.fragment``): a control inside it reruns this section
    only, not the page (the section keeps the link with ``links.publish_in_fragment()``).  In presenter mode the
    section is drawn as part of the page, so every change is a full rerun and the sidebar's share link stays true."""
    if view.present:
        draw(view, *args, **kwargs)
    else:
        st.fragment(draw)(view, *args, **kwargs)


def metric_row(cards: Sequence[tuple], columns: int | Sequence[float] | None = None, *, delta_color: str = "off") -> None:
    """A row of bordered ``st.metric`` cards, one per ``(label, value, help)`` or ``(label, value, help, delta)``
    item (help and delta may be None); ``columns``: how many columns or their widths (default one per card)."""
    for column, (label, value, help_text, *delta) in zip(st.columns(columns or len(cards)), cards):
        column.metric(label, value, delta[0] if delta else None, delta_color=delta_color, help=help_text, border=True)  # type: ignore[arg-type]


def table_expander(label: str, frame, basename: str, tr, key: str, *, shown=None, icon: str | None = None) -> None:
    """An expander holding a table and its CSV/Excel downloads: ``frame`` is downloaded, ``shown`` (default
    ``frame``, e.g. its numbers formatted for the reader) is drawn."""
    from clusterviz.app.downloads import download_buttons

    with st.expander(label, icon=icon):
        st.dataframe(frame if shown is None else shown, hide_index=True, width="stretch")
        download_buttons(frame, basename, tr, key)
