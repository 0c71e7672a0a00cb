"""Sharded runs: each of N jobs takes a stable share of the input files, by content.

`pipeline ingest … --shard I/N` (0-based: `0/4` … `3/4`) keeps the files whose *shard key* falls
in share I of N and writes a normal run directory for them; `pipeline merge` brings the N run
directories together. The shard key of a file is its content sha256 (the hash the run already
uses to find duplicates), so the same bytes land in the same shard whatever the file's path or
the machine, and every copy of one report is in one shard, where the run extracts it once and
records the others as its duplicates, exactly as an unsharded run does. A file that cannot be
read (a broken symlink, a FIFO, no permission) has no content hash; its key is the hash of its
absolute path instead, so it still belongs to exactly one shard and gets its one `errors.jsonl`
line there.

Share of a key: the first 16 hex digits of its sha256 as an integer, modulo N. sha256 is uniform,
so the shares are even in expectation (±√n reports).

    >>> Shard(1, 4).label
    '1/4'
    >>> parse_shard("4/4")
    Traceback (most recent call last):
    pipeline.batch.shard.ShardError: shard index must be in 0..3 (0-based), not 4

Where the share comes from (`shard_from`): the `--shard` flag; else a Kubernetes indexed job's
`JOB_COMPLETION_INDEX` (already 0-based) with the count from `--shard-count` or
`PIPELINE_SHARD_COUNT`; else a Slurm array's `SLURM_ARRAY_TASK_ID` minus `SLURM_ARRAY_TASK_MIN`,
with the count from `SLURM_ARRAY_TASK_COUNT` (or `--shard-count`). None of these: no sharding.
Every file is hashed by every shard (reading the whole input once per shard); each shard then
extracts only its own share.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pipeline.batch.state import BatchError, absolute_key, file_sha256
from pipeline.core.errors import IngestError

SHARD_COUNT_ENV = "PIPELINE_SHARD_COUNT"
K8S_INDEX_ENV = "JOB_COMPLETION_INDEX"
SLURM_ID_ENV = "SLURM_ARRAY_TASK_ID"
SLURM_COUNT_ENV = "SLURM_ARRAY_TASK_COUNT"
SLURM_MIN_ENV = "SLURM_ARRAY_TASK_MIN"
_KEY_DIGITS = 16


class ShardError(BatchError):
    """A shard given badly (`--shard 4/4`, a count that is not a number, an index with no count)."""


@dataclass(frozen=True)
class Shard:
    """Share `index` (0-based) of `count`."""

    index: int
    count: int

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ShardError(f"shard count must be at least 1, not {self.count}")
        if not 0 <= self.index < self.count:
            raise ShardError(f"shard index must be in 0..{self.count - 1} (0-based), not {self.index}")

    @property
    def label(self) -> str:
        return f"{self.index}/{self.count}"

    def owns(self, key: str) -> bool:
        """True when the shard key `key` (hex sha256) falls in this share."""
        return int(key[:_KEY_DIGITS], 16) % self.count == self.index


def parse_shard(text: str) -> Shard:
    """`"I/N"` → Shard(I, N); anything else is one clear error."""
    index, slash, count = text.partition("/")
    if not slash:
        raise ShardError(f"--shard must be INDEX/COUNT (0-based, e.g. 0/4), not {text!r}")
    return Shard(_whole(index, "--shard index"), _whole(count, "--shard count"))


def shard_from(
    flag: str | None, count_flag: int | None, env: Mapping[str, str] | None = None
) -> Shard | None:
    """The shard of this job (see the module docstring for the order), or None for the whole input."""
    env = os.environ if env is None else env
    if flag is not None:
        return parse_shard(flag)
    count = count_flag if count_flag is not None else _optional(env, SHARD_COUNT_ENV)
    if env.get(K8S_INDEX_ENV, "").strip():
        if count is None:
            raise ShardError(
                f"{K8S_INDEX_ENV} is set but no shard count: pass --shard-count N or set {SHARD_COUNT_ENV}"
            )
        return Shard(_whole(env[K8S_INDEX_ENV], K8S_INDEX_ENV), count)
    if env.get(SLURM_ID_ENV, "").strip():
        first = _optional(env, SLURM_MIN_ENV) or 0
        count = count if count is not None else _optional(env, SLURM_COUNT_ENV)
        if count is None:
            raise ShardError(
                f"{SLURM_ID_ENV} is set but no shard count: set {SLURM_COUNT_ENV} or --shard-count"
            )
        return Shard(_whole(env[SLURM_ID_ENV], SLURM_ID_ENV) - first, count)
    if count is not None and count != 1:
        raise ShardError(f"a shard count ({count}) but no index: pass --shard I/{count}")
    return None


def shard_key(path: Path) -> str:
    """The file's content sha256; for a file that cannot be read, the sha256 of its absolute path."""
    try:
        if stat.S_ISREG(path.stat().st_mode):
            return file_sha256(path)
    except (OSError, IngestError):
        pass
    return hashlib.sha256(("path:" + absolute_key(path)).encode("utf-8", "surrogateescape")).hexdigest()


def select(files: Iterable[Path], shard: Shard | None) -> tuple[Path, ...]:
    """The files of `shard`, in their order (all of them for no shard)."""
    if shard is None:
        return tuple(files)
    return tuple(path for path in files if shard.owns(shard_key(path)))


def _whole(text: str, name: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise ShardError(f"{name} must be a whole number, not {text!r}") from None


def _optional(env: Mapping[str, str], name: str) -> int | None:
    raw = env.get(name, "").strip()
    return _whole(raw, name) if raw else None
