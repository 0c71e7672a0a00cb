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
from pdfplumber.page import Page
from pdfplumber.table import Table
from pdfplumber.utils.clustering import cluster_objects
from pdfplumber.utils.text import DEFAULT_Y_TOLERANCE, WordExtractor

from pipeline.core.document import Span
from pipeline.core.errors import IngestError
from pipeline.domain.headings import ENUMERATION_MARKER_RE
from pipeline.domain.wrapping import SENTENCE_ENDS, wrap_glue
from pipeline.ingest.common import (
    Content,
    join_lines,
    join_segments,
    library_error,
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
                pages.append((str(page.page_number), join_lines(_page_pieces(page))))
                # A parsed page keeps its layout objects (hundreds of bytes per character) until
                # the document closes: free each once read, so memory holds one page, not all.
                page.close()
    except Exception as exc:  # pdfminer raises many types for broken files; the user needs one line
        raise library_error("PDF", exc, path) from exc
    if not has_chars:
        raise IngestError("no text layer; needs OCR", path)
    content = join_segments("page", [(name, text) for name, (text, _) in pages], "\n")
    tables = tuple(
        Span(segment.start + span.start, segment.start + span.end)
        for segment, (_, (_, spans)) in zip(content.segments, pages, strict=True)
        for span in spans
    )
    return require_text(replace(content, tables=tables), path, "no text on any page")


def _page_pieces(page: Page) -> list[tuple[str, bool]]:
    """The page read top to bottom: text bands interleaved with table rows (marked as rows)."""
    tables = sorted(filter(_is_data_table, page.find_tables()), key=lambda table: table.bbox[1])
    boxes = [table.bbox for table in tables]
    bands: list[list[_Line]] = []
    band_top = -math.inf
    for table in tables:
        bands.append(_band_lines(page, band_top, table.bbox[1], boxes))
        band_top = table.bbox[1]
    bands.append(_band_lines(page, band_top, math.inf, boxes))
    column = _Column.of([line for band in bands for line in band])
    pieces: list[tuple[str, bool]] = []
    for band, rows in zip(bands, [*map(_table_rows, tables), []], strict=True):
        pieces.append((column.paragraphs(band), False))
        pieces.extend((row, True) for row in rows)
    return [(piece, is_row) for piece, is_row in pieces if piece]


def _is_data_table(table: Table) -> bool:
    """A table with two or more columns somewhere; a lone ruled box (a frame round a paragraph) is not."""
    return any(sum(cell is not None for cell in row.cells) >= 2 for row in table.rows)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class _Column:
    """The page's text column: the leftmost start and the rightmost end of its body text's lines
    (the size most of its characters are set in; a title in a larger size may run wider)."""

    left: float
    right: float

    @classmethod
    def of(cls, lines: Sequence[_Line]) -> _Column:
        if not lines:
            return cls(0.0, 0.0)
        sizes = Counter[float]()
        for line in lines:
            sizes[round(line.size, 1)] += len(line.text)
        body_size = sizes.most_common(1)[0][0]
        body = [line for line in lines if round(line.size, 1) == body_size]
        return cls(min(line.x0 for line in body), max(line.x1 for line in body))

    def paragraphs(self, lines: Sequence[_Line]) -> str:
        """The lines joined into paragraphs: a line that reaches the column's right edge runs on
        into the next (`wrap_glue`) when the next continues it (see `_continues`); every other
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
            parts.append(wrap_glue(line.text, following.text) if self._continues(line, following) else "\n")
            parts.append(following.text)
        return "".join(parts)

    def _continues(self, line: _Line, following: _Line) -> bool:
        """Whether `following` is the next line of `line`'s paragraph: `line` reaches the right
        edge and does not end a sentence; `following` starts at the left edge (not indented, as a
        paragraph's first line is), in the same size, right under it, and is no heading or list
        item; neither is a row of cells (words far apart)."""
        size = line.size
        return (
            line.x1 >= self.right - EDGE_SIZES * size
            and following.x0 <= self.left + INDENT_SIZES * size
            and abs(following.size - size) <= SIZE_TOLERANCE
            and 0 < following.baseline - line.baseline < LEADING_SIZES * size
            and max(line.widest_gap, following.widest_gap) < CELL_GAP_SIZES * size
            and line.text[-1:] not in SENTENCE_ENDS
            and ENUMERATION_MARKER_RE.match(following.text) is None
        )


def _contains(box: BBox, obj: dict[str, Any]) -> bool:
    """Whether the middle of `obj` lies inside `box` (x0, top, x1, bottom)."""
    middle_x = (obj["x0"] + obj["x1"]) / 2
    middle_y = (obj["top"] + obj["bottom"]) / 2
    return box[0] <= middle_x <= box[2] and box[1] <= middle_y <= box[3]


def _table_rows(table: Table) -> list[str]:
    rows = table.extract()
    return table_lines([cell or "" for cell in row] for row in rows)
