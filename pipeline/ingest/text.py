"""Plain text (.txt, .md): detect the encoding, keep the decoded text exactly as it is.

Decision order, first match wins:

1. a byte-order mark: UTF-8 (`utf-8-sig`, the BOM is dropped from the text), UTF-16 LE/BE (`utf-16`);
2. strict UTF-8 (`utf-8`);
3. UTF-8 with a few damaged bytes: at most `UTF8_DAMAGE_SHARE` of the non-ASCII bytes fail;
4. whichever of UTF-8 and GB18030 (`gb18030`, a superset of GBK and GB2312, so GBK files land
   here) leaves fewer undecodable sequences, UTF-8 on a tie.

Why UTF-8 goes first even when damaged: UTF-8 checks itself (a GBK text fails it at nearly every
Chinese character), while GB18030 accepts almost any pair of high bytes, so a UTF-8 file with one
bad byte would decode "cleanly" as GB18030 garbage. A damaged file is read, not rejected: each
undecodable byte sequence becomes U+FFFD (`�`), one character, so offsets stay exact for
the rest; the trust layer flags the report (`decode_errors`) and lowers the confidence of any value
whose evidence covers a `�`. Only when the best decoding still has more than `MAX_REPLACED_SHARE`
of replaced characters is the file refused as undecodable.

    >>> decode_text("指标".encode() + b"\\xff" + "完成".encode(), Path("a.txt"))
    ('指标�完成', 'utf-8')

Before 2–4 the bytes are checked for control characters: in UTF-8 and GB18030 a byte below 0x20 (or
0x7F) is always that ASCII control character, so counting them on the raw bytes is the same as
counting them in the decoded text, and it runs in C (`bytes.translate`). More than
`BINARY_CONTROL_RATIO` of them (tab, newline, CR, VT, FF excluded) means "looks binary": a zip or an
image named .txt is refused instead of decoded into garbage that GB18030 happens to accept.

Only the winner is decoded whole: the trials count the replaced characters of each candidate
block by block (`replaced_count`, an incremental decoder, so a sequence cut by a block boundary
is still one character), and the byte checks run block by block too. Reading a 35 MB GBK file so
holds the bytes, its text and one block, where decoding it whole as UTF-8 (one `�` per byte, two
bytes each) and as GB18030 and copying its bytes for the checks held some five times its size.

Newlines are not translated: a `\\r\\n` file keeps its `\\r\\n`, so offsets match the bytes on disk
character for character.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path

from pipeline.core.errors import IngestError
from pipeline.ingest.common import Content, require_text

BINARY_CONTROL_RATIO = 0.05
"""Share of control characters above which a file counts as binary; real text has almost none."""
UTF8_DAMAGE_SHARE = 0.01
"""Share of non-ASCII bytes that may fail UTF-8 before the file is taken for another encoding."""
MAX_REPLACED_SHARE = 0.05
"""Share of replaced characters above which no decoding is believable: the file is refused."""
REPLACEMENT = "\ufffd"

DETECT_BLOCK = 1 << 20
"""Bytes decoded or checked at a time while the encoding is being chosen."""

_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_ASCII = bytes(range(0x80))
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)


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
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    utf8 = replaced_count(data, "utf-8")
    if utf8 <= UTF8_DAMAGE_SHARE * _non_ascii(data) or utf8 <= replaced_count(data, "gb18030"):
        return _believable(data.decode("utf-8", errors="replace"), "utf-8", path)
    return _believable(data.decode("gb18030", errors="replace"), "gb18030", path)


def replaced_count(data: bytes, encoding: str, block: int = DETECT_BLOCK) -> int:
    """How many `�` `data.decode(encoding, errors="replace")` holds, decoded `block` bytes at a
    time (a `�` already in the text counts, as it would in the whole text).

    >>> replaced_count(b"\\xe6\\x8c\\x87\\xff", "utf-8", block=2)  # 指 cut in two, then a bad byte
    1
    """
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    view = memoryview(data)
    count = sum(_replaced(decoder.decode(view[at : at + block])) for at in range(0, len(data), block))
    return count + _replaced(decoder.decode(b"", final=True))


def _blocks(data: bytes) -> Iterator[bytes]:
    return (data[at : at + DETECT_BLOCK] for at in range(0, len(data), DETECT_BLOCK))


def _non_ascii(data: bytes) -> int:
    return sum(len(block.translate(None, _ASCII)) for block in _blocks(data))


def _replaced(text: str) -> int:
    return text.count(REPLACEMENT)


def _believable(text: str, encoding: str, path: Path) -> tuple[str, str]:
    replaced = _replaced(text)
    if replaced > MAX_REPLACED_SHARE * max(len(text), 1):
        first = text.index(REPLACEMENT)
        reason = (
            f"undecodable text: {replaced} of {len(text)} characters invalid even in the best "
            f"encoding ({encoding}; tried utf-8/utf-16 with BOM, utf-8, gb18030), first at offset {first}"
        )
        raise IngestError(reason, path)
    return text, encoding


def _decode_with_bom(data: bytes, path: Path) -> tuple[str, str] | None:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            if len(text) and len(_CONTROL_CHARS.findall(text)) / len(text) > BINARY_CONTROL_RATIO:
                raise IngestError("looks binary (too many control characters), not a text file", path)
            if _replaced(text) > MAX_REPLACED_SHARE * max(len(text), 1):
                reason = f"undecodable text: starts with a {name} BOM but most of it is not {name}"
                raise IngestError(reason, path)
            return text, name
    return None


def _control_ratio_of_bytes(data: bytes) -> float:
    if not data:
        return 0.0
    kept = sum(len(block.translate(None, _CONTROL_BYTES)) for block in _blocks(data))
    return (len(data) - kept) / len(data)
