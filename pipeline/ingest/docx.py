"""Word documents (.docx): paragraphs and tables in document order.

The body's child elements are walked in order, so a table sits between the paragraphs around it
(python-docx's `document.paragraphs` and `document.tables` would lose that order). Content controls
(`w:sdt`) are walked into, since Word wraps whole sections in them.

A table row is one line with its cells joined by tabs. Merged cells are repeated in every grid
cell they cover: python-docx's `row.cells` yields a cell spanning two columns (`gridSpan`) twice and
resolves a vertical continuation (`vMerge="continue"`) to the cell above. Given this table

    | 产出指标 (2 rows tall) | 数量指标 | 培训班次 |
    |                        | 质量指标 | 合格率   |

the lines are `"产出指标\\t数量指标\\t培训班次"` and `"产出指标\\t质量指标\\t合格率"`.
A nested table is flattened into its cell: its cells and rows joined by spaces.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.types import ProvidesStoryPart
from lxml.etree import _Element

from pipeline.ingest.common import Content, join_lines, library_error, one_line, require_text, table_lines

_PARAGRAPH = qn("w:p")
_TABLE = qn("w:tbl")
_CONTENT_CONTROL = qn("w:sdt")
_CONTENT_CONTROL_BODY = qn("w:sdtContent")


def read_docx(path: Path, data: bytes) -> Content:
    try:
        document = docx.Document(io.BytesIO(data))
        pieces = list(_block_lines(document.element.body, document))
    except Exception as exc:  # python-docx/lxml/zipfile raise many types; the user needs one line
        raise library_error("docx", exc, path) from exc
    text, tables = join_lines(pieces)
    return require_text(Content(text=text, tables=tables), path)


def _block_lines(container: _Element, parent: ProvidesStoryPart) -> Iterator[tuple[str, bool]]:
    """Lines of the paragraphs and tables directly in `container`, in document order, each with
    whether it is a table row."""
    for child in container.iterchildren():
        if child.tag == _PARAGRAPH:
            yield Paragraph(child, parent).text, False
        elif child.tag == _TABLE:
            yield from ((line, True) for line in table_lines(_table_rows(Table(child, parent))))
        elif child.tag == _CONTENT_CONTROL:
            for body in child.iterchildren(_CONTENT_CONTROL_BODY):
                yield from _block_lines(body, parent)


def _table_rows(table: Table) -> Iterator[list[str]]:
    for row in table.rows:
        yield _row_cells(row)


def _row_cells(row: _Row) -> list[str]:
    """Cell texts of one row, one per grid column; a row that starts late is padded on the left."""
    leading = [""] * row.grid_cols_before
    return leading + [_cell_text(cell) for cell in row.cells]


def _cell_text(cell: _Cell) -> str:
    """A cell's paragraphs and nested tables, joined by single spaces (empty paragraphs dropped)."""
    pieces: list[str] = []
    for block in cell.iter_inner_content():
        if isinstance(block, Paragraph):
            pieces.append(one_line(block.text))
        else:
            pieces.extend(" ".join(text for text in row if text) for row in _table_rows(block))
    return " ".join(piece for piece in pieces if piece)
