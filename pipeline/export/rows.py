"""Flattening one result dict into the rows every export shares (CSV, Excel, SQLite, summary).

The input is the JSON of a `ReportExtraction` after corrections, as a plain dict. A reviewer may
have rejected (nulled) any part of it, so every accessor tolerates `None` where the schema has an
object: a nulled indicator is skipped, a nulled target reads as an empty one.

`met` is labelled here once, so the CSV, the workbook, the database and `pipeline summary` agree:

- the indicator's own `met` (true/false), when the extractor or a reviewer set it, wins;
- otherwise `pipeline.domain.met.judge_met` compares the target with the actual value;
- what it cannot judge — qualitative target, missing number, different units — is blank ("").

    >>> met_label({"target": {"op": ">=", "value": 95, "unit": "%"},
    ...            "actual": {"value": 98.5, "unit": "％"}})
    'met'
    >>> met_label({"target": {"op": "<=", "value": 30, "unit": "分钟"},
    ...            "actual": {"value": 1, "unit": "小时"}})
    ''
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pipeline.core.paths import display_path
from pipeline.domain.met import judge_met

MET, UNMET, UNKNOWN = "met", "unmet", ""
INDICATOR_COLUMNS = (
    "report", "project", "level1", "level2", "name",
    "target_op", "target_value", "target_unit", "target_raw",
    "actual_value", "actual_unit", "actual_raw",
    "weight", "score", "met", "deviation_reason", "confidence", "flags", "duplicates",
)  # fmt: skip
"""The columns of `indicators.csv` and of the workbook's `indicators` sheet, in order."""
_INDICATOR_PATH = re.compile(r"^projects\[(\d+)\]\.indicators\[(\d+)\](?=$|[.\[])")


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator with its report and project, flattened; `path` is `projects[i].indicators[j]`."""

    report: str
    result_file: str
    project_index: int
    project: str | None
    index: int
    path: str
    level1: str | None
    level2: str | None
    name: str | None
    target_op: str | None
    target_value: float | None
    target_unit: str | None
    target_raw: str | None
    actual_value: float | None
    actual_unit: str | None
    actual_raw: str | None
    weight: float | None
    score: float | None
    met: str
    deviation_reason: str | None
    confidence: float | None
    flags: tuple[str, ...]
    source_kind: str | None
    optional: bool
    duplicates: str = ""  # other paths with the same bytes (`; `-joined display paths)

    def values(self) -> tuple[Any, ...]:
        """The row in INDICATOR_COLUMNS order, flag kinds joined with `;`."""
        return tuple(";".join(self.flags) if c == "flags" else getattr(self, c) for c in INDICATOR_COLUMNS)

    @property
    def qualitative(self) -> bool:
        """A target without a number to check: `qualitative`, or only words in `raw`."""
        return self.target_op == "qualitative" or (self.target_value is None and bool(self.target_raw))


def obj(value: Any) -> dict[str, Any]:
    """`value` if it is a dict, else `{}` (a reviewer may have nulled it)."""
    return value if isinstance(value, dict) else {}


def listed(value: Any) -> list[Any]:
    """`value` if it is a list, else `[]`; entries keep their positions (paths index them)."""
    return value if isinstance(value, list) else []


def items(value: Any) -> list[dict[str, Any]]:
    """The dict entries of a list, skipping nulled ones."""
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def report_path(doc: dict[str, Any]) -> str:
    return display_path(str(obj(doc.get("source")).get("path") or ""))


def number(value: Any) -> float | None:
    """A JSON number (or numeric text a reviewer typed, `"6"`) as a finite float, else None."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        result = float(value)
    except ValueError:
        return None
    return result if math.isfinite(result) else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def judge_indicator(indicator: dict[str, Any]) -> bool | None:
    """`domain.met.judge_met` on an indicator dict's target and actual (whatever its `met` says)."""
    target, actual = obj(indicator.get("target")), obj(indicator.get("actual"))
    return judge_met(
        _text(target.get("op")), number(target.get("value")), _text(target.get("unit")),
        number(actual.get("value")), _text(actual.get("unit")),
        target_raw=_text(target.get("raw")), actual_raw=_text(actual.get("raw")),
    )  # fmt: skip


def met_label(indicator: dict[str, Any]) -> str:
    """ "met", "unmet" or "" for one indicator dict (policy in the module docstring)."""
    met = indicator.get("met") if isinstance(indicator.get("met"), bool) else judge_indicator(indicator)
    return UNKNOWN if met is None else MET if met else UNMET


