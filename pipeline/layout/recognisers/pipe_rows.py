"""Pipe rows: one row per line, cells between pipes (markdown tables, web-page dumps):

    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 |
    | --- | --- | --- | --- |
    | 产出指标 | 数量指标 | 培训人次 | ≥100人次 |

One leading and one trailing pipe are the row's edges; `---` separator lines belong to the table
but are not rows. Inside a table, a line holding one cell and its ending pipe is a row, and
lines of pipes only (`|`: the empty rows of a form's blank section, as PDF converters print
them) are skipped when a row follows them: the table goes on. A row
holding a header run and more cells after it (a form dumped into one row) is split
(`layout.patterns.split_form_row`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.layout.lines import Line, split_row
from pipeline.layout.patterns import split_form_rows
from pipeline.layout.recognisers import Claim
from pipeline.layout.types import GridRow

NAME = "pipe_rows"
_SEPARATOR = re.compile(r"\s*\|?(?:\s*:?-+:?\s*\|)+\s*(?::?-+:?\s*)?")
_PIPES_ONLY = re.compile(r"\s*\|+\s*")


def is_pipe_row(line: Line) -> bool:
    """`| a | b |`, `a | b | c` or `a | |||`: two or more pipes and some text."""
    stripped = line.text.strip()
    return stripped.count("|") >= 2 and not _PIPES_ONLY.fullmatch(stripped)


def _continues(line: Line) -> bool:
    """Inside a table, a one-cell row ended by a pipe (`资金投入情况 (万元) |`) is a row too."""
    stripped = line.text.strip()
    return stripped.endswith("|") and len(stripped) > 1 and not _PIPES_ONLY.fullmatch(stripped)


def is_separator(line: Line) -> bool:
    return bool(_SEPARATOR.fullmatch(line.text))


def row_of(text: str, line: Line) -> GridRow:
    body_start, body_end = line.start, line.end
    stripped = line.text.strip()
    if stripped.startswith("|"):
        body_start = line.start + line.text.index("|") + 1
    if stripped.endswith("|") and len(stripped) > 1:
        body_end = line.start + line.text.rindex("|")
    return split_row(text, body_start, body_end, "|", line)


def _in_table(line: Line) -> bool:
    return is_pipe_row(line) or is_separator(line) or _continues(line)


def _after_empty_rows(lines: Sequence[Line], at: int) -> int:
    """The line after a run of pipes-only lines starting at `at` (`at` itself if none)."""
    while at < len(lines) and _PIPES_ONLY.fullmatch(lines[at].text):
        at += 1
    return at


def read_pipe_rows(text: str, lines: Sequence[Line], index: int) -> Claim | None:
    if not is_pipe_row(lines[index]):
        return None
    rows, at = [], index
    while at < len(lines):
        resumed = _after_empty_rows(lines, at)
        if resumed >= len(lines) or not _in_table(lines[resumed]):
            break
        at = resumed
        if not is_separator(lines[at]):
            rows.append(row_of(text, lines[at]))
        at += 1
    return Claim(tuple(split_form_rows(rows)), at, NAME)
