"""HTML tables left in a text, the shape of a PDF converted to Markdown: one line per table,
merged cells as rowspan/colspan."""

from __future__ import annotations

from pipeline.layout.lines import split_lines
from pipeline.layout.recognisers.html_rows import read_html_rows

TABLE = (
    '<table><tr><td rowspan="2">产出指标</td><td>培训人次</td><td colspan="2">12</td></tr>'
    "<tr><td>合格<br/>率</td><td>95%</td><td>&gt;90%</td></tr></table>\n正文"
)


def test_spans_are_repeated_and_marked_inherited() -> None:
    claim = read_html_rows(TABLE, split_lines(TABLE), 0)
    assert claim is not None
    assert [[(c.text, c.span.start, c.span.end, c.inherited) for c in row.cells] for row in claim.rows] == [
        [
            ("产出指标", 27, 31, False),
            ("培训人次", 40, 44, False),
            ("12", 65, 67, False),
            ("12", 65, 67, True),
        ],
        [
            ("产出指标", 27, 31, True),
            ("合格 率", 85, 93, False),
            ("95%", 102, 105, False),
            (">90%", 114, 121, False),
        ],
    ]
    assert [(row.span.start, row.span.end) for row in claim.rows] == [(7, 77), (77, 131)]
    assert claim.end == 1


def test_a_table_over_several_lines_ends_at_its_closing_tag() -> None:
    text = (
        "<table>\n<tr><td>三级指标</td><td>指标值</td></tr>\n<tr><td>覆盖率</td><td>98%</td></tr>\n</table>\n"
    )
    claim = read_html_rows(text, split_lines(text), 0)
    assert claim is not None
    assert ([row.texts for row in claim.rows], claim.end) == ([("三级指标", "指标值"), ("覆盖率", "98%")], 4)


def test_other_lines_are_not_html_tables() -> None:
    text = "<p>正文</p>"
    assert read_html_rows(text, split_lines(text), 0) is None


def test_a_cell_holding_line_breaks_does_not_end_the_table() -> None:
    text = (
        "<table><tr><td>三级指标</td><td>评分标准</td><td>得分</td></tr>"
        "<tr><td>制度健全性</td><td>评价要点：\n①制度完整；\n②执行有效。</td><td>4</td></tr>"
        "<tr><td>资金到位率</td><td>到位率100%得满分</td><td>5</td></tr></table>\n"
        "<table><tr><td>另一表</td></tr></table>\n"
    )
    claim = read_html_rows(text, split_lines(text), 0)
    assert claim is not None
    assert [row.texts for row in claim.rows] == [
        ("三级指标", "评分标准", "得分"),
        ("制度健全性", "评价要点： ①制度完整； ②执行有效。", "4"),
        ("资金到位率", "到位率100%得满分", "5"),
    ]
    assert claim.end == 3  # the next table is its own
