"""Numbered target lists and the results stated later for the same items (sample 000).

A target list item names the indicator and its target on one numbered line:

    （5）培训班次≥10个；

and a results section repeats the same numbered item, then says what was achieved:

    （5）培训班次≥10个。2024年，局机关各处共组织开展各类培训班12期，…

The item's actual is read from the sentence after the repeat (`pick_actual`): the first
quantity in the target's unit, else in a unit of the same family, else the first quantity that
is not a year or date. Items whose text has no comparator are not targets and are skipped.
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
    if op is None or op.start() == 0:
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


def _unit_score(unit: str, target_unit: str | None) -> float:
    if target_unit is None:
        return 0.5 if unit != "%" else 0.0
    if unit == target_unit:
        return 2.0
    if (unit == "%") != (target_unit == "%"):
        return -5.0  # a rate never answers a count, nor a count a rate
    if unit[0] == target_unit[0]:
        return 1.5
    return 1.0 if unit in COUNT_UNITS and target_unit in COUNT_UNITS else 0.0


def pick_actual(rest: Cell, target_unit: str | None, name: str = "") -> Cell | None:
    """The quantity in a results sentence that answers a target in `target_unit`.

    Each quantity (years and dates excluded) scores by unit (same unit 2, same family 1.5, both
    counts 1, rate vs count excluded), plus 1 for every two-character word it shares with the
    indicator name in the few characters after it, minus 0.1 per earlier quantity. In 000,
    "（8）真实世界研究项目≥10个。…等11项真研课题研究…2个创新药…" picks 11项 (研究), and
    "（2）…开展检查的家数≥18家次。…2个飞检组对…18家定点医药机构" picks 18家.
    """
    found = [m for m in QUANTITY_RE.finditer(rest.text) if m.group("unit") and not _is_date(m, rest.text)]
    name_words = _bigrams(name)
    best: tuple[float, re.Match[str]] | None = None
    for rank, m in enumerate(found):
        window = rest.text[m.end() : m.end() + 8]
        score = _unit_score(m.group("unit"), target_unit) + len(_bigrams(window) & name_words) - 0.1 * rank
        if score > 0 and (best is None or score > best[0]):
            best = (score, m)
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
