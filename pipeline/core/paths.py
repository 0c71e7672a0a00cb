"""File names as text that any output can hold, with the exact name always recoverable.

On Linux a file name is bytes. Python decodes undecodable bytes (a GBK name on a UTF-8 system)
to lone surrogates (`os.fsdecode`, "surrogateescape"), which UTF-8 cannot encode — writing such
a name to a log, a CSV or SQLite raises `UnicodeEncodeError`. And a name may hold a newline,
which breaks any one-line-per-report output. Two forms solve both:

- **JSON** keeps the name exact: a lone surrogate is written as its `\\udcXX` escape, which
  `json.loads` turns back into the same string (`utf8_text`);
- **display** (`display_path`), for lines, CSV, XLSX and SQLite: a backslash is doubled, an
  undecodable byte becomes `\\xNN` and a control character `\\n`, `\\t`, `\\r` or `\\xNN`; the
  result is valid UTF-8 on one line, and `original_path` reverses it exactly.

    >>> name = os.fsdecode(b"/in/\\xb1\\xa8\\xb8\\xe6.txt")   # GBK bytes of 报告
    >>> display_path(name)
    '/in/\\\\xb1\\\\xa8\\\\xb8\\\\xe6.txt'
    >>> os.fsencode(original_path(display_path(name))) == b"/in/\\xb1\\xa8\\xb8\\xe6.txt"
    True
"""

from __future__ import annotations

import os
import re

_SURROGATE = re.compile(r"[\udc80-\udcff]")
_NEEDS_ESCAPE = re.compile(r"[\\\x00-\x1f\x7f\udc80-\udcff]")
_ESCAPE = re.compile(r"\\(\\|n|t|r|x[0-9a-f]{2})")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\\": "\\\\"}
_UNNAMED = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\"}


def json_safe(text: str) -> str:
    """JSON text with each lone surrogate (an undecodable name byte) as its `\\udcXX` escape."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def utf8_text(text: str) -> bytes:
    """`text` as UTF-8, through `json_safe` when it holds lone surrogates."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json_safe(text).encode("utf-8")


def display_path(path: str) -> str:
    """A one-line, UTF-8-safe form of a path (see the module docstring); unchanged when already safe."""
    return _NEEDS_ESCAPE.sub(_escape_char, path)


def original_path(display: str) -> str:
    """Undo `display_path`: the exact `os.fsdecode` form (use `os.fsencode` for the bytes)."""
    return _ESCAPE.sub(_unescape, display)


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code - 0xDC00 if code >= 0xDC80 else code:02x}"


def _unescape(match: re.Match[str]) -> str:
    body = match.group(1)
    if body in _UNNAMED:
        return _UNNAMED[body]
    return os.fsdecode(bytes([int(body[1:], 16)]))
