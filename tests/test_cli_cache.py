"""`pipeline cache stats` / `pipeline cache clear` on a cache directory set by PIPELINE_CACHE_DIR."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.llm.cache import ResponseCache, cache_stats
from pipeline.llm.response import ChunkResponse

runner = CliRunner()


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "answers"
    monkeypatch.setenv("PIPELINE_CACHE_DIR", str(directory))
    return directory


def fill(directory: Path, count: int) -> None:
    cache = ResponseCache(directory, ChunkResponse)
    for i in range(count):
        cache.put(f"sha256:{i}", ChunkResponse(indicators=()))
    cache.close()


def test_stats_of_an_absent_cache_is_empty(cache_dir: Path) -> None:
    result = runner.invoke(app, ["cache", "stats"])
    assert result.exit_code == 0, result.output
    assert result.output == f"path: {cache_dir.resolve()}\nentries: 0\nsize: 0 B (0 bytes)\n"
    assert not cache_dir.exists()  # looking does not create it


def test_stats_counts_entries_and_bytes_on_disk(cache_dir: Path) -> None:
    fill(cache_dir, 3)
    size = cache_stats(cache_dir).size_bytes
    result = runner.invoke(app, ["cache", "stats"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:2] == [f"path: {cache_dir.resolve()}", "entries: 3"]
    assert lines[2].endswith(f"({size} bytes)") and size > 0


def test_clear_empties_the_cache(cache_dir: Path) -> None:
    fill(cache_dir, 2)
    result = runner.invoke(app, ["cache", "clear"])
    assert result.exit_code == 0, result.output
    assert result.output == f"removed 2 entries from {cache_dir.resolve()}\n"
    assert cache_stats(cache_dir).entries == 0


def test_the_cache_dir_flag_wins_over_the_environment(cache_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    fill(other, 1)
    result = runner.invoke(app, ["cache", "stats", "--cache-dir", str(other)])
    assert result.output.splitlines()[:2] == [f"path: {other.resolve()}", "entries: 1"]


def test_a_bad_cache_dir_is_one_error_line(cache_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a cache")
    result = runner.invoke(app, ["cache", "clear", "--cache-dir", str(blocker)])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {blocker}: cannot use the LLM cache:")
    assert len(result.output.splitlines()) == 1
