"""Review corrections: read `RUN_DIR/corrections.jsonl` and apply it to result dicts.

One JSON object per line, written by the review tool:

    {"report": "000_7fc1_1a2b3c4d5e", "path": "projects[0].indicators[3].target.value",
     "old": 5, "new": 6, "decision": "edit", "time": "2025-01-01T10:00:00+00:00"}

`report` is the result file's stem (`RUN_DIR/reports/<stem>.json`); `path` is a JSON path into the
report. Decisions:

- `edit` sets the value at `path` to `new`;
- `reject` sets it to null;
- `accept` keeps it;
- `skip` does nothing (the reviewer moved on);
- `undo` does nothing and, being the last line for its path, cancels the earlier decision there:
  the field is back to its extracted value and back in the review queue.

An `edit` or `reject` inside an indicator's `target` or `actual` makes its `met` stale, so `met` is
judged again from the corrected values once all lines are applied (`export.rows.judge_indicator`,
i.e. `domain.met.judge_met`; null when it cannot be judged): every export then agrees with the
correction. A line that decides `met` itself wins over the re-judgement.

`accept`, `edit` and `reject` all mean a person has looked at the field, so when `path` lies inside
an indicator (`projects[i].indicators[j]...`) that indicator's `confidence` becomes 1.0 and it is no
longer shaded or counted as low-confidence. An `edit` or `reject` of an indicator's `target` or
`actual` (not of its `met`) judges its `met` again (above), so a value lowered below target
reads "unmet". For one (report, path) only the *last* line counts:
a reviewer who edits 5 → 6 and later rejects ends with null. `old` is kept for the audit trail
(the `corrections` table) but not checked: a reviewer may correct a value twice.

Problems (a line that is not JSON or lacks a key, an unknown decision, a path that does not exist
in the report) are collected and reported, never fatal. Corrections are applied to a *copy* of the
dict loaded from the result file; the result files themselves are never changed.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.export.rows import judge_indicator

CORRECTIONS_FILE = "corrections.jsonl"
DECISIONS = ("accept", "edit", "reject", "skip", "undo")
REVIEWED = frozenset({"accept", "edit", "reject"})
SEEN = REVIEWED | {"skip"}
"""Decisions after which a review moves on: the terminal review passes over skipped fields too."""

_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\[\d+\])*(\.[A-Za-z_][A-Za-z0-9_]*(\[\d+\])*)*$")
_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")

PathToken = str | int


@dataclass(frozen=True)
class Correction:
    """One line of corrections.jsonl; `line` is its 1-based line number (for messages)."""

    report: str
    path: str
    decision: str
    old: Any = None
    new: Any = None
    time: str | None = None
    line: int = 0


@dataclass(frozen=True)
class CorrectionLog:
    """Every valid line in file order, plus a message for each line that could not be read."""

    entries: tuple[Correction, ...] = ()
    problems: tuple[str, ...] = ()

    def latest(self) -> dict[str, list[Correction]]:
        """The winning correction per (report, path), grouped by report, in file order of the winners."""
        winners: dict[tuple[str, str], Correction] = {}
        for entry in self.entries:
            winners.pop((entry.report, entry.path), None)  # re-insert so order follows the last line
            winners[(entry.report, entry.path)] = entry
        grouped: dict[str, list[Correction]] = {}
        for entry in winners.values():
            grouped.setdefault(entry.report, []).append(entry)
        return grouped


@dataclass(frozen=True)
class Applied:
    """A corrected copy of one report, and what could not be applied to it."""

    doc: dict[str, Any]
    applied: tuple[Correction, ...]
    problems: tuple[str, ...]


def parse_path(path: str) -> tuple[PathToken, ...]:
    """`projects[0].indicators[3].target.value` → `('projects', 0, 'indicators', 3, 'target', 'value')`."""
    if not _PATH.match(path):
        raise ValueError(f"malformed path {path!r}")
    return tuple(int(index) if index else name for name, index in _TOKEN.findall(path))


def read_corrections(run_dir: Path) -> CorrectionLog:
    path = run_dir / CORRECTIONS_FILE
    if not path.is_file():
        return CorrectionLog()
    entries: list[Correction] = []
    problems: list[str] = []
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                entries.append(parse_line(line, number))
            except ValueError as exc:
                problems.append(f"{path}:{number}: {exc}")
    return CorrectionLog(tuple(entries), tuple(problems))


def parse_line(line: str, number: int) -> Correction:
    """One line of corrections.jsonl; ValueError saying what is wrong with it."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg})") from None
    if not isinstance(raw, dict):
        raise ValueError("not a JSON object")
    missing = [key for key in ("report", "path", "decision") if not isinstance(raw.get(key), str)]
    if missing:
        raise ValueError(f"missing or non-text {', '.join(missing)}")
    if raw["decision"] not in DECISIONS:
        raise ValueError(f"unknown decision {raw['decision']!r} (expected {', '.join(DECISIONS)})")
    parse_path(raw["path"])
    return Correction(
        report=raw["report"],
        path=raw["path"],
        decision=raw["decision"],
        old=raw.get("old"),
        new=raw.get("new"),
        time=raw.get("time"),
        line=number,
    )


