"""Coverage: whether a report that reads like it holds indicators gave any.

A run that found no indicator in a report with none to find is complete; a run that found none in a
report whose text plainly states indicators could not do its job, and must say so rather than
print `ok`. The text states indicators when it holds at least `MIN_SIGNALS` distinct signals:

- an indicator table's column words (三级指标, 指标值, 实际完成值 …, `pipeline.domain.headers`);
- the framework's level words (产出指标, 数量指标, 满意度指标 …, `pipeline.domain.levels`);
- a comparator written before a number (`≥95%`, `不低于90%`), the shape of a target.

Worked example: a flattened form `绩效指标 一级指标 二级指标 三级指标 年度指标值 … 产出指标 数量指标
培训人次 ≥100人次` holds column words, level words and a comparator, so 0 indicators extracted from
it is flagged `indicators_missed` at `projects`. A department's final accounts that only mention
`预算绩效管理` hold none of these, and 0 indicators is simply `no_indicators` from the backend.
"""

from __future__ import annotations

import re

from pipeline.core.models import Flag, ReportExtraction
from pipeline.domain.headers import HEADER_WORDS
from pipeline.domain.levels import LEVEL1_NAMES, LEVEL2_NAMES

MISSED_KIND = "indicators_missed"
COVERAGE_KINDS = (MISSED_KIND,)
# Flag kinds that mean a run did not read the report as a careful reader would: its status is
# not `ok` (the CLI and the batch print `missed` instead).
INCOMPLETE_KINDS = frozenset(COVERAGE_KINDS)
MIN_SIGNALS = 3
_TABLE_ROLES = ("name", "target", "actual")
# Level words that end in 指标: the short 一级 words of scored forms (决策, 过程, 效益) occur in any prose.
_LEVEL_WORDS = tuple(sorted({w for w in (*LEVEL1_NAMES, *LEVEL2_NAMES) if w.endswith("指标")}))
_COLUMN_WORDS = tuple(sorted({w for role in _TABLE_ROLES for w in HEADER_WORDS[role]}))
_TARGET_SHAPE = re.compile(r"(?:[≥≤＞＜≧≦]|>=|<=|不低于|不少于|不高于|不超过)\s*\d")


def indicator_signals(text: str) -> set[str]:
    """The distinct indicator signals in `text`: column words, level words, and `target` when a
    comparator stands before a number. Spaces inside words are ignored (`三 级 指 标`); a word
    inside a longer one found (指标值 in 年度指标值) is not a signal of its own."""
    squashed = "".join(text.split())
    words = {w for w in (*_COLUMN_WORDS, *_LEVEL_WORDS) if w in squashed}
    found = {w for w in words if not any(w != longer and w in longer for longer in words)}
    if _TARGET_SHAPE.search(squashed):
        found.add("target")
    return found


def coverage_flags(result: ReportExtraction, text: str) -> tuple[Flag, ...]:
    """`indicators_missed` when no project has an indicator but the text states some."""
    if any(project.indicators for project in result.projects):
        return ()
    signals = indicator_signals(text)
    if len(signals) < MIN_SIGNALS:
        return ()
    shown = "、".join(sorted(signals)[:5])
    message = f"0 indicators extracted, but the text reads like it states some ({shown})"
    return (Flag(kind=MISSED_KIND, message=message, path="projects"),)


def is_incomplete(result: ReportExtraction) -> bool:
    """Whether a flag says the run missed what the report states (status not `ok`)."""
    return any(flag.kind in INCOMPLETE_KINDS for flag in result.flags)
