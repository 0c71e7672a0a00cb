"""Cutting a flat run of cells into rows by value patterns."""

from __future__ import annotations

from pipeline.core.document import Span
from pipeline.layout.patterns import (
    header_run,
    is_remarked_value,
    is_value,
    reads_as_reason,
    rows_by_pattern,
    split_form_row,
)
from pipeline.layout.types import Cell, GridRow


def _cells(*texts: str) -> list[Cell]:
    return [Cell(t, Span(k * 10, k * 10 + len(t))) for k, t in enumerate(texts)]


def test_values() -> None:
    texts = ("≥90%", "6.84", "—", "", "XX", "人次", "培训人次", "按时完成", "按时完成率")
    assert [is_value(t) for t in texts] == [True, True, True, True, True, True, False, True, False]


def test_a_cell_pairing_a_target_and_its_actual_is_a_value() -> None:
    texts = ("目标值：≥300人次；实际完成值：326人次", "目标：按期 实际：按期", "达到目标值", "实际：326人次")
    assert [is_value(t) for t in texts] == [True, True, False, False]


def test_rows_of_paired_cells_are_cut_after_their_points() -> None:
    roles = ("level1", "level2", "name", "target", "weight", "score")
    cells = _cells(
        "产出指标", "数量指标", "救助人次", "目标值：≥300人次；实际完成值：326人次", "30", "30",
        "", "质量指标", "救助准确率", "目标值：100%；实际完成值：100%", "20", "20",
    )  # fmt: skip
    assert [[c.text for c in row.cells] for row in rows_by_pattern(cells, roles)] == [
        ["产出指标", "数量指标", "救助人次", "目标值：≥300人次；实际完成值：326人次", "30", "30"],
        ["质量指标", "救助准确率", "目标值：100%；实际完成值：100%", "20", "20"],
    ]  # the merged 一级 cell, empty, is dropped as in every cut row (the reader finds the name)


def test_a_completion_rate_column_counts_among_a_rows_values() -> None:
    roles = ("level2", "name", "weight", "target", "actual", "completion", "score")
    cells = _cells(
        "数量指标", "体检人数", "20", "≥1800人", "1946人", "108.1%", "20", "质量指标", "反馈率", "15"
    )  # fmt: skip
    assert [[c.text for c in row.cells] for row in rows_by_pattern(cells, roles)] == [
        ["数量指标", "体检人数", "20", "≥1800人", "1946人", "108.1%", "20"],
        ["质量指标", "反馈率", "15"],
    ]


def test_header_runs_allow_one_unnamed_cell_between_named_ones() -> None:
    cells = _cells("说明", "三级指标", "年度指标值", "完成情况", "得分", "门诊")
    assert [header_run(cells, k) for k in range(len(cells))] == [0, 4, 3, 0, 0, 0]


def test_labels_after_values_start_rows_and_a_deviation_text_stays() -> None:
    roles = ("level2", "name", "target", "actual", "deviation")
    cells = _cells(
        "数量指标",
        "培训人次",
        "≥100人次",
        "95人次",
        "疫情停课",
        "质量指标",
        "合格率",
        "100%",
        "100%",
        "时效指标",
    )
    rows = rows_by_pattern(cells, roles)
    assert [(r.texts, r.split_by_pattern, r.span) for r in rows] == [
        (("数量指标", "培训人次", "≥100人次", "95人次", "疫情停课"), True, Span(0, 44)),
        (("质量指标", "合格率", "100%", "100%"), True, Span(50, 84)),
        (("时效指标",), True, Span(90, 94)),
    ]


