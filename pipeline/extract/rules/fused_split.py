"""Digits of several cells run together, split where the table's rows prove one weight.

An OCR'd form with `指标值 | 权重 | 完成值 | 得分` columns often loses every separator, leaving one
number per row (`901010010`). Which digits belong to which cell cannot be told from one row,
but a table usually gives every indicator the same weight, and a row scored in full prints that
weight twice (as 权重 and as 得分). So:

- a *cut* of a row's digits is one reading as numbers in the header's column order (no leading
  zero but in `0` and `0.5`; a 得分 never above its 权重; a 指标值/完成值 in a `%` row never above
  100);
- the table's weight is the one weight that every fused row can be cut with (a row with no cut
  at all is garbled, and says nothing), and that at least two rows can be cut with *in full
  marks* (得分 = 权重): a recurrence, not a guess on one row;
- each row then takes its one full-marks cut with that weight, or, where it has none, its one
  cut with that weight at all; a row with two readings stays unsplit.

With weight 10, `901010010` (a `%` row) reads 90 | 10 | 100 | 10; `2810810` reads
28 | 10 | 8 | 10. A target led by `2` that the row's own full marks contradict (8 achieved
against 28, full marks) is the OCR of `≥` in the 指标性质 cell before it: ≥8 (`ocr_repaired`).

Every split row is noted `digits_split_by_shared_weight` and read at low confidence: the split is
a reading of the table as a whole, which a reviewer should confirm.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pipeline.domain.met import judge_met
from pipeline.domain.quantity import Quantity, parse_target

SPLIT_WEIGHT_NOTE = "digits_split_by_shared_weight"
SPLIT_CONFIDENCE = 0.3
_ROLES = ("target", "weight", "actual", "score")
_NUMBER = re.compile(r"0|[1-9]\d*|(?:0|[1-9]\d*)\.\d+")
_MIN_PROOF = 2  # rows in full marks that must share the weight
_MAX_DIGITS = 16  # longer runs are not one row's cells (and would cost too many cuts)
_PERCENT_CAP = 100.0
_OCR_GE = "2"  # how OCR reads a ≥ in the 指标性质 cell


@dataclass(frozen=True)
class FusedRow:
    """A row's fused digits and whether the row's unit is `%`."""

    digits: str
    percent: bool


@dataclass(frozen=True)
class Piece:
    """One cell's digits and where they start within the fused run."""

    text: str
    offset: int


@dataclass(frozen=True)
class SplitRow:
    """A row's cells by column (`target`, `weight`, `actual`, `score`); `target_ge` where the
    target's leading `2` was read as `≥`."""

    cells: dict[str, Piece]
    target_ge: bool = False


def numeric_columns(roles: Sequence[str]) -> tuple[str, ...]:
    """The header's numeric columns in order, when they are exactly the four this module splits."""
    columns = tuple(r for r in roles if r in _ROLES)
    return columns if sorted(columns) == sorted(_ROLES) else ()


def _cuts(digits: str, count: int, offset: int = 0) -> Iterator[tuple[Piece, ...]]:
    if count == 1:
        if _NUMBER.fullmatch(digits):
            yield (Piece(digits, offset),)
        return
    for i in range(1, len(digits)):
        head = digits[:i]
        if _NUMBER.fullmatch(head):
            for rest in _cuts(digits[i:], count - 1, offset + i):
                yield (Piece(head, offset), *rest)


# A table's rows are cut twice, to find the weight they share (`shared_weight`) and to split each
# with it (`split_row`); the cuts are a pure function of the row's digits and columns, kept once.
@functools.lru_cache(maxsize=1024)
def _readings(row: FusedRow, columns: tuple[str, ...]) -> tuple[dict[str, Piece], ...]:
    """Every cut of the row that fits its columns (module docstring); kept, so read only."""
    if len(row.digits) > _MAX_DIGITS:
        return ()
    out = []
    for pieces in _cuts(row.digits, len(columns)):
        cells = dict(zip(columns, pieces, strict=True))
        weight, score = float(cells["weight"].text), float(cells["score"].text)
        capped = not row.percent or all(float(cells[r].text) <= _PERCENT_CAP for r in ("target", "actual"))
        if weight > 0 and score <= weight and capped:
            out.append(cells)
    return tuple(out)


def _full_marks(cells: dict[str, Piece]) -> bool:
    return float(cells["score"].text) == float(cells["weight"].text)


def _in_full_marks(readings: Sequence[dict[str, Piece]], weight: str) -> bool:
    return any(c["weight"].text == weight and _full_marks(c) for c in readings)


def shared_weight(rows: Sequence[FusedRow], columns: tuple[str, ...]) -> str | None:
    """The one weight every row that can be cut can be cut with, and at least two rows hold in
    full marks."""
    if len(rows) < _MIN_PROOF or not columns:
        return None
    readings = [r for row in rows if (r := _readings(row, columns))]
    if not readings:
        return None
    possible = set.intersection(*({c["weight"].text for c in r} for r in readings))
    proved = [w for w in possible if sum(_in_full_marks(r, w) for r in readings) >= _MIN_PROOF]
    return proved[0] if len(proved) == 1 else None


def split_row(row: FusedRow, columns: tuple[str, ...], weight: str) -> SplitRow | None:
    """The row's one reading with the table's weight (full marks first), or None if it has two."""
    with_weight = [c for c in _readings(row, columns) if c["weight"].text == weight]
    full = [c for c in with_weight if _full_marks(c)]
    chosen = full if full else with_weight
    if len(chosen) != 1:
        return None
    cells = chosen[0]
    return _with_ocr_ge(cells) if full else SplitRow(cells)


