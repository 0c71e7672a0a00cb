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

The map is held as *runs*, not one interval per character: a run is a stretch of text copied
from one stretch of source, character for character, whose last character may stand for more
(a replaced run). Run `k` starts at `text_starts[k]` and at `source_starts[k]`, and its last
character ends at `source_ends[k]`. The example above is four runs::

    text_starts    0  2  3  4          人数 | ≥ | 8 | 人
    source_starts  0  3  8  10
    source_ends    2  7  9  11

A report's normaliser deletes or replaces a few characters in a hundred, so a 4 M-character text
has some 60,000 runs (12 bytes each) instead of 4 M intervals (8 bytes each): the map is ~0.2
bytes per character instead of 8, and a pass copies only the runs, not a whole map. Runs are kept
as long as they can be (two runs are one when the first ends with a plain character and the next
continues its source), so one map has one form and maps compare by value.

Rules never see the map: each rule reads the current text and proposes `Edit`s, and
`OffsetMapBuilder.apply` rewrites text and map together in one linear pass, composing the new
map with the old one run by run.
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


# 4-byte offsets (not the 8 of "l"): a text must pass 2 GiB characters to overflow them, far
# above the ingest size limit.
OFFSET_CODE = "i"


@dataclass(frozen=True, slots=True)
class RunMap:
    """An offset map as runs (see the module docstring) over a text of `length` characters."""

    text_starts: array[int]
    source_starts: array[int]
    source_ends: array[int]
    length: int

    def __post_init__(self) -> None:
        runs = len(self.text_starts)
        if not runs == len(self.source_starts) == len(self.source_ends):
            raise ValueError("offset map arrays differ in length")
        if (runs == 0) != (self.length == 0) or (
            runs and not self.text_starts[0] == 0 <= self.text_starts[-1] < self.length
        ):
            raise ValueError("offset map does not cover the normalised text")

    @classmethod
    def identity(cls, length: int) -> RunMap:
        if not length:
            return cls(array(OFFSET_CODE), array(OFFSET_CODE), array(OFFSET_CODE), 0)
        return cls(array(OFFSET_CODE, [0]), array(OFFSET_CODE, [0]), array(OFFSET_CODE, [length]), length)

    def run_of(self, index: int, first: int = 0) -> int:
        """The run holding character `index` (at or after run `first`)."""
        return bisect_right(self.text_starts, index, first) - 1

    def run_stop(self, run: int) -> int:
        """Where run `run` ends in the text."""
        return self.text_starts[run + 1] if run + 1 < len(self.text_starts) else self.length

    def cut(self, run: int, start: int, end: int) -> tuple[int, int]:
        """Source start and end of the text's `[start, end)`, a non-empty range inside `run`."""
        source_start = self.source_starts[run] + start - self.text_starts[run]
        if end == self.run_stop(run):
            return source_start, self.source_ends[run]
        return source_start, source_start + end - start

    def source_start(self, index: int) -> int:
        """Where character `index` begins in the source."""
        starts = self.text_starts
        run = bisect_right(starts, index) - 1
        return self.source_starts[run] + index - starts[run]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source start of character `start` and end of character `end - 1` (`start < end`)."""
        starts = self.text_starts
        run = bisect_right(starts, start) - 1
        source_start = self.source_starts[run] + start - starts[run]
        stop = starts[run + 1] if run + 1 < len(starts) else self.length
        if end < stop:  # inside one run, before its last character: a span of a few words
            return source_start, source_start + end - start
        if end > stop:
            run = bisect_right(starts, end - 1, run) - 1
            stop = starts[run + 1] if run + 1 < len(starts) else self.length
            if end < stop:
                return source_start, self.source_starts[run] + end - starts[run]
        return source_start, self.source_ends[run]  # a run's last character may stand for more

    def ending_by(self, position: int) -> int:
        """How many characters end at or before source `position` (their ends increase)."""
        run = bisect_right(self.source_ends, position)  # the runs before it end there entirely
        if run == len(self.source_ends):
            return self.length
        inner = self.run_stop(run) - self.text_starts[run] - 1  # its characters but the last
        return self.text_starts[run] + min(max(position - self.source_starts[run], 0), inner)

    def starting_before(self, position: int) -> int:
        """How many characters start before source `position` (their starts increase)."""
        runs = bisect_left(self.source_starts, position)  # the runs holding at least one
        if runs == 0:
            return 0
        last = runs - 1
        width = self.run_stop(last) - self.text_starts[last]
        return self.text_starts[last] + min(position - self.source_starts[last], width)


@dataclass(frozen=True)
class NormalizedText:
    """Normalised `text` of `source` (the original `Document.text`) with its offset map.

    Build one with `normalize()`; `NormalizedText.identity(s)` is the unchanged text with the
    identity map. Spans are half-open, as everywhere in the package.
    """

    text: str
    source: str
    _map: RunMap = field(repr=False, hash=False)

    def __post_init__(self) -> None:
        if self._map.length != len(self.text):
            raise ValueError("offset map length differs from the normalised text")

    @classmethod
    def identity(cls, text: str) -> NormalizedText:
        return cls(text, text, RunMap.identity(len(text)))

    @property
    def runs(self) -> int:
        """How many runs hold the map (12 bytes each)."""
        return len(self._map.text_starts)

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Smallest source span covering the characters that normalised into `text[start:end]`.

        An empty span is a position between two normalised characters and maps to the source
        position where the right-hand one begins (`0` at the start, `len(source)` at the end),
        so a position after a deleted run lands after it.
        """
        self._check(start, end, len(self.text))
        if start < end:
            return self._map.source_span(start, end)
        if start == len(self.text):
            return len(self.source), len(self.source)
        position = self._map.source_start(start) if start > 0 else 0
        return position, position

    def from_source(self, start: int, end: int) -> tuple[int, int]:
        """Smallest normalised span holding every character whose source meets `source[start:end]`.

        If no normalised character comes from that span (it was deleted, or it is empty), the
        result is the empty span at the position where it would be: after every character
        whose source ends at or before `start`.
        """
        self._check(start, end, len(self.source))
        first = self._map.ending_by(start)
        if start == end:
            return first, first
        past_last = self._map.starting_before(end)
        return (first, past_last) if first < past_last else (first, first)

    def copied(self, start: int, end: int) -> int | None:
        """Where `source[start:end]` (non-empty) begins in `text` when it was copied there
        unchanged, each character standing for itself alone; None otherwise.

        Such a span lies in one run, before any last character of it that stands for more, and
        reads the same in both texts: `from_source(start, end)` is then `(p, p + end - start)` and
        maps back to `(start, end)`, and so does every span inside it, shifted by `p - start`.
        In the module docstring's example, `copied(0, 2)` (`人数`) is 0, `copied(8, 9)` (`8`) is 3,
        `copied(3, 7)` (`\\geq`) is None.
        """
        runs = self._map
        source_starts, text_starts = runs.source_starts, runs.text_starts
        run = bisect_right(source_starts, start) - 1
        if run < 0 or start >= end:
            return None
        run_start = source_starts[run]
        text_start = text_starts[run]
        # `runs.run_stop(run)`, written out: trust asks this of nearly every value's span
        width = (text_starts[run + 1] if run + 1 < len(text_starts) else runs.length) - text_start
        plain = width if runs.source_ends[run] == run_start + width else width - 1
        if end - run_start > plain:
            return None
        position = text_start + start - run_start
        return position if self.text[position : position + end - start] == self.source[start:end] else None

    @staticmethod
    def _check(start: int, end: int, length: int) -> None:
        if not 0 <= start <= end <= length:
            raise ValueError(f"bad span [{start}, {end}) for a text of length {length}")


