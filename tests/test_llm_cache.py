"""The LLM answer cache: the key, JSON storage, re-validation on read, stats/clear, SIGKILL safety."""

from __future__ import annotations

import hashlib
import json
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import diskcache
import pytest

from pipeline.core.errors import LLMError
from pipeline.core.schema import canonical_json
from pipeline.llm.cache import ResponseCache, cache_key, cache_stats, clear_cache, endpoint_host
from pipeline.llm.response import ChunkResponse

REPO = Path(__file__).resolve().parents[1]
KEY_FIELDS = {
    "model": "deepseek-chat",
    "base_url": "https://api.deepseek.com/v1",
    "prompt_version": "extract_indicators.v1",
    "prompt_hash": "sha256:0123456789abcdef",
    "schema_hash": "sha256:fedcba9876543210",
    "chunk_text": "培训班次 ≥10个 12期",
    "section": "一、概况",
    "parameters": {"mode": "tools", "temperature": 0.0, "max_tokens": 4096},
}
ANSWER = ChunkResponse.model_validate(
    {
        "indicators": [
            {
                "name": "培训班次",
                "target_raw": "≥10个",
                "op": ">=",
                "target_value": 10,
                "target_unit": "个",
                "quotes": {"name": "培训班次", "target": "≥10个"},
            }
        ]
    }
)


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://api.deepseek.com/v1", "api.deepseek.com"),
        ("https://user:secret@API.DeepSeek.com/v1/path?key=sk-x", "api.deepseek.com"),
        ("http://127.0.0.1:8011/v1", "127.0.0.1:8011"),
        ("localhost:11434/v1", "localhost:11434"),
        (None, "api.openai.com"),
    ],
)
def test_endpoint_host_keeps_host_and_port_only(url: str | None, host: str) -> None:
    assert endpoint_host(url) == host


def test_cache_key_is_sha256_of_canonical_json_of_everything_that_changes_the_answer() -> None:
    material = {
        "model": "deepseek-chat",
        "endpoint": "api.deepseek.com",
        "prompt_version": "extract_indicators.v1",
        "prompt_hash": "sha256:0123456789abcdef",
        "schema_hash": "sha256:fedcba9876543210",
        "chunk": "培训班次 ≥10个 12期",
        "section": "一、概况",
        "parameters": {"mode": "tools", "temperature": 0.0, "max_tokens": 4096},
    }
    expected = "sha256:" + hashlib.sha256(canonical_json(material).encode("utf-8")).hexdigest()
    assert cache_key(**KEY_FIELDS) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("model", "deepseek-reasoner"),
        ("base_url", "https://api.openai.com/v1"),
        ("prompt_version", "extract_indicators.v2"),
        ("prompt_hash", "sha256:1111111111111111"),
        ("schema_hash", "sha256:2222222222222222"),
        ("chunk_text", "培训班次 ≥10个 11期"),
        ("section", None),
        ("parameters", {"mode": "json", "temperature": 0.0, "max_tokens": 4096}),
        ("parameters", {"mode": "tools", "temperature": 0.0, "max_tokens": 2048}),
    ],
)
def test_cache_key_changes_with_each_input(field: str, value: object) -> None:
    changed = {**KEY_FIELDS, field: value}
    assert cache_key(**changed) != cache_key(**KEY_FIELDS)  # type: ignore[arg-type]


def test_cache_key_ignores_url_path_and_credentials() -> None:
    same = {**KEY_FIELDS, "base_url": "https://u:sk-test-SECRET-1234@api.deepseek.com/other"}
    assert cache_key(**same) == cache_key(**KEY_FIELDS)  # type: ignore[arg-type]


def test_put_stores_json_text_and_get_revalidates(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path, ChunkResponse)
    cache.put("sha256:k", ANSWER)
    assert cache.get("sha256:k") == ANSWER
    assert cache.get("sha256:missing") is None
    assert len(cache) == 1
    cache.close()
    with diskcache.Cache(str(tmp_path)) as raw:
        stored = raw.get("sha256:k")
    assert isinstance(stored, str)
    assert json.loads(stored) == ANSWER.model_dump(mode="json")


