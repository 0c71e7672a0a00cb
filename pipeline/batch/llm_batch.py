"""`pipeline ingest --llm-batch`: the LLM requests of a run through the provider's Batch API.

One round, over as many invocations as it takes (each picks up where the run directory says):

1. **submit** — read and chunk every report (`process.llm_requests`); a request the cache already
   answers is not asked again; the rest (one per cache key) become Batch API lines
   (`custom_id` = 16 hex digits of the report's sha256 + the chunk number, body = the online
   body), split into input files within `llm_batch_max_requests` / `llm_batch_max_mb`. A
   `--llm-batch` with paths on a finished round starts a new round (only new requests are sent).
   Then, per input file, an idempotent record in `llm_batch/state.json` (atomic writes):
   intent (file written, nothing uploaded) → upload → file id recorded → create → batch id
   recorded. A restart after an upload whose id was not recorded finds the file by its name (a
   per-round token makes it unique); after a create whose id was not recorded, finds the batch
   by its input file. Nothing is ever submitted twice.
2. **poll** — every later invocation (`ingest RUN --resume`, which keeps the submission's inputs
   and backend, or the same command again) retrieves each batch; while any is running it stops
   there (`BatchRound.done` false; the command exits 3).
3. **collect** — a finished batch's output and error files are read; each answer is validated
   exactly as online (`provider_batch.answer_of`), stored in the LLM cache under the online key,
   and its usage in `llm_batch/answers.jsonl`. A batch that `expired`, was `cancelled` or
   `failed` keeps its answered lines; the requests it did not answer are submitted once more, in
   a new batch (generation 2) — never the answered ones.
4. **assemble** — an ordinary ingest (`runner.ingest`) whose LLM session serves the batch answers
   from the cache (`BatchAnsweredClient`, usage marked as batch) and asks online whatever is still
   missing: failed lines, answers that did not validate, lines of a second batch that also
   expired. Grounding, checks and exports are those of an online run.

With `--shard I/N` a round holds that share only: the submit step keeps the shard's files and
writes the run record (`runner.take_share`, which refuses a run directory of another share), the
round records the shard, and `--resume` assembles with it (a different `--shard` is refused), so
`run.json` stays the shard's; each shard is its own round, `pipeline merge` joins them once done.

Worked example: 5 reports, 31 requests, 2 already cached → 29 lines in `part-0001.jsonl`; a
restart killed after the upload finds `<token>-part-0001.jsonl` among the uploaded files and only
creates the batch; the batch expires with 20 lines answered → 9 lines in `part-0002.jsonl`
(generation 2); once that completes, the reports are assembled with 0 online requests.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from pipeline.batch.inputs import convert_up_front, discover_inputs
from pipeline.batch.progress import ProgressSink
from pipeline.batch.runner import IngestResult, ingest, take_share
from pipeline.batch.shard import Shard, parse_shard
from pipeline.batch.state import BatchError, file_sha256, run_lock
from pipeline.core.config import Config
from pipeline.core.errors import PipelineError
from pipeline.export.atomic import (
    append_lines,
    atomic_path,
    read_jsonl,
    write_bytes_atomic,
    write_json_atomic,
)
from pipeline.export.load import REPORTS_DIR
from pipeline.extract.llm_prompt import extraction_prompt
from pipeline.ingest.guard import reading_limits
from pipeline.llm.batch_client import BatchAnsweredClient, batch_request
from pipeline.llm.cache import ResponseCache
from pipeline.llm.client import LLMSession, make_client
from pipeline.llm.provider_batch import (
    BYTES_PER_MB,
    END_STATES,
    BatchApi,
    answer_of,
    line_usage,
    read_results,
    request_line,
    split_lines,
)
from pipeline.llm.providers import effective_mode
from pipeline.llm.response import ChunkResponse
from pipeline.llm.retry import BadAnswer
from pipeline.llm.types import CallUsage, ChunkRequest
from pipeline.process import llm_requests

log = logging.getLogger(__name__)
BATCH_DIR = "llm_batch"
STATE_FILE = "state.json"
REQUESTS_FILE = "requests.jsonl"
SPOOL_FILE = "lines.spool"  # bodies between reading the reports and cutting the parts
ANSWERS_FILE = "answers.jsonl"
LAST_GENERATION = 2  # an expired or cancelled batch's unanswered requests are submitted once more


@dataclass(frozen=True)
class Part:
    """One input file and the batch made of it, as recorded."""

    name: str
    generation: int
    requests: int
    file_id: str | None = None
    batch_id: str | None = None
    status: str | None = None
    counts: dict[str, int] | None = None
    created_at: int | None = None
    expires_at: int | None = None
    collected: dict[str, int] | None = None  # answered / invalid / failed, once collected

    @property
    def finished(self) -> bool:
        return self.collected is not None


@dataclass(frozen=True)
class BatchRound:
    """What `state.json` holds: the inputs, the backend asked for, the round's token, its parts,
    and the shard (`"I/N"`) when the round holds one share of the inputs."""

    inputs: tuple[str, ...]
    token: str
    backend: str
    parts: tuple[Part, ...] = ()
    shard: str | None = None

    @property
    def done(self) -> bool:
        return all(part.finished for part in self.parts)

    def to_json(self) -> dict[str, Any]:
        parts = [vars(p) for p in self.parts]
        data = {"inputs": list(self.inputs), "token": self.token, "backend": self.backend, "parts": parts}
        return data | ({"shard": self.shard} if self.shard else {})

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BatchRound:
        parts = tuple(Part(**part) for part in data.get("parts", []))
        shard = str(data["shard"]) if data.get("shard") else None
        return cls(tuple(data["inputs"]), str(data["token"]), str(data["backend"]), parts, shard)

    @property
    def share(self) -> Shard | None:
        return parse_shard(self.shard) if self.shard else None


@dataclass(frozen=True)
class RoundResult:
    """Where the round stands; `ingest` is set once the reports were assembled."""

    round: BatchRound
    submitted: int = 0  # lines submitted by this invocation
    ingest: IngestResult | None = None


def batch_dir(run_dir: Path) -> Path:
    return run_dir / BATCH_DIR


def load_round(run_dir: Path) -> BatchRound | None:
    path = batch_dir(run_dir) / STATE_FILE
    if not path.exists():
        return None
    try:
        return BatchRound.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, KeyError, TypeError) as exc:
        raise BatchError(f"unreadable provider batch state ({exc})", path) from None


def _save(run_dir: Path, state: BatchRound) -> BatchRound:
    write_json_atomic(batch_dir(run_dir) / STATE_FILE, state.to_json())
    return state


def run_llm_batch(
    paths: Sequence[Path] | None,
    run_dir: Path,
    config: Config,
    progress: ProgressSink | None = None,
    force: bool = False,
    api: BatchApi | None = None,
    shard: Shard | None = None,
) -> RoundResult:
    """One invocation of `ingest --llm-batch` (`paths` None: `--resume`, the recorded inputs and
    shard; `shard`: this share of the inputs only, see the module docstring)."""
    state = load_round(run_dir)
    if paths is None and state is None:
        raise BatchError("nothing to resume: no provider batch was submitted here", run_dir)
    given = tuple(str(p.resolve()) for p in paths) if paths is not None else None
    if state is not None and (given is None or not state.done):  # a done round + paths: a new round
        if given not in (None, state.inputs):
            raise BatchError(
                "provider batches for other inputs are running here: --resume them first", run_dir
            )
        if shard is not None and shard != state.share:
            held = f"shard {state.shard}" if state.shard else "the whole input"
            raise BatchError(f"the provider batches here are for {held}, not shard {shard.label}", run_dir)
        # the round's inputs, backend and shard: what its requests were made for
        inputs, config, shard = state.inputs, replace(config, backend=state.backend), state.share
    else:
        inputs, state = given or (), None
    if config.backend not in ("llm", "hybrid"):
        raise BatchError("--llm-batch needs the llm or hybrid backend (--backend llm)")
    api = api or BatchApi(config)
    submitted = 0
    if state is None:
        found = discover_inputs([Path(p) for p in inputs], run_dir)
        (run_dir / REPORTS_DIR).mkdir(parents=True, exist_ok=True)
        with run_lock(run_dir):
            files = take_share(found, run_dir, config, shard).files
            round_ = BatchRound(
                inputs, secrets.token_hex(6), config.backend, shard=shard.label if shard else None
            )
            state, submitted = _submit_round(list(files), round_, run_dir, config, api)
    assert state is not None
    with run_lock(run_dir):
        state = _advance(state, run_dir, config, api)
    if not state.done:
        return RoundResult(state, submitted)
    session = _answered_session(run_dir, config)
    extractor = partial(_extract_with, session=session)
    paths_ = [Path(p) for p in inputs]
    result = ingest(paths_, run_dir, config, progress, extractor=extractor, force=force, shard=shard)
    return RoundResult(state, submitted, result)


def _extract_with(path: Path, config: Config, session: LLMSession) -> Any:
    from pipeline.process import extract_file

    return extract_file(path, config, session)


def _submit_round(
    files: Sequence[Path], state: BatchRound, run_dir: Path, config: Config, api: BatchApi
) -> tuple[BatchRound, int]:
    """Collect the uncached requests, write and record the input files, then submit them.

    Lines stream through a file (`requests.jsonl` holds key and chunk text per custom_id; the
    bodies go to a spool, then into parts): memory holds the keys, never every body of a run."""
    directory = batch_dir(run_dir)
    directory.mkdir(parents=True, exist_ok=True)
    convert_up_front(list(files), config, log.info)
    spool = directory / SPOOL_FILE
    with (
        atomic_path(directory / REQUESTS_FILE) as records,
        records.open("w", encoding="utf-8") as out,
        spool.open("wb") as bodies,
    ):
        count = _write_requests(files, config, out, bodies)
    with spool.open("rb") as lines:
        state = _add_parts(state, run_dir, config, lines, 1)
    spool.unlink(missing_ok=True)
    return _submit_parts(state, run_dir, api), count


def _write_requests(files: Sequence[Path], config: Config, records: TextIO, bodies: BinaryIO) -> int:
    """One record and one line per request the cache cannot answer (one per key); how many."""
    client = make_client(config, extraction_prompt())
    cache = ResponseCache(config.cache_dir, ChunkResponse)
    seen: set[str] = set()
    try:
        for path in files:
            report = file_sha256(path)[:16]
            for request in _requests_of(path, config):
                asked = batch_request(client, config, request)
                if asked.key in seen or cache.get(asked.key) is not None:
                    continue
                seen.add(asked.key)
                custom_id = f"{report}-c{request.chunk_index:04d}"
                record = {"custom_id": custom_id, "key": asked.key, "text": asked.chunk_text}
                records.write(json.dumps(record, ensure_ascii=False) + "\n")
                bodies.write(request_line(custom_id, asked.body))
    finally:
        cache.close()
    return len(seen)


def _requests_of(path: Path, config: Config) -> list[ChunkRequest]:
    """The report's requests; none for a file that cannot be read (the assemble step reports it)."""
    try:
        with reading_limits(config):
            return llm_requests(path, config)
    except PipelineError as exc:
        log.warning("%s: not read for the provider batch: %s", path, exc)
        return []


