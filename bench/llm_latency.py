"""LLM path against the fake server with latency: wall time against the ideal, per concurrency.

Every chunk is a request: `send_all` (no routing) and no cache (`make_client(use_cache=False)`),
so R requests at concurrency c and latency L cannot finish faster than the ideal R × L / c.
The ratio ideal / wall is 1.0 when the pipeline adds nothing and keeps c requests in flight.

Two paths are timed, each against a fresh echo server (an empty, valid answer: the client's work
per request is parsing and validating, not assembling indicators):

- `session`: the reports read and normalised beforehand, then all extracted at once in one event
  loop through ONE `LLMSession(client, c)` — the bound the LLM backend documents for many reports;
- `ingest`: `run_batch(backend="llm", llm_concurrency=c)` over copies on disk — what
  `pipeline ingest --backend llm` runs (a thread per report, each with its own session), with a
  bench extractor equal to `extract_file` minus the cache.

The server records the most requests it had in flight; a figure above c means the path did not
hold the bound, and its ratio is not comparable with the ideal at c.

Overhead per request, at zero latency (`measure_overhead`): wall / requests served, for
`extract_file` report by report with a fresh cache (everything a user's run does: read,
normalise, chunk, client, HTTP, parse, assemble, validate), for the session path at c = 1 (the
request path alone), and for the session path against the server as shipped (see `fake_llm`).
`extract_file` runs in a fresh process, pass after pass (`bench.llm_overhead`): the first pass
also pays what a process pays once (the LLM libraries imported, the TLS context, the compiled
validator: ~0.3 s of CPU, which spread over the samples' 47 requests was ~6 ms of each), the
later ones show the cost per request of a process that extracts many reports. Both are
reported; the goal is on the later passes, and the one-off cost is shown beside it.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.clock import Elapsed, Stopwatch
from bench.corpus import copy_reports
from bench.fake_llm import serve_fake_llm
from bench.llm_overhead import llm_flags
from pipeline.batch import run_batch
from pipeline.core.config import Config, resolve_config
from pipeline.core.document import Document
from pipeline.core.models import ReportExtraction
from pipeline.extract.llm_backend import extract_llm, extract_llm_async
from pipeline.extract.llm_prompt import extraction_prompt
from pipeline.ingest import read_document
from pipeline.llm.client import LLMSession, make_client
from pipeline.normalize import NormalizedText, normalize

REPO = Path(__file__).resolve().parent.parent  # `python -m bench.llm_overhead` runs from here


@dataclass(frozen=True)
class LatencyRun:
    path: str
    concurrency: int
    latency: float
    reports: int
    requests: int
    seconds: float
    max_in_flight: int
    cpu_seconds: float = 0.0  # the bench process's own CPU time (not the server's, another process)
    server_cpu_seconds: float = 0.0  # the fake server's CPU time for these requests (see fake_llm)

    @property
    def ideal_seconds(self) -> float:
        return self.requests * self.latency / self.concurrency

    @property
    def ratio(self) -> float:
        return self.ideal_seconds / self.seconds

    @property
    def ms_per_request(self) -> float:
        return 1000 * self.seconds / self.requests if self.requests else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "concurrency": self.concurrency,
            "latency_s": self.latency,
            "reports": self.reports,
            "requests": self.requests,
            "seconds": round(self.seconds, 3),
            "cpu_seconds": round(self.cpu_seconds, 3),
            "server_cpu_seconds": round(self.server_cpu_seconds, 3),
            "ideal_seconds": round(self.ideal_seconds, 3),
            "ratio": round(self.ratio, 3),
            "ms_per_request": round(self.ms_per_request, 2),
            "max_in_flight": self.max_in_flight,
        }


def llm_config(base_url: str, cache_dir: Path, concurrency: int, send_all: bool = True) -> Config:
    """The LLM backend against the fake server (`llm_flags`), ignoring the developer's PIPELINE_* settings."""
    return resolve_config(llm_flags(base_url, cache_dir, concurrency, send_all), env={})


def read_reports(paths: Sequence[Path]) -> list[tuple[Document, NormalizedText]]:
    documents = [read_document(path) for path in paths]
    return [(doc, normalize(doc.text)) for doc in documents]


def extract_all_at_once(reports: Sequence[tuple[Document, NormalizedText]], config: Config) -> Elapsed:
    """Wall and CPU seconds to extract every report concurrently through one uncached session."""
    session = LLMSession(make_client(config, extraction_prompt(), use_cache=False), config.llm_concurrency)

    async def everything() -> list[ReportExtraction]:
        return await asyncio.gather(*(extract_llm_async(doc, norm, config, session) for doc, norm in reports))

    with Stopwatch() as clock:
        asyncio.run(everything())
    return clock.elapsed


