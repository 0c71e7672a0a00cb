"""`Frozen`: the base of a hand-written slotted class whose instances never change.

A frozen dataclass refuses `setattr` through a generated `__setattr__`; the layout's cells and
rows and the rules' cells are plain slotted classes (a dataclass's machinery costs memory and
time per object on a 10,000-row table), so they take the refusal from here. Their own slots are
set once, when an instance is made, through the slots' descriptors, which `__setattr__` does not
see:

>>> class Point(Frozen):
...     __slots__ = ("x",)
>>> p = object.__new__(Point); Point.x.__set__(p, 1); p.x
1
>>> p.x = 2
Traceback (most recent call last):
dataclasses.FrozenInstanceError: Point is immutable: cannot set 'x'
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError


class Frozen:
    """Refuses setting and deleting attributes (`FrozenInstanceError`, an `AttributeError`, as a
    frozen dataclass does)."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"{type(self).__name__} is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"{type(self).__name__} is immutable: cannot delete {name!r}")
