"""Merging two readings of one record, field by field (the hybrid backend's core).

For each field of a record read by both backends (rules = `a`, LLM = `b`):

| readings              | value kept         | prior (`field_confidence`)      | flag                 |
|-----------------------|--------------------|---------------------------------|----------------------|
| only one has it       | that one           | that backend's prior            | —                    |
| both, same value      | the rules reading  | `agreed_prior(a, b)` (raised)   | —                    |
| both, different       | the better grounded | the winner's prior             | `backends_disagree`  |

"Same" is the eval's notion: numbers equal (budget figures within 0.5 %, as the scorer allows
for rounding), comparators identical, words equal after `name_key` (NFKC, no punctuation or
spaces). "Better grounded" ranks EXACT > NORMALISED > NEAR_NAME > UNGROUNDED; a tie keeps the
rules reading (it read the layout). `apply_trust` then caps a `backends_disagree` field at 0.5,
so a reviewer sees it.

Example: rules read a target `≥10个` from a table row, the LLM `≥12个`; the text says `≥10个`
→ rules grounded EXACT, LLM UNGROUNDED → `≥10个` kept, flag `backends_disagree`: "target: rules
read '≥10个' (exact), the LLM read '≥12个' (ungrounded); kept the rules reading".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pipeline.core.models import Actual, Evidence, Flag, Target
from pipeline.domain.names import name_key
from pipeline.trust.confidence import Prior, agreed_prior
from pipeline.trust.fields import FieldSpec, RecordRef, display_value, is_present, value_at
from pipeline.trust.ground import RANK, Grounder, GroundStatus
from pipeline.trust.places import neighbourhood, place_for

BUDGET_TOLERANCE = 0.005
_TOLERANCE = {"amount": BUDGET_TOLERANCE, "percent": BUDGET_TOLERANCE}


@dataclass(frozen=True)
class Reading:
    """One backend's reading of a record: where it is, who read it, the backend's prior."""

    ref: RecordRef
    backend: str
    prior: Prior


@dataclass(frozen=True)
class MergedFields:
    values: dict[str, object]
    evidence: tuple[Evidence, ...]
    priors: dict[str, float]
    flags: tuple[Flag, ...]


def _numbers_equal(a: float | None, b: float | None, tolerance: float) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=max(tolerance, 1e-6), abs_tol=1e-9)


def _words_equal(a: str | None, b: str | None) -> bool:
    return name_key(a or "") == name_key(b or "")


def same_value(spec: FieldSpec, a: object, b: object) -> bool:
    """Whether two filled readings of one field say the same thing (policy in the module docstring)."""
    if isinstance(a, Target) and isinstance(b, Target):
        if a.value is None and b.value is None:
            return a.op == b.op and _words_equal(a.raw, b.raw)
        return a.op == b.op and _numbers_equal(a.value, b.value, 0.0) and _words_equal(a.unit, b.unit)
    if isinstance(a, Actual) and isinstance(b, Actual):
        if a.value is None and b.value is None:
            return _words_equal(a.raw, b.raw)
        return _numbers_equal(a.value, b.value, 0.0) and _words_equal(a.unit, b.unit)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return _numbers_equal(float(a), float(b), _TOLERANCE.get(spec.kind, 0.0))
    if isinstance(a, str) and isinstance(b, str):
        return _words_equal(a, b)
    return a == b


def _own_evidence(reading: Reading, key: str) -> list[Evidence]:
    return [e for e in reading.ref.record.evidence if e.field == key]


def merge_fields(rules: Reading, llm: Reading, path: str, grounder: Grounder) -> MergedFields:
    """Merge every field of two readings of one record; `path` is the merged record's JSON path."""
    values: dict[str, object] = {}
    evidence: list[Evidence] = []
    priors: dict[str, float] = {}
    flags: list[Flag] = []
    for spec in rules.ref.specs:
        a, b = value_at(rules.ref.record, spec.key), value_at(llm.ref.record, spec.key)
        if not is_present(b) or (is_present(a) and same_value(spec, a, b)):
            winner = rules
            prior = agreed_prior(rules.prior.value, llm.prior.value) if is_present(b) else rules.prior.value
        elif not is_present(a):
            winner, prior = llm, llm.prior.value
        else:
            statuses = [_status(spec, reading, grounder) for reading in (rules, llm)]
            winner = llm if RANK[statuses[1]] > RANK[statuses[0]] else rules
            prior = winner.prior.value
            flags.append(_disagreement(spec, (a, b), statuses, winner, f"{path}.{spec.key}"))
        values[spec.key] = value_at(winner.ref.record, spec.key)
        evidence += _own_evidence(winner, spec.key)
        if is_present(values[spec.key]):
            priors[spec.key] = prior
    return MergedFields(values, tuple(evidence), priors, tuple(flags))


def _status(spec: FieldSpec, reading: Reading, grounder: Grounder) -> GroundStatus:
    around = neighbourhood(reading.ref, grounder)
    value = value_at(reading.ref.record, spec.key)
    grounded = grounder.ground(spec, value, place_for(reading.ref, spec, around, grounder))
    return grounded.status if grounded is not None else GroundStatus.UNGROUNDED


def _disagreement(
    spec: FieldSpec, values: tuple[object, object], statuses: list[GroundStatus], winner: Reading, path: str
) -> Flag:
    (a, b), (status_a, status_b) = values, statuses
    kept = "LLM" if winner.backend == "llm" else "rules"
    message = (
        f"{spec.key}: rules read {display_value(a)!r} ({status_a.value}), the LLM read "
        f"{display_value(b)!r} ({status_b.value}); kept the {kept} reading"
    )
    return Flag(kind="backends_disagree", message=message, path=path)
