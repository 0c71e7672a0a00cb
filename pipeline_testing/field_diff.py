"""Print every wrong field of a backend's output against the gold, with the line it was read from.

The eval tables say *how many* fields are wrong; this says *which* and *where*, so a developer can
group the causes by kind of document. For each report of a suite: pair projects, indicators and
budget lines the way the scorer does (`pipeline.evaluate.scorer`), and for every field the scorer
counts wrong print gold, prediction and the source line of the prediction's evidence (the
text line holding the span's start, in the document as read).

    $ .venv/bin/python -m pipeline_testing.field_diff --suite realworld
    r24_… · ind 指标1免费发放原原种 · weight: gold 8 · predicted 8550 · line 41: 指标1免费发放…
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline.core.config import resolve_config
from pipeline.evaluate.cases import find_cases, load_fixture
from pipeline.evaluate.names import pair_by_name
from pipeline.evaluate.scorer import (
    BUDGET_LINE_FIELDS,
    INDICATOR_FIELDS,
    PROJECT_BUDGET_PATHS,
    budget_values_equal,
    field_value,
    pair_projects,
    values_equal,
)
from pipeline.evaluate.suites import Suite

Record = Mapping[str, Any]


@dataclass(frozen=True)
class FieldMiss:
    """One field the scorer counts wrong: where (report, record), which field, both values, the line."""

    report: str
    record: str
    field: str
    gold: Any
    predicted: Any
    line: str

    def render(self) -> str:
        where = f"{self.report} · {self.record} · {self.field}"
        return f"{where}: gold {self.gold!r} · predicted {self.predicted!r} · {self.line}"


def source_line(text: str, record: Record, field: str) -> str:
    """`line N: …` of the first evidence span for `field` (or its parent, `target` for `target.op`)."""
    head = field.split(".")[0]
    for span in record.get("evidence") or ():
        if span.get("field") in (field, head):
            start = int(span["start"])
            number = text.count("\n", 0, start) + 1
            begin = text.rfind("\n", 0, start) + 1
            end = text.find("\n", start)
            return f"line {number}: {text[begin : end if end >= 0 else len(text)].strip()[:160]}"
    return "no evidence"


def _records(record: Record, key: str) -> list[Record]:
    items = record.get(key)
    return [item for item in items if isinstance(item, Mapping)] if isinstance(items, list) else []


def _names(records: Sequence[Record]) -> list[str]:
    return [str(item.get("name") or "") for item in records]


def field_misses(
    report: str,
    text: str,
    gold: Record,
    predicted: Record,
    names: Sequence[str],
    label: str,
    budget: bool = False,
) -> Iterator[FieldMiss]:
    equal = budget_values_equal if budget else values_equal
    for name in names:
        g, p = field_value(gold, name), field_value(predicted, name)
        if (g is not None or p is not None) and not (g is not None and p is not None and equal(name, g, p)):
            yield FieldMiss(report, label, name, g, p, source_line(text, predicted, name))


def report_misses(report: str, text: str, gold: Record, predicted: Record) -> Iterator[FieldMiss]:
    """Every wrong field of one report: project budgets, matched non-optional indicators, lines."""
    gold_projects, predicted_projects = _records(gold, "projects"), _records(predicted, "projects")
    for g, p in pair_projects(gold_projects, predicted_projects):
        gp, pp = gold_projects[g], predicted_projects[p]
        yield from field_misses(report, text, gp, pp, PROJECT_BUDGET_PATHS, f"project {gp.get('name')}", True)
        gold_inds, predicted_inds = _records(gp, "indicators"), _records(pp, "indicators")
        for gi, pi in pair_by_name(_names(gold_inds), _names(predicted_inds)):
            if gold_inds[gi].get("optional") is not True:
                label = f"ind {gold_inds[gi].get('name')}"
                yield from field_misses(
                    report, text, gold_inds[gi], predicted_inds[pi], INDICATOR_FIELDS, label
                )
    gold_lines, predicted_lines = _records(gold, "budget_lines"), _records(predicted, "budget_lines")
    pairs = pair_by_name(_names(gold_lines), _names(predicted_lines))
    for gi, pi in pairs:
        label = f"line {gold_lines[gi].get('name')}"
        yield from field_misses(
            report, text, gold_lines[gi], predicted_lines[pi], BUDGET_LINE_FIELDS, label, True
        )
    paired_gold, paired_predicted = {g for g, _ in pairs}, {p for _, p in pairs}
    for i, line in enumerate(gold_lines):
        if i not in paired_gold:
            label = f"line {line.get('name')} (gold only)"
            yield from field_misses(report, text, line, {}, BUDGET_LINE_FIELDS, label, True)
    for i, line in enumerate(predicted_lines):
        if i not in paired_predicted:
            label = f"line {line.get('name')} (predicted only)"
            yield from field_misses(report, text, {}, line, BUDGET_LINE_FIELDS, label, True)


def suite_misses(suite: Suite, backend: str = "rules") -> Iterator[FieldMiss]:
    from pipeline.process import extract_file  # the extraction stack, only when run

    config = replace(resolve_config(), backend=backend)
    for case in find_cases(suite.reports_dir, suite.fixtures_dir).cases:
        if case.report is None:
            continue
        predicted = extract_file(case.report, config).to_json_dict()
        text = case.report.read_text(encoding="utf-8", errors="replace")
        yield from report_misses(case.name, text, load_fixture(case.fixture), predicted)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", default="realworld")
    parser.add_argument("--backend", default="rules")
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parents[1] / "evals"
    base = root if args.suite == "samples" else root / args.suite
    suite = Suite(args.suite, base / "reports", base / "fixtures")
    for miss in suite_misses(suite, args.backend):
        print(miss.render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
