"""The document as read: exact text plus where its pages or sheets begin and end.

Offset convention (used everywhere in this package): offsets index `Document.text` as a Python
`str` (code points), spans are half-open `[start, end)`, so `doc.text[span.start:span.end]` is the
spanned text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SegmentKind = Literal["page", "sheet"]


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character interval `[start, end)` of `Document.text`."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Segment:
    """A page of a PDF or a sheet of a workbook, as a span of `Document.text`.

    `name` is the sheet name for a workbook and the 1-based page number (as text) for a PDF.
    """

    kind: SegmentKind
    name: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Document:
    """One report as read from disk.

    `format` is the reader that produced it (`txt`, `docx`, `pdf`, `html`, `xlsx`, `xls`);
    `encoding` is set for text formats (`utf-8`, `utf-8-sig`, `gb18030`, `utf-16`). `tables` are
    the spans of the tables a structured reader drew (docx/html/pdf tables, workbook sheets): each
    one or more rows, one per line, cells between tabs, merged cells repeated — grids the layout
    takes as they are.
    """

    path: str
    sha256: str
    format: str
    text: str
    segments: tuple[Segment, ...] = ()
    encoding: str | None = None
    tables: tuple[Span, ...] = ()

    def slice(self, span: Span) -> str:
        return self.text[span.start : span.end]
