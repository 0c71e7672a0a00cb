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

from pipeline.core.document import Segment, SegmentKind
from pipeline.core.errors import IngestError

_CELL_BREAKS = re.compile(r"[\t\r\n\v\f]+")


@dataclass(frozen=True, slots=True)
class Content:
    """What a reader extracted: the text, its page/sheet segments, and the decoding used (text formats)."""

    text: str
    segments: tuple[Segment, ...] = ()
    encoding: str | None = None


def one_line(cell: str) -> str:
    """A cell's text on one line: runs of tabs/newlines become one space, ends are stripped.

    >>> one_line("≥10\\n个 ")
    '≥10 个'
    """
    return _CELL_BREAKS.sub(" ", cell).strip()


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
