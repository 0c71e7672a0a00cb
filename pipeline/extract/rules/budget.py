"""Budget figures from sentences: 年初预算/当年下达, 上年结转, 全年预算, 实际支出, 执行率.

Each figure is the first amount written after one of its key words (`BUDGET_SENTENCE_KEYS`,
tried most telling first), with only a few words between them: no number, no sentence end
(。；or a line break) and no other budget key word in the gap. So in

    "全年执行数(B)执行率(B/A)其中中央补助自治区补助300万元"

300万元 is not the spending: 执行率 stands between. Worked example (a city's fund report):

    下达我市共计1200万元,结转2023年资金300.5万元,全年可使用资金合计1500.5万元 …
    共使用资金1100.2万元,其中包括:2023年云平台租赁费400万元 … 资金执行率达73.32%

→ initial 1200, carryover 300.5, adjusted 1500.5, spent 1100.2, execution_rate 73.32; the
租赁费 amounts follow no key word, so they are parts of the spending, never the figures.

The rules that go beyond "key word, then figure":

- a figure for one category of spending ("其中人员类项目下达74.73", "执行率100%" in that
  sentence) is a part, not the whole (`BUDGET_PART_WORDS`);
- 结余 is a carry-over only when a year names it ("2019年…资金结余414.06万元"), never the
  leftover at the end of the year ("结余136元已被财政收回");
- 共计 after the carry-over in one sentence is the year's budget ("上年结转…428.84万元，共计
  1461.84万元"); after 下达 alone it is the initial figure's own total;
- no budget for the year written: after a cut without the remainder ("缩减3890元指标") the
  budget is initial − cut, with the cut as evidence; with no change word at all it is the
  initial budget (judgement call 22);
- "此项资金已使用完毕": spent = the budget for the year, with the phrase as evidence;
- a form's spending and rate columns written side by side with no figure between them
  (`全年执行数(B)执行率(B/A)`, the cells' figures pushed to the lines below by the reading) take
  the figures that open the next two lines — an amount alone on its line, then a percent — but
  only where the figures prove it: spent / budget for the year is the rate as written (`_below`).

Amounts are in 万元 (`amounts.py`); the execution rate is taken as written, never computed.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, fields, replace
from functools import cache

from pipeline.domain.amounts import AMOUNT_RE, read_amount, read_percent
from pipeline.domain.headers import BUDGET_COLUMN_WORDS, budget_column_role, names_part_year
from pipeline.domain.numbers import NUMBER, clean_number
from pipeline.extract.rules.amounts import Found, amount_at
from pipeline.extract.rules.vocab import (
    BUDGET_ALL_SPENT_WORDS,
    BUDGET_CHANGE_WORDS,
    BUDGET_PART_WORDS,
    BUDGET_RATE_COLUMN_WORDS,
    BUDGET_RATE_OWNERS,
    BUDGET_RATE_WORDS,
    BUDGET_SENTENCE_KEYS,
    BUDGET_SPENT_IN_FULL_WORDS,
)
from pipeline.extract.rules.word_starts import matches_at, openers, word_starts

_GAP = r"[^。；;\n\d]{0,30}?"  # words between a key and its figure: no number, no sentence end
# A gap holding another figure's key word means the amount is that figure's (共计 may sit in a gap:
# 下达我市共计1337万元).
_OTHER_KEY = re.compile(
    "|".join(
        (*(k for f, keys in BUDGET_SENTENCE_KEYS.items() if f != "sum" for k in keys), *BUDGET_RATE_WORDS)
    )
)
_RATE = re.compile(
    "(?P<key>" + "|".join(BUDGET_RATE_WORDS) + r")[为达是到:：]{0,2}\s*(?P<num>" + NUMBER + r"|NaN)\s*%"
)
_ALL_SPENT = re.compile("|".join(BUDGET_ALL_SPENT_WORDS))
# The rate's key words and the spent-in-full words, where the patterns above are tried alone
# (`word_starts`: found by `str.find`, several times faster than the engine's scan).
_RATE_OPENERS = openers(BUDGET_RATE_WORDS)
_ALL_SPENT_OPENERS = openers(BUDGET_ALL_SPENT_WORDS)
_IN_FULL_OPENERS = openers(BUDGET_SPENT_IN_FULL_WORDS)
_CHANGE = re.compile("|".join(map(re.escape, BUDGET_CHANGE_WORDS)))
# An amount the phrase says was spent in full (资金3728万元全部执行到位): the year's whole budget.
_SPENT_IN_FULL = re.compile(AMOUNT_RE.pattern + r"\s*(?:" + "|".join(BUDGET_SPENT_IN_FULL_WORDS) + ")")
# What the amount and the spaces before such a word are written with: a number's characters
# (`NUMBER`), its unit's (`AMOUNT_RE`) and whitespace (`\s`, what `str.isspace` says). No word
# opens with one of them.
_AMOUNT_CHARS = frozenset("-−－0123456789０１２３４５６７８９,.．亿万元")
_CLAUSE_END = re.compile(r"[。；;，,\n]")
_SENTENCE_END = re.compile(r"[。\n]")
_PARAGRAPH_SENTENCE_END = re.compile("。")  # a rate's sentence may run over a page break
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CELL_WORDS = sorted(
    (w for w, role in BUDGET_COLUMN_WORDS if role in ("initial", "adjusted", "spent")), key=len, reverse=True
)
_LABELLED_CELL = re.compile(
    "(?P<word>"
    + "|".join(_CELL_WORDS)
    + r")(?:[(（][A-Za-z]{1,3}[)）])? *"  # spaces only: a tab ends the cell
    r"(?P<num>\d+(?:\.\d+)?)(?![\d.%年月日万元])"
)
# The unlabelled last figure of a labelled row (`执行数 6.84 100.00`) sits in the rate column
# when the form's header names one (预算执行进度(%), 执行率).
_ROW_END_FIGURE = re.compile(r" +(?P<num>\d+(?:\.\d+)?) *%? *(?=\n|$)")
_RATE_COLUMN = re.compile("|".join(BUDGET_RATE_COLUMN_WORDS))
# A spending column word, its (B), then the rate column word at once: the spending cell is empty.
_EMPTY_SPENT_CELL = re.compile(
    "(?:"
    + "|".join(w for w, role in BUDGET_COLUMN_WORDS if role == "spent")
    + r")[^\d\n]{0,8}?(?:"
    + "|".join(BUDGET_RATE_COLUMN_WORDS)
    + ")[^\n]*\n"
)
_LONE_AMOUNT_LINE = re.compile(r"[ \t]*" + AMOUNT_RE.pattern + r"[ \t]*\n")
_PERCENT_OPENING = re.compile(r"[ \t]*(?P<num>" + NUMBER + r")[ \t]*[%％]")
_WAN_NOTE = re.compile(r"单位[:：]?\s*万元|[(（]万元[)）]")
_UNIT_REACH = 200  # characters before a cell in which the form declares its unit
_LOOK_BACK = 120  # how far back a part word can sit in the clause or sentence of a figure
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_BUDGET_SENTENCE_END = re.compile(r"[。；;\n]")
_LAST_YEAR = re.compile(r"(?:上一?年度?|去年)(?!结转|结余|同期)")  # 上年结转 is this year's money
_PART_OPENING = 12  # the words a sentence opens with: a year, quotes, the category's name
_YEAR_FIELDS = ("initial", "adjusted", "spent")  # a carry-over names the year it comes from
# 结转下年 (carried on into next year): money left over at the end, not a change to the budget.
_CARRIED_ON = re.compile(r"结转(?:至|到)?(?:下年|下一年|以后年度)")


BUDGET_FIGURES = ("initial", "carryover", "adjusted", "spent", "execution_rate")


@dataclass(frozen=True)
class BudgetFinding:
    """One project's budget, each figure with its span; None where the text does not state it."""

    initial: Found | None = None
    carryover: Found | None = None
    adjusted: Found | None = None
    spent: Found | None = None
    execution_rate: Found | None = None
    self_score: Found | None = None  # a budget table's total row scored out of 100 (budget_table)


