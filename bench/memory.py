"""Peak memory of `pipeline ingest` (rules backend, exports included) at two corpus sizes.

Each size runs the real command in a fresh process tree:

    bench  →  wrapper (python -c WRAPPER)  →  pipeline ingest DIR --out RUN --workers N  →  workers

The command's own output (progress lines, summary) goes to /dev/null; the wrapper prints one JSON
line. Beside the wall time, the CPU time of the whole tree (the wrapper's `RUSAGE_CHILDREN` user +
system time: the ingest process and every worker). Two memory figures per size, both in MiB:

- `largest_process_peak`: the wrapper's `getrusage(RUSAGE_CHILDREN).ru_maxrss` after the command
  exits — the exact peak RSS of the largest single process among its descendants (the ingest
  process, or one worker: each waits for its workers, so their peaks are included). A fresh
  wrapper per size, so an earlier size cannot leak into the figure.
- `tree_peak`: the largest sum of RSS over every descendant of the wrapper (ingest process and
  workers together), sampled from /proc every `POLL_SECONDS`, with the number of processes it
  covered. Sampling can miss a short spike; shared pages (the interpreter, libraries) are counted
  once per process, as RSS does. A worker process is replaced once its memory grew
  (`pipeline.batch.supervisor.RECYCLE_GROWTH_MB`) or after `pipeline.batch.pool.MAX_TASKS_PER_CHILD`
  reports, so a large run can catch an outgoing and an incoming worker at once.

The environment is the bench's minus PIPELINE_*/OPENAI_* settings, with its own cache directory,
and the command runs in the work directory (so no ./pipeline.toml applies).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.corpus import REPO_ROOT, copy_reports

POLL_SECONDS = 0.05
KIB_PER_MIB = 1024
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
WRAPPER = (
    "import json, resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "cpu = usage.ru_utime + usage.ru_stime\n"
    "print(json.dumps({'returncode': code, 'children_maxrss_kib': usage.ru_maxrss, 'cpu_seconds': cpu}))\n"
)
INGEST = "from pipeline.cli import main; main()"


def clean_env(cache_dir: Path) -> dict[str, str]:
    """The bench's environment without PIPELINE_*/OPENAI_* settings, its own cache, and the
    repository first on the import path: the command runs the `pipeline` next to this bench."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIPELINE_", "OPENAI_"))}
    path = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return {**env, "PIPELINE_CACHE_DIR": str(cache_dir), "PYTHONPATH": path}


def _parents() -> dict[int, int]:
    """pid → parent pid of every process visible in /proc."""
    parents = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # exited while we looked
        # The command name (field 2) may hold spaces and parentheses: split after its last ')'.
        parents[int(entry)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    return parents


def descendants(root: int) -> list[int]:
    parents = _parents()
    found, frontier = [], [root]
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        found.extend(children)
        frontier.extend(children)
    return found


def rss_kib(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KIB
    except (OSError, IndexError, ValueError):
        return 0


@dataclass(frozen=True)
class Sampled:
    """What `run_sampled` saw: the command's stdout and wall time, and at the moment the sum of
    its descendants' RSS was largest, that sum (KiB) and how many processes it covered."""

    stdout: str
    seconds: float
    tree_peak_kib: int
    processes_at_peak: int


def run_sampled(command: Sequence[str], env: dict[str, str], cwd: Path) -> Sampled:
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    tree_peak, processes_at_peak = 0, 0
    while process.poll() is None:
        sizes = [rss_kib(pid) for pid in descendants(process.pid)]
        if sum(sizes) > tree_peak:
            tree_peak, processes_at_peak = sum(sizes), sum(1 for size in sizes if size)
        time.sleep(POLL_SECONDS)
    seconds = time.perf_counter() - started
    stdout = process.stdout.read().decode() if process.stdout else ""
    return Sampled(stdout, seconds, tree_peak, processes_at_peak)


def measure_ingest_memory(samples: Sequence[Path], count: int, workers: int, work: Path) -> dict[str, Any]:
    folder = work / f"memory-in-{count}"
    copy_reports(samples, folder, count)
    ingest = [sys.executable, "-c", INGEST, "ingest", str(folder), "--out", str(work / f"memory-run-{count}")]
    command = [sys.executable, "-c", WRAPPER, *ingest, "--workers", str(workers)]
    sampled = run_sampled(command, clean_env(work / "memory-cache"), work)
    result = json.loads(sampled.stdout.strip().splitlines()[-1])
    if result["returncode"] != 0:
        raise RuntimeError(f"{folder}: pipeline ingest exited {result['returncode']}")
    return {
        "reports": count,
        "workers": workers,
        "seconds": round(sampled.seconds, 3),
        "cpu_seconds": round(result["cpu_seconds"], 3),
        "reports_per_s": round(count / sampled.seconds, 2),
        "largest_process_peak_mib": round(result["children_maxrss_kib"] / KIB_PER_MIB, 1),
        "tree_peak_mib": round(sampled.tree_peak_kib / KIB_PER_MIB, 1),
        "processes_at_tree_peak": sampled.processes_at_peak,
    }


def measure_memory(
    samples: Sequence[Path], counts: Sequence[int], workers: int, work: Path
) -> dict[str, Any]:
    """One fresh process tree per size; growth = the last size's peak / the first size's."""
    runs = [measure_ingest_memory(samples, count, workers, work) for count in counts]
    return {
        "runs": runs,
        "largest_process_growth": growth(runs, "largest_process_peak_mib"),
        "tree_growth": growth(runs, "tree_peak_mib"),
    }


def growth(runs: Sequence[dict[str, Any]], key: str) -> float | None:
    first, last = runs[0][key], runs[-1][key]
    return round(last / first, 3) if first else None
