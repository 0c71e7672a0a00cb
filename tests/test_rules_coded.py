"""Coded scoring summaries: `A101立项依据充分性 | 4.00 | 4.00 | 100.00%` rows of a third-party
evaluation report, their levels, and one indicator per code across the report's tables."""

from __future__ import annotations

from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.coded import letter_levels, read_coded, summary_rows
from pipeline.extract.rules.indicators import find_candidates
from pipeline.extract.rules.sections import find_sections
from pipeline.layout import recover_layout

# A scoring table whose item name a page break cut (`A101立项依据充` / `分性`), then the
# summary of its 一级, continued over the page break without its header.
REPORT = (
    "（六）绩效评价指标分析\n"
    "<table><tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>分值</td><td>指标解释</td>"
    "<td>得分</td></tr><tr><td>A决策20分</td><td>A1项目立项8分</td><td>A101立项依据充</td><td>4</td>"
    "<td>项目立项是否符合政策规定</td><td>4.00</td></tr></table>\n"
    "<table><tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>分值</td><td>指标解释</td>"
    "<td>得分</td></tr><tr><td></td><td></td><td>分性</td><td>反映立项依据情况</td><td></td><td></td>"
    "</tr></table>\n"
    "附表：决策指标得分情况表\n"
    "<table><tr><td>指标名称</td><td>权重</td><td>指标得分</td><td>得分率</td></tr>"
    "<tr><td>A1项目立项</td><td>8.00</td><td>6.00</td><td>75.00%</td></tr>"
    "<tr><td>A101立项依据充分性</td><td>4.00</td><td>4.00</td><td>100.00%</td></tr></table>\n"
    "<table><tr><td>A102立项程序规范性</td><td>4.00</td><td>2.00</td><td>50.00%</td></tr>"
    "<tr><td>合计</td><td>8.00</td><td>6.00</td><td>75.00%</td></tr></table>\n"
)


def _fields(c: object) -> tuple[object, ...]:
    names = ("name", "level1", "level2", "weight", "score")
    return tuple(getattr(c, n) for n in names)


def test_summary_rows_are_read_with_their_codes_over_the_page_break() -> None:
    rows = summary_rows(recover_layout(REPORT).tables)
    assert [(r.code, r.name.text, r.weight.text, r.score.text) for r in rows] == [
        ("A1", "项目立项", "8.00", "6.00"),
        ("A101", "立项依据充分性", "4.00", "4.00"),
        ("A102", "立项程序规范性", "4.00", "2.00"),
    ]


def test_each_letter_takes_the_level_word_the_report_gives_it() -> None:
    assert letter_levels(REPORT) == {"A": Cell("决策", 111, 113)}


def test_items_are_indicators_under_their_group_and_letter() -> None:
    found = read_coded(REPORT, recover_layout(REPORT).tables)
    assert [_fields(c) for c in found] == [
        (
            Cell("立项依据充分性", 541, 548),
            Cell("决策", 111, 113),
            Cell("项目立项", 474, 478),
            Cell("4.00", 557, 561),
            Cell("4.00", 570, 574),
        ),
        (
            Cell("立项程序规范性", 628, 635),
            Cell("决策", 111, 113),
            Cell("项目立项", 474, 478),
            Cell("4.00", 644, 648),
            Cell("2.00", 657, 661),
        ),
    ]


def test_the_scoring_tables_row_of_a_summarised_code_is_dropped() -> None:
    layout = recover_layout(REPORT)
    found = find_candidates(REPORT, find_sections(REPORT), layout)
    assert [(c.name.text, c.weight and c.weight.text, c.score and c.score.text) for c in found] == [
        ("立项依据充分性", "4.00", "4.00"),
        ("立项程序规范性", "4.00", "2.00"),
    ]


def test_coded_rows_without_weight_and_score_are_no_summary() -> None:
    text = (
        "<table><tr><td>指标名称</td><td>指标说明</td></tr>"
        "<tr><td>A101立项依据充分性</td><td>是否符合规定</td></tr>"
        "<tr><td>A102立项程序规范性</td><td>是否经过论证</td></tr></table>\n"
    )
    assert summary_rows(recover_layout(text).tables) == []


def test_items_numbered_with_one_digit_under_their_group_are_read_too() -> None:
    text = (
        "C产出30分\n"
        "<table><tr><td>指标名称</td><td>分值</td><td>得分</td></tr>"
        "<tr><td>C1产出数量</td><td>12</td><td>10</td></tr>"
        "<tr><td>C11培训人次完成率</td><td>6</td><td>6</td></tr>"
        "<tr><td>C12教材发放数量</td><td>6</td><td>4</td></tr></table>\n"
    )
    found = read_coded(text, recover_layout(text).tables)
    rows = [(c.name.text, c.level1, c.level2, c.weight, c.score) for c in found]
    assert rows == [
        (
            "培训人次完成率",
            Cell("产出", 1, 3),
            Cell("产出数量", 68, 72),
            Cell("6", 131, 132),
            Cell("6", 141, 142),
        ),
        (
            "教材发放数量",
            Cell("产出", 1, 3),
            Cell("产出数量", 68, 72),
            Cell("6", 178, 179),
            Cell("4", 188, 189),
        ),
    ]
