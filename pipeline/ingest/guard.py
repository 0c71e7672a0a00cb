"""Bounds checked on a file's bytes before any parser sees them: archives, sheet rows, HTML nodes.

A .docx or .xlsx is a zip archive; a 435 KB one can inflate to gigabytes. Its central directory
says how large each member is, so the total uncompressed size and the compression ratio are
checked first, without inflating anything. The directory can lie, so workbooks are also
streamed — never more than the size bound — and their `<row` elements counted; an HTML file's
opening tags are counted in its bytes. Each bound is a setting (README "Limits"), and a file over
one fails with kind `too_large`, like one over `max_file_mb`:

    >>> check_input(Path("a.docx"), bomb_bytes, ReadLimits(archive_mb=100))  # doctest: +SKIP
    IngestError: a.docx: archive too large when unpacked (200.0 MB > max_archive_mb = 100)

The bounds in force are those of the running report: `reading_limits(config)` sets them for the
current thread or worker (a context variable), so `read_document` needs no extra argument.
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.config import Config
from pipeline.core.errors import IngestError

_ARCHIVES = {".docx", ".xlsx"}
_HTML = {".html", ".htm"}
_SHEET_MEMBER = re.compile(r"xl/worksheets/[^/]+\.xml")
_ROW = b"<row"
_TAG = re.compile(rb"<[A-Za-z]")
_RATIO_FLOOR = 1 << 20  # archives under 1 MB unpacked are never refused for their ratio
_CHUNK = 1 << 20


@dataclass(frozen=True)
class ReadLimits:
    """The read bounds of one report (settings `max_archive_mb` and so on)."""

    archive_mb: float
    archive_ratio: float
    sheet_rows: int
    html_nodes: int

    @classmethod
    def of(cls, config: Config) -> ReadLimits:
        return cls(
            config.max_archive_mb, config.max_archive_ratio, config.max_sheet_rows, config.max_html_nodes
        )


_current: ContextVar[ReadLimits] = ContextVar("read_limits", default=ReadLimits.of(Config()))  # noqa: B039


@contextlib.contextmanager
def reading_limits(config: Config) -> Iterator[None]:
    """Apply `config`'s read bounds to every `read_document` in this block (this thread only)."""
    token = _current.set(ReadLimits.of(config))
    try:
        yield
    finally:
        _current.reset(token)


def check_input(
    path: Path, data: bytes, limits: ReadLimits | None = None, *, format_name: str | None = None
) -> None:
    """Raise `IngestError` naming the file and the setting if `data` breaks a read bound.

    `format_name` is the format the bytes will be read as (`"docx"` for a `.wps` that holds a zip
    or for a `.doc` converted by LibreOffice); by default the file's suffix decides.
    """
    limits = limits or _current.get()
    suffix = f".{format_name}" if format_name else path.suffix.lower()
    if suffix in _ARCHIVES:
        _check_archive(path, data, suffix, limits)
    elif suffix in _HTML:
        nodes = len(_TAG.findall(data))
        if nodes > limits.html_nodes:
            raise IngestError(
                f"too many HTML elements ({nodes:,} > max_html_nodes = {limits.html_nodes:,})",
                path,
                "too_large",
            )


def _check_archive(path: Path, data: bytes, suffix: str, limits: ReadLimits) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not a zip: the reader reports the corrupt file in its own words
    with archive:
        declared = sum(info.file_size for info in archive.infolist())
        _check_size(path, declared, len(data), limits)
        if suffix == ".xlsx":
            _check_rows(path, archive, limits)


def _check_size(path: Path, unpacked: int, packed: int, limits: ReadLimits) -> None:
    megabytes = unpacked / (1 << 20)
    if megabytes > limits.archive_mb:
        bound = f"max_archive_mb = {limits.archive_mb:g}"
        raise IngestError(
            f"archive too large when unpacked ({megabytes:.1f} MB > {bound})", path, "too_large"
        )
    ratio = unpacked / max(packed, 1)
    if unpacked > _RATIO_FLOOR and ratio > limits.archive_ratio:
        bound = f"max_archive_ratio = {limits.archive_ratio:g}"
        raise IngestError(f"archive compressed {ratio:.0f}:1 (> {bound}): a zip bomb?", path, "too_large")


def _check_rows(path: Path, archive: zipfile.ZipFile, limits: ReadLimits) -> None:
    """Count `<row` in every worksheet, inflating at most `archive_mb` whatever the directory says."""
    rows, inflated, budget = 0, 0, limits.archive_mb * (1 << 20)
    for info in archive.infolist():
        if not _SHEET_MEMBER.fullmatch(info.filename):
            continue
        tail = b""
        try:
            with archive.open(info) as member:
                while block := member.read(_CHUNK):
                    inflated += len(block)
                    rows += (tail + block).count(_ROW)  # the 3-byte tail finds a `<row` cut in two
                    tail = block[-(len(_ROW) - 1) :]
                    if inflated > budget:
                        _check_size(path, inflated, 1, limits)
                    if rows > limits.sheet_rows:
                        reason = f"too many sheet rows (> max_sheet_rows = {limits.sheet_rows:,})"
                        raise IngestError(reason, path, "too_large")
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            return  # a corrupt member: the reader reports it
