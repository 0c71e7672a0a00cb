"""Coverage: whether a report that reads like it holds indicators gave any.

A run that found no indicator in a report with none to find is complete; a run that found none in a
report whose text plainly states indicators could not do its job, and must say so rather than
print `ok`. The text states indicators when it holds at least `MIN_SIGNALS` distinct signals:

- an indicator table's column words (三级指标, 指标值, 实际完成值 …, `pipeline.domain.headers`);
- the framework's level words (产出指标, 数量指标, 满意度指标 …, `pipeline.domain.levels`);
- a comparator written before a number (`≥95%`, `不低于90%`), the shape of a target.

A report that gave *some* indicators can still have been largely missed. Scored forms print the
points of each level (`项目决策(10分)`, `数量指标15分`), and a level worth points has indicators
under it; when `MIN_UNCOVERED` or more of the levels the text gives points to got no indicator,
and they are at least half of those levels, the run read only part of the form
(`indicators_missed` too). One uncovered level is left alone: an excerpt often ends right after
a level's heading.

Worked example: a flattened form `绩效指标 一级指标 二级指标 三级指标 年度指标值 … 产出指标 数量指标
培训人次 ≥100人次` holds column words, level words and a comparator, so 0 indicators extracted from
it is flagged `indicators_missed` at `projects`. A department's final accounts that only mention
`预算绩效管理` hold none of these, and 0 indicators is simply `no_indicators` from the backend.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.core.models import ErrorEntry, Flag, Indicator, ReportExtraction
from pipeline.domain.headers import HEADER_WORDS
from pipeline.domain.levels import LEVEL1_NAMES, LEVEL2_NAMES, LEVEL2_PARENT, squash

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
MIN_UNCOVERED = 2
_ALL_LEVELS = sorted({*LEVEL1_NAMES, *LEVEL2_NAMES}, key=len, reverse=True)
# A level word with its points: `项目管理13分`, `产出指标(40分)`, `效益指标（满分30分）`.
_POINTED = re.compile(
    "(?P<level>" + "|".join(map(re.escape, _ALL_LEVELS)) + r")[(（]?(?:满分|分值)?\d+(?:\.\d+)?分"
)
# How far before its number's run of digits and dots a match of `_POINTED` may start: the
# longest level word, a bracket and 满分 or 分值.
_POINTED_REACH = len(_ALL_LEVELS[0]) + 3
_TARGET_SHAPE = re.compile(r"(?:[≥≤＞＜≧≦]|>=|<=|不低于|不少于|不高于|不超过)\s*\d")


SQUASH_BLOCK = 1 << 16


def _squashed(text: str) -> str:
    """`"".join(text.split())`: the text without whitespace, squashed block by block.

    A whole text's `split()` is a list of every word (a dense table's ~7 per row: ~450 bytes per
    row, at the trust stage's peak); removing characters is local, so squashing 64 K characters
    at a time gives the same string. A report under a block is squashed as one.
    """
    if len(text) <= SQUASH_BLOCK:
        return "".join(text.split())
    return "".join("".join(text[at : at + SQUASH_BLOCK].split()) for at in range(0, len(text), SQUASH_BLOCK))


def indicator_signals(text: str) -> set[str]:
    """The distinct indicator signals in `text`: column words, level words, and `target` when a
    comparator stands before a number. Spaces inside words are ignored (`三 级 指 标`); a word
    inside a longer one found (指标值 in 年度指标值) is not a signal of its own."""
    squashed = _squashed(text)
    words = {w for w in (*_COLUMN_WORDS, *_LEVEL_WORDS) if w in squashed}
    found = {w for w in words if not any(w != longer and w in longer for longer in words)}
    if _TARGET_SHAPE.search(squashed):
        found.add("target")
    return found


def pointed_levels(text: str) -> set[str]:
    """The level words the text gives points to (spaces ignored)."""
    return {m.group("level") for m in pointed_matches(_squashed(text))}


def pointed_matches(text: str) -> Iterator[re.Match[str]]:
    """`_POINTED.finditer(text)`, searched only where a match can be.

    A match ends in a digit and 分, and starts at most `_POINTED_REACH` characters before the run
    of digits and dots its number lies in: each such 分 gives a window, overlapping windows are
    joined, and the pattern is tried in the windows alone (a report's prose holds the level
    words' first characters everywhere, 分 after a digit rarely). Between the windows no match
    can start, and a match that starts in a window ends in it, so the matches are those of the
    whole text's scan. Worked example: in `……产出指标（40分）……`, the window runs from
    `_POINTED_REACH` characters before `40` to its `分`.
    """
    windows: list[list[int]] = []
    at = text.find("分")
    while at >= 0:
        if at and text[at - 1].isdecimal():  # `\d` is a decimal digit (Unicode Nd), as isdecimal
            first = at - 1
            while first and ((ch := text[first - 1]).isdecimal() or ch == "."):
                first -= 1
            start, end = max(0, first - _POINTED_REACH), at + 1
            if windows and start <= windows[-1][1]:
                windows[-1][1] = end
            else:
                windows.append([start, end])
        at = text.find("分", at + 1)
    for start, end in windows:
        yield from _POINTED.finditer(text, start, end)


def uncovered_levels(result: ReportExtraction, text: str, pointed: set[str] | None = None) -> set[str]:
    """The pointed levels no extracted indicator sits under (a 二级 word covers its 一级 too;
    `产出` covers `产出指标`); `pointed` is `pointed_levels(text)` when the caller has it."""
    return _uncovered(indicator_levels(result), text, pointed)


def indicator_levels(result: ReportExtraction) -> set[str]:
    """The distinct levels (一级 and 二级) the result's indicators sit under."""
    return {
        level
        for project in result.projects
        for indicator in project.indicators
        for level in levels_of(indicator)
    }


def levels_of(indicator: Indicator) -> tuple[str, ...]:
    """The levels (一级, 二级) `indicator` states it sits under."""
    first, second = indicator.level1, indicator.level2  # no generator: asked of every indicator
    if first:
        return (first, second) if second else (first,)
    return (second,) if second else ()


def _uncovered(levels: set[str], text: str, pointed: set[str] | None) -> set[str]:
    covered: set[str] = set()
    for level in levels:  # each distinct level once: a report repeats a few of them
        squashed = squash(level)
        covered |= {_stem(squashed), _stem(LEVEL2_PARENT.get(squashed, ""))}
    return {w for w in (pointed_levels(text) if pointed is None else pointed) if _stem(w) not in covered}


def _stem(level: str) -> str:
    """A level word without its 指标 (`产出指标` and `产出` name one level)."""
    return level.removesuffix("指标")


def _partly_missed(levels: set[str], text: str) -> tuple[Flag, ...]:
    pointed = pointed_levels(text)
    uncovered = _uncovered(levels, text, pointed)
    if len(uncovered) < MIN_UNCOVERED or 2 * len(uncovered) < len(pointed):
        return ()
    shown = "、".join(sorted(uncovered))
    message = f"the text gives points to levels no indicator was extracted under ({shown})"
    return (Flag(kind=MISSED_KIND, message=message, path="projects"),)


def coverage_flags(result: ReportExtraction, text: str) -> tuple[Flag, ...]:
    """`indicators_missed` when no project has an indicator but the text states some, or when
    most of the levels the text gives points to have none (module docstring)."""
    found = any(project.indicators for project in result.projects)
    return levels_coverage(indicator_levels(result) if found else None, text)


def levels_coverage(levels: set[str] | None, text: str) -> tuple[Flag, ...]:
    """`coverage_flags` of a result whose indicators sit under `levels` (None: it has none),
    for a caller that tallied them as they were handed on."""
    if levels is not None:
        return _partly_missed(levels, text)
    signals = indicator_signals(text)
    if len(signals) < MIN_SIGNALS:
        return ()
    shown = "、".join(sorted(signals)[:5])
    message = f"0 indicators extracted, but the text reads like it states some ({shown})"
    return (Flag(kind=MISSED_KIND, message=message, path="projects"),)


def is_incomplete(result: ReportExtraction) -> bool:
    """Whether a flag says the run missed what the report states (status not `ok`)."""
    return any(flag.kind in INCOMPLETE_KINDS for flag in result.flags)


def unanswered_chunks(result: ReportExtraction) -> list[ErrorEntry]:
    """The result's errors of LLM chunks that were never answered: one or more make it `partial`."""
    return [error for error in result.errors if error.stage == "llm"]
