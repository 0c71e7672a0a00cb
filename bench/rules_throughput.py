"""Rules throughput: the ingest batch runner over N copies of the samples, 1 worker vs all cores.

Measured: wall and CPU time (`bench.clock.Stopwatch`: the bench process plus its finished worker
processes) of `pipeline.batch.run_batch` (discover, hash, extract, write one result file
and one manifest line per report) into a fresh run directory, with `workers=1` (inline, one
process) and `workers=cores` (spawned worker processes, their start-up included). The exports
(`ingest` = `run_batch` + exports) are timed separately, once, on the all-cores run. MB are
10^6 bytes of input files as stored (UTF-8 text here).

Worked example of the derived figures: 1,000 reports of 16.4 MB in 25.0 s with 1 worker is
40 reports/s and 0.66 MB/s (per core: the same); in 12.5 s with 2 workers it would be 1.31 MB/s,
0.66 MB/s per core, a speed-up of 2.0 and a parallel efficiency of 1.0. If that 2-worker run
used 26.0 s of CPU, it did 0.63 MB per CPU-second: the throughput a core gives when it is not
shared, whatever else ran on the machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.clock import Stopwatch
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
    cpu_seconds: float
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

    @property
    def mb_per_cpu_s(self) -> float:
        return self.input_bytes / MB / self.cpu_seconds

    def to_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "reports_per_s": round(self.reports_per_s, 2),
            "mb_per_s": round(self.mb_per_s, 3),
            "mb_per_s_per_core": round(self.mb_per_s_per_core, 3),
            "mb_per_cpu_s": round(self.mb_per_cpu_s, 3),
        }


def rules_config(workers: int, cache_dir: Path) -> Config:
    """The rules backend with `workers`, ignoring the developer's PIPELINE_* settings."""
    return resolve_config({"backend": "rules", "workers": workers, "cache_dir": str(cache_dir)}, env={})


def time_rules_run(reports: Sequence[Path], run_dir: Path, workers: int) -> RulesRun:
    """One `run_batch` over the folder holding `reports` into a fresh `run_dir`."""
    config = rules_config(workers, run_dir.parent / "cache")
    folder = reports[0].parent
    with Stopwatch() as clock:
        result = run_batch([folder], run_dir, config)
    size = sum(path.stat().st_size for path in reports)
    return RulesRun(workers, result.found, size, clock.wall, clock.cpu, result.extracted, result.failed)


def time_exports(run_dir: Path) -> Stopwatch:
    """Wall and CPU seconds to regenerate the exports (jsonl, csv, xlsx, sqlite) of a finished run."""
    config = rules_config(1, run_dir.parent / "cache")
    with Stopwatch() as clock:
        export_run(run_dir, config)
    return clock


def measure_rules(reports: Sequence[Path], work_dir: Path, worker_counts: Sequence[int]) -> dict[str, Any]:
    """Time one run per worker count (first = the single-process reference) and the exports."""
    run_dirs = [work_dir / f"rules-run{index}-w{n}" for index, n in enumerate(worker_counts)]
    runs = [time_rules_run(reports, run_dir, n) for run_dir, n in zip(run_dirs, worker_counts, strict=True)]
    single, widest = runs[0], runs[-1]
    exports = time_exports(run_dirs[-1])
    speedup = single.seconds / widest.seconds
    return {
        "runs": [run.to_dict() for run in runs],
        "speedup": round(speedup, 3),
        "parallel_efficiency": round(speedup * single.workers / widest.workers, 3),
        "export_seconds": round(exports.wall, 3),
        "export_cpu_seconds": round(exports.cpu, 3),
        "export_reports_per_s": round(widest.reports / exports.wall, 2),
    }
