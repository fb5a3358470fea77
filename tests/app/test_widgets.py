"""app/widgets.py drawn through AppTest: a bound choice clicked off falls back to its default; a section is a
fragment except in presenter mode and writes the link itself; metric cards (in rows); a table in an expander with
its downloads, a table or chart or a note why not; the pager.  And links.publish_in_fragment: the link follows,
nothing outside is written; inside a fragment a parameter it does not draw reads as the link last carried it."""

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


def section_app():
    import streamlit as st

    from clusterviz.app import widgets

    class View:
        present = bool(st.session_state.get("present"))

    def part(view, word):
        st.write(f"{word}, presenting: {view.present}")

    widgets.section(part, View(), "drawn")


def test_a_section_is_a_fragment_unless_presenting(monkeypatch):
    import streamlit as st

    wrapped = []
    real = st.fragment
    monkeypatch.setattr(st, "fragment", lambda fn, **kwargs: wrapped.append(fn) or real(fn, **kwargs))
    at = AppTest.from_function(section_app).run()
    assert [m.value for m in at.markdown] == ["drawn, presenting: False"] and len(wrapped) == 1
    at.session_state["present"] = True
    at.run()
    assert [m.value for m in at.markdown] == ["drawn, presenting: True"] and len(wrapped) == 1  # drawn, not wrapped


def cards_app():
    import pandas as pd
    import streamlit as st

    from clusterviz.app import widgets
    from clusterviz.text.i18n import Translator

    widgets.metric_cards(
        [("Members", "7"), {"label": "Valid until", "value": "1 March 2019", "help": "the label's end", "delta": "in 2 years"}]
    )
    widgets.metric_cards([None])  # nothing to show (every group hidden by the filters): no row, no error
    frame = pd.DataFrame({"share": [0.25, 0.5]})
    widgets.table_expander("The table", frame, "shares", Translator("en"), "shares", shown=frame.assign(share=["25 %", "50 %"]))
    st.write("end")


def test_metric_cards_and_a_table_in_an_expander_with_its_downloads():
    at = AppTest.from_function(cards_app).run()
    assert not at.exception, [e.value for e in at.exception]
    cards = [(m.label, m.value, m.help or None, m.delta or None) for m in at.metric]
    assert cards == [("Members", "7", None, None), ("Valid until", "1 March 2019", "the label's end", "in 2 years")]
    assert [e.label for e in at.expander] == ["The table"]
    assert not at.dataframe and not at.get("download_button")  # closed: the table is not drawn (nor sent)
    at.session_state["shares_open"] = True  # what opening it in the browser sets, then a rerun
    at.run()
    assert list(at.dataframe[0].value["share"]) == ["25 %", "50 %"]  # shown formatted; the downloads take the frame
    assert {b.key for b in at.get("download_button")} == {"shares_csv", "shares_xlsx"}


def publish_app():
    import streamlit as st

    from clusterviz.app import links

    st.session_state.setdefault(links.INITIAL, {})
    st.session_state[links.BOUND] = {}
    st.session_state[links.BOXES] = {"link": st.empty()}
    links.bind("peer", "peer_kind", "county")
    links.publish_in_fragment()


def test_publish_in_a_fragment_sets_the_link_and_writes_nothing_outside():
    at = AppTest.from_function(publish_app).run()
    assert dict(at.query_params) == {}
    at.session_state["peer_kind"] = "sector"
    at.run()
    assert at.query_params["peer"] in ("sector", ["sector"])
    assert at.session_state["_cv_last"]["peer"] == "sector"  # a page switch brings it back
    assert not at.code, "the copy-link box (created outside the fragment) was written"


def cards_in_rows_app():
    from clusterviz.app import widgets

    widgets.metric_cards(
        [("Renewed", "24"), ("Not renewed", "31", "7 still renewable"), None, {"label": "Gold", "value": "6", "delta": 2}], per_row=2
    )
    widgets.metric_cards([None])  # nothing to show: nothing drawn, no error


