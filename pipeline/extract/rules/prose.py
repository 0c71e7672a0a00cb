"""Indicators stated in prose: `支付方式改革病种覆盖率达98%`, `满意度达到85%以上`.

Only sentences that present an indicator count, not every number in a paragraph. A clause
(text between ，；。、：) is an indicator when it holds one quantity that is not a date or a sum
of money, and a name can be read around it:

- before the number: `统筹地区飞行检查覆盖率100%`, `某市医保局共召开新闻发布会4次`
  (time, place, agency and filler words are stripped from the front, link words 达/为/均在
  from the back);
- or, when the words before the number are only a verb (`保证100%落实整改率`,
  `保障系统100%正常运行且…`), around it: the nouns before plus the phrase after.

The name must end in a measured thing (率, 度, 数量, 时间, …) or count something (`召开新闻
发布会4次`). A clause is a goal (target) when its sentence has a goal word (确保, 保证, 至少 …)
or it sits in a goal section (基本情况); otherwise it states a result (actual). Confidence is low
(0.4): prose is the least certain layout.

A summary that walks the form's levels (`一是产出指标方面,…;二是效益指标方面,…`) gives the
clauses after each lead-in that level, where the context names none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from pipeline.domain.alternation import alternation
from pipeline.domain.comparators import GOAL_WORDS, PREFIX_WORD_OPS, SUFFIX_WORD_OPS
from pipeline.domain.headings import ENUMERATION_MARKER_RE
from pipeline.domain.levels import LEVEL1_NAMES, LEVEL2_NAMES, LEVEL2_PARENT
from pipeline.domain.numbers import NUMBER_RE
from pipeline.domain.quantity import QUANTITY_RE
from pipeline.domain.units import COUNT_UNITS
from pipeline.extract.rules.candidates import Candidate
from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.vocab import (
    AGENCY_SUFFIXES,
    AREA_NOUNS,
    BUDGET_RATE_NAMES,
    COLLECTIVE_WORDS,
    NAME_LEADING_FILLERS,
    PROSE_LINK_WORDS,
    PROSE_NAME_SUFFIXES,
    SELF_REFERENCES,
)

_SPLITS = "，,；;。、：:！？\n"  # what ends a clause; the first four of them end a sentence too
_SENTENCE_END = re.compile(r"[。！？\n]")
_DIGIT_CLAUSE = re.compile(f"[0-9０-９][^{_SPLITS}]*")  # a digit, to its clause's end
_CLAUSE_CHAR = re.compile(f"[^{_SPLITS}]")
_LAST_SPLIT = re.compile(f"(?s:.*)[{_SPLITS}]")  # matched over a range: up to its last split
_LAST_SENTENCE_END = re.compile(r"(?s:.*)[。！？\n]")
_DATE = re.compile(r"^(?:\d{4}\s*年度?|截[至止].{0,12}?[底末日]|\d{1,2}\s*月(?:底|份|末)?)[，,]?\s*")
_PLACE_AGENCY = re.compile(
    r"^[\u4e00-\u9fff]{1,6}?(?:省|市|县|区)(?:" + "|".join(AGENCY_SUFFIXES) + r")?(?=[\u4e00-\u9fff]{2})"
)
_MONEY_UNITS = ("元", "万元", "亿元")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_PHRASE_JOIN = re.compile(r"[且并和及]")  # what ends the phrase after a number (`_name_after`)
_YEAR_IN_NAME = re.compile(r"(?:19|20)\d{2}\s*年")
_OPS_FIRST = sorted(PREFIX_WORD_OPS, key=len, reverse=True)
_LINKS = sorted(PROSE_LINK_WORDS, key=len, reverse=True)
_VALUE_LEADS = (*_LINKS, *_OPS_FIRST)  # words before a value, tried in this order
_SUFFIX_OPS = tuple(sorted(SUFFIX_WORD_OPS, key=len, reverse=True))
_ASSURANCE = ("保证", "保障", "确保", "要求", "实现", "至少", "努力")
_FILLERS = sorted(NAME_LEADING_FILLERS + SELF_REFERENCES, key=len, reverse=True)
_FRONT_WORDS = (*_FILLERS, *_OPS_FIRST)  # stripped from a name's front, first match first
_BACK_WORDS = tuple(tuple(w) for w in (SELF_REFERENCES, _VALUE_LEADS, COLLECTIVE_WORDS, SELF_REFERENCES))


@dataclass(frozen=True)
class ProseContext:
    """Where the prose sits: its levels and whether its section states goals by default."""

    level1: Cell | None = None
    level2: Cell | None = None
    goal_section: bool = False


def _strip_front(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for pattern in (_DATE, _PLACE_AGENCY):
            m = pattern.match(text)
            if m and m.end() < len(text) and not m.group(0).endswith(AREA_NOUNS):
                text, changed = text[m.end() :], True
        if not text.startswith(_FRONT_WORDS):
            continue  # the usual case: no word to strip (one C call instead of one per word)
        for word in _FRONT_WORDS:
            if text.startswith(word) and len(text) > len(word) + 1:
                text, changed = text[len(word) :], True
                break
    return text


def _strip_back(text: str) -> str:
    for words in _BACK_WORDS:
        if not text.endswith(words):
            continue
        for word in words:
            if text.endswith(word) and len(text) > len(word):
                text = text[: -len(word)]
                break
    return text


def clean_name(text: str) -> str:
    """'2023年某市常住人口参保率达' → '常住人口参保率'; an item's number is no part of it
    ('2.全年开展法治宣传活动不少于' → '开展法治宣传活动')."""
    text = "".join(text.split())
    marker = ENUMERATION_MARKER_RE.match(text)
    if marker is not None and marker.end() < len(text):
        text = text[marker.end() :]
    return _strip_back(_strip_front(text)).strip("“”\"'（）() ")


_PROJECTS_OF_A_KIND = ("的项目", "的项目数")  # projects counted by a property (rating, stage)
# What an evaluation did, counted: the problems it found (`自评中共发现问题3个`), the
# questionnaires it collected (`回收有效问卷108份`), the projects it covered (`完成绩效自评项目15个`,
# `纳入绩效自评范围的项目共15个`) — tallies of the evaluation's own work, not results the money
# was meant to reach (`完成农村公路建设项目12个` stays one).
_FINDINGS = ("问题", "问题数", "问卷")
_DERIVED = ("完成率", "完成比例", "完成进度")
_RESULT_LEAD = "实际"
_OVER_THE_YEARS = ("历年", "多年来", "多年累计")
_EVALUATED_PROJECTS = re.compile(r"(?:评价|自评|绩效)[\u4e00-\u9fff]*项目")


def _counts(unit: str | None) -> bool:
    """Whether `unit` counts things, also in ten-thousands (`17.2万人次`, `3.5万册`)."""
    return unit is not None and (unit in COUNT_UNITS or (unit[:1] == "万" and unit[1:] in COUNT_UNITS))


def _acceptable(name: str, unit: str | None, assured: bool = False) -> bool:
    if not 2 <= len(name) <= 30 or not _CJK_CHAR.search(name):
        return False
    if name in BUDGET_RATE_NAMES:
        return False  # budget execution, read by the budget rules, not an indicator
    if _YEAR_IN_NAME.search(name) or name.endswith(_PROJECTS_OF_A_KIND):
        return False  # 编报绩效目标的2024年度项目39个, 评级为“良”的项目0个: counts of projects, narrative
    if name.endswith(_FINDINGS) or (_counts(unit) and _EVALUATED_PROJECTS.search(name)):
        return False
    if name in _DERIVED or name in _PLAN_ENDS:
        return False  # 完成率120%: actual ÷ target of the indicator before; 目标值为≥500人: a label
    if any(word in name for word in _OVER_THE_YEARS):
        return False  # 历年共建成站点12个: a total over past years, not the year's result
    if unit in _MONEY_UNITS:
        return name.endswith(_UNIT_COST_ENDS)  # a price (`_quantity`); no other sum is an indicator
    if name.endswith(PROSE_NAME_SUFFIXES):
        return True
    if assured and unit == "%" and len(name) >= 4 and not name.endswith(_ASSURANCE):
        return True  # 保证困难群众救助报销经费下拨达100%: a goal rate named by what it covers
    return _counts(unit) and len(name) >= 3


# `计划新建活动室15个`, `年度目标养护公路186公里`: the plan, a target (a bare 目标 may open a name:
# 目标人群覆盖率).
_PLAN_LEADS = ("年度目标", "年初目标", "计划", "预计", "预期")
# A plan word or target label after the name (`合格率目标为95%`, `满意度预期目标90%`, `读者目标值15万人次`,
# `完工率计划100%`, `满意度预期达到90%以上`): the value is the plan, the word no part of the name.
_PLAN_ENDS = ("年度目标值", "年初目标值", "预期目标", "年度目标", "目标值", "目标", "计划", "预期", "预计")


def planned_name(name: str) -> str | None:
    """The name of an item that states a plan, less the plan word (`计划新建活动室` → `新建活动室`,
    `合格率目标` → `合格率`); None when the item states no plan."""
    if not name.startswith(_PLAN_LEADS) and not name.endswith(_PLAN_ENDS):
        return None  # the usual name: one C call for every word, not one per word
    for lead in _PLAN_LEADS:
        if name.startswith(lead) and len(name) > len(lead) + 1:
            return clean_name(name[len(lead) :])
    for end in _PLAN_ENDS:
        if name.endswith(end) and len(name) > len(end) + 1:
            return clean_name(name[: -len(end)])
    return None


_SENTENCE_ENDS = "。！？\n"  # `_SENTENCE_END`'s characters
_LOOK_BACK = 64  # characters `_sentence_start` searches first, doubled each time it finds no end


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding `pos` begins: just after the last sentence end before it.
    Searched back from `pos` in windows that double (`str.rfind` for each end, in C), so the cost
    is about the sentence's length, not the text's: the first window holding an end holds the
    last one."""
    hi, width = pos, _LOOK_BACK
    while hi > 0:
        lo = max(0, hi - width)
        last = max(text.rfind(end, lo, hi) for end in _SENTENCE_ENDS)
        if last >= 0:
            return last + 1
        hi, width = lo, width * 2
    return 0


