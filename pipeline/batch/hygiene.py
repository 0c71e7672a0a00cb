"""Process hygiene for batch workers: die with the parent, and measure a process tree's memory.

A worker that outlives the main process would go on writing into a run directory whose lock is
gone (the OS released it with the dead parent). Two independent guards stop that:

- on Linux, `prctl(PR_SET_PDEATHSIG, SIGKILL)`: the kernel kills the worker the moment its
  parent thread exits, even after `kill -9` of the parent;
- everywhere, a daemon thread that checks `os.getppid()` every `WATCHDOG_S` seconds and exits
  the worker when the parent has changed (re-parented to init or a subreaper), for kernels or
  platforms without the signal. `parent_alive` is also checked right before a result is written.

`tree_rss_mb(pid)` is what the pool compares with `report_memory_mb`: the resident memory of the
worker and of every process it started (a converter such as LibreOffice counts as the report's).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from pathlib import Path

WATCHDOG_S = 0.5
_PR_SET_PDEATHSIG = 1
_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4


def die_with_parent(parent_pid: int) -> None:
    """Make this process exit when `parent_pid` (its parent at start) goes away."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no libc prctl: the watchdog alone guards
            pass
    if not parent_alive(parent_pid):  # the parent died before the signal was armed
        os._exit(1)
    threading.Thread(target=_watch, args=(parent_pid,), name="parent-watchdog", daemon=True).start()


def parent_alive(parent_pid: int) -> bool:
    return os.getppid() == parent_pid


def _watch(parent_pid: int) -> None:
    while parent_alive(parent_pid):
        time.sleep(WATCHDOG_S)
    os._exit(1)


def tree_rss_mb(pid: int) -> float:
    """Resident memory in MB of `pid` and all its descendants (0 for a process that is gone).

    Descendants come from `/proc/<pid>/task/<tid>/children`; where /proc is missing the result
    is 0, so the memory limit is simply not enforced there.
    """
    total_kb, stack, seen = 0, [pid], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        total_kb += _rss_kb(current)
        stack.extend(_children(current))
    return total_kb / 1024


def _rss_kb(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/statm").read_text().split()
    except OSError:
        return 0
    return int(fields[1]) * _PAGE_KB


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in threads:
        try:
            found.extend(int(c) for c in Path(f"/proc/{pid}/task/{tid}/children").read_text().split())
        except OSError:
            continue
    return found
