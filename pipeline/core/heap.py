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

What the fixed threshold does not return is a freed stretch *inside* the heap: glibc gives back
only the heap's free top, so the many small blocks a file parser frees (lxml's nodes and buffers,
zip inflate windows, openpyxl's larger Python objects) stay resident below whatever the
parser last left alive. `release_freed_heap` hands every whole free page back (`malloc_trim(0)`);
`read_document` calls it once a reader is done, so the extraction stages start from the text
alone. Measured with `python -m bench.memory_files` (peak RSS a 1 MB file adds to a worker): a
workbook 15.0 → 8.7 MiB, a Word file 6.3 → 1.2 MiB; 0.03–0.3 ms per call.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import sys

_M_MMAP_THRESHOLD = -3  # glibc <malloc.h>
MMAP_THRESHOLD_BYTES = 128 * 1024  # glibc's default, kept fixed


@functools.cache
def _libc() -> ctypes.CDLL | None:
    """The C library when it is glibc on Linux (it has `mallopt` and `malloc_trim`), else None."""
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None)
    return libc if hasattr(libc, "malloc_trim") else None


def return_big_blocks() -> None:
    """Keep glibc's mmap threshold fixed, so big freed blocks leave the process (see the module)."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc (no mallopt): nothing to tune
        if (libc := _libc()) is not None:
            libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)


def release_freed_heap() -> None:
    """Give the heap's free pages back to the system (glibc only; see the module docstring)."""
    with contextlib.suppress(OSError, AttributeError):
        if (libc := _libc()) is not None:
            libc.malloc_trim(0)
