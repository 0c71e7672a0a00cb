"""`bench/results.md`: the bench result as tables, each with how it was measured.

Rendering only: every number comes from the result dict (`bench/results.json`), nothing is
recomputed here except display formatting.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def machine_section(result: dict[str, Any]) -> str:
    m = result["machine"]
    return (
        f"# Bench results\n\n{result['created']} · commit {result['git_commit'] or 'unknown'} · "
        f"{m['cpus']} CPUs · Python {m['python']} · {m['platform']} · whole bench {result['seconds']:.0f} s\n"
    )


def goals_section(goals: list[dict[str, Any]]) -> str:
    rows = [[g["name"], g["target"], g["measured"], "met" if g["met"] else "NOT met", g["how_far"]] for g in goals]
    note = "`how far` = measured / target (at-least goals) or target / measured (at-most goals); >= 1 is met."
    return "## Goals\n\n" + table(["goal", "target", "measured", "status", "how far"], rows) + f"\n\n{note}\n"


def rules_section(rules: dict[str, Any]) -> str:
    runs = rules["runs"]
    rows = [
        [r["workers"], r["reports"], f"{r['input_bytes'] / 1e6:.1f}", f"{r['seconds']:.2f}",
         f"{r['reports_per_s']:.1f}", f"{r['mb_per_s']:.2f}", f"{r['mb_per_s_per_core']:.2f}", r["failed"]]
        for r in runs
    ]  # fmt: skip
    header = ["workers", "reports", "MB in", "wall s", "reports/s", "MB/s", "MB/s per core", "failed"]
    return (
        "## 1. Rules throughput\n\n"
        + table(header, rows)
        + f"\n\nSpeed-up {rules['speedup']:.2f}× with {runs[-1]['workers']} workers "
        f"(parallel efficiency {rules['parallel_efficiency']:.2f}). Exports of the {runs[-1]['reports']} results "
        f"(jsonl, csv, xlsx, sqlite): {rules['export_seconds']:.2f} s ({rules['export_reports_per_s']:.0f} reports/s).\n\n"
        "How: `pipeline.batch.run_batch` (backend rules) over copies of the sample reports under new names, "
        "into a fresh run directory per worker count; wall time includes discovery, hashing, worker start-up, "
        "result files and the manifest; exports timed separately with `export_run`. MB = 10^6 bytes of input files.\n"
    )


def latency_section(latency: dict[str, Any]) -> str:
    rows = []
    for r in latency["runs"]:
        i = r["ingest"]
        rows.append([
            r["concurrency"], r["requests"], f"{r['ideal_seconds']:.2f}", f"{r['seconds']:.2f}", f"{r['ratio']:.2f}",
            r["max_in_flight"], f"{r['zero_latency_seconds']:.2f}", f"{i['seconds']:.2f}", f"{i['ratio']:.2f}",
            i["max_in_flight"],
        ])  # fmt: skip
    header = ["c", "requests", "ideal s", "session s", "session ratio", "session max in flight",
              "session s at 0 latency", "ingest s", "ingest ratio", "ingest max in flight"]  # fmt: skip
    return (
        f"## 2. LLM path, {latency['latency_s'] * 1000:.0f} ms per request\n\n"
        + table(header, rows)
        + "\n\nHow: echo fake server in its own process with the stated latency per request; `send_all` and no "
        "cache, so every chunk is one request; ideal = requests × latency / c; ratio = ideal / wall (1.0 is "
        "perfect). *session*: all reports (read beforehand) extracted at once through one `LLMSession(client, c)`. "
        "*ingest*: `run_batch(backend=llm, llm_concurrency=c)` over the same reports as files (a thread per report, "
        "a session per report). *max in flight* is counted by the server; above c, the bound was not held and the "
        "ratio is not against the right ideal. *s at 0 latency*: the session run repeated with no latency — the "
        "pipeline's own time for those requests, a floor under the wall time at any latency.\n\n"
        + overhead_section(latency["overhead"])
    )


def overhead_section(overhead: dict[str, Any]) -> str:
    labels = {
        "extract_file": "`extract_file` report by report (fresh cache; read → validate)",
        "session": "request path alone (one session, c = 1, no cache)",
        "shipped_server": "request path alone, fake server as shipped (Nagle on)",
    }
    rows = [
        [labels[name], r["reports"], r["requests"], f"{r['seconds']:.3f}", f"{r['ms_per_request']:.1f}"]
        for name, r in overhead.items()
    ]
    return (
        "### Pipeline overhead per request at zero latency\n\n"
        + table(["what", "reports", "requests", "wall s", "ms per request"], rows)
        + "\n\nHow: echo server with no latency; wall / requests served. The server runs in another process "
        "with TCP_NODELAY (see `bench/fake_llm.py`); the last row shows what the shipped server adds.\n"
    )


def cost_section(cost: dict[str, Any]) -> str:
    header = ["report", "variant", "requests", "report chars", "prompt chars", "tool chars",
              "est. input tokens", "completion tokens", "indicator F1"]  # fmt: skip
    rows = []
    for routed, whole in zip(cost["per_report"]["routing"], cost["per_report"]["whole"], strict=True):
        for variant, r in (("routing", routed), ("whole", whole)):
            rows.append([r["report"], variant, *_cost_cells(r)])
    for variant in ("routing", "whole"):
        rows.append(["**total**", variant, *_cost_cells(cost["total"][variant])])
    ratios = cost["routing_over_whole"]
    return (
        "## 3. Cost: routing vs the whole report in one request\n\n"
        + table(header, rows)
        + f"\n\nRouting / whole: report text {ratios['chunk_chars']:.1%}, all input characters "
        f"(prompt + tool schema) {ratios['input_chars']:.1%}, requests {ratios['requests']:.1f}×.\n\n"
        "How: `extract_file` (backend llm) against the oracle server, fresh cache per variant. *routing* is the "
        "backend as shipped; *whole* sends the whole normalised report as one chunk (routing off). Characters "
        "counted at the server; *report chars* is the report text sent, *prompt chars* all message text (system "
        "prompt and wrapper repeat per request), *tool chars* the function schema sent with each request. "
        "Tokens estimated as characters / 1.5 (the fake server's estimate). F1: indicator F1 against the gold "
        "fixtures (`score_report`), total micro-averaged.\n"
    )


def _cost_cells(r: dict[str, Any]) -> list[Any]:
    f1 = "-" if r["indicator_f1"] is None else f"{r['indicator_f1']:.4f}"
    return [r["requests"], r["chunk_chars"], r["prompt_chars"], r["tool_chars"], r["input_tokens_est"],
            r["completion_tokens"], f1]  # fmt: skip


def cached_section(cached: dict[str, Any], rules: dict[str, Any]) -> str:
    single = rules["runs"][0]["reports_per_s"]
    return (
        "## 4. Fully cached re-run\n\n"
        + table(
            ["reports", "wall s", "reports/s", "requests at server", "cache hits", "vs rules, 1 process"],
            [[cached["reports"], f"{cached['seconds']:.2f}", f"{cached['reports_per_s']:.1f}",
              cached["requests_at_server"], cached["cache_hits"], f"{cached['reports_per_s'] / single:.2f}×"]],
        )  # fmt: skip
        + "\n\nHow: `run_batch` (backend llm, routing on, cache on, `extract_file`) over copies of the samples "
        "against the oracle server: a first run fills the cache, a second run over the same files into a fresh run "
        "directory is timed; requests counted by the server during the second run.\n"
    )


def memory_section(memory: dict[str, Any]) -> str:
    rows = [
        [r["reports"], r["workers"], f"{r['seconds']:.1f}", f"{r['reports_per_s']:.1f}",
         r["largest_process_peak_mib"], r["tree_peak_mib"]]
        for r in memory["runs"]
    ]  # fmt: skip
    header = ["reports", "workers", "wall s", "reports/s", "largest process peak MiB", "whole tree peak MiB"]
    return (
        "## 5. Peak memory of `pipeline ingest`\n\n"
        + table(header, rows)
        + f"\n\nGrowth from the smallest to the largest run: largest process ×{memory['largest_process_growth']}, "
        f"whole tree ×{memory['tree_growth']}.\n\n"
        "How: `pipeline ingest DIR --out RUN --workers N` (rules, exports included) in a fresh process tree per "
        "size. *largest process peak*: `getrusage(RUSAGE_CHILDREN).ru_maxrss` of a wrapper process — the peak of "
        "the largest single descendant (ingest process or a worker). *whole tree peak*: the largest sum of RSS over "
        "the ingest process and its workers, sampled from /proc every 50 ms.\n"
    )


def notes_section(notes: list[str]) -> str:
    return "## Findings\n\n" + "\n".join(f"- {note}" for note in notes) + "\n" if notes else ""


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
    ]
    return "\n".join(section for section in sections if section)
