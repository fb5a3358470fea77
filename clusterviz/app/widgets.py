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
