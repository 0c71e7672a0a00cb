from __future__ import annotations

import hashlib

from pipeline.core.config import Config
from pipeline.core.document import Document
from pipeline.core.models import Target
from pipeline.extract.rules.grids import read_grids
from pipeline.extract.rules.table import reads_as_name
from pipeline.layout import recover_layout
from pipeline.process import extract_document


def _rows(text: str) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for c in read_grids(recover_layout(text).tables):
        out.append(
            (
                c.level1.text if c.level1 else None,
                c.level2.text if c.level2 else None,
                c.name.text,
                c.target.text if c.target else None,
                c.actual.text if c.actual else None,
                c.weight.text if c.weight else None,
                c.score.text if c.score else None,
                c.deviation.text if c.deviation else None,
            )
        )
    return out


def test_tab_table_forward_fills_merged_levels_and_skips_placeholders() -> None:
    text = (
        "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\t分值\t得分\t偏差原因\n"
        "产出指标\t数量指标\t培训班次\t≥10个\t12期\t10\t10\t\n"
        "\t\t指标2:\t\t\t\t\t\n"
        "\t质量指标\t合格率\t≥90%\t85%\t10\t8\t培训时间不足\n"
        "……\t\t\t\t\t\t\t\n"
        "效益指标\t社会效益指标\t群众知晓率\t定性\t有效提升\t10\t10\t无\n"
    )
    assert _rows(text) == [
        ("产出指标", "数量指标", "培训班次", "≥10个", "12期", "10", "10", None),
        ("产出指标", "质量指标", "合格率", "≥90%", "85%", "10", "8", "培训时间不足"),
        ("效益指标", "社会效益指标", "群众知晓率", "定性", "有效提升", "10", "10", None),
    ]


def test_shifted_rows_are_read_by_content() -> None:
    text = (
        "核心职能\t一级指标\t二级指标\t三级指标\t指标值\t实际完成值\t未完成原因分析及改进措施\t\t\n"
        "核心职能\t数量指标\t数量指标\t指标1: 人员数\t8人\t8人\t\t\t\n"
        "\t\t\t\t质量指标\t质量指标\t指标1: 完成率\t≥98%\t100%\t\n"
        "\t指标7: 支付率\t=100%\t\t\t100%\t\t\t\n"
        "\t\t\t指标1:\t定性\t效果显著\t\t\t\n"
    )
    assert _rows(text) == [
        ("数量指标", "数量指标", "人员数", "8人", "8人", None, None, None),
        ("质量指标", "质量指标", "完成率", "≥98%", "100%", None, None, None),
        ("质量指标", "质量指标", "支付率", "=100%", "100%", None, None, None),
        ("质量指标", "质量指标", "指标1", "定性", "效果显著", None, None, None),
    ]
    nameless = read_grids(recover_layout(text).tables)[-1]
    assert nameless.confidence < 0.5


def test_cell_per_line_table_with_category_column() -> None:
    text = (
        "\t\n\t类别\n\t指标名称\n\t指标目标值\n\t指标完成值\n\t完成值来源\n\t偏差情况\n\t原因分析\n\n"
        "\t分解目标\n\t决策\n\t规划健全性\n\t健全\n\t健全\n\t《规划》\n\t0%\n\t\n\n"
        "\t\n\t\n\t课题报告数量\n\t=2篇\n\t1篇\n\t课题报告\n\t-50.00%\n\t\n"
    )
    assert _rows(text) == [
        ("决策", None, "规划健全性", "健全", "健全", None, None, None),
        ("决策", None, "课题报告数量", "=2篇", "1篇", None, None, None),
    ]


def test_pipe_cells_with_lost_merged_cells_are_right_aligned() -> None:
    text = (
        "一级指标 |\n二级指标 |\n三级指标 |\n年度指标值 |\n实际完成值 |\n分值 |\n得分 |\n偏差原因 |\n||||\n"
        "产出指标 |\n数量指标 |\n预算执行率 |\n100% |\n83.5% |\n20 |\n18 |\n|\n||||\n"
        "拨款率 |\n100% |\n100% |\n10 |\n10 |\n|\n||||\n"
    )
    assert _rows(text) == [
        ("产出指标", "数量指标", "预算执行率", "100%", "83.5%", "20", "18", None),
        ("产出指标", "数量指标", "拨款率", "100%", "100%", "10", "10", None),
    ]


