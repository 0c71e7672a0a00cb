"""Indicator tables whose cells ran together: OCR and PDF dumps that lost every separator.

A form converted this way prints its header and its rows on one run of text, often with spaces
inside words and none between cells:

    绩 效 指 标一级 指标二级 指标三级指标年度指标 值全年 完成值未完成原因和 改进措施产 出 指 标数量
    指标物资账实相符率100%98%质量 指标储备物资定期检查率100%100%…

The header's words give the value columns in order (`target`, `actual`, `deviation` here). The
text after the header, spaces removed, is cut into tokens — the framework's level words, item
numbers (`指标1`), values (`≥95%`, `550万粒`, `0起`) and text — and the tokens into rows:

- a row starts at a level word, an item number, or at text after two or more values;
- its name is its text; one value standing alone between two texts is part of the name
  (`3000件帐篷、800套棉被储备到位率`);
- where the form has a deviation column, a row's last text that starts with `无` after its
  one value, just before the next row's level word, is an actual written `无` and its reason
  (`…补贴保障率100%无当年未发生轮换` → target `100%`, actual `无`, deviation `当年未发生轮换`);
- where the form's last column is its deviation, a `无` after a row's values that runs into the
  next row's name is that row's deviation (`…1010无改造供水管网长度`), unless the whole is a name
  of its own (`无障碍…`, `无偿…`, an absence `无重大安全事故`, or written elsewhere in the text);
- where the form's only value column is its target (a declaration form), a row's text closing
  in a trend (`群众文化素养稳步提升` before the next level word) is its name and a word target
  (`稳步提升`);
- a page footer's number inside a cell (`预算第2页执行率`) is text: it closes no row;
- an actual with words around its figure is one value (`worded_actuals`): an achievement word
  between two values (`≥10期已完成12期` → `已完成12期`), a remark in brackets (`856人（含线上126人）`)
  or after a comma, ending on a figure before the row's bare points
  (`97.5%，较上年提高1.2个百分点2020`);
- its values take the header's value columns in order when there are exactly as many; a bare
  number first or last takes a 分值/得分 column (`550万粒 550万粒 8` → target, actual, score);
- a single number where several numeric columns are expected (`951010010`: digits of four cells
  fused) is not split by guessing: the row keeps its name, its values stay empty, and it is
  noted so review sees it — unless the table's rows prove the weight they share, which splits
  them (`fused_split`);
- a row one value short whose last number is a weight and a score run together (`≥12处 13处
  1010`) is cut where exactly one reading fits (score ≤ weight ≤ 100, no zero) and the table's
  rows all end so (`fused_split.weight_score_cut`), noted `weight_and_score_split`;
- a 分值/得分 cell holds a bare number: a unit read onto it is the next cell's first character
  (`1010户均改造成本` → `10` `10` | `户均改造成本`, `_points_open_text`);
- an age at a row's start opens its name (`数量指标65岁以上老年人…`), never an item number (`_ages`);
- a part-year target (上半年指标值) and a 完成率 are columns of their own that fill no field; the
  part-year target in words is cut off the name (`村容村貌逐步改善明显改善明显改善`, `_part_year_words`);
- a dash after a value capped by `≤` or fixed by `=` is the minus of the next (`≤0%-1.8%`: a target
  and a rate that fell), never a range's join, and an on-time answer between a deadline and the
  points is the actual (`12月底前按期完成55`);
- a 指标性质 column of directions (正向/反向) lets the 分值 printed after it stand as a figure of its
  own (`正向20≥2.5万亩`), and a weight run into a deadline two ways (`512月底前`) is cut where the
  row was met and its score repeats one weight (`_full_marks_cut`);
- a cell pairing the target and the actual behind their labels (`目标值：≥1500人；实际完成值：1623人`)
  is cut at the labels into the two values, the labels dropped (`_paired_cells`);
- a floor of last year in words (`≥上年`, `不低于上年水平`) and a time limit (`30日内`) are one value
  cell each; a weight run into a time limit met (`1030日内30日内10`) is cut off by its full marks,
  and a first value no target can be (`1095%`, `1030日内` not met) leaves the row's values unplaced.

A department form (部门整体支出绩效自评表) has its own level words (`履职`, `重点工作`, `预算管理`),
which are no tokens: they run into the name (`履职重点工作年度重点任务完成率`). Where the header
declares level columns (一级指标, 二级指标) and no row holds a framework level word, each row's
leading text gives up to two level words while a name of `_MIN_NAME` characters stays (`_own_levels`):
a known 一级 word (`履职`, `效益`, `满意度`), or the shortest run ending in a word levels end in
(工作, 管理, 效能, 效率, 效益, 满意度: `预算管理`, `履职效能`). A known word leads only where a
level run follows it (`履职|重点工作`, but `履职效能` whole).

Every row read here has its cells split by pattern, so its confidence is capped (`NOTE_CONFIDENCE`) and
it carries the note `cells_split_by_pattern`. A target such as `290%` in a rate column is the
OCR of `≥90%` (a rate above 100 % is impossible where the actual is a rate): it is repaired with
the edit noted (`ocr_repaired`). Offsets are into the given text; spaces are skipped, never
rewritten.
"""

from __future__ import annotations

import bisect
import itertools
import re
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from pipeline.domain.alternation import alternation
from pipeline.domain.answers import (
    DONE_ANSWERS,
    GRADE_WORDS,
    ON_TIME_ANSWERS,
    REACHED_ANSWERS,
    is_done_answer,
    is_on_time_answer,
)
from pipeline.domain.comparators import PREFIX_WORD_OPS, SUFFIX_WORD_OPS, SYMBOL_OPS
from pipeline.domain.headers import DIRECTION_WORDS, HEADER_WORDS, PARTIAL_ROLE
from pipeline.domain.levels import LEVEL1_NAMES, LEVEL2_NAMES, OWN_LEVEL_ENDINGS, OWN_LEVEL_MAX
from pipeline.domain.ocr import repair_digits
from pipeline.domain.paired import ACTUAL_LABEL, TARGET_LABEL, VALUE_LABEL
from pipeline.domain.quantity import ANSWER_WORDS, parse_target
from pipeline.domain.units import unit_pattern
from pipeline.extract.rules.candidates import NOTE_CONFIDENCE, Candidate
from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.fused_split import (
    SPLIT_CONFIDENCE,
    SPLIT_WEIGHT_NOTE,
    FusedRow,
    Piece,
    SplitRow,
    actual_weight_score_cut,
    glued_weight,
    numeric_columns,
    shared_weight,
    split_row,
    unglue,
    weight_score_cut,
    weights_with_scores,
)
from pipeline.extract.rules.levels import Levels, next_levels
from pipeline.extract.rules.memo import per_text
from pipeline.extract.rules.table import QUALITATIVE_NATURE, WORD_ROLES
from pipeline.extract.rules.vocab import FORM_SIDE_LABEL, TREND_ADVERBS, TREND_VERBS

