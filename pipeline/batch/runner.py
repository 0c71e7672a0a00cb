"""`pipeline ingest`: extract every report under some paths into a run directory, resumably.

One run:

1. take the run directory's lock and delete temporaries a killed run left;
2. find the files (`pipeline.ingest.discover`: every file under the paths, hidden files, `README*`
   and the run directory itself skipped by rule and counted in `run.json`), keep the share of
   `--shard I/N` if given (`pipeline.batch.shard`), hash each readable one, and skip those
   whose last result is current (`state.is_current`: same content, same configuration hash, result
   file present). A path that does not exist, an empty folder or a folder with nothing of a
   supported type is one clear error before anything is written;
3. convert the legacy office files (`.doc`, `.wps`, `.et`) in as few LibreOffice runs as possible
   (`pipeline.ingest.convert_legacy`), so the workers find them converted;
4. extract the rest — rules backend in worker processes (`--workers`, default CPU count), each
   report under the time and memory limits of `pipeline.batch.supervisor`; LLM backends in a
   thread pool (`--workers`, default `llm_concurrency`) because their requests are I/O — with a
   bounded number in flight. A file whose bytes another path of the run already holds is not
   extracted but recorded as that path's duplicate;
5. record each outcome as it arrives: the worker has already written `reports/<name>.json`
   atomically (its bytes fsynced before the rename), then the parent appends the manifest line
   (and for a failure, an `errors.jsonl` line, and moves the report's previous result to
   `superseded/`). The lines are written by group (`Recorder`): up to `GROUP_SIZE` outcomes, or
   what has waited `GROUP_WAIT_S`, get one fsync of `reports/` (their renames made durable) and
   then one append and fsync per log.

Every file found is accounted for: a file of an unsupported type, one over `max_file_mb`, one that
cannot be read or converted is a failure like any other, with its `kind` in `errors.jsonl`.
A file still being extracted after `SLOW_AFTER` seconds gets a progress line now and then.
Ctrl-C stops the workers and returns at once (`KeyboardInterrupt` propagates): every finished
report has its manifest line, the ones in flight have none and are redone by the next run.

Failures and partial results are retried on every run (`force=True` redoes every report), except
a report stopped at its time or memory limit: that one waits for new content, a new configuration
or `--force` (`state.is_current`). An `LLMFatalError` (wrong key, unknown model, no quota) stops
the run at once: the reports in flight fail fast through the LLM client's gate, nothing more is
started, and the error is raised with its one message. `errors.jsonl` is rewritten at the start of
each run and then appended to, so it always holds exactly one line per report whose latest attempt
failed: this run's failures, plus those not retried (outside this run, or stopped at a limit).

Results accumulate: ingesting folder B into a run that holds folder A keeps A's results (and they
stay in the exports). `kill -9` at any point loses at most the reports in flight and those whose
lines were waiting for their group's write: their result is either complete on disk or absent,
and the next run redoes whatever has no manifest line.
"""

from __future__ import annotations

import functools
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.batch.inputs import convert_up_front, discover_inputs
from pipeline.batch.limits import limits_from
from pipeline.batch.outcome import BatchResult, ReportOutcome, Tally, Task
from pipeline.batch.pool import Run, Slow, run_bounded
from pipeline.batch.progress import ProgressSink, SilentProgress
from pipeline.batch.shard import Shard, ShardError, select
from pipeline.batch.state import (
    SUPERSEDED_DIR,
    BatchError,
    ManifestEntry,
    absolute_key,
    append_error,
    append_manifest,
    config_hash,
    error_record,
    file_sha256,
    is_current,
    now,
    read_manifest,
    reset_errors,
    result_name,
    run_lock,
)
from pipeline.batch.supervisor import run_supervised
from pipeline.batch.work import Extractor, extract_task
from pipeline.core.config import Config
from pipeline.core.errors import IngestError, LLMFatalError
from pipeline.export import ExportReport, export_run
from pipeline.export.atomic import fsync_dir, remove_stale_temps
from pipeline.export.load import REPORTS_DIR
from pipeline.export.run_record import RunRecord, read_run_record, write_run_record
from pipeline.ingest import (
    Discovery,
    is_supported,
)
from pipeline.process import extract_file


