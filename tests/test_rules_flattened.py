"""A report flattened to one paragraph: the view with its headings on lines of their own, and
positions mapped back to the text."""

from __future__ import annotations

import random

from pipeline.extract.rules import flattened
from pipeline.extract.rules.candidates import Candidate
from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.flattened import unflatten
from pipeline.extract.rules.indicators import find_candidates
from pipeline.extract.rules.merge import merge_candidates
from pipeline.extract.rules.sections import find_sections
from pipeline.layout import recover_layout
from tests.rules_rows import rows_of

# The shape of a document site's page (new text): one line, every heading run into the text.
PAGE = (
    "某镇卫生院2023年度家庭医生签约服务项目绩效自评报告一、项目概况（一）基本情况本院辖区常住人口"
    "2.6万人，设村卫生室9个，在岗乡村医生14人。（二）资金情况2023年下达项目资金58.5万元，实际支出"
    "56.1万元。二、绩效目标完成情况（一）产出指标1.数量指标：重点人群签约人数目标值6000人，实际签约"
    "6312人。2.质量指标：签约居民规范管理率目标值≥85%，实际达到88.4%。（二）满意度指标服务对象满意度"
    "指标：签约居民满意度目标值≥90%，实际达到95%。三、存在的问题村医年龄偏大，50岁以上的有8人。"
)


def test_the_view_puts_each_heading_on_a_line_of_its_own() -> None:
    view = unflatten(PAGE)
    assert view is not None
    assert view.text.split("\n") == [
        "某镇卫生院2023年度家庭医生签约服务项目绩效自评报告",
        "一、项目概况",
        "（一）基本情况",
        "本院辖区常住人口2.6万人，设村卫生室9个，在岗乡村医生14人。",
        "（二）资金情况",
        "2023年下达项目资金58.5万元，实际支出56.1万元。",
        "二、绩效目标完成情况",
        "（一）产出指标",
        "1.数量指标：重点人群签约人数目标值6000人，实际签约6312人。",
        "2.质量指标：签约居民规范管理率目标值≥85%，实际达到88.4%。",
        "（二）满意度指标",
        "服务对象满意度指标：签约居民满意度目标值≥90%，实际达到95%。",
        "三、存在的问题",
        "村医年龄偏大，50岁以上的有8人。",
    ]
    assert view.text.replace("\n", "") == PAGE


def test_spans_read_from_the_view_point_at_the_text() -> None:
    view = unflatten(PAGE)
    assert view is not None
    at = view.text.index("签约居民满意度")
    read = Candidate(name=Cell("签约居民满意度", at, at + 7), table_start=at)
    moved = view.to_text(read)
    assert (moved.name.start, moved.name.end, moved.table_start) == (
        PAGE.index("签约居民满意度"),
        PAGE.index("签约居民满意度") + 7,
        PAGE.index("签约居民满意度"),
    )
    assert (moved.notes, moved.confidence) == (("outline_of_flattened_text",), 0.5)


def test_a_flattened_page_reads_its_results_under_their_levels() -> None:
    found = merge_candidates(find_candidates(PAGE, find_sections(PAGE), recover_layout(PAGE)))
    assert rows_of(found) == [
        ("产出指标", "数量指标", "重点人群签约人数", "6000人", "6312人"),
        ("产出指标", "质量指标", "签约居民规范管理率", "≥85%", "88.4%"),
        ("满意度指标", "服务对象满意度指标", "签约居民满意度", "≥90%", "95%"),
    ]
    actual = found[2].actual
    assert actual is not None and PAGE[actual.start : actual.end] == "95%"


def test_an_ordinary_report_and_a_sentence_listing_numerals_are_not_flattened() -> None:
    assert unflatten("一、项目概况\n（一）基本情况\n全年培训120人次。\n") is None
    sentence = "本表一、二级指标按模板填写，" * 20
    assert unflatten(sentence) is None


