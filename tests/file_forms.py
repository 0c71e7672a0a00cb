"""The forms of `layout_forms` written as real files: workbooks, Word documents, PDF prints, web pages.

A `Sheet` is one form laid out as the grid a person sees: the title lines above it, its rows (every
row as wide as the grid, a cell a merged range covers written as `""`), the merged ranges, the
header rows and the row a page break cuts the body at. `sheet_of` builds it in two real shapes:

- the bare form: a header row (its long header cells broken over two lines, as a narrow column
  wraps them), then the body, each level cell merged down over the rows below it that leave it
  empty;
- the official 自评表 (`official=True`): 项目名称 and 主管部门/实施单位 rows, the 项目资金 block
  (年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分 by fund source, its label merged down the
  block), a 绩效指标 cell merged down the whole indicator block in front of it, and a 总分 row.

Each `write_*` function turns a sheet into the bytes of one kind of file as real exports shape it
(`SHAPES`). `reference_text` is the same sheet as a Word table saved as text (`render_tabs`): what
a file reader's text is compared with (`test_rules_file_invariance`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from html import escape

import docx
import openpyxl
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from tests.layout_forms import Form, Row

Merge = tuple[int, int, int, int]
"""A merged range: top row, left column, bottom row, right column (0-based, inclusive)."""

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

# The official form's project block: the same figures for every form, so a shape that loses them shows.
PROJECT = ("某县示范项目", "某县主管局", "某县项目实施中心")
FUND_HEADER = ("", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
FUNDS: tuple[Row, ...] = (
    ("年度资金总额", "500", "520", "498.6", "10", "95.88%", "9.59"),
    ("其中：当年财政拨款", "500", "520", "498.6", "—", "95.88%", "—"),
    ("上年结转资金", "0", "0", "0", "—", "—", "—"),
    ("其他资金", "0", "0", "0", "—", "—", "—"),
)
FUND_WEIGHT, FUND_SCORE = 10.0, 9.59


@dataclass(frozen=True)
class Sheet:
    title: tuple[str, ...]
    rows: tuple[Row, ...]
    merges: tuple[Merge, ...]
    header: tuple[int, ...]  # the indicator header rows (a continued table repeats them)
    split: int  # the first row after the page break

    @property
    def width(self) -> int:
        return len(self.rows[0])

    def covered(self, r: int, c: int) -> bool:
        """Whether (r, c) is a cell of a merged range other than its top-left one."""
        return any(
            t <= r <= b and left <= c <= right and (r, c) != (t, left) for t, left, b, right in self.merges
        )

    def merge_at(self, r: int, c: int) -> Merge:
        """The merged range whose top-left cell is (r, c), or the cell itself."""
        return next((m for m in self.merges if m[:2] == (r, c)), (r, c, r, c))


def _wrapped(header: str) -> str:
    """A long header cell as a narrow column wraps it (`偏差原因分析\\n及改进措施`)."""
    return header[:6] + "\n" + header[6:] if len(header) > 8 else header


def _level_merges(form: Form, top: int, left: int) -> list[Merge]:
    """Each level cell merged down over the rows below it that leave it empty."""
    merges = []
    for c in range(form._levels - 1):
        start = 0
        for r in range(1, len(form.rows) + 1):
            if r == len(form.rows) or form.rows[r][c]:
                if r - 1 > start:
                    merges.append((top + start, left + c, top + r - 1, left + c))
                start = r
    return merges


def _break(form: Form) -> int:
    """The body row a page break falls before: the first from the middle on whose 一级 cell is
    merged with the one above (the break cuts a merged level cell in two), else the middle one."""
    middle = len(form.rows) // 2
    return next((r for r in range(middle, len(form.rows)) if not form.rows[r][0]), middle)


class _Builder:
    """Rows added one by one to a sheet of fixed width, each with its merged ranges (row 0 = it)."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.rows: list[Row] = []
        self.merges: list[Merge] = []

    def add(self, cells: Row, spans: tuple[Merge, ...] = ()) -> int:
        """Add a row, its last cell merged over the columns it leaves (a form's last column spans
        the rest of the sheet); return its index."""
        r, extra = len(self.rows), self.width - len(cells)
        tail = ((0, len(cells) - 1, 0, self.width - 1),) if extra > 0 else ()
        self.rows.append((*cells, *[""] * extra))
        self.merges.extend((r + t, left, r + b, right) for t, left, b, right in (*spans, *tail))
        return r


