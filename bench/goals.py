"""The goals of issue 8, checked against one bench result, each with how far it is.

    rules_per_core    >= 2 MB/s per core (single process, and per core with all cores)
    ratio_at_max_c    >= 0.9 of ideal at the largest concurrency (session path)
    overhead          <  5 ms per request at zero latency (extract_file, fresh cache)
    routing_chars     <= 60 % of the whole-report baseline's characters (report text sent)
    routing_f1        routing's indicator F1 >= the baseline's
    input_chars       <= 140,000 characters sent (messages + schema) for the samples, forced-tool preset
    answer_tokens     <= 4,096 tokens in the longest answer (DeepSeek V4 tokenizer)

`how_far` is measured / target for at-least goals and target / measured for at-most goals, so
1.0 or more means met and 0.25 means a quarter of the way there.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

MB_PER_CORE = 2.0
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
    per_core = [run["mb_per_s_per_core"] for run in rules["runs"]]
    shown = ", ".join(f"{run['workers']} worker(s): {run['mb_per_s_per_core']:.2f}" for run in rules["runs"])
    return at_least("rules throughput per core", MB_PER_CORE, min(per_core), shown + " MB/s", " MB/s")


def concurrency_goal(latency_rows: list[dict[str, Any]]) -> Goal:
    widest = max(latency_rows, key=lambda row: row["concurrency"])
    shown = f"{widest['ratio']:.2f} at c={widest['concurrency']} ({widest['requests']} requests)"
    return at_least(
        f"wall vs ideal at c={widest['concurrency']}", RATIO_AT_MAX_CONCURRENCY, widest["ratio"], shown
    )


def overhead_goal(overhead: dict[str, Any]) -> Goal:
    full, session = overhead["extract_file"]["ms_per_request"], overhead["session"]["ms_per_request"]
    shown = f"{full:.1f} ms (extract_file); {session:.1f} ms (request path alone)"
    return at_most("overhead per request", OVERHEAD_MS, full, shown, " ms")


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
    goals = [
        rules_goal(result["rules"]),
        concurrency_goal(result["llm_latency"]["runs"]),
        overhead_goal(result["llm_latency"]["overhead"]),
        routing_chars_goal(result["cost"]),
        routing_f1_goal(result["cost"]),
        *request_size_goals(result["tokens"]),
    ]
    return [goal.to_dict() for goal in goals]
