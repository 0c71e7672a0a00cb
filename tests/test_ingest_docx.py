"""Word reading: paragraphs and tables in body order, merged cells repeated, nested tables flattened."""

from __future__ import annotations

import io
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from pipeline.core.document import Span
from pipeline.core.errors import IngestError
from pipeline.ingest import read_document
from pipeline.ingest.common import join_lines, one_line, table_lines

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

    assert doc.text == "资金明细\t分项 甲 1 乙"  # a line break inside Chinese text is a wrap


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


# --- The streaming reader gives exactly what python-docx's full tree gives ---------------------


def python_docx_text(data: bytes) -> tuple[str, tuple[Span, ...]]:
    """The reference: the body read through python-docx's objects (the reader before streaming)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))

    def rows(table: Table) -> Iterator[list[str]]:
        for row in table.rows:
            yield [""] * row.grid_cols_before + [cell_text(cell) for cell in row.cells]

    def cell_text(cell: Any) -> str:
        """Paragraphs joined as wrapped lines (one_line), a nested table's text by spaces."""
        text, after_table = "", False
        for block in cell.iter_inner_content():
            table = not isinstance(block, Paragraph)
            if table:
                piece = " ".join(r for r in (" ".join(t for t in row if t) for row in rows(block)) if r)
            else:
                piece = one_line(block.text)
            if piece:
                joint = " " if table or after_table else "\n"
                text, after_table = (f"{text}{joint}{piece}" if text else piece), table
        return text

    def blocks(container: Any) -> Iterator[tuple[str, bool]]:
        for child in container.iterchildren():
            if child.tag == qn("w:p"):
                yield Paragraph(child, document).text, False
            elif child.tag == qn("w:tbl"):
                yield from ((line, True) for line in table_lines(rows(Table(child, document))))
            elif child.tag == qn("w:sdt"):
                for body in child.iterchildren(qn("w:sdtContent")):
                    yield from blocks(body)

    return join_lines(list(blocks(document.element.body)))


def saved(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def merged_tables_docx() -> bytes:
    """Vertical merges over several rows and two columns, a 2×2 merge (python-docx joins the merged
    cells' paragraphs), two tables back to back, runs with tabs, breaks, a no-break hyphen and a
    hyperlink, a last empty paragraph."""
    document = docx.Document()
    paragraph = document.add_paragraph("一、")
    run = paragraph.add_run("绩效\t目标")
    run.add_break()  # a line break: "\n"
    run.add_text("完成")
    run._r.append(OxmlElement("w:noBreakHyphen"))
    page_break = OxmlElement("w:br", {qn("w:type"): "page"})  # a page break: no text
    run._r.append(page_break)
    link = OxmlElement("w:hyperlink")
    link.append(paragraph.add_run("（链接）")._r)
    paragraph._p.append(link)
    table = document.add_table(rows=6, cols=5)
    for r in range(6):
        for c in range(5):
            table.cell(r, c).text = f"格{r}{c}" if (r + c) % 3 else ""
    table.cell(0, 0).merge(table.cell(3, 1)).text = "四行两列"
    table.cell(1, 3).merge(table.cell(2, 4))
    for c in range(5):
        table.cell(4, c).text = ""  # a row empty but for the top of a merge
    table.cell(4, 2).merge(table.cell(5, 2)).text = "跨两行"
    document.add_table(rows=1, cols=2).cell(0, 1).text = "紧接的表"
    document.add_paragraph("")
    return saved(document)


def wrapped_blocks_docx() -> bytes:
    """Blocks python-docx does not read, which the reader must skip as well: a paragraph in a
    custom-XML wrapper, a row and a cell wrapped in content controls, a text box's paragraph."""
    document = docx.Document()
    document.add_paragraph("正文")
    custom = OxmlElement("w:customXml")
    hidden = document.add_paragraph("包装内的段落")._p
    hidden.addprevious(custom)
    custom.append(hidden)
    table = document.add_table(rows=3, cols=2)
    for r in range(3):
        for c in range(2):
            table.cell(r, c).text = f"行{r}列{c}"
    row = table.rows[2]._tr
    sdt, sdt_content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    row.addprevious(sdt)
    sdt.append(sdt_content)
    sdt_content.append(row)
    cell = table.rows[1]._tr.tc_lst[1]
    cell_sdt, cell_content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    cell.addprevious(cell_sdt)
    cell_sdt.append(cell_content)
    cell_content.append(cell)
    box = document.add_paragraph("框外")
    box_run = box.add_run()._r
    content = OxmlElement("w:txbxContent")
    content.append(document.add_paragraph("框内")._p)
    box_run.append(content)
    return saved(document)


def continuation_on_top_docx() -> bytes:
    """A vertical continuation in a table's first row: python-docx refuses the document."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "上"
    table.cell(0, 0)._tc.get_or_add_tcPr().append(OxmlElement("w:vMerge"))
    return saved(document)


def bench_docx() -> bytes:
    """The memory bench's docx: prose and indicator tables made from the eval reports."""
    from bench.memory_files import build_docx, mixed_text

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.docx"
        build_docx(mixed_text(0.05), path)
        return path.read_bytes()


def convert_test_form() -> bytes:
    from tests.test_ingest_convert import project_form

    return project_form()


def libreoffice_docx(tmp_path: Path) -> bytes:
    """The indicator docx written again by LibreOffice (another generator's XML)."""
    from pipeline.ingest.convert import find_soffice

    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice not installed (apt-get install libreoffice-writer-nogui)")
    source = write(tmp_path, "source.docx", merged_tables_docx())
    out = tmp_path / "out"
    profile = (tmp_path / "profile").as_uri()
    command = [soffice, "--headless", f"-env:UserInstallation={profile}", "--convert-to", "docx"]
    subprocess.run(
        [*command, "--outdir", str(out), str(source)], check=True, capture_output=True, timeout=180
    )
    return (out / "source.docx").read_bytes()


STREAMED = {
    "indicator": indicator_docx,
    "merged-tables": merged_tables_docx,
    "wrapped-blocks": wrapped_blocks_docx,
    "bench": bench_docx,
    "convert-form": convert_test_form,
}


@pytest.mark.parametrize("build", STREAMED.values(), ids=STREAMED.keys())
def test_streamed_text_and_tables_equal_python_docx(tmp_path: Path, build: Callable[[], bytes]) -> None:
    data = build()

    doc = read_document(write(tmp_path, "report.docx", data))

    assert (doc.text, doc.tables) == python_docx_text(data)


@pytest.mark.slow
def test_streamed_text_of_a_libreoffice_docx_equals_python_docx(tmp_path: Path) -> None:
    data = libreoffice_docx(tmp_path)

    doc = read_document(write(tmp_path, "report.docx", data))

    assert (doc.text, doc.tables) == python_docx_text(data)


def test_merged_cells_and_run_characters_as_python_docx_shows_them(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "report.docx", merged_tables_docx()))

    assert doc.text.split("\n") == [
        "一、绩效\t目标",
        "完成-（链接）",
        "四行两列\t四行两列\t格02\t\t格04",
        "四行两列\t四行两列\t\t格13格14格23\t格13格14格23",
        "四行两列\t四行两列\t格22\t格13格14格23\t格13格14格23",
        "四行两列\t四行两列\t格32\t\t格34",
        "\t\t跨两行\t\t",
        "格50\t\t跨两行\t格53\t",
        "\t紧接的表",
        "",
    ]