def test_split_target_columns_are_joined() -> None:
    text = (
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
        "| 产出指标 | 质量指标 | 覆盖率 | ≧ | 100 | % | 100% | 10 | 10 |\n"
        "| 总分 | 100 | 96 |\n"
    )
    assert _rows(text) == [("产出指标", "质量指标", "覆盖率", "≧100%", "100%", "10", "10", None)]


def test_a_shifted_row_skips_the_explanation_and_fits_values_to_their_columns() -> None:
    text = (
        "一级指标\t二级指标\t三级指标\t指标分值\t预期指标值\t实际完成值\t自评得分\n"
        "产出指标\t数量指标\t救助对象覆盖率\t享受救助人数占符合条件对象总数的比例\t≥95%(百分比)\t98%\t20\t20\n"
    )
    expected = ("产出指标", "数量指标", "救助对象覆盖率", "≥95%(百分比)", "98%", "20", "20", None)
    assert _rows(text) == [expected]


def test_a_forms_own_level_word_before_a_level_word_is_a_level() -> None:
    text = (
        "一级指标\t二级指标\t三级指标\t指标分值\t预期指标值\t实际完成值\t自评得分\n"
        "效果指标\t社会效益指标\t津贴发放率\t按时足额发放的比例说明文字较长\t≥90%(百分比)\t100%\t30\t30\n"
    )
    expected = ("效果指标", "社会效益指标", "津贴发放率", "≥90%(百分比)", "100%", "30", "30", None)
    assert _rows(text) == [expected]


def test_a_short_explanation_before_a_comparator_target_is_skipped() -> None:
    text = (
        "一级指标\t二级指标\t三级指标\t指标分值\t预期指标值\t实际完成值\t自评得分\n"
        "产出指标\t数量指标\t救助人次\t全年救助人次\t≥300人次\t320人次\t20\t20\n"
        "效益指标\t社会效益指标\t困难群众生活\t稳定\t稳定\t10\t10\n"
    )
    assert _rows(text) == [
        ("产出指标", "数量指标", "救助人次", "≥300人次", "320人次", "20", "20", None),
        ("效益指标", "社会效益指标", "困难群众生活", "稳定", "稳定", "10", "10", None),
    ]


def test_a_monitoring_forms_part_year_and_forecast_columns_are_no_actuals() -> None:
    text = (
        "一级指标\t二级指标\t三级指标\t年度指标值\t截至9月底完成值\t预计年底完成值\t偏差原因分析\n"
        "产出指标\t数量指标\t维修农村公路里程\t≥35公里\t22公里\t36公里\t\n"
        "效益指标\t社会效益指标\t群众出行条件\t明显改善\t逐步改善\t明显改善\t雨季施工延后\n"
    )
    assert _rows(text) == [
        ("产出指标", "数量指标", "维修农村公路里程", "≥35公里", None, None, None, None),
        ("效益指标", "社会效益指标", "群众出行条件", "明显改善", None, None, None, "雨季施工延后"),
    ]


def test_a_target_split_over_nature_value_and_unit_columns_is_joined_and_gives_the_actual_its_unit() -> None:
    # the national form: 指标性质 | 指标值 | 度量单位 apart, the actual bare under the row's unit
    text = (
        "一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t实际完成值\t分值\t得分\n"
        "产出指标\t数量指标\t义诊活动场次\t≥\t40\t场\t46\t20\t20\n"
        "\t时效指标\t义诊完成时间\t定性\t9月底前\t\t9月20日\t10\t10\n"
    )
    (counted, dated) = read_grids(recover_layout(text).tables)
    assert counted.target is not None and counted.actual is not None
    target_at = text.index("≥\t40")
    target = counted.target
    assert (target.text, target.start, target.end) == ("≥40场", target_at, target_at + 6)
    assert (counted.actual.text, counted.unit) == ("46", "场")
    assert dated.target is not None and dated.actual is not None
    # a 指标值 cell that writes its unit too takes the comparator alone
    written = read_grids(recover_layout(text.replace("\t40\t场\t", "\t40场\t场\t")).tables)[0].target
    assert written is not None and written.text == "≥40场"
    assert (dated.target.text, dated.actual.text, dated.unit) == ("9月底前", "9月20日", None)


