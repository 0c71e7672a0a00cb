"""The regression guard: more than 0.02 below the baseline fails, 0.02 exactly does not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.core.errors import EvalError
from pipeline.evaluate.baseline import BaselineCheck, baseline_path, compare_with_baseline, update_baseline


def result(indicator_f1: float, cell_f1: float) -> dict[str, object]:
    return {"indicator_f1": indicator_f1, "cell_f1": cell_f1, "scorer_version": "1"}


def write_baseline(tmp_path: Path, indicator_f1: float = 0.8, cell_f1: float = 0.6) -> Path:
    path = baseline_path(tmp_path, "rules-samples")
    path.write_text(json.dumps(result(indicator_f1, cell_f1)), encoding="utf-8")
    return path


def test_no_baseline_is_not_a_regression(tmp_path: Path) -> None:
    path = tmp_path / "rules-realworld.json"
    assert compare_with_baseline(result(0.0, 0.0), path) == BaselineCheck(
        False, f"no baseline yet at {path}; run with --update-baseline to create it"
    )


def test_baseline_path_is_per_backend_and_suite(tmp_path: Path) -> None:
    assert baseline_path(tmp_path, "llm-realworld") == tmp_path / "llm-realworld.json"


@pytest.mark.parametrize(
    ("indicator_f1", "cell_f1", "regressed"),
    [(0.8, 0.6, False), (0.78, 0.58, False), (0.95, 0.9, False), (0.7799, 0.6, True), (0.8, 0.5799, True)],
)
def test_regression_threshold(tmp_path: Path, indicator_f1: float, cell_f1: float, regressed: bool) -> None:
    check = compare_with_baseline(result(indicator_f1, cell_f1), write_baseline(tmp_path))
    assert check.regressed is regressed


def test_messages_are_one_line(tmp_path: Path) -> None:
    path = write_baseline(tmp_path)
    check = compare_with_baseline(result(0.7, 0.55), path)
    assert check.message == (
        f"regression: indicator F1 and cell F1 fell more than 0.02 below {path}: "
        "indicator F1 0.700 (baseline 0.800), cell F1 0.550 (baseline 0.600)"
    )
    ok = compare_with_baseline({**result(0.8, 0.6), "scorer_version": "2"}, path)
    assert ok.message == (
        f"within 0.02 of {path}: indicator F1 0.800 (baseline 0.800), cell F1 0.600 (baseline 0.600)"
        " [baseline scored by scorer 1]"
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{", "cannot read baseline"),
        ('{"cell_f1": 1}', "baseline lacks indicator_f1"),
        ("[]", "not a JSON object"),
    ],
)
def test_malformed_baseline_is_an_error(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "rules.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvalError, match=reason):
        compare_with_baseline(result(1.0, 1.0), path)


def test_update_baseline_copies_the_results_file(tmp_path: Path) -> None:
    source = tmp_path / "results" / "rules-samples.json"
    source.parent.mkdir()
    source.write_text('{"indicator_f1": 0.5}\n', encoding="utf-8")
    target = baseline_path(tmp_path / "baseline", "rules-samples")
    assert update_baseline(source, target) == target
    assert target.read_text(encoding="utf-8") == '{"indicator_f1": 0.5}\n'
