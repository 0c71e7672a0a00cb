"""Run a backend over the labelled reports of each suite, write the results, gate on the baseline.

`run_evals(options)` is what `pipeline eval` calls; for every selected suite (`suites`) it runs
`run_eval(options, suite)`:

1. pair each fixture with its report (`cases.find_cases`). A suite with no fixture at all is an
   error for that suite ("nothing scored"), not a score of 0 or 1; reports without a fixture are
   listed as not scored, in the outcome and in the results file;
2. extract each report (`pipeline.process.extract_file` under the configured backend; with
   `llm="fake"`, against the fake OpenAI-compatible server answering from that suite's fixtures);
   a `PipelineError` for one report is recorded and that report scores 0 — the run goes on;
3. score (`scorer.score_report`) and sum the counts (micro-average);
4. write `<results_dir>/<backend>-<suite>.json` and `.md`, then either compare with
   `<baseline_dir>/<backend>-<suite>.json` or, when asked, copy the results over it.

An error in one suite (a malformed fixture, a missing reports directory) is recorded for that
suite and the others still run. `--backend llm` with no LLM configured (and no `--llm fake`) stops
before any suite: every report would fail the same way, and scoring those failures as zeros would
read as a regression.

The extract step is a parameter (`ExtractFn`: report path → prediction JSON dict) so tests and
other callers can score any function without the extraction stack.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.core.config import Config, resolve_config
from pipeline.core.errors import EvalError, PipelineError
from pipeline.core.schema import schema_hash
from pipeline.evaluate.baseline import BaselineCheck, baseline_path, compare_with_baseline, update_baseline
from pipeline.evaluate.cases import CaseSet, EvalCase, find_cases, load_fixture, report_files
from pipeline.evaluate.counts import ReportScore, Tally, total
from pipeline.evaluate.scorer import (
    BUDGET_FIGURES,
    INDICATOR_FIELDS,
    REPORT_FIELDS,
    SCORER_VERSION,
    score_report,
)
from pipeline.evaluate.suites import Suite
from pipeline.evaluate.table import render_results, reports

ExtractFn = Callable[[Path], Mapping[str, Any]]
LLM_CHOICES = ("fake",)
FAKE_LLM_FLAGS = {"llm_api_key": "fake-key", "llm_model": "fake-oracle"}
REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class EvalOptions:
    """One eval run: which backend on which suites; where baselines and results live."""

    suites: tuple[Suite, ...]
    baseline_dir: Path
    results_dir: Path
    backend: str = "rules"
    llm: str | None = None
    update_baseline: bool = False


@dataclass(frozen=True)
class CaseResult:
    name: str
    score: ReportScore
    prompt_version: str | None = None


@dataclass(frozen=True)
class EvalOutcome:
    """What a suite's run produced. `llm_requests` is what the fake server served (None without it).

    `unlabelled` are the suite's reports without a fixture: not scored, and listed as such.
    """

    result: dict[str, Any]
    json_path: Path
    markdown_path: Path
    baseline: BaselineCheck
    unlabelled: tuple[str, ...] = ()
    llm_requests: int | None = None


@dataclass(frozen=True)
class SuiteRun:
    """One suite of `run_evals`: its outcome, or the one-line error that stopped it."""

    suite: Suite
    outcome: EvalOutcome | None = None
    error: str | None = None


def score_case(case: EvalCase, extract: ExtractFn) -> CaseResult:
    """Extract and score one report; a missing report or a PipelineError scores 0 with the reason."""
    gold = load_fixture(case.fixture)
    if case.report is None:
        return CaseResult(case.name, score_report(gold, None, error="no report file with this stem"))
    try:
        prediction = extract(case.report)
    except PipelineError as exc:
        return CaseResult(case.name, score_report(gold, None, error=str(exc)))
    extractor = prediction.get("extractor")
    prompt_version = extractor.get("prompt_version") if isinstance(extractor, Mapping) else None
    return CaseResult(case.name, score_report(gold, prediction), prompt_version)


def git_commit(cwd: Path = REPO_ROOT) -> str | None:
    """`git rev-parse HEAD` of the code that ran; None outside a repository or without git."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def _tallies(tallies: Mapping[str, Tally], names: Sequence[str]) -> dict[str, dict[str, Any]]:
    return {name: tallies.get(name, Tally()).to_dict() for name in names}


