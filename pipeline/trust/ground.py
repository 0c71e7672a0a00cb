"""Grounding: find each field's value in `Document.text` and say how well it was found.

Like langextract's `AlignmentStatus`, every grounded field gets a status:

| status       | meaning                                                                         |
|--------------|---------------------------------------------------------------------------------|
| `EXACT`      | the value is written verbatim: the raw text (`≥10个`), the words, the number     |
| `NORMALISED` | written in another form: full-width (`１０`), another comparator (`不低于10` for  |
|              | `≥10`), 元 for 万元 (1.96 from `19600 元`), a fraction for a percentage          |
| `NEAR_NAME`  | only the bare number is there, near the record; its comparator or unit differ    |
| `UNGROUNDED` | not found: the value may be made up, or read from somewhere it is not written    |

Where to look (`Place`): first the extractor's own evidence for the field (`claimed`), then the
record's neighbourhood (`scope`, nearest the `anchor` first). When the scope is the whole
document (a record with no evidence at all), a number counts only when it is written with at
least `SPECIFIC_DIGITS` digits: `3` occurs in every report, `271.81` does not.

Worked example: text `……培训班次不低于10个，实际开展12期……`, target `{raw "≥10个", op ">=", value 10,
unit "个"}` → NORMALISED at the span of `10` (the number and unit are there, the comparator is
written as a word); actual `{raw "12期", value 12}` → EXACT at `12期`; weight 5 → UNGROUNDED.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import StrEnum
from functools import cache
from typing import NamedTuple

from pipeline.core.document import Span
from pipeline.core.models import Actual, Target
from pipeline.domain.comparators import PREFIX_WORD_OPS, SUFFIX_WORD_OPS, SYMBOL_OPS
from pipeline.normalize import NormalizedText, normalize
from pipeline.trust.fields import FieldSpec
from pipeline.trust.locate import Hit, SourceText, same_number, span_at

SPECIFIC_DIGITS = 3
# Full names and the short forms reports write for them (宿州市医保局 for 宿州市医疗保障局).
ABBREVIATIONS = (
    ("医疗保障局", "医保局"),
    ("医疗保障", "医保"),
    ("卫生健康委员会", "卫健委"),
    ("人力资源和社会保障局", "人社局"),
)
SCALES: dict[str, tuple[float, ...]] = {
    "amount": (1.0, 10000.0, 0.0001),  # 万元 as written, in 元, in 亿元
    "percent": (1.0, 0.01),  # 98.5 as written, or 0.985
    "number": (1.0,),
    "year": (1.0,),
}
_GAP = " \t\u3000|│"  # what may stand between a comparator, its number and its unit
# The `>` closing an HTML tag a converter left before a cell's value (`<td>100%`, `rowspan="2">`)
# is no comparator; the window before a number may start inside a tag (`/td><td>`).
_HTML_TAG_END = re.compile(r"(?:(?:^|<)/?[A-Za-z][^<>]*>)+$")
_PREFIX_OPS = sorted({**SYMBOL_OPS, **PREFIX_WORD_OPS}.items(), key=lambda item: -len(item[0]))
# The comparator that ends a text, in one search: the leftmost match that reaches the end is the
# longest such word, the one the longest-first `_PREFIX_OPS` would find first.
_PREFIX_OP_AT_END = re.compile("(?:" + "|".join(re.escape(word) for word, _ in _PREFIX_OPS) + r")\Z")
_PREFIX_OP = dict(_PREFIX_OPS)
_QUANTITIES, _NUMBERS = (Target, Actual), (int, float)  # tuples: cheaper than unions per field
_SUFFIX_OPS = sorted(SUFFIX_WORD_OPS.items(), key=lambda item: -len(item[0]))
_PREFIX_OP_ENDS = frozenset(word[-1] for word, _ in _PREFIX_OPS)
_SUFFIX_OP_STARTS = frozenset(word[0] for word, _ in _SUFFIX_OPS)


class GroundStatus(StrEnum):
    EXACT = "exact"
    NORMALISED = "normalised"
    NEAR_NAME = "near_name"
    UNGROUNDED = "ungrounded"


RANK = {
    GroundStatus.EXACT: 3,
    GroundStatus.NORMALISED: 2,
    GroundStatus.NEAR_NAME: 1,
    GroundStatus.UNGROUNDED: 0,
}


# Grounded and Place (and locate's Hit, confidence's Prior and FieldScore) are named tuples, not
# frozen dataclasses: a report makes several hundred of each, one or more per field, and a frozen
# dataclass is built field by field through `object.__setattr__` (~1.3 µs against ~0.25 µs).
class Grounded(NamedTuple):
    """How a value was found; `span` is in Document.text (None when ungrounded)."""

    status: GroundStatus
    span: Span | None = None
    note: str = ""


class Place(NamedTuple):
    """Where to look: the extractor's evidence, then `scope` nearest `anchor`."""

    claimed: Span | None
    scope: Span
    anchor: int = 0
    whole_document: bool = False


