"""Wall time and CPU time of one measured step, side by side.

The machine the bench runs on is shared, so wall time alone misleads: a step that waited for a
core shows a long wall time but an unchanged CPU time. Every figure is therefore taken with a
`Stopwatch`, which reads both clocks:

- wall: `time.perf_counter()`;
- CPU: this process's user + system time (`time.process_time()`, every thread) plus that of its
  child processes that finished during the step (`RUSAGE_CHILDREN`: worker processes and
  subprocesses are counted once they have exited and been waited for, which `run_batch` and
  `subprocess.run` both do before returning).

Worked example: two worker processes busy for 10 s each while the parent idles give about
10 s wall and 20 s CPU; `cpu / wall` ≈ 2 says both cores were in use.
"""

from __future__ import annotations

import resource
import time
from dataclasses import dataclass


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class Elapsed:
    wall: float
    cpu: float


class Stopwatch:
    """`with Stopwatch() as clock: ...` then `clock.elapsed` (or `clock.wall`, `clock.cpu`)."""

    def __enter__(self) -> Stopwatch:
        self._wall = time.perf_counter()
        self._cpu = time.process_time() + _children_cpu()
        self.elapsed = Elapsed(0.0, 0.0)
        return self

    def __exit__(self, *_: object) -> None:
        wall = time.perf_counter() - self._wall
        cpu = time.process_time() + _children_cpu() - self._cpu
        self.elapsed = Elapsed(wall, cpu)

    @property
    def wall(self) -> float:
        return self.elapsed.wall

    @property
    def cpu(self) -> float:
        return self.elapsed.cpu
