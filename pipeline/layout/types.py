"""The records of a document's layout. Every offset is a `pipeline.core.document.Span` into the
*normalised* text the layout was recovered from (`NormalizedText.text`; `to_source` maps back).

A table is a `Grid`: rows of cells as read (`rows`, exact spans), the rows that are headers,
one role per column named by the header words (`domain.headers.header_role`), and the rows as a
reader wants them (`body`): shorter rows aligned to the right, because converters drop the merged
cells on the left (`质量指标 | 合格率 | 100%` under a 7-column header), and the 一级/二级 columns
forward-filled from the row above. Worked example (pipe rows):

    | 一级指标 | 二级指标 | 三级指标 | 指标值 |        header row 0, roles level1 level2 name target
    | 产出指标 | 数量指标 | 培训人次 | ≥100人次 |
    | 质量指标 | 合格率 | 100% |                      3 cells: aligned right, level1 inherited

In `body`, the last row is `「」 | 质量指标 | 合格率 | 100%` aligned right, and the forward fill makes
its empty first cell the `产出指标` printed in the row above, marked `inherited=True` (span: that cell).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Literal

from pipeline.core.document import Span

BlockKind = Literal["heading", "paragraph", "list_item", "table"]


class Cell:
    """One cell: its text (stripped, inner line breaks and runs of spaces kept as one space) and
    its span (the stripped text's extent; an empty cell has an empty span where it stood).
    `inherited` marks a merged level cell filled from the row above (the span is that cell's).

    A cell holds no copy of its text when its text is the normalised text's `[start, end)` (all
    but a few, `Cell.cut`): it keeps that text and its offsets, and `text`, `span`, `start` and
    `end` are made when read. A cell whose text is not a slice (inner line breaks joined, tokens
    glued, a cell built by hand) keeps its own text. A layout keeps its cells through extraction,
    about one per ten characters of a report (seven per row of a 65-character table row), so a
    cell is kept small: four slots (64 bytes, against 80 with five). Its offsets are held
    relative to a `base` its row's cells share (the row's start, `split_cells`): each is then a
    small int, one object Python keeps for the whole process, where absolute offsets were two
    int objects of 32 bytes per cell. Whether it is inherited, and whether it is a slice, are its
    class (`_Slice`, `_Filled`, `_FilledSlice`, made only here). A 10,000-row table's cells went
    from ~950 to ~450 bytes per row (a copy of each text and a `Span` had gone before). Either way
    a cell compares, hashes and prints by its text, offsets and `inherited`, and it is immutable:

    >>> cell = Cell.cut("x | 产出 | y", 4, 6)
    >>> cell.text, cell.span, cell == Cell("产出", Span(4, 6))
    ('产出', Span(start=4, end=6), True)
    >>> cell.inherit().inherited, cell.inherit() == cell
    (True, False)
    """

    __slots__ = ("_base", "_end", "_ref", "_start")
    _ref: str  # the cell's own text; in a `_Slice`, the whole text it is a slice of
    _base: int
    _start: int  # relative to `_base`
    _end: int
    inherited: ClassVar[bool] = False

    def __new__(cls, text: str, span: Span, inherited: bool = False) -> Cell:
        return _made(_Filled if inherited else Cell, text, span.start, span.start, span.end)

    @classmethod
    def cut(cls, source: str, start: int, end: int, inherited: bool = False, base: int | None = None) -> Cell:
        """The cell whose text is `source[start:end]`, kept as that slice (no copy); its offsets
        are kept relative to `base` (default `start`): an int its row's cells share."""
        if not 0 <= start <= end:
            raise ValueError(f"bad span [{start}, {end})")
        base = start if base is None else base
        return _made(_FilledSlice if inherited else _Slice, source, base, start, end)

    def inherit(self) -> Cell:
        """This cell as a level cell filled into the row below it (`inherited=True`), sharing its text."""
        cell = object.__new__(_FilledSlice if isinstance(self, _Slice) else _Filled)
        for name, put in _PUT:
            put(cell, getattr(self, name))
        return cell

    @property
    def text(self) -> str:
        return self._ref

    @property
    def start(self) -> int:
        return self._base + self._start

    @property
    def end(self) -> int:
        return self._base + self._end

    @property
    def span(self) -> Span:
        base = self._base
        return Span(base + self._start, base + self._end)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Cell is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Cell is immutable: cannot delete {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Cell):
            return NotImplemented
        return (self.start, self.end, self.inherited, self.text) == (
            other.start,
            other.end,
            other.inherited,
            other.text,
        )

    def __hash__(self) -> int:
        return hash((self.text, self.start, self.end, self.inherited))

    def __repr__(self) -> str:
        return f"Cell(text={self.text!r}, span={self.span!r}, inherited={self.inherited!r})"

    def __reduce__(self) -> tuple[object, ...]:
        return (Cell, (self.text, self.span, self.inherited))


