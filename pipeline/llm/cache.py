"""The on-disk cache of validated model answers, keyed by everything that changes the answer.

Key: `"sha256:" + sha256(canonical_json({...}))` over the model, the endpoint host, the prompt
version and the hash of its text, the hash of schemas/chunk_response.schema.json, the chunk text
(and its section path) and the sampling parameters (mode, temperature, max_tokens). The API key
and the URL path never enter it, so the cache can be shared and inspected without leaking a secret.

Worked example: the same chunk sent to `deepseek-chat` at `https://api.deepseek.com/v1` with
prompt `extract_indicators.v1` gives the same key on every machine; bumping PROMPT_VERSION, editing
the schema or changing `max_tokens` gives a new key, so a stale answer is never served.

Only validated, complete answers are stored, as JSON text (diskcache keeps `str` values as text,
never pickles). A hit is validated again on the way out; an entry that no longer validates is
deleted and reported as a miss. diskcache sits on SQLite in WAL mode, so several processes can
share one directory, and a process killed mid-write leaves the previous state readable.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

import diskcache
from pydantic import BaseModel, ValidationError

from pipeline.core.errors import LLMError
from pipeline.core.schema import canonical_json

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)
DEFAULT_HOST = "api.openai.com"  # where the openai client goes when no base URL is set


def endpoint_host(base_url: str | None) -> str:
    """Host (and port) of the endpoint, without scheme, credentials, path or query.

    >>> endpoint_host("https://user:pw@api.deepseek.com/v1?token=x")
    'api.deepseek.com'
    >>> endpoint_host("http://127.0.0.1:8011/v1")
    '127.0.0.1:8011'
    """
    if not base_url:
        return DEFAULT_HOST
    parts = urlsplit(base_url if "//" in base_url else f"//{base_url}")
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


def cache_key(
    *,
    model: str,
    base_url: str | None,
    prompt_version: str,
    prompt_hash: str,
    schema_hash: str,
    chunk_text: str,
    section: str | None,
    parameters: Mapping[str, Any],
) -> str:
    """The cache key of one chunk request (see the module docstring for what goes in)."""
    material = {
        "model": model,
        "endpoint": endpoint_host(base_url),
        "prompt_version": prompt_version,
        "prompt_hash": prompt_hash,
        "schema_hash": schema_hash,
        "chunk": chunk_text,
        "section": section,
        "parameters": dict(parameters),
    }
    return "sha256:" + hashlib.sha256(canonical_json(material).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CacheStats:
    path: str
    entries: int
    size_bytes: int


class ResponseCache(Generic[M]):
    """Validated answers of type `model` stored as JSON under `directory`."""

    def __init__(self, directory: str | Path, model: type[M]) -> None:
        self.path = Path(directory)
        self._model = model
        try:
            self._store = diskcache.Cache(str(self.path))
        except (OSError, sqlite3.Error) as exc:
            raise LLMError(f"cannot open the LLM cache: {exc}", self.path) from exc

    def get(self, key: str) -> M | None:
        """The cached answer, re-validated; None on a miss or an entry that no longer validates."""
        try:
            raw = self._store.get(key)
        except sqlite3.Error as exc:  # a broken cache costs a request, never the answer
            log.warning("LLM cache read failed in %s: %s", self.path, exc)
            return None
        if raw is None:
            return None
        try:
            if not isinstance(raw, str):
                raise TypeError(f"unexpected cached value of type {type(raw).__name__}")
            return self._model.model_validate_json(raw)
        except (ValidationError, TypeError):
            self._store.delete(key)
            return None

    def put(self, key: str, answer: M) -> None:
        try:
            self._store.set(key, answer.model_dump_json())
        except (OSError, sqlite3.Error) as exc:  # e.g. disk full: keep the answer, lose the cache entry
            log.warning("LLM cache write failed in %s: %s", self.path, exc)

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        self._store.close()


def cache_stats(directory: str | Path) -> CacheStats:
    """Entries and bytes on disk of the cache at `directory` (an absent cache is empty)."""
    path = Path(directory)
    if not path.exists():
        return CacheStats(path=str(path.resolve()), entries=0, size_bytes=0)
    with _opened(path) as store:
        entries = len(store)
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return CacheStats(path=str(path.resolve()), entries=entries, size_bytes=size)


def clear_cache(directory: str | Path) -> int:
    """Remove every entry of the cache at `directory`; returns how many there were."""
    path = Path(directory)
    if not path.exists():
        return 0
    with _opened(path) as store:
        return int(store.clear(retry=True))


@contextmanager
def _opened(path: Path) -> Iterator[diskcache.Cache]:
    try:
        with diskcache.Cache(str(path)) as store:
            yield store
    except (OSError, sqlite3.Error) as exc:
        raise LLMError(f"cannot use the LLM cache: {exc}", path) from exc
