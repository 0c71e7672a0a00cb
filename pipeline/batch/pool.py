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
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from concurrent.futures.process import BrokenProcessPool

from pipeline.batch.outcome import ReportOutcome, Task
from pipeline.batch.state import BatchError
from pipeline.batch.work import failed_outcome

Run = Callable[[Task], ReportOutcome]
MAX_TASKS_PER_CHILD = 100  # recycle workers now and then (`supervisor`): parsers may leak memory per file
WORKER_DIED = "the worker process died while extracting this report (crash or out of memory)"


def run_bounded(pool: Executor, queue: deque[Task], run: Run, limit: int) -> Iterator[ReportOutcome]:
    """Drain `queue` through `pool`; return early (queue refilled) if the pool breaks."""
    in_flight: dict[Future[ReportOutcome], Task] = {}
    while queue or in_flight:
        try:
            _fill(pool, queue, run, limit, in_flight)
        except BrokenProcessPool:
            if not in_flight:
                return  # broken with nothing to blame: the caller starts a fresh pool
        done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
        if any(_is_broken(future) for future in done):
            yield from _after_break(queue, in_flight)
            return
        for future in done:
            task = in_flight.pop(future)
            error = future.exception()
            yield failed_outcome(task, error, "internal") if error else future.result()


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
