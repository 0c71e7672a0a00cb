"""PDF (.pdf): the text layer page by page, paragraphs as lines, ruled tables as tab-separated rows.

Each page becomes one `Segment(kind="page", name="1", ...)`; pages are joined by one newline, the
same break as between two lines of a page, so a sentence running over a page end reads as it would
across a line end.

Within a page, pdfplumber's table finder looks for ruled tables. The page is cut into horizontal
bands at each table's top edge and read top to bottom: the text of a band (characters whose
vertical middle lies in it and that are not inside any table), then the table's rows. A table's
words therefore appear once, as cells, not again in the page text. A page like

    一、项目概况              (text)
    ┌────────┬────────┐
    │一级指标│二级指标│       (ruled table)
    └────────┴────────┘
    表后文字                  (text)

reads `"一、项目概况\\n一级指标\\t二级指标\\n表后文字"`. Cells pdfplumber reports as `None` (covered
by a merged cell, or empty) become empty strings; a cell's own line breaks are where its width
wrapped the text (`common.one_line`: `新建集中供水\\n工程` → `新建集中供水工程`). A "table"
of one column (a boxed title over a framed paragraph) is read as ordinary text, keeping its lines.

The text of a band is read as paragraphs, not as printed lines (`_Column.paragraphs`): a line that
reaches the page's text column's right edge runs on into the next line when that one starts at the
left edge, in the same size, right under it, and is no heading or list item — the way a reader
sees one paragraph the page width broke, inside words and figures too (`预算执行率9` / `5.2%` reads
`预算执行率95.2%`). Chinese is joined without a space, so the Content's text is the text as read
and every offset into it is exact. Characters are put on lines by their baseline, so figures set
in a Latin font beside Chinese (their boxes sit lower) stay in their sentence.

A PDF with no characters on any page is a scan: refused with "no text layer; needs OCR".
"""

from __future__ import annotations

import io
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from operator import itemgetter
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFObjRef
from pdfplumber.page import Page
from pdfplumber.table import Table
from pdfplumber.utils.clustering import cluster_objects
from pdfplumber.utils.text import DEFAULT_Y_TOLERANCE, WordExtractor

from pipeline.core.document import Segment, Span
from pipeline.core.errors import IngestError
from pipeline.domain.headings import ENUMERATION_MARKER_RE
from pipeline.domain.pages import BARE_PAGE_NUMBER, PAGE_NUMBER
from pipeline.domain.wrapping import SENTENCE_ENDS, wrap_glue
from pipeline.ingest.common import (
    Content,
    join_lines,
    library_error,
    one_line,
    require_text,
    table_lines,
)

BBox = tuple[float, float, float, float]


def read_pdf(path: Path, data: bytes) -> Content:
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages, has_chars = [], False
            for page in pdf.pages:
                has_chars = has_chars or bool(page.chars)
                pages.append(_page_layout(page))
                # A parsed page keeps its layout objects (hundreds of bytes per character) until
                # the document closes: free each once read, so memory holds one page, not all.
                page.close()
                _forget_contents(pdf.doc, page.page_obj)
    except Exception as exc:  # pdfminer raises many types for broken files; the user needs one line
        raise library_error("PDF", exc, path) from exc
    if not has_chars:
        raise IngestError("no text layer; needs OCR", path)
    read = _rows_joined_across_pages(without_running_lines(pages))
    return require_text(_joined_pages(read), path, "no text on any page")


def _forget_contents(document: PDFDocument, page: PDFPage) -> None:
    """Let go of a read page's content streams, decoded.

    pdfminer decodes a page's content streams to read it and keeps each, decoded, in its
    document's object cache (and the page object holds its stream when it names one) until the
    document closes (~200 bytes per printed line of the memory bench's PDF), all pages at once, while the
    pages' lines wait for the decision across pages (`without_running_lines`). Each page is read
    once, so the cache entries of its streams are dropped; a stream another page shares stays
    alive through that page, and any later read parses it from the file again.
    """
    cache = getattr(document, "_cached_objs", None)
    contents = page.attrs.get("Contents")
    refs = contents if isinstance(contents, list) else [contents]
    if isinstance(contents, PDFObjRef) and isinstance(cache, dict):
        resolved = cache.get(contents.objid, (None,))[0]
        refs = resolved if isinstance(resolved, list) else refs  # an array of streams by reference
    if isinstance(cache, dict):
        for ref in refs:
            if isinstance(ref, PDFObjRef):
                cache.pop(ref.objid, None)
    page.contents = []


