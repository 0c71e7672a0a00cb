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


# A province's form with 得分 | 权重 | 折算得分 (the derived score is score × weight %), printed
# without separators: the three figures run into one (`20255`: 20 of 25, 5 derived).
DERIVED = (
    "一级指标二级指标三级指标年度指标值实际完成值单项指标得分权重占比(%)单项指标折算得分"
    "产出指标数量指标特困人员供养人数≥860人852人20255"
    "效益指标社会效益指标特困人员基本生活保障率100%100%15152.25"
    "满意度指标服务对象满意度指标供养对象满意度≥90%86%18203.6"
)


def test_three_point_figures_are_cut_where_the_third_is_the_product_of_the_first_two() -> None:
    for name, run, score, weight in (
        ("特困人员供养人数", "20255", "20", "25"),
        ("特困人员基本生活保障率", "15152.25", "15", "15"),
        ("供养对象满意度", "18203.6", "18", "20"),
    ):
        at = DERIVED.index(run)
        assert _points(DERIVED, _row(DERIVED, name, run)) == (
            Cell(weight, at + len(score), at + len(score) + len(weight)),
            Cell(score, at, at + len(score)),
            (*_SPLIT, SPLIT_NOTE),
        )


def test_a_run_no_product_proves_is_dropped() -> None:
    """`18209` cuts as 18 | 20 | 9 by the two-figure rule's bounds, but 18 × 20 % is 3.6: under a
    derived column no cut is taken on the bounds alone."""
    text = DERIVED.replace("18203.6", "18209")
    assert _points(text, _row(text, "供养对象满意度", "18209")) == (None, None, (*_SPLIT, DROPPED_NOTE))


def test_the_header_region_is_the_last_name_column_that_ends_by_the_row() -> None:
    from pipeline.extract.rules.memo import forget_texts
    from pipeline.extract.rules.points_split import _header_region

    text = "三级指标分值得分\n甲 1 2\n指标名称得分权重\n乙 3 4\n三级指"
    forget_texts()
    first, second = text.index("分值"), text.index("得分权重")
    assert _header_region(text, 3) is None  # `三级指标` ends at 4: not above 3
    assert _header_region(text, 4) == ""
    assert _header_region(text, text.index("甲")) == text[first : text.index("甲")]
    assert _header_region(text, text.index("乙")) == text[second : text.index("乙")]
    assert _header_region(text, len(text)) == text[second:]  # a cut-off `三级指` is no header
    forget_texts()
