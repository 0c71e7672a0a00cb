"""Where to search for a record's fields (`Place`), shared by `apply_trust` and the hybrid merge.

A field is searched at its own evidence first, then in the record's neighbourhood: its evidence
(levels excluded: a merged 一级指标 cell may be far above the row) widened by `WINDOW`
characters each side, nearest its name. An indicator without evidence is anchored on its name,
found anywhere. A record with no anchor at all (and every report field) is searched in the whole
document, where a number must be specific (`ground.SPECIFIC_DIGITS`). Labels (levels, project
names) are searched in the whole document: they are headings, often far from the values.

Worked example: an indicator with name evidence [1000, 1010) and target evidence [1011, 1016)
is searched in [800, 1216), nearest 1000.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pipeline.core.document import Span
from pipeline.core.models import Evidence, Indicator
from pipeline.trust.fields import FieldSpec, RecordRef
from pipeline.trust.ground import Grounder, Place
from pipeline.trust.locate import span_at

WINDOW = 200
_FAR_FIELDS = ("level1", "level2")


@dataclass(slots=True)
class Neighbourhood:
    """`claims`: each field's `claimed_span`, read once per record (None: not read yet). Not frozen
    (one per record, built by its own `__init__`, read where it is made): a frozen dataclass
    sets each field through `object.__setattr__`."""

    scope: Span
    anchor: int
    whole_document: bool
    claims: Mapping[str, Span] | None = field(default=None, compare=False)


def claimed_span(evidence: tuple[Evidence, ...], key: str) -> Span | None:
    """The extractor's first evidence span for field `key`."""
    for item in evidence:
        if item.field == key and item.end >= item.start:
            return Span(item.start, item.end)
    return None


def neighbourhood(ref: RecordRef, grounder: Grounder) -> Neighbourhood:
    """The record's scope and anchor (module docstring), and each field's `claimed_span`, in one
    pass over its evidence (the claims, the near evidence's bounds and the name's start)."""
    everything = grounder.source.everything
    claims: dict[str, Span] = {}
    start = end = anchor = -1
    backwards = None  # the first near evidence that ends before it starts
    for item in ref.record.evidence:
        first, last, key = item.start, item.end, item.field
        if last >= first and key not in claims:
            claims[key] = span_at(first, last)  # an evidence's offsets are not negative
        if key in _FAR_FIELDS:
            continue
        if last < first:
            backwards = backwards or item
        elif start < 0:
            start, end = first, last
        else:  # `min`, `max` written out: a record's every evidence passes here
            start = first if first < start else start
            end = last if last > end else end
        if key == "name" and anchor < 0:
            anchor = first
    if ref.path == "report":
        return Neighbourhood(everything, 0, True, claims)
    if backwards is not None:
        Span(backwards.start, backwards.end)  # raises: a span that ends before it starts is a backend's bug
    if start < 0:
        if not isinstance(ref.record, Indicator):
            return Neighbourhood(everything, 0, True, claims)
        name = grounder.words(ref.record.name, Place(None, everything, 0, True)).span
        if name is None:
            return Neighbourhood(everything, 0, True, claims)
        start, end = name.start, name.end
    # `Span(max(0, start - WINDOW), min(everything.end, end + WINDOW))`, written out, made
    # unchecked where it is a span (evidence past the text's end gives none: `Span` raises)
    low, high = start - WINDOW, end + WINDOW
    low, high = (low if low > 0 else 0), (high if high < everything.end else everything.end)
    scope = span_at(low, high) if low <= high else Span(low, high)
    return Neighbourhood(scope, anchor if anchor >= 0 else start, False, claims)


def place_for(ref: RecordRef, spec: FieldSpec, around: Neighbourhood, grounder: Grounder) -> Place:
    if around.claims is not None:
        claimed = around.claims.get(spec.key)
    else:
        claimed = claimed_span(ref.record.evidence, spec.key)
    return place_at(spec, claimed, around, grounder)


def place_at(spec: FieldSpec, claimed: Span | None, around: Neighbourhood, grounder: Grounder) -> Place:
    """`place_for` of a field whose claimed span the caller has looked up already."""
    if spec.kind == "label":
        return Place(claimed, grounder.source.everything, around.anchor)
    return Place(claimed, around.scope, around.anchor, around.whole_document)
