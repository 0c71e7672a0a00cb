"""The eval cases: each gold fixture with the report it labels.

A case is `evals/fixtures/<stem>.json` plus the one file in the reports directory with the same
stem (`<stem>.txt`, `.docx`, `.pdf` …). A fixture without a report is still a case (it scores 0,
with the reason recorded); a report without a fixture is not labelled and is only listed as
skipped.

Fixtures are checked against the output contract before scoring, so a labelling slip (`"op": "≥"`,
a missing `deviation_reason`) stops the eval with the file and the reason instead of silently
scoring against a malformed gold. The top-level bookkeeping a fixture may leave out (`source`,
`extractor`, `flags`, …) is filled with placeholders for that check only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.core.errors import EvalError
from pipeline.core.schema import validation_errors

_PLACEHOLDERS: dict[str, Any] = {
    "schema_version": "1",
    "source": {"path": "", "sha256": "", "format": ""},
    "extractor": {"backend": "gold", "version": "", "prompt_version": None, "model": None},
    "projects": [],
    "budget_lines": [],
    "flags": [],
}


@dataclass(frozen=True)
class EvalCase:
    """One labelled report. `report` is None when no report file carries the fixture's stem."""

    name: str
    fixture: Path
    report: Path | None


@dataclass(frozen=True)
class CaseSet:
    cases: tuple[EvalCase, ...]
    unlabelled: tuple[str, ...]  # report files without a fixture, by name


def report_files(reports_dir: Path) -> dict[str, list[Path]]:
    """The report files of a directory by stem (hidden files left out)."""
    if not reports_dir.is_dir():
        raise EvalError("reports directory not found", reports_dir)
    by_stem: dict[str, list[Path]] = {}
    for path in sorted(reports_dir.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            by_stem.setdefault(path.stem, []).append(path)
    return by_stem


def find_cases(reports_dir: Path, fixtures_dir: Path) -> CaseSet:
    """Pair every fixture with its report, sorted by name."""
    if not fixtures_dir.is_dir():
        raise EvalError("fixtures directory not found", fixtures_dir)
    fixtures = sorted(fixtures_dir.glob("*.json"))
    if not fixtures:
        raise EvalError("no gold fixtures (*.json) to score against", fixtures_dir)
    reports = report_files(reports_dir)
    cases = []
    for fixture in fixtures:
        matches = reports.get(fixture.stem, [])
        if len(matches) > 1:
            names = ", ".join(path.name for path in matches)
            raise EvalError(f"several reports share the fixture's stem: {names}", fixture)
        cases.append(EvalCase(fixture.stem, fixture, matches[0] if matches else None))
    labelled = {fixture.stem for fixture in fixtures}
    unlabelled = tuple(path.name for stem, paths in reports.items() if stem not in labelled for path in paths)
    return CaseSet(tuple(cases), unlabelled)


def load_fixture(path: Path) -> dict[str, Any]:
    """The gold dict of one fixture, checked against the output contract."""
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvalError(f"cannot read fixture: {exc}", path) from exc
    if not isinstance(gold, dict):
        raise EvalError("fixture is not a JSON object", path)
    errors = validation_errors({**_PLACEHOLDERS, **gold})
    if errors:
        raise EvalError("fixture breaks report.schema.json: " + "; ".join(errors[:5]), path)
    return gold
