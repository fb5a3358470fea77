"""Streamlit's legacy pages/ mode and the workaround in clusterviz/app/legacy.py.

This fails when Streamlit changes how it decides the mode (then the workaround needs a look): a main script
with a pages/ folder beside it is a legacy multipage app, decided once per process on PagesManager."""

from streamlit.runtime.pages_manager import PagesManager

from clusterviz.app import legacy


def test_streamlit_marks_an_app_with_a_pages_folder_as_legacy_once_per_process(tmp_path, monkeypatch):
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "overview.py").write_text("")
    (tmp_path / "app.py").write_text("")
    PagesManager(str(tmp_path / "app.py"))
    assert PagesManager.uses_pages_directory is True  # the process-wide switch the workaround turns off


def test_the_workaround_turns_the_mode_off_and_asks_for_a_rerun(monkeypatch):
    monkeypatch.setattr(PagesManager, "uses_pages_directory", True)
    assert legacy.leave_legacy_multipage_mode(through_app=True) is True  # legacy run: go through app.py
    assert PagesManager.uses_pages_directory is False
    assert legacy.leave_legacy_multipage_mode(through_app=True) is False  # then: a normal run
    assert legacy.leave_legacy_multipage_mode(through_app=False) is True  # a page run without app.py
