"""Undecodable or multi-line file names: one safe line for people, the exact name for programs."""

from __future__ import annotations

import json
import os

import pytest

from pipeline.core.paths import display_path, json_safe, original_path, utf8_text

GBK = "报告".encode("gbk")  # b"\xb1\xa8\xb8\xe6": not UTF-8


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (b"/in/" + GBK + b".txt", "/in/\\xb1\\xa8\\xb8\\xe6.txt"),
        ("/in/第一\n行.docx".encode(), "/in/第一\\n行.docx"),
        (b"a\\b\tc\x7f.txt", "a\\\\b\\tc\\x7f.txt"),
        ("/in/自评 报告.txt".encode(), "/in/自评 报告.txt"),
    ],
)
def test_display_path_is_one_utf8_line_and_reverses_exactly(raw: bytes, shown: str) -> None:
    name = os.fsdecode(raw)
    assert display_path(name) == shown
    assert "\n" not in shown
    shown.encode("utf-8")  # never raises
    assert os.fsencode(original_path(shown)) == raw


def test_json_keeps_an_undecodable_name_exact_as_an_escape() -> None:
    name = os.fsdecode(b"/in/" + GBK + b".txt")
    text = json_safe(json.dumps({"file": name}, ensure_ascii=False))
    assert text == '{"file": "/in/\\udcb1\\udca8\\udcb8\\udce6.txt"}'
    assert os.fsencode(json.loads(text)["file"]) == b"/in/" + GBK + b".txt"
    assert utf8_text(name) == b"/in/\\udcb1\\udca8\\udcb8\\udce6.txt"
    assert utf8_text("报告") == "报告".encode()
