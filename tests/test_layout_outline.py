"""Headings, list items, paragraphs, sections and sentences."""

from __future__ import annotations

from pipeline.core.document import Span
from pipeline.layout import recover_layout
from pipeline.layout.outline import heading_label, line_kind

TEXT = (
    "一、项目概况\n"
    "（一）基本情况：立项依据\n"
    "本项目资金50万元。主要用于培训；\n覆盖全县\n"
    "\n"
    "1、完成培训12期，覆盖率达98%，群众满意度96%，较上年提高2个百分点，达到了年初设定的目标。\n"
    "二、存在问题\n"
    "无。"
)


def test_line_kinds_and_labels() -> None:
    assert line_kind("（一）基本情况：立项依据") == ("heading", 2)
    item = "1、完成培训12期，覆盖率达98%，群众满意度96%，较上年提高2个百分点，达到了年初设定的目标。"
    assert line_kind(item) == ("list_item", 3)
    assert line_kind("本项目资金50万元。") == ("paragraph", None)
    assert heading_label("**（一）基本情况：立项依据**") == "（一）基本情况"


def test_blocks_sections_and_sentences() -> None:
    layout = recover_layout(TEXT)
    assert [(b.kind, b.span, b.section, b.level) for b in layout.blocks] == [
        ("heading", Span(0, 6), 0, 1),
        ("heading", Span(7, 19), 1, 2),
        ("paragraph", Span(20, 42), 1, None),
        ("list_item", Span(44, 93), 1, 3),
        ("heading", Span(94, 100), 2, 1),
        ("paragraph", Span(101, 103), 2, None),
    ]
    assert [(s.level, s.title, s.label, s.span, s.parent) for s in layout.sections] == [
        (1, "项目概况", "一、项目概况", Span(0, 93), None),
        (2, "基本情况：立项依据", "（一）基本情况", Span(7, 93), 0),
        (1, "存在问题", "二、存在问题", Span(94, 103), None),
    ]
    assert [s.title for s in layout.section_path(1)] == ["项目概况", "基本情况：立项依据"]
    sentences = [TEXT[s.start : s.end] for s in layout.sentences]
    assert sentences[:3] == ["本项目资金50万元。", "主要用于培训；", "覆盖全县"]
    assert sentences[3].startswith("1、完成培训12期") and sentences[4] == "无。"
