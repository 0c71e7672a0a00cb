"""Running tasks concurrently with a bounded number in flight, surviving dying workers.

`run_bounded` keeps at most `limit` tasks submitted at once and yields outcomes as they finish,
so a run over 10,000 reports holds ~`limit` pending tasks, not 10,000 futures. It runs the LLM
backends' thread pool; the rules backend's processes are run by `supervisor`, which knows which
report each worker is on and so needs none of the isolation below.

A worker process that dies (segfault in a PDF library, the OOM killer) breaks the whole
`ProcessPoolExecutor`: every task in flight fails with `BrokenProcessPool`, and only one of them
was the culprit. So those tasks go back to the front of the queue marked `isolated`, and an
isolated task runs alone in a fresh pool. If it breaks the pool again, it was the culprit and
fails with stage `worker`; the innocent ones simply succeed.

    in flight: a.pdf, b.pdf, c.pdf  → b.pdf kills its worker → pool broken
    retry alone: a.pdf ok, b.pdf breaks again → failed (worker), c.pdf ok

A task running longer than `slow.SLOW_AFTER` seconds is reported to `slow(task, seconds)` every
`slow.SLOW_EVERY` seconds, so a huge file does not look like a hang (the supervisor does the same
for its workers; `slow.watch` does it for a block run in this thread).
"""

from __future__ import annotations

import dataclasses
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from concurrent.futures.process import BrokenProcessPool

from pipeline.batch import slow as slow_module
from pipeline.batch.outcome import ReportOutcome, Task
from pipeline.batch.state import BatchError
from pipeline.batch.work import failed_outcome

Run = Callable[[Task], ReportOutcome]
Slow = Callable[[Task, float], None]
"""Told about a task still running: the task and the seconds since it started."""
# A worker is replaced after this many reports whatever its memory (`supervisor`), and sooner once
# its memory grew (`supervisor.RECYCLE_GROWTH_MB`: what a parser that leaks per file shows).
# A fresh worker spends ~0.4 s of CPU on start-up (interpreter, imports, first-use caches), about
# 25 reports' worth, and a worker's resident memory stays flat over 1,000 text reports (41.8 MiB
# after the 100th, 42.9 after the 1,000th), so a count alone is a backstop, not the policy.
MAX_TASKS_PER_CHILD = 5000
WORKER_DIED = "the worker process died while extracting this report (crash or out of memory)"


def run_bounded(
    pool: Executor, queue: deque[Task], run: Run, limit: int, slow: Slow | None = None
) -> Iterator[ReportOutcome]:
    """Drain `queue` through `pool`; return early (queue refilled) if the pool breaks."""
    in_flight: dict[Future[ReportOutcome], Task] = {}
    started: dict[Future[ReportOutcome], float] = {}
    while queue or in_flight:
        try:
            _fill(pool, queue, run, limit, in_flight)
        except BrokenProcessPool:
            if not in_flight:
                return  # broken with nothing to blame: the caller starts a fresh pool
        done = _wait(in_flight, started, slow, max(1, limit // 2))
        if any(_is_broken(future) for future in done):
            yield from _after_break(queue, in_flight)
            return
        for future in done:
            task = in_flight.pop(future)
            error = future.exception()
            yield failed_outcome(task, error, "internal") if error else future.result()


def _wait(
    in_flight: dict[Future[ReportOutcome], Task],
    started: dict[Future[ReportOutcome], float],
    slow: Slow | None,
    workers: int,
) -> set[Future[ReportOutcome]]:
    """Wait for at least one task to finish, telling `slow` about long-running ones meanwhile.

    `started` holds when each task was first seen running; a task is reported after `SLOW_AFTER`
    seconds and then every `SLOW_EVERY` seconds (ticks of `SLOW_AFTER`, rounded to them). Only the
    `workers` longest-running are reported: a process pool marks a task running as soon as it is
    queued for a worker, one more than there are workers.
    """
    if slow is None:
        return wait(in_flight, return_when=FIRST_COMPLETED).done
    ticks = 0
    while True:
        done = wait(in_flight, timeout=slow_module.SLOW_AFTER, return_when=FIRST_COMPLETED).done
        for future in done:
            started.pop(future, None)
        if done:
            return done
        ticks += 1
        now = time.monotonic()
        for future in in_flight:
            if future.running():
                started.setdefault(future, now - slow_module.SLOW_AFTER)
        if ticks == 1 or (ticks * slow_module.SLOW_AFTER) % slow_module.SLOW_EVERY == 0:
            running = sorted((since, id(f), f) for f, since in started.items() if f in in_flight)
            for since, _, future in running[:workers]:
                slow(in_flight[future], now - since)


def _fill(
    pool: Executor, queue: deque[Task], run: Run, limit: int, in_flight: dict[Future[ReportOutcome], Task]
) -> None:
    """Submit while there is room; an isolated task waits for an empty pool and then runs alone."""
    while queue and len(in_flight) < limit:
        isolating = any(task.isolated for task in in_flight.values())
        if isolating or (queue[0].isolated and in_flight):
            return
        task = queue.popleft()
        try:
            in_flight[pool.submit(run, task)] = task
        except BaseException:
            queue.appendleft(task)
            raise


def _is_broken(future: Future[ReportOutcome]) -> bool:
    return isinstance(future.exception(), BrokenProcessPool)


def _after_break(queue: deque[Task], in_flight: dict[Future[ReportOutcome], Task]) -> Iterator[ReportOutcome]:
    """Yield what finished before the break; requeue the rest isolated; fail an isolated culprit."""
    wait(in_flight)  # the executor resolves every pending future once it notices the break
    retry = []
    for future, task in in_flight.items():
        if not _is_broken(future):
            error = future.exception()
            yield failed_outcome(task, error, "internal") if error else future.result()
        elif task.isolated:
            yield failed_outcome(task, BatchError(WORKER_DIED, task.path), "worker")
        else:
            retry.append(dataclasses.replace(task, isolated=True))
    in_flight.clear()
    queue.extendleft(reversed(retry))
