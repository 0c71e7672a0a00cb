"""Words as one regex alternation: the longest first, and in one fixed order.

`re` tries the branches of an alternation in order and takes the first that matches, so a word
that opens another (`目标` in `目标值`) must come after it, or `目标值：95%` is read as `目标` and a
stray `值`. Words of one length keep a fixed order too (by code point): a pattern built from a set
would otherwise be written in the set's order, which differs between processes (string hashing is
randomised), and a compiled pattern kept between processes (`pipeline.core.regex_cache`) is found
by its text. Two different words of one length never match at one position, so that order does not
change what a pattern matches.

    >>> longest_first({"目标", "年度目标", "目标值"})
    ['年度目标', '目标值', '目标']
    >>> alternation(["达到", "≥", "不低于", "达到"])
    '不低于|达到|≥'
    >>> alternation(["目标", "年度目标", "目标值"])
    '年度目标|目(?:标值|标)'
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def longest_first(words: Iterable[str]) -> list[str]:
    """The distinct `words`, longest first; words of one length by code point."""
    return sorted(set(words), key=lambda word: (-len(word), word))


def alternation(words: Iterable[str]) -> str:
    """`words` as literal branches of one alternation, `longest_first`, the words that open with
    one character gathered under it (`年度目标|目标值|目标` → `年度目标|目(?:标值|标)`).

    At a position `re` tries the branches in order; gathered, it tests one branch per first
    character instead of every word, and a word that fails at its first character is skipped
    with its whole group. The words that can match at a position all open with the character
    there: they are one group, kept in `longest_first` order, so what matches, and the order
    in which backtracking tries the shorter words, are those of the plain alternation."""
    groups: dict[str, list[str]] = {}
    for word in longest_first(words):
        groups.setdefault(word[:1], []).append(word[1:])
    return "|".join(_branch(first, rests) for first, rests in groups.items())


def _branch(first: str, rests: list[str]) -> str:
    if len(rests) == 1:
        return re.escape(first + rests[0])
    return re.escape(first) + "(?:" + "|".join(re.escape(rest) for rest in rests) + ")"
