"""What rules units read and return: cells of the normalised text, and rows of them.

Tables are found by `pipeline.layout`; the rules backend works on its rows as `Row`s of `Cell`s
(text + half-open span in the normalised text), so every value it reads keeps its offsets and
`assemble.py` maps them back to `Document.text` in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

RowKind = Literal["cells", "line", "grid"]


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell's text (stripped) and its span in the text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Row:
    """A table row as read (`cells`), a body row of a grid (`grid`: aligned to its header), or
    a line of prose (`line`: one cell)."""

    cells: tuple[Cell, ...]
    start: int
    end: int
    kind: RowKind

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(c.text for c in self.cells)


def make_cell(text: str, start: int, end: int) -> Cell:
    """`text[start:end]` stripped of spaces, with the span of what is left (empty: a zero span)."""
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip(" \u3000"))
    right = len(piece.rstrip(" \u3000"))
    if right <= left:
        return Cell("", start, start)
    return Cell(piece[left:right], start + left, start + right)
