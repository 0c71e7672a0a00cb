"""An actual cell with words around its figure, taken by a row reader for the next row's name.

Where a form's cells run on one line (or one paragraph each), the reader splits rows by value
patterns. An actual written with words (`已完成12期`, `约93%`) is no bare value, so the row ends at
its target and the actual opens a "row" of its own, whose target and actual are the real row's
分值 and 得分 (a value with a remark, `856人（含线上126人）`, stays in its row:
`layout.patterns.is_remarked_value`):

    举办培训班期数 ≥10期 已完成12期 20 20 培训基层医务人员人数 …
    → 举办培训班期数 | ≥10期 | — | — | —   and   已完成12期 | 20 | 20

A "name" that is a value (an optional achievement word, a figure with its unit, then nothing or a
remark in brackets or after a comma) is no indicator. Where it comes right after a row of the same
table that has a target and nothing after it, and that table has 分值/得分 columns (another of its
rows has both), the two are one row: the value is the actual, the two bare numbers the weight and
the score (a score above its weight is no such pair, and the rows are left as read). The row is
noted `actual_with_words_joined`. A fused "row" named by a remark in brackets alone (`（含线上126人）`,
the tail of an actual cell cut off by the split) names no indicator either, and is dropped.
"""

from __future__ import annotations

import re
from itertools import pairwise

from pipeline.extract.rules.candidates import Candidate, noted

NOTE = "actual_with_words_joined"
_SPLIT = "cells_split_by_pattern"
_VALUE_NAME = re.compile(
    r"(?:约|近|超|达到?|已完成|完成|实际完成|累计|共计?)?[≥≤<>＞＜=]?\d+(?:\.\d+)?"
    r"(?:%|％|[\u4e00-\u9fff]{1,3})?(?:[（(，,；;].*)?"
)
_BARE = re.compile(r"\d+(?:\.\d+)?")
_REMARK = re.compile(r"[（(][^（）()]*[)）]")


def is_value_name(text: str) -> bool:
    """Whether a row's "name" is a value cell (`约93%`, `856人（含线上126人）`), not a name: a
    name that opens with a figure goes on in words (`5000吨稻谷、500吨成品粮储备到位率`)."""
    return _VALUE_NAME.fullmatch(text) is not None


def _bare(cell: object) -> float | None:
    text = getattr(cell, "text", None)
    return float(text) if isinstance(text, str) and _BARE.fullmatch(text) else None


def _pair(row: Candidate, value: Candidate) -> bool:
    if row.table_start != value.table_start or row.target is None:
        return False
    if (row.actual, row.weight, row.score) != (None, None, None) or (value.weight, value.score) != (
        None,
        None,
    ):
        return False
    weight, score = _bare(value.target), _bare(value.actual)
    return is_value_name(value.name.text) and weight is not None and score is not None and score <= weight


def _scored_tables(candidates: list[Candidate]) -> set[int | None]:
    return {c.table_start for c in candidates if c.weight is not None and c.score is not None}


def join_actuals_with_words(candidates: list[Candidate]) -> list[Candidate]:
    """`candidates` with each value "row" joined to the row before it (module docstring)."""
    order = sorted(range(len(candidates)), key=lambda i: candidates[i].start)
    fused = [i for i in order if candidates[i].source_kind == "table" and _SPLIT in candidates[i].notes]
    scored = _scored_tables([candidates[i] for i in fused])
    joined: dict[int, Candidate] = {}
    dropped: set[int] = set()
    for first, second in pairwise(fused):
        row, value = candidates[first], candidates[second]
        if first in dropped or row.table_start not in scored or not _pair(row, value):
            continue
        joined[first] = noted(row, NOTE, actual=value.name, weight=value.target, score=value.actual)
        dropped.add(second)
    dropped |= {i for i in fused if _REMARK.fullmatch(candidates[i].name.text)}
    return [joined.get(i, c) for i, c in enumerate(candidates) if i not in dropped]
