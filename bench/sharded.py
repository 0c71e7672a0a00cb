"""Sharded = unsharded: the bench corpus as one run and as N shard runs merged, export by export.

The corpus is the rules section's kind (copies of the samples under new names) plus the files a
real folder holds besides reports: an exact copy of one report under another name (a duplicate),
an unsupported `.png`, an empty `.txt`, a `README.md` and a hidden file (skipped by rule). It is
ingested once whole (`pipeline.batch.ingest`, rules) and once per shard
(`ingest(…, shard=Shard(i, N))`, one after another), the shard runs are merged
(`pipeline.batch.merge.merge_runs`), and every export of the merged run is compared with the
whole run's (`pipeline_testing.run_compare`: jsonl, csv and review pages byte for byte, sqlite
and xlsx by value, errors and the latest manifest line per path without their times).

CPU seconds are the bench process plus its finished worker processes (`bench.clock`): every
shard hashes every input file to find its share and writes its own exports, and the merge
rebuilds them, so the shards and the merge together spend more than the whole run
(`cpu_sharded_over_whole`).
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.clock import Stopwatch
from bench.corpus import copy_reports
from bench.rules_throughput import rules_config
from pipeline.batch import ingest
from pipeline.batch.merge import merge_runs
from pipeline.batch.shard import Shard
from pipeline_testing.run_compare import compare_exports

IGNORED = (
    "the `time` of errors.jsonl and manifest.jsonl lines; the xlsx file's own write time (cells compared)"
)


def sharded_corpus(samples: Sequence[Path], folder: Path, reports: int) -> Path:
    """`reports` copies of the samples and the non-report files of a real folder (module docstring)."""
    copies = copy_reports(samples, folder, reports)
    shutil.copyfile(copies[0], folder / "duplicate_of_the_first.txt")
    (folder / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(60))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "README.md").write_text("这个文件夹是2024年的自评报告\n", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\x00\x01")
    return folder


def measure_sharded(samples: Sequence[Path], reports: int, shards: int, work: Path) -> dict[str, Any]:
    folder = sharded_corpus(samples, work / "sharded-in", reports)
    config = rules_config(0, work / "sharded-cache")
    rows = [_timed_ingest("whole", folder, work / "whole" / "run", None)]
    runs = [work / f"shard{index}" for index in range(shards)]
    rows += [
        _timed_ingest(f"shard {i}/{shards}", folder, run, Shard(i, shards)) for i, run in enumerate(runs)
    ]
    merged = work / "merged" / "run"
    with Stopwatch() as clock:
        merge_runs(runs, merged, config)
    rows.append({"run": "merge", "found": None, "extracted": None, "failed": None,
                 "seconds": round(clock.wall, 2), "cpu_seconds": round(clock.cpu, 2)})  # fmt: skip
    compared = compare_exports(work / "whole" / "run", merged)
    shard_cpu = sum(row["cpu_seconds"] for row in rows[1:])
    return {
        "reports": reports,
        "files": sum(1 for _ in folder.iterdir()),
        "shards": shards,
        "runs": rows,
        "compared": compared,
        "equal": all(compared.values()),
        "ignored": IGNORED,
        "cpu_sharded_over_whole": round(shard_cpu / rows[0]["cpu_seconds"], 3),
    }


def _timed_ingest(label: str, folder: Path, run_dir: Path, shard: Shard | None) -> dict[str, Any]:
    config = rules_config(0, run_dir.parent / "cache")
    with Stopwatch() as clock:
        result = ingest([folder], run_dir, config, shard=shard)
    batch = result.batch
    return {
        "run": label,
        "found": batch.found,
        "extracted": batch.extracted,
        "failed": batch.failed,
        "seconds": round(clock.wall, 2),
        "cpu_seconds": round(clock.cpu, 2),
    }