def sheet_of(form: Form, *, official: bool = False) -> Sheet:
    """The form as a sheet: bare, or inside the official 自评表 (module docstring)."""
    header = tuple(_wrapped(h) for h in form.header)
    if not official:
        merges = _level_merges(form, 1, 0)
        return Sheet(form.title, (header, *form.rows), tuple(merges), (0,), 1 + _break(form))
    sheet = _Builder(max(len(form.header) + 1, len(FUND_HEADER) + 1))
    name, department, unit = PROJECT
    sheet.add(("项目名称", name))
    half = sheet.width // 2
    sheet.add(("主管部门", department, *[""] * (half - 2), "实施单位", unit), ((0, 1, 0, half - 1),))
    funds = sheet.add(("项目资金（万元）", *FUND_HEADER))
    for fund in FUNDS:
        sheet.add(("", *fund))
    sheet.merges.append((funds, 0, funds + len(FUNDS), 0))
    top = sheet.add(("绩效指标", *header))
    for row in form.rows:
        sheet.add(("", *row))
    sheet.merges.append((top, 0, top + len(form.rows), 0))
    sheet.merges.extend(_level_merges(form, top + 1, 1))
    if any(h.endswith("得分") for h in form.header):
        weights = sum(x.weight or 0 for x in form.expected) + FUND_WEIGHT
        scores = sum(x.score or 0 for x in form.expected) + FUND_SCORE
        weight_column = 1 + next(c for c, h in enumerate(form.header) if h in ("分值", "权重"))
        cells = ("总分", *[""] * (weight_column - 1), f"{weights:g}", f"{scores:g}")
        sheet.add(cells, ((0, 0, 0, weight_column - 1),))
    return Sheet(form.title, tuple(sheet.rows), tuple(sheet.merges), (top,), top + 1 + _break(form))


def reference_text(sheet: Sheet) -> str:
    """The sheet as a Word table saved as text: title lines, then a row per line, cells between
    tabs, a cell a merged range covers empty, a cell's own line break a space."""
    rows = ["\t".join(cell.replace("\n", " ") for cell in row) for row in sheet.rows]
    return "\n".join((*sheet.title, *rows)) + "\n"


# --- workbooks ------------------------------------------------------------------------------


def _as_text(cell: object) -> object:
    """`cell` kept as the text it holds: a system's export writes a target `=100%` as text, where
    openpyxl would take a value opening with `=` for a formula (and a reader would see none)."""
    if isinstance(cell.value, str) and cell.value.startswith("="):  # type: ignore[attr-defined]
        cell.data_type = "s"  # type: ignore[attr-defined]
    return cell


def _write_sheet(ws: object, sheet: Sheet) -> None:
    """The sheet on a worksheet: title rows merged across, then the grid with its merged ranges."""
    cells, merge = ws.cell, ws.merge_cells  # type: ignore[attr-defined]
    for r, line in enumerate(sheet.title, start=1):
        cells(r, 1, line)
        merge(start_row=r, start_column=1, end_row=r, end_column=sheet.width)
    top = len(sheet.title) + 1
    for r, row in enumerate(sheet.rows):
        for c, value in enumerate(row):
            if value:
                _as_text(cells(top + r, c + 1, value))
    for t, left, b, right in sheet.merges:
        merge(start_row=top + t, start_column=left + 1, end_row=top + b, end_column=right + 1)


