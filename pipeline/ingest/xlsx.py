"""Excel workbooks (.xlsx) through openpyxl: every worksheet, merged cells filled (see `sheet`).

The workbook is opened with `read_only=True`, which streams each sheet's rows instead of building
a cell object per cell (openpyxl's full mode costs ~100× the file size), and `data_only=True`, so
a formula cell shows the value Excel cached when it last saved the file (a formula never
calculated by Excel reads as empty). Chart sheets have no cells and are skipped.

Read-only mode does not know merged ranges, so each sheet's `<mergeCells>` (written after its
rows) is read first by a streaming parse of the sheet's XML that keeps nothing but the ranges.
The sheet then reads as openpyxl's full mode shows it: every cell a range covers shows the range's
top-left value (and number format), including covered cells and rows the file leaves out. Given
`A2:A3` merged with `A2 = 产出指标`, row 3 reads `"产出指标\\t质量指标…"`.
"""

from __future__ import annotations

import io
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import openpyxl
from lxml import etree
from openpyxl.utils.cell import range_boundaries
from openpyxl.xml.constants import SHEET_MAIN_NS

from pipeline.ingest.common import Content, join_segments, library_error, require_text
from pipeline.ingest.sheet import SHEET_SEPARATOR, render_value, sheet_tables, sheet_text

_ROW, _MERGED, _MERGED_CELL = (
    f"{{{SHEET_MAIN_NS}}}row",
    f"{{{SHEET_MAIN_NS}}}mergeCells",
    f"{{{SHEET_MAIN_NS}}}mergeCell",
)


@dataclass(slots=True)
class _Merge:
    """A merged range (1-based, inclusive), its rank among the sheet's ranges (a cell two ranges
    cover shows the later one's value), and the text of its top-left cell once that is read."""

    top: int
    left: int
    bottom: int
    right: int
    rank: int = 0
    text: str = field(default="")


def read_xlsx(path: Path, data: bytes) -> Content:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            parts = [(sheet.title, sheet_text(_rows(sheet))) for sheet in workbook.worksheets]
        finally:
            workbook.close()
    except Exception as exc:  # zipfile/openpyxl/lxml raise many types; the user needs one line
        raise library_error("xlsx", exc, path) from exc
    return require_text(
        sheet_tables(join_segments("sheet", parts, SHEET_SEPARATOR)), path, "no cell has a value"
    )


def _rows(sheet: Any) -> Iterator[list[str]]:
    """The sheet's rows from row 1, each cell rendered, merged ranges filled from their top-left cell."""
    with sheet._get_source() as source:  # the sheet's XML in the open archive (read-only mode)
        pending = deque(sorted(_merged_ranges(source), key=lambda merge: merge.top))
    sheet.reset_dimensions()  # the file's <dimension> may be wrong: read every row and cell it has
    active: list[_Merge] = []
    read = 0
    for read, cells in enumerate(sheet.iter_rows(), start=1):
        texts = [render_value(cell.value, cell.number_format) for cell in cells]
        yield _fill(texts, read, pending, active)
    last = max((merge.bottom for merge in (*pending, *active)), default=0)
    for number in range(read + 1, last + 1):  # rows only merged ranges cover
        yield _fill([], number, pending, active)


def _fill(texts: list[str], row: int, pending: deque[_Merge], active: list[_Merge]) -> list[str]:
    """Row `row`'s texts with the cells of merged ranges shown as their top-left cell.

    `pending` (ranges not reached yet, by top row) and `active` (ranges over this row, by rank)
    are updated. A top-left cell that another range covers shows as empty in its own range, as
    in openpyxl's full mode, where that cell has become a `MergedCell` without a value.
    """
    starting = []
    while pending and pending[0].top <= row:
        starting.append(pending.popleft())
    active[:] = sorted([m for m in active if m.bottom >= row] + starting, key=lambda m: m.rank)
    for merge in starting:
        covered = any(_covers(other, row, merge.left) for other in active if other is not merge)
        if not covered and merge.left <= len(texts):
            merge.text = texts[merge.left - 1]
    for merge in active:
        if len(texts) < merge.right:
            texts.extend([""] * (merge.right - len(texts)))
        for column in range(merge.left, merge.right + 1):
            if (row, column) != (merge.top, merge.left):
                texts[column - 1] = merge.text
    return texts


def _covers(merge: _Merge, row: int, column: int) -> bool:
    """Whether (row, column) is a cell of `merge` other than its top-left one."""
    inside = merge.top <= row <= merge.bottom and merge.left <= column <= merge.right
    return inside and (row, column) != (merge.top, merge.left)


def _merged_ranges(source: IO[bytes]) -> list[_Merge]:
    """The `<mergeCells>` of a sheet's XML, read as a stream (rows are dropped as they end), each
    ranked as openpyxl's full mode applies them (the iteration order of its set of ranges)."""
    bounds = []
    events = etree.iterparse(source, events=("end",), tag=(_ROW, _MERGED_CELL), resolve_entities=False)
    for _, element in events:
        parent = element.getparent()
        if element.tag == _MERGED_CELL:
            if parent is not None and parent.tag == _MERGED:
                left, top, right, bottom = range_boundaries(element.get("ref", ""))
                bounds.append((top, left, bottom, right))
            continue
        element.clear()
        while parent is not None and element.getprevious() is not None:
            del parent[0]
    # openpyxl keeps a worksheet's ranges in a set built from a set of them (`MultiCellRange`), each
    # hashed as this (min_row, min_col, max_row, max_col) tuple: the same hashes inserted in the same
    # order iterate in the same order, which decides the cells two overlapping ranges cover.
    ranked = set(bound for bound in set(bounds))
    return [_Merge(*bound, rank=rank) for rank, bound in enumerate(ranked)]
