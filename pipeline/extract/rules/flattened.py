"""A report flattened to one paragraph: its outline found where its headings run into the text.

Document sites (文库) and some portals print a report with every line break lost:

    …绩效自评报告一、基本情况（一）项目概况我校2023年…。二、绩效目标完成情况1.数量指标：受益学生
    预期1200人，实际受益1236人。2.质量指标：…

The indicator readers find outlines, lists and sections by line starts, so such a text is read
through a view with a line break put before each heading marker that runs on from the text before
it, and after a heading that is a level word alone (`（一）产出指标1.数量指标：` → `（一）产出指标`,
`1.数量指标：…`) or level words joined (`（二）社会效益和满意度群众对…` → `（二）社会效益和满意度`),
and after a title's closing word (`（一）履职效果全年计划…` → `（一）履职效果`).
A marker breaks the line where it cannot be part of a sentence:

- `一、` after anything but a numeral or 第 (`一、二级指标` lists numerals, `第一、` counts);
- `（一）` anywhere;
- `1.` / `1、` / `（1）` after a sentence end (。；), or before a level word (`产出指标1.数量指标`),
  or opening a series that goes on to a `2.` (`设定情况1.开展宣传不少于60场；2.…`);
- a 二级 level word with its colon (`满意度指标服务对象满意度指标：`).

Every position read from the view maps back to the text (`FlatView.to_text`): the breaks are
inserted, never replacing a character, so the view is the text plus line breaks. What is read
through the view is noted `outline_of_flattened_text` (a flag, confidence capped): its levels
rest on headings found inside running text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, fields, replace

from pipeline.domain.alternation import alternation
from pipeline.domain.headings import CN_NUMERALS
from pipeline.domain.levels import INDICATOR_SECTION_WORDS, LEVEL2_NAMES
from pipeline.extract.rules.candidates import NOTE_CONFIDENCE, Candidate
from pipeline.extract.rules.cells import Cell

_LEVELS = alternation(INDICATOR_SECTION_WORDS)
_LEVEL2 = alternation(LEVEL2_NAMES)
_BREAKS = re.compile(
    rf"(?<=[^\n{CN_NUMERALS}第、])(?=[{CN_NUMERALS}]{{1,3}}、(?![{CN_NUMERALS}]))"
    rf"|(?<=[^\n])(?=[（(][{CN_NUMERALS}]{{1,3}}[)）])"
    r"|(?<=[。；;])(?=\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[)）])"
    rf"|(?<=[^\n\d])(?=(?:\d{{1,2}}[.．、]|[（(]\d{{1,2}}[)）])(?:{_LEVELS}))"
)
# The first item of a numbered series run on from its heading (`设定情况1.开展宣传不少于60场；2.…`):
# a 1. whose series goes on to a 2. after a sentence end.
_SERIES_START = re.compile(r"(?<=[^\n\d.．])(?=[1１][.．、](?!\d)[^\n]{2,300}?[。；;]2[.．、](?!\d))")
# A 二级 word with its colon run on from a heading; matched whole (longest first), so the
# 满意度指标 inside 服务对象满意度指标 is no second break.
_LEVEL2_LEAD = re.compile(rf"(?<=[\u4e00-\u9fff])(?:{_LEVEL2})(?=[:：])")
# A heading that is a level word alone, run into what follows it: the break goes after the word.
_LEVEL_HEADING = re.compile(
    rf"(?:^|\n)(?:[（(][{CN_NUMERALS}]{{1,3}}[)）]|[{CN_NUMERALS}]{{1,3}}、)(?:{_LEVELS})(?=[^\n:：，,。])"
)
# A heading made of level words joined by 和/及/与/、 (`（二）社会效益和满意度群众对…`), with or without
# their 指标, run into what follows it: the break goes after the last word.
_STEMS = alternation(w.removesuffix("指标") for w in INDICATOR_SECTION_WORDS)
_JOINED_LEVELS_HEADING = re.compile(
    rf"(?:^|\n)(?:[（(][{CN_NUMERALS}]{{1,3}}[)）]|[{CN_NUMERALS}]{{1,3}}、)"
    rf"(?:{_STEMS})(?:指标)?(?:[和及与、](?:{_STEMS})(?:指标)?)+(?=[\u4e00-\u9fff])"
)
FLATTENED_NOTE = "outline_of_flattened_text"  # every candidate read through the view: a reviewer checks
# A heading's title run into its paragraph ends at the first word that closes a section title
# (`（一）履职效果全年计划…` → `（一）履职效果`), unless the title goes on (`…情况及存在的问题`).
_TITLE_CLOSERS = ("情况", "概况", "效果", "职能", "问题", "措施", "建议", "分析", "成效")
_RUN_ON_TITLE = re.compile(
    rf"(?:^|\n)(?:[（(][{CN_NUMERALS}]{{1,3}}[)）]|[{CN_NUMERALS}]{{1,3}}、)[^\n。；;，,：:]{{1,14}}?"
    rf"(?:{'|'.join(_TITLE_CLOSERS)})(?=[\u4e00-\u9fff\d])(?![及和与、的])"
)
_FLAT_LINE = 200  # a line this long that holds several headings is a page flattened
_FLAT_HEADINGS = 3
_FLAT_SHARE = 0.6
# A line longer than `_FLAT_LINE`, whole: matched only from a line start and only where it is that
# long (most lines are short: no match object is made for them).
_LONG_LINE = re.compile(rf"^[^\n]{{{_FLAT_LINE + 1},}}", re.MULTILINE)
_FLAT_CHAPTERS = 2  # a report's outline: 一、… 二、… run into the text (a form's rows have none)
_CHAPTER = re.compile(rf"[{CN_NUMERALS}]{{1,3}}、")
# A table's line (pipes, tabs, HTML, spaced cells): no prose. Written as literals (no class, no
# repeat) so that the engine skips to the characters they open with.
_TABLE_MARKS = re.compile(r"\||\t|<|  ")


@dataclass(frozen=True)
class FlatView:
    """The text with line breaks inserted at `breaks` (positions in the view, ascending)."""

    text: str
    breaks: tuple[int, ...]

    def position(self, pos: int) -> int:
        """The text's position of the view's `pos` (a start, or an exclusive end)."""
        return pos - bisect_left(self.breaks, pos)

    def to_text(self, candidate: Candidate) -> Candidate:
        """`candidate`, read from the view, with every span in the text's positions."""
        moved: dict[str, object] = {}
        for f in fields(candidate):
            value = getattr(candidate, f.name)
            if isinstance(value, Cell):
                moved[f.name] = Cell(value.text, self.position(value.start), self.position(value.end))
        if candidate.table_start is not None:
            moved["table_start"] = self.position(candidate.table_start)
        moved["notes"] = (*candidate.notes, FLATTENED_NOTE)
        moved["confidence"] = min(candidate.confidence, NOTE_CONFIDENCE)
        return replace(candidate, **moved)  # type: ignore[arg-type]


