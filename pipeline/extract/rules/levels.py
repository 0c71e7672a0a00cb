"""Which 一级/二级 level an indicator row belongs to, with merged cells forward-filled.

Tables print levels in merged cells, so most rows carry no level at all and inherit the last
one stated. When a row does state levels, the words before its name decide:

- two different level words: the first is 一级, the second 二级 (`效益指标 | 经济效益指标`);
- one 一级-only word (`效益指标`, `决策`): a new 一级, 二级 cleared;
- one 二级 word written twice (the converter repeated a merged cell into both level columns,
  `数量指标 | 数量指标`): it is the 二级 under the 一级 in force when that 一级 is its parent
  (`社会效益指标` under `效益指标`), otherwise it fills both columns as printed;
- one 二级 word written once: a new 二级 under the 一级 in force.

A level cell may carry the level's points (`产出指标(60分)`, `效益指标（30 分）`, `过程25分`): they
are the level's share of the score, not part of its name, so the cell is read without them, and
without the code an evaluation framework numbers its levels with (`A决策`, `B1组织实施`).

Outside tables, a list or a prose section names its levels in heading lines: a short line that
is a level word or the stem of one (`经济效益`, `满意度`, `履职`), after a letter or number
(`A`, `(1)`, `（一）`) and before a score note or a colon — `A产出指标(自评分28分)`,
`(1)数量指标:`, `经济效益`. A 一级 word clears the 二级; 成本指标, both a 一级 and a 二级
word, is a 二级 under 产出指标.

A department's own 二级 words are no framework words (`重点工作`, `预算管理`, `管理效率`): under a
一级 heading, a short line closed by a colon, followed at once by a numbered item and ending in a
word levels end in (工作, 管理, 效能, 效率 — what a duty or an area of it is called) heads the
group those items form, so it is their 二级 (`（一）履职` / `重点工作：` / `1.年度重点任务完成率…`).
A note line (`说明：`) before an item is no group. Where the items state their targets
(`1.…，年度指标值≥95%`), the list is an indicator list, so any group heading of them is a 二级
(`群众权益保障：`), and a heading numbered `（一）` right above such a group is their 一级
whatever its words (`（二）管理效率`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from pipeline.domain.headers import HEADER_WORDS
from pipeline.domain.levels import LEVEL1_NAMES, LEVEL2_NAMES, LEVEL2_PARENT, is_level_word, squash
from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.memo import per_text
from pipeline.extract.rules.word_starts import line_start_matches


@dataclass(frozen=True)
class Levels:
    level1: Cell | None = None
    level2: Cell | None = None


def _distinct(cells: list[Cell]) -> list[Cell]:
    out: list[Cell] = []
    for cell in cells:
        if not out or squash(out[-1].text) != squash(cell.text):
            out.append(cell)
    return out


_POINTS = re.compile(r"\s*(?:[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]|\d+(?:\.\d+)?\s*分)\s*$")
_CODE = re.compile(r"^[A-H]\d{0,2}(?=[\u4e00-\u9fff])")  # an evaluation framework's code: A, B1


def without_points(cell: Cell) -> Cell:
    """A level cell without the level's points or its framework code: `产出指标(60分)` →
    `产出指标`, `B1组织实施13分` → `组织实施` (span shortened to what is left)."""
    end = m.start() if (m := _POINTS.search(cell.text)) else len(cell.text)
    start = m.end() if (m := _CODE.match(cell.text)) else 0
    if end <= start or (start, end) == (0, len(cell.text)):
        return cell
    return Cell(cell.text[start:end], cell.start + start, cell.start + end)


def next_levels(current: Levels, stated: list[Cell]) -> Levels:
    """The levels of a row that states `stated` (level cells left of its name, in order)."""
    if not stated:
        return current
    distinct = _distinct([without_points(c) for c in stated])
    if len(distinct) >= 2:
        return Levels(distinct[0], distinct[1])
    cell = distinct[0]
    word = squash(cell.text)
    if word in LEVEL1_NAMES and word not in LEVEL2_NAMES:
        return Levels(cell, None)
    parent = current.level1 and squash(current.level1.text)
    if len(stated) >= 2:
        if parent and LEVEL2_PARENT.get(word) == parent:
            return Levels(current.level1, cell)
        return Levels(cell, cell)
    return Levels(current.level1, cell)


_HEADING = re.compile(
    r"^[ \t]*(?:[A-Za-z]|[（(]?\d{1,2}[)）.、．]?|[（(]?[一二三四五六七八九十]{1,3}[)）、])?\s*"
    r"(?P<word>[\u4e00-\u9fff]{0,8}?(?:指标|效益)|[\u4e00-\u9fff]{2,8})"
    r"\s*(?:[(（][^)）\n]*[)）])?\s*[:：。]?[ \t]*$",
    re.MULTILINE,
)


@dataclass(frozen=True)
class HeadingLevels:
    """The level heading lines of a text: each one's line start, and the levels in force from it."""

    starts: tuple[int, ...]
    levels: tuple[Levels, ...]


