"""The goals of issues 8, 15 and 16, checked against one bench result, each with how far it is.

    rules_per_core    >= 2 MB per CPU-second (rules + trust + validation; single process, and
                      with all cores); the wall-clock MB/s per core is shown beside it
    rules_scaling     all cores >= 1.8x one worker (wall time, both runs in one bench)
    cli_help          `pipeline --help` <= 0.3 s (median CPU time; wall shown beside it)
    small_extract     one small .txt extracted end to end <= 0.5 s (median CPU time)
    ingest_memory     largest process peak grows <= 1.1x from the smallest to the largest run
    ratio_at_max_c    >= 0.9 of ideal at the largest concurrency (session path)
    overhead          <  5 ms CPU per request at zero latency (extract_file, fresh cache, in a
                      process past its first pass; the first pass is shown beside it)
    routing_chars     <= 60 % of the whole-report baseline's characters (report text sent)
    routing_f1        routing's indicator F1 >= the baseline's
    input_chars       <= 140,000 characters sent (messages + schema) for the samples, forced-tool preset
    answer_tokens     <= 4,096 tokens in the longest answer (DeepSeek V4 tokenizer)
    sharded           the bench corpus in 4 shards, merged: every export equals one unsharded run's

The time goals use CPU time: the bench machine is shared, and a process that waited for a core
shows a long wall time for the same work.

`how_far` is measured / target for at-least goals and target / measured for at-most goals, so
1.0 or more means met and 0.25 means a quarter of the way there.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

MB_PER_CORE = 2.0
SCALING = 1.8
HELP_SECONDS = 0.3
SMALL_EXTRACT_SECONDS = 0.5
MEMORY_GROWTH = 1.1
RATIO_AT_MAX_CONCURRENCY = 0.9
OVERHEAD_MS = 5.0
ROUTING_CHAR_SHARE = 0.6
INPUT_CHARS = 140_000
ANSWER_TOKENS = 4096


@dataclass(frozen=True)
class Goal:
    name: str
    target: str
    measured: str
    met: bool
    how_far: float

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "how_far": round(self.how_far, 3)}


def at_least(name: str, target: float, measured: float, shown: str, unit: str = "") -> Goal:
    return Goal(name, f">= {target:g}{unit}", shown, measured >= target, measured / target)


def at_most(name: str, target: float, measured: float, shown: str, unit: str = "") -> Goal:
    how_far = target / measured if measured else float("inf")
    return Goal(name, f"<= {target:g}{unit}", shown, measured <= target, how_far)


def rules_goal(rules: dict[str, Any]) -> Goal:
    per_cpu = [run["mb_per_cpu_s"] for run in rules["runs"]]
    shown = ", ".join(
        f"{run['workers']} worker(s): {run['mb_per_cpu_s']:.2f} per CPU-s ({run['mb_per_s_per_core']:.2f} "
        f"per core by wall)"
        for run in rules["runs"]
    )
    return at_least("rules throughput per core", MB_PER_CORE, min(per_cpu), shown, " MB/CPU-s")


def scaling_goal(rules: dict[str, Any]) -> Goal:
    workers = rules["runs"][-1]["workers"]
    shown = f"{rules['speedup']:.2f}× with {workers} workers"
    if "speedup_by_cpu" in rules:  # results from before the runs were taken in turn have neither
        shown += f" (fastest of {rules['rounds']} runs each, in turn; {rules['speedup_by_cpu']:.2f}× by CPU)"
    return at_least(f"{workers} workers vs 1 (wall)", SCALING, rules["speedup"], shown, "×")


def startup_goals(startup: dict[str, Any]) -> list[Goal]:
    goals = []
    for name, label, target in (
        ("help", "`pipeline --help`", HELP_SECONDS),
        ("extract", "one small .txt extracted", SMALL_EXTRACT_SECONDS),
    ):
        run = startup["commands"][name]
        shown = f"{run['cpu_seconds']:.3f} s CPU ({run['seconds']:.3f} s wall)"
        goals.append(at_most(label, target, run["cpu_seconds"], shown, " s"))
    return goals


def memory_goal(memory: dict[str, Any]) -> Goal:
    growth = memory["largest_process_growth"] or 0.0
    runs = memory["runs"]
    shown = f"×{growth} ({runs[0]['reports']} → {runs[-1]['reports']} reports)"
    return at_most("ingest peak memory growth", MEMORY_GROWTH, growth, shown, "×")


def concurrency_goal(latency_rows: list[dict[str, Any]]) -> Goal:
    widest = max(latency_rows, key=lambda row: row["concurrency"])
    shown = f"{widest['ratio']:.2f} at c={widest['concurrency']} ({widest['requests']} requests)"
    return at_least(
        f"wall vs ideal at c={widest['concurrency']}", RATIO_AT_MAX_CONCURRENCY, widest["ratio"], shown
    )


def cpu_ms_per_request(run: dict[str, Any]) -> float:
    return 1000 * run["cpu_seconds"] / run["requests"] if run["requests"] else 0.0


def overhead_goal(overhead: dict[str, Any]) -> Goal:
    """CPU per request of `extract_file` in a process past its first pass (what each request of
    a run costs); beside it, the first pass in a fresh process — the same requests plus what a
    process pays once, given in seconds — and the request path alone."""
    later, first, session = overhead["extract_file"], overhead["extract_file_first"], overhead["session"]
    cpu = cpu_ms_per_request(later)
    once = first["cpu_seconds"] - later["cpu_seconds"]
    shown = (
        f"{cpu:.1f} ms CPU ({later['ms_per_request']:.1f} ms wall; extract_file after its first pass); "
        f"first pass {cpu_ms_per_request(first):.1f} ms CPU ({once:.2f} s CPU once per process); "
        f"{cpu_ms_per_request(session):.1f} ms CPU (request path alone)"
    )
    return at_most("overhead per request", OVERHEAD_MS, cpu, shown, " ms")


def routing_chars_goal(cost: dict[str, Any]) -> Goal:
    ratios = cost["routing_over_whole"]
    shown = f"{ratios['chunk_chars']:.0%} of report text; {ratios['input_chars']:.0%} of all input characters"
    return at_most("routing characters vs whole report", ROUTING_CHAR_SHARE, ratios["chunk_chars"], shown)


def routing_f1_goal(cost: dict[str, Any]) -> Goal:
    routed, whole = cost["total"]["routing"]["indicator_f1"], cost["total"]["whole"]["indicator_f1"]
    if routed is None or whole is None:
        return Goal("routing F1 vs whole report", ">= baseline F1", "no fixtures", False, 0.0)
    shown = f"{routed:.4f} vs {whole:.4f}"
    how_far = routed / whole if whole else 1.0
    return Goal("routing F1 vs whole report", ">= baseline F1", shown, routed >= whole, how_far)


def request_size_goals(tokens: dict[str, Any]) -> list[Goal]:
    generic = next(p for p in tokens["presets"] if p["preset"] == "generic")
    longest = max(p["max_answer_tokens"] for p in tokens["presets"])
    return [
        at_most("characters sent for the samples", INPUT_CHARS, generic["chars"], f"{generic['chars']:,}"),
        at_most("longest answer", ANSWER_TOKENS, longest, f"{longest:,} tokens", " tokens"),
    ]


def check_goals(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The goals of the sections present in `result` (a speed-only run has no LLM sections)."""
    goals = [rules_goal(result["rules"]), scaling_goal(result["rules"]), *startup_goals(result["startup"])]
    if "llm_latency" in result:
        goals += [
            concurrency_goal(result["llm_latency"]["runs"]),
            overhead_goal(result["llm_latency"]["overhead"]),
            routing_chars_goal(result["cost"]),
            routing_f1_goal(result["cost"]),
            *request_size_goals(result["tokens"]),
        ]
    goals.append(memory_goal(result["memory"]))
    if "sharded" in result:
        goals.append(sharded_goal(result["sharded"]))
    return [goal.to_dict() for goal in goals]


def sharded_goal(sharded: dict[str, Any]) -> Goal:
    """Every export of the merged shard runs equals the unsharded run's."""
    same = sum(sharded["compared"].values())
    total = len(sharded["compared"])
    shown = f"{same} of {total} exports identical ({sharded['shards']} shards, {sharded['reports']} reports)"
    return Goal("sharded = unsharded", "all exports identical", shown, same == total, same / total)