@dataclass(frozen=True, slots=True)
class _PageLayout:
    """One page as read: the printed lines of each text band (between its tables, top to bottom:
    one band more than tables) and each table's rows and box."""

    bands: tuple[tuple[_Line, ...], ...]
    tables: tuple[_DrawnTable, ...]
    width: float

    @property
    def column(self) -> _Column:
        return _Column.of([line for band in self.bands for line in band], self.width)

    def pieces(self) -> list[tuple[str, bool]]:
        """The page read top to bottom: text bands interleaved with table rows (marked as rows)."""
        column, pieces = self.column, []
        for band, rows in zip(self.bands, [*(table.rows for table in self.tables), ()], strict=True):
            pieces.append((column.paragraphs(band), False))
            pieces.extend((row, True) for row in rows)
        return [(piece, is_row) for piece, is_row in pieces if piece]


def _page_layout(page: Page) -> _PageLayout:
    tables = sorted(filter(_is_data_table, page.find_tables()), key=lambda table: table.bbox[1])
    boxes = [table.bbox for table in tables]
    bands: list[tuple[_Line, ...]] = []
    band_top = -math.inf
    for table in tables:
        bands.append(tuple(_band_lines(page, band_top, table.bbox[1], boxes)))
        band_top = table.bbox[1]
    bands.append(tuple(_band_lines(page, band_top, math.inf, boxes)))
    return _PageLayout(tuple(bands), tuple(_DrawnTable.of(table) for table in tables), float(page.width))


# A running head or foot stands apart from the page's body: this many of its sizes or more lie
# between it and the nearest body line or table (a header or footer margin, not a line's leading).
RUNNING_GAP_SIZES = 1.5
RUNNING_SAME_HEIGHT = 3.0  # points: one running line printed on two pages sits at the same height
_VALUE_START = re.compile(r"\s*[\d≥≤<>=±+\-.]")  # a cell that opens like a value: `≥24场`, `12`, `-3%`
HEADER_ROWS = 3  # a table's header takes this many rows at most (a repeated one is one of them)
EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be running lines
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class _EdgeLine:
    """A line at a page's top or bottom edge: where it is (`edge`, `depth` lines in from the edge),
    the line, and the room between it and the page's next content inward (inf: none)."""

    page: int
    edge: str  # "top" or "bottom"
    depth: int
    line: _Line
    room: float

    @property
    def apart(self) -> bool:
        return self.room >= RUNNING_GAP_SIZES * self.line.size

    @property
    def key(self) -> tuple[str, str]:
        """What a running line keeps from page to page: its edge and its words (the page's number
        in it changes)."""
        return self.edge, _DIGITS.sub("#", self.line.text)


def _edge_lines(index: int, page: _PageLayout) -> list[_EdgeLine]:
    """The lines at the page's top (above its first table) and bottom (below its last), outermost
    first, each with its room to the content inward."""
    out: list[_EdgeLine] = []
    first, last = page.bands[0], page.bands[-1]
    table_top = page.tables[0].box[1] if page.tables else math.inf
    for depth, line in enumerate(first[:EDGE_LINES]):
        below = first[depth + 1].baseline - first[depth + 1].size if depth + 1 < len(first) else table_top
        out.append(_EdgeLine(index, "top", depth, line, below - line.baseline))
    table_bottom = page.tables[-1].box[3] if page.tables else -math.inf
    for depth in range(min(EDGE_LINES, len(last))):
        at = len(last) - 1 - depth
        above = last[at - 1].baseline if at > 0 else table_bottom
        line = last[at]
        out.append(_EdgeLine(index, "bottom", depth, line, line.baseline - line.size - above))
    return out


