"""app/widgets.py drawn through AppTest: a bound choice clicked off falls back to its default; metric cards, a table
or chart or a note why not, the pager, a section (fragment) that writes the link itself."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def choice_app():
    import streamlit as st

    from clusterviz.app import widgets

    picked = widgets.choice("Horizon", ["3", "6", "12"], "horizon", "6")
    st.write(f"picked {picked}")


def test_a_choice_starts_at_its_default_and_a_cleared_one_returns_to_it():
    at = AppTest.from_function(choice_app).run()
    assert at.session_state["horizon"] == "6" and at.markdown[0].value == "picked 6"
    at.session_state["horizon"] = "12"
    at.run()
    assert at.markdown[0].value == "picked 12"
    at.session_state["horizon"] = None  # clicked off
    at.run()
    assert at.session_state["horizon"] == "6" and at.markdown[0].value == "picked 6"


def cards_app():
    from clusterviz.app import widgets

    widgets.metric_cards(
        [("Renewed", "24"), ("Not renewed", "31", "7 still renewable"), None, {"label": "Gold", "value": "6", "delta": 2}], per_row=2
    )
    widgets.metric_cards([None])  # nothing to show: nothing drawn, no error


def test_metric_cards_are_laid_out_in_rows_and_leave_out_none():
    at = AppTest.from_function(cards_app).run()
    assert not at.exception
    assert [(m.label, m.value) for m in at.metric] == [("Renewed", "24"), ("Not renewed", "31"), ("Gold", "6")]
    assert at.metric[1].proto.help == "7 still renewable" and at.metric[2].proto.delta == "2"
    assert len(at.columns) == 4  # two rows of two: the third card's row has an empty column


def table_app():
    import pandas as pd
    import streamlit as st

    from clusterviz.app import widgets
    from clusterviz.text.i18n import Translator

    rows = st.session_state.get("rows", 2)
    table = pd.DataFrame({"Cluster": [f"Arena {i}" for i in range(rows)]})
    widgets.table_or_note(table, "Nothing to show", Translator("en"), "clusters", "t")
    widgets.chart_or_note(None, "Too few to show a curve", "curve", Translator("en"), "c")


def test_a_table_comes_with_its_downloads_or_a_note_says_why_not():
    at = AppTest.from_function(table_app).run()
    assert len(at.dataframe[0].value) == 2 and [i.value for i in at.info] == ["Too few to show a curve"]
    assert {b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button")} == {"t_csv", "t_xlsx"}
    at.session_state["rows"] = 0
    at.run()
    assert not at.dataframe and not at.get("download_button")
    assert [i.value for i in at.info] == ["Nothing to show", "Too few to show a curve"]


def pager_app():
    import streamlit as st

    from clusterviz.app import widgets

    pages = st.session_state.get("pages", 3)
    st.session_state.setdefault("page", "1")
    labels = {str(n): f"Rows of page {n}" for n in range(1, pages + 1)}
    widgets.pager("page", labels, int(st.session_state["page"]), pages, ("Previous", "Rows", "Next"))


def test_the_pager_moves_by_its_buttons_and_its_choice_and_hides_for_one_page():
    at = AppTest.from_function(pager_app).run()
    assert at.button(key="page_previous").disabled and not at.button(key="page_next").disabled
    assert at.selectbox(key="page").options == ["Rows of page 1", "Rows of page 2", "Rows of page 3"]
    at.button(key="page_next").click().run()
    assert at.session_state["page"] == "2" and not at.button(key="page_previous").disabled
    at.selectbox(key="page").set_value("3").run()
    assert at.button(key="page_next").disabled
    at.button(key="page_previous").click().run()
    assert at.session_state["page"] == "2"
    at.session_state["pages"] = 1
    at.run()
    assert not at.button and not at.selectbox


def section_app():
    from types import SimpleNamespace

    import streamlit as st

    from clusterviz.app import links, widgets

    st.session_state.setdefault(links.INITIAL, {})
    key = links.bind("horizon", "horizon", "6", choices=("3", "6", "12"))
    view = SimpleNamespace(present=st.session_state.get("present", False))

    def watch(view, title):
        st.subheader(title)
        widgets.choice("Horizon", ["3", "6", "12"], key, "6")

    widgets.section(watch, view, "Watch-list", params=["horizon"])


def test_a_section_is_drawn_and_as_a_fragment_writes_the_link_itself():
    """A fragment's rerun does not reach ui.finish(), so the section rewrites the query string; in presenter mode
    it is drawn with the page, whose full run publishes the link (and the share box and QR code) at its end."""
    for present in (False, True):
        at = AppTest.from_function(section_app)
        at.session_state["present"] = present
        at.run()
        assert not at.exception and at.subheader[0].value == "Watch-list"
        assert "horizon" not in at.query_params  # the default is left out of the link
        at.segmented_control(key="horizon").set_value("12").run()
        assert at.query_params.get("horizon") in ((None,) if present else ("12", ["12"])), present


def owning_app():
    import streamlit as st

    from clusterviz.app import links

    st.session_state.setdefault(links.INITIAL, {})
    links.bind("horizon", "horizon", "6")
    links.bind("country", "country", "ALL")
    if st.session_state.get("lost"):  # how a control outside a fragment may read during the fragment's rerun
        st.session_state["country"] = None
    else:
        links.publish()
    with links.fragment_owning(["horizon"]):
        st.write(f"inside: {links.bound_value('country')} {links.bound_value('horizon')} {links.bound_params()}")
    st.write(f"outside: {links.bound_value('country')}")


def test_inside_a_fragment_a_parameter_it_does_not_draw_reads_as_the_link_last_carried_it():
    at = AppTest.from_function(owning_app)
    at.session_state["country"] = "NO"
    at.run()
    assert at.markdown[0].value == "inside: NO 6 {'country': 'NO'}"
    at.session_state["lost"] = True
    at.session_state["horizon"] = "12"
    at.run()
    assert at.markdown[0].value == "inside: NO 12 {'horizon': '12', 'country': 'NO'}"  # its own value, the link's country
    assert at.markdown[1].value == "outside: None"