class _RunWriter:
    """Writes a new map run by run in text order; `add` joins a run to the last one where the
    map allows it, so the map keeps its one form (see the module docstring)."""

    __slots__ = ("size", "source_ends", "source_starts", "text_starts")

    def __init__(self) -> None:
        self.text_starts: array[int] = array(OFFSET_CODE)
        self.source_starts: array[int] = array(OFFSET_CODE)
        self.source_ends: array[int] = array(OFFSET_CODE)
        self.size = 0

    def add(self, length: int, source_start: int, source_end: int) -> None:
        if self.text_starts:
            last_length = self.size - self.text_starts[-1]
            if self.source_ends[-1] == self.source_starts[-1] + last_length == source_start:
                self.source_ends[-1] = source_end
                self.size += length
                return
        self.text_starts.append(self.size)
        self.source_starts.append(source_start)
        self.source_ends.append(source_end)
        self.size += length

    def copy(self, old: RunMap, first: int, stop: int) -> None:
        """Append `old`'s runs `[first, stop)` whole (being runs of one map, they cannot join)."""
        if first >= stop:
            return
        shift = self.size - old.text_starts[first]
        self.text_starts.extend(array(OFFSET_CODE, map(shift.__add__, old.text_starts[first:stop])))
        self.source_starts.extend(old.source_starts[first:stop])
        self.source_ends.extend(old.source_ends[first:stop])
        self.size += old.text_starts[stop] - old.text_starts[first]

    def done(self) -> RunMap:
        return RunMap(self.text_starts, self.source_starts, self.source_ends, self.size)


