"""What needs a person, per report: the review queue the web review pages through.

Three kinds of item, worst first (`rank`, lower first):

| why                                   | item                                        | rank       |
|---------------------------------------|---------------------------------------------|------------|
| `no_indicators`, `indicators_missed`, | the report's `projects` (a report flagged   | -2         |
| `partial`                             | so, or with 0 indicators, is always in)     |            |
| a failed domain check (`trust.checks`) | the flagged field or record                | -1         |
| `low_confidence`                      | a field under the review threshold          | confidence |

One item per (report, path): a field that is both under the threshold and flagged by a check is
one item whose `why` names both. A field is an entry of a record's `field_confidence` (`target`,
`budget.spent`, `fiscal_year`); `low_fields` lists those under the threshold.

    >>> [(i.why, i.field.path, i.rank) for i in queue_items("r", doc, 0.7)]   # doctest: +SKIP
    [('no_indicators', 'projects', -2.0), ('low_confidence', 'report.fiscal_year', 0.4)]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from pipeline.trust.checks import CHECK_KINDS

LOW_CONFIDENCE = "low_confidence"
REPORT_KINDS = ("no_indicators", "indicators_missed", "partial")
REPORT_RANK, CHECK_RANK = -2.0, -1.0
_RECORD = re.compile(r"^(report|projects\[\d+\](?:\.indicators\[\d+\])?|budget_lines\[\d+\])(?:\.(.+))?$")


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
        if value.get("name"):  # a whole record (a check flags an indicator): name, target, actual
            parts = [display_json(value.get(key)) for key in ("target", "actual")]
            return " · ".join([str(value["name"]), *(p for p in parts if p)])
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


@dataclass(frozen=True)
class QueueItem:
    """One thing to decide: `field` says where (its `field` is "" for a whole record), `why` is
    the `;`-joined reasons it is queued (flag kinds or `low_confidence`), `message` the flags' text."""

    field: ReviewField
    why: str
    message: str
    rank: float
    summary: str = ""

    @property
    def display(self) -> str:
        """The value as the reviewer reads it; a report-level item shows what was read instead."""
        return self.summary or self.field.display


def _record_at(result: dict[str, Any], record_path: str) -> dict[str, Any]:
    node: Any = result
    for name, index in re.findall(r"([A-Za-z_]+)|\[(\d+)\]", record_path):
        node = node.get(name) if name and isinstance(node, dict) else node
        if index:
            node = node[int(index)] if isinstance(node, list) and int(index) < len(node) else None
    return node if isinstance(node, dict) else {}


def _flag_field(stem: str, result: dict[str, Any], path: str) -> ReviewField | None:
    """The field (or whole record) a check's flag points at; None when the path names neither."""
    found = _RECORD.match(path)
    if not found:
        return None
    record_path, key = found[1], found[2] or ""
    record = _record_at(result, record_path)
    if not record:
        return None
    label = str(record.get("name") or record_path) if record_path != "report" else "report"
    spans = {e.get("field"): (e["start"], e["end"]) for e in reversed(record.get("evidence") or [])}
    evidence = spans.get(key or "name")  # a whole record is shown where its name was read
    confidence = (
        (record.get("field_confidence") or {}).get(key, 0.0) if key else record.get("confidence", 0.0)
    )
    value = value_at(record, key) if key else record
    return ReviewField(stem, path, label, key, value, confidence, (), evidence)


def _indicator_count(result: dict[str, Any]) -> int:
    projects = result.get("projects") or []
    return sum(len(p.get("indicators") or []) for p in projects if isinstance(p, dict))


def _flagged(stem: str, result: dict[str, Any]) -> Iterator[QueueItem]:
    report_flags = [f for f in result.get("flags") or [] if f.get("kind") in REPORT_KINDS]
    if report_flags or _indicator_count(result) == 0:
        kinds = list(dict.fromkeys(f["kind"] for f in report_flags)) or ["no_indicators"]
        messages = [str(f.get("message") or "") for f in report_flags] or ["no performance indicators"]
        summary = f"{_indicator_count(result)} indicators in {len(result.get('projects') or [])} projects"
        item = ReviewField(stem, "projects", "report", "", None, 0.0, (), None)
        yield QueueItem(item, ";".join(kinds), "; ".join(messages), REPORT_RANK, summary)
    for flag in result.get("flags") or []:
        if flag.get("kind") in CHECK_KINDS:
            field = _flag_field(stem, result, str(flag.get("path") or ""))
            if field is not None:
                yield QueueItem(field, flag["kind"], str(flag.get("message") or ""), CHECK_RANK)


def queue_items(stem: str, result: dict[str, Any], threshold: float) -> list[QueueItem]:
    """Every item of one result, one per path, in document order (see the module docstring)."""
    items: dict[str, QueueItem] = {}
    low = [QueueItem(f, LOW_CONFIDENCE, "", f.confidence) for f in low_fields(stem, result, threshold)]
    for item in [*_flagged(stem, result), *low]:
        seen = items.get(item.field.path)
        if seen is None:
            items[item.field.path] = item
        elif item.why not in seen.why.split(";"):
            items[item.field.path] = replace(
                seen,
                why=f"{seen.why};{item.why}",
                message="; ".join(m for m in (seen.message, item.message) if m),
                rank=min(seen.rank, item.rank),
                field=seen.field if seen.field.reasons else replace(seen.field, reasons=item.field.reasons),
            )
    return list(items.values())
