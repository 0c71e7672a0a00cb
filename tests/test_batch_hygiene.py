"""Workers die with the main process, even after `kill -9`; a process tree's memory is measured."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from pipeline.batch.hygiene import tree_rss_mb
from pipeline.core.parent_watch import parent_alive
from pipeline_testing.procs import process_alive

# A middle process that starts a grandchild guarded by `die_with_parent`, prints its pid, then waits.
_MIDDLE = """
import subprocess, sys, time
code = "import os, sys, time; from pipeline.core.parent_watch import die_with_parent; " \\
       "die_with_parent(int(sys.argv[1])); print('armed', flush=True); time.sleep(600)"
import os
child = subprocess.Popen([sys.executable, "-c", code, str(os.getpid())], stdout=subprocess.PIPE, text=True)
assert child.stdout.readline().strip() == "armed"
print(child.pid, flush=True)
time.sleep(600)
"""


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_guarded_child_dies_within_a_second_of_kill_9_of_its_parent() -> None:
    middle = subprocess.Popen([sys.executable, "-c", _MIDDLE], stdout=subprocess.PIPE, text=True)
    try:
        assert middle.stdout is not None
        grandchild = int(middle.stdout.readline())
        assert process_alive(grandchild)
        os.kill(middle.pid, signal.SIGKILL)
        middle.wait()
        deadline = time.monotonic() + 5
        while process_alive(grandchild) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not process_alive(grandchild)
    finally:
        if middle.poll() is None:
            middle.kill()


def test_parent_alive_compares_with_the_real_parent() -> None:
    assert parent_alive(os.getppid())
    assert not parent_alive(os.getppid() + 1_000_000)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_tree_rss_counts_children_and_is_zero_for_a_gone_process() -> None:
    own = tree_rss_mb(os.getpid())
    assert own > 5
    child = subprocess.Popen([sys.executable, "-c", "import time; x = b'x' * (80 << 20); time.sleep(60)"])
    try:
        deadline = time.monotonic() + 30
        while tree_rss_mb(os.getpid()) < own + 70 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert tree_rss_mb(os.getpid()) >= own + 70
    finally:
        child.kill()
        child.wait()
    assert tree_rss_mb(child.pid) == 0
