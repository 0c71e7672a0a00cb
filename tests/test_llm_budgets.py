"""Budgets over chunks: a project's budget field by field, budget lines merged unless they disagree.

`ShiftedText` stands in for NormalizedText (Document.text is the normalised text behind a
2-character prefix), so evidence offsets are provably mapped through `to_source`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.chunk import Chunk, ChunkPart
from pipeline.core.models import Budget, BudgetLine, Evidence
from pipeline.extract.llm_budgets import found_budget, merge_budget_lines, merge_budgets
from pipeline.llm.response import BudgetItem, BudgetLineItem

TEXT = (
    "项目\t年初预算数\t执行率\n基本支出\t1470.68\t96.91%\n\n"
    "说明：基本支出调整后1563.82万元，其他 3.5 万元，其他 4.2 万元。"
)
SHIFT = 2


@dataclass(frozen=True)
class ShiftedText:
    text: str

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        return start + SHIFT, end + SHIFT


NORM = ShiftedText(TEXT)


def chunk(index: int, kind: str, piece: str) -> Chunk:
    start = TEXT.index(piece)
    end = start + len(piece)
    return Chunk(index, kind, piece, (), start, end, start + SHIFT, end + SHIFT, (ChunkPart(0, start, end),))  # type: ignore[arg-type]


TABLE = chunk(0, "table", "项目\t年初预算数\t执行率\n基本支出\t1470.68\t96.91%")
PROSE = chunk(1, "prose", TEXT[TEXT.index("说明") :])


def line(name: str, **values: Any) -> BudgetLineItem:
    quotes = {"name": name, **{k: str(v) for k, v in values.items() if k != "unit"}}
    return BudgetLineItem.model_validate({"name": name, **values, "quotes": quotes})


def at(piece: str, field: str) -> Evidence:
    """Evidence for the first `piece` in the text (where `locate` finds a quote first)."""
    start = TEXT.index(piece)
    return Evidence(field=field, start=start + SHIFT, end=start + len(piece) + SHIFT)


def test_readings_of_one_row_in_several_chunks_are_one_line() -> None:
    readings = [
        (TABLE, line("基本支出", initial=1470.68, execution_rate=96.91)),
        (PROSE, line("基本支出")),  # named again, no figure (a repeated row, a mention)
        (PROSE, line("基本支出", adjusted=1563.82)),
    ]
    [(merged, ungrounded)] = merge_budget_lines(readings, NORM)  # type: ignore[arg-type]
    assert merged == BudgetLine(
        name="基本支出",
        initial=1470.68,
        adjusted=1563.82,
        execution_rate=96.91,
        evidence=(
            at("基本支出", "name"),
            at("1470.68", "initial"),
            at("96.91", "execution_rate"),
            at("1563.82", "adjusted"),
        ),
    )
    assert ungrounded == ()


def test_readings_that_disagree_stay_two_lines_and_ungrounded_fields_are_kept() -> None:
    readings = [
        (PROSE, line("其他", initial=3.5)),
        (PROSE, line("其他", initial=4.2)),
        (PROSE, BudgetLineItem(name="其他", spent=9.9, quotes={"name": "其他"})),  # type: ignore[arg-type]
    ]
    merged = merge_budget_lines(readings, NORM)  # type: ignore[arg-type]
    assert [(m.name, m.initial, m.spent) for m, _ in merged] == [("其他", 3.5, 9.9), ("其他", 4.2, None)]
    assert merged[0][1] == (("spent", "no quote given"),)
    assert merged[0][0].evidence == (at("其他", "name"), at("3.5", "initial"))
    assert merged[1][0].evidence == (at("其他", "name"), at("4.2", "initial"))


def test_a_project_budget_takes_each_field_from_the_first_reading_table_first() -> None:
    prose = BudgetItem.model_validate(
        {"initial": 1400.0, "adjusted": 1563.82, "quotes": {"initial": "1400", "adjusted": "1563.82"}}
    )
    table = BudgetItem.model_validate(
        {
            "initial": 1470.68,
            "execution_rate": 96.91,
            "quotes": {"initial": "1470.68", "execution_rate": "96.91%"},
        }
    )
    found = [found_budget(prose, PROSE, NORM), found_budget(table, TABLE, NORM)]  # type: ignore[arg-type]
    budget, self_score, grounding = merge_budgets(found)
    assert budget == Budget(initial=1470.68, adjusted=1563.82, execution_rate=96.91)
    assert self_score is None
    assert grounding.evidence == (
        at("1470.68", "budget.initial"),
        at("1563.82", "budget.adjusted"),
        at("96.91%", "budget.execution_rate"),
    )
    assert grounding.ungrounded == ()  # the prose's unfound 1400 lost to the table's 1470.68
    assert found[0].grounding.ungrounded == (("budget.initial", "quote '1400' not found in the chunk"),)


def test_amounts_written_in_yuan_are_converted_to_wan_yuan_and_still_grounded() -> None:
    text = "项目资金：年初预算 19600 元，实际支出 15464 元，执行率 78.9%。"
    piece = Chunk(0, "prose", text, (), 0, len(text), 0, len(text), (ChunkPart(0, 0, len(text)),))
    item = BudgetItem.model_validate(
        {
            "initial": 19600,
            "spent": 15464,
            "execution_rate": 78.9,
            "unit": "元",
            "quotes": {"initial": "19600 元", "spent": "15464 元", "execution_rate": "78.9%"},
        }
    )
    found = found_budget(item, piece, ShiftedText(text))
    assert (found.values["initial"], found.values["spent"], found.values["execution_rate"]) == (
        1.96,
        1.5464,
        78.9,
    )
    assert found.grounding.ungrounded == ()
    rows = merge_budget_lines([(piece, line("合计", initial=19600, unit="元"))], ShiftedText(text))
    assert rows[0][0].initial == 1.96
