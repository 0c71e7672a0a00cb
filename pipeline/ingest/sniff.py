"""What a file really is, by its first bytes, whatever its name says.

Reports arrive under names that lie: Kingsoft WPS saves Word binary files as `.wps` and Excel
binary files as `.et`; an `.xls` exported by a web system is often an HTML table; a `.doc` may be
RTF or a renamed `.docx`. `sniff` reads the signature, `real_format` combines it with the suffix:

| suffix             | content                          | read as                              |
|--------------------|----------------------------------|--------------------------------------|
| .doc .wps          | OLE compound file, RTF           | `doc`: LibreOffice → docx            |
| .doc .wps .docx    | zip (Office Open XML)            | `docx`                               |
| .et .xls .xlsx     | OLE with a `Workbook`/`Book` stream | `xls` (xlrd reads BIFF directly)  |
| .et                | other OLE (a Kingsoft sheet)     | `et`: LibreOffice → xlsx             |
| .et .xls .xlsx     | zip                              | `xlsx`                               |
| any of the above   | HTML markup                      | `html`                               |
| any of the above   | `%PDF-`                          | `pdf`                                |
| .docx              | OLE (legacy Word, or encrypted)  | `doc`: LibreOffice → docx            |
| .doc .wps          | anything else                    | `txt` (text saved under a Word name; |
|                    |                                  | binary noise is refused there)       |

Anything else keeps the reader its suffix names; that reader then says what is wrong.

    >>> real_format(".wps", OLE_MAGIC + "WordDocument".encode("utf-16-le"))
    'doc'
"""

from __future__ import annotations

import re
from typing import Literal

Signature = Literal["ole", "zip", "pdf", "rtf", "html", "other"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
HEAD_BYTES = 4096
# An OLE directory names its streams in UTF-16LE; Excel's BIFF stream is `Workbook` (BIFF8) or `Book`.
_WORKBOOK_STREAMS = ("Workbook".encode("utf-16-le"), "Book\x00".encode("utf-16-le"))
_HTML = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|table|meta)\b", re.I | re.S)

WORD_SUFFIXES = frozenset({".doc", ".wps", ".docx"})
SHEET_SUFFIXES = frozenset({".et", ".xls", ".xlsx"})


def sniff(data: bytes) -> Signature:
    """The container a file's first bytes announce."""
    head = data[:HEAD_BYTES]
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.lstrip().startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if _HTML.match(head.removeprefix(b"\xef\xbb\xbf")):
        return "html"
    return "other"


def is_ole_workbook(data: bytes) -> bool:
    """An OLE file holding an Excel BIFF stream (xlrd can read it without conversion)."""
    return any(name in data for name in _WORKBOOK_STREAMS)


def real_format(suffix: str, data: bytes) -> str | None:
    """The reader to use for an office-family file (table in the module docstring), or None to
    keep the reader the suffix names."""
    if suffix not in WORD_SUFFIXES | SHEET_SUFFIXES:
        return None
    signature = sniff(data)
    if signature in ("html", "pdf"):
        return signature
    if suffix == ".docx":
        return "doc" if signature in ("ole", "rtf") else None
    if suffix in WORD_SUFFIXES:
        return {"ole": "doc", "rtf": "doc", "zip": "docx"}.get(signature, "txt")
    if signature == "zip":
        return "xlsx"
    if signature == "ole":
        return "xls" if is_ole_workbook(data) else "et"
    return None