def test_a_unit_column_before_the_value_gives_the_target_its_unit_and_leaves_the_cells_apart() -> None:
    # a system form's 单位 | 指标值 columns: the unit printed before the value cannot join the
    # target's text, so the target keeps its own cell (and span) and takes the column's unit
    text = (
        "一级指标\t二级指标\t三级指标\t单位\t指标值\t实际完成值\t分值\t得分\n"
        "产出指标\t数量指标\t改造老旧供水管网\t公里\t≥18\t19.2\t20\t20\n"
        "\t质量指标\t改造管网验收合格率\t%\t100\t100\t20\t20\n"
        "\t成本指标\t每公里改造成本\t万元/公里\t≤60\t58.5\t10\t10\n"
        "\t时效指标\t完工时间\t定性\t年底前\t11月\t10\t10\n"
    )
    rows = read_grids(recover_layout(text).tables)
    read = [(c.target.text, c.target.start, c.target_unit, c.unit) for c in rows if c.target]
    assert read == [
        ("≥18", text.index("≥18"), "公里", None),
        ("100", text.index("100\t"), "%", None),
        ("≤60", text.index("≤60"), "万元/公里", None),
        ("年底前", text.index("年底前"), None, None),  # a word in the 单位 cell is no unit
    ]
    assert [c.target.end - c.target.start for c in rows if c.target] == [3, 3, 3, 3]


def test_the_pipeline_reads_a_unit_column_before_the_value_as_the_targets_unit() -> None:
    text = (
        "一级指标\t二级指标\t三级指标\t计量单位\t年度指标值\t实际完成值\t分值\t得分\n"
        "产出指标\t数量指标\t新增绿化面积\t万平方米\t≥3.5\t3.8\t20\t20\n"
        "满意度指标\t服务对象满意度指标\t周边居民满意度\t%\t≥90\t91.5\t20\t19\n"
    )
    document = Document("form.txt", hashlib.sha256(text.encode()).hexdigest(), "txt", text)
    indicators = [i for p in extract_document(document, Config()).projects for i in p.indicators]
    assert [(i.name, i.target, i.actual.raw, i.actual.unit, i.met) for i in indicators] == [
        ("新增绿化面积", Target(raw="≥3.5", op=">=", value=3.5, unit="万平方米"), "3.8", None, True),
        ("周边居民满意度", Target(raw="≥90", op=">=", value=90, unit="%"), "91.5", None, True),
    ]
    (target,) = [e for e in indicators[0].evidence if e.field == "target"]
    assert (target.start, target.end) == (text.index("≥3.5"), text.index("≥3.5") + 4)


def test_a_shifted_row_of_a_form_with_an_explanation_column_is_read_by_the_columns_after_its_name() -> None:
    # a score cell with a note does not fit its column, so the row is read by content; its 指标解释
    # text sits between the target and the actual, where values taken in order would make it the actual
    text = (
        "一级指标\t二级指标\t三级指标\t年度指标值\t指标解释\t实际完成值\t完成比例\t权重\t得分\n"
        "效益指标\t生态效益指标\t管网漏损率\t≤10%\t漏损水量占供水总量的比例\t11%\t91%\t10\t9（扣1分）\n"
    )
    assert _rows(text) == [
        ("效益指标", "生态效益指标", "管网漏损率", "≤10%", "11%", "10", "9（扣1分）", None)
    ]


def test_a_direction_column_is_no_value_column() -> None:
    # 指标方向 (正向/反向) qualifies the target; a row with one more leading cell is read by content
    text = (
        "一级指标\t二级指标\t三级指标\t指标方向\t年度指标值\t实际完成值\t分值\t得分\n"
        "\t产出指标\t成本指标\t印刷费用\t反向\t≤12万元\t11.6万元\t10\t10\n"
    )
    assert _rows(text) == [("产出指标", "成本指标", "印刷费用", "≤12万元", "11.6万元", "10", "10", None)]