def _level_heading(word: str) -> bool:
    """A heading word that names a level: …指标 / …效益, a level word (`履职`, `满意度`), or the
    stem of one (`服务对象满意度` for 服务对象满意度指标)."""
    return word.endswith(("指标", "效益")) or is_level_word(word) or is_level_word(word + "指标")


_GROUP_ENDINGS = ("工作", "管理", "效能", "效率")
_GROUP_COLON = re.compile(r"[:：][ \t]*$")
_NUMBERED_NEXT = re.compile(r"\n[ \t]*(?:\d{1,2}[.、．]|[（(]\d{1,2}[)）])")


_CHINESE_NUMBERED = re.compile(r"[ \t]*[（(][一二三四五六七八九十]{1,3}[)）]")
_TARGET_WORDS = HEADER_WORDS["target"]


def _group(text: str, m: re.Match[str]) -> bool:
    """Whether heading `m` is closed by a colon and heads numbered items: its word ends in a
    level ending, or the first item states a target (module docstring)."""
    item = _NUMBERED_NEXT.match(text, m.end())
    if _GROUP_COLON.search(m.group()) is None or item is None:
        return False
    line_end = text.find("\n", item.end())
    first_item = text[item.end() : line_end if line_end >= 0 else len(text)]
    return m.group("word").endswith(_GROUP_ENDINGS) or any(w in first_item for w in _TARGET_WORDS)


def _group_heading(text: str, m: re.Match[str], levels: Levels) -> bool:
    """A group heading under a 一级 (module docstring)."""
    return levels.level1 is not None and _group(text, m)


def _groups_heading(text: str, m: re.Match[str]) -> bool:
    """A `（一）` heading whose next line is a group heading: the 一级 over that group."""
    if _CHINESE_NUMBERED.match(m.group()) is None or not text.startswith("\n", m.end()):
        return False
    below = _HEADING.match(text, m.end() + 1)
    return below is not None and _group(text, below)


@per_text  # the inline, labelled and dated readers of a report ask of the same text (memo.py)
def heading_levels(text: str) -> HeadingLevels:
    """The level heading lines of `text` and the levels each puts in force (module docstring),
    computed once so that `levels_at` is a bisection, not a walk over every heading above."""
    starts: list[int] = []
    in_force: list[Levels] = []
    levels = Levels()
    for m in line_start_matches(_HEADING, text):  # `_HEADING.finditer(text)`, faster
        over_group = _groups_heading(text, m)
        if not (over_group or _level_heading(m.group("word")) or _group_heading(text, m, levels)):
            continue
        word = Cell(m.group("word"), m.start("word"), m.end("word"))
        under = levels.level1 is not None and LEVEL2_PARENT.get(word.text) == levels.level1.text
        new_level1 = over_group or (word.text in LEVEL1_NAMES and not under)
        levels = Levels(word, None) if new_level1 else Levels(levels.level1, word)
        starts.append(m.start())
        in_force.append(levels)
    return HeadingLevels(tuple(starts), tuple(in_force))


def levels_at(headings: HeadingLevels, pos: int) -> Levels:
    """The levels the headings above `pos` put in force (the last heading starting before it)."""
    index = bisect.bisect_left(headings.starts, pos)
    return headings.levels[index - 1] if index else Levels()