def without_running_lines(pages: Sequence[_PageLayout]) -> list[_PageLayout]:
    """The pages without their running heads and feet, as a reader skips them.

    A line at a page's top or bottom edge (`EDGE_LINES` deep), set apart from the body by a
    margin (`RUNNING_GAP_SIZES`), is a running line when it numbers the page (`- 3 -`,
    `第 3 页 共 12 页`; a bare `3` where another page's same edge holds its own number the same way:
    page 4 `4`, or `5` when the count starts at the cover), when another page prints the same
    words at the same height (a running title; its page number may differ), or when it heads a
    page after the first in a smaller size than the report's body. The lines outside
    it go with it; a line at the edge that is none stops the search there. Body text never
    reaches a margin, so a report without running lines reads as before.
    """
    edges = [line for index, page in enumerate(pages) for line in _edge_lines(index, page)]
    heights: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for edge in edges:
        heights.setdefault(edge.key, []).append((edge.page, edge.line.baseline))
    numbering = Counter(
        (edge.edge, int(edge.line.text) - edge.page)
        for edge in edges
        if BARE_PAGE_NUMBER.fullmatch(edge.line.text)
    )

    body = _Column.of([line for page in pages for band in page.bands for line in band]).size

    def running(edge: _EdgeLine) -> bool:
        text = edge.line.text
        repeated = any(
            page != edge.page and abs(baseline - edge.line.baseline) <= RUNNING_SAME_HEIGHT
            for page, baseline in heights[edge.key]
        )
        numbered = PAGE_NUMBER.fullmatch(text) is not None or (
            BARE_PAGE_NUMBER.fullmatch(text) is not None and numbering[edge.edge, int(text) - edge.page] >= 2
        )
        # A page's head in print smaller than the report's body: a running title (a report's
        # first page, printed without one, may have a small line of its own there: a number).
        small_head = edge.edge == "top" and edge.page > 0 and edge.line.size < body - SIZE_TOLERANCE
        return edge.apart and (numbered or repeated or small_head)

    dropped: dict[tuple[int, str], int] = {}
    for edge in edges:  # outermost first at each edge: a line is dropped only behind dropped ones
        if dropped.get((edge.page, edge.edge), 0) == edge.depth and running(edge):
            dropped[edge.page, edge.edge] = edge.depth + 1
    return [
        _trimmed(page, dropped.get((i, "top"), 0), dropped.get((i, "bottom"), 0))
        for i, page in enumerate(pages)
    ]


def _trimmed(page: _PageLayout, top: int, bottom: int) -> _PageLayout:
    """The page without `top` lines at its top and `bottom` at its bottom (a line counted once)."""
    if not top and not bottom:
        return page
    bands = list(page.bands)
    if len(bands) == 1:
        lines = bands[0]
        bands[0] = lines[top : max(top, len(lines) - bottom)]
    else:
        bands[0], bands[-1] = bands[0][top:], bands[-1][: len(bands[-1]) - bottom]
    return replace(page, bands=tuple(bands))


def _joined_pages(pages: Sequence[_PageLayout]) -> Content:
    """The pages' text, one `Segment` per page, joined by a line break — or by nothing where a
    paragraph runs on from the foot of one page to the top of the next (`_page_glue`)."""
    parts: list[str] = []
    segments: list[Segment] = []
    tables: list[Span] = []
    offset = 0
    for index, page in enumerate(pages):
        if index:
            glue = _page_glue(pages[index - 1], page)
            parts.append(glue)
            offset += len(glue)
        text, spans = join_lines(page.pieces())
        segments.append(Segment(kind="page", name=str(index + 1), start=offset, end=offset + len(text)))
        moved = [Span(offset + span.start, offset + span.end) for span in spans]
        if moved and tables and index and _table_goes_on(pages[index - 1], page):
            tables[-1] = Span(tables[-1].start, moved.pop(0).end)
        tables.extend(moved)
        parts.append(text)
        offset += len(text)
    return Content(text="".join(parts), segments=tuple(segments), tables=tuple(tables))


