"""assemble.py: a candidate's cells become an indicator's values, with evidence in Document.text;
rows that repeat a level, a unit, a written target or a number hold one object for it."""

from __future__ import annotations

from pipeline.core.models import Actual, Evidence, Indicator, Target
from pipeline.extract.rules.assemble import SpanMapper, to_indicator
from pipeline.extract.rules.candidates import Candidate
from pipeline.extract.rules.cells import Cell
from pipeline.normalize import normalize

# two rows of one table, written as a report's form prints them
TEXT = (
    "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
    "产出指标\t数量指标\t培训人次\t≥95%\t96%\t5\t5.00\n"
    "产出指标\t数量指标\t覆盖乡镇数\t≥95%\t96%\t5\t4\n"
)


def cells(line: int) -> list[Cell]:
    """The cells of the table's `line`-th line (0: the header), with their spans in TEXT."""
    start = sum(len(text) + 1 for text in TEXT.split("\n")[:line])
    found = []
    for text in TEXT.split("\n")[line].split("\t"):
        found.append(Cell(text, start, start + len(text)))
        start += len(text) + 1
    return found


def row(line: int) -> Candidate:
    level1, level2, name, target, actual, weight, score = cells(line)
    return Candidate(name, level1, level2, target, actual, weight, score)


def test_a_row_becomes_its_indicator() -> None:
    spans = SpanMapper(normalize(TEXT))
    level1, level2, name, target, actual, weight, score = cells(1)
    assert to_indicator(row(1), spans) == Indicator(
        level1="产出指标",
        level2="数量指标",
        name="培训人次",
        target=Target(raw="≥95%", op=">=", value=95.0, unit="%"),
        actual=Actual(raw="96%", value=96.0, unit="%"),
        weight=5.0,
        score=5.0,
        evidence=tuple(
            Evidence(field=field, start=c.start, end=c.end)
            for field, c in [
                ("name", name),
                ("level1", level1),
                ("level2", level2),
                ("target", target),
                ("actual", actual),
                ("weight", weight),
                ("score", score),
            ]
        ),
        confidence=0.5,
        met=True,
        source_kind="table",
    )
    assert (name.start, name.end) == (43, 47)  # the header line is 33 characters, then two cells of 5


def test_rows_that_repeat_a_word_or_a_number_hold_one_object_for_it() -> None:
    spans = SpanMapper(normalize(TEXT))
    first, second = to_indicator(row(1), spans), to_indicator(row(2), spans)
    assert first.level1 is second.level1 and first.level2 is second.level2
    assert first.target.raw is second.target.raw and first.target.unit is second.target.unit
    assert first.actual.raw is second.actual.raw
    assert first.target.value is second.target.value  # 95.0, read from two cells
    assert first.weight is second.weight is first.score  # 5, 5 and 5.00: one float, 5.0
    assert type(first.weight) is float and second.score == 4.0
