"""Join the lines of a paragraph that a PDF's page width broke (plain text, no geometry left).

Text copied out of a PDF, or read from its text layer by a tool that keeps every printed line,
breaks each paragraph wherever the line ran out of width — inside words and figures:

    截至2023年12月31日，资金到位600万元，实际支出571.2万元，预算执行率9
    5.2%，结余资金28.8万元已按规定收回财政。

Such a text has a *column*: many long lines are about as wide as the column and none wider
(`find_wrap`). Width is measured in half-widths — a Chinese character two, a digit or a Latin
letter one, as a page sets them — or, for a page whose figures were set full width, in characters
(`MEASURES`); the column is the width most long lines come close to. How sure that is decides what
is joined (`WrapKind`): in a long text whose paragraphs run to three lines or more, or a short one
whose longest lines share one width, `join_wrapped_lines` deletes the line break after a full line
when

- the full line does not end a sentence (`。！？…` keep their break: a paragraph may end at the
  column's edge), and
- the next line continues it: not blank, not a heading or list item (`一、` `（一）` `1.` `一是` …),
  and neither line is a table row (a tab, a `|`, cells set apart by two spaces, or a row of cells
  apart by single spaces as `lines.py` reads them);
- the next line opens no form field (`实施单位：`) after a line that opens one, nor anywhere in a
  short text (`_two_fields`);
- the paragraph so joined ends as prose does: on an end mark (`。；：”` …), or on a full line a
  page break cut, or at the text's end (`_ends_paragraph`) — lines of one width that stop on a
  bare word before a heading are a list written a line per item, and stay.

With only two full lines, only a break that cuts a figure (`支出决算为2064.` / `9万元`) is joined.

The example above reads `…预算执行率95.2%，结余资金…`. Between two ASCII letters the break becomes a
space (a wrapped English phrase); everywhere else it is deleted (Chinese has no spaces, and a
figure cut by the wrap is one figure).

Text written one paragraph per line has no column (its long lines differ in width), and neither
do tables, one-cell-per-line forms or pages of short labels, so the rule leaves them alone.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from enum import Enum
from itertools import accumulate, compress
from operator import and_

from pipeline.domain.headings import ENUMERATION_MARKER_RE
from pipeline.domain.wrapping import SENTENCE_ENDS, wrap_glue
from pipeline.normalize.lines import is_space_delimited_table, is_value_row
from pipeline.normalize.offsets import Edit
from pipeline.normalize.sentences import is_spaced_sentence

MIN_WRAP_WIDTH = 32  # half-widths (16 Chinese characters): narrower is a table cell, not a column
# A long text (`WrapKind.LONG`): this many full lines, this many of them followed by another full
# line (paragraphs of three lines or more), at least 1 in LONG_FULL_SHARE of the long lines full
# and at most 1 in LONG_OVERLONG_SHARE longer than the column.
LONG_FULL_LINES, LONG_FULL_PAIRS, LONG_FULL_SHARE, LONG_OVERLONG_SHARE = 4, 2, 3, 10
# A short text (`WrapKind.SHORT`): this many full lines, none longer, 1 in SHORT_FULL_SHARE full.
SHORT_FULL_LINES, SHORT_FULL_SHARE = 3, 4
# Two full lines and none longer (`WrapKind.CUT`): only a break that cuts a figure is joined.
CUT_FULL_LINES = 2
_FIGURE_END = re.compile(r"\d\.?$")  # `…支出决算为2064.` / `…执行率9`
_FIGURE_GOES_ON = re.compile(r"[\d.%]")  # `9万元` / `.5%` / `%以上`
# What a paragraph of wrapped prose ends on: a sentence's end, or a clause's or a quotation's.
PARAGRAPH_ENDS = SENTENCE_ENDS | frozenset("；：;:，、”’）)")
_LABEL = re.compile(r"[\u4e00-\u9fff]{2,8}[：:]")  # a form field's label: `项目名称：` `联系电话：`
# Characters a page sets a full em wide (two half-widths): Chinese, full-width forms, CJK
# punctuation and the curly quotes and dashes of Chinese text.
# Runs of them, not one at a time: a line of Chinese is a few runs, and deleting the runs counts
# the narrow characters left (5× faster than a list of every wide character).
_WIDE_RUN = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff01-\uff60“”‘’—…]+")


def text_width(line: str) -> int:
    """The width a line takes on the page in half-widths: `预算执行率98.5%` is 5×2 + 5 = 15
    (every character two, less one for each narrow character)."""
    return 2 * len(line) - len(_WIDE_RUN.sub("", line))


def em_width(line: str) -> int:
    """The width of a line set in ems, every character one, in half-widths: a page whose figures
    were full width (`９８．５％`, made ASCII by `to_halfwidth` before this rule reads them)."""
    return 2 * len(line)


MEASURES = (text_width, em_width)  # tried in this order; the first to find a column is used


class WrapKind(Enum):
    """How sure the text is wrapped at its width: which breaks after a full line are joined."""

    LONG = "long"  # many full lines, in runs: every break after a full line that continues
    SHORT = "short"  # a few full lines, the longest of the text: the same
    CUT = "cut"  # two full lines, the longest: only a break inside a figure (`2064.` / `9万元`)


_STRENGTH = {WrapKind.LONG: 2, WrapKind.SHORT: 1, WrapKind.CUT: 0}


def _band(width: int) -> tuple[int, int]:
    """The widths a line wrapped at a column `width` wide can have (see `Wrap`)."""
    return width - max(2, width // 10), width + max(2, width // 24)


@dataclass(frozen=True)
class Wrap:
    """The text column's `width` in half-widths, and how sure we are the text was wrapped at it.

    A full line is one whose width is within `band` of the column: a justified line holds a
    narrow character more, or falls a few short where a figure or a word would not fit and went
    to the next line whole (the width of a figure's digits is only roughly half an em).
    """

    width: int
    kind: WrapKind
    measure: Callable[[str], int] = field(default=text_width, repr=False)
    full_lines: int = field(default=0, repr=False)  # how many lines of the text are full

    @property
    def band(self) -> tuple[int, int]:
        return _band(self.width)

    def is_full(self, width: int) -> bool:
        low, high = self.band
        return low <= width <= high


def is_table_row(line: str) -> bool:
    """Cells apart by a tab, a `|` or two spaces, or by single spaces as `lines.py` reads them
    (`产出指标 数量指标 改造户数 ≥200户 215户 10 10`) — not a sentence whose figures a text layer
    set apart by spaces (`实际支出 571.2 万元，预算执行率 95.2% ，…`: `is_spaced_sentence`)."""
    if "\t" in line or "|" in line or "  " in line:  # tab or pipe cells, or cells apart by two spaces
        return True
    if " " not in line or is_spaced_sentence(line):
        return False
    return is_space_delimited_table(line) or is_value_row(line)


def _is_running_text(line: str) -> bool:
    """Whether a line may be running text that reaches a column: long enough, and no table row.
    Tested once per line, whatever the measure (the table tests are the costly part)."""
    return len(line) * 2 >= MIN_WRAP_WIDTH and not is_table_row(line)


def find_wrap(lines: list[str], running: list[bool] | None = None) -> Wrap | None:
    """The column the text was wrapped at, by the measure under which it is surest (the kind of
    wrap, then the most full lines; the first of `MEASURES` among equals). `running` is each
    line's `_is_running_text`, where the caller has it already."""
    if running is None:
        running = [_is_running_text(line) for line in lines]
    return _surest(_measured(lines, running))


def _measured(lines: list[str], running: list[bool]) -> dict[Callable[[str], int], list[int | None]]:
    """Each measure's width of every line of running text that may reach the column (None for
    the other lines), measured once for finding the column and for testing the lines against it."""
    measured: dict[Callable[[str], int], list[int | None]] = {}
    indexes = list(compress(range(len(lines)), running))  # most lines are short: none is visited
    for measure in MEASURES:
        widths: list[int | None] = [None] * len(lines)
        for index in indexes:
            width = measure(lines[index])
            if width >= MIN_WRAP_WIDTH:
                widths[index] = width
        measured[measure] = widths
    return measured


def _surest(measured: dict[Callable[[str], int], list[int | None]]) -> Wrap | None:
    found = [wrap for measure, widths in measured.items() if (wrap := _find_wrap(widths, measure))]
    return max(found, key=lambda wrap: (_STRENGTH[wrap.kind], wrap.full_lines), default=None)


def _find_wrap(widths: list[int | None], measure: Callable[[str], int]) -> Wrap | None:
    """The column the text was wrapped at and how sure that is, or None (not wrapped at a width).

    The column is the width whose band holds the most long lines (the widest of equals); the
    lines in a band are counted by bisection in the sorted widths.

    >>> find_wrap(["一" * 30, "二" * 30, "三" * 30, "四" * 12, "五" * 30, "六" * 30, "七" * 30, "八" * 5])
    Wrap(width=60, kind=<WrapKind.LONG: 'long'>)
    >>> find_wrap(["一" * 40, "二" * 23, "三" * 57, "四" * 31]) is None
    True
    """
    ordered = sorted(filter(None, widths))  # the widths given (each at least MIN_WRAP_WIDTH)
    if len(ordered) < CUT_FULL_LINES:
        return None

    # Each distinct width's lines in band, in one list (one call per width, not three); the most,
    # then the widest, chosen.
    distinct = set(ordered)
    counts = [bisect_right(ordered, high) - bisect_left(ordered, low) for low, high in map(_band, distinct)]
    full, width = max(zip(counts, distinct, strict=True))
    if full < CUT_FULL_LINES:  # too few full lines for any kind of wrap (the tests below)
        return None
    overlong = len(ordered) - bisect_right(ordered, _band(width)[1])
    wrap = Wrap(width, WrapKind.CUT, measure, full)
    if (
        full >= max(LONG_FULL_LINES, len(ordered) / LONG_FULL_SHARE)
        and overlong * LONG_OVERLONG_SHARE <= len(ordered)
        and _full_pairs(widths, wrap) >= LONG_FULL_PAIRS
    ):
        return replace(wrap, kind=WrapKind.LONG)
    if overlong:
        return None
    if full >= max(SHORT_FULL_LINES, len(ordered) / SHORT_FULL_SHARE):
        return replace(wrap, kind=WrapKind.SHORT)
    return wrap if full >= CUT_FULL_LINES else None


def _full_pairs(widths: list[int | None], wrap: Wrap) -> int:
    """How many full lines are followed by a full line (counted only where the other tests of a
    long text hold: it is a pass over every line)."""
    low, high = wrap.band
    flags = [w is not None and low <= w <= high for w in widths]  # `wrap.is_full`, band read once
    return sum(map(and_, flags, flags[1:]))


def join_wrapped_lines(text: str) -> Iterator[Edit]:
    """Delete the line breaks that a page width put inside paragraphs (see the module docstring)."""
    if text.count("\n") < CUT_FULL_LINES:
        return
    lines = text.split("\n")
    measured = _measured(lines, [_is_running_text(line) for line in lines])
    wrap = _surest(measured)
    if wrap is None:
        return
    widths = measured[wrap.measure]
    low, high = wrap.band
    joins = [
        width is not None
        and low <= width <= high  # most lines are not full: tested here, without a call
        and _continues(line, following, wrap)
        and not _two_fields(line, following, wrap)
        for line, width, following in zip(lines, widths, lines[1:], strict=False)  # pairs of lines
    ]
    ends = list(accumulate((len(line) + 1 for line in lines), initial=-1))[1:]  # each line's break
    final = next(i for i in range(len(lines) - 1, -1, -1) if lines[i])  # the last line of text
    at = 0
    while at < len(joins):
        if not joins[at]:
            at += 1
            continue
        last = at  # the joins at..last make one paragraph, whose last line is lines[last + 1]
        while last + 1 < len(joins) and joins[last + 1]:
            last += 1
        if _ends_paragraph(lines, widths, last + 1, wrap, final):
            for index in range(at, last + 1):
                yield Edit(ends[index], ends[index] + 1, wrap_glue(lines[index], lines[index + 1]))
        at = last + 1


def _ends_paragraph(lines: list[str], widths: list[int | None], index: int, wrap: Wrap, final: int) -> bool:
    """Whether `lines[index]`, where a run of joins stops, ends a paragraph as wrapped prose does:
    on a sentence's or a clause's end mark (`。` `；` `：` `”` …); or full itself, where a page
    break cut the paragraph (the next line is no heading or list item: a blank line, a page
    number; `join_broken_lines` goes on with it); or as the text's last line of text (`final`:
    an excerpt may stop mid-sentence). A run of whole lines of about one width that stops on a
    bare word before a heading is a list or a form written a line per item
    (`新建集中供水工程12处以上` / `改造供水管网45公里以上` / `受益群众满意度达到90%以上`), not a paragraph.
    `widths` are the wrap's measure of each line of running text that may reach the column."""
    line = lines[index]
    if line[-1:] in PARAGRAPH_ENDS or index >= final:
        return True
    width = widths[index]
    return width is not None and wrap.is_full(width) and ENUMERATION_MARKER_RE.match(lines[index + 1]) is None


def _two_fields(line: str, following: str, wrap: Wrap) -> bool:
    """`following` opens on a form field's label (`实施单位：`, `年初预算数：`) after a line that opens
    on one too, or anywhere in a short text (`WrapKind.SHORT`/`CUT`, where a few lines of one
    width are as likely a form's fields as a paragraph): a field of its own, whatever its width."""
    if _LABEL.match(following) is None:
        return False
    return wrap.kind is not WrapKind.LONG or _LABEL.match(line) is not None


def _continues(line: str, following: str, wrap: Wrap) -> bool:
    """Whether the break after a full `line` is joined to `following`."""
    if wrap.kind is WrapKind.CUT and not (_FIGURE_END.search(line) and _FIGURE_GOES_ON.match(following)):
        return False
    return (
        line[-1] not in SENTENCE_ENDS
        and following != ""
        and not is_table_row(following)
        and ENUMERATION_MARKER_RE.match(following) is None
    )
