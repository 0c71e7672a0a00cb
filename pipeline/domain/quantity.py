"""Reading a target or an actual value: comparator, number and unit.

The text given is a normalised cell or phrase (comparators already unified to ≥ ≤ > < =,
full-width digits made half-width). Worked examples (raw → op, value, unit):

    ≥10个          → ">=", 10, "个"
    =100%          → "=", 100, "%"
    ＜10分钟        → "<", 10, "分钟"
    99%以上        → ">=", 99, "%"       (suffix word)
    不低于90%      → ">=", 90, "%"       (prefix word)
    8人            → None, 8, "人"       (a bare number has no comparator)
    >=100          → ">=", 100, None     (no unit written)
    10个工作日内    → "<=", 10, "个工作日" (a span of time followed by 内)
    定性 / 健全     → "qualitative", None, None
    2023年12月底前  → "qualitative", None, None (a date deadline; `met` compares dates)
    提前谋划，及时宣传 → "qualitative", None, None (words without a number)
    90%-100%       → ">=", 90, "%"       (a rate range up to 100 %: its floor)
    3至5天          → None, 3, None         (two real bounds: no comparator is claimed)

An actual is read the same way but keeps no comparator: "≤30分钟" → 30, "分钟".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.domain.alternation import alternation
from pipeline.domain.comparators import PREFIX_WORD_OPS, SUFFIX_WORD_OPS, SYMBOL_OPS
from pipeline.domain.dates import is_date_value, starts_with_date
from pipeline.domain.numbers import NUMBER, NUMBER_RE, has_number, parse_number, parse_range
from pipeline.domain.units import DURATION_UNITS, unit_pattern

# The words a form writes as a qualitative target or actual, where one word answers the
# indicator (是否及时 → 是; 设备安全性 → 高): grades and yes/no answers, never a name's words.
ANSWER_WORDS = (
    "是",
    "否",
    "高",
    "好",
    "优",
    "良",
    "优秀",
    "良好",
    "较好",
    "达标",
    "合格",
    "有效",
    "显著",
    "健全",
)

_SYMBOLS = sorted(SYMBOL_OPS, key=len, reverse=True)
_PREFIX_WORDS = sorted(PREFIX_WORD_OPS, key=len, reverse=True)
_SUFFIX_WORDS = tuple(sorted(SUFFIX_WORD_OPS, key=len, reverse=True))
_ALL_OPS = (*_SYMBOLS, *_PREFIX_WORDS)  # for one `startswith`/`endswith` test of them all
_UNIT_RE = re.compile(unit_pattern())
_FULL_RATE = 100.0  # a rate range closing on 100 % has one real bound, its floor
# Where a quantity can start: a comparator's first character, a space before its number, or the
# number's sign or first digit (`NUMBER`). Asserted first (it can only turn away a position no
# quantity starts at), it lets the engine pass over every other character at once instead of
# trying the optional comparator, the spaces and the number there.
_QUANTITY_START = "(?=[" + re.escape("".join(sorted({s[0] for s in _SYMBOLS}))) + r"\s\-−－0-9０-９])"
# A quantity: an optional comparator, a number, optional spaces, an optional unit.
QUANTITY_RE = re.compile(
    _QUANTITY_START + r"(?P<op>" + alternation(_SYMBOLS) + r")?\s*"
    r"(?P<num>" + NUMBER + r")\s*(?:余|多)?\s*"
    r"(?P<unit>" + unit_pattern() + r")?"
)


@dataclass(frozen=True)
class Quantity:
    """A number read from text, with its comparator and unit when written next to it."""

    op: str | None
    value: float | None
    unit: str | None


def _leading_op(text: str) -> tuple[str | None, str]:
    if not text.startswith(_ALL_OPS):
        return None, text  # most values: one test instead of one per comparator
    for symbol in _SYMBOLS:
        if text.startswith(symbol):
            return SYMBOL_OPS[symbol], text[len(symbol) :].lstrip()
    for word in _PREFIX_WORDS:
        if text.startswith(word):
            return PREFIX_WORD_OPS[word], text[len(word) :].lstrip()
    return None, text


def _trailing_op(text: str) -> str | None:
    if not text.endswith(_SUFFIX_WORDS):
        return None
    for word in _SUFFIX_WORDS:
        if text.endswith(word):
            return SUFFIX_WORD_OPS[word]
    return None


def _unit_after(text: str) -> str | None:
    text = text.lstrip()
    text = text[1:].lstrip() if text[:1] in ("余", "多") else text  # 563余条: about 563 条
    match = _UNIT_RE.match(text)
    return match.group(0) if match else None


def _op_before(prefix: str) -> str | None:
    """A comparator written just before the number inside a phrase ('覆盖率≥90')."""
    prefix = prefix.rstrip()
    if not prefix.endswith(_ALL_OPS):
        return None
    for symbol in _SYMBOLS:
        if prefix.endswith(symbol):
            return SYMBOL_OPS[symbol]
    for word in _PREFIX_WORDS:
        if prefix.endswith(word):
            return PREFIX_WORD_OPS[word]
    return None


def parse_quantity(text: str) -> Quantity:
    """Comparator, first number and its unit in a short value text (see module docstring)."""
    text = text.strip()
    op, rest = _leading_op(text)
    match = NUMBER_RE.search(rest)
    if match is None:
        return Quantity(op=None, value=None, unit=None)
    if op is None:
        op = _op_before(rest[: match.start()])
    value = parse_number(match.group(0))
    unit = _unit_after(rest[match.end() :])
    if op is None:
        op = _trailing_op(rest[match.end() :].strip())
    if op is None and unit in DURATION_UNITS and rest.endswith("内"):
        op = "<="  # 10个工作日内, 3天内: within a span of time
    return Quantity(op=op, value=value, unit=unit)


# The three readers below are pure functions of a cell's text, and a table repeats its texts
# (`100%`, `≥95%`, a weight of `10`): each is cached, bounded, per process. Their results are
# frozen, so a shared one cannot be changed by a caller.
_CACHED = 8192


@lru_cache(maxsize=_CACHED)
def parse_target(raw: str) -> Quantity:
    """A target: a quantity, or `qualitative` when it has words and no number."""
    text = raw.strip()
    if not text:
        return Quantity(None, None, None)
    if not has_number(text) or starts_with_date(text):
        return Quantity(op="qualitative", value=None, unit=None)  # words, or a date to meet
    return _range_floor(text) or parse_quantity(text)


def _range_floor(text: str) -> Quantity | None:
    """A rate target written as a range up to 100 % (`90%-100%`, `85～100%`) read as its floor:
    the contract has one comparator, and the ceiling is the 100 % no rate exceeds, so the floor is
    the bound a result must reach, as `≥95%且≤100%` reads `>=` 95. Any other range (`3至5天`,
    `100-120元`, `5%-8%`) has two real bounds, and which one a result must keep depends on the
    indicator (a time limit its ceiling, a count its floor): None, it is read as before, with no
    comparator. `2021-2023年` is a period, no range."""
    span = parse_range(text)
    if span is None or span.unit != "%" or span.high != _FULL_RATE:
        return None
    return Quantity(op=">=", value=span.low, unit=span.unit)


@lru_cache(maxsize=_CACHED)
def parse_actual(raw: str) -> Quantity:
    """An actual keeps value and unit only (its comparator, if written, stays in `raw`)."""
    text = raw.strip()
    if not has_number(text) or starts_with_date(text):
        return Quantity(None, None, None)  # a date done by is no amount: `met` reads it from raw
    q = parse_quantity(text)
    return Quantity(op=None, value=q.value, unit=q.unit)


_PLAIN_NUMBER_RE = re.compile(r"\s*(" + NUMBER + r")\s*分?\s*")


@lru_cache(maxsize=_CACHED)
def parse_plain_number(raw: str) -> float | None:
    """A weight or score cell ('10', '9.5分'); None when the cell holds no single number."""
    match = _PLAIN_NUMBER_RE.fullmatch(raw)
    return parse_number(match.group(1)) if match else None


def looks_like_value(text: str) -> bool:
    """True for cells that are a value rather than a name: '≥10个', '100%', '8人', '0.00%'."""
    text = text.strip()
    if not text:
        return False
    if is_date_value(text):
        return True  # 2024年9月底前, 11月30日前完成: a deadline or the day a task was done
    op, rest = _leading_op(text)
    match = QUANTITY_RE.fullmatch(rest) if rest else None
    if match is not None:
        return True
    rest = rest.strip()
    for word in _SUFFIX_WORDS:
        if rest.endswith(word):
            return QUANTITY_RE.fullmatch(rest[: -len(word)].strip()) is not None
    return op is not None and not rest