def _rows_joined_across_pages(pages: Sequence[_PageLayout]) -> list[_PageLayout]:
    """The pages with each table row a page break cut in two read as one row.

    A word processor lets a row break across pages: the lines of its tall cells that fit end the
    page, the rest open the next page's table (under its header printed again, or not) as a row
    of its own that holds only those cells' rest:

        | 成本指标 | 单处工程平均 | ≤80万元 | 76.4万元 | 10 | 10 |      (page 2's last row)
        |          | 造价         |         |          |    |    |      (page 3's first row)

    reads one row `成本指标 | 单处工程平均造价 | ≤80万元 | …` (`_joined_row`): nothing but
    running lines between the two tables, the same number of columns, and the second row holds
    fewer cells than the first, each in a column the first fills."""
    out = list(pages)
    for index in range(1, len(out)):
        before, after = out[index - 1], out[index]
        if before.bands[-1] or after.bands[0] or not before.tables or not after.tables:
            continue
        above, below = before.tables[-1], after.tables[0]
        heads = _repeated_rows(above.rows, below.rows)
        if not above.cells or len(below.cells) <= heads:
            continue
        merged = _joined_row(above.cells[-1], below.cells[heads], above.capacities)
        if merged is None:
            continue
        out[index - 1] = replace(
            before, tables=(*before.tables[:-1], above.with_cells((*above.cells[:-1], merged)))
        )
        rest = (*below.cells[:heads], *below.cells[heads + 1 :])
        if rest:
            out[index] = replace(after, tables=(below.with_cells(rest), *after.tables[1:]))
        else:  # the table held that row only: the page opens with the text after it
            out[index] = replace(after, bands=after.bands[1:], tables=after.tables[1:])
    return out


def _repeated_rows(above: Sequence[str], below: Sequence[str]) -> int:
    """How many first rows of `below` repeat the first rows of `above` (a header printed again)."""
    count = 0
    while count < min(HEADER_ROWS, len(above) - 1, len(below)) and below[count] == above[count]:
        count += 1
    return count


def _joined_row(last: Cells, first: Cells, capacities: Sequence[int]) -> Cells | None:
    """`last` and `first` as one row, each cell's lines run on into its rest, or None when
    `first` may be a row of its own. It is the rest of `last` only when it holds fewer cells,
    each in a column `last` fills, none opening like a value (a digit, a comparator: the short
    cells of a cut row fit on its first page), and each cell it goes on with filled its width to
    its last line (`健全` in a column as wide as `≥2.3万人` ended there); and either one of those
    runs over two lines or more (a tall row the break cut), or each rest is a piece of a line,
    half its column's width or less (`单处工程平均` / `造价`: a row of two lines cut one and one,
    where a row of its own states whole names)."""
    if len(last) != len(first) or not 0 < sum(map(bool, first)) < sum(map(bool, last)):
        return None
    going_on = [
        (end.split("\n"), rest, width)
        for end, rest, width in zip(last, first, capacities, strict=True)
        if rest
    ]
    if any(not lines[-1] or _VALUE_START.match(rest) for lines, rest, _ in going_on):
        return None
    if not all(len(lines[-1].strip()) >= width - 1 for lines, _, width in going_on):
        return None
    tall = any(len(lines) > 1 for lines, _, _ in going_on)
    if not tall and not all(2 * len(rest.split("\n")[0].strip()) <= width for _, rest, width in going_on):
        return None
    return tuple(end + "\n" + rest if rest else end for end, rest in zip(last, first, strict=True))


def _table_goes_on(before: _PageLayout, after: _PageLayout) -> bool:
    """Whether `after` opens with the rest of the table `before` closes on: nothing but running
    lines between them, the same number of columns, and no header printed again (its first row
    is none of the first rows of the table before: a repeated header starts a table of its own,
    which `layout.continued` joins on)."""
    if before.bands[-1] or after.bands[0] or not before.tables or not after.tables:
        return False
    above, below = before.tables[-1].rows, after.tables[0].rows
    columns = {row.count("\t") for row in (*above, *below)}
    return len(columns) == 1 and below[:1] != () and below[0] not in above[:HEADER_ROWS]


