"""Scoring one prediction against its gold fixture (scorer version 2).

Both sides are plain JSON dicts in the shape of `schemas/report.schema.json`; the gold may omit
`evidence`/`confidence` and may mark indicators `"optional": true`. A missing prediction (`None`)
scores like an empty one: zero everywhere the gold has something.

Matching
- Projects pair by name (`names.pair_by_name`: normalised similarity ≥ `NAME_THRESHOLD`, best
  one-to-one by the Hungarian method). When gold and prediction each have exactly one project,
  they pair whatever their names.
- Indicators match the same way, by name, *within* a pair of projects. The indicators of an
  unpaired gold project are all missed; those of an unpaired predicted project are all extra.
- Budget lines match by name the same way, across the whole report.

Indicators. Precision = TP / (predicted − matched-to-optional), recall = TP / non-optional gold.
A prediction matched to an optional gold item is dropped from both counts: it is neither a hit
nor a false positive, and the optional item never counts against recall.

Fields. For each matched pair whose gold is not optional, each of `INDICATOR_FIELDS` is compared
when gold or prediction has a value (a blank string counts as no value). Numbers are equal within
a relative 1e-6; `target.op` must be identical; other text is compared by
`names.normalize_text` (NFKC, lower case, whitespace and punctuation removed). Example: gold
`{"target": {"op": ">=", "value": 10, "unit": "个"}}` against prediction `{"target": {"op": ">=",
"value": 10, "unit": null}}` is right on op and value, wrong on unit; `actual.value`, null on both
sides, is not counted.

Cells. Every non-null value of `INDICATOR_FIELDS` of every indicator is a cell. A cell is right
when its indicator matched (non-optional gold) and the values are equal. Cell precision = right /
predicted cells (not counting predictions matched to optional gold), recall = right / gold cells
of non-optional gold. A wrong unit therefore costs one cell on each side and nothing else.

Budget accuracy. For paired projects: `BUDGET_FIELDS` and `self_score`; for matched budget lines:
`BUDGET_LINE_FIELDS`. Numbers are equal within a relative 0.5 % (`|a − b| ≤ 0.005 × max(|a|, |b|)`),
so 1461.84 vs 1461.8 is right and 1033 vs 1038.2 is wrong. A field counts when gold or prediction
has a value. An unmatched line or unpaired project, on either side, counts every one of its
non-null fields wrong: a missed budget is as wrong as a misread one, and an invented one too.

Both are also kept per figure (`BUDGET_FIGURES`: `budget.spent` of projects, `line.spent` of
budget lines, `self_score`), so a results file shows which budget figures a backend misses.

Report fields. `report_kind` (identical), `fiscal_year` (number), `agency` and `title` (normalised
text, so a title split over two lines equals the same title on one), each counted when either side
has a value and kept per field as well as summed. Scorer version 2 added `title` and the per-field
tallies; indicator and cell figures are scored as in version 1. Version 3 compares names and text
fields in simplified script (`evaluate.names`), so gold labelled on a mirror page in traditional
characters matches the same words in simplified ones.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from pipeline.evaluate.counts import Counts, ReportScore, Tally, merge_tallies, total
from pipeline.evaluate.names import normalize_text, pair_by_name

SCORER_VERSION = "3"

INDICATOR_FIELDS = (
    "target.op",
    "target.value",
    "target.unit",
    "actual.value",
    "level1",
    "level2",
    "weight",
    "score",
    "deviation_reason",
)
NUMBER_FIELDS = frozenset({"target.value", "actual.value", "weight", "score", "fiscal_year"})
IDENTICAL_FIELDS = frozenset({"target.op", "report_kind"})
BUDGET_FIELDS = ("initial", "carryover", "adjusted", "spent", "execution_rate")
BUDGET_LINE_FIELDS = ("initial", "adjustment", "adjusted", "spent", "execution_rate")
PROJECT_BUDGET_PATHS = (*(f"budget.{name}" for name in BUDGET_FIELDS), "self_score")
LINE_PREFIX = "line."
BUDGET_FIGURES = (*PROJECT_BUDGET_PATHS, *(f"{LINE_PREFIX}{name}" for name in BUDGET_LINE_FIELDS))
REPORT_FIELDS = ("report_kind", "fiscal_year", "agency", "title")
VALUE_REL_TOL = 1e-6
BUDGET_REL_TOL = 0.005

Record = Mapping[str, Any]
Equal = Callable[[str, Any, Any], bool]
T = TypeVar("T")


def field_value(record: Record, path: str) -> Any:
    """The value at a dotted path (`target.op`), `None` when absent; blank strings are `None`."""
    value: Any = record
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def numbers_equal(a: Any, b: Any, rel_tol: float = VALUE_REL_TOL) -> bool:
    if not (_is_number(a) and _is_number(b)):
        return False
    return math.isclose(float(a), float(b), rel_tol=rel_tol, abs_tol=0.0)


def values_equal(name: str, a: Any, b: Any) -> bool:
    """Whether two non-null values of field `name` are the same (policy in the module docstring)."""
    if name in NUMBER_FIELDS:
        return numbers_equal(a, b)
    if name in IDENTICAL_FIELDS:
        return bool(a == b)
    return normalize_text(str(a)) == normalize_text(str(b))


def budget_values_equal(name: str, a: Any, b: Any) -> bool:
    """Budget figures are equal within a relative 0.5 %."""
    return numbers_equal(a, b, rel_tol=BUDGET_REL_TOL)


def compare_fields(
    gold: Record, predicted: Record, names: Sequence[str], equal: Equal = values_equal
) -> dict[str, Tally]:
    """A tally per field that either side fills: right when both are filled and `equal`."""
    tallies = {}
    for name in names:
        g, p = field_value(gold, name), field_value(predicted, name)
        if g is not None or p is not None:
            right = g is not None and p is not None and equal(name, g, p)
            tallies[name] = Tally(int(right), 1)
    return tallies


def _records(record: Record, key: str) -> list[Record]:
    items = record.get(key)
    if not isinstance(items, list | tuple):
        return []
    return [item for item in items if isinstance(item, Mapping)]


def _names(records: Sequence[Record]) -> list[str]:
    return [str(record.get("name") or "") for record in records]


def _is_optional(indicator: Record) -> bool:
    return indicator.get("optional") is True


def _filled_cells(indicator: Record) -> int:
    return sum(field_value(indicator, name) is not None for name in INDICATOR_FIELDS)


def _score_all(
    gold: Sequence[Record],
    predicted: Sequence[Record],
    pairs: Sequence[tuple[int, int]],
    score_pair: Callable[[Record, Record], T],
) -> list[T]:
    """`score_pair` over every pair, then over every unpaired item against an empty record."""
    paired_gold = {g for g, _ in pairs}
    paired_predicted = {p for _, p in pairs}
    results = [score_pair(gold[g], predicted[p]) for g, p in pairs]
    results += [score_pair(item, {}) for i, item in enumerate(gold) if i not in paired_gold]
    results += [score_pair({}, item) for i, item in enumerate(predicted) if i not in paired_predicted]
    return results


def score_indicators(gold: Sequence[Record], predicted: Sequence[Record]) -> ReportScore:
    """Match two indicator lists by name; count hits, cells and per-field tallies."""
    pairs = pair_by_name(_names(gold), _names(predicted))
    hits = [(gold[g], predicted[p]) for g, p in pairs if not _is_optional(gold[g])]
    dropped = {p for g, p in pairs if _is_optional(gold[g])}
    counted_gold = [g for g in gold if not _is_optional(g)]
    counted_predicted = [p for i, p in enumerate(predicted) if i not in dropped]
    fields = merge_tallies(compare_fields(g, p, INDICATOR_FIELDS) for g, p in hits)
    cells = Counts(
        right=sum(tally.right for tally in fields.values()),
        predicted=sum(map(_filled_cells, counted_predicted)),
        gold=sum(map(_filled_cells, counted_gold)),
    )
    return ReportScore(
        indicators=Counts(len(hits), len(counted_predicted), len(counted_gold)),
        cells=cells,
        fields=fields,
    )


def score_project(gold: Record, predicted: Record) -> ReportScore:
    """Indicators and budget of one project pair; `{}` stands for the missing side."""
    score = score_indicators(_records(gold, "indicators"), _records(predicted, "indicators"))
    budget = compare_fields(gold, predicted, PROJECT_BUDGET_PATHS, budget_values_equal)
    return replace(score, budget_by_field=budget)


def pair_projects(gold: Sequence[Record], predicted: Sequence[Record]) -> list[tuple[int, int]]:
    """By name; a lone project on each side pairs whatever its name."""
    if len(gold) == 1 and len(predicted) == 1:
        return [(0, 0)]
    return pair_by_name(_names(gold), _names(predicted))


def _score_budget_line(gold: Record, predicted: Record) -> dict[str, Tally]:
    tallies = compare_fields(gold, predicted, BUDGET_LINE_FIELDS, budget_values_equal)
    return {f"{LINE_PREFIX}{name}": tally for name, tally in tallies.items()}


def score_budget_lines(gold: Sequence[Record], predicted: Sequence[Record]) -> dict[str, Tally]:
    """Per-field tallies (`line.spent`, …) over all budget lines, matched by name."""
    pairs = pair_by_name(_names(gold), _names(predicted))
    return merge_tallies(_score_all(gold, predicted, pairs, _score_budget_line))


def score_report(gold: Record, predicted: Record | None, error: str | None = None) -> ReportScore:
    """Score one prediction (`None` when it is missing, with `error` saying why) against its gold."""
    prediction: Record = predicted or {}
    gold_projects, predicted_projects = _records(gold, "projects"), _records(prediction, "projects")
    pairs = pair_projects(gold_projects, predicted_projects)
    projects = total(_score_all(gold_projects, predicted_projects, pairs, score_project))
    lines = score_budget_lines(_records(gold, "budget_lines"), _records(prediction, "budget_lines"))
    report = compare_fields(_mapping(gold, "report"), _mapping(prediction, "report"), REPORT_FIELDS)
    budget = merge_tallies((projects.budget_by_field, lines))
    return replace(projects, budget_by_field=budget, report_by_field=report, error=error)


def _mapping(record: Record, key: str) -> Record:
    value = record.get(key)
    return value if isinstance(value, Mapping) else {}
