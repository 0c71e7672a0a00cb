"""Word documents (.docx): paragraphs and tables in document order, read as a stream.

The main document part (`word/document.xml`, found through the package relationships) is parsed
with `lxml.etree.iterparse`: each paragraph of the body, and each row of a table of the body, is
turned into its line as soon as its closing tag is read, then cleared from the tree. Peak memory
follows the largest table row, not the document (python-docx keeps the whole XML tree, a few
hundred bytes per element: ~100× the file size).

The text is exactly what python-docx gives, walked in body order (`document.paragraphs` and
`document.tables` would lose that order). Content controls (`w:sdt`) are walked into, since Word
wraps whole sections in them; other wrappers (`w:customXml`, tracked insertions) are skipped, as
python-docx skips them. A paragraph's text is its runs' and hyperlinks' text: `w:t`, a tab for
`w:tab`/`w:ptab`, a newline for `w:cr` and a text-wrapping `w:br`, `-` for `w:noBreakHyphen`.

A table row is one line with its cells joined by tabs. Merged cells are repeated in every grid
cell they cover, as python-docx's `row.cells` does: a cell spanning two columns (`gridSpan`) is
repeated, a vertical continuation (`vMerge="continue"`) takes the cell above it in the same grid
column (that cell's text and width), a row that starts late (`gridBefore`) is padded on the left.
Given this table

    | 产出指标 (2 rows tall) | 数量指标 | 培训班次 |
    |                        | 质量指标 | 合格率   |

the lines are `"产出指标\\t数量指标\\t培训班次"` and `"产出指标\\t质量指标\\t合格率"`.
A cell's paragraphs are joined as wrapped lines (`common.one_line`: no space inside Chinese
text); a nested table is flattened into its cell, its cells and rows joined by spaces. Except in
a frame: a row of one cell that holds a table (a template's border box round the whole report)
is page layout, so its paragraphs are lines and its tables' rows table rows, as if they stood in
the body (python-docx would flatten it).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from lxml import etree

from pipeline.ingest.common import Content, join_lines, library_error, one_line, require_text, table_lines

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BODY, _PARAGRAPH, _TABLE, _ROW, _CELL = f"{_W}body", f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_CONTENT_CONTROL, _CONTENT_CONTROL_BODY = f"{_W}sdt", f"{_W}sdtContent"
_RUN, _HYPERLINK, _TEXT, _BREAK = f"{_W}r", f"{_W}hyperlink", f"{_W}t", f"{_W}br"
_ROW_PROPERTIES, _GRID_BEFORE = f"{_W}trPr", f"{_W}gridBefore"
_CELL_PROPERTIES, _GRID_SPAN, _VERTICAL_MERGE = f"{_W}tcPr", f"{_W}gridSpan", f"{_W}vMerge"
_VAL, _TYPE = f"{_W}val", f"{_W}type"
# Run children that stand for a fixed character (a `w:br` depends on its type, `w:t` holds text).
_RUN_CHARACTERS = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}

_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_MAIN_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_WORD_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

_PARSER = etree.XMLParser(resolve_entities=False)  # as python-docx parses: no entity expansion

# A cell of a row: its text and how many grid columns it covers, keyed by the grid column it starts at.
RowCells = dict[int, tuple[str, int]]


def read_docx(path: Path, data: bytes) -> Content:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package, package.open(_main_part(package)) as xml:
            pieces = list(_body_lines(xml))
    except Exception as exc:  # zipfile/lxml raise many types; the user needs one line
        raise library_error("docx", exc, path) from exc
    text, tables = join_lines(pieces)
    return require_text(Content(text=text, tables=tables), path)


def _main_part(package: zipfile.ZipFile) -> str:
    """The zip member of the main document part, refused unless it is a Word document (not a
    template or a macro-enabled document), as python-docx refuses it."""
    relationships = etree.fromstring(package.read("_rels/.rels"), _PARSER)
    relations = relationships.iter(_RELATIONSHIPS)
    targets = [r.get("Target", "") for r in relations if r.get("Type") == _MAIN_DOCUMENT]
    if not targets:
        raise KeyError(f"no relationship of type '{_MAIN_DOCUMENT}'")
    name = posixpath.normpath(targets[0].lstrip("/"))
    content_type = _content_type(etree.fromstring(package.read("[Content_Types].xml"), _PARSER), name)
    if content_type != _WORD_DOCUMENT:
        raise ValueError(f"not a Word file, content type is '{content_type}'")
    return name


def _content_type(types: etree._Element, name: str) -> str | None:
    """A part's content type: its `Override`, else the `Default` of its extension (case-insensitive)."""
    for override in types.iter(f"{_CONTENT_TYPES}Override"):
        if override.get("PartName", "").lower() == f"/{name}".lower():
            return override.get("ContentType")
    extension = posixpath.splitext(name)[1].lstrip(".").lower()
    for default in types.iter(f"{_CONTENT_TYPES}Default"):
        if default.get("Extension", "").lower() == extension:
            return default.get("ContentType")
    return None


