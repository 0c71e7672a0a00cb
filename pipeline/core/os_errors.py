"""An `OSError` as one line naming the path: what a user sees instead of a traceback.

    >>> os_error_line(OSError(errno.ENOSPC, "No space left on device", "runs/2024/results.xlsx"))
    'runs/2024/results.xlsx: disk full (No space left on device)'

The common causes get a plain-words reason first (disk full, read-only, permission); the OS's
own text follows in brackets. Names are shown with `display_path`, so an undecodable or
multi-line file name still prints as one line.
"""

from __future__ import annotations

import errno
import os

from pipeline.core.paths import display_path

_PLAIN = {
    errno.ENOSPC: "disk full",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOENT: "no such file or directory",
}


def os_reason(exc: OSError) -> str:
    """`"disk full (No space left on device)"`: plain words, then the OS's text."""
    detail = exc.strerror or str(exc)
    plain = _PLAIN.get(exc.errno) if exc.errno is not None else None
    return f"{plain} ({detail})" if plain and plain.lower() != detail.lower() else detail


def os_error_line(exc: OSError) -> str:
    path = exc.filename
    if path is None:
        return os_reason(exc)
    return f"{display_path(os.fsdecode(path))}: {os_reason(exc)}"
