"""Per-report time and memory limits, and a dying worker that fails only its own report."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline.batch import supervisor
from pipeline.batch.limits import Limits
from pipeline.batch.outcome import ReportOutcome, Task
from pipeline.batch.pool import WORKER_DIED
from pipeline.batch.slow import SLOW_AFTER, SLOW_EVERY
from pipeline.batch.supervisor import (
    AHEAD_WHILE_QUEUED,
    RECYCLE_WORTH,
    _tell_if_slow,
    _Worker,
    run_supervised,
    start_method,
)

pytestmark = pytest.mark.slow  # every test spawns worker processes

NO_LIMITS = Limits(timeout_s=None, memory_mb=None)


def test_a_slow_report_gets_a_progress_line_on_schedule_by_an_injected_clock() -> None:
    worker = _Worker.__new__(_Worker)  # the parent's record of a busy worker; no process needed
    worker.task, worker.started, worker.slow_at = _task("huge.txt"), 1000.0, SLOW_AFTER
    told: list[tuple[str, float]] = []
    for elapsed in (0.0, SLOW_AFTER - 0.1, SLOW_AFTER, SLOW_AFTER + 1, SLOW_AFTER + SLOW_EVERY):
        now = 1000.0 + elapsed
        _tell_if_slow(worker, lambda task, seconds: told.append((task.path, seconds)), now)
    assert told == [("huge.txt", SLOW_AFTER), ("huge.txt", SLOW_AFTER + SLOW_EVERY)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_workers_are_forked_while_the_parent_runs_one_thread_and_spawned_beside_another() -> None:
    alone = threading.active_count() == 1  # pytest's own thread, unless a test left one running
    assert start_method() == ("fork" if alone else "spawn")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert start_method() == "spawn"
    finally:
        stop.set()
        other.join()
    assert start_method() == ("fork" if alone else "spawn")


def _task(name: str) -> Task:
    return Task(path=name, key=f"/{name}", sha256="s", result=f"{name}.json")


_LEAKED: list[bytes] = []


def behave(task: Task) -> ReportOutcome:
    """A worker's `run`, told by the task's name what to do (module level: spawned workers import it)."""
    if task.path.startswith("crash"):
        os._exit(1)  # a segfault or the OOM killer, as far as the supervisor can tell
    if task.path.startswith("hang"):
        time.sleep(600)
    if task.path.startswith("hog"):
        hoard = [b"x" * (1 << 20) for _ in range(600)]  # 600 MB actually written, not just reserved
        time.sleep(600)
        del hoard
    if task.path.startswith("slow"):
        time.sleep(0.3)
    if task.path.startswith("leak"):
        _LEAKED.append(b"x" * (100 << 20))  # kept by the worker after its report, as a leak is
    if task.path == "raise":
        raise ValueError("escaped the worker's own error handling")
    return ReportOutcome(task=task, status="ok", projects=len(task.path), indicators=os.getpid())


def _run(names: list[str], workers: int, limits: Limits = NO_LIMITS) -> dict[str, ReportOutcome]:
    return {o.task.path: o for o in run_supervised([_task(n) for n in names], behave, workers, limits)}


def test_every_task_gets_one_outcome_and_workers_are_reused() -> None:
    outcomes = _run([f"r{n}" for n in range(6)], workers=2)
    assert sorted(outcomes) == [f"r{n}" for n in range(6)]
    assert all(o.ok for o in outcomes.values())
    assert len({o.indicators for o in outcomes.values()}) == 2  # two worker pids served six reports


@pytest.mark.parametrize(("left", "pids"), [(2, 1), (RECYCLE_WORTH, 2)])
def test_a_worker_past_its_task_limit_is_replaced_only_when_enough_reports_are_left(
    monkeypatch: pytest.MonkeyPatch, left: int, pids: int
) -> None:
    monkeypatch.setattr(supervisor, "MAX_TASKS_PER_CHILD", 3)
    outcomes = _run([f"r{n}" for n in range(3 + left)], workers=1)
    assert len(outcomes) == 3 + left
    assert len({o.indicators for o in outcomes.values()}) == pids  # worker pids


@pytest.mark.parametrize(("first", "pids"), [("leak", 2), ("a", 1)])
def test_a_worker_whose_memory_grew_is_replaced_at_its_next_memory_check(
    monkeypatch: pytest.MonkeyPatch, first: str, pids: int
) -> None:
    monkeypatch.setattr(supervisor, "MEMORY_CHECK_EVERY", 1)
    outcomes = _run([first] + [f"r{n}" for n in range(RECYCLE_WORTH)], workers=1)
    assert len(outcomes) == 1 + RECYCLE_WORTH
    assert outcomes[first].ok
    assert len({o.indicators for o in outcomes.values()}) == pids  # worker pids


def test_a_dying_worker_fails_only_its_own_report_and_is_replaced() -> None:
    outcomes = _run(["slow1", "crash", "slow2", "a", "b", "c"], workers=2)
    assert {n for n, o in outcomes.items() if o.ok} == {"slow1", "slow2", "a", "b", "c"}
    crashed = outcomes["crash"]
    assert (crashed.status, crashed.stage, crashed.reason, crashed.message) == (
        "failed", "worker", WORKER_DIED, f"crash: {WORKER_DIED}"
    )  # fmt: skip


def test_a_report_running_long_is_reported_while_it_runs_and_a_quick_one_never(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pipeline.batch.slow as slow_module

    monkeypatch.setattr(slow_module, "SLOW_AFTER", 0.1)
    monkeypatch.setattr(slow_module, "SLOW_EVERY", 0.1)
    reported: list[tuple[str, float]] = []
    tasks = [_task("slow-big.txt"), _task("a")]
    outcomes = list(run_supervised(tasks, behave, 1, NO_LIMITS, lambda t, s: reported.append((t.path, s))))
    assert sorted(o.task.path for o in outcomes if o.ok) == ["a", "slow-big.txt"]
    assert {path for path, _ in reported} == {"slow-big.txt"} and len(reported) >= 2
    assert all(seconds >= 0.1 for _, seconds in reported)


def test_an_exception_escaping_run_is_an_internal_failure() -> None:
    failed = _run(["raise", "a"], workers=1)["raise"]
    assert (failed.stage, failed.reason) == (
        "internal",
        "ValueError: escaped the worker's own error handling",
    )


def test_a_report_over_the_time_limit_is_killed_and_the_run_goes_on() -> None:
    start = time.monotonic()
    outcomes = _run(["hang", "a", "b"], workers=1, limits=Limits(timeout_s=1.0, memory_mb=None))
    assert time.monotonic() - start < 60  # not the 600 s the report would take
    hung = outcomes["hang"]
    reason = "over the time limit (still running after 1 s = report_timeout_s)"
    assert (hung.status, hung.stage, hung.reason, hung.message) == (
        "failed",
        "limit",
        reason,
        f"hang: {reason}",
    )
    assert outcomes["a"].ok and outcomes["b"].ok


def test_a_report_over_the_memory_limit_is_killed_and_the_run_goes_on() -> None:
    outcomes = _run(["hog", "a"], workers=1, limits=Limits(timeout_s=120.0, memory_mb=300))
    hog = outcomes["hog"]
    assert (hog.status, hog.stage) == ("failed", "limit")
    assert hog.reason is not None and hog.reason.startswith("over the memory limit (")
    assert hog.reason.endswith(" MB > report_memory_mb = 300)")
    assert outcomes["a"].ok


_MAIN = """
import sys, threading, time
if sys.argv[1] == "spawn":  # another thread running: the workers are spawned, not forked
    threading.Thread(target=time.sleep, args=(600,), daemon=True).start()