def _rows_of_cards(at) -> list[list[str]]:
    """The metric labels of each horizontal container holding metrics, in order."""

    def walk(node):
        children = list(getattr(node, "children", {}).values())
        metrics = [child.label for child in children if getattr(child, "type", "") == "metric"]
        if metrics:
            yield metrics
        for child in children:
            yield from walk(child)

    return list(walk(at._tree))


def test_metric_cards_are_laid_out_in_rows_and_leave_out_none():
    at = AppTest.from_function(cards_in_rows_app).run()
    assert not at.exception
    assert [(m.label, m.value) for m in at.metric] == [("Renewed", "24"), ("Not renewed", "31"), ("Gold", "6")]
    assert at.metric[1].proto.help == "7 still renewable" and at.metric[2].proto.delta == "2"
    assert _rows_of_cards(at) == [["Renewed", "Not renewed"], ["Gold"]]  # rows of two, None left out
    assert not at.columns, "a row of cards is one horizontal container (wrapping on a phone), not a column per card"


def cards_in_columns_app():
    from clusterviz.app import widgets

    widgets.metric_cards([("Expiring", "16"), ("In grace", "7")], widths=[1, 1, 2])


def test_metric_cards_with_widths_keep_their_columns():
    """Given widths (two cards in the first half of the row), the cards keep st.columns' proportions."""
    at = AppTest.from_function(cards_in_columns_app).run()
    assert len(at.columns) == 3 and [m.label for m in at.columns[0].metric] == ["Expiring"]
    assert [c.proto.weight for c in at.columns] == [0.25, 0.25, 0.5]


def chart_app():
    import altair as alt
    import pandas as pd

    from clusterviz.app import downloads
    from clusterviz.text.i18n import Translator

    chart = alt.Chart(pd.DataFrame({"n": [1, 2]})).mark_bar().encode(x="n:Q")
    downloads.chart(chart, "Norway / Denmark", Translator("en"), "c")


def test_a_chart_has_one_export_button_whose_dialog_offers_png_and_svg_for_slides(monkeypatch):
    """One button under the chart; the downloads are drawn only in its dialog (three elements fewer per chart on
    every first render than a popover with two buttons), made when clicked, on white at slide size."""
    from tests.support.payload import DownloadRecorder

    recorder = DownloadRecorder(monkeypatch)
    at = AppTest.from_function(chart_app).run()
    assert not at.exception and len(at.get("vega_lite_chart")) == 1
    assert [(b.key, b.label) for b in at.button] == [("c_export", "Download chart")]
    assert not at.get("download_button") and not recorder.made, "nothing registered before the dialog is opened"
    at.button(key="c_export").click().run()
    assert not at.exception
    assert [(b.key, b.label) for b in at.get("download_button")] == [("c_png", "PNG"), ("c_svg", "SVG")]
    assert any("16:9" in c.value for c in at.caption)
    files = dict(recorder.payload(b.proto.deferred_file_id) for b in at.get("download_button"))
    assert set(files) == {"Norway---Denmark.png", "Norway---Denmark.svg"}
    assert files["Norway---Denmark.png"][:8] == b"\x89PNG\r\n\x1a\n"
    svg = files["Norway---Denmark.svg"].decode()
    assert svg.startswith("<svg") and 'fill="white"' in svg
    at.run()
    assert not at.get("download_button"), "another run closes the dialog"


def test_a_presenters_chart_export_keeps_full_contrast_ink_on_white(monkeypatch):
    from clusterviz.app import presenter
    from tests.support.payload import DownloadRecorder

    recorder = DownloadRecorder(monkeypatch)
    at = AppTest.from_function(chart_app)
    at.session_state["present"] = True
    at.run()
    at.button(key="c_export").click().run()
    svg = dict(recorder.payload(b.proto.deferred_file_id) for b in at.get("download_button"))["Norway---Denmark.svg"].decode()
    assert f'fill="{presenter.PRESENTER_INK["light"]}"' in svg and 'fill="white"' in svg


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


def linked_section_app():
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
        at = AppTest.from_function(linked_section_app)
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