SPLIT_NOTE = "cells_split_by_pattern"
FUSED_NOTE = "digits_of_several_cells_fused"
OCR_NOTE = "ocr_repaired"
SCORE_SPLIT_NOTE = "weight_and_score_split"
OWN_WEIGHT_NOTE = "weight_cut_off_rate_target"
UNSEEN_NOTE = "header_not_seen"
_MIN_HEADERLESS = 2  # level words and comparator targets a headerless fused line must hold
# Characters a fused table needs in the text: every name and level column word, and every level
# word a headerless row leads with, holds 指 (指标); every target and actual column word ends in
# 值. Squashing drops spaces and chunk marks only, so a character absent from the text is absent
# from its squash (a test holds the header words to it).
_NAMED_MARK = "指"
_VALUE_MARK = "值"
# Each branch a literal (no class among them): the engine skips to the characters they open with
# rather than trying every branch at every position of a line (`findall` in `_may_be_headerless`).
_COMPARED = re.compile("|".join((*"≥≤><=≧≦═", "不低于", "不高于", "不少于", "不超过")))
# A column of another period's figures (上年实际完成值, 上半年指标值) keeps its place among the values
# and fills no field (`domain.headers.PARTIAL_ROLE`).
_NUMERIC_ROLES = ("weight", "target", "actual", "score", PARTIAL_ROLE)
# So does a 完成率 column (the actual as a share of the target, `108.1%`): derived, no field of its
# own, but a cell between the actual and the 得分 all the same.
_EXTRA_HEADER_WORDS = {
    PARTIAL_ROLE: (
        "上年实际完成值",
        "上年完成值",
        "上年实际值",
        "上年度实际完成值",
        "上年度完成值",
        "上半年指标值",
        "上半年目标值",
        "半年指标值",
        "半年目标值",
        "完成率",
    ),
    "unit": ("计量单位", "度量单位"),
    "nature": ("指标性质",),
    "skip": ("绩效指标", "评价标准", "说明"),
}
_ALL_HEADER = sorted(
    ((w, role) for role, words in (*HEADER_WORDS.items(), *_EXTRA_HEADER_WORDS.items()) for w in words),
    key=lambda pair: len(pair[0]),
    reverse=True,
)
_HEADER_ROLE = dict(reversed(_ALL_HEADER))  # a word listed twice keeps its first role
# One alternation, longest word first: at each position the longest header word there wins.
_HEADER_WORD = re.compile(alternation(w for w, _ in _ALL_HEADER))
_HEADER_GAP = 6  # characters allowed between two header words of one header ((分), 及, 指标 …)
_MIN_ROLES = 3
_MIN_TAIL = 8
_FUSED_DIGITS = 6  # a bare number this long in a form row is several cells' digits (951010010)
_FUSED_FRACTION = 4
_FUSED = re.compile(r"\d+(?P<point>\.(?P<frac>\d+))?")
_MORE_POINTS = re.compile(r"(?:\.\d+)+")
# A 分值/得分 cell read with one character after it: a unit to the token reader, but those
# columns hold bare numbers, so it is the next cell's first character.
_POINTS = re.compile(r"(?P<number>\d+(?:\.\d+)?)(?P<unit>[\u4e00-\u9fff])?")
_RATE_CAP = 100.0  # a rate target above this is impossible (glued digits, or OCR)
_MIN_NAME = 4  # CJK characters in a row's name; shorter text is a cell fragment (底完成)
_LEVELS = sorted({w for w in (*LEVEL1_NAMES, *LEVEL2_NAMES) if w.endswith("指标")}, key=len, reverse=True)
_OPS = sorted((*SYMBOL_OPS, *PREFIX_WORD_OPS), key=len, reverse=True)
_SYMBOL_OPS = sorted(SYMBOL_OPS, key=len, reverse=True)
# A comparator word after the number is part of the value cell (`控制在1500元以内`, `90%以上`): left
# out, it would run into the next cell's words or the row's name.
_SUFFIX_OPS = alternation(SUFFIX_WORD_OPS)
_UNIT_ALT = unit_pattern()
# A date cell (`12月底前`, `2024年9月底前`, `11月30日前完成`, `2024年8月26日`): a 时效指标's deadline
# or the day it was met, one value. Read as a number with a unit it would end at `12月` and leave
# `底前` to run into the next cell's words. A month alone (`3月`) needs a year before it or a
# day, a month's end or 前 after it, so `3月份` and `12个月` stay what they were.
_MONTH = r"(?:1[0-2]|[1-9])月"
_YEAR_MONTH = rf"(?:19|20)\d{{2}}年{_MONTH}"
_MONTH_DEADLINE = rf"{_MONTH}(?=\d{{1,2}}[日号]|底|末|前)"
_DATE_REST = r"(?:(?:3[01]|[12]\d|[1-9])[日号]|底|末)?(?:之前|以前|前)?(?:完成)?"
_DATE_VALUE = rf"(?:{_YEAR_MONTH}|(?<!\d){_MONTH_DEADLINE}){_DATE_REST}"
# In a form whose 分值 comes before the 指标值, a weight runs into a date target (`1011月30日前完成`):
# the date then starts right after a digit.
_DATE_AFTER_WEIGHT = re.compile(rf"(?:{_YEAR_MONTH}|{_MONTH_DEADLINE}){_DATE_REST}")
_DIGITS = re.compile(r"\d+")
_WEIGHT_BEFORE_DATE = re.compile(r"[1-9]\d?|100")  # a weight of 1-100 as written
# A time limit closes on 内 after its unit (`30日内`, `5个工作日内`), one value cell like `以内`.
_WITHIN = r"|(?<=[日天时钟月])内"
_TIME_LIMIT_END = "内"
# A floor of last year's level in words, behind a comparator (`≥上年`, `不低于上年水平`): a word
# target, one value cell; left as text, it would run into the name before it.
_LAST_YEAR_FLOOR = (
    "(?:" + "|".join(re.escape(o) for o in _OPS) + r")(?:上年度?|上一年度?|去年)(?:同期)?(?:水平)?"
)
_TOKEN = re.compile(
    r"(?P<level>(?:" + alternation(_LEVELS) + r")(?:[(（]?\d+分[)）]?)?)"
    r"|(?P<number>指标\d(?:[:：])?)"
    r"|(?P<value>"
    + _DATE_VALUE
    + "|"
    + _LAST_YEAR_FLOOR
    + "|(?:"
    + alternation(_OPS)
    + r")?\d+(?:\.\d+)?(?:"
    + _UNIT_ALT
    + r")?(?:"
    + _SUFFIX_OPS
    + _WITHIN
    + r")?)"
)
_UNIT_END = re.compile("[万亿]?(?:" + _UNIT_ALT + ")$")
_ITEM_NUMBER = re.compile(r"\d{1,2}")  # an item number whose 指标 the converter lost (指标1 → 1)
_STOP = re.compile(r"说明|注[:：]|总分|合计|备注|评价结论|项目负责人|填报人")
_DOCSITE_MARK = re.compile(r"^(?P<n>\d{1,2})、", re.MULTILINE)
# One answer word, or one phrase of two or more characters, written twice at a text's end: a
# qualitative target and its actual (`高高`, `有效提高有效提高`); a name never ends in a repeat.
_ANSWER_ALT = alternation(ANSWER_WORDS)
# A form printing last year's result too writes it three times (`及时及时及时`).
_DOUBLED_ANSWER = re.compile(r"(?P<first>" + _ANSWER_ALT + r"|[\u4e00-\u9fff]{2,8}?)(?P=first){1,2}$")
# A word an actual may open with before its figure (`已完成12期`, `约93%`): what was achieved.
_ACHIEVED = re.compile(r"约|近|超|已完成|实际完成|累计完成|累计|共计|共")
_UNIT_WORD = re.compile(r"[\u4e00-\u9fff]{1,3}")
_NO_ACTUAL = "无"  # an actual nothing happened for; the deviation cell after it says why
_SIDE_LABEL = FORM_SIDE_LABEL  # the merged cell down the form's left edge, over all indicator rows


@dataclass(frozen=True)
class _Token:
    kind: str  # level, number, value, reason, text
    text: str
    start: int  # offsets into the original text
    end: int


@dataclass
class _Row:
    levels: Levels
    name: list[_Token] = field(default_factory=list)
    values: list[_Token] = field(default_factory=list)
    deviation: _Token | None = None
    after_values: bool = False  # its name began right after the last row's values


@dataclass(frozen=True)
class _Header:
    roles: tuple[str, ...]  # the columns after the name, in order
    end: int  # where the rows begin (offset into the text)


def docsite_marks(text: str) -> list[tuple[int, int]]:
    """Spans of a download site's chunk markers: lines starting `1、`, `2、`, `3、` … in sequence
    (the site cuts a document into numbered pieces; the marks are not part of any cell)."""
    return list(iter_docsite_marks(text))


def iter_docsite_marks(text: str) -> Iterator[tuple[int, int]]:
    """`docsite_marks`, read as far as the caller goes (a mark's number depends only on the
    marks before it)."""
    # The first mark is `1、` (or `01、`): no mark before the first `1、` of the text is read.
    first = text.find("1、")
    if first < 0:
        return
    expected = 1
    for m in _DOCSITE_MARK.finditer(text, max(first - 1, 0)):
        if int(m.group("n")) == expected:
            yield m.start(), m.end()
            expected += 1


# OCR repairs a lookalike letter only inside a figure, right after its digits (`1OO`): a text
# with no lookalike after a digit has nothing to repair.
_LOOKALIKE_LETTERS = "Oo〇lI"
# Found from the letter, then the digit before it looked at: letters are rare in a report, digits
# are not (the engine skips to the letters instead of trying every digit).
_LOOKALIKE_AFTER_DIGIT = re.compile(rf"[{_LOOKALIKE_LETTERS}](?<=\d[{_LOOKALIKE_LETTERS}])")


@per_text  # the fused readers of a report repair the same text: the same string, squashed once (memo.py)
def repaired_text(text: str) -> str:
    """`text` with `domain.ocr.repair_digits`'s repairs (the same length as `text`); the text
    itself when no figure can need one."""
    # most texts hold none of the letters at all: five substring tests, not a scan of the text
    if not any(letter in text for letter in _LOOKALIKE_LETTERS):
        return text
    return repair_digits(text).text if _LOOKALIKE_AFTER_DIGIT.search(text) else text


def squashed(text: str) -> str:
    """`squashed_text(text)` without the offsets, for a caller that may not need them (the
    text of `squashed_offsets`, which most callers in a report have squashed already)."""
    return squashed_offsets(text)[0]


def squashed_text(text: str) -> tuple[str, array[int]]:
    """The whole text without whitespace or chunk markers, and each kept character's offset.

    Computed once per text (the chunk markers are numbered across the whole text); a line's part
    is then a slice of it (`KeptOffsets.index`, `.slice`), so reading line by line stays linear
    in the text. Read run by run of non-space characters between the markers, not character by
    character."""
    # Runs of kept characters are copied whole, and offsets go to a C array: a list of one str
    # and one int object per character cost ~120 bytes per character of a CJK text.
    flat, where = squashed_offsets(text)
    return flat, where.slice(0, len(flat))


class KeptOffsets:
    """`squashed_text`'s offsets (the text offset of each kept character), held as one entry per
    run of kept characters: a reader asks for a few offsets and slices, and most texts hold no
    fused table, so the array of one offset per character is built only for the slices asked.
    The runs themselves are found when an offset is first asked for (`_runs`): most texts hold
    no fused header either, and their readers ask for none.

    >>> where = KeptOffsets.of("ab  cd")
    >>> where[2], where.index(3), where.slice(1, 4)
    (4, 2, array('i', [1, 4, 5]))
    """

    def __init__(self, text: str, pieces: list[tuple[int, int]]) -> None:
        # the text and its pieces between chunk marks (start, end), until the runs are found
        self._pieces: tuple[str, list[tuple[int, int]]] | None = (text, pieces)
        self._flat, self._text, self._lengths = array("i"), array("i"), array("i")

    @classmethod
    def of(cls, text: str) -> KeptOffsets:
        return squashed_offsets(text)[1]

    def _runs(self) -> None:
        """Each piece split at whitespace (`str.split`, whose whitespace is `\\s`'s: `str.isspace`),
        each run found from where the last one ended: only whitespace lies between."""
        text, pieces = self._pieces or ("", [])
        self._pieces = None
        for block_start, block_end in (block for piece in pieces for block in _blocks(text, *piece)):
            piece, at = text[block_start:block_end], 0
            for run in piece.split():
                at = piece.find(run, at)
                self._text.append(block_start + at)
                self._lengths.append(len(run))
                at += len(run)
        self._flat = array("i", itertools.accumulate(self._lengths, initial=0))
        self._flat.pop()  # the last sum is the flat text's length, not a run's start

    def __getitem__(self, i: int) -> int:
        if self._pieces is not None:
            self._runs()
        run = bisect.bisect_right(self._flat, i) - 1
        return self._text[run] + i - self._flat[run]

    def index(self, pos: int, lo: int = 0) -> int:
        """The first kept character at or after text offset `pos`, not before `lo`
        (`bisect_left` on the offsets)."""
        if self._pieces is not None:
            self._runs()
        run = bisect.bisect_right(self._text, pos) - 1
        if run < 0:
            return lo
        inside = pos - self._text[run]
        return max(lo, self._flat[run] + min(inside, self._lengths[run]))

    def slice(self, lo: int, hi: int) -> array[int]:
        """The offsets of kept characters `lo` to `hi` (as `squashed_text(text)[1][lo:hi]`)."""
        if self._pieces is not None:
            self._runs()
        out = array("i")
        run = max(bisect.bisect_right(self._flat, lo) - 1, 0)
        while run < len(self._flat) and self._flat[run] < hi:
            first, last = max(lo, self._flat[run]), min(hi, self._flat[run] + self._lengths[run])
            if first < last:
                shift = self._text[run] - self._flat[run]
                out.extend(range(first + shift, last + shift))
            run += 1
        return out


