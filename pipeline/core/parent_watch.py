"""Die with the parent: the first thing a batch worker process does, before importing any stage.

A worker that outlived the main process would go on writing into a run directory whose lock
is gone (the OS released it with the dead parent). Two independent guards stop that:

- on Linux, `prctl(PR_SET_PDEATHSIG, SIGKILL)`: the kernel kills the worker the moment its
  parent exits, even after `kill -9` of the parent;
- everywhere, a daemon thread that checks `os.getppid()` every `WATCHDOG_S` seconds and exits
  the worker when the parent has changed (re-parented to init or a subreaper).

`boot` arms both and only then receives the worker's real work over the pipe: unpickling that
imports the whole pipeline (seconds on a busy machine), and a worker killed in those seconds
must already be guarded. This module imports nothing heavy for the same reason — it lives in
`pipeline.core` because importing anything under `pipeline.batch` imports every stage.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from multiprocessing.connection import Connection

from pipeline.core.heap import return_big_blocks

WATCHDOG_S = 0.5
_PR_SET_PDEATHSIG = 1


def boot(conn: Connection, parent_pid: int) -> None:
    """Worker process entry point: arm the guards and fix the heap's mmap threshold
    (`pipeline.core.heap`), then run `target(conn, *args)` sent by the parent."""
    die_with_parent(parent_pid)
    return_big_blocks()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    target, args = conn.recv()
    target(conn, *args)


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