class Grounder:
    """Grounds field values in one document (its normalised text is `normalized` when the caller
    has it, else built once, on first use)."""

    def __init__(self, text: str, normalized: NormalizedText | None = None) -> None:
        self.source = SourceText(text, normalized)

    def ground(self, spec: FieldSpec, value: object, place: Place) -> Grounded | None:
        """The grounding of a filled field; None for a `derived` field (nothing to find)."""
        if spec.kind == "derived":
            return None
        if spec.kind in ("text", "label"):
            return self.words(str(value), place)
        if isinstance(value, _QUANTITIES):
            return self.quantity(value, place)
        if isinstance(value, _NUMBERS) and not isinstance(value, bool):
            return self.number(float(value), place, SCALES[spec.kind])
        return Grounded(GroundStatus.UNGROUNDED, note=f"cannot ground a {type(value).__name__}")

    def words(self, text: str, place: Place) -> Grounded:
        """The words verbatim, normalised, or in a short form; or — weakest — their characters in
        order inside the extractor's span (a name composed from `检查我县58家医疗机构`)."""
        as_claimed = self.words_as_claimed(text, place.claimed)
        if as_claimed is not None:  # where the extractor read them, as written: the usual case
            return as_claimed
        for region, anchor, where in self._regions(place):
            for form in _word_forms(text):
                hit = self.source.words(form, region, anchor)
                if hit is not None:
                    return self._grounded(hit if form == text else Hit(hit.span, False), where)
        claimed = place.claimed
        if claimed is not None and _in_order(text, self.source.text[claimed.start : claimed.end]):
            return Grounded(GroundStatus.NEAR_NAME, claimed, "its characters are there, not together")
        return Grounded(GroundStatus.UNGROUNDED, note=_not_found(place))

    def words_as_claimed(self, text: str, claimed: Span | None) -> Grounded | None:
        """The words as written inside `claimed`, the span the extractor read them from (`words`'
        first test, which needs no place); None where they are not there, or blank."""
        query = text.strip()
        if claimed is None or not query:
            return None
        found = self.source.text.find(query, claimed.start, claimed.end)
        if found == claimed.start and found + len(query) == claimed.end:
            # The whole claimed span: kept as it is (its offsets are the evidence's own int
            # objects, so a grounded evidence of a big table shares them, 56 bytes a field).
            return Grounded(GroundStatus.EXACT, claimed)
        if found >= 0:
            return Grounded(GroundStatus.EXACT, span_at(found, found + len(query)))
        return None

    def number(self, value: float, place: Place, scales: tuple[float, ...] = (1.0,)) -> Grounded:
        if scales[0] == 1.0:
            # The search's first region is the claimed span: there every token is written as it
            # is read, so a token that is the value at scale 1 is a verbatim hit, and the nearest
            # such hit to the span's start (the first: none starts before it) wins.
            for start, end, _ in self._claimed_hits(value, place):
                return Grounded(GroundStatus.EXACT, _span_in(place, start, end), "")
        for region, anchor, where in self._regions(place):
            hits = self._number_hits(value, region, place, scales)
            if hits:
                return self._grounded(
                    min(hits, key=lambda h: (not h.verbatim, abs(h.span.start - anchor))), where
                )
        return Grounded(GroundStatus.UNGROUNDED, note=_not_found(place))

    def quantity(self, value: Target | Actual, place: Place) -> Grounded:
        """A target or actual: the number with a matching comparator and unit, or its raw words."""
        if value.value is None:
            return self.words(value.raw or "", place)
        exact = self._exact_quantity_where_claimed(value, value.value, place)
        if exact is not None:
            return exact
        best = Grounded(GroundStatus.UNGROUNDED, note=_not_found(place))
        for region, anchor, where in self._regions(place):
            hits = self._number_hits(value.value, region, place)
            for hit in sorted(hits, key=lambda h: abs(h.span.start - anchor)):
                found = self._judge_quantity(value, hit, where)
                if RANK[found.status] > RANK[best.status]:
                    best = found
                if best.status is GroundStatus.EXACT:  # nothing ranks higher: the rest cannot win
                    return best
            if RANK[best.status] >= RANK[GroundStatus.NORMALISED]:
                return best
        return best

    def _exact_quantity_where_claimed(
        self, value: Target | Actual, number: float, place: Place
    ) -> Grounded | None:
        """The first EXACT judgement of the search's first region, the claimed span, when that
        span is copied unchanged into the normalised text (`SourceText.copied_tokens`); None
        otherwise, and the whole search runs as it always does.

        The search judges the hits of the claimed span nearest its start first and returns the
        first EXACT one: here the same hits are judged in the same order, on the same normalised
        text around them, read at the copy's known shift instead of through the offset map.
        """
        normalised, raw = self.source.norm.text, value.raw
        for start, end, shift in self._claimed_hits(number, place):
            norm_start, norm_end = start + shift, end + shift
            before = normalised[max(0, norm_start - 8) : norm_start]
            if _differs(value, before, normalised[norm_end : norm_end + 8]) is not None:
                continue  # NEAR_NAME
            if not raw:
                return Grounded(GroundStatus.EXACT, _span_in(place, start, end), "")
            found = self._raw_start(raw, start, end)  # none: the judgement is not EXACT
            if found >= 0:
                return Grounded(GroundStatus.EXACT, _span_in(place, found, found + len(raw)), "")
        return None

    def _claimed_hits(self, number: float, place: Place) -> Iterator[tuple[int, int, int]]:
        """The tokens equal to `number` in the place's claimed span, in text order (nearest the
        span's start first), as (start, end, shift): the token's offsets in the source, and
        `shift` to add for its offsets in the normalised text — when that span is copied
        unchanged into the normalised text (`SourceText.copied_tokens`) and is not the whole
        document; none otherwise (the caller's search then runs as it always does)."""
        claimed = place.claimed
        if claimed is None or (place.whole_document and claimed == place.scope):
            return
        copied = self.source.copied_tokens(claimed)
        if copied is None:
            return
        copy, tokens = copied
        origin = claimed.start
        for start, end, found in tokens:
            if found == number or same_number(found, number):
                yield origin + start, origin + end, copy - origin

    def _judge_quantity(
        self, value: Target | Actual, hit: Hit, where: str, around: tuple[str, str] | None = None
    ) -> Grounded:
        """`around`: the normalised text before and after the hit (8 characters each), when the
        caller has it."""
        before, after = around if around is not None else self.source.norm_around(hit.span, 8, 8)
        differs = _differs(value, before, after)
        if differs is not None:
            return Grounded(
                GroundStatus.NEAR_NAME, hit.span, _note(f"only the number; its {differs} differs", where)
            )
        raw_span = self._raw_around(value.raw, hit.span) if value.raw else hit.span
        if hit.verbatim and raw_span is not None:
            return Grounded(GroundStatus.EXACT, raw_span, _note("", where))
        written = self._raw_normalised_around(value.raw, hit.span) if value.raw else None
        return self._grounded(Hit(written or hit.span, False), where)

    def _grounded(self, hit: Hit, where: str) -> Grounded:
        if hit.verbatim:
            return Grounded(GroundStatus.EXACT, hit.span, _note("", where))
        written = self.source.text[hit.span.start : hit.span.end]
        return Grounded(GroundStatus.NORMALISED, hit.span, _note(f"written as {written!r}", where))

    def _raw_around(self, raw: str, span: Span) -> Span | None:
        """An occurrence of `raw` verbatim that covers `span`."""
        found = self._raw_start(raw, span.start, span.end)
        return span_at(found, found + len(raw)) if found >= 0 else None

    def _raw_start(self, raw: str, start: int, end: int) -> int:
        """Where the first occurrence of `raw` verbatim that covers `[start, end)` begins; -1 if none."""
        return self.source.text.find(raw, max(0, end - len(raw)), start + len(raw))

    def _raw_normalised_around(self, raw: str, span: Span) -> Span | None:
        """`raw` as the source writes it, covering `span`, when only its normalised form matches:
        a target read as `≥12处` from an OCR'd cell `＞＝12处` or `>=12处`, a rate `95％`. The
        evidence then covers the whole value, comparator and unit, not just its digits."""
        reach = 4 * len(raw)  # `≥` may be written `＞＝`: the source is at most a few times longer
        window = Span(max(0, span.start - reach), min(len(self.source.text), span.end + reach))
        hit = self.source.words(raw, window, anchor=span.start)
        if hit is None or hit.span.start > span.start or hit.span.end < span.end:
            return None
        return hit.span

    def _number_hits(
        self, value: float, region: Span, place: Place, scales: tuple[float, ...] = (1.0,)
    ) -> list[Hit]:
        """Number hits in a region; in a whole-document scope only specific ones count. The
        extractor's own span, when no number token stands alone in it, may still hold the value
        as its whole text: a cell read out of a fused run of digits (`194.9194.9100%`)."""
        hits = self.source.number_hits(value, region, scales)
        if not hits and region == place.claimed:
            at_span = self.source.number_at(value, region, scales)
            hits = [at_span] if at_span is not None else []
        if place.whole_document and region == place.scope:
            hits = [hit for hit in hits if self._digits(hit) >= SPECIFIC_DIGITS]
        return hits

    def _digits(self, hit: Hit) -> int:
        return sum(ch.isdigit() for ch in self.source.text[hit.span.start : hit.span.end])

    def _regions(self, place: Place) -> list[tuple[Span, int, str]]:
        """(region, anchor, where) to search, in order. `where` says what is unusual about a hit
        there: nothing at the extractor's own span, nor in the scope when there is no such span."""
        if place.claimed is None:
            return [(place.scope, place.anchor, "")]
        elsewhere = "found elsewhere, not where the extractor read it"
        return [(place.claimed, place.claimed.start, ""), (place.scope, place.anchor, elsewhere)]