def test_the_forms_side_label_repeated_in_every_row_is_no_level() -> None:
    """A workbook or web page repeats the official form's merged 绩效指标 cell in each row: the
    levels are the cells after it, the name keeps its place (offsets into the text)."""
    text = (
        "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
        "绩效指标\t产出指标\t数量指标\t苗木调运株数\t≥8000株\t8260株\t20\t20\n"
        "绩效指标\t产出指标\t质量指标\t苗木成活率\t≥85%\t88%\t20\t20\n"
        "绩效指标\t满意度指标\t服务对象满意度指标\t林农满意度\t≥90%\t92%\t10\t9\n"
    )
    assert _rows(text) == [
        ("产出指标", "数量指标", "苗木调运株数", "≥8000株", "8260株", "20", "20", None),
        ("产出指标", "质量指标", "苗木成活率", "≥85%", "88%", "20", "20", None),
        ("满意度指标", "服务对象满意度指标", "林农满意度", "≥90%", "92%", "10", "9", None),
    ]
    first = read_grids(recover_layout(text).tables)[0]
    assert first.level1 is not None
    name_at = text.index("苗木调运株数")
    assert (first.level1.start, first.name.start, first.name.end) == (
        text.index("产出指标"),
        name_at,
        name_at + len("苗木调运株数"),
    )


def test_a_direction_printed_under_the_comparator_header_is_no_value() -> None:
    # a system-printed form: 指标性质 holds 正向/反向, each target writes its own comparator; a PDF's
    # text layer drops the merged level cells and a row ending in its 偏差原因 is the widest, so
    # the shorter rows are read from their name on, their values in order
    text = (
        "一级指标 二级指标 三级指标 指标性质 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施\n"
        "产出指标 数量指标 新修村组道路 正向 ≥8公里 8.6公里 20 20\n"
        "成本指标 每公里建设成本 反向 ≤60万元 57.3万元 10 10\n"
        "效益指标 社会效益指标 沿线通行时间缩短 正向 ≥20分钟 18分钟 20 17 部分路段雨季停工\n"
    )
    assert _rows(text) == [
        ("产出指标", "数量指标", "新修村组道路", "≥8公里", "8.6公里", "20", "20", None),
        ("产出指标", "成本指标", "每公里建设成本", "≤60万元", "57.3万元", "10", "10", None),
        ("效益指标", "社会效益指标", "沿线通行时间缩短", "≥20分钟", "18分钟", "20", "17", "部分路段雨季停工"),
    ]


def test_a_task_merged_down_before_the_levels_is_no_name() -> None:
    # a department form's 年度主要任务 column, its merged cells lost (a PDF's text layer, spaced)
    text = (
        "年度主要任务 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n"
        "安全生产监管 产出指标 数量指标 危化企业执法检查家次 ≥180家次 196家次 20 20\n"
        "质量指标 重大隐患整改销号率 =100% 100% 20 20\n"
        "应急救援保障 产出指标 时效指标 救援队伍到达现场时间 ≤30分钟 25分钟 20 20\n"
    )
    assert _rows(text) == [
        ("产出指标", "数量指标", "危化企业执法检查家次", "≥180家次", "196家次", "20", "20", None),
        ("产出指标", "质量指标", "重大隐患整改销号率", "=100%", "100%", "20", "20", None),
        ("产出指标", "时效指标", "救援队伍到达现场时间", "≤30分钟", "25分钟", "20", "20", None),
    ]
    row = recover_layout(text).tables[0]
    name = read_grids((row,))[0].name
    assert text[name.start : name.end] == "危化企业执法检查家次"


def test_a_trend_in_words_is_a_value_never_a_name() -> None:
    # a name is a noun phrase: an adverb and a verb alone (有效改善) is a target or an actual
    assert [reads_as_name(w) for w in ("有效改善", "逐步提高", "居民办事便利程度", "改善居住条件户数")] == [
        False,
        False,
        True,
        True,
    ]
