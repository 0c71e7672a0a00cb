"""What a run directory remembers between runs: result names, the manifest, the error log.

Layout of `RUN_DIR`:

    reports/<stem>_<hash10>.json   one validated result per report, written atomically
    superseded/<same name>         the previous result of a report whose latest attempt failed
    manifest.jsonl                 append-only, one line per finished report (ok, failed or duplicate)
    errors.jsonl                   one line per report whose latest attempt failed
    run.json                       the run record: config hash, shard, files skipped by rule
    .lock                          held while a run is writing (a second `ingest` is refused)

Resume rule: a report is skipped when the latest manifest line for its (absolute) path says `ok`,
with the same content sha256 and the same configuration hash, and its result file exists. Anything
else — new file, edited file, other backend, failed last time, result deleted — is extracted again,
except a report stopped at a per-report limit (`is_current`) and a file whose bytes another path
of the run already holds (recorded as its duplicate, never extracted).
A line torn by a crash is ignored on read, so the worst a crash costs is redoing the reports in
flight and those whose lines were waiting for their group's write (`runner.Recorder`).

    >>> result_name(Path("/data/2024/自评 报告 2024.txt"))   # doctest: +SKIP
    '自评 报告 2024_3f1c9a0b2e.json'
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pipeline
from pipeline.batch.limits import LIMIT_SETTINGS, LIMIT_STAGE
from pipeline.core.config import Config
from pipeline.core.errors import IngestError, PipelineError
from pipeline.core.schema import canonical_json
from pipeline.export.atomic import append_lines, read_jsonl, write_text_atomic
from pipeline.export.load import ERRORS_FILE, MANIFEST_FILE, REPORTS_DIR
from pipeline.llm.prompt import PROMPT_VERSION

SUPERSEDED_DIR = "superseded"
LOCK_FILE = ".lock"
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_STEM_CHARS = 60  # 60 CJK characters are 180 bytes: the name stays under the usual 255-byte limit
# Fields that change how fast or where a run works, never what it extracts.
_EXECUTION_ONLY = {"workers", "cache_dir", "llm_concurrency", "llm_timeout", "llm_max_retries"}
_EXECUTION_ONLY |= {"review_threshold", "llm_api_key", "max_file_mb", "convert_timeout"}
_EXECUTION_ONLY |= LIMIT_SETTINGS  # a bound decides whether a report is read, never what is read from it
_EXECUTION_ONLY |= {"llm_deadline", "llm_prices", "llm_batch_max_requests", "llm_batch_max_mb"}
# Fields only the llm and hybrid backends read.
_LLM_ONLY = {"llm_base_url", "llm_model", "llm_mode", "llm_temperature", "llm_max_tokens"}
_LLM_ONLY |= {
    "llm_max_reasks",
    "chunk_max_chars",
    "send_all",
    "llm_provider",
    "llm_extra_body",
    "llm_pack_chars",
}


class BatchError(PipelineError):
    """The run directory cannot be used (locked by another run, not writable)."""

    stage = "batch"


@dataclass(frozen=True)
class ManifestEntry:
    """One finished report. `path` is absolute; `result` is the result file name (ok only);
    `stage` and `error` say why it failed (failed only). A `duplicate` has the bytes of the
    report at `duplicate_of` and `result` names that report's result."""

    path: str
    sha256: str | None
    config_hash: str
    status: str
    result: str | None
    time: str
    stage: str | None = None
    error: str | None = None
    kind: str | None = None
    duplicate_of: str | None = None


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def config_hash(config: Config) -> str:
    """sha256 of what decides a report's result: the package version and the answer-changing config.

    Execution settings (workers, timeouts, cache dir, review threshold) are left out, and so are
    the LLM settings when the backend is `rules`, so `--workers 4` or a new API endpoint does not
    make a rules run extract everything again. With an LLM backend the endpoint, model, provider,
    mode and prompt version count: a report read by another model is not current.
    """
    public = config.public_dict()
    ignored = _EXECUTION_ONLY | (_LLM_ONLY if config.backend == "rules" else set())
    relevant = {key: value for key, value in public.items() if key not in ignored}
    if config.backend != "rules":
        relevant["prompt_version"] = PROMPT_VERSION
    payload = canonical_json({"pipeline": pipeline.__version__, "config": relevant})
    return "sha256:" + hashlib.sha256(payload.encode()).hexdigest()[:16]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise IngestError(f"cannot read file ({exc.strerror or exc})", path) from None
    return digest.hexdigest()


