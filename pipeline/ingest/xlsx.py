"""Excel workbooks (.xlsx) through openpyxl: every worksheet, merged cells filled (see `sheet`).

The workbook is opened with `read_only=False` (read-only mode does not know merged ranges) and
`data_only=True`, so a formula cell shows the value Excel cached when it last saved the file
(a formula never calculated by Excel reads as empty). Chart sheets have no cells and are skipped.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.ingest.common import Content, join_segments, library_error, require_text, sheet_tables
from pipeline.ingest.sheet import SHEET_SEPARATOR, render_value, sheet_text

Position = tuple[int, int]


def read_xlsx(path: Path, data: bytes) -> Content:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
        parts = [(sheet.title, sheet_text(_rows(sheet))) for sheet in workbook.worksheets]
    except Exception as exc:  # zipfile/openpyxl/lxml raise many types; the user needs one line
        raise library_error("xlsx", exc, path) from exc
    return require_text(
        sheet_tables(join_segments("sheet", parts, SHEET_SEPARATOR)), path, "no cell has a value"
    )


def _rows(sheet: Worksheet) -> Iterator[list[str]]:
    anchors = _merge_anchors(sheet)
    for row in sheet.iter_rows():
        cells = []
        for cell in row:
            anchor = anchors.get((cell.row, cell.column))
            shown = sheet.cell(*anchor) if anchor else cell
            cells.append(render_value(shown.value, shown.number_format))
        yield cells


def _merge_anchors(sheet: Worksheet) -> dict[Position, Position]:
    """Each cell covered by a merged range (except its top-left) → that range's top-left cell.

    Ranges are clipped to the used area, so a merge over whole columns costs no more than the data.
    """
    anchors: dict[Position, Position] = {}
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row, merged.min_col
        for row in range(top, min(merged.max_row, sheet.max_row) + 1):
            for column in range(left, min(merged.max_col, sheet.max_column) + 1):
                if (row, column) != (top, left):
                    anchors[(row, column)] = (top, left)
    return anchors
