"""Line-level rewrites: edge spaces, stray page numbers, page breaks inside sentences, spaces
between Chinese characters and numbers.

Table structure is never touched: no rule deletes or adds a tab, a `|` or a line of a table
(a line holding a tab or a `|`), and blank lines between one-cell-per-line rows are kept.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from itertools import accumulate, compress, islice, pairwise

from pipeline.domain.comparators import SYMBOL_OPS
from pipeline.domain.headings import ENUMERATION_MARKER_RE
from pipeline.domain.levels import is_level_word
from pipeline.domain.pages import DECORATED_PAGE_NUMBER
from pipeline.domain.quantity import ANSWER_WORDS
from pipeline.normalize.offsets import Edit
from pipeline.normalize.sentences import is_spaced_sentence

_ODD_LINE_BREAKS = "\r\f\v\u2028\u2029\x85"
_ODD_LINE_BREAK = re.compile(f"[{_ODD_LINE_BREAKS}]")
# A run of spaces at a line's start or end, matched from its first space only: one at a line's start
# (`^ ` looked behind), or one after another character whose run reaches the line's end. The search
# jumps from space to space, the spaces inside a run are rejected at once, and only the runs that
# go are handed over (a loop over every run was most of the rule's time).
_EDGE_SPACES = re.compile(r" (?:(?<=^ )|(?<=[^ ] )(?= *$)) *", re.MULTILINE)
_BARE_PAGE_NUMBER = re.compile(r"(\d{1,3})(?: */ *(\d{1,3}))?")
# A line that is one of the two after a blank line (`^\n`, looked behind from the line break
# before it, is a line break at the start of the text or after another one). Most texts have none:
# then no line needs a closer look; the search jumps from line break to line break.
_ALONE_PAGE_NUMBER_LINE = re.compile(
    rf"\n(?<=^\n)({DECORATED_PAGE_NUMBER.pattern}|{_BARE_PAGE_NUMBER.pattern})$", re.MULTILINE
)
# Enumeration markers that open a heading or list item: 一、 （一） (1) 1. 1、 第二章 一是 - •
_HEADING_MARKER = ENUMERATION_MARKER_RE
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# A column word's unit or letter closing a word: （万元） (A) （B/A）, by its length inside.
_NOTE_OF = {n: rf"[（(][^（()）\s]{{{n}}}[)）]" for n in range(1, 7)}
# A gap between two Chinese words (`_word_gaps`), found by one search of the line: the word before
# ends in a Chinese character after another character, or in one before a note; the word after
# opens with a Chinese character and another character. Written to start at the gap, the word
# before looked behind (one fixed-width look per length of note), so the search jumps from space
# to space.
_WORD_GAP = re.compile(
    r"\s(?:"
    + "|".join([rf"(?<=\S{_CJK.pattern}\s)"] + [rf"(?<={_CJK.pattern}{_NOTE_OF[n]}\s)" for n in range(1, 7)])
    + rf")\s*(?={_CJK.pattern}\S)"
)
TABLE_MARKS = ("\t", "|")  # a table row's cell marks in plain text: tab or pipe cells
# A page break leaves a line that stops mid-sentence: after a character, a digit, or a comma; the
# next line starts like a sentence goes on.
_OPEN_ENDING = r"[\u3400-\u4dbf\u4e00-\u9fffA-Za-z0-9%，、“《]"
_OPEN_START = r"[\u3400-\u4dbf\u4e00-\u9fffA-Za-z0-9“《]"
# Punctuation inside a sentence. `：` is left out: `附件 1：…` and `联系电话：…` are labels.
_SENTENCE_PUNCTUATION = re.compile(r"[，、“”《》]")
# A line break and the blank lines after it, between a line that stops open and one that goes on
# (the ending looked behind from the first break, so the search jumps from break to break): most
# breaks end a sentence (。) or come before a heading, and are never handed over.
_OPEN_BREAK = re.compile(rf"\n(?<={_OPEN_ENDING}\n)\n+(?={_OPEN_START})")
PROSE_LINE_LENGTH = 40  # a line this long is prose, not a title or a table cell
# A PDF text layer's table row closes on its figures apart by spaces (`… 96.85% 10 10`: its 分值
# and 得分): a row, however long, is no sentence that a page break cut.
_SPACED_ROW_END = re.compile(r"\S[ \t]+\d+(?:\.\d+)?[ \t]+\d+(?:\.\d+)?[ \t]*$")
CLAUSE_LINE_LENGTH = 20  # shorter, but still prose if it holds sentence punctuation
CELL_LINE_LENGTH = 10  # shorter lines without tabs are taken for one-cell-per-line table cells

# Side classes for space collapsing: W = Chinese characters, Chinese punctuation, ≥ ≤ ≠;
# A = ASCII letters, digits and %.
_WIDE = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e“”‘’≥≤≠"
# 1–2 spaces with a W or A character on each side, a W on one side at least:
# `(?<=W) {1,2}(?=[WA])|(?<=A) {1,2}(?=W)`, written to start with the space so the search jumps
# from space to space (a lookbehind first is tried everywhere).
_SIDE, _WIDE_SIDE, _NARROW_SIDE = f"[{_WIDE}A-Za-z0-9%]", f"[{_WIDE}]", "[A-Za-z0-9%]"
_COLLAPSIBLE = re.compile(
    "|".join(
        rf"{gap}(?<={_WIDE_SIDE}{gap})(?={_SIDE})|{gap}(?<={_NARROW_SIDE}{gap})(?={_WIDE_SIDE})"
        for gap in ("  ", " ")
    )
)
_WIDE_CHAR = re.compile(_WIDE_SIDE)
_DIGIT = re.compile(r"\d")
# A row of words and bare numbers only (`储备物资霉变损毁批次 0 0`, `质量指标 霉变批次 0 0`): counts a form
# writes with no unit, each number a whole cell. Two numbers at least: a word and one figure
# (`附件 1`) is no row. Dashes may close it: a funds row's empty 分值/执行率/得分 cells
# (`其他资金 0 0 0 — — —`, a source of funds that brought nothing). Each word is an atomic group:
# a word has one way to be matched up to its space, but `\S*<CJK>\S*` has one per Chinese
# character in it, and without the group a line that fails late tried every combination of them
# (ten six-character words and no number: 30 s; twelve: hours).
_WORDS_AND_NUMBERS = re.compile(
    rf"(?:(?>\S*{_CJK.pattern}\S*) )+\d+(?:\.\d+)?(?: \d+(?:\.\d+)?)+(?: (?:—{{1,2}}|-{{1,2}}|－|/))*"
)
# A comparator standing alone between a word and a number (`培训考核合格率 ≥ 95 %`): the 指标性质
# cell of a target split over 指标性质 | 指标值 | 度量单位, a cell of its own.
_SYMBOL_OP = "|".join(re.escape(op) for op in sorted(SYMBOL_OPS, key=len, reverse=True))
_LONE_COMPARATOR = re.compile(rf"{_CJK.pattern}\S*\s+(?:{_SYMBOL_OP})\s+\d")
_LONE_UNITS = frozenset(("%", "％"))  # a 计量单位 cell of one character that is no Chinese word
_CLAUSE_MARK = re.compile("[，。；]")  # a footer or a running title holds none
PAGE_BREAK_LINES = 2  # lines of text a page break puts between a table's rows (footer, running title)
SPACE_TABLE_GAPS = 3  # this many word gaps between Chinese words make a space-delimited table
SPACE_ROW_GAPS = 2  # this many cell gaps make a line under such a table a row of it
# Three words at least: a line of fewer has fewer gaps than either kind of table line needs.
# Searched in the whole text at once (no gap holds a line break, so no match crosses a line), and
# written to start at a gap, the word before it looked behind, so the search jumps from gap to gap.
_THREE_WORDS = re.compile(r"[^\S\n](?<=\S[^\S\n])[^\S\n]*\S+[^\S\n]+\S")


def unify_line_breaks(text: str) -> Iterator[Edit]:
    """Every line break becomes `\\n`: `\\r\\n` (its `\\r` is deleted), `\\r`, form feed,
    vertical tab, U+2028/2029, NEL — so the line rules below see one kind of line.

    A text holding none of them (most) is told by one `in` per character (~0.5 µs each, where
    the regex class is tried at every character of the text, ~7 ns each)."""
    if not any(char in text for char in _ODD_LINE_BREAKS):
        return
    for match in _ODD_LINE_BREAK.finditer(text):
        if text.startswith("\r\n", match.start()):
            yield Edit(match.start(), match.end(), "")
        else:
            yield Edit(match.start(), match.end(), "\n")


def strip_line_edge_spaces(text: str) -> Iterator[Edit]:
    """Delete ASCII spaces at the start and end of every line (indentation, padding).

    Tabs are kept, so `\\t \\t` cells keep their count; a line of spaces becomes blank.
    Each run of spaces is found once and kept unless it touches a line's start or end (one scan
    for a space, where `^ +| +$` tried both alternatives at every character).
    """
    for match in _EDGE_SPACES.finditer(text):
        yield Edit(match.start(), match.end(), "")


def remove_page_numbers(text: str) -> Iterator[Edit]:
    """Delete a line holding only a page number, with the blank lines after it.

    The line must follow a blank line and precede a blank line (or the end of the text):
    `…完成。\\n\\n- 2 -\\n\\n下一段` → `…完成。\\n\\n下一段`. `- 2 -`, `第 2 页`, `第2页共10页` always
    qualify; a bare `2` or `2/10` only when neither neighbouring text line is shorter than
    `CELL_LINE_LENGTH` without a tab, because one-cell-per-line tables also put bare numbers
    between blank lines (`分值\\n\\n10\\n\\n得分`) and those are values, not page numbers.
    """
    for match in _ALONE_PAGE_NUMBER_LINE.finditer(text):  # a blank line before
        start, end = match.span(1)
        if end + 1 < len(text) and text[end + 1] != "\n":
            continue  # neither a blank line nor the end of the text after
        following = _next_text_start(text, end)
        after = text[following : _line_end(text, following)]
        if _is_page_number(match.group(1), _previous_text(text, start), after):
            yield Edit(start, following, "")


def _is_page_number(content: str, previous: str | None, following: str) -> bool:
    """`content`, a line between blank lines, is a page number; `previous` and `following`: the
    text lines around it (None and "" where there is none)."""
    if DECORATED_PAGE_NUMBER.fullmatch(content):
        return True
    bare = _BARE_PAGE_NUMBER.fullmatch(content)
    if bare is None or (bare.group(2) and int(bare.group(1)) > int(bare.group(2))):
        return False
    return not any(line and _looks_like_cell(line) for line in (previous, following))


def _looks_like_cell(line: str) -> bool:
    return not any(mark in line for mark in TABLE_MARKS) and len(line) < CELL_LINE_LENGTH


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _next_text_start(text: str, end: int) -> int:
    """Where the first text line after the line ending at `end` starts (`len(text)`: none)."""
    while end < len(text) and text[end] == "\n":
        end += 1
    return end


def _previous_text(text: str, start: int) -> str | None:
    """The last text line before the line starting at `start`, None if there is none."""
    end = start - 1
    while end >= 0 and text[end] == "\n":
        end -= 1
    return None if end < 0 else text[text.rfind("\n", 0, end) + 1 : end + 1]


def join_broken_lines(text: str) -> Iterator[Edit]:
    """Delete a page break that fell inside a sentence: `…按照《…》（新财预〔2020〕6 号）文\\n\\n件精神`.

    A break (one or more blank lines between two text lines) is joined when:
    - neither line is a table row (tab or `|`), nor the line before a row of a PDF's text layer
      (closing on two figures apart by spaces: `… 98.7% 20 20`);
    - the line before is prose: at least `PROSE_LINE_LENGTH` characters, or at least
      `CLAUSE_LINE_LENGTH` with sentence punctuation (，、“”《》) and not a heading, so titles,
      labels and headings such as `（一）基本情况：立项情况、主要内容` keep their line;
    - it stops mid-sentence (a character, digit, letter, %, or ，、“《 — not 。；：！？ or a
      bracket), and the next line starts like a sentence continues (character, digit, letter,
      “《) but not with an enumeration marker (一、 （一） (1) 1. 1、 第二章 一是), nor is a level
      word alone (`社会效益指标`: the next row's cell after a table's 偏差原因 written as prose,
      `…下年度增配转运设备`, in a table whose cells came out as paragraphs).
    The blank lines are deleted; between two ASCII letters or digits a space is left instead.
    Only the runs of two or more line breaks between a line that stops open and one that goes
    on are visited (a break with no blank line in it is never joined), each with the text line on
    either side.
    """
    for run in _OPEN_BREAK.finditer(text):
        start, end = run.span()
        before = text[text.rfind("\n", 0, start) + 1 : start]
        after_end = text.find("\n", end)
        after = text[end : len(text) if after_end < 0 else after_end]
        if _is_broken_sentence(before, after):
            glue = " " if (before[-1] + after[0]).isascii() else ""
            yield Edit(start, end, glue)


def _is_broken_sentence(before: str, after: str) -> bool:
    """`before` stops open and `after` goes on (`_OPEN_BREAK`): is it one sentence?"""
    # the length of the line before first: most breaks the search hands over follow a short line
    if not _is_prose(before) or any(mark in before or mark in after for mark in TABLE_MARKS):
        return False
    if _ends_on_spaced_figures(before):
        return False
    return _HEADING_MARKER.match(after) is None and not is_level_word(after)


def _is_prose(line: str) -> bool:
    """Long, or clause-long with sentence punctuation and not a heading (`（一）基本情况：…`).

    A heading may hold 、 (`（一）立项情况、资金及主要内容`) but never ends in a comma.
    """
    if len(line) >= PROSE_LINE_LENGTH:
        return True
    if len(line) < CLAUSE_LINE_LENGTH or _SENTENCE_PUNCTUATION.search(line) is None:
        return False
    return _HEADING_MARKER.match(line) is None or line[-1] in "，、"


def collapse_cjk_spaces(text: str) -> Iterator[Edit]:
    """Delete 1–2 spaces between a Chinese character and a Chinese character, digit or letter.

    `(2020 年度)` → `(2020年度)`, `自评得分 91 分` → `自评得分91分`, `绩 效 指 标` → `绩效指标`.
    Spaces between two ASCII tokens (`DRG DIP`, `2021. 4. 15`) and longer runs (column
    alignment) stay. So does every space of a line that uses spaces as cell separators — at
    least `SPACE_TABLE_GAPS` gaps between two Chinese words of 2+ characters, as in a
    spreadsheet flattened to one line (`项目名称 建档立卡资金 主管部门 某县医疗保障局`), and
    the lines right under such a line that separate cells by spaces (`is_space_separated_row`:
    `改造管网长度 ≥45公里 41.5公里 10 8`, a row whose merged level cells were dropped), and two
    or more lines of cells with numbers together (`is_value_row`: rows after a page break).
    A row next to such a line keeps its spaces with one gap fewer: a row that leaves out its
    merged first-level cell (`时效指标 完成率 …` under `产出指标 质量指标 …`) is still a row of the
    table.
    """
    if " " not in text:
        return
    lines = text.split("\n")
    starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    tables = _space_table_lines(lines, _worded_lines(text, starts))
    # The spaces are searched in the whole text: the pattern's sides hold no line break, so each
    # match lies in one line, found as a search of that line alone would find it.
    if not any(tables):  # no table line, so no line beside one: every such gap goes (most texts)
        for match in _COLLAPSIBLE.finditer(text):
            yield Edit(match.start(), match.end(), "")
        return
    # The lines whose spaces stay: the table's lines, and the rows beside them one gap short. The
    # rest of the text is searched between them, a stretch of lines at a time (a search's sides
    # see the text around its bounds, and no match meets a line break), so no match is looked up.
    kept = tables.copy()
    for at in {near for line in compress(range(len(lines)), tables) for near in (line - 1, line + 1)}:
        if 0 <= at < len(lines) and not tables[at]:
            kept[at] = _word_gaps(lines[at]) >= SPACE_TABLE_GAPS - 1
    position = 0
    for at in compress(range(len(lines)), kept):
        for match in _COLLAPSIBLE.finditer(text, position, starts[at]):
            yield Edit(match.start(), match.end(), "")
        position = starts[at] + len(lines[at])  # the kept line's end
    for match in _COLLAPSIBLE.finditer(text, position):
        yield Edit(match.start(), match.end(), "")


def _worded_lines(text: str, starts: list[int]) -> set[int]:
    """The indexes of the lines (starting at `starts`) that hold three words or more."""
    found: set[int] = set()
    search, position = _THREE_WORDS.search, 0
    while (match := search(text, position)) is not None:
        line = bisect_right(starts, match.start()) - 1
        found.add(line)
        if line + 1 == len(starts):
            break
        position = starts[line + 1]  # the rest of a found line need not be searched
    return found


def _space_table_lines(lines: list[str], worded: set[int]) -> list[bool]:
    """Whether each line is a line of a space-separated table: a table line itself, one of two
    value rows next to each other, a value row closing on its spaced figures (`is_closing_row`)
    just after a table line (`follows_table`: a page break between), or a space-separated row
    right under a table line. Only the `worded` lines (three words or more) can be table lines or
    value rows themselves, and a sentence whose figures a text layer set apart by spaces
    (`normalize.sentences.is_spaced_sentence`) is no value row, though its gaps look like one's."""
    tables = [False] * len(lines)
    rows = [False] * len(lines)
    for at in worded:
        tables[at] = is_space_delimited_table(lines[at])
        rows[at] = is_value_row(lines[at]) and not is_spaced_sentence(lines[at])
    for at in sorted(worded):  # in text order: a table line makes the row under it one
        paired = rows[at] and ((at > 0 and rows[at - 1]) or (at + 1 < len(lines) and rows[at + 1]))
        # `is_closing_row` of a value row that is no spaced sentence (`rows`): its spaced figures
        alone = (
            rows[at]
            and _ends_on_spaced_figures(lines[at])
            and follows_table(at, lines.__getitem__, tables.__getitem__)
        )
        paired = paired or alone
        tables[at] = tables[at] or paired or (at > 0 and tables[at - 1] and is_space_separated_row(lines[at]))
        under = at + 1  # the rows under a table line that are not worded lines themselves
        while tables[under - 1] and under < len(lines) and under not in worded:
            tables[under] = is_space_separated_row(lines[under])
            under += 1
    return tables


