"""A pattern tried only where it can start: where one of a few plain words opens, or at a line start.

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

A pattern anchored at line starts (`^` in MULTILINE mode) likewise: the engine tries `^` at every
character of the text, where a line break is a literal it skips to (`line_start_matches`).
"""

from __future__ import annotations

import functools
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


def line_start_matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for a MULTILINE pattern that opens with `^` and never matches an
    empty string: the first line matched alone, then each line start after a break that the same
    pattern without its `^` follows (found by a scan for the break), matched there by `pattern`
    itself, so the match objects are the scan's own.

    >>> heading = re.compile(r"^[一二三]、(?P<title>[^\\n]+)", re.MULTILINE)
    >>> [m.group("title") for m in line_start_matches(heading, "一、概况\\n正文\\n二、绩效")]
    ['概况', '绩效']
    """
    after_break = _after_break(pattern)
    m = pattern.match(text)
    pos = 0
    if m is not None:
        yield m
        pos = m.end()
    # from one before `pos`: a match that ended with a break is followed by a line start at `pos`
    while (found := after_break.search(text, max(pos - 1, 0))) is not None:
        m = pattern.match(text, found.start() + 1)
        assert m is not None and m.end() > m.start()  # the same pattern, at the line after the break
        yield m
        pos = m.end()


@functools.cache
def _after_break(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` with its opening `^` made a line break (`line_start_matches`)."""
    anchored = pattern.pattern.startswith("^") and pattern.flags & re.MULTILINE
    assert anchored, "a pattern anchored at line starts"
    return re.compile("\\n" + pattern.pattern.removeprefix("^"), pattern.flags)
