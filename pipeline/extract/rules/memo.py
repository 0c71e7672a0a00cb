"""One reading per text: what several readers of one report compute from the same whole text.

The rules readers each take the report's text and work alone, and some need the same thing
from it: the four fused readers squash it (`fused.squashed_offsets`), the inline, labelled and
dated readers find its level headings (`levels.heading_levels`). A function wrapped in
`per_text` keeps its result for the last text it was given, matched by identity (the very
string object, hence the same value), so the second reader of a report gets the first one's
result. `forget_texts` drops every kept result: `extract_rules` calls it when a report's rules
are done, so a big text and what was made from it are not held past the report.

    >>> calls = []
    >>> shout = per_text(lambda text: calls.append(text) or text.upper())
    >>> text = "abc" * 3
    >>> shout(text), shout(text), len(calls)
    ('ABCABCABC', 'ABCABCABC', 1)
    >>> forget_texts(); shout(text), len(calls)
    ('ABCABCABC', 2)

The wrapped function must be pure and its result never changed by a caller (frozen records,
tuples, strings).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

_KEPT: list[list[tuple[str, object] | None]] = []  # per wrapped function: one slot, its last text and result


def per_text(function: Callable[[str], T]) -> Callable[[str], T]:
    """`function` with its result for the last text kept (module docstring)."""
    slot: list[tuple[str, object] | None] = [None]
    _KEPT.append(slot)

    @functools.wraps(function)
    def kept(text: str) -> T:
        last = slot[0]  # read once: the slot's pair is replaced whole, never changed in place
        if last is not None and last[0] is text:
            return last[1]  # type: ignore[return-value]
        result = function(text)
        slot[0] = (text, result)
        return result

    return kept


def forget_texts() -> None:
    """Drop the result every `per_text` function kept."""
    for slot in _KEPT:
        slot[0] = None
