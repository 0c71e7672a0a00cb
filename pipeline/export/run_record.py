"""The run record `RUN_DIR/run.json`: which share of the input a run directory holds, under which
configuration, and which files its latest ingest skipped by rule.

`pipeline ingest` rewrites it at every run, `pipeline merge` writes the merged one, and
`pipeline summary` prints from it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline.export.atomic import write_text_atomic

RUN_FILE = "run.json"


@dataclass(frozen=True)
class RunRecord:
    """`run.json`, rewritten by every `ingest` and written by `merge`: what the run directory holds.

    `shards` of `shard_count` are the shares of the input it covers (`pipeline.batch.shard`):
    `(0,)` of 1 for a whole run, `(2,)` of 4 for `--shard 2/4`, `(0, 2)` of 4 for a partial merge.
    A complete merge is a whole run again. `skipped_by_rule` counts the files the latest ingest
    left out by rule (`hidden`, `run directory`, `README`), for `pipeline summary`.

        {"config_hash": "sha256:…", "shard_count": 4, "shards": [2], "skipped_by_rule": {"hidden": 1}}
    """

    config_hash: str
    shard_count: int = 1
    shards: tuple[int, ...] = (0,)
    skipped_by_rule: dict[str, int] = field(default_factory=dict)

    @property
    def whole(self) -> bool:
        return self.shards == tuple(range(self.shard_count))

    @property
    def label(self) -> str:
        """`the whole input`, `shard 2/4` or `shards 0,2/4`."""
        if self.whole:
            return "the whole input"
        plural = "s" if len(self.shards) > 1 else ""
        return f"shard{plural} {','.join(map(str, self.shards))}/{self.shard_count}"


def read_run_record(run_dir: Path) -> RunRecord | None:
    """The run record, or None where there is none (a run written before records, or not a run)."""
    try:
        raw = json.loads((run_dir / RUN_FILE).read_text(encoding="utf-8"))
        return RunRecord(
            str(raw["config_hash"]),
            int(raw["shard_count"]),
            tuple(int(i) for i in raw["shards"]),
            {str(k): int(v) for k, v in raw.get("skipped_by_rule", {}).items()},
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write_run_record(run_dir: Path, record: RunRecord) -> None:
    write_text_atomic(run_dir / RUN_FILE, json.dumps(asdict(record), ensure_ascii=False, indent=1) + "\n")