def _two_line_header(form: Form) -> Sheet:
    """The bare form with its header on two rows: 绩效指标 over the level columns on the first,
    their names on the second, every other header cell merged down over both."""
    sheet = sheet_of(form)
    levels = form._levels
    first = ("绩效指标", *[""] * (levels - 1), *sheet.rows[0][levels:])
    second = (*sheet.rows[0][:levels], *[""] * (len(form.header) - levels))
    moved = [(t + 1, left, b + 1, right) for t, left, b, right in sheet.merges]
    merges = [(0, 0, 0, levels - 1), *[(0, c, 1, c) for c in range(levels, len(form.header))], *moved]
    rows = (first, second, *sheet.rows[1:])
    return Sheet(sheet.title, rows, tuple(merges), (0, 1), sheet.split + 1)


def _workbook_bytes(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_xlsx_merged(form: Form) -> bytes:
    """One sheet: the title merged across, the header, the body with merged level cells."""
    workbook = openpyxl.Workbook()
    _write_sheet(workbook.active, sheet_of(form))
    return _workbook_bytes(workbook)


def write_xlsx_two_line_header(form: Form) -> bytes:
    """One sheet whose header takes two rows (`_two_line_header`)."""
    workbook = openpyxl.Workbook()
    _write_sheet(workbook.active, _two_line_header(form))
    return _workbook_bytes(workbook)


def write_xlsx_wrapped(form: Form) -> bytes:
    """One sheet whose long cells were broken by hand (Alt+Enter) to fit narrow columns."""
    workbook = openpyxl.Workbook()
    _write_sheet(workbook.active, _wrapped_body(sheet_of(form), 6))
    return _workbook_bytes(workbook)


def write_xlsx_official(form: Form) -> bytes:
    """An export of the official form among other sheets: a 填报说明 sheet of instructions, the
    form's empty template (its labels, no values), then the filled form."""
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "填报说明"
    notes["A1"] = "填报说明"
    notes["A2"] = "1.年度指标值按批复的绩效目标填写。"
    notes["A3"] = "2.偏差原因分析须说明未完成原因及改进措施。"
    sheet = sheet_of(form, official=True)
    template = workbook.create_sheet("空白表")
    empty = tuple(
        tuple(cell if r in sheet.header or c == 0 else "" for c, cell in enumerate(row))
        for r, row in enumerate(sheet.rows[: sheet.header[-1] + 1])
    )
    _write_sheet(template, Sheet(sheet.title, empty, (), sheet.header, 0))
    filled = workbook.create_sheet("自评表")
    _write_sheet(filled, sheet)
    return _workbook_bytes(workbook)


_NUMBER = re.compile(r"\d+(?:\.(?P<decimals>\d+))?(?P<percent>%)?")


def _typed(value: str) -> tuple[float | str, str]:
    """A cell as a workbook stores it: a plain number as a number, a percentage as a fraction
    under a percent format with its decimals (`93.6%` → 0.936, `0.0%`), text as text."""
    m = _NUMBER.fullmatch(value)
    if m is None:
        return value, "General"
    decimals = len(m.group("decimals") or "")
    if m.group("percent"):
        return float(value[:-1]) / 100, "0" + ("." + "0" * decimals if decimals else "") + "%"
    return (float(value) if decimals else int(value)), "General"


def write_xlsx_typed(form: Form) -> bytes:
    """A hand-made workbook: the form from cell B2 (a margin row and column left blank), every
    figure typed as a number, percentages as fractions under a percent format."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    sheet = sheet_of(form)
    for r, line in enumerate(sheet.title, start=2):
        ws.cell(r, 2, line)
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=sheet.width + 1)
    top = len(sheet.title) + 2
    for r, row in enumerate(sheet.rows):
        for c, text in enumerate(row):
            if text:
                value, number_format = _typed(text)
                cell = _as_text(ws.cell(top + r, c + 2, value))
                cell.number_format = number_format  # type: ignore[attr-defined]
    for t, left, b, right in sheet.merges:
        ws.merge_cells(start_row=top + t, start_column=left + 2, end_row=top + b, end_column=right + 2)
    return _workbook_bytes(workbook)


# --- Word -----------------------------------------------------------------------------------

INTRO = ("一、项目基本情况", "本项目按年度绩效目标组织实施，现将自评情况报告如下。")
OUTRO = ("二、存在的问题及改进措施", "个别指标未达预期，已在下年度整改。")


def _docx_table(document: object, sheet: Sheet, rows: range) -> None:
    """Rows `rows` of the sheet as one Word table, merged ranges as vMerge/gridSpan (a range
    running past the last row cut there)."""
    table = document.add_table(rows=len(rows), cols=sheet.width)  # type: ignore[attr-defined]
    for i, r in enumerate(rows):
        for c in range(sheet.width):
            if sheet.covered(r, c):
                continue
            t, left, b, right = sheet.merge_at(r, c)
            cell = table.cell(i, c)
            _set_text(cell, sheet.rows[r][c])
            if right > left or b > t:
                cell.merge(table.cell(i + min(b, rows[-1]) - r, right))


def _set_text(cell: object, text: str) -> None:
    """A cell's text, a line break in it as a paragraph of its own (how Word keeps Enter)."""
    first, *rest = text.split("\n")
    cell.text = first  # type: ignore[attr-defined]
    for line in rest:
        cell.add_paragraph(line)  # type: ignore[attr-defined]


def _docx_bytes(document: object) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def _docx_report(form: Form, tables: Callable[[object], None]) -> bytes:
    """A report: the title lines and heading paragraphs, what `tables` adds, closing text."""
    document = docx.Document()
    for line in (*form.title, *INTRO):
        document.add_paragraph(line)
    tables(document)
    for line in OUTRO:
        document.add_paragraph(line)
    return _docx_bytes(document)


def write_docx_table(form: Form) -> bytes:
    """A report with the form as one Word table between its paragraphs."""
    sheet = sheet_of(form)
    return _docx_report(form, lambda document: _docx_table(document, sheet, range(len(sheet.rows))))


def write_docx_two_line_header(form: Form) -> bytes:
    """A report with the form as one Word table whose header takes two rows (`_two_line_header`)."""
    sheet = _two_line_header(form)
    return _docx_report(form, lambda document: _docx_table(document, sheet, range(len(sheet.rows))))


def write_docx_split(form: Form) -> bytes:
    """The official form cut in two tables at a page break (a PDF converted back to Word): the
    second repeats the header rows, and a level cell the break cut through starts blank there."""
    sheet = sheet_of(form, official=True)

    def tables(document: object) -> None:
        _docx_table(document, sheet, range(sheet.split))
        page_break = document.add_paragraph().add_run()  # type: ignore[attr-defined]
        page_break._r.append(OxmlElement("w:br", {qn("w:type"): "page"}))
        second = continued(sheet)
        _docx_table(document, second, range(len(second.rows)))

    return _docx_report(form, tables)


def write_docx_framed(form: Form) -> bytes:
    """A report laid out inside a one-cell frame table (a Word template's border box), the
    form a table nested in that cell, the title and text as the cell's paragraphs."""
    document = docx.Document()
    frame = document.add_table(rows=1, cols=1).cell(0, 0)
    frame.text = form.title[0]
    for line in (*form.title[1:], *INTRO):
        frame.add_paragraph(line)
    sheet = sheet_of(form)
    nested = frame.add_table(rows=len(sheet.rows), cols=sheet.width)
    for r, row in enumerate(sheet.rows):
        for c, text in enumerate(row):
            if not sheet.covered(r, c):
                _set_text(nested.cell(r, c), text)
    for t, left, b, right in sheet.merges:
        nested.cell(t, left).merge(nested.cell(b, right))
    for line in OUTRO:
        frame.add_paragraph(line)
    return _docx_bytes(document)


def continued(sheet: Sheet) -> Sheet:
    """The rows after the page break as the next page prints them: the header rows again, then
    the rows from `split` on, a merged range the break cut through starting (blank) at the break."""
    header = [sheet.rows[r] for r in sheet.header]
    shift = len(header) - sheet.split
    own = [m for m in sheet.merges if m[0] in sheet.header and m[2] in sheet.header]
    moved = [
        (max(t, sheet.split) + shift, left, b + shift, right)
        for t, left, b, right in sheet.merges
        if b >= sheet.split
    ]
    heads = [(sheet.header.index(t), left, sheet.header.index(b), right) for t, left, b, right in own]
    rows = (*header, *sheet.rows[sheet.split :])
    return Sheet(sheet.title, rows, (*heads, *moved), tuple(range(len(header))), 0)


# --- PDF --------------------------------------------------------------------------------------

SIZE, PAD, HEIGHT = 8, 4, 18


def _widths(sheet: Sheet) -> list[float]:
    widths: list[float] = []
    for c in range(sheet.width):
        longest = max(
            (
                max(len(line) for line in row[c].split("\n"))
                for r, row in enumerate(sheet.rows)
                if row[c] and sheet.merge_at(r, c)[3] == c
            ),
            default=2,
        )
        widths.append(longest * SIZE + 2 * PAD)
    return widths


def _height(sheet: Sheet, r: int) -> float:
    """A row's height: room for the most lines one of its own (unmerged-down) cells holds."""
    own = [sheet.rows[r][c] for c in range(sheet.width) if sheet.rows[r][c] and sheet.merge_at(r, c)[2] == r]
    lines = max((len(text.split("\n")) for text in own), default=1)
    return max(HEIGHT, lines * SIZE * 1.1 + 6)


def _wrapped_body(sheet: Sheet, cap: int) -> Sheet:
    """The sheet with every body cell longer than `cap` characters wrapped onto lines of `cap`
    (a narrow column of a printed form)."""
    heads = set(sheet.header)

    def wrap(text: str) -> str:
        return "\n".join(text[i : i + cap] for i in range(0, len(text), cap)) if len(text) > cap else text

    rows = tuple(row if r in heads else tuple(wrap(c) for c in row) for r, row in enumerate(sheet.rows))
    return replace(sheet, rows=rows)


def _draw_rows(page: canvas.Canvas, sheet: Sheet, rows: range, top: float) -> float:
    """Rows `rows` of the sheet as a ruled table from `top` down: each cell (a merged range as
    one, cut at the last row) boxed, its text at its middle, so pdfplumber finds the table and
    gives the cells a range covers as None. Returns the table's bottom."""
    widths = _widths(sheet)
    lefts = [40 + sum(widths[:c]) for c in range(sheet.width + 1)]
    y = {rows[0]: top}
    for r in rows:
        y[r + 1] = y[r] - _height(sheet, r)
    for r in rows:
        for c in range(sheet.width):
            if sheet.covered(r, c):
                continue
            _, left, b, right = sheet.merge_at(r, c)
            x0, x1, y0, y1 = lefts[left], lefts[right + 1], y[r], y[min(b, rows[-1]) + 1]
            page.rect(x0, y1, x1 - x0, y0 - y1)
            lines = sheet.rows[r][c].split("\n") if sheet.rows[r][c] else []
            middle = (y0 + y1) / 2 + (len(lines) - 1) * SIZE * 0.55
            for i, line in enumerate(lines):
                page.drawString(x0 + PAD, middle - SIZE / 2 + 1 - i * SIZE * 1.1, line)
    return y[rows[-1] + 1]


def _title_and_rows(page: canvas.Canvas, form: Form, sheet: Sheet, rows: range) -> float:
    """The title lines at the top of a page, then `rows` of the sheet as a ruled table."""
    page.setFont(FONT, SIZE)
    y = 560.0
    for line in form.title:
        page.drawString(300, y, line)
        y -= 16
    return _draw_rows(page, sheet, rows, y - 8)


def write_pdf_ruled(form: Form, sheet: Sheet | None = None) -> bytes:
    """One page: the title above, the form as a ruled table with merged level cells, text below."""
    sheet = sheet or sheet_of(form)
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(842, 595))
    bottom = _title_and_rows(page, form, sheet, range(len(sheet.rows)))
    page.drawString(40, bottom - 24, "填报人：张某某  联系电话：0000-1234567")
    page.showPage()
    page.save()
    return buffer.getvalue()


