"""Reading reports from disk: one `read_document(path)` for every supported format.

The reader is chosen by the file's suffix (case-insensitive), corrected by its content for the
office family (`sniff.real_format`: a `.wps` that is a Word binary file, an `.xls` that is HTML).
Legacy Word files (`.doc`, `.wps`) and Kingsoft sheets xlrd cannot read (`.et`) are converted by
LibreOffice (`convert`) and then read as docx/xlsx. Each reader returns the text with the layout
described in `pipeline.ingest.common` (tables as tab-separated rows, pages and sheets as
`Segment`s); plain text is kept exactly as decoded. Every failure — missing file, directory, empty
file, too large, unsupported suffix, corrupt bytes, failed conversion — raises `IngestError` naming
the file, the reason and its `kind`, never a library's own exception.

    >>> doc = read_document("reports/report_2024.txt")  # doctest: +SKIP
    >>> doc.format, doc.encoding
    ('txt', 'utf-8')

The table of readers names each reader's module and function rather than importing them: a
reader's module is imported the first time a file of its format is read, so reading a `.txt`
never loads python-docx, pdfplumber, lxml, openpyxl or xlrd (together ~0.5 s of start-up).
"""

from __future__ import annotations

import hashlib
import importlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.config import Config
from pipeline.core.document import Document
from pipeline.core.errors import IngestError
from pipeline.core.heap import release_freed_heap
from pipeline.ingest.common import Content
from pipeline.ingest.convert import Job, LibreOffice, Target
from pipeline.ingest.discover import Discovery, discover
from pipeline.ingest.guard import check_input
from pipeline.ingest.sniff import real_format
from pipeline.ingest.special import special_file_reason, special_mode_reason

__all__ = [
    "LEGACY_SUFFIXES",
    "SUPPORTED_SUFFIXES",
    "Discovery",
    "ReadOptions",
    "convert_legacy",
    "discover",
    "find_reports",
    "is_supported",
    "read_document",
]

Reader = Callable[[Path, bytes], Content]

_SUFFIX_FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".md": "txt",
    ".docx": "docx",
    ".doc": "doc",
    ".wps": "doc",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xlsx": "xlsx",
    ".xls": "xls",
    ".et": "et",
}
# format → (reader module under pipeline.ingest, reader function in it), imported on first use
_READERS: dict[str, tuple[str, str]] = {
    "txt": ("text", "read_text"),
    "docx": ("docx", "read_docx"),
    "pdf": ("pdf", "read_pdf"),
    "html": ("html", "read_html"),
    "xlsx": ("xlsx", "read_xlsx"),
    "xls": ("xls", "read_xls"),
}
# Formats read after a LibreOffice conversion, and the reader of the converted file.
_CONVERTED: dict[str, Target] = {"doc": "docx", "et": "xlsx"}
LEGACY_SUFFIXES = frozenset({".doc", ".wps", ".et"})
"""Suffixes of the files that may need LibreOffice (`convert_legacy` decides by content)."""

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_SUFFIX_FORMATS)
"""Lower-case suffixes `read_document` can read."""
DEFAULT_MAX_FILE_MB = 50.0
TRIM_TEXT_CHARS = 1 << 15
"""A plain text of this many characters or more (~0.1 MB as UTF-8) has its reading followed by a
heap trim (`read_document`): its stages take ~50 ms or more, so the ~0.3 ms the trim costs is
under 1 %, and their peak starts from the text alone (`bench.memory_files`' table of 2,000 rows,
67,000 characters: 2.0 MiB added with the trim, 3.5 without). A sample report is 3,500–8,600."""
READ_BLOCK = 1 << 16
"""Bytes asked for per `read` past what `stat` said (a file that grew, a file `stat` sizes 0)."""


@dataclass(frozen=True)
class ReadOptions:
    """How files are read: the size limit, and where LibreOffice conversions are cached."""

    max_file_mb: float = DEFAULT_MAX_FILE_MB
    cache_dir: Path = Path(tempfile.gettempdir()) / "pipeline-cache"
    convert_timeout: float = 120.0

    @classmethod
    def from_config(cls, config: Config) -> ReadOptions:
        return cls(config.max_file_mb, Path(config.cache_dir), config.convert_timeout)

    @property
    def converter(self) -> LibreOffice:
        return LibreOffice(self.cache_dir, self.convert_timeout)


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def read_document(path: str | Path, options: ReadOptions | None = None) -> Document:
    """Read one report; raise `IngestError` (path + reason) if it cannot be read.

    Once the reader is done, its file's bytes and its parser's memory are gone, and the pages of
    heap they freed are handed back (`heap.release_freed_heap`): the extraction stages start
    from the document alone instead of on top of the parser's high-water mark. Not after a small
    plain text, which ran no parser: there the trim would hand back only what the previous
    report's stages freed, which this report's stages then fault back in (a sample report: ~3.9
    MB in 13–14 `madvise` calls, ~100 page faults, ~0.3 ms of CPU a report).
    """
    document = _read(Path(path), options or ReadOptions())
    if document.format != "txt" or len(document.text) >= TRIM_TEXT_CHARS:
        release_freed_heap()
    return document


