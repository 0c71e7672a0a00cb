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
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pipeline.core.errors import ReviewError
from pipeline.export.corrections import REVIEWED, CorrectionLog, read_corrections
from pipeline.export.load import result_files

TSV_COLUMNS = ("report", "path", "record", "field", "value", "confidence", "reasons")
_TSV_UNSAFE = re.compile(r"[\t\r\n]+")


@dataclass(frozen=True)
class ReviewField:
    """One low-confidence field. `value` is the JSON value at `path` (a dict for a target);
    `evidence` is its span in Document.text, when it was found."""

    report: str
    path: str
    record: str
    field: str
    value: Any
    confidence: float
    reasons: tuple[str, ...]
    evidence: tuple[int, int] | None

    @property
    def display(self) -> str:
        return display_json(self.value)


def display_json(value: Any) -> str:
    """A JSON field value as a reviewer reads it: a target's raw text, else op, number and unit."""
    if isinstance(value, dict):
        if value.get("raw"):
            return str(value["raw"])
        op = value.get("op") if value.get("op") not in (None, "qualitative") else ""
        number = "" if value.get("value") is None else f"{value['value']:g}"
        return f"{op or ''}{number}{value.get('unit') or ''}"
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)


def value_at(record: dict[str, Any], key: str) -> Any:
    for part in key.split("."):
        record = record.get(part) if isinstance(record, dict) else None  # type: ignore[assignment]
    return record


def _records(result: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, label, record) for every record that can hold field confidences."""
    yield "report", "report", result.get("report") or {}
    for p, project in enumerate(result.get("projects") or []):
        yield f"projects[{p}]", str(project.get("name") or f"project {p}"), project
        for i, indicator in enumerate(project.get("indicators") or []):
            yield f"projects[{p}].indicators[{i}]", str(indicator.get("name") or f"indicator {i}"), indicator
    for b, line in enumerate(result.get("budget_lines") or []):
        yield f"budget_lines[{b}]", str(line.get("name") or f"budget line {b}"), line


def low_fields(stem: str, result: dict[str, Any], threshold: float) -> list[ReviewField]:
    """Every field of one result whose confidence is under `threshold`, in document order."""
    reasons = {item["path"]: tuple(item.get("reasons") or ()) for item in result.get("review") or []}
    fields = []
    for path, label, record in _records(result):
        evidence = {e["field"]: (e["start"], e["end"]) for e in reversed(record.get("evidence") or [])}
        for key, confidence in (record.get("field_confidence") or {}).items():
            if confidence < threshold:
                field_path = f"{path}.{key}"
                value = value_at(record, key)
                fields.append(
                    ReviewField(
                        stem,
                        field_path,
                        label,
                        key,
                        value,
                        confidence,
                        reasons.get(field_path, ()),
                        evidence.get(key),
                    )
                )
    return fields


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