def absolute_key(path: Path) -> str:
    """The path that identifies a report across runs: absolute, symlinks resolved when possible."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):  # a symlink loop or an unreadable parent
        return str(path.absolute())


def result_name(path: Path, key: str | None = None) -> str:
    """`<stem>_<10 hex of sha256(absolute path)>.json`: readable, and unique per source file.

    Two `报告.txt` in different folders get different names; the same file keeps its name when
    its content changes, so the new result replaces the old one. `key`: `absolute_key(path)`
    when the caller has it (resolving a path reads the file system).
    """
    stem = _UNSAFE.sub("_", path.stem).strip(" .") or "report"
    key = absolute_key(path) if key is None else key
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()
    return f"{stem[:_STEM_CHARS]}_{digest[:10]}.json"


def read_manifest(run_dir: Path) -> dict[str, ManifestEntry]:
    """The latest entry per path; torn or malformed lines are skipped."""
    latest: dict[str, ManifestEntry] = {}
    for raw in read_jsonl(run_dir / MANIFEST_FILE):
        try:
            entry = ManifestEntry(**raw)
        except TypeError:
            continue
        latest[entry.path] = entry
    return latest


def append_manifest(run_dir: Path, *entries: ManifestEntry) -> None:
    """Append one line per entry, all with one write and one fsync (`append_lines`)."""
    # Every field is a str or None: a shallow dict is `asdict` without its recursive deep copy.
    lines = [{item.name: getattr(entry, item.name) for item in fields(ManifestEntry)} for entry in entries]
    append_lines(run_dir / MANIFEST_FILE, [json.dumps(line, ensure_ascii=False) for line in lines])


def is_current(entry: ManifestEntry | None, sha256: str, chash: str, run_dir: Path) -> bool:
    """True when `entry` is an ok result (not partial, not failed) of this content under this
    configuration, still on disk.

    A report stopped at a per-report limit (stage `limit`) is current too: running it again
    would only hit the limit again, so it is retried when its content or the configuration
    changes, or with `ingest --force`.
    """
    if entry is None:
        return False
    same = entry.sha256 == sha256 and entry.config_hash == chash
    if entry.status == "failed" and entry.stage == LIMIT_STAGE:
        return same
    if entry.status != "ok" or entry.result is None:
        return False
    return same and (run_dir / REPORTS_DIR / entry.result).is_file()


def error_record(
    file: str, stage: str | None, error: str | None, time: str, kind: str | None = None
) -> dict[str, Any]:
    """One `errors.jsonl` line: `{"file", "stage", "kind", "error", "time"}`; `kind` sorts ingest
    failures (`unsupported`, `too_large`, `unreadable`, `conversion_failed`), null after reading."""
    return {"file": file, "stage": stage, "kind": kind, "error": error, "time": time}


def reset_errors(run_dir: Path, carried: Iterable[ManifestEntry]) -> None:
    """Rewrite the error log at the start of a run with the failures this run will not retry.

    Every report of the run is retried, so its old line would be stale; `carried` are the reports
    outside this run whose latest attempt failed (an earlier `ingest` of another folder into the
    same run directory). The run then appends one line per new failure, so the log always holds
    exactly one line per report whose latest attempt failed.
    """
    records = (error_record(e.path, e.stage, e.error, e.time, e.kind) for e in carried)
    lines = (json.dumps(record, ensure_ascii=False) for record in records)
    write_text_atomic(run_dir / ERRORS_FILE, "".join(line + "\n" for line in lines))


def append_error(run_dir: Path, *records: dict[str, Any]) -> None:
    """Append one line per record (`error_record`), all with one write and one fsync."""
    append_lines(run_dir / ERRORS_FILE, [json.dumps(record, ensure_ascii=False) for record in records])


@contextlib.contextmanager
def run_lock(run_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on an existing run directory while writing to it.

    `ingest` and `export` take it, so two commands never write the same run at once; the OS
    releases it when the process exits, even after `kill -9`.
    """
    if not run_dir.is_dir():
        raise BatchError("not a run directory (run `pipeline ingest ... --out` first)", run_dir)
    try:
        handle = (run_dir / LOCK_FILE).open("a")
    except OSError as exc:
        raise BatchError(f"cannot use run directory ({exc.strerror or exc})", run_dir) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BatchError("another pipeline command is writing to this run directory", run_dir) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
