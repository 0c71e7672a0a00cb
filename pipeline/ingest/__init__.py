"""Reading reports from disk: one `read_document(path)` for every supported format.

The reader is chosen by the file's suffix (case-insensitive). Each reader returns the text with
the layout described in `pipeline.ingest.common` (tables as tab-separated rows, pages and sheets as
`Segment`s); plain text is kept exactly as decoded. Every failure — missing file, directory, empty
file, unsupported suffix, corrupt or undecodable bytes — raises `IngestError` naming the file and
the reason, never a library's own exception.

    >>> doc = read_document("evals/reports/000_7fc125f4da366dbf.txt")  # doctest: +SKIP
    >>> doc.format, doc.encoding
    ('txt', 'utf-8')
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline.core.document import Document
from pipeline.core.errors import IngestError
from pipeline.ingest.common import Content
from pipeline.ingest.docx import read_docx
from pipeline.ingest.html import read_html
from pipeline.ingest.pdf import read_pdf
from pipeline.ingest.text import read_text
from pipeline.ingest.xls import read_xls
from pipeline.ingest.xlsx import read_xlsx

__all__ = ["SUPPORTED_SUFFIXES", "find_reports", "read_document"]

Reader = Callable[[Path, bytes], Content]

_READERS: dict[str, tuple[str, Reader]] = {
    ".txt": ("txt", read_text),
    ".md": ("txt", read_text),
    ".docx": ("docx", read_docx),
    ".pdf": ("pdf", read_pdf),
    ".html": ("html", read_html),
    ".htm": ("html", read_html),
    ".xlsx": ("xlsx", read_xlsx),
    ".xls": ("xls", read_xls),
}

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_READERS)
"""Lower-case suffixes `read_document` can read; `find_reports` keeps only these."""


def read_document(path: str | Path) -> Document:
    """Read one report; raise `IngestError` (path + reason) if it cannot be read."""
    path = Path(path)
    _require_file(path)
    format_name, reader = _reader_for(path)
    data = _read_bytes(path)
    content = reader(path, data)
    return Document(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format=format_name,
        text=content.text,
        segments=content.segments,
        encoding=content.encoding,
        tables=content.tables,
    )


def find_reports(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and directories into the report files to read, in a stable order.

    A file named directly is kept even with an unsupported suffix, so that reading it gives a clear
    error rather than silently doing nothing. A directory is walked recursively, in sorted order,
    keeping files with a supported suffix and skipping anything hidden (a name starting with `.`,
    at any depth below the directory). A path that does not exist is kept too: reading it says so.
    """
    found: list[Path] = []
    for entry in map(Path, paths):
        found.extend(_reports_under(entry) if entry.is_dir() else [entry])
    return found


def _reports_under(directory: Path) -> list[Path]:
    return sorted(
        path
        for path in directory.rglob("*")
        if path.suffix.lower() in SUPPORTED_SUFFIXES
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(directory).parts)
    )


def _reader_for(path: Path) -> tuple[str, Reader]:
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        suffix = path.suffix or "(none)"
        raise IngestError(f"unsupported file type {suffix!r} (supported: {supported})", path)
    return reader


def _require_file(path: Path) -> None:
    if path.is_dir():
        raise IngestError("is a directory, not a report file", path)
    if not path.exists():
        raise IngestError("no such file", path)


def _read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read file ({exc.strerror or exc})", path) from None
    if not data:
        raise IngestError("empty file (0 bytes)", path)
    return data