class _Slice(Cell):
    """A cell whose text is its `_ref[start:end]` (`Cell.cut`)."""

    __slots__ = ()

    @property
    def text(self) -> str:
        base = self._base
        return self._ref[base + self._start : base + self._end]


class _Filled(Cell):
    """A cell with its own text, filled into the row below (`inherited`)."""

    __slots__ = ()
    inherited = True


class _FilledSlice(_Slice):
    """A slice filled into the row below (`inherited`)."""

    __slots__ = ()
    inherited = True


# `Cell` refuses `setattr`: its four slots are set once, when it is made, through their descriptors.
_PUT: tuple[tuple[str, Callable[[Cell, object], None]], ...] = tuple(
    (name, getattr(Cell, name).__set__) for name in Cell.__slots__
)
_put_base, _put_end, _put_ref, _put_start = (put for _, put in _PUT)


def _made(cls: type[Cell], ref: str, base: int, start: int, end: int) -> Cell:
    cell = object.__new__(cls)
    _put_ref(cell, ref)
    _put_base(cell, base)
    _put_start(cell, start - base)
    _put_end(cell, end - base)
    return cell


@dataclass(frozen=True, slots=True)
class GridRow:
    """One row as read. `split_by_pattern` is set when its cells were cut by value patterns
    rather than by a separator the text wrote (a reader should trust it less)."""

    cells: tuple[Cell, ...]
    span: Span
    split_by_pattern: bool = False

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(cell.text for cell in self.cells)


@dataclass(frozen=True, slots=True)
class Grid:
    """A table (see the module docstring). `recogniser` names the linearisation it was read from
    (`tabs`, `pipe_rows`, `pipe_stream`, `cell_lines`, `cell_stream`, `spaced`, `one_line_form`, …);
    `header_rows` index `rows`; `roles[c]` is the role of column `c` or None; `body` holds the
    non-header rows aligned and forward-filled (one entry per non-header row, in order)."""

    rows: tuple[GridRow, ...]
    span: Span
    recogniser: str
    header_rows: tuple[int, ...]
    roles: tuple[str | None, ...]
    body: tuple[GridRow, ...]

    @property
    def width(self) -> int:
        return len(self.roles)

    @property
    def header_seen(self) -> bool:
        return bool(self.header_rows)

    @property
    def split_by_pattern(self) -> bool:
        return any(row.split_by_pattern for row in self.rows)

    def column(self, role: str) -> int | None:
        """The first column whose header names `role` (`target`, `actual`, `level1`, …)."""
        return next((c for c, r in enumerate(self.roles) if r == role), None)

    def cell(self, row: GridRow, role: str) -> Cell | None:
        """The cell of `row` (a `body` row) in the column named `role`, if both exist."""
        column = self.column(role)
        return row.cells[column] if column is not None and column < len(row.cells) else None


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and everything up to the next heading of the same or an outer level.
    `title` is the heading text after its marker (`（一）基本情况：…` → `基本情况：…`, cut at 。；：
    and at 40 characters); `label` is the heading line so cut, marker kept (`（一）基本情况`)."""

    level: int
    title: str
    label: str
    heading: Span
    span: Span
    parent: int | None


@dataclass(frozen=True, slots=True)
class Block:
    """A heading line, a paragraph (lines up to a blank line or a heading), a numbered list item,
    or a table (`grid`); `section` indexes `Layout.sections` (the innermost section it starts in)."""

    kind: BlockKind
    span: Span
    section: int | None
    grid: Grid | None = None
    level: int | None = None  # heading and list-item level (1 for 一、, 2 for （一）, 3 for 1., 4 for （1）)


@dataclass(frozen=True, slots=True)
class Layout:
    """One document's structure: blocks in text order, its sections, its prose sentences."""

    text: str
    blocks: tuple[Block, ...]
    sections: tuple[Section, ...]

    @property
    def sentences(self) -> tuple[Span, ...]:
        """The sentences of the paragraphs and list items (`outline.sentences`), in text order:
        found when asked, since no stage reads them for every report."""
        from pipeline.layout.outline import sentences  # outline builds on the records here

        return tuple(sentences(self.text, self.blocks))

    @property
    def tables(self) -> tuple[Grid, ...]:
        return tuple(b.grid for b in self.blocks if b.grid is not None)

    def section_path(self, index: int | None) -> tuple[Section, ...]:
        """The sections from the outermost down to `sections[index]`."""
        path: list[Section] = []
        while index is not None:
            path.append(self.sections[index])
            index = self.sections[index].parent
        return tuple(reversed(path))
