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

WINDOW = 200
_FAR_FIELDS = ("level1", "level2")


@dataclass(frozen=True)
class Neighbourhood:
    """`claims`: each field's `claimed_span`, read once per record (None: not read yet)."""

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


def claimed_spans(evidence: tuple[Evidence, ...]) -> dict[str, Span]:
    """`claimed_span` of every field that has one, in one pass over the evidence."""
    claims: dict[str, Span] = {}
    for item in evidence:
        if item.end >= item.start and item.field not in claims:
            claims[item.field] = Span(item.start, item.end)
    return claims


def neighbourhood(ref: RecordRef, grounder: Grounder) -> Neighbourhood:
    everything = grounder.source.everything
    evidence = ref.record.evidence
    claims = claimed_spans(evidence)
    if ref.path == "report":
        return Neighbourhood(everything, 0, True, claims)
    near = [e for e in evidence if e.field not in _FAR_FIELDS]
    for e in near:
        if e.end < e.start:
            Span(e.start, e.end)  # raises: a span that ends before it starts is a backend's bug
    if near:
        start, end = min(e.start for e in near), max(e.end for e in near)
    elif isinstance(ref.record, Indicator):
        name = grounder.words(ref.record.name, Place(None, everything, 0, True)).span
        if name is None:
            return Neighbourhood(everything, 0, True, claims)
        start, end = name.start, name.end
    else:
        return Neighbourhood(everything, 0, True, claims)
    anchor = next((e.start for e in evidence if e.field == "name"), start)
    scope = Span(max(0, start - WINDOW), min(everything.end, end + WINDOW))
    return Neighbourhood(scope, anchor, False, claims)


def place_for(ref: RecordRef, spec: FieldSpec, around: Neighbourhood, grounder: Grounder) -> Place:
    if around.claims is not None:
        claimed = around.claims.get(spec.key)
    else:
        claimed = claimed_span(ref.record.evidence, spec.key)
    if spec.kind == "label":
        return Place(claimed, grounder.source.everything, around.anchor)
    return Place(claimed, around.scope, around.anchor, around.whole_document)