def _read(path: Path, options: ReadOptions) -> Document:
    size = _file_size(path)
    suffix_format = _suffix_format(path)
    _require_size(path, size, options.max_file_mb)
    data = _read_bytes(path, size)
    sha256 = hashlib.sha256(data).hexdigest()
    format_name = real_format(path.suffix.lower(), data) or suffix_format
    target = _CONVERTED.get(format_name)
    if target is None:
        check_input(
            path, data, format_name=format_name
        )  # archive size/ratio, sheet rows, HTML nodes: before any parser
        content = _reader(format_name)(path, data)
    else:
        converted = options.converter.converted(Job(path, target, sha256)).read_bytes()
        check_input(path, converted, format_name=target)  # a converted file is bounded like one given as is
        content = _reader(target)(path, converted)
    return Document(
        path=str(path),
        sha256=sha256,
        format=format_name,
        text=content.text,
        segments=content.segments,
        encoding=content.encoding,
        tables=content.tables,
    )


def convert_legacy(paths: Iterable[Path], options: ReadOptions) -> dict[Path, str]:
    """Convert every legacy office file among `paths` in as few LibreOffice runs as possible, so
    the workers that read them find the conversions cached. Returns the reason per failed file
    (the read of that file then fails with it too). Unreadable files are left to the reader."""
    jobs = []
    for path in paths:
        if path.suffix.lower() not in LEGACY_SUFFIXES:
            continue
        try:
            size = _file_size(path)
            _require_size(path, size, options.max_file_mb)
            data = _read_bytes(path, size)
        except IngestError:
            continue
        target = _CONVERTED.get(real_format(path.suffix.lower(), data) or "")
        if target is not None:
            jobs.append(Job(path, target, hashlib.sha256(data).hexdigest()))
    return options.converter.convert_all(jobs) if jobs else {}


def find_reports(paths: Iterable[str | Path]) -> list[Path]:
    """The files under `paths` to account for (see `discover`), named paths that do not exist
    included so that reading them says so."""
    found = discover(paths)
    return [*found.files, *found.missing]


def _suffix_format(path: Path) -> str:
    format_name = _SUFFIX_FORMATS.get(path.suffix.lower())
    if format_name is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        suffix = path.suffix or "(none)"
        raise IngestError(f"unsupported file type {suffix!r} (supported: {supported})", path, "unsupported")
    return format_name


def _reader(format_name: str) -> Reader:
    module, function = _READERS[format_name]
    reader: Reader = getattr(importlib.import_module(f"{__name__}.{module}"), function)
    return reader


def _require_file(path: Path) -> None:
    if reason := special_file_reason(path):
        raise IngestError(reason, path)
    if path.is_dir():
        raise IngestError("is a directory, not a report file", path)
    if not path.exists():
        raise IngestError("no such file", path)


def _file_size(path: Path) -> int:
    """The size of the report file at `path`, from one `stat`; what `_require_file` refuses (a
    special file, a directory, a missing path) raises its `IngestError`, with its reason."""
    try:
        status = os.stat(path)
    except OSError:  # missing, a broken link, an unreadable parent: the reasons of the full test
        _require_file(path)
        return path.stat().st_size
    if reason := special_mode_reason(status.st_mode):
        raise IngestError(reason, path)
    if stat.S_ISDIR(status.st_mode):
        raise IngestError("is a directory, not a report file", path)
    return status.st_size


def _require_size(path: Path, size: int, max_file_mb: float) -> None:
    """Refuse a file over the limit (`size` bytes) before reading a byte of it."""
    if size > max_file_mb * 1024 * 1024:
        reason = f"too large: {size / 1024 / 1024:.1f} MB, over the {max_file_mb:g} MB limit (max_file_mb)"
        raise IngestError(reason, path, "too_large")


def _read_bytes(path: Path, size: int) -> bytes:
    """The file's bytes (`size`: what `stat` said, read in one call where it still holds), by the
    descriptor alone: `Path.read_bytes` also asks whether the file is a terminal and where it
    stands (an `ioctl`, two `lseek`s and two `fstat`s a file)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
        try:
            pieces: list[bytes] = []
            while piece := os.read(fd, READ_BLOCK if pieces else size + 1):
                pieces.append(piece)
        finally:
            os.close(fd)
        data = b"".join(pieces)  # one piece (the usual case) is returned as it is, not copied
    except OSError as exc:
        raise IngestError(f"cannot read file ({exc.strerror or exc})", path) from None
    if not data:
        raise IngestError("empty file (0 bytes)", path)
    return data
