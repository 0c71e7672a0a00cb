"""Budgets the model read, merged over chunks: a project's budget and the budget-table lines.

A project's budget: each field (and `self_score`) from the first reading that has it, readings
from table chunks first. Evidence and ungrounded flags follow the value chosen.

Budget lines: one row of a budget table can be read in several chunks — a table split between
rows repeats its header and the merged cells a piece starts under, and a model may name a
repeated row again with fewer (or no) figures. Readings of one name whose figures do not
disagree are one line, each field from the first reading that has it; readings that disagree
(two `其他` rows with different amounts) stay two lines.

Worked example: chunk 3 reads `基本支出` with initial 1470.68 and execution_rate 96.91, chunk 4
reads `基本支出` with no figure and then `基本支出` adjusted 1563.82. One line: initial 1470.68,
adjusted 1563.82, execution_rate 96.91, each with the evidence of the chunk that stated it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pipeline.chunk import Chunk
from pipeline.core.models import Budget, BudgetLine, Evidence
from pipeline.domain.names import name_key
from pipeline.extract.llm_ground import Grounding, ground_fields
from pipeline.llm.response import BudgetItem, BudgetLineItem, in_wan_yuan

if TYPE_CHECKING:
    from pipeline.normalize import NormalizedText

BUDGET_FIELDS = ("initial", "carryover", "adjusted", "spent", "execution_rate")
LINE_FIELDS = ("initial", "adjustment", "adjusted", "spent", "execution_rate")
AMOUNT_FIELDS = ("initial", "carryover", "adjusted", "spent")  # execution_rate and scores have no unit
LINE_AMOUNTS = ("initial", "adjustment", "adjusted", "spent")
Ungrounded = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class BudgetFound:
    table: bool
    values: dict[str, float | None]  # the budget fields and `self_score`
    grounding: Grounding


def found_budget(item: BudgetItem, chunk: Chunk, norm: NormalizedText) -> BudgetFound:
    values: dict[str, float | None] = {f: getattr(item, f) for f in (*BUDGET_FIELDS, "self_score")}
    values |= {f: in_wan_yuan(values[f], item.unit) for f in AMOUNT_FIELDS}
    triples: list[tuple[str, object, str | None]] = [
        (f"budget.{f}", values[f], getattr(item.quotes, f)) for f in BUDGET_FIELDS
    ]
    triples.append(("self_score", item.self_score, item.quotes.self_score))
    return BudgetFound(chunk.kind == "table", values, ground_fields(triples, chunk, norm))


def merge_budgets(found: list[BudgetFound]) -> tuple[Budget, float | None, Grounding]:
    """Each field from the first reading that has it, table readings first."""
    ordered = sorted(found, key=lambda b: not b.table)
    values: dict[str, float | None] = {}
    evidence: list[Evidence] = []
    ungrounded: list[tuple[str, str]] = []
    for name in (*BUDGET_FIELDS, "self_score"):
        source = next((b for b in ordered if b.values[name] is not None), None)
        values[name] = source.values[name] if source else None
        path = name if name == "self_score" else f"budget.{name}"
        if source is not None:
            evidence += [e for e in source.grounding.evidence if e.field == path]
            ungrounded += [u for u in source.grounding.ungrounded if u[0] == path]
    self_score = values.pop("self_score")
    return Budget(**values), self_score, Grounding(tuple(evidence), tuple(ungrounded))


@dataclass
class _Line:
    """A budget line being merged: its name as first read, values, and how each was grounded."""

    name: str
    values: dict[str, float | None]
    evidence: list[Evidence] = field(default_factory=list)
    ungrounded: list[tuple[str, str]] = field(default_factory=list)

    def agrees(self, values: dict[str, float | None]) -> bool:
        return all(self.values[f] is None or v is None or self.values[f] == v for f, v in values.items())

    def fill(self, values: dict[str, float | None], grounding: Grounding) -> None:
        """Take the fields this line lacks, with their evidence; the name's evidence is kept once."""
        first = not (self.evidence or self.ungrounded)  # the name always grounds one way or the other
        missing = {f for f in LINE_FIELDS if self.values[f] is None and values[f] is not None}
        missing |= {"name"} if first else set()
        self.values |= {f: values[f] for f in missing if f != "name"}
        self.evidence += [e for e in grounding.evidence if e.field in missing]
        self.ungrounded += [u for u in grounding.ungrounded if u[0] in missing]


def merge_budget_lines(
    readings: list[tuple[Chunk, BudgetLineItem]], norm: NormalizedText
) -> list[tuple[BudgetLine, Ungrounded]]:
    """One line per row (see the module docstring), in the order rows were first read."""
    lines: list[tuple[str, _Line]] = []
    for chunk, item in readings:
        if not item.name.strip():
            continue
        values = {f: getattr(item, f) for f in LINE_FIELDS}
        values |= {f: in_wan_yuan(values[f], item.unit) for f in LINE_AMOUNTS}
        triples: list[tuple[str, object, str | None]] = [("name", item.name, item.quotes.name)]
        triples += [(f, values[f], getattr(item.quotes, f)) for f in LINE_FIELDS]
        grounding = ground_fields(triples, chunk, norm)
        key = name_key(item.name)
        line = next((ln for k, ln in lines if k == key and ln.agrees(values)), None)
        if line is None:
            line = _Line(item.name.strip(), dict.fromkeys(LINE_FIELDS))
            lines.append((key, line))
        line.fill(values, grounding)
    return [(_budget_line(line), tuple(line.ungrounded)) for _, line in lines]


def _budget_line(line: _Line) -> BudgetLine:
    return BudgetLine(name=line.name, **line.values, evidence=tuple(line.evidence))  # type: ignore[arg-type]
