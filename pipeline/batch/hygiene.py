"""A process tree's resident memory, which the worker pool compares with `report_memory_mb`.

It counts the worker and every process it started (a converter such as LibreOffice counts as
the report's). That workers die with the main process is `pipeline.core.parent_watch`.
"""

from __future__ import annotations

import os
from pathlib import Path

_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4


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