def _page_glue(before: _PageLayout, after: _PageLayout) -> str:
    """What joins two pages' text: `wrap_glue` where the last line of `before` (its running foot
    gone) runs on into the first line of `after` (its running head gone) — it reaches the right
    edge of both pages' columns and the next starts at their left edge (`_Column.runs_on`) —
    else a line break.

        …资金到位600万元，实际支出571.2万元，预算执行率9      (page 2's last line)
        - 2 -                                              (its foot: gone)
        某县项目支出绩效自评报告                            (page 3's head: gone)
        5.2%，结余资金28.8万元已按规定收回财政。             (page 3's first line)

    reads `…预算执行率95.2%，结余资金…`. A page ending on a table, or the next opening with one,
    keeps its line break (`layout.continued` joins a table's two halves)."""
    if not before.bands[-1] or not after.bands[0]:
        return "\n"
    line, following = before.bands[-1][-1], after.bands[0][0]
    first, second = before.column, after.column
    column = _Column(
        min(first.left, second.left), max(first.right, second.right), first.size, first.page_width
    )
    return wrap_glue(line.text, following.text) if column.runs_on(line, following) else "\n"


def _is_data_table(table: Table) -> bool:
    """A table with two or more columns somewhere; a lone ruled box (a frame round a paragraph) is not."""
    return any(sum(cell is not None for cell in row.cells) >= 2 for row in table.rows)


@dataclass(frozen=True, slots=True)
class _Line:
    """One printed line: its text (words apart by one space, as pdfplumber writes them, or by none
    across a word processor's autospace: `_word_gap`), its left and right edges, its baseline's
    distance from the page top, its largest character size, and the widest gap between two of its
    words."""

    text: str
    x0: float
    x1: float
    baseline: float
    size: float
    widest_gap: float


def _band_lines(page: Page, top: float, bottom: float, tables: Sequence[BBox]) -> list[_Line]:
    """The printed lines of the characters whose vertical middle is in `[top, bottom)` and that lie
    in no table, top to bottom. Characters are put on their line by their baseline: a figure set
    in a Latin font whose box sits lower than the Chinese around it (`年度收入支出总计2995.39万元`,
    digits in Times beside 仿宋) stays in its sentence instead of becoming a line of its own."""
    chars = [
        _on_baseline(char)
        for char in page.chars
        if top <= (char["top"] + char["bottom"]) / 2 < bottom
        and not any(_contains(box, char) for box in tables)
    ]
    if not chars:
        return []
    words = WordExtractor().extract_words(chars, return_chars=True)
    spaces = [char for char in chars if char["text"].isspace()]
    lines = cluster_objects(words, itemgetter("top"), DEFAULT_Y_TOLERANCE)
    return [_line_of(line, spaces) for line in lines]


def _on_baseline(char: dict[str, Any]) -> dict[str, Any]:
    """`char` with its box moved so that its bottom is its baseline (upright, unrotated text only).

    pdfplumber boxes a character by its font's ascent and descent, so two fonts on one baseline
    get tops several points apart — more than the 3 points that make one line. The baseline is
    the text matrix's `f`; `y0 - f` is how far the box reaches below it.
    """
    a, b, c, d, _, f = char["matrix"]
    if not (char.get("upright") and a > 0 and d > 0 and b == 0 and c == 0):
        return char
    baseline = char["bottom"] + (char["y0"] - f)
    shift = baseline - char["size"] - char["top"]
    return {**char, "top": char["top"] + shift, "bottom": baseline, "doctop": char["doctop"] + shift}


def _line_of(words: list[dict[str, Any]], spaces: Sequence[dict[str, Any]]) -> _Line:
    """The line of `words`; `spaces` are the band's space characters (the words leave them out)."""
    gaps = [right["x0"] - left["x1"] for left, right in pairwise(words)]
    size = max(char["size"] for word in words for char in word["chars"])
    top, bottom = min(word["top"] for word in words), max(word["bottom"] for word in words)
    on_line = [s for s in spaces if top <= (s["top"] + s["bottom"]) / 2 <= bottom]
    text = words[0]["text"]
    for (left, right), gap in zip(pairwise(words), gaps, strict=True):
        typed = any(left["x1"] - 1 <= (s["x0"] + s["x1"]) / 2 <= right["x0"] + 1 for s in on_line)
        text += (" " if typed else _word_gap(left["text"], right["text"], gap, size)) + right["text"]
    return _Line(
        text=text,
        x0=min(word["x0"] for word in words),
        x1=max(word["x1"] for word in words),
        baseline=max(word["bottom"] for word in words),
        size=size,
        widest_gap=max(gaps, default=0.0),
    )


