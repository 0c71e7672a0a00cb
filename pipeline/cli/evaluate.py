"""`pipeline eval`: score a backend against the gold fixtures and guard the baseline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.app import app, fail, pipeline_errors
from pipeline.core.config import project_root, resolve_config

PROJECT = project_root()  # eval defaults follow the checkout, not the current directory


@app.command("eval")
@pipeline_errors
def eval_command(
    backend: Annotated[str, typer.Option(help="Backend to evaluate: rules, llm or hybrid.")] = "rules",
    llm: Annotated[
        str | None, typer.Option(help="'fake': answer LLM calls from a local fake server.")
    ] = None,
    reports: Annotated[Path, typer.Option(help="Directory of the labelled reports.")] = PROJECT
    / "evals"
    / "reports",
    fixtures: Annotated[Path, typer.Option(help="Directory of the gold fixtures.")] = PROJECT
    / "evals"
    / "fixtures",
    baseline_dir: Annotated[Path, typer.Option(help="Where <backend>.json baselines live.")] = PROJECT
    / "evals"
    / "baseline",
    results_dir: Annotated[Path, typer.Option(help="Where to write <backend>.json and .md.")] = PROJECT
    / "evals"
    / "results",
    update_baseline: Annotated[bool, typer.Option(help="Copy this run's results over the baseline.")] = False,
) -> None:
    """Score a backend on the gold fixtures; exit 1 if F1 fell more than 0.02 below the baseline."""
    from pipeline.evaluate.runner import EvalOptions, run_eval  # here: keeps `pipeline --help` fast
    from pipeline.evaluate.table import render_results

    config = resolve_config({"backend": backend})  # a bad --backend is an error before any work
    if config.backend != "rules" and llm is None and not config.llm_configured:
        raise fail(
            f"--backend {backend} needs an LLM: set PIPELINE_LLM_BASE_URL and "
            "PIPELINE_LLM_MODEL, or add --llm fake to answer from the fixtures"
        )
    options = EvalOptions(backend, llm, reports, fixtures, baseline_dir, results_dir, update_baseline)
    outcome = run_eval(options)
    print(render_results(outcome.result))
    if outcome.unlabelled:
        print(f"not scored (no fixture): {', '.join(outcome.unlabelled)}")
    if outcome.llm_requests is not None:
        print(f"fake LLM server answered {outcome.llm_requests} requests")
    print(f"wrote {outcome.json_path} and {outcome.markdown_path}")
    if outcome.baseline.regressed:
        raise fail(outcome.baseline.message)
    print(outcome.baseline.message)
