"""Is the confidence calibrated? Compare every trusted field with the gold fixtures.

For each labelled report: the rules backend, then `apply_trust`; then each field the eval scores
is compared with the gold using the eval's own matching and equality (a `Matcher`, built from
`pipeline.evaluate` by the `pipeline calibrate` command — trust sits below evaluate in the
layers, so the scorer is passed in rather than imported). A field is *flagged* when its
confidence is under the threshold.

Which fields count (those `pipeline eval` scores, when either side has a value):
- indicators matched by name within paired projects: `target.op/value/unit`, `actual.value`,
  `level1`, `level2`, `weight`, `score`, `deviation_reason` — each with its group's confidence
  (`target.value` → `field_confidence["target"]`); a prediction matched to an optional gold item
  is not counted; an unmatched prediction counts every filled field wrong;
- paired projects: `budget.*` and `self_score`; budget lines matched by name; report fields.

A value the prediction lacks (gold 99.07, predicted null) has no confidence of its own: it counts
as flagged when the record holding it has a field under the threshold — a reviewer looking at
that record sees the gap. Gold indicators the prediction missed entirely cannot be flagged; they
are counted apart.

Figures: fields compared, flagged, wrong, wrong but not flagged (the dangerous kind), the share
flagged, and a table confidence bucket → share correct.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

Record = Mapping[str, Any]
Pairing = Callable[[Sequence[str], Sequence[str]], list[tuple[int, int]]]
Equal = Callable[[str, Any, Any], bool]
BUCKETS = (0.0, 0.2, 0.4, 0.6, 0.7, 0.8, 0.9, 1.0)


@dataclass(frozen=True)
class Matcher:
    """The eval's matching: name pairing, value equality, and the fields it scores."""

    pair_projects: Callable[[Sequence[Record], Sequence[Record]], list[tuple[int, int]]]
    pair_names: Pairing
    equal: Equal
    budget_equal: Equal
    field_value: Callable[[Record, str], Any]
    indicator_fields: tuple[str, ...]
    project_fields: tuple[str, ...]
    line_fields: tuple[str, ...]
    report_fields: tuple[str, ...]


@dataclass(frozen=True)
class FieldOutcome:
    report: str
    path: str
    confidence: float
    correct: bool


@dataclass
class Calibration:
    outcomes: list[FieldOutcome] = field(default_factory=list)
    missed_indicators: int = 0
    output_fields: int = 0
    output_flagged: int = 0


def _confidence(record: Record, name: str) -> float:
    """The confidence of a scored field (`target.value` → group `target`); for a value the
    record lacks, the lowest confidence in the record."""
    confidences = record.get("field_confidence") or {}
    group = name.split(".")[0] if name.split(".")[0] in confidences else name
    if group in confidences:
        return float(confidences[group])
    return min((float(v) for v in confidences.values()), default=0.0)


