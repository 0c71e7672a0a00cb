"""A pattern opening with plain words, tried only where one of them starts (`rules/word_starts.py`)."""

from __future__ import annotations

import random
import re

import pytest

from pipeline.extract.rules import levels, sections
from pipeline.extract.rules.word_starts import line_start_matches, matches_at, openers, word_starts

_SCORE = re.compile(r"(?:项目总得分|自评得分|自评|总得分)[:：]?(?P<num>\d+)分")
_SCORE_WORDS = ("项目总得分", "自评得分", "自评", "总得分")


def test_openers_keep_the_words_no_other_word_opens() -> None:
    assert openers(_SCORE_WORDS) == ("总得分", "自评", "项目总得分")
    assert openers(("执行率", "执行率", "使用率")) == ("使用率", "执行率")


def test_openers_refuse_pattern_syntax() -> None:
    with pytest.raises(AssertionError):
        openers(("支出[:：]",))


def test_word_starts_finds_every_start_in_the_range_overlapping_ones_included() -> None:
    text = "自评自评得分项目总得分"
    assert word_starts(text, openers(_SCORE_WORDS), 0, len(text)) == [0, 2, 6, 8]
    assert word_starts(text, openers(_SCORE_WORDS), 1, 9) == [2]  # the words at 6 and 8 end past 9


def test_matches_at_gives_what_the_scan_gives() -> None:
    text = "自评：自评得分：96分，项目总得分99分，总得分 7分"
    starts = word_starts(text, openers(_SCORE_WORDS), 0, len(text))
    found = [(m.start(), m.group("num")) for m in matches_at(_SCORE, starts, text, 0, len(text))]
    assert found == [(3, "96"), (12, "99")]
    assert found == [(m.start(), m.group("num")) for m in _SCORE.finditer(text)]


def test_matches_at_skips_the_starts_inside_a_match() -> None:
    pattern = re.compile(r"自评\w*?得分")
    text = "自评自评得分"  # the scan's match runs over the second 自评
    starts = word_starts(text, ("自评",), 0, len(text))
    assert [m.span() for m in matches_at(pattern, starts, text, 0, len(text))] == [(0, 6)]


def test_matches_at_matches_the_scan_on_random_texts() -> None:
    pieces = ["自评", "得分", "项目", "总得分", "：", "96", "100", "分", "，", "\n", "项目总得分"]
    rng = random.Random(15)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 16)))
        start = rng.randrange(len(text) + 1)
        end = rng.randrange(start, len(text) + 1)
        starts = word_starts(text, openers(_SCORE_WORDS), start, end)
        got = [(m.span(), m.group()) for m in matches_at(_SCORE, starts, text, start, end)]
        assert got == [(m.span(), m.group()) for m in _SCORE.finditer(text, start, end)], (text, start, end)


_LINE_PIECES = [
    "\n",
    "\n\n",
    " ",
    "\t",
    "一、",
    "（二）",
    "3.",
    "(4)",
    "产出指标",
    "效益",
    "：",
    "概况",
    "12",
    "项目",
]


@pytest.mark.parametrize(
    "pattern",
    [
        sections._HEADING,
        levels._HEADING,
        re.compile(
            r"^项目[^\n]*\n", re.MULTILINE
        ),  # a match that ends with the break: a line starts at its end
        re.compile(r"^[ \t]*\d+", re.MULTILINE),
    ],
    ids=["sections", "levels", "ends-with-break", "number"],
)
def test_line_start_matches_gives_what_the_scan_gives(pattern: re.Pattern[str]) -> None:
    rng = random.Random(29)
    for _ in range(3000):
        text = "".join(rng.choice(_LINE_PIECES) for _ in range(rng.randrange(0, 20)))
        got = [(m.span(), m.groups()) for m in line_start_matches(pattern, text)]
        assert got == [(m.span(), m.groups()) for m in pattern.finditer(text)], text


def test_line_start_matches_refuses_a_pattern_not_anchored_at_line_starts() -> None:
    with pytest.raises(AssertionError):
        list(line_start_matches(re.compile(r"^项目"), "项目"))  # no MULTILINE: `^` is the text's start only
    with pytest.raises(AssertionError):
        list(line_start_matches(re.compile(r"项目", re.MULTILINE), "项目"))
