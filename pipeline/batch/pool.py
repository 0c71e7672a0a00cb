"""Running tasks concurrently with a bounded number in flight, surviving dying workers.

`run_bounded` keeps at most `limit` tasks submitted at once and yields outcomes as they finish,
so a run over 10,000 reports holds ~`limit` pending tasks, not 10,000 futures.

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
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from pipeline.batch.outcome import ReportOutcome, Task
from pipeline.batch.state import BatchError
from pipeline.batch.work import failed_outcome

Run = Callable[[Task], ReportOutcome]
# Recycle workers now and then: parsers may leak memory per file. Not too often: a fresh worker
# spends ~0.4 s of CPU on start-up (interpreter, imports, first-use caches), about 15 reports' worth;
# at one start per 100 reports that alone kept two workers under 1.8× one. Peak memory per worker
# stays flat over 1,000 text reports (bench, section 6).
MAX_TASKS_PER_CHILD = 500
WORKER_DIED = "the worker process died while extracting this report (crash or out of memory)"


def run_in_processes(tasks: Iterable[Task], run: Run, workers: int) -> Iterator[ReportOutcome]:
    """Run `run(task)` in `workers` processes (spawned: safe next to the progress thread)."""
    queue = deque(tasks)
    context = multiprocessing.get_context("spawn")
    while queue:
        pool = ProcessPoolExecutor(workers, mp_context=context, max_tasks_per_child=MAX_TASKS_PER_CHILD)
        try:
            yield from run_bounded(pool, queue, run, 2 * workers)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


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