def test_blocks_python_docx_skips_are_skipped(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "report.docx", wrapped_blocks_docx()))

    assert doc.text == "正文\n行0列0\t行0列1\n行1列0\n框外"


def test_continuation_in_a_first_row_is_refused_as_python_docx_refuses_it(tmp_path: Path) -> None:
    path = write(tmp_path, "report.docx", continuation_on_top_docx())

    with pytest.raises(IngestError, match=r"corrupt or unreadable docx file \(ValueError: no tr above"):
        read_document(path)
    with pytest.raises(ValueError, match="no tr above"):
        python_docx_text(continuation_on_top_docx())


def test_an_external_entity_is_not_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容", encoding="utf-8")
    source = zipfile.ZipFile(io.BytesIO(indicator_docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/document.xml":
                declaration = f'<!DOCTYPE w:document [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>'
                content = content.replace(b"?>", b"?>" + declaration.encode(), 1)
                content = content.replace("一、项目概况".encode(), "一、项目概况&leak;".encode())
            target.writestr(item, content)

    doc = read_document(write(tmp_path, "report.docx", buffer.getvalue()))

    assert doc.text.startswith("一、项目概况\n") and "机密" not in doc.text


def test_a_frame_round_the_report_is_layout_its_table_rows_stay_rows(tmp_path: Path) -> None:
    """A one-cell table holding the report (a template's border box): its paragraphs are lines,
    its nested table's rows table rows with merged cells repeated."""
    document = docx.Document()
    frame = document.add_table(rows=1, cols=1).cell(0, 0)
    frame.text = "某镇便民服务项目绩效自评表"
    inner = frame.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [HEADER[:3], ["产出指标", "数量指标", "代办事项件数"], ["", "时效指标", "办结及时率"]]
    ):
        for c, value in enumerate(row):
            inner.cell(r, c).text = value
    inner.cell(1, 0).merge(inner.cell(2, 0)).text = "产出指标"
    frame.add_paragraph("填报人：某某")

    doc = read_document(write(tmp_path, "framed.docx", saved(document)))

    rows = "一级指标\t二级指标\t三级指标\n产出指标\t数量指标\t代办事项件数\n产出指标\t时效指标\t办结及时率"
    assert (
        doc.text == "某镇便民服务项目绩效自评表\n" + rows + "\n\n填报人：某某"
    )  # Word ends a cell in a paragraph
    start = len("某镇便民服务项目绩效自评表\n")
    assert doc.tables == (Span(start, start + len(rows)),)
