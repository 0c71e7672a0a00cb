"""`results.xlsx`: the same data as the CSV, plus budgets, budget lines and flags, for people.

Sheets: `indicators` (rows.INDICATOR_COLUMNS), `budgets` (one row per project), `budget_lines`,
`flags`. Every sheet has a bold, frozen header row and an auto-filter over its data. Indicator rows
whose confidence is below `review_threshold` (or unknown) are shaded light orange; a comment on the
`confidence` header explains the shading.

The workbook is written in openpyxl's write-only mode, so rows stream to disk and memory stays flat.
Text is always stored as text: openpyxl would otherwise turn a target written `=100%` into a
formula. Characters that XML cannot hold (control characters from bad conversions) are dropped.
"""

from __future__ import annotations

import contextlib
import copy
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from pipeline.export.load import LoadedReport
from pipeline.export.rows import (
    BUDGET_COLUMNS,
    BUDGET_LINE_COLUMNS,
    FLAG_COLUMNS,
    INDICATOR_COLUMNS,
    budget_line_rows,
    budget_rows,
    flag_rows,
    indicator_rows,
)
from pipeline.export.sink import TempFileSink

RESULTS_XLSX = "results.xlsx"
LOW_CONFIDENCE_FILL = PatternFill(fill_type="solid", fgColor="FFF4CCCC")
_HEADER_FONT = Font(bold=True)
_WIDE = {"report": 40, "project": 30, "name": 36, "message": 60, "deviation_reason": 40, "target_raw": 16}
_SHEETS = {
    "indicators": INDICATOR_COLUMNS,
    "budgets": BUDGET_COLUMNS,
    "budget_lines": BUDGET_LINE_COLUMNS,
    "flags": FLAG_COLUMNS,
}


def _cell(sheet: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the report wrote
    return cell


class _RowWriter:
    """Turns values into what a write-only sheet appends, cheaply.

    Plain values go in as they are (openpyxl makes the cells); only a value that needs more — text
    starting with `=` (kept as text), or a shaded row — gets a `WriteOnlyCell`. Shading copies one
    precomputed style instead of assigning `cell.fill`, which re-hashes the fill for every cell and
    made a 40,000-row sheet take half a minute.
    """

    def __init__(self, sheet: WriteOnlyWorksheet) -> None:
        self.sheet = sheet
        template = WriteOnlyCell(sheet)
        template.fill = LOW_CONFIDENCE_FILL
        self._shaded_style = template._style

    def row(self, values: tuple[Any, ...], shaded: bool) -> list[Any]:
        return [self._value(value, shaded) for value in values]

    def _value(self, value: Any, shaded: bool) -> Any:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        formula_like = isinstance(value, str) and value.startswith("=")
        if not (formula_like or shaded):
            return value
        cell = WriteOnlyCell(self.sheet, value=value)
        if formula_like:
            cell.data_type = "s"
        if shaded:
            cell._style = copy.copy(self._shaded_style)
        return cell


class XlsxSink(TempFileSink):
    def __init__(self, target: Path, review_threshold: float) -> None:
        super().__init__(target)
        self.threshold = review_threshold
        book = Workbook(write_only=True)
        self._book: Workbook | None = book
        self._sheets = {name: book.create_sheet(name) for name in _SHEETS}
        self._writers = {name: _RowWriter(sheet) for name, sheet in self._sheets.items()}
        self._rows = dict.fromkeys(_SHEETS, 1)
        for name, columns in _SHEETS.items():
            self._header(self._sheets[name], columns)

    def _header(self, sheet: WriteOnlyWorksheet, columns: tuple[str, ...]) -> None:
        sheet.freeze_panes = "A2"
        for index, column in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = _WIDE.get(column, 12)
        cells = [_cell(sheet, column) for column in columns]
        for cell in cells:
            cell.font = _HEADER_FONT
        if "confidence" in columns:
            note = f"Shaded rows: confidence below {self.threshold} (review_threshold). Check them."
            cells[columns.index("confidence")].comment = Comment(note, "pipeline")
        sheet.append(cells)

    def _append(self, name: str, values: tuple[Any, ...], shaded: bool = False) -> None:
        self._sheets[name].append(self._writers[name].row(values, shaded))
        self._rows[name] += 1

    def add(self, report: LoadedReport) -> None:
        for row in indicator_rows(report.doc, report.result_file, report.duplicates):
            low = row.confidence is None or row.confidence < self.threshold
            self._append("indicators", row.values(), shaded=low)
        for values in budget_rows(report.doc):
            self._append("budgets", values)
        for values in budget_line_rows(report.doc):
            self._append("budget_lines", values)
        for values in flag_rows(report.doc):
            self._append("flags", values)

    def close(self) -> None:
        if self._book is None:
            return
        for name, columns in _SHEETS.items():
            last = get_column_letter(len(columns))
            self._sheets[name].auto_filter.ref = f"A1:{last}{self._rows[name]}"
        book, self._book = self._book, None
        book.save(self.temp)

    def discard(self) -> None:
        """Drop the workbook unsaved: finish each sheet's stream and delete openpyxl's temp files."""
        self._book = None
        for sheet in self._sheets.values():
            with contextlib.suppress(Exception):  # best effort: we are already failing
                sheet.close()
                sheet._writer.cleanup()
        super().discard()
