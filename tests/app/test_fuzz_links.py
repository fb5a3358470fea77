"""Hostile input through the browser: fuzzed links, markup in the data, no uploads.

1. Links: hypothesis (fixed seed, a bounded number of examples per page) opens every page with query
   parameters made of the app's own keys with garbage values (very long, unicode, right-to-left overrides,
   HTML/JavaScript, Markdown, commas, empty, numbers, dates out of range, '../', null bytes, repeated keys)
   and unknown keys.  The page never raises, falls back to the default view, says which link value it
   ignored, and that notice shows the value as typed: no Markdown in it is interpreted.
2. Markup in the data: validation refuses '<' and '>' in names but not Markdown.  A copy of the bundled
   snapshots whose cluster, town, collaboration and event names carry Markdown (bold, a javascript: link,
   a colour directive, LaTeX) is served; on every page such a name is never rendered as Markdown (escaped
   where it appears in a caption, label or text) and the tables and charts show it as typed.
3. Uploads: no page has a file, camera or audio input; the server limits uploads anyway; the app's code
   never enables raw HTML.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import unicodedata
from pathlib import Path

import pytest
from conftest import PAGE_FILES, ROOT, open_app
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from clusterviz.app import links, presenter, ui
from clusterviz.data import geo, store
from clusterviz.data.snapshot import AREAS, PROGRAMME_LEVELS, write_snapshot
from clusterviz.figures import cluster as profile
from clusterviz.figures import comparison, comparison_peers, competence, metrics, renewals_timeline
from clusterviz.figures import map as mapdata
from clusterviz.figures import renewals as renewal
from clusterviz.text import i18n
from tests.support.payload import collect, markdown_texts, rendered, rerun, unescaped_markup

DATA_ROOT = str(ROOT / "data" / "snapshots")
CATALOG = store.scan(DATA_ROOT)
NEWEST = CATALOG.newest.name
PAGE_KEYS = [key for key, *_ in ui.PAGES]
UPLOADS = {"file_uploader", "camera_input", "audio_input", "chat_input"}


# --------------------------------------------------------------------------- what the app accepts


def _one_of(choices):
    return lambda raw: raw.strip() in choices


def _each_of(choices):
    return lambda raw: all(part in choices for part in links.split_values(raw))


def _parses(parse):
    def ok(raw: str) -> bool:
        try:
            parse(raw.strip())
        except (ValueError, TypeError, AttributeError):
            return False
        return True

    return ok


_newest = store.load(CATALOG.newest.location)
SHARED = {  # query parameter -> (is the value accepted?, multi-valued?)
    "lang": (_one_of(i18n.LANGS), False),
    "present": (_one_of(("0", "1")), False),
    "kiosk": (_parses(presenter.kiosk_seconds), False),
    "pages": (_each_of(PAGE_KEYS), True),
    "data": (_one_of(list(store.collections())), False),
    "snapshot": (_one_of([e.name for e in CATALOG.valid]), False),
    "country": (_one_of((ui.ALL, *geo.COUNTRIES)), False),
    "county": (_each_of(geo.ADMIN1), True),
    "level": (_each_of([lvl for v in PROGRAMME_LEVELS.values() for lvl in v]), True),
    "status": (_each_of(metrics.STATUSES), True),
}
PAGE_PARAMS = {  # each page's own parameters (grep ui.bind in pages/); None: the choices depend on the data
    "overview": {},
    "about": {},
    "map": {
        "cluster": (_one_of(set(_newest.clusters["cluster_id"])), False),
        "sel_county": (_one_of(geo.ADMIN1), False),
        "measure": (_one_of(mapdata.MEASURES), False),
        "basemap": (_one_of(("0", "1")), False),
    },
    "collaboration": {"collab": (_one_of(set(_newest.collaborations["collaboration_id"])), False)},
    "renewals": {
        "horizon": (_one_of(renewal.HORIZONS), False),
        "sort": (_one_of(renewals_timeline.SORTS), False),
        "scope": (_one_of(renewals_timeline.SCOPES), False),
        "timeline_page": (lambda raw: renewals_timeline.is_page_number(raw.strip()), False),
        "since": (None, False),
    },
    "comparison": {
        "peer": (_one_of(comparison_peers.PUBLIC_PEER_KINDS), False),
        "focus": (None, False),
        "window": (_one_of(comparison.WINDOWS), False),
    },
    "cluster": {
        "cluster": (_one_of(set(_newest.clusters["cluster_id"])), False),
        "q": (lambda raw: len(raw.strip()) <= profile.MAX_QUERY, False),
    },
    "competence": {
        "period": (_one_of(competence.PERIODS), False),
        "by": (_one_of(competence.GROUPINGS), False),
        "from": (_parses(dt.date.fromisoformat), False),
        "to": (_parses(dt.date.fromisoformat), False),
        "area": (_one_of(AREAS), False),
    },
}
DEFAULTS = {  # query parameter -> (state key, the default view's value)
    "lang": ("lang", i18n.DEFAULT_LANG),
    "present": ("present", False),
    "kiosk": (ui.KIOSK_SECONDS, 0),
    "snapshot": ("f_snapshot", NEWEST),
    "country": ("f_country", ui.ALL),
    "horizon": ("renewals_horizon", "6"),
    "sort": ("renewals_sort", "county"),
    "scope": ("renewals_scope", "all"),
    "timeline_page": ("renewals_page", "1"),
    "measure": ("map_measure", "valid"),
    "peer": ("cmp_peer_kind", "county"),
    "window": ("cmp_window", "data"),
    "period": ("competence_period", "window"),
    "by": ("competence_by", "country"),
}


def known_params(page: str) -> dict:
    return {**SHARED, **PAGE_PARAMS[page]}


def test_every_page_and_every_bound_parameter_is_covered():
    """A page (or a ui.bind) added later must be added here too, or its link goes unfuzzed."""
    assert set(PAGE_PARAMS) == set(PAGE_KEYS)
    for key, path, *_ in ui.PAGES:
        sections = ROOT / "clusterviz" / "app" / "sections" / f"{key}.py"  # a page's sections may bind their own controls
        source = (ROOT / path).read_text(encoding="utf-8") + (sections.read_text(encoding="utf-8") if sections.exists() else "")
        bound = set(re.findall(r"ui\.bind\(\s*\"(\w+)\"", source))
        assert bound == set(PAGE_PARAMS[key]), (path, bound)
    shared = set(re.findall(r"bind\(\s*\"(\w+)\"", (ROOT / "clusterviz" / "app" / "ui.py").read_text(encoding="utf-8")))
    assert shared == set(SHARED)


# --------------------------------------------------------------------------- garbage

HOSTILE = [
    "",
    " ",
    ",",
    ",,,",
    "0",
    "-1",
    "1e309",
    "NaN",
    "None",
    "null",
    "true",
    "ALL",
    "all",
    "NO,DK",
    "18,18,18",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "**bold** _it_",
    "[link](javascript:alert(1))",
    "![img](https://evil.example/x.png)",
    ":red[red]",
    ":material/warning:",
    "$x^2$",
    "`code`",
    "# heading",
    "- item",
    "1. item",
    "> quote",
    "| a | b |",
    "~~strike~~",
    "&lt;b&gt;",
    "www.evil.example",
    "x@evil.example",
    "<https://evil.example>",
    "\u202eevil\u202c",
    "\u2066RTL\u2069",
    "\u200b",
    "مرحبا",
    "שלום",
    "😀",
    "Æøå ÆØÅ",
    "\x00",
    "a\x00b",
    "../../etc/passwd",
    "..\\..\\windows",
    "%00",
    "%2e%2e%2f",
    "{lang}",
    "{0}",
    "%s%s%s",
    "'; DROP TABLE x; --",
    "0000-00-00",
    "9999-12-31",
    "1900-01-01",
    "2017-02-30",
    "2017-13-01",
    "1999-99-99",
    "-0001-01-01",
    "99999999999999999999",
    "3.14159",
    "1,2,3,4,5,6,7,8,9,10",
    "\n\n",
    "\t",
    "a\nb",
]


def _long(draw_text: str, times: int) -> str:
    return (draw_text or "x") * times


garbage = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.builds(_long, st.text(min_size=1, max_size=8), st.integers(200, 3000)),
    st.integers(-(10**15), 10**15).map(str),
    st.floats().map(str),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(dt.date.isoformat),
    st.lists(st.sampled_from(HOSTILE + ["NO", "18", "gold", "nb", "about"]), min_size=2, max_size=6).map(",".join),
)
value = st.one_of(garbage, st.lists(garbage, min_size=2, max_size=3))  # a list: a repeated key
unknown_key = st.one_of(
    st.sampled_from(["embed", "embed_options", "mode", "adviser", "page", "x", "__proto__", "lang[]", "county%5B%5D", "LANG", " lang"]),
    st.text(min_size=1, max_size=20),
)


def link(page: str):
    known = st.dictionaries(st.sampled_from(sorted(known_params(page))), value, max_size=5)
    unknown = st.dictionaries(unknown_key.filter(lambda k: k not in known_params(page)), value, max_size=2)
    return st.builds(lambda a, b: {**b, **a}, known, unknown)


# --------------------------------------------------------------------------- one visit


def open_page(page_file: str, params: dict):
    """AppTest of app.py opened at ``page_file`` with the link ``params`` (lists: repeated keys), the way a
    browser opens a shared link: the page is the first one the session runs (each page's url path is its
    file name, so AppTest can find it before st.navigation has run)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, val in params.items():
        at.query_params[key] = val
    if page_file != PAGE_FILES[0]:
        at.switch_page(page_file)
    at.run()
    return at


