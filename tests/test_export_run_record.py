"""`run.json`: written and read back exactly; labels; an unreadable record is no record."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.export.run_record import RUN_FILE, RunRecord, read_run_record, write_run_record


def test_a_record_round_trips(tmp_path: Path) -> None:
    record = RunRecord("sha256:0123456789abcdef", 4, (1,), {"hidden": 2})
    write_run_record(tmp_path, record)
    assert json.loads((tmp_path / RUN_FILE).read_text(encoding="utf-8")) == {
        "config_hash": "sha256:0123456789abcdef",
        "shard_count": 4,
        "shards": [1],
        "skipped_by_rule": {"hidden": 2},
    }
    assert read_run_record(tmp_path) == record


def test_labels() -> None:
    assert RunRecord("h").label == "the whole input"
    assert RunRecord("h", 4, (0, 1, 2, 3)).whole
    assert RunRecord("h", 4, (2,)).label == "shard 2/4"
    assert RunRecord("h", 4, (0, 2)).label == "shards 0,2/4"


def test_a_missing_or_damaged_record_is_none(tmp_path: Path) -> None:
    assert read_run_record(tmp_path) is None
    (tmp_path / RUN_FILE).write_text('{"config_hash": "h", "shard_c', encoding="utf-8")
    assert read_run_record(tmp_path) is None
    (tmp_path / RUN_FILE).write_text(
        '{"config_hash": "h", "shard_count": "x", "shards": []}', encoding="utf-8"
    )
    assert read_run_record(tmp_path) is None
