"""Confidentiality: in public mode (the default) no page sends an individual cluster's score to the browser.

Every page in ``ui.PAGES`` is run under AppTest with several shared filters (none, one country, a county,
counties so small that a group average would be one cluster's score, a label status, an older snapshot),
and then with each of its own controls set to each choice.  Everything the run sends is gathered by
``tests/support/payload.py`` (element texts, dataframe and chart data, pydeck layers and tooltips, every CSV/Excel
download) and searched for leaks:

1. a record (table row, chart datum, map object) that names a cluster (its id or name) and holds one of
   that cluster's individual scores (quality index or an area score, any assessment) as a value;
2. a record that names a cluster and has a score field at all (quality_index, area_*, index, score, mean,
   the translated "Quality index" / area headings);
3. a table that is about one cluster only (a fact sheet: one row per fact) holding one of its scores;
4. a text (caption, markdown, metric, tooltip string) that names a cluster and writes one of its scores;
5. any record with a raw score column (quality_index, area_*): individual values even without a name;
6. a group figure (a record with a score field) for a group of fewer than ``metrics.MIN_GROUP`` clusters.

Scores are written with one decimal, so a match is an exact one-decimal value (63.6, "63,6", "63.6");
integers (counts, years, days) are never taken for scores.  The sanity tests prove the detector fires on
adviser mode, where the pages show individual scores on purpose.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import pytest
from conftest import PAGE_FILES, ROOT, open_app

from clusterviz.data import store
from clusterviz.data.snapshot import AREA_COLUMNS, AREAS
from clusterviz.figures import metrics, renewals_timeline
from clusterviz.figures import renewals as renewal
from clusterviz.figures.sample import comparison_sample
from clusterviz.text import i18n
from tests.support.payload import DownloadRecorder, Record, Sent, as_score, collect, numbers_in, rerun

DATA_ROOT = str(ROOT / "data" / "snapshots")
SCORE_COLUMNS = ("quality_index", *AREA_COLUMNS)


# --------------------------------------------------------------------------- what counts as a leak


@dataclass(frozen=True)
class Known:
    """Every cluster of every bundled snapshot: its id, name and individual scores (one decimal)."""

    names: dict[str, str]  # cluster_id -> name
    scores: dict[str, frozenset[float]]  # cluster_id -> every quality_index / area_* value it ever had
    pattern: re.Pattern  # finds cluster ids and names inside a text

    def clusters_in(self, text: str) -> set[str]:
        found = set()
        for match in self.pattern.finditer(text):
            token = match.group(0)
            found.add(self.by_token[token])
        return found

    @functools.cached_property
    def by_token(self) -> dict[str, str]:
        tokens = {cid: cid for cid in self.names}
        tokens.update({name: cid for cid, name in self.names.items()})
        return tokens


@functools.cache
def known(root: str = DATA_ROOT) -> Known:
    """The clusters and scores of every valid snapshot under ``root`` (the bundled data unless told)."""
    catalog = store.scan(root)
    names: dict[str, str] = {}
    scores: dict[str, set[float]] = {}
    for entry in catalog.valid:
        snapshot = store.load(entry.location)
        names.update(zip(snapshot.clusters["cluster_id"], snapshot.clusters["name"]))
        long = snapshot.assessments.melt(id_vars="cluster_id", value_vars=list(SCORE_COLUMNS)).dropna()
        for cid, value in zip(long["cluster_id"], long["value"]):
            scores.setdefault(cid, set()).add(round(float(value), 1))
    tokens = sorted({*names, *names.values()}, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, tokens)) + r")(?![\w-])")
    return Known(names, {cid: frozenset(v) for cid, v in scores.items()}, pattern)


def _translations(key: str) -> set[str]:
    return {i18n.t(key, lang).strip().lower() for lang in i18n.LANGS}


@functools.cache
def score_headings() -> frozenset[str]:
    """Column headings that mean a score: the area names in both languages (the rest match SCORE_WORDS)."""
    return frozenset(h for area in AREAS for h in _translations(f"common.area_{area}"))


SCORE_WORDS = re.compile(
    r"quality|index|indeks|score|poeng|^area_|snitt|mean|median|quartile|kvartil|"
    r"lowest|highest|laveste|høyeste|^min$|^max$|^q[13]$",
    re.IGNORECASE,
)
SIZE_WORDS = re.compile(r"^(n|count.*|antall.*|clusters?|klynger|members?|medlemmer|size|n_\w+|\w+_n)$|\(n\)", re.IGNORECASE)


def is_score_field(key: str) -> bool:
    name = key.strip()
    if name.startswith("(index"):  # a pandas row index sent along with chart data, not a score
        return False
    return bool(SCORE_WORDS.search(name)) or name.lower() in score_headings()


def is_size_field(key: str) -> bool:
    return bool(SIZE_WORDS.search(key.strip()))


def _present(value) -> bool:
    if value is None or (isinstance(value, float) and value != value):
        return False
    return not (isinstance(value, str) and value.strip() in ("", "–", "-", "nan"))


def _scores_written(value) -> set[float]:
    """The one-decimal numbers a field value holds: the value itself, or numbers written in a text."""
    score = as_score(value)
    if score is not None:
        return {score}
    return numbers_in(value) if isinstance(value, str) else set()


def find_leaks(sent: Sent, facts: Known | None = None) -> list[str]:
    """Every way ``sent`` reveals an individual score (empty when it reveals none)."""
    facts = facts or known()
    leaks: list[str] = []
    by_source: dict[str, list] = {}
    for record in sent.records:
        by_source.setdefault(record.source, []).append(record)
        named = set()
        for value in record.fields.values():
            if isinstance(value, str):
                named |= facts.clusters_in(value)
        for key, value in record.fields.items():
            if key in SCORE_COLUMNS and _present(value) and not isinstance(value, str):
                leaks.append(f"raw score column {key!r} = {value!r} in {record}")
        if named:
            for key, value in record.fields.items():
                if is_score_field(key) and _present(value):
                    leaks.append(f"score field {key!r} in a record about {sorted(named)}: {record}")
                for cid in named:
                    hit = _scores_written(value) & facts.scores.get(cid, frozenset())
                    if hit and not (record.rows is False and key in ("x", "y", "dx", "dy", "size")):
                        leaks.append(f"{cid}'s score {sorted(hit)} in field {key!r} of {record}")
        else:
            score_values = [k for k, v in record.fields.items() if is_score_field(k) and as_score(v) is not None]
            sizes = [v for k, v in record.fields.items() if is_size_field(k) and isinstance(v, int) and not isinstance(v, bool)]
            if score_values and sizes and 0 < min(sizes) < metrics.MIN_GROUP:
                leaks.append(f"group of {min(sizes)} with score fields {score_values}: {record}")
    for source, records in by_source.items():
        if not records[0].rows or len(records) > 40:
            continue
        named = set()
        for record in records:
            for value in record.fields.values():
                if isinstance(value, str):
                    named |= facts.clusters_in(value)
        if len(named) == 1:  # a fact sheet about one cluster: all its rows are about it
            cid = next(iter(named))
            for record in records:
                for value in record.fields.values():
                    hit = _scores_written(value) & facts.scores.get(cid, frozenset())
                    if hit:
                        leaks.append(f"{cid}'s score {sorted(hit)} in a table about it ({source}): {record}")
    for source, text in sent.texts:
        named = facts.clusters_in(text)
        if not named:
            continue
        written = numbers_in(text)
        for cid in named:
            hit = written & facts.scores.get(cid, frozenset())
            if hit:
                excerpt = text if len(text) < 300 else text[:300] + "…"
                leaks.append(f"{cid}'s score {sorted(hit)} written next to its name in {source}: {excerpt!r}")
    return sorted(set(leaks))


# --------------------------------------------------------------------------- the checker itself


def test_the_checker_finds_each_kind_of_leak():
    facts = known()
    cid = "NO-001"
    name = facts.names[cid]
    score = max(facts.scores[cid])
    other = min(facts.scores["DK-001"])
    cases = {
        "row with the score": Record("t", {"Cluster": name, "Status": "Gold", "x": score}, rows=True),
        "score field": Record("t", {"cluster_id": cid, "Quality index": "–x"}, rows=True),
        "area heading": Record("t", {"cluster_id": cid, "Services": 12.5}, rows=True),
        "raw column": Record("t", {"quality_index": other}, rows=True),
        "small group": Record("t", {"group": "Nordland", "n": 2, "mean": 61.2}, rows=True),
        "text in a field": Record("t", {"tip": f"{name}: {str(score).replace('.', ',')} av 100"}),
    }
    for label, record in cases.items():
        assert find_leaks(Sent(records=[record]), facts), label
    sheet = [
        Record("s", {"Fact": "Cluster", "Value": name}, rows=True),
        Record("s", {"Fact": "Latest", "Value": f"{score:.1f}"}, rows=True),
    ]
    assert find_leaks(Sent(records=sheet), facts)
    assert find_leaks(Sent(texts=[("caption", f"{name} scored {score:.1f}")]), facts)
    harmless = [
        Record("t", {"Cluster": name, "Status": "Gold", "Valid until": "2018-09-30", "Days": 213}, rows=True),
        Record("t", {"group": "Norway", "n": 28, "mean": 63.6, "q1": 55.4}, rows=True),
        Record("t", {"group": "Nordland", "n": 1, "Clusters with a valid label": 1}, rows=True),
    ]
    texts = [
        ("caption", f"{name} (Ålesund) · gold, valid until 30.09.2018 · 28 clusters"),
        ("metric", f"Mean quality index – Norway\n{score:.1f}"),
    ]  # a group's figure, no name
    assert find_leaks(Sent(records=harmless, texts=texts), facts) == []


# --------------------------------------------------------------------------- the walk


@pytest.fixture
def recorder(monkeypatch):
    return DownloadRecorder(monkeypatch)


def _small_counties() -> list[str]:
    """Counties whose comparison-window sample has one and two clusters (the smallest groups there are)."""
    snapshot = store.load(store.scan(DATA_ROOT).newest.location)
    sizes = comparison_sample(snapshot.clusters, snapshot.assessments).groupby("county_code").size()
    return [str(sizes[sizes == 1].index.min()), str(sizes[sizes == 2].index.min())]


SMALL = _small_counties()
FILTERS = [
    {},
    {"country": "NO", "lang": "en"},
    {"country": "DK"},
    {"county": "18", "lang": "en"},
    {"county": SMALL[0]},
    {"county": SMALL[1], "lang": "en"},
    {"status": "gold", "country": "DK"},
    {"snapshot": "2015-03-01", "lang": "en"},
]


def _walk(at, recorder, facts: Known | None = None) -> tuple[Sent, list[str]]:
    assert not at.exception, [e.value for e in at.exception]
    sent = collect(at, recorder, open_all=True)
    return sent, find_leaks(sent, facts)


@pytest.mark.slow
@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()) or "none")
@pytest.mark.parametrize("page", PAGE_FILES)
def test_public_page_sends_no_individual_score(app_test, recorder, page, filters):
    at = app_test(page, **filters)
    assert "Public" in " ".join(c.value for c in at.caption) or "Offentlig" in " ".join(c.value for c in at.caption)
    sent, leaks = _walk(at, recorder)
    assert not leaks, "\n".join(leaks)
    assert sent.texts


# Each page's own controls, set one at a time to each choice (a control listed as (key, "after") is walked
# through all its choices for each choice of the control before it, e.g. every focus group of every peer kind).
PAGE_CONTROLS = {
    "pages/renewals.py": ["renewals_horizon", "renewals_sort", "renewals_scope", "renewals_since"],
    "pages/comparison.py": ["cmp_window", "cmp_peer_kind", ("cmp_focus", "after")],
    "pages/collaboration.py": ["collab"],
    "pages/competence.py": ["competence_period", "competence_by", "competence_area"],
    "pages/map.py": ["map_measure", "map_cluster", "map_county"],
    "pages/cluster.py": ["profile_cluster", "profile_query"],
}


def _universe() -> list:
    """Every value a page control could hold, from the data and the app's constants; a widget's own
    choices are the ones whose label (through the widget's format_func) is among its options."""
    from clusterviz.data import geo
    from clusterviz.data.snapshot import PROGRAMME_LEVELS

    values: list = [None, ""]
    for entry in store.scan(DATA_ROOT).valid:
        snapshot = store.load(entry.location)
        values += [entry.name, *snapshot.clusters["cluster_id"], *snapshot.clusters["sector"], *snapshot.collaborations["collaboration_id"]]
    values += [
        *geo.ADMIN1,
        *geo.COUNTRIES,
        *(lvl for v in PROGRAMME_LEVELS.values() for lvl in v),
        *metrics.STATUSES,
        *AREAS,
        *renewal.HORIZONS,
        *renewals_timeline.SORTS,
        *renewals_timeline.SCOPES,
    ]
    from clusterviz.figures import comparison as comparison_figures
    from clusterviz.figures import comparison_peers
    from clusterviz.figures import competence as competence_figures
    from clusterviz.figures import map as map_figures

    for module, names in (
        (competence_figures, ("PERIODS", "GROUPINGS")),
        (map_figures, ("MEASURES",)),
        (comparison_figures, ("WINDOWS",)),
        (comparison_peers, ("PEER_KINDS", "PUBLIC_PEER_KINDS")),
    ):
        for name in names:
            values += list(getattr(module, name))  # a renamed constant fails here instead of walking less
    return list(dict.fromkeys(values))


def _widget(at, key: str):
    for kind in ("selectbox", "radio", "button_group", "multiselect"):
        for widget in at.get(kind):
            if getattr(widget, "key", None) == key:
                return widget
    return None


def control_values(at, key: str) -> list:
    """The page values behind every option of the widget drawn with ``key``; for state the page binds
    without a widget (the map's selected cluster and county) a chosen set of clusters and counties."""
    snapshot = store.load(store.scan(DATA_ROOT).newest.location)
    if key == "map_cluster":  # a pilot member, the best and the worst, one from the smallest county
        best = snapshot.assessments.sort_values("quality_index")["cluster_id"].tolist()
        tiny = snapshot.clusters.loc[snapshot.clusters["county_code"] == SMALL[0], "cluster_id"].tolist()
        return list(dict.fromkeys([snapshot.collaboration_members["cluster_id"].iloc[0], best[-1], best[0], tiny[0], "DK-001"]))
    if key == "profile_cluster":  # the same clusters as the map's panel, and the one with the most assessments
        most = snapshot.assessments["cluster_id"].value_counts().index[0]
        return list(dict.fromkeys([*control_values(at, "map_cluster"), most]))
    if key == "profile_query":  # searches that list many clusters, a typo, nothing
        return ["bodo", "nordland", "arena", "skipslia", "xyzzy", ""]
    if key == "map_county":
        return ["18", SMALL[0], SMALL[1], "1084"]
    widget = _widget(at, key)
    assert widget is not None, f"no widget with key {key!r} on the page"
    fmt = widget.format_func
    labels = list(widget.options)
    values = {}
    for value in _universe():
        try:
            label = str(fmt(value))
        except Exception:  # noqa: BLE001 - a value of another control's kind
            continue
        if label in labels and label not in values:
            values[label] = value
    missing = [label for label in labels if label not in values]
    assert not missing, f"{key}: cannot tell which value shows as {missing}"
    return [values[label] for label in labels]


def _walk_controls(at, recorder, controls: list, checked: list[str]) -> None:
    for i, control in enumerate(controls):
        key, nested = (control, False) if isinstance(control, str) else (control[0], True)
        if nested:
            continue
        following = controls[i + 1] if i + 1 < len(controls) else None
        inner = following[0] if isinstance(following, tuple) else None
        for value in control_values(at, key):
            at.session_state[key] = value
            rerun(at)
            _check(at, recorder, f"{key}={value!r}", checked)
            if inner:
                for inner_value in control_values(at, inner):
                    at.session_state[inner] = inner_value
                    rerun(at)
                    _check(at, recorder, f"{key}={value!r}, {inner}={inner_value!r}", checked)


def _check(at, recorder, label: str, checked: list[str]) -> None:
    sent, leaks = _walk(at, recorder)
    assert not leaks, f"{label}:\n" + "\n".join(leaks)
    checked.append(label)


@pytest.mark.slow
@pytest.mark.parametrize("page", [p for p in PAGE_FILES if p in PAGE_CONTROLS])
def test_public_page_controls_send_no_individual_score(app_test, recorder, page):
    at = app_test(page, lang="en")
    checked: list[str] = []
    _check(at, recorder, "default", checked)
    _walk_controls(at, recorder, PAGE_CONTROLS[page], checked)
    assert len(checked) > len(PAGE_CONTROLS[page]), checked


# --------------------------------------------------------------------------- adviser mode: the walk can fail


def adviser_app(page: str, **params):
    """AppTest of ``page`` in adviser mode (the session flag access.unlock sets; no link can set it)."""
    return open_app(page, params, adviser=True)


def _pilot_member() -> str:
    snapshot = store.load(store.scan(DATA_ROOT).newest.location)
    return str(snapshot.collaboration_members["cluster_id"].iloc[0])


# Pages that show individual scores to advisers, with the link that opens the view that shows them.
ADVISER_VIEWS = [
    ("pages/comparison.py", {}),
    ("pages/map.py", {"cluster": _pilot_member()}),
    ("pages/collaboration.py", {}),
    ("pages/competence.py", {}),
    ("pages/cluster.py", {"cluster": _pilot_member()}),
]


@pytest.mark.slow
@pytest.mark.parametrize("page, params", ADVISER_VIEWS, ids=[p for p, _ in ADVISER_VIEWS])
def test_adviser_mode_shows_scores_and_the_walk_sees_them(app_test, recorder, page, params):
    """The same view that is clean in public mode is full of individual scores for an adviser."""
    at = adviser_app(page, lang="en", **params)
    assert not at.exception, [e.value for e in at.exception]
    assert any("Adviser mode" in c.value for c in at.caption)
    adviser_leaks = find_leaks(collect(at, recorder, open_all=True))
    assert adviser_leaks, f"{page}: adviser mode shows no individual score, so the walk proves nothing here"
    public = app_test(page, lang="en", **params)
    assert find_leaks(collect(public, recorder, open_all=True)) == []


# --------------------------------------------------------------------------- a partial snapshot of the real shape

PARTIAL_FILTERS = [{}, {"country": "NO", "lang": "en"}, {"county": "18"}, {"lang": "en", "status": "gold"}]


@pytest.mark.slow
@pytest.mark.parametrize("filters", PARTIAL_FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()) or "none")
@pytest.mark.parametrize("page", PAGE_FILES)
def test_partial_snapshot_pages_send_no_individual_score(app_test, recorder, partial_root, page, filters):
    """The walk on the partial schema-2 snapshot (conftest.partial_frames): its one published Gold score (93.0)
    never reaches a public page, neither as a value nor as the 'mean' of a group whose other indices are
    unknown."""
    facts = known(partial_root)
    assert facts.scores == {"NO-P01": frozenset({93.0})}
    at = app_test(page, env={"CLUSTERVIZ_DATA": partial_root}, **filters)
    sent, leaks = _walk(at, recorder, facts)
    assert not leaks, "\n".join(leaks)
    assert sent.texts
    assert not [text for _, text in sent.texts if re.search(r"(?<![\w.,])93([.,]0)?(?![\w.,])", text)]


