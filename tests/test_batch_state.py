"""Run-directory state: result names, configuration hash, manifest reading, resume rule, lock."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from pipeline.batch.state import (
    BatchError,
    ManifestEntry,
    append_manifest,
    config_hash,
    file_sha256,
    is_current,
    read_manifest,
    reset_errors,
    result_name,
    run_lock,
)
from pipeline.core.config import Config
from pipeline.core.errors import IngestError


def _digest(path: Path) -> str:
    return hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:10]


def test_result_name_is_stem_plus_path_hash(tmp_path: Path) -> None:
    chinese = tmp_path / "自评 报告 2024.txt"
    assert result_name(chinese) == f"自评 报告 2024_{_digest(chinese)}.json"
    one, two = tmp_path / "a" / "报告.txt", tmp_path / "b" / "报告.txt"
    assert result_name(one) != result_name(two)
    assert result_name(one).startswith("报告_")
    assert result_name(one, str(one.resolve())) == result_name(one)  # the caller's resolved key


def test_result_name_replaces_unsafe_characters_and_bounds_length(tmp_path: Path) -> None:
    odd = tmp_path / 'a:b|c?"d\tx.txt'
    assert result_name(odd) == f"a_b_c_d_x_{_digest(odd)}.json"
    long = tmp_path / ("长" * 200 + ".txt")
    assert result_name(long) == "长" * 60 + f"_{_digest(long)}.json"
    assert len(result_name(long).encode()) < 255
    assert result_name(tmp_path / "...txt").startswith("report_")


def test_config_hash_ignores_execution_settings() -> None:
    base = config_hash(Config())
    assert base.startswith("sha256:") and len(base) == len("sha256:") + 16
    assert config_hash(Config(workers=8, cache_dir="/x", review_threshold=0.9, llm_concurrency=2)) == base
    assert config_hash(Config(llm_model="m", llm_api_key="k")) == base  # rules ignores LLM settings
    assert config_hash(Config(backend="llm", llm_model="m")) != base
    llm = config_hash(Config(backend="llm", llm_model="m", llm_api_key="k1"))
    assert config_hash(Config(backend="llm", llm_model="m", llm_api_key="k2")) == llm  # the key never counts
    assert config_hash(Config(backend="llm", llm_model="other")) != llm


def test_file_sha256(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"abc")
    assert file_sha256(path) == hashlib.sha256(b"abc").hexdigest()
    with pytest.raises(IngestError, match="cannot read file"):
        file_sha256(tmp_path / "missing.txt")


def _entry(path: str, status: str = "ok", sha: str = "s1", result: str | None = "a.json") -> ManifestEntry:
    return ManifestEntry(path=path, sha256=sha, config_hash="c1", status=status, result=result, time="t")


def test_manifest_keeps_the_latest_entry_per_path_and_skips_torn_lines(tmp_path: Path) -> None:
    append_manifest(tmp_path, _entry("/a", status="failed", result=None))
    append_manifest(tmp_path, _entry("/b"))
    append_manifest(tmp_path, _entry("/a"))
    with (tmp_path / "manifest.jsonl").open("a") as handle:
        handle.write(json.dumps({"path": "/c", "unexpected": 1}) + "\n")
        handle.write('{"path": "/b", "sha256": "s9", "config_ha')
    assert read_manifest(tmp_path) == {"/a": _entry("/a"), "/b": _entry("/b")}
    first = json.loads((tmp_path / "manifest.jsonl").read_text().splitlines()[0])
    assert first == {
        "path": "/a",
        "sha256": "s1",
        "config_hash": "c1",
        "status": "failed",
        "result": None,
        "time": "t",
        "stage": None,
        "error": None,
        "kind": None,
        "duplicate_of": None,
    }


def test_is_current_needs_ok_same_sha_same_config_and_the_file(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "a.json").write_text("{}")
    assert is_current(_entry("/a"), "s1", "c1", tmp_path)
    assert not is_current(None, "s1", "c1", tmp_path)
    assert not is_current(_entry("/a"), "s2", "c1", tmp_path)
    assert not is_current(_entry("/a"), "s1", "c2", tmp_path)
    assert not is_current(_entry("/a", status="failed", result=None), "s1", "c1", tmp_path)
    assert not is_current(_entry("/a", result="gone.json"), "s1", "c1", tmp_path)


def test_reset_errors_keeps_only_the_carried_failures(tmp_path: Path) -> None:
    (tmp_path / "errors.jsonl").write_text('{"file": "old"}\n')
    carried = ManifestEntry(
        "/x/b.pdf",
        None,
        "c1",
        "failed",
        None,
        "t1",
        stage="ingest",
        error="/x/b.pdf: corrupt",
        kind="unreadable",
    )
    reset_errors(tmp_path, [carried])
    assert (tmp_path / "errors.jsonl").read_text() == (
        '{"file": "/x/b.pdf", "stage": "ingest", "kind": "unreadable", "error": "/x/b.pdf: corrupt", '
        '"time": "t1"}\n'
    )
    reset_errors(tmp_path, [])
    assert (tmp_path / "errors.jsonl").read_text() == ""


def test_run_lock_refuses_a_second_writer(tmp_path: Path) -> None:
    with run_lock(tmp_path):
        with pytest.raises(BatchError, match="another pipeline command") as caught, run_lock(tmp_path):
            pass
        assert caught.value.stage == "batch"
    with run_lock(tmp_path):  # released
        pass


def test_run_lock_needs_an_existing_directory(tmp_path: Path) -> None:
    with pytest.raises(BatchError, match="not a run directory"), run_lock(tmp_path / "missing"):
        pass