def _clauses(text: str, start: int, end: int) -> Iterator[tuple[int, int, int, bool]]:
    """The clauses of `text[start:end]` that `read_prose` reads — those holding a digit, and
    those a 、 follows (a name shared by the list) — as (start, end, where its sentence begins,
    whether another clause stands between it and the clause before). Most clauses are neither,
    and are stepped over in C: a digit's clause is found from the digit, a listed one from its 、.

        '共召开会议3次，工作有序推进，满意度达95%、' → (0, 7, 0, False), (15, 22, 0, True)

    Every sentence end is a clause split, so the sentence start is carried along."""
    pos = scanned = start  # where the next search starts; the end of the clause before
    sentence = _sentence_start(text, start)
    # the next digit's clause and the next 、, each searched again only once passed: a search
    # per clause would scan to a far one again and again (quadratic in a long text)
    digit, listed = _DIGIT_CLAUSE.search(text, pos, end), _next_listed(text, pos, end)
    while digit is not None or listed >= 0:
        clause_end = digit.end() if digit is not None and (listed < 0 or digit.end() <= listed) else listed
        split = _LAST_SPLIT.match(text, pos, clause_end)
        clause_start = split.end() if split else pos
        if clause_start < clause_end:
            last = _LAST_SENTENCE_END.match(text, scanned, clause_start)
            sentence = last.end() if last else sentence
            skipped = _CLAUSE_CHAR.search(text, scanned, clause_start) is not None
            yield clause_start, clause_end, sentence, skipped
            scanned = clause_end
        pos = clause_end + 1
        if pos > end:
            return
        if digit is not None and digit.start() < pos:
            digit = _DIGIT_CLAUSE.search(text, pos, end)
        if 0 <= listed < pos:
            listed = _next_listed(text, pos, end)