@cache
def _key_pattern(field: str) -> re.Pattern[str]:
    """Any key of `field` (longest first), the gap, and an amount ahead. Where a key opens with a
    digit (`\\d{4}年…结余`), the engine has no first character to skip ahead to and would try
    every key at every position of the section: a look at the characters the keys open with
    (`_openings`) leads the pattern then (carry-over keys: a third less time). Keys that all
    open with a word are skipped to by the engine itself, faster than through the look."""
    keys = "|".join(sorted(BUDGET_SENTENCE_KEYS[field], key=len, reverse=True))
    opening = _openings(BUDGET_SENTENCE_KEYS[field])
    lead = f"(?=[{opening}])" if opening is not None and "\\d" in opening else ""
    return re.compile(lead + "(?:" + keys + ")(?P<gap>" + _GAP + ")(?=" + AMOUNT_RE.pattern + ")")


def _openings(keys: tuple[str, ...]) -> str | None:
    """The characters the patterns `keys` can open with, as a character class body, or None
    when a key opens in a way not read here (a group, a class, an optional first character).

    >>> _openings(("上年结转", "结转资金", "年初预算")), _openings(("(?:上年)?结转",))
    ('上年结', None)
    """
    found: set[str] = set()
    for key in keys:
        if key.startswith("\\d") and key[2:3] not in ("?", "*") and not key.startswith("\\d{0"):
            found.add("\\d")
        elif key[:1] not in "\\()[].^$|?*+{" and key[1:2] not in ("?", "*", "{") and "|" not in key:
            found.add(re.escape(key[0]))
        else:
            return None
    return "".join(sorted(found))


