"""The committed baseline: `evals/baseline/<backend>-<suite>.json`, a results file someone kept.

A run regresses when its overall indicator F1 or cell F1 falls *more than* `REGRESSION_TOLERANCE`
below the baseline's: with a baseline of 0.80, 0.78 passes and 0.7799 fails. Small wobbles (one
indicator of a hundred) pass, a lost table layout does not. Improvements never fail; they are
kept by running with `--update-baseline`, which copies the results file over the baseline.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.core.errors import EvalError

REGRESSION_TOLERANCE = 0.02
GUARDED_FIGURES = {"indicator_f1": "indicator F1", "cell_f1": "cell F1"}
# Float noise must not turn "exactly 0.02 below" into a failure.
_EPSILON = 1e-9


@dataclass(frozen=True)
class BaselineCheck:
    """`regressed` is True only against an existing baseline; `message` is one line for the user."""

    regressed: bool
    message: str


def baseline_path(baseline_dir: Path, run_name: str) -> Path:
    """`run_name` is what the results file is called, `rules-samples` for the rules backend on samples."""
    return baseline_dir / f"{run_name}.json"


def _load_baseline(path: Path) -> dict[str, Any]:
    try:
        baseline = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvalError(f"cannot read baseline: {exc}", path) from exc
    if not isinstance(baseline, dict):
        raise EvalError("baseline is not a JSON object", path)
    missing = [key for key in GUARDED_FIGURES if not isinstance(baseline.get(key), int | float)]
    if missing:
        raise EvalError(f"baseline lacks {', '.join(missing)}", path)
    return baseline


def _describe(result: Mapping[str, Any], baseline: Mapping[str, Any]) -> str:
    return ", ".join(
        f"{label} {result[key]:.3f} (baseline {baseline[key]:.3f})" for key, label in GUARDED_FIGURES.items()
    )


def compare_with_baseline(
    result: Mapping[str, Any], path: Path, tolerance: float = REGRESSION_TOLERANCE
) -> BaselineCheck:
    """Whether `result` fell more than `tolerance` below the baseline at `path` (absent: no check)."""
    if not path.is_file():
        return BaselineCheck(False, f"no baseline yet at {path}; run with --update-baseline to create it")
    baseline = _load_baseline(path)
    fallen = [
        label for key, label in GUARDED_FIGURES.items() if baseline[key] - result[key] > tolerance + _EPSILON
    ]
    scorer_note = ""
    if baseline.get("scorer_version") != result.get("scorer_version"):
        scorer_note = f" [baseline scored by scorer {baseline.get('scorer_version')}]"
    figures = _describe(result, baseline) + scorer_note
    if fallen:
        return BaselineCheck(
            True, f"regression: {' and '.join(fallen)} fell more than {tolerance} below {path}: {figures}"
        )
    return BaselineCheck(False, f"within {tolerance} of {path}: {figures}")


def update_baseline(result_path: Path, path: Path) -> Path:
    """Copy a results file over the baseline (creating its directory)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(result_path, path)
    return path
