"""`extract_file` with the LLM backend, pass after pass over the samples, in a fresh process.

A process that extracts many reports pays some costs once: the LLM client's libraries (openai,
instructor, httpx) imported on the first LLM report, the TLS context loaded, instructor's
request fields built, the report schema's validator compiled. Timed in a process that has done
all that, a pass shows the cost per request; timed in one that has not, the one-off costs are
spread over that pass's requests. So each pass is timed on its own, in a process that starts
with only `extract_file` and the configuration imported (what every command imports first; its
start-up is the bench's section 2), and the first pass is reported beside the later ones:

    pass 1: 47 requests, 0.43 s CPU   (the one-off costs + 47 requests)
    pass 2: 47 requests, 0.16 s CPU   (47 requests)
    pass 3: 47 requests, 0.15 s CPU   → one-off ≈ 0.43 − 0.15 = 0.28 s per process

Every pass has a fresh cache directory, so each sends every request again. Run by
`bench.llm_latency.measure_overhead` against a server it started:

    python -m bench.llm_overhead BASE_URL WORK REPORT... → one JSON line: a list of passes
    ({"seconds", "cpu_seconds", "requests"}), `requests` counted from the results' usage.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

PASSES = 3
FAKE_FLAGS = {"llm_api_key": "bench-fake-key", "llm_model": "fake"}


def llm_flags(base_url: str, cache_dir: Path, concurrency: int, send_all: bool = True) -> dict[str, Any]:
    """The LLM backend against the fake server (configuration flags, for `resolve_config(..., env={})`).

    One request per chunk (`llm_pack_chars=0`): the latency sections measure the request path per
    request; what packing saves is measured by bench/tokens.py with the shipped settings."""
    return {
        "backend": "llm",
        "llm_base_url": base_url,
        "cache_dir": str(cache_dir),
        **FAKE_FLAGS,
        "llm_pack_chars": 0,
        "llm_concurrency": concurrency,
        "send_all": send_all,
    }


def time_passes(base_url: str, work: Path, reports: list[Path], passes: int = PASSES) -> list[dict[str, Any]]:
    """Wall and CPU seconds and requests sent of each pass of `extract_file` over `reports`."""
    from pipeline.core.config import resolve_config
    from pipeline.process import extract_file

    timed = []
    for number in range(passes):
        config = resolve_config(llm_flags(base_url, work / f"cache-pass{number}", 1), env={})
        wall, cpu = time.perf_counter(), time.process_time()
        requests = sum(extract_file(path, config).usage.requests for path in reports)
        timed.append(
            {
                "seconds": time.perf_counter() - wall,
                "cpu_seconds": time.process_time() - cpu,
                "requests": requests,
            }
        )
    return timed


if __name__ == "__main__":
    url, folder, *paths = sys.argv[1:]
    print(json.dumps(time_passes(url, Path(folder), [Path(path) for path in paths])))
