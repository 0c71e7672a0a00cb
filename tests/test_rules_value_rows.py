"""An actual written with words, split off as a row of its own, joined back to its row.

New text in the shape of a form whose cells run on one line, or stand one per paragraph, with
actuals such as `已完成12期`, `约93%`, `856人（含线上126人）`.
"""

from __future__ import annotations

import pytest

from pipeline.extract.rules.candidates import Candidate
from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.indicators import find_candidates
from pipeline.extract.rules.sections import find_sections
from pipeline.extract.rules.value_rows import NOTE, is_value_name, join_actuals_with_words
from pipeline.layout import recover_layout
from pipeline.normalize import normalize

HEADER = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")
ROWS = (
    ("产出指标", "数量指标", "开展义诊活动场次", "≥20场", "已完成24场", "30", "30"),
    ("", "", "义诊服务群众人数", "≥3000人次", "3260人次（含流动义诊410人次）", "30", "30"),
    ("效益指标", "社会效益指标", "群众健康知识知晓率", "≥80%", "82%", "20", "20"),
    ("满意度指标", "服务对象满意度指标", "义诊群众满意度", "≥90%", "约94%", "20", "19"),
)
RENDERINGS = {
    "one_line": lambda rows: " ".join(c for r in rows for c in r if c),
    "cell_paragraphs": lambda rows: "\n\n".join(f"    {c}" if c else "     " for r in rows for c in r),
}


def _text(cell: Cell | None) -> str | None:
    return None if cell is None else cell.text


@pytest.mark.parametrize("rendering", list(RENDERINGS))
def test_each_actual_with_words_is_its_rows_actual(rendering: str) -> None:
    text = "义诊活动项目绩效自评表\n" + RENDERINGS[rendering]((HEADER, *ROWS)) + "\n"
    norm = normalize(text).text
    read = sorted(find_candidates(norm, find_sections(norm), recover_layout(norm)), key=lambda c: c.start)
    rows = [(c.name.text, _text(c.actual), _text(c.weight), _text(c.score), NOTE in c.notes) for c in read]
    assert rows == [
        ("开展义诊活动场次", "已完成24场", "30", "30", True),
        # a value with a remark stays in its row (`layout.patterns.is_remarked_value`): no join
        ("义诊服务群众人数", "3260人次（含流动义诊410人次）", "30", "30", False),
        ("群众健康知识知晓率", "82%", "20", "20", False),
        ("义诊群众满意度", "约94%", "20", "19", True),
    ]
    for c in read:
        for cell in (c.actual, c.weight, c.score):
            assert cell is not None and norm[cell.start : cell.end] == cell.text


def _cells(start: int, *texts: str) -> list[Cell]:
    out = []
    for text in texts:
        out.append(Cell(text, start, start + len(text)))
        start += len(text) + 1
    return out


def _row(start: int, *texts: str) -> Candidate:
    name, *values = _cells(start, *texts)
    target, actual, weight, score = [*values, None, None, None, None][:4]
    return Candidate(
        name,
        target=target,
        actual=actual,
        weight=weight,
        score=score,
        table_start=0,
        notes=("cells_split_by_pattern",),
    )


def test_a_score_above_the_weight_is_no_pair() -> None:
    rows = [
        _row(0, "甲率", "≥90%", "95%", "10", "10"),
        _row(20, "乙数", "≥5个"),
        _row(30, "约6个", "10", "12"),
    ]
    assert join_actuals_with_words(rows) == rows


def test_a_table_without_weight_and_score_joins_nothing() -> None:
    rows = [_row(0, "甲率", "≥90%", "95%"), _row(20, "乙数", "≥5个"), _row(30, "约6个", "10", "10")]
    assert join_actuals_with_words(rows) == rows


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("已完成12期", True),
        ("约93%", True),
        ("856人（含线上126人）", True),
        ("97.5%，较上年提高1.2个百分点", True),
        ("5000吨稻谷、500吨成品粮储备到位率", False),
        ("65岁以上老年人健康管理率", False),
        ("培训班次", False),
    ],
)
def test_a_value_name_is_a_figure_with_its_unit_and_a_remark_at_most(text: str, value: bool) -> None:
    assert is_value_name(text) is value


def test_a_fused_row_named_by_a_bracketed_remark_alone_is_dropped() -> None:
    rows = [_row(0, "乙数", "≥800人", "856人"), _row(20, "（含线上126人）", "2020")]
    assert join_actuals_with_words(rows) == rows[:1]
    named = _row(40, "（一）培训人数", "≥800人", "856人")  # a name with its number in brackets stays
    assert join_actuals_with_words([named]) == [named]
