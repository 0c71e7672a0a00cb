"""PDF reading: text per page, ruled tables as rows without duplicated words, the OCR and corrupt refusals.

The PDFs are drawn with reportlab using the built-in CID font STSong-Light; pdfplumber maps its
glyphs back to Unicode, so the Chinese text round-trips exactly.
"""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from pipeline.core.document import Segment
from pipeline.core.errors import IngestError
from pipeline.ingest import pdf as pdf_reader
from pipeline.ingest import read_document

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

ROWS = [
    ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值"],
    ["产出指标", "数量指标", "培训班次", "≥10个", "12期"],
]
CELL_WIDTH, CELL_HEIGHT = 90, 24


def draw_table(page: canvas.Canvas, left: float, top: float) -> None:
    """The rows as text in a grid of drawn lines, so pdfplumber's line-based finder sees a table."""
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            page.drawString(left + c * CELL_WIDTH + 4, top - r * CELL_HEIGHT - 16, value)
    for r in range(len(ROWS) + 1):
        page.line(left, top - r * CELL_HEIGHT, left + len(ROWS[0]) * CELL_WIDTH, top - r * CELL_HEIGHT)
    for c in range(len(ROWS[0]) + 1):
        x = left + c * CELL_WIDTH
        page.line(x, top, x, top - len(ROWS) * CELL_HEIGHT)


def two_page_pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(595, 842))
    page.setFont(FONT, 12)
    page.drawString(72, 780, "一、项目概况：培训班次≥10个")
    draw_table(page, 72, 700)
    page.drawString(72, 600, "表后文字 2024年")
    page.showPage()
    page.setFont(FONT, 12)
    page.drawString(72, 780, "第二页 满意度≥90%")
    page.showPage()
    page.save()
    return buffer.getvalue()


def rectangle_only_pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(595, 842))
    page.rect(72, 500, 300, 200, fill=1)
    page.showPage()
    page.save()
    return buffer.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_pages_are_segments_and_table_rows_sit_between_text_bands(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "report.pdf", two_page_pdf()))

    page_one = (
        "一、项目概况：培训班次≥10个\n"
        "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\n"
        "产出指标\t数量指标\t培训班次\t≥10个\t12期\n"
        "表后文字 2024年"
    )
    assert doc.text == page_one + "\n" + "第二页 满意度≥90%"
    assert (doc.format, doc.encoding) == ("pdf", None)
    assert doc.segments == (
        Segment(kind="page", name="1", start=0, end=75),
        Segment(kind="page", name="2", start=76, end=87),
    )
    assert doc.text[0:75] == page_one
    assert doc.text[76:87] == "第二页 满意度≥90%"


def test_table_cells_have_exact_offsets_and_are_not_duplicated(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "report.pdf", two_page_pdf()))

    # the data row follows the 16-character heading line and the 24-character header row
    spans = [(41, 45), (46, 50), (51, 55), (56, 60), (61, 64)]
    assert [doc.text[start:end] for start, end in spans] == ROWS[1]
    assert doc.text.count("一级指标") == 1
    assert doc.text.count("12期") == 1


def test_a_one_column_box_is_text_not_a_table(tmp_path: Path) -> None:
    """A framed title over a framed paragraph: pdfplumber finds a 1-column table, read as plain lines."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(595, 842))
    page.setFont(FONT, 12)
    page.rect(60, 700, 400, 100)
    page.line(60, 755, 460, 755)
    page.drawString(72, 770, "项目概况：培训班次12期")
    page.drawString(72, 740, "预算执行率100%")
    page.drawString(72, 720, "第三行")
    page.showPage()
    page.save()

    doc = read_document(write(tmp_path, "framed.pdf", buffer.getvalue()))

    assert doc.text == "项目概况：培训班次12期\n预算执行率100%\n第三行"
    assert doc.segments == (Segment(kind="page", name="1", start=0, end=26),)


def test_pdf_without_text_layer_needs_ocr(tmp_path: Path) -> None:
    path = write(tmp_path, "scan.pdf", rectangle_only_pdf())

    with pytest.raises(IngestError) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: no text layer; needs OCR"


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4\n" + bytes(range(256)) * 4, b"this is not a pdf at all, just words"],
    ids=["garbage-after-header", "not-a-pdf"],
)
def test_corrupt_pdf_is_one_ingest_error(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, "broken.pdf", data)

    with pytest.raises(IngestError) as caught:
        read_document(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert "\n" not in str(caught.value)


def test_truncated_pdf_is_refused(tmp_path: Path) -> None:
    data = two_page_pdf()
    path = write(tmp_path, "cut.pdf", data[: len(data) // 3])

    with pytest.raises(IngestError) as caught:
        read_document(path)
    assert str(caught.value).startswith(f"{path}: ")


def wrapped_cells_pdf() -> bytes:
    """A ruled two-row table whose cells wrap: a name over two lines, a target's unit on the
    next line, a Latin standard name and its number on two lines."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(595, 842))
    page.setFont(FONT, 10)
    cells = [["三级指标", "指标值", "标准"], ["乡村道路硬化\n里程", "≥2.5\n公里", "ISO\n9001"]]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            for i, line in enumerate(text.split("\n")):
                page.drawString(76 + c * 90, 780 - r * 40 - 14 - i * 12, line)
    for r in range(3):
        page.line(72, 790 - r * 40, 342, 790 - r * 40)
    for c in range(4):
        page.line(72 + c * 90, 790, 72 + c * 90, 710)
    page.showPage()
    page.save()
    return buffer.getvalue()


def test_a_cells_wrapped_lines_join_without_a_space_inside_chinese_text(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "wrapped.pdf", wrapped_cells_pdf()))
    assert doc.text == "三级指标\t指标值\t标准\n乡村道路硬化里程\t≥2.5公里\tISO 9001"


def test_a_read_page_lets_go_of_its_decoded_content_stream() -> None:
    with pdfplumber.open(io.BytesIO(two_page_pdf())) as pdf:
        first, second = pdf.pages
        assert first.chars
        stream = first.page_obj.attrs["Contents"]  # reportlab names one stream by reference
        assert stream.objid in pdf.doc._cached_objs

        pdf_reader._forget_contents(pdf.doc, first.page_obj)

        assert stream.objid not in pdf.doc._cached_objs
        assert first.page_obj.contents == []
        assert "".join(char["text"] for char in second.chars) == "第二页 满意度≥90%"


def test_letting_go_of_the_content_streams_changes_no_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "report.pdf", two_page_pdf())
    read = read_document(path)

    monkeypatch.setattr(pdf_reader, "_forget_contents", lambda document, page: None)
    kept = read_document(path)

    assert (read.text, read.segments, read.tables) == (kept.text, kept.segments, kept.tables)
