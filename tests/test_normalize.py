"""Each normalisation rule on its own (exact edits), then `normalize` end to end on real reports."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from itertools import accumulate
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import RULES, normalize
from pipeline.normalize.lines import (
    _COLLAPSIBLE,
    _ODD_LINE_BREAK,
    _SPACED_ROW_END,
    _WORDS_AND_NUMBERS,
    SPACE_TABLE_GAPS,
    _ends_on_spaced_figures,
    _space_table_lines,
    _word_gaps,
    _worded_lines,
    collapse_cjk_spaces,
    join_broken_lines,
    remove_page_numbers,
    strip_line_edge_spaces,
    unify_line_breaks,
)
from pipeline.normalize.offsets import Edit, OffsetMapBuilder
from pipeline.normalize.rules import (
    _COMPARATOR,
    _INVISIBLE,
    COMPARATOR_VARIANTS,
    _in_tag,
    latex_to_symbols,
    remove_bookmarks,
    remove_invisible_chars,
    remove_markdown,
    to_halfwidth,
    unify_comparators,
    unify_thousands_comma,
    unwrap_latex_math,
)
from tests.shared_data import shared_dir

Rule = Callable[[str], Iterable[Edit]]
REPORTS = sorted((Path(__file__).parent.parent / "evals" / "reports").glob("*.txt"))
CORPUS = sorted(shared_dir("corpus").glob("*.txt"))


def apply(rule: Rule, text: str) -> str:
    builder = OffsetMapBuilder(text)
    builder.apply(rule(text), rule.__name__)
    return builder.text


# --- character rules ---------------------------------------------------------------------------


def test_unify_line_breaks() -> None:
    text = "a\r\nb\rc\fd\u2028e"
    assert list(unify_line_breaks(text)) == [
        Edit(1, 2, ""), Edit(4, 5, "\n"), Edit(6, 7, "\n"), Edit(8, 9, "\n"),
    ]  # fmt: skip
    assert apply(unify_line_breaks, text) == "a\nb\nc\nd\ne"
    assert list(unify_line_breaks("a\r\r\nb")) == [Edit(1, 2, "\n"), Edit(2, 3, "")]  # \r, then \r\n


def test_remove_invisible_chars() -> None:
    assert list(remove_invisible_chars("\ufeff执行\u200b率")) == [Edit(0, 1, ""), Edit(3, 4, "")]


def test_remove_bookmarks() -> None:
    text = "[bookmark: _GoBack]苏州市[bookmark: OLE_LINK1]报告[不是书签]"
    assert list(remove_bookmarks(text)) == [Edit(0, 19, ""), Edit(22, 43, "")]
    assert apply(remove_bookmarks, text) == "苏州市报告[不是书签]"


def test_to_halfwidth_keeps_chinese_punctuation() -> None:
    text = "（１）指标：１２．５％，＞＝Ａ\u3000；！？\xa0“《》”"
    assert apply(to_halfwidth, text) == "（1）指标：12.5%，>=A ；！？ “《》”"
    assert list(to_halfwidth("＜９")) == [Edit(0, 1, "<"), Edit(1, 2, "9")]


def test_unify_thousands_comma_only_between_a_digit_and_three_digits() -> None:
    text = "共1，234人，5，6项，1，2345"
    assert list(unify_thousands_comma(text)) == [Edit(2, 3, ",")]
    assert apply(unify_thousands_comma, text) == "共1,234人，5，6项，1，2345"


def test_unwrap_latex_math_only_around_short_formulas() -> None:
    text = "$\\geq$与$98\\%$；US$5 and US$6；$5 - $3；合格率290$290%8"
    assert list(unwrap_latex_math(text)) == [
        Edit(0, 1, ""), Edit(5, 6, ""), Edit(7, 8, ""), Edit(12, 13, ""),
    ]  # fmt: skip
    assert apply(unwrap_latex_math, text) == "\\geq与98\\%；US$5 and US$6；$5 - $3；合格率290$290%8"


def test_latex_to_symbols_and_padding_spaces() -> None:
    text = "人数 \\geq 8 人、\\le5、\\neq、\\left(、\\geqslant、98\\%"
    assert list(latex_to_symbols(text))[:3] == [
        Edit(2, 3, ""), Edit(3, 7, "≥"), Edit(7, 8, ""),
    ]  # fmt: skip
    assert apply(latex_to_symbols, text) == "人数≥8 人、≤5、≠、\\left(、\\geqslant、98%"


def test_unify_comparators() -> None:
    text = ">=1 =>2 <=3 =<4 ≧5 ≦6 ═7 =8 <9 ≥10"
    assert apply(unify_comparators, text) == "≥1 ≥2 ≤3 ≤4 ≥5 ≤6 =7 =8 <9 ≥10"
    assert list(unify_comparators(">=1")) == [Edit(0, 2, "≥")]


def test_the_edges_of_html_tags_are_no_comparators() -> None:
    # a cell holding `=` or `=98%` between tags: `<td>=` and `=</td>` are a tag's edge and a sign
    text = '<td>=98%</td><td class="v">=</td><td><=5%</td><p>达标率>=90%</p>'
    assert list(unify_comparators(text)) == [Edit(37, 39, "≤"), Edit(52, 54, "≥")]
    assert apply(unify_comparators, text) == '<td>=98%</td><td class="v">=</td><td>≤5%</td><p>达标率≥90%</p>'


def test_remove_markdown_emphasis_and_headings() -> None:
    text = "1. **数量指标：**单位\n## 一、概况\n填报人：________\n**未配对\n#1号\n__重点__"
    assert list(remove_markdown("1. **数量指标：**单位")) == [Edit(3, 5, ""), Edit(10, 12, "")]
    assert (
        apply(remove_markdown, text) == "1. 数量指标：单位\n一、概况\n填报人：________\n**未配对\n#1号\n重点"
    )


# --- line rules --------------------------------------------------------------------------------


def test_strip_line_edge_spaces_keeps_tabs() -> None:
    text = "  （一）基本情况  \n\t \t x \n   \n"
    assert list(strip_line_edge_spaces(text)) == [
        Edit(0, 2, ""), Edit(9, 11, ""), Edit(17, 18, ""), Edit(19, 22, ""),
    ]  # fmt: skip
    assert apply(strip_line_edge_spaces, text) == "（一）基本情况\n\t \t x\n\n"
    assert list(strip_line_edge_spaces(" a  b ")) == [Edit(0, 1, ""), Edit(5, 6, "")]  # inner spaces stay


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("上一页的最后一段话写完了。\n\n- 2 -\n\n下一页", "上一页的最后一段话写完了。\n\n下一页"),
        ("上文。\n\n第 2 页 共 10 页\n\n下文", "上文。\n\n下文"),
        (
            "上一页的最后一段话写完了。\n\n12\n\n下一页的第一段话开始了。",
            "上一页的最后一段话写完了。\n\n下一页的第一段话开始了。",
        ),
        ("\t100.00%\n\t\n\n\n\n2\n\n", "\t100.00%\n\t\n\n\n\n"),  # sample 004's last page
        ("很长的一段正文内容在这里结束了。\n\n3/10", "很长的一段正文内容在这里结束了。\n\n"),
        # kept: one-cell-per-line table values, a fraction that is not a page, text edges
        ("分值\n\n10\n\n得分\n\n9", "分值\n\n10\n\n得分\n\n9"),
        ("很长的一段正文内容在这里结束了。\n\n10/2\n\n很长的一段正文内容在这里开始了。", None),
        ("2\n\n正文", None),
        ("正文\n2\n\n正文", None),
        ("正文\n- 2 -\n\n正文", None),
        ("正文\n\n2\n正文", None),
        ("正文\n\n\t2\n\n正文", None),
    ],
)
def test_remove_page_numbers(text: str, expected: str | None) -> None:
    assert apply(remove_page_numbers, text) == (text if expected is None else expected)


def test_remove_page_numbers_edit_spans_the_blank_lines_after() -> None:
    assert list(remove_page_numbers("上文。\n\n- 2 -\n\n\n下文")) == [Edit(5, 13, "")]


PROSE_002 = (
    "打击欺诈骗取医疗保障基金专项行动经费主要用于切实加强医疗保障基金监管，"
    "整顿规范医疗保障运行秩序，严厉打击医"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (PROSE_002 + "\n\n疗保障领域欺诈骗保行为", PROSE_002 + "疗保障领域欺诈骗保行为"),
        (
            "县医保局使用医保待遇核定和医药管理经费过程中，从立\n\n项到实施严格按照",
            "县医保局使用医保待遇核定和医药管理经费过程中，从立项到实施严格按照",
        ),
        (
            "（2）可持续影响指标：维护社会稳定，提高党员素养，\n\n建立党员责任意识。",
            "（2）可持续影响指标：维护社会稳定，提高党员素养，建立党员责任意识。",
        ),
        (PROSE_002[:-1] + "发生费用\n\n775 万元", PROSE_002[:-1] + "发生费用775 万元"),
        ("x" * 40 + "\n\nDIP", "x" * 40 + " DIP"),
        # kept: sentence end, headings, labels, titles, tables, markers, no blank line
        (PROSE_002 + "。\n\n疗保障领域", None),
        ("（一）项目基本情况：立项情况、实施主体项目、资金及主要内容\n\n预算单位省医疗保障局", None),
        ("附件 1：海东市平安区医疗保障局 2024 年整体支出绩效自评报告\n\n附件 2: 整体支出绩效自评表", None),
        ("海东市平安区医疗保障局 2024 年度 整体支出绩效自评报告\n\n平安区医疗保障局2024年度", None),
        (PROSE_002 + "\n\n（二）自评情况", None),
        (PROSE_002 + "\n\n二是领导亲自行动", None),
        (PROSE_002 + "\n\n3. 时效指标", None),
        (PROSE_002 + "\t\n\n疗保障领域", None),
        (PROSE_002 + "\n\n疗保障|领域", None),
        (PROSE_002 + "\n疗保障领域", None),
        ("\n\n" + PROSE_002 + "\n\n", None),  # blank lines at the text's edges join nothing
        ("资金到位、人员到位、制度健全\n\n到位情况说明", None),  # short line: a list item, not prose
        # a PDF's long table row closing on its 分值 and 得分, then the next page's running title
        (
            "社会效益指标 群众就医便利度 明显提升 按提升程度酌情计分 明显提升 100% 20 18\n\n"
            "某县2023年度项目绩效自评表",
            None,
        ),
    ],
)
def test_join_broken_lines(text: str, expected: str | None) -> None:
    assert apply(join_broken_lines, text) == (text if expected is None else expected)


def test_a_prose_cell_before_a_level_word_alone_is_no_broken_sentence() -> None:
    # a table whose cells came out as paragraphs: a 偏差原因 written as a clause, the next row's
    # merged 一级 cell as a line of spaces, then its 二级 word — a cell, not the clause going on
    text = "个别乡镇卫生院因设备检修暂停服务，下年度加强调度\n\n     \n\n生态效益指标"
    assert list(join_broken_lines(text)) == []
    assert apply(join_broken_lines, text.replace("生态效益指标", "生态效益明显")) != text


def test_join_broken_lines_deletes_exactly_the_break() -> None:
    assert list(join_broken_lines(PROSE_002 + "\n\n\n疗保障")) == [
        Edit(len(PROSE_002), len(PROSE_002) + 3, "")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(2020 年度)自评得分 91 分", "(2020年度)自评得分91分"),
        ("确保 DIP 业务人员，DRG DIP 付费", "确保DIP业务人员，DRG DIP付费"),
        ("填报日期：2021. 4. 15", "填报日期：2021. 4. 15"),
        ("绩 效 指 标 |", "绩效指标 |"),
        ("覆盖率达98% 。完成   （2）协同", "覆盖率达98%。完成   （2）协同"),
        ("年度 指标值 |", "年度指标值 |"),
        # a spreadsheet flattened to one line: its spaces separate cells, so all stay
        ("项目名称 建档立卡个人缴费县级配套资金 主管部门 稷山县医疗保障局 项目资金 年初预算数 65.66", None),
        # a row under a spaced row that leaves out its merged first-level cell: one gap short, kept
        (
            "产出指标 数量指标 培训人次 全年培训人员的人次 ≥ 200 人次 210人次\n"
            "时效指标 完成时限 当年内完成 ≤ 12 月 11月",
            None,
        ),
        ("时效指标 完成时限 年内完成\n效益指标 社会效益指标 就医便利 患者就医更方便 ≥ 90 %", None),
        # rows of values under a spaced header keep their spaces, row after row
        (
            "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值\n"
            "护栏维修长度 ≥30公里 32公里 10\n"
            "路面修补面积 ≥500平方米 520平方米 10\n"
            "桥梁检测座数 ≥6座",
            None,
        ),
        # two rows of cells with numbers, no header above them (after a page break): kept
        (
            "效益 社会效益 培训人次 ≥2000人次 2150人次 20 20\n满意度 服务对象满意度 农户满意度 ≥90% 95% 10 9",
            None,
        ),
        # a row whose values are one-character answers (是, 好) under a spaced row: kept
        (
            "效益指标 社会效益指标 道路通行条件 明显改善 明显改善 20 20\n"
            "可持续影响指标 管护制度是否健全 是 是 10 10\n"
            "满意度指标 服务对象满意度指标 群众评价 好 较好 20 18",
            None,
        ),
        # two sentences whose figures a text layer set apart by spaces are prose, not value rows
        (
            "本局 2024 年度政府采购金额为 860.5 万元，其中：货物采购 120.3 万元、服务采购 740.2 万元。\n"
            "2024 年度面向中小企业预留采购项目预算 310 万元，实际授予中小企业合同 298.6 万元。",
            "本局2024年度政府采购金额为860.5万元，其中：货物采购120.3万元、服务采购740.2万元。\n"
            "2024年度面向中小企业预留采购项目预算310万元，实际授予中小企业合同298.6万元。",
        ),
        # one such line alone is collapsed
        ("效益 社会效益 培训人次 ≥2000人次 2150人次 20 20", "效益社会效益培训人次≥2000人次2150人次20 20"),
        # a line spaced out letter by letter under the table is not a row: collapsed
        (
            "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值\n评 价 结 论 良 好",
            "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值\n评价结论良好",
        ),
        # a funds header whose column words close on their notes ((A), （万元）) is a table line,
        # and its rows keep their spaces under it
        (
            "资金情况（万元） 全年预算数（A） 全年执行数（B） 执行率（B/A）\n"
            "年度资金总额 642 630.5 98.21%\n"
            "其中：中央财政资金 500 496.2 99.24%",
            None,
        ),
        # a row of a name and bare counts (no unit) under a spaced table keeps its spaces, with
        # its merged level cells dropped or not
        (
            "一级指标 二级指标 三级指标 年度指标值 全年完成值 偏差原因\n"
            "产出指标 数量指标 安全生产执法检查企业数 ≥260家 274家\n"
            "较大及以上生产安全事故起数 0 0\n"
            "质量指标 执法文书差错件数 0 0",
            None,
        ),
        # the one row a page break left on the next page, after the footer and running title,
        # keeps its spaces: it closes on its 分值 and 得分 apart by spaces
        (
            "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n"
            "效益指标 社会效益指标 适龄儿童入园率 ≥92% 94.5% 20 20\n\n"
            "某县学前教育补助资金绩效自评表\n"
            "满意度指标 服务对象满意度指标 家长满意度 ≥90% 87% 10 8",
            None,
        ),
        # a funds row of a source that brought nothing: its zeros, then dashes in its empty
        # 分值/执行率/得分 cells; kept under the funds header, as its rows with figures are
        (
            "项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n"
            "年度资金总额 45 48.6 47.9 10 98.56% 9.86\n"
            "其中：财政拨款 45 48.6 47.9 — — —\n"
            "其他资金 0 0 0 — — —",
            None,
        ),
        ("某某说明 其他资金 0 0 0 — — —", "某某说明其他资金0 0 0 — — —"),  # alone: collapsed
        # the same row alone, or after a paragraph of prose, is collapsed
        (
            "本项目年度绩效目标基本完成，个别指标未达到预期，主要原因是家长问卷回收率偏低。\n"
            "满意度指标 服务对象满意度指标 家长满意度 ≥90% 87% 10 8",
            "本项目年度绩效目标基本完成，个别指标未达到预期，主要原因是家长问卷回收率偏低。\n"
            "满意度指标服务对象满意度指标家长满意度≥90% 87% 10 8",
        ),
        # rows of a target split over 指标性质 | 指标值 | 度量单位 whose merged level cells were
        # dropped: the comparator stands alone between the name and the number; kept, and so are
        # such rows after a page break
        (
            "一级指标 二级指标 三级指标 指标性质 指标值 度量单位 实际完成值 分值 得分\n"
            "产出指标 数量指标 新建农村幸福院 ≥ 12 个 13 20 20\n"
            "改造提升日间照料中心 = 4 个 4 10 10\n"
            "质量指标 设施验收合格率 ≥ 95 % 100 10 10",
            None,
        ),
        (
            "成本指标 单个幸福院建设补助 ≤ 30 万元 28.5 10 10\n"
            "效益指标 社会效益指标 受益老年人数 ≥ 1500 人 1620 20 20",
            None,
        ),
        # a 计量单位 column before the 指标值: a percent sign standing alone is its cell, so a row
        # with a bare target (`% 100`) keeps its spaces under the header as one with `公里 ≥8` does
        (
            "一级指标 二级指标 三级指标 单位 指标值 实际完成值 分值 得分\n"
            "产出指标 数量指标 新建雨水管网 公里 ≥8 8.4 20 20\n"
            "质量指标 管网闭水试验合格率 % 100 100 20 20",
            None,
        ),
        # a word and one figure (`附件 1`) or a clause (`其中 3 项…`) under it is no such row
        (
            "一级指标 二级指标 三级指标 年度指标值 全年完成值 偏差原因\n附件 1\n其中 3 项未完成 2",
            "一级指标 二级指标 三级指标 年度指标值 全年完成值 偏差原因\n附件1\n其中3项未完成2",
        ),
        # the same row with no spaced table beside it, or two gaps short, is collapsed
        ("时效指标 完成时限 当年内完成 ≤ 12 月", "时效指标完成时限当年内完成≤12月"),
        # … but under one, a comparator standing alone before a number is a cell (a split
        # target's 指标性质), so the row is a row of the table as `时效指标 完成时限 ≤12月` is
        ("产出指标 数量指标 培训人次 全年培训人员的人次\n时效指标 完成时限 ≤ 12 月", None),
        (
            "产出指标 数量指标 培训人次 全年培训人员的人次\n时效指标 完成时限",
            "产出指标 数量指标 培训人次 全年培训人员的人次\n时效指标完成时限",
        ),
    ],
)
def test_collapse_cjk_spaces(text: str, expected: str | None) -> None:
    assert apply(collapse_cjk_spaces, text) == (text if expected is None else expected)


def test_collapse_cjk_spaces_edits() -> None:
    assert list(collapse_cjk_spaces("第 2 页\n共 10  页")) == [
        Edit(1, 2, ""), Edit(3, 4, ""), Edit(7, 8, ""), Edit(10, 12, ""),
    ]  # fmt: skip


# --- normalize end to end ----------------------------------------------------------------------


def test_normalize_runs_every_rule_in_order() -> None:
    assert [rule.__name__ for rule in RULES] == [
        "unify_line_breaks", "remove_invisible_chars", "remove_bookmarks", "to_halfwidth",
        "drop_inserted_pinyin", "to_simplified_script", "unify_thousands_comma", "unwrap_latex_math",
        "latex_to_symbols", "unify_comparators",
        "remove_markdown", "strip_line_edge_spaces", "remove_page_furniture", "remove_page_numbers",
        "join_wrapped_lines",
        "join_broken_lines",
        "collapse_cjk_spaces",
    ]  # fmt: skip


def test_normalize_sample_003_indicator_line_maps_back() -> None:
    source = "1. **数量指标：**单位临聘公益岗位人员数 \\geq 8 人、支持党支部数量=1 个"
    norm = normalize(source)
    assert norm.text == "1. 数量指标：单位临聘公益岗位人员数≥8人、支持党支部数量=1个"
    target = norm.text.index("≥8人")
    assert norm.to_source(target, target + 3) == (24, 32)
    assert source[24:32] == "\\geq 8 人"
    assert norm.to_source(3, 8) == (5, 10)  # 数量指标： without the ** around it


def test_normalize_composes_rules() -> None:
    norm = normalize("  ＄\\geq＄ ９０％\r\n覆盖率＞＝８０％，NaN%\u3000")
    assert norm.text == "≥90%\n覆盖率≥80%，NaN%"
    assert norm.to_source(8, 9) == (17, 19)  # ≥ came from ＞＝


def test_normalize_empty_text() -> None:
    norm = normalize("")
    assert (norm.text, norm.to_source(0, 0), norm.from_source(0, 0)) == ("", (0, 0), (0, 0))


@pytest.mark.parametrize("path", REPORTS + CORPUS, ids=lambda path: path.name)
def test_real_reports_keep_tables_and_map_every_character(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    norm = normalize(source)
    assert norm.text.count("\t") == source.count("\t")
    assert norm.text.count("|") == source.count("|")
    assert norm.to_source(0, len(norm.text)) == (
        norm.to_source(0, 1)[0],
        norm.to_source(len(norm.text) - 1, len(norm.text))[1],
    )
    for index in range(len(norm.text)):
        start, end = norm.to_source(index, index + 1)
        assert norm.from_source(start, end) == (index, index + 1)


def test_sample_002_page_breaks_are_joined() -> None:
    text = normalize((REPORTS[2]).read_text(encoding="utf-8")).text
    for phrase in (
        "（新财预〔2020〕6号）文件精神",
        "严厉打击医疗保障领域",
        "从立项到实施",
        "《韶关市困难群众",
    ):
        assert phrase in text
    assert "(2020年度)" in text
    assert "填报日期：2021. 4. 15" in text


def test_sample_004_artefacts_are_gone_and_table_is_intact() -> None:
    source = REPORTS[4].read_text(encoding="utf-8")
    text = normalize(source).text
    assert text.startswith("\n\n苏州市市级预算部门")
    assert text.endswith("\t100%\n\t\n\n\n\n")
    assert "\tNaN%\n" in text and "\t≤10%\n" in text and "\t>85%\n" in text
    assert text.count("\n") == source.count("\n") - 2


# --- searches that skip what cannot match: the same edits as the plain search ---------------------

# Words and figures of rows laid out with spaces, of spaced-out words and of prose: lines of them
# make texts where table lines, the rows beside them and prose lines fall anywhere.
_SPACED_WORDS = (
    "产出指标",
    "数量指标",
    "培训人次",
    "≥200人",
    "210人",
    "10",
    "8",
    "绩",
    "效",
    "2020",
    "年度",
    "资金（万元）",
    "DRG",
    "完成。",
)
_SPACED_LINES = st.lists(
    st.lists(st.sampled_from(_SPACED_WORDS), max_size=6).flatmap(
        lambda words: st.sampled_from((" ", "  ")).map(lambda gap: gap.join(words))
    ),
    max_size=8,
).map("\n".join)


def _collapsed_match_by_match(text: str) -> list[Edit]:
    """`collapse_cjk_spaces` as a lookup of each match's line: kept on a table line, or on a row
    one gap short beside one."""
    lines = text.split("\n")
    starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    tables = _space_table_lines(lines, _worded_lines(text, starts))
    edits = []
    for match in _COLLAPSIBLE.finditer(text):
        at = bisect_right(starts, match.start()) - 1
        beside = any(0 <= near < len(lines) and tables[near] for near in (at - 1, at + 1))
        if not (tables[at] or (beside and _word_gaps(lines[at]) >= SPACE_TABLE_GAPS - 1)):
            edits.append(Edit(match.start(), match.end(), ""))
    return edits


@settings(max_examples=500, deadline=None)
@given(_SPACED_LINES)
def test_collapse_cjk_spaces_searches_between_kept_lines_as_match_by_match(text: str) -> None:
    assert list(collapse_cjk_spaces(text)) == _collapsed_match_by_match(text)


_MARKED_PIECES = (
    "a",
    "年",
    ">",
    "<",
    "=",
    "≧",
    "≦",
    "═",
    "<td>",
    "\r",
    "\r\n",
    "\f",
    "\u2028",
    "\x85",
    "\u200b",
    "\ufeff",
    "\u00ad",
    " ",
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_MARKED_PIECES), max_size=20).map("".join))
def test_rules_told_by_their_characters_edit_as_their_patterns(text: str) -> None:
    """A rule that returns early on a text without its characters edits every other text as its
    pattern finds."""
    breaks = [
        Edit(m.start(), m.end(), "" if text.startswith("\r\n", m.start()) else "\n")
        for m in _ODD_LINE_BREAK.finditer(text)
    ]
    assert list(unify_line_breaks(text)) == breaks
    assert list(remove_invisible_chars(text)) == [
        Edit(m.start(), m.end(), "") for m in _INVISIBLE.finditer(text)
    ]
    comparators = [
        Edit(m.start(), m.end(), COMPARATOR_VARIANTS[m.group()])
        for m in _COMPARATOR.finditer(text)
        if not _in_tag(text, m)
    ]
    assert list(unify_comparators(text)) == comparators


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(("培训人次", "96.85%", "10", "8", "٣", ".5", " ", "\t", "\n", "。", "x")), max_size=12
    )
)
def test_spaced_figures_at_a_line_s_end_are_told_as_by_the_pattern(pieces: list[str]) -> None:
    line = "".join(pieces)
    assert _ends_on_spaced_figures(line) == (_SPACED_ROW_END.search(line) is not None)


def test_a_row_of_words_and_numbers_is_matched_word_by_word() -> None:
    """Each word has one way to match up to its space: a line of many Chinese words that ends
    on no number fails at once (it used to try every split of every word: 40 words, ages)."""
    assert _WORDS_AND_NUMBERS.fullmatch("储备物资霉变损毁批次 0 0") is not None
    assert _WORDS_AND_NUMBERS.fullmatch("质量指标 霉变批次 0 0").span() == (0, 13)  # type: ignore[union-attr]
    assert _WORDS_AND_NUMBERS.fullmatch("其他资金 0 0 0 — — —") is not None
    assert _WORDS_AND_NUMBERS.fullmatch("附件 1") is None
    assert _WORDS_AND_NUMBERS.fullmatch(" ".join(["项目资金使用情况"] * 40) + " 说明") is None
