"""Inline lists: a level word, then indicators separated by 、 ，or ；.

    1. 数量指标：聘用保洁人员数≥6人、保洁费支出总额≥12000元、保洁面积500平方米、…
    社会效益指标补贴发放率、档案完整率均达到100%;服务对象满意度指标受助群众满意度均大于等于90%。
    数量指标:巡检车辆数量≥4辆,实际投入4辆;巡检里程≥600公里,实际巡检612公里。

A level word opens a list at a line start (with or without a colon) or after ；/。 (fused to its
first item); the list runs to the line end or to the next level word. Every item with one
number is an indicator named by the words before the number; the level word is its 二级, and
its 一级 is the level heading above (`levels.heading_levels`), if any. Within a list:

- names joined by 、 with no number of their own share the next item's value
  (`A、B均达到100%` → A 100 %, B 100 %);
- an item that starts with 实际 (`实际投入4辆`) is the actual of the item before it;
- an item with a comparator states a target, one without states an actual; 均 before the value
  (`均大于等于95%`, all of them reached it) makes it a result, an actual, unless a goal word
  (确保, 目标 …) stands before it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.domain.comparators import is_goal
from pipeline.domain.levels import INDICATOR_SECTION_WORDS, LEVEL2_NAMES
from pipeline.domain.numbers import has_number
from pipeline.domain.quantity import QUANTITY_RE, parse_quantity
from pipeline.extract.rules.candidates import Candidate
from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.levels import HeadingLevels, Levels, heading_levels, levels_at
from pipeline.extract.rules.prose import clean_name

_LEVELS = "|".join(sorted(INDICATOR_SECTION_WORDS, key=len, reverse=True))
_LIST_LINE = re.compile(
    r"(?:^[ \t]*(?:\d{1,2}\s*[.、．]\s*|[（(]\d{1,2}[)）]\s*)?|(?<=[；;。]))(?P<level>"
    + _LEVELS
    + r")[ \t]*(?P<colon>[:：])?[ \t]*(?P<body>(?:(?![；;。](?:"
    + _LEVELS
    + r"))[^\n])+)",
    re.MULTILINE,
)
_ITEM_SPLIT = re.compile(r"[、；;，,。]")
_STOP = re.compile(r"以上(?:指标|项目)")
_RESULT_LEAD = "实际"
_COLLECTIVE = "均"
CONFIDENCE = 0.6
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _items(body: Cell) -> list[Cell]:
    stop = _STOP.search(body.text)
    text = body.text[: stop.start()] if stop else body.text
    out, pos = [], 0
    for m in [*_ITEM_SPLIT.finditer(text), None]:
        end = m.start() if m else len(text)
        if end > pos:
            out.append(Cell(text[pos:end], body.start + pos, body.start + end))
        pos = m.end() if m else pos
    return out


def _read_item(item: Cell, level: Cell, levels: Levels, text: str) -> Candidate | None:
    quantities = [m for m in QUANTITY_RE.finditer(item.text) if m.group("unit") or m.group("op")]
    if len(quantities) != 1:
        return None
    m = quantities[0]
    before = item.text[: m.start()]
    name = clean_name(before)
    if len(name) < 2:
        return None
    raw = m.group(0).strip()
    value = Cell(raw, item.start + m.start(), item.start + m.start() + len(raw))
    sentence = text[max(0, text.rfind("。", 0, item.start) + 1) : item.start] + before
    result = _COLLECTIVE in before and not is_goal(sentence)
    is_target = parse_quantity(raw).op is not None and not result
    name_end = item.start + len(before.rstrip())
    return Candidate(
        name=Cell(name, item.start, name_end),
        level1=levels.level1,
        level2=level,
        target=value if is_target else None,
        actual=None if is_target else value,
        source_kind="inline",
        confidence=CONFIDENCE,
        table_start=level.start,
    )


def _is_name(item: Cell) -> bool:
    return len(clean_name(item.text)) >= 2 and not has_number(item.text)


def _read_list(text: str, level: Cell, body: Cell, levels: Levels) -> list[Candidate]:
    found: list[Candidate] = []
    pending: list[Cell] = []  # names joined by 、 waiting for a shared value
    for item in _items(body):
        if item.text.lstrip().startswith(_RESULT_LEAD) and found and found[-1].actual is None:
            result = _read_item(item, level, levels, text)
            if result is not None:
                found[-1] = replace(found[-1], actual=result.actual or result.target)
                continue
        candidate = _read_item(item, level, levels, text)
        if candidate is None:
            joined = text[item.end : item.end + 1] == "、"
            pending = [*pending, item] if joined and _is_name(item) else []
            continue
        for name in pending:
            found.append(replace(candidate, name=Cell(clean_name(name.text), name.start, name.end)))
        pending = []
        found.append(candidate)
    return found


def read_inline(text: str) -> list[Candidate]:
    headings: HeadingLevels | None = None  # found at the first list: most texts have none
    found: list[Candidate] = []
    for m in _LIST_LINE.finditer(text):
        fused_to = m.group("body")[:1]
        if m.group("colon") is None and (m.group("level") not in LEVEL2_NAMES or not _CJK.match(fused_to)):
            continue  # a heading's run-on or score note (数量指标（分值23分…）), not a list
        if headings is None:
            headings = heading_levels(text)
        level = Cell(m.group("level"), m.start("level"), m.end("level"))
        body = Cell(m.group("body"), m.start("body"), m.end("body"))
        found.extend(_read_list(text, level, body, levels_at(headings, m.start())))
    return found
