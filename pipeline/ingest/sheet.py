"""What the two workbook readers (xlsx, xls) share: cell values as a person reads them, rows as lines.

Each sheet becomes one `Segment(kind="sheet", name=<sheet title>)`; sheets are joined by a blank
line (`"\\n\\n"`), the segment spanning the sheet's text without it. Within a sheet:

- one line per row, cells joined by tabs, trailing empty cells trimmed, fully empty rows skipped;
- a merged range shows its top-left value (and number format) in every cell it covers;
- values are rendered as the sheet shows them, not as Python reprs: `3.0` → `"3"`, `12.5` → `"12.5"`,
  `0.5477` under the format `0.00%` → `"54.77%"` (percent formats follow their decimal places, so
  `0%` shows `"55%"`), dates → `"2024-12-31"`, booleans → `"TRUE"`/`"FALSE"`. Other number formats
  (thousands separators, fixed decimals, currency) are not applied: the plain number is kept.

The sheet's tables are its runs of rows of two or more cells (`sheet_tables`); its lines of one cell
(a title, a heading, paragraphs of a report typed down column A) are text around them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from pipeline.core.document import Segment, Span
from pipeline.ingest.common import Content, one_line

SHEET_SEPARATOR = "\n\n"

_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # "text", \x escapes, [Red]/[>100] brackets
_PLACEHOLDERS = re.compile(r"[0#?]*")


def sheet_text(rows: Iterable[Sequence[str]]) -> str:
    """A sheet's rows as tab-separated lines (trailing empty cells trimmed, empty rows skipped)."""
    lines = []
    for row in rows:
        cells = [one_line(cell) for cell in row]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            lines.append("\t".join(cells))
    return "\n".join(lines)


def sheet_tables(content: Content) -> Content:
    """A workbook's content with its tables marked (`Content.tables`): in each sheet, every run of
    rows of two or more cells (lines holding a tab), a lone one-cell row between two of them
    included. Two or more one-cell rows in a row are text between tables, and so are the one-cell
    rows above a sheet's first table and below its last: the layout reads them as prose, as it
    reads the paragraphs around a Word table, instead of making each a table row of its own.

    A sheet of a title, a table whose rows are cut by a one-cell section row, two lines of notes
    and a second table

        某县项目绩效自评表            (one cell: prose)
        一级指标\\t二级指标\\t指标值    ┐
        产出指标\\t数量指标\\t≥10个     │ one table: the lone one-cell row
        二、效益指标                  │ (a section row, or a row whose other
        效益指标\\t社会效益\\t有效提高  ┘ cells are empty) stays inside
        注：指标值按批复填写。        (two one-cell rows: prose)
        数据来源：项目单位。
        项目\\t预算数                  ┐ a second table
        培训经费\\t12.5               ┘

    marks two tables. A sheet with no row of two cells marks none.
    """
    spans = tuple(span for segment in content.segments for span in _row_runs(content.text, segment))
    return replace(content, tables=spans)


# This many one-cell rows in a row end a sheet's table (one alone is a row of the table).
TEXT_BETWEEN_TABLES = 2


def _row_runs(text: str, segment: Segment) -> Iterator[Span]:
    """The spans of the runs of table rows in `text[segment.start:segment.end]` (`sheet_tables`)."""
    run_start = run_end = -1  # the current run: its first row's start and its last row's end
    text_rows = 0  # one-cell rows since the last table row
    offset = segment.start
    while offset < segment.end:
        stop = text.find("\n", offset, segment.end)
        stop = segment.end if stop < 0 else stop
        if text.find("\t", offset, stop) < 0:
            text_rows += 1
        else:
            if run_start < 0 or text_rows >= TEXT_BETWEEN_TABLES:
                if run_start >= 0:
                    yield Span(run_start, run_end)
                run_start = offset
            run_end, text_rows = stop, 0
        offset = stop + 1
    if run_start >= 0:
        yield Span(run_start, run_end)


def render_value(value: object, number_format: str = "General") -> str:
    """A cell value as the sheet displays it (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return render_number(value, number_format)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def render_number(value: float, number_format: str = "General") -> str:
    """`3.0` → `"3"`; under a percent format `0.5477` → `"54.77%"` (decimals from the format).

    >>> render_number(0.5477, "0.00%"), render_number(3.0), render_number(0.1 + 0.2)
    ('54.77%', '3', '0.3')
    """
    decimals = percent_decimals(number_format)
    if decimals is not None and math.isfinite(value):
        return f"{value * 100:.{decimals}f}%"
    return plain_number(value)


def plain_number(value: float) -> str:
    """Shortest natural rendering: integers without `.0`, floats to 15 significant digits, no exponent."""
    if isinstance(value, int) or not math.isfinite(value):
        return str(value)
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    text = f"{value:.15g}"
    if "e" in text:  # 1e-07 or 1.5e+20: a person reads the digits, not the exponent
        text = f"{value:.20f}".rstrip("0").rstrip(".") if abs(value) < 1 else f"{value:.0f}"
    return text


def percent_decimals(number_format: str) -> int | None:
    """Decimal places of a percent number format (`"0.00%"` → 2, `"0%"` → 0), None if not percent.

    Only the format's first section (positive numbers) counts; quoted text, escaped characters and
    bracketed colours/conditions are ignored, so `0.0"%"` is not a percent format.
    """
    section = _LITERALS.sub("", number_format.split(";", 1)[0])
    head, percent, _ = section.partition("%")
    if not percent:
        return None
    _, dot, fraction = head.rpartition(".")
    match = _PLACEHOLDERS.match(fraction)
    return len(match.group()) if dot and match else 0