def _shown(raw: str) -> str:
    """How a notice shows a raw value: its first 40 characters, whitespace runs as one space, control and
    bidirectional-override characters dropped."""
    text = " ".join(raw[:40].split())
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))


def notices(at) -> list[str]:
    prefixes = (i18n.t("common.notice_bad_param", lang).split(":")[0] for lang in i18n.LANGS)
    marks = tuple(prefixes)
    return [c.value for c in at.caption if any(m in c.value for m in marks)]


def check_visit(page_key: str, at, params: dict) -> None:
    """The properties every visit must have, whatever the link."""
    assert not at.exception, [e.value for e in at.exception]
    lang = at.session_state["lang"]
    assert lang in i18n.LANGS
    assert [t.value for t in at.title][:1] == [i18n.t(f"common.nav_{page_key}", lang)]
    sent = collect(at)
    assert not (sent.element_types & UPLOADS)
    bidi = re.compile("[\u202a-\u202e\u2066-\u2069]")
    assert not [t for _, t in sent.texts if bidi.search(t)], "a bidirectional override reached the page"

    known = known_params(page_key)
    shown_notices = notices(at)
    for note in shown_notices:
        value_part = note.split("=", 1)[1] if "=" in note else note
        assert not unescaped_markup(value_part), (note, unescaped_markup(value_part))
    readable = [rendered(n) for n in shown_notices]
    delivered = at.session_state["_cv_initial_params"]  # the link as the app received it (the last of
    for name in params:  # a repeated key; blank values are dropped)
        if name not in known:
            assert not any(f": {name}=" in n for n in readable), f"unknown parameter {name!r} got a notice"
            continue
        if name not in delivered:
            continue
        raw = delivered[name]
        accepted, multi = known[name]
        if accepted is None or accepted(raw) or (multi and not links.split_values(raw)):
            continue
        assert any(f"{name}={_shown(raw)}" in n for n in readable), (name, raw, readable)
        if name in DEFAULTS:
            state_key, default = DEFAULTS[name]
            assert at.session_state[state_key] == default, (name, raw, at.session_state[state_key])
    for key in ("f_counties", "f_programme", "f_status"):
        assert isinstance(at.session_state[key], list)
    assert set(at.session_state["f_counties"]) <= set(geo.ADMIN1)
    assert at.session_state["f_country"] in (ui.ALL, *geo.COUNTRIES)