def write_pdf_two_line_header(form: Form) -> bytes:
    """`write_pdf_ruled` with the header ruled over two rows (`_two_line_header`)."""
    return write_pdf_ruled(form, _two_line_header(form))


def write_pdf_wrapped(form: Form) -> bytes:
    """`write_pdf_ruled` with narrow columns: a cell longer than six characters (a long name, a
    level word, a reason) wraps onto two or three lines inside its box."""
    return write_pdf_ruled(form, _wrapped_body(sheet_of(form), 6))


def _over_two_pages(form: Form, sheet: Sheet, footers: tuple[str, str], repeat: bool) -> bytes:
    """The sheet printed over two pages, cut at its `split` row, each page's footer below it;
    page 2 repeats the header rows (`repeat`) or opens with the running title instead."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(842, 595))
    _title_and_rows(page, form, sheet, range(sheet.split))
    page.drawString(400, 30, footers[0])
    page.showPage()
    page.setFont(FONT, SIZE)
    rest = continued(sheet)
    if not repeat:
        page.drawString(40, 570, form.title[0])
    _draw_rows(page, rest, range(0 if repeat else len(sheet.header), len(rest.rows)), 550.0)
    page.drawString(400, 30, footers[1])
    page.showPage()
    page.save()
    return buffer.getvalue()


def write_pdf_two_pages(form: Form) -> bytes:
    """The official form printed over two pages: the title and the first rows on page 1 with its
    page number below, page 2 repeating the header rows before the rest."""
    return _over_two_pages(form, sheet_of(form, official=True), ("第 1 页 共 2 页", "第 2 页 共 2 页"), True)


def write_pdf_no_repeat(form: Form) -> bytes:
    """The bare form printed over two pages without repeating its header: page 2 opens with
    the running title, then the rest of the rows, a level cell the break cut starting blank."""
    return _over_two_pages(form, sheet_of(form), ("- 1 -", "- 2 -"), False)


# --- web pages --------------------------------------------------------------------------------

CHROME_TOP = (
    "<table width='100%'><tr><td><a href='/'>首页</a></td><td><a href='/zwgk/'>政务公开</a></td>"
    "<td><a href='/czyjs/'>财政预决算</a></td></tr></table>"
    "<div class='crumb'>当前位置：首页&nbsp;&gt;&nbsp;政务公开&nbsp;&gt;&nbsp;绩效信息</div>"
)
CHROME_BOTTOM = (
    "<div class='share'>【打印本页】&nbsp;&nbsp;【关闭窗口】</div>"
    "<div class='foot'>主办单位：某县人民政府办公室&nbsp;&nbsp;网站标识码：0000000000</div>"
)


def _html_cell(sheet: Sheet, r: int, c: int) -> str:
    t, left, b, right = sheet.merge_at(r, c)
    spans = (f" rowspan='{b - t + 1}'" if b > t else "") + (
        f" colspan='{right - left + 1}'" if right > left else ""
    )
    lines = sheet.rows[r][c].split("\n")
    inner = "".join(f"<p>{escape(line)}</p>" for line in lines if line) or "&nbsp;"
    return f"<td{spans}>{inner}</td>"


def write_html_page(form: Form) -> bytes:
    """A government page: navigation chrome, the article inside a layout table, the form as a
    data table whose first row is the title over every column, each cell's lines as `<p>`, an empty
    cell `&nbsp;`, merged cells as rowspan/colspan; the page's footer chrome after it."""
    sheet = sheet_of(form, official=True)
    title = "".join(f"<p>{escape(line)}</p>" for line in form.title)
    rows = [f"<tr><td colspan='{sheet.width}'>{title}</td></tr>"]
    for r in range(len(sheet.rows)):
        rows.append(
            "<tr>"
            + "".join(_html_cell(sheet, r, c) for c in range(sheet.width) if not sheet.covered(r, c))
            + "</tr>"
        )
    article = (
        f"<h2>{escape(PROJECT[0])}绩效自评情况公开</h2><p>发布时间：2024-05-20&nbsp;&nbsp;来源：某县主管局</p>"
        f"<table border='1' cellspacing='0'>{''.join(rows)}</table>"
    )
    page = (
        "<html><head><meta charset='utf-8'><title>绩效信息</title></head><body>"
        f"{CHROME_TOP}<table width='980'><tr><td class='left'>"
        "<ul><li>通知公告</li><li>政策文件</li></ul></td>"
        f"<td class='main'>{article}</td></tr></table>{CHROME_BOTTOM}</body></html>"
    )
    return page.encode("utf-8")


