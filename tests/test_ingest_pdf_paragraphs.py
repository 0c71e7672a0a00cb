"""PDF reading: the lines of a paragraph the page width broke are one line again, nothing else is.

The pages are typeset here the way a word processor sets a report: Chinese text in
STSong-Light with its figures in Times-Roman (a Latin font boxed a little lower on the same
baseline), paragraphs indented two characters and broken wherever the column ran out — inside
figures too — and headings, numbered items, a ruled table and a row of cells apart by wide gaps.
Figures stand a quarter em from the Chinese around them (a word processor's autospace), which
reads as no space.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from pipeline.core.document import Segment
from pipeline.ingest import read_document
from pipeline.ingest.pdf import _on_baseline
from tests.prose_forms import PROSE_REPORTS, ProseReport
from tests.shared_data import shared_dir

CJK, LATIN, SIZE = "STSong-Light", "Times-Roman", 12
pdfmetrics.registerFont(UnicodeCIDFont(CJK))
LEFT, RIGHT, LEADING = 72.0, 372.0, 20.0  # a 300-point column: 25 Chinese characters
FILES = shared_dir("realworld", "files")


def _font(char: str) -> str:
    return LATIN if char.isascii() else CJK


AUTOSPACE = 3.5  # points a word processor sets between Chinese and a figure (about a quarter em)


def _advances(text: str, size: float = SIZE) -> list[float]:
    """Where each character of `text` starts, from 0, with autospace where the script changes."""
    x, starts = 0.0, []
    for index, char in enumerate(text):
        if index and _font(char) != _font(text[index - 1]):
            x += AUTOSPACE
        starts.append(x)
        x += pdfmetrics.stringWidth(char, _font(char), size)
    return [*starts, x]


def _width(text: str, size: float = SIZE) -> float:
    return _advances(text, size)[-1]


def draw(page: canvas.Canvas, x: float, y: float, text: str, size: float = SIZE) -> None:
    """`text` from `x` on the baseline `y`: ASCII in the Latin font, the rest in the Chinese one,
    a quarter em apart where they meet."""
    for char, start in zip(text, _advances(text, size), strict=False):
        page.setFont(_font(char), size)
        page.drawString(x + start, y, char)


def wrap(text: str, indent: float, size: float = SIZE) -> list[tuple[float, str]]:
    """`text` broken into lines as the column cuts it: (left edge, line), the first indented."""
    lines: list[tuple[float, str]] = []
    x, line = LEFT + indent, ""
    for char in text:
        if x + _width(line + char, size) > RIGHT:
            lines.append((x, line))
            x, line = LEFT, ""
        line += char
    return [*lines, (x, line)]


BUDGET = (
    "本项目2024年初预算安排资金385.60万元，年中调减12.00万元，调整后预算373.60万元。"
    "截至2024年12月31日，实际支出360.10万元，预算执行率96.39%。"
)
RESULT = "1.数量指标：全年完成耕地质量提升面积12000亩，目标值≥10000亩，完成率120%。"
AFTER = "表中指标均已完成，项目区耕地质量平均提高0.5个等级，群众满意度达到95%以上，项目整体绩效良好。"
ROWS = [["一级指标", "二级指标", "指标值", "实际完成值"], ["产出指标", "数量指标", "≥10000亩", "12000亩"]]


def report_pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(595, 842))
    y = 780.0
    draw(page, LEFT + 40, y, "某县耕地保护项目绩效自评报告", 16)  # a title, larger
    blocks: list[tuple[str, float]] = [
        ("一、项目资金情况", 2 * SIZE),
        (BUDGET, 2 * SIZE),
        ("二、绩效目标完成情况", 2 * SIZE),
        (RESULT, 2 * SIZE),
        ("2.质量指标：验收合格率100%。", 2 * SIZE),
    ]
    for text, indent in blocks:
        for x, line in wrap(text, indent):
            y -= LEADING
            draw(page, x, y, line)
    y -= 12
    for r, row in enumerate(ROWS):  # a ruled table, 75 points a column
        for c, value in enumerate(row):
            draw(page, LEFT + 75 * c + 4, y - 24 * r - 16, value)
    for r in range(len(ROWS) + 1):
        page.line(LEFT, y - 24 * r, RIGHT, y - 24 * r)
    for c in range(len(ROWS[0]) + 1):
        page.line(LEFT + 75 * c, y, LEFT + 75 * c, y - 24 * len(ROWS))
    y -= 24 * len(ROWS) + 8
    for x, line in wrap(AFTER, 2 * SIZE):
        y -= LEADING
        draw(page, x, y, line)
    for cells in (("项目名称", "耕地质量提升", "主管部门", "农业农村局"), ("资金来源", "县级财政")):
        y -= LEADING  # a form's rows of label and value cells, apart by wide gaps
        for c, cell in enumerate(cells):
            draw(page, LEFT + 90 * c if c < 3 else RIGHT - _width(cell), y, cell)
    page.showPage()
    page.save()
    return buffer.getvalue()


def test_the_column_cuts_paragraphs_inside_figures(tmp_path: Path) -> None:
    """The page as drawn: every paragraph runs over two or three lines, cut inside a figure."""
    assert [line for _, line in wrap(BUDGET, 2 * SIZE)] == [
        "本项目2024年初预算安排资金385.60万元，年中调",
        "减12.00万元，调整后预算373.60万元。截至2024年1",
        "2月31日，实际支出360.10万元，预算执行率96.39%",
        "。",
    ]


def test_paragraphs_read_as_one_line_each_and_the_rest_keeps_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(report_pdf())

    doc = read_document(path)

    text = "\n".join(
        [
            "某县耕地保护项目绩效自评报告",
            "一、项目资金情况",
            BUDGET,
            "二、绩效目标完成情况",
            RESULT,
            "2.质量指标：验收合格率100%。",
            "一级指标\t二级指标\t指标值\t实际完成值",
            "产出指标\t数量指标\t≥ 10000 亩\t12000 亩",  # pdfplumber's cells keep the autospace
            AFTER,
            "项目名称 耕地质量提升 主管部门 农业农村局",
            "资金来源 县级财政",
        ]
    )
    assert doc.text == text
    assert doc.segments == (Segment(kind="page", name="1", start=0, end=len(text)),)
    start = text.index("一级指标")
    assert [(t.start, t.end) for t in doc.tables] == [(start, text.index(AFTER) - 1)]


def _char(text: str, font: str, top: float, bottom: float, y0: float) -> dict[str, object]:
    """A character as pdfplumber describes it: box edges from the page top, `y0` from its foot,
    and the text matrix whose `f` is the baseline (here 647.38 points up the page)."""
    return {
        "text": text, "fontname": font, "size": 12.0, "upright": True, "top": top,
        "bottom": bottom, "doctop": top, "y0": y0, "matrix": (1, 0, 0, 1, 72.0, 647.38),
    }  # fmt: skip


def test_characters_are_boxed_on_their_baseline() -> None:
    """仿宋 and Times on one baseline, boxed 4.88 points apart by their fonts' descents (as a real
    final accounts' text layer has them): both come out with their foot on the baseline."""
    chinese = _on_baseline(_char("计", "FangSong", 183.05, 195.05, 646.95))
    figure = _on_baseline(_char("2", "Times New Roman", 187.93, 199.93, 642.07))
    assert (round(chinese["top"], 2), round(chinese["bottom"], 2)) == (182.62, 194.62)
    assert (round(figure["top"], 2), round(figure["bottom"], 2)) == (182.62, 194.62)
    rotated = {**_char("计", "FangSong", 183.05, 195.05, 646.95), "matrix": (0, 1, -1, 0, 72.0, 647.38)}
    assert _on_baseline(rotated) is rotated


