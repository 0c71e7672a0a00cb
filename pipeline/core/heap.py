"""The C heap of a worker process: large blocks go back to the system as soon as they are freed.

glibc's malloc serves a block above `M_MMAP_THRESHOLD` (128 KiB) with its own `mmap`, returned
to the system by `free`, but it raises that threshold to the size of every such block freed (up to
32 MiB). After the first big block is freed, big blocks come from the heap instead, and a freed
stretch of heap stays resident. Python's small objects never reuse it (they live in pymalloc's
own arenas), so a report's passes over its text — each builds a new text and offset map, then
frees the old — leave their high-water mark resident while the layout's objects pile up on top.

Setting the threshold once fixes it at its default and switches the raising off. Measured with
`python -m bench.memory_files` (peak RSS a report adds to a worker): a 10 MB text report 285 → 199
MiB (resident after normalising: ~120 → ~55 MiB), a 1 MB one 17.5 → 10.9 MiB; CPU time the same
within the noise. Other platforms and C libraries are left as they are.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys

_M_MMAP_THRESHOLD = -3  # glibc <malloc.h>
MMAP_THRESHOLD_BYTES = 128 * 1024  # glibc's default, kept fixed


def return_big_blocks() -> None:
    """Keep glibc's mmap threshold fixed, so big freed blocks leave the process (see the module)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):  # not glibc (no mallopt): nothing to tune
        ctypes.CDLL(None).mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
