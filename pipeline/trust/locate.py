"""Search primitives for grounding: words and numbers in `Document.text`, verbatim or normalised.

`SourceText` holds the document text and its normalised form (`pipeline.normalize`: full-width
digits and symbols made half-width, `>=`/`\\geq`/`≧` unified to `≥`, LaTeX and markdown removed,
spaces between CJK characters collapsed) with the map back. Every search takes a scope (a span of
`Document.text`) and returns spans of `Document.text`, half-open, nearest to an anchor first.

A `Hit` says whether the match needed normalisation: `verbatim` is True when the matched source
text is exactly what was sought. Worked example, text `全年预算数１９６００元`:

    numbers(1.96, scales=(1, 10000))  → Hit(span=[5, 10), verbatim=False)   # full-width, and 元
    numbers(19600)                    → Hit(span=[5, 10), verbatim=False)   # full-width digits
    words("预算数")                    → Hit(span=[2, 5), verbatim=True)
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import NamedTuple

from pipeline.core.document import Span
from pipeline.domain.numbers import parse_number
from pipeline.normalize import NormalizedText, normalize

# A number token: not glued to other digits, and "10" is not read out of "10.5" or "2010".
NUMBER_TOKEN = re.compile(r"(?<![\d.])-?\d+(?:,\d{3})*(?:\.\d+)?(?![\d])(?!\.\d)")
_TOKEN_PUNCTUATION = "-,."  # with the digits (`\d`: `str.isdecimal`), every character a token holds
_SCAN_MAX = 2000  # the largest region tokenised on its own rather than by `_tokens`
_CACHED_SPAN = 32  # the longest span text whose tokens are kept (`span_tokens`)
_SPACE = re.compile(r"\s+")


_new, _set = object.__new__, object.__setattr__


def span_at(start: int, end: int) -> Span:
    """`Span(start, end)` for offsets the caller has shown to be `0 <= start <= end` already (a
    hit found in a text, a part of a span): the same span, without the check (~0.55 against
    ~0.85 µs; grounding makes a few hundred per report)."""
    span: Span = _new(Span)
    _set(span, "start", start)
    _set(span, "end", end)
    return span


class Hit(NamedTuple):
    span: Span
    verbatim: bool


@lru_cache(maxsize=1024)
def loose_pattern(query: str) -> re.Pattern[str] | None:
    """A regex for `query` after normalisation that ignores whitespace between its characters.

    Cached: a report's level names (`产出指标`, written `产 出 指 标` in a converted form) are
    sought once per indicator, and each search would normalise and compile the query again.
    """
    key = _SPACE.sub("", normalize(query).text)
    if not key:
        return None
    return re.compile(r"\s*".join(re.escape(ch) for ch in key))


def same_number(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _read_tokens(matches: Iterable[re.Match[str]]) -> Iterator[tuple[int, int, float]]:
    """(start, end, value) of each match of `NUMBER_TOKEN` that reads as a number."""
    for match in matches:
        written = match.group()
        # An ASCII token is `parse_number`'s grammar already: only its commas to drop.
        number = float(written.replace(",", "")) if written.isascii() else parse_number(written)
        if number is not None:
            yield match.start(), match.end(), number


def _scale_of(number: float, wanted: list[tuple[float, float]]) -> float | None:
    """The first scale `s` of `wanted` (`(value × s, s)` pairs) at which `number` is the value."""
    for target, scale in wanted:
        if number == target or same_number(number, target):  # `==` first: the usual case, cheaply
            return scale
    return None


def span_tokens(text: str) -> tuple[tuple[int, int, float], ...]:
    """The number tokens of a text on its own, (start, end, value): `span_tokens("≥10个，12.5")`
    → ((1, 3, 10.0), (5, 9, 12.5)). A short text is read once (a report's cells repeat their
    figures: `100%`, `5`, `≥95%`), a long one each time it is asked for."""
    if len(text) > _CACHED_SPAN:
        return tuple(_read_tokens(NUMBER_TOKEN.finditer(text)))
    return _short_span_tokens(text)


@lru_cache(maxsize=4096)
def _short_span_tokens(text: str) -> tuple[tuple[int, int, float], ...]:
    return tuple(_read_tokens(NUMBER_TOKEN.finditer(text)))


def _nearest(hits: list[Hit], anchor: int) -> Hit | None:
    """The verbatim hit nearest the anchor, else the nearest hit."""
    if not hits:
        return None
    return min(hits, key=lambda hit: (not hit.verbatim, abs(hit.span.start - anchor)))


@dataclass(frozen=True)
class SourceText:
    """`Document.text` and its normalised form, searched together.

    `normalized` is `normalize(text)` when the extractors already made it, so a report is
    normalised once (a second normalisation costs a pass over the text and ~2 bytes per character
    for the copy); without it the text is normalised on first search.
    """

    text: str
    normalized: NormalizedText | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.normalized is not None and self.normalized.source != self.text:
            raise ValueError(
                "the normalised text given is not of this source text"
                " (it is not the normalisation of this text)"
            )

    @cached_property
    def norm(self) -> NormalizedText:
        return normalize(self.text) if self.normalized is None else self.normalized

    @cached_property
    def everything(self) -> Span:
        return Span(0, len(self.text))

    def _norm_scope(self, scope: Span) -> tuple[int, int]:
        return self.norm.from_source(scope.start, scope.end)

    def _source_span(self, start: int, end: int) -> Span:
        return Span(*self.norm.to_source(start, end))

    @cached_property
    def _tokens(self) -> list[tuple[int, int, float]]:
        """Every number token of the normalised text: (start, end, value), in text order."""
        return list(_read_tokens(NUMBER_TOKEN.finditer(self.norm.text)))

    @cached_property
    def _token_starts(self) -> list[int]:
        return [start for start, _, _ in self._tokens]

    def _tokens_in(self, start: int, end: int) -> list[tuple[int, int, float]]:
        """The tokens of `_tokens` inside `[start, end)` of the normalised text.

        A small region (most are one cell: the extractor's own span) is read on its own, so a
        report whose numbers are all found where they were read never tokenises its whole text.
        The region is widened to whole runs of the characters a token holds (digits, `-,.`): no
        token crosses the edge of such a run, and every test of the pattern at an edge (a digit?
        a `.`?) fails alike on the character beyond it and on the end of the scan, so the scan
        meets exactly the tokens the whole text's scan meets there. Worked example, normalised
        text `合计1,234.5万元`, region [4, 9) (`234.5`): the scan reads [2, 9), finds `1,234.5`,
        which starts before the region: no token.
        """
        if end - start > _SCAN_MAX or "_tokens" in self.__dict__:
            tokens = self._tokens
            first = last = bisect_left(self._token_starts, start)
            while last < len(tokens) and tokens[last][1] <= end:
                last += 1
            return tokens[first:last]
        text = self.norm.text
        origin, stop = start, end
        while origin > 0 and ((ch := text[origin - 1]) in _TOKEN_PUNCTUATION or ch.isdecimal()):
            origin -= 1
        while stop < len(text) and ((ch := text[stop]) in _TOKEN_PUNCTUATION or ch.isdecimal()):
            stop += 1
        inside = (m for m in NUMBER_TOKEN.finditer(text, origin, stop) if m.start() >= start)
        return [token for token in _read_tokens(inside) if token[1] <= end]

    def copied_tokens(self, span: Span) -> tuple[int, tuple[tuple[int, int, float], ...]] | None:
        """`(start, tokens)` when `span` is copied into the normalised text unchanged, each
        character as itself, and the characters either side of the copy hold no part of a number
        token (`_TOKEN_PUNCTUATION`, digits); else None. `start` is where the copy begins in the
        normalised text; `tokens` are the number tokens in the span, (start, end, value) with
        offsets from the span's start (the same in both texts).

        Such a span (most extractors' spans: a cell, a figure) holds exactly the tokens that
        `_tokens_in` finds in its normalised copy: no token crosses its edges, and the pattern's
        tests at each edge meet a character that is neither a digit nor a `.`, as at the ends of
        a string — so its own text is scanned (`span_tokens`), without mapping the region or any
        token through the offset map (`NormalizedText.copied` finds the copy). Worked example,
        text `合计１２，共12万元`: span [6, 8) → (6, ((0, 2, 12.0),)); span [2, 4) (`１２`) → None.
        """
        norm = self.norm
        start, end = span.start, span.end
        norm_start = norm.copied(start, end)
        if norm_start is None:
            return None
        normalised = norm.text
        norm_end = norm_start + end - start
        # neither character either side may be part of a token (a digit or one of `-,.`)
        if norm_start and ((ch := normalised[norm_start - 1]) in _TOKEN_PUNCTUATION or ch.isdecimal()):
            return None
        after = normalised[norm_end : norm_end + 1]  # "" at the text's end
        if after and (after in _TOKEN_PUNCTUATION or after.isdecimal()):
            return None
        return norm_start, span_tokens(self.text[start:end])

    def words(self, query: str, scope: Span, anchor: int = 0) -> Hit | None:
        """`query` verbatim in scope (nearest the anchor), else after normalisation."""
        query = query.strip()
        if not query:
            return None
        if anchor <= scope.start:  # every occurrence is past the anchor: the first is the nearest
            first = self.text.find(query, scope.start, scope.end)
            nearest = first if first >= 0 else None
        else:
            nearest = min(self._occurrences(query, scope), key=lambda i: abs(i - anchor), default=None)
        if nearest is not None:  # verbatim: only the nearest occurrence becomes a Hit
            return Hit(Span(nearest, nearest + len(query)), True)
        pattern = loose_pattern(query)
        if pattern is None:
            return None
        start, end = self._norm_scope(scope)
        matches = pattern.finditer(self.norm.text, start, end)
        return _nearest([Hit(self._source_span(*m.span()), False) for m in matches], anchor)

    def _occurrences(self, query: str, scope: Span) -> Iterator[int]:
        found = self.text.find(query, scope.start, scope.end)
        while found >= 0:
            yield found
            found = self.text.find(query, found + 1, scope.end)

    def number_hits(self, value: float, scope: Span, scales: tuple[float, ...] = (1.0,)) -> list[Hit]:
        """Every number token in scope equal to `value × scale` for some scale.

        A hit is verbatim when the scale is 1 and the token is written as is (half-width digits).
        """
        norm = self.norm  # read once: this runs for nearly every number of every record
        tokens = self._tokens_in(*norm.from_source(scope.start, scope.end))
        if not tokens:
            return []
        hits = []
        wanted = [(value * s, s) for s in scales]
        for token_start, token_end, number in tokens:
            scale = _scale_of(number, wanted)
            if scale is not None:
                source_start, source_end = norm.to_source(token_start, token_end)
                written = self.text[source_start:source_end] == norm.text[token_start:token_end]
                hits.append(Hit(Span(source_start, source_end), written and scale == 1.0))
        return hits

    def number_at(self, value: float, span: Span, scales: tuple[float, ...] = (1.0,)) -> Hit | None:
        """`value × scale` written as exactly the text of `span` (a `%` after it allowed), even
        when digits run on either side — a cell read out of a fused run such as `194.9194.9100%`,
        where no number token stands alone. Worked example, text `总额194.9194.9100%`:

            number_at(194.9, Span(2, 7))   → Hit(span=[2, 7), verbatim=True)
            number_at(194.9, Span(2, 8))   → None   # `194.91` is not 194.9
        """
        start, end = self._norm_scope(span)
        number = parse_number(self.norm.text[start:end].strip().removesuffix("%"))
        if number is None:
            return None
        scale = next((s for s in scales if same_number(number, value * s)), None)
        if scale is None:
            return None
        written = self.text[span.start : span.end] == self.norm.text[start:end]
        return Hit(span, written and scale == 1.0)

    def number(
        self, value: float, scope: Span, anchor: int = 0, scales: tuple[float, ...] = (1.0,)
    ) -> Hit | None:
        return _nearest(self.number_hits(value, scope, scales), anchor)

    def norm_around(self, span: Span, before: int, after: int) -> tuple[str, str]:
        """The normalised text just before and just after a source span (for comparator/unit checks)."""
        start, end = self.norm.from_source(span.start, span.end)
        return self.norm.text[max(0, start - before) : start], self.norm.text[end : end + after]
