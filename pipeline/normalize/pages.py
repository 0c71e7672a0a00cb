"""Page breaks in a PDF's text copied as plain text: each page's foot and the next page's head.

A text layer copied out of a PDF keeps what every page prints around its body: the page number
in its foot (`- 3 -`, `第 3 页 共 12 页`) and, on the next page, a running head (a short title
line). Where the page break fell inside a sentence, they stand between its halves:

    一般公共预算财政拨款支出年初预算为4356.78万元，支出决算为4102

    - 1 -

    某县水务局2024年度部门决算

    .35万元，完成年初预算的94.16%。

`remove_page_furniture` deletes the foot and the head, so that the halves meet as the lines of a
wrapped paragraph do (`…支出决算为4102\\n.35万元…`, which `join_wrapped_lines` joins where the
first half is a full line). A line is a running head or foot only beside a page number, and only
when the same words stand beside another page number too (a report's own text never sits at
every page break), and only a line of words that no table prints on every page (`_may_run`).
The blank lines between the page's last line and its foot go too where that line is running
text (a page's layout, not a paragraph's end); elsewhere they stay (one-cell-per-line tables
put blank lines between cells).

A text with fewer than two page numbers is left to `remove_page_numbers`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import accumulate

from pipeline.domain.headers import budget_column_role, header_role
from pipeline.domain.levels import is_level_word
from pipeline.domain.pages import DECORATED_PAGE_NUMBER
from pipeline.normalize.lines import TABLE_MARKS
from pipeline.normalize.offsets import Edit

# A line holding a decorated page number only (a bare `3` or `3/12` may be a table's cell).
_ANY_PAGE_NUMBER = re.compile(rf"^ *(?:{DECORATED_PAGE_NUMBER.pattern}) *$", re.MULTILINE)
# What every decorated page number holds (`DECORATED_PAGE_NUMBER`): a dash, 页, or `Page`/`page`.
_PAGE_NUMBER_MARKS = ("-", "—", "–", "页", "age")
_CJK = re.compile(r"[\u4e00-\u9fff]")
RUNNING_WORDS = 4  # Chinese characters a running head holds at least: a title, a unit's name
RUNNING_LINE_LENGTH = 40  # a running head is a short line: a title, a unit's name
PROSE_LENGTH = 16  # a line this long, no table row, is running text that a page break may cut


def remove_page_furniture(text: str) -> Iterator[Edit]:
    """Delete page numbers with the running lines beside them (module docstring)."""
    numbered = _page_number_lines(text)
    if len(numbered) < 2:
        return
    lines = text.split("\n")
    starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    at = {start: index for index, start in enumerate(starts)}
    numbers = [at[start] for start in numbered]
    beside = {index: _neighbours(lines, index) for index in numbers}
    # A running line's words stand at two places or more, each beside a page number.
    places: dict[str, set[int]] = {}
    for index in numbers:
        for near in beside[index]:
            if _may_run(lines[near]):
                places.setdefault(lines[near].strip(), set()).add(near)
    done = 0  # the end of the last deletion: two page numbers a line apart make one
    for index in numbers:
        running = [n for n in beside[index] if len(places.get(lines[n].strip(), ())) >= 2]
        first, last = min([index, *running]), max([index, *running])
        following = next((n for n in range(last + 1, len(lines)) if lines[n].strip()), None)
        end = len(text) if following is None else starts[following]
        previous = next((n for n in range(first - 1, -1, -1) if lines[n].strip()), None)
        start = starts[first]
        if previous is not None and _is_prose(lines[previous]) and following is not None:
            start = starts[previous] + len(lines[previous]) + 1
        if start >= done and end > start:
            yield Edit(start, end, "")
            done = end


def _page_number_lines(text: str) -> list[int]:
    """Where each line holding a decorated page number alone starts: the starts of the matches of
    `_ANY_PAGE_NUMBER` in the whole text, found from the lines that hold one of
    `_PAGE_NUMBER_MARKS` (every decorated page number holds one), each searched by `str.find`,
    instead of the pattern tried at every line's start (most texts hold few such marks)."""
    lines: set[tuple[int, int]] = set()
    for mark in _PAGE_NUMBER_MARKS:
        found = text.find(mark)
        while found >= 0:
            end = text.find("\n", found)
            end = len(text) if end < 0 else end
            lines.add((text.rfind("\n", 0, found) + 1, end))
            found = text.find(mark, end)
    # A match lies in one line (nothing in it matches a line break) and spans it whole: `^`/`$`
    # of the line cut at its end are the line's own.
    return sorted(start for start, end in lines if _ANY_PAGE_NUMBER.match(text, start, end))


def _neighbours(lines: list[str], index: int) -> list[int]:
    """The nearest line of text above and below line `index` (blank lines between only)."""
    above = next((n for n in range(index - 1, -1, -1) if lines[n].strip()), None)
    below = next((n for n in range(index + 1, len(lines)) if lines[n].strip()), None)
    return [n for n in (above, below) if n is not None]


def _may_run(line: str) -> bool:
    """A line that may be a running head or foot: a short line of words (`RUNNING_WORDS` Chinese
    characters or more) — no table row, no page number, and no cell a one-cell-per-line table
    prints at the top of every page (a header word `一级指标` `实际值`, a level word `产出指标`)."""
    content = line.strip()
    return (
        len(content) <= RUNNING_LINE_LENGTH
        and len(_CJK.findall(content)) >= RUNNING_WORDS
        and not any(mark in content for mark in TABLE_MARKS)
        and _ANY_PAGE_NUMBER.fullmatch(content) is None
        and header_role(content) is None
        and budget_column_role(content) is None
        and not is_level_word(content)
    )


def _is_prose(line: str) -> bool:
    return len(line.strip()) >= PROSE_LENGTH and not any(mark in line for mark in TABLE_MARKS)