@dataclass(frozen=True)
class Plan:
    """The reports of a run: those to extract, and how many were found and skipped as current."""

    tasks: tuple[Task, ...]
    found: int
    skipped: int
    keys: frozenset[str]
    duplicates: tuple[Duplicate, ...] = ()


@dataclass(frozen=True)
class Duplicate:
    """A file with the same bytes as `first` (found earlier in this run): recorded, not extracted."""

    task: Task
    first: Task


@dataclass(frozen=True)
class IngestResult:
    batch: BatchResult
    export: ExportReport


def plan_tasks(
    paths: Iterable[Path],
    run_dir: Path,
    chash: str,
    manifest: dict[str, ManifestEntry],
    max_file_mb: float = float("inf"),
    force: bool = False,
) -> Plan:
    """Deduplicate by absolute path and keep the reports whose result is not current.

    A file that cannot be hashed (missing, unreadable) still becomes a task with no sha256: the
    extractor then fails on it with its own clear message, and it is never skipped. Files of an
    unsupported type or over `max_file_mb` are not hashed at all (a 4 GB archive is refused, not read).

    Identical content is extracted once: a file with the same sha256 as one found before it
    (`b/报告.docx` after `a/报告.docx`) becomes a `Duplicate` of that first file and counts as skipped.
    """
    tasks: list[Task] = []
    duplicates: list[Duplicate] = []
    firsts: dict[str, Task] = {}
    seen: set[str] = set()
    for path in paths:
        key = absolute_key(path)
        if key in seen:
            continue
        seen.add(key)
        try:
            sha256: str | None = file_sha256(path) if _worth_hashing(path, max_file_mb) else None
        except (IngestError, OSError):
            sha256 = None
        task = Task(path=str(path), key=key, sha256=sha256, result=result_name(path, key))
        if sha256 is not None and sha256 in firsts:
            duplicates.append(Duplicate(task, firsts[sha256]))
            continue
        if sha256 is not None:
            firsts[sha256] = task
        # force: nothing is current, not even a report stopped at a limit
        if force or sha256 is None or not is_current(manifest.get(key), sha256, chash, run_dir):
            tasks.append(task)
    skipped = len(seen) - len(tasks)
    return Plan(
        tuple(tasks), found=len(seen), skipped=skipped, keys=frozenset(seen), duplicates=tuple(duplicates)
    )


def _worth_hashing(path: Path, max_file_mb: float) -> bool:
    try:
        return is_supported(path) and path.is_file() and path.stat().st_size <= max_file_mb * 1024 * 1024
    except OSError:
        return False


def execute(
    tasks: Sequence[Task],
    run: Run,
    config: Config,
    slow: Slow | None = None,
    idle: Callable[[], None] | None = None,
) -> Iterator[ReportOutcome]:
    """Outcomes in completion order; see the module docstring for how work is spread. `idle` is
    called when the worker processes have been polled a while with nothing new (rules backend)."""
    if config.backend != "rules":
        threads = config.workers or config.llm_concurrency
        pool = ThreadPoolExecutor(threads, thread_name_prefix="ingest")
        try:
            yield from run_bounded(pool, deque(tasks), run, 2 * threads, slow)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return
    # Always in worker processes, even one: only a separate process can be stopped at a limit.
    workers = min(config.workers or os.cpu_count() or 1, len(tasks))
    yield from run_supervised(tasks, run, workers, limits_from(config), slow, idle)


GROUP_SIZE = 16
"""Outcomes whose lines are written together: one fsync of `reports/` and of the manifest for
up to this many reports (the rules backend; an LLM run writes each report's lines at once)."""
GROUP_WAIT_S = 0.5
"""A line waits about this long at most (and a poll interval, `supervisor.POLL_S`) for the rest of
its group: a kill -9 loses at most this much finished work beside what is in flight."""


