"""The normalised text and its exact map back to the source.

Map convention: every character `text[i]` comes from one non-empty source interval
`[starts[i], ends[i])` of `source`. Intervals are disjoint and increasing
(`ends[i] <= starts[i + 1]`), so the map is monotonic. A source character that belongs to no
interval was deleted (a `**` marker, a page number, the blank lines of a joined page break).
A replaced run maps as a whole: `\\geq` (4 characters) becomes `≥`, whose interval is those 4.

Worked example, `normalize("人数 \\geq 8 人")`::

    source  人 数 ␣ \\ g e q ␣ 8 ␣ 人      (indexes 0..10)
    text    人 数 ≥ 8 人
    starts  0  1  3  8  10
    ends    1  2  7  9  11

`to_source(2, 4)` (the text `≥8`) is `(3, 9)`, the source `\\geq 8`: the deleted space at 7 lies
inside the span, so it is covered, while the deleted spaces at 2 and 9 are not.

Rules never see the map: each rule reads the current text and proposes `Edit`s, and
`OffsetMapBuilder.apply` rewrites text and map together in one linear pass, composing the new
map with the old one by slicing arrays (no per-character Python loop for copied runs).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from pipeline.core.errors import NormalizeError


class Edit(NamedTuple):
    """Replace `text[start:end]` (non-empty) by `replacement`.

    `replacement` is `""` (a deletion), one character (the run maps as a whole to it), or exactly
    `end - start` characters (a character-for-character translation, each keeping its own
    source). Edits never insert text, so every normalised character has a source.
    """

    start: int
    end: int
    replacement: str


# 4-byte offsets (not the 8 of "l"): half the map's memory, and a text must pass 2 GiB characters
# to overflow them, far above the ingest size limit.
OFFSET_CODE = "i"


# Identity maps are sliced from one kept array `0, 1, 2, …` (a copy of memory) instead of being
# built number by number from a `range` (~0.3 ms per map of a 8,000-character report, two per
# report). It grows by doubling to the longest text seen, up to this many offsets (4 MiB); a
# longer text builds its own.
IDENTITY_KEPT = 1 << 20
_identity = array(OFFSET_CODE)


def _identity_range(start: int, stop: int) -> array[int]:
    """`array(OFFSET_CODE, range(start, stop))`."""
    global _identity
    if stop > IDENTITY_KEPT:
        return array(OFFSET_CODE, range(start, stop))
    if stop > len(_identity):
        _identity = array(OFFSET_CODE, range(min(max(stop, 2 * len(_identity)), IDENTITY_KEPT)))
    return _identity[start:stop]


def _identity_starts(length: int) -> array[int]:
    return _identity_range(0, length)


def _identity_ends(length: int) -> array[int]:
    return _identity_range(1, length + 1)


@dataclass(frozen=True)
class NormalizedText:
    """Normalised `text` of `source` (the original `Document.text`) with its offset map.

    Build one with `normalize()`; `NormalizedText.identity(s)` is the unchanged text with the
    identity map. Spans are half-open, as everywhere in the package.
    """

    text: str
    source: str
    _starts: array[int] = field(repr=False, hash=False)
    _ends: array[int] = field(repr=False, hash=False)

    def __post_init__(self) -> None:
        if not len(self._starts) == len(self._ends) == len(self.text):
            raise ValueError("offset map length differs from the normalised text")

    @classmethod
    def identity(cls, text: str) -> NormalizedText:
        return cls(text, text, _identity_starts(len(text)), _identity_ends(len(text)))

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Smallest source span covering the characters that normalised into `text[start:end]`.

        An empty span is a position between two normalised characters and maps to the source
        position where the right-hand one begins (`0` at the start, `len(source)` at the end),
        so a position after a deleted run lands after it.
        """
        self._check(start, end, len(self.text))
        if start < end:
            return self._starts[start], self._ends[end - 1]
        if start == len(self.text):
            return len(self.source), len(self.source)
        position = self._starts[start] if start > 0 else 0
        return position, position

    def from_source(self, start: int, end: int) -> tuple[int, int]:
        """Smallest normalised span holding every character whose source meets `source[start:end]`.

        If no normalised character comes from that span (it was deleted, or it is empty), the
        result is the empty span at the position where it would be: after every character
        whose source ends at or before `start`.
        """
        self._check(start, end, len(self.source))
        first = bisect_right(self._ends, start)
        if start == end:
            return first, first
        past_last = bisect_left(self._starts, end)
        return (first, past_last) if first < past_last else (first, first)

    @staticmethod
    def _check(start: int, end: int, length: int) -> None:
        if not 0 <= start <= end <= length:
            raise ValueError(f"bad span [{start}, {end}) for a text of length {length}")


class OffsetMapBuilder:
    """Applies rounds of edits to a text, keeping the map to the original source exact."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.text = source
        self._starts = _identity_starts(len(source))
        self._ends = _identity_ends(len(source))

    def apply(self, edits: Iterable[Edit], rule: str) -> None:
        """Apply `edits` (sorted, non-overlapping, all against the current text) in one pass."""
        pieces: list[str] = []
        starts: array[int] = array(OFFSET_CODE)
        ends: array[int] = array(OFFSET_CODE)
        cursor = 0
        for edit in edits:
            self._check_edit(edit, cursor, rule)
            pieces.append(self.text[cursor : edit.start])
            starts.extend(self._starts[cursor : edit.start])
            ends.extend(self._ends[cursor : edit.start])
            self._append_replacement(edit, pieces, starts, ends)
            cursor = edit.end
        if cursor == 0 and not pieces:
            return
        pieces.append(self.text[cursor:])
        starts.extend(self._starts[cursor:])
        ends.extend(self._ends[cursor:])
        self.text, self._starts, self._ends = "".join(pieces), starts, ends

    def build(self) -> NormalizedText:
        return NormalizedText(self.text, self.source, self._starts, self._ends)

    def _append_replacement(
        self, edit: Edit, pieces: list[str], starts: array[int], ends: array[int]
    ) -> None:
        width = len(edit.replacement)
        if width == 0:
            return
        pieces.append(edit.replacement)
        if width == 1:
            starts.append(self._starts[edit.start])
            ends.append(self._ends[edit.end - 1])
        else:
            starts.extend(self._starts[edit.start : edit.end])
            ends.extend(self._ends[edit.start : edit.end])

    def _check_edit(self, edit: Edit, cursor: int, rule: str) -> None:
        """Reject an edit that would break the map: a bug in `rule`, named so it can be found."""
        width = len(edit.replacement)
        if not cursor <= edit.start < edit.end <= len(self.text):
            raise NormalizeError(f"rule {rule} proposed an empty, overlapping or unsorted edit {edit}")
        if width > 1 and width != edit.end - edit.start:
            raise NormalizeError(f"rule {rule} proposed a replacement that changes length {edit}")
