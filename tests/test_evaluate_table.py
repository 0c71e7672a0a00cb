"""The results table, rendered exactly."""

from __future__ import annotations

from typing import Any

from pipeline.evaluate.table import markdown_grid, render_results

FIGURES = {
    "indicator_f1": 0.8,
    "cell_f1": 0.5,
    "indicator_precision": 1.0,
    "indicator_recall": 0.6667,
    "cell_precision": 0.5,
    "cell_recall": 0.5,
    "budget_accuracy": None,
    "report_field_accuracy": 1.0,
}
ZERO = dict.fromkeys(FIGURES, 0.0)

RESULT: dict[str, Any] = {
    **FIGURES,
    "fields": {
        "target.op": {"accuracy": 1.0, "right": 2, "total": 2},
        "weight": {"accuracy": None, "right": 0, "total": 0},
    },
    "per_report": {
        "000_a": {**FIGURES, "counts": {}, "error": None},
        "001_b": {**ZERO, "counts": {}, "error": "001_b.txt: cannot decode"},
    },
    "backend": "rules",
    "git_commit": "0123456789abcdef0123",
    "prompt_version": None,
    "schema_hash": "sha256:abc",
    "scorer_version": "1",
    "created": "2025-01-02T03:04:05+00:00",
}


def test_markdown_grid_pads_columns() -> None:
    assert markdown_grid(["a", "bb"], [["long", "1"], ["x", "22"]]) == (
        "| a    | bb |\n| ---- | -- |\n| long |  1 |\n| x    | 22 |"
    )


def test_render_results() -> None:
    assert render_results(RESULT) == (
        "## Eval: backend rules\n"
        "\n"
        "scorer 1 · schema sha256:abc · prompt - · commit 0123456789ab · 2025-01-02T03:04:05+00:00\n"
        "\n"
        "| report  | ind P | ind R | ind F1 | cell F1 | budget | report |\n"
        "| ------- | ----- | ----- | ------ | ------- | ------ | ------ |\n"
        "| 000_a   | 1.000 | 0.667 |  0.800 |   0.500 |      - |  1.000 |\n"
        "| 001_b ! | 0.000 | 0.000 |  0.000 |   0.000 |  0.000 |  0.000 |\n"
        "| overall | 1.000 | 0.667 |  0.800 |   0.500 |      - |  1.000 |\n"
        "\n"
        "Missing predictions (`!`):\n"
        "\n"
        "- 001_b: 001_b.txt: cannot decode\n"
        "\n"
        "Per-field accuracy over matched indicators:\n"
        "\n"
        "| field     | accuracy | right | total |\n"
        "| --------- | -------- | ----- | ----- |\n"
        "| target.op |    1.000 |     2 |     2 |\n"
        "| weight    |        - |     0 |     0 |\n"
    )


def test_render_results_without_errors_or_commit() -> None:
    result = {**RESULT, "per_report": {"000_a": RESULT["per_report"]["000_a"]}, "git_commit": None}
    rendered = render_results(result)
    assert "Missing predictions" not in rendered
    assert "· commit - ·" in rendered