FUZZ = settings(
    derandomize=True,
    max_examples=10,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)


def _fuzz_test(page_key: str, page_file: str):
    @pytest.mark.slow
    @FUZZ
    @given(params=link(page_key))
    @example(
        params={
            "lang": "[x](javascript:alert(1))",
            "country": "**NO**",
            "county": "18,<script>,:red[x]",
            "snapshot": "../../2017-03-01",
            "status": ["gold", "\x00"],
            "mode": "adviser",
        }
    )
    @example(
        params={
            "lang": "\u202een",
            "present": "1" * 5000,
            "kiosk": "5",
            "pages": "about,../x",
            "level": "$x$,gce",
            "embed": "true",
            "": "x",
        }
    )
    def test(params):
        at = open_page(page_file, params)
        check_visit(page_key, at, params)
        rerun(at)  # the next run (a widget change) is as calm
        assert not at.exception, [e.value for e in at.exception]

    test.__name__ = f"test_hostile_links_on_{page_key}"
    return test


for _key, _path, *_ in ui.PAGES:
    globals()[f"test_hostile_links_on_{_key}"] = _fuzz_test(_key, _path)


def test_a_markdown_value_in_a_notice_reads_as_typed(app_test):
    hostile = "**b** [x](javascript:alert(1)) :red[r] $m$"
    at = app_test(PAGE_FILES[0], lang="en", country=hostile)
    shown = notices(at)
    assert len(shown) == 1
    assert rendered(shown[0]).endswith(f"country={hostile[:40]}")
    assert not unescaped_markup(shown[0].split("=", 1)[1])


