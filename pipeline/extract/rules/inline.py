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
- an item that starts with 实际 (`实际投入4辆`) is the actual of the item before it, and one
  that starts with a target label (`目标值1000人次`, a result stated before its target) its
  target; a bare completion rate after it (`完成率126%`) is the ratio of the two, no indicator;
  an item stating a plan (`计划新建活动室15个`, `合格率目标为95%`) states a target, and the plan
  word is not part of the name, so `计划新建活动室15个，实际新建18个，完成率120%` is one indicator;
  a target label ending a name (`就业率目标值≥80%`) is not part of it, and an item that is only
  a name before a target-label item (`活动室，年度目标值≥15个，实际完成值18个`) names it;
- an item with a comparator states a target, one without states an actual; 均 before the value
  (`均大于等于95%`, all of them reached it) makes it a result, an actual, unless a goal word
  (确保, 目标 …) stands before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from pipeline.domain.alternation import alternation
from pipeline.domain.comparators import PREFIX_WORD_OPS, SUFFIX_WORD_OPS, is_goal
from pipeline.domain.dates import in_date
from pipeline.domain.levels import INDICATOR_SECTION_WORDS, LEVEL2_NAMES
from pipeline.domain.numbers import has_number
from pipeline.domain.quantity import QUANTITY_RE, parse_quantity
from pipeline.extract.rules.candidates import Candidate
from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.labelled import TARGET_LABELS
from pipeline.extract.rules.levels import HeadingLevels, Levels, heading_levels, levels_at
from pipeline.extract.rules.prose import clean_name, planned_name

_LEVELS = alternation(INDICATOR_SECTION_WORDS)
_LIST_LINE = re.compile(
    r"(?:^[ \t]*(?:\d{1,2}\s*[.、．]\s*|[（(]\d{1,2}[)）]\s*)?|(?<=[；;。]))(?P<level>"
    + _LEVELS
    + r")[ \t]*(?P<colon>[:：])?[ \t]*(?P<body>(?:(?![；;。](?:"
    + _LEVELS
    + r"))[^\n])+)",
    re.MULTILINE,
)
# Every level word holds it (a test keeps it so): a line without it opens no list, and is not
# scanned with `_LIST_LINE`, which tries every position of the text it is given.
LEVEL_MARK = "指标"
_ITEM_SPLIT = re.compile(r"[、；;，,。]")
_STOP = re.compile(r"以上(?:指标|项目)")
_RESULT_LEAD = "实际"
# …and 实际 after the period the result covers (`全年实际完成18个`, `年度实际发放`): still the result
_PERIOD_RESULT_LEAD = re.compile(rf"(?:全年|年度|当年|本年度?|今年)?{_RESULT_LEAD}")
_LEAD_IN = "方面"
_DERIVED = ("完成率", "完成比例", "完成进度")  # actual ÷ target of the item before
_COLLECTIVE = "均"
_WORD_OPS = sorted(PREFIX_WORD_OPS, key=len, reverse=True)
_SUFFIX_OPS = sorted(SUFFIX_WORD_OPS, key=len, reverse=True)
_WORD_OPS_TUPLE, _SUFFIX_OPS_TUPLE = tuple(_WORD_OPS), tuple(_SUFFIX_OPS)  # for one C call over all
_RESULT_LINKS = ("达到", "达")  # a comparator in a goal, a link word in a result
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


def _is_quantity(item: Cell, m: re.Match[str]) -> bool:
    """A number with a unit or comparator that is no date's month or day (`计划6月底前拨付`: 6月
    is when, not how much)."""
    return bool(m.group("unit") or m.group("op")) and not in_date(item.text, m.start("num"))


def _read_item(item: Cell, level: Cell, levels: Levels, text: str) -> Candidate | None:
    quantities = [m for m in QUANTITY_RE.finditer(item.text) if _is_quantity(item, m)]
    if len(quantities) != 1:
        return None
    m = quantities[0]
    before = item.text[: m.start()]
    cleaned = clean_name(before)
    plan = planned_name(cleaned)  # `受益学生预期1200人`, `读者目标值15万人次`: a target
    start, end = _value_span(item.text, m, plan is not None)
    if start < m.start():  # the comparator word is the value's: the name is the words before it
        cleaned = clean_name(item.text[:start])
        plan = planned_name(cleaned) or plan
    name = plan or _without_target_label(cleaned)
    if len(name) < 2:
        return None
    raw = item.text[start:end]
    value = Cell(raw, item.start + start, item.start + end)
    result = _COLLECTIVE in before and not is_goal(_sentence_before(text, item.start) + before)
    is_target = plan is not None or (parse_quantity(raw).op is not None and not result)
    name_end = item.start + len(item.text[:start].rstrip())
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


def _sentence_before(text: str, at: int) -> str:
    """The sentence's text before `at` (from just after the last 。), asked only of an item whose
    value 均 leads: the slice runs back to the text's start where no 。 comes before."""
    return text[max(0, text.rfind("。", 0, at) + 1) : at]


