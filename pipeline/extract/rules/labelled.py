"""Indicators written as labelled sentences: a name, its target, then what was achieved.

Result lists of self-evaluation reports state each indicator in one sentence, with the target
and the actual behind their labels, under level headings:

    A产出指标(自评分28分)
    (2)时效指标
    改造工程完工及时率,年初目标值100%,实际完成值96%。
    B效益指标
    经济效益
    年初目标值提高培训质量与上年相比显著提高,实际完成值显著提高。

→ (产出指标, 时效指标, 改造工程完工及时率, target 100%, actual 96%) and (效益指标, 经济效益,
提高培训质量, target 与上年相比显著提高, actual 显著提高). The rules:

- a sentence (up to 。；; or a line end) holding a target label (`TARGET_LABELS`) and, after it,
  an actual label (`ACTUAL_LABELS`) is one indicator; the value is the text after each label up
  to the next comma;
- the name is the text before the target label, less a trailing value it restates
  (`…购置资金300万,年初目标值300万` → `…购置资金`); a sentence that starts with its label
  names its goal inside the target (`提高培训质量与上年相比显著提高`): the standard is the tail
  that the actual repeats (`显著提高`), from a comparison lead (与上年相比, 较上年) if one
  comes just before it, and the name is what precedes;
- a numbered item's number is not part of its name (`1.改造工程完工及时率，…`), and an item that
  opens with its label after the number has no name before it (`_only_number`);
- a weight and a score stated after the values behind their labels (`，分值10分，得分8分`) are read;
  the clauses between a figure actual and them are a remark on it, part of the actual
  (`实际完成值97.5%，较上年提高1.2个百分点，分值20分`: actual `97.5%，较上年提高1.2个百分点`);
- a numbered item with a target and no actual (`3.读者满意度，年度指标值≥90%。`, a declared goal
  list) is one indicator with its target only; an unnumbered sentence needs both labels;
- a result stated before its target (`培训农村劳动力1260人次，目标值1000人次，完成率126%`: no
  actual label) has its actual in the value that ends the name — the name is then read as
  prose (`prose.clean_name`: 全年完成… → …);
- the levels are the level headings above the sentence (`levels.heading_levels`); a sentence
  that opens with its level (`数量指标：…`, `产出指标方面，…`) takes that level, and the level
  word is not part of the name (`_level_lead`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.domain.alternation import alternation
from pipeline.domain.comparators import PREFIX_WORD_OPS
from pipeline.domain.headers import header_role
from pipeline.domain.headings import ENUMERATION_MARKER_RE
from pipeline.domain.levels import LEVEL1_NAMES, LEVEL2_NAMES, LEVEL2_PARENT
from pipeline.extract.rules.candidates import Candidate
from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.levels import Levels, heading_levels, levels_at
from pipeline.extract.rules.prose import clean_name

TARGET_LABELS: tuple[str, ...] = ("年初目标值", "年度目标值", "目标值", "年度指标值", "指标值")
# `实际达到98%`, `实际为94.5%`: in a result 达到 is no comparator (the number is what was reached).
ACTUAL_LABELS: tuple[str, ...] = ("实际完成值", "实际完成", "实际达到", "完成值", "实际值", "实际为")
COMPARISON_LEADS: tuple[str, ...] = ("与上年相比", "与去年相比", "较上年", "比上年", "同比")
CONFIDENCE = 0.7


_SENTENCE = re.compile(r"[^。；;\n]+")
_LAST_BREAK = re.compile(r"(?s:.*)[。；;\n]")  # matched over a range: up to its last sentence break
# `满意度预期达到90%以上，实际为94.5%`: 预期 before a number labels the target as 目标值 does (a
# form's column header 预期目标, with no number after it, is no label).
_PLAN_LABEL = r"预期(?=(?:达到|达|为)?\s*[≥≤≧≦＞＜><=\d])"
# `满意度目标不低于90%`, `普及率目标达到92%`: 目标 straight before a comparator (a symbol or a word)
# or a number labels the target as 目标值 does (`目标人群覆盖率`: no label, a name's word; `年度目标
# 不少于120处`: 年度 is the label's).
_GOAL_AHEAD = (
    rf"(?=(?:为|是)?\s*(?:{alternation(tuple(PREFIX_WORD_OPS))}|[≥≤≧≦＞＜><=\d]))"
    r"(?![:：为是]?\s*(?:19|20)\d{2}\s*年)"  # `项目年度目标:2022年…正式运行`: a goal's year, no value
)
# (年度|年初|预期)?目标, written as four words each opening with its character: every branch of
# `_TARGET` then opens with a literal, so the engine skips to the characters they open with
# instead of trying every branch at every position of the text (ten times faster over a report).
_GOAL_LABEL = "|".join(f"{lead}目标{_GOAL_AHEAD}" for lead in ("年度", "年初", "预期", ""))
_TARGET = re.compile(
    rf"(?:{alternation(TARGET_LABELS)}|{_PLAN_LABEL}|{_GOAL_LABEL})[为是:：]?\s*(?P<value>[^,，。；;\n]+)"
)
# …and 实际 straight before a number labels the actual (`预期≥15个，实际18个`).
_RESULT_LABEL = r"实际(?=\s*[≥≤≧≦＞＜><=\d])"
_ACTUAL = re.compile(
    rf"(?:{alternation(ACTUAL_LABELS)}|{_RESULT_LABEL})[为是:：]?\s*(?P<value>[^,，。；;\n]+)"
)
_NUMBER_VALUE = r"[:：为是]?\s*(?P<value>\d+(?:\.\d+)?)\s*分?"
_WEIGHT = re.compile(rf"(?:分值|权重|满分){_NUMBER_VALUE}")
_SCORE = re.compile(rf"(?:自评得分|得分|实得){_NUMBER_VALUE}")
_TRAILING_VALUE = re.compile(r"[\s,，]*\d+(?:\.\d+)?[\u4e00-\u9fff%]{0,3}[\s,，]*$")
# A value with its unit ending a name: the actual of a result stated before its target.
_STATED_VALUE = re.compile(r"\d+(?:\.\d+)?\s*(?:%|[\u4e00-\u9fff]{1,3})$")
_LEVEL_WORDS = alternation((*LEVEL1_NAMES, *LEVEL2_NAMES))
_LEVEL_LEAD = re.compile(rf"(?P<level>{_LEVEL_WORDS})(?:方面)?\s*[:：,，]\s*")


def _cell(text: str, start: int, end: int) -> Cell:
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip(" ,，:："))
    right = len(piece.rstrip(" ,，:："))
    return Cell(piece[left:right], start + left, start + right)


def _split_goal(target: Cell, actual: Cell) -> tuple[Cell, Cell] | None:
    """`提高培训质量与上年相比显著提高` with actual `显著提高` → (name, standard)."""
    if not target.text.endswith(actual.text) or len(target.text) <= len(actual.text):
        return None
    cut = len(target.text) - len(actual.text)
    for lead in COMPARISON_LEADS:
        at = target.text.rfind(lead, 0, cut)
        if at > 0 and at + len(lead) == cut:
            cut = at
            break
    name = Cell(target.text[:cut], target.start, target.start + cut)
    standard = Cell(target.text[cut:], target.start + cut, target.end)
    return (name, standard) if len(name.text) >= 2 else None


def _points(text: str, sentence: Cell, start: int) -> tuple[Cell | None, Cell | None]:
    """The weight and score a sentence states after `start` behind their labels
    (`…，分值10分，得分8分`)."""
    found = []
    for label in (_WEIGHT, _SCORE):
        m = label.search(sentence.text, start - sentence.start)
        found.append(
            None
            if m is None
            else _cell(text, sentence.start + m.start("value"), sentence.start + m.end("value"))
        )
    return found[0], found[1]


def _with_remark(text: str, sentence: Cell, actual: Cell) -> Cell:
    """The actual with the clauses between it and the points labels that follow it in the
    sentence (`实际完成值97.5%，较上年提高1.2个百分点，分值20分`): a remark on the actual, the
    sentence's only other parts being its name, target and points. An actual that opens with no
    figure, clauses that hold a label, or no points label after them: the actual as cut."""
    rest = sentence.text[actual.end - sentence.start :]
    points = [m.start() for label in (_WEIGHT, _SCORE) if (m := label.search(rest)) is not None]
    if not points or not actual.text[:1].isdigit():
        return actual
    between = rest[: min(points)]
    if not between.startswith(("，", ",")) or _TARGET.search(between) or _ACTUAL.search(between):
        return actual
    return _cell(text, actual.start, actual.end + len(between))


def _unnumbered(text: str, name: Cell) -> Cell:
    """The name without the item number a list puts before it (`1.新建供水工程` → `新建供水工程`)."""
    m = ENUMERATION_MARKER_RE.match(name.text) or _number_before_digits(text, name)
    return _cell(text, name.start + m.end(), name.end) if m and m.end() < len(name.text) else name


_NUMBER_BEFORE_DIGITS = re.compile(r"(\d{1,2})[.．](?=\d)")
_NUMBERED_LINE = re.compile(r"^[ \t]*(\d{1,2})\s*[.．、]", re.MULTILINE)


def _number_before_digits(text: str, name: Cell) -> re.Match[str] | None:
    """The item number of a name that itself opens with digits (`1.65岁以上老年人健康体检人数`),
    read as a decimal by the enumeration marker: it is the item's number where the next numbered
    line of the text is numbered one more (`2.体检报告反馈率`)."""
    m = _NUMBER_BEFORE_DIGITS.match(name.text)
    if m is None:
        return None
    following = _NUMBERED_LINE.search(text, name.end)
    return m if following is not None and int(following.group(1)) == int(m.group(1)) + 1 else None


def _only_number(name: Cell) -> bool:
    """A name that is nothing but an item's number: the item opens with its label, so it states
    no name before it (`1.年度指标值按批复的目标填写`: a form's note on what goes in a column)."""
    m = ENUMERATION_MARKER_RE.match(name.text)
    return m is not None and not name.text[m.end() :].strip(" .、:：")


def _declared(name: Cell, target: Cell) -> bool:
    """A numbered item declaring a goal: a name and a target, neither holding a column's header
    word (`四、绩效指标 一级指标 … 预期指标值 …` is a form's header run, not an item)."""
    return bool(name.text) and not any(header_role(c.text) for c in (name, target))


def _level_lead(text: str, name: Cell, levels: Levels) -> tuple[Cell, Levels]:
    """A name that opens with its level (`数量指标：培训人次`, `效益指标方面，就业率`): the name
    after it, and the levels with that word in its place (a 二级 word keeps the 一级 above it
    when that is its parent).

    >>> _level_lead("数量指标：培训人次", Cell("数量指标：培训人次", 0, 9), Levels())[0]
    Cell(text='培训人次', start=5, end=9)
    """
    m = _lead_in(name)
    if m is None:
        return name, levels
    word = Cell(m.group("level"), name.start + m.start("level"), name.start + m.end("level"))
    rest = _cell(text, name.start + m.end(), name.end)
    if word.text in LEVEL2_NAMES and (word.text not in LEVEL1_NAMES or levels.level1 is not None):
        parent = (
            levels.level1 if levels.level1 and LEVEL2_PARENT.get(word.text) == levels.level1.text else None
        )
        return rest, Levels(parent, word)
    return rest, Levels(word, None)


def _lead_in(name: Cell) -> re.Match[str] | None:
    """The level word a name opens with, when a name follows it (`_level_lead`)."""
    m = _LEVEL_LEAD.match(name.text)
    return m if m is not None and m.end() < len(name.text) else None


def _stated_actual(text: str, name: Cell) -> tuple[Cell, Cell] | None:
    """`培训农村劳动力1260人次` before a target label and no actual label: (name, actual)."""
    m = _STATED_VALUE.search(name.text)
    if m is None or m.start() < 2:
        return None
    actual = Cell(m.group(0), name.start + m.start(), name.end)
    head = name.text[: m.start()]
    cleaned = clean_name(head)
    at = head.rfind(cleaned) if cleaned else -1
    if len(cleaned) < 2 or at < 0:
        return None
    return Cell(cleaned, name.start + at, name.start + at + len(cleaned)), actual


_CLAUSE_BREAK = "；;"


def _actual_after(text: str, sentence: Cell) -> Cell | None:
    """The actual of a sentence that states its target only, where the clause after its `；`
    opens with an actual label (`目标值：≥15个；实际完成值：18个；已完成年度目标`): the item's
    result, written as a clause of its own. Asked only for an item that declares a goal
    (`_declared`: a form's header run, `一级指标 … 指标值及完成情况 …`, is no item)."""
    if sentence.end >= len(text) or text[sentence.end] not in _CLAUSE_BREAK:
        return None
    m = _ACTUAL.match(text, sentence.end + 1)
    return _cell(text, m.start("value"), m.end("value")) if m else None


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _sentences(text: str) -> Iterator[Cell]:
    """Each sentence holding a target label. Most sentences hold none: the labels are searched
    in the whole text, and only the sentence where one starts is cut out and searched again in
    its bounds (a label at a sentence's end may take the next line's figure in the whole text).
    A label read within a sentence is also one in the whole text, starting no earlier: the
    sentences before the next label in the whole text hold none."""
    pos = 0
    while (label := _TARGET.search(text, pos)) is not None:
        last = _LAST_BREAK.match(text, pos, label.start())
        start = last.end() if last else pos
        m = _SENTENCE.match(text, start)
        if m is None:
            return  # not reached: a label is no sentence break
        if _TARGET.search(text, m.start(), m.end()) is not None:
            yield Cell(m.group(0), m.start(), m.end())
        pos = m.end()


def read_labelled(text: str) -> list[Candidate]:
    """Every labelled target-and-actual sentence of `text`, with its heading levels."""
    found: list[Candidate] = []
    lead: tuple[int, Levels] | None = None  # a paragraph's level lead-in: (line end, levels)
    for sentence in _sentences(text):
        if lead is not None and sentence.start > lead[0]:
            lead = None
        t = _TARGET.search(sentence.text)
        a = _ACTUAL.search(sentence.text, t.end()) if t else None
        if t is None:
            continue
        base = sentence.start
        target = _cell(text, base + t.start("value"), base + t.end("value"))
        actual = _cell(text, base + a.start("value"), base + a.end("value")) if a else None
        # The level headings are found (`heading_levels`, a walk over the text's lines) only for
        # a sentence that opens with a level word or is read: most labelled sentences are neither.
        levels: Levels | None = None
        opened = _unnumbered(text, _cell(text, base, base + t.start()))
        whole = opened
        if _lead_in(opened) is not None:  # `产出指标方面，…；…`: the lead-in holds to the paragraph's end
            whole, levels = _level_lead(text, opened, levels_at(heading_levels(text), sentence.start))
            lead = (_line_end(text, sentence.start), levels)
        elif lead is not None:
            levels = lead[1]
        stated = _stated_actual(text, whole) if actual is None else None
        if stated is not None:
            name, actual = stated
        else:
            head = text[whole.start : base + t.start()]
            head = head[: len(head) - len(m.group(0))] if (m := _TRAILING_VALUE.search(head)) else head
            name = _cell(text, whole.start, whole.start + len(head))
        if _only_number(name):
            name = Cell("", name.end, name.end)
        if actual is None and _declared(name, target):
            actual = _actual_after(text, sentence)
        if actual is None and (not ENUMERATION_MARKER_RE.match(sentence.text) or not _declared(name, target)):
            continue
        if not name.text:
            split = _split_goal(target, actual) if actual else None
            if split is None:
                continue
            name, target = split
        weight, score = _points(text, sentence, base + (a or t).end())
        if levels is None:  # no lead-in in force: the headings above say
            levels = levels_at(heading_levels(text), sentence.start)
        actual = _with_remark(text, sentence, actual) if actual is not None else None
        found.append(
            Candidate(
                name=name,
                level1=levels.level1,
                level2=levels.level2,
                target=target,
                actual=actual,
                weight=weight,
                score=score,
                source_kind="list",
                confidence=CONFIDENCE,
                table_start=sentence.start,
            )
        )
    return found