def _add_parts(
    state: BatchRound, run_dir: Path, config: Config, lines: Iterable[bytes], generation: int
) -> BatchRound:
    """Write the input files (atomically) and record them, nothing uploaded yet: the intent."""
    max_bytes = int(config.llm_batch_max_mb * BYTES_PER_MB)
    parts = list(state.parts)
    for chunk in split_lines(lines, config.llm_batch_max_requests, max_bytes):
        name = f"{state.token}-part-{len(parts) + 1:04d}.jsonl"
        write_bytes_atomic(batch_dir(run_dir) / name, b"".join(chunk))
        parts.append(Part(name, generation, len(chunk)))
    return _save(run_dir, replace(state, parts=tuple(parts)))


def _submit_parts(state: BatchRound, run_dir: Path, api: BatchApi) -> BatchRound:
    """Upload and create every recorded part that lacks them, recording each id at once."""
    for index, part in enumerate(state.parts):
        if part.file_id is None:
            data = (batch_dir(run_dir) / part.name).read_bytes()
            file_id = api.find_file(part.name) or api.upload(part.name, data)
            state = _replace_part(run_dir, state, index, file_id=file_id)
            part = state.parts[index]
        if part.batch_id is None:
            assert part.file_id is not None
            metadata = {"pipeline_round": state.token, "part": part.name}
            batch_id = api.find_batch(part.file_id) or api.create(part.file_id, metadata)
            state = _replace_part(run_dir, state, index, batch_id=batch_id)
    return state


