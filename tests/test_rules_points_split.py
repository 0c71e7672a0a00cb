"""A fused row's weight and score run into one figure above 100, cut in the header's order.

New text in the shape of a village project's form printed without separators, its header with
得分 before 分值 (and, for contrast, 分值 before 得分).
"""

from __future__ import annotations

from pipeline.extract.rules.candidates import Candidate
from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.points_split import DROPPED_NOTE, SPLIT_NOTE, split_fused_points

_SPLIT = ("cells_split_by_pattern",)


def _row(text: str, name: str, run: str) -> Candidate:
    at = text.index(name)
    end = text.index(run, at) + len(run)
    return Candidate(Cell(name, at, at + len(name)), score=Cell(run, end - len(run), end), notes=_SPLIT)


def _points(text: str, row: Candidate) -> tuple[Cell | None, Cell | None, tuple[str, ...]]:
    (read,) = split_fused_points(text, [row])
    return read.weight, read.score, read.notes


def test_score_before_weight_cuts_where_the_score_is_at_most_the_weight() -> None:
    text = "一级指标二级指标三级指标年度指标值实际完成值得分分值产出指标时效指标项目完工及时率≥95%92%810"
    at = text.index("810")
    assert _points(text, _row(text, "项目完工及时率", "810")) == (
        Cell("10", at + 1, at + 3),
        Cell("8", at, at + 1),
        (*_SPLIT, SPLIT_NOTE),
    )


def test_weight_before_score_cuts_the_other_way() -> None:
    text = "三级指标年度指标值实际完成值分值得分受益农户数≥1200户1265户2018"
    at = text.index("2018")
    assert _points(text, _row(text, "受益农户数", "2018")) == (
        Cell("20", at, at + 2),
        Cell("18", at + 2, at + 4),
        (*_SPLIT, SPLIT_NOTE),
    )


def test_without_the_header_order_the_impossible_figure_is_dropped() -> None:
    text = "受益农户数≥1200户1265户2018"
    assert _points(text, _row(text, "受益农户数", "2018")) == (None, None, (*_SPLIT, DROPPED_NOTE))


def test_points_up_to_100_and_rows_not_fused_are_left_as_read() -> None:
    text = "三级指标实际完成值得分分值及时率92%8"
    row = _row(text, "及时率", "8")
    assert split_fused_points(text, [row]) == [row]
    unfused = Candidate(row.name, score=Cell("810", 0, 3))
    assert split_fused_points(text, [unfused]) == [unfused]
