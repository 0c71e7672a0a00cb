"""The results table, rendered from a results dict (so any results file can be re-rendered).

One format serves both the terminal and `evals/results/<backend>-<suite>.md`: a markdown table
padded to aligned columns reads as plain text and renders as markdown. Example (abridged):

    | report  | ind P | ind R | ind F1 | cell F1 | budget | report |
    | ------- | ----- | ----- | ------ | ------- | ------ | ------ |
    | 000_7fc | 1.000 | 0.500 |  0.667 |   0.600 |      - |  1.000 |
    | overall | 1.000 | 0.500 |  0.667 |   0.600 |      - |  1.000 |

`-` is an accuracy over nothing (no field on either side). Reports whose prediction is missing are
marked `!` and their errors listed below the table; reports without a fixture are listed as not
scored. Below come the per-field accuracies: indicator fields over matched indicators, budget
figures, report fields. `suite_summary` is the closing table of a run, a line per suite.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

REPORT_COLUMNS = (
    ("ind P", "indicator_precision"),
    ("ind R", "indicator_recall"),
    ("ind F1", "indicator_f1"),
    ("cell F1", "cell_f1"),
    ("budget", "budget_accuracy"),
    ("report", "report_field_accuracy"),
)


def _figure(value: Any) -> str:
    return "-" if value is None else f"{value:.3f}"


def markdown_grid(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A markdown table with every column padded to its widest cell (first column left-aligned)."""
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        padded = [
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = "| " + " | ".join("-" * w for w in widths) + " |"
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def _report_row(name: str, figures: Mapping[str, Any]) -> list[str]:
    return [name, *(_figure(figures.get(key)) for _, key in REPORT_COLUMNS)]


def report_table(result: Mapping[str, Any]) -> str:
    rows = []
    for name, figures in result["per_report"].items():
        marker = " !" if figures.get("error") else ""
        rows.append(_report_row(name + marker, figures))
    rows.append(_report_row("overall", result))
    return markdown_grid(["report", *(label for label, _ in REPORT_COLUMNS)], rows)


def field_table(tallies: Mapping[str, Mapping[str, Any]]) -> str:
    """Accuracy, right and total per field of a `{field: tally dict}` map."""
    rows = [
        [name, _figure(tally["accuracy"]), str(tally["right"]), str(tally["total"])]
        for name, tally in tallies.items()
    ]
    return markdown_grid(["field", "accuracy", "right", "total"], rows)


FIELD_SECTIONS = (
    ("fields", "Per-field accuracy over matched indicators"),
    ("budget_fields", "Budget figures (projects `budget.*`, `self_score`; budget lines `line.*`)"),
    ("report_fields", "Report fields"),
)


def _errors(result: Mapping[str, Any]) -> list[str]:
    return [
        f"- {name}: {figures['error']}"
        for name, figures in result["per_report"].items()
        if figures.get("error")
    ]


def _heading(result: Mapping[str, Any]) -> str:
    commit = (result.get("git_commit") or "-")[:12]
    return (
        f"## Eval: backend {result['backend']}, suite {result['suite']}\n\n"
        f"scorer {result['scorer_version']} · schema {result['schema_hash']} · prompt "
        f"{result.get('prompt_version') or '-'} · commit {commit} · {result['created']}"
    )


def render_results(result: Mapping[str, Any]) -> str:
    """The whole table: heading, per-report rows and overall, errors, per-field accuracy."""
    parts = [_heading(result), report_table(result)]
    errors = _errors(result)
    if errors:
        parts.append("Missing predictions (`!`):\n\n" + "\n".join(errors))
    if result.get("not_scored"):
        parts.append(not_scored_line(result["not_scored"]))
    for key, title in FIELD_SECTIONS:
        if key in result:
            parts.append(f"{title}:\n\n" + field_table(result[key]))
    return "\n\n".join(parts) + "\n"


def reports(count: int) -> str:
    return f"{count} report" if count == 1 else f"{count} reports"


def not_scored_line(names: Sequence[str]) -> str:
    return f"not scored (no fixture): {reports(len(names))}: {', '.join(names)}"


def suite_summary(runs: Sequence[tuple[str, Mapping[str, Any] | None]]) -> str:
    """A line per suite: reports scored and not scored, then the overall figures.

    A suite that could not be scored (`None`) shows `error` and no figures, never zeros.
    """
    header = ["suite", "scored", "not scored", *(label for label, _ in REPORT_COLUMNS)]
    rows = []
    for name, result in runs:
        if result is None:
            rows.append([name, "error", "-", *("-" for _ in REPORT_COLUMNS)])
            continue
        counts = [str(len(result["per_report"])), str(len(result.get("not_scored", ())))]
        rows.append([name, *counts, *(_figure(result.get(key)) for _, key in REPORT_COLUMNS)])
    return markdown_grid(header, rows)
