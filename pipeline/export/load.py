"""Reading a run directory's per-report results, one at a time, with corrections applied.

A run directory (written by `pipeline ingest`) holds `reports/<stem>.json`, one validated
`ReportExtraction` per report, and optionally `corrections.jsonl`. Exports and the summary stream
over the results in file-name order, so memory stays flat however many reports there are:

    >>> reports = CorrectedReports(Path("runs/2024"))      # doctest: +SKIP
    >>> for report in reports:                              # one dict in memory at a time
    ...     write(report.doc)
    >>> reports.problems                                    # bad lines, missing paths, unknown reports
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.core.errors import ExportError
from pipeline.export.atomic import read_jsonl
from pipeline.export.corrections import Correction, CorrectionLog, apply_corrections, read_corrections

REPORTS_DIR = "reports"
ERRORS_FILE = "errors.jsonl"
MANIFEST_FILE = "manifest.jsonl"


@dataclass(frozen=True)
class LoadedReport:
    """One result after corrections; `result_file` is the file's stem, the key corrections use."""

    result_file: str
    doc: dict[str, Any]
    applied: tuple[Correction, ...] = ()
    duplicates: tuple[str, ...] = ()  # other paths with the same bytes, not extracted again


def duplicates_by_result(run_dir: Path) -> dict[str, tuple[str, ...]]:
    """Result stem → paths the manifest records as duplicates of that report (latest line per path).

    `ingest` extracts identical content once and writes a `duplicate` manifest line for every
    other path holding it; the exports show those paths in a `duplicates` column.
    """
    latest: dict[str, dict[str, Any]] = {}
    for entry in read_jsonl(run_dir / MANIFEST_FILE):
        if isinstance(entry.get("path"), str):
            latest[entry["path"]] = entry
    found: dict[str, list[str]] = {}
    for path, entry in latest.items():
        if entry.get("status") == "duplicate" and isinstance(entry.get("result"), str):
            found.setdefault(Path(entry["result"]).stem, []).append(path)
    return {stem: tuple(sorted(paths)) for stem, paths in found.items()}


def source_paths_by_result(run_dir: Path) -> dict[str, str]:
    """Result stem → the absolute path of the file it was extracted from (latest manifest line).

    A result's `source.path` is the path as `ingest` was given it (`../reports/a.txt`), relative to
    the directory `ingest` ran in; the manifest keeps its absolute form, so a review started in
    another directory still finds the file. A `duplicate` line names another file with the same
    bytes: it stands in only where the report's own file has no line.
    """
    own: dict[str, str] = {}
    copies: dict[str, str] = {}
    for entry in read_jsonl(run_dir / MANIFEST_FILE):
        path, result = entry.get("path"), entry.get("result")
        if isinstance(path, str) and isinstance(result, str):
            (copies if entry.get("status") == "duplicate" else own)[Path(result).stem] = path
    return {**copies, **own}


def require_run_dir(run_dir: Path) -> None:
    """Refuse a path that `pipeline ingest` did not write: it always creates `RUN_DIR/reports/`.

    `summary`, `export` and `review` call it before anything else, so a typo in the path is one
    clear error instead of a summary of zeros or an empty export.
    """
    if not run_dir.is_dir():
        raise ExportError("not a run directory (run `pipeline ingest ... --out` first)", run_dir)
    if not (run_dir / REPORTS_DIR).is_dir():
        reason = (
            f"not a run directory (it has no {REPORTS_DIR}/ folder; run `pipeline ingest ... --out` first)"
        )
        raise ExportError(reason, run_dir)


def result_files(run_dir: Path) -> list[Path]:
    """`reports/*.json` in name order, ignoring hidden files (temporaries of a killed writer)."""
    require_run_dir(run_dir)
    folder = run_dir / REPORTS_DIR
    return sorted(path for path in folder.glob("*.json") if not path.name.startswith("."))


class CorrectedReports:
    """Iterate a run's results with corrections applied; collect problems instead of raising.

    After the iteration, `problems` also names corrections for reports that have no result file.
    `log` keeps every correction line (for the audit table), not just the winners.
    """

    def __init__(self, run_dir: Path) -> None:
        self.run_dir = run_dir
        self.files = result_files(run_dir)
        self.log: CorrectionLog = read_corrections(run_dir)
        self.problems: list[str] = list(self.log.problems)
        self.duplicates = duplicates_by_result(run_dir)

    def __iter__(self) -> Iterator[LoadedReport]:
        latest = self.log.latest()
        for path in self.files:
            doc = self._load(path)
            if doc is None:
                continue
            result = apply_corrections(doc, latest.pop(path.stem, []))
            self.problems.extend(result.problems)
            yield LoadedReport(path.stem, result.doc, result.applied, self.duplicates.get(path.stem, ()))
        for report, corrections in latest.items():
            lines = ", ".join(str(c.line) for c in corrections)
            self.problems.append(f"corrections for unknown report {report!r} (lines {lines}) not applied")

    def _load(self, path: Path) -> dict[str, Any] | None:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            self.problems.append(f"{path}: cannot read result ({exc}); skipped")
            return None
        if not isinstance(doc, dict):
            self.problems.append(f"{path}: result is not a JSON object; skipped")
            return None
        return doc