# Word processors set a little space between Chinese and a Latin letter or figure (Word's
# autospace, about a quarter em): spacing, not a space character. A gap narrower than this many of
# the line's character sizes between a figure and a Chinese character or sign is read as none.
AUTOSPACE_SIZES = 0.5
_LATIN = re.compile(r"[A-Za-z0-9.%]")


def _word_gap(left: str, right: str, gap: float, size: float) -> str:
    """What stands between two words of a line with no space character between them: a space
    (as pdfplumber writes words), or nothing where a figure meets a Chinese character or sign
    across a gap of autospace
    (`年初预算为`, `42.73`, `万元` → `年初预算为42.73万元`; `目标值≥`, `90%` → `目标值≥90%`)."""
    before, after = left[-1], right[0]
    latin_then_wide = _LATIN.match(before) and not after.isascii()
    wide_then_latin = not before.isascii() and _LATIN.match(after)
    return "" if (latin_then_wide or wide_then_latin) and gap < AUTOSPACE_SIZES * size else " "


# A line ends at the column's edge when it comes this many of its characters' sizes short of it or
# less (a line falls short where a figure or a word did not fit and went whole to the next line).
EDGE_SIZES = 1.5
INDENT_SIZES = 0.5  # a line this far right of the column's left edge is indented: a paragraph's first
# A baseline this far below the last one or more starts a new block (double spacing is about 2.1).
LEADING_SIZES = 2.5
CELL_GAP_SIZES = 1.5  # a gap this wide between two words parts cells of a row, not words of a sentence
SIZE_TOLERANCE = 0.5  # points: two lines whose sizes differ more are a heading and its text
CENTRE_SIZES = 1.0  # a line whose middle is this near the column's middle is centred
# A title's second line opening with one of these is a subtitle or a date (`（2023年度）`), not
# the rest of the title; a first line closing with one of these is a whole title already.
OPENING, CLOSING = frozenset("（(〔【《—-"), frozenset("）)〕】》")