@cache
def _last(boundary: re.Pattern[str]) -> re.Pattern[str]:
    """The last `boundary` (one character) in a range: everything up to it, then it."""
    return re.compile(r"(?s:.*)(?:" + boundary.pattern + ")")


def _before(text: str, pos: int, boundary: re.Pattern[str]) -> str:
    """The clause (or sentence) that `pos` sits in, up to `pos` (`boundary` matches one
    character: the clause starts after the last one in the look-back)."""
    floor = max(0, pos - _LOOK_BACK)
    last = _last(boundary).match(text, floor, pos)
    return text[last.end() if last else floor : pos]


def _is_part(text: str, pos: int, boundary: re.Pattern[str]) -> bool:
    """Whether the clause (or sentence) that `pos` sits in names one category of spending, or
    its sentence opens with one (`“三公”经费年初预算18万元，实际支出15.3万元`: every figure of the
    sentence is the category's)."""
    if any(word in _before(text, pos, boundary) for word in BUDGET_PART_WORDS):
        return True
    floor = max(0, pos - _LOOK_BACK)
    last = _last(_BUDGET_SENTENCE_END).match(text, floor, pos)
    start = last.end() if last else 0 if floor == 0 else None  # None: the opening is out of reach
    return start is not None and any(
        word in text[start : start + _PART_OPENING] for word in BUDGET_PART_WORDS
    )


