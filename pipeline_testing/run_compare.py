"""Compare two run directories export by export: are they the same run, row for row?

Used by the tests and the bench section "sharded = unsharded" to check that shard runs merged by
`pipeline merge` equal one unsharded run. What is compared, and what is ignored:

- `results.jsonl`, `indicators.csv` and the review pages (`review/*.html`): byte for byte;
- `results.sqlite`: every table's rows in rowid order;
- `results.xlsx`: every sheet's cell values in order (the file itself differs: it stores the time
  it was written);
- `errors.jsonl`: the set of lines without their `time` (lines arrive in completion order);
- `manifest.jsonl`: the latest line per path without its `time`.

    >>> export_differences(Path("runs/whole"), Path("runs/merged"))   # doctest: +SKIP
    []
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

Reader = Callable[[Path], Any]


def export_differences(first: Path, second: Path) -> list[str]:
    """One line per export that differs between the two run directories (empty: the same run)."""
    return [f"{name} differs" for name, same in compare_exports(first, second).items() if not same]


def compare_exports(first: Path, second: Path) -> dict[str, bool]:
    """Export name → whether the two run directories hold the same (a file absent from both is the same)."""
    readers: dict[str, Reader] = {
        "results.jsonl": _bytes,
        "indicators.csv": _bytes,
        "results.sqlite": _sqlite_rows,
        "results.xlsx": _xlsx_cells,
        "errors.jsonl": _errors,
        "manifest.jsonl": _latest_manifest,
    }
    pages = {p.relative_to(run) for run in (first, second) for p in (run / "review").glob("*.html")}
    readers |= {str(page): _bytes for page in sorted(pages)}
    return {
        name: _read_or_none(read, first / name) == _read_or_none(read, second / name)
        for name, read in readers.items()
    }


def _read_or_none(read: Reader, path: Path) -> Any:
    return read(path) if path.exists() else None


def _bytes(path: Path) -> bytes:
    return path.read_bytes()


def _sqlite_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {
            table: list(db.execute(f'SELECT * FROM "{table}" ORDER BY rowid')) for table in sorted(tables)
        }


def _xlsx_cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    book = load_workbook(path, read_only=True)
    try:
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}
    finally:
        book.close()


def _without_time(line: str) -> str:
    record = json.loads(line)
    record.pop("time", None)
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def _errors(path: Path) -> list[str]:
    return sorted(_without_time(line) for line in path.read_text(encoding="utf-8").splitlines() if line)


def _latest_manifest(path: Path) -> dict[str, str]:
    latest: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line:
            latest[json.loads(line)["path"]] = _without_time(line)
    return latest