@pytest.mark.skipif(not FILES.is_dir(), reason="../shared/realworld/files is absent")
@pytest.mark.parametrize("name", sorted(p.name for p in FILES.glob("*.pdf")) if FILES.is_dir() else [])
def test_real_final_accounts_keep_their_figures_in_their_sentences(name: str) -> None:
    """Real 部门决算 set their figures in a Latin font: no line of their text is figures alone
    (a figure moved off its line leaves `年初预算为 万元` and a line `2993.92 2940.05`)."""
    text = read_document(FILES / name).text
    figure_lines = [line for line in text.split("\n") if re.fullmatch(r"[\d.,% ]+", line)]
    assert figure_lines == []


def report_as_pdf(lines: tuple[str, ...]) -> bytes:
    """A report typeset as `report_pdf` sets one: the first line a title in a larger size over the
    column's width, then every line a paragraph indented two characters (headings too, as 公文
    indents them), pages as they fill."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(595, 842))
    y = 800.0
    for x, line in wrap(lines[0], 0, 16):
        y -= 24
        draw(page, x, y, line, 16)
    for paragraph in lines[1:]:
        for x, line in wrap(paragraph, 2 * SIZE):
            if y - LEADING < 72:
                page.showPage()
                y = 780.0
            y -= LEADING
            draw(page, x, y, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


@pytest.mark.parametrize("report", PROSE_REPORTS, ids=[r.key for r in PROSE_REPORTS])
def test_every_prose_report_printed_as_a_pdf_reads_back_its_paragraphs(
    tmp_path: Path, report: ProseReport
) -> None:
    """The prose reports of `tests.prose_forms`, printed: each paragraph (budget sentences and
    result sentences cut by the column) reads as the unit wrote it, one line per paragraph."""
    path = tmp_path / f"{report.key}.pdf"
    path.write_bytes(report_as_pdf(report.lines))

    doc = read_document(path)

    assert doc.text.split("\n") == list(report.lines)