@pytest.mark.slow
def test_partial_snapshot_adviser_view_shows_the_score_and_the_walk_sees_it(recorder, partial_root, monkeypatch):
    """Sanity: on the same data, the adviser's cluster panel shows NO-P01's 93.0 and the walk finds it."""
    monkeypatch.setenv("CLUSTERVIZ_DATA", partial_root)
    at = adviser_app("pages/map.py", lang="en", cluster="NO-P01")
    assert not at.exception, [e.value for e in at.exception]
    assert find_leaks(collect(at, recorder, open_all=True), known(partial_root))


# --------------------------------------------------------------------------- the public collection (?data=public)

PUBLIC_FILTERS = [{}, {"country": "NO", "lang": "en"}, {"lang": "en", "status": "gold"}]


@pytest.mark.slow
@pytest.mark.parametrize("filters", PUBLIC_FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()) or "none")
@pytest.mark.parametrize("page", PAGE_FILES)
def test_public_collection_pages_send_no_individual_score(app_test, recorder, monkeypatch, page, filters):
    """The walk on ``?data=public``: the Gold scores a few organisations published themselves are in the
    snapshot, but a public page never shows one cluster's score (only group figures that pass the rules)."""
    monkeypatch.delenv("CLUSTERVIZ_DATA", raising=False)
    monkeypatch.delenv("CLUSTERVIZ_COLLECTIONS", raising=False)
    root = str(store.PUBLIC_ROOT)
    facts = known(root)
    assert facts.scores  # the walk has published scores to look for
    at = app_test(page, data="public", **filters)
    assert at.session_state["f_data"] == "public"
    sent, leaks = _walk(at, recorder, facts)
    assert not leaks, "\n".join(leaks)
    assert sent.texts
