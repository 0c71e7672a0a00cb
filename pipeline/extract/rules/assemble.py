"""Candidates (cells of the normalised text) → contract records with evidence in Document.text.

This is the one place where normalised offsets become `Document.text` offsets
(`NormalizedText.to_source`) and where cell text becomes typed values.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from pipeline.core.models import Actual, Evidence, Indicator, Target, evidence_at, share_fields_set
from pipeline.domain.numbers import clean_number
from pipeline.domain.quantity import parse_actual, parse_plain_number, parse_target
from pipeline.extract.met import judge_met
from pipeline.extract.rules.candidates import Candidate
from pipeline.extract.rules.cells import Cell
from pipeline.normalize import NormalizedText

_EVIDENCE_FIELDS = (
    ("name", "name"),
    ("level1", "level1"),
    ("level2", "level2"),
    ("target", "target"),
    ("actual", "actual"),
    ("weight", "weight"),
    ("score", "score"),
    ("deviation", "deviation_reason"),
)


_NUMBERS: dict[float, float] = {}
NUMBERS_KEPT = 4096
"""Distinct numbers kept for sharing (`_num`) before the table starts again: a bound per process."""


def _num(value: float | None) -> float | None:
    """`value` as a record's float field holds it (`clean_number`, then the model's float: 3.00 and
    3 are 3.0), one object for each distinct number the rules read.

    A model keeps the float it is given but makes a new one from an int, so every row's weight 5
    or target 100 was an object of its own (24 bytes; a dense table's row holds four). Worked
    example: the weights of two rows read `5` and `5.00` are one object, 5.0.
    """
    if value is None:
        return None
    number = float(clean_number(value))
    if len(_NUMBERS) >= NUMBERS_KEPT:
        _NUMBERS.clear()
    return _NUMBERS.setdefault(number, number)


@dataclass(frozen=True)
class SpanMapper:
    """Maps spans of the normalised text back to Document.text."""

    norm: NormalizedText

    def evidence(self, field: str, cell: Cell) -> Evidence:
        start, end = self.norm.to_source(cell.start, cell.end)
        return evidence_at(field, start, end)

    def evidences(self, pairs: list[tuple[str, Cell | None]]) -> tuple[Evidence, ...]:
        return tuple(self.evidence(field, cell) for field, cell in pairs if cell is not None and cell.text)


def _shared(text: str | None) -> str | None:
    """`text`, as the one string of its value held by every record that holds it (`sys.intern`).

    A level (产出指标, 数量指标), a unit (人, %) and often a target or an actual as written (≥95%,
    100%, 是) are the same few words on many rows of a table, but each row's reading makes a
    string of its own (~80 bytes for a CJK word): a 10,000-row table held ~300 bytes per row of
    such copies, in the rules' records and so in trust's. An
    interned string lives while a record holds it (CPython drops it from the table after that).
    Worked example: the level1 of two rows read from two cells `产出指标` is one object.
    """
    return None if text is None else sys.intern(text)


def _target(cell: Cell | None, column_unit: str | None = None) -> Target:
    """The target; a number written without a unit takes the unit of a 计量单位 column printed
    before it (`column_unit`: `万平方米 | ≥86` → ≥ 86 万平方米, raw `≥86`)."""
    if cell is None:
        return Target()
    q = parse_target(cell.text)
    unit = q.unit or (column_unit if q.value is not None else None)
    return Target(raw=_shared(cell.text), op=q.op, value=_num(q.value), unit=_shared(unit))  # type: ignore[arg-type]


def _actual(cell: Cell | None, row_unit: str | None = None) -> Actual:
    """The actual; a bare number takes the unit of its row's 度量单位 column (`row_unit`)."""
    if cell is None:
        return Actual()
    q = parse_actual(cell.text)
    unit = q.unit or (row_unit if q.value is not None else None)
    return Actual(raw=_shared(cell.text), value=_num(q.value), unit=_shared(unit))


def _plain(cell: Cell | None) -> float | None:
    return None if cell is None else _num(parse_plain_number(cell.text))


def to_indicator(candidate: Candidate, spans: SpanMapper) -> Indicator:
    target = _target(candidate.target, candidate.target_unit)
    actual = _actual(candidate.actual, candidate.unit)
    evidence = spans.evidences([(field, getattr(candidate, attr)) for attr, field in _EVIDENCE_FIELDS])
    indicator = Indicator(
        level1=_shared(candidate.level1.text) if candidate.level1 else None,
        level2=_shared(candidate.level2.text) if candidate.level2 else None,
        name=candidate.name.text,
        target=target,
        actual=actual,
        weight=_plain(candidate.weight),
        score=_plain(candidate.score),
        deviation_reason=candidate.deviation.text if candidate.deviation else None,
        evidence=evidence,
        confidence=candidate.confidence,
        met=judge_met(target, actual),
        source_kind=candidate.source_kind,  # type: ignore[arg-type]
    )
    return share_fields_set(indicator)  # one of ~30 per report: the table lookup costs ~0.4 µs
