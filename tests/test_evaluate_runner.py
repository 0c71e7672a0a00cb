"""The runner on a temp tree with one tiny report per suite, an injected extract function and a baseline."""

from __future__ import annotations

import copy
import dataclasses
import json
import sys
import types
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from pipeline.core.config import Config
from pipeline.core.errors import EvalError, IngestError
from pipeline.evaluate import runner
from pipeline.evaluate.baseline import BaselineCheck
from pipeline.evaluate.runner import EvalOptions, SuiteRun, run_eval, run_evals
from pipeline.evaluate.suites import Suite, select_suites


def indicator(name: str, value: float) -> dict[str, Any]:
    return {
        "level1": "产出指标",
        "level2": "数量指标",
        "name": name,
        "target": {"raw": f"≥{value:g}个", "op": ">=", "value": value, "unit": "个"},
        "actual": {"raw": None, "value": None, "unit": None},
        "weight": None,
        "score": None,
        "deviation_reason": None,
    }


GOLD: dict[str, Any] = {
    "report": {
        "title": None,
        "report_kind": "project",
        "fiscal_year": 2023,
        "agency": "某市医疗保障局",
        "province": None,
        "city": None,
        "county": None,
    },
    "projects": [
        {
            "name": "培训项目",
            "budget": {"initial": 10, "carryover": None, "adjusted": None, "spent": 9, "execution_rate": 90},
            "self_score": None,
            "indicators": [indicator("培训班次", 10), indicator("培训人数", 200)],
        }
    ],
    "budget_lines": [],
}
RESULT_KEYS = [
    "indicator_f1",
    "cell_f1",
    "indicator_precision",
    "indicator_recall",
    "cell_precision",
    "cell_recall",
    "budget_accuracy",
    "report_field_accuracy",
    "fields",
    "budget_fields",
    "report_fields",
    "per_report",
    "not_scored",
    "backend",
    "suite",
    "git_commit",
    "prompt_version",
    "schema_hash",
    "scorer_version",
    "created",
]