def _inserted(text: str, positions: list[int]) -> FlatView:
    pieces, breaks, last = [], [], 0
    for n, pos in enumerate(sorted(set(positions))):
        pieces.append(text[last:pos])
        breaks.append(pos + n)
        last = pos
    pieces.append(text[last:])
    return FlatView("\n".join(pieces), tuple(breaks))


def unflatten(text: str) -> FlatView | None:
    """The view of a text flattened to long lines, with its headings on lines of their own; None
    when the text is not such a page (the usual report: nothing to do). A page is flattened when
    its long lines, no table's rows, hold most of it (`_FLAT_SHARE`) and headings run on inside
    them, two of them chapters (`一、`, `二、`): a paragraph that enumerates `（一）…（二）…` within
    a report of many lines, or a form's rows run together, is no flattened page."""
    long_lines = [m for m in _LONG_LINE.finditer(text) if not _TABLE_MARKS.search(text, m.start(), m.end())]
    if sum(m.end() - m.start() for m in long_lines) < _FLAT_SHARE * len(text.strip()):
        return None
    positions = [
        b.start()
        for m in long_lines
        for pattern in (_BREAKS, _LEVEL2_LEAD, _SERIES_START)
        for b in pattern.finditer(text, m.start(), m.end())
    ]
    outline = sum(1 for pos in positions if _CHAPTER.match(text, pos))
    if len(positions) < _FLAT_HEADINGS or outline < _FLAT_CHAPTERS:
        return None
    first = _inserted(text, positions)
    headings = (_LEVEL_HEADING, _RUN_ON_TITLE, _JOINED_LEVELS_HEADING)
    after = [first.position(m.end()) for p in headings for m in p.finditer(first.text)]
    return _inserted(text, positions + after)