class OffsetMapBuilder:
    """Applies rounds of edits to a text, keeping the map to the original source exact."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.text = source
        self._map = RunMap.identity(len(source))

    def apply(self, edits: Iterable[Edit], rule: str) -> None:
        """Apply `edits` (sorted, non-overlapping, all against the current text) in one pass."""
        text, old = self.text, self._map
        pieces: list[str] = []
        writer = _RunWriter()
        cursor = 0
        # A copy inside one run of the old map, before its last character, is the usual case (a
        # rule deletes a few characters in a hundred): it is written here, with the run found from
        # the last one on, instead of through `_copy` (a call and a search from the first run).
        starts, source_starts, length = old.text_starts, old.source_starts, old.length
        runs, run = len(starts), 0
        for edit in edits:
            start, end, replacement = edit
            width = len(replacement)
            if not cursor <= start < end <= len(text) or (width > 1 and width != end - start):
                self._reject(edit, cursor, len(text), rule)
            if cursor < start:
                pieces.append(text[cursor:start])
                run = bisect_right(starts, cursor, run) - 1
                if start < (starts[run + 1] if run + 1 < runs else length):
                    source_start = source_starts[run] + cursor - starts[run]
                    writer.add(start - cursor, source_start, source_start + start - cursor)
                else:
                    self._copy(writer, cursor, start)
            if width == 1:  # the whole run maps to one character
                pieces.append(replacement)
                writer.add(1, *old.source_span(start, end))
            elif width:
                pieces.append(replacement)
                self._copy(writer, start, end)
            cursor = end
        if cursor == 0 and not pieces:
            return
        if cursor < len(text):
            pieces.append(text[cursor:])
            self._copy(writer, cursor, len(text))
        self.text, self._map = "".join(pieces), writer.done()

    def build(self) -> NormalizedText:
        return NormalizedText(self.text, self.source, self._map)

    def _copy(self, writer: _RunWriter, start: int, end: int) -> None:
        """Append the map of the current text's `[start, end)` (non-empty): the runs it meets,
        the first and last cut to it, those between copied whole."""
        old = self._map
        first = bisect_right(old.text_starts, start) - 1
        head_stop = old.run_stop(first)
        if end < head_stop:  # inside one run, its last character excluded: the usual copy
            source_start = old.source_starts[first] + start - old.text_starts[first]
            writer.add(end - start, source_start, source_start + end - start)
            return
        writer.add(head_stop - start, *old.cut(first, start, head_stop))
        if end > head_stop:
            last = old.run_of(end - 1, first + 1)
            writer.copy(old, first + 1, last)
            writer.add(end - old.text_starts[last], *old.cut(last, old.text_starts[last], end))

    @staticmethod
    def _reject(edit: Edit, cursor: int, length: int, rule: str) -> None:
        """Reject an edit that would break the map: a bug in `rule`, named so it can be found."""
        if not cursor <= edit.start < edit.end <= length:
            raise NormalizeError(f"rule {rule} proposed an empty, overlapping or unsorted edit {edit}")
        raise NormalizeError(f"rule {rule} proposed a replacement that changes length {edit}")
