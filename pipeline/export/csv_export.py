"""`indicators.csv`: one row per indicator across all reports, for Excel and for scripts.

UTF-8 with a byte-order mark, because Excel opens a BOM-less UTF-8 CSV as the local code page and
shows the Chinese as mojibake. Columns are `rows.INDICATOR_COLUMNS`; numbers are written in their
shortest form (`8`, not `8.0`; `54.77`), blanks as empty cells.

Text cells that start with `=`, `+`, `-` or `@` get a leading apostrophe (`=1个` → `'=1个`):
targets are often written `=100%`, and Excel would otherwise run the cell as a formula — at best
showing `#NAME?`, at worst running what an untrusted report put there. Numbers are never changed
(`-1087.3` stays a number).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from pipeline.export.load import LoadedReport
from pipeline.export.rows import INDICATOR_COLUMNS, indicator_rows
from pipeline.export.sink import TempFileSink

INDICATORS_CSV = "indicators.csv"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """One value as CSV text.

    >>> [csv_cell(v) for v in (None, 8.0, 54.77, -1087.3, "=100%", "≥5份")]
    ['', '8', '54.77', '-1087.3', "'=100%", '≥5份']
    """
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


class CsvSink(TempFileSink):
    def __init__(self, target: Path) -> None:
        super().__init__(target)
        self._file = self.temp.open("w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._file)
        self._writer.writerow(INDICATOR_COLUMNS)

    def add(self, report: LoadedReport) -> None:
        for row in indicator_rows(report.doc, report.result_file, report.duplicates):
            self._writer.writerow([csv_cell(value) for value in row.values()])

    def close(self) -> None:
        self._file.close()
