"""Showing a batch's progress: a live bar on a terminal, one plain line per report otherwise.

Both implement `ProgressSink`. The plain form is what logs and CI see:

    12 files found: 2 unchanged (skipped), 10 to extract; skipped by rule: 1 hidden, 1 README
    converting 2 .doc/.wps/.et files with LibreOffice
    ok reports/a.txt projects=1 indicators=14
    still working on reports/huge.txt (15 s)
    FAILED reports/broken.docx ingest: not a valid .docx (zip) file
"""

from __future__ import annotations

import sys
from typing import Protocol, TextIO

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from pipeline.batch.outcome import ReportOutcome, Tally, Task
from pipeline.core.paths import display_path


class ProgressSink(Protocol):
    def start(self, tally: Tally) -> None:
        """Called once after discovery: `tally.found` and `tally.skipped` are known."""

    def advance(self, outcome: ReportOutcome, tally: Tally) -> None:
        """Called after each extracted or failed report, with totals already updated."""

    def note(self, line: str) -> None:
        """A line about the run as a whole (conversion started, a cause many files share)."""

    def slow(self, task: Task, seconds: float) -> None:
        """A report still being extracted after `seconds` (called from another thread)."""

    def finish(self, tally: Tally) -> None: ...


def slow_line(path: str, seconds: float) -> str:
    return f"still working on {display_path(path)} ({seconds:.0f} s)"


def outcome_line(outcome: ReportOutcome) -> str:
    """One line per report, whatever its name holds (see `pipeline.core.paths.display_path`)."""
    name = display_path(outcome.task.path)
    if outcome.written:
        counts = f"projects={outcome.projects} indicators={outcome.indicators}"
        tail = f" ({outcome.reason})" if outcome.reason else ""
        # partial wins over missed: unanswered chunks are retried on the next run, coverage may follow.
        status = "missed" if outcome.ok and outcome.missed else outcome.status
        return f"{status} {name} {counts}{tail}"
    return f"FAILED {name} {outcome.stage}: {outcome.reason}"


def plan_line(tally: Tally) -> str:
    todo = tally.found - tally.skipped
    line = f"{tally.found} files found: {tally.skipped} unchanged (skipped), {todo} to extract"
    by_rule = ", ".join(f"{n} {rule}" for rule, n in tally.skipped_by_rule.items())
    return f"{line}; skipped by rule: {by_rule}" if by_rule else line


class SilentProgress:
    def start(self, tally: Tally) -> None:
        pass

    def advance(self, outcome: ReportOutcome, tally: Tally) -> None:
        pass

    def note(self, line: str) -> None:
        pass

    def slow(self, task: Task, seconds: float) -> None:
        pass

    def finish(self, tally: Tally) -> None:
        pass


class LineProgress:
    """One line per report, flushed at once so `tail -f` and a killed run show everything done."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout

    def _print(self, line: str) -> None:
        print(line, file=self.stream, flush=True)

    def start(self, tally: Tally) -> None:
        self._print(plan_line(tally))

    def advance(self, outcome: ReportOutcome, tally: Tally) -> None:
        self._print(outcome_line(outcome))

    def note(self, line: str) -> None:
        self._print(line)

    def slow(self, task: Task, seconds: float) -> None:
        self._print(slow_line(task.path, seconds))

    def finish(self, tally: Tally) -> None:
        pass


class RichProgress:
    """A live bar: reports done/total, indicators, LLM requests, cache hits, tokens, errors, ETA.
    Failures are printed above the bar as they happen."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console()
        self._bar = Progress(
            TextColumn("[bold]reports"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[stats]}"),
            TimeRemainingColumn(),
            console=self.console,
        )
        self._task: TaskID | None = None

    @staticmethod
    def stats(tally: Tally) -> str:
        usage = tally.usage
        return (
            f"indicators {tally.indicators} · LLM {usage['requests']} req · cache {usage['cache_hits']} · "
            f"tokens {tally.tokens} · errors {tally.failed}"
        )

    def start(self, tally: Tally) -> None:
        self.console.print(plan_line(tally))
        self._bar.start()
        self._task = self._bar.add_task(
            "ingest", total=tally.found, completed=tally.skipped, stats=self.stats(tally)
        )

    def advance(self, outcome: ReportOutcome, tally: Tally) -> None:
        if not outcome.ok:
            self._bar.console.print(
                f"[red]{escape(outcome_line(outcome))}[/red]", markup=True, highlight=False
            )
        if self._task is not None:
            self._bar.update(self._task, completed=tally.done, stats=self.stats(tally))

    def note(self, line: str) -> None:
        self._bar.console.print(escape(line), highlight=False)

    def slow(self, task: Task, seconds: float) -> None:
        self._bar.console.print(escape(slow_line(task.path, seconds)), highlight=False)

    def finish(self, tally: Tally) -> None:
        self._bar.stop()
