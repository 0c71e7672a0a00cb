from __future__ import annotations

import hashlib

from pipeline.core.config import Config
from pipeline.core.document import Document
from pipeline.extract.rules.candidates import Candidate
from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.dated import read_dated
from pipeline.extract.rules.sections import find_sections
from pipeline.process import extract_document

RESULTS = """某镇人民政府2024年度农村人居环境整治项目支出绩效自评报告
一、项目基本情况
本项目年度预算资金80万元。
二、绩效目标完成情况
（一）产出指标
1.数量指标：清理村内沟渠42公里，目标值≥40公里，完成率105%。
2.时效指标：整治补助资金于2024年5月31日前全部拨付到位。
（二）满意度指标
3.服务对象满意度指标：村民满意度达93%，目标值≥90%，完成率103%。
三、下一步工作计划
将于2025年3月15日前完成新一轮摸底排查，并召开项目推进会。
"""


def _read(text: str) -> list[Candidate]:
    return read_dated(text, find_sections(text))


def _at(text: str, word: str) -> Cell:
    start = text.index(word)
    return Cell(word, start, start + len(word))


def test_a_numbered_timeliness_result_is_read_by_its_date() -> None:
    clause = "整治补助资金于2024年5月31日前全部拨付到位"
    assert _read(RESULTS) == [
        Candidate(
            name=_at(RESULTS, clause),
            level1=_at(RESULTS, "产出指标"),
            level2=_at(RESULTS, "时效指标"),
            actual=_at(RESULTS, "2024年5月31日前"),
            source_kind="prose",
            confidence=0.4,
            table_start=RESULTS.index("2.时效指标"),
        )
    ]


def test_a_lead_in_paragraph_and_a_goal_section() -> None:
    results = "时效指标方面，全部维修工程均在10月底前完工验收；满意度方面，师生满意度达95%。\n"
    (found,) = _read(results)
    assert (found.name, found.actual, found.target) == (
        Cell("全部维修工程均在10月底前完工验收", 7, 24),
        Cell("10月底前", 15, 20),
        None,
    )
    goals = "一、绩效目标\n（3）时效指标：确保12月底前完成设备采购安装。\n"
    (goal,) = _read(goals)
    assert (goal.name, goal.target, goal.actual) == (
        _at(goals, "12月底前完成设备采购安装"),
        _at(goals, "12月底前"),
        None,
    )


def test_a_planned_date_then_the_date_it_was_done() -> None:
    text = "（2）时效指标：计划于9月底前完成补助发放，实际于8月20日全部发放到位。\n"
    (found,) = _read(text)
    assert (found.name, found.target, found.actual) == (
        _at(text, "于9月底前完成补助发放"),
        _at(text, "9月底前"),
        _at(text, "8月20日"),
    )


def test_dates_that_state_no_timeliness_result_are_not_read() -> None:
    assert _read("时效指标：资金拨付及时率100%。\n") == []  # a rate: read by the other rules
    assert _read("时效指标：各项工作有序推进。\n") == []  # no date
    assert _read("时效指标：2024年6月召开了项目启动会。\n") == []  # a date, no task done after it
    assert _read("四、下一步工作计划\n将于2025年3月15日前完成新一轮摸底排查。\n") == []  # no 时效指标 lead


def test_a_planned_date_met_by_the_date_it_was_done() -> None:
    text = RESULTS.replace(
        "整治补助资金于2024年5月31日前全部拨付到位", "计划6月底前拨付补助资金，实际于5月28日全部拨付到位"
    )
    document = Document("r.txt", hashlib.sha256(text.encode()).hexdigest(), "txt", text)
    result = extract_document(document, Config())
    (timely,) = [i for p in result.projects for i in p.indicators if i.level2 == "时效指标"]
    assert (timely.name, timely.target.raw, timely.target.op, timely.actual.raw, timely.met) == (
        "6月底前拨付补助资金",
        "6月底前",
        "qualitative",
        "5月28日",
        True,
    )


def test_the_report_reads_the_dated_result_and_not_the_planned_date() -> None:
    document = Document("r.txt", hashlib.sha256(RESULTS.encode()).hexdigest(), "txt", RESULTS)
    result = extract_document(document, Config())
    read = [
        (i.level2, i.name, i.target.raw, i.actual.raw, i.actual.value)
        for p in result.projects
        for i in p.indicators
    ]
    assert read == [
        ("数量指标", "清理村内沟渠", "≥40公里", "42公里", 42),
        ("时效指标", "整治补助资金于2024年5月31日前全部拨付到位", None, "2024年5月31日前", None),
        ("服务对象满意度指标", "村民满意度", "≥90%", "93%", 93),
    ]


def test_a_listed_items_labelled_deadline_under_a_time_heading_is_no_dated_task() -> None:
    text = "时效指标：\n3.防汛物资补充，年度指标值5月底前完成，实际完成值已完成，分值10分，得分10分。\n"
    assert read_dated(text, []) == []
