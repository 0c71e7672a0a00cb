"""Text matching for the fake server's oracle: find gold names and values in a chunk, verbatim.

The oracle compares the labeller's text (`≥10个`, `本地区医疗机构符合DRG DIP付费覆盖率`) with what
the converter and the normaliser left in the chunk (`≥ 10 个`, `…符合 DRG/DIP 付费…`). Both sides
go through the same folding, and a match is mapped back to a half-open span of the chunk, so the
quote the oracle returns is always a verbatim substring of what the model was sent.

Folding, per character: NFKC, simplified script (gold labelled on a mirror page keeps its
traditional `縣財政`; the model, sent the normalised text, reads `县财政`) and case folding;
whitespace dropped; comparators spelt one way
(`≥` `≧` → `>=`, `≤` `≦` → `<=`; NFKC already turns `＞` into `>`); punctuation and symbols
dropped unless `keep_symbols` (values need `≥` and `%`, names do not).

Worked example: in `TextView("A：  B≥ 10 个", keep_symbols=True)` the folded text is `a:b>=10个`
and `find("≥10个")` is `(5, 11)`, the span of `≥ 10 个`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left

from pipeline.domain.script import simplified

WINDOW = 120  # folded characters after a name in which its values are looked for
NUMBER = re.compile(r"[-−]?\d[\d,]*(?:\.\d+)?")
COMPARATORS = {"≥": ">=", "≧": ">=", "≤": "<=", "≦": "<="}
Span = tuple[int, int]


class TextView:
    """`text` folded for matching (see the module docstring), with a map back to original offsets."""

    def __init__(self, text: str, keep_symbols: bool) -> None:
        self.text = text
        self.keep_symbols = keep_symbols
        chars: list[str] = []
        self.positions: list[int] = []  # original offset of each folded character
        for index, char in enumerate(text):
            for folded in self.normalise(char):
                chars.append(folded)
                self.positions.append(index)
        self.norm = "".join(chars)

    def normalise(self, text: str) -> str:
        folded = simplified(unicodedata.normalize("NFKC", text)).casefold()
        if self.keep_symbols:
            folded = "".join(COMPARATORS.get(c, c) for c in folded)
        return "".join(c for c in folded if not c.isspace() and (self.keep_symbols or _is_word(c)))

    def find_all(self, needle: str, start: int = 0, end: int | None = None) -> list[Span]:
        """Every original span in `text[start:end]` whose folding is `needle`'s folding. A needle
        that starts or ends with a digit does not match inside a longer number (`2` is not found
        in `2023`, `100` not in `1000` nor in `100.5`)."""
        target = self.normalise(needle)
        if not target:
            return []
        lo = bisect_left(self.positions, start)
        hi = len(self.norm) if end is None else bisect_left(self.positions, end)
        spans, at = [], self.norm.find(target, lo, hi)
        while at >= 0:
            if self._bounded(at, at + len(target)):
                spans.append((self.positions[at], self.positions[at + len(target) - 1] + 1))
            at = self.norm.find(target, at + 1, hi)
        return spans

    def find(self, needle: str, start: int = 0, end: int | None = None) -> Span | None:
        spans = self.find_all(needle, start, end)
        return spans[0] if spans else None

    def find_last(self, needle: str, start: int = 0, end: int | None = None) -> Span | None:
        spans = self.find_all(needle, start, end)
        return spans[-1] if spans else None

    def window_end(self, start: int) -> int:
        """Original offset `WINDOW` folded characters after `start`."""
        index = bisect_left(self.positions, start) + WINDOW
        return self.positions[index] if index < len(self.positions) else len(self.text)

    def _bounded(self, begin: int, end: int) -> bool:
        """Digit boundaries are checked in the original text: folding drops the whitespace
        between table cells, so `≥2` and `2` in adjacent cells fold to `>=22`."""
        text, first, last = self.text, self.positions[begin], self.positions[end - 1]
        if text[first].isdigit() and first > 0 and (text[first - 1].isdigit() or text[first - 1] == "."):
            return False
        after = text[last + 1 : last + 3]
        if text[last].isdigit() and after:
            return not (after[0].isdigit() or (after[0] == "." and after[1:].isdigit()))
        return True


def _is_word(char: str) -> bool:
    return unicodedata.category(char)[0] not in "PSZ"


def name_spans(view: TextView, name: str) -> list[Span]:
    """Where `name`, or its longest part of ≥ 70 % (and ≥ 6 characters), is written."""
    spans = view.find_all(name)
    norm = view.normalise(name)
    shortest = max(6, math.ceil(0.7 * len(norm)))
    for size in range(len(norm) - 1, shortest - 1, -1):
        if spans:
            break
        for begin in range(len(norm) - size + 1):
            spans = view.find_all(norm[begin : begin + size])
            if spans:
                break
    return spans


def figure_span(text: str, value: float, start: int = 0, end: int | None = None) -> Span | None:
    """First number in `text[start:end]` equal to `value` (or to `value` 万元 written in 元)."""
    for match in NUMBER.finditer(text, start, len(text) if end is None else end):
        number = float(match.group().replace(",", "").replace("−", "-"))
        if math.isclose(number, value, abs_tol=1e-6) or math.isclose(number, value * 10000, abs_tol=1e-3):
            return match.span()
    return None


def inside(span: Span, other: Span) -> bool:
    """Whether `span` lies within `other` and is shorter (`公众满意度` inside `社会公众满意度`)."""
    return other[0] <= span[0] and span[1] <= other[1] and span != other
