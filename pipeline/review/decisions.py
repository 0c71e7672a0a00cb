"""A reviewer's decision → lines of `RUN_DIR/corrections.jsonl`, in the format
`pipeline.export.corrections` applies:

    {"report": <result file stem>, "path": "projects[0].indicators[3].target.value",
     "old": 5, "new": 6, "decision": "edit", "time": "2025-01-01T10:00:00+00:00"}

A target or an actual is one field to the reviewer but four (three) values in the file, and
`reject` sets the value at its path to null, so:

| decision      | scalar field (`weight`)        | target / actual                               |
|---------------|--------------------------------|-----------------------------------------------|
| accept, skip  | one line at the field          | one line at the field (old = new = the dict)  |
| reject        | one line, new null             | one line per leaf (raw, op, value, unit)      |
| edit          | one line, new = the typed value | one line per leaf: the typed text re-read    |
|               |                                | (`≥12个` → raw, op `>=`, value 12, unit `个`)  |

An edit is typed as text and read by the field's kind: a number for amounts, weights and
scores (`9.5`, `9.5分`), a year, `project`/`department`, words for the rest. A name cannot be
rejected (every indicator, project and budget line has one): edit it instead.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.domain.numbers import clean_number, parse_number
from pipeline.domain.quantity import parse_actual, parse_target
from pipeline.export.atomic import append_lines
from pipeline.export.corrections import CORRECTIONS_FILE
from pipeline.review.listing import ReviewField
from pipeline.trust.fields import (
    BUDGET_LINE_FIELDS,
    INDICATOR_FIELDS,
    PROJECT_FIELDS,
    REPORT_FIELDS,
    FieldKind,
    FieldSpec,
)

LEAVES = {"target": ("raw", "op", "value", "unit"), "actual": ("raw", "value", "unit")}
_NUMBER_KINDS = ("number", "amount", "percent")
_INDICATOR = re.compile(r"^projects\[\d+\]\.indicators\[\d+\]\.")
_PROJECT = re.compile(r"^projects\[\d+\]\.")


def field_kind(field: ReviewField) -> FieldKind:
    """The kind of the field at `field.path` (see `pipeline.trust.fields`)."""
    specs: tuple[FieldSpec, ...]
    if _INDICATOR.match(field.path):
        specs = INDICATOR_FIELDS
    elif _PROJECT.match(field.path):
        specs = PROJECT_FIELDS
    elif field.path.startswith("budget_lines["):
        specs = BUDGET_LINE_FIELDS
    else:
        specs = REPORT_FIELDS
    return next((s.kind for s in specs if s.key == field.field), "text")


def parse_edit(field: ReviewField, text: str) -> Any:
    """The typed text as the field's new value; ValueError (with a message to show) if it is not one."""
    text = text.strip()
    kind = field_kind(field)
    if field.field == "target":
        q = parse_target(text)
        return {"raw": text or None, "op": q.op, "value": _num(q.value), "unit": q.unit}
    if field.field == "actual":
        q = parse_actual(text)
        return {"raw": text or None, "value": _num(q.value), "unit": q.unit}
    if kind in _NUMBER_KINDS:
        number = parse_number(text.removesuffix("分").removesuffix("%").removesuffix("万元"))
        if number is None:
            raise ValueError(f"{text!r} is not a number")
        return clean_number(number)
    if kind == "year":
        if not re.fullmatch(r"\d{4}", text):
            raise ValueError(f"{text!r} is not a year")
        return int(text)
    if field.field == "report_kind" and text not in ("project", "department"):
        raise ValueError("report_kind is 'project' or 'department'")
    if not text and field.field == "name":
        raise ValueError("a name cannot be empty")
    return text or None


def _num(value: float | None) -> float | int | None:
    return None if value is None else clean_number(value)


def _line(field: ReviewField, path: str, old: Any, new: Any, decision: str, time: str) -> dict[str, Any]:
    return {"report": field.report, "path": path, "old": old, "new": new, "decision": decision, "time": time}


def correction_lines(
    field: ReviewField, decision: str, new: Any = None, time: str | None = None
) -> list[dict[str, Any]]:
    """The lines one decision writes (policy in the module docstring)."""
    time = time or datetime.now(UTC).isoformat(timespec="seconds")
    if decision in ("accept", "skip"):
        return [_line(field, field.path, field.value, field.value, decision, time)]
    if decision == "reject" and field.field == "name":
        raise ValueError("a name cannot be rejected; edit it instead")
    leaves = LEAVES.get(field.field)
    if leaves is None or not isinstance(field.value, dict):
        return [_line(field, field.path, field.value, new if decision == "edit" else None, decision, time)]
    new_values = new if decision == "edit" and isinstance(new, dict) else {}
    return [
        _line(field, f"{field.path}.{leaf}", field.value.get(leaf), new_values.get(leaf), decision, time)
        for leaf in leaves
    ]


def record_decision(run_dir: Path, lines: list[dict[str, Any]]) -> None:
    """Append the lines to RUN_DIR/corrections.jsonl together, in one locked write (so a web review
    and a terminal review open on one run never interleave their lines)."""
    append_lines(run_dir / CORRECTIONS_FILE, [json.dumps(line, ensure_ascii=False) for line in lines])
