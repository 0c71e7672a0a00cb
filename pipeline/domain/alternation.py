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
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def longest_first(words: Iterable[str]) -> list[str]:
    """The distinct `words`, longest first; words of one length by code point."""
    return sorted(set(words), key=lambda word: (-len(word), word))


def alternation(words: Iterable[str]) -> str:
    """`words` as literal branches of one alternation, `longest_first`."""
    return "|".join(re.escape(word) for word in longest_first(words))
