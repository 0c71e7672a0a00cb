"""Headings and sections: the outline a report is written in.

Chinese reports number their headings in four styles, outermost first:

    一、  （一）  1.  （1）

A section runs from its heading to the next heading of the same or an outer style. A report is
multi-project when two or more top-level sections are named after spending
projects — their titles are not generic words (概况, 情况, 问题 …) and their text states money.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from pipeline.domain.headings import HEADING_STYLES
from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.vocab import GENERIC_SECTION_WORDS, SAMPLE_SECTION_WORDS
from pipeline.extract.rules.word_starts import line_start_matches

# Every style in one pattern, its title looked ahead at in a group of the style's own (the
# group that matched names the style: at most one can match at a line start), so a scan for the
# next heading starts right after this one's marker. Scanned from line break to line break
# (`line_start_matches`: `^` in MULTILINE mode is tried at every character of the text).
_STYLES = "|".join(rf"(?:{marker})(?=\s*([^\n]+))" for _, marker in HEADING_STYLES)
_HEADING = re.compile(rf"^[ \t]*(?:{_STYLES})", re.MULTILINE)
_LEVEL_OF_GROUP = (0, *(level for level, _ in HEADING_STYLES))  # group k: style k's title
_MONEY = re.compile(r"\d\s*(?:万元|元)")
_PROJECT_COUNT = re.compile(r"项目\s*\d+\s*个|\d+\s*个项目")


@dataclass(frozen=True)
class Section:
    level: int
    title: Cell  # the heading text after its number
    start: int  # heading line start
    end: int  # start of the next heading of the same or an outer level (or the text end)


def _headings(text: str) -> list[tuple[int, Cell, int]]:
    """(level, title, start) of every heading, in text order. A title may sit on the line after
    its marker; that line is then not a heading of the same style itself (as a scan per style,
    resumed after each title, reads it)."""
    found: list[tuple[int, Cell, int]] = []
    read_to = [0] * len(_LEVEL_OF_GROUP)  # by level: where that style's last title ends
    for m in line_start_matches(_HEADING, text):
        group = m.lastindex
        assert group is not None  # every style's title is a group
        level = _LEVEL_OF_GROUP[group]
        if m.start() < read_to[level]:
            continue
        title = m.group(group).rstrip()
        at = m.start(group)
        found.append((level, Cell(title, at, at + len(title)), m.start()))
        read_to[level] = m.end(group)
    return found


def find_sections(text: str) -> list[Section]:
    heads = _headings(text)
    ends = [len(text)] * len(heads)
    open_: list[int] = []  # headings whose section is still open, levels increasing
    for i, (level, _, start) in enumerate(heads):
        while open_ and heads[open_[-1]][0] >= level:
            ends[open_.pop()] = start  # the next heading of the same or an outer level
        open_.append(i)
    return [Section(level, title, start, end) for (level, title, start), end in zip(heads, ends, strict=True)]


def _is_project_title(title: str) -> bool:
    short = title.split("：")[0].split(":")[0]
    return 2 <= len(short) <= 40 and not any(word in short for word in GENERIC_SECTION_WORDS)


def project_sections(text: str, sections: list[Section] | None = None) -> list[Section]:
    """Top-level sections named after projects, when there are at least two (else [])."""
    sections = find_sections(text) if sections is None else sections
    tops = [s for s in sections if s.level == 1]
    projects = [s for s in tops if _is_project_title(s.title.text) and _MONEY.search(text, s.start, s.end)]
    return projects if len(projects) >= 2 else []


def enclosing(sections: list[Section], pos: int) -> list[Section]:
    """The sections containing `pos`, outermost first."""
    return [s for s in sections if s.start <= pos < s.end]


class SectionIndex:
    """`enclosing` for many positions in one list of sections, without a scan of the whole list
    per position (a reader asking once per line of a long report made that quadratic).

    Sections nest — a section ends at the next heading of its own or an outer level, so two
    sections are disjoint or one holds the other — and then the sections holding `pos` are the
    last section starting at or before `pos` and those of its ancestors that reach past `pos`:

        一、(0–90) ⊃ （一）(10–50), （二）(50–90);  pos 60 → last start ≤ 60 is （二）→ [一、, （二）]

    Where a list does not nest (checked once, here), every position falls back to the scan.
    """

    def __init__(self, sections: list[Section]) -> None:
        self._sections = sections
        order = sorted(range(len(sections)), key=lambda i: (sections[i].start, -sections[i].end))
        self._order = order
        self._starts = [sections[i].start for i in order]
        self._parent: list[int | None] = []  # by position in `order`: the enclosing one's position
        self._nested = True
        stack: list[int] = []
        for position, i in enumerate(order):
            section = sections[i]
            while stack and sections[order[stack[-1]]].end <= section.start:
                stack.pop()
            if stack and section.end > sections[order[stack[-1]]].end:
                self._nested = False
            self._parent.append(stack[-1] if stack else None)
            stack.append(position)

    def enclosing(self, pos: int) -> list[Section]:
        """The same as `enclosing(sections, pos)`: the sections containing `pos`, in list order."""
        if not self._nested:
            return enclosing(self._sections, pos)
        found: list[int] = []
        position: int | None = bisect_right(self._starts, pos) - 1
        while position is not None and position >= 0:
            index = self._order[position]
            if self._sections[index].end > pos:
                found.append(index)
            position = self._parent[position]
        return [self._sections[i] for i in sorted(found)]


def sample_sections(text: str, sections: list[Section]) -> list[Section]:
    """Sections on a sample of a fund's projects: the heading names an on-site or spot-check
    evaluation (`SAMPLE_SECTION_WORDS`) and the text counts the projects it covers.

    `(二)现场评价专项资金基本情况 … 本次现场评价项目215个 … 共支出5,995.28万元` reports the 215
    projects visited, not the fund, so its spending is not the fund's. A heading alone is not
    enough: a one-project report may call its own review 现场评价.
    """
    return [
        s
        for s in sections
        if any(word in s.title.text for word in SAMPLE_SECTION_WORDS)
        and _PROJECT_COUNT.search(text, s.start, s.end) is not None
    ]