class Recorder:
    """Writes each outcome to the manifest (and the error log), in the parent process only.

    Group commit: `record` keeps the lines and `flush` writes them, after one fsync of the reports
    directory, so each line that says a result is there follows its (fsynced) file's rename made
    durable: the order a power cut must not break, at 3 fsyncs per group instead of 3 per report.
    A group is written once it holds `group` outcomes or its first has waited `GROUP_WAIT_S` (seen
    when an outcome comes, or by `write_due` when the supervisor finds nothing new in a poll
    interval), and at the end of the run.

        record(a), record(b)         → nothing written yet (a kill -9 now: a and b are redone)
        16th outcome, or a waited    → fsync reports/; errors.jsonl lines; manifest lines (one write)
    """

    def __init__(self, run_dir: Path, chash: str, group: int = 1) -> None:
        self.run_dir = run_dir
        self.chash = chash
        self.group = group
        self._entries: list[ManifestEntry] = []
        self._errors: list[dict[str, Any]] = []
        self._since = 0.0  # when the first pending line was kept

    def record(self, outcome: ReportOutcome) -> None:
        task = outcome.task
        if not outcome.written:
            self._supersede(task.result)
            record = error_record(task.path, outcome.stage, outcome.message, now(), outcome.kind)
            self._errors.append(record)
        entry = ManifestEntry(
            path=task.key,
            sha256=outcome.sha256,
            config_hash=self.chash,
            status=outcome.status,
            result=task.result if outcome.written else None,
            time=now(),
            stage=outcome.stage,
            error=outcome.message,
            kind=outcome.kind,
        )
        self._keep(entry)

    def record_duplicate(self, duplicate: Duplicate) -> None:
        """One manifest line naming the first file; an earlier result of this path is moved aside."""
        task, first = duplicate.task, duplicate.first
        self._supersede(task.result)
        entry = ManifestEntry(
            task.key, task.sha256, self.chash, "duplicate", first.result, now(), duplicate_of=first.key
        )
        self._keep(entry)

    def flush(self) -> None:
        """Write the pending lines: fsync `reports/`, then the error lines, then the manifest lines."""
        if not self._entries:
            return
        fsync_dir(self.run_dir / REPORTS_DIR)
        if self._errors:
            append_error(self.run_dir, *self._errors)
        append_manifest(self.run_dir, *self._entries)
        self._entries.clear()
        self._errors.clear()

    def write_due(self) -> None:
        """`flush` if the oldest pending line has waited `GROUP_WAIT_S`."""
        if self._entries and time.monotonic() - self._since >= GROUP_WAIT_S:
            self.flush()

    def _keep(self, entry: ManifestEntry) -> None:
        if not self._entries:
            self._since = time.monotonic()
        self._entries.append(entry)
        if len(self._entries) >= self.group:
            self.flush()
        else:
            self.write_due()

    def _supersede(self, name: str) -> None:
        """Move a failed report's previous result aside, so exports hold only current results."""
        previous = self.run_dir / REPORTS_DIR / name
        if previous.is_file():
            (self.run_dir / SUPERSEDED_DIR).mkdir(exist_ok=True)
            os.replace(previous, self.run_dir / SUPERSEDED_DIR / name)


def run_batch(
    paths: Iterable[str | Path],
    run_dir: Path,
    config: Config,
    progress: ProgressSink | None = None,
    extractor: Extractor = extract_file,
    force: bool = False,
    shard: Shard | None = None,
) -> BatchResult:
    """Extract every report under `paths` (of `shard` only, when given) into `run_dir` (steps 1–5
    of the module docstring)."""
    found = discover_inputs(paths, run_dir)
    _make_dir(run_dir)
    with run_lock(run_dir):
        found = take_share(found, run_dir, config, shard)
        return _extract_all(found, run_dir, config, progress or SilentProgress(), extractor, force)


