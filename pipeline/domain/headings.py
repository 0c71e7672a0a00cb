"""How Chinese reports number their headings: four styles, outermost first.

    一、  （一）  1.  （1）

plus list markers that open an item without being a heading style (`一是`, `第二章`, `- `, `• `).
Markdown a converter leaves around a heading (`**`, `#`, leading spaces) is ignored:

    >>> [heading_level(s) for s in ("二、项目概况", "（三）绩效目标", "2. 决策", "（1）依据")]
    [1, 2, 3, 4]
    >>> heading_level("**一、概况**"), heading_level("1.5万元")
    (1, None)
    >>> heading_title("（一） 项目基本情况")
    '项目基本情况'
"""

from __future__ import annotations

import re

CN_NUMERALS = "一二三四五六七八九十"
# (level, marker pattern): the marker at the start of a heading line.
HEADING_STYLES: tuple[tuple[int, str], ...] = (
    (1, rf"[{CN_NUMERALS}]{{1,3}}\s*、"),
    (2, rf"[（(]\s*[{CN_NUMERALS}]{{1,3}}\s*[)）]"),
    (3, r"\d{1,2}\s*[、.．](?!\d)"),
    (4, r"[（(]\s*\d{1,2}\s*[)）]"),
)
# The four styles in one pattern, tried in their order (as a loop over them would): the group that
# matched is the style's (one match for a line instead of up to four; most lines have no marker).
_ANY_STYLE_RE = re.compile("|".join(f"({pattern})" for _, pattern in HEADING_STYLES))
# Any heading marker; and any enumeration marker (headings, 一是, 第二章, bullets).
HEADING_MARKER = "|".join(f"(?:{pattern})" for _, pattern in HEADING_STYLES)
ENUMERATION_MARKER = rf"{HEADING_MARKER}|[{CN_NUMERALS}]+是|第[{CN_NUMERALS}百\d]+[章节条部分项]|[-*•·] "
HEADING_MARKER_RE = re.compile(HEADING_MARKER)
ENUMERATION_MARKER_RE = re.compile(ENUMERATION_MARKER)


def strip_markup(line: str) -> str:
    """`**一、概况**` → `一、概况**` at the front: bold marks, `#` and leading spaces dropped."""
    return line.replace("**", "").lstrip(" \u3000\t#")


def heading_level(line: str) -> int | None:
    """1 for `一、…`, 2 for `（一）…`, 3 for `1.…`/`1、…`, 4 for `（1）…`; None for other lines."""
    match = _ANY_STYLE_RE.match(strip_markup(line))
    return None if match is None else _level(match)


def heading_title(line: str) -> str:
    """The heading's text after its marker (the whole line, stripped, when it has none)."""
    stripped = strip_markup(line)
    match = _ANY_STYLE_RE.match(stripped)
    return stripped[match.end() if match else 0 :].strip()


def heading_marker(line: str) -> tuple[int, str] | None:
    """`heading_level` and `heading_title` of a line with a heading marker, None for other
    lines: `（一） 项目基本情况` → `(2, '项目基本情况')`."""
    stripped = strip_markup(line)
    match = _ANY_STYLE_RE.match(stripped)
    return None if match is None else (_level(match), stripped[match.end() :].strip())


def _level(match: re.Match[str]) -> int:
    assert match.lastindex is not None  # one style's group matched: the whole match is that group
    return HEADING_STYLES[match.lastindex - 1][0]