def _span_in(place: Place, start: int, end: int) -> Span:
    """The span `[start, end)` inside the place's claimed span: that span itself when it is all of
    it (a grounded evidence of a big table then shares its offsets), else a new one."""
    claimed = place.claimed
    if claimed is not None and start == claimed.start and end == claimed.end:
        return claimed
    return span_at(start, end)


def _differs(value: Target | Actual, before: str, after: str) -> str | None:
    """What of a target or actual differs around a number that equals its value: "unit" when its
    unit neither follows it nor stands in its own cell before it, "comparator" when the
    comparator written around it is not the target's; None when both fit. `before` and `after`:
    the normalised text either side."""
    unit = value.unit
    if unit is not None and not (_unit_follows(after, unit) or _unit_cell_before(before, unit)):
        return "unit"
    if isinstance(value, Target) and not _op_matches(value.op, before, after, value.unit):
        return "comparator"
    return None


def _note(what: str, where: str) -> str:
    """`_note("written as '１０'", "found elsewhere")` → "written as '１０', found elsewhere"."""
    return f"{what}, {where}" if what and where else what or where


def _not_found(place: Place) -> str:
    return "not found in the document" if place.whole_document else "not found near the record"


def _word_forms(text: str) -> list[str]:
    """`宿州市医疗保障局` → [itself, `宿州市医保局`]: the text and its abbreviated forms."""
    forms = [text]
    for full, short in ABBREVIATIONS:
        if full in text and text.replace(full, short) not in forms:
            forms.append(text.replace(full, short))
    return forms