def _word_gaps(content: str) -> int:
    """Gaps between two Chinese words of 2+ characters; a word may close on a short bracketed
    note (`资金投入情况（万元）`, `全年预算数（A）`, `执行率（B/A）`: a form's column words)."""
    return len(_WORD_GAP.findall(content))


# The three line tests below are pure functions of a line, asked of the same lines by the space
# collapsing here, by `wrap.py`, and again by the layout's spaced-table recogniser on the
# normalised text (whose table lines this rule left as they were): a small cache answers the
# repeats (a few hundred lines, ~2–8 µs a test).
_LINE_TESTS_KEPT = 256


@functools.lru_cache(maxsize=_LINE_TESTS_KEPT)
def is_space_delimited_table(content: str) -> bool:
    return _word_gaps(content) >= SPACE_TABLE_GAPS


@functools.lru_cache(maxsize=_LINE_TESTS_KEPT)
def is_space_separated_row(content: str) -> bool:
    """Whether a line separates cells by single spaces: `SPACE_ROW_GAPS` gaps between two tokens
    of 2+ characters (a cell, not a word spaced out letter by letter: `绩 效 指 标`), one of them
    Chinese — or one such gap before a number (a name and its one value, `举办讲座场次 ≥24场`).
    Under a space-delimited table line, such a line is a row of the table even where its cells
    are values (`改造管网长度 ≥45公里 41.5公里 10 8`) rather than Chinese words — or bare numbers of
    one digit, which count as no cell above: a name and two or more bare numbers
    (`储备物资霉变损毁批次 0 0`, a count that must stay at zero) is a row too, and so is a line with a
    comparator standing alone before a number (`培训考核合格率 ≥ 95 % 96.2 15 15`: a target split over
    指标性质 | 指标值 | 度量单位)."""
    gaps = list(islice(_cell_gaps(content), SPACE_ROW_GAPS))  # no need to count further
    if len(gaps) >= SPACE_ROW_GAPS or any(_DIGIT.search(right) for right in gaps):
        return True
    return _WORDS_AND_NUMBERS.fullmatch(content) is not None or _LONE_COMPARATOR.search(content) is not None


