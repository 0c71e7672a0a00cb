"""A pattern that opens with one of a few plain words, tried only where one of them starts.

A scan for such a pattern (`finditer`, `search`) has the engine test every character of the text
against the words' first characters; `str.find` skips to a word several times faster. So the
places where the words start are found first (`word_starts`: of the words no other word opens,
`openers`), and the pattern is tried at each by `match`, what the scan finds there — at every
other position the pattern fails at its first character, and the scan would move on:

    >>> import re
    >>> pattern = re.compile(r"(?:自评得分|自评)[:：]?(?P<num>\\d+)分")
    >>> text = "自评：自评得分：96分，自评92分"
    >>> starts = word_starts(text, openers(("自评得分", "自评")), 0, len(text))
    >>> starts, [m.group("num") for m in matches_at(pattern, starts, text, 0, len(text))]
    ([0, 3, 12], ['96', '92'])
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


def openers(words: Iterable[str]) -> tuple[str, ...]:
    """The words no other of `words` opens (`自评` opens `自评得分`): wherever one of `words`
    starts, one of these starts too. Plain words only (no pattern syntax).

    >>> openers(("自评得分", "自评", "项目总得分", "总得分"))
    ('总得分', '自评', '项目总得分')
    """
    distinct = set(words)
    assert all(re.escape(word) == word for word in distinct), "openers are plain words"
    return tuple(sorted(w for w in distinct if not any(o != w and w.startswith(o) for o in distinct)))


def word_starts(text: str, words: tuple[str, ...], start: int, end: int) -> list[int]:
    """Every position in `text[start:end]` where one of `words` starts (and ends by `end`), in order."""
    found = set()
    for word in words:
        at = text.find(word, start, end)
        while at >= 0:
            found.add(at)
            at = text.find(word, at + 1, end)
    return sorted(found)


def matches_at(
    pattern: re.Pattern[str], starts: list[int], text: str, start: int, end: int
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text, start, end)` for a pattern that can start a match only at
    `starts` (ascending, within `text[start:end]`): each tried in order by `match`, those
    inside a match found skipped, as the scan skips them."""
    pos = start
    for at in starts:
        if at >= pos and (m := pattern.match(text, at, end)) is not None:
            yield m
            pos = m.end()
