"""`pipeline eval` end to end with a stand-in extractor: table, files, baseline exit status."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pipeline.cli.app import app
from pipeline.core.config import Config
from pipeline.evaluate import runner

GOLD: dict[str, Any] = {
    "report": {
        "title": None,
        "report_kind": "department",
        "fiscal_year": 2022,
        "agency": "某县医疗保障局",
        "province": None,
        "city": None,
        "county": None,
    },
    "projects": [
        {
            "name": "某县医疗保障局",
            "budget": {
                "initial": None,
                "carryover": None,
                "adjusted": None,
                "spent": None,
                "execution_rate": None,
            },
            "self_score": 98,
            "indicators": [
                {
                    "level1": None,
                    "level2": None,
                    "name": name,
                    "target": {"raw": None, "op": "qualitative", "value": None, "unit": None},
                    "actual": {"raw": None, "value": None, "unit": None},
                    "weight": None,
                    "score": None,
                    "deviation_reason": None,
                }
                for name in ("制度健全性", "资金使用合规性")
            ],
        }
    ],
    "budget_lines": [],
}


def tree(tmp_path: Path) -> list[str]:
    for name in ("reports", "fixtures"):
        (tmp_path / name).mkdir()
    (tmp_path / "reports" / "000_a.txt").write_text("制度健全", encoding="utf-8")
    (tmp_path / "fixtures" / "000_a.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    return [
        "eval",
        *("--reports", str(tmp_path / "reports"), "--fixtures", str(tmp_path / "fixtures")),
        *("--baseline-dir", str(tmp_path / "baseline"), "--results-dir", str(tmp_path / "results")),
    ]


def use_extractor(monkeypatch: pytest.MonkeyPatch, keep: int) -> None:
    """Stand in for the backend: the gold with only its first `keep` indicators."""

    def backend_extract(config: Config) -> Callable[[Path], Mapping[str, Any]]:
        def extract(path: Path) -> Mapping[str, Any]:
            prediction = copy.deepcopy(GOLD)
            del prediction["projects"][0]["indicators"][keep:]
            return prediction

        return extract

    monkeypatch.setattr(runner, "backend_extract", backend_extract)


def test_eval_without_baseline_prints_the_table_and_exits_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_extractor(monkeypatch, keep=2)
    result = CliRunner().invoke(app, tree(tmp_path))
    assert result.exit_code == 0, result.output
    assert "| overall | 1.000 | 1.000 |  1.000 |   1.000 |  1.000 |  1.000 |" in result.stdout
    assert f"no baseline at {tmp_path / 'baseline' / 'rules.json'}" in result.stdout
    assert (tmp_path / "results" / "rules.json").is_file()
    assert (tmp_path / "results" / "rules.md").is_file()


def test_eval_exit_status_follows_the_baseline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = tree(tmp_path)
    use_extractor(monkeypatch, keep=2)
    assert CliRunner().invoke(app, [*args, "--update-baseline"]).exit_code == 0
    assert CliRunner().invoke(app, args).exit_code == 0
    use_extractor(monkeypatch, keep=1)
    regressed = CliRunner().invoke(app, args)
    assert regressed.exit_code == 1
    assert regressed.stderr.startswith("error: regression: indicator F1 and cell F1 fell more than 0.02")
    assert regressed.stderr.count("\n") == 1


def test_eval_reports_a_pipeline_error_on_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "--fixtures", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path / 'none'}: fixtures directory not found\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--backend", "llm"],
            "error: --backend llm needs an LLM: set PIPELINE_LLM_BASE_URL and "
            "PIPELINE_LLM_MODEL, or add --llm fake to answer from the fixtures\n",
        ),
        (
            ["--backend", "hybird"],
            "error: --backend: backend must be one of rules, llm, hybrid, not 'hybird' "
            "(did you mean 'hybrid'?)\n",
        ),
    ],
)
def test_eval_refuses_a_backend_it_cannot_run_before_any_work(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = CliRunner().invoke(app, ["eval", *args, "--results-dir", str(tmp_path / "results")])
    assert (result.exit_code, result.stderr) == (1, message)
    assert not (tmp_path / "results").exists()
