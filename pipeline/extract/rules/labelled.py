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
- the levels are the level headings above the sentence (`levels.heading_levels`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.extract.rules.candidates import Candidate
from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.levels import HeadingLevels, heading_levels, levels_at

TARGET_LABELS: tuple[str, ...] = ("年初目标值", "年度目标值", "目标值", "年度指标值", "指标值")
ACTUAL_LABELS: tuple[str, ...] = ("实际完成值", "实际完成", "完成值", "实际值")
COMPARISON_LEADS: tuple[str, ...] = ("与上年相比", "与去年相比", "较上年", "比上年", "同比")
CONFIDENCE = 0.7


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_SENTENCE = re.compile(r"[^。；;\n]+")
_TARGET = re.compile(rf"(?:{_alternation(TARGET_LABELS)})[为是:：]?\s*(?P<value>[^,，。；;\n]+)")
_ACTUAL = re.compile(rf"(?:{_alternation(ACTUAL_LABELS)})[为是:：]?\s*(?P<value>[^,，。；;\n]+)")
_TRAILING_VALUE = re.compile(r"[\s,，]*\d+(?:\.\d+)?[\u4e00-\u9fff%]{0,3}[\s,，]*$")


def _cell(text: str, start: int, end: int) -> Cell:
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip(" ,，"))
    right = len(piece.rstrip(" ,，"))
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


def _labelled_sentences(text: str) -> Iterator[tuple[Cell, re.Match[str], re.Match[str]]]:
    """Each sentence holding a target label and an actual label after it, with both matches
    (in the sentence's text). Most sentences hold neither: they are searched in place, and
    only a labelled one is cut out."""
    for m in _SENTENCE.finditer(text):
        if _TARGET.search(text, m.start(), m.end()) is None:
            continue
        sentence = Cell(m.group(0), m.start(), m.end())
        t = _TARGET.search(sentence.text)
        a = _ACTUAL.search(sentence.text, t.end()) if t else None
        if t is not None and a is not None:
            yield sentence, t, a


def read_labelled(text: str) -> list[Candidate]:
    """Every labelled target-and-actual sentence of `text`, with its heading levels."""
    headings: HeadingLevels | None = None  # found on the first labelled sentence: most texts have none
    found: list[Candidate] = []
    for sentence, t, a in _labelled_sentences(text):
        base = sentence.start
        target = _cell(text, base + t.start("value"), base + t.end("value"))
        actual = _cell(text, base + a.start("value"), base + a.end("value"))
        head = text[base : base + t.start()]
        head = head[: len(head) - len(m.group(0))] if (m := _TRAILING_VALUE.search(head)) else head
        name = _cell(text, base, base + len(head))
        if not name.text:
            split = _split_goal(target, actual)
            if split is None:
                continue
            name, target = split
        if headings is None:
            headings = heading_levels(text)
        levels = levels_at(headings, sentence.start)
        found.append(
            Candidate(
                name=name,
                level1=levels.level1,
                level2=levels.level2,
                target=target,
                actual=actual,
                source_kind="list",
                confidence=CONFIDENCE,
                table_start=sentence.start,
            )
        )
    return found
