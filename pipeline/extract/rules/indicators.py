"""Every rules unit run over one normalised text, in one place: which prose to read, and how.

Structured layouts (tables, numbered lists, scored items, inline lists) are always read. Prose
is read only where it presents indicators:

- under scored items that are level words (`（1）数量指标（分值23分，实得23分）` → the paragraph
  after it, level1 = the parent item, level2 = the item);
- everywhere, when no structured layout found any indicator (a report may state its goals only in prose);
  each section's heading decides whether its prose states goals (基本情况) or results — except in a
  department's final accounts (部门决算), whose prose and lists summarise evaluations published
  elsewhere: there only a table's rows are indicators.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from itertools import accumulate, pairwise
from typing import NamedTuple

from pipeline.domain.levels import is_level_word
from pipeline.domain.names import cut_page_marker
from pipeline.extract.rules.appraisal import is_appraisal, read_appraisal, read_fused_appraisal
from pipeline.extract.rules.candidates import NOTE_CONFIDENCE, Candidate, plausible_name
from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.coded import with_coded
from pipeline.extract.rules.dated import read_dated
from pipeline.extract.rules.final_accounts import is_final_accounts
from pipeline.extract.rules.flattened import unflatten
from pipeline.extract.rules.fused import read_fused
from pipeline.extract.rules.grids import read_grids
from pipeline.extract.rules.inline import read_inline
from pipeline.extract.rules.inside_cells import without_readings_inside_cells
from pipeline.extract.rules.labelled import read_labelled
from pipeline.extract.rules.numbered import read_numbered
from pipeline.extract.rules.points_split import split_fused_points
from pipeline.extract.rules.prose import ProseContext, read_prose, states_goals
from pipeline.extract.rules.scored import ScoredItem, find_scored_items, read_scored
from pipeline.extract.rules.sections import Section, SectionIndex, find_sections
from pipeline.extract.rules.value_rows import join_actuals_with_words
from pipeline.extract.rules.vocab import (
    GOAL_SECTION_WORDS,
    PERFORMANCE_SECTION_WORDS,
    RESULT_SECTION_WORDS,
    SHORTFALL_SECTION_WORDS,
    UNIT_SECTION_WORDS,
)
from pipeline.extract.rules.weight_total import weights_proved_by_total
from pipeline.extract.rules.zero_cells import split_zero_cells
from pipeline.layout import Grid, Layout, recover_layout
from pipeline.layout.continued import continued_tables

_TITLE_CUT = re.compile(r"[。：:；;，,]")  # a heading runs on into its paragraph after these
_LABEL = re.compile(r"^\s*(?P<label>[\u4e00-\u9fff]{2,10}满意度(?:指标)?)\s*[:：]")


def _parent_of(items: list[ScoredItem], index: int) -> ScoredItem | None:
    return next((items[i] for i in range(index - 1, -1, -1) if items[i].is_parent), None)


def _scored_prose(text: str, sections: list[Section], items: list[ScoredItem]) -> list[Candidate]:
    found: list[Candidate] = []
    for i, item in enumerate(items):
        if not is_level_word(item.name.text):
            continue
        end = items[i + 1].name.start if i + 1 < len(items) else _section_end(sections, item.line_end, text)
        parent = _parent_of(items, i) if not item.is_parent else None
        level1, level2 = (parent.name, item.name) if parent else (item.name, None)
        label = _LABEL.match(text, item.line_end + 1)
        if label and level2 is None:
            level2 = Cell(label.group("label"), label.start("label"), label.end("label"))
        found.extend(read_prose(text, item.line_end, end, ProseContext(level1, level2)))
    return found


def _section_end(sections: list[Section], pos: int, text: str) -> int:
    following = [s.start for s in sections if s.start > pos and s.level <= 2]
    return min(following, default=len(text))


def _narrative_title(title: str) -> bool:
    """`一、部门基本情况`: the unit's establishment and staff, not a project's goals; and
    `二、绩效自评发现的主要问题及原因`: shortfalls and plans, not results."""
    heading = _TITLE_CUT.split(title)[0]
    if any(word in heading for word in UNIT_SECTION_WORDS):
        return True
    shortfall = any(word in heading for word in SHORTFALL_SECTION_WORDS)
    return shortfall and not any(word in heading for word in RESULT_SECTION_WORDS)


_ITEM_QUANTITY = re.compile(r"\d+(?:\.\d+)?\s*(?:%|[\u4e00-\u9fff])")
_DATE_UNITS = ("年", "月", "日")


def _is_item(section: Section) -> bool:
    """A line numbered 1. or （1） that states a quantity in its first clause (`1.全年开展法治宣传
    活动不少于60场；2.…`) is a list item, not a heading: its section's kind is its heading's above
    it. (A 一、 or （一） heading whose paragraph runs on after it stays a heading.)"""
    first = _TITLE_CUT.split(section.title.text)[0]
    return section.level >= 3 and any(
        m.group(0)[-1] not in _DATE_UNITS for m in _ITEM_QUANTITY.finditer(first)
    )


_READ_SECTION_WORDS = (*PERFORMANCE_SECTION_WORDS, *GOAL_SECTION_WORDS)


def _all_prose(text: str, sections: list[Section], start: int, end: int) -> list[Candidate]:
    cuts = sorted({start, end, *(s.start for s in sections if start < s.start < end)})
    found: list[Candidate] = []
    index = SectionIndex(sections)
    # per section (by position in `sections`), asked once and only when a piece with a figure
    # lies under it: a piece asks of every section above it
    position = {id(s): i for i, s in enumerate(sections)}
    kinds: list[_SectionKind | None] = [None] * len(sections)
    for piece_start, piece_end in pairwise(cuts):
        if _DIGIT.search(text, piece_start, piece_end) is None:
            continue  # prose states an indicator with a figure: a piece without one has none
        above = []
        for section in index.enclosing(piece_start):
            at = position[id(section)]
            kind = kinds[at]
            if kind is None:
                kind = kinds[at] = _section_kind(section)
            if kind is not _ITEM:
                above.append(kind)
        if above and above[-1].skipped:
            continue  # a section on the unit, its staff or its money: its numbers are narrative
        goal = any(kind.goals for kind in above)
        found.extend(read_prose(text, piece_start, piece_end, ProseContext(goal_section=goal)))
    return found


class _SectionKind(NamedTuple):
    """What `_all_prose` asks of a section's heading: whether its prose goes unread
    (`_skipped_title`) and whether it states goals."""

    skipped: bool
    goals: bool


_ITEM = _SectionKind(skipped=False, goals=False)  # a list item's line (`_is_item`), no heading


def _section_kind(section: Section) -> _SectionKind:
    if _is_item(section):
        return _ITEM
    title = section.title.text
    return _SectionKind(_skipped_title(title), states_goals(title, GOAL_SECTION_WORDS))


def _skipped_title(title: str) -> bool:
    """Whether the prose of a section titled `title` goes unread (`_all_prose`): a narrative
    section, or one whose heading names no performance or goal word."""
    heading = _TITLE_CUT.split(title)[0]
    return _narrative_title(title) or not any(w in heading for w in _READ_SECTION_WORDS)


_SENTENCE_BREAK = re.compile(r"[。；;\n]")
_LOOK_BACK = 200  # how far back `_sentence_of` looks for the break before a position
_DIGIT = re.compile(r"[0-9０-９]")  # what a prose candidate's clause holds (`domain.numbers.NUMBER`)
_LAST_SENTENCE_BREAK = re.compile(r"(?s:.*)[。；;\n]")  # matched over a range: up to its last break
_SENTENCE_KINDS = ("list", "inline")  # candidates read from sentences of a paragraph, not a table's rows
_PARAGRAPH_CHARS = 600
_TABLE_MARKS = re.compile(r"[|\t<]")  # pipes, tabs, HTML: a table's row, whose cells are no sentences


def _sentence_of(text: str, pos: int) -> tuple[int, int]:
    """The sentence (up to 。；; or a line end) holding `pos`."""
    last = _LAST_SENTENCE_BREAK.match(text, max(0, pos - _LOOK_BACK), pos)
    before = last.end() if last else 0
    after = _SENTENCE_BREAK.search(text, pos)
    return before, after.start() if after else len(text)


def _results_paragraph_prose(text: str, sections: list[Section], read: list[Candidate]) -> list[Candidate]:
    """The other sentences of a paragraph that states a result as a labelled sentence or list:

        全年计划举办演出120场，实际举办132场；文物巡查覆盖率目标值100%，实际达到100%。

    The second sentence is labelled (目标值…实际达到), so the paragraph is one of results, and its
    first sentence, worded as prose, states a result too. Sentences holding a structured
    candidate are left to it; prose elsewhere stays unread (a report with an indicator set)."""
    taken = {_sentence_of(text, c.start) for c in read if c.source_kind in _SENTENCE_KINDS}
    lines = sorted({(text.rfind("\n", 0, start) + 1, end) for start, end in taken})
    found: list[Candidate] = []
    index = SectionIndex(sections)
    for line_start, _ in lines:
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        if line_end - line_start > _PARAGRAPH_CHARS or _TABLE_MARKS.search(text, line_start, line_end):
            continue  # a page flattened to one line, or a table's row: no paragraph to speak of
        if _all_taken(text, line_start, line_end, taken):
            continue  # every sentence that could hold a prose candidate is left to a structured one
        goal = any(states_goals(s.title.text, GOAL_SECTION_WORDS) for s in index.enclosing(line_start))
        for c in read_prose(text, line_start, line_end, ProseContext(goal_section=goal)):
            if _sentence_of(text, c.start) not in taken:
                found.append(c)
    return found


def _all_taken(text: str, start: int, end: int, taken: set[tuple[int, int]]) -> bool:
    """Whether every sentence of the line `text[start:end]` that holds a digit is in `taken`, as
    `_sentence_of` names it from any of its positions: the prose read there would all be dropped.
    (A prose candidate starts in the sentence holding its figure: its own clause, or a name listed
    before it with 、.) Past `_LOOK_BACK` characters into a sentence, `_sentence_of` finds no
    break before a position and names the sentence from 0: a longer sentence is taken only when
    both its names are."""
    pos = start
    while pos <= end:
        stop = _SENTENCE_BREAK.search(text, pos, end)
        sentence_end = stop.start() if stop else end
        if _DIGIT.search(text, pos, sentence_end) is not None:
            if (pos, sentence_end) not in taken:
                return False
            if pos > 0 and sentence_end - 1 - pos >= _LOOK_BACK and (0, sentence_end) not in taken:
                return False
        pos = sentence_end + 1
    return True


class _ReadTables:
    """The spans of the tables whose cells the layout told apart and read indicators from: text
    run together is read cell by cell only where no separator was left (a form flattened onto one
    line with spaces is a grid; reading it again without the spaces would fuse `10 10` into
    `1010`), so what the fused reader finds in them is dropped (`outside`)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        # A position lies in some span iff the furthest end among the spans that open by it lies
        # beyond it: one bisection per candidate, not a pass over every table (quadratic in a long
        # report).
        spans = sorted(spans)
        self._opens = [s for s, _ in spans]
        self._reach = list(accumulate((e for _, e in spans), max))

    @classmethod
    def of(cls, tables: tuple[Grid, ...], read: list[Candidate]) -> _ReadTables:
        """The tables among `tables` that a candidate of `read` starts in."""
        names = sorted(c.start for c in read)
        return cls(
            [(t.span.start, t.span.end) for t in tables if _any_between(names, t.span.start, t.span.end)]
        )

    def outside(self, found: list[Candidate]) -> list[Candidate]:
        """`found` less what starts in a read table."""
        return [c for c in found if not self.covers(c.start, c.start + 1)]

    def covers(self, start: int, end: int) -> bool:
        """Whether one read table holds every position of `start`..`end`: the span reaching
        furthest among those that open by `start` reaches `end`."""
        i = bisect_right(self._opens, start) - 1
        return i >= 0 and end <= self._reach[i]