# --------------------------------------------------------------------------- markup in the data

MARK = "**fet** _kursiv_ [lenke](javascript:alert(1)) :red[rød] $z^2$"
MARK_PIECES = ("**fet**", "_kursiv_", "[lenke](javascript", ":red[rød]", "$z^2$", "_by_")


def _marked(text: str, limit: int = 200) -> str:
    return f"{text} {MARK}"[:limit] if len(text) + len(MARK) < limit else f"{text[: limit - len(MARK) - 1]} {MARK}"


@pytest.fixture(scope="module")
def marked_root(tmp_path_factory) -> Path:
    """The bundled snapshots with Markdown in every name a page may show and in each manifest's source
    (validation allows it)."""
    from clusterviz.data import validate

    root = tmp_path_factory.mktemp("markup") / "snapshots"
    for entry in CATALOG.valid:
        snapshot = store.load(entry.location)
        frames = {
            name: getattr(snapshot, name).copy()
            for name in ("clusters", "assessments", "collaborations", "collaboration_members", "events")
        }
        frames["clusters"]["name"] = frames["clusters"]["name"].map(_marked)
        frames["clusters"]["home_town"] = frames["clusters"]["home_town"].map(lambda t: f"{t} _by_")
        for column in ("name", "region", "description"):
            if column in frames["collaborations"]:
                frames["collaborations"][column] = frames["collaborations"][column].map(
                    lambda t: t if t is None or t != t else _marked(str(t))
                )
        for column in ("name", "place"):
            frames["events"][column] = frames["events"][column].map(_marked)
        write_snapshot(root, snapshot.as_of, frames, source=_marked(snapshot.manifest.source), demo=snapshot.demo)
    catalog = store.scan(str(root))
    assert [e.name for e in catalog.valid] == [e.name for e in CATALOG.valid], [
        (r.name, [str(p) for p in r.problems[:3]]) for r in catalog.refused
    ]
    snapshot, problems = validate.read_snapshot(str(root / NEWEST))
    assert snapshot is not None and MARK in snapshot.clusters["name"].iloc[0]
    return root


