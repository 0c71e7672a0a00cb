"""Word reading: paragraphs and tables in body order, merged cells repeated, nested tables flattened."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from pipeline.core.document import Span
from pipeline.core.errors import IngestError
from pipeline.ingest import read_document

HEADER = ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值"]
ROWS = [
    HEADER,
    ["产出指标", "数量指标", "培训班次", "≥10个", "12期"],
    ["", "质量指标", "培训合格率", "≥90%", "95%"],
    ["合计", "", "", "100分", "98分"],
]


def indicator_docx() -> bytes:
    """A paragraph, a 4×5 indicator table, a paragraph. 产出指标 spans two rows, 合计 three columns."""
    document = docx.Document()
    document.add_paragraph("一、项目概况")
    table = document.add_table(rows=len(ROWS), cols=len(HEADER))
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(2, 0)).text = "产出指标"
    table.cell(3, 0).merge(table.cell(3, 2)).text = "合计"
    document.add_paragraph("二、结论：完成")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_table_rows_are_tab_separated_lines_between_paragraphs(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "report.docx", indicator_docx()))

    assert (doc.format, doc.encoding, doc.segments) == ("docx", None, ())
    assert doc.text == (
        "一、项目概况\n"
        "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\n"
        "产出指标\t数量指标\t培训班次\t≥10个\t12期\n"
        "产出指标\t质量指标\t培训合格率\t≥90%\t95%\n"
        "合计\t合计\t合计\t100分\t98分\n"
        "二、结论：完成"
    )
    # row 1 starts after "一、项目概况\n" (7) and the header line (24 + 1)
    spans = [(32, 36), (37, 41), (42, 46), (47, 51), (52, 55)]
    assert [doc.text[start:end] for start, end in spans] == ROWS[1]
    # the table, as a span the layout takes as drawn: from its header row to its last row
    assert doc.tables == (Span(7, doc.text.index("\n二、")),)


def test_vertically_merged_cell_repeats_the_text_above(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "report.docx", indicator_docx()))

    second_row = doc.text.split("\n")[3]
    assert second_row.split("\t")[0] == "产出指标"
    assert doc.text[56:60] == "产出指标"


def test_horizontally_merged_cell_repeats_in_each_grid_column(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "report.docx", indicator_docx()))

    start = doc.text.index("合计")
    assert (start, doc.text[start : start + 8]) == (81, "合计\t合计\t合计")


def test_cell_paragraphs_and_nested_table_are_flattened_into_the_cell(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "资金\n明细"  # python-docx turns \n into a line break within one paragraph
    outer = table.cell(0, 1)
    outer.text = "分项"
    outer.add_paragraph("")
    nested = outer.add_table(rows=2, cols=2)
    for r, row in enumerate([["甲", "1"], ["乙", ""]]):
        for c, value in enumerate(row):
            nested.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)

    doc = read_document(write(tmp_path, "nested.docx", buffer.getvalue()))

    assert doc.text == "资金 明细\t分项 甲 1 乙"


def test_content_controls_are_read_and_late_starting_rows_padded(tmp_path: Path) -> None:
    document = docx.Document()
    wrapped = document.add_paragraph("控件内的段落")._p
    sdt, sdt_content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    wrapped.addprevious(sdt)
    sdt.append(sdt_content)
    sdt_content.append(wrapped)
    table = document.add_table(rows=2, cols=3)
    for c, value in enumerate(["三级指标", "指标值", "实际完成值"]):
        table.cell(0, c).text = value
    late_row = table.rows[1]._tr
    late_row.remove(late_row.tc_lst[0])
    late_row.get_or_add_trPr().append(OxmlElement("w:gridBefore", {qn("w:val"): "1"}))
    for tc, value in zip(late_row.tc_lst, ["≥10个", "12期"], strict=True):
        tc.remove(tc.p_lst[0])
        tc.add_p().add_r().text = value
    buffer = io.BytesIO()
    document.save(buffer)

    doc = read_document(write(tmp_path, "sdt.docx", buffer.getvalue()))

    assert doc.text == "控件内的段落\n三级指标\t指标值\t实际完成值\n\t≥10个\t12期"


def test_zero_byte_docx_is_empty(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.docx", b"")

    with pytest.raises(IngestError, match="empty file"):
        read_document(path)


def test_docx_without_text_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    path = write(tmp_path, "blank.docx", buffer.getvalue())

    with pytest.raises(IngestError, match="empty: no text found"):
        read_document(path)


def zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "不是 Word 文档")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 8, indicator_docx()[:3000], zip_without_document()],
    ids=["random-bytes", "truncated-zip", "zip-without-document"],
)
def test_corrupt_docx_is_one_ingest_error(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, "broken.docx", data)

    with pytest.raises(IngestError) as caught:
        read_document(path)
    assert str(caught.value).startswith(f"{path}: corrupt or unreadable docx file (")
    assert "\n" not in str(caught.value)
