"""The report's (or a project's) self-score: 自评得分为100分, 自评 92 分, 自评总分:98, 总分 | 100 | 96.

In a table the 总分 row holds the full mark first and the score second (`总分 | 100 | 96`), so the
score is the last number of that row.
"""

from __future__ import annotations

import re

from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.values import NUMBER, clean_number, to_number

_PATTERNS = (
    re.compile(r"自评(?:得分|总分|分数)?\s*(?:为|是|[:：])?\s*(?P<num>" + NUMBER + r")\s*分"),
    re.compile(r"自评总分\s*[:：]\s*(?P<num>" + NUMBER + r")"),
    re.compile(r"(?:项目)?总得分\s*(?:为|[:：])?\s*(?P<num>" + NUMBER + r")\s*分?"),
    re.compile(r"总分\s*[|\t]\s*" + NUMBER + r"\s*[|\t]\s*(?P<num>" + NUMBER + r")"),
)


def find_self_score(text: str, start: int = 0, end: int | None = None) -> Found | None:
    end = len(text) if end is None else end
    found = [m for pattern in _PATTERNS if (m := pattern.search(text, start, end))]
    if not found:
        return None
    m = min(found, key=lambda match: match.start())
    number = to_number(m.group("num"))
    if number is None or not 0 <= number <= 100:
        return None
    return Found(clean_number(number), m.start("num"), m.end("num"))
