"""app/widgets.py drawn through AppTest: a bound choice clicked off falls back to its default."""

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