def _mso_cell(sheet: Sheet, r: int, c: int) -> str:
    t, left, b, right = sheet.merge_at(r, c)
    spans = (f" rowspan={b - t + 1}" if b > t else "") + (
        f" colspan={right - left + 1}" if right > left else ""
    )
    lines = sheet.rows[r][c].split("\n") if sheet.rows[r][c] else [""]
    paragraphs = "".join(
        f"<p class=MsoNormal align=center><span style='font-size:10.0pt;font-family:宋体'>"
        f"{escape(line) if line else '<o:p>&nbsp;</o:p>'}</span></p>"
        for line in lines
    )
    return f"<td width=72 valign=top style='border:solid windowtext 1.0pt'{spans}>{paragraphs}</td>"


def write_html_word(form: Form, sheet: Sheet | None = None) -> bytes:
    """A Word document saved as a web page (GB2312, declared in a `<meta http-equiv>`): the title
    and text as MsoNormal paragraphs, every cell's text in a `<p><span>`, an empty cell an
    `<o:p>&nbsp;</o:p>`, merged cells as rowspan/colspan."""
    sheet = sheet or sheet_of(form)
    title = "".join(
        f"<p class=MsoNormal align=center><b><span>{escape(t)}</span></b></p>" for t in form.title
    )
    intro = "".join(f"<p class=MsoNormal><span>{escape(t)}</span></p>" for t in INTRO)
    rows = "".join(
        "<tr>"
        + "".join(_mso_cell(sheet, r, c) for c in range(sheet.width) if not sheet.covered(r, c))
        + "</tr>"
        for r in range(len(sheet.rows))
    )
    outro = "".join(f"<p class=MsoNormal><span>{escape(t)}</span></p>" for t in OUTRO)
    page = (
        "<html xmlns:o='urn:schemas-microsoft-com:office:office'><head>"
        "<meta http-equiv=Content-Type content='text/html; charset=gb2312'></head>"
        f"<body lang=ZH-CN><div class=WordSection1>{title}{intro}"
        f"<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0>{rows}</table>"
        f"{outro}</div></body></html>"
    )
    return page.encode("gb18030")