def _value_span(text: str, m: re.Match[str], planned: bool) -> tuple[int, int]:
    """The value's span in the item: the quantity with a comparator word written before it
    (`不少于120处`, `控制在3万元`) or after it (`3万元以内`, `90%以上`), so the word is its comparator.
    达/达到 is one only in a plan (`目标达到92%`); in a result (`实际达到93.4%`) it links the name to
    the value (judgement call 2)."""
    start, end = m.start(), m.end()
    # one `endswith`/`startswith` over all the words first: most values have none beside them
    if not m.group("op") and text.endswith(_WORD_OPS_TUPLE, 0, start):
        before = text[:start]
        for word in _WORD_OPS:
            if before.endswith(word) and (planned or word not in _RESULT_LINKS):
                start -= len(word)
                break
    for word in _SUFFIX_OPS if text.startswith(_SUFFIX_OPS_TUPLE, end) else ():
        if text.startswith(word, end):
            end += len(word)
            break
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _without_target_label(name: str) -> str:
    """`参训人员就业率目标值` → `参训人员就业率` (the label is not part of the name)."""
    for label in TARGET_LABELS if name.endswith(TARGET_LABELS) else ():
        if name.endswith(label) and len(name) > len(label) + 1:
            return clean_name(name[: -len(label)])
    return name


def _completes(
    item: Cell, found: list[Candidate], level: Cell, levels: Levels, text: str
) -> list[Candidate] | None:
    """`found` with `item` read into its last candidate — an item stating that candidate's
    target (`目标值1000人次`) or its completion rate (`完成率126%`, dropped) — or None."""
    if not found:
        return None
    stripped = item.text.lstrip()
    if stripped.startswith(_DERIVED) and found[-1].actual is not None:
        return found
    if not stripped.startswith(TARGET_LABELS) or found[-1].target is not None:
        return None
    read = _read_item(item, level, levels, text)
    value = None if read is None else read.target or read.actual
    return None if value is None else [*found[:-1], replace(found[-1], target=value)]


def _named_target(item: Cell, bare: Cell | None, level: Cell, levels: Levels, text: str) -> Candidate | None:
    """`年度目标值≥15个` after the bare name `新建活动室`: an indicator of that name, that target."""
    if bare is None or not item.text.lstrip().startswith(TARGET_LABELS):
        return None
    read = _read_item(item, level, levels, text)
    value = None if read is None else read.target or read.actual
    if read is None or value is None:
        return None
    name = Cell(clean_name(bare.text), bare.start, bare.end)
    return replace(read, name=name, target=value, actual=None)


def _is_name(item: Cell) -> bool:
    # the number test first: most items state one, and need no cleaning
    return not has_number(item.text) and len(clean_name(item.text)) >= 2


def _read_list(text: str, level: Cell, body: Cell, levels: Levels) -> list[Candidate]:
    found: list[Candidate] = []
    pending: list[Cell] = []  # names joined by 、 waiting for a shared value
    bare: Cell | None = None  # the item before, when it was a name and no more
    for item in _items(body):
        named, bare = _named_target(item, bare, level, levels, text), item if _is_name(item) else None
        if named is not None:
            found, pending = [*found, named], []
            continue
        if _PERIOD_RESULT_LEAD.match(item.text.lstrip()) and found and found[-1].actual is None:
            result = _read_item(item, level, levels, text)
            if result is not None:
                found[-1] = replace(found[-1], actual=result.actual or result.target)
                continue
        completed = _completes(item, found, level, levels, text)
        if completed is not None:
            found = completed
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


def _lines_with(text: str, word: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of `text` that holds `word`, in text order."""
    pos = 0
    while (at := text.find(word, pos)) >= 0:
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        yield text.rfind("\n", 0, at) + 1, end
        pos = end + 1


def _list_matches(text: str) -> Iterator[re.Match[str]]:
    """Every `_LIST_LINE` match of `text`, searched for in the lines holding a level word only
    (a match never spans lines)."""
    for start, end in _lines_with(text, LEVEL_MARK):
        yield from _LIST_LINE.finditer(text, start, end)


def read_inline(text: str) -> list[Candidate]:
    headings: HeadingLevels | None = None  # found at the first list: most texts have none
    found: list[Candidate] = []
    for m in _list_matches(text):
        fused_to = m.group("body")[:1]
        if m.group("colon") is None and (m.group("level") not in LEVEL2_NAMES or not _CJK.match(fused_to)):
            continue  # a heading's run-on or score note (数量指标（分值23分…）), not a list
        if m.group("body").startswith(_LEAD_IN):
            continue  # `满意度指标方面，…`: a paragraph's lead-in (labelled.py, prose.py), not a list
        if headings is None:
            headings = heading_levels(text)
        level = Cell(m.group("level"), m.start("level"), m.end("level"))
        body = Cell(m.group("body"), m.start("body"), m.end("body"))
        found.extend(_read_list(text, level, body, levels_at(headings, m.start())))
    return found
