"""Rules throughput: the ingest batch runner over N copies of the samples, 1 worker vs all cores.

Measured: wall time of `pipeline.batch.run_batch` (discover, hash, extract, write one result file
and one manifest line per report) into a fresh run directory, with `workers=1` (inline, one
process) and `workers=cores` (spawned worker processes, their start-up included). The exports
(`ingest` = `run_batch` + exports) are timed separately, once, on the all-cores run. MB are
10^6 bytes of input files as stored (UTF-8 text here).

Worked example of the derived figures: 1,000 reports of 16.4 MB in 25.0 s with 1 worker is
40 reports/s and 0.66 MB/s (per core: the same); in 12.5 s with 2 workers it would be 1.31 MB/s,
0.66 MB/s per core, a speed-up of 2.0 and a parallel efficiency of 1.0.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pipeline.batch import run_batch
from pipeline.core.config import Config, resolve_config
from pipeline.export import export_run

MB = 1_000_000


@dataclass(frozen=True)
class RulesRun:
    workers: int
    reports: int
    input_bytes: int
    seconds: float
    extracted: int
    failed: int

    @property
    def reports_per_s(self) -> float:
        return self.reports / self.seconds

    @property
    def mb_per_s(self) -> float:
        return self.input_bytes / MB / self.seconds

    @property
    def mb_per_s_per_core(self) -> float:
        return self.mb_per_s / self.workers

    def to_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "reports_per_s": round(self.reports_per_s, 2),
            "mb_per_s": round(self.mb_per_s, 3),
            "mb_per_s_per_core": round(self.mb_per_s_per_core, 3),
        }


def rules_config(workers: int, cache_dir: Path) -> Config:
    """The rules backend with `workers`, ignoring the developer's PIPELINE_* settings."""
    return resolve_config({"backend": "rules", "workers": workers, "cache_dir": str(cache_dir)}, env={})


def time_rules_run(reports: Sequence[Path], run_dir: Path, workers: int) -> RulesRun:
    """One `run_batch` over the folder holding `reports` into a fresh `run_dir`."""
    config = rules_config(workers, run_dir.parent / "cache")
    folder = reports[0].parent
    started = time.perf_counter()
    result = run_batch([folder], run_dir, config)
    seconds = time.perf_counter() - started
    size = sum(path.stat().st_size for path in reports)
    return RulesRun(workers, result.found, size, seconds, result.extracted, result.failed)


def time_exports(run_dir: Path) -> float:
    """Seconds to regenerate the exports (jsonl, csv, xlsx, sqlite) of a finished run."""
    config = rules_config(1, run_dir.parent / "cache")
    started = time.perf_counter()
    export_run(run_dir, config)
    return time.perf_counter() - started


def measure_rules(reports: Sequence[Path], work_dir: Path, worker_counts: Sequence[int]) -> dict[str, Any]:
    """Time one run per worker count (first = the single-process reference) and the exports."""
    run_dirs = [work_dir / f"rules-run{index}-w{n}" for index, n in enumerate(worker_counts)]
    runs = [time_rules_run(reports, run_dir, n) for run_dir, n in zip(run_dirs, worker_counts, strict=True)]
    single, widest = runs[0], runs[-1]
    export_seconds = time_exports(run_dirs[-1])
    speedup = single.seconds / widest.seconds
    return {
        "runs": [run.to_dict() for run in runs],
        "speedup": round(speedup, 3),
        "parallel_efficiency": round(speedup * single.workers / widest.workers, 3),
        "export_seconds": round(export_seconds, 3),
        "export_reports_per_s": round(widest.reports / export_seconds, 2),
    }
