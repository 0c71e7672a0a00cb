"""HTML tables left inside a text (Markdown converted from PDF writes each table as one line of
`<table><tr><td>…</td></tr></table>`): read the way `ingest.html_tables` reads an HTML file —
`rowspan`/`colspan` repeated into every slot they cover — so the grid passes through as the
source drew it. A repeated slot holds the spanning cell's text and span, marked `inherited`.

    <table><tr><td rowspan="2">产出指标</td><td>培训人次</td></tr><tr><td>合格率</td></tr></table>
    → [产出指标, 培训人次], [产出指标 (inherited), 合格率]

A table may run over several lines, and a cell may hold line breaks; it ends at `</table>`
(or, unclosed, at the last line that holds a row). Tags inside a cell are dropped from its
text; its span is the cell's content as written, tags included.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from pipeline.core.document import Span
from pipeline.layout.lines import Line
from pipeline.layout.recognisers import Claim
from pipeline.layout.types import Cell, GridRow

NAME = "html_rows"
MAX_SPAN = 1000  # a bogus rowspan/colspan must not allocate a huge grid
MAX_LINES = 2000  # lines a table's cells may run over before its `</table>`
_ROW = re.compile(r"<tr\b[^>]*>(.*?)(?:</tr\s*>|(?=<tr\b)|(?=</table))", re.S | re.I)
_CELL = re.compile(r"<(td|th)\b([^>]*)>(.*?)(?:</\1\s*>|(?=<t[dh]\b)|(?=</tr)|$)", re.S | re.I)
_ATTR = re.compile(r"(rowspan|colspan)\s*=\s*[\"']?(\d+)", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def _starts(line: Line) -> bool:
    return "<" in line.text and line.text.lstrip().lower().startswith("<table")  # most lines: no copy


def _closing(lines: Sequence[Line], index: int) -> int | None:
    """The line after this table's `</table>` when it comes before another table opens (within
    `MAX_LINES`): cells may hold line breaks (`评价要点：` / `①…` / `②…`)."""
    for at in range(index, min(len(lines), index + MAX_LINES)):
        lower = lines[at].text.lower()
        if "</table" in lower:
            return at + 1
        if at > index and "<table" in lower:
            return None
    return None


def _end(lines: Sequence[Line], index: int) -> int:
    closing = _closing(lines, index)
    if closing is not None:
        return closing
    at = index
    while at < len(lines):
        if "</table" in lines[at].text.lower():
            return at + 1
        if at > index and "<tr" not in lines[at].text.lower() and "<td" not in lines[at].text.lower():
            return at
        at += 1
    return at


def _cell(text: str, match: re.Match[str]) -> tuple[Cell, int, int]:
    start, end = match.span(3)
    raw = text[start:end]
    clean = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", raw))).strip()
    left = len(raw) - len(raw.lstrip())
    right = len(raw.rstrip())
    span = Span(start + left, start + max(right, left))
    spans = dict((k.lower(), min(int(v), MAX_SPAN)) for k, v in _ATTR.findall(match.group(2)))
    return Cell(clean, span), max(spans.get("rowspan", 1), 1), max(spans.get("colspan", 1), 1)


def read_html_rows(text: str, lines: Sequence[Line], index: int) -> Claim | None:
    if not _starts(lines[index]):
        return None
    end = _end(lines, index)
    start, stop = lines[index].start, lines[end - 1].end
    taken: dict[tuple[int, int], Cell] = {}  # (row, column) slots reserved by a rowspan above
    rows: list[GridRow] = []
    for r, row in enumerate(_ROW.finditer(text, start, stop)):
        cells: list[Cell] = []
        column = 0
        for match in _CELL.finditer(text, row.start(1), row.end(1)):
            while (r, column) in taken:
                cells.append(taken.pop((r, column)))
                column += 1
            cell, rowspan, colspan = _cell(text, match)
            for c in range(colspan):
                slot = cell if c == 0 else cell.inherit()
                cells.append(slot)
                for below in range(1, rowspan):
                    taken[(r + below, column + c)] = cell.inherit()
            column += colspan
        while (r, column) in taken:
            cells.append(taken.pop((r, column)))
            column += 1
        if cells:
            rows.append(GridRow(tuple(cells), Span(row.start(), row.end())))
    return Claim(tuple(rows), end, NAME) if rows else None