def _any_between(sorted_starts: list[int], start: int, end: int) -> bool:
    at = bisect_left(sorted_starts, start)
    return at < len(sorted_starts) and sorted_starts[at] < end


def find_candidates(text: str, sections: list[Section], layout: Layout) -> list[Candidate]:
    """Indicator candidates of the whole text (`layout` is its layout), before merging; a text
    flattened to one paragraph is read through a view with its headings on lines of their own
    (`flattened.py`), every span mapped back to the text."""
    view = unflatten(text)
    if view is None:
        return _candidates(text, sections, layout)
    read = _candidates(view.text, find_sections(view.text), recover_layout(view.text))
    return [view.to_text(c) for c in read]


def _candidates(text: str, sections: list[Section], layout: Layout) -> list[Candidate]:
    tables = continued_tables(layout)
    scored = find_scored_items(text)  # read as indicators and, below, for the prose under them
    from_grids = read_grids(tuple(g for g in tables if not is_appraisal(g)))  # appraisals: their own rows
    read_tables = _ReadTables.of(tables, from_grids)
    read = [
        *from_grids,
        *read_appraisal(layout.tables),
        *read_fused_appraisal(text),
        *read_numbered(text),
        *read_scored(text, scored),
        *read_inline(text),
        *read_tables.outside(read_fused(text, read_tables.covers)),
        *read_labelled(text),
        *read_dated(text, sections),
    ]
    repaired = join_actuals_with_words(split_zero_cells(weights_proved_by_total(text, read)))
    repaired = split_fused_points(text, repaired)
    structured = with_coded(text, layout.tables, repaired)
    final_accounts = is_final_accounts(text)
    if final_accounts:  # its sentences summarise evaluations published elsewhere; a table stays
        structured = [c for c in structured if c.source_kind == "table"]
    if structured:
        found = (
            structured
            + _scored_prose(text, sections, scored)
            + _results_paragraph_prose(text, sections, structured)
        )
    else:  # a final accounts' prose summarises other evaluations (final_accounts.is_final_accounts)
        found = [] if final_accounts else _all_prose(text, sections, 0, len(text))
    kept = []
    for candidate in without_readings_inside_cells(found):
        name = candidate.name.text  # read once: a grid row's cell slices its text on every read
        if plausible_name(name):
            kept.append(_without_page_marker(candidate, name))
    return kept


# Every page footer `cut_page_marker` cuts holds one of these: 页 (`第2页`, `共5页`) or a dash on
# either side of the page's number (`- 2 -`); a name holding none has no footer to cut.
_PAGE_MARKS = ("页", "-", "—", "–")


def _without_page_marker(candidate: Candidate, name: str) -> Candidate:
    """The candidate with the page footer that ran into its name (`name`, its text) cut out
    (`体检结果第2页反馈时限`), noted `page_marker_in_name` and its confidence capped; the name's
    span still covers the cell."""
    if not any(mark in name for mark in _PAGE_MARKS):
        return candidate  # most names: no 页 and no dash, so no footer (`domain.names._PAGE_MARKER`)
    cut = cut_page_marker(name)
    if cut is None:
        return candidate
    cell = Cell(cut, candidate.name.start, candidate.name.end)
    notes = (*candidate.notes, "page_marker_in_name")
    return replace(candidate, name=cell, notes=notes, confidence=min(candidate.confidence, NOTE_CONFIDENCE))