def test_a_level_word_after_a_name_and_a_word_target_starts_a_row() -> None:
    roles = ("level1", "level2", "name", "target")
    cells = _cells(
        "效益指标",
        "社会效益指标",
        "群众文化素养",
        "稳步提升",
        "满意度指标",
        "服务对象满意度指标",
        "读者满意度",
        "≥90%",
    )
    assert [r.texts for r in rows_by_pattern(cells, roles)] == [
        ("效益指标", "社会效益指标", "群众文化素养", "稳步提升"),
        ("满意度指标", "服务对象满意度指标", "读者满意度", "≥90%"),
    ]
    # one text cell before a level word is a name (`社会效益 满意度`: the name is a level word)
    cells = _cells("效益", "社会效益", "满意度", "95%")
    assert [r.texts for r in rows_by_pattern(cells, roles)] == [("效益", "社会效益", "满意度", "95%")]
    # without level columns, a level word is just a cell
    cells = _cells("群众文化素养", "稳步提升", "满意度指标", "90%")
    assert [r.texts for r in rows_by_pattern(cells, ("name", "target", "actual"))] == [
        ("群众文化素养", "稳步提升", "满意度指标", "90%")
    ]


def test_a_text_after_a_rows_values_is_the_next_rows_name_when_a_value_follows_it() -> None:
    roles = ("level2", "name", "target", "actual", "deviation")
    cells = _cells(
        "数量指标",
        "体检人数",
        "≥1.2万人",
        "1.26万人",
        "签约户数",
        "≥3000户",
        "3120户",
        "未达标原因",
        "质量指标",
    )
    assert [r.texts for r in rows_by_pattern(cells, roles)] == [
        ("数量指标", "体检人数", "≥1.2万人", "1.26万人"),
        ("签约户数", "≥3000户", "3120户", "未达标原因"),
        ("质量指标",),
    ]


def test_a_value_for_every_value_column_completes_a_row() -> None:
    rows = rows_by_pattern(
        _cells("65.66", "65.07", "99%", "65.66", "65.07", "99%"), ("adjusted", "spent", "execution_rate")
    )
    assert [r.texts for r in rows] == [("65.66", "65.07", "99%"), ("65.66", "65.07", "99%")]


def test_a_form_dumped_into_one_row_is_split_after_its_header() -> None:
    row = GridRow(
        tuple(
            _cells(
                "绩效指标",
                "三级指标",
                "指标性质",
                "指标值",
                "度量单位",
                "受助人数",
                "≥",
                "735",
                "人次",
                "开展活动",
                "=",
                "40",
                "次",
            )
        ),
        Span(0, 121),
    )
    assert [(r.texts, r.split_by_pattern) for r in split_form_row(row) or []] == [
        (("绩效指标",), False),
        (("三级指标", "指标性质", "指标值", "度量单位"), False),
        (("受助人数", "≥", "735", "人次"), True),
        (("开展活动", "=", "40", "次"), True),
    ]
    assert split_form_row(GridRow(tuple(_cells("三级指标", "指标值", "度量单位", "")), Span(0, 31))) is None


def test_a_second_header_in_a_form_dumped_into_one_row_opens_a_table_of_its_own() -> None:
    # a department's funds block, then its indicators, on one line: the indicator header is a
    # header, and its rows are cut by its own columns, not taken into the funds grid
    texts = (
        "年初预算数", "全年预算数", "全年执行数", "执行率",
        "年度资金总额", "860.5", "902.3", "884.1", "97.98%",
        "项目支出", "210", "236.4", "221.7", "",
        "三级指标", "年度指标值", "实际完成值", "分值", "得分",
        "巡回诊疗次数", "≥48次", "52次", "20", "20",
        "群众满意度", "≥90%", "92.3%", "20", "18",
    )  # fmt: skip
    cells = tuple(_cells(*texts))
    rows = split_form_row(GridRow(cells, Span(0, cells[-1].end))) or []
    assert [(r.texts, r.split_by_pattern) for r in rows] == [
        (("年初预算数", "全年预算数", "全年执行数", "执行率"), False),
        (("年度资金总额", "860.5", "902.3", "884.1", "97.98%"), True),
        (("项目支出", "210", "236.4", "221.7", ""), True),
        (("三级指标", "年度指标值", "实际完成值", "分值", "得分"), False),
        (("巡回诊疗次数", "≥48次", "52次", "20", "20"), True),
        (("群众满意度", "≥90%", "92.3%", "20", "18"), True),
    ]
    assert rows[3].span == Span(140, 182)