def build_result(
    results: Sequence[CaseResult], backend: str, suite: str, not_scored: Sequence[str] = ()
) -> dict[str, Any]:
    """The results document, keys in the documented order."""
    overall = total(result.score for result in results)
    per_report = {
        result.name: {**result.score.figures(), "counts": result.score.counts(), "error": result.score.error}
        for result in results
    }
    return {
        **overall.figures(),
        "fields": _tallies(overall.fields, INDICATOR_FIELDS),
        "budget_fields": _tallies(overall.budget_by_field, BUDGET_FIGURES),
        "report_fields": _tallies(overall.report_by_field, REPORT_FIELDS),
        "per_report": per_report,
        "not_scored": list(not_scored),
        "backend": backend,
        "suite": suite,
        "git_commit": git_commit(),
        "prompt_version": next((r.prompt_version for r in results if r.prompt_version), None),
        "schema_hash": schema_hash(),
        "scorer_version": SCORER_VERSION,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _write_atomically(path: Path, text: str) -> None:
    """A kill mid-write leaves the previous file or none, never half a results file."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def write_results(result: Mapping[str, Any], results_dir: Path) -> tuple[Path, Path]:
    """Write `<backend>-<suite>.json` and `.md`; return their paths."""
    results_dir.mkdir(parents=True, exist_ok=True)
    stem = run_name(result["backend"], result["suite"])
    json_path, markdown_path = results_dir / f"{stem}.json", results_dir / f"{stem}.md"
    _write_atomically(json_path, json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    _write_atomically(markdown_path, render_results(result))
    return json_path, markdown_path


def run_name(backend: str, suite: str) -> str:
    """The stem of a suite's results and baseline files: `rules-realworld`."""
    return f"{backend}-{suite}"


def backend_extract(config: Config) -> ExtractFn:
    """`extract_file` under `config`, returning the prediction as a JSON dict."""
    # Imported here, not at the top: the scorer, tables and baseline checks stay usable (and
    # testable) without loading the whole extraction stack.
    from pipeline.process import extract_file

    def extract(path: Path) -> Mapping[str, Any]:
        return extract_file(path, config).to_json_dict()

    return extract


@contextmanager
def fake_llm_server(fixtures_dir: Path) -> Iterator[Any]:
    """The fake OpenAI-compatible server, answering every request from the gold fixtures."""
    try:
        from pipeline_testing.fake_server import running_fake_server
    except ImportError as exc:
        raise EvalError(
            f"--llm fake needs the repository's pipeline_testing package (not shipped in the wheel): "
            f"run from a checkout with `python -m pipeline.cli eval` (what `make eval` does): {exc}"
        ) from exc
    with running_fake_server(mode="oracle", fixtures_dir=fixtures_dir, latency=0.0) as server:
        yield server


def backend_config(backend: str, llm: str | None, server_url: str | None = None) -> Config:
    """The run's config; with `llm="fake"` pointed at the fake server, otherwise as configured.

    `--backend llm` with no LLM configured is one clear error here, before any report is read.
    """
    flags: dict[str, Any] = {"backend": backend}
    if server_url is not None:
        flags |= {"llm_base_url": server_url, **FAKE_LLM_FLAGS}
    config = resolve_config(flags)
    require_llm(config, llm)
    return config


def require_llm(config: Config, llm: str | None) -> None:
    """An LLM or hybrid backend with no LLM configured (and no `--llm fake`) is one clear error,
    raised before any report is read or any results file written."""
    if config.backend != "rules" and llm is None and not config.llm_configured:
        raise EvalError(
            f"backend {config.backend} needs an LLM and none is configured: set llm_base_url and "
            "llm_model (pipeline.toml or PIPELINE_LLM_*), or pass --llm fake"
        )


def _score_suite(
    options: EvalOptions, suite: Suite, cases: Sequence[EvalCase]
) -> tuple[list[CaseResult], int | None]:
    with ExitStack() as stack:
        server = None
        if options.llm == "fake":
            server = stack.enter_context(fake_llm_server(suite.fixtures_dir))
        config = backend_config(options.backend, options.llm, server.base_url if server else None)
        extract = backend_extract(config)
        results = [score_case(case, extract) for case in cases]
        return results, (server.requests_served if server is not None else None)


def _check_llm_choice(llm: str | None) -> None:
    if llm is not None and llm not in LLM_CHOICES:
        raise EvalError(f"--llm must be one of {', '.join(LLM_CHOICES)}, not {llm!r}")


def _labelled_cases(suite: Suite) -> CaseSet:
    """The suite's cases; a suite with no fixture at all scores nothing, which is an error."""
    if not suite.reports_dir.is_dir():
        raise EvalError(f"suite {suite.name}: reports directory not found", suite.reports_dir)
    if not suite.fixtures_dir.is_dir() or not any(suite.fixtures_dir.glob("*.json")):
        count = sum(len(paths) for paths in report_files(suite.reports_dir).values())
        raise EvalError(
            f"suite {suite.name}: nothing scored: no gold fixtures (*.json); {reports(count)} not scored",
            suite.fixtures_dir,
        )
    return find_cases(suite.reports_dir, suite.fixtures_dir)


def run_eval(options: EvalOptions, suite: Suite, extract: ExtractFn | None = None) -> EvalOutcome:
    """Score `options.backend` (or the given `extract`) on one suite; write, compare, maybe keep."""
    _check_llm_choice(options.llm)
    case_set = _labelled_cases(suite)
    if extract is None:
        results, llm_requests = _score_suite(options, suite, case_set.cases)
    else:
        results, llm_requests = [score_case(case, extract) for case in case_set.cases], None
    result = build_result(results, options.backend, suite.name, case_set.unlabelled)
    json_path, markdown_path = write_results(result, options.results_dir)
    target = baseline_path(options.baseline_dir, run_name(options.backend, suite.name))
    if options.update_baseline:
        # No comparison first: updating is how a broken or outdated baseline gets replaced.
        update_baseline(json_path, target)
        check = BaselineCheck(False, f"baseline updated: {target}")
    else:
        check = compare_with_baseline(result, target)
    return EvalOutcome(result, json_path, markdown_path, check, case_set.unlabelled, llm_requests)


def run_evals(options: EvalOptions, extract: ExtractFn | None = None) -> tuple[SuiteRun, ...]:
    """`run_eval` for every suite of `options`; one suite's EvalError does not stop the others."""
    _check_llm_choice(options.llm)
    if extract is None and options.llm is None:
        backend_config(options.backend, options.llm)  # fails once, up front, without an LLM
    runs = []
    for suite in options.suites:
        try:
            runs.append(SuiteRun(suite, outcome=run_eval(options, suite, extract)))
        except EvalError as exc:
            runs.append(SuiteRun(suite, error=str(exc)))
    return tuple(runs)
