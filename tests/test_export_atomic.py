"""Atomic writes: a target is the old file or the complete new one, never half; logs survive torn lines."""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.export import atomic
from pipeline.export.atomic import (
    append_line,
    append_lines,
    atomic_descriptor,
    atomic_path,
    read_jsonl,
    remove_stale_temps,
    temp_path_for,
    write_all,
    write_json_atomic,
    write_pieces_atomic,
)


def test_write_json_atomic_writes_readable_utf8_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "报告.json"
    write_json_atomic(target, {"名称": "培训", "n": 1})
    assert target.read_text(encoding="utf-8") == '{\n  "名称": "培训",\n  "n": 1\n}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.json"]
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)


def test_write_json_atomic_streams_batches_identical_to_json_dumps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Three tokens per batch, so every value crosses batch boundaries; a lone surrogate (an
    # undecodable file-name byte) is escaped wherever it falls.
    monkeypatch.setattr(atomic, "JSON_BATCH", 3)
    value = {
        "source": {"path": "报告\udcb1.txt"},
        "indicators": [{"名称": "培训人次", "值": [1, 2.5, None]}] * 3,
    }
    target = tmp_path / "r.json"
    write_json_atomic(target, value)
    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\udcb1", "\\udcb1") + "\n"
    assert target.read_bytes() == expected.encode("utf-8")


def test_write_json_atomic_of_an_unencodable_value_leaves_no_file(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        write_json_atomic(tmp_path / "r.json", {"ok": 1, "bad": object()})
    assert list(tmp_path.iterdir()) == []


def test_write_pieces_atomic_writes_the_joined_text_batch_by_batch(tmp_path: Path) -> None:
    consumed: list[str] = []

    def pieces() -> Iterator[str]:
        for piece in ["{", '"名称": ', '"报告\udcb1"', "}\n"]:
            consumed.append(piece)
            yield piece

    target = tmp_path / "r.json"
    write_pieces_atomic(target, pieces(), 3)
    assert target.read_bytes() == '{"名称": "报告\\udcb1"}\n'.encode()
    assert consumed == ["{", '"名称": ', '"报告\udcb1"', "}\n"]


def test_write_pieces_atomic_that_fails_midway_leaves_the_old_file(tmp_path: Path) -> None:
    def pieces() -> Iterator[str]:
        yield "new"
        yield "er"
        raise RuntimeError("the encoder failed")

    target = tmp_path / "r.json"
    target.write_text("old\n")
    with pytest.raises(RuntimeError):
        write_pieces_atomic(target, pieces(), 1)
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]
    assert target.read_text() == "old\n"


def test_atomic_descriptor_writes_through_the_temporary_it_created(tmp_path: Path) -> None:
    # The descriptor is mkstemp's own (no second open of the path); the file gets 0644 whatever the umask.
    target = tmp_path / "r.json"
    old_umask = os.umask(0o077)
    try:
        with atomic_descriptor(target, sync_dir=False) as fd:
            (temp,) = tmp_path.iterdir()
            assert temp.name.startswith(".r.json.") and not target.exists()
            write_all(fd, "报告\n".encode())
    finally:
        os.umask(old_umask)
    assert target.read_text(encoding="utf-8") == "报告\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)


def test_atomic_descriptor_without_fchmod_sets_the_mode_by_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where `os` has no fchmod (Windows before Python 3.13) the temporary's mode is set by its path.
    monkeypatch.delattr(atomic.os, "fchmod")
    target = tmp_path / "r.json"
    with atomic_descriptor(target, sync_dir=False) as fd:
        write_all(fd, b"{}\n")
    assert target.read_bytes() == b"{}\n"
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)


def test_atomic_descriptor_that_fails_keeps_the_old_file_and_names_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.json"
    target.write_text("old\n")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full_disk)
    with pytest.raises(OSError) as caught, atomic_descriptor(target) as fd:
        write_all(fd, b"new\n")
    assert (caught.value.errno, caught.value.filename) == (28, str(target))
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_write_all_writes_on_after_a_short_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write
    monkeypatch.setattr(atomic.os, "write", lambda fd, data: real_write(fd, bytes(data[:3])))
    fd = os.open(tmp_path / "out", os.O_WRONLY | os.O_CREAT)
    try:
        write_all(fd, "一级指标".encode())
    finally:
        os.close(fd)
    assert (tmp_path / "out").read_bytes() == "一级指标".encode()


def test_failed_write_keeps_the_old_file_and_removes_the_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), atomic_path(target) as temp:
        temp.write_text("half")
        raise RuntimeError("disk on fire")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_temp_path_is_hidden_in_the_same_directory(tmp_path: Path) -> None:
    temp = temp_path_for(tmp_path / "results.sqlite")
    assert temp.parent == tmp_path
    assert temp.name.startswith(".results.sqlite.") and temp.name.endswith(".tmp")


def test_remove_stale_temps_deletes_only_hidden_temporaries(tmp_path: Path) -> None:
    (tmp_path / ".a.json.x1.tmp").write_text("half")
    (tmp_path / "keep.tmp").write_text("user file")
    (tmp_path / "a.json").write_text("{}")
    assert remove_stale_temps(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "keep.tmp"]


def test_append_line_and_read_jsonl_skip_a_torn_last_line(tmp_path: Path) -> None:
    log = tmp_path / "manifest.jsonl"
    append_line(log, json.dumps({"path": "a.txt"}))
    append_line(log, json.dumps({"path": "b.txt"}))
    with log.open("a", encoding="utf-8") as handle:  # what a crash mid-write could leave
        handle.write('{"path": "c.t')
    assert list(read_jsonl(log)) == [{"path": "a.txt"}, {"path": "b.txt"}]
    append_line(log, json.dumps({"path": "d.txt"}))  # starts on a fresh line, not glued to the torn one
    assert list(read_jsonl(log)) == [{"path": "a.txt"}, {"path": "b.txt"}, {"path": "d.txt"}]
    assert log.read_text().endswith('{"path": "c.t\n{"path": "d.txt"}\n')


def test_read_jsonl_of_a_missing_file_is_empty(tmp_path: Path) -> None:
    assert list(read_jsonl(tmp_path / "none.jsonl")) == []


def test_append_line_is_one_write_call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bytes] = []
    real_write = os.write

    def spy(fd: int, data: bytes) -> int:
        calls.append(bytes(data))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", spy)
    append_line(tmp_path / "errors.jsonl", '{"file": "自评 报告.txt"}')
    assert calls == ['{"file": "自评 报告.txt"}\n'.encode()]


def _append_groups(target: str, writer: int) -> None:
    for n in range(200):
        append_lines(Path(target), [json.dumps({"w": writer, "n": n, "part": part}) for part in range(3)])


def test_two_writers_never_interleave_their_lines(tmp_path: Path) -> None:
    log = tmp_path / "corrections.jsonl"
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_append_groups, args=(str(log), w)) for w in (1, 2)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(60)
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 2 * 200 * 3
    groups = [lines[i : i + 3] for i in range(0, len(lines), 3)]
    assert all(
        [x["part"] for x in g] == [0, 1, 2] and len({(x["w"], x["n"]) for x in g}) == 1 for g in groups
    )
