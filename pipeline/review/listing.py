"""The fields a person should look at: under the review threshold and not yet decided.

A field is one entry of a record's `field_confidence` (`target`, `budget.spent`, `fiscal_year`)
in a run's result files (`RUN_DIR/reports/<stem>.json`). It is *under the threshold* when its
confidence is below `Config.review_threshold`, and *decided* when `corrections.jsonl` has a line
for it — at its path or below it (`…target.value` decides `…target`). Which decisions count is
the caller's choice: the listing hides fields a person accepted, edited or rejected; the
interactive review also passes over the ones skipped, so a restarted review continues where the
last one stopped.

`pipeline review RUN_DIR --list` prints one TSV row per field:

    report  path  record  field  value  confidence  reasons
    000_7fc1…  projects[0].indicators[5].target  培训班次  target  ≥10个  0.36  prose reading…; normalised…
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pipeline.core.errors import ReviewError
from pipeline.export.corrections import REVIEWED, CorrectionLog, read_corrections
from pipeline.export.load import result_files
from pipeline.export.queue import ReviewField, display_json, low_fields, value_at

__all__ = ["ReviewField", "display_json", "low_fields", "value_at"]

TSV_COLUMNS = ("report", "path", "record", "field", "value", "confidence", "reasons")
_TSV_UNSAFE = re.compile(r"[\t\r\n]+")


def decided_paths(log: CorrectionLog, report: str, decisions: Iterable[str]) -> set[str]:
    """Paths with a latest correction whose decision is one of `decisions`."""
    wanted = set(decisions)
    return {c.path for c in log.latest().get(report, []) if c.decision in wanted}


def is_decided(path: str, decided: set[str]) -> bool:
    """Decided at the path itself or below it (`x.target.value` decides `x.target`)."""
    return any(d == path or d.startswith((path + ".", path + "[")) for d in decided)


def load_result(path: Path) -> dict[str, Any]:
    try:
        result = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReviewError(f"cannot read result: {exc}", path) from exc
    if not isinstance(result, dict):
        raise ReviewError("result is not a JSON object", path)
    return result


def pending_fields(run_dir: Path, threshold: float, decisions: Iterable[str] = REVIEWED) -> list[ReviewField]:
    """Fields under the threshold in every result of the run, minus those decided."""
    log = read_corrections(run_dir)
    decisions = tuple(decisions)
    pending = []
    for path in result_files(run_dir):
        decided = decided_paths(log, path.stem, decisions)
        pending += [
            f for f in low_fields(path.stem, load_result(path), threshold) if not is_decided(f.path, decided)
        ]
    return pending


def _cell(text: str) -> str:
    return _TSV_UNSAFE.sub(" ", text)


def to_tsv(fields: Iterable[ReviewField]) -> str:
    rows = ["\t".join(TSV_COLUMNS)]
    for f in fields:
        cells = (f.report, f.path, f.record, f.field, f.display, f"{f.confidence:g}", "; ".join(f.reasons))
        rows.append("\t".join(_cell(c) for c in cells))
    return "\n".join(rows) + "\n"


def to_json(fields: Iterable[ReviewField]) -> str:
    items = [{**asdict(f), "display": f.display} for f in fields]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
