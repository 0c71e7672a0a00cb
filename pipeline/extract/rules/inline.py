"""Inline lists: a level word, a colon, then indicators separated by 、 or ；  (sample 003).

    1. 数量指标：单位临聘公益岗位人员数≥8人、取暖费支出总额≥9000元、供暖面积300平方米、…

(after normalisation; the original has markdown bold and LaTeX `\\geq`). Every item with a
number is an indicator named by the words before the number; the level word is its 二级 (its
一级 is not stated). An item with a comparator states a target, one without states an actual.
"""

from __future__ import annotations

import re

from pipeline.domain.levels import INDICATOR_SECTION_WORDS
from pipeline.domain.quantity import QUANTITY_RE, parse_quantity
from pipeline.extract.rules.candidates import Candidate
from pipeline.extract.rules.layout import Cell
from pipeline.extract.rules.prose import clean_name

_LEVELS = "|".join(sorted(INDICATOR_SECTION_WORDS, key=len, reverse=True))
_LIST_LINE = re.compile(
    r"^[ \t]*(?:\d{1,2}\s*[.、．]\s*|[（(]\d{1,2}[)）]\s*)?(?P<level>"
    + _LEVELS
    + r")[ \t]*[:：][ \t]*(?P<body>[^\n]+)",
    re.MULTILINE,
)
_ITEM_SPLIT = re.compile(r"[、；;，,。]")
_STOP = re.compile(r"以上(?:指标|项目)")


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


def _read_item(item: Cell, level: Cell) -> Candidate | None:
    quantities = [m for m in QUANTITY_RE.finditer(item.text) if m.group("unit") or m.group("op")]
    if len(quantities) != 1:
        return None
    m = quantities[0]
    name = clean_name(item.text[: m.start()])
    if len(name) < 2:
        return None
    raw = m.group(0).strip()
    value = Cell(raw, item.start + m.start(), item.start + m.start() + len(raw))
    is_target = parse_quantity(raw).op is not None
    name_end = item.start + len(item.text[: m.start()].rstrip())
    return Candidate(
        name=Cell(name, item.start, name_end),
        level2=level,
        target=value if is_target else None,
        actual=None if is_target else value,
        source_kind="inline",
        confidence=0.6,
        table_start=level.start,
    )


def read_inline(text: str) -> list[Candidate]:
    found: list[Candidate] = []
    for m in _LIST_LINE.finditer(text):
        level = Cell(m.group("level"), m.start("level"), m.end("level"))
        body = Cell(m.group("body"), m.start("body"), m.end("body"))
        found.extend(c for item in _items(body) if (c := _read_item(item, level)) is not None)
    return found
