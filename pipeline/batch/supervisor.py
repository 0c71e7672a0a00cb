"""Worker processes that each run one report at a time, under a wall-clock and a memory limit.

The parent hands a worker one task over a pipe, and its next one while it runs (`AHEAD_WHILE_QUEUED`),
and knows which report each worker is on and since when, so it can enforce per-report limits that
a hostile file cannot escape:

- **time**: a report still running after `report_timeout_s` seconds has its worker killed;
- **memory**: a worker (with every process it started) whose resident memory passes
  `report_memory_mb` is killed — the size is sampled every `POLL_S` seconds from `POLL_S` into
  the report, so a report that inflates a zip bomb is stopped within a fraction of a second of
  crossing the line;
- **crash**: a worker that dies (segfault, OOM killer) fails only the report it was running.

Each of these becomes one failed outcome (stage `limit` or `worker`) naming the file and the
setting, the dead worker is replaced by a fresh one, and the run goes on to its exports:

    in flight: a.pdf (w1), bomb.docx (w2)   → w2 passes 1024 MB after 0.8 s → killed
    outcome:   bomb.docx failed (limit): "over the memory limit (1543.1 MB > report_memory_mb = 1536)"
    w2 replaced, next task sent to it; a.pdf finishes normally

A report still running after `SLOW_AFTER` seconds is told to `slow(task, seconds)` every
`SLOW_EVERY` seconds (a progress line, so a huge file does not look like a hang).

Workers are forked from the parent where that is safe — on Linux, while the parent runs a single
thread (`start_method`) — so a worker starts with the pipeline the parent has already imported (a
spawned worker spends ~0.3–0.5 s of CPU importing it again and compiling its patterns: half a
millisecond per report of a 1,000-report run); beside another thread (the live progress bar's)
they are spawned, as a fork could copy a lock that thread holds. Either way they die with the
parent (`parent_watch`), and are recycled once their memory grew by `RECYCLE_GROWTH_MB` since
they started, as a parser that leaks per file makes it grow (checked every `MEMORY_CHECK_EVERY`
reports), or after `MAX_TASKS_PER_CHILD` reports — but not for the last few reports of a run
(`RECYCLE_WORTH`). They ignore SIGINT: Ctrl-C reaches the parent alone, which kills the busy
workers on its way out (results are written atomically, so a killed worker leaves nothing half-written).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import wait

from pipeline.batch import slow as slow_module
from pipeline.batch.hygiene import tree_rss_mb
from pipeline.batch.limits import LIMIT_STAGE, Limits
from pipeline.batch.outcome import ReportOutcome, Task
from pipeline.batch.pool import MAX_TASKS_PER_CHILD, WORKER_DIED, Run, Slow
from pipeline.batch.state import BatchError
from pipeline.batch.work import failed_outcome
from pipeline.batch.worker_loop import serve
from pipeline.core.parent_watch import boot

POLL_S = 0.1
STOP_GRACE_S = 2.0
MEMORY_CHECK_EVERY = 100
"""A worker's resident memory is read (one /proc read, ~0.4 ms of the parent's CPU) after every
this many of its reports, to see whether it grew by more than `RECYCLE_GROWTH_MB`."""
RECYCLE_GROWTH_MB = 64.0
"""Growth of a worker's resident memory since its READY (its imports done) above which it is
replaced: more than a text report's passing peak leaves behind (a worker stays within ~1 MiB of
its first report's size over 1,000 sample reports), about what its imports take (~50 MiB). A large
report whose memory the allocator keeps is replaced too, which returns that memory."""
RECYCLE_WORTH = 40
"""A worker due for replacement is replaced only while at least this many reports per worker
are queued: a fresh worker's start-up costs 0.35–0.6 s of CPU, 25–45 reports' worth, so it is not
spent on the last few (two workers over 1,000 reports: the first to reach 500, a few dozen reports
ahead of the other, would otherwise start a third process for what is left)."""
AHEAD_WHILE_QUEUED = 2
"""A worker is handed its next report while it runs one (`_Worker.ahead`, read from its pipe as soon
as it sends the outcome, so it never waits for the parent to wake up and answer) only while at
least this many reports per worker are queued: a report handed ahead waits behind the one its
worker is on, so near the end of a run, where another worker could be idle, none is."""


def start_method() -> str:
    """`fork` on Linux while this process runs one thread, else `spawn` (see the module docstring).

    A forked child holds only the forking thread: a lock another thread held at that moment (the
    live progress bar's console lock, an I/O buffer's) stays held in the child for good. With one
    thread there is no such lock, and the child starts with the parent's imports and caches.
    """
    return "fork" if sys.platform.startswith("linux") and threading.active_count() == 1 else "spawn"


class _Worker:
    """One worker process, the parent's end of its pipe, and the report it is on."""

    def __init__(self, run: Run) -> None:
        # Chosen per worker: a thread may have begun since the last one started.
        fork = start_method() == "fork"
        context = multiprocessing.get_context("fork") if fork else multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=boot, args=(child, os.getpid()), daemon=True)
        self.process.start()
        child.close()
        self.conn.send((serve, (run,)))  # unpickled once the guards are armed (spawned: imports the pipeline)
        self.task: Task | None = None
        self.ahead: Task | None = None  # handed over while `task` runs: its next report
        self.retiring = False  # told to exit after its report (`retire`): it is given no other
        self.ready = False  # its READY message came: it takes a task as soon as it is sent
        self.started: float | None = None  # when the worker began the task
        self.slow_at = 0.0  # seconds into the task of its next progress line
        self.done = 0
        self.base_mb = 0.0  # its resident memory at READY

    def takes(self, queued: int, workers: int) -> bool:
        """Whether to hand it a task now: it has none, or one and `queued` leaves one to hand ahead."""
        if self.task is None:
            return True
        return self.ahead is None and not self.retiring and queued >= workers * AHEAD_WHILE_QUEUED

    def give(self, task: Task) -> None:
        self.conn.send(task)
        if self.task is not None:
            self.ahead = task
            return
        self.task, self.started = task, time.monotonic() if self.ready else None
        self.slow_at = slow_module.SLOW_AFTER

    def finish(self) -> Task:
        """The report it was on, done; the one handed ahead, if any, is its report from now on."""
        task, self.task, self.ahead = self.task, self.ahead, None
        if self.task is not None:  # begun as the last one ended
            self.started, self.slow_at = time.monotonic(), slow_module.SLOW_AFTER
        self.done += 1
        assert task is not None
        return task

    def retire(self) -> None:
        """Let it finish the report it is on, then exit (its loop ends at the `None`)."""
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.retiring = True

    def stop(self) -> None:
        """Ask an idle worker to exit; kill it if it does not."""
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(STOP_GRACE_S)
        self.kill()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


