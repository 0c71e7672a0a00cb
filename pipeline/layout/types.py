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

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from pipeline.core.document import Span
from pipeline.core.frozen import Frozen

BlockKind = Literal["heading", "paragraph", "list_item", "table"]


class Cell(Frozen):
    """One cell: its text (stripped, inner line breaks and runs of spaces kept as one space) and
    its span (the stripped text's extent; an empty cell has an empty span where it stood).
    `inherited` marks a merged level cell filled from the row above (the span is that cell's).

    A cell holds no copy of its text when its text is the normalised text's `[start, end)` (all
    but a few, `Cell.cut`): it keeps that text and its offsets, and `text`, `span`, `start` and
    `end` are made when read. A cell whose text is not a slice (inner line breaks joined, tokens
    glued, a cell built by hand) keeps its own text. A layout's rows keep offsets, not cells
    (`GridRow`): a cell is made when a row's `cells` are read, so it is made small and fast: four
    slots (64 bytes, against 80 with five), its offsets relative to a `base` its row's cells share
    (the row's start): each is then a small int, one object Python keeps for the whole process,
    where absolute offsets were two int objects of 32 bytes per cell. Whether it is inherited, and
    whether it is a slice, are its class (`_Slice`, `_Filled`, `_FilledSlice`, made only here).
    Either way a cell compares, hashes and prints by its text, offsets and `inherited`, and it is
    immutable:

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


_Cuts = bytes | tuple[int, ...]  # offsets, one byte each where every one is below 256


class GridRow(Frozen):
    """One row as read: its `cells` and its `span`. `split_by_pattern` is set when its cells were
    cut by value patterns rather than by a separator the text wrote (a reader should trust it less).

    A layout keeps its rows through extraction (a dense table is one row per ~65 characters), so a
    row holds no `Cell` objects: it keeps the text its cells are slices of, its start, and every
    cell's offsets relative to that start in one `bytes` (a tuple of ints where one is not below
    256: a row of 256 characters or more); `cells`, `texts`, `cell(i)` and `span` are made when
    read. A cell that is not such a slice (inner line breaks joined, tokens glued, a level filled
    from the row above, a cell built by hand) is kept as it is (`_odd`, in its place); an empty
    cell is a slice wherever it stands. A 10,000-row table's rows went from ~700 bytes each (seven
    64-byte cells, their tuple, the row and its `Span` with two offsets) to ~150. A row compares,
    hashes and prints by its cells, span and `split_by_pattern`, and it is immutable:

    >>> row = GridRow.cut("产出\\t≥90%\\t", 0, 8, (0, 2, 3, 7, 8, 8))
    >>> row.texts, row.span
    (('产出', '≥90%', ''), Span(start=0, end=8))
    >>> row.cell(1)
    Cell(text='≥90%', span=Span(start=3, end=7), inherited=False)
    >>> row == GridRow(row.cells, Span(0, 8)), row.width
    (True, 3)
    """

    __slots__ = ("_at", "_cuts", "_odd", "_ref", "split_by_pattern")
    _ref: str  # the text the cells are slices of
    _at: int  # the row's start: `_cuts` are relative to it
    _cuts: _Cuts  # the row's end, then each cell's start and end
    _odd: tuple[Cell | None, ...] | None  # per cell, the cell kept as it is, or None (a slice)
    split_by_pattern: bool

    def __new__(cls, cells: Sequence[Cell], span: Span, split_by_pattern: bool = False) -> GridRow:
        at, ref = span.start, ""
        for cell in cells:
            if type(cell) is _Slice:
                ref = cell._ref
                break
        cuts = [span.end - at]
        odd: list[Cell | None] | None = None
        for k, cell in enumerate(cells):
            kind = type(cell)
            if (kind is _Slice and cell._ref is ref) or (kind is Cell and not cell._ref):
                base = cell._base - at  # an empty cell slices "" from any text
                cuts += (base + cell._start, base + cell._end)
            else:
                odd = odd or [None] * len(cells)
                odd[k] = cell
                cuts += (0, 0)
        return _row(ref, at, cuts, None if odd is None else tuple(odd), split_by_pattern)

    @classmethod
    def cut(
        cls,
        text: str,
        start: int,
        end: int,
        offsets: Sequence[int],
        odd: tuple[Cell | None, ...] | None = None,
        split_by_pattern: bool = False,
    ) -> GridRow:
        """The row `text[start:end]` whose cells are `text[start + offsets[2k]:start + offsets[2k + 1]]`
        (`odd[k]`, where given and not None, is cell k as it is): no `Cell` is made."""
        return _row(text, start, [end - start, *offsets], odd, split_by_pattern)

    @property
    def width(self) -> int:
        """How many cells the row has (`len(row.cells)`, no cell made)."""
        return len(self._cuts) >> 1

    @property
    def span(self) -> Span:
        return _span(self._at, self._at + self._cuts[0])

    @property
    def cells(self) -> tuple[Cell, ...]:
        ref, at, cuts, odd = self._ref, self._at, self._cuts, self._odd
        if odd is None:
            return tuple([_slice(ref, at, cuts[k], cuts[k + 1]) for k in range(1, len(cuts), 2)])
        return tuple(
            [
                _slice(ref, at, cuts[k], cuts[k + 1]) if kept is None else kept
                for k, kept in zip(range(1, len(cuts), 2), odd, strict=True)
            ]
        )

    @property
    def texts(self) -> tuple[str, ...]:
        ref, at, cuts, odd = self._ref, self._at, self._cuts, self._odd
        if odd is None:
            return tuple([ref[at + cuts[k] : at + cuts[k + 1]] for k in range(1, len(cuts), 2)])
        return tuple(
            [
                ref[at + cuts[k] : at + cuts[k + 1]] if kept is None else kept.text
                for k, kept in zip(range(1, len(cuts), 2), odd, strict=True)
            ]
        )

    def cell(self, index: int) -> Cell:
        """`cells[index]`, made alone."""
        kept = self._odd[index] if self._odd is not None else None
        if kept is not None:
            return kept
        cuts = self._cuts
        if index < 0:
            index += len(cuts) >> 1
        return _slice(self._ref, self._at, cuts[2 * index + 1], cuts[2 * index + 2])

    def text(self, index: int) -> str:
        """`cells[index].text`, no cell made."""
        kept = self._odd[index] if self._odd is not None else None
        if kept is not None:
            return kept.text
        cuts, at = self._cuts, self._at
        if index < 0:
            index += len(cuts) >> 1
        return self._ref[at + cuts[2 * index + 1] : at + cuts[2 * index + 2]]

    def is_slice(self, index: int) -> bool:
        """Whether cell `index` is a slice of the text (`start_of`, `end_of` and `text` read it
        from the offsets), not a cell kept as it is."""
        return self._odd is None or self._odd[index] is None

    def start_of(self, index: int) -> int:
        """`cells[index].start` of a slice cell (`is_slice`), no cell made."""
        return self._at + self._cuts[2 * index + 1]

    def end_of(self, index: int) -> int:
        """`cells[index].end` of a slice cell (`is_slice`), no cell made."""
        return self._at + self._cuts[2 * index + 2]

    def padded(self, before: int = 0, after: int = 0) -> GridRow:
        """This row with `before` empty cells at its start and `after` empty cells at its end
        (alignment: cells the text did not write), no cell made."""
        end = self._cuts[0]
        cuts = [end, *(0,) * (2 * before), *self._cuts[1:], *(end,) * (2 * after)]
        odd = self._odd and (None,) * before + self._odd + (None,) * after
        return _row(self._ref, self._at, cuts, odd, self.split_by_pattern)

    def with_cells(self, cells: dict[int, Cell]) -> GridRow:
        """This row with `cells[k]` in place of its cell k (a level filled from the row above)."""
        odd = list(self._odd or (None,) * self.width)
        for index, cell in cells.items():
            odd[index] = cell
        return _row(self._ref, self._at, self._cuts, tuple(odd), self.split_by_pattern)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GridRow):
            return NotImplemented
        return self._key() == other._key()

    def _key(self) -> tuple[object, ...]:
        return (self.cells, self.span, self.split_by_pattern)

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        cells, span, split = self._key()
        return f"GridRow(cells={cells!r}, span={span!r}, split_by_pattern={split!r})"

    def __reduce__(self) -> tuple[object, ...]:
        return (GridRow, self._key())


def _slice(ref: str, base: int, start: int, end: int) -> Cell:
    """The `_Slice` cell `ref[base + start:base + end]` (`start`, `end` relative to `base`)."""
    cell = object.__new__(_Slice)
    _put_ref(cell, ref)
    _put_base(cell, base)
    _put_start(cell, start)
    _put_end(cell, end)
    return cell


def _span(start: int, end: int) -> Span:
    """`Span(start, end)` for offsets known to be in order (a row's own): its check skipped."""
    span = object.__new__(Span)
    _span_start(span, start)
    _span_end(span, end)
    return span


_span_start, _span_end = (vars(Span)[name].__set__ for name in ("start", "end"))  # its slots' descriptors
_ROW_PUT = {name: getattr(GridRow, name).__set__ for name in GridRow.__slots__}
_row_at, _row_cuts, _row_odd, _row_ref, _row_split = (_ROW_PUT[name] for name in GridRow.__slots__)


def _row(
    ref: str,
    at: int,
    cuts: list[int] | bytes | tuple[int, ...],
    odd: tuple[Cell | None, ...] | None,
    split: bool,
) -> GridRow:
    """The row; `cuts` a list is packed (`GridRow`), else it is another row's, already packed."""
    row = object.__new__(GridRow)
    _row_ref(row, ref)
    _row_at(row, at)
    if type(cuts) is not list:
        _row_cuts(row, cuts)
    else:
        try:  # one byte per offset: a row shorter than 256 characters, most of them
            _row_cuts(row, bytes(cuts))
        except ValueError:
            _row_cuts(row, tuple(cuts))
    _row_odd(row, odd)
    _row_split(row, split)
    return row


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
        return row.cell(column) if column is not None and column < row.width else None


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
