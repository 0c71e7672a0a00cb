"""Grid expansion of HTML tables: rowspan/colspan slots, layout detection, bogus spans."""

from __future__ import annotations

import lxml.html

from pipeline.ingest.html_tables import grid_rows, is_layout_table
from pipeline.ingest.html_tree import Element


def element(node: lxml.html.HtmlElement) -> Element:
    """An lxml element as the reader keeps it: name, attributes, children and strings in order."""
    children: list[Element | str] = [node.text] if node.text else []
    for child in node:
        children.append(element(child))
        if child.tail:
            children.append(child.tail)
    return Element(node.tag, dict(node.attrib), children)


def table(markup: str) -> Element:
    return element(lxml.html.fromstring(markup))


def text_of(cell: Element) -> str:
    return " ".join(s.strip() for s in cell.strings() if s.strip())


def test_rowspan_and_colspan_fill_every_slot_they_cover() -> None:
    markup = (
        "<table><caption>表1 指标</caption>"
        "<tr><td rowspan=2>产出指标</td><td colspan=2>数量指标</td><td rowspan=3>备注</td></tr>"
        "<tr><td>培训班次</td><td>12期</td></tr>"
        "<tr><td>效益指标</td><td colspan=2 rowspan=2>满意度</td></tr>"
        "<tr><td>x</td></tr></table>"
    )

    assert grid_rows(table(markup), text_of) == [
        "表1 指标",
        "产出指标\t数量指标\t数量指标\t备注",
        "产出指标\t培训班次\t12期\t备注",
        "效益指标\t满意度\t满意度\t备注",
        "x\t满意度\t满意度",
    ]


def test_rows_under_thead_and_tbody_count_but_nested_tables_do_not() -> None:
    markup = (
        "<table><thead><tr><th>一级指标</th><th>指标值</th></tr></thead>"
        "<tbody><tr><td>产出</td><td>≥10个</td></tr></tbody></table>"
    )

    assert grid_rows(table(markup), text_of) == ["一级指标\t指标值", "产出\t≥10个"]


def test_bogus_spans_are_clamped() -> None:
    markup = (
        "<table><tr><td colspan=abc>a</td><td rowspan=0>b</td><td rowspan=99999>c</td></tr>"
        "<tr><td>d</td></tr></table>"
    )

    assert grid_rows(table(markup), text_of) == ["a\tb\tc", "d\t\tc"]


def test_empty_rows_are_skipped_and_cell_breaks_become_spaces() -> None:
    markup = "<table><tr><td></td><td></td></tr><tr><td>a\tb</td><td>c</td></tr></table>"

    assert grid_rows(table(markup), text_of) == ["a b\tc"]


def test_layout_tables_are_those_nesting_tables_or_with_one_cell_per_row() -> None:
    assert is_layout_table(table("<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>"))
    assert is_layout_table(table("<table><tr><td>a</td></tr><tr><td>b</td></tr></table>"))
    assert not is_layout_table(table("<table><tr><td>a</td></tr><tr><td>b</td><td>c</td></tr></table>"))
