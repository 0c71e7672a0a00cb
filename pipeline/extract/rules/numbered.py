"""Numbered target lists and the results stated later for the same items.

A target list item names the indicator and its target on one numbered line:

    （4）宣传活动场次≥6场；

and a results section repeats the same numbered item, then says what was achieved:

    （4）宣传活动场次≥6场。2023年，各科室共组织开展各类宣传活动9场，…

The item's actual is read from the sentence after the repeat (`pick_actual`). Items whose text
has no comparator are not targets and are skipped, and so are items whose text before the
comparator runs over a clause (`（1）数量指标：新建活动室，年度目标值≥15个，…`): that is a
sentence with labels (`labelled.py`), not a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.domain.quantity import QUANTITY_RE, parse_quantity
from pipeline.domain.units import COUNT_UNITS
from pipeline.extract.rules.candidates import Candidate
from pipeline.extract.rules.cells import Cell

_ITEM = re.compile(r"^[ \t]*[（(](?P<num>\d{1,2})[)）]\s*(?P<body>.+)$", re.MULTILINE)
_COMPARATOR = re.compile(r"[≥≤><=＞＜≧≦═]")
_END = re.compile(r"[；;。]")
_CLAUSE_BREAK = re.compile(r"[，,:：]")
_NAME_WINDOW = 8  # characters after a quantity in which the indicator's own words name it


@dataclass(frozen=True)
class _Item:
    num: int
    name: Cell
    target: Cell
    rest: Cell | None  # the text after the target, when the line goes on


def _item(text: str, match: re.Match[str]) -> _Item | None:
    body_start = match.start("body")
    body = match.group("body")
    op = _COMPARATOR.search(body)
    if op is None or op.start() == 0 or _CLAUSE_BREAK.search(body, 0, op.start()):
        return None
    end = _END.search(body, op.end())
    target_end = end.start() if end else len(body.rstrip())
    name = Cell(body[: op.start()].strip(), body_start, body_start + len(body[: op.start()].rstrip()))
    target = Cell(body[op.start() : target_end].strip(), body_start + op.start(), body_start + target_end)
    rest = None
    if end is not None and body[end.end() :].strip():
        rest_start = body_start + end.end()
        rest = Cell(body[end.end() :].rstrip(), rest_start, body_start + len(body.rstrip()))
    return _Item(int(match.group("num")), name, target, rest)


def _is_date(match: re.Match[str], sentence: str) -> bool:
    unit = match.group("unit") or ""
    number = match.group("num")
    follows = sentence[match.end() : match.end() + 1]
    return unit in ("年", "月", "日") or (
        len(number) == 4 and number.startswith(("19", "20")) and follows == "年"
    )


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _unit_match(unit: str, target_unit: str | None) -> int | None:
    """How well a quantity's unit answers the target's: 3 the same unit, 2 the same family
    (家 for 家次), 1 both counts of things or no target unit; None when it cannot answer it (a
    rate never answers a count, nor a count a rate; a count never answers a duration)."""
    if target_unit is None:
        return None if unit == "%" else 1
    if unit == target_unit:
        return 3
    if unit[0] == target_unit[0] and (unit == "%") == (target_unit == "%"):
        return 2
    return 1 if unit in COUNT_UNITS and target_unit in COUNT_UNITS else None


def pick_actual(rest: Cell, target_unit: str | None, name: str = "") -> Cell | None:
    """The quantity in a results sentence that answers a target in `target_unit`.

    Among the quantities whose unit can answer the target (`_unit_match`; years and dates are
    never actuals), the one the sentence names with the indicator's own words right after it
    (`…完成5项课题研究` answers `课题研究项目≥4个` before `3个试点` does), else the best unit
    match (12家 answers 家次 before 3个 does), else the first written. Worked example:
    "全年举办2期专题班、7场业务培训" for 培训场次≥6场 picks 7场 (same unit, and 培训 follows it).
    """
    best: tuple[tuple[bool, int, int], re.Match[str]] | None = None
    name_words = _bigrams(name)
    found = [m for m in QUANTITY_RE.finditer(rest.text) if m.group("unit") and not _is_date(m, rest.text)]
    for order, m in enumerate(found):
        match = _unit_match(m.group("unit"), target_unit)
        if match is None:
            continue
        named = bool(_bigrams(rest.text[m.end() : m.end() + _NAME_WINDOW]) & name_words)
        key = (named, match, -order)
        if best is None or key > best[0]:
            best = (key, m)
    if best is None:
        return None
    m = best[1]
    raw = m.group(0).strip()
    return Cell(raw, rest.start + m.start(), rest.start + m.start() + len(raw))


def read_numbered(text: str) -> list[Candidate]:
    """Numbered target items, each with the actual from its later repeat (if any)."""
    firsts: dict[tuple[int, str], _Item] = {}
    results: dict[tuple[int, str], _Item] = {}
    for match in _ITEM.finditer(text):
        item = _item(text, match)
        if item is None:
            continue
        key = (item.num, item.name.text)
        if key not in firsts:
            firsts[key] = item
        if item.rest is not None:
            results.setdefault(key, item)
    candidates = []
    for key, item in firsts.items():
        result = results.get(key)
        unit = parse_quantity(item.target.text).unit
        actual = pick_actual(result.rest, unit, item.name.text) if result and result.rest else None
        candidates.append(
            Candidate(
                name=item.name,
                target=item.target,
                actual=actual,
                source_kind="list",
                confidence=0.8 if actual or result is None else 0.6,
                table_start=item.name.start,
            )
        )
    return candidates
