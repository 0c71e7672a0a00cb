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

from dataclasses import dataclass

from pipeline.core.document import Span
from pipeline.core.models import Evidence, Indicator
from pipeline.trust.fields import FieldSpec, RecordRef
from pipeline.trust.ground import Grounder, Place

WINDOW = 200
_FAR_FIELDS = ("level1", "level2")


@dataclass(frozen=True)
class Neighbourhood:
    scope: Span
    anchor: int
    whole_document: bool


def claimed_span(evidence: tuple[Evidence, ...], key: str) -> Span | None:
    """The extractor's first evidence span for field `key`."""
    for item in evidence:
        if item.field == key and item.end >= item.start:
            return Span(item.start, item.end)
    return None


def neighbourhood(ref: RecordRef, grounder: Grounder) -> Neighbourhood:
    everything = grounder.source.everything
    if ref.path == "report":
        return Neighbourhood(everything, 0, True)
    spans = [Span(e.start, e.end) for e in ref.record.evidence if e.field not in _FAR_FIELDS]
    if not spans and isinstance(ref.record, Indicator):
        name = grounder.words(ref.record.name, Place(None, everything, 0, True))
        spans = [name.span] if name.span is not None else []
    if not spans:
        return Neighbourhood(everything, 0, True)
    start, end = min(s.start for s in spans), max(s.end for s in spans)
    names = [e.start for e in ref.record.evidence if e.field == "name"]
    scope = Span(max(0, start - WINDOW), min(everything.end, end + WINDOW))
    return Neighbourhood(scope, names[0] if names else start, False)


def place_for(ref: RecordRef, spec: FieldSpec, around: Neighbourhood, grounder: Grounder) -> Place:
    claimed = claimed_span(ref.record.evidence, spec.key)
    if spec.kind == "label":
        return Place(claimed, grounder.source.everything, around.anchor)
    return Place(claimed, around.scope, around.anchor, around.whole_document)