@per_text  # the four fused readers of a report squash the same text: squashed once (memo.py)
def squashed_offsets(text: str) -> tuple[str, KeptOffsets]:
    """`squashed_text(text)` with its offsets as `KeptOffsets` (one entry per run)."""
    return _squash(text)


def _squash(text: str) -> tuple[str, KeptOffsets]:
    # The pieces between chunk marks, each squashed by `str.split` and joined in C; where each
    # run of kept characters sits is found only if a reader asks (`KeptOffsets._runs`).
    pieces: list[tuple[int, int]] = []
    start = 0
    for mark_start, mark_end in [*docsite_marks(text), (len(text), len(text))]:
        pieces.append((start, mark_start))
        start = mark_end
    flat = "".join(["".join(text[a:b].split()) for s, e in pieces for a, b in _blocks(text, s, e)])
    return flat, KeptOffsets(text, pieces)


_BLOCK = 1 << 14
_SPACE = re.compile(r"\s")  # what `str.split` splits at (`str.isspace`)


def _blocks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """`start`..`end` cut into blocks of about `_BLOCK` characters at whitespace: `str.split`
    over a whole text lists every run of it at once (~70 bytes a run: a dense table's rows are
    ~500 bytes each, for a moment, over everything the readers hold), and a run never spans two
    blocks. A text up to `_BLOCK` characters is one block (sliced whole: the string itself)."""
    while end - start > _BLOCK:
        cut = _SPACE.search(text, start + _BLOCK, end)
        if cut is None:
            break
        yield start, cut.start()
        start = cut.start()
    yield start, end


def _header_words(flat: str, pos: int) -> Iterator[tuple[int, int, str]]:
    """Header words in `flat` from `pos`, left to right, the longest at each position."""
    for m in _HEADER_WORD.finditer(flat, pos):
        yield m.start(), m.end(), _HEADER_ROLE[m.group(0)]


def _find_header(flat: str, pos: int = 0) -> tuple[int, int, tuple[str, ...]] | None:
    """The first run of header words (gaps ≤ `_HEADER_GAP`) from `pos` naming a name or level
    column and a target or actual column: (start, end, roles after the name) in `flat`. Words are
    read lazily, so finding a header costs the text up to it, not the rest of the text."""
    group: list[tuple[int, int, str]] = []
    for word in itertools.chain(_header_words(flat, pos), [None]):
        if word is not None and (not group or word[0] - group[-1][1] <= _HEADER_GAP):
            group.append(word)
            continue
        roles = [r for _, _, r in group]
        named = {"name", "level1", "level2"} & set(roles)
        if len(set(roles) - {"skip"}) >= _MIN_ROLES and named and {"target", "actual"} & set(roles):
            after = roles[max(i for i, r in enumerate(roles) if r in ("name", "level1", "level2")) + 1 :]
            columns = tuple(dict.fromkeys(r for r in after if r != "skip"))
            return group[0][0], _header_end(flat, group), columns
        group = [word] if word is not None else []
    return None


def _header_end(flat: str, group: list[tuple[int, int, str]]) -> int:
    """Where a header ends: before the form's side label when that closes the run — the next
    row's (`…指标值绩效指标产出指标…`: a reader that fills merged cells repeats the label in each
    row). Another closing word is a column of its own (`…指标得分(分)说明`)."""
    words = list(group)
    while len(words) > 1 and flat[words[-1][0] : words[-1][1]] == _SIDE_LABEL:
        words.pop()
    return words[-1][1]


def _weight_before_date(flat: str, at: int) -> int | None:
    """How many of the digits at `at` are a weight run into the date after them, when exactly one
    cut reads as a weight (1-100) then a date (`1011月30日前完成` → 2: 10 | 11月30日前完成, since
    101 is no weight and 011月 no month; `102024年9月底前` → 2). `512月底前` (5 | 12月 or 51 | 2月)
    cuts two ways: the row's full marks choose (`_full_marks_cut`), or None."""
    run = _DIGITS.match(flat, at)
    if run is None or _DATE_AFTER_WEIGHT.match(flat, at):
        return None  # a date itself (`12月20日完成`), with no weight before it
    fits = [
        k
        for k in range(1, min(len(run.group(0)), 4))
        if _WEIGHT_BEFORE_DATE.fullmatch(run.group(0), 0, k) and _DATE_AFTER_WEIGHT.match(flat, at + k)
    ]
    return fits[0] if len(fits) == 1 else _full_marks_cut(flat, at, fits)


# Longest first: `已按期完成` before `按期完成` before `完成`.
_MET_ANSWERS = sorted((*DONE_ANSWERS, *ON_TIME_ANSWERS), key=len, reverse=True)


def _full_marks_cut(flat: str, at: int, fits: list[int]) -> int | None:
    """Of the cuts of a weight run into a deadline that `_weight_before_date` cannot choose
    between, the one whose weight the row's score repeats where the row says its deadline was met:
    the actual is the target's date again or a met answer (`按期完成`), and a target met scores full
    marks, so the score is the weight (`512月底前按期完成5` → 5 | `12月底前`, since the score 5 is no
    51). None where the row was not met or no cut, or more than one, fits so."""
    chosen = []
    for k in fits:
        date = _DATE_AFTER_WEIGHT.match(flat, at + k)
        if date is None:
            continue
        met = next((a for a in (date.group(0), *_MET_ANSWERS) if flat.startswith(a, date.end())), None)
        score = _DIGITS.match(flat, date.end() + len(met)) if met else None
        if score is not None and score.group(0) == flat[at : at + k]:
            chosen.append(k)
    return chosen[0] if len(chosen) == 1 else None


def _tokens(flat: str, where: array[int], reasons: bool = False, weight_first: bool = False) -> list[_Token]:
    """`flat` cut into tokens; the characters between two matched tokens are one text token
    (found by searching for the next token, not by trying each character). With `reasons` (the
    form has a deviation column) a row's closing `无…` is cut into an actual and a reason; with
    `weight_first` (its 分值 before its 指标值) a weight run into a date is cut off it."""
    tokens: list[_Token] = []
    pos = 0
    while pos < len(flat):
        m = _TOKEN.search(flat, pos)
        text_end = len(flat) if m is None else m.start()
        if (
            text_end > pos
            and reasons
            and _closes_row(tokens, m)
            and (cut := _no_actual(flat, where, pos, text_end))
        ):
            tokens += cut
        elif text_end > pos:
            tokens += _text_tokens(flat, where, pos, text_end)
        if m is None:
            break
        kind, end = m.lastgroup or "text", m.end()
        glued = _weight_before_date(flat, m.start()) if weight_first and kind == "value" else None
        date = _DATE_AFTER_WEIGHT.match(flat, m.start() + glued) if glued else None
        if glued and date:
            weight_end = m.start() + glued
            tokens.append(
                _Token(kind, flat[m.start() : weight_end], where[m.start()], where[weight_end - 1] + 1)
            )
            tokens.append(_Token(kind, date.group(0), where[weight_end], where[date.end() - 1] + 1))
            pos = date.end()
            continue
        points = _MORE_POINTS.match(flat, end) if kind == "value" and flat[end - 1].isdigit() else None
        if points is not None:
            end = points.end()  # a second decimal point: the digits of several cells (0.4100.110)
        digits = _FUSED.search(m.group(0)) if kind == "value" and points is None else None
        if digits is not None and _is_fused(_Token(kind, digits.group(0), 0, 0)):
            end = m.start() + digits.end()  # fused digits take no unit: it is the next cell's word
        tokens.append(_Token(kind, flat[m.start() : end], where[m.start()], where[end - 1] + 1))
        pos = end
    return tokens


