"""Tables that a page break cut in two: the header printed once, the rows going on after it.

A form printed across pages repeats nothing: the first page has the header and the first rows,
then come the page's footer and the next page's running title, then the remaining rows with no
header of their own (and their merged level cells empty, the level stated on the page before):

    | 一级指标 | 二级指标 | 三级指标 | 指标值 | 完成值 | 分值 | 得分 |
    | 产出指标 | 数量指标 | 培训人次 | ≥100人次 | 120人次 | 20 | 20 |
    某县2023年度项目支出绩效自评表                      ← the next page's running title
    |  | 质量指标 | 培训合格率 | ≥95% | 98% | 20 | 20 |

A headerless grid is the continuation of the table before it when only a little text lies
between them (`PAGE_GAP` characters of paragraphs: a footer, a running title — never a heading,
a list item or another table) and none of its rows is wider than that table's header. It is then
read under that header: its rows aligned to the header's width and its levels filled on from
the last rows before the break (`layout.grid.continue_grid`).

A form whose header row repeats on every page prints it again after the footer and running
title; where the next page's first row leaves a level cell empty (the merged cell goes on from
the page before; a table of its own states its levels in its first row), the rows after the
repeated header continue the table the same way (`_repeats_header`). Two ruled tables a
structured reader drew (a PDF's pages) may differ in width where the header's last cell spans
columns only the first page's rows rule (`_same_drawn_header`); the rows after the break are
then padded on the right, their cells in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from pipeline.domain.quantity import looks_like_value
from pipeline.layout.grid import continue_grid
from pipeline.layout.recover import STRUCTURED
from pipeline.layout.types import Block, Grid, Layout

PAGE_GAP = 200  # characters of footer and running title a page break puts between two parts


def _holds_values(grid: Grid) -> bool:
    """Most of its rows hold a value (a table of indicators, not a signature block)."""
    with_values = sum(1 for row in grid.rows if any(looks_like_value(text) for text in row.texts))
    return 2 * with_values >= len(grid.rows)


def _continues(before: Grid, between: Sequence[Block], grid: Grid) -> bool:
    gap = grid.span.start - before.span.end
    return (
        before.header_seen
        and not grid.header_seen
        and gap <= PAGE_GAP
        and all(block.kind == "paragraph" for block in between)
        and all(row.width <= before.width for row in grid.rows)
        and _holds_values(grid)
    )


def _header_texts(grid: Grid) -> list[tuple[str, ...]]:
    return [tuple("".join(t.split()) for t in grid.rows[i].texts) for i in grid.header_rows]


def _trimmed(rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Header rows without their trailing empty cells."""
    out = []
    for row in rows:
        cells = list(row)
        while cells and not cells[-1]:
            cells.pop()
        out.append(tuple(cells))
    return out


def _same_drawn_header(before: Grid, grid: Grid) -> bool:
    """Two drawn tables (`STRUCTURED`) under the same header words, the second no wider: a PDF
    page finds a table's columns from the ruling lines on that page, so a form whose budget
    block has more columns than its indicator rows reads wider on its first page, the last
    header cell spanning the extra columns there and standing alone on the next page."""
    drawn = before.recogniser == grid.recogniser == STRUCTURED
    narrower = grid.width <= before.width
    return drawn and narrower and _trimmed(_header_texts(grid)) == _trimmed(_header_texts(before))


def _repeats_header(before: Grid, between: Sequence[Block], grid: Grid) -> bool:
    """A grid whose header is `before`'s printed again after a page number and running title (a
    form whose header row repeats on every page) and whose first row has an empty level cell:
    the same table going on, its merged level cell stated on the page before."""
    gap = grid.span.start - before.span.end
    return (
        before.header_seen
        and grid.header_seen
        and gap <= PAGE_GAP
        and all(block.kind == "paragraph" for block in between)
        and (
            (grid.width == before.width and _header_texts(grid) == _header_texts(before))
            or _same_drawn_header(before, grid)
        )
        and _opens_without_level(grid)
    )


def _opens_without_level(grid: Grid) -> bool:
    """Its first row leaves a level column empty: a merged level cell goes on from the page
    before (a table of its own states its levels in its first row)."""
    first = grid.body[0].cells if grid.body else ()
    levels = [c for c, role in enumerate(grid.roles) if role in ("level1", "level2")]
    return bool(first) and any(c >= len(first) or not first[c].text for c in levels)


def _without_header(grid: Grid) -> Grid:
    """`grid` with its header rows left out (a header repeated after a page break)."""
    rows = tuple(row for i, row in enumerate(grid.rows) if i not in grid.header_rows)
    return replace(grid, rows=rows, header_rows=())


def continued_tables(layout: Layout) -> tuple[Grid, ...]:
    """The layout's tables, each continuation after a page break joined to the table it
    continues (see the module docstring)."""
    tables: list[Grid] = []
    between: list[Block] = []
    for block in layout.blocks:
        if block.grid is None:
            between.append(block)
            continue
        if tables and _continues(tables[-1], between, block.grid):
            tables[-1] = continue_grid(tables[-1], block.grid)
        elif tables and _repeats_header(tables[-1], between, block.grid):
            drawn = block.grid.recogniser == STRUCTURED
            tables[-1] = continue_grid(tables[-1], _without_header(block.grid), drawn)
        else:
            tables.append(block.grid)
        between = []
    return tuple(tables)
