"""Paths that must never be opened as reports: FIFOs, sockets, devices, broken symlinks.

Opening a FIFO blocks until someone writes to it (forever, in a batch); a character device can
stream without end. So a path's type is read with `stat` — which never opens the file — and
anything but a regular file (or a symlink to one) is refused with a reason the run reports:

    >>> os.mkfifo("pipe.txt"); special_file_reason(Path("pipe.txt"))  # doctest: +SKIP
    'is a FIFO (named pipe), not a regular file: not opened'
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def special_file_reason(path: Path) -> str | None:
    """Why `path` must not be opened, or None for a regular file, a directory or a missing path."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.islink(path):
            return f"is a broken symbolic link (to {os.readlink(path)!r}): not opened"
        return None
    except OSError:
        return None  # unreadable parent, loop: reading it reports the OS error
    return special_mode_reason(mode)


def special_mode_reason(mode: int) -> str | None:
    """Why a file of `mode` (an `os.stat` result's `st_mode`) must not be opened, or None."""
    for test, kind in _KINDS:
        if test(mode):
            return f"is {kind}, not a regular file: not opened"
    return None


def is_inside(path: Path, directory: Path) -> bool:
    """True when `path` is `directory` or lies under it (both resolved, symlinks followed)."""
    try:
        return path.resolve().is_relative_to(directory.resolve())
    except (OSError, RuntimeError):
        return False