from pipeline.batch.limits import Limits
from pipeline.batch.outcome import Task
from pipeline.batch.supervisor import run_supervised
from tests.test_batch_supervisor import behave
tasks = [Task(path=f"hang{n}", key=f"/hang{n}", sha256="s", result=f"hang{n}.json") for n in range(2)]
for outcome in run_supervised(tasks, behave, 2, Limits(timeout_s=None, memory_mb=None)):
    print(outcome)
"""


@pytest.mark.parametrize("started_by", ["fork", "spawn"])
def test_workers_are_gone_within_seconds_of_kill_9_of_the_main_process(started_by: str) -> None:
    root = Path(__file__).resolve().parent.parent
    main = subprocess.Popen([sys.executable, "-c", _MAIN, started_by], cwd=root)
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while len(workers) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
            workers = [pid for pid in _children(main.pid) if "resource_tracker" not in _cmdline(pid)]
        assert len(workers) == 2
        assert [("spawn_main" in _cmdline(pid)) for pid in workers] == [started_by == "spawn"] * 2
        time.sleep(1.0)  # let them arm their guards and begin their reports
        os.kill(main.pid, signal.SIGKILL)
        main.wait()
        time.sleep(5)
        assert [pid for pid in workers if _alive(pid)] == []
    finally:
        if main.poll() is None:
            main.kill()


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_worker_is_handed_its_next_report_ahead_only_while_enough_are_queued() -> None:
    worker = _Worker.__new__(_Worker)  # the parent's record of a worker; no process needed
    worker.task, worker.ahead, worker.retiring = None, None, False
    assert worker.takes(queued=0, workers=2)  # an idle worker takes a report whatever is left
    worker.task = _task("a")
    assert worker.takes(queued=2 * AHEAD_WHILE_QUEUED, workers=2)
    assert not worker.takes(queued=2 * AHEAD_WHILE_QUEUED - 1, workers=2)  # near the end: none ahead
    worker.ahead = _task("b")
    assert not worker.takes(queued=100, workers=2)  # one ahead at most
    worker.ahead, worker.retiring = None, True
    assert not worker.takes(queued=100, workers=2)  # told to exit after its report


def test_a_worker_that_dies_on_the_report_handed_ahead_fails_that_report_alone() -> None:
    # "crash" is handed ahead while "a" runs; the worker sends a's outcome, then dies on it.
    outcomes = _run(["a", "crash", "b", "c", "d"], workers=1)
    assert {n for n, o in outcomes.items() if o.ok} == {"a", "b", "c", "d"}
    assert (outcomes["crash"].stage, outcomes["crash"].reason) == ("worker", WORKER_DIED)
    assert outcomes["a"].indicators != outcomes["b"].indicators == outcomes["d"].indicators  # pids


def test_the_report_handed_ahead_of_one_killed_at_a_limit_runs_in_the_next_worker() -> None:
    outcomes = _run(["hang", "a", "b", "c"], workers=1, limits=Limits(timeout_s=0.5, memory_mb=None))
    assert (outcomes["hang"].stage, [outcomes[n].ok for n in "abc"]) == ("limit", [True, True, True])
    assert len({outcomes[n].indicators for n in "abc"}) == 1  # one fresh worker, after the killed one
