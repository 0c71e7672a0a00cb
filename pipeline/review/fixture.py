"""`pipeline review RUN_DIR --to-fixture REPORT`: a reviewed result as an eval fixture.

The result is taken with `corrections.jsonl` applied, then reduced to what a gold fixture holds
(see evals/README.md): the contract's fields without `evidence`, `confidence`,
`field_confidence`, `met`, `source_kind`, `review`, `errors` and `usage`; `optional` only where
true; no flags; `extractor.backend` "reviewed". It is written to `evals/fixtures/<source stem>.json`
(the name `pipeline eval` pairs with the report file) or `--out`, and never over an existing file
unless `force`.

A fixture made this way is a draft: the eval's gold must come from reading the report in full,
so check every value against the report before committing it.

`REPORT` is a result file stem (`000_7fc1_1a2b3c4d5e`), its file name, or the source report's
file name or stem (`report_2024.txt`), as long as exactly one result matches.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.core.errors import ReviewError
from pipeline.core.schema import validation_errors
from pipeline.export.atomic import write_json_atomic
from pipeline.export.load import CorrectedReports, LoadedReport

FIXTURES_DIR = Path("evals/fixtures")
_DROPPED = ("evidence", "confidence", "field_confidence", "met", "source_kind")


def _strip(record: dict[str, Any]) -> dict[str, Any]:
    kept = {k: v for k, v in record.items() if k not in _DROPPED}
    if not kept.get("optional"):
        kept.pop("optional", None)
    return kept


def to_fixture(result: dict[str, Any]) -> dict[str, Any]:
    """The gold-fixture form of one (corrected) result."""
    projects = [
        {**_strip(project), "indicators": [_strip(i) for i in project.get("indicators") or []]}
        for project in result.get("projects") or []
    ]
    return {
        "schema_version": result.get("schema_version", "1"),
        "source": result.get("source"),
        "report": _strip(result.get("report") or {}),
        "projects": projects,
        "budget_lines": [_strip(line) for line in result.get("budget_lines") or []],
        "flags": [],
        "extractor": {"backend": "reviewed", "version": "1", "prompt_version": None, "model": None},
    }


def _matches(report: LoadedReport, wanted: str) -> bool:
    source = Path(str((report.doc.get("source") or {}).get("path") or ""))
    names = {report.result_file, f"{report.result_file}.json", source.name, source.stem}
    return wanted in names or Path(wanted).name in names


def find_report(run_dir: Path, wanted: str) -> LoadedReport:
    """The one corrected result named by `wanted` (see the module docstring)."""
    reports = CorrectedReports(run_dir)
    found = [report for report in reports if _matches(report, wanted)]
    if not found:
        raise ReviewError(
            f"no result for {wanted!r} (give a result file stem or the report's file name)", run_dir
        )
    if len(found) > 1:
        names = ", ".join(r.result_file for r in found)
        raise ReviewError(f"{wanted!r} names several results ({names}); give a result file stem", run_dir)
    return found[0]


def write_fixture(run_dir: Path, wanted: str, out: Path | None = None, force: bool = False) -> Path:
    """Write the reviewed result as a fixture; return where (see the module docstring)."""
    report = find_report(run_dir, wanted)
    fixture = to_fixture(report.doc)
    errors = validation_errors(fixture)
    if errors:
        raise ReviewError(
            "the reviewed result breaks report.schema.json: " + "; ".join(errors[:5]), report.result_file
        )
    source_stem = Path(str((fixture.get("source") or {}).get("path") or report.result_file)).stem
    target = out or FIXTURES_DIR / f"{source_stem}.json"
    if target.exists() and not force:
        raise ReviewError("a fixture is already there; pass --force to replace it", target)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_json_atomic(target, json.loads(json.dumps(fixture)))
    return target