def _key_matches(field: str, text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """Every key of `field` in `text[start:end]`, also one inside the gap of the key before it
    (`年初预算安排本项目资金560万元`: 年初预算's gap holds the key 安排, whose figure it is).

    Where every key of `field` holds one of a few words (`_ANCHORS`: each carry-over key names
    结转 or 结余), a key starts at most `reach` characters before one of them (`_anchor_reach`),
    so only the positions from there to the word are tried, each by `match` — what `search`
    tries at each position, so the keys found are the same. The carry-over's keys open with a
    digit or a word (`_key_pattern`): `search` tried them at every position of the section, and
    most sections name neither word or once or twice."""
    pattern, pos = _key_pattern(field), start
    gate = _anchored(field)
    if gate is None:
        while (m := pattern.search(text, pos, end)) is not None:
            yield m
            pos = m.start() + 1
        return
    words, reach = gate
    while True:
        found = [at for word in words if (at := text.find(word, pos, end)) >= 0]
        if not found:
            return
        # No key starts before `first - reach`: a key at p holds a word at p … p + reach, inside
        # the section, and `first` is the first word at or after `pos`.
        first = min(found)
        for at in range(max(pos, first - reach), first + 1):
            m = pattern.match(text, at, end)
            if m is not None:
                yield m
        pos = first + 1


# The words every key of a field holds, where they make the scan for its keys cheaper
# (`_key_matches`); checked against the keys when first used (`_anchor_reach`).
_ANCHORS: dict[str, tuple[str, ...]] = {"carryover": ("结转", "结余")}
_MAX_REACH = 64  # a key longer than this (or of no bounded length) leaves its field unanchored


@cache
def _anchored(field: str) -> tuple[tuple[str, ...], int] | None:
    """`field`'s anchor words and their reach, or None where its keys are searched whole."""
    words = _ANCHORS.get(field)
    reach = None if words is None else _anchor_reach(BUDGET_SENTENCE_KEYS[field], words)
    return None if words is None or reach is None else (words, reach)


def _anchor_reach(keys: tuple[str, ...], words: tuple[str, ...]) -> int | None:
    """The longest a key of `keys` can be, when each one holds one of `words` wherever it
    matches; None when one may not (or may be longer than `_MAX_REACH`).

    A key holds a word wherever it matches when the word is written in it as plain characters
    outside any group, class, alternative or repeat: read by `re`'s own parser, the word is a
    run of the parsed key's top-level literals. Then a key found at p holds the word at p … p +
    its longest width (`getwidth`). Worked example: `\\d{4}年[^。；;\\n\\d]{0,12}?结余` holds 结余
    (its top level: a repeat, 年, a repeat, 结, 余) and is at most 4 + 1 + 12 + 2 = 19 long;
    `(?:上年)?结转` holds 结转; `结(?:转|余)` and `上年结转|结余资金` hold neither (a group, an
    alternative), so their field is searched whole.
    """
    from re import _constants, _parser  # type: ignore[attr-defined]

    longest = 0
    for key in keys:
        try:
            parsed = _parser.parse(key)
        except re.error:
            return None
        top = "".join(chr(av) if op is _constants.LITERAL else "\0" for op, av in parsed.data)
        width = parsed.getwidth()[1]
        if not any(word in top for word in words) or width > _MAX_REACH:
            return None
        longest = max(longest, width)
    return longest


def _other_year(text: str, pos: int, year: int | None) -> bool:
    """Whether the sentence up to `pos` dates its figure to a year before `year`, the year
    evaluated: it names only earlier years (or 上年度, 去年) (`2022年度该项目预算480万元` in a
    2023 report is last year's budget, a comparison; `2024年…下达1337万元，结转2023年资金…`
    names 2024)."""
    if year is None:
        return False
    before = _before(text, pos, _BUDGET_SENTENCE_END)
    years = {int(y) for y in _YEAR.findall(before)}
    if _LAST_YEAR.search(before):  # 上年度本部门支出合计…: last year's, unless the year is named too
        years.add(year - 1)
    # only an earlier year: a later one dates a cut-off (截至2024年2月底，实际支出… of a 2023 budget)
    return bool(years) and max(years) < year


def _figure(text: str, field: str, start: int, end: int, year: int | None = None) -> Found | None:
    """The first amount after a key word of `field` in `text[start:end]` that is the whole's:
    nothing but a few words between them, not a category's part, not another year's."""
    for m in _key_matches(field, text, start, end):
        amount = AMOUNT_RE.match(text, m.end())
        if amount is None or amount.end() > end or _OTHER_KEY.search(m.group("gap")):
            continue
        if field in _YEAR_FIELDS and _other_year(text, m.start(), year):
            continue
        if field == "spent" and names_part_year(_before(text, m.end(), _CLAUSE_END)):
            continue  # 1-9月执行数…, 预计全年支出…: not what the year spent
        if not _is_part(text, m.start() + 1, _CLAUSE_END):
            return amount_at(amount)
    return None


def _sum_after(text: str, carryover: Found | None, end: int) -> Found | None:
    """共计 after the carry-over figure, in the same sentence: initial + carryover as written."""
    if carryover is None:
        return None
    stop = _SENTENCE_END.search(text, carryover.end, end)
    return _figure(text, "sum", carryover.end, stop.start() if stop else end)


def _after_cut(text: str, initial: Found | None, start: int, end: int) -> Found | None:
    """A cut stated without the remainder: the budget is initial − cut, read at the cut."""
    cut = _figure(text, "cut", start, end)
    if initial is None or cut is None:
        return None
    remainder = clean_number(round(float(initial.value) - float(cut.value), 6))
    return Found(remainder, cut.start, cut.end)


def _unchanged(
    text: str, initial: Found | None, carryover: Found | None, start: int, end: int
) -> Found | None:
    """No change to the budget in the section — no word of a change, no carry-over added — so
    the budget for the year is the initial one. Money left over at the end (结余资金…) is not a
    change: only a carry-over figure read as such adds to the budget."""
    changes = (m for m in _CHANGE.finditer(text, start, end) if not _CARRIED_ON.match(text, m.start()))
    return None if carryover is not None or next(changes, None) else initial


def _all_spent(text: str, adjusted: Found | None, start: int, end: int) -> Found | None:
    """'已使用完毕': spent = the budget for the year, with the phrase as its evidence."""
    if adjusted is None:
        return None
    starts = word_starts(text, _ALL_SPENT_OPENERS, start, end)
    m = next(matches_at(_ALL_SPENT, starts, text, start, end), None)
    return Found(adjusted.value, m.start(), m.end()) if m else None


def _spent_in_full(text: str, start: int, end: int) -> Found | None:
    """The first amount written as spent in full (`…资金3728万元全部执行到位`), not a part's
    (其中…, 类项目): the year's budget, all of it spent — so both its adjusted and spent figure."""
    for m in _spent_in_full_matches(text, start, end):
        if _is_part(text, m.start(), _CLAUSE_END) or "其中" in _before(text, m.start(), _CLAUSE_END):
            continue
        amount = AMOUNT_RE.match(text, m.start())
        if amount is not None:
            return amount_at(amount)
    return None


def _spent_in_full_matches(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """`_SPENT_IN_FULL.finditer(text, start, end)`, tried only before its words. The pattern
    opens with a number (a scan for it tries every position of the section), and what comes
    before its word is written in `_AMOUNT_CHARS` and spaces alone, none of which a word opens
    with: so a match ending at a word starts in the run of those characters right before it
    (`3728万元全部执行到位`: the run 3728万元), and from the run's first character on, the first
    position `match` succeeds at is the one the scan finds."""
    pos = start
    for word in word_starts(text, _IN_FULL_OPENERS, start, end):
        if word < pos:
            continue  # inside the last match
        run = word
        while run > pos and (text[run - 1] in _AMOUNT_CHARS or text[run - 1].isspace()):
            run -= 1
        for at in range(run, word):
            m = _SPENT_IN_FULL.match(text, at, end)
            if m is not None:
                yield m
                pos = m.end()
                break


def _rate(text: str, start: int, end: int) -> Found | None:
    """The first stated execution rate of the whole budget. A rate is the whole's when an owner
    word names it (预算执行率) or no name precedes it (，执行率 — unless its sentence is about a
    category of spending); after another name (集中采购执行率) it is an indicator. NaN% is skipped."""
    for m in matches_at(_RATE, word_starts(text, _RATE_OPENERS, start, end), text, start, end):
        value = read_percent(text[m.start("num") : m.end()])
        before = text[max(0, m.start("key") - 2) : m.start("key")]
        named = before.endswith(BUDGET_RATE_OWNERS)
        bare = _CJK.match(before[-1:]) is None
        if (
            value is None
            or not (named or bare)
            or names_part_year(_before(text, m.start("num"), _CLAUSE_END))
        ):
            continue
        if named or not _is_part(text, m.start(), _PARAGRAPH_SENTENCE_END):
            return Found(value, m.start("num"), m.end())
    return None


def _labelled_cells(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Every cell of `text[start:end]` holding a column word and its figure (`_LABELLED_CELL`),
    found in one scan: up to four fields look among them (`_cell_figure`, `_cell_rate`)."""
    return list(_LABELLED_CELL.finditer(text, start, end))


def _cell_figure(text: str, role: str, start: int, cells: list[re.Match[str]]) -> Found | None:
    """A form's column word with its figure in the same cell (`全年预算数(A)300`, `预算数 6.84`),
    read in 万元 only where the form declares that unit just before (金额单位:万元, (万元));
    `cells`: the labelled cells from `start` on (`_labelled_cells`)."""
    for m in cells:
        if budget_column_role(m.group("word")) != role or names_part_year(
            text[max(start, m.start() - 6) : m.start()]
        ):
            continue
        if not _WAN_NOTE.search(text, max(0, m.start() - _UNIT_REACH), m.start()):
            continue
        value = read_amount(m.group("num"))
        if value is not None:
            return Found(value, m.start("num"), m.end("num"))
    return None


def _cell_rate(text: str, start: int, end: int, cells: list[re.Match[str]]) -> Found | None:
    """The rate closing a labelled row: in `执行数 6.84 100.00` under a header that names a rate
    column (预算执行进度(%)), 100.00 — the one unlabelled figure after the spending's cell that
    ends the row. A figure after the row's end, or with no rate column declared, is not read."""
    spent = _cell_figure(text, "spent", start, cells)
    if spent is None:
        return None
    m = _ROW_END_FIGURE.match(text, spent.end)
    if m is None or m.end() > end:
        return None
    row_start = text.rfind("\n", 0, spent.start) + 1
    if not _RATE_COLUMN.search(text, max(0, row_start - _UNIT_REACH), row_start):
        return None
    return Found(clean_number(float(m.group("num"))), m.start("num"), m.end("num"))


def _rate_checks(adjusted: Found, spent: Found, rate: Found, written: str) -> bool:
    """Whether spent / adjusted, as a percent, rounds to the rate as written (`86.5`: within 0.05)."""
    if not float(adjusted.value):
        return False
    tolerance = 0.5 * 10 ** -len(written.partition(".")[2]) + 1e-9  # half the last digit written
    return abs(float(spent.value) / float(adjusted.value) * 100 - float(rate.value)) <= tolerance


def _below(text: str, adjusted: Found | None, start: int, end: int) -> tuple[Found | None, Found | None]:
    """The spending and the rate of a form whose spending and rate cells are empty on the header's
    line and whose figures open the next two lines (module docstring):

        全年预算数(A)300全年执行数(B)执行率(B/A)其中…300万元\n259.45万元\n86.5%市县资金…

    → spent 259.45 and rate 86.5, since 259.45 / 300 = 86.48 %. Figures that do not check stay unread."""
    header = _EMPTY_SPENT_CELL.search(text, start, end) if adjusted is not None else None
    amount = _LONE_AMOUNT_LINE.match(text, header.end()) if header else None
    percent = _PERCENT_OPENING.match(text, amount.end()) if amount else None
    spent = amount_at(amount) if amount else None
    if adjusted is None or amount is None or percent is None or spent is None or percent.end() > end:
        return None, None
    value = read_percent(text[percent.start("num") : percent.end()])
    rate = Found(value, percent.start("num"), percent.end()) if value is not None else None
    if rate is None or not _rate_checks(adjusted, spent, rate, percent.group("num")):
        return None, None
    return Found(spent.value, amount.start("num"), amount.end("unit")), rate


def find_budget(
    text: str,
    start: int = 0,
    end: int | None = None,
    year: int | None = None,
    wanted: Collection[str] = BUDGET_FIGURES,
) -> BudgetFinding:
    """The budget stated in sentences within `text[start:end]` (one project's section), and in
    a form's cells that carry their own column word (`_cell_figure`); `year` is the year
    evaluated, when known (a sentence on another year's money is no figure of it).

    `wanted`: the figures the caller reads. The carry-over is read on its own; every other
    figure leans on the ones before it (the budget for the year on the initial budget and the
    carry-over, the spending on that budget, …), so when only the carry-over is wanted (a
    budget table states the rest) the others are left None, unread."""
    end = len(text) if end is None else end
    carryover = _figure(text, "carryover", start, end)
    if set(wanted) <= {"carryover"}:
        return BudgetFinding(carryover=carryover)
    cells = _labelled_cells(text, start, end)
    initial = _figure(text, "initial", start, end, year) or _cell_figure(text, "initial", start, cells)
    adjusted = (
        _figure(text, "adjusted", start, end, year)
        or _cell_figure(text, "adjusted", start, cells)
        or _sum_after(text, carryover, end)
        or _after_cut(text, initial, start, end)
        or _spent_in_full(text, start, end)
        or _unchanged(text, initial, carryover, start, end)
    )
    spent = (
        _figure(text, "spent", start, end, year)
        or _cell_figure(text, "spent", start, cells)
        or _spent_in_full(text, start, end)
        or _all_spent(text, adjusted, start, end)
    )
    rate = _rate(text, start, end) or _cell_rate(text, start, end, cells)
    if spent is None and rate is None:
        spent, rate = _below(text, adjusted, start, end)
    return BudgetFinding(initial, carryover, adjusted, spent, rate)


def outside(finding: BudgetFinding, spans: list[tuple[int, int]]) -> BudgetFinding:
    """`finding` without the figures read inside any of `spans` (a sample's section)."""
    if not spans:
        return finding
    kept = {}
    for field in fields(finding):
        found = getattr(finding, field.name)
        inside = found is not None and any(a <= found.start < b for a, b in spans)
        kept[field.name] = None if inside else found
    return BudgetFinding(**kept)


def this_years_rate(text: str, finding: BudgetFinding, end: int, year: int | None) -> BudgetFinding:
    """`finding` whose rate, when its sentence dates it only to an earlier year (`2022年该项目资金
    执行率为85.6%`, `上年度预算执行率为…` in a 2023 report: a comparison), gives way to the next rate
    stated for the year, up to `end`, or to none: another year's rate is no figure of this one's."""
    rate = finding.execution_rate
    while rate is not None and _other_year(text, rate.start, year):
        rate = _rate(text, rate.end, end)
    return finding if rate is finding.execution_rate else replace(finding, execution_rate=rate)