def _in_order(text: str, span_text: str) -> bool:
    """Whether every non-space character of `text` occurs in `span_text`, in order."""
    remaining = iter(span_text)
    return all(ch in remaining for ch in text if not ch.isspace())


def _after_number(after: str) -> str:
    """What follows a number once spaces, cell separators (`≧ | 100 | %` from a converter that
    split one cell) and 余/多 (563余条) are skipped."""
    return after.lstrip(_GAP).lstrip("余多").lstrip(_GAP)


@cache
def _unit_as_normalised(unit: str) -> str:
    """A unit as the normalised text writes it (units are few: normalised once each)."""
    return normalize(unit).text


def _unit_follows(after: str, unit: str) -> bool:
    return _after_number(after).startswith(_unit_as_normalised(unit))


def _unit_cell_before(before: str, unit: str) -> bool:
    """Whether the unit stands in a cell of its own before the number's (`万平方米 | ≥86`: a
    计量单位 column printed before the 指标值): the text before the number, less its comparator
    and the separators, ends in the unit, something having stood between them."""
    rest = before.rstrip(_GAP)
    written = _PREFIX_OP_AT_END.search(rest) if rest[-1:] in _PREFIX_OP_ENDS else None
    rest = (rest[: written.start()] if written is not None else rest).rstrip(_GAP)
    return len(rest) < len(before) and rest.endswith(_unit_as_normalised(unit))


def _op_matches(op: str | None, before: str, after: str, unit: str | None) -> bool:
    """Whether the comparator written around the number is `op` (a bare number for None or `=`)."""
    written = _written_op(before, after, unit)
    if op == "=":
        return written in (None, "=")
    if op in (None, "qualitative"):
        return written is None
    return written == op


def _written_op(before: str, after: str, unit: str | None) -> str | None:
    before = before.rstrip(_GAP)
    if before.endswith(">"):  # only a text ending in `>` can end in a tag
        before = _HTML_TAG_END.sub("", before).rstrip(_GAP)
    # A comparator ends in one of a few characters: any other last character ends none.
    written = _PREFIX_OP_AT_END.search(before) if before[-1:] in _PREFIX_OP_ENDS else None
    if written is not None:
        return _PREFIX_OP[written.group()]
    rest = _after_number(after)
    if unit and rest.startswith(_unit_as_normalised(unit)):
        rest = rest[len(_unit_as_normalised(unit)) :].lstrip(_GAP)
    if rest[:1] in _SUFFIX_OP_STARTS:
        for word, op in _SUFFIX_OPS:
            if rest.startswith(word):
                return op
    return None
