"""The demo's data texts in the other language (schema 2's optional columns), added only where the schema
has the column: schema 1 gets exactly the texts it had."""

from __future__ import annotations

import pyarrow as pa

from clusterviz.data import demo, snapshot
from clusterviz.text.i18n import localised_column


def test_schema_without_english_columns_keeps_the_given_texts(monkeypatch):
    monkeypatch.setattr(
        snapshot,
        "TABLES",
        {
            **snapshot.TABLES,
            "collaborations": {k: v for k, v in snapshot.TABLES["collaborations"].items() if not k.endswith("_en")},
            "events": {k: v for k, v in snapshot.TABLES["events"].items() if not k.endswith("_en")},
        },
    )
    history = demo.build_history()
    assert not [c for c in history["collaborations"].columns if c.endswith("_en")]
    pilot = history["collaborations"].set_index("collaboration_id").loc["nordland-pilot-2016"]
    assert pilot["description"].startswith("Seven Nordland clusters")


def test_schema_with_english_columns_gets_both_languages(monkeypatch):
    text = (pa.string(), True, "optional English text")
    monkeypatch.setattr(
        snapshot,
        "TABLES",
        {
            **snapshot.TABLES,
            "collaborations": {**snapshot.TABLES["collaborations"], "name_en": text, "description_en": text},
            "events": {**snapshot.TABLES["events"], "name_en": text},
        },
    )
    history = demo.build_history()
    collabs = history["collaborations"].set_index("collaboration_id")
    assert collabs.loc["nordland-pilot-2016", "name_en"] == "The Nordland pilot 2016: regional cluster quality"
    assert collabs.loc["nordland-pilot-2016", "description"].startswith("Sju klynger i Nordland")
    assert collabs.loc["nordland-pilot-2016", "description_en"].startswith("Seven Nordland clusters")
    events = history["events"]
    names = dict(zip(events["event_id"], localised_column(events, "name", "en")))
    assert names["bodo-2016-10-13"] == "Cluster gathering and workshop in Bodø"
    assert names["ro-2016-1"] == "Cluster Training Romania, gathering 1"  # no English given: the name as is
