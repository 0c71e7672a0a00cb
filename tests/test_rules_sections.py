from __future__ import annotations

import random
from pathlib import Path

from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.sections import (
    Section,
    SectionIndex,
    enclosing,
    find_sections,
    project_sections,
    sample_sections,
)

REPORTS = sorted((Path(__file__).resolve().parents[1] / "evals").glob("**/reports/*.txt"))

TEXT = (
    "报告\n一、城乡医疗救助系统维护费\n（一）基本情况\n审核额度为 19600 元。\n（二）自评情况\n1、自评分数\n"
    "二、打击欺诈骗保专项经费\n（一）基本情况\n额度为 30000 元。\n三、存在的问题\n无\n"
)


def test_sections_nest_by_numbering_style() -> None:
    sections = find_sections(TEXT)
    assert [(s.level, s.title.text) for s in sections] == [
        (1, "城乡医疗救助系统维护费"),
        (2, "基本情况"),
        (2, "自评情况"),
        (3, "自评分数"),
        (1, "打击欺诈骗保专项经费"),
        (2, "基本情况"),
        (1, "存在的问题"),
    ]
    first = sections[0]
    assert TEXT[first.start : first.end].startswith("一、城乡") and first.end == TEXT.index("二、")
    assert [s.title.text for s in enclosing(sections, TEXT.index("19600"))] == [
        "城乡医疗救助系统维护费",
        "基本情况",
    ]


def test_a_marker_alone_on_its_line_takes_the_next_line_as_its_title() -> None:
    text = "一、\n（一）资金情况\n二、\n三、绩效目标\n"
    assert [(s.level, s.title.text, s.title.start, s.start, s.end) for s in find_sections(text)] == [
        (1, "（一）资金情况", 3, 0, 11),
        (2, "资金情况", 6, 3, 11),
        (1, "三、绩效目标", 14, 11, 21),  # 二、 and its title: that line is no heading of its own
    ]


def test_project_sections_are_named_top_sections_with_money() -> None:
    assert [s.title.text for s in project_sections(TEXT)] == [
        "城乡医疗救助系统维护费",
        "打击欺诈骗保专项经费",
    ]
    assert project_sections("一、项目概况\n资金 5 万元\n二、存在的问题\n") == []


SAMPLED = (
    "一、资金基本情况\n全年安排专项资金3,000万元,支持项目120个。\n"
    "二、抽查项目资金使用情况\n本次抽查项目36个,共支出820.5万元,执行率为76.4%。\n"
    "三、现场评价情况\n评价组对项目进行了现场评价,项目实施情况良好。\n"
)


def test_sample_sections_name_a_spot_check_and_count_its_projects() -> None:
    sections = find_sections(SAMPLED)
    assert [(s.title.text, s.start, s.end) for s in sample_sections(SAMPLED, sections)] == [
        ("抽查项目资金使用情况", SAMPLED.index("二、"), SAMPLED.index("三、")),
    ]  # the 现场评价 section counts no projects: it may be the project's own review


def test_the_index_finds_the_enclosing_sections_a_scan_finds() -> None:
    # Every position of every eval report, and of TEXT: the same sections in the same order.
    for text in [TEXT, *(path.read_text(encoding="utf-8") for path in REPORTS)]:
        sections = find_sections(text)
        index = SectionIndex(sections)
        assert all(index.enclosing(pos) == enclosing(sections, pos) for pos in range(len(text) + 1))


def test_the_index_of_sections_that_do_not_nest_falls_back_to_the_scan() -> None:
    # Random spans overlap without nesting: the index must not assume a tree it was not given.
    rng = random.Random(13)
    for _ in range(200):
        spans = [sorted(rng.sample(range(60), 2)) for _ in range(rng.randrange(1, 8))]
        sections = [Section(1, Cell("x", a, a), a, b) for a, b in spans]
        index = SectionIndex(sections)
        assert all(index.enclosing(pos) == enclosing(sections, pos) for pos in range(61))


def test_the_index_walks_up_from_the_last_section_started() -> None:
    sections = find_sections(TEXT)
    pos = TEXT.index("额度为 30000")
    found = SectionIndex(sections).enclosing(pos)
    assert [s.title.text for s in found] == ["打击欺诈骗保专项经费", "基本情况"]
