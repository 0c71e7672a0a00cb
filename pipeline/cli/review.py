"""`pipeline review` and `pipeline calibrate`: put doubtful fields in front of a person.

    pipeline review runs/2024 --list            # TSV of fields under the threshold (--json for JSON)
    pipeline review runs/2024                   # interactive: a/e/r/s/q per field → corrections.jsonl
    pipeline review runs/2024 --serve           # the web review at http://127.0.0.1:8765/?token=…
    pipeline review runs/2024 --html            # write runs/2024/review/ (index.html + a page per report)
    pipeline review runs/2024 --to-fixture report_2024.txt   # reviewed result → fixture
    pipeline calibrate                          # confidence vs the gold fixtures (rules backend)

The threshold is `review_threshold` (`PIPELINE_REVIEW_THRESHOLD`, default 0.7) or `--threshold`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pipeline.cli.app import app, pipeline_errors
from pipeline.core.config import project_root, resolve_config

if TYPE_CHECKING:
    from pipeline.trust.calibration import Matcher

# The review, evaluation and calibration modules (and with them the extractors) are imported inside
# the commands: `pipeline --help` must not load them (start-up time).

THRESHOLD_HELP = "Review fields under this confidence (default: review_threshold, 0.7)."

PROJECT = project_root()  # eval defaults follow the checkout, not the current directory


def _read_key(prompt: str) -> str:
    """One key press on a terminal; a line (its first character counts) otherwise."""
    if not sys.stdin.isatty():
        return input(prompt)
    import click  # here: only the interactive review needs it, and it costs ~80 ms of start-up

    print(prompt, end="", flush=True)
    key = click.getchar()
    print(key)
    return key


def _interactive(run_dir: Path, threshold: float, revisit_skipped: bool) -> None:
    from rich.console import Console

    from pipeline.review.terminal import Prompter, review_session

    prompter = Prompter(Console(highlight=False), _read_key, input)
    try:
        summary = review_session(run_dir, threshold, prompter, revisit_skipped)
    except (EOFError, KeyboardInterrupt):
        print("\nstopped; every decision so far is saved in corrections.jsonl")
        return
    done = ", ".join(f"{n} {decision}" for decision, n in sorted(summary.decisions.items())) or "nothing"
    print(f"decided: {done}; {summary.remaining} fields left")
    if summary.decisions:
        print(f"run `pipeline export {run_dir}` to apply the corrections to the exports")


def _announce(url: str) -> None:
    print(
        f"review: {url}\n(open it in a browser; decisions go to corrections.jsonl; Ctrl-C stops)", flush=True
    )


@app.command("review")
@pipeline_errors
def review_command(
    run_dir: Annotated[Path, typer.Argument(help="A run directory written by `pipeline ingest`.")],
    list_fields: Annotated[bool, typer.Option("--list", help="Print the fields to review as TSV.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="With --list: print JSON instead of TSV.")] = False,
    html: Annotated[
        bool, typer.Option("--html", help="Write RUN_DIR/review/: index.html and one page per report.")
    ] = False,
    to_fixture: Annotated[
        str | None,
        typer.Option("--to-fixture", help="Write this report's reviewed result as an eval fixture."),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="With --to-fixture: where to write it.")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="With --to-fixture: replace an existing file.")
    ] = False,
    threshold: Annotated[float | None, typer.Option(min=0.0, max=1.0, help=THRESHOLD_HELP)] = None,
    revisit_skipped: Annotated[
        bool, typer.Option("--revisit-skipped", help="Interactive: show skipped fields again.")
    ] = False,
    web: Annotated[bool, typer.Option("--serve", help="Review in the browser (a local web app).")] = False,
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="With --serve: the port (0: any free one).")
    ] = 8765,
    host: Annotated[str, typer.Option(help="With --serve: the address to listen on.")] = "127.0.0.1",
    token: Annotated[
        str | None,
        typer.Option(help="With --serve: the session secret (required with a non-loopback --host)."),
    ] = None,
) -> None:
    """Review the fields of RUN_DIR whose confidence is under the threshold."""
    from pipeline.export.load import require_run_dir
    from pipeline.review.fixture import write_fixture
    from pipeline.review.html import write_review_html
    from pipeline.review.listing import pending_fields, to_json, to_tsv
    from pipeline.review.serve import serve

    require_run_dir(run_dir)
    config = resolve_config({"review_threshold": threshold}, llm=False)
    if to_fixture is not None:
        print(
            f"wrote {write_fixture(run_dir, to_fixture, out, force)} (a draft: check it against the report)"
        )
    elif web:
        serve(run_dir, host, port, token, _announce)
    elif html:
        path, marked = write_review_html(run_dir, config)
        print(f"wrote {path} ({marked} fields marked)")
    elif list_fields:
        fields = pending_fields(run_dir, config.review_threshold)
        sys.stdout.write(to_json(fields) if as_json else to_tsv(fields))
    else:
        _interactive(run_dir, config.review_threshold, revisit_skipped)


def eval_matcher() -> Matcher:
    """The scorer's matching and equality, for the calibration."""
    from pipeline.evaluate import scorer
    from pipeline.evaluate.names import pair_by_name
    from pipeline.trust.calibration import Matcher

    return Matcher(
        pair_projects=scorer.pair_projects,
        pair_names=pair_by_name,
        equal=scorer.values_equal,
        budget_equal=scorer.budget_values_equal,
        field_value=scorer.field_value,
        indicator_fields=scorer.INDICATOR_FIELDS,
        project_fields=scorer.PROJECT_BUDGET_PATHS,
        line_fields=scorer.BUDGET_LINE_FIELDS,
        report_fields=scorer.REPORT_FIELDS,
    )


@app.command("calibrate")
@pipeline_errors
def calibrate_command(
    reports: Annotated[Path, typer.Option(help="Directory of the labelled reports.")] = PROJECT
    / "evals"
    / "reports",
    fixtures: Annotated[Path, typer.Option(help="Directory of the gold fixtures.")] = PROJECT
    / "evals"
    / "fixtures",
    threshold: Annotated[float | None, typer.Option(min=0.0, max=1.0, help=THRESHOLD_HELP)] = None,
) -> None:
    """Compare the rules backend's field confidences with the gold fixtures: flagged, wrong, missed."""
    from pipeline.evaluate.cases import find_cases, load_fixture
    from pipeline.process import trusted_rules
    from pipeline.trust.calibration import calibrate, render

    config = resolve_config({"review_threshold": threshold}, llm=False)
    cases = [
        (case.name, load_fixture(case.fixture), trusted_rules(case.report, config))
        for case in find_cases(reports, fixtures).cases
        if case.report is not None
    ]
    print(render(calibrate(cases, eval_matcher(), config.review_threshold), config.review_threshold))
