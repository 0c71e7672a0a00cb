"""Rules throughput: the ingest batch runner over N copies of the samples, 1 worker vs all cores.

Measured: wall and CPU time (`bench.clock.Stopwatch`: the bench process plus its finished worker
processes) of `pipeline.batch.run_batch` (discover, hash, extract, write one result file
and one manifest line per report) into a fresh run directory, with `workers=1` (one worker
process beside the parent) and `workers=cores` (their start-up included), `ROUNDS` runs of each
in turn, the fastest of each kept (`measure_rules`). The exports (`ingest` = `run_batch` +
exports) are timed separately, once, on the all-cores run. MB are 10^6 bytes of input files as
stored (UTF-8 text here).

Worked example of the derived figures: 1,000 reports of 16.4 MB in 25.0 s with 1 worker is
40 reports/s and 0.66 MB/s (per core: the same); in 12.5 s with 2 workers it would be 1.31 MB/s,
0.66 MB/s per core, a speed-up of 2.0 and a parallel efficiency of 1.0. If that 2-worker run
used 26.0 s of CPU, it did 0.63 MB per CPU-second: the throughput a core gives when it is not
shared, whatever else ran on the machine.
"""

from __future__ import annotations

import shutil
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


ROUNDS = 3
"""Runs of each worker count, taken in turn (1, 2, 1, 2, 1, 2): the fastest of each is kept."""


def measure_rules(
    reports: Sequence[Path], work_dir: Path, worker_counts: Sequence[int], rounds: int = ROUNDS
) -> dict[str, Any]:
    """Time `rounds` runs per worker count (first = the single-process reference) and the exports.

    The counts run in turn, round after round, each into a fresh run directory, and each count's
    fastest run by wall time is the one reported: on a shared machine a run is only ever slowed by
    the others' load, never sped up, so the fastest is the nearest to what the cores give, and
    taking the counts in turn exposes each to the same spells of load. `speedup_by_cpu` is the
    speed-up if each count's processes had its cores to themselves (wall = CPU / workers): the
    ceiling the wall-time figure approaches on an idle machine.

        walls 1 worker 14.3, 15.9, 14.6 s; 2 workers 8.1, 9.7, 7.9 s → speed-up 14.3 / 7.9 = 1.81
    """
    timed: list[list[RulesRun]] = [[] for _ in worker_counts]
    last: list[Path] = [work_dir for _ in worker_counts]
    for round_ in range(rounds):
        for index, workers in enumerate(worker_counts):
            run_dir = work_dir / f"rules-run{index}-w{workers}-r{round_}"
            timed[index].append(time_rules_run(reports, run_dir, workers))
            if round_ > 0:  # 1,000 result files a run: keep one run directory per count on disk
                shutil.rmtree(last[index], ignore_errors=True)
            last[index] = run_dir
    runs = [min(each, key=lambda run: run.seconds) for each in timed]
    single, widest = runs[0], runs[-1]
    exports = time_exports(last[-1])
    speedup = single.seconds / widest.seconds
    by_cpu = (single.cpu_seconds / single.workers) / (widest.cpu_seconds / widest.workers)
    return {
        "runs": [run.to_dict() for run in runs],
        "rounds": rounds,
        "walls": [[round(run.seconds, 3) for run in each] for each in timed],
        "cpus": [[round(run.cpu_seconds, 3) for run in each] for each in timed],
        "speedup": round(speedup, 3),
        "speedup_by_cpu": round(by_cpu, 3),
        "parallel_efficiency": round(speedup * single.workers / widest.workers, 3),
        "export_seconds": round(exports.wall, 3),
        "export_cpu_seconds": round(exports.cpu, 3),
        "export_reports_per_s": round(widest.reports / exports.wall, 2),
    }