def labelled(suite: Suite, stem: str = "000_a") -> Suite:
    """One report and its fixture in `suite`'s directories."""
    suite.reports_dir.mkdir(parents=True, exist_ok=True)
    suite.fixtures_dir.mkdir(parents=True, exist_ok=True)
    (suite.reports_dir / f"{stem}.txt").write_text("培训班次≥10个", encoding="utf-8")
    (suite.fixtures_dir / f"{stem}.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    return suite


def options(tmp_path: Path, **changes: Any) -> EvalOptions:
    suites = select_suites([], tmp_path)
    labelled(suites[0])
    base = EvalOptions(suites, baseline_dir=tmp_path / "baseline", results_dir=tmp_path / "results")
    return dataclasses.replace(base, **changes)


def run(tmp_path: Path, extract: Any, **changes: Any) -> Any:
    """`run_eval` on the samples suite of a fresh tree."""
    opts = options(tmp_path, **changes)
    return run_eval(opts, opts.suites[0], extract)


def perfect(path: Path) -> Mapping[str, Any]:
    return {**copy.deepcopy(GOLD), "extractor": {"backend": "rules", "version": "0", "prompt_version": "p1"}}


def half(path: Path) -> Mapping[str, Any]:
    prediction = copy.deepcopy(GOLD)
    prediction["projects"][0]["indicators"].pop()
    return prediction


def failing(path: Path) -> Mapping[str, Any]:
    raise IngestError("cannot decode", path)


def test_results_file_keys_order_and_markdown(tmp_path: Path) -> None:
    outcome = run(tmp_path, perfect)
    written = json.loads(outcome.json_path.read_text(encoding="utf-8"))
    assert outcome.json_path == tmp_path / "results" / "rules-samples.json"
    assert list(written) == RESULT_KEYS
    assert written == outcome.result
    assert (written["indicator_f1"], written["cell_f1"], written["budget_accuracy"]) == (1.0, 1.0, 1.0)
    assert written["per_report"] == {
        "000_a": {
            **{key: 1.0 for key in RESULT_KEYS[:8]},
            "counts": {
                "indicators": {"right": 2, "predicted": 2, "gold": 2},
                "cells": {"right": 10, "predicted": 10, "gold": 10},
                "budget": {"right": 3, "total": 3},
                "report_fields": {"right": 3, "total": 3},
            },
            "error": None,
        }
    }
    assert list(written["fields"]) == [
        "target.op", "target.value", "target.unit", "actual.value", "level1", "level2", "weight", "score",
        "deviation_reason",
    ]  # fmt: skip
    assert written["fields"]["weight"] == {"accuracy": None, "right": 0, "total": 0}
    assert written["budget_fields"]["budget.spent"] == {"accuracy": 1.0, "right": 1, "total": 1}
    assert written["budget_fields"]["line.spent"] == {"accuracy": None, "right": 0, "total": 0}
    assert written["report_fields"] == {
        "report_kind": {"accuracy": 1.0, "right": 1, "total": 1},
        "fiscal_year": {"accuracy": 1.0, "right": 1, "total": 1},
        "agency": {"accuracy": 1.0, "right": 1, "total": 1},
        "title": {"accuracy": None, "right": 0, "total": 0},
    }
    assert (written["not_scored"], written["suite"]) == ([], "samples")
    assert (written["backend"], written["prompt_version"], written["scorer_version"]) == ("rules", "p1", "3")
    assert written["schema_hash"].startswith("sha256:")
    markdown = (tmp_path / "results" / "rules-samples.md").read_text(encoding="utf-8")
    assert outcome.markdown_path == tmp_path / "results" / "rules-samples.md"
    assert "| 000_a   | 1.000 | 1.000 |  1.000 |   1.000 |  1.000 |  1.000 |" in markdown
    assert "| overall | 1.000 | 1.000 |  1.000 |   1.000 |  1.000 |  1.000 |" in markdown


def test_no_baseline_then_update_then_compare(tmp_path: Path) -> None:
    first = run(tmp_path, perfect)
    assert not first.baseline.regressed
    assert first.baseline.message.startswith("no baseline yet at ")
    kept = run(tmp_path, perfect, update_baseline=True)
    assert kept.baseline == BaselineCheck(
        False, f"baseline updated: {tmp_path / 'baseline' / 'rules-samples.json'}"
    )
    assert (
        json.loads((tmp_path / "baseline" / "rules-samples.json").read_text(encoding="utf-8")) == kept.result
    )
    within = run(tmp_path, perfect)
    assert not within.baseline.regressed
    assert within.baseline.message.startswith("within 0.02 of ")


def test_regression_against_the_baseline(tmp_path: Path) -> None:
    run(tmp_path, perfect, update_baseline=True)
    worse = run(tmp_path, half)
    assert worse.result["indicator_recall"] == 0.5
    assert worse.baseline.regressed
    assert worse.baseline.message.startswith("regression: indicator F1 and cell F1 fell more than 0.02")


def test_an_extraction_error_scores_zero_and_is_recorded(tmp_path: Path) -> None:
    outcome = run(tmp_path, failing)
    report = outcome.result["per_report"]["000_a"]
    assert report["error"] == f"{tmp_path / 'reports' / '000_a.txt'}: cannot decode"
    assert (report["indicator_f1"], report["cell_f1"], outcome.result["indicator_f1"]) == (0.0, 0.0, 0.0)
    assert outcome.result["prompt_version"] is None


def test_fixture_without_report_and_report_without_fixture(tmp_path: Path) -> None:
    opts = options(tmp_path)
    (tmp_path / "reports" / "000_a.txt").rename(tmp_path / "reports" / "001_b.txt")
    outcome = run_eval(opts, opts.suites[0], extract=perfect)
    assert outcome.result["per_report"]["000_a"]["error"] == "no report file with this stem"
    assert outcome.unlabelled == ("001_b.txt",)
    assert outcome.result["not_scored"] == ["001_b.txt"]


def test_reports_without_fixtures_are_not_scored_never_zero_or_one(tmp_path: Path) -> None:
    opts = options(tmp_path)
    (tmp_path / "reports" / "001_b.txt").write_text("未标注的报告", encoding="utf-8")
    outcome = run_eval(opts, opts.suites[0], extract=half)
    assert list(outcome.result["per_report"]) == ["000_a"]
    assert outcome.result["not_scored"] == ["001_b.txt"]
    assert outcome.result["indicator_recall"] == 0.5  # 001_b counts neither way


def test_a_suite_without_any_fixture_is_an_error_not_a_score(tmp_path: Path) -> None:
    opts = options(tmp_path)
    realworld = opts.suites[1]
    realworld.reports_dir.mkdir(parents=True)
    for stem in ("r01", "r02"):
        (realworld.reports_dir / f"{stem}.txt").write_text("报告", encoding="utf-8")
    with pytest.raises(
        EvalError,
        match=r"fixtures: suite realworld: nothing scored: no gold fixtures \(\*\.json\); 2 reports not",
    ):
        run_eval(opts, realworld, extract=perfect)
    realworld.fixtures_dir.mkdir()
    with pytest.raises(EvalError, match="nothing scored"):
        run_eval(opts, realworld, extract=perfect)
    assert not (tmp_path / "results" / "rules-realworld.json").exists()


def test_a_suite_without_reports_directory(tmp_path: Path) -> None:
    opts = options(tmp_path)
    with pytest.raises(EvalError, match=r"realworld/reports: suite realworld: reports directory not found"):
        run_eval(opts, opts.suites[1], extract=perfect)


def test_run_evals_scores_each_suite_and_keeps_going_past_an_error(tmp_path: Path) -> None:
    opts = options(tmp_path)
    broken = opts.suites[1]
    labelled(broken, "r01")
    (broken.fixtures_dir / "r02.json").write_text("{", encoding="utf-8")
    (broken.reports_dir / "r02.txt").write_text("报告", encoding="utf-8")
    first, second = run_evals(opts, extract=perfect)
    assert first.suite == opts.suites[0] and first.error is None and first.outcome is not None
    assert first.outcome.json_path == tmp_path / "results" / "rules-samples.json"
    assert second.outcome is None
    assert second.error is not None and second.error.startswith(
        f"{broken.fixtures_dir / 'r02.json'}: cannot read fixture"
    )
    labelled(broken, "r02")
    runs = run_evals(opts, extract=perfect)
    assert [(r.suite.name, r.error) for r in runs] == [("samples", None), ("realworld", None)]
    assert isinstance(runs[1], SuiteRun) and runs[1].outcome is not None
    assert runs[1].outcome.json_path == tmp_path / "results" / "rules-realworld.json"
    assert runs[1].outcome.result["suite"] == "realworld"
    assert runs[1].outcome.baseline.message == (
        f"no baseline yet at {tmp_path / 'baseline' / 'rules-realworld.json'}; "
        "run with --update-baseline to create it"
    )


def test_baselines_are_per_suite(tmp_path: Path) -> None:
    opts = options(tmp_path)
    labelled(opts.suites[1], "r01")
    run_evals(dataclasses.replace(opts, update_baseline=True), extract=perfect)
    assert sorted(p.name for p in (tmp_path / "baseline").iterdir()) == [
        "rules-realworld.json",
        "rules-samples.json",
    ]
    samples_only = dataclasses.replace(opts, suites=opts.suites[:1])
    (run,) = run_evals(samples_only, extract=half)
    assert run.outcome is not None and run.outcome.baseline.regressed
    assert str(tmp_path / "baseline" / "rules-samples.json") in run.outcome.baseline.message


def test_llm_backend_without_an_llm_fails_once_up_front(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in (
        "PIPELINE_LLM_MODEL",
        "PIPELINE_LLM_BASE_URL",
        "PIPELINE_LLM_API_KEY",
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "PIPELINE_CONFIG",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    extracted: list[Config] = []

    def backend_extract(config: Config) -> Any:
        extracted.append(config)
        return perfect

    monkeypatch.setattr(runner, "backend_extract", backend_extract)
    with pytest.raises(
        EvalError, match=r"^backend llm needs an LLM and none is configured: .* or pass --llm fake$"
    ):
        run_evals(options(tmp_path, backend="llm"))
    assert extracted == []
    assert not (tmp_path / "results").exists()


def test_update_replaces_a_broken_baseline(tmp_path: Path) -> None:
    (tmp_path / "baseline").mkdir()
    (tmp_path / "baseline" / "rules-samples.json").write_text("{", encoding="utf-8")
    with pytest.raises(EvalError, match="cannot read baseline"):
        run(tmp_path, perfect)
    assert not run(tmp_path, perfect, update_baseline=True).baseline.regressed
    assert not run(tmp_path, perfect).baseline.regressed


def test_unknown_llm_choice(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="--llm must be one of fake, not 'real'"):
        run(tmp_path, None, llm="real")
    with pytest.raises(EvalError, match="--llm must be one of fake, not 'real'"):
        run_evals(options(tmp_path, llm="real"))


def test_fake_llm_wiring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[dict[str, Any]] = []
    configs: list[Config] = []

    @contextmanager
    def running_fake_server(**kwargs: Any) -> Iterator[Any]:
        started.append(kwargs)
        yield types.SimpleNamespace(base_url="http://127.0.0.1:9/v1", requests_served=7)

    def backend_extract(config: Config) -> Any:
        configs.append(config)
        return perfect

    fake_module = types.ModuleType("pipeline_testing.fake_server")
    fake_module.running_fake_server = running_fake_server  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "pipeline_testing.fake_server", fake_module)
    monkeypatch.setattr(runner, "backend_extract", backend_extract)
    opts = options(tmp_path, backend="llm", llm="fake")
    outcome = run_eval(opts, opts.suites[0])
    assert started == [{"mode": "oracle", "fixtures_dir": tmp_path / "fixtures", "latency": 0.0}]
    assert (configs[0].backend, configs[0].llm_base_url) == ("llm", "http://127.0.0.1:9/v1")
    assert (configs[0].llm_api_key, configs[0].llm_model) == ("fake-key", "fake-oracle")
    assert outcome.llm_requests == 7
    assert outcome.json_path == tmp_path / "results" / "llm-samples.json"


def test_fake_llm_missing_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pipeline_testing.fake_server", None)
    with pytest.raises(EvalError, match=r"--llm fake needs the repository.s pipeline_testing package"):
        run(tmp_path, None, backend="llm", llm="fake")


def test_git_commit_outside_a_repository(tmp_path: Path) -> None:
    assert runner.git_commit(tmp_path) is None
    commit = runner.git_commit()
    assert commit is None or len(commit) == 40