def worded_actuals(tokens: list[_Token]) -> list[_Token]:
    """An actual written with words around its figure, its pieces joined into one value token:
    an achievement word between the target and the figure (`≥10期`|`已完成`|`12期` → `已完成12期`,
    `约93%`), a remark in brackets after it (`856人`|`（含线上`|`126人`|`）` → `856人（含线上126人）`)
    and a remark after a comma that ends on a figure before the row's bare points
    (`97.5%`|`，较上年提高`|`1.2个百分点`|`2020`). Within a cell no separator is lost, so a comma
    or a bracket between two values is inside one cell. A task's answer before a bare number is
    the actual alone, the number the row's points (`12月底前完成`|`已完成`|`1010`, `12月底前`|
    `按期完成`|`55`)."""
    out: list[_Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        after = tokens[k + 1] if k + 1 < len(tokens) else None
        lead = t.kind == "text" and _ACHIEVED.fullmatch(t.text) is not None
        between = bool(out) and out[-1].kind == "value" and after is not None and after.kind == "value"
        answer = t.kind == "text" and (is_done_answer(t.text) or is_on_time_answer(t.text))
        if between and answer and after is not None and _is_bare(after):
            out.append(_Token("value", t.text, t.start, t.end))
            k += 1
            continue
        if lead and between and after is not None:
            out.append(_Token("value", t.text + after.text, t.start, after.end))
            k += 2
            continue
        if t.kind == "value" and not _is_bare(t) and after is not None and after.kind == "text":
            end = _remark_end(tokens, k)
            if end is not None:
                out.append(
                    _Token("value", "".join(x.text for x in tokens[k : end + 1]), t.start, tokens[end].end)
                )
                k = end + 1
                continue
        out.append(t)
        k += 1
    return out


def _remark_end(tokens: list[_Token], at: int) -> int | None:
    """The index of the last token of a remark after the value at `at`: a bracket closed by a text
    token that is the closing bracket alone, or a comma clause ending on a value with a unit (and
    a short word: `1.2个百分点`) that a bare number (the row's points) follows. None: no such
    remark."""
    opener = tokens[at + 1].text
    if opener[:1] in "（(":
        for k in range(at + 2, min(at + 4, len(tokens))):
            if tokens[k].kind == "text":
                return k if tokens[k].text in ("）", ")") else None
        return None
    if opener[:1] not in "，," or at + 3 >= len(tokens):
        return None
    figure = tokens[at + 2]
    if figure.kind != "value" or _is_bare(figure):
        return None
    end = at + 2
    if tokens[end + 1].kind == "text" and _UNIT_WORD.fullmatch(tokens[end + 1].text):
        end += 1  # a unit the vocabulary does not hold (`1.2个` | `百分点`)
    points = tokens[end + 1] if end + 1 < len(tokens) else None
    return end if points is not None and points.kind == "value" and _is_bare(points) else None


# What joins a range's two bounds in one cell (`≥95%且≤100%`, `90%-100%`, `3至5天`).
_RANGE_JOINS = frozenset(("且", "-", "－", "—", "~", "～", "至", "到"))


def ranged_values(tokens: list[_Token]) -> list[_Token]:
    """A range's bounds and the word between them joined into one value token: `≥95%`|`且`|`≤100%`
    → `≥95%且≤100%`. A cell loses no separator inside itself, and a name never ends in `且` or a
    dash: the word between two values with a unit or comparator is the range's own. Bare
    numbers (`10`|`-`|`12`) are left as they are (they may be a row's points)."""
    out: list[_Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if (
            k + 2 < len(tokens)
            and t.kind == "value"
            and tokens[k + 1].kind == "text"
            and tokens[k + 1].text in _RANGE_JOINS
            and tokens[k + 2].kind == "value"
            and not _is_bare(t)
            and not _is_bare(tokens[k + 2])
        ):
            last = tokens[k + 2]
            if _minus_sign(t, tokens[k + 1]):
                out += [t, _Token("value", tokens[k + 1].text + last.text, tokens[k + 1].start, last.end)]
            else:
                out.append(_Token("value", t.text + tokens[k + 1].text + last.text, t.start, last.end))
            k += 3
            continue
        out.append(t)
        k += 1
    return out


_MINUS = frozenset(("-", "－"))
_CEILING_OPS = ("≤", "≦", "<", "＜", "<=", "=", "＝", "═")


def _minus_sign(first: _Token, join: _Token) -> bool:
    """Whether a dash after a value is the minus of the next value, not a range's join: a range
    opens with its floor, so a first value capped by `≤` or fixed by `=` opens none
    (`≤0%`|`-`|`1.8%` is the target `≤0%` and the actual `-1.8%`: a growth rate that fell)."""
    return join.text in _MINUS and first.text.startswith(_CEILING_OPS)


def _closes_row(tokens: list[_Token], after: re.Match[str] | None) -> bool:
    """Whether a text comes after a name and its one value and before the next row's level
    word, item number or the table's end."""
    named = len(tokens) >= 2 and tokens[-1].kind == "value" and tokens[-2].kind == "text"
    return named and (after is None or after.lastgroup in ("level", "number"))


def _no_actual(flat: str, where: array[int], start: int, end: int) -> list[_Token]:
    """`无当年未发生轮换` as the actual `无` and a reason token; [] for any other text."""
    cut = start + len(_NO_ACTUAL)
    if flat.endswith(_SIDE_LABEL, cut, end):
        end -= len(_SIDE_LABEL)  # the form's merged left-hand cell, printed where its rows end
    if not flat.startswith(_NO_ACTUAL, start) or end <= cut:
        return []
    return [
        _Token("value", _NO_ACTUAL, where[start], where[cut - 1] + 1),
        _Token("reason", flat[cut:end], where[cut], where[end - 1] + 1),
    ]


def _text_tokens(flat: str, where: array[int], start: int, end: int) -> list[_Token]:
    """The text `flat[start:end]` as one text token — or, when it ends with one answer word or
    phrase written twice (`…设备维护及安全性高高`, `是是`, `有效提高有效提高`), its name part
    and two value tokens: a qualitative target and actual whose cells ran together (`高` | `高`);
    written three times, last year's result before them (`及时及时及时`), three."""

    def token(kind: str, a: int, b: int) -> _Token:
        return _Token(kind, flat[a:b], where[a], where[b - 1] + 1)

    doubled = _DOUBLED_ANSWER.search(flat, start, end)
    if doubled is None:
        return [token("text", start, end)]
    width = len(doubled.group("first"))
    # a grade target's comparator (`≥良好` | `良好`) opens the first answer, not the name's end
    op = next((o for o in _SYMBOL_OPS if flat.endswith(o, start, doubled.start())), "")
    at = doubled.start() - len(op)
    name = [token("text", start, at)] if at > start else []
    values = [token("value", a, a + width) for a in range(doubled.start(), end, width)]
    if op:
        values[0] = token("value", at, doubled.start() + width)
    return [*name, *values]


_OWN_LEVEL_ENDINGS = OWN_LEVEL_ENDINGS
_OWN_LEVEL_MAX = OWN_LEVEL_MAX
_LEVEL_COLUMNS = ("一级指标", "二级指标")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


def _ended_level(text: str) -> int:
    """Length of the shortest run leading `text` that ends in a level ending and is more than
    that ending (`预算管理预算执行率` → 4), or 0."""
    for n in range(3, min(len(text), _OWN_LEVEL_MAX) + 1):
        ending = next((e for e in _OWN_LEVEL_ENDINGS if text.endswith(e, 0, n)), None)
        if ending is not None and n > len(ending):
            return n
    return 0


def _own_level(text: str) -> int:
    """Length of the level word leading `text` (module docstring), or 0."""
    known = max((len(w) for w in LEVEL1_NAMES if text.startswith(w)), default=0)
    ended = _ended_level(text)
    if known and ended > known and _ended_level(text[known:ended]) == ended - known:
        return known
    return ended or known


def _own_levels(tokens: list[_Token], flat: str, where: KeptOffsets) -> list[_Token]:
    """`tokens` with the own level words leading each row's text cut off as level tokens."""
    out: list[_Token] = []
    for token in tokens:
        if token.kind != "text" or (out and out[-1].kind not in ("value", "reason")):
            out.append(token)
            continue
        at = where.index(token.start)
        end = where.index(token.end, at)
        for _ in _LEVEL_COLUMNS:
            n = _own_level(flat[at:end])
            if not n or len(_CJK_CHAR.findall(flat, at + n, end)) < _MIN_NAME:
                break
            out.append(_Token("level", flat[at : at + n], where[at], where[at + n - 1] + 1))
            at += n
        out.append(_Token("text", flat[at:end], where[at], token.end))
    return out


# Words a name starts with 无 in (无障碍设施…, 无偿献血…, 无害化处理率): that 无 is no deviation cell.
# Written whole where the character after 无 often starts a name itself (人均…, 感染率, 废水…,
# 房屋…, 烟叶…), so a deviation `无` before such a name is still cut off.
_NONE_WORDS = (
    "无障碍",
    "无偿",
    "无害化",
    "无公害",
    "无人机",
    "无人值守",
    "无人驾驶",
    "无线网",
    "无线电",
    "无纸化",
    "无缝",
    "无菌",
    "无证经营",
    "无烟单位",
    "无烟医院",
    "无烟学校",
    "无毒社区",
    "无废城市",
    "无息",
    "无尘",
    "无感支付",
    "无接触",
    "无忧",
    "无业人员",
    "无房户",
    "无房家庭",
)
# A name stating an absence (无重大安全事故, 无群众投诉) ends in the event it rules out.
_ABSENCE_ENDS = (
    "事故",
    "事件",
    "投诉",
    "问题",
    "发生",
    "情况",
    "现象",
    "行为",
    "案件",
    "差错",
    "违规",
    "违纪",
)


def _is_none_reason(text: str, flat: str) -> bool:
    """Whether `text`, the text after a complete row, is that row's deviation cell written `无`
    run into the next row's name (`无改造供水管网长度`): it starts with 无, what follows is a name,
    and the whole is no name of its own — no 无-word (`_NONE_WORDS`), no absence (`_ABSENCE_ENDS`),
    and not written anywhere else in the text."""
    rest = text[len(_NO_ACTUAL) :]
    return (
        text.startswith(_NO_ACTUAL)
        and len(_CJK_CHAR.findall(rest)) >= _MIN_NAME
        and not text.startswith(_NONE_WORDS)
        and not rest.endswith(_ABSENCE_ENDS)
        and flat.count(text) == 1
    )


def _none_reasons(tokens: list[_Token], flat: str, where: KeptOffsets) -> list[_Token]:
    """`tokens` with a deviation `无` cut off the next row's name where a row closed with all its
    values (two or more) and the form's last column is its deviation (`_is_none_reason`):

    `…新建集中供水工程≥12处13处1010无改造供水管网长度≥45公里…` → reason `无` for the first row,
    then the name `改造供水管网长度`. After one value the text is still the name
    (`生活垃圾清运率100%无害化处理率`), and a row's values end before its deviation cell."""
    out: list[_Token] = []
    for token in tokens:
        closed = len(out) >= 2 and out[-1].kind == "value" and out[-2].kind == "value"
        if token.kind != "text" or not closed or not _is_none_reason(token.text, flat):
            out.append(token)
            continue
        at = where.index(token.start)
        cut = at + len(_NO_ACTUAL)
        out.append(_Token("reason", _NO_ACTUAL, where[at], where[cut - 1] + 1))
        out.append(_Token("text", token.text[len(_NO_ACTUAL) :], where[cut], token.end))
    return out


_PAGE_WORDS = ("第", "共")  # 第2页, 共5页: the number of a page footer run into a cell
_PAGE = "页"


def _page_numbers(tokens: list[_Token]) -> list[_Token]:
    """`tokens` with a page footer's number (`第2页`, `第2页共5页`) kept in the text it broke:
    a number between `第`/`共` and `页` is a page's, never a cell's. So it closes no row of a
    one-value form (`免费开第2页放时长` stays one text), and a department's own level word is
    still cut off the text (`预算管理预算第2页执行率`); the footer is cut out of the name later."""
    out: list[_Token] = []
    for token in tokens:
        page = (
            token.kind == "text"
            and token.text.startswith(_PAGE)
            and len(out) >= 2
            and out[-1].kind == "value"
            and _is_bare(out[-1])
            and out[-2].kind == "text"
            and out[-2].text.endswith(_PAGE_WORDS)
        )
        if not page:
            out.append(token)
            continue
        number, before = out.pop(), out.pop()
        out.append(_Token("text", before.text + number.text + token.text, before.start, token.end))
    return out


_TREND_TARGET = re.compile("(?:" + "|".join(TREND_ADVERBS) + ")(?:" + "|".join(TREND_VERBS) + ")$")


_REACHED_ALT = alternation(REACHED_ANSWERS - {"是"})
_TREND = "(?:" + "|".join(TREND_ADVERBS) + ")(?:" + "|".join(TREND_VERBS) + ")"
_GRADE = alternation(GRADE_WORDS)
# A word target and its word actual at the end of a row's text: a trend, then a trend or an answer
# that says it was reached (`有效提升明显提升`, `有效提升达到预期`), or two grades (`好较好`).
_WORD_PAIR = re.compile(
    rf"(?:(?P<target>{_TREND})(?P<actual>{_TREND}|{_REACHED_ALT})"
    rf"|(?P<grade>{_GRADE})(?P<answer>{_GRADE}))$"
)


def _word_pairs(tokens: list[_Token], flat: str, where: KeptOffsets, weight_first: bool) -> list[_Token]:
    """`tokens` of a form with target and actual columns, a row's text that ends in a trend target
    and a trend or reached answer as its actual cut into name, target and actual, where the row's
    points follow it or the row ends:

    `…城乡供水服务水平有效提升达到预期1515…` → name `城乡供水服务水平`, `有效提升` | `达到预期`;
    two grades alike (`…沿线群众评价好较好2018…` → `好` | `较好`)
    (the points may carry the next cell's first character: `2018部分…`, see `_points`).
    A name is a noun phrase: it never ends in an adverb and a verb, nor in an answer. The name left
    must be `_MIN_NAME` characters — or, where the form prints its 分值 first, the text is the pair
    alone after the name and its weight (`…服务能力`|`20`|`有效提升明显提升`|`18…`)."""
    out: list[_Token] = []
    for n, token in enumerate(tokens):
        after = tokens[n + 1] if n + 1 < len(tokens) else None
        points = after is not None and after.kind == "value" and _POINTS.fullmatch(after.text) is not None
        closes = after is None or after.kind in ("level", "number") or points
        pair = _WORD_PAIR.search(token.text) if token.kind == "text" and closes else None
        weighed = (
            weight_first
            and len(out) >= 2
            and out[-1].kind == "value"
            and _is_bare(out[-1])
            and out[-2].kind == "text"
            and pair is not None
            and pair.start() == 0
        )
        if pair is None or (len(_CJK_CHAR.findall(token.text, 0, pair.start())) < _MIN_NAME and not weighed):
            out.append(token)
            continue
        at = where.index(token.start)
        second = "actual" if pair.group("target") else "answer"
        cut, middle = at + pair.start(), at + pair.start(second)
        if pair.start() > 0:
            out.append(_Token("text", token.text[: pair.start()], token.start, where[cut - 1] + 1))
        out.append(_Token("value", flat[cut:middle], where[cut], where[middle - 1] + 1))
        out.append(_Token("value", pair.group(second), where[middle], token.end))
    return out


def _name_and_word_value(token: _Token, cut: int, where: KeptOffsets) -> list[_Token]:
    """A text token cut at character `cut` into the name before and a value in words after."""
    at = where.index(token.start) + cut
    return [
        _Token("text", token.text[:cut], token.start, where[at - 1] + 1),
        _Token("value", token.text[cut:], where[at], token.end),
    ]


def _word_targets(tokens: list[_Token], flat: str, where: KeptOffsets) -> list[_Token]:
    """`tokens` of a form whose only value column is its target, with a trend target written in
    words (`vocab.TREND_ADVERBS` + `TREND_VERBS`) cut off the end of a row's text that closes
    the row (the next token a level word, an item number or the table's end):

    `…社会效益指标群众文化素养稳步提升满意度指标…` → name `群众文化素养`, target `稳步提升`.
    The name left must be `_MIN_NAME` characters; a text followed by a value is a name."""
    out: list[_Token] = []
    for n, token in enumerate(tokens):
        after = tokens[n + 1] if n + 1 < len(tokens) else None
        closes = after is None or after.kind in ("level", "number")
        trend = _TREND_TARGET.search(token.text) if token.kind == "text" and closes else None
        if trend is None or len(_CJK_CHAR.findall(token.text, 0, trend.start())) < _MIN_NAME:
            out.append(token)
            continue
        out += _name_and_word_value(token, trend.start(), where)
    return out


# Two words a form writes as a 定性 row's target and actual share their closing word (年底前完成 |
# 按期完成, 有所提升 | 明显提升): the target ends where that word first ends.
_PARALLEL_END = 2


def _parallel_words(text: str) -> int | None:
    """Where the first of two phrases closing in the same two characters ends, when each is
    longer than that word: `年底前完成按期完成` → 5. None for any other text."""
    ending = text[-_PARALLEL_END:]
    first = text.find(ending)
    cut = first + _PARALLEL_END
    if len(text) < 2 * _PARALLEL_END + 2 or first < 1 or cut > len(text) - _PARALLEL_END - 1:
        return None
    return cut if text.count(ending) == 2 else None


def _qualitative_nature(tokens: list[_Token], flat: str, where: KeptOffsets) -> list[_Token]:
    """`tokens` of a form with a 指标性质 column, where a row's text holds the 性质 `定性` after
    its name and then the target and actual in words: the name ends before `定性`, and the words
    are cut as two parallel phrases (`_parallel_words`) or an answer written twice:

    `培训任务完成时限定性年底前完成按期完成` → name `培训任务完成时限`, `年底前完成` | `按期完成`.
    A text ending in `定性` before a value in words or a date (`…完成时限定性` `10月底前完成`) loses
    the 性质 only; before any other figure (a weight-first form's 分值) it is left as it was.
    Words that cut neither way leave the text as it was."""
    out: list[_Token] = []
    for n, token in enumerate(tokens):
        at = token.text.find(QUALITATIVE_NATURE) if token.kind == "text" else -1
        words = token.text[at + len(QUALITATIVE_NATURE) :]
        cut = _parallel_words(words) if at >= 0 else None
        doubled = _DOUBLED_ANSWER.fullmatch(words) if at >= 0 else None
        cut = cut if cut is not None else (doubled.end("first") if doubled else None)
        after = tokens[n + 1] if n + 1 < len(tokens) else None
        word_value = (
            after is not None
            and after.kind == "value"
            and (not _DIGITS.search(after.text) or _DATE_AFTER_WEIGHT.fullmatch(after.text) is not None)
        )
        if (cut is None and (words or at < 0 or not word_value)) or len(
            _CJK_CHAR.findall(token.text, 0, at)
        ) < _MIN_NAME:
            out.append(token)
            continue
        start = where.index(token.start)
        nature, words_at = start + at, start + at + len(QUALITATIVE_NATURE)
        end = words_at + len(words)
        out.append(_Token("text", flat[start:nature], token.start, where[nature - 1] + 1))
        if cut is None:
            continue  # the words are value tokens of their own (a date): 定性 only ends the name
        out.append(
            _Token("value", flat[words_at : words_at + cut], where[words_at], where[words_at + cut - 1] + 1)
        )
        out.append(_Token("value", flat[words_at + cut : end], where[words_at + cut], token.end))
    return out


def _paired_cells(tokens: list[_Token], where: KeptOffsets) -> tuple[list[_Token], bool]:
    """`tokens` with each cell that pairs a target and its actual behind their labels
    (`domain.paired`) cut into the two values, the labels dropped, and whether any was:

    `帮扶困难职工人数目标值：`|`≥1500人`|`；实际完成值：`|`1623人`|`2020` → name `帮扶困难职工人数`,
    `≥1500人` | `1623人` | `2020`; words behind the labels are values too (`…时间目标值：春节前；实际
    完成值：春节前`). The target label follows the row's name (or its 分值 printed first), and each
    label is followed by its value: a row that breaks that order is left as it was (its name
    holds a label and it is not read)."""
    out: list[_Token] = []
    paired = False
    k = 0
    while k < len(tokens):
        cut = _paired_cell(tokens, k, where, bool(out) and out[-1].kind == "value" and _is_bare(out[-1]))
        if cut is None:
            out.append(tokens[k])
            k += 1
            continue
        read, k = cut
        out += read
        paired = True
    return out, paired


def _paired_cell(
    tokens: list[_Token], k: int, where: KeptOffsets, after_weight: bool
) -> tuple[list[_Token], int] | None:
    """The name (if any), target and actual a paired cell starting in `tokens[k]` gives, and the
    index after it; None where `tokens[k]` opens no such cell."""
    token = tokens[k]
    label = TARGET_LABEL.search(token.text) if token.kind == "text" else None
    if label is None:
        return None
    named = len(_CJK_CHAR.findall(token.text, 0, label.start())) >= _MIN_NAME
    if not (named or (label.start() == 0 and after_weight)):
        return None
    at = where.index(token.start)

    def piece(kind: str, a: int, b: int) -> _Token:  # characters a..b of the token
        return _Token(kind, token.text[a:b], where[at + a], where[at + b - 1] + 1)

    out = [piece("text", 0, label.start())] if label.start() else []
    rest = token.text[label.end() :]
    if rest:  # the target in words, then the actual's label, in this token
        actual = ACTUAL_LABEL.search(rest)
        if actual is None or actual.start() == 0:
            return None
        out.append(piece("value", label.end(), label.end() + actual.start()))
        words = label.end() + actual.end()
        if words < len(token.text):
            return [*out, piece("value", words, len(token.text))], k + 1
        following = tokens[k + 1 : k + 2]
        if not following or following[0].kind != "value":
            return None
        return [*out, following[0]], k + 2
    following = tokens[k + 1 : k + 4]
    if len(following) < 2 or following[0].kind != "value" or following[1].kind != "text":
        return None
    actual = ACTUAL_LABEL.match(following[1].text)
    if actual is None:
        return None
    if actual.end() < len(following[1].text):  # the actual in words after its label
        second = following[1]
        offset = where.index(second.start)
        worded = _Token("value", second.text[actual.end() :], where[offset + actual.end()], second.end)
        return [*out, following[0], worded], k + 3
    if len(following) < 3 or following[2].kind != "value":
        return None
    return [*out, following[0], following[2]], k + 4


def _part_year_first(roles: tuple[str, ...]) -> bool:
    """Whether the form prints another period's target right before the year's target and actual
    (上半年指标值 | 全年指标值 | 全年实际完成值)."""
    numeric = [r for r in roles if r in _NUMERIC_ROLES]
    return any(numeric[k : k + 3] == [PARTIAL_ROLE, "target", "actual"] for k in range(len(numeric)))


def _part_year_words(tokens: list[_Token], flat: str, where: KeptOffsets) -> list[_Token]:
    """`tokens` of a form printing a part-year target before the year's (`_part_year_first`), with
    that target in words cut off a row's text where the year's target and actual follow in words:
    `村容村貌逐步改善` `明显改善` `明显改善` → name `村容村貌`, then `逐步改善` | `明显改善` | `明显改善`.
    The words are a trend (a name never ends in an adverb and a verb); a text that is the trend
    alone after a bare number (the 分值 printed first) is that cell whole."""
    out: list[_Token] = []
    for n, token in enumerate(tokens):
        pair = tokens[n + 1 : n + 3]
        worded = len(pair) == 2 and all(t.kind == "value" and not _DIGITS.search(t.text) for t in pair)
        trend = _TREND_TARGET.search(token.text) if token.kind == "text" and worded else None
        if trend is None:
            out.append(token)
            continue
        if trend.start() == 0 and out and out[-1].kind == "value" and _is_bare(out[-1]):
            out.append(_Token("value", token.text, token.start, token.end))
            continue
        if len(_CJK_CHAR.findall(token.text, 0, trend.start())) < _MIN_NAME:
            out.append(token)
            continue
        out += _name_and_word_value(token, trend.start(), where)
    return out


_AGE = ("岁", "周岁")  # `65岁以上老年人…`, `0-6岁儿童…`: an age opens a name, never a cell


def _ages(tokens: list[_Token]) -> list[_Token]:
    """`tokens` with an age at a row's start given to the name it opens: a bare number (or a
    range of two, `0`|`-`|`6`) right after a level word or an item number and before text
    starting with 岁 is no item number and no value (`数量指标`|`65`|`岁以上老年人健康体检人数` →
    the name `65岁以上老年人健康体检人数`). After a value the number may hold the last cell's
    digits too (`…2065岁以上…`), so it is left as it was there."""
    out: list[_Token] = []
    for n, token in enumerate(tokens):
        after = tokens[n + 1] if n + 1 < len(tokens) else None
        opens = after is not None and after.kind == "text" and after.text.startswith(_AGE)
        if not (opens and token.kind == "value" and _is_bare(token)):
            out.append(token)
            continue
        first = len(out)
        if first >= 2 and out[-1].kind == "text" and out[-1].text in _RANGE_JOINS and _is_bare(out[-2]):
            first -= 2
        if first and out[first - 1].kind not in ("level", "number"):
            out.append(token)
            continue
        start = out[first].start if first < len(out) else token.start
        text = "".join(t.text for t in out[first:]) + token.text
        del out[first:]
        out.append(_Token("text", text, start, token.end))
    return out


_BARE_HEAD = re.compile(r"\d+(?:\.\d+)?")


def _points_open_text(
    tokens: list[_Token], roles: tuple[str, ...], flat: str, where: KeptOffsets
) -> list[_Token]:
    """`tokens` with the unit read onto a 分值/得分 cell's number given back to the text after it.

    Those columns hold bare numbers, so the characters the token reader took for a unit are the
    first of the next cell: the next row's name (`…3168.4万元1010户均改造成本…` → `1010` |
    `户均改造成本`, not `1010户` | `均改造成本`) or a 偏差原因. A value is in a points column where
    as many values come before it in its row as the form prints numeric columns before that
    column (`≤3200万元` `3168.4万元` then 分值 in 年度指标值 | 实际完成值 | 分值 | 得分)."""
    numeric = [r for r in roles if r in _NUMERIC_ROLES]
    out: list[_Token] = []
    count = 0  # values since the row's last text
    given, given_at = "", 0  # characters given to the text token next, and where they stand
    for n, token in enumerate(tokens):
        if token.kind != "value":
            if given:
                token = _Token("text", given + token.text, given_at, token.end)
            out.append(token)
            count, given = 0, ""
            continue
        after = tokens[n + 1] if n + 1 < len(tokens) else None
        head = _BARE_HEAD.match(token.text)
        points = count < len(numeric) and numeric[count] in ("weight", "score")
        count += 1
        unit = head is not None and head.end() < len(token.text)
        if head is None or not (points and unit and after is not None and after.kind == "text"):
            out.append(token)
            continue
        at = where.index(token.start)
        cut = at + head.end()
        given, given_at = flat[cut : where.index(token.end, at)], where[cut]
        out.append(_Token("value", head.group(0), token.start, where[cut - 1] + 1))
    return out


# patterns of the row readers below, compiled once (`re.sub(pattern, ...)` looks each up per call)
_LEVEL_POINTS = re.compile(r"[(（]?\d+分[)）]?$")  # a level word's points (`产出指标(50分)`)
_TWO_THEN_RATE = re.compile(r"2((?:[1-9]\d?|100|0)(?:\.\d+)?)%")  # `290%`: `≥90%` as OCR read it


def _rows(tokens: list[_Token], values: int = 2) -> Iterator[_Row]:
    """The tokens as rows; text after `values` values starts a row (two by default: one value
    between texts is part of a name; one where the form's only value column is its target)."""
    row, stated = _Row(Levels()), list[Cell]()
    for token in tokens:
        if token.kind == "level":
            word = _LEVEL_POINTS.sub("", token.text)
            stated.append(Cell(word, token.start, token.start + len(word)))
            continue
        if stated:  # the level words in a row (一级 then 二级) are read together
            yield row
            row, stated = _Row(next_levels(row.levels, stated)), []
        if token.kind == "number":
            yield row
            row = _Row(row.levels)
        elif token.kind == "value" and not (row.name or row.values) and _ITEM_NUMBER.fullmatch(token.text):
            continue
        elif token.kind == "value":
            row.values.append(token)
        elif token.kind == "reason":
            row.deviation = token
        elif row.name and (len(row.values) >= values or any(_is_fused(v) for v in row.values)):
            yield row
            row = _Row(row.levels, [token], after_values=True)
        else:
            row.name.extend([*row.values, token])  # a lone value between texts is part of the name
            row.values = []
    yield row


def _name(tokens: list[_Token], unit_column: bool) -> Cell | None:
    """The row's name: its text, less a unit the form prints in its own column (`面积万亩`)."""
    if not tokens:
        return None
    name = "".join(t.text for t in tokens)
    end = tokens[-1].end
    if unit_column:
        unit = _UNIT_END.search(name)
        if unit and unit.start() >= _MIN_NAME:
            end -= len(unit.group(0))  # the unit was the last token's tail, without spaces
            name = name[: unit.start()]
    return Cell(name, tokens[0].start, max(end, tokens[0].start + 1))


_DIRECTION_END = re.compile("(?:" + alternation(DIRECTION_WORDS) + ")$")


def _without_direction(name: Cell | None, roles: tuple[str, ...]) -> Cell | None:
    """The name less the direction (正向/反向) run onto its end, in a form whose 指标性质 column
    holds a row's direction rather than its comparator: fused, the cell between the name and
    the target joins the name (`亩均财政投入反向` `≤1500元/亩`), and a name never ends in one. A
    name read on past it (`…时限正向12月底前按期完成`) is misread either way and keeps its text."""
    m = _DIRECTION_END.search(name.text) if name is not None and "op" in roles else None
    if name is None or m is None or len(_CJK_CHAR.findall(name.text, 0, m.start())) < _MIN_NAME:
        return name
    return Cell(name.text[: m.start()], name.start, name.end - len(m.group(0)))


def _holds_values(name: Cell) -> bool:
    """Whether a row's name holds a value label with its colon (`…人数目标值：≥1500人；实际完成值：`):
    fused, a cell pairing the target and the actual ran into the name, and which figure is which
    cannot be told from the row's tokens; the row is not read rather than read with its values in
    its name."""
    return VALUE_LABEL.search(name.text) is not None


def _is_fused(token: _Token) -> bool:
    """Digits of several cells run together: a long number with no point (`951010010`), with
    a long tail after its point (`0.510010`), or with two points (`0.4100.110`)."""
    text = token.text.lstrip("".join(SYMBOL_OPS))
    m = _FUSED.match(text)
    if m is None:
        return False
    if m.group("point") is not None and _MORE_POINTS.match(text, m.end()):
        return True  # a second point right after the number (a remark's figure is no such point)
    if m.group("point") is None:
        return len(m.group(0)) >= _FUSED_DIGITS
    return len(m.group("frac")) >= _FUSED_FRACTION


def _is_bare(token: _Token) -> bool:
    return _BARE_HEAD.fullmatch(token.text) is not None


def _place(values: list[_Token], roles: tuple[str, ...]) -> tuple[dict[str, _Token], bool]:
    """Each value's column, and whether fused digits cut the row short.

    Values before the first fused run are whole cells and take the columns in order; nothing
    after it is placed (which digits belong to which cell cannot be told). A row short of its
    columns whose comparator would fall outside the target (`20` | `≥8688.520` under 分值 | 指标值 |
    完成值 | 得分: the weight, then a target, an actual and a score run together) is fused too."""
    numeric = [r for r in roles if r in _NUMERIC_ROLES]
    intact = list(itertools.takewhile(lambda t: not _is_fused(t), values))
    if len(intact) < len(values) or len(values) == len(numeric):
        return dict(zip(numeric, intact, strict=False)), len(intact) < len(values)
    if PARTIAL_ROLE in numeric:
        return {}, False  # values short of the columns: which one is the other period's is not known
    placed: dict[str, _Token] = {}
    if len(intact) > 1 and "score" in numeric and _is_bare(intact[-1]):
        placed["score"] = intact.pop()
    if len(intact) > 2 and "weight" in numeric and _is_bare(intact[0]):
        placed["weight"] = intact.pop(0)
    placed.update(zip([r for r in ("target", "actual") if r in numeric], intact, strict=False))
    if any(_COMPARED.match(token.text) for role, token in placed.items() if role != "target"):
        return {}, True  # only a target opens with a comparator: the cells ran together unseen
    return placed, False


def _repair_target(token: _Token, actual: _Token | None) -> tuple[str, bool]:
    """`290%` against a rate actual: the OCR of `≥90%` (a rate target above 100 % is impossible).
    What is left after the `2` must be a rate as written (`20100%` is no `≥0100%`)."""
    m = _TWO_THEN_RATE.fullmatch(token.text)
    if m and float(token.text[:-1]) > 100 and actual is not None and actual.text.endswith("%"):
        return "≥" + m.group(1) + "%", True
    return token.text, False


def _unit_by_name(roles: tuple[str, ...]) -> bool:
    """Whether the form prints a 计量单位 column between the name and the target, so a row's unit
    runs into the end of its name (`面积万亩`). A 度量单位 after the 指标值 runs into the target
    (`≥800人次`) instead, and a name ending in a unit's character (`人均培训成本`) keeps it."""
    return "unit" in roles and ("target" not in roles or roles.index("unit") < roles.index("target"))


def _measure_unit(target: Cell | None, roles: tuple[str, ...]) -> str | None:
    """The unit of a form's 度量单位 column after the 指标值, run into the target (`≥800人次`):
    the row's unit, which a bare actual (`856`) is written in too."""
    if target is None or "unit" not in roles or _unit_by_name(roles):
        return None
    return parse_target(target.text).unit


def _row_unit(row: _Row, roles: tuple[str, ...]) -> str:
    """The unit a row prints in the form's 计量单位 column (the tail of its name), or ''."""
    unit = _UNIT_END.search("".join(t.text for t in row.name)) if _unit_by_name(roles) else None
    return unit.group(0) if unit else ""


def _fused_run(row: _Row) -> _Token | None:
    """The row's one value when it is a run of several cells' digits."""
    return row.values[0] if len(row.values) == 1 and _is_fused(row.values[0]) else None


def _table_weight(rows: list[_Row], roles: tuple[str, ...]) -> str | None:
    fused = [FusedRow(run.text, _row_unit(row, roles) == "%") for row in rows if (run := _fused_run(row))]
    return shared_weight(fused, _split_columns(roles))


def _short_of_weight(row: _Row, roles: tuple[str, ...]) -> bool:
    """A row one cell short in a form whose first numeric column is the weight (分值 | 指标值 …)."""
    numeric = [r for r in roles if r in _NUMERIC_ROLES]
    return bool(numeric) and numeric[0] == "weight" and len(row.values) == len(numeric) - 1


def _table_glued_weight(rows: list[_Row], roles: tuple[str, ...]) -> str | None:
    return glued_weight([[v.text for v in row.values] for row in rows if _short_of_weight(row, roles)])


_DAYS_LIMIT = re.compile(r"(?P<days>\d+)[日天]内")
_RATE_VALUE = re.compile(r"(?P<rate>\d+(?:\.\d+)?)%")
_YEAR_DAYS = 365  # a time limit set in days is within the year evaluated


def _weight_run_into_target(row: _Row, roles: tuple[str, ...]) -> bool:
    """A row one cell short in a form printing its 分值 first, whose first value cannot be its
    target as written: a rate above 100 % (`1095%`) or a time limit in days beyond the year
    (`1030日内`). The weight ran into the target, and where it ends nothing proves (`_unglued`
    found no cut): its values are not placed rather than read with the points in the target."""
    if not _short_of_weight(row, roles):
        return False
    first = row.values[0].text
    rate = _RATE_VALUE.fullmatch(first)
    days = _DAYS_LIMIT.fullmatch(first)
    return bool(rate and float(rate["rate"]) > _RATE_CAP) or bool(days and int(days["days"]) > _YEAR_DAYS)


def _own_glued_weight(row: _Row, roles: tuple[str, ...]) -> str | None:
    """The weight a rate row proves glued to its own target: `20100%` | `100%` | `20` reads 20 |
    100% | 100% | 20, since a rate target of 20100 % is impossible and the row met it in full
    marks (its score the glued digits, its actual the rest as written); so does a time limit
    written again as its actual (`1030日内` | `30日内` | `10` reads 10 | 30日内 | 30日内 | 10)."""
    if not _short_of_weight(row, roles) or len(row.values) != 3:
        return None
    first, actual, score = (v.text for v in row.values)
    glued = first == score + actual and unglue(first, score) is not None
    if glued and first.endswith("%"):
        return score if float(first[:-1]) > _RATE_CAP else None
    # a time limit met (`1030日内` | `30日内` | `10`): the limit written again as the actual, so the
    # row scored full marks, and the digits before the limit are those marks
    return score if glued and actual.endswith(_TIME_LIMIT_END) else None


_RATE_FLOOR = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?(?=%)")


def _range_floor(text: str) -> float | None:
    """The floor of a rate range as written (`90%-100%` → 90), or None for any other value."""
    floor = _RATE_FLOOR.match(text)
    joined = floor is not None and text[floor.end() + 1 : floor.end() + 2] in _RANGE_JOINS
    return float(floor.group(0)) if floor is not None and joined else None


def _range_glued_weight(row: _Row, roles: tuple[str, ...]) -> str | None:
    """The weight a rate range row proves glued to its floor: `2090%-100%` | `95.3%` | `20` reads
    20 | 90%-100% | 95.3% | 20, since a floor of 2090 % is impossible, the row's score is the
    digits it opens with (full marks: the weight) and the floor left is a rate."""
    if not _short_of_weight(row, roles) or len(row.values) != 3:
        return None
    first, _, score = (v.text for v in row.values)
    floor, left = _range_floor(first), _range_floor(first[len(score) :])
    glued = first.startswith(score) and floor is not None and floor > _RATE_CAP
    return score if glued and left is not None and left <= _RATE_CAP else None


def _unglued(row: _Row, roles: tuple[str, ...], weight: str | None) -> _Row | None:
    """The row with the table's glued weight cut off its target (`8550万粒` → `8` | `550万粒`),
    or a rate row's own (`_own_glued_weight`, `_range_glued_weight`)."""
    range_weight = None if weight else _range_glued_weight(row, roles)
    weight = weight or _own_glued_weight(row, roles) or range_weight
    if weight is None or not _short_of_weight(row, roles):
        return None
    first = row.values[0]
    target = first.text[len(weight) :] if weight == range_weight else unglue(first.text, weight)
    if target is None:
        return None
    contiguous = first.end - first.start == len(first.text)
    cut = first.start + len(weight) if contiguous else first.start
    pieces = [
        _Token("value", weight, first.start, cut if contiguous else first.end),
        _Token("value", target, cut, first.end),
    ]
    return _Row(row.levels, row.name, [*pieces, *row.values[1:]])


def _short_of_score(row: _Row, roles: tuple[str, ...]) -> bool:
    """A row one cell short in a form whose numeric columns end in 分值 | 得分, ending in a bare
    number (`≥12处 13处 1010`): its weight and score may have run together."""
    numeric = [r for r in roles if r in _NUMERIC_ROLES]
    return (
        numeric[-2:] == ["weight", "score"]
        and len(row.values) == len(numeric) - 1
        and _POINTS.fullmatch(row.values[-1].text) is not None
    )


def _table_scores_fused(rows: list[_Row], roles: tuple[str, ...]) -> bool:
    """Whether the table's rows end in a weight and a score run together: those one cell short,
    and those whose actual, weight and score the target proved (`_actual_split`)."""
    short = [_points(row.values[-1]).text for row in rows if _short_of_score(row, roles)]
    proved = [
        w.text + s.text
        for row in rows
        if (split := _actual_split(row, roles))
        for w, s in [split.values[-2:]]
    ]
    return weights_with_scores(short + proved) if short else False


def _points(token: _Token) -> _Token:
    """A 分值/得分 cell's number: those columns hold no unit, so a unit character read after the
    number is the first character of the next cell's words (`8部分路段…`, `9个别村组…`)."""
    m = _POINTS.fullmatch(token.text)
    if m is None or not m.group("unit"):
        return token
    number = m.group("number")
    contiguous = token.end - token.start == len(token.text)
    return _Token(token.kind, number, token.start, token.start + len(number) if contiguous else token.end)


def _score_split(row: _Row, roles: tuple[str, ...], proven: bool) -> _Row | None:
    """The row with its last number cut into weight and score (`1010` → `10` | `10`), where the
    table proves its rows end so (`fused_split.weights_with_scores`)."""
    if not proven or not _short_of_score(row, roles):
        return None
    last = _points(row.values[-1])
    cut = weight_score_cut(last.text)
    if cut is None:
        return None
    return _Row(row.levels, row.name, [*row.values[:-1], *_pieces(last, cut)], row.deviation)


def _pieces(run: _Token, cut: Iterable[Piece]) -> list[_Token]:
    """The cut's pieces as value tokens, each at its digits where the run was written without
    spaces, else spanning the whole run (which digit sits where is not known then)."""
    contiguous = run.end - run.start == len(run.text)
    return [
        _Token("value", p.text, run.start + p.offset, run.start + p.offset + len(p.text))
        if contiguous
        else _Token("value", p.text, run.start, run.end)
        for p in cut
    ]


def _actual_split(row: _Row, roles: tuple[str, ...]) -> _Row | None:
    """The row with the digits after its whole target cut into 完成值 | 分值 | 得分, where the
    target proves the one cut (`fused_split.actual_weight_score_cut`): `≥800人次` `8561515` →
    `856` | `15` | `15`."""
    numeric = [r for r in roles if r in _NUMERIC_ROLES]
    if numeric != ["target", "actual", "weight", "score"] or len(row.values) != 2:
        return None
    target, run = row.values
    cut = actual_weight_score_cut(run.text, target.text) if _is_bare(run) else None
    if cut is None:
        return None
    return _Row(row.levels, row.name, [target, *_pieces(run, cut)], row.deviation)


def _split_columns(roles: tuple[str, ...]) -> tuple[str, ...]:
    """The columns a fused run of digits is cut into (`fused_split.numeric_columns`); none where
    the form prints another period's figures too, whose digits the cut would hand to a field."""
    return () if PARTIAL_ROLE in roles else numeric_columns(roles)


def _split_cells(row: _Row, roles: tuple[str, ...], weight: str | None) -> SplitRow | None:
    run = _fused_run(row)
    if run is None or weight is None:
        return None
    split = split_row(FusedRow(run.text, _row_unit(row, roles) == "%"), _split_columns(roles), weight)
    if split is not None and split.target_ge and "op" not in roles:
        return None  # a leading 2 is a ≥ only where the form has a 指标性质 column for it
    return split


def _split_values(row: _Row, roles: tuple[str, ...], split: SplitRow) -> dict[str, Cell]:
    """The split pieces as cells; a value keeps the row's unit (the 计量单位 column)."""
    run = row.values[0]
    contiguous = run.end - run.start == len(run.text)
    unit = _row_unit(row, roles)
    cells = {}
    for role, piece in split.cells.items():
        start = run.start + piece.offset if contiguous else run.start
        end = start + len(piece.text) if contiguous else run.end
        text = piece.text + unit if role in ("target", "actual") else piece.text
        if role == "target" and split.target_ge:
            text = "≥" + text
        cells[role] = Cell(text, start, end)
    return cells


def _candidate(
    row: _Row,
    roles: tuple[str, ...],
    weight: str | None = None,
    glued: str | None = None,
    scores_fused: bool = False,
) -> Candidate | None:
    name = _without_direction(_name(row.name, _unit_by_name(roles)), roles)
    if name is None or len(_CJK_CHAR.findall(name.text)) < _MIN_NAME or _holds_values(name):
        return None
    if not row.values:
        return None
    notes = [SPLIT_NOTE]
    confidence = NOTE_CONFIDENCE
    if (unglued := _unglued(row, roles, glued)) is not None:
        row = unglued
        notes.append(SPLIT_WEIGHT_NOTE if glued is not None else OWN_WEIGHT_NOTE)
        confidence = SPLIT_CONFIDENCE
    elif (split_score := _score_split(row, roles, scores_fused)) is not None:
        row = split_score
        notes.append(SCORE_SPLIT_NOTE)
        confidence = SPLIT_CONFIDENCE
    elif (split_actual := _actual_split(row, roles)) is not None:
        row = split_actual
        notes.append(SCORE_SPLIT_NOTE)
        confidence = SPLIT_CONFIDENCE
    placed, fused = _place(row.values, roles)
    if unglued is None and _weight_run_into_target(row, roles):
        placed, fused = {}, True
    cells: dict[str, Cell] = {}
    split = _split_cells(row, roles, weight) if fused else None
    if split is not None:
        cells = _split_values(row, roles, split)
        notes += [SPLIT_WEIGHT_NOTE, *([OCR_NOTE] if split.target_ge else [])]
        confidence = SPLIT_CONFIDENCE
        placed = {}
    elif fused:
        notes.append(FUSED_NOTE)
    for role, token in placed.items():
        token = _points(token) if role in ("weight", "score") else token
        value = token.text
        if role == "target":
            value, repaired = _repair_target(token, placed.get("actual"))
            if repaired:
                notes.append(OCR_NOTE)
        cells[role] = Cell(value, token.start, token.end)
    return Candidate(
        name=name,
        level1=row.levels.level1,
        level2=row.levels.level2,
        target=cells.get("target"),
        actual=cells.get("actual"),
        weight=cells.get("weight"),
        score=cells.get("score"),
        deviation=Cell(row.deviation.text, row.deviation.start, row.deviation.end) if row.deviation else None,
        source_kind="table",
        confidence=confidence,
        table_start=name.start,
        notes=tuple(notes),
        unit=_measure_unit(cells.get("target"), roles),
    )


def _lost_points(candidate: Candidate | None) -> bool:
    """A row scored below its weight with no reason read: its 偏差原因 cell holds words."""
    if candidate is None or candidate.deviation is not None or not (candidate.weight and candidate.score):
        return False
    weight, score = _POINTS.fullmatch(candidate.weight.text), _POINTS.fullmatch(candidate.score.text)
    return weight is not None and score is not None and float(score["number"]) < float(weight["number"])


def _without_run_on_reasons(read: list[tuple[_Row, Candidate | None]]) -> list[Candidate]:
    """The rows' candidates, less a row whose name began right after a row that lost points.
    Such a row writes why in its 偏差原因 cell, and with no separator and no level word between,
    that reason runs into the next name (`…106受雨季影响工期顺延路况问题处置时限≤5个工作日…`):
    where the reason ends cannot be told, so the name is not read rather than read wrong."""
    out: list[Candidate] = []
    previous: Candidate | None = None
    for row, candidate in read:
        if candidate is not None and not (row.after_values and _lost_points(previous)):
            out.append(candidate)
        previous = candidate
    return out


def _words_before_values(roles: tuple[str, ...]) -> bool:
    """Whether the form has a column of words (指标方向, 评分标准, 指标解释) before one of its value
    columns. Fused, those words run into the cells around them, and carry figures of their own
    (`每少5%扣1分`): which figure is the target or the actual cannot be told, so the table's rows
    are not read here rather than read with a criterion's words in the name and its figures in
    the values."""
    words = [i for i, role in enumerate(roles) if role in WORD_ROLES]
    return bool(words) and any(role in _NUMERIC_ROLES for role in roles[words[0] + 1 :])


def _points_inside_target(roles: tuple[str, ...]) -> bool:
    """Whether a points column (分值, 得分) stands between a split target's 指标性质 and its 指标值
    (`指标性质 | 分值 | 指标值`). Fused, the comparator, the points and the target's figure run
    into one number (`≥15800人次`: 15 and 800, or 1 and 5800): where one ends cannot be told, so
    the table's rows are not read here rather than read with the points in the target."""
    if "op" not in roles or "target" not in roles:
        return False
    op, target = roles.index("op"), roles.index("target")
    return any(role in ("weight", "score") for role in roles[op + 1 : target])


_DIRECTION_BEFORE_FIGURE = re.compile("(?:" + alternation(DIRECTION_WORDS) + r")\d")


def _directions(flat: str, start: int, end: int) -> bool:
    """Whether the table's 指标性质 cells hold directions (正向/反向) rather than comparators: a
    direction run into a figure after it (`正向20≥2.5万亩`). A direction is a word, so the 分值 after
    it starts a figure of its own, and the target opens with its own comparator; the points there
    run into nothing (`_points_inside_target` is about a comparator in the 性质 cell)."""
    return _DIRECTION_BEFORE_FIGURE.search(flat, start, end) is not None


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def read_fused(text: str, unread: Callable[[int, int], bool] | None = None) -> list[Candidate]:
    """Rows of every fused indicator table in `text` (see the module docstring). `unread(start,
    end)`: whether what is read from the range would be dropped (it lies in tables another reader
    read); a line of a headerless form it covers is not read (`_headerless`)."""
    if _NAMED_MARK not in text:
        return []  # no name or level column word (all hold 指标), no headerless row: nothing to read
    repaired = repaired_text(text)
    flat, where = squashed_offsets(repaired)
    found: list[Candidate] = []
    offset = 0 if _VALUE_MARK in text else len(flat)  # a header names a target or actual column
    declined = False  # a table seen and not read: its rows are not read without their header either
    while (header := _find_header(flat, offset)) is not None:
        _, h_end, roles = header
        line_end = _line_end(repaired, where[h_end - 1])
        tail_text = flat[h_end : where.index(line_end, h_end)]  # the rest of the header's line
        tail = len(tail_text) if _DIGITS.search(tail_text) else 0  # rows hold values; more header does not
        stop = _STOP.search(flat, h_end)
        rows_end = stop.start() if stop else len(flat)
        offset = max(rows_end, h_end)
        if tail < _MIN_TAIL:
            continue  # the header has a line to itself: a layout with separators reads it
        directed = _directions(flat, h_end, rows_end)
        if _words_before_values(roles) or (_points_inside_target(roles) and not directed):
            declined = True
            continue
        reasons = "deviation" in roles and "actual" in roles
        only_target = [r for r in roles if r in _NUMERIC_ROLES] == ["target"]
        weight_first = [r for r in roles if r in _NUMERIC_ROLES][:1] == ["weight"]
        tokens = ranged_values(
            worded_actuals(
                _page_numbers(
                    _tokens(flat[h_end:rows_end], where.slice(h_end, rows_end), reasons, weight_first)
                )
            )
        )
        header_text = flat[header[0] : h_end]
        if any(w in header_text for w in _LEVEL_COLUMNS) and all(t.kind != "level" for t in tokens):
            tokens = _own_levels(tokens, flat, where)
        if reasons and roles[-1] == "deviation":
            tokens = _none_reasons(tokens, flat, where)
        if only_target:
            tokens = _word_targets(tokens, flat, where)
        elif "target" in roles and "actual" in roles:
            tokens = _word_pairs(tokens, flat, where, weight_first)
        if "op" in roles:
            tokens = _qualitative_nature(tokens, flat, where)
        tokens, paired = _paired_cells(tokens, where)
        if paired and "actual" not in roles:
            at = roles.index("target") + 1 if "target" in roles else len(roles)
            roles = (*roles[:at], "actual", *roles[at:])  # the paired column holds both
        if _part_year_first(roles):
            tokens = _part_year_words(tokens, flat, where)
        tokens = _points_open_text(_ages(tokens), roles, flat, where)
        rows = list(_rows(tokens, 1 if only_target else 2))
        weight, glued = _table_weight(rows, roles), _table_glued_weight(rows, roles)
        scores_fused = _table_scores_fused(rows, roles)
        read = [(row, _candidate(row, roles, weight, glued, scores_fused)) for row in rows]
        found += _without_run_on_reasons(read) if reasons else [c for _, c in read if c is not None]
    return found if found or declined else _headerless(repaired, flat, where, unread)


def _headerless(
    text: str, flat_text: str, flat_where: KeptOffsets, unread: Callable[[int, int], bool] | None = None
) -> list[Candidate]:
    """A fused line whose header is not in the text (an excerpt starting mid-form): read where
    the line leads with level words and states targets with comparators (`产出指标数量指标
    足额发放率=100% 20 …`); only the targets are placed (which column a bare number after
    one belongs to cannot be told) and every row is noted `header_not_seen`."""
    found: list[Candidate] = []
    # Squashing a line keeps or drops its 指, never makes one: a line with fewer than two 指
    # holds no two 指标. Only lines holding a 指 are visited (found by `str.find`), not every line.
    at = text.find("指")
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        end = _line_end(text, at)
        at = text.find("指", end)
        if text.count("指", start, end) < _MIN_HEADERLESS or (unread is not None and unread(start, end)):
            continue  # every row read from a line starts in it: a line whose reading is dropped is not read
        lo = flat_where.index(start)
        hi = flat_where.index(end, lo)
        flat = flat_text[lo:hi]  # its offsets are made only for a line that may be one
        if not _may_be_headerless(flat):
            continue
        tokens = _tokens(flat, flat_where.slice(lo, hi))
        levels = sum(1 for t in tokens if t.kind == "level")
        targets = sum(1 for t in tokens if t.kind == "value" and _COMPARED.match(t.text))
        if levels >= _MIN_HEADERLESS and targets >= _MIN_HEADERLESS:
            rows = [c for row in _rows(tokens) if (c := _candidate(row, ("target",))) is not None]
            found += [replace(c, notes=(*c.notes, UNSEEN_NOTE)) for c in rows]
    return found


def _may_be_headerless(flat: str) -> bool:
    """Whether a line can hold `_MIN_HEADERLESS` level words and as many compared targets: every
    level word ends in 指标 and every target starts with a comparator, so a line with fewer of
    either is not tokenised (most lines of a report)."""
    return flat.count("指标") >= _MIN_HEADERLESS and len(_COMPARED.findall(flat)) >= _MIN_HEADERLESS
