"""app/widgets.py drawn through AppTest: a bound choice clicked off falls back to its default; a section is a
fragment except in presenter mode; metric cards; a table in an expander with its downloads.  And links.publish_in_fragment:
the link follows, nothing outside is written."""

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
