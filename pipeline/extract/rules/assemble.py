"""Candidates (cells of the normalised text) → contract records with evidence in Document.text.

This is the one place where normalised offsets become `Document.text` offsets
(`NormalizedText.to_source`) and where cell text becomes typed values.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from pipeline.core.models import (
    Actual,
    Evidence,
    Indicator,
    Target,
    actual_of,
    shared_fields,
    source_evidence,
    target_of,
    unvalidated,
)
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
        return source_evidence(field, *self.norm.to_source(cell.start, cell.end))

    def cells_evidence(self, candidate: Candidate) -> tuple[Evidence, ...]:
        """The evidence of the candidate's cells (`_EVIDENCE_FIELDS`) that hold text, in that order."""
        to_source = self.norm.to_source
        found = []
        for attr, field in _EVIDENCE_FIELDS:
            cell = getattr(candidate, attr)
            if cell is not None and cell.text:
                found.append(source_evidence(field, *to_source(cell.start, cell.end)))
        return tuple(found)


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
        return _NO_TARGET
    q = parse_target(cell.text)
    unit = q.unit or (column_unit if q.value is not None else None)
    return target_of(_shared(cell.text), q.op, _num(q.value), _shared(unit))


def _actual(cell: Cell | None, row_unit: str | None = None) -> Actual:
    """The actual; a bare number takes the unit of its row's 度量单位 column (`row_unit`)."""
    if cell is None:
        return _NO_ACTUAL
    q = parse_actual(cell.text)
    unit = q.unit or (row_unit if q.value is not None else None)
    return actual_of(_shared(cell.text), _num(q.value), _shared(unit))


def _plain(cell: Cell | None) -> float | None:
    return None if cell is None else _num(parse_plain_number(cell.text))


_NO_TARGET, _NO_ACTUAL = Target(), Actual()  # immutable: every indicator without one holds these
_INDICATOR_GIVEN = shared_fields(
    (
        "level1",
        "level2",
        "name",
        "target",
        "actual",
        "weight",
        "score",
        "deviation_reason",
        "evidence",
        "confidence",
        "met",
        "source_kind",
    )
)


def to_indicator(candidate: Candidate, spans: SpanMapper) -> Indicator:
    """The candidate's indicator, its values parsed and its cells mapped to `Document.text`.

    Built unvalidated (`models.unvalidated`): every value below is already of its field's type
    (texts, floats from `_num`, the confidence made a float, a tuple of evidence, the nested
    records by their checked builders), and trust rebuilds every indicator through its model's
    validator (`validated_copy`), where its fields are checked once. As the constructor made it,
    it holds `optional` False and an empty `field_confidence`, and its given fields are the
    twelve named here."""
    target = _target(candidate.target, candidate.target_unit)
    actual = _actual(candidate.actual, candidate.unit)
    level1, level2, deviation = candidate.level1, candidate.level2, candidate.deviation
    values: dict[str, object] = {
        "level1": _shared(level1.text) if level1 else None,
        "level2": _shared(level2.text) if level2 else None,
        "name": candidate.name.text,
        "target": target,
        "actual": actual,
        "weight": _plain(candidate.weight),
        "score": _plain(candidate.score),
        "deviation_reason": deviation.text if deviation else None,
        "evidence": spans.cells_evidence(candidate),
        "confidence": float(candidate.confidence),
        "met": judge_met(target, actual),
        "source_kind": candidate.source_kind,
        "optional": False,
        "field_confidence": {},
    }
    return unvalidated(Indicator, values, _INDICATOR_GIVEN)