@pytest.mark.parametrize(
    "bad",
    [
        '{"indicators": "none"}',  # breaks the schema
        '{"indicators": [',  # not JSON
        {"indicators": []},  # not text: something else wrote a pickled object here
    ],
)
def test_an_entry_that_no_longer_validates_is_deleted_and_missed(tmp_path: Path, bad: object) -> None:
    with diskcache.Cache(str(tmp_path)) as raw:
        raw.set("sha256:k", bad)
    cache = ResponseCache(tmp_path, ChunkResponse)
    assert cache.get("sha256:k") is None
    assert len(cache) == 0
    cache.close()


def test_stats_and_clear(tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    assert cache_stats(directory).entries == 0 and cache_stats(directory).size_bytes == 0
    assert clear_cache(directory) == 0
    cache = ResponseCache(directory, ChunkResponse)
    cache.put("sha256:a", ANSWER)
    cache.put("sha256:b", ANSWER)
    cache.close()
    stats = cache_stats(directory)
    assert (stats.path, stats.entries) == (str(directory.resolve()), 2)
    assert stats.size_bytes > 0
    assert clear_cache(directory) == 2
    assert cache_stats(directory).entries == 0


def test_a_cache_path_that_is_a_file_is_an_llm_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    with pytest.raises(LLMError, match="not-a-dir"):
        ResponseCache(blocker, ChunkResponse)


WRITER = textwrap.dedent(
    """
    import sys
    from pipeline.llm.cache import ResponseCache
    from pipeline.llm.response import ChunkResponse

    cache = ResponseCache(sys.argv[1], ChunkResponse)
    i = 0
    while True:
        # every 5th answer is > 32 KiB, so diskcache writes it to a file, not into SQLite
        reason = ("偏差原因" * 3000) if i % 5 == 0 else None
        item = {"name": f"指标{i}", "deviation_reason": reason, "quotes": {"name": f"指标{i}"}}
        cache.put(f"sha256:{i:08d}", ChunkResponse.model_validate({"indicators": [item]}))
        i += 1
    """
)


def test_a_writer_killed_with_sigkill_leaves_a_readable_cache(tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(directory)], cwd=REPO)
    try:
        deadline = time.monotonic() + 30
        while cache_stats(directory).entries < 60:
            assert writer.poll() is None, "the writer died on its own"
            assert time.monotonic() < deadline, "the writer wrote too slowly"
            time.sleep(0.05)
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    assert writer.returncode == -signal.SIGKILL
    cache = ResponseCache(directory, ChunkResponse)
    with diskcache.Cache(str(directory)) as raw:
        keys = sorted(str(k) for k in raw.iterkeys())
    answers = [cache.get(key) for key in keys]
    cache.put("sha256:after", ANSWER)  # and the cache is still writable
    assert len(keys) >= 60
    assert all(answer is not None for answer in answers)
    assert [a.indicators[0].name for a in answers if a is not None] == [f"指标{int(k[7:])}" for k in keys]
    assert cache.get("sha256:after") == ANSWER
    cache.close()


class BrokenStore:
    """Stands in for a diskcache whose database fails (disk full, corrupted file)."""

    def get(self, key: str) -> object:
        raise sqlite3.OperationalError("database disk image is malformed")

    def set(self, key: str, value: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")


def test_a_failing_cache_costs_a_request_never_the_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    cache = ResponseCache(tmp_path, ChunkResponse)
    monkeypatch.setattr(cache, "_store", BrokenStore())
    cache.put("sha256:k", ANSWER)  # no exception
    assert cache.get("sha256:k") is None
    assert [r.getMessage().split(": ", 1)[1] for r in caplog.records] == [
        "database or disk is full",
        "database disk image is malformed",
    ]
