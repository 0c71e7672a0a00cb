"""`bench/results.md`: the bench result as tables, each with how it was measured.

Rendering only: every number comes from the result dict (written alongside as
`bench/results.json`); nothing is recomputed here but display formatting and the ratios the
tables state in words.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.batch.pool import MAX_TASKS_PER_CHILD

HOW_RULES = (
    "How: `pipeline.batch.run_batch` (backend rules) over copies of the sample reports under new "
    "names, into a fresh run directory per worker count; wall time includes discovery, hashing, "
    "worker start-up, result files and the manifest; exports timed separately with `export_run`. "
    "MB = 10^6 bytes of input files."
)
HOW_LATENCY = (
    "How: echo fake server in its own process with the stated latency per request; `send_all` and "
    "no cache, so every chunk is one request; ideal = requests × latency / c; ratio = ideal / wall "
    "(1.0 is perfect). *session*: all reports (read beforehand) extracted at once through one "
    "`LLMSession(client, c)`. *ingest*: `run_batch(backend=llm, llm_concurrency=c)` over the same "
    "reports as files (a thread per report, a session per report). *max in flight* is counted by "
    "the server; above c, the bound was not held and the ratio is not against the right ideal. "
    "*s at 0 latency*: the session run repeated with no latency — the pipeline's own time for "
    "those requests, a floor under the wall time at any latency."
)
HOW_OVERHEAD = (
    "How: echo server with no latency; wall / requests served. The server runs in another process "
    "with TCP_NODELAY (see `bench/fake_llm.py`); the last row shows what the shipped server adds."
)
HOW_COST = (
    "How: `extract_file` (backend llm) against the oracle server, fresh cache per variant. "
    "*routing* is the backend as shipped; *whole* sends the whole normalised report as one chunk "
    "(routing off). Characters counted at the server: *report chars* is the report text sent, "
    "*prompt chars* all message text (system prompt and wrapper repeat per request), *tool chars* "
    "the function schema sent with each request. Tokens estimated as characters / 1.5 (the fake "
    "server's estimate). F1: indicator F1 against the gold fixtures (`score_report`), total "
    "micro-averaged."
)
HOW_CACHED = (
    "How: `run_batch` (backend llm, routing on, cache on, `extract_file`) over copies of the "
    "samples against the oracle server: a first run fills the cache, a second run over the same "
    "files into a fresh run directory is timed; requests counted by the server during the second "
    "run."
)
HOW_MEMORY = (
    "How: `pipeline ingest DIR --out RUN --workers N` (rules, exports included) in a fresh process "
    "tree per size. *largest process peak*: `getrusage(RUSAGE_CHILDREN).ru_maxrss` of a wrapper "
    "process — the peak of the largest single descendant (ingest process or a worker). *whole tree "
    "peak*: the largest sum of RSS over the ingest process and its workers, sampled from /proc "
    "every 50 ms, and how many processes that sum covered (workers are replaced every "
    f"{MAX_TASKS_PER_CHILD} reports, so a sample can catch an outgoing and an incoming one)."
)
HOW_LAYOUT = (
    "One table of N rows per linearisation, `recover_layout` timed (best of 3) at each N in one process "
    "(`rules on tabs`: normalise + layout + `extract_rules` on the tab-written table); "
    "`growth` = seconds per row at the largest N over the smallest (about 1: linear)."
)
HOW_FAR = "`how far` = measured / target (at-least goals) or target / measured (at-most goals); >= 1 is met."
OVERHEAD_LABELS = {
    "extract_file": "`extract_file` report by report (fresh cache; read → validate)",
    "session": "request path alone (one session, c = 1, no cache)",
    "shipped_server": "request path alone, fake server as shipped (Nagle on)",
}


def table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def section(title: str, *parts: str) -> str:
    return f"{title}\n\n" + "\n\n".join(parts) + "\n"


def machine_section(result: dict[str, Any]) -> str:
    m = result["machine"]
    return section(
        "# Bench results",
        f"{result['created']} · commit {result['git_commit'] or 'unknown'} · {m['cpus']} CPUs · "
        f"Python {m['python']} · {m['platform']} · whole bench {result['seconds']:.0f} s",
    )


def goals_section(goals: list[dict[str, Any]]) -> str:
    rows = [
        [g["name"], g["target"], g["measured"], "met" if g["met"] else "NOT met", g["how_far"]] for g in goals
    ]
    return section("## Goals", table(["goal", "target", "measured", "status", "how far"], rows), HOW_FAR)


def rules_section(rules: dict[str, Any]) -> str:
    runs = rules["runs"]
    rows = [
        [r["workers"], r["reports"], f"{r['input_bytes'] / 1e6:.1f}", f"{r['seconds']:.2f}",
         f"{r['reports_per_s']:.1f}", f"{r['mb_per_s']:.2f}", f"{r['mb_per_s_per_core']:.2f}", r["failed"]]
        for r in runs
    ]  # fmt: skip
    header = ["workers", "reports", "MB in", "wall s", "reports/s", "MB/s", "MB/s per core", "failed"]
    summary = (
        f"Speed-up {rules['speedup']:.2f}× with {runs[-1]['workers']} workers (parallel efficiency "
        f"{rules['parallel_efficiency']:.2f}). Exports of the {runs[-1]['reports']} results (jsonl, csv, "
        f"xlsx, sqlite): {rules['export_seconds']:.2f} s ({rules['export_reports_per_s']:.0f} reports/s)."
    )
    return section("## 1. Rules throughput", table(header, rows), summary, HOW_RULES)


def _latency_row(r: dict[str, Any]) -> list[Any]:
    i = r["ingest"]
    return [
        r["concurrency"], r["requests"], f"{r['ideal_seconds']:.2f}", f"{r['seconds']:.2f}",
        f"{r['ratio']:.2f}", r["max_in_flight"], f"{r['zero_latency_seconds']:.2f}", f"{i['seconds']:.2f}",
        f"{i['ratio']:.2f}", i["max_in_flight"],
    ]  # fmt: skip


def latency_section(latency: dict[str, Any]) -> str:
    header = ["c", "requests", "ideal s", "session s", "session ratio", "session max in flight",
              "session s at 0 latency", "ingest s", "ingest ratio", "ingest max in flight"]  # fmt: skip
    title = f"## 2. LLM path, {latency['latency_s'] * 1000:.0f} ms per request"
    rows = [_latency_row(r) for r in latency["runs"]]
    return section(title, table(header, rows), HOW_LATENCY) + "\n" + overhead_section(latency["overhead"])


def overhead_section(overhead: dict[str, Any]) -> str:
    rows = [
        [
            OVERHEAD_LABELS[name],
            r["reports"],
            r["requests"],
            f"{r['seconds']:.3f}",
            f"{r['ms_per_request']:.1f}",
        ]
        for name, r in overhead.items()
    ]
    header = ["what", "reports", "requests", "wall s", "ms per request"]
    return section("### Pipeline overhead per request at zero latency", table(header, rows), HOW_OVERHEAD)


def cost_section(cost: dict[str, Any]) -> str:
    header = ["report", "variant", "projects", "requests", "report chars", "prompt chars", "tool chars",
              "est. input tokens", "completion tokens", "indicator F1"]  # fmt: skip
    rows = []
    for routed, whole in zip(cost["per_report"]["routing"], cost["per_report"]["whole"], strict=True):
        rows += [
            [routed["report"], "routing", *_cost_cells(routed)],
            [whole["report"], "whole", *_cost_cells(whole)],
        ]
    rows += [["**total**", variant, *_cost_cells(cost["total"][variant])] for variant in ("routing", "whole")]
    ratios = cost["routing_over_whole"]
    summary = (
        f"Routing / whole: report text {ratios['chunk_chars']:.1%}, all input characters (prompt + tool "
        f"schema) {ratios['input_chars']:.1%}, requests {ratios['requests']:.1f}×."
    )
    return section(
        "## 3. Cost: routing vs the whole report in one request", table(header, rows), summary, HOW_COST
    )


def _cost_cells(r: dict[str, Any]) -> list[Any]:
    f1 = "-" if r["indicator_f1"] is None else f"{r['indicator_f1']:.4f}"
    return [r["projects"], r["requests"], r["chunk_chars"], r["prompt_chars"], r["tool_chars"],
            r["input_tokens_est"], r["completion_tokens"], f1]  # fmt: skip


def cached_section(cached: dict[str, Any], rules: dict[str, Any]) -> str:
    single = rules["runs"][0]["reports_per_s"]
    header = ["reports", "wall s", "reports/s", "requests at server", "cache hits", "vs rules, 1 process"]
    versus_rules = f"{cached['reports_per_s'] / single:.2f}×"
    row = [cached["reports"], f"{cached['seconds']:.2f}", f"{cached['reports_per_s']:.1f}",
           cached["requests_at_server"], cached["cache_hits"], versus_rules]  # fmt: skip
    return section("## 4. Fully cached re-run", table(header, [row]), HOW_CACHED)


def memory_section(memory: dict[str, Any]) -> str:
    rows = [
        [r["reports"], r["workers"], f"{r['seconds']:.1f}", f"{r['reports_per_s']:.1f}",
         r["largest_process_peak_mib"], r["tree_peak_mib"], r["processes_at_tree_peak"]]
        for r in memory["runs"]
    ]  # fmt: skip
    header = ["reports", "workers", "wall s", "reports/s", "largest process peak MiB", "whole tree peak MiB",
              "processes at tree peak"]  # fmt: skip
    growth = (
        f"Growth from the smallest to the largest run: largest process ×{memory['largest_process_growth']}, "
        f"whole tree ×{memory['tree_growth']}."
    )
    return section("## 5. Peak memory of `pipeline ingest`", table(header, rows), growth, HOW_MEMORY)


def layout_section(layout: dict[str, Any]) -> str:
    sizes = layout["rows"]
    header = ["linearisation", *(f"s / 1000 rows at {n}" for n in sizes), "growth"]
    rows = [[r["linearisation"], *r["seconds_per_1000_rows"], r["growth"]] for r in layout["runs"]]
    return section("## 6. Layout recovery on one long table", table(header, rows), HOW_LAYOUT)


def notes_section(notes: list[str]) -> str:
    return section("## Findings", "\n".join(f"- {note}" for note in notes)) if notes else ""


def render(result: dict[str, Any]) -> str:
    sections = [
        machine_section(result),
        goals_section(result["goals"]),
        notes_section(result["notes"]),
        rules_section(result["rules"]),
        latency_section(result["llm_latency"]),
        cost_section(result["cost"]),
        cached_section(result["cached"], result["rules"]),
        memory_section(result["memory"]),
        layout_section(result["layout"]),
    ]
    return "\n".join(part for part in sections if part)


def write_results(result: dict[str, Any], out_dir: Path) -> str:
    """Write `results.json` and `results.md` into `out_dir`; return the markdown."""
    markdown = render(result)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (out_dir / "results.md").write_text(markdown, encoding="utf-8")
    return markdown
