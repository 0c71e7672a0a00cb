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

from dataclasses import dataclass
from typing import Literal

from pipeline.core.document import Span

BlockKind = Literal["heading", "paragraph", "list_item", "table"]


class Cell:
    """One cell: its text (stripped, inner line breaks and runs of spaces kept as one space) and
    its span (the stripped text's extent; an empty cell has an empty span where it stood).
    `inherited` marks a merged level cell filled from the row above (the span is that cell's).

    A cell holds no copy of its text when its text is the normalised text's `[start, end)` (all
    but a few, `Cell.cut`): it keeps that text and its offsets, and `text` and `span` are made
    when read. A layout keeps its cells through extraction, about one per ten characters of a
    report, and a copy of each text and a `Span` each were ~4 of the ~14 bytes per character the
    layout kept. A cell whose text is not a slice (inner line breaks joined, tokens glued, a cell
    built by hand) keeps its own text. Either way it compares, hashes and prints by its text,
    offsets and `inherited`, and it is immutable:

    >>> cell = Cell.cut("x | 产出 | y", 4, 6)
    >>> cell.text, cell.span, cell == Cell("产出", Span(4, 6))
    ('产出', Span(start=4, end=6), True)
    """

    __slots__ = ("_source", "_text", "end", "inherited", "start")
    _source: str | None
    _text: str | None
    start: int
    end: int
    inherited: bool

    def __init__(self, text: str, span: Span, inherited: bool = False) -> None:
        _set(self, "_source", None)
        _set(self, "_text", text)
        _set(self, "start", span.start)
        _set(self, "end", span.end)
        _set(self, "inherited", inherited)

    @classmethod
    def cut(cls, source: str, start: int, end: int, inherited: bool = False) -> Cell:
        """The cell whose text is `source[start:end]`, kept as that slice (no copy)."""
        if not 0 <= start <= end:
            raise ValueError(f"bad span [{start}, {end})")
        cell = object.__new__(cls)
        _set(cell, "_source", source)
        _set(cell, "_text", None)
        _set(cell, "start", start)
        _set(cell, "end", end)
        _set(cell, "inherited", inherited)
        return cell

    def inherit(self) -> Cell:
        """This cell as a level cell filled into the row below it (`inherited=True`), sharing its text."""
        if self._source is not None:
            return Cell.cut(self._source, self.start, self.end, inherited=True)
        return Cell(self.text, self.span, inherited=True)

    @property
    def text(self) -> str:
        own = self._text
        return self._source[self.start : self.end] if own is None else own  # type: ignore[index]

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

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


_set = object.__setattr__  # `Cell` refuses `setattr`; it sets its slots once, when made


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