def test_a_text_under_a_direction_or_criteria_column_stays_in_its_row() -> None:
    # 指标方向 and 评分标准 hold words among the values: 正向 and 按时完成得满分 are no next row's name
    roles = ("level2", "name", "direction", "target", "criteria", "actual", None, "weight", "score")
    cells = _cells(
        "时效指标",
        "资金拨付时限",
        "正向",
        "≤30天",
        "按时完成得满分",
        "25天",
        "120%",
        "10",
        "10",
        "会议次数",
        "正向",
        "≥4次",
        "完成得满分",
        "4次",
        "100%",
        "5",
        "5",
    )
    rows = rows_by_pattern(cells, roles)
    assert [(r.texts[:2], len(r.cells), r.span) for r in rows] == [
        (("时效指标", "资金拨付时限"), 9, Span(0, 82)),
        (("会议次数", "正向"), 8, Span(90, 161)),
    ]


def test_an_empty_cell_past_a_full_row_opens_the_next_row() -> None:
    # under a header with a 评分标准 column the values cannot count a row's end, its columns can:
    # word values (合格) count no value, but the row has a cell in every column, so the empty cell
    # after it is the next row's merged level, not the row's (the grid aligns the next row right)
    roles = ("level1", "level2", "name", "target", "criteria", "actual", "weight", "score")
    cells = _cells(
        "产出指标",
        "质量指标",
        "资质认定",
        "合格",
        "合格得满分",
        "合格",
        "10",
        "10",
        "",
        "时效指标",
        "公开时限",
        "及时",
        "及时得满分",
        "及时",
        "10",
        "10",
    )
    rows = rows_by_pattern(cells, roles)
    assert [r.texts for r in rows] == [
        ("产出指标", "质量指标", "资质认定", "合格", "合格得满分", "合格", "10", "10"),
        ("时效指标", "公开时限", "及时", "及时得满分", "及时", "10", "10"),
    ]


def test_an_actual_with_a_remark_holding_its_own_figure_stays_in_its_row() -> None:
    """`98.2%，较上年提高0.6个百分点` after a row's target is its actual (a value with a remark), not
    the next row's name; the same after a full row is the row's 偏差原因."""
    roles = ("level2", "name", "target", "actual", "weight", "score", "deviation")
    cells = _cells(
        "质量指标",
        "疫苗接种率",
        "≥95%",
        "98.2%，较上年提高0.6个百分点",
        "15",
        "15",
        "效益指标",
        "随访人数",
        "≥300人",
        "326人（其中复诊41人）",
        "10",
        "9",
        "3人失访，已纳入下年随访",
    )
    rows = rows_by_pattern(cells, roles)
    assert [(r.texts, r.span) for r in rows] == [
        (("质量指标", "疫苗接种率", "≥95%", "98.2%，较上年提高0.6个百分点", "15", "15"), Span(0, 52)),
        (
            ("效益指标", "随访人数", "≥300人", "326人（其中复诊41人）", "10", "9", "3人失访，已纳入下年随访"),
            Span(60, 132),
        ),
    ]
    words = (
        "98.2%，较上年提高0.6个百分点",
        "326人（其中复诊41人）",
        "约93%",
        "（含线上）",
        "部分村组，未完成",
    )
    assert [is_remarked_value(t) for t in words] == [True, True, False, False, False]


