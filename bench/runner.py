"""Running every section of the bench in one process, one after another, into one result dict.

Sections run sequentially so that none competes with another for the two cores. `BenchSizes`
holds every count; `FULL` is what `make bench` runs (about 3 minutes on 2 cores), `QUICK` a
seconds-long version for tests and for checking the bench itself.

Findings (`findings`) are sentences derived from the measured numbers — a path that did not hold
its concurrency bound, a run that is CPU-bound rather than latency-bound, a prompt overhead that
routing multiplies — so the markdown says what the tables imply.
"""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from bench.cached import measure_cached
from bench.corpus import FIXTURES_DIR, SAMPLES_DIR, copy_reports, sample_reports
from bench.cost import measure_cost
from bench.goals import check_goals
from bench.layout_scale import measure_layout
from bench.llm_latency import measure_latency, measure_overhead
from bench.memory import measure_memory
from bench.memory_files import measure_files
from bench.rules_throughput import measure_rules
from bench.sharded import measure_sharded
from bench.startup import measure_startup
from bench.tokens import measure_tokens
from pipeline.evaluate.runner import git_commit

CPUS = os.cpu_count() or 1
T = TypeVar("T")


@dataclass(frozen=True)
class BenchSizes:
    """Counts for each section. `concurrency_copies` pairs a concurrency with how many copies of
    the samples it runs over (the five samples make 44 requests with `send_all`, so 4 and 8 copies
    make 176 = 22 × 8 and 352 = 11 × 32 requests: whole waves, no rounding loss against the ideal)."""

    rules_reports: int = 1000
    rules_workers: tuple[int, ...] = field(default_factory=lambda: (1, CPUS))
    rules_rounds: int = 3
    latency_s: float = 0.3
    concurrency_copies: tuple[tuple[int, int], ...] = ((1, 1), (8, 4), (32, 8))
    cached_reports: int = 100
    memory_reports: tuple[int, ...] = (100, 1000)
    memory_workers: int = CPUS
    startup_repeats: int = 5
    layout_rows: tuple[int, ...] = (4000, 40000)
    shard_reports: int = 1000
    shards: int = 4
    big_file_mb: tuple[float, ...] = (1.0,)
    big_table_rows: tuple[int, ...] = (10000,)


FULL = BenchSizes()
QUICK = BenchSizes(
    rules_reports=6,
    rules_workers=(1, 2),
    rules_rounds=1,
    latency_s=0.01,
    concurrency_copies=((1, 1), (2, 1)),
    cached_reports=3,
    memory_reports=(2, 4),
    memory_workers=1,
    startup_repeats=1,
    layout_rows=(40, 400),
    shard_reports=8,
    big_file_mb=(0.1,),
    big_table_rows=(200,),
)


def timed(label: str, log: Callable[[str], None], step: Callable[[], T]) -> T:
    log(f"bench: {label} …")
    started = time.perf_counter()
    value = step()
    log(f"bench: {label} done in {time.perf_counter() - started:.1f} s")
    return value


def run_bench(
    sizes: BenchSizes,
    work: Path,
    samples_dir: Path = SAMPLES_DIR,
    fixtures_dir: Path = FIXTURES_DIR,
    log: Callable[[str], None] = lambda _: None,
    speed_only: bool = False,
) -> dict[str, Any]:
    """Every section, in order; `work` is an empty scratch directory. `speed_only` runs the
    sections that do not involve an LLM (rules, start-up, memory) and skips the others."""
    started = time.perf_counter()
    samples = sample_reports(samples_dir)
    rules_copies = copy_reports(samples, work / "rules-in", sizes.rules_reports)
    result: dict[str, Any] = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "machine": {"cpus": CPUS, "python": platform.python_version(), "platform": platform.platform()},
        "sizes": asdict(sizes),
        "samples": [path.name for path in samples],
    }
    result["rules"] = timed(
        "rules", log, lambda: measure_rules(rules_copies, work, sizes.rules_workers, sizes.rules_rounds)
    )
    result["startup"] = timed(
        "start-up", log, lambda: measure_startup(work / "startup", sizes.startup_repeats)
    )
    if not speed_only:
        result.update(_llm_sections(sizes, samples, fixtures_dir, work, log))
    memory = timed(
        "memory", log, lambda: measure_memory(samples, sizes.memory_reports, sizes.memory_workers, work)
    )
    result["memory"] = memory
    result["big_files"] = timed("memory per big file", log, lambda: _big_files(sizes, work / "big-files"))
    result["layout"] = timed("layout scale", log, lambda: measure_layout(sizes.layout_rows))
    result["sharded"] = timed(
        "sharded = unsharded",
        log,
        lambda: measure_sharded(samples, sizes.shard_reports, sizes.shards, work / "sharded"),
    )
    result["goals"] = check_goals(result)
    result["notes"] = findings(result)
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def _big_files(sizes: BenchSizes, work: Path) -> list[dict[str, Any]]:
    work.mkdir()
    formats = {"text", "table", "html", "docx", "xlsx", "pdf"}
    return list(measure_files(work, list(sizes.big_file_mb), list(sizes.big_table_rows), formats))


