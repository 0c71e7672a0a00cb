"""HTML reading: decoding, visible text only, blocks on their own lines, tables as tab-separated rows."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from pipeline.core.document import Span
from pipeline.core.errors import IngestError
from pipeline.ingest import read_document
from pipeline.ingest.html import decode_html

PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>页面标题</title>
<style>td {{ color: red }}</style><script>var secret = "脚本内容";</script></head>
<body>
<h1>绩效自评报告</h1>
<p>一、  项目<b>概况</b><br>第二行</p><!-- 注释不可见 -->
<noscript>请启用脚本</noscript><template><p>模板内容</p></template>
<div hidden>隐藏一</div><div style="display: none">隐藏二</div>
<table border="1">
<tr><th>一级指标</th><th>二级指标</th><th>三级指标</th><th colspan="2">指标值</th></tr>
<tr><td rowspan="2">产出指标</td><td>数量指标</td><td>培训班次</td><td>≥10个</td><td>12期</td></tr>
<tr><td>质量指标</td><td><p>培训</p><p>合格率</p></td><td>≥90%</td><td>95%</td></tr>
<tr><td></td><td> </td></tr>
</table>
<ul><li>甲</li><li>乙</li></ul>
<pre>  预算	100
  执行	98</pre>
</body></html>
"""
EXPECTED = (
    "绩效自评报告\n"
    "一、 项目概况\n"
    "第二行\n"
    "一级指标\t二级指标\t三级指标\t指标值\t指标值\n"
    "产出指标\t数量指标\t培训班次\t≥10个\t12期\n"
    "产出指标\t质量指标\t培训合格率\t≥90%\t95%\n"  # a <p> per line of one cell
    "甲\n"
    "乙\n"
    "  预算\t100\n"
    "  执行\t98"
)

DATA_ROW = ["产出指标", "数量指标", "培训班次", "≥10个", "12期"]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_visible_text_blocks_and_merged_table_cells(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "report.html", PAGE.format(charset="utf-8").encode("utf-8")))

    assert (doc.format, doc.encoding, doc.segments) == ("html", "utf-8", ())
    assert doc.text == EXPECTED
    table_start = EXPECTED.index("一级指标")
    assert doc.tables == (Span(table_start, EXPECTED.index("\n甲")),)  # the <pre> lines are no table
    for hidden in ("脚本内容", "页面标题", "td {", "注释", "请启用", "模板", "隐藏"):
        assert hidden not in doc.text


def test_table_cells_have_exact_offsets(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "report.htm", PAGE.format(charset="utf-8").encode("utf-8")))

    # row 2 follows "绩效自评报告\n一、 项目概况\n第二行\n" (19) and the header row (22 + 1)
    spans = [(42, 46), (47, 51), (52, 56), (57, 61), (62, 65)]
    assert [doc.text[start:end] for start, end in spans] == [
        "产出指标",
        "数量指标",
        "培训班次",
        "≥10个",
        "12期",
    ]
    assert doc.text[66:70] == "产出指标"  # the rowspan repeated on the next row


def test_meta_charset_gbk_is_read_as_gb18030(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "r.html", PAGE.format(charset="gbk").encode("gbk")))

    assert (doc.encoding, doc.text) == ("gb18030", EXPECTED)


def test_false_meta_charset_falls_back_to_detection(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "r.html", PAGE.format(charset="utf-8").encode("gbk")))

    assert (doc.encoding, doc.text) == ("gb18030", EXPECTED)


def test_bom_wins_over_meta_charset(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + PAGE.format(charset="gbk").encode("utf-8")
    doc = read_document(write(tmp_path, "r.html", data))

    assert (doc.encoding, doc.text) == ("utf-8-sig", EXPECTED)


def test_xml_declaration_names_the_encoding() -> None:
    data = '<?xml version="1.0" encoding="GB2312"?><html><p>指标</p></html>'.encode("gb2312")

    assert decode_html(data, Path("a.xhtml"))[1] == "gb18030"


def test_nbsp_only_lines_are_dropped(tmp_path: Path) -> None:
    page = "<p>&nbsp;\u3000</p><p>&nbsp;正文</p><table><tr><td>&nbsp;</td><td>a</td></tr></table>"
    doc = read_document(write(tmp_path, "r.html", page.encode("utf-8")))

    assert doc.text == "\xa0正文\n\ta"


def test_decode_without_declaration_uses_text_detection() -> None:
    assert decode_html("<p>指标</p>".encode("gbk"), Path("a.html")) == ("<p>指标</p>", "gb18030")
    assert decode_html(b"<meta charset=nonsense><p>ok</p>", Path("a.html"))[1] == "utf-8"


def test_layout_table_reads_its_cells_as_blocks_and_nested_data_table_as_rows(tmp_path: Path) -> None:
    page = (
        "<table><tr><td>导航</td><td><p>正文开头</p>"
        "<table><tr><td>指标</td><td>12期</td></tr></table></td></tr></table>"
        "<table><tr><td>单列一</td></tr><tr><td>单列二</td></tr></table>"
    )
    doc = read_document(write(tmp_path, "layout.html", page.encode("utf-8")))

    assert doc.text == "导航\n正文开头\n指标\t12期\n单列一\n单列二"


def test_page_with_only_script_is_empty(tmp_path: Path) -> None:
    path = write(tmp_path, "blank.html", b"<html><head><script>alert(1)</script></head><body> </body></html>")

    with pytest.raises(IngestError, match="empty: no text found") as caught:
        read_document(path)
    assert str(path) in str(caught.value)


def test_binary_named_html_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "image.html", b"\x89PNG\r\n\x1a\n" + bytes(300))

    with pytest.raises(IngestError, match="looks binary"):
        read_document(path)


def test_ruby_annotations_and_text_in_hidden_parts_of_a_pre_or_cell(tmp_path: Path) -> None:
    page = (
        "<p>绩<ruby>效<rp>(</rp><rt>xiao</rt><rp>)</rp></ruby>自评</p>"
        "<table><tr><td>指标<span hidden>隐藏</span></td><td><ruby>值<rt>zhi</rt></ruby></td></tr></table>"
        "<pre>第一行<span hidden>仍在</span>\n<!-- 注释 -->第二行  </pre>"
    )
    doc = read_document(write(tmp_path, "ruby.html", page.encode("utf-8")))

    assert doc.text == "绩效自评\n指标\t值\n第一行仍在\n第二行"
    assert doc.tables == (Span(5, 9),)


def test_a_page_nested_deeper_than_python_recursion_outside_tables_is_read(tmp_path: Path) -> None:
    page = "<div>" * 5000 + "指标" + "</div>" * 5000 + "<p>完成</p>"
    doc = read_document(write(tmp_path, "deep.html", page.encode("utf-8")))

    assert doc.text == "指标\n完成"
