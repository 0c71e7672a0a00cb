"""Shards: `I/N` parsing, the share from Kubernetes / Slurm variables, and the content-hash split."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from pipeline.batch.shard import Shard, ShardError, parse_shard, select, shard_from, shard_key
from pipeline.batch.state import absolute_key


def test_parse_shard_is_zero_based() -> None:
    assert parse_shard("0/4") == Shard(0, 4)
    assert parse_shard(" 3/4") == Shard(3, 4)
    assert Shard(2, 4).label == "2/4"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("4/4", "shard index must be in 0..3 (0-based), not 4"),
        ("-1/4", "shard index must be in 0..3 (0-based), not -1"),
        ("0/0", "shard count must be at least 1, not 0"),
        ("1", "--shard must be INDEX/COUNT (0-based, e.g. 0/4), not '1'"),
        ("a/4", "--shard index must be a whole number, not 'a'"),
        ("1/x", "--shard count must be a whole number, not 'x'"),
    ],
)
def test_bad_shards_are_one_clear_error(text: str, message: str) -> None:
    with pytest.raises(ShardError) as caught:
        parse_shard(text)
    assert str(caught.value) == message


def test_the_flag_wins_over_the_environment() -> None:
    env = {"JOB_COMPLETION_INDEX": "1", "PIPELINE_SHARD_COUNT": "3"}
    assert shard_from("2/5", None, env) == Shard(2, 5)


def test_kubernetes_indexed_job_takes_its_count_from_a_flag_or_the_environment() -> None:
    assert shard_from(None, None, {"JOB_COMPLETION_INDEX": "2", "PIPELINE_SHARD_COUNT": "4"}) == Shard(2, 4)
    assert shard_from(None, 3, {"JOB_COMPLETION_INDEX": "0"}) == Shard(0, 3)
    with pytest.raises(ShardError, match="JOB_COMPLETION_INDEX is set but no shard count"):
        shard_from(None, None, {"JOB_COMPLETION_INDEX": "0"})
    with pytest.raises(ShardError, match=r"shard index must be in 0\.\.1 "):
        shard_from(None, 2, {"JOB_COMPLETION_INDEX": "2"})


def test_slurm_array_ids_are_offset_by_the_first_id() -> None:
    env = {"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "4", "SLURM_ARRAY_TASK_COUNT": "4"}
    assert shard_from(None, None, env) == Shard(1, 4)
    assert shard_from(None, None, {"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "2"}) == Shard(0, 2)
    with pytest.raises(ShardError, match="SLURM_ARRAY_TASK_ID must be a whole number, not 'x'"):
        shard_from(None, None, {"SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "2"})


def test_no_index_anywhere_is_the_whole_input() -> None:
    assert shard_from(None, None, {}) is None
    assert shard_from(None, 1, {}) is None
    with pytest.raises(ShardError, match=r"a shard count \(4\) but no index: pass --shard I/4"):
        shard_from(None, None, {"PIPELINE_SHARD_COUNT": "4"})


def test_the_key_is_the_content_hash_whatever_the_path(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    first, copy = tmp_path / "报告.txt", tmp_path / "a" / "另一个名字.txt"
    first.write_text("项目支出绩效自评\n", encoding="utf-8")
    copy.write_bytes(first.read_bytes())
    expected = hashlib.sha256(first.read_bytes()).hexdigest()
    assert shard_key(first) == shard_key(copy) == expected
    owner = int(expected[:16], 16) % 3
    assert [Shard(i, 3).owns(expected) for i in range(3)] == [i == owner for i in range(3)]


def test_an_unreadable_file_is_placed_by_its_path(tmp_path: Path) -> None:
    broken = tmp_path / "gone.txt"
    broken.symlink_to(tmp_path / "nowhere")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for path in (broken, fifo):
        assert shard_key(path) == hashlib.sha256(("path:" + absolute_key(path)).encode()).hexdigest()


def test_every_file_is_in_exactly_one_shard(tmp_path: Path) -> None:
    files = []
    for n in range(40):
        path = tmp_path / f"{n:02}.txt"
        path.write_text(f"第{n}号报告\n", encoding="utf-8")
        files.append(path)
    shares = [select(files, Shard(i, 4)) for i in range(4)]
    assert sorted(p for share in shares for p in share) == files
    assert all(share for share in shares)  # 40 files over 4 shares: none empty
    assert all(list(share) == sorted(share) for share in shares)  # order kept
    assert select(files, None) == tuple(files)