def _llm_sections(
    sizes: BenchSizes, samples: list[Path], fixtures_dir: Path, work: Path, log: Callable[[str], None]
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    runs = timed(
        "llm latency", log, lambda: measure_latency(samples, sizes.concurrency_copies, sizes.latency_s, work)
    )
    overhead = timed("llm overhead", log, lambda: measure_overhead(samples, work))
    result["llm_latency"] = {"latency_s": sizes.latency_s, "mode": "echo", "runs": runs, "overhead": overhead}
    result["cost"] = timed("cost", log, lambda: measure_cost(samples, fixtures_dir, work))
    result["tokens"] = timed("tokens", log, lambda: measure_tokens(samples, work))
    result["cached"] = timed(
        "cached re-run", log, lambda: measure_cached(samples, sizes.cached_reports, work)
    )
    return result


def findings(result: dict[str, Any]) -> list[str]:
    """Sentences the numbers imply (see the module docstring); empty when nothing stands out."""
    if "llm_latency" not in result:
        return []
    notes = [*_bound_findings(result["llm_latency"]), *_cost_findings(result["cost"])]
    cached = result["cached"]
    if cached["requests_at_server"]:
        notes.append(f"The cached re-run still sent {cached['requests_at_server']} requests to the server.")
    return notes


def _bound_findings(latency: dict[str, Any]) -> list[str]:
    notes = []
    for row in latency["runs"]:
        ingest, c = row["ingest"], row["concurrency"]
        if ingest["max_in_flight"] > c:
            notes.append(
                f"`ingest --backend llm` does not hold `llm_concurrency`: at c={c} the server saw "
                f"{ingest['max_in_flight']} requests in flight (a thread per report, each report with its "
                f"own session bounded at c)."
            )
        if row["zero_latency_seconds"] > row["ideal_seconds"] > 0:
            notes.append(
                f"At c={c} the pipeline's own time for the {row['requests']} requests "
                f"({row['zero_latency_seconds']:.2f} s at zero latency) exceeds the ideal "
                f"({row['ideal_seconds']:.2f} s): the session path is CPU-bound there, not latency-bound."
            )
    overhead = latency["overhead"]
    added = overhead["shipped_server"]["ms_per_request"] - overhead["session"]["ms_per_request"]
    if added > 10:
        notes.append(
            f"The fake server as shipped adds {added:.0f} ms per request on a kept-alive connection "
            f"(Nagle's algorithm + delayed ACK; `disable_nagle_algorithm = True` on its handler removes "
            f"it). The bench sets it."
        )
    return notes


def _cost_findings(cost: dict[str, Any]) -> list[str]:
    notes = [
        *_f1_losses(cost["per_report"]),
        *_cut_off_answers(cost["per_report"]["whole"], cost["llm_max_tokens"]),
    ]
    ratios, routed = cost["routing_over_whole"], cost["total"]["routing"]
    if ratios["input_chars"] > ratios["chunk_chars"]:
        per_request = (routed["prompt_chars"] - routed["chunk_chars"] + routed["tool_chars"]) / routed[
            "requests"
        ]
        notes.append(
            f"Routing saves report text ({ratios['chunk_chars']:.0%} of the baseline's) but every "
            f"request repeats the system prompt, wrapper and tool schema (~{per_request:.0f} characters "
            f"per request): counting them, routing sends {ratios['input_chars']:.0%} of the baseline's "
            f"input."
        )
    return notes


def _cut_off_answers(whole: list[dict[str, Any]], max_tokens: int) -> list[str]:
    """The whole-report answers longer than `llm_max_tokens` (one request per report, so the
    report's completion tokens are that one answer's). The fake server ignores the limit."""
    over = [row for row in whole if row["completion_tokens"] > max_tokens]
    if not over:
        return []
    listed = ", ".join(f"{row['report']} ~{row['completion_tokens']}" for row in over)
    return [
        f"Whole-report answers above llm_max_tokens={max_tokens} (estimated completion tokens: {listed}): "
        f"a real model would cut them off, so the baseline's F1 here is what it would get with no output "
        f"limit (the fake server has none)."
    ]


def _f1_losses(per_report: dict[str, list[dict[str, Any]]]) -> list[str]:
    """One sentence per report where one variant scores below the other."""
    notes = []
    for routed, whole in zip(per_report["routing"], per_report["whole"], strict=True):
        if routed["indicator_f1"] is None or routed["indicator_f1"] == whole["indicator_f1"]:
            continue
        note = (
            f"{routed['report']}: indicator F1 {routed['indicator_f1']:.2f} with routing, "
            f"{whole['indicator_f1']:.2f} as one whole-report request"
        )
        if routed["projects"] != whole["projects"]:
            note += (
                f", with {routed['projects']} vs {whole['projects']} projects found (the LLM backend "
                f"assigns indicators to projects by the section of the chunk they came from; one "
                f"whole-report chunk has none)"
            )
        notes.append(note + ".")
    return notes