def extract_uncached(path: Path, config: Config) -> ReportExtraction:
    """`extract_file` for the LLM backend without the cache (an extractor for `run_batch`)."""
    doc = read_document(path)
    session = LLMSession(make_client(config, extraction_prompt(), use_cache=False), config.llm_concurrency)
    return extract_llm(doc, normalize(doc.text), config, session)


def time_session(
    samples: Sequence[Path], copies: int, concurrency: int, latency: float, work: Path
) -> LatencyRun:
    reports = read_reports(samples) * copies
    with serve_fake_llm("echo", latency) as server:
        started = server.stats()  # the server's own start-up (imports) is not the run's
        took = extract_all_at_once(reports, llm_config(server.base_url, work / "cache", concurrency))
        stats = server.stats() - started
    return LatencyRun(
        "session", concurrency, latency, len(reports), stats.requests, took.wall, stats.max_in_flight,
        took.cpu, stats.cpu_seconds,
    )  # fmt: skip


def time_ingest(
    samples: Sequence[Path], copies: int, concurrency: int, latency: float, work: Path
) -> LatencyRun:
    folder = work / f"ingest-in-c{concurrency}"
    copy_reports(samples, folder, copies * len(samples))
    with serve_fake_llm("echo", latency) as server:
        config = llm_config(server.base_url, work / "cache", concurrency)
        run_dir = work / f"ingest-run-c{concurrency}"
        with Stopwatch() as clock:
            result = run_batch([folder], run_dir, config, extractor=extract_uncached)
        stats = server.stats()
    if result.failed:
        raise RuntimeError(f"{folder}: {result.failed} reports failed in the LLM ingest bench")
    return LatencyRun(
        "ingest", concurrency, latency, result.found, stats.requests, clock.wall, stats.max_in_flight,
        clock.cpu,
    )  # fmt: skip


def measure_latency(
    samples: Sequence[Path], plan: Sequence[tuple[int, int]], latency: float, work: Path
) -> list[dict[str, Any]]:
    """Per (concurrency, copies of the samples): the session path with latency and at zero
    latency (the pipeline's CPU time for the same requests), and the ingest path with latency."""
    rows = []
    for concurrency, copies in plan:
        timed = time_session(samples, copies, concurrency, latency, work)
        cpu = time_session(samples, copies, concurrency, 0.0, work)
        ingest = time_ingest(samples, copies, concurrency, latency, work)
        rows.append(
            {
                **timed.to_dict(),
                "zero_latency_seconds": round(cpu.seconds, 3),
                "zero_latency_cpu_seconds": round(cpu.cpu_seconds, 3),
                "ingest": ingest.to_dict(),
            }
        )
    return rows


def time_extract_file(samples: Sequence[Path], work: Path) -> tuple[LatencyRun, LatencyRun]:
    """`extract_file` report after report at llm_concurrency 1, fresh cache, zero latency, in a
    fresh process (`bench.llm_overhead`): its first pass, and the cheapest later pass by CPU."""
    with serve_fake_llm("echo", 0.0) as server:
        command = [sys.executable, "-m", "bench.llm_overhead", server.base_url, str(work / "overhead")]
        command += [str(path.resolve()) for path in samples]
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True)
        stats = server.stats()
    passes = json.loads(done.stdout.strip().splitlines()[-1])
    if sum(p["requests"] for p in passes) != stats.requests:
        raise RuntimeError(f"the overhead passes counted {passes} requests, the server {stats.requests}")

    def run(path: str, timed: dict[str, Any]) -> LatencyRun:
        requests, wall, cpu = timed["requests"], timed["seconds"], timed["cpu_seconds"]
        return LatencyRun(path, 1, 0.0, len(samples), requests, wall, stats.max_in_flight, cpu)

    later = min(passes[1:], key=lambda timed: timed["cpu_seconds"])
    return run("extract_file_first", passes[0]), run("extract_file", later)


def time_shipped_server(samples: Sequence[Path], work: Path) -> LatencyRun:
    """The session path at c = 1 against the fake server with Nagle's algorithm left on."""
    reports = read_reports(samples)
    with serve_fake_llm("echo", 0.0, nodelay=False) as server:
        took = extract_all_at_once(reports, llm_config(server.base_url, work / "cache", 1))
        stats = server.stats()
    return LatencyRun(
        "shipped_server", 1, 0.0, len(reports), stats.requests, took.wall, stats.max_in_flight, took.cpu
    )


def measure_overhead(samples: Sequence[Path], work: Path) -> dict[str, Any]:
    """Milliseconds per request at zero latency, four ways (see the module docstring)."""
    first, later = time_extract_file(samples, work)
    runs = {
        "extract_file_first": first,
        "extract_file": later,
        "session": time_session(samples, 1, 1, 0.0, work),
        "shipped_server": time_shipped_server(samples, work),
    }
    return {name: run.to_dict() for name, run in runs.items()}
