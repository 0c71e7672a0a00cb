"""`indicators.csv`: one row per indicator across all reports, for Excel and for scripts.

UTF-8 with a byte-order mark, because Excel opens a BOM-less UTF-8 CSV as the local code page and
shows the Chinese as mojibake. Columns are `rows.INDICATOR_COLUMNS`; numbers are written in their
shortest form (`8`, not `8.0`; `54.77`), blanks as empty cells.

Data stays data: only a free-text cell that Excel could run as a formula gets a leading apostrophe
— one that starts with `=`, `+`, `-`, `@`, a tab or a CR *and has more after it that is not a
number* (`=100%` → `'=100%`, `-无` → `'-无`, `@x` → `'@x`). A report's text is untrusted, and Excel
would otherwise show `#NAME?` at best and run what the report put there at worst. Left exactly as
they are, so that pandas and other readers filter on them: comparators (`=`, `>=` in `target_op`),
a lone `-` placeholder, numbers (`-1087.3`) and signed numbers written as text (`+86`, `-5%`), which
Excel reads as numbers, never as formulas.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from pipeline.export.load import LoadedReport
from pipeline.export.rows import INDICATOR_COLUMNS, indicator_rows
from pipeline.export.sink import TempFileSink

INDICATORS_CSV = "indicators.csv"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SIGNED_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")


def could_be_formula(text: str) -> bool:
    """True for text a spreadsheet would evaluate: a formula start followed by more than a number.

    >>> [could_be_formula(t) for t in ("=100%", "-无", "=", ">=", "-", "+86", "-5%")]
    [True, True, False, False, False, False, False]
    """
    return len(text) > 1 and text.startswith(_FORMULA_STARTS) and not _SIGNED_NUMBER.fullmatch(text)


def csv_cell(value: Any) -> str:
    """One value as CSV text.

    >>> [csv_cell(v) for v in (None, 8.0, 54.77, -1087.3, "=100%", "=", "≥5份")]
    ['', '8', '54.77', '-1087.3', "'=100%", '=', '≥5份']
    """
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value)
    return "'" + text if could_be_formula(text) else text


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
