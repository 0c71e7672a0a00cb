"""`drained`: a list's items handed on in order, each let go by the list as it is handed on."""

from __future__ import annotations

import weakref

from pipeline.core.handoff import drained


class Item:
    """A plain object a weak reference can watch."""

    def __init__(self, name: str) -> None:
        self.name = name


def test_the_items_come_in_order_and_the_list_is_left_empty() -> None:
    items = [1, 2, 3]
    assert list(drained(items)) == [1, 2, 3]
    assert items == []
    assert list(drained([])) == []


def test_an_item_handed_on_is_no_longer_held_by_the_list() -> None:
    items = [Item("a"), Item("b"), Item("c")]
    watched = [weakref.ref(item) for item in items]
    alive_at_each = []
    for item in drained(items):
        alive_at_each.append([ref() is not None for ref in watched])
        del item  # the consumer has made its record from it
    # while `b` is handed on, `a` is gone; `c` is still waiting in the list
    assert alive_at_each == [[True, True, True], [False, True, True], [False, False, True]]
    assert all(ref() is None for ref in watched)
