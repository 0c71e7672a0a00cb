"""Calibration: each scored field's confidence against the gold, with the eval's matching."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.core.config import Config
from pipeline.evaluate import scorer
from pipeline.evaluate.names import pair_by_name
from pipeline.process import trusted_rules
from pipeline.trust.calibration import Calibration, FieldOutcome, Matcher, calibrate, render

MATCHER = Matcher(
    pair_projects=scorer.pair_projects,
    pair_names=pair_by_name,
    equal=scorer.values_equal,
    budget_equal=scorer.budget_values_equal,
    field_value=scorer.field_value,
    indicator_fields=scorer.INDICATOR_FIELDS,
    project_fields=scorer.PROJECT_BUDGET_PATHS,
    line_fields=scorer.BUDGET_LINE_FIELDS,
    report_fields=scorer.REPORT_FIELDS,
)
REPO = Path(__file__).resolve().parents[1]


def indicator(name: str, value: float | None, confidence: dict[str, float], **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "target": {"raw": None, "op": ">=", "value": value, "unit": "个"},
        "actual": {"raw": None, "value": None, "unit": None},
        "field_confidence": confidence,
        **extra,
    }


GOLD = {
    "report": {"report_kind": "project", "fiscal_year": 2024, "agency": None},
    "projects": [
        {
            "name": "p",
            "budget": {"adjusted": 1.96, "spent": 1.5},
            "indicators": [
                indicator("培训班次", 10, {}),
                indicator("满意度", 90, {}),
                indicator("可选", 1, {}, optional=True),
                indicator("漏掉的", 1, {}),
            ],
        }
    ],
    "budget_lines": [],
}
PRED = {
    "report": {
        "report_kind": "project",
        "fiscal_year": 2024,
        "field_confidence": {"report_kind": 0.9, "fiscal_year": 0.9},
    },
    "projects": [
        {
            "name": "p",
            "budget": {"adjusted": 1.96, "spent": None},
            "field_confidence": {"name": 0.9, "budget.adjusted": 0.81},
            "indicators": [
                indicator("培训班次", 12, {"name": 0.9, "target": 0.9}),
                indicator("满意度", 90, {"name": 0.4, "target": 0.4}),
                indicator("可选", 1, {"name": 0.4, "target": 0.4}),
                indicator("多出来的", 5, {"name": 0.3, "target": 0.3}),
            ],
        }
    ],
    "budget_lines": [],
}


def test_outcomes_follow_the_scorer() -> None:
    calibration = calibrate([("r", GOLD, PRED)], MATCHER, 0.7)
    assert calibration.outcomes == [
        FieldOutcome("r", "report.report_kind", 0.9, True),
        FieldOutcome("r", "report.fiscal_year", 0.9, True),
        FieldOutcome("r", "projects[0].budget.adjusted", 0.81, True),
        FieldOutcome("r", "projects[0].budget.spent", 0.81, False),  # missing: the record's lowest
        FieldOutcome("r", "projects[0].indicators[0].target.op", 0.9, True),
        FieldOutcome("r", "projects[0].indicators[0].target.value", 0.9, False),
        FieldOutcome("r", "projects[0].indicators[0].target.unit", 0.9, True),
        FieldOutcome("r", "projects[0].indicators[1].target.op", 0.4, True),
        FieldOutcome("r", "projects[0].indicators[1].target.value", 0.4, True),
        FieldOutcome("r", "projects[0].indicators[1].target.unit", 0.4, True),
        FieldOutcome("r", "projects[0].indicators[3].target.op", 0.3, False),
        FieldOutcome("r", "projects[0].indicators[3].target.value", 0.3, False),
        FieldOutcome("r", "projects[0].indicators[3].target.unit", 0.3, False),
    ]
    assert calibration.missed_indicators == 1
    assert (calibration.output_fields, calibration.output_flagged) == (12, 6)


def test_render_counts_the_dangerous_kind() -> None:
    calibration = calibrate([("r", GOLD, PRED)], MATCHER, 0.7)
    text = render(calibration, 0.7).splitlines()
    assert text[:8] == [
        "threshold 0.7",
        "fields compared with the gold: 13",
        "flagged (confidence < 0.7): 6 (46.2 %)",
        "wrong: 5; flagged among them: 3 (60.0 %)",
        "wrong and NOT flagged: 2",
        "wrong among the flagged: 3",
        "gold indicators missed entirely (cannot be flagged): 1",
        "all output fields: 12, under the threshold: 6 (50.0 %)",
    ]
    assert "| 0.2–0.4    |      3 |       0 |         0.0 % |" in text
    assert "| 0.4–0.6    |      3 |       3 |       100.0 % |" in text
    assert text[-2:] == [
        "  r projects[0].budget.spent (0.81)",
        "  r projects[0].indicators[0].target.value (0.9)",
    ]


def test_the_samples_meet_the_goal() -> None:
    """The figures of the closing note: >= 90 % of wrong fields flagged, <= 25 % of fields flagged."""
    from pipeline.evaluate.cases import find_cases, load_fixture

    cases = [
        (case.name, load_fixture(case.fixture), trusted_rules(case.report, Config()))
        for case in find_cases(REPO / "evals/reports", REPO / "evals/fixtures").cases
        if case.report is not None
    ]
    calibration: Calibration = calibrate(cases, MATCHER, 0.7)
    wrong = [o for o in calibration.outcomes if not o.correct]
    flagged = [o for o in calibration.outcomes if o.confidence < 0.7]
    assert sum(o.confidence < 0.7 for o in wrong) >= 0.9 * len(wrong)
    assert len(flagged) <= 0.25 * len(calibration.outcomes)
