"""What rules units read and return: cells of the normalised text, and rows of them.

Tables are found by `pipeline.layout`; the rules backend works on its rows as `Row`s of `Cell`s
(text + half-open span in the normalised text), so every value it reads keeps its offsets and
`assemble.py` maps them back to `Document.text` in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pipeline.core.frozen import Frozen
from pipeline.layout import GridRow

RowKind = Literal["cells", "line", "grid"]


class Cell(Frozen):
    """One cell's text (stripped) and its span in the text: `Cell(text, start, end)`.

    A candidate keeps its cells until its indicator is made (seven per row of a table), and the
    cells of a grid's rows are the layout's, which a `GridRow` holds as offsets into the text: so
    a cell read from a row as written is that row and its place in it (`Cell.in_row`: two slots,
    48 bytes), its text and offsets read from the row when asked, where a cell of its own holds
    its text, a copy (~70 bytes for a short Chinese cell), and two offsets (32 bytes each above
    256): ~190 bytes. Either kind compares, hashes and prints by its text and offsets, and is
    immutable:

    >>> row = GridRow.cut("产出\\t≥90%", 0, 7, (0, 2, 3, 7))
    >>> Cell.in_row(row, 1)
    Cell(text='≥90%', start=3, end=7)
    >>> Cell.in_row(row, 1) == Cell("≥90%", 3, 7), Cell.in_row(row, 1).text
    (True, '≥90%')
    """

    __slots__ = ()
    text: str
    start: int
    end: int

    def __new__(cls, text: str, start: int, end: int) -> Cell:
        cell = object.__new__(_Own)
        _own_text(cell, text)
        _own_start(cell, start)
        _own_end(cell, end)
        return cell

    @staticmethod
    def in_row(row: GridRow, index: int) -> Cell:
        """Cell `index` of `row` as written (`row.cells[index]`'s text and offsets): kept as the
        row and the index where it is a slice of the text, else a cell of its own."""
        if not row.is_slice(index):
            cell = row.cell(index)
            return Cell(cell.text, cell.start, cell.end)
        made = object.__new__(_InRow)
        _in_row(made, row)
        _in_index(made, index)
        return made

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Cell):
            return NotImplemented
        return (self.text, self.start, self.end) == (other.text, other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.text, self.start, self.end))

    def __repr__(self) -> str:
        return f"Cell(text={self.text!r}, start={self.start!r}, end={self.end!r})"

    def __reduce__(self) -> tuple[object, ...]:
        return (Cell, (self.text, self.start, self.end))


class _Own(Cell):
    """A cell holding its text and offsets (`Cell(text, start, end)`)."""

    __slots__ = ("end", "start", "text")


class _InRow(Cell):
    """Cell `_index` of the grid row `_row`, a slice of the text (`Cell.in_row`)."""

    __slots__ = ("_index", "_row")
    _row: GridRow
    _index: int

    @property
    def text(self) -> str:  # type: ignore[override]  # read from the row: a read-only view of the cell
        return self._row.text(self._index)

    @property
    def start(self) -> int:  # type: ignore[override]  # read from the row: a read-only view of the cell
        return self._row.start_of(self._index)

    @property
    def end(self) -> int:  # type: ignore[override]  # read from the row: a read-only view of the cell
        return self._row.end_of(self._index)


# `Cell` refuses `setattr`: a cell's slots are set once, when it is made, through their descriptors.
_own_text, _own_start, _own_end = (vars(_Own)[name].__set__ for name in ("text", "start", "end"))
_in_row, _in_index = (vars(_InRow)[name].__set__ for name in ("_row", "_index"))


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
