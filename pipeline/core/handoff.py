"""Handing records on one at a time, so that a stage's input and its output are never all alive.

A dense table's rows pass through stages that each make a new record from the last one's (the
rules' candidate → indicator → trust's grounded copy). When a stage holds the only list of its
input, `drained` gives the items in order and removes each from the list as it is handed on: an
item is freed once the next stage has made its record from it, not when the whole list is done.
"""

from __future__ import annotations

import dataclasses
import pickle
import tempfile
from array import array
from collections.abc import Callable, Iterator
from operator import attrgetter
from pathlib import Path
from typing import IO, Any, Generic, TypeVar

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


class Spool(Generic[T]):
    """Records handed on in order, held in a list up to `limit` of them, past it pickled one by
    one to an unnamed temporary file in `directory` (created and unlinked at once: no path is
    left behind on any exit, a kill -9 included): a report's records are then alive one at a
    time, not all at once. Without a `directory` every record stays in the list.

    A spool is read in order by `drained` (each record let go once handed on) and by index
    (`spool[i]`, a record handed in before: the rare look back of a check, e.g. the first
    statement of a duplicated indicator). Close it (`with Spool(...) as spool:`) to free the file.

    Worked example: with `limit=2`, records a, b stay in the list; c arrives, and a, b and c are
    pickled to the file at offsets kept in an array (8 bytes per record); `spool[1]` reads b back
    from its offset, and `list(spool.drained())` is `[a, b, c]`.
    """

    def __init__(self, limit: int = 0, directory: str | Path | None = None) -> None:
        self._limit = limit
        self._directory = directory
        self._items: list[T] = []
        self._file: IO[bytes] | None = None
        self._offsets = array("q")

    def __len__(self) -> int:
        return len(self._offsets) if self._file is not None else len(self._items)

    @property
    def spilled(self) -> bool:
        """Whether the records are in the file (past `limit`), not in memory."""
        return self._file is not None

    def append(self, item: T) -> None:
        if self._file is None:
            self._items.append(item)
            if self._directory is None or len(self._items) <= self._limit:
                return
            # closed by `close` (or the drain that reads it last): the spool outlives this call
            self._file = tempfile.TemporaryFile(dir=self._directory, prefix=".spool-")  # noqa: SIM115
            held, self._items = self._items, []
            for record in held:
                self._write(record)
            return
        self._write(item)

    def _write(self, item: T) -> None:
        assert self._file is not None
        self._offsets.append(self._file.tell())
        _Pickler(self._file, pickle.HIGHEST_PROTOCOL).dump(item)

    def __getitem__(self, index: int) -> T:
        if self._file is None:
            return self._items[index]
        end = self._file.tell()
        self._file.seek(self._offsets[index])
        item: T = pickle.load(self._file)
        self._file.seek(end)
        return item

    def drained(self) -> Iterator[T]:
        """The records in order, each handed on once (the spool is empty after)."""
        if self._file is None:
            yield from drained(self._items)
            return
        file, count = self._file, len(self._offsets)
        file.seek(0)
        self._offsets = array("q")
        for _ in range(count):
            yield pickle.load(file)
        self.close()

    def close(self) -> None:
        self._items = []
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> Spool[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Pickler(pickle.Pickler):
    """A pickler that writes a frozen, slotted dataclass (a record's `Evidence`, `Target`,
    `Actual`) as its class and slot values, rebuilt without its constructor (`_slotted`): the
    dataclass module's own state functions call `fields()` per object, which made pickling
    ~half of a spooled indicator's cost. Any other object is pickled as usual."""

    def reducer_override(self, obj: object) -> Any:  # NotImplemented, or a reduction
        cls = type(obj)
        getter = _SLOT_GETTERS.get(cls, _UNSEEN)
        if getter is _UNSEEN:
            getter = _SLOT_GETTERS[cls] = _slot_getter(cls)
        if getter is None:
            return NotImplemented
        return _slotted, (cls, getter(obj))


_UNSEEN = object()
_SLOT_GETTERS: dict[type, Any] = {}


def _slot_getter(cls: type) -> Callable[[object], tuple[object, ...]] | None:
    """The slot values' getter of a slotted dataclass of two or more fields, else None."""
    slots = getattr(cls, "__slots__", None)
    if not dataclasses.is_dataclass(cls) or not isinstance(slots, tuple) or len(slots) < 2:
        return None
    if tuple(f.name for f in dataclasses.fields(cls)) != slots:
        return None
    return attrgetter(*slots)


def _slotted(cls: type, values: tuple[object, ...]) -> object:
    """A slotted dataclass rebuilt from its slot values (a frozen one cannot be set otherwise)."""
    record: object = object.__new__(cls)
    for name, value in zip(cls.__slots__, values, strict=True):  # type: ignore[attr-defined]
        object.__setattr__(record, name, value)
    return record