def _replace_part(run_dir: Path, state: BatchRound, index: int, **changes: Any) -> BatchRound:
    parts = list(state.parts)
    parts[index] = replace(parts[index], **changes)
    return _save(run_dir, replace(state, parts=tuple(parts)))


def _advance(state: BatchRound, run_dir: Path, config: Config, api: BatchApi) -> BatchRound:
    """Submit what is unsubmitted, poll every running batch, collect every ended one."""
    state = _submit_parts(state, run_dir, api)
    for index, part in enumerate(state.parts):
        if part.finished:
            continue
        state, batch = _poll(state, index, run_dir, api)
        if batch["status"] in END_STATES:
            state = _collect(state, index, batch, run_dir, config, api)
    return _submit_parts(state, run_dir, api)  # the resubmissions of ended batches, at once


def _poll(state: BatchRound, index: int, run_dir: Path, api: BatchApi) -> tuple[BatchRound, dict[str, Any]]:
    """Retrieve one part's batch and record its status, counts and times."""
    batch_id = state.parts[index].batch_id
    assert batch_id is not None
    batch = api.retrieve(batch_id)
    counts = {k: int(v) for k, v in (batch.get("request_counts") or {}).items()}
    times = {"created_at": batch.get("created_at"), "expires_at": batch.get("expires_at")}
    return _replace_part(run_dir, state, index, status=batch["status"], counts=counts, **times), batch


