"""Scored evaluation items: `（1）决策依据（满分6分，实得6分）`.

Reports that score the evaluation itself print a two-level outline:

    1.项目决策（分值18分，得分18分）
    （1）决策依据（满分6分，实得6分）
    （2）决策过程（分值2分，实得2分）
    …
    4.满意度指标（分值10分，实得10分）

A numbered parent that has sub-items is a 一级 heading (level1 of its children), not an
indicator; a parent without sub-items (4.满意度指标) is itself an indicator. Each indicator's
weight is the 分值/满分 and its score the 得分/实得.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.rules.candidates import Candidate
from pipeline.extract.rules.cells import Cell

_NUM = r"\d+(?:\.\d+)?"
_SCORES = (
    r"[（(]\s*(?:分值|满分|权重)\s*[:：]?\s*(?P<weight>" + _NUM + r")\s*分?\s*[，,、；;]\s*"
    r"(?:得分|实得|实得分|自评得分)\s*[:：]?\s*(?P<score>" + _NUM + r")\s*分?\s*[)）]"
)
_SCORES_OPEN = re.compile(r"[（(]\s*(?:分值|满分|权重)")  # how every `_SCORES` opens
_SCORES_WORD = re.compile("分值|满分|权重")  # …found from its words: brackets are common, these are not
_PARENT = re.compile(
    r"^[ \t]*(?P<num>\d{1,2})\s*[.、．]\s*(?P<name>[^\n（(]{1,30}?)\s*" + _SCORES, re.MULTILINE
)
_CHILD = re.compile(
    r"^[ \t]*[（(](?P<num>\d{1,2})[)）]\s*(?P<name>[^\n（(]{1,30}?)\s*" + _SCORES, re.MULTILINE
)


@dataclass(frozen=True)
class ScoredItem:
    name: Cell
    weight: Cell
    score: Cell
    is_parent: bool
    line_end: int


def _cell(match: re.Match[str], group: str) -> Cell:
    return Cell(match.group(group), match.start(group), match.end(group))


def _opens_scores(text: str) -> bool:
    """Whether `_SCORES_OPEN` occurs in `text`, found from its words (an opening bracket, past
    whitespace, before one of them), not by a try at every bracket of the text."""
    for m in _SCORES_WORD.finditer(text):
        at = m.start()
        while at > 0 and text[at - 1].isspace():  # `\s` is `str.isspace`
            at -= 1
        if at > 0 and text[at - 1] in "（(":
            return True
    return False


def find_scored_items(text: str) -> list[ScoredItem]:
    if not _opens_scores(text):
        return []  # most texts: no score note, and one search instead of a try at every numbered line
    items = []
    for pattern, is_parent in ((_PARENT, True), (_CHILD, False)):
        for m in pattern.finditer(text):
            line_end = text.find("\n", m.end())
            items.append(
                ScoredItem(
                    name=_cell(m, "name"),
                    weight=_cell(m, "weight"),
                    score=_cell(m, "score"),
                    is_parent=is_parent,
                    line_end=len(text) if line_end < 0 else line_end,
                )
            )
    return sorted(items, key=lambda item: item.name.start)


def read_scored(text: str, items: list[ScoredItem] | None = None) -> list[Candidate]:
    """Scored items as indicators; parents with children become the children's level1.
    `items`: `find_scored_items(text)` when the caller has found them already (it reads the
    prose under them too)."""
    items = find_scored_items(text) if items is None else items
    candidates: list[Candidate] = []
    parent: ScoredItem | None = None
    for i, item in enumerate(items):
        if item.is_parent:
            parent = item
            has_children = i + 1 < len(items) and not items[i + 1].is_parent
            if has_children:
                continue
            level1 = None
        else:
            level1 = parent.name if parent else None
        candidates.append(
            Candidate(
                name=item.name,
                level1=level1,
                weight=item.weight,
                score=item.score,
                source_kind="scored",
                confidence=0.9,
                table_start=item.name.start,
            )
        )
    return candidates
