"""Peak memory of `pipeline ingest` (rules backend, exports included) at two corpus sizes.

Each size runs the real command in a fresh process tree:

    bench  →  wrapper (python -c WRAPPER)  →  pipeline ingest DIR --out RUN --workers N  →  workers

Two figures per size, both in MiB:

The command's own output (progress lines, summary) goes to /dev/null; the wrapper prints one JSON
line.

- `largest_process_peak`: the wrapper's `getrusage(RUSAGE_CHILDREN).ru_maxrss` after the command
  exits — the exact peak RSS of the largest single process among its descendants (the ingest
  process, or one worker: each waits for its workers, so their peaks are included). A fresh
  wrapper per size, so an earlier size cannot leak into the figure.
- `tree_peak`: the largest sum of RSS over every descendant of the wrapper (ingest process and
  workers together), sampled from /proc every `POLL_SECONDS`. Sampling can miss a short spike;
  shared pages (the interpreter, libraries) are counted once per process, as RSS does.

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
from pathlib import Path
from typing import Any

from bench.corpus import copy_reports

POLL_SECONDS = 0.05
KIB_PER_MIB = 1024
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
WRAPPER = (
    "import json, resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(json.dumps({'returncode': code, 'children_maxrss_kib': peak}))\n"
)
INGEST = "from pipeline.cli import main; main()"


def clean_env(cache_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIPELINE_", "OPENAI_"))}
    return {**env, "PIPELINE_CACHE_DIR": str(cache_dir)}


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


def run_sampled(command: Sequence[str], env: dict[str, str], cwd: Path) -> tuple[str, float, int]:
    """Run `command`; return (stdout, seconds, largest sampled RSS sum of its descendants in KiB)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    tree_peak = 0
    while process.poll() is None:
        tree_peak = max(tree_peak, sum(rss_kib(pid) for pid in descendants(process.pid)))
        time.sleep(POLL_SECONDS)
    seconds = time.perf_counter() - started
    stdout = process.stdout.read().decode() if process.stdout else ""
    return stdout, seconds, tree_peak


def measure_ingest_memory(samples: Sequence[Path], count: int, workers: int, work: Path) -> dict[str, Any]:
    folder = work / f"memory-in-{count}"
    copy_reports(samples, folder, count)
    ingest = [sys.executable, "-c", INGEST, "ingest", str(folder), "--out", str(work / f"memory-run-{count}")]
    command = [sys.executable, "-c", WRAPPER, *ingest, "--workers", str(workers)]
    stdout, seconds, tree_peak = run_sampled(command, clean_env(work / "memory-cache"), work)
    result = json.loads(stdout.strip().splitlines()[-1])
    if result["returncode"] != 0:
        raise RuntimeError(f"{folder}: pipeline ingest exited {result['returncode']}")
    return {
        "reports": count,
        "workers": workers,
        "seconds": round(seconds, 3),
        "reports_per_s": round(count / seconds, 2),
        "largest_process_peak_mib": round(result["children_maxrss_kib"] / KIB_PER_MIB, 1),
        "tree_peak_mib": round(tree_peak / KIB_PER_MIB, 1),
    }


def measure_memory(samples: Sequence[Path], counts: Sequence[int], workers: int, work: Path) -> dict[str, Any]:
    """One fresh process tree per size; growth = largest / smallest size's peaks."""
    runs = [measure_ingest_memory(samples, count, workers, work) for count in counts]
    first, last = runs[0], runs[-1]
    return {
        "runs": runs,
        "largest_process_growth": round(last["largest_process_peak_mib"] / first["largest_process_peak_mib"], 3),
        "tree_growth": round(last["tree_peak_mib"] / first["tree_peak_mib"], 3) if first["tree_peak_mib"] else None,
    }
