"""A fully cached re-run: the LLM backend over reports whose every chunk is already in the cache.

Measured with the ingest batch runner (`run_batch`, backend `llm`, the real `extract_file`, the
cache on, routing on) over N copies of the samples, against the oracle server:

1. a first run into run directory A fills the cache (not timed);
2. a second run over the same files into a fresh run directory B — so nothing is skipped as
   already done: every report is read, chunked, looked up in the cache, assembled, validated and
   written again — is timed. The server counts the requests it received during it: 0 expected.

Copies share their sample's chunk texts, so the cache key (model, prompt, schema, chunk text,
parameters — not the file name) makes every copy a hit once its sample's chunks are cached.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.clock import Stopwatch
from bench.corpus import copy_reports
from bench.fake_llm import serve_fake_llm
from bench.llm_latency import llm_config
from pipeline.batch import run_batch


def measure_cached(samples: Sequence[Path], count: int, work: Path) -> dict[str, Any]:
    folder = work / "cached-in"
    copy_reports(samples, folder, count)
    with serve_fake_llm("oracle", 0.0) as server:
        config = llm_config(server.base_url, work / "cached-cache", 8, send_all=False)
        first = run_batch([folder], work / "cached-run-a", config)
        before = server.stats()
        with Stopwatch() as clock:
            second = run_batch([folder], work / "cached-run-b", config)
        during = server.stats() - before
    return {
        "reports": second.found,
        "extracted": second.extracted,
        "failed": second.failed,
        "seconds": round(clock.wall, 3),
        "cpu_seconds": round(clock.cpu, 3),
        "reports_per_s": round(second.found / clock.wall, 2),
        "requests_at_server": during.requests,
        "cache_hits": second.usage.get("cache_hits", 0),
        "requests_reported": second.usage.get("requests", 0),
        "fill_requests": first.usage.get("requests", 0),
    }