def ingest(
    paths: Iterable[str | Path],
    run_dir: Path,
    config: Config,
    progress: ProgressSink | None = None,
    extractor: Extractor = extract_file,
    force: bool = False,
    shard: Shard | None = None,
) -> IngestResult:
    """`run_batch`, then regenerate the exports from every result in the run directory."""
    found = discover_inputs(paths, run_dir)
    _make_dir(run_dir)
    with run_lock(run_dir):
        found = take_share(found, run_dir, config, shard)
        batch = _extract_all(found, run_dir, config, progress or SilentProgress(), extractor, force)
        return IngestResult(batch, export_run(run_dir, config))


def take_share(found: Discovery, run_dir: Path, config: Config, shard: Shard | None) -> Discovery:
    """Keep `shard`'s files and write the run record; refuse a run directory of another share.

    A run directory holds one share for good: ingesting shard 1/4 into the directory of shard 0/4
    (or a whole run into a shard's) would mix shares, and `merge` could no longer tell them apart.
    """
    record = RunRecord(
        config_hash(config),
        shard.count if shard else 1,
        (shard.index,) if shard else (0,),
        dict(found.skipped),
    )
    previous = read_run_record(run_dir)
    if previous is not None and previous.label != record.label:
        raise ShardError(
            f"this run directory holds {previous.label}, not {record.label}: use another --out",
            run_dir,
        )
    write_run_record(run_dir, record)
    return Discovery(select(found.files, shard), found.skipped, found.missing)


def _make_dir(run_dir: Path) -> None:
    try:
        (run_dir / REPORTS_DIR).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError(f"cannot create run directory ({exc.strerror or exc})", run_dir) from None


def _extract_all(
    found: Discovery,
    run_dir: Path,
    config: Config,
    progress: ProgressSink,
    extractor: Extractor,
    force: bool = False,
) -> BatchResult:
    reports_dir = run_dir / REPORTS_DIR
    remove_stale_temps(run_dir)
    remove_stale_temps(reports_dir)
    chash = config_hash(config)
    manifest = read_manifest(run_dir)
    plan = plan_tasks(found.files, run_dir, chash, manifest, config.max_file_mb, force)
    retried = {task.key for task in plan.tasks}
    reset_errors(run_dir, (e for key, e in manifest.items() if e.status == "failed" and key not in retried))
    tally = Tally(found=plan.found, skipped=plan.skipped, skipped_by_rule=found.skipped)
    recorder = Recorder(run_dir, chash, GROUP_SIZE if config.backend == "rules" else 1)
    run = functools.partial(extract_task, config=config, extractor=extractor, reports_dir=reports_dir)
    for duplicate in plan.duplicates:
        recorder.record_duplicate(duplicate)
    progress.start(tally)
    fatal: ReportOutcome | None = None
    try:
        _fresh_llm_sessions(config)
        _convert(plan.tasks, config, progress)
        for outcome in execute(plan.tasks, run, config, progress.slow, recorder.write_due):
            recorder.record(outcome)
            tally.add(outcome)
            progress.advance(outcome, tally)
            if outcome.fatal:
                fatal = outcome
                break  # closing `execute` cancels what has not started; the rest fail fast
    finally:
        recorder.flush()  # every outcome received is recorded, even on Ctrl-C or an error
        _fresh_llm_sessions(config)
        progress.finish(tally)
        remove_stale_temps(reports_dir)  # a worker killed at a limit leaves its temporary behind
    if fatal is not None:
        raise LLMFatalError(f"run stopped: {fatal.reason}")
    return tally.freeze()


def _convert(tasks: Sequence[Task], config: Config, progress: ProgressSink) -> None:
    """Step 3: convert the run's legacy office files up front, saying so (it can take a while)."""
    convert_up_front([Path(task.path) for task in tasks], config, progress.note)


def _fresh_llm_sessions(config: Config) -> None:
    """Each run starts (and ends) with no latched LLM error and no rate-limit pause."""
    if config.backend != "rules":
        from pipeline.llm.client import forget_shared_sessions  # openai only when an LLM runs

        forget_shared_sessions()
