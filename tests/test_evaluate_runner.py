"""The runner on a temp tree with one tiny report, an injected extract function and a baseline."""

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
from pipeline.evaluate.runner import EvalOptions, run_eval


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
    "per_report",
    "backend",
    "git_commit",
    "prompt_version",
    "schema_hash",
    "scorer_version",
    "created",
]


def options(tmp_path: Path, **changes: Any) -> EvalOptions:
    (tmp_path / "reports").mkdir(exist_ok=True)
    (tmp_path / "fixtures").mkdir(exist_ok=True)
    (tmp_path / "reports" / "000_a.txt").write_text("培训班次≥10个", encoding="utf-8")
    (tmp_path / "fixtures" / "000_a.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    base = EvalOptions(
        reports_dir=tmp_path / "reports",
        fixtures_dir=tmp_path / "fixtures",
        baseline_dir=tmp_path / "baseline",
        results_dir=tmp_path / "results",
    )
    return dataclasses.replace(base, **changes)


def perfect(path: Path) -> Mapping[str, Any]:
    return {**copy.deepcopy(GOLD), "extractor": {"backend": "rules", "version": "0", "prompt_version": "p1"}}


def half(path: Path) -> Mapping[str, Any]:
    prediction = copy.deepcopy(GOLD)
    prediction["projects"][0]["indicators"].pop()
    return prediction


def failing(path: Path) -> Mapping[str, Any]:
    raise IngestError("cannot decode", path)


def test_results_file_keys_order_and_markdown(tmp_path: Path) -> None:
    outcome = run_eval(options(tmp_path), extract=perfect)
    written = json.loads(outcome.json_path.read_text(encoding="utf-8"))
    assert outcome.json_path == tmp_path / "results" / "rules.json"
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
    assert (written["backend"], written["prompt_version"], written["scorer_version"]) == ("rules", "p1", "1")
    assert written["schema_hash"].startswith("sha256:")
    markdown = (tmp_path / "results" / "rules.md").read_text(encoding="utf-8")
    assert outcome.markdown_path == tmp_path / "results" / "rules.md"
    assert "| 000_a   | 1.000 | 1.000 |  1.000 |   1.000 |  1.000 |  1.000 |" in markdown
    assert "| overall | 1.000 | 1.000 |  1.000 |   1.000 |  1.000 |  1.000 |" in markdown


def test_no_baseline_then_update_then_compare(tmp_path: Path) -> None:
    first = run_eval(options(tmp_path), extract=perfect)
    assert not first.baseline.regressed
    assert first.baseline.message.startswith("no baseline at ")
    kept = run_eval(options(tmp_path, update_baseline=True), extract=perfect)
    assert kept.baseline == BaselineCheck(False, f"baseline updated: {tmp_path / 'baseline' / 'rules.json'}")
    assert json.loads((tmp_path / "baseline" / "rules.json").read_text(encoding="utf-8")) == kept.result
    within = run_eval(options(tmp_path), extract=perfect)
    assert not within.baseline.regressed
    assert within.baseline.message.startswith("within 0.02 of ")


def test_regression_against_the_baseline(tmp_path: Path) -> None:
    run_eval(options(tmp_path, update_baseline=True), extract=perfect)
    worse = run_eval(options(tmp_path), extract=half)
    assert worse.result["indicator_recall"] == 0.5
    assert worse.baseline.regressed
    assert worse.baseline.message.startswith("regression: indicator F1 and cell F1 fell more than 0.02")


def test_an_extraction_error_scores_zero_and_is_recorded(tmp_path: Path) -> None:
    outcome = run_eval(options(tmp_path), extract=failing)
    report = outcome.result["per_report"]["000_a"]
    assert report["error"] == f"{tmp_path / 'reports' / '000_a.txt'}: cannot decode"
    assert (report["indicator_f1"], report["cell_f1"], outcome.result["indicator_f1"]) == (0.0, 0.0, 0.0)
    assert outcome.result["prompt_version"] is None


def test_fixture_without_report_and_report_without_fixture(tmp_path: Path) -> None:
    opts = options(tmp_path)
    (tmp_path / "reports" / "000_a.txt").rename(tmp_path / "reports" / "001_b.txt")
    outcome = run_eval(opts, extract=perfect)
    assert outcome.result["per_report"]["000_a"]["error"] == "no report file with this stem"
    assert outcome.unlabelled == ("001_b.txt",)


def test_update_replaces_a_broken_baseline(tmp_path: Path) -> None:
    (tmp_path / "baseline").mkdir()
    (tmp_path / "baseline" / "rules.json").write_text("{", encoding="utf-8")
    with pytest.raises(EvalError, match="cannot read baseline"):
        run_eval(options(tmp_path), extract=perfect)
    assert not run_eval(options(tmp_path, update_baseline=True), extract=perfect).baseline.regressed
    assert not run_eval(options(tmp_path), extract=perfect).baseline.regressed


def test_unknown_llm_choice(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="--llm must be one of fake, not 'real'"):
        run_eval(options(tmp_path, llm="real"))


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
    outcome = run_eval(opts)
    assert started == [{"mode": "oracle", "fixtures_dir": opts.fixtures_dir, "latency": 0.0}]
    assert (configs[0].backend, configs[0].llm_base_url) == ("llm", "http://127.0.0.1:9/v1")
    assert (configs[0].llm_api_key, configs[0].llm_model) == ("fake-key", "fake-oracle")
    assert outcome.llm_requests == 7
    assert outcome.json_path == tmp_path / "results" / "llm.json"


def test_fake_llm_missing_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pipeline_testing.fake_server", None)
    with pytest.raises(EvalError, match=r"--llm fake needs the repository.s pipeline_testing package"):
        run_eval(options(tmp_path, backend="llm", llm="fake"))


def test_git_commit_outside_a_repository(tmp_path: Path) -> None:
    assert runner.git_commit(tmp_path) is None
    commit = runner.git_commit()
    assert commit is None or len(commit) == 40
