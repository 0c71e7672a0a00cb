"""A worker process's loop (`serve`), in a module of its own: a spawned worker unpickles `serve`
by its module and imports that module, and this one needs only `pipeline.batch.work` — not the
supervisor's pool, run state and the exports and prompt those load (~30 ms of each worker's
start-up when they came with `pipeline.batch.supervisor`)."""

from __future__ import annotations

from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

from pipeline.batch.work import failed_outcome

if TYPE_CHECKING:
    from pipeline.batch.pool import Run

READY = "ready"
"""A worker's first message, once it has imported the pipeline: its first report's clock starts
here, not at spawn. A later report's starts when it is handed over, since the worker is waiting
for it, or, for one handed ahead (`supervisor.AHEAD_WHILE_QUEUED`), when the outcome before it is
read: the worker took it from its pipe as it sent that outcome (one message and one wake-up of
the parent per report, not two)."""


def serve(conn: Connection, run: Run) -> None:
    """Worker main loop (after `parent_watch.boot`): say READY, then receive a task and send back
    its outcome until `None` comes."""
    conn.send(READY)
    while (task := conn.recv()) is not None:
        try:
            outcome = run(task)
        except BaseException as exc:  # run() records report errors itself; this is a bug or MemoryError
            outcome = failed_outcome(task, exc, "internal")
        conn.send(outcome)
