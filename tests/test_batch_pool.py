"""Bounded concurrency, and surviving a worker process that dies mid-report."""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from pipeline.batch.outcome import ReportOutcome, Task
from pipeline.batch.pool import run_bounded


def _task(name: str) -> Task:
    return Task(path=name, key=f"/{name}", sha256=None, result=f"{name}.json")


def finish(task: Task) -> ReportOutcome:
    if task.path.startswith("crash"):
        os._exit(1)  # a segfault or the OOM killer, as far as the pool can tell
    if task.path.startswith("slow"):
        time.sleep(0.3)  # keeps innocent tasks in flight when the crash happens
    if task.path == "raise":
        raise ValueError("escaped the worker's own error handling")
    return ReportOutcome(task=task, status="ok", projects=len(task.path))


class CountingPool(ThreadPoolExecutor):
    """A thread pool that records the most futures ever pending at once."""

    def __init__(self, workers: int) -> None:
        super().__init__(workers)
        self.pending = self.peak = 0
        self.lock = threading.Lock()

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self.lock:
            self.pending += 1
            self.peak = max(self.peak, self.pending)
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _done(self, future: Future[Any]) -> None:
        with self.lock:
            self.pending -= 1


def test_run_bounded_never_has_more_than_limit_in_flight() -> None:
    tasks = deque(_task(f"r{n}") for n in range(200))
    with CountingPool(4) as pool:
        outcomes = list(run_bounded(pool, tasks, finish, limit=6))
    assert sorted(o.task.path for o in outcomes) == sorted(f"r{n}" for n in range(200))
    assert 1 <= pool.peak <= 6
    assert not tasks


def test_an_exception_escaping_the_task_is_an_internal_failure() -> None:
    with ThreadPoolExecutor(2) as pool:
        outcomes = {
            o.task.path: o for o in run_bounded(pool, deque([_task("ok"), _task("raise")]), finish, 4)
        }
    assert outcomes["ok"].ok
    failed = outcomes["raise"]
    assert (failed.status, failed.stage, failed.reason) == (
        "failed", "internal", "ValueError: escaped the worker's own error handling"
    )  # fmt: skip


def _slow_run(task: Task) -> ReportOutcome:
    time.sleep(0.35)
    return ReportOutcome(task=task, status="ok")


def test_a_task_running_long_is_reported_while_it_runs(monkeypatch: Any) -> None:
    import pipeline.batch.slow as slow_module

    monkeypatch.setattr(slow_module, "SLOW_AFTER", 0.1)
    monkeypatch.setattr(slow_module, "SLOW_EVERY", 0.1)
    inline: list[tuple[str, float]] = []
    threaded: list[tuple[str, float]] = []

    with slow_module.watch(lambda s: inline.append(("big.txt", s))):
        outcome = _slow_run(_task("big.txt"))
    with ThreadPoolExecutor(1) as executor:
        queue = deque([_task("huge.txt")])
        list(run_bounded(executor, queue, _slow_run, 2, lambda t, s: threaded.append((t.path, s))))

    assert outcome.status == "ok"
    assert {path for path, _ in inline} == {"big.txt"} and len(inline) >= 2
    assert {path for path, _ in threaded} == {"huge.txt"} and len(threaded) >= 1
    assert all(seconds >= 0.09 for _, seconds in inline + threaded)


def test_a_quick_task_is_never_reported(monkeypatch: Any) -> None:
    import pipeline.batch.slow as slow_module

    monkeypatch.setattr(slow_module, "SLOW_AFTER", 5.0)
    reported: list[float] = []
    with slow_module.watch(reported.append):
        finish(_task("a"))
    with ThreadPoolExecutor(1) as executor:
        list(run_bounded(executor, deque([_task("b")]), finish, 2, lambda t, s: reported.append(s)))
    assert reported == []