def _next_listed(text: str, pos: int, end: int) -> int:
    """Where the next 、 of `text[pos:end]` is (`end` when the range's last clause has one right
    after it), or -1."""
    listed = text.find("、", pos, end)
    return end if listed < 0 and text.startswith("、", end) else listed


# `目标完成情况`, `目标实现情况`: a label that introduces results, whose 目标 is not a goal word.
_RESULT_LABEL = re.compile(r"目标(?:任务)?(?:完成|实现|达成)(?:情况)?")


def states_goals(title: str, goal_words: tuple[str, ...]) -> bool:
    """Whether a section titled `title` states goals: it has a goal word once a results label
    is taken out (`二、绩效目标完成情况` reports results; `一、绩效目标设定` states goals).

    >>> states_goals("二、绩效目标完成情况", ("绩效目标",)), states_goals("（二）年度绩效目标", ("绩效目标",))
    (False, True)
    """
    title = _RESULT_LABEL.sub("", title)
    return any(word in title for word in goal_words)


def _is_goal(text: str, clause: Cell, sentence_start: int, context: ProseContext) -> bool:
    """Goal words count only before the clause ends: a later "目标要求" says nothing of it; a
    results label (`绩效目标完成情况:`) is not one; nor does a goal word before a semicolon
    (`计划新建15个，实际新建18个；满意度达94.5%`: each part states one indicator)."""
    start = max(sentence_start, text.rfind("；", sentence_start, clause.start) + 1)
    before = _RESULT_LABEL.sub("", text[start : clause.end])
    return context.goal_section or any(w in before for w in GOAL_WORDS)


