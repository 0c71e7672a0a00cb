"""Handing records on one at a time, so that a stage's input and its output are never all alive.

A dense table's rows pass through stages that each make a new record from the last one's (the
rules' candidate → indicator → trust's grounded copy). When a stage holds the only list of its
input, `drained` gives the items in order and removes each from the list as it is handed on: an
item is freed once the next stage has made its record from it, not when the whole list is done.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

T = TypeVar("T")


def drained(items: list[T]) -> Iterator[T]:
    """The items of `items` in order, each removed from the list as it is handed on.

    Worked example: `list(drained([a, b]))` is `[a, b]` and leaves the list empty; while the
    consumer works on `b`, the list no longer holds `a` (reversed once, then popped from its end:
    each step O(1)).
    """
    items.reverse()
    while items:
        yield items.pop()
