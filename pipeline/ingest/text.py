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
UTF8_DAMAGE_SHARE = 0.01
"""Share of non-ASCII bytes that may fail UTF-8 before the file is taken for another encoding."""
MAX_REPLACED_SHARE = 0.05
"""Share of replaced characters above which no decoding is believable: the file is refused."""
REPLACEMENT = "\ufffd"

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
    utf8 = data.decode("utf-8", errors="replace")
    if _replaced(utf8) <= UTF8_DAMAGE_SHARE * len(data.translate(None, _ASCII)):
        return _believable(utf8, "utf-8", path)
    gb = data.decode("gb18030", errors="replace")
    if _replaced(utf8) <= _replaced(gb):
        return _believable(utf8, "utf-8", path)
    return _believable(gb, "gb18030", path)


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
    return (len(data) - len(data.translate(None, _CONTROL_BYTES))) / len(data)
