"""`pipeline extract PATH... --out DIR`: one JSON document per report, one line per report.

Each line starts with the report's status: `ok`, `missed` (extracted, but the report states what
was not read) or `partial` (some LLM chunks never answered). Exit codes are `ingest`'s: 2 when a
report failed or is partial, 1 when there was nothing to read or the LLM endpoint refuses every
request, 130 on Ctrl-C, 0 otherwise.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pipeline.cli.app import app, pipeline_errors
from pipeline.cli.ingest import FAILED_EXIT
from pipeline.core.config import resolve_config
from pipeline.core.errors import LLMFatalError, PipelineError

if TYPE_CHECKING:
    from pipeline.core.models import ReportExtraction


def report_status(result: ReportExtraction) -> str:
    """`partial` (LLM chunks never answered, as `ingest` counts it), else `missed` (the report
    states something that was not read), else `ok`."""
    from pipeline.trust.coverage import is_incomplete, unanswered_chunks

    if unanswered_chunks(result):
        return "partial"
    return "missed" if is_incomplete(result) else "ok"


def summary_line(path: Path, result: ReportExtraction, indicators: int | None = None) -> str:
    """`indicators`: how many, where the result's projects do not hold them (a streamed result)."""
    if indicators is None:
        indicators = sum(len(p.indicators) for p in result.projects)
    # any figure counts: a plan form or a monitoring export may state only the initial budget
    has_budget = any(value is not None for p in result.projects for value in p.budget.model_dump().values())
    flags = ",".join(sorted({f.kind for f in result.flags})) or "-"
    status = report_status(result)
    return (
        f"{status:<8}{path}  projects={len(result.projects)} indicators={indicators} "
        f"budget={'yes' if has_budget else 'no'} budget_lines={len(result.budget_lines)} flags={flags}"
    )


def _still_working(path: Path, seconds: float) -> None:
    from pipeline.batch.progress import slow_line  # rich: only once a report is slow

    print(slow_line(str(path), seconds), flush=True)


def _output_path(out: Path, path: Path, taken: set[Path]) -> Path:
    target = out / f"{path.stem}.json"
    n = 2
    while target in taken:  # two reports with one stem in different folders keep both outputs
        target, n = out / f"{path.stem}-{n}.json", n + 1
    taken.add(target)
    return target


@app.command()
@pipeline_errors
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Report files or directories (searched recursively).")],
    out: Annotated[Path, typer.Option("--out", help="Directory for one <stem>.json per report.")],
    backend: Annotated[str | None, typer.Option(help="rules (default), llm or hybrid.")] = None,
    send_all: Annotated[
        bool | None, typer.Option("--send-all", help="LLM: send chunks without indicator signal too.")
    ] = None,
) -> None:
    """Extract each report to OUT/<stem>.json, one line per report (exit 2 if any failed or is partial)."""
    # Imported here, not at the top: `pipeline --help` must not load the extractors (start-up).
    from pipeline.batch.inputs import convert_up_front, discover_inputs
    from pipeline.batch.slow import watch
    from pipeline.batch.work import extract_and_write
    from pipeline.ingest.guard import reading_limits
    from pipeline.process import extract_file

    config = resolve_config({"backend": backend, "send_all": send_all})
    files = discover_inputs(paths, out).files  # nothing to read: one error, nothing written
    out.mkdir(parents=True, exist_ok=True)
    convert_up_front(files, config, print)
    failed = partial = 0
    taken = set[Path]()
    for path in files:
        target = _output_path(out, path, taken)
        try:  # written as it is made (the rules backend: a big report's records never all alive)
            with reading_limits(config), watch(functools.partial(_still_working, path)):
                result, indicators = extract_and_write(path, config, extract_file, target)
        except LLMFatalError:
            raise  # every further report would fail the same way: one message, exit 1
        except PipelineError as exc:
            taken.discard(target)  # no file written: its name is free for the next report
            failed += 1
            print(f"FAILED  {exc}", file=sys.stderr)
            continue
        print(summary_line(path, result, indicators))
        partial += report_status(result) == "partial"
    if failed or partial:
        raise typer.Exit(FAILED_EXIT)