def apply_corrections(doc: dict[str, Any], corrections: Iterable[Correction]) -> Applied:
    """Apply corrections, in order, to a deep copy of `doc` (`doc` itself when there are none)."""
    corrections = list(corrections)
    if not corrections:
        return Applied(doc, (), ())
    corrected = copy.deepcopy(doc)
    applied: list[Correction] = []
    problems: list[str] = []
    for correction in corrections:
        try:
            _apply_one(corrected, correction)
        except LookupError as exc:
            problems.append(f"correction line {correction.line} for {correction.report}: {exc}")
        else:
            applied.append(correction)
    for p, i in _rejudged_indicators(applied):
        indicator = corrected["projects"][p]["indicators"][i]
        if isinstance(indicator, dict):
            indicator["met"] = judge_indicator(indicator)
    return Applied(corrected, tuple(applied), tuple(problems))


def _rejudged_indicators(applied: list[Correction]) -> list[tuple[int, int]]:
    """Indicators whose target or actual was edited or rejected, and whose `met` was not decided."""
    changed, decided = set(), set()
    for correction in applied:
        match parse_path(correction.path):
            case ("projects", int(p), "indicators", int(i), "met", *_):
                decided.add((p, i))
            case ("projects", int(p), "indicators", int(i), "target" | "actual", *_):
                if correction.decision in ("edit", "reject"):
                    changed.add((p, i))
    return sorted(changed - decided)


def _apply_one(doc: dict[str, Any], correction: Correction) -> None:
    tokens = parse_path(correction.path)
    container, key = _parent(doc, tokens, correction.path)
    if correction.decision == "edit":
        container[key] = correction.new
    elif correction.decision == "reject":
        container[key] = None
    if correction.decision in REVIEWED:
        _mark_indicator_reviewed(doc, tokens)


def _parent(doc: dict[str, Any], tokens: tuple[PathToken, ...], path: str) -> tuple[Any, PathToken]:
    """The container holding the last token, after checking every step exists."""
    node: Any = doc
    for depth, token in enumerate(tokens):
        if not _has(node, token):
            walked = _format(tokens[:depth]) or "the report"
            raise LookupError(f"path {path!r} does not exist ({walked} has no {_format((token,))!r})")
        if depth == len(tokens) - 1:
            return node, token
        node = node[token]
    raise LookupError(f"path {path!r} is empty")


def _has(node: Any, token: PathToken) -> bool:
    if isinstance(token, int):
        return isinstance(node, list) and 0 <= token < len(node)
    return isinstance(node, dict) and token in node


def _format(tokens: tuple[PathToken, ...]) -> str:
    text = "".join(f"[{t}]" if isinstance(t, int) else f".{t}" for t in tokens)
    return text.lstrip(".")


def _mark_indicator_reviewed(doc: dict[str, Any], tokens: tuple[PathToken, ...]) -> None:
    match tokens:
        case ("projects", int(p), "indicators", int(i), *_):
            indicator = doc["projects"][p]["indicators"][i]
            if isinstance(indicator, dict):
                indicator["confidence"] = 1.0