def _body_lines(xml: IO[bytes]) -> Iterator[tuple[str, bool]]:
    """Lines of the body's paragraphs and table rows, in document order, each with whether it is
    a table row; every element is dropped from the tree once its line is made."""
    events = etree.iterparse(
        xml, events=("end",), tag=(_PARAGRAPH, _ROW, _TABLE), remove_blank_text=True, resolve_entities=False
    )
    above: RowCells | None = None  # the previous row of the body table being read
    for _, element in events:
        parent = element.getparent()
        if element.tag == _ROW:
            if parent is None or parent.tag != _TABLE or not _in_body(parent):
                continue  # a nested table's row (read with its cell), or a row wrapped in a control
            if (frame := _frame_cell(element)) is not None:
                yield from _frame_lines(frame)
                above = None
            else:
                cells, above = _row_cells(element, above)
                yield from ((line, True) for line in table_lines([cells]))
        elif not _in_body(element):
            continue  # a paragraph or table inside a cell, a text box or a skipped wrapper
        elif element.tag == _PARAGRAPH:
            yield _paragraph_text(element), False
        else:
            above = None  # the body table is done: the next one starts with no row above
        _drop(element)


def _frame_cell(row: etree._Element) -> etree._Element | None:
    """The cell of a row that is one cell holding a table: a frame the page is laid out in
    (a template's border box round the report), not a row of data."""
    cells = list(row.iterchildren(_CELL))
    if len(cells) != 1 or cells[0].find(_TABLE) is None:
        return None
    return cells[0]


def _frame_lines(cell: etree._Element) -> Iterator[tuple[str, bool]]:
    """A frame cell's blocks as the body's: each paragraph a line, each table's rows table rows."""
    for block in cell.iterchildren(_PARAGRAPH, _TABLE):
        if block.tag == _PARAGRAPH:
            yield _paragraph_text(block), False
        else:
            yield from ((line, True) for line in table_lines(_table_rows(block)))


def _in_body(element: etree._Element) -> bool:
    """Whether `element` is a block of the body itself, directly or inside content controls."""
    parent = element.getparent()
    while parent is not None and parent.tag == _CONTENT_CONTROL_BODY:
        control = parent.getparent()
        if control is None or control.tag != _CONTENT_CONTROL:
            return False
        parent = control.getparent()
    if parent is None or parent.tag != _BODY:
        return False
    document = parent.getparent()
    return document is not None and document.getparent() is None and document.find(_BODY) is parent


def _drop(element: etree._Element) -> None:
    """Free a block whose line is made, and the siblings before it (all read by now)."""
    element.clear()
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def _table_rows(table: etree._Element) -> Iterator[list[str]]:
    above: RowCells | None = None
    for row in table.iterchildren(_ROW):
        cells, above = _row_cells(row, above)
        yield cells


def _row_cells(row: etree._Element, above: RowCells | None) -> tuple[list[str], RowCells]:
    """Cell texts of one row, one per grid column it covers, given the row above (None for a
    table's first row); and this row's cells, for the row below.

    A vertical continuation with no cell starting at its grid column in the row above is refused,
    as python-docx refuses it (`ValueError`).
    """
    properties = row.find(_ROW_PROPERTIES)
    grid_before = properties.find(_GRID_BEFORE) if properties is not None else None
    column = _decimal(grid_before) if grid_before is not None else 0
    texts = [""] * column
    here: RowCells = {}
    for cell in row.iterchildren(_CELL):
        properties = cell.find(_CELL_PROPERTIES)
        span_element = properties.find(_GRID_SPAN) if properties is not None else None
        merge = properties.find(_VERTICAL_MERGE) if properties is not None else None
        if merge is not None and merge.get(_VAL, "continue") == "continue":
            if above is None:
                raise ValueError("no tr above topmost tr in w:tbl")
            if column not in above:
                raise ValueError(f"no `tc` element at grid_offset={column}")
            shown = above[column]
        else:
            shown = (_cell_text(cell), _decimal(span_element) if span_element is not None else 1)
        here.setdefault(column, shown)
        texts.extend([shown[0]] * shown[1])
        column += _decimal(span_element) if span_element is not None else 1
    return texts, here


def _decimal(element: etree._Element) -> int:
    value = element.get(_VAL)
    if value is None:
        raise ValueError(f"required 'w:val' attribute not present on element {element.tag}")
    return int(value)


def _cell_text(cell: etree._Element) -> str:
    """A cell's paragraphs, one per line (`common.one_line` joins them as wrapped lines), and its
    nested tables, cells and rows joined by single spaces (empty paragraphs dropped)."""
    text, after_table = "", False
    for block in cell.iterchildren(_PARAGRAPH, _TABLE):
        table = block.tag == _TABLE
        if table:
            piece = " ".join(r for r in (" ".join(t for t in row if t) for row in _table_rows(block)) if r)
        else:
            piece = one_line(_paragraph_text(block))
        if piece:
            joint = " " if table or after_table else "\n"
            text, after_table = (f"{text}{joint}{piece}" if text else piece), table
    return text


def _paragraph_text(paragraph: etree._Element) -> str:
    runs = (
        run
        for child in paragraph.iterchildren(_RUN, _HYPERLINK)
        for run in ((child,) if child.tag == _RUN else child.iterchildren(_RUN))
    )
    return "".join(_run_text(run) for run in runs)


def _run_text(run: etree._Element) -> str:
    pieces = []
    for child in run.iterchildren():
        if child.tag == _TEXT:
            pieces.append(child.text or "")
        elif child.tag == _BREAK:
            pieces.append("\n" if child.get(_TYPE, "textWrapping") == "textWrapping" else "")
        else:
            pieces.append(_RUN_CHARACTERS.get(child.tag, ""))
    return "".join(pieces)