def flag_kinds_by_indicator(doc: dict[str, Any]) -> dict[tuple[int, int], tuple[str, ...]]:
    """Flag kinds per (project, indicator) index, for flags whose path points into an indicator.

    `projects[0].indicators[3].target` counts for indicator (0, 3); `projects[0].indicators[30]`
    does not. Kinds keep their first-seen order, without repeats.
    """
    kinds: dict[tuple[int, int], list[str]] = {}
    for flag in items(doc.get("flags")):
        key = indicator_of(flag.get("path"))
        if key is not None:
            seen = kinds.setdefault(key, [])
            if flag.get("kind") and flag["kind"] not in seen:
                seen.append(str(flag["kind"]))
    return {key: tuple(value) for key, value in kinds.items()}


def indicator_of(path: Any) -> tuple[int, int] | None:
    """The (project, indicator) indexes a JSON path points into, if it points into an indicator.

    >>> indicator_of("projects[0].indicators[3].target"), indicator_of("projects[0].budget")
    ((0, 3), None)
    """
    found = _INDICATOR_PATH.match(path) if isinstance(path, str) else None
    return (int(found[1]), int(found[2])) if found else None


def indicator_rows(
    doc: dict[str, Any], result_file: str = "", duplicates: tuple[str, ...] = ()
) -> Iterator[IndicatorRow]:
    flags = flag_kinds_by_indicator(doc)
    result_file = display_path(result_file)
    same = "; ".join(map(display_path, duplicates))
    for p, project in enumerate(listed(doc.get("projects"))):
        if not isinstance(project, dict):
            continue
        for i, indicator in enumerate(listed(project.get("indicators"))):
            if isinstance(indicator, dict):
                row = _indicator_row(doc, result_file, (p, project), (i, indicator), flags.get((p, i), ()))
                yield dataclasses.replace(row, duplicates=same) if same else row


def _indicator_row(
    doc: dict[str, Any],
    result_file: str,
    project: tuple[int, dict[str, Any]],
    indicator: tuple[int, dict[str, Any]],
    flags: tuple[str, ...],
) -> IndicatorRow:
    (p, proj), (i, ind) = project, indicator
    target, actual = obj(ind.get("target")), obj(ind.get("actual"))
    return IndicatorRow(
        report=report_path(doc),
        result_file=result_file,
        project_index=p,
        project=proj.get("name"),
        index=i,
        path=f"projects[{p}].indicators[{i}]",
        level1=ind.get("level1"),
        level2=ind.get("level2"),
        name=ind.get("name"),
        target_op=target.get("op"),
        target_value=number(target.get("value")),
        target_unit=target.get("unit"),
        target_raw=target.get("raw"),
        actual_value=number(actual.get("value")),
        actual_unit=actual.get("unit"),
        actual_raw=actual.get("raw"),
        weight=number(ind.get("weight")),
        score=number(ind.get("score")),
        met=met_label(ind),
        deviation_reason=ind.get("deviation_reason"),
        confidence=number(ind.get("confidence")),
        flags=flags,
        source_kind=ind.get("source_kind"),
        optional=bool(ind.get("optional")),
    )


BUDGET_COLUMNS = (
    "report", "project", "initial", "carryover", "adjusted", "spent", "execution_rate", "self_score",
)  # fmt: skip
BUDGET_LINE_COLUMNS = ("report", "name", "initial", "adjustment", "adjusted", "spent", "execution_rate")
FLAG_COLUMNS = ("report", "kind", "message", "path")


def budget_rows(doc: dict[str, Any]) -> Iterator[tuple[Any, ...]]:
    """One row per project, in BUDGET_COLUMNS order."""
    for project in items(doc.get("projects")):
        budget = obj(project.get("budget"))
        amounts = (number(budget.get(key)) for key in BUDGET_COLUMNS[2:7])
        yield (report_path(doc), project.get("name"), *amounts, number(project.get("self_score")))


def budget_line_rows(doc: dict[str, Any]) -> Iterator[tuple[Any, ...]]:
    for line in items(doc.get("budget_lines")):
        amounts = (number(line.get(key)) for key in BUDGET_LINE_COLUMNS[2:])
        yield (report_path(doc), line.get("name"), *amounts)


def flag_rows(doc: dict[str, Any]) -> Iterator[tuple[Any, ...]]:
    for flag in items(doc.get("flags")):
        yield (report_path(doc), flag.get("kind"), flag.get("message"), flag.get("path"))
