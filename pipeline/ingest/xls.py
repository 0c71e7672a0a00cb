"""Legacy Excel workbooks (.xls, BIFF) through xlrd 2: every sheet, merged cells filled (see `sheet`).

`formatting_info=True` is needed twice over: xlrd only reports merged ranges with it, and the
number format that tells a percentage from a plain number lives in the cell's XF record.
Dates are stored as numbers; xlrd marks them from their format and they are shown as ISO dates.

Memory: xlrd parses a whole sheet into a grid of per-row arrays (~240 bytes a row with
formatting), and its objects refer to themselves (`_let_go`), so a book read the plain way lives
on — its workbook stream, shared strings, formats and every sheet's grid — until the cycle
collector runs, well into the extraction stages. The book is therefore opened `on_demand`: one
sheet is parsed, turned into text and dropped before the next is parsed, and the book is dropped
once the last one is read, so nothing of xlrd's outlives the reader. Rows are `ragged` (each as
long as its last cell, not the sheet's widest row): a cell past a row's end is empty, unless a
merged range covers it. Figures: bench/memory_files.py ("Then the .xls reader").
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import xlrd
from xlrd.book import Book
from xlrd.sheet import Cell, Sheet

from pipeline.ingest.common import Content, join_segments, library_error, require_text
from pipeline.ingest.sheet import SHEET_SEPARATOR, render_number, render_value, sheet_tables, sheet_text

Position = tuple[int, int]


class _Discard:
    """A log that drops xlrd's notes (`on_demand` is refused for BIFF 2–4 with a printed warning;
    a worker's stdout is not the place for it)."""

    def write(self, text: str) -> int:
        return len(text)


def read_xls(path: Path, data: bytes) -> Content:
    try:
        book = xlrd.open_workbook(
            file_contents=data, formatting_info=True, on_demand=True, ragged_rows=True, logfile=_Discard()
        )
        try:
            parts = list(_sheet_texts(book))
        finally:
            book.release_resources()
            _let_go(book)
    except Exception as exc:  # xlrd raises XLRDError, struct.error, AssertionError… on broken files
        raise library_error("xls", exc, path) from exc
    return require_text(
        sheet_tables(join_segments("sheet", parts, SHEET_SEPARATOR)), path, "no cell has a value"
    )


def _sheet_texts(book: Book) -> Iterator[tuple[str, str]]:
    """(title, text) of each sheet, in order; a sheet is dropped once its text is made."""
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        yield sheet.name, sheet_text(_rows(book, sheet))
        book.unload_sheet(index)
        _let_go(sheet)


def _let_go(parsed: Book | Sheet) -> None:
    """Drop what an xlrd object holds now, not at the next cycle collection: a `Sheet` refers to
    itself (its `put_cell` is a method bound to it and stored on it) and to its `Book`, and a book
    with defined names is referred to by each of them, so neither is freed when the reader lets go."""
    vars(parsed).clear()


def _rows(book: Book, sheet: Sheet) -> Iterator[list[str]]:
    anchors = _merge_anchors(sheet)
    for row in range(sheet.nrows):
        yield [_shown(book, sheet, *anchors.get((row, col), (row, col))) for col in range(sheet.ncols)]


def _shown(book: Book, sheet: Sheet, row: int, column: int) -> str:
    """The text of a cell; a cell past its (ragged) row's end is empty."""
    return _cell_text(book, sheet.cell(row, column)) if column < sheet.row_len(row) else ""


def _cell_text(book: Book, cell: Cell) -> str:
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return render_number(cell.value, _number_format(book, cell))
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return render_value(xlrd.xldate_as_datetime(cell.value, book.datemode))
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return render_number(cell.value)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return render_value(bool(cell.value))
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    return str(cell.value)


def _number_format(book: Book, cell: Cell) -> str:
    """The cell's number format string, "General" when the file carries none."""
    if cell.xf_index is None or cell.xf_index >= len(book.xf_list):
        return "General"
    number_format = book.format_map.get(book.xf_list[cell.xf_index].format_key)
    return number_format.format_str if number_format is not None else "General"


def _merge_anchors(sheet: Sheet) -> dict[Position, Position]:
    """Each cell covered by a merged range (except its top-left) → the range's top-left cell.

    xlrd gives ranges as half-open `(row_lo, row_hi, col_lo, col_hi)`; they are clipped to the sheet.
    """
    anchors: dict[Position, Position] = {}
    for row_lo, row_hi, col_lo, col_hi in sheet.merged_cells:
        for row in range(row_lo, min(row_hi, sheet.nrows)):
            for column in range(col_lo, min(col_hi, sheet.ncols)):
                if (row, column) != (row_lo, col_lo):
                    anchors[(row, column)] = (row_lo, col_lo)
    return anchors
