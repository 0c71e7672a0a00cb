"""PDF (.pdf): the text layer page by page, ruled tables as tab-separated rows.

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

A PDF with no characters on any page is a scan: refused with "no text layer; needs OCR".
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pdfplumber
from pdfplumber.page import Page
from pdfplumber.table import Table

from pipeline.core.document import Span
from pipeline.core.errors import IngestError
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
    pieces: list[tuple[str, bool]] = []
    band_top = -math.inf
    for table in tables:
        pieces.append((_band_text(page, band_top, table.bbox[1], boxes), False))
        pieces.extend((row, True) for row in _table_rows(table))
        band_top = table.bbox[1]
    pieces.append((_band_text(page, band_top, math.inf, boxes), False))
    return [(piece, is_row) for piece, is_row in pieces if piece]


def _is_data_table(table: Table) -> bool:
    """A table with two or more columns somewhere; a lone ruled box (a frame round a paragraph) is not."""
    return any(sum(cell is not None for cell in row.cells) >= 2 for row in table.rows)


def _band_text(page: Page, top: float, bottom: float, tables: Sequence[BBox]) -> str:
    """Text of the characters whose vertical middle is in `[top, bottom)` and that lie in no table."""

    def keep(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        middle_y = (obj["top"] + obj["bottom"]) / 2
        return top <= middle_y < bottom and not any(_contains(box, obj) for box in tables)

    text: str = page.filter(keep).extract_text()
    return text.strip("\n")


def _contains(box: BBox, obj: dict[str, Any]) -> bool:
    """Whether the middle of `obj` lies inside `box` (x0, top, x1, bottom)."""
    middle_x = (obj["x0"] + obj["x1"]) / 2
    middle_y = (obj["top"] + obj["bottom"]) / 2
    return box[0] <= middle_x <= box[2] and box[1] <= middle_y <= box[3]


def _table_rows(table: Table) -> list[str]:
    rows = table.extract()
    return table_lines([cell or "" for cell in row] for row in rows)
