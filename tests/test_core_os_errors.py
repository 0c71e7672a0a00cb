"""OS errors (full disk, read-only directory, permission) become one line naming the path."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.core.config import Config
from pipeline.core.errors import ExportError
from pipeline.core.os_errors import os_error_line
from pipeline.export import export_run
from pipeline.export.atomic import append_line, write_text_atomic
from pipeline.export.jsonl import JsonlSink


def _enospc(*_: Any) -> int:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_lines_name_the_path_and_the_cause_in_plain_words() -> None:
    assert os_error_line(OSError(errno.ENOSPC, "No space left on device", "run/results.xlsx")) == (
        "run/results.xlsx: disk full (No space left on device)"
    )
    assert os_error_line(OSError(errno.EROFS, "Read-only file system", "/ro/review.html")) == (
        "/ro/review.html: Read-only file system"  # the OS already says it plainly
    )
    name = os.fsdecode(b"/in/\xb1\xa8.txt")
    assert os_error_line(PermissionError(errno.EACCES, "Permission denied", name)) == (
        "/in/\\xb1\\xa8.txt: Permission denied"
    )
    assert os_error_line(OSError(errno.EIO, "Input/output error")) == "Input/output error"


def test_a_full_disk_while_appending_names_the_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "write", _enospc)
    with pytest.raises(OSError) as caught:
        append_line(tmp_path / "manifest.jsonl", "{}")
    assert os_error_line(caught.value) == f"{tmp_path}/manifest.jsonl: disk full (No space left on device)"


def test_a_failed_atomic_write_names_the_target_and_leaves_no_temporary(tmp_path: Path) -> None:
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro" / "a.json").mkdir()  # os.replace onto a directory fails
    with pytest.raises(OSError) as caught:
        write_text_atomic(tmp_path / "ro" / "a.json", "{}")
    assert caught.value.filename == str(tmp_path / "ro" / "a.json")
    assert [p.name for p in (tmp_path / "ro").iterdir()] == ["a.json"]


def test_export_on_a_full_disk_is_an_export_error_and_keeps_the_old_exports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "results.jsonl").write_text("previous\n", encoding="utf-8")
    closes: list[str] = []
    original = JsonlSink.close

    def full_once(sink: JsonlSink) -> None:
        closes.append("close")
        original(sink)
        if len(closes) == 1:
            _enospc()

    monkeypatch.setattr(JsonlSink, "close", full_once)
    with pytest.raises(ExportError) as caught:
        export_run(tmp_path, Config())
    assert str(caught.value) == f"{tmp_path}: cannot write the exports: disk full (No space left on device)"
    assert (tmp_path / "results.jsonl").read_text(encoding="utf-8") == "previous\n"


def test_the_cli_prints_one_line_for_an_os_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(*_: Any) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(tmp_path / "review.html"))

    (tmp_path / "reports").mkdir()
    monkeypatch.setattr("pipeline.review.html.write_review_html", read_only)  # imported by the command
    result = CliRunner().invoke(app, ["review", str(tmp_path), "--html"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"error: {tmp_path}/review.html: Read-only file system"]