def _marked_views():
    """Each page, and the views of it where names are most likely to reach a caption or label; in adviser
    mode too, where the comparison page names clusters (public mode shows no names there)."""
    members = _newest.collaboration_members
    views = [(path, {}, False) for path in PAGE_FILES]
    views += [
        ("pages/map.py", {"cluster": str(members["cluster_id"].iloc[0])}, False),
        ("pages/map.py", {"sel_county": "18"}, False),
        ("pages/map.py", {"cluster": str(members["cluster_id"].iloc[0])}, True),
        ("pages/collaboration.py", {"collab": str(_newest.collaborations["collaboration_id"].iloc[-1])}, False),
        ("pages/collaboration.py", {}, True),
        ("pages/comparison.py", {"peer": "cluster"}, True),
        ("pages/renewals.py", {"horizon": "12", "sort": "expiry"}, False),
        ("pages/competence.py", {"period": "latest"}, False),
        ("pages/competence.py", {}, True),
        ("pages/cluster.py", {"cluster": str(members["cluster_id"].iloc[0])}, False),
        ("pages/cluster.py", {"cluster": str(members["cluster_id"].iloc[0])}, True),
        ("pages/cluster.py", {"q": "demo"}, False),
    ]
    return views


NAMES_SHOWN = {"pages/map.py", "pages/collaboration.py", "pages/renewals.py", "pages/competence.py", "pages/about.py"}
NAMES_SHOWN_WITH_A_LINK = {
    "pages/cluster.py"
}  # names only once a cluster or a search is in the link      # (about: the snapshot's source, from its manifest)


def open_as(page: str, params: dict, adviser: bool):
    """``page`` opened with ``params`` in English (in adviser mode: the session flag set before the page runs)."""
    return open_app(page, {"lang": "en", **params}, adviser=adviser)


@pytest.mark.slow
@pytest.mark.parametrize(
    "page, params, adviser",
    _marked_views(),
    ids=[f"{p.split('/')[-1][:-3]}-{'-'.join(map(str, v.values())) or 'default'}{'-adviser' if a else ''}" for p, v, a in _marked_views()],
)
def test_markup_in_names_renders_as_text(marked_root, monkeypatch, page, params, adviser):
    monkeypatch.setenv("CLUSTERVIZ_DATA", str(marked_root))
    at = open_as(page, params, adviser)
    assert not at.exception, [e.value for e in at.exception]
    assert any("Adviser mode" in c.value for c in at.caption) == adviser
    interpreted = [(kind, text) for kind, text in markdown_texts(at) if any(p in text for p in MARK_PIECES)]
    assert not interpreted, "names rendered as Markdown:\n" + "\n".join(f"{k}: {t[:300]!r}" for k, t in interpreted)
    sent = collect(at)
    as_typed = [t for _, t in sent.texts if MARK in t] + [
        v for r in sent.records for v in r.fields.values() if isinstance(v, str) and MARK in v
    ]
    escaped = [t for _, t in markdown_texts(at) if MARK in rendered(t)]
    if page in NAMES_SHOWN or adviser or (page in NAMES_SHOWN_WITH_A_LINK and params):
        assert as_typed or escaped, "no marked name reached this view, so it proves nothing"


# --------------------------------------------------------------------------- uploads and raw HTML


@pytest.mark.parametrize("page", PAGE_FILES)
def test_no_page_takes_uploads(app_test, page):
    at = app_test(page, lang="en")
    assert not at.exception
    assert not (collect(at).element_types & UPLOADS)


def test_the_server_refuses_uploads_and_hides_tracebacks():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] <= 5
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["toolbarMode"] == "viewer"


def test_no_code_enables_raw_html_or_uploads():
    sources = [*(ROOT / "clusterviz").rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "app.py"]
    offenders = []
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for pattern in (
            r"unsafe_allow_html\s*=\s*True",
            r"\bfile_uploader\(",
            r"\bcamera_input\(",
            r"\baudio_input\(",
            r"components\.v1\.html\(",
            r"\bst\.components",
        ):
            if re.search(pattern, text):
                offenders.append(f"{path.relative_to(ROOT)}: {pattern}")
        for call in re.findall(r"st\.html\(([^)]*)\)", text):  # st.html only with the app's own CSS
            if call.strip() not in ("PRESENTER_CSS", "presenter.PRESENTER_CSS", "theme.LAYOUT_CSS"):
                offenders.append(f"{path.relative_to(ROOT)}: st.html({call})")
    assert not offenders, offenders
