"""时效指标 stated by a date in a sentence: `3.时效指标：补助资金于6月30日前全部拨付到位。`

Reports that list results sentence by sentence under their levels often state the timeliness
result with no number at all — the date the task was done by. Such a sentence opens with the
时效指标 level (`时效指标：`, `（3）时效指标:`, `时效指标方面，`), and its clause holds a date
followed by a verb of a task carried out (拨付, 完成, 完工, 发放, 到位 …). It is one indicator:

- the name is the whole clause, as a form names such a row (`X月X日前完成资金支付`): there is no
  shorter name in the text to point at;
- the value is the date with its `前` (`6月30日前`): the target when the sentence or its section
  states a goal (确保, 计划 …; `绩效目标` sections), else the actual; a goal's plan word is no part
  of the name, and a later clause opening with 实际 gives the actual (`计划9月底前拨付到位，实际于
  8月20日全部拨付到位` → name `9月底前拨付到位`, target `9月底前`, actual `8月20日`);
- levels: 时效指标, under the 一级 heading above when that is its parent (产出指标).

A date anywhere else in prose (`并于3月15日前召开推进会` under 下一步工作计划) is no indicator:
only the 时效指标 lead makes the sentence a result. Confidence is prose's (0.4).

    >>> found = read_dated("（三）时效指标：资金于6月30日前全部拨付到位。", [])
    >>> [(c.name.text, c.actual.text) for c in found]
    [('资金于6月30日前全部拨付到位', '6月30日前')]
"""

from __future__ import annotations

import re

from pipeline.domain.comparators import GOAL_WORDS
from pipeline.domain.dates import date_span
from pipeline.domain.levels import LEVEL2_PARENT
from pipeline.extract.rules.candidates import Candidate
from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.labelled import ACTUAL_LABELS, TARGET_LABELS
from pipeline.extract.rules.levels import heading_levels, levels_at
from pipeline.extract.rules.prose import states_goals
from pipeline.extract.rules.sections import Section, enclosing
from pipeline.extract.rules.vocab import GOAL_SECTION_WORDS

CONFIDENCE = 0.4
TIME_LEVEL = "时效指标"
# Verbs of a task carried out: the date before one of them is when it was (to be) done.
DONE_VERBS: tuple[str, ...] = (
    "完成",
    "到位",
    "拨付",
    "发放",
    "支付",
    "下达",
    "完工",
    "竣工",
    "验收",
    "办结",
    "兑现",
    "兑付",
    "开工",
)
# A line opening with the 时效指标 level, after an optional item number; the body runs to the
# sentence's end.
_LEAD = re.compile(
    r"(?m)^[ \t]*(?:[（(]?[0-9一二三四五六七八九十]{1,2}[）).、．]\s*)?"
    r"(?P<level>" + TIME_LEVEL + r")\s*(?:方面)?\s*[：:，,]\s*(?P<body>[^。；;\n]+)"
)
_CLAUSE = re.compile(r"[^，,、]+")
# Words before a clause's date that state a plan, not part of the task's name.
_PLAN_LEAD = re.compile(r"\s*(?:计划|预计|目标为|目标|要求|确保|力争)?\s*")
_RESULT_LEAD = "实际"
# The labels of a listed item's values (`4.校舍维修改造，年度指标值12月底前完成，实际完成值已完成`):
# a clause opening with one holds that item's value, not a task named by its own words.
_VALUE_LABELS = (*TARGET_LABELS, *ACTUAL_LABELS)


def _dated_clauses(body: Cell) -> list[tuple[Cell, Cell]]:
    """The clauses of `body` with a date and a verb of a task done after it: (clause, date), the
    clause less a leading plan word (`计划9月底前拨付到位` → `9月底前拨付到位`)."""
    out = []
    for m in _CLAUSE.finditer(body.text):
        words = m.group(0)
        span = date_span(words)
        if span is None or not any(verb in words[span[1] :] for verb in DONE_VERBS):
            continue
        if words.lstrip().startswith(_VALUE_LABELS):
            continue  # `年度指标值12月底前完成`: a listed item's labelled value, read with its item
        at = body.start + m.start()  # where the clause's words begin in the text
        lead = _PLAN_LEAD.match(words)
        skip = lead.end() if lead else 0
        name = words[skip:].rstrip()
        out.append(
            (
                Cell(name, at + skip, at + skip + len(name)),
                Cell(words[span[0] : span[1]], at + span[0], at + span[1]),
            )
        )
    return out


def _result_after(clauses: list[tuple[Cell, Cell]]) -> Cell | None:
    """The date of a clause stating the result after a goal (`，实际于8月20日拨付到位`)."""
    return next((date for clause, date in clauses[1:] if clause.text.startswith(_RESULT_LEAD)), None)


def _goal(text: str, body: Cell, date: Cell, sections: list[Section]) -> bool:
    if any(word in text[body.start : date.start] for word in GOAL_WORDS):
        return True
    return any(states_goals(s.title.text, GOAL_SECTION_WORDS) for s in enclosing(sections, body.start))


def read_dated(text: str, sections: list[Section]) -> list[Candidate]:
    """Every 时效指标 sentence of `text` stated by a date (see module docstring)."""
    if TIME_LEVEL not in text:
        return []  # most texts: one scan
    found = []
    headings = None
    for m in _LEAD.finditer(text):
        body = Cell(m.group("body"), m.start("body"), m.end("body"))
        clauses = _dated_clauses(body)
        if not clauses or not 4 <= len(clauses[0][0].text) <= 40:
            continue
        clause, date = clauses[0]
        headings = headings or heading_levels(text)
        above = levels_at(headings, m.start()).level1
        level1 = above if above is not None and LEVEL2_PARENT.get(TIME_LEVEL) == above.text else None
        goal = _goal(text, body, date, sections)
        result = _result_after(clauses) if goal else None
        found.append(
            Candidate(
                name=clause,
                level1=level1,
                level2=Cell(TIME_LEVEL, m.start("level"), m.end("level")),
                target=date if goal else None,
                actual=result if goal else date,
                source_kind="prose",
                confidence=CONFIDENCE,
                table_start=m.start(),
            )
        )
    return found