def _with_ocr_ge(cells: dict[str, Piece]) -> SplitRow:
    """A full-marks row whose target is `2` + a figure the actual reaches while falling short of
    the whole target: the `2` is the 指标性质 cell's `≥`."""
    target, actual = cells["target"], float(cells["actual"].text)
    rest = target.text[1:]
    if (
        target.text.startswith(_OCR_GE)
        and _NUMBER.fullmatch(rest)
        and 0 < float(rest) <= actual < float(target.text)
    ):
        return SplitRow({**cells, "target": Piece(rest, target.offset + 1)}, target_ge=True)
    return SplitRow(cells)


# A weight glued to the target after it (`8550万粒` = weight 8 + target 550万粒): the weight is a
# form's few points; the target left after it starts with a number as written.
_GLUED_WEIGHT = re.compile(r"[1-9]\d?")
_TARGET_LEFT = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?\D*")


def glued_weight(rows: Sequence[Sequence[str]]) -> str | None:
    """The weight a form with `分值 | 指标值 | 完成值 | 得分` columns glued to every target, when
    the rows prove it: each row here is the values of a row one cell short (`8550万粒`, `550万粒`,
    `8`), and a row proves weight `8` when its target is `8` + its actual, as written, and its
    score is `8` (met in full marks). At least two rows must prove one weight, and none another.

    >>> glued_weight([("8550万粒", "550万粒", "8"), ("82%", "2%", "8"), ("6100%", "96%", "5")])
    '8'
    """
    proofs = [
        score
        for first, actual, score in (v for v in rows if len(v) == 3)
        if _GLUED_WEIGHT.fullmatch(score) and first == score + actual and unglue(first, score)
    ]
    if len(set(proofs)) != 1 or len(proofs) < _MIN_PROOF:
        return None
    return proofs[0]


def unglue(first: str, weight: str) -> str | None:
    """The target in a first value that starts with the table's glued weight: `8200万粒` → `200万粒`
    (weight `8`); None when the value does not start with it or what is left is no value."""
    rest = first[len(weight) :]
    return rest if first.startswith(weight) and _TARGET_LEFT.fullmatch(rest) else None


# A 分值 and its 得分 run together at a row's end (`≥12处 13处 1010`: weight 10, score 10): a weight
# is a few points (1–100), a score never above it, and neither is zero or starts with a zero.
_SCALE_CAP = 100.0


def weight_score_cut(digits: str) -> tuple[Piece, Piece] | None:
    """The one cut of `digits` into a weight then a score that fits the scale, or None when no
    cut or more than one fits.

    >>> [(w.text, s.text) for w, s in filter(None, map(weight_score_cut, ("1010", "108", "2018", "109.5")))]
    [('10', '10'), ('10', '8'), ('20', '18'), ('10', '9.5')]
    >>> weight_score_cut("1000"), weight_score_cut("9"), weight_score_cut("510")  # 0, one digit, 10 > 5
    (None, None, None)
    """
    fits = [
        (weight, score)
        for weight, score in _cuts(digits, 2)
        if 0 < float(score.text) <= float(weight.text) <= _SCALE_CAP
    ]
    return fits[0] if len(fits) == 1 else None


def weights_with_scores(trailing: Sequence[str]) -> bool:
    """Whether a table's rows prove that their last number is a weight and a score run together:
    every row one cell short ends in digits with exactly one such cut, and at least two do."""
    return len(trailing) >= _MIN_PROOF and all(weight_score_cut(d) is not None for d in trailing)


# A whole target, then its 完成值 | 分值 | 得分 run together (`≥800人次` then `8561515`): the
# target says what the actual may be.
_MAGNITUDE = 10.0  # an actual is within ten times its target either way (or is 0)


def _plausible_actual(actual: float, target: Quantity) -> bool:
    if target.value is None or target.value <= 0 or actual == 0:
        return target.value is not None
    ratio = actual / target.value
    capped = target.unit != "%" or actual <= _PERCENT_CAP
    return capped and 1 / _MAGNITUDE <= ratio <= _MAGNITUDE


def _judged(actual: float, weight: float, score: float, target: Quantity) -> bool:
    """A row scores full marks exactly when its actual meets its target."""
    met = judge_met(target.op, target.value, target.unit, actual, target.unit)
    return met is not None and met == (score == weight)


def actual_weight_score_cut(digits: str, target: str) -> tuple[Piece, Piece, Piece] | None:
    """The one cut of `digits` — the 完成值, 分值 and 得分 cells of a row whose numeric target
    `target` is whole — that a careful reader can prove, or None: a weight of 1–100 and a score
    not above it; an actual within ten times the target either way (a rate not above 100 %); and
    full marks exactly where the actual meets the target.

    >>> [p.text for p in actual_weight_score_cut("8561515", "≥800人次") or ()]  # not 8561 | 51 | 5
    ['856', '15', '15']
    >>> [p.text for p in actual_weight_score_cut("58.42018", "≥60%") or ()]
    ['58.4', '20', '18']
    >>> actual_weight_score_cut("8561515", "稳步提升") is None  # no number to judge the actual by
    True
    """
    quantity = parse_target(target)
    if quantity.value is None or len(digits) > _MAX_DIGITS:
        return None
    fits = []
    for actual, weight, score in _cuts(digits, 3):
        a, w, s = float(actual.text), float(weight.text), float(score.text)
        if (
            0 < w <= _SCALE_CAP
            and 0 <= s <= w
            and _plausible_actual(a, quantity)
            and _judged(a, w, s, quantity)
        ):
            fits.append((actual, weight, score))
    return fits[0] if len(fits) == 1 else None
