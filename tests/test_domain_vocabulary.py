"""Levels, header roles, comparators, units and placeholders (small vocabularies, one file)."""

from __future__ import annotations

from pipeline.domain.comparators import is_goal, prefix_op, suffix_op, symbol_op
from pipeline.domain.headers import budget_column_role, header_role, header_share
from pipeline.domain.levels import LEVEL2_PARENT, is_level_word, squash
from pipeline.domain.placeholders import is_placeholder
from pipeline.domain.units import comparable_units, is_unit, unit_key


def test_level_words() -> None:
    assert [is_level_word(w) for w in ("数 量 指 标", "效益指标", "服务对象满意度指标等", "门诊人次")] == [
        True, True, True, False,
    ]  # fmt: skip
    assert squash(" 质 量\t指标 ") == "质量指标"
    # a scored form's level cell with the level's points is still the level word
    scored = ("产出指标(50分)", "效益指标（20.5分）", "产出指标50分", "门诊人次(5分)")
    assert [is_level_word(w) for w in scored] == [True, True, False, False]
    assert LEVEL2_PARENT["时效指标"] == "产出指标"


def test_header_roles_longest_word_wins() -> None:
    cells = (
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际 完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    )
    assert [header_role(c) for c in cells] == [
        "level1", "level2", "name", "target", "actual", "weight", "score", "deviation",
    ]  # fmt: skip
    assert header_role("项目名称") is None
    # the synonyms provinces print for the same columns
    synonyms = (
        "指标值",
        "年度目标值",
        "预期值",
        "完成值",
        "实际值",
        "全年实际值",
        "权重",
        "分值",
        "自评得分",
        "得分",
    )
    assert [header_role(c) for c in synonyms] == [
        "target", "target", "target", "actual", "actual", "actual", "weight", "weight", "score", "score",
    ]  # fmt: skip
    assert (header_role("指标性质"), header_role("度量单位")) == ("op", "unit")
    # a bare 单位 names the unit column only as the whole cell: 实施单位 names an agency
    bare = [header_role(c) for c in ("单位", " 单 位 ", "实施单位", "部门（单位）名称")]
    assert bare == ["unit", "unit", None, None]
    assert header_share("单位") == 1.0
    # last year's result beside the year's fills no actual; a budget's 上年结转 stays a carry-over
    prior = [header_role(c) for c in ("上年实际完成值", "去年完成值", "上一年度实际值", "实际完成值")]
    assert prior == ["partial", "partial", "partial", "actual"]
    assert budget_column_role("上年结转") == "carryover"
    shares = [header_share(c) for c in ("年度指标值", "全年预算数(A)", "指标三级指标年度指标", "门诊")]
    assert shares == [1.0, 0.8, 0.4, 0.0]
    assert budget_column_role("上年度结转及当年预算追加追减数") == "adjustment"
    assert budget_column_role("全年执行数") == "spent"
    assert budget_column_role("计划安排资金(万元)") == "initial"
    assert budget_column_role("实际到位资金(万元)") is None  # funds received: no budget field


def test_part_year_and_forecast_columns_are_partial_not_the_year_end() -> None:
    spending = (
        "1-6月执行数",
        "1至9月执行率",
        "截至8月底执行数",
        "上半年实际支出",
        "全年预计执行数",
        "全年执行数",
    )
    assert [budget_column_role(c) for c in spending] == [
        "partial", "partial", "partial", "partial", "partial", "spent",
    ]  # fmt: skip
    assert budget_column_role("年初预算数") == "initial"  # a year's budget stays one in a monitoring form
    actuals = ("截至9月底完成值", "1-8月实际完成值", "预计年底完成值", "前三季度完成值", "实际完成值")
    assert [header_role(c) for c in actuals] == ["partial", "partial", "partial", "partial", "actual"]
    assert header_role("年度指标值") == "target"
    # a span to December is the whole year
    whole = ("1-12月执行数", "截至12月底执行数", "截至2024年12月执行数")
    assert [budget_column_role(c) for c in whole] == ["spent", "spent", "spent"]
    assert header_role("截至12月31日完成值") == "actual"


def test_comparators_and_the_goal_only_words() -> None:
    assert [symbol_op(s) for s in ("≥", "≧", ">=", "＜", "\\geq", "~")] == [">=", ">=", ">=", "<", ">=", None]
    assert [prefix_op(w) for w in ("不低于", "不超过", "控制在", "至少")] == [">=", "<=", "<=", ">="]
    assert [suffix_op(w) for w in ("以上", "以内", "及以下")] == [">=", "<=", "<="]
    assert (prefix_op("达到", goal=True), prefix_op("达到", goal=False), prefix_op("不低于", goal=False)) == (
        ">=", None, ">=",
    )  # fmt: skip
    assert (is_goal("确保整改率达98%"), is_goal("病种覆盖率达98%")) == (True, False)


def test_units() -> None:
    assert unit_key(" ％ ") == "%"
    # a 计量单位 cell is one unit and nothing else; 万平方米 is one unit, not 万 and a word after it
    assert [is_unit(c) for c in ("万平方米", "元/人", " % ", "定性", "10个", "")] == [
        True, True, True, False, False, False,
    ]  # fmt: skip
    assert [comparable_units("个", "期"), comparable_units("%", None), comparable_units("个", "分钟")] == [
        True, True, False,
    ]  # fmt: skip
    assert [comparable_units("集", "部"), comparable_units("株", "棵"), comparable_units("册", "%")] == [
        True, True, False,
    ]  # fmt: skip


def test_placeholders() -> None:
    empty = ("", "XX", "xx", "**", "……", "...", "/", "—", "——", "-", "无", "XX万元", "≥XX%", "＊＊")
    assert all(is_placeholder(c) for c in empty)
    assert not any(is_placeholder(c) for c in ("95%", "无锡市", "X光机", "≥10个", "1-2"))


def test_budget_column_roles_of_transfer_forms() -> None:
    cells = (
        "预算数(A)",
        "执行数(B)",
        "执行率(B/A)",
        "得分 (20分*执行率)",
        "年初预算数",
        "全年预算数(A)",
    )
    assert [budget_column_role(c) for c in cells] == [
        "adjusted",
        "spent",
        "execution_rate",
        "score",
        "initial",
        "adjusted",
    ]


def test_a_score_scaled_by_the_weight_is_no_score_column() -> None:
    cells = ("单项指标得分", "权重占比(%)", "单项指标折算得分", "折合得分")
    assert [header_role(c) for c in cells] == ["score", "weight", "derived_score", "derived_score"]


def test_a_completion_rate_names_a_column_only_as_the_whole_header_cell() -> None:
    from pipeline.domain.headers import whole_cell_role
    from pipeline.layout.grid import cell_role

    cells = ("完成率", "完成率（%）", "完成比例", "年度重点任务完成率", "项目完成率")
    assert [whole_cell_role(c) for c in cells] == ["completion", "completion", "completion", None, None]
    assert [cell_role(c) for c in cells] == ["completion", "completion", "completion", None, None]
    # a body row's cell `完成率` may be an indicator's name: to the rules it names no column
    assert [header_role(c) for c in cells] == [None, None, None, None, None]
