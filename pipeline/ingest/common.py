"""What every reader shares: the `Content` a reader returns, table rows as lines, page/sheet joins.

A reader turns the bytes of one file into `Content` (text, segments, encoding); `read_document`
adds the path, the hash and the format name. Readers that build their text themselves (docx, pdf,
html, workbooks) follow one layout so later stages can rely on it:

- a table row is one line, its cells joined by a tab (`"产出指标\\t数量指标\\t培训班次"`), so a
  cell never holds a tab or a newline (`one_line` turns those into spaces);
- lines are joined by `"\\n"`, with no trailing newline;
- pages or sheets are joined by a separator, and each `Segment` spans exactly its part's text,
  separator excluded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.document import Segment, SegmentKind, Span
from pipeline.core.errors import IngestError

_CELL_BREAKS = re.compile(r"[\t\r\n\v\f]+")
_LATIN = re.compile(r"[A-Za-z0-9]")
_FIGURES = re.compile(r"[\d.,\s]*")  # a line of figures only
_FIGURE_END = re.compile(r"\d+(?:\.\d+)?(?:%|％|[\u4e00-\u9fff])")  # the rest of a figure, then its unit


@dataclass(frozen=True, slots=True)
class Content:
    """What a reader extracted: the text, its page/sheet segments, and the decoding used (text formats)."""

    text: str
    segments: tuple[Segment, ...] = ()
    encoding: str | None = None
    tables: tuple[Span, ...] = ()  # spans of `text` that are tables (see `Document.tables`)


def one_line(cell: str) -> str:
    """A cell's text on one line, ends stripped. A run of tabs/newlines inside it is where the
    cell's width wrapped the text (a PDF's box, Alt+Enter in a sheet, a paragraph per line in a
    Word or web cell): it becomes one space between two Latin words or numbers, and nothing
    elsewhere — Chinese text has no spaces between its words.

    >>> one_line("改造供水管网\\n长度"), one_line("≥10\\n个 "), one_line("ISO\\n9001")
    ('改造供水管网长度', '≥10个', 'ISO 9001')
    """
    return _CELL_BREAKS.sub(_joined_break, cell).strip()


def _joined_break(match: re.Match[str]) -> str:
    text, start, end = match.string, match.start(), match.end()
    latin = start > 0 and end < len(text) and _LATIN.match(text[start - 1]) and _LATIN.match(text[end])
    return " " if latin and not _figure_cut(text, start, end) else ""


def _figure_cut(text: str, start: int, end: int) -> bool:
    """Whether a break between two digits cut one figure of a value the column was too narrow
    for (`不低于120` | `0人`, `90%-10` | `0%`): the line before it holds more than figures (a
    comparator, a unit), and the line after it ends the figure and goes on with its unit. Two
    figures stacked in one cell (`10` | `8`) keep their space.

    >>> one_line("不低于120\\n0人"), one_line("90%-10\\n0%"), one_line("10\\n8")
    ('不低于1200人', '90%-100%', '10 8')
    """
    line_start = max(text.rfind(c, 0, start) for c in "\t\r\n\v\f") + 1
    before = text[line_start:start]
    return not _FIGURES.fullmatch(before) and _FIGURE_END.match(text, end) is not None


def row_line(cells: Iterable[str]) -> str:
    """One table row as a line: cells made single-line and joined by tabs."""
    return "\t".join(one_line(cell) for cell in cells)


def table_lines(rows: Iterable[Sequence[str]]) -> list[str]:
    """Rows as lines, skipping rows whose cells are all empty (spacer rows of layout tables)."""
    lines = []
    for row in rows:
        cells = [one_line(cell) for cell in row]
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def join_lines(pieces: Sequence[tuple[str, bool]]) -> tuple[str, tuple[Span, ...]]:
    """Pieces (a line or a block of lines, and whether it is a table row) joined by `\\n`, and
    the span of every run of consecutive table rows.

    >>> join_lines([("标题", False), ("a\\tb", True), ("c\\td", True), ("正文", False)])
    ('标题\\na\\tb\\nc\\td\\n正文', (Span(start=3, end=10),))
    """
    spans: list[Span] = []
    offset, run_start = 0, None
    for index, (piece, is_row) in enumerate(pieces):
        if is_row and run_start is None:
            run_start = offset
        end = offset + len(piece)
        if is_row and (index + 1 == len(pieces) or not pieces[index + 1][1]):
            spans.append(Span(run_start if run_start is not None else offset, end))
            run_start = None
        offset = end + 1
    return "\n".join(piece for piece, _ in pieces), tuple(spans)


def join_segments(kind: SegmentKind, parts: Sequence[tuple[str, str]], separator: str) -> Content:
    """Join named parts (page number or sheet title, text) and record where each one lies.

    >>> content = join_segments("page", [("1", "ab"), ("2", "c")], "\\n")
    >>> content.text, [(s.name, s.start, s.end) for s in content.segments]
    ('ab\\nc', [('1', 0, 2), ('2', 3, 4)])
    """
    segments = []
    offset = 0
    for name, text in parts:
        segments.append(Segment(kind=kind, name=name, start=offset, end=offset + len(text)))
        offset += len(text) + len(separator)
    return Content(text=separator.join(text for _, text in parts), segments=tuple(segments))


def require_text(content: Content, path: Path, what: str = "no text found") -> Content:
    """Refuse a file whose extracted text is empty or whitespace only."""
    if not content.text.strip():
        raise IngestError(f"empty: {what}", path)
    return content


def library_error(kind: str, exc: BaseException, path: Path) -> IngestError:
    """Wrap an exception a parsing library raised, so the user sees one line instead of a traceback."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    reason = f"corrupt or unreadable {kind} file ({type(exc).__name__}{': ' + detail if detail else ''})"
    return IngestError(reason, path)