def test_a_numbered_series_run_on_from_its_heading_opens_on_its_own_line() -> None:
    page = (
        "某县司法局2023年度部门整体支出绩效自评报告一、部门概况本局负责全县法治宣传、人民调解、法律援助"
        "和社区矫正等工作，内设股室6个，下辖司法所9个，承担全县普法依法治理的组织协调和督促检查，"
        "指导全县人民调解委员会和基层法律服务所的工作。二、绩效目标设定情况"
        "1.全年开展法治宣传活动不少于60场；2.法律援助案件群众满意度不低于90%。三、绩效目标完成情况"
        "全年开展法治宣传活动72场，法律援助案件群众满意度96%。版本号1.5版。"
    )
    view = unflatten(page)
    assert view is not None
    assert view.text.split("\n")[3:5] == [
        "二、绩效目标设定情况",
        "1.全年开展法治宣传活动不少于60场；",
    ]
    assert view.text.endswith("\n全年开展法治宣传活动72场，法律援助案件群众满意度96%。版本号1.5版。")


def test_a_forms_rows_run_together_are_no_flattened_report() -> None:
    row = "内部管理制度健全1、财务管理制度1分;2、项目管理制度1分;3、有制度执行佐证资料1分，"
    assert unflatten(row * 6) is None  # numbered items, but no chapter (一、 二、) of a report's outline


def test_a_title_run_into_its_paragraph_ends_at_its_closing_word() -> None:
    page = (
        "某县文化馆2023年度免费开放补助资金绩效自评报告一、基本情况（一）项目概况本馆全年免费开放"
        "时间不少于300天，开设公益培训班，举办展览和讲座，覆盖全县12个乡镇的群众文化需求，并承担"
        "基层文艺骨干的辅导任务，组织送文化下乡和流动展览进村。二、绩效目标完成情况及存在的问题"
        "（一）履职效果全年计划举办公益培训班"
        "40期，实际举办46期；展览讲座目标值20场，实际举办24场。三、下一步工作措施继续做好免费开放工作。"
    )
    view = unflatten(page)
    assert view is not None
    assert view.text.split("\n") == [
        "某县文化馆2023年度免费开放补助资金绩效自评报告",
        "一、基本情况",
        "（一）项目概况",
        "本馆全年免费开放时间不少于300天，开设公益培训班，举办展览和讲座，覆盖全县12个乡镇的群众文化需求，"
        "并承担基层文艺骨干的辅导任务，组织送文化下乡和流动展览进村。",
        "二、绩效目标完成情况及存在的问题",
        "（一）履职效果",
        "全年计划举办公益培训班40期，实际举办46期；展览讲座目标值20场，实际举办24场。",
        "三、下一步工作措施",
        "继续做好免费开放工作。",
    ]


def test_a_heading_of_level_words_joined_run_into_its_paragraph_ends_after_them() -> None:
    page = (
        "某区图书馆2023年度部门整体支出绩效自评报告一、部门概况（一）基本情况本馆设借阅、少儿、古籍三个"
        "部门，全年开放时间不少于320天，馆藏图书42万册，年度新增图书1.8万册，流动服务点覆盖全区各街道。"
        "（二）支出情况全年支出合计386.4万元，其中基本支出251.2万元，项目支出135.2万元，预算执行率96.3%。"
        "二、绩效目标完成情况（一）产出及效益指标全年计划举办阅读推广活动60场，实际举办68场。"
        "（二）社会效益和满意度读者对借阅服务满意度预期达到90%以上，实际为93.2%。三、存在的问题"
        "古籍修复人员不足。"
    )
    view = unflatten(page)
    assert view is not None
    lines = view.text.split("\n")
    assert lines[7:11] == [
        "（一）产出及效益指标",
        "全年计划举办阅读推广活动60场，实际举办68场。",
        "（二）社会效益和满意度",
        "读者对借阅服务满意度预期达到90%以上，实际为93.2%。",
    ]


def test_long_lines_are_the_lines_longer_than_a_flat_page_line() -> None:
    rng = random.Random(15)
    for _ in range(200):
        lengths = [rng.choice((0, 1, 199, 200, 201, 202, 450)) for _ in range(rng.randrange(1, 8))]
        text = "\n".join("字" * n for n in lengths) + rng.choice(("", "\n"))
        spans, at = [], 0
        for n in lengths:
            if n > flattened._FLAT_LINE:
                spans.append((at, at + n))
            at += n + 1
        assert [m.span() for m in flattened._LONG_LINE.finditer(text)] == spans