class _Comparer:
    def __init__(self, report: str, matcher: Matcher, out: Calibration) -> None:
        self.report, self.m, self.out = report, matcher, out

    def fields(self, gold: Record, pred: Record, path: str, names: Iterable[str], equal: Equal) -> None:
        for name in names:
            g, p = self.m.field_value(gold, name), self.m.field_value(pred, name)
            if g is None and p is None:
                continue
            correct = g is not None and p is not None and equal(name, g, p)
            self.out.outcomes.append(
                FieldOutcome(self.report, f"{path}.{name}", _confidence(pred, name), correct)
            )

    def records(self, gold: Sequence[Record], pred: Sequence[Record], path: str, indicators: bool) -> int:
        """Indicators or budget lines matched by name; unmatched predictions count wrong.
        Returns how many (non-optional) gold records had no prediction."""
        names = self.m.indicator_fields if indicators else self.m.line_fields
        equal = self.m.equal if indicators else self.m.budget_equal
        pairs = self.m.pair_names([_name(g) for g in gold], [_name(p) for p in pred])
        for g, p in pairs:
            if not gold[g].get("optional"):
                self.fields(gold[g], pred[p], f"{path}[{p}]", names, equal)
        matched_pred, matched_gold = {p for _, p in pairs}, {g for g, _ in pairs}
        for p, record in enumerate(pred):
            if p not in matched_pred:
                self.fields({}, record, f"{path}[{p}]", names, equal)
        return sum(1 for g, record in enumerate(gold) if g not in matched_gold and not record.get("optional"))

    def report_doc(self, gold: Record, pred: Record) -> None:
        self.fields(
            gold.get("report") or {}, pred.get("report") or {}, "report", self.m.report_fields, self.m.equal
        )
        gold_projects, pred_projects = list(gold.get("projects") or []), list(pred.get("projects") or [])
        for g, p in self.m.pair_projects(gold_projects, pred_projects):
            path = f"projects[{p}]"
            self.fields(gold_projects[g], pred_projects[p], path, self.m.project_fields, self.m.budget_equal)
            indicators = gold_projects[g].get("indicators") or [], pred_projects[p].get("indicators") or []
            self.out.missed_indicators += self.records(*indicators, f"{path}.indicators", indicators=True)
        lines = gold.get("budget_lines") or [], pred.get("budget_lines") or []
        self.records(*lines, "budget_lines", indicators=False)


def _name(record: Record) -> str:
    return str(record.get("name") or "")


def _count_output(pred: Record, threshold: float, out: Calibration) -> None:
    stack: list[Any] = [pred]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            confidences = node.get("field_confidence") or {}
            out.output_fields += len(confidences)
            out.output_flagged += sum(1 for v in confidences.values() if v < threshold)
            stack.extend(v for k, v in node.items() if k != "field_confidence")
        elif isinstance(node, list):
            stack.extend(node)


def calibrate(cases: Iterable[tuple[str, Record, Record]], matcher: Matcher, threshold: float) -> Calibration:
    """`cases` are (name, gold, trusted prediction) triples."""
    out = Calibration()
    for name, gold, pred in cases:
        _Comparer(name, matcher, out).report_doc(gold, pred)
        _count_output(pred, threshold, out)
    return out


def render(calibration: Calibration, threshold: float) -> str:
    """The figures and the calibration table, as plain text."""
    outcomes = calibration.outcomes
    flagged = [o for o in outcomes if o.confidence < threshold]
    wrong = [o for o in outcomes if not o.correct]
    unflagged_wrong = [o for o in wrong if o.confidence >= threshold]
    lines = [
        f"threshold {threshold:g}",
        f"fields compared with the gold: {len(outcomes)}",
        f"flagged (confidence < {threshold:g}): {len(flagged)} ({_share(len(flagged), len(outcomes))})",
        f"wrong: {len(wrong)}; flagged among them: {len(wrong) - len(unflagged_wrong)} "
        f"({_share(len(wrong) - len(unflagged_wrong), len(wrong))})",
        f"wrong and NOT flagged: {len(unflagged_wrong)}",
        f"wrong among the flagged: {sum(1 for o in flagged if not o.correct)}",
        f"gold indicators missed entirely (cannot be flagged): {calibration.missed_indicators}",
        f"all output fields: {calibration.output_fields}, under the threshold: {calibration.output_flagged} "
        f"({_share(calibration.output_flagged, calibration.output_fields)})",
        "",
        "| confidence | fields | correct | share correct |",
        "|------------|--------|---------|---------------|",
    ]
    for low, high in pairwise(BUCKETS):
        inside = [o for o in outcomes if low <= o.confidence < high or (high == 1.0 and o.confidence == 1.0)]
        right = sum(o.correct for o in inside)
        lines.append(
            f"| {low:.1f}–{high:.1f}    | {len(inside):6d} | {right:7d} | {_share(right, len(inside)):>13} |"
        )
    lines += ["", "wrong and not flagged:"] + [
        f"  {o.report} {o.path} ({o.confidence:g})" for o in unflagged_wrong
    ]
    return "\n".join(lines)


def _share(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f} %" if whole else "-"
