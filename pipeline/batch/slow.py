"""When a report counts as slow, and `watch`: progress lines for a block that runs long.

A report still being read after `SLOW_AFTER` seconds gets a line, then one every `SLOW_EVERY`
seconds, so a huge file does not look like a hang: `pool.run_bounded` and the `supervisor` do it
for their tasks, `watch` for a block run in the calling thread (`pipeline extract`). Kept apart
from `pool` so that `pipeline extract` imports no process pool nor the run's bookkeeping.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

SLOW_AFTER = 5.0
SLOW_EVERY = 10.0
STOP_JOIN_S = 1.0


class watch:
    """Call `report(seconds)` once the block has run `SLOW_AFTER` s, then every `SLOW_EVERY` s.

    The calls come from a daemon thread, so a block stuck in C code (a parser) is still reported.
    `clock` and `pause` are `time.monotonic` and the stop event's `wait` (which returns True once
    the block has ended); a test passes a fake pair to see the schedule without waiting for it:

        pause(5) → report(5.0), pause(10) → report(15.0), pause(10) returns True → done
    """

    def __init__(
        self,
        report: Callable[[float], None] | None,
        clock: Callable[[], float] = time.monotonic,
        pause: Callable[[float], bool] | None = None,
    ) -> None:
        self.report = report
        self._stop = threading.Event()
        self._clock = clock
        self._pause = pause or self._stop.wait
        self._thread: threading.Thread | None = None

    def __enter__(self) -> None:
        if self.report is not None:
            self._thread = threading.Thread(target=self._loop, args=(self.report,), daemon=True)
            self._thread.start()

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(STOP_JOIN_S)  # a line being printed ends before the next output

    def _loop(self, report: Callable[[float], None]) -> None:
        started, wait_for = self._clock(), SLOW_AFTER
        while not self._pause(wait_for):
            report(self._clock() - started)
            wait_for = SLOW_EVERY
