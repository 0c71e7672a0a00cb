"""Counts add up (micro-average) and ratios follow the documented empty-denominator rules."""

from __future__ import annotations

import pytest

from pipeline.evaluate.counts import Counts, ReportScore, Tally, merge_tallies, total


def test_counts_ratios() -> None:
    counts = Counts(right=3, predicted=4, gold=6)
    assert (counts.precision, counts.recall) == (0.75, 0.5)
    assert counts.f1 == pytest.approx(2 * 0.75 * 0.5 / 1.25)


@pytest.mark.parametrize(
    ("counts", "precision", "recall", "f1"),
    [
        (Counts(0, 0, 0), 1.0, 1.0, 1.0),  # nothing to find, nothing claimed
        (Counts(0, 0, 5), 0.0, 0.0, 0.0),  # a missing prediction
        (Counts(0, 3, 0), 0.0, 0.0, 0.0),  # claims where there is nothing
    ],
)
def test_empty_denominators(counts: Counts, precision: float, recall: float, f1: float) -> None:
    assert (counts.precision, counts.recall, counts.f1) == (precision, recall, f1)


def test_tally_accuracy_is_none_over_nothing() -> None:
    assert Tally().accuracy is None
    assert Tally(1, 4).to_dict() == {"accuracy": 0.25, "right": 1, "total": 4}


def test_merge_tallies_adds_field_by_field() -> None:
    merged = merge_tallies([{"a": Tally(1, 1)}, {"a": Tally(0, 1), "b": Tally(2, 3)}])
    assert merged == {"a": Tally(1, 2), "b": Tally(2, 3)}


def test_total_is_a_micro_average() -> None:
    big = ReportScore(indicators=Counts(40, 40, 40), fields={"weight": Tally(4, 4)}, error="ignored")
    small = ReportScore(
        indicators=Counts(0, 1, 1),
        budget_by_field={"budget.spent": Tally(1, 1), "line.spent": Tally(0, 1)},
        report_by_field={"agency": Tally(0, 1)},
    )
    summed = total([big, small, small])
    assert summed == ReportScore(
        indicators=Counts(40, 42, 42),
        fields={"weight": Tally(4, 4)},
        budget_by_field={"budget.spent": Tally(2, 2), "line.spent": Tally(0, 2)},
        report_by_field={"agency": Tally(0, 2)},
    )
    assert (summed.budget, summed.report_fields) == (Tally(2, 4), Tally(0, 2))
    assert summed.figures()["indicator_f1"] == round(2 * 40 / (42 + 42), 4)


def test_figures_and_counts_order() -> None:
    score = ReportScore(indicators=Counts(1, 2, 1), cells=Counts(2, 3, 4))
    assert list(score.figures()) == [
        "indicator_f1",
        "cell_f1",
        "indicator_precision",
        "indicator_recall",
        "cell_precision",
        "cell_recall",
        "budget_accuracy",
        "report_field_accuracy",
    ]
    assert score.counts() == {
        "indicators": {"right": 1, "predicted": 2, "gold": 1},
        "cells": {"right": 2, "predicted": 3, "gold": 4},
        "budget": {"right": 0, "total": 0},
        "report_fields": {"right": 0, "total": 0},
    }
