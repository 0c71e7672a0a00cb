"""Crash-safe file writes: a file is either the old version or the complete new one, never half.

Policy: write to a temporary file in the *same directory* (so the final `os.replace` is a rename
within one filesystem, which POSIX makes atomic), flush and `fsync` it, rename it over the target,
then `fsync` the directory so the rename itself survives a power cut. A process killed with
`kill -9` at any moment leaves either the old file or the new one, plus at worst a stray
`.<name>.<random>.tmp` that `remove_stale_temps` deletes on the next run. A writer of many files
into one directory may leave the directory's fsync to one call for a group of them
(`sync_dir=False`; `pipeline.batch.runner.Recorder` does this for a run's result files).

Append-only logs (`manifest.jsonl`, `errors.jsonl`, `corrections.jsonl`) use `append_line(s)`: the
lines go to an `O_APPEND` descriptor in a single `write(2)` under `flock`, so a killed process cannot
leave half a line from a *completed* call and two writers never interleave; readers still skip a
torn last line (power loss, full disk) instead of failing.

    >>> with atomic_path(Path("out.csv")) as tmp:   # doctest: +SKIP
    ...     tmp.write_text("a,b\\n")                 # out.csv appears only after the block succeeds
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import itertools
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pipeline.core.paths import utf8_text

TEMP_SUFFIX = ".tmp"
JSON_BATCH = 4096


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(directory: Path) -> None:
    """Make a rename in `directory` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_path_for(target: Path) -> Path:
    """A fresh, unused temporary path next to `target` (hidden, ends in `.tmp`)."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    os.close(fd)
    os.chmod(name, 0o644)  # mkstemp makes 0600; outputs are meant to be shared like any other file
    return Path(name)


def commit(temp: Path, target: Path, sync_dir: bool = True) -> None:
    """fsync `temp`, rename it over `target`, fsync the directory (unless `sync_dir` is False:
    the caller then fsyncs the directory itself before anything may say the file is there)."""
    fsync_file(temp)
    _rename(temp, target, sync_dir)


def _rename(temp: Path, target: Path, sync_dir: bool) -> None:
    """Rename the fsynced `temp` over `target`, then fsync the directory (see `commit`)."""
    os.replace(temp, target)
    if sync_dir:
        fsync_dir(target.parent)


@contextlib.contextmanager
def _removed_on_error(temp: Path, target: Path) -> Iterator[None]:
    """Delete `temp` if the block fails; an OSError is raised again naming `target`."""
    try:
        yield
    except OSError as exc:  # name the file being written, not its hidden temporary
        temp.unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_path(target: Path, sync_dir: bool = True) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces `target`, on error it is deleted.
    `sync_dir=False` leaves the rename's durability to the caller (`commit`)."""
    temp = temp_path_for(target)
    with _removed_on_error(temp, target):
        yield temp
        commit(temp, target, sync_dir)


@contextlib.contextmanager
def atomic_descriptor(target: Path, sync_dir: bool = True) -> Iterator[int]:
    """`atomic_path` for a writer of bytes: yield the descriptor of the temporary `mkstemp` opened;
    on success it is fsynced and renamed over `target`, on error deleted. One `open` a file where
    writing to the path takes three (`mkstemp`'s create, an open to write, an open to fsync: ~60 µs
    of system time each), and no terminal test or seek of Python's buffered file."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    temp = Path(name)
    with _removed_on_error(temp, target):
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o644)  # as `temp_path_for`
            else:  # no fchmod (Windows before Python 3.13)
                os.chmod(temp, 0o644)
            yield fd
            os.fsync(fd)
        finally:
            os.close(fd)
        _rename(temp, target, sync_dir)


def write_all(fd: int, data: bytes) -> None:
    """`data` written to `fd` whole (`os.write` may write less than it is given)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def write_bytes_atomic(target: Path, data: bytes) -> None:
    with atomic_path(target) as temp:
        temp.write_bytes(data)


def write_text_atomic(target: Path, text: str) -> None:
    write_bytes_atomic(target, utf8_text(text))


def write_json_atomic(target: Path, value: Any) -> None:
    """Pretty, UTF-8 JSON (Chinese kept readable, not `\\u` escaped), byte for byte what
    `json.dumps(value, ensure_ascii=False, indent=2) + "\\n"` gives.

    Written as it is encoded, `JSON_BATCH` tokens at a time: an indented `json.dumps` first holds
    one small string per token in a list, then joins them (a result of 10,000 indicators: a
    137 MiB peak for an 18 MB file); this holds one batch.
    """
    tokens = json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(value)
    write_pieces_atomic(target, itertools.chain(tokens, ["\n"]), JSON_BATCH)


def write_pieces_atomic(target: Path, pieces: Iterable[str], batch: int, sync_dir: bool = True) -> None:
    """Write the text `pieces` join to, as UTF-8 (lone surrogates escaped, `utf8_text`), `batch`
    pieces at a time: a big text (a result file, `pipeline.core.result_json.result_pieces`) is
    never held whole, as text or as bytes. `sync_dir`: see `commit`."""
    chunks = iter(pieces)
    with atomic_descriptor(target, sync_dir) as fd:
        while taken := list(itertools.islice(chunks, batch)):
            # json_safe is per character: batches agree with the whole
            write_all(fd, utf8_text("".join(taken)))


def append_line(target: Path, line: str) -> None:
    """Append one line (newline added) with a single `write(2)` and fsync it (see `append_lines`)."""
    append_lines(target, [line])


def append_lines(target: Path, lines: list[str]) -> None:
    """Append lines (newlines added) with a single `write(2)` under an exclusive `flock`, then fsync.

    The lock makes two writers safe together (the web review and the terminal review appending
    to one corrections.jsonl): each call's lines land together, never interleaved with another's.
    If the file ends in a torn line (no final newline), a newline goes first, so the torn line
    stays alone and is skipped on read instead of swallowing these.
    """
    data = utf8_text("".join(line.rstrip("\n") + "\n" for line in lines))
    try:
        _append(target, data)
    except OSError as exc:  # a full disk or a read-only directory: name the log, not a descriptor
        raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from None


def _append(target: Path, data: bytes) -> None:
    fd = os.open(target, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            data = b"\n" + data
        written = os.write(fd, data)
        if written != len(data):  # only on a full disk; the reader skips the torn line
            raise OSError(errno.ENOSPC, f"short write: {written} of {len(data)} bytes", str(target))
        os.fsync(fd)
    finally:
        os.close(fd)  # closing releases the lock


def remove_stale_temps(directory: Path) -> int:
    """Delete temporaries left by a killed writer (hidden `*.tmp` files); return how many."""
    removed = 0
    for temp in directory.glob(f".*{TEMP_SUFFIX}"):
        if temp.is_file():
            temp.unlink(missing_ok=True)
            removed += 1
    return removed


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSON-lines file, skipping blank, torn or non-object lines.

    A line cut short by a crash (`{"path": "a.tx`) is not valid JSON and is skipped, so a log
    can always be read after `kill -9`. A missing file reads as empty.
    """
    if not path.is_file():
        return
    with path.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            with contextlib.suppress(json.JSONDecodeError):
                value = json.loads(line)
                if isinstance(value, dict):
                    yield value