@functools.lru_cache(maxsize=_LINE_TESTS_KEPT)
def is_value_row(content: str) -> bool:
    """A line of `SPACE_ROW_GAPS` or more cell gaps and a number among its cells
    (`效益 社会效益 培训人次 ≥2000人次 2150人次 20 20`). Two such lines together are rows of a
    table even with no header above them (the rows after a page break)."""
    # A digit in a cell is a digit anywhere in the line (no space is a digit): tested first, at C
    # speed, since most lines with spaces hold none and their gaps need not be counted.
    if _DIGIT.search(content) is None:
        return False
    return len(list(islice(_cell_gaps(content), SPACE_ROW_GAPS))) >= SPACE_ROW_GAPS


def is_closing_row(content: str) -> bool:
    """A value row (`is_value_row`) that closes on two bare figures apart by spaces, its 分值 and
    得分 (`满意度指标 服务对象满意度指标 群众满意度 ≥90% 88% 20 16`), and is no sentence with spaced
    figures (`normalize.sentences`): a table's row even alone, as the one row a page break leaves
    on the next page."""
    return _ends_on_spaced_figures(content) and is_value_row(content) and not is_spaced_sentence(content)


def _ends_on_spaced_figures(line: str) -> bool:
    """Whether `_SPACED_ROW_END` finds the line's closing figures apart by spaces. Its match ends
    on a digit, then tabs or spaces (and a final line break): a line whose last other character is
    no digit (most) is told so without the search, a class tried at every character of the line.
    """
    return line.rstrip(" \t\n")[-1:].isdecimal() and _SPACED_ROW_END.search(line) is not None


