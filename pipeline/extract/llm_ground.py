"""Grounding what the model said: each value's quote located in the chunk, then in Document.text.

A quote grounds a field when it is found in the chunk text the model was sent (exactly, or with
only whitespace differing) and — for a number — when the number is written in it (an amount in 万元
may be written in 元: 1.96 is grounded by "19600 元"). Found quotes become
`Evidence(field, start, end)` over Document.text; a field that holds a value but whose quote is
missing, not found or does not state the value is *ungrounded*: it gets no evidence and the
backend raises a flag, so a made-up value never passes silently.

Worked example: chunk text `（5）培训班次≥10个。已开展培训12期。` at Document.text offset 100, the
model answers name "培训班次" (quote "培训班次"), target "≥10个", actual 12 (quote "12期"). Evidence:
name [103, 107), target [107, 111), actual [117, 120).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.chunk import Chunk
from pipeline.core.models import Evidence

if TYPE_CHECKING:
    from pipeline.normalize import NormalizedText

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Grounding:
    """Evidence for the fields that were grounded, `(field, reason)` for those that were not."""

    evidence: tuple[Evidence, ...] = ()
    ungrounded: tuple[tuple[str, str], ...] = ()

    def __add__(self, other: Grounding) -> Grounding:
        return Grounding(self.evidence + other.evidence, self.ungrounded + other.ungrounded)


def locate(quote: str, text: str, anchor: int = 0) -> tuple[int, int] | None:
    """Where `quote` is in `text`: the first match at or after `anchor`, else the first anywhere.

    Exact match first; then whitespace-tolerant (the model may drop or add spaces and line breaks
    the converter left: "全年预算数271.81" finds "全年预算数 271.81"). None when not found.
    """
    quote = quote.strip()
    if not quote:
        return None
    pattern = re.compile(r"\s*".join(re.escape(ch) for ch in quote if not ch.isspace()))
    for start in (anchor, 0):
        exact = text.find(quote, start)
        if exact >= 0:
            return exact, exact + len(quote)
        match = pattern.search(text, start)
        if match:
            return match.start(), match.end()
    return None


def states_number(quote: str, value: float) -> bool:
    """Whether `quote` writes `value`, directly or ×10000 (an amount in 元 read as 万元)."""
    written = [float(n) for n in _NUMBER.findall(quote.replace(",", "").replace("，", ""))]
    return any(abs(n - v) <= 1e-6 * max(1.0, abs(v)) for n in written for v in (value, value * 10000))


def ground_field(
    field: str,
    value: object,
    quote: str | None,
    chunk: Chunk,
    norm: NormalizedText,
    anchor: int = 0,
) -> tuple[Grounding, int]:
    """Ground one field; returns the grounding and the new anchor (the end of the quote found,
    so the next field of the same record is searched after it first)."""
    if quote is None or not quote.strip():
        if value is None:
            return Grounding(), anchor
        return Grounding(ungrounded=((field, "no quote given"),)), anchor
    found = locate(quote, chunk.text, anchor)
    span = chunk.norm_span(*found) if found else None
    if found is None or span is None:
        return Grounding(ungrounded=((field, f"quote {quote!r} not found in the chunk"),)), anchor
    if isinstance(value, int | float) and not isinstance(value, bool) and not states_number(quote, value):
        return Grounding(ungrounded=((field, f"quote {quote!r} does not state {value:g}"),)), anchor
    start, end = norm.to_source(*span)
    return Grounding(evidence=(Evidence(field=field, start=start, end=end),)), found[1]


def ground_fields(
    fields: list[tuple[str, object, str | None]], chunk: Chunk, norm: NormalizedText
) -> Grounding:
    """Ground `(field, value, quote)` triples in order, each searched after the previous quote."""
    total, anchor = Grounding(), 0
    for field, value, quote in fields:
        grounding, anchor = ground_field(field, value, quote, chunk, norm, anchor)
        total = total + grounding
    return total
