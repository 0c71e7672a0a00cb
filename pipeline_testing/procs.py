"""Processes seen through /proc (Linux), for tests and the bench that check what a kill left alive."""

from __future__ import annotations


def process_alive(pid: int) -> bool:
    """True while `pid` exists and is not a zombie (state `Z` in /proc/PID/stat: it exited and
    only waits for its parent to reap it, so it holds no memory and does no work)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            # the command name (field 2) may hold spaces or parentheses: the state follows the last ")"
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
