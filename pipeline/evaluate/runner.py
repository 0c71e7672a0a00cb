"""Run a backend over the labelled reports, write the results, compare with the baseline.

`run_eval(options)` is what `pipeline eval` calls:

1. pair each fixture with its report (`cases.find_cases`);
2. extract each report (`pipeline.process.extract_file` under the configured backend; with
   `llm="fake"`, against the fake OpenAI-compatible server answering from the fixtures);
   a `PipelineError` for one report is recorded and that report scores 0 — the run goes on;
3. score (`scorer.score_report`) and sum the counts (micro-average);
4. write `<results_dir>/<backend>.json` and `.md`, then either compare with
   `<baseline_dir>/<backend>.json` or, when asked, copy the results over it.

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
from pipeline.evaluate.cases import EvalCase, find_cases, load_fixture
from pipeline.evaluate.counts import ReportScore, Tally, total
from pipeline.evaluate.scorer import INDICATOR_FIELDS, SCORER_VERSION, score_report
from pipeline.evaluate.table import render_results

ExtractFn = Callable[[Path], Mapping[str, Any]]
LLM_CHOICES = ("fake",)
FAKE_LLM_FLAGS = {"llm_api_key": "fake-key", "llm_model": "fake-oracle"}
REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class EvalOptions:
    backend: str = "rules"
    llm: str | None = None
    reports_dir: Path = Path("evals/reports")
    fixtures_dir: Path = Path("evals/fixtures")
    baseline_dir: Path = Path("evals/baseline")
    results_dir: Path = Path("evals/results")
    update_baseline: bool = False


@dataclass(frozen=True)
class CaseResult:
    name: str
    score: ReportScore
    prompt_version: str | None = None


@dataclass(frozen=True)
class EvalOutcome:
    """What a run produced. `llm_requests` is what the fake server served (None without it)."""

    result: dict[str, Any]
    json_path: Path
    markdown_path: Path
    baseline: BaselineCheck
    unlabelled: tuple[str, ...] = ()
    llm_requests: int | None = None


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


def build_result(results: Sequence[CaseResult], backend: str) -> dict[str, Any]:
    """The results document, keys in the documented order."""
    overall = total(result.score for result in results)
    per_report = {
        result.name: {**result.score.figures(), "counts": result.score.counts(), "error": result.score.error}
        for result in results
    }
    return {
        **overall.figures(),
        "fields": {name: overall.fields.get(name, Tally()).to_dict() for name in INDICATOR_FIELDS},
        "per_report": per_report,
        "backend": backend,
        "git_commit": git_commit(),
        "prompt_version": next((r.prompt_version for r in results if r.prompt_version), None),
        "schema_hash": schema_hash(),
        "scorer_version": SCORER_VERSION,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def write_results(result: Mapping[str, Any], results_dir: Path) -> tuple[Path, Path]:
    """Write `<backend>.json` and `<backend>.md`; return their paths."""
    results_dir.mkdir(parents=True, exist_ok=True)
    json_path = results_dir / f"{result['backend']}.json"
    markdown_path = results_dir / f"{result['backend']}.md"
    json_path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    markdown_path.write_text(render_results(result), encoding="utf-8")
    return json_path, markdown_path


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


def _score_all(options: EvalOptions, cases: Sequence[EvalCase]) -> tuple[list[CaseResult], int | None]:
    with ExitStack() as stack:
        flags: dict[str, Any] = {"backend": options.backend}
        server = None
        if options.llm == "fake":
            server = stack.enter_context(fake_llm_server(options.fixtures_dir))
            flags |= {"llm_base_url": server.base_url, **FAKE_LLM_FLAGS}
        extract = backend_extract(resolve_config(flags))
        results = [score_case(case, extract) for case in cases]
        return results, (server.requests_served if server is not None else None)


def run_eval(options: EvalOptions, extract: ExtractFn | None = None) -> EvalOutcome:
    """Score `options.backend` (or the given `extract`) and write, compare, maybe keep the results."""
    if options.llm is not None and options.llm not in LLM_CHOICES:
        raise EvalError(f"--llm must be one of {', '.join(LLM_CHOICES)}, not {options.llm!r}")
    case_set = find_cases(options.reports_dir, options.fixtures_dir)
    if extract is None:
        results, llm_requests = _score_all(options, case_set.cases)
    else:
        results, llm_requests = [score_case(case, extract) for case in case_set.cases], None
    result = build_result(results, options.backend)
    json_path, markdown_path = write_results(result, options.results_dir)
    target = baseline_path(options.baseline_dir, options.backend)
    if options.update_baseline:
        # No comparison first: updating is how a broken or outdated baseline gets replaced.
        update_baseline(json_path, target)
        check = BaselineCheck(False, f"baseline updated: {target}")
    else:
        check = compare_with_baseline(result, target)
    return EvalOutcome(result, json_path, markdown_path, check, case_set.unlabelled, llm_requests)