def run_supervised(
    tasks: Iterable[Task],
    run: Run,
    workers: int,
    limits: Limits,
    slow: Slow | None = None,
    idle: Callable[[], None] | None = None,
) -> Iterator[ReportOutcome]:
    """Outcomes of `run(task)` for every task, in completion order, `workers` at a time;
    `idle()` is called after a poll interval in which no worker had anything to say."""
    queue = deque(tasks)
    pool: list[_Worker] = []
    try:
        while queue or any(worker.task for worker in pool):
            while queue and len(pool) < workers:
                pool.append(_Worker(run))
            for _ in range(2):  # each its report first, then one ahead
                for worker in pool:
                    if queue and worker.takes(len(queue), workers):
                        worker.give(queue.popleft())
            busy = [worker for worker in pool if worker.task is not None]
            if not wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=POLL_S) and idle:
                idle()
            for worker in busy:
                outcome = _check(worker, limits)
                if outcome is None:
                    _tell_if_slow(worker, slow)
                    continue
                yield from _after(worker, outcome, pool, queue, workers)
    finally:
        for worker in pool:
            if worker.task is None:
                worker.stop()
            else:
                worker.kill()


def _after(
    worker: _Worker, outcome: ReportOutcome, pool: list[_Worker], queue: deque[Task], workers: int
) -> Iterator[ReportOutcome]:
    """`outcome` (and the failure of a report it died on since), once the worker is given its
    next report ahead of recording this one (a manifest fsync), retired, or replaced.

        outcome of a, b ahead, alive     → c handed ahead (b runs now); a
        killed at a limit on a, b ahead  → b back at the front of the queue; a failed
        outcome of a, b ahead, now dead  → a; b failed (worker): it died on b
    """
    alive = worker.process.is_alive()
    if worker.task is not None and not alive:  # died since its outcome came: on the report handed ahead
        failed = _fail(worker, WORKER_DIED, "worker")
        pool.remove(worker)
        yield outcome
        yield failed
        return
    if not alive:  # killed at a limit (`_fail`)
        if worker.ahead is not None:  # never begun: another worker runs it
            queue.appendleft(worker.ahead)
        worker.kill()
        pool.remove(worker)
    elif worker.retiring or _due(worker, len(queue) + (worker.task is not None), workers):
        if worker.task is None:
            worker.stop()
            pool.remove(worker)
        elif not worker.retiring:
            worker.retire()  # replaced once the report handed ahead is done
    elif queue and worker.takes(len(queue), workers):
        worker.give(queue.popleft())
    yield outcome