def _submitted_round(run_dir: Path) -> BatchRound:
    """The run's round, or why there is none (no run there at all, or a run without batches)."""
    if not run_dir.is_dir():
        raise BatchError("not a run directory (run `pipeline ingest ... --llm-batch --out` first)", run_dir)
    state = load_round(run_dir)
    if state is None:
        raise BatchError("no provider batch was submitted here", run_dir)
    return state


def refresh_round(run_dir: Path, config: Config, api: BatchApi | None = None) -> BatchRound:
    """The round with every running batch polled (`pipeline batch status`); nothing collected."""
    state = _submitted_round(run_dir)
    api = api or BatchApi(config)
    with run_lock(run_dir):
        for index, part in enumerate(state.parts):
            if part.batch_id and not part.finished and part.status not in END_STATES:
                state, _ = _poll(state, index, run_dir, api)
    return state


def all_ended(state: BatchRound) -> bool:
    """Every batch ended (the next `ingest --resume` collects and assembles)."""
    return all(part.finished or part.status in END_STATES for part in state.parts)


def _collect(
    state: BatchRound, index: int, batch: dict[str, Any], run_dir: Path, config: Config, api: BatchApi
) -> BatchRound:
    """Validate and cache the answers of an ended batch; resubmit its unanswered requests once."""
    part = state.parts[index]
    results = [
        result
        for file_id in (batch.get("output_file_id"), batch.get("error_file_id"))
        if file_id
        for result in read_results(api.content(file_id))
    ]
    ours = {result.custom_id for result in results}
    requests = {
        r["custom_id"]: r for r in read_jsonl(batch_dir(run_dir) / REQUESTS_FILE) if r["custom_id"] in ours
    }
    asked = _messages_of(batch_dir(run_dir) / part.name, ours)
    cache = ResponseCache(config.cache_dir, ChunkResponse)
    mode = effective_mode(config)
    answered: list[str] = []
    tally = {"answered": 0, "invalid": 0, "failed": 0}
    reached = set()
    for result in results:
        record = requests.get(result.custom_id)
        if record is None or result.custom_id not in asked:
            continue
        if result.completion is None:
            tally["failed"] += 1
            continue
        reached.add(result.custom_id)
        try:
            messages = asked[result.custom_id]
            answer = answer_of(
                result.completion, mode, config.llm_max_tokens, record["text"], messages, config.llm_base_url
            )
        except BadAnswer as bad:
            tally["invalid"] += 1
            log.info("%s: batch answer not valid, asked online: %s", result.custom_id, bad.reason[:200])
            continue
        cache.put(record["key"], answer)
        usage = vars(line_usage(result.completion))
        answered.append(json.dumps({"custom_id": result.custom_id, "key": record["key"], "usage": usage}))
        tally["answered"] += 1
    cache.close()
    append_lines(batch_dir(run_dir) / ANSWERS_FILE, answered)
    if batch["status"] == "failed":
        log.warning("batch %s failed: %s", part.batch_id, json.dumps(batch.get("errors"), ensure_ascii=False))
    if batch["status"] != "completed" and part.generation < LAST_GENERATION:
        state = _resubmit(state, part, reached, run_dir, config)
    return _replace_part(run_dir, state, index, collected=tally)


