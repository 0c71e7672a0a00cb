"""Per-field confidence: the one formula, its table, and the reasons a reviewer reads.

    confidence(field) = min( prior × GROUNDING[status],
                             UNGROUNDED_CAP              if the value was not found,
                             CAPS[kind]                  for every finding on the field )

| term                   | value                                   | why                                 |
|------------------------|-----------------------------------------|-------------------------------------|
| prior, backend's own   | `field_confidence[key]` of the raw result | hybrid: agreement (`agreed_prior`) |
| prior, rules indicator | `Indicator.confidence` from the backend | layout: table/scored 0.9, list 0.8  |
|                        |                                         | (0.6 without result), inline 0.6,   |
|                        |                                         | prose 0.4, misplaced name 0.75/0.3  |
| prior, LLM indicator   | `LLM_PRIOR` 0.85                        | grounding decides the rest          |
| prior, other records   | `RECORD_PRIOR`: rules 0.9, LLM 0.85     | budgets, budget lines, report       |
| GROUNDING exact        | 1.0                                     | verbatim where it was read          |
| GROUNDING normalised   | 0.9                                     | １０, 不低于, 元 for 万元             |
| GROUNDING near_name    | 0.7                                     | only the bare number is there       |
| GROUNDING ungrounded   | 0.5, capped at `UNGROUNDED_CAP` 0.2     | maybe made up: never passes quietly |
| derived (report_kind)  | 1.0                                     | a judgement, nothing to quote       |
| CAPS[kind]             | see `CAPS`                              | a failed check (checks.py) or a     |
|                        |                                         | backend flag on the field, or on    |
|                        |                                         | its record for `RECORD_WIDE_KINDS`  |
|                        |                                         | (row split by pattern, OCR repair,  |
|                        |                                         | row wrapped, header not seen:       |
|                        |                                         | 0.6–0.65; digits split by a shared  |
|                        |                                         | weight: 0.3)                        |

Agreement (hybrid backend): when rules and LLM read the same value the prior is
`1 − (1 − a)(1 − b)` (two independent readers: 0.9 and 0.85 agree → 0.985); when they disagree
the grounded value is kept and the flag `backends_disagree` caps the field at 0.5, so it is
reviewed at the default threshold `Config.review_threshold` = 0.7 (`PIPELINE_REVIEW_THRESHOLD`).

Worked example: a prose indicator (prior 0.4) whose target is written `不低于90%` (normalised):
0.4 × 0.9 = 0.36. A table row (0.9) whose actual is found verbatim but judged unmet with no
deviation reason: min(0.9 × 1.0, CAPS["unmet_without_reason"] 0.6) = 0.6.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from pipeline.trust.ground import Grounded, GroundStatus

LLM_PRIOR = 0.85
RECORD_PRIOR = {"rules": 0.9, "llm": LLM_PRIOR, "hybrid": LLM_PRIOR}
PRIOR_NOTE_BELOW = 0.8  # a prior under this is worth a reason of its own
GROUNDING = {
    GroundStatus.EXACT: 1.0,
    GroundStatus.NORMALISED: 0.9,
    GroundStatus.NEAR_NAME: 0.7,
    GroundStatus.UNGROUNDED: 0.5,
}
UNGROUNDED_CAP = 0.2
DISAGREEMENT_CAP = 0.5
CAPS = {
    "decode_errors": 0.3,  # a value over an undecodable byte may be missing a character
    "negative_amount": 0.4,
    "execution_rate_mismatch": 0.5,
    "score_exceeds_weight": 0.5,
    "duplicate_indicator": 0.5,
    "backends_disagree": DISAGREEMENT_CAP,
    "execution_rate_over_100": 0.6,
    "scores_not_self_score": 0.6,
    "unmet_without_reason": 0.6,
    "year_mismatch": 0.6,
    # How a row was read, flagged by the backend on the whole record: every field of it is capped
    # below the review threshold, so a reviewer sees it.
    "cells_split_by_pattern": 0.6,
    "ocr_repaired": 0.6,
    "header_not_seen": 0.65,
    "row_wrapped_onto_lines": 0.6,
    "page_marker_in_name": 0.6,
    # A page that lost its line breaks, read through its headings found where they run into the
    # text: the levels, and where a name ends, are a reconstruction.
    "outline_of_flattened_text": 0.5,
    # A split of fused digits is a reading of the whole table (the weight its rows share, the one
    # cut of a weight and score, a weight cut off a rate): as low as the backend reads it,
    # whatever prior an agreeing second reader would give.
    "digits_split_by_shared_weight": 0.3,
    "weight_and_score_split": 0.3,
    "weight_cut_off_rate_target": 0.3,
    # A fused funding-source row split where its sources add up to its total: proved, but a
    # reading of run-together digits that a reviewer should confirm.
    "budget_digits_split_by_sum": 0.6,
    # A header-less row's bare number read as its weight because the run adds up to 合计, and a
    # budget row's rate split from run-together digits where rate × weight = score: proved, but
    # readings a reviewer should confirm.
    "weights_proved_by_total": 0.6,
    "rate_proved_by_points": 0.6,
    "zero_cell_split": 0.6,  # a fused `00` read as two cells of 0
    "actual_with_words_joined": 0.6,
    "points_split_by_header_order": 0.3,  # a split of fused digits, like the splits above
    "points_over_100_dropped": 0.6,
}
# Flags on a whole record (path `projects[0].indicators[3]`) that bear on each of its fields.
RECORD_WIDE_KINDS = frozenset(
    (
        "cells_split_by_pattern",
        "ocr_repaired",
        "header_not_seen",
        "row_wrapped_onto_lines",
        "page_marker_in_name",
        "outline_of_flattened_text",
        "digits_split_by_shared_weight",
        "weight_and_score_split",
        "weight_cut_off_rate_target",
        "weights_proved_by_total",
        "zero_cell_split",
        "actual_with_words_joined",
        "points_split_by_header_order",
        "points_over_100_dropped",
    )
)


class Prior(NamedTuple):
    value: float
    reason: str | None = None


class FieldScore(NamedTuple):
    confidence: float
    reasons: tuple[str, ...] = ()


def agreed_prior(a: float, b: float) -> float:
    """Two independent readings of the same value: 1 − (1 − a)(1 − b)."""
    return round(1.0 - (1.0 - a) * (1.0 - b), 3)


def record_prior(backend: str, source_kind: str | None, backend_confidence: float | None) -> Prior:
    """The prior of a field that the backend gave no `field_confidence` for.

    `backend_confidence` is the indicator's `confidence` as the backend set it (None for records
    that have none: projects, budget lines, report).
    """
    if source_kind == "llm" or backend == "llm":
        return Prior(LLM_PRIOR)
    if backend_confidence is None:
        return Prior(RECORD_PRIOR.get(backend, LLM_PRIOR))
    reason = None
    if backend_confidence < PRIOR_NOTE_BELOW:
        reason = f"{source_kind or backend} reading, prior {backend_confidence:.2f}"
    return Prior(backend_confidence, reason)


def given_prior(value: float) -> Prior:
    """A prior the backend stated per field (the hybrid backend's agreement)."""
    reason = f"backend prior {value:.2f}" if value < PRIOR_NOTE_BELOW else None
    return Prior(value, reason)


def score_field(prior: Prior, grounding: Grounded | None, findings: Sequence[tuple[str, str]]) -> FieldScore:
    """Apply the formula; `findings` are `(kind, message)` pairs of checks and flags on the field."""
    if grounding is None:
        return _score(prior, None, "", tuple(findings))
    return _score(prior, grounding.status, grounding.note, tuple(findings))


@lru_cache(maxsize=4096)
def _score(
    prior: Prior, status: GroundStatus | None, note: str, findings: tuple[tuple[str, str], ...]
) -> FieldScore:
    """`score_field` on what it reads of the grounding (not its span): a pure function of few
    distinct arguments — nearly every field of a report is (its record's prior, exact, no note,
    no finding) — so cached; a `FieldScore` is immutable and can be shared."""
    confidence = prior.value
    reasons = [prior.reason] if prior.reason else []
    if status is not None:
        confidence *= GROUNDING[status]
        if status is GroundStatus.UNGROUNDED:
            confidence = min(confidence, UNGROUNDED_CAP)
        if status is not GroundStatus.EXACT or note:
            reasons.append(f"{status.value}: {note}" if note else status.value)
    for kind, message in findings:
        if kind in CAPS:
            confidence = min(confidence, CAPS[kind])
        reasons.append(f"{kind}: {message}")
    return FieldScore(round(max(0.0, min(1.0, confidence)), 3), tuple(reasons))