# A price or a cost per unit (`单套桌椅采购单价1150元`, `每公里养护成本3000元`) is a 成本指标 stated
# in money; any other sum in prose is a budget figure or narrative, never an indicator.
_UNIT_COST_ENDS = ("单价", "均价", "成本", "单位成本")


def _quantity(clause: Cell) -> re.Match[str] | None:
    if not NUMBER_RE.search(clause.text):
        return None  # most clauses: one scan for a number instead of trying a quantity everywhere
    found = None
    for m in QUANTITY_RE.finditer(clause.text):
        unit = m.group("unit")
        if not unit or unit in ("年", "月", "日", "分"):
            continue
        if unit not in _MONEY_UNITS or _unit_cost(clause.text[: m.start()]):
            if found is not None:
                return None  # two quantities: the clause states no one indicator
            found = m
    return found


def _unit_cost(before: str) -> bool:
    """Whether the words before a sum name a price or a cost per unit (`单套桌椅采购单价`)."""
    words = before.rstrip()
    for word in _VALUE_LEADS if words.endswith(_VALUE_LEADS) else ():
        if words.endswith(word):
            words = words[: -len(word)]
            break
    return words.endswith(_UNIT_COST_ENDS)


def _value_start(clause: Cell, m: re.Match[str]) -> int:
    """Where the value's text begins: back over a link or comparator word (`达 98%`)."""
    before = clause.text[: m.start()].rstrip()
    for word in _VALUE_LEADS if before.endswith(_VALUE_LEADS) else ():
        if before.endswith(word):
            return len(before) - len(word)
    return m.start()


def _value_end(clause: Cell, m: re.Match[str]) -> int:
    """Where the value's text ends: past a suffix comparator (`99%以上`)."""
    after = clause.text[m.end() :]
    for word in _SUFFIX_OPS if after.startswith(_SUFFIX_OPS) else ():
        if after.startswith(word):
            return m.end() + len(word)
    return m.end()


def _name_after(clause: Cell, m: re.Match[str]) -> tuple[str, int]:
    """The phrase after the number (`100%落实整改率` → 落实整改率) and where it ends."""
    after = clause.text[m.end() :]
    skipped = len(after) - len(after.lstrip("的 "))
    phrase = _PHRASE_JOIN.split(after[skipped:], maxsplit=1)[0]
    return phrase, m.end() + skipped + len(phrase)


def _name_around(clause: Cell, m: re.Match[str]) -> tuple[str, int] | None:
    """`保障系统 100%正常运行` → 系统正常运行: only after a verb of assurance before the number."""
    front_raw = clause.text[: m.start()]
    if not any(word in front_raw for word in _ASSURANCE):
        return None
    front = clean_name(front_raw) if m.start() else ""
    if len(front) > 4 and not front.endswith(PROSE_NAME_SUFFIXES):
        front = ""
    phrase, end = _name_after(clause, m)
    return clean_name(front + phrase), end


# A month an event happened in (`3月召开启动会`, `6月完成招标`), not a cut-off (`截至12月底`,
# `截至2023年12月共…`) nor the end of a period (`1-12月共…`).
_MONTH = re.compile(r"(?<!\d)\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?(?![底末份])(?=[\u4e00-\u9fff])")
_CUT_OFF = re.compile(r"(?:截至|截止|至|到|[-－~～—–])\s*(?:\d{4}\s*年\s*)?$")


def _event_month(sentence: str) -> bool:
    return any(not _CUT_OFF.search(sentence, 0, m.start()) for m in _MONTH.finditer(sentence))


def _in_chronicle(text: str, clause: Cell, sentence_start: int, name: str) -> bool:
    """Whether a count clause sits in a chronicle of the work: a sentence that dates its events
    (`2023年3月召开项目启动会，组织专家5人开展评审，共下发文件3份`) tells what was done when;
    its tallies of people and papers are no results. A measured thing (`…率`, `…人数`) is
    still read there, and so is a count at a cut-off date (`截至12月底，共召开发布会4次`)."""
    if name.endswith(PROSE_NAME_SUFFIXES):
        return False
    end = _SENTENCE_END.search(text, clause.end)
    sentence = text[sentence_start : end.start() if end else len(text)]
    return _event_month(sentence)