def _messages_of(part_file: Path, wanted: set[str]) -> dict[str, list[dict[str, Any]]]:
    """custom_id → the messages its line asked, for the `wanted` lines of an input file (read a
    line at a time: the cut-prompt floor of an answer is counted from its request)."""
    found: dict[str, list[dict[str, Any]]] = {}
    with part_file.open("rb") as lines:
        for raw in lines:
            line = json.loads(raw)
            if line["custom_id"] in wanted:
                found[line["custom_id"]] = line["body"]["messages"]
    return found


def _resubmit(state: BatchRound, part: Part, reached: set[str], run_dir: Path, config: Config) -> BatchRound:
    """The part's requests no line answered, in a new part (recorded; submitted on the next poll)."""
    lines = (batch_dir(run_dir) / part.name).read_bytes().splitlines(keepends=True)
    missing = [line for line in lines if json.loads(line)["custom_id"] not in reached]
    return _add_parts(state, run_dir, config, missing, part.generation + 1)


def answered_usage(run_dir: Path) -> dict[str, CallUsage]:
    """Cache key → usage of every batch answer collected in the run directory."""
    path = batch_dir(run_dir) / ANSWERS_FILE
    if not path.exists():
        return {}
    return {line["key"]: CallUsage(**line["usage"]) for line in read_jsonl(path)}


def _answered_session(run_dir: Path, config: Config) -> LLMSession:
    online = make_client(config, extraction_prompt())
    cache = ResponseCache(config.cache_dir, ChunkResponse)
    client = BatchAnsweredClient(online, cache, answered_usage(run_dir))
    return LLMSession(client, config.llm_concurrency)


def cancel_round(run_dir: Path, config: Config, api: BatchApi | None = None) -> list[str]:
    """Ask the provider to cancel every running batch of the round; the ids asked."""
    state = _submitted_round(run_dir)
    api = api or BatchApi(config)
    running = [p.batch_id for p in state.parts if p.batch_id and not p.finished]
    for batch_id in running:
        api.cancel(batch_id)
    return running


def status_lines(state: BatchRound, when: Callable[[int | None], str]) -> list[str]:
    """One line per batch: id, status, counts, created and expiry times (`when` formats them)."""
    lines = []
    for part in state.parts:
        counts = part.counts or {}
        done = f"{counts.get('completed', 0)}/{counts.get('total', part.requests)} done"
        failed = f", {counts.get('failed', 0)} failed" if counts.get("failed") else ""
        collected = part.collected
        kept = (
            f"; collected: {collected['answered']} valid, {collected['invalid']} invalid" if collected else ""
        )
        lines.append(
            f"{part.batch_id or '(not created)'}  {part.status or 'not submitted':<12} {done}{failed}  "
            f"created {when(part.created_at)}, expires {when(part.expires_at)}  (gen {part.generation}){kept}"
        )
    return lines
