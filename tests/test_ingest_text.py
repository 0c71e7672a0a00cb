"""Plain-text reading: encoding detection, exact text, and the refusals (binary, undecodable, empty)."""

from __future__ import annotations

import codecs
import hashlib
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.errors import IngestError
from pipeline.ingest import read_document
from pipeline.ingest.text import BINARY_CONTROL_RATIO, decode_text, replaced_count

HEADER = ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值"]
ROW = ["产出指标", "数量指标", "培训班次", "≥10个", "12期"]
TABLE_TEXT = "三、绩效指标\n" + "\t".join(HEADER) + "\n" + "\t".join(ROW) + "\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_table_keeps_cells_at_exact_offsets(tmp_path: Path) -> None:
    data = TABLE_TEXT.encode("utf-8")
    doc = read_document(write(tmp_path, "r.txt", data))

    assert (doc.format, doc.encoding, doc.text, doc.segments) == ("txt", "utf-8", TABLE_TEXT, ())
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.path == str(tmp_path / "r.txt")
    # "三、绩效指标\n" is 7 characters and the header line 24, so the row starts at 32
    spans = [(32, 36), (37, 41), (42, 46), (47, 51), (52, 55)]
    assert [doc.text[start:end] for start, end in spans] == ROW
    assert doc.text[32:55] == "\t".join(ROW)


GB2312_TEXT = TABLE_TEXT.replace("≥", "不少于")  # GB2312 has no ≥


@pytest.mark.parametrize(
    ("text", "data", "encoding"),
    [
        (TABLE_TEXT, codecs.BOM_UTF8 + TABLE_TEXT.encode("utf-8"), "utf-8-sig"),
        (TABLE_TEXT, codecs.BOM_UTF16_LE + TABLE_TEXT.encode("utf-16-le"), "utf-16"),
        (TABLE_TEXT, codecs.BOM_UTF16_BE + TABLE_TEXT.encode("utf-16-be"), "utf-16"),
        (TABLE_TEXT, TABLE_TEXT.encode("gbk"), "gb18030"),
        (GB2312_TEXT, GB2312_TEXT.encode("gb2312"), "gb18030"),
    ],
    ids=["utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "gbk", "gb2312"],
)
def test_encodings_are_detected_and_bom_is_not_text(
    tmp_path: Path, text: str, data: bytes, encoding: str
) -> None:
    doc = read_document(write(tmp_path, "r.txt", data))

    assert (doc.encoding, doc.text) == (encoding, text)
    assert doc.text[42:46] == "培训班次"
    assert doc.sha256 == hashlib.sha256(data).hexdigest()


def test_gbk_text_offsets_match_the_decoded_characters(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "r.md", TABLE_TEXT.encode("gbk")))

    assert doc.text.index("≥10个") == 47
    assert doc.text[47:51] == "≥10个"


def test_crlf_is_kept_exactly(tmp_path: Path) -> None:
    text = "一、概况\r\n预算 100万元\r\n"
    doc = read_document(write(tmp_path, "r.txt", text.encode("utf-8")))

    assert doc.text == text
    assert doc.text.index("预算") == 6


def test_control_heavy_bytes_look_binary(tmp_path: Path) -> None:
    data = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(200) + "指标".encode()
    path = write(tmp_path, "archive.txt", data)

    with pytest.raises(IngestError, match="looks binary") as caught:
        read_document(path)
    assert str(path) in str(caught.value)


def test_random_bytes_look_binary(tmp_path: Path) -> None:
    path = write(tmp_path, "noise.txt", random.Random(7).randbytes(4096))

    with pytest.raises(IngestError, match="looks binary"):
        read_document(path)


def test_utf16_with_nul_payload_looks_binary(tmp_path: Path) -> None:
    path = write(tmp_path, "r.txt", codecs.BOM_UTF16_LE + bytes(400))

    with pytest.raises(IngestError, match="looks binary"):
        read_document(path)


