"""PDF reading across pages: running heads and feet skipped, a paragraph or a table a page break
cut read as one, a title broken over two centred lines read as one line; nothing else joined.

Pages are set by `tests.pdf_pages.typeset` (a word processor's layout: paragraphs indented two
characters, a running head in small print above the body of every page after the first, the
page number centred below it); a few pages are drawn by hand where a case needs one line placed.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.pdfgen import canvas

from pipeline.core.document import Segment, Span
from pipeline.ingest import read_document
from tests.file_forms import Sheet, sheet_of
from tests.layout_forms import FORMS
from tests.pdf_pages import BODY, LEFT, Furniture, Paragraph, Table, Title, _wrap, title_lines, typeset
from tests.test_ingest_pdf_paragraphs import draw

HEAD = "某县项目支出绩效自评报告"
BUDGET = (
    "本项目年初预算安排资金386.50万元，年中追加资金24.00万元，调整后预算410.50万元，截至年底资金"
    "全部到位，实际支出398.20万元，预算执行率97.00%，结余资金12.30万元已按规定收回财政，"
    "项目资金使用规范，未发现截留挪用情况。资金拨付严格履行审批程序，按工程进度分三批拨付，"
    "第一批拨付160.00万元用于路基施工，第二批拨付150.00万元用于路面硬化，第三批拨付88.20万元用于"
    "附属设施建设和质保金以外的工程尾款结算。"
)
RESULT = "项目共完成农村道路硬化里程12.6公里，目标值≥12公里，完成率105%，工程验收合格率100%。"


def _read(tmp_path: Path, data: bytes) -> tuple[str, tuple[Segment, ...], tuple[Span, ...]]:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    document = read_document(path)
    return document.text, document.segments, document.tables


def test_a_paragraph_runs_on_over_the_page_break_its_foot_and_the_next_head_skipped(tmp_path: Path) -> None:
    """Page 1 holds three lines of the budget paragraph and its foot `- 1 -`; page 2 its running
    head, the paragraph's last line, the next paragraph and `- 2 -`. The pages join with no break
    between them: page 2 starts where page 1 ends."""
    lines = [line for _, line in _wrap(BUDGET, 2 * BODY)]
    assert len(lines) == 4  # the page break falls after the third
    data = typeset((Paragraph(BUDGET), Paragraph(RESULT)), Furniture(HEAD, "dashes"), 3)

    text, segments, tables = _read(tmp_path, data)

    assert text == BUDGET + "\n" + RESULT
    first = len("".join(lines[:3]))
    assert segments == (Segment("page", "1", 0, first), Segment("page", "2", first, len(text)))
    assert tables == ()


def test_a_page_ending_a_sentence_or_a_paragraph_keeps_its_line_break(tmp_path: Path) -> None:
    """The budget paragraph fills page 1 to its last character (`。` at the edge); the next
    paragraph opens page 2 indented: the break between pages stays."""
    lines = [line for _, line in _wrap(BUDGET, 2 * BODY)]
    data = typeset((Paragraph(BUDGET), Paragraph(RESULT)), Furniture(HEAD, "of_total"), len(lines))

    text, segments, _ = _read(tmp_path, data)

    assert text == BUDGET + "\n" + RESULT
    assert segments == (
        Segment("page", "1", 0, len(BUDGET)),
        Segment("page", "2", len(BUDGET) + 1, len(text)),
    )


def test_a_two_line_title_reads_as_one_and_its_subtitle_keeps_its_line(tmp_path: Path) -> None:
    title = "某县交通运输局2023年度农村公路建设项目支出绩效自评报告"
    assert len(title_lines(title)) == 2
    data = typeset((Title(title), Title("（2023年度）"), Paragraph(RESULT)), Furniture(None, None), 20)

    text, _, _ = _read(tmp_path, data)

    assert text == "\n".join((title, "（2023年度）", RESULT))


def _page(page: canvas.Canvas, lines: list[tuple[float, float, str, float]]) -> None:
    for x, y, line, size in lines:
        draw(page, x, y, line, size)
    page.showPage()


def _pages(*pages: list[tuple[float, float, str, float]]) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(842, 595))
    for lines in pages:
        _page(pdf, lines)
    pdf.save()
    return buffer.getvalue()


def test_lines_at_a_page_edge_that_run_no_page_stay(tmp_path: Path) -> None:
    """A bare figure below the body with no numbering on another page, a small line above the
    first page's title, a line printed on both pages inside the body's flow (`单位：万元` right
    above the body): all text a reader reads."""
    first = [
        (LEFT, 560, "附件2", 9),
        (LEFT, 530, "单位：万元", BODY),
        (LEFT, 510, "资金安排情况如下。", BODY),
        (400, 30, "12", 9),
    ]
    second = [(LEFT, 530, "单位：万元", BODY), (LEFT, 510, "支出情况如下。", BODY)]

    text, _, _ = _read(tmp_path, _pages(first, second))

    assert text.split("\n") == [
        "附件2",
        "单位：万元",
        "资金安排情况如下。",
        "12",
        "单位：万元",
        "支出情况如下。",
    ]


def test_running_titles_on_every_page_and_numbers_counted_from_the_cover_are_skipped(tmp_path: Path) -> None:
    """A running title in the body's size on every page, bare page numbers that count the cover
    (page 1 prints `2`): none of them is read."""
    body = ("资金安排情况如下。", "资金支出情况如下。", "绩效目标完成情况如下。")
    pages = [
        [(300, 565, HEAD, BODY), (LEFT, 520, line, BODY), (410, 30, str(n + 2), BODY)]
        for n, line in enumerate(body)
    ]

    text, _, _ = _read(tmp_path, _pages(*pages))

    assert text == "\n".join(body)


def test_a_table_cut_by_a_page_break_is_one_table_its_rows_under_its_header(tmp_path: Path) -> None:
    """The form's rows run on to page 2 without their header printed again: one table, from its
    header on page 1 to its last row on page 2; printed again, the header starts a second table
    (layout joins the two)."""
    form = FORMS[0]
    sheet = sheet_of(form)
    blocks = (Paragraph(RESULT), Table(sheet, repeat_header=False), Paragraph(RESULT))

    text, segments, tables = _read(tmp_path, typeset(blocks, Furniture(HEAD, "dashes"), 8))

    assert len(segments) == 2
    header = "\t".join(cell.replace("\n", "") for cell in sheet.rows[0])
    last = "\t".join(sheet.rows[-1])
    assert tables == (Span(text.index(header), text.index(last) + len(last)),)
    assert text[tables[0].end :] == "\n" + RESULT

    repeated = (Paragraph(RESULT), Table(sheet, repeat_header=True), Paragraph(RESULT))
    text, _, tables = _read(tmp_path, typeset(repeated, Furniture(HEAD, "dashes"), 8))

    second = text.index(header, text.index(header) + 1)
    assert [t.start for t in tables] == [text.index(header), second]


HEADER = ("一级指标", "二级指标", "三级指标", "指标值", "实际值", "偏差原因")
TALL = (
    "产出指标",
    "数量指标",
    "新建集中供水工程",
    "≥12处",
    "13处",
    "部分工程\n因征地协调\n滞后推迟开\n工一个月",
)
SPARSE = ("", "质量指标", "工程运行管护机制", "健全", "健全", "")


def _sheet(*rows: tuple[str, ...]) -> Sheet:
    return Sheet((), (HEADER, *rows), (), (0,), 1)


def test_a_row_the_page_break_cut_reads_as_one_row(tmp_path: Path) -> None:
    """The tall row breaks across the pages: two lines of its reason end page 1, two open page 2
    under the header printed again. One row, its reason whole."""
    blocks = (Paragraph(RESULT), Table(_sheet(TALL, SPARSE), repeat_header=True, cut_row=1))

    text, segments, tables = _read(tmp_path, typeset(blocks, Furniture(HEAD, "dashes"), 30))

    rows = ["\t".join(HEADER), "\t".join(TALL).replace("\n", ""), "\t".join(HEADER), "\t".join(SPARSE)]
    assert text.split("\n") == [RESULT, *rows]
    assert [s.name for s in segments] == ["1", "2"]
    second = text.index(rows[2], len(RESULT) + len(rows[0]))
    assert tables == (Span(len(RESULT) + 1, second - 1), Span(second, len(text)))


def test_a_row_of_its_own_after_the_page_break_is_not_joined_to_the_one_before(tmp_path: Path) -> None:
    """The break falls between two rows; the second fills fewer cells than the first, each in a
    column the first fills as wide as the column goes, none opening like a value — but no cell
    of the first runs over two lines: the second is a row of its own."""
    first = ("产出指标", "数量指标", "新建集中供水工程", "≥12处", "13处", "无")
    blocks = (Paragraph(RESULT), Table(_sheet(first, SPARSE), repeat_header=False))

    text, segments, tables = _read(tmp_path, typeset(blocks, Furniture(HEAD, "dashes"), 3))

    assert len(segments) == 2
    assert text.split("\n") == [RESULT, "\t".join(HEADER), "\t".join(first), "\t".join(SPARSE)]
    assert tables == (Span(len(RESULT) + 1, len(text)),)  # one table: the page break is unseen
