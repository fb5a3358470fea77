"""The workaround for Streamlit's legacy ``pages/`` mode (tests/unit/test_legacy.py fails when Streamlit changes it).

The project keeps its page files in ``pages/`` next to ``app.py`` (its fixed shape); Streamlit sees that folder
and serves the first session(s) of a process in its old multipage mode, where a page file runs without app.py.
"""

from __future__ import annotations


def leave_legacy_multipage_mode(through_app: bool) -> bool:
    """True when this run was started by Streamlit's legacy multipage mode, after switching it off.

    Streamlit decides per process, before any of our code runs, that an app with a pages/ folder is a
    legacy (v1) app; the first session then runs a page file directly, without app.py, and a page URL it
    cannot match shows a "Page not found" dialog. Our st.navigation call turns the mode off for good, so
    only the runs that started before that are affected: the page asks for a rerun, which goes through
    app.py.  That is every session whose first run began before the mode was off (a restarted server
    reached by many open tabs at once), not just the first one, so the test is whether start() ran
    (``through_app``).
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        return True
    return not through_app
