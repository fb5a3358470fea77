"""Workshop use: deep links on every page, the copy-link box, presenter mode, kiosk mode and the language switch.

The browser clears its query string when the user moves to another page through the sidebar; AppTest keeps
it, so ``nav_to`` clears it first, as the browser would.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import PAGE_FILES, ROOT

from clusterviz.app import presenter, ui
from clusterviz.app.presenter import kiosk_seconds, next_page, rotation, share_url
from clusterviz.data import geo
from clusterviz.text import i18n

PAGE_KEYS = [key for key, *_ in ui.PAGES]
URL_PATHS = {key: url for key, _, url, _ in ui.PAGES}
FILES = {key: path for key, path, *_ in ui.PAGES}
SHARED_LINK = {
    "snapshot": "2016-03-01",
    "country": "NO",
    "county": "18",
    "level": "arena",
    "status": "bronze",
    "lang": "en",
    "present": "1",
}
SHARED_STATE = {
    "f_snapshot": "2016-03-01",
    "f_country": "NO",
    "f_counties": ["18"],
    "f_programme": ["arena"],
    "f_status": ["bronze"],
    "lang": "en",
    "present": True,
}


@pytest.fixture
def open_link():
    """AppTest of a pasted link: the very first run is on the linked page, as in a browser (the app_test
    fixture runs the default page first, which would show that page the link's notices)."""
    from streamlit.testing.v1 import AppTest

    def make(page: str, **link):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params.update(link)
        if page != PAGE_FILES[0]:
            at.switch_page(page)  # before the first run AppTest finds the page by its file name
        at.run()
        if (
            page != PAGE_FILES[0]
            and at.title
            and at.title[0].value != i18n.t(f"common.nav_{next(k for k, f in FILES.items() if f == page)}", at.session_state["lang"])
        ):
            at.switch_page(page).run()  # the page's url path is not its file name: reach it from the default page
        return at

    return make


def params(at) -> dict[str, str]:
    """at.query_params as plain strings (AppTest may hold a value as a one-element list)."""
    return {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}


def nav_to(at, page_file: str):
    """Move to another page the way the sidebar navigation does: the browser drops the query string."""
    for name in list(at.query_params):
        del at.query_params[name]
    at.switch_page(page_file)
    at.run()
    return at


def notices(at) -> list[str]:
    return [c.value for c in at.caption if "Ignored an invalid link value" in c.value or "Ignorerte" in c.value]


def no_exception(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


# --------------------------------------------------------------------------- pure helpers


def test_share_url_strips_an_old_query_string_and_the_previous_page_path():
    paths = [url for url in URL_PATHS.values()]
    renewals, collaboration = URL_PATHS["renewals"], URL_PATHS["collaboration"]
    assert (
        share_url(f"http://host:8501/{collaboration}?county=18&x=1#top", renewals, {"county": "18,50"}, paths)
        == f"http://host:8501/{renewals}?county=18,50"
    )
    assert share_url("https://klynger.example.no/app/", "", {"lang": "en"}, paths) == "https://klynger.example.no/app/?lang=en"
    assert share_url("http://host", renewals, {}, paths) == f"http://host/{renewals}"


def test_share_url_without_a_browser_address_is_relative_and_escapes_values():
    assert share_url(None, "map", {"county": "18", "cluster": "Bodø & co"}) == "/map?county=18&cluster=Bod%C3%B8%20%26%20co"
    assert share_url("", "", {}) == "/"


@pytest.mark.parametrize("raw, seconds", [("60", 60), (" 10 ", 10), ("600", 600)])
def test_kiosk_seconds_accepts_whole_seconds_within_bounds(raw, seconds):
    assert kiosk_seconds(raw) == seconds


@pytest.mark.parametrize("raw", ["9", "601", "0", "-60", "1.5", "abc", "", "60s"])
def test_kiosk_seconds_refuses_everything_else(raw):
    with pytest.raises(ValueError):
        kiosk_seconds(raw)


def test_kiosk_rotation_keeps_the_chosen_order_and_wraps_round():
    pages = rotation(["comparison", "map", "nonsense", "map"], PAGE_KEYS)
    assert pages == ["comparison", "map"]
    assert next_page(pages, "comparison") == "map"
    assert next_page(pages, "map") == "comparison"
    assert next_page(pages, "about") == "comparison", "from a page outside the rotation, start at its beginning"


def test_kiosk_rotation_defaults_to_every_page_but_about_and_the_cluster_profile():
    pages = rotation([], PAGE_KEYS)
    assert pages == [k for k in PAGE_KEYS if k not in ("about", "cluster")]
    assert rotation(["about"], PAGE_KEYS) == ["about"], "asked for by name, 'about' may be shown"
    with pytest.raises(ValueError):
        next_page([], "map")


def test_high_contrast_darkens_chart_text_and_keeps_the_rest():
    import altair as alt
    import pandas as pd

    from clusterviz.charts.base import base_config

    chart = base_config(alt.Chart(pd.DataFrame({"n": [1, 2]})).mark_bar().encode(x="n"), present=True)
    before = chart.to_dict()
    dark = presenter.high_contrast(chart).to_dict()
    assert chart.to_dict() == before, "the (possibly cached) chart itself is not changed"
    assert dark["config"]["axis"]["labelColor"] == dark["config"]["legend"]["titleColor"] == presenter.PRESENTER_INK["light"]
    assert dark["config"]["axis"]["labelFontSize"] == before["config"]["axis"]["labelFontSize"]
    assert dark["config"]["title"]["anchor"] == "start" and dark["config"]["title"]["color"] == presenter.PRESENTER_INK["light"]
    bare = presenter.high_contrast(alt.Chart(pd.DataFrame({"n": [1]})).mark_point().encode(x="n")).to_dict()
    assert bare["config"]["axis"]["titleColor"] == presenter.PRESENTER_INK["light"]


def test_presenter_css_is_constant_and_hides_the_clutter():
    css = presenter.PRESENTER_CSS
    assert css.startswith("<style>") and css.endswith("</style>") and "<script" not in css
    for testid in ("stMetricValue", "stToolbarActions", "stMainMenu", "stStatusWidget", "stElementToolbar"):
        assert testid in css
    assert "stExpandSidebarButton" not in css, "the presenter must still be able to open the sidebar"


# --------------------------------------------------------------------------- deep links, every page


@pytest.mark.parametrize("page", PAGE_FILES)
def test_link_reproduces_the_shared_filters_on_every_page(open_link, page):
    at = open_link(page, **SHARED_LINK)
    no_exception(at)
    for key, value in SHARED_STATE.items():
        assert at.session_state[key] == value, key
    shown = params(at)
    for name, value in SHARED_LINK.items():
        assert shown.get(name) == value, f"the link written back lost {name}"
    page_key = next(k for k, f in FILES.items() if f == page)
    assert at.title[0].value == i18n.t(f"common.nav_{page_key}", "en")
    link = at.sidebar.code[-1].value
    assert link.startswith(f"/{URL_PATHS[page_key]}?") and "county=18" in link and "present=1" in link
    assert not notices(at)


@pytest.mark.parametrize("page", PAGE_FILES)
def test_malformed_link_gives_a_notice_and_the_default_view(open_link, page):
    at = open_link(page, country="SE", level="arena,<b>x</b>", status="platinum", snapshot="2017-13-01", present="yes", kiosk="5")
    no_exception(at)
    shown = notices(at)
    for name in ("country", "level", "status", "snapshot", "present", "kiosk"):
        assert any(f"{name}=" in n for n in shown), (name, shown)
    assert at.session_state["f_country"] == ui.ALL
    assert at.session_state["f_status"] == []
    assert at.session_state["f_snapshot"] == "2017-03-01", "the newest snapshot is the default"
    assert at.session_state["present"] is False
    assert at.session_state[ui.KIOSK_SECONDS] == 0
    assert params(at).get("level") == "arena", "the good part of a list is kept"
    assert not {"country", "status", "snapshot", "present", "kiosk"} & set(params(at)), params(at)


def test_changing_the_sidebar_widgets_rewrites_the_link(app_test):
    at = app_test(FILES["renewals"])
    assert params(at) == {}
    at.sidebar.segmented_control(key="f_country").set_value("DK").run()
    region = geo.county_codes("DK")[0]
    at.sidebar.multiselect(key="f_counties").set_value([region]).run()
    at.sidebar.multiselect(key="f_status").set_value(["gold", "silver"]).run()
    at.sidebar.toggle(key="present").set_value(True).run()
    at.sidebar.segmented_control(key="lang").set_value("en").run()
    no_exception(at)
    shown = params(at)
    assert shown["country"] == "DK"
    assert shown["county"] == region
    assert shown["status"] == "gold,silver"
    assert shown["present"] == "1" and shown["lang"] == "en"
    at.sidebar.segmented_control(key="f_country").set_value(ui.ALL).run()
    assert "country" not in params(at), "a default value leaves the link"


def test_the_link_survives_a_page_switch_through_the_sidebar(app_test):
    at = app_test(None, country="NO", county="18", lang="en", present="1")
    nav_to(at, FILES["about"])
    no_exception(at)
    assert at.title[0].value == "About the data"
    assert params(at) == {"country": "NO", "county": "18", "lang": "en", "present": "1"}
    nav_to(at, FILES["overview"])
    assert params(at) == {"country": "NO", "county": "18", "lang": "en", "present": "1"}


def test_copy_link_uses_the_browser_address_for_the_current_page(app_test):
    at = app_test(FILES["about"], country="DK")
    at.context = {"url": f"http://workshop.example:8501/{URL_PATHS['about']}?country=NO"}
    at.run()
    assert at.sidebar.code[-1].value == f"http://workshop.example:8501/{URL_PATHS['about']}?country=DK"


# --------------------------------------------------------------------------- page-specific bindings


def test_renewals_link_reopens_the_horizon_and_sort_and_writes_changes_back(app_test):
    at = app_test(FILES["renewals"], horizon="12", sort="expiry", lang="en")
    no_exception(at)
    assert at.session_state["renewals_horizon"] == "12"
    assert at.session_state["renewals_sort"] == "expiry"
    assert params(at)["horizon"] == "12" and params(at)["sort"] == "expiry"
    assert "horizon=12" in at.sidebar.code[-1].value, "the copy-link box carries the page's own parameters"
    at.session_state["renewals_horizon"] = "3"
    at.run()
    assert params(at)["horizon"] == "3"


def test_a_page_remembers_its_own_state_when_the_user_comes_back(app_test):
    at = app_test(FILES["renewals"], horizon="12")
    at.session_state["renewals_horizon"] = "3"
    at.run()
    nav_to(at, FILES["overview"])
    assert "horizon" not in params(at), "another page's parameters do not leak into this page's link"
    nav_to(at, FILES["renewals"])
    assert at.session_state["renewals_horizon"] == "3", "not the first link's 12, not the default 6"
    assert params(at)["horizon"] == "3"


def test_a_bad_page_parameter_gives_the_notice_on_its_first_run(open_link):
    at = open_link(FILES["renewals"], horizon="99", lang="en")
    no_exception(at)
    assert any("horizon=99" in n for n in notices(at))
    assert at.session_state["renewals_horizon"] == "6"
    assert "horizon" not in params(at)


def test_map_link_reopens_the_selected_cluster_measure_and_basemap(open_link):
    at = open_link(FILES["map"], cluster="NO-058", measure="lapsed", basemap="1", lang="en")
    no_exception(at)
    assert at.session_state["map_cluster"] == "NO-058"
    assert at.session_state["map_measure"] == "lapsed"
    assert at.session_state["map_basemap"] is True
    assert {k: params(at)[k] for k in ("cluster", "measure", "basemap")} == {"cluster": "NO-058", "measure": "lapsed", "basemap": "1"}
    assert any("Laksesenteret" in str(df.value.to_dict()) for df in at.dataframe), "the cluster's panel is open"
    at.segmented_control(key="map_measure").set_value("share_valid").run()
    at.toggle(key="map_basemap").set_value(False).run()
    no_exception(at)
    assert params(at)["measure"] == "share_valid" and "basemap" not in params(at)


def test_map_link_with_a_selected_county_and_an_unknown_cluster(open_link):
    at = open_link(FILES["map"], sel_county="18", cluster="NO-999", lang="en")
    no_exception(at)
    assert any("cluster=NO-999" in n for n in notices(at))
    assert at.session_state["map_county"] == "18" and params(at)["sel_county"] == "18"
    assert "cluster" not in params(at)


def test_renewals_since_snapshot_and_horizon_control(open_link):
    at = open_link(FILES["renewals"], since="2015-03-01", horizon="3")
    no_exception(at)
    assert at.session_state["renewals_since"] == "2015-03-01"
    assert params(at)["since"] == "2015-03-01"
    at.segmented_control(key="renewals_horizon").set_value("12").run()
    assert params(at)["horizon"] == "12"
    at.selectbox(key="renewals_since").set_value("2016-03-01").run()
    assert params(at)["since"] == "2016-03-01"


def test_comparison_link_reopens_the_peer_group_and_writes_changes_back(open_link):
    at = open_link(FILES["comparison"], peer="programme", focus="nce", lang="en")
    no_exception(at)
    assert at.session_state["cmp_peer_kind"] == "programme"
    assert at.session_state["cmp_focus"] == "nce"
    assert at.selectbox(key="cmp_focus").value == "nce"
    assert params(at)["peer"] == "programme" and params(at)["focus"] == "nce"
    at.selectbox(key="cmp_focus").set_value("gce").run()
    assert params(at)["focus"] == "gce"
    at.segmented_control(key="cmp_peer_kind").set_value("county").run()
    no_exception(at)
    assert "peer" not in params(at), "county is the default peer group"


def test_comparison_refuses_a_peer_group_of_single_clusters_in_public_view(open_link):
    at = open_link(FILES["comparison"], peer="cluster", lang="en")
    no_exception(at)
    assert any("peer=cluster" in n for n in notices(at)), "single clusters are not a public peer group"
    assert at.session_state["cmp_peer_kind"] == "county"


def test_collaboration_link_reopens_the_collaboration_and_writes_changes_back(open_link):
    at = open_link(FILES["collaboration"], collab="nord-norge-quality")
    no_exception(at)
    assert at.session_state["collab"] == "nord-norge-quality"
    assert params(at)["collab"] == "nord-norge-quality"
    at.selectbox(key="collab").set_value("nordland-pilot-2016").run()
    assert "collab" not in params(at), "the Nordland pilot is the default"
    at.selectbox(key="collab").set_value("nord-norge-quality").run()
    assert params(at)["collab"] == "nord-norge-quality"


def test_competence_link_reopens_period_grouping_and_area(open_link):
    at = open_link(FILES["competence"], period="custom", **{"from": "2015-01-01", "to": "2016-06-30"}, by="county", area="services")
    no_exception(at)
    assert at.session_state["competence_period"] == "custom"
    assert at.session_state["competence_from"] == dt.date(2015, 1, 1)
    assert at.session_state["competence_to"] == dt.date(2016, 6, 30)
    assert at.session_state["competence_by"] == "county"
    assert at.session_state["competence_area"] == "services"
    assert {k: params(at)[k] for k in ("period", "from", "to", "by", "area")} == {
        "period": "custom",
        "from": "2015-01-01",
        "to": "2016-06-30",
        "by": "county",
        "area": "services",
    }
    at.segmented_control(key="competence_by").set_value("country").run()
    at.pills(key="competence_area").set_value("financing").run()
    no_exception(at)
    assert "by" not in params(at) and params(at)["area"] == "financing"


def test_competence_bad_date_in_the_link_gives_the_notice(open_link):
    at = open_link(FILES["competence"], period="custom", **{"from": "2015-02-30"}, lang="en")
    no_exception(at)
    assert any("from=2015-02-30" in n for n in notices(at))
    assert "from" not in params(at)


# --------------------------------------------------------------------------- exports

# Charts drawn without PNG/SVG export, and why: legends only explain a map next to them, and the renewals
# Gantt has one row per cluster, far too tall to be squeezed onto a 16:9 slide.
CHARTS_WITHOUT_EXPORT = ("legend", "renewals_timelines")


@pytest.mark.parametrize("page", PAGE_FILES)
def test_every_table_shown_has_csv_and_excel_downloads(app_test, page):
    at = app_test(page, lang="en")
    no_exception(at)
    buttons = [b.proto.id for b in at.get("download_button")]
    csv = [b for b in buttons if b.endswith("_csv")]
    xlsx = [b for b in buttons if b.endswith("_xlsx")]
    assert len(csv) == len(xlsx) >= len(at.dataframe), (len(at.dataframe), buttons)


@pytest.mark.parametrize("page", PAGE_FILES)
def test_every_chart_has_png_and_svg_export(page):
    source = (ROOT / page).read_text(encoding="utf-8")
    direct = [line.strip() for line in source.splitlines() if "altair_chart(" in line]
    unexplained = [line for line in direct if not any(reason in line for reason in CHARTS_WITHOUT_EXPORT)]
    assert not unexplained, f"draw these with ui.chart(...) so they get PNG/SVG downloads: {unexplained}"


# Charts that are only a map's legend (drawn next to the map, nothing to put on a slide alone): no export.
LEGEND_CHARTS = {"pages/map.py": 2, "pages/collaboration.py": 1}


def _charts_and_their_next(node) -> list:
    """For every chart drawn, the element drawn right after it in the same block."""
    found = []
    kids = list(getattr(node, "children", {}).values())
    for i, kid in enumerate(kids):
        if getattr(kid, "type", "") == "vega_lite_chart":
            found.append(kids[i + 1] if i + 1 < len(kids) else None)
        found.extend(_charts_and_their_next(kid))
    return found


@pytest.mark.parametrize("page", PAGE_FILES)
def test_every_chart_has_its_export_button_and_the_dialog_offers_png_and_svg(app_test, page):
    """Each chart (legends aside) is followed by one export button; the first one's dialog holds the PNG and
    SVG downloads (nothing else on the page registers an image download)."""
    at = app_test(page, lang="en")
    no_exception(at)
    following = _charts_and_their_next(at._tree)
    exports = [getattr(n, "key", "") for n in following if getattr(n, "type", "") == "button" and str(n.key).endswith("_export")]
    assert len(following) - len(exports) == LEGEND_CHARTS.get(page, 0), [getattr(n, "type", None) for n in following]
    assert not [b for b in at.get("download_button") if b.proto.label in ("PNG", "SVG")]
    if exports:
        at.button(key=exports[0]).click().run()
        no_exception(at)
        stem = exports[0].removesuffix("_export")
        assert [b.key for b in at.get("download_button") if b.proto.label in ("PNG", "SVG")] == [f"{stem}_png", f"{stem}_svg"]


# --------------------------------------------------------------------------- presenter and kiosk


def test_presenter_mode_loads_the_stylesheet_and_bigger_charts(app_test):
    plain = app_test()
    at = app_test(present="1")
    no_exception(at)
    styles = [h.proto.body for h in at.get("html")]
    assert presenter.PRESENTER_CSS in styles
    assert presenter.PRESENTER_CSS not in [h.proto.body for h in plain.get("html")]
    import json

    def axis(a):
        return json.loads(a.get("vega_lite_chart")[0].proto.spec)["config"]["axis"]

    assert axis(at)["labelFontSize"] > axis(plain)["labelFontSize"]
    assert axis(at)["labelColor"] == presenter.PRESENTER_INK["light"], "chart text at full contrast"
    assert "labelColor" not in axis(plain), "outside presenter mode the theme's colours stay"


def test_kiosk_link_shows_the_indicator_and_stop_ends_it(app_test):
    at = app_test(FILES["map"], kiosk="60", pages="map,renewals", present="1", lang="en")
    no_exception(at)
    assert at.session_state[ui.KIOSK_SECONDS] == 60
    assert at.session_state[ui.KIOSK_PAGES] == ["map", "renewals"]
    assert any("changes page every 60 s – next: Renewals" in c.value for c in at.caption)
    assert params(at)["kiosk"] == "60" and params(at)["pages"] == "map,renewals"
    at.button(key="kiosk_stop").click().run()
    no_exception(at)
    assert at.session_state[ui.KIOSK_SECONDS] == 0
    assert not any("changes page every" in c.value for c in at.caption)
    assert "kiosk" not in params(at) and params(at)["present"] == "1"


def test_kiosk_without_chosen_pages_cycles_through_all_but_about(app_test, open_link):
    at = app_test(FILES["competence"], kiosk="30")
    assert any("neste: Oversikt" in c.value for c in at.caption), "after the last view it wraps to the first"
    at = open_link(FILES["about"], kiosk="30", pages="about,nowhere")
    assert any("pages=about,nowhere" in n for n in notices(at))
    assert at.session_state[ui.KIOSK_PAGES] == ["about"]


def test_kiosk_can_be_started_from_the_sidebar(app_test):
    at = app_test(FILES["overview"], lang="en")
    assert not at.number_input  # the form is a dialog, drawn only when its sidebar button is pressed
    at.sidebar.button(key="kiosk_setup").click().run()
    at.number_input(key="kiosk_setup_seconds").set_value(20)
    at.multiselect(key="kiosk_setup_pages").set_value(["overview", "comparison"])
    at.button(key="kiosk_start").click().run()
    no_exception(at)
    assert at.session_state["present"] is True
    assert params(at)["kiosk"] == "20" and params(at)["pages"] == "overview,comparison"
    assert any("every 20 s – next: Norway–Denmark" in c.value for c in at.caption)


# --------------------------------------------------------------------------- language


def test_navigation_titles_follow_the_language(app_test):
    at = app_test(None)

    def titles():
        return {info["page_name"] for info in at._registered_pages.values()}  # what st.navigation registered

    assert {i18n.t(f"common.nav_{k}", "nb") for k in PAGE_KEYS} == titles()
    at.sidebar.segmented_control(key="lang").set_value("en").run()
    assert {i18n.t(f"common.nav_{k}", "en") for k in PAGE_KEYS} == titles()
    assert at.title[0].value == "Overview"


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_workshop_strings_exist_in_both_languages(app_test, lang):
    i18n.MISSING.clear()
    at = app_test(FILES["overview"], lang=lang, kiosk="30", present="1")
    no_exception(at)
    assert not i18n.MISSING, sorted(i18n.MISSING)
    texts = [c.value for c in at.caption] + [e.label for e in at.sidebar.expander]
    expected = {"nb": ("Kiosk: skifter side", "Lenke til denne visningen"), "en": ("Kiosk: changes page", "Link to this view")}
    for text in expected[lang]:
        assert any(text in t for t in texts), text
