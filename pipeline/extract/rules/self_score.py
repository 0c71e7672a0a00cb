"""The report's (or one project's) self-score: the points it gives itself, usually out of 100.

Three ways of writing it, the earliest in `text[start:end]` wins:

    prose      自评得分为100分 · 自评得分 91 分 · 县医保局自评 92 分 · 项目总得分99分
    conclusion 该项目综合得分96.5分 · 绩效评价总体得分为65分 (a clause naming the evaluation or the
               project: 群众满意度综合得分92分 is a result, not the score)
    labelled   自评总分:98 · 自评总分(分)97.5      (a form field; 分 may be left out)
    total row  总分 | 100 | 96 · 总分\\t100\\t96 · 总分 100 96 · <td>总分</td><td></td><td>100</td><td>96</td>
               (full mark first, then the score: 96)
               总分(100分) | 96                 (the full mark in the label)

Neither a budget row's 得分 (`年度资金总额 … 分值 10 … 得分 9` scores the execution rate, not the
report; a total row worth the full 100 is read by `budget_table`) nor a heading such as
`1、自评分数` followed by prose is a self-score. A number above 100, or a total row whose score
exceeds its full mark, is not one either.
"""

from __future__ import annotations

import re

from pipeline.domain.alternation import alternation
from pipeline.domain.numbers import NUMBER, clean_number, parse_number
from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.vocab import (
    SELF_SCORE_CONCLUSION_KEYS,
    SELF_SCORE_CONCLUSION_WORDS,
    SELF_SCORE_KEYS,
    SELF_SCORE_ROW_WORDS,
)
from pipeline.extract.rules.word_starts import matches_at, openers, word_starts

_MAX_SCORE = 100


_KEY = alternation(SELF_SCORE_KEYS)
# From one table cell to the next, in any flattened layout: a pipe, tab or line break, the spaces
# of a PDF's text layer (`总分 100 97.98`), or HTML cell tags, empty cells included.
_CELL_GAP = r"(?:[ \t]*[|\t\n][ \t|\n]*|[ \t]+|(?:\s*</?t[dhr]\b[^<>]*>\s*)+)"
_PROSE = re.compile(rf"(?:{_KEY})[ \t]*(?:为|是|[:：])?[ \t]*(?P<num>{NUMBER})[ \t]*分")
_CONCLUSION = re.compile(
    rf"(?:{alternation(SELF_SCORE_CONCLUSION_KEYS)})[ \t]*(?:为|是|[:：])?[ \t]*(?P<num>{NUMBER})[ \t]*分"
)
_CLAUSE_MARKS = "，。；,;！\n"
_UNIT_NOTE = r"(?:[(（]\s*分\s*[)）])?"  # 自评总分(分): the column names its unit
_LABELLED = re.compile(rf"(?:{_KEY})[ \t]*{_UNIT_NOTE}[ \t]*(?:[:：]|(?=\d))[ \t]*(?P<num>{NUMBER})(?![\d.])")
_ROW_WORD = alternation(SELF_SCORE_ROW_WORDS)
# (normalising drops the space between a word and a figure: `总分 100 96` is read `总分100 96`)
_TOTAL_ROW = re.compile(
    rf"(?:{_ROW_WORD}){_CELL_GAP}?(?P<full>{NUMBER}){_CELL_GAP}(?P<num>{NUMBER})(?![\d.])"
)
# 总分(100分) | 96: the full mark written in the label, the score in the next cell.
_MARKED_ROW = re.compile(
    rf"(?:{_ROW_WORD})\s*[(（]\s*(?P<full>{NUMBER})\s*分\s*[)）]{_CELL_GAP}(?P<num>{NUMBER})(?![\d.])"
)


# Where each pattern's key words (its first element, plain words) start: the patterns are tried
# there alone (`word_starts`).
_KEY_OPENERS = openers(SELF_SCORE_KEYS)
_CONCLUSION_OPENERS = openers(SELF_SCORE_CONCLUSION_KEYS)


def _score(match: re.Match[str]) -> Found | None:
    """The match's score when it is one: 0 … 100, and not above the row's full mark."""
    score = parse_number(match.group("num"))
    if score is None or not 0 <= score <= _MAX_SCORE:
        return None
    full = parse_number(match.group("full")) if "full" in match.re.groupindex else None
    if full is not None and (score > full or full <= 0):
        return None  # above its full mark, or an empty template's 总分 | 0 | 0
    return Found(clean_number(score), match.start("num"), match.end("num"))


def _in_conclusion(text: str, match: re.Match[str], start: int) -> bool:
    """Whether the clause before a conclusion key names the evaluation or the project
    (`经自评，该项目综合得分96.5分`: 该项目 before 综合得分)."""
    at = max((text.rfind(mark, start, match.start()) for mark in _CLAUSE_MARKS), default=-1)
    clause = text[max(at + 1, start) : match.start()]
    return any(word in clause for word in SELF_SCORE_CONCLUSION_WORDS)


def find_self_score(text: str, start: int = 0, end: int | None = None) -> Found | None:
    """The earliest self-score stated in `text[start:end]` (one project's section, or the report)."""
    end = len(text) if end is None else end
    keys = word_starts(text, _KEY_OPENERS, start, end)
    found = [
        score
        for matches in (
            matches_at(_PROSE, keys, text, start, end),
            matches_at(_LABELLED, keys, text, start, end),
            _TOTAL_ROW.finditer(text, start, end),
            _MARKED_ROW.finditer(text, start, end),
        )
        for m in matches
        if (score := _score(m)) is not None
    ]
    conclusions = word_starts(text, _CONCLUSION_OPENERS, start, end)
    found += [
        score
        for m in matches_at(_CONCLUSION, conclusions, text, start, end)
        if _in_conclusion(text, m, start) and (score := _score(m)) is not None
    ]
    return min(found, key=lambda f: f.start, default=None)
