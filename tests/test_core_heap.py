"""A worker's heap: with the mmap threshold fixed, a big block freed leaves the process."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

# In a fresh interpreter: free one 24 MiB block (glibc then raises its threshold to 24 MiB), then
# fill and free another; print how much of it stays resident (MiB).
PROBE = r"""
import sys
if sys.argv[1] == "fixed":
    from pipeline.core.heap import return_big_blocks
    return_big_blocks()

def resident():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

block = bytearray(24 << 20)
del block
before = resident()
block = bytearray(24 << 20)
del block
print(round(resident() - before))
"""

glibc_only = pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc", reason="glibc's malloc only"
)


def resident_after_free(mode: str) -> int:
    done = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True)
    return int(done.stdout)


@glibc_only
def test_a_big_block_freed_stays_resident_by_default() -> None:
    assert resident_after_free("default") >= 20


@glibc_only
def test_with_the_threshold_fixed_a_big_block_freed_leaves_the_process() -> None:
    assert resident_after_free("fixed") <= 2


# Fill the heap with 40,000 blocks of 1 KiB (above pymalloc's 512 bytes: malloc serves them), keep
# one past them alive so the heap's top cannot shrink, free the rest; print the MiB still resident
# above the start, then the same after `release_freed_heap`.
TRIM_PROBE = r"""
from pipeline.core.heap import release_freed_heap, return_big_blocks
return_big_blocks()

def resident():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

start = resident()
blocks = [bytes(1024) for _ in range(40_000)]
kept = bytes(1024)
del blocks
freed = resident() - start
release_freed_heap()
print(round(freed), round(resident() - start))
"""


@glibc_only
def test_small_blocks_freed_inside_the_heap_leave_once_it_is_trimmed() -> None:
    done = subprocess.run([sys.executable, "-c", TRIM_PROBE], capture_output=True, text=True, check=True)
    freed, trimmed = map(int, done.stdout.split())

    assert (freed >= 30, trimmed <= 4) == (True, True)
