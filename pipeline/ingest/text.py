"""Plain text (.txt, .md): detect the encoding, keep the decoded text exactly as it is.

Decision order, first match wins:

1. a byte-order mark: UTF-8 (`utf-8-sig`, the BOM is dropped from the text), UTF-16 LE/BE (`utf-16`);
2. strict UTF-8 (`utf-8`);
3. strict GB18030 (`gb18030`, a superset of GBK and GB2312, so GBK files land here).

Before 2 and 3 the bytes are checked for control characters: in UTF-8 and GB18030 a byte below
0x20 (or 0x7F) is always that ASCII control character, so counting them on the raw bytes is the same
as counting them in the decoded text, and it runs in C (`bytes.translate`). More than
`BINARY_CONTROL_RATIO` of them (tab, newline, CR, VT, FF excluded) means "looks binary": a zip or an
image named .txt is refused instead of decoded into garbage that GB18030 happens to accept.

Newlines are not translated: a `\\r\\n` file keeps its `\\r\\n`, so offsets match the bytes on disk
character for character.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from pipeline.core.errors import IngestError
from pipeline.ingest.common import Content, require_text

BINARY_CONTROL_RATIO = 0.05
"""Share of control characters above which a file counts as binary; real text has almost none."""

_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)
_FALLBACKS = ("utf-8", "gb18030")


def read_text(path: Path, data: bytes) -> Content:
    text, encoding = decode_text(data, path)
    return require_text(Content(text=text, encoding=encoding), path, "whitespace only")


def decode_text(data: bytes, path: Path) -> tuple[str, str]:
    """Decode `data` as described in the module docstring; return the text and the encoding's name.

    >>> decode_text("指标".encode("gbk"), Path("a.txt"))
    ('指标', 'gb18030')
    """
    bom_decoded = _decode_with_bom(data, path)
    if bom_decoded is not None:
        return bom_decoded
    if _control_ratio_of_bytes(data) > BINARY_CONTROL_RATIO:
        raise IngestError("looks binary (too many control bytes), not a text file", path)
    for encoding in _FALLBACKS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    tried = ", ".join(["utf-8/utf-16 with BOM", *_FALLBACKS])
    raise IngestError(f"undecodable text: not valid in any supported encoding (tried {tried})", path)


def _decode_with_bom(data: bytes, path: Path) -> tuple[str, str] | None:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                reason = f"undecodable text: starts with a {name} BOM but {exc.reason}"
                raise IngestError(reason, path) from None
            if len(text) and len(_CONTROL_CHARS.findall(text)) / len(text) > BINARY_CONTROL_RATIO:
                raise IngestError("looks binary (too many control characters), not a text file", path)
            return text, name
    return None


def _control_ratio_of_bytes(data: bytes) -> float:
    if not data:
        return 0.0
    return (len(data) - len(data.translate(None, _CONTROL_BYTES))) / len(data)
