"""The counts a score is made of, and the ratios derived from them.

Scores are kept as integer counts, never as averaged ratios, so that the overall figures are
micro-averages: `sum(report scores)` adds the counts and the ratios are computed once at the end.
A report with 40 indicators weighs 40 times a report with one.

Empty denominators. Precision with nothing predicted and recall with nothing to find are 1.0
only when the other side is empty too (nothing to find, nothing claimed: vacuously perfect);
otherwise 0.0. An accuracy over zero compared fields is `None` (shown as `-`): there was
nothing to be right or wrong about.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

FIGURE_DIGITS = 4


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, FIGURE_DIGITS)


@dataclass(frozen=True)
class Tally:
    """`right` of `total` compared values."""

    right: int = 0
    total: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.right + other.right, self.total + other.total)

    @property
    def accuracy(self) -> float | None:
        return self.right / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {"accuracy": _rounded(self.accuracy), "right": self.right, "total": self.total}


@dataclass(frozen=True)
class Counts:
    """Precision/recall counts: `right` of `predicted` claims were right, of `gold` to find."""

    right: int = 0
    predicted: int = 0
    gold: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.right + other.right, self.predicted + other.predicted, self.gold + other.gold)

    @property
    def precision(self) -> float:
        if self.predicted == 0:
            return 1.0 if self.gold == 0 else 0.0
        return self.right / self.predicted

    @property
    def recall(self) -> float:
        if self.gold == 0:
            return 1.0 if self.predicted == 0 else 0.0
        return self.right / self.gold

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, int]:
        return {"right": self.right, "predicted": self.predicted, "gold": self.gold}


def merge_tallies(tallies: Iterable[Mapping[str, Tally]]) -> dict[str, Tally]:
    """Field-by-field sums of several `{field: Tally}` maps."""
    merged: dict[str, Tally] = {}
    for fields in tallies:
        for name, tally in fields.items():
            merged[name] = merged.get(name, Tally()) + tally
    return merged


def sum_tallies(tallies: Mapping[str, Tally]) -> Tally:
    """All fields of a `{field: Tally}` map as one tally."""
    return sum(tallies.values(), Tally())


@dataclass(frozen=True)
class ReportScore:
    """Everything the scorer counted for one report (or, summed, for many).

    `fields` maps an indicator field (`target.op`) to its tally over matched indicators;
    `budget_by_field` (`budget.spent`, `line.spent`, `self_score`) and `report_by_field`
    (`agency`, `fiscal_year`, …) do the same for budget figures and report fields, and
    `budget` / `report_fields` are their sums. `error` is why the prediction is missing, if it is.
    """

    indicators: Counts = Counts()
    cells: Counts = Counts()
    fields: Mapping[str, Tally] = field(default_factory=dict)
    budget_by_field: Mapping[str, Tally] = field(default_factory=dict)
    report_by_field: Mapping[str, Tally] = field(default_factory=dict)
    error: str | None = None

    def __add__(self, other: ReportScore) -> ReportScore:
        """Counts add up; the error of a sum is not meaningful and is dropped."""
        return ReportScore(
            indicators=self.indicators + other.indicators,
            cells=self.cells + other.cells,
            fields=merge_tallies((self.fields, other.fields)),
            budget_by_field=merge_tallies((self.budget_by_field, other.budget_by_field)),
            report_by_field=merge_tallies((self.report_by_field, other.report_by_field)),
        )

    @property
    def budget(self) -> Tally:
        return sum_tallies(self.budget_by_field)

    @property
    def report_fields(self) -> Tally:
        return sum_tallies(self.report_by_field)

    def figures(self) -> dict[str, float | None]:
        """The headline ratios, in the order results files list them."""
        return {
            "indicator_f1": _rounded(self.indicators.f1),
            "cell_f1": _rounded(self.cells.f1),
            "indicator_precision": _rounded(self.indicators.precision),
            "indicator_recall": _rounded(self.indicators.recall),
            "cell_precision": _rounded(self.cells.precision),
            "cell_recall": _rounded(self.cells.recall),
            "budget_accuracy": _rounded(self.budget.accuracy),
            "report_field_accuracy": _rounded(self.report_fields.accuracy),
        }

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            "indicators": self.indicators.to_dict(),
            "cells": self.cells.to_dict(),
            "budget": {"right": self.budget.right, "total": self.budget.total},
            "report_fields": {"right": self.report_fields.right, "total": self.report_fields.total},
        }


def total(scores: Iterable[ReportScore]) -> ReportScore:
    """The micro-averaged sum of report scores."""
    result = ReportScore()
    for score in scores:
        result = result + score
    return result