def write_html_word_wrapped(form: Form) -> bytes:
    """`write_html_word` whose long cells Word wrapped by hand: each line a paragraph of its own."""
    return write_html_word(form, _wrapped_body(sheet_of(form), 6))


@dataclass(frozen=True)
class Shape:
    """One real file shape: its suffix, how it is written, and whether it holds the official form."""

    suffix: str
    write: Callable[[Form], bytes]
    official: bool


SHAPES: dict[str, Shape] = {
    "xlsx_merged": Shape(".xlsx", write_xlsx_merged, False),
    "xlsx_two_line_header": Shape(".xlsx", write_xlsx_two_line_header, False),
    "xlsx_official": Shape(".xlsx", write_xlsx_official, True),
    "xlsx_typed": Shape(".xlsx", write_xlsx_typed, False),
    "xlsx_wrapped": Shape(".xlsx", write_xlsx_wrapped, False),
    "docx_table": Shape(".docx", write_docx_table, False),
    "docx_two_line_header": Shape(".docx", write_docx_two_line_header, False),
    "docx_split": Shape(".docx", write_docx_split, True),
    "docx_framed": Shape(".docx", write_docx_framed, False),
    "pdf_ruled": Shape(".pdf", write_pdf_ruled, False),
    "pdf_two_line_header": Shape(".pdf", write_pdf_two_line_header, False),
    "pdf_wrapped": Shape(".pdf", write_pdf_wrapped, False),
    "pdf_two_pages": Shape(".pdf", write_pdf_two_pages, True),
    "pdf_no_repeat": Shape(".pdf", write_pdf_no_repeat, False),
    "html_page": Shape(".html", write_html_page, True),
    "html_word": Shape(".html", write_html_word, False),
    "html_word_wrapped": Shape(".html", write_html_word_wrapped, False),
}