def _check(worker: _Worker, limits: Limits) -> ReportOutcome | None:
    """The worker's outcome if it has one (finished, died, or over a limit), else None."""
    while worker.conn.poll():
        try:
            message: ReportOutcome | str = worker.conn.recv()
        except (EOFError, OSError):
            return _fail(worker, WORKER_DIED, "worker")
        if isinstance(message, ReportOutcome):
            worker.finish()
            return message
        worker.ready, worker.started = True, time.monotonic()  # the READY message
        worker.base_mb = tree_rss_mb(worker.process.pid or 0)
    if not worker.process.is_alive():
        return _fail(worker, WORKER_DIED, "worker")
    if worker.started is None:
        return None  # a fresh worker still importing: its report has not begun
    elapsed = time.monotonic() - worker.started
    if limits.timeout_s is not None and elapsed > limits.timeout_s:
        return _fail(
            worker, f"over the time limit (still running after {limits.timeout_s:g} s = report_timeout_s)"
        )
    # Sampled once the report has run a poll interval: a report that ends sooner (most do) is never
    # sampled, and reading /proc for every report cost the parent ~0.4 ms of CPU each.
    if limits.memory_mb is not None and elapsed >= POLL_S:
        rss = tree_rss_mb(worker.process.pid or 0)
        if rss > limits.memory_mb:
            return _fail(
                worker, f"over the memory limit ({rss:.1f} MB > report_memory_mb = {limits.memory_mb:g})"
            )
    return None


def _due(worker: _Worker, left: int, workers: int) -> bool:
    """Whether to replace a live worker that finished a report (`left`: reports it has not begun)."""
    return left >= workers * RECYCLE_WORTH and _worn(worker)


def _worn(worker: _Worker) -> bool:
    """Whether a live worker that just finished a report should be replaced: after
    `MAX_TASKS_PER_CHILD` reports, or at a memory check that finds it grew by more than
    `RECYCLE_GROWTH_MB` since its READY."""
    if worker.done >= MAX_TASKS_PER_CHILD:
        return True
    if worker.done % MEMORY_CHECK_EVERY:
        return False
    return tree_rss_mb(worker.process.pid or 0) > worker.base_mb + RECYCLE_GROWTH_MB


def _tell_if_slow(worker: _Worker, slow: Slow | None, now: float | None = None) -> None:
    """Tell `slow` about a report running past `SLOW_AFTER` s, then every `SLOW_EVERY` s
    (`now`: the `time.monotonic()` reading to judge by, given by tests)."""
    if slow is None or worker.task is None or worker.started is None:
        return
    elapsed = (time.monotonic() if now is None else now) - worker.started
    if elapsed >= worker.slow_at:
        slow(worker.task, elapsed)
        worker.slow_at += slow_module.SLOW_EVERY


def _fail(worker: _Worker, reason: str, stage: str = LIMIT_STAGE) -> ReportOutcome:
    """Kill the worker (it is replaced by the loop) and fail the report it was on (one handed ahead
    stays in `ahead`, never begun: `_after` queues it again)."""
    worker.kill()
    task, worker.task = worker.task, None
    assert task is not None
    worker.done = MAX_TASKS_PER_CHILD  # the process is gone: `is_alive` is False, so it is replaced
    return failed_outcome(task, BatchError(reason, task.path), stage)