def test_a_word_after_a_blank_unit_cell_is_the_rows_actual() -> None:
    """指标性质 | 指标值 | 度量单位: a 定性 row's target is a word and its unit cell blank; the word
    after the blank (`如期完成`) is the actual, in its column, not the next row's name."""
    roles = ("level2", "name", "op", "target", "unit", "actual", "weight", "score")
    cells = _cells(
        "时效指标", "设备采购完成时间", "定性", "9月底前", "", "如期完成", "10", "10",
        "成本指标", "单台设备采购成本", "≤", "12", "万元", "11.6", "10", "10",
    )  # fmt: skip
    rows = rows_by_pattern(cells, roles)
    assert [(r.texts, r.span) for r in rows] == [
        (("时效指标", "设备采购完成时间", "定性", "9月底前", "", "如期完成", "10", "10"), Span(0, 72)),
        (("成本指标", "单台设备采购成本", "≤", "12", "万元", "11.6", "10", "10"), Span(80, 152)),
    ]
    # an on-time answer is a value cell under any header (`is_on_time_answer`): it opens no row
    plain = ("level2", "name", "op", "target", None, "actual", "weight", "score")
    assert [r.texts[0] for r in rows_by_pattern(cells[:8], plain)] == ["时效指标"]


def test_a_departments_own_level_word_after_a_row_is_no_reason_where_the_reason_column_is_blank() -> None:
    """`… 10 10 管理效率 预算管理 部门预算执行率 ≥95% …`: three texts before the next value fit the
    header's three label columns, and `管理效率` reads as no reason (no clause, no word of shortfall
    or remedy), so it opens the next row; a reason (`部分乡镇未按期上报，已督办`) stays its row's."""
    roles = ("level1", "level2", "name", "target", "actual", "weight", "score", "deviation")
    cells = _cells(
        "履职效能", "重点工作", "药品抽检批次", "≥800批次", "826批次", "20", "20",
        "管理效率", "预算管理", "部门预算执行率", "≥95%", "97.1%", "10", "9",
        "部分乡镇未按期上报，已督办", "资产管理", "资产账实相符率", "100%", "100%", "10", "10",
    )  # fmt: skip
    rows = rows_by_pattern(cells, roles)
    assert [r.texts for r in rows] == [
        ("履职效能", "重点工作", "药品抽检批次", "≥800批次", "826批次", "20", "20"),
        ("管理效率", "预算管理", "部门预算执行率", "≥95%", "97.1%", "10", "9", "部分乡镇未按期上报，已督办"),
        ("资产管理", "资产账实相符率", "100%", "100%", "10", "10"),
    ]
    assert rows[1].span == Span(70, 153)  # its reason, the 15th cell (at 140), is its last
    words = ("管理效率", "社会效益", "疫苗到货延迟", "设备不足", "部分村组，已整改")
    assert [reads_as_reason(t) for t in words] == [False, False, True, True, True]
    # a short reason with no such word, not shaped like a level word (…工作/管理/效能/效益), is a reason
    short = _cells(
        "路面修补面积", "≥500平方米", "520平方米", "10", "8", "受雨季影响工期顺延", "巡查频次", "≥2次/周"
    )
    assert [r.texts[-1] for r in rows_by_pattern(short, roles)] == ["受雨季影响工期顺延", "≥2次/周"]


def test_a_tasks_answer_after_its_deadline_is_the_rows_actual_not_the_next_rows_name() -> None:
    """One cell per paragraph: `已完成` after the deadline `9月底前完成` is the row's actual, so the
    row keeps its points and the next row starts at its level word."""
    roles = ("level2", "name", "target", "actual", "weight", "score")
    cells = _cells(
        "时效指标",
        "农机补贴兑付",
        "9月底前完成",
        "已完成",
        "10",
        "10",
        "成本指标",
        "单台补贴标准",
        "≤3000元",
        "2800元",
        "10",
        "10",
    )
    rows = rows_by_pattern(cells, roles)
    assert [(r.texts, r.span) for r in rows] == [
        (("时效指标", "农机补贴兑付", "9月底前完成", "已完成", "10", "10"), Span(0, 52)),
        (("成本指标", "单台补贴标准", "≤3000元", "2800元", "10", "10"), Span(60, 112)),
    ]