def read_clause(text: str, clause: Cell, sentence_start: int, context: ProseContext) -> Candidate | None:
    """The indicator stated in one clause; `sentence_start` is where the clause's sentence begins."""
    m = _quantity(clause)
    if m is None:
        return None
    unit = m.group("unit")
    value_at = _value_start(clause, m)
    name = clean_name(clause.text[:value_at])
    # 计划新建活动室15个, 满意度预期达到90%: a plan (a goal), and the plan word is no part of the name
    plan = planned_name(name)
    name = plan or name
    name_end = clause.start + len(clause.text[:value_at].rstrip())
    assured = any(word in clause.text[: m.start()] for word in _ASSURANCE)
    if not _acceptable(name, unit, assured):
        around = _name_around(clause, m)
        if around is None or not (_acceptable(around[0], unit) or (unit == "%" and len(around[0]) >= 4)):
            return None
        name, name_end = around[0], clause.start + around[1]
    if _counts(unit) and _in_chronicle(text, clause, sentence_start, name):
        return None
    value_end = _value_end(clause, m)
    value = Cell(clause.text[value_at:value_end].strip(), clause.start + value_at, clause.start + value_end)
    name_cell = Cell(name, clause.start, min(name_end, clause.end))
    goal = plan is not None or _is_goal(text, clause, sentence_start, context)
    return Candidate(
        name=name_cell,
        level1=context.level1,
        level2=context.level2,
        target=value if goal else None,
        actual=None if goal else value,
        source_kind="prose",
        confidence=0.4,
        table_start=clause.start,
    )


_LEAD_IN = re.compile(
    r"(?:[一二三四五六七八九十]是)?(?P<level>"
    + alternation(w for w in {*LEVEL1_NAMES, *LEVEL2_NAMES} if w.endswith("指标"))
    + r")方面[,，:：]?"
)


def _lead_in_context(
    text: str, start: int, end: int, context: ProseContext
) -> list[tuple[int, ProseContext]]:
    """Where each `…指标方面` lead-in starts, and the context the clauses after it take (none
    when the context already names a level)."""
    if context.level1 is not None or context.level2 is not None or text.find("方面", start, end) < 0:
        return []  # every lead-in ends in 方面
    out = []
    for m in _LEAD_IN.finditer(text, start, end):
        word = Cell(m.group("level"), m.start("level"), m.end("level"))
        if word.text in LEVEL1_NAMES and word.text not in LEVEL2_PARENT:
            out.append((m.start(), ProseContext(level1=word, goal_section=context.goal_section)))
        else:
            out.append((m.start(), ProseContext(level2=word, goal_section=context.goal_section)))
    return out


def read_prose(text: str, start: int, end: int, context: ProseContext | None = None) -> list[Candidate]:
    """Prose indicators in `text[start:end]`; a name shared by `A、B均在90%以上` goes to both."""
    context = context or ProseContext()
    lead_ins = _lead_in_context(text, start, end, context)
    found: list[Candidate] = []
    pending: list[Cell] = []
    for clause_start, clause_end, sentence_start, skipped in _clauses(text, start, end):
        while lead_ins and lead_ins[0][0] <= clause_start:
            context = lead_ins.pop(0)[1]
        if skipped:
            pending = []  # a clause between with no number to read and no name to share
        clause = Cell(text[clause_start:clause_end], clause_start, clause_end)
        result = _plan_result(found, clause, sentence_start)
        if result is not None:  # 计划新建活动室15个，实际新建18个
            found[-1], pending = replace(found[-1], actual=result), []
            continue
        candidate = read_clause(text, clause, sentence_start, context)
        if candidate is None:
            joined_by_list = text[clause.end : clause.end + 1] == "、"
            bare = clean_name(clause.text) if joined_by_list else ""  # a name only matters before 、
            pending = (
                [*pending, Cell(bare, clause.start, clause.end)]
                if joined_by_list and _acceptable(bare, None)
                else []
            )
            continue
        for name in pending:
            found.append(replace(candidate, name=name))
        pending = []
        found.append(candidate)
    return found


def _plan_result(found: list[Candidate], clause: Cell, sentence_start: int) -> Cell | None:
    """The value of a clause stating the result of the plan read just before it in the same
    sentence (`计划新建活动室15个，实际新建18个` → 18个; `目标为95%，实际达到98%` → 达到98%): the
    clause starts with 实际 and the plan has a target and no actual yet."""
    if not found or not clause.text.lstrip().startswith(_RESULT_LEAD):
        return None
    plan = found[-1]
    if plan.start < sentence_start or plan.actual is not None or plan.target is None:
        return None
    m = _quantity(clause)
    if m is None:
        return None
    at, end = _value_start(clause, m), _value_end(clause, m)
    return Cell(clause.text[at:end].strip(), clause.start + at, clause.start + end)
