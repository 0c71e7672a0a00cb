"""Which fields of a `ReportExtraction` are trusted, and how to walk them.

A *field* is what a reviewer judges as one value: `target` (raw, op, value and unit together),
`weight`, `budget.spent`, `fiscal_year`. Each has a kind that says how it is grounded:

| kind       | fields                                                       | grounded as                 |
|------------|--------------------------------------------------------------|-----------------------------|
| `text`     | names, deviation_reason, title, agency, province/city/county | the words                   |
| `label`    | level1, level2, project name                                 | the words, anywhere         |
| `quantity` | target, actual                                               | number + comparator + unit  |
| `number`   | weight, score, self_score                                    | the number                  |
| `amount`   | budget figures (万元)                                        | the number, or ×10000 in 元  |
| `percent`  | execution_rate                                               | the number (or ÷100)        |
| `year`     | fiscal_year                                                  | the number                  |
| `derived`  | report_kind                                                  | not grounded (a judgement)  |

Paths: a record's path is `projects[0].indicators[3]`, `projects[0]`, `budget_lines[2]` or
`report`; a field's path is the record's path, a dot and its key (`projects[0].budget.spent`).
The key is also the field's name in `Evidence.field` and in `field_confidence`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, NamedTuple

from pipeline.core.models import (
    Actual,
    BudgetLine,
    Indicator,
    Project,
    ReportExtraction,
    ReportInfo,
    Target,
)

_QUANTITIES = (Target, Actual)  # a tuple, not `Target | Actual`: read per field, made once

FieldKind = Literal["text", "label", "quantity", "number", "amount", "percent", "year", "derived"]
TrustedRecord = Indicator | Project | BudgetLine | ReportInfo


@dataclass(frozen=True)
class FieldSpec:
    key: str
    kind: FieldKind


INDICATOR_FIELDS = (
    FieldSpec("name", "text"),
    FieldSpec("level1", "label"),
    FieldSpec("level2", "label"),
    FieldSpec("target", "quantity"),
    FieldSpec("actual", "quantity"),
    FieldSpec("weight", "number"),
    FieldSpec("score", "number"),
    FieldSpec("deviation_reason", "text"),
)
PROJECT_FIELDS = (
    FieldSpec("name", "label"),
    FieldSpec("budget.initial", "amount"),
    FieldSpec("budget.carryover", "amount"),
    FieldSpec("budget.adjusted", "amount"),
    FieldSpec("budget.spent", "amount"),
    FieldSpec("budget.execution_rate", "percent"),
    FieldSpec("self_score", "number"),
)
BUDGET_LINE_FIELDS = (
    FieldSpec("name", "text"),
    FieldSpec("initial", "amount"),
    FieldSpec("adjustment", "amount"),
    FieldSpec("adjusted", "amount"),
    FieldSpec("spent", "amount"),
    FieldSpec("execution_rate", "percent"),
)
REPORT_FIELDS = (
    FieldSpec("title", "text"),
    FieldSpec("report_kind", "derived"),
    FieldSpec("fiscal_year", "year"),
    FieldSpec("agency", "text"),
    FieldSpec("province", "text"),
    FieldSpec("city", "text"),
    FieldSpec("county", "text"),
)


class RecordRef(NamedTuple):
    """One record of a result with its JSON path and the fields it holds (a named tuple: one is
    made per record of every report, and a frozen dataclass is built field by field)."""

    path: str
    record: TrustedRecord
    specs: tuple[FieldSpec, ...]

    def field_path(self, key: str) -> str:
        return f"{self.path}.{key}"

    def present(self) -> list[FieldSpec]:
        """The specs whose value is filled in this record."""
        return [spec for spec in self.specs if is_present(value_at(self.record, spec.key))]


def value_at(record: object, key: str) -> object:
    """`value_at(project, "budget.spent")` → `project.budget.spent`."""
    if "." not in key:  # most keys name a field of the record itself
        return getattr(record, key)
    value = record
    for part in key.split("."):
        value = getattr(value, part)
    return value


def is_present(value: object) -> bool:
    """A filled value: not None, not a blank string; a target/actual with a raw text or a number."""
    if isinstance(value, _QUANTITIES):
        return bool(value.raw and value.raw.strip()) or value.value is not None
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None


def records(result: ReportExtraction) -> Iterator[RecordRef]:
    """Every trusted record, report first, then each project and its indicators, then budget lines."""
    yield report_ref(result.report)
    for p, project in enumerate(result.projects):
        yield project_ref(p, project)
        for i, indicator in enumerate(project.indicators):
            yield indicator_ref(p, i, indicator)
    for b, line in enumerate(result.budget_lines):
        yield budget_line_ref(b, line)


# One record each, at its JSON path: `records` walks a whole result with them, and trust builds
# them one at a time as it hands a report's records on (`trust.apply`).
def report_ref(report: ReportInfo) -> RecordRef:
    return RecordRef("report", report, REPORT_FIELDS)


def project_ref(p: int, project: Project) -> RecordRef:
    return RecordRef(f"projects[{p}]", project, PROJECT_FIELDS)


def indicator_ref(p: int, i: int, indicator: Indicator) -> RecordRef:
    return RecordRef(f"projects[{p}].indicators[{i}]", indicator, INDICATOR_FIELDS)


def budget_line_ref(b: int, line: BudgetLine) -> RecordRef:
    return RecordRef(f"budget_lines[{b}]", line, BUDGET_LINE_FIELDS)


def display_value(value: object) -> str:
    """A field's value as a reviewer reads it: a target as its raw text (`≥10个`), else `op value unit`."""
    if isinstance(value, _QUANTITIES):
        if value.raw:
            return value.raw
        op = value.op if isinstance(value, Target) and value.op not in (None, "qualitative") else ""
        number = "" if value.value is None else f"{value.value:g}"
        return f"{op}{number}{value.unit or ''}"
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)
