"""What the server log says (issue 16 §5): refused snapshots, reloads and access failures go through `logging`."""

import logging

from clusterviz.app import access
from clusterviz.data import snapshot, store


def test_a_refused_snapshot_is_logged_once_with_its_reason(tmp_path, seed_snapshot, caplog):
    root = tmp_path / "snapshots"
    snapshot.write_snapshot(str(root), seed_snapshot.as_of, seed_snapshot.tables, source="ok", demo=True)
    (root / "2017-06-01").mkdir()
    (root / "2017-06-01" / "manifest.json").write_text("{not json")
    with caplog.at_level(logging.INFO, logger="clusterviz.data.store"):
        store.scan(str(root))
        store.scan(str(root))  # the same refusal again: not logged twice
    refused = [r for r in caplog.records if "refused" in r.getMessage()]
    assert len(refused) == 1 and refused[0].levelno == logging.WARNING
    assert "2017-06-01" in refused[0].getMessage() and "manifest.json" in refused[0].getMessage()


def test_a_snapshot_changed_on_disk_is_logged_as_reloaded(tmp_path, seed_snapshot, caplog):
    root = tmp_path / "snapshots"
    location = snapshot.write_snapshot(str(root), seed_snapshot.as_of, seed_snapshot.tables, source="one", demo=True)
    with caplog.at_level(logging.INFO, logger="clusterviz.data.store"):
        store.load(location)
        assert not [r for r in caplog.records if "reloaded" in r.getMessage()]  # a first read is no reload
        snapshot.write_snapshot(str(root), seed_snapshot.as_of, seed_snapshot.tables, source="two", demo=True, overwrite=True)
        assert store.load(location).manifest.source == "two"
    reloads = [r.getMessage() for r in caplog.records if "reloaded" in r.getMessage()]
    assert reloads == [f"snapshot {location} changed on disk: reloaded (valid)"]


def test_a_wrong_access_code_is_logged_without_the_code(caplog):
    encoded = access.hash_code("right-code", iterations=1000)
    with caplog.at_level(logging.WARNING, logger="clusterviz.app.access"):
        outcome = access.try_code("wrong-code", encoded, access.Throttle(), access.Throttle(free_attempts=20))
    assert outcome.outcome == "wrong"
    messages = [r.getMessage() for r in caplog.records]
    assert any("wrong adviser access code" in m for m in messages)
    assert not any("wrong-code" in m or "right-code" in m for m in messages)
