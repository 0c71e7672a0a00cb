"""FIFOs, sockets and broken symlinks are never opened: they are reported, one line each."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from pipeline.core.errors import IngestError
from pipeline.ingest import find_reports, read_document
from pipeline.ingest.special import is_inside, special_file_reason


def test_special_files_are_named_and_regular_ones_pass(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "broken.txt").symlink_to("nowhere.txt")
    (tmp_path / "real.txt").write_text("报告", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to("real.txt")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "sock.txt"))
        assert special_file_reason(tmp_path / "sock.txt") == "is a socket, not a regular file: not opened"
    assert (
        special_file_reason(tmp_path / "pipe.txt") == "is a FIFO (named pipe), not a regular file: not opened"
    )
    assert special_file_reason(tmp_path / "broken.txt") == (
        "is a broken symbolic link (to 'nowhere.txt'): not opened"
    )
    assert special_file_reason(Path("/dev/null")) == "is a character device, not a regular file: not opened"
    for ordinary in ("real.txt", "link.txt", "missing.txt", "."):
        assert special_file_reason(tmp_path / ordinary) is None


def test_a_fifo_is_reported_without_being_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")  # opening it would block this test forever
    with pytest.raises(IngestError) as caught:
        read_document(tmp_path / "pipe.txt")
    assert str(caught.value) == f"{tmp_path}/pipe.txt: is a FIFO (named pipe), not a regular file: not opened"


def test_special_files_in_a_folder_are_kept_so_the_run_reports_them(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "broken.docx").symlink_to("gone.docx")
    (tmp_path / "a.txt").write_text("报告", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.bin")  # unsupported suffix: accounted for like any file, still never opened
    assert find_reports([tmp_path]) == [
        tmp_path / "a.txt", tmp_path / "broken.docx", tmp_path / "pipe.bin", tmp_path / "pipe.txt"
    ]  # fmt: skip
    with pytest.raises(IngestError) as caught:
        read_document(tmp_path / "pipe.bin")
    assert str(caught.value) == f"{tmp_path}/pipe.bin: is a FIFO (named pipe), not a regular file: not opened"


def test_is_inside_follows_symlinks(tmp_path: Path) -> None:
    (tmp_path / "run").mkdir()
    (tmp_path / "alias").symlink_to("run")
    assert is_inside(tmp_path / "alias" / "results.xlsx", tmp_path / "run")
    assert is_inside(tmp_path / "run", tmp_path / "run")
    assert not is_inside(tmp_path / "runs.txt", tmp_path / "run")