@dataclass(frozen=True, slots=True)
class _Column:
    """The page's text column: the leftmost start and the rightmost end of its body text's lines
    (the size most of its characters are set in, `size`; a title in a larger size may run wider),
    and the page's width."""

    left: float
    right: float
    size: float = 0.0
    page_width: float = 0.0

    @classmethod
    def of(cls, lines: Sequence[_Line], page_width: float = 0.0) -> _Column:
        if not lines:
            return cls(0.0, 0.0, 0.0, page_width)
        sizes = Counter[float]()
        for line in lines:
            sizes[round(line.size, 1)] += len(line.text)
        body_size = sizes.most_common(1)[0][0]
        body = [line for line in lines if round(line.size, 1) == body_size]
        return cls(min(line.x0 for line in body), max(line.x1 for line in body), body_size, page_width)

    def paragraphs(self, lines: Sequence[_Line]) -> str:
        """The lines joined into paragraphs: a line that reaches the column's right edge runs on
        into the next (`wrap_glue`) when the next continues it (see `_continues`), and so does
        the first line of a title broken over two centred lines (`_title_goes_on`); every other
        break is kept.

        A paragraph printed as

            截至年底，实际支出571.2万元，预算执行率9      (reaches the right edge)
            5.2%，结余资金28.8万元已按规定收回财政。          (starts at the left edge)
            二、绩效目标完成情况                              (a heading)

        reads `截至年底，…，预算执行率95.2%，结余资金28.8万元已按规定收回财政。\n二、绩效目标完成情况`.
        """
        if not lines:
            return ""
        parts = [lines[0].text]
        for line, following in pairwise(lines):
            joined = self._continues(line, following) or self._title_goes_on(line, following)
            parts.append(wrap_glue(line.text, following.text) if joined else "\n")
            parts.append(following.text)
        return "".join(parts)

    def _continues(self, line: _Line, following: _Line) -> bool:
        """Whether `following` is the next line of `line`'s paragraph: it runs on (`runs_on`) and
        sits right under it."""
        return (
            self.runs_on(line, following)
            and 0 < following.baseline - line.baseline < LEADING_SIZES * line.size
        )

    def runs_on(self, line: _Line, following: _Line) -> bool:
        """Whether `following` may go on with `line`'s paragraph wherever it is printed (right under
        it, or at the top of the next page): `line` reaches the right edge and does not end a
        sentence; `following` starts at the left edge (not indented, as a paragraph's first line
        is), in the same size, and is no heading or list item; neither is a row of cells (words
        far apart)."""
        size = line.size
        return (
            line.x1 >= self.right - EDGE_SIZES * size
            and following.x0 <= self.left + INDENT_SIZES * size
            and abs(following.size - size) <= SIZE_TOLERANCE
            and max(line.widest_gap, following.widest_gap) < CELL_GAP_SIZES * size
            and line.text[-1:] not in SENTENCE_ENDS
            and ENUMERATION_MARKER_RE.match(following.text) is None
        )

    def _title_goes_on(self, line: _Line, following: _Line) -> bool:
        """Whether `following` is the second line of a title `line` begins: both centred on the
        column or on the page (a title page may hold little body text to tell the column by), in
        one size larger than the body's, right under each other; the first ends no
        sentence, the second opens no subtitle (`（2023年度）`, `——…`) or list item.

            某县农业农村局2023年度高标准农田          (centred, 16 points)
              建设项目支出绩效自评报告                (centred, 16 points)

        reads `某县农业农村局2023年度高标准农田建设项目支出绩效自评报告`."""
        size = line.size
        return (
            size > self.size + SIZE_TOLERANCE
            and abs(following.size - size) <= SIZE_TOLERANCE
            and 0 < following.baseline - line.baseline < LEADING_SIZES * size
            and any(
                all(abs((one.x0 + one.x1) / 2 - middle) <= CENTRE_SIZES * size for one in (line, following))
                for middle in ((self.left + self.right) / 2, self.page_width / 2)
            )
            and max(line.widest_gap, following.widest_gap) < CELL_GAP_SIZES * size
            and line.text[-1:] not in SENTENCE_ENDS | CLOSING
            and following.text[:1] not in OPENING
            and ENUMERATION_MARKER_RE.match(following.text) is None
        )


def _contains(box: BBox, obj: dict[str, Any]) -> bool:
    """Whether the middle of `obj` lies inside `box` (x0, top, x1, bottom)."""
    middle_x = (obj["x0"] + obj["x1"]) / 2
    middle_y = (obj["top"] + obj["bottom"]) / 2
    return box[0] <= middle_x <= box[2] and box[1] <= middle_y <= box[3]


Cells = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _DrawnTable:
    """A ruled table as drawn on one page: its rows' cells as pdfplumber reads them (a cell's own
    line breaks kept, `None` as empty, rows of empty cells left out) and its box."""

    cells: tuple[Cells, ...]
    box: BBox

    @classmethod
    def of(cls, table: Table) -> _DrawnTable:
        rows = (tuple(cell or "" for cell in row) for row in table.extract())
        return cls(tuple(row for row in rows if any(map(one_line, row))), table.bbox)

    @property
    def rows(self) -> tuple[str, ...]:
        """Each row as a line of cells apart by tabs (`common.table_lines`)."""
        return tuple(table_lines(self.cells))

    @property
    def capacities(self) -> tuple[int, ...]:
        """How many characters a line of each column holds: its longest line."""
        width = max(map(len, self.cells), default=0)
        return tuple(
            max(
                (len(line.strip()) for row in self.cells if c < len(row) for line in row[c].split("\n")),
                default=0,
            )
            for c in range(width)
        )

    def with_cells(self, cells: tuple[Cells, ...]) -> _DrawnTable:
        return replace(self, cells=cells)