def test_bytes_valid_in_no_encoding_name_the_encodings_tried(tmp_path: Path) -> None:
    path = write(tmp_path, "r.txt", "指标值".encode() + b" \xff\x80 " + "完成".encode())

    with pytest.raises(IngestError) as caught:
        read_document(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: undecodable text")
    assert "utf-8" in message and "gb18030" in message


def test_truncated_utf16_after_bom_is_undecodable(tmp_path: Path) -> None:
    path = write(tmp_path, "r.txt", codecs.BOM_UTF16_LE + "指标".encode("utf-16-le") + b"\x41")

    with pytest.raises(IngestError, match="undecodable text: starts with a utf-16 BOM"):
        read_document(path)


@pytest.mark.parametrize("data", [b" \n\t\r\n", "\u3000\n".encode(), codecs.BOM_UTF8 + b"\n"])
def test_whitespace_only_is_empty(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, "r.txt", data)

    with pytest.raises(IngestError, match="empty: whitespace only") as caught:
        read_document(path)
    assert str(path) in str(caught.value)


def test_a_few_control_characters_are_still_text() -> None:
    text = "表\x0c格\x1b" + "正文" * 40  # a form feed and an escape among 82 characters
    assert BINARY_CONTROL_RATIO * len(text) > 1
    assert decode_text(text.encode("utf-8"), Path("a.txt")) == (text, "utf-8")


def test_one_bad_byte_is_read_as_one_replacement_character_at_its_offset(tmp_path: Path) -> None:
    data = TABLE_TEXT.encode("utf-8").replace("≥10个".encode(), "≥1".encode() + b"\xff" + "0个".encode())
    doc = read_document(write(tmp_path, "r.txt", data))

    assert (doc.format, doc.encoding) == ("txt", "utf-8")
    assert doc.text == TABLE_TEXT.replace("≥10个", "≥1\ufffd0个")
    assert doc.text.index("\ufffd") == 49
    assert doc.text[32:36] == "产出指标"


def test_damaged_gbk_stays_gbk() -> None:
    lines = [TABLE_TEXT] * 20
    damaged = b"\xff".join(line.encode("gbk") for line in lines[:2]) + "".join(lines[2:]).encode("gbk")

    decoded, encoding = decode_text(damaged, Path("a.txt"))

    assert encoding == "gb18030"
    assert decoded == TABLE_TEXT + "\ufffd" + TABLE_TEXT * 19


def test_utf8_with_a_bad_byte_is_not_mistaken_for_gb18030() -> None:
    """GB18030 accepts almost any byte pair, so it would decode damaged UTF-8 "cleanly" into garbage."""
    text = "三、绩效指标完成情况良好，预算执行率为98%。" * 50
    data = text.encode("utf-8")
    damaged = data[:300] + b"\xff" + data[300:]

    decoded, encoding = decode_text(damaged, Path("a.txt"))

    assert encoding == "utf-8"
    assert decoded.replace("\ufffd", "") == text


def test_mostly_undecodable_bytes_are_refused_with_the_first_offset(tmp_path: Path) -> None:
    path = write(tmp_path, "r.txt", "指标".encode() + b"\xff\xfe\xff\xfe\xff" + "值".encode())

    with pytest.raises(IngestError) as caught:
        read_document(path)
    assert str(caught.value) == (
        f"{path}: undecodable text: 5 of 8 characters invalid even in the best encoding "
        "(utf-8; tried utf-8/utf-16 with BOM, utf-8, gb18030), first at offset 2"
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [b"\xff", b"\x80", b"\xe6", b"\x8c", b"\x87", "指标".encode(), "指标".encode("gbk"), b"a\n"]
        )
    ),
    st.integers(1, 7),
)
def test_replaced_characters_are_counted_block_by_block_as_in_the_whole_text(
    pieces: list[bytes], block: int
) -> None:
    data = b"".join(pieces)
    for encoding in ("utf-8", "gb18030"):
        whole = data.decode(encoding, errors="replace").count("\ufffd")
        assert replaced_count(data, encoding, block=block) == whole


def test_the_winner_is_decoded_once_and_the_loser_only_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    decoded: list[str] = []
    real_decode = bytes.decode

    class Spy(bytes):
        def decode(self, encoding: str = "utf-8", errors: str = "strict") -> str:
            decoded.append(f"{encoding}/{errors}")
            return real_decode(self, encoding, errors)

    data = Spy((TABLE_TEXT * 50).encode("gbk"))
    assert decode_text(data, Path("a.txt")) == (TABLE_TEXT * 50, "gb18030")
    assert decoded == ["utf-8/strict", "gb18030/replace"]  # strict UTF-8 fails at its first CJK byte
