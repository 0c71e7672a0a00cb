"""Reports typeset over several pages as a word processor prints them, with their running heads.

A real report's PDF is not one page: its paragraphs and its indicator table run on from one page
to the next wherever the page filled, and every page carries its running head (a short title
line at the top) and foot (its page number: `- 3 -`, `第 3 页 共 12 页`, a bare `3`). `typeset`
sets a report's `Block`s that way on A4 pages:

- the title in a larger size, centred, on two lines where it is longer than a title line holds
  (`TITLE_CHARS`): broken into two centred lines as an author balances them;
- each paragraph indented two characters and broken wherever the column ran out (inside figures
  too, `draw`/`wrap` of `test_ingest_pdf_paragraphs`), headings indented too (as 公文 sets them);
- a table (`file_forms.Sheet`) ruled row by row; a page that fills cuts it between two rows, the
  next page repeating its header rows (`repeat_header`) or not, a merged level cell the break
  cut starting blank there (`file_forms.continued`);
- `Furniture`: the running head above the body of every page after the first, the foot below
  the body of every page.

`page_lines` is how many lines of body text a page holds: small, so that breaks fall inside
paragraphs and tables of short reports too.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, replace

from reportlab.pdfgen import canvas

from tests.file_forms import FONT, SIZE, Sheet, _draw_rows, _height, continued
from tests.test_ingest_pdf_paragraphs import _width, draw

PAGE_WIDTH, PAGE_HEIGHT = 842.0, 595.0  # landscape A4: a form's table fits across it
LEFT, RIGHT = 72.0, 770.0
BODY, TITLE, FURNITURE = 12.0, 16.0, 9.0  # point sizes
LEADING = 20.0
TOP = 530.0  # the first body baseline
TITLE_CHARS = 24  # a title line holds this many characters at most: a longer title takes two


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    """A ruled table; `cut_row`: the page breaks inside that row (a word processor lets a row
    break across pages): the first half of each of its cells' lines ends the page, the rest opens
    the next, under the header printed again (`repeat_header`) or not."""

    sheet: Sheet
    repeat_header: bool = True
    cut_row: int | None = None


Block = Title | Paragraph | Table

FEET: dict[str, Callable[[int, int], str]] = {
    "dashes": lambda n, total: f"- {n} -",
    "of_total": lambda n, total: f"第 {n} 页 共 {total} 页",
    "bare": lambda n, total: str(n),
}


@dataclass(frozen=True)
class Furniture:
    """A page's running head (None: none) and the foot's wording (a key of `FEET`, None: none)."""

    head: str | None
    foot: str | None


def title_lines(title: str) -> list[str]:
    """A title as an author breaks a long one: two lines about as long, the first the longer."""
    if len(title) <= TITLE_CHARS:
        return [title]
    middle = (len(title) + 1) // 2
    return [title[:middle], title[middle:]]


def _wrap(text: str, indent: float) -> list[tuple[float, str]]:
    """`text` broken where the column runs out: (left edge, line), the first indented."""
    lines: list[tuple[float, str]] = []
    x, line = LEFT + indent, ""
    for char in text:
        if line and x + _width(line + char) > RIGHT:
            lines.append((x, line))
            x, line = LEFT, ""
        line += char
    return [*lines, (x, line)]


Op = Callable[[canvas.Canvas], None]


class _Pages:
    """Pages filled top to bottom: each a list of drawing steps, a body line counted by height."""

    def __init__(self, page_lines: int) -> None:
        self.bottom = TOP - LEADING * (page_lines - 1)
        self.pages: list[list[Op]] = [[]]
        self.y = TOP + LEADING  # the baseline of the last line set

    def new_page(self) -> None:
        self.pages.append([])
        self.y = TOP + LEADING

    def line(self, x: float, text: str, size: float = BODY) -> None:
        if self.y - LEADING < self.bottom - 0.1:
            self.new_page()
        self.y -= LEADING
        y = self.y
        self.pages[-1].append(lambda page: draw(page, x, y, text, size))

    def cut_table(self, block: Table, cut: int) -> None:
        """The table with the page break inside row `cut` (see `Table`)."""
        sheet = block.sheet
        cells = [cell.split("\n") for cell in sheet.rows[cut]]
        top = tuple("\n".join(lines[: (len(lines) + 1) // 2]) for lines in cells)
        bottom = tuple("\n".join(lines[(len(lines) + 1) // 2 :]) for lines in cells)
        first = replace(sheet, rows=(*sheet.rows[:cut], top))
        self._drawn(first, range(cut + 1))
        self.new_page()
        rest = continued(replace(sheet, rows=(*sheet.rows[:cut], bottom, *sheet.rows[cut + 1 :]), split=cut))
        heads = len(sheet.header)
        self._drawn(rest, range(0 if block.repeat_header else heads, len(rest.rows)))

    def _drawn(self, sheet: Sheet, rows: range) -> None:
        top = self.y - 8
        self.pages[-1].append(lambda page: _ruled(page, sheet, rows, top))
        self.y = top - sum(_height(sheet, r) for r in rows) - 4

    def table(self, block: Table) -> None:
        if block.cut_row is not None:
            self.cut_table(block, block.cut_row)
            return
        sheet, start = block.sheet, 0
        rows = range(len(sheet.rows))
        while start < len(rows):
            top = self.y - 8
            end, height = start, 0.0
            while end < len(rows) and top - height - _height(sheet, end) >= self.bottom - LEADING:
                height += _height(sheet, end)
                end += 1
            if end == start and self.pages[-1]:  # not one row fits: the table starts on the next page
                self.new_page()
                continue
            end = max(end, start + 1)
            part, part_rows = sheet, range(start, end)
            if start > 0:  # the next page: the header again (or not), then the rows from the break
                part, heads = continued(replace(sheet, split=start)), len(sheet.header)
                repeat = block.repeat_header and start > sheet.header[-1]  # a header printed above it
                part_rows = range(0 if repeat else heads, heads + end - start)
            self.pages[-1].append(lambda page, p=part, r=part_rows, t=top: _ruled(page, p, r, t))
            self.y = top - sum(_height(part, r) for r in part_rows) - 4
            start = end
            if start < len(rows):
                self.new_page()


def _ruled(page: canvas.Canvas, sheet: Sheet, rows: range, top: float) -> None:
    page.setFont(FONT, SIZE)
    _draw_rows(page, sheet, rows, top)


def typeset(blocks: tuple[Block, ...], furniture: Furniture, page_lines: int) -> bytes:
    """The report's blocks set on as many pages as they fill (module docstring)."""
    pages = _Pages(page_lines)
    for block in blocks:
        if isinstance(block, Title):
            for line in title_lines(block.text):
                pages.line((LEFT + RIGHT - _width(line, TITLE)) / 2, line, TITLE)
        elif isinstance(block, Paragraph):
            for x, line in _wrap(block.text, 2 * BODY):
                pages.line(x, line)
        else:
            pages.table(block)
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    total = len(pages.pages)
    for number, steps in enumerate(pages.pages, start=1):
        if furniture.head and number > 1:
            draw(page, (LEFT + RIGHT - _width(furniture.head, FURNITURE)) / 2, 565, furniture.head, FURNITURE)
        for step in steps:
            step(page)
        if furniture.foot:
            foot = FEET[furniture.foot](number, total)
            draw(page, (PAGE_WIDTH - _width(foot, FURNITURE)) / 2, 30, foot, FURNITURE)
        page.showPage()
    page.save()
    return buffer.getvalue()
