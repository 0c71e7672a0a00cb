"""What the model returns for one request: pydantic models mirroring schemas/chunk_response.schema.json.

The JSON schema is the source of truth; tests/test_llm_response.py proves the two agree (same
properties, same required keys, every dump validates). Models are frozen and forbid unknown keys,
so a misnamed key (`target` instead of `target_raw`) is a validation error the client re-asks on,
never a value silently dropped.

Shape (every key but `indicators` may be omitted; omitted values are null / empty)::

    {"indicators": [{"project": "城乡医疗救助…维护费" | null, "level1": "产出指标", "level2": "数量指标",
                     "name": "培训班次", "target_raw": "≥10个", "op": ">=", "target_value": 10,
                     "target_unit": "个", "actual_raw": "12期", "actual_value": 12, "actual_unit": "期",
                     "weight": 10, "score": 9, "deviation_reason": null,
                     "quotes": {"name": "培训班次", "target": "≥10个", "actual": "12期",
                                "weight": null, "score": null, "deviation_reason": null}}],
     "budgets": [{"project": null, "initial": 1.96, "carryover": null, "adjusted": 1.56,
                  "spent": 1.5464, "execution_rate": 99.13, "self_score": 91,
                  "quotes": {"initial": "19600 元", "adjusted": "剩余指标 15600 元", …}}],
     "budget_lines": [{"name": "基本支出", "initial": 1470.68, "adjustment": 93.14, "adjusted": 1563.82,
                       "spent": 1515.55, "execution_rate": 96.91, "quotes": {"name": "基本支出", …}}],
     "report": {"title": "…绩效自评报告", "report_kind": "project", "fiscal_year": 2020,
                "agency": "新丰县医疗保障局", "province": null, "city": null, "county": "新丰县",
                "quotes": {"title": "…", "fiscal_year": "2020 年度", "agency": "新丰县医疗保障局"}} | null}

Conventions: budget amounts as written, in the item's `unit` (元 or 万元, absent: 万元) —
`in_wan_yuan` converts; `execution_rate` as stated (54.77 for 54.77 %);
indicator values are the number in the unit as written (98% → 98, "%"). A quote is an exact
substring of the chunk text the value was read from, or null.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Op = Literal[">=", ">", "=", "<=", "<", "qualitative"]
AmountUnit = Literal["元", "万元"]
YUAN_PER_WAN = 10_000
ReportKind = Literal["project", "department"]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ChunkResponse(_Record):
    """Everything the model read from one chunk."""

    indicators: tuple[IndicatorItem, ...]
    budgets: tuple[BudgetItem, ...] = ()
    budget_lines: tuple[BudgetLineItem, ...] = ()
    report: ReportItem | tuple[ReportItem, ...] | None = None  # a list: one per chunk of a packed request

    @property
    def reports(self) -> tuple[ReportItem, ...]:
        """The report facts as a tuple, however they were written."""
        if self.report is None:
            return ()
        return self.report if isinstance(self.report, tuple) else (self.report,)


class IndicatorQuotes(_Record):
    name: str | None = None
    target: str | None = None
    actual: str | None = None
    weight: str | None = None
    score: str | None = None
    deviation_reason: str | None = None


class IndicatorItem(_Record):
    """One 三级指标 or scored item. `project` is the 项目 name the chunk puts it under, if any;
    `chunk` the number of the chunk it was read in (packed requests)."""

    chunk: int | None = Field(default=None, ge=1)
    project: str | None = None
    level1: str | None = None
    level2: str | None = None
    name: str = Field(min_length=1)
    target_raw: str | None = None
    op: Op | None = None
    target_value: float | None = None
    target_unit: str | None = None
    actual_raw: str | None = None
    actual_value: float | None = None
    actual_unit: str | None = None
    weight: float | None = None
    score: float | None = None
    deviation_reason: str | None = None
    quotes: IndicatorQuotes


class BudgetQuotes(_Record):
    initial: str | None = None
    carryover: str | None = None
    adjusted: str | None = None
    spent: str | None = None
    execution_rate: str | None = None
    self_score: str | None = None


class BudgetItem(_Record):
    """A project's (or a department's) budget figures, amounts as written in `unit`."""

    chunk: int | None = Field(default=None, ge=1)
    project: str | None = None
    initial: float | None = None
    carryover: float | None = None
    adjusted: float | None = None
    spent: float | None = None
    execution_rate: float | None = None
    self_score: float | None = None
    unit: AmountUnit | None = None
    quotes: BudgetQuotes


class BudgetLineQuotes(_Record):
    name: str | None = None
    initial: str | None = None
    adjustment: str | None = None
    adjusted: str | None = None
    spent: str | None = None
    execution_rate: str | None = None


class BudgetLineItem(_Record):
    """One row of a budget table (预算信息, 支出构成), including 合计 rows, amounts as written in `unit`."""

    chunk: int | None = Field(default=None, ge=1)
    name: str = Field(min_length=1)
    initial: float | None = None
    adjustment: float | None = None
    adjusted: float | None = None
    spent: float | None = None
    execution_rate: float | None = None
    unit: AmountUnit | None = None
    quotes: BudgetLineQuotes


def in_wan_yuan(amount: float | None, unit: AmountUnit | None) -> float | None:
    """An amount as written, in 万元: 19600 (元) → 1.96; 1470.68 (万元 or no unit) → 1470.68."""
    if amount is None or unit != "元":
        return amount
    return round(amount / YUAN_PER_WAN, 6)


class ReportQuotes(_Record):
    title: str | None = None
    fiscal_year: str | None = None
    agency: str | None = None


class ReportItem(_Record):
    chunk: int | None = Field(default=None, ge=1)
    title: str | None = None
    report_kind: ReportKind | None = None
    fiscal_year: int | None = None
    agency: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    quotes: ReportQuotes


ChunkResponse.model_rebuild()
