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


def label(reports: Path, fixtures: Path, stem: str) -> None:
    for directory in (reports, fixtures):
        directory.mkdir(parents=True, exist_ok=True)
    (reports / f"{stem}.txt").write_text("制度健全", encoding="utf-8")
    (fixtures / f"{stem}.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")


def tree(tmp_path: Path, realworld: bool = True) -> list[str]:
    """An evals directory with a labelled report in `samples` and (optionally) in `realworld`."""
    label(tmp_path / "reports", tmp_path / "fixtures", "000_a")
    if realworld:
        label(tmp_path / "realworld" / "reports", tmp_path / "realworld" / "fixtures", "r01_a")
    return ["eval", "--evals-dir", str(tmp_path)]


def use_extractor(monkeypatch: pytest.MonkeyPatch, keep: int) -> None:
    """Stand in for the backend: the gold with only its first `keep` indicators."""

    def backend_extract(config: Config) -> Callable[[Path], Mapping[str, Any]]:
        def extract(path: Path) -> Mapping[str, Any]:
            prediction = copy.deepcopy(GOLD)
            del prediction["projects"][0]["indicators"][keep:]
            return prediction

        return extract

    monkeypatch.setattr(runner, "backend_extract", backend_extract)


def test_eval_without_baseline_prints_the_tables_and_exits_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_extractor(monkeypatch, keep=2)
    result = CliRunner().invoke(app, tree(tmp_path))
    assert result.exit_code == 0, result.output
    assert "## Eval: backend rules, suite samples" in result.stdout
    assert "## Eval: backend rules, suite realworld" in result.stdout
    assert "| overall | 1.000 | 1.000 |  1.000 |   1.000 |  1.000 |  1.000 |" in result.stdout
    assert result.stdout.rstrip().endswith(
        "| suite     | scored | not scored | ind P | ind R | ind F1 | cell F1 | budget | report |\n"
        "| --------- | ------ | ---------- | ----- | ----- | ------ | ------- | ------ | ------ |\n"
        "| samples   |      1 |          0 | 1.000 | 1.000 |  1.000 |   1.000 |  1.000 |  1.000 |\n"
        "| realworld |      1 |          0 | 1.000 | 1.000 |  1.000 |   1.000 |  1.000 |  1.000 |"
    )
    for name in ("rules-samples", "rules-realworld"):
        assert f"no baseline yet at {tmp_path / 'baseline' / name}.json" in result.stdout
        assert (tmp_path / "results" / f"{name}.json").is_file()
        assert (tmp_path / "results" / f"{name}.md").is_file()


def test_eval_one_suite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_extractor(monkeypatch, keep=2)
    result = CliRunner().invoke(app, [*tree(tmp_path), "--suite", "realworld"])
    assert result.exit_code == 0, result.output
    assert "suite samples" not in result.stdout
    assert sorted(path.name for path in (tmp_path / "results").iterdir()) == [
        "rules-realworld.json",
        "rules-realworld.md",
    ]


def test_eval_unknown_suite(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, [*tree(tmp_path), "--suite", "mine"])
    assert result.exit_code == 1
    assert result.stderr == "error: unknown suite mine: choose from samples, realworld\n"


def test_unlabelled_reports_are_listed_as_not_scored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_extractor(monkeypatch, keep=2)
    args = tree(tmp_path)
    (tmp_path / "realworld" / "reports" / "r02_b.txt").write_text("未标注", encoding="utf-8")
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "| realworld |      1 |          1 |" in result.stdout
    assert "realworld: not scored (no fixture): 1 report: r02_b.txt" in result.stdout


def test_a_suite_without_fixtures_fails_after_the_others_ran(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_extractor(monkeypatch, keep=2)
    args = tree(tmp_path, realworld=False)
    (tmp_path / "realworld" / "reports").mkdir(parents=True)
    (tmp_path / "realworld" / "reports" / "r01_a.txt").write_text("报告", encoding="utf-8")
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    assert "| samples   |      1 |          0 | 1.000 |" in result.stdout
    assert "| realworld |  error |          - |     - |" in result.stdout
    assert result.stderr == (
        f"error: {tmp_path / 'realworld' / 'fixtures'}: suite realworld: nothing scored: "
        "no gold fixtures (*.json); 1 report not scored\n"
    )


def test_eval_exit_status_follows_each_suites_baseline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = tree(tmp_path)
    use_extractor(monkeypatch, keep=2)
    assert CliRunner().invoke(app, [*args, "--update-baseline"]).exit_code == 0
    assert CliRunner().invoke(app, args).exit_code == 0
    use_extractor(monkeypatch, keep=1)
    regressed = CliRunner().invoke(app, [*args, "--suite", "samples"])
    assert regressed.exit_code == 1
    assert regressed.stderr.startswith(
        "error: suite samples: regression: indicator F1 and cell F1 fell more than 0.02 below "
        f"{tmp_path / 'baseline' / 'rules-samples.json'}"
    )
    assert regressed.stderr.count("\n") == 1
    both = CliRunner().invoke(app, args)
    assert [line.split(":")[1] for line in both.stderr.splitlines()] == [" suite samples", " suite realworld"]


def test_llm_backend_without_an_llm_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("PIPELINE_LLM_MODEL", "PIPELINE_LLM_BASE_URL", "PIPELINE_LLM_API_KEY", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.delenv("PIPELINE_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, [*tree(tmp_path), "--backend", "llm"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "error: backend llm needs an LLM and none is configured: set llm_base_url and llm_model "
        "(pipeline.toml or PIPELINE_LLM_*), or pass --llm fake\n"
    )
    assert "regression" not in result.output


def test_eval_reports_a_pipeline_error_on_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "--evals-dir", str(tmp_path / "none"), "--suite", "samples"])
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"error: {tmp_path / 'none' / 'reports'}: suite samples: reports directory not found\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--backend", "llm"],
            "error: backend llm needs an LLM and none is configured: set llm_base_url and llm_model "
            "(pipeline.toml or PIPELINE_LLM_*), or pass --llm fake\n",
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
    result = CliRunner().invoke(app, ["eval", *args, "--evals-dir", str(tmp_path)])
    assert (result.exit_code, result.stderr) == (1, message)
    assert not (tmp_path / "results").exists()
