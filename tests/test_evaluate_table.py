"""The results table, rendered exactly."""

from __future__ import annotations

from typing import Any

from pipeline.evaluate.table import markdown_grid, not_scored_line, render_results, suite_summary

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
    "not_scored": [],
    "backend": "rules",
    "suite": "samples",
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
        "## Eval: backend rules, suite samples\n"
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


def test_render_results_lists_reports_not_scored_and_the_budget_and_report_fields() -> None:
    result = {
        **RESULT,
        "not_scored": ["r02_b.txt", "r03_c.txt"],
        "budget_fields": {"budget.spent": {"accuracy": 0.5, "right": 1, "total": 2}},
        "report_fields": {"agency": {"accuracy": 0.0, "right": 0, "total": 3}},
    }
    rendered = render_results(result)
    assert rendered.endswith(
        "| weight    |        - |     0 |     0 |\n"
        "\n"
        "Budget figures (projects `budget.*`, `self_score`; budget lines `line.*`):\n"
        "\n"
        "| field        | accuracy | right | total |\n"
        "| ------------ | -------- | ----- | ----- |\n"
        "| budget.spent |    0.500 |     1 |     2 |\n"
        "\n"
        "Report fields:\n"
        "\n"
        "| field  | accuracy | right | total |\n"
        "| ------ | -------- | ----- | ----- |\n"
        "| agency |    0.000 |     0 |     3 |\n"
    )
    assert "\nnot scored (no fixture): 2 reports: r02_b.txt, r03_c.txt\n" in rendered


def test_not_scored_line() -> None:
    assert not_scored_line(["a.txt"]) == "not scored (no fixture): 1 report: a.txt"


def test_suite_summary_has_a_line_per_suite_and_no_figures_for_a_failed_suite() -> None:
    realworld = {**RESULT, "suite": "realworld", "not_scored": ["r09.txt"]}
    assert suite_summary([("samples", RESULT), ("realworld", realworld), ("other", None)]) == (
        "| suite     | scored | not scored | ind P | ind R | ind F1 | cell F1 | budget | report |\n"
        "| --------- | ------ | ---------- | ----- | ----- | ------ | ------- | ------ | ------ |\n"
        "| samples   |      2 |          0 | 1.000 | 0.667 |  0.800 |   0.500 |      - |  1.000 |\n"
        "| realworld |      2 |          1 | 1.000 | 0.667 |  0.800 |   0.500 |      - |  1.000 |\n"
        "| other     |  error |          - |     - |     - |      - |       - |      - |      - |"
    )
