from __future__ import annotations

from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.grids import read_grids
from pipeline.extract.rules.paired_cell import split_pair, split_values
from pipeline.layout import recover_layout


def test_a_cell_with_both_labels_splits_into_target_and_actual_each_from_its_label() -> None:
    text = "年度目标：不低于95%，实际：97.2%"
    assert split_pair(Cell(text, 10, 10 + len(text))) == (
        Cell("不低于95%", 10, 21),
        Cell("97.2%", 22, 30),
    )


def test_word_values_and_a_space_between_the_two_halves_split_too() -> None:
    text = "目标值:有所改善 实际完成值:明显改善"
    assert split_pair(Cell(text, 0, len(text))) == (Cell("有所改善", 0, 8), Cell("明显改善", 9, 19))


def test_a_cell_joined_from_pieces_keeps_its_whole_span_for_both_values() -> None:
    assert split_pair(Cell("目标值：100%；实际完成值：100%", 5, 40)) == (
        Cell("100%", 5, 40),
        Cell("100%", 5, 40),
    )


def test_a_cell_that_only_mentions_a_label_or_states_one_value_is_no_pair() -> None:
    for text in ("达到目标值", "目标值：≥95%", "≥95%；实际完成值：97%", "实际完成值：97%；目标值：≥95%"):
        assert split_pair(Cell(text, 0, len(text))) is None, text


def test_a_row_with_a_cell_of_its_own_for_the_actual_is_not_split() -> None:
    target = Cell("目标值：≥95%；实际完成值：97%", 0, 18)
    actual = Cell("97%", 19, 22)
    assert split_values({"target": target, "actual": actual}) == {"target": target, "actual": actual}


def test_a_table_whose_value_column_pairs_target_and_actual_reads_both() -> None:
    text = (
        "一级指标\t二级指标\t三级指标\t指标值及完成情况\t分值\t得分\n"
        "产出指标\t数量指标\t发放救助金人次\t目标值：≥300人次；实际完成值：326人次\t30\t30\n"
        "满意度指标\t服务对象满意度指标\t受助对象满意度\t目标值：≥85%；实际完成值：91%\t20\t18\n"
    )
    read = [
        (c.name.text, c.target, c.actual, c.weight and c.weight.text, c.score and c.score.text)
        for c in read_grids(recover_layout(text).tables)
    ]
    first = text.index("目标值：≥300")
    second = text.index("目标值：≥85")
    assert read == [
        (
            "发放救助金人次",
            Cell("≥300人次", first, first + 10),
            Cell("326人次", first + 11, first + 22),
            "30",
            "30",
        ),
        (
            "受助对象满意度",
            Cell("≥85%", second, second + 8),
            Cell("91%", second + 9, second + 18),
            "20",
            "18",
        ),
    ]