def follows_table(at: int, text_of: Callable[[int], str], is_table: Callable[[int], bool]) -> bool:
    """Whether line `at` comes just after a table's line (`is_table`), with at most
    `PAGE_BREAK_LINES` short lines of text between (blank lines aside) and no clause among them: a
    page's footer and the next page's running title, where a page break cut a table before its
    last row."""
    between = 0
    for above in range(at - 1, -1, -1):
        text = text_of(above)
        if not text.strip():
            continue
        if is_table(above):
            return True
        between += 1
        if between > PAGE_BREAK_LINES or len(text) >= PROSE_LINE_LENGTH or _CLAUSE_MARK.search(text):
            return False
    return False


def _cell_gaps(content: str) -> Iterator[str]:
    """The cell after each gap between two tokens of 2+ characters, one of them Chinese, found
    as they are asked for (a row's first gaps are enough to tell it is one)."""
    return (
        right
        for left, right in pairwise(content.split())
        if _cell_token(left) and _cell_token(right) and (_WIDE_CHAR.search(left) or _WIDE_CHAR.search(right))
    )


def _cell_token(word: str) -> bool:
    """A token that can be a cell: 2+ characters, or a one-character answer (`是`, `好`, `优`) —
    a yes/no or grade column's value (`机制是否建立 是 是 10 10`) — or a comparator standing alone,
    the 指标性质 cell of a split target (`人均培训成本 ≤ 600 元 580 10 10`), or a percent sign
    standing alone, a 计量单位 cell before the value (`验收合格率 % 100 100 20 20`)."""
    return len(word) > 1 or word in ANSWER_WORDS or word in SYMBOL_OPS or word in _LONE_UNITS
