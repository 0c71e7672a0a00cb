"""The bench code on tiny inputs: result structure, counts and rendering — never timings.

One quick end-to-end run (3 sample reports, a few copies, one concurrency) feeds the
structural assertions; the small helpers (whole-report chunk, ratios, goals, findings) are
checked exactly on hand-made inputs. Nothing here depends on how fast anything ran.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from bench.corpus import FIXTURES_DIR, SAMPLES_DIR, copy_reports, sample_reports
from bench.cost import estimated_tokens, whole_report_chunks
from bench.fake_llm import ServerStats
from bench.goals import at_least, at_most, check_goals
from bench.llm_latency import LatencyRun
from bench.report import render
from bench.runner import BenchSizes, findings, run_bench
from pipeline.chunk import Chunk, ChunkPart
from pipeline.normalize import normalize

SAMPLES = sorted(SAMPLES_DIR.iterdir())[:3]
# Long enough per request that two requests are surely in flight together, even on a loaded machine.
LATENCY_S = 0.05
TINY = BenchSizes(
    rules_reports=3,
    rules_workers=(1, 2),
    rules_rounds=2,
    latency_s=LATENCY_S,
    concurrency_copies=((2, 1),),
    cached_reports=3,
    memory_reports=(2, 3),
    memory_workers=1,
    startup_repeats=1,
    layout_rows=(20, 40),
    shard_reports=6,
    big_file_mb=(0.05,),
    big_table_rows=(100,),
)
# send_all chunks of the first three samples (6 + 7 + 7), and the routed ones (5 + 3 + 7).
ALL_CHUNKS, ROUTED_CHUNKS = 20, 15


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("bench")
    samples_dir = root / "samples"
    samples_dir.mkdir()
    for path in SAMPLES:
        shutil.copyfile(path, samples_dir / path.name)
    return run_bench(TINY, root / "work", samples_dir, FIXTURES_DIR)


def test_result_has_every_section_in_order(result: dict[str, Any]) -> None:
    assert list(result) == [
        "created", "git_commit", "machine", "sizes", "samples", "rules", "startup", "llm_latency", "cost",
        "tokens", "cached", "memory", "big_files", "layout", "sharded", "goals", "notes", "seconds",
    ]  # fmt: skip
    assert result["samples"] == [path.name for path in SAMPLES]


def test_every_format_is_measured_in_a_fresh_process_and_extracted(result: dict[str, Any]) -> None:
    rows = result["big_files"]
    assert [r["case"] for r in rows] == [
        "text utf-8", "text gbk", "docx", "xlsx", "html", "pdf", "table 100 rows"
    ]  # fmt: skip
    assert all(r["status"] == "ok" and r["indicators"] > 0 for r in rows)
    assert all(r["peak_mib"] >= r["idle_mib"] > 0 and r["added_mib"] >= 0 for r in rows)
    assert rows[-1]["indicators"] == 100


def test_layout_section_covers_every_linearisation_at_every_size(result: dict[str, Any]) -> None:
    layout = result["layout"]
    assert layout["rows"] == [20, 40]
    assert [r["linearisation"] for r in layout["runs"]] == [
        "html_rows", "tabs", "pipe_rows", "pipe_stream", "cell_lines", "cell_stream", "spaced",
        "one_line_form", "rules on tabs",
    ]  # fmt: skip
    assert all(len(r["seconds_per_1000_rows"]) == 2 for r in layout["runs"])


def test_rules_section_counts_every_copy_per_worker_count(result: dict[str, Any]) -> None:
    runs = result["rules"]["runs"]
    assert [(r["workers"], r["reports"], r["extracted"], r["failed"]) for r in runs] == [
        (1, 3, 3, 0),
        (2, 3, 3, 0),
    ]
    assert runs[0]["input_bytes"] == sum(path.stat().st_size for path in SAMPLES)
    assert set(result["rules"]) == {
        "runs",
        "rounds",
        "walls",
        "cpus",
        "speedup",
        "speedup_by_cpu",
        "parallel_efficiency",
        "export_seconds",
        "export_cpu_seconds",
        "export_reports_per_s",
    }
    assert all(r["cpu_seconds"] > 0 and r["mb_per_cpu_s"] > 0 for r in runs)
    # two runs of each count, in turn; the fastest of each is the one in the table
    rules = result["rules"]
    assert rules["rounds"] == 2
    assert [len(walls) for walls in rules["walls"]] == [2, 2] == [len(cpus) for cpus in rules["cpus"]]
    assert [round(r["seconds"], 3) for r in runs] == [min(walls) for walls in rules["walls"]]
    assert rules["speedup"] == round(runs[0]["seconds"] / runs[1]["seconds"], 3)


def test_latency_section_sends_every_chunk_and_holds_the_session_bound(result: dict[str, Any]) -> None:
    rows = result["llm_latency"]["runs"]
    assert [(r["concurrency"], r["reports"], r["requests"], r["max_in_flight"]) for r in rows] == [
        (2, 3, ALL_CHUNKS, 2)
    ]
    assert [(r["ingest"]["path"], r["ingest"]["requests"]) for r in rows] == [("ingest", ALL_CHUNKS)]
    assert rows[0]["ideal_seconds"] == pytest.approx(ALL_CHUNKS * LATENCY_S / 2, abs=1e-3)
    assert all(r["cpu_seconds"] > 0 and r["ingest"]["cpu_seconds"] > 0 for r in rows)
    assert all(r["zero_latency_cpu_seconds"] > 0 for r in rows)


def test_overhead_counts_requests_four_ways(result: dict[str, Any]) -> None:
    overhead = result["llm_latency"]["overhead"]
    assert list(overhead) == ["extract_file_first", "extract_file", "session", "shipped_server"]
    assert [(r["reports"], r["requests"]) for r in overhead.values()] == [(3, ALL_CHUNKS)] * 4


def test_cost_compares_routed_chunks_with_one_request_per_report(result: dict[str, Any]) -> None:
    cost = result["cost"]
    routed, whole = cost["total"]["routing"], cost["total"]["whole"]
    assert (routed["requests"], whole["requests"]) == (ROUTED_CHUNKS, 3)
    assert [row["report"] for row in cost["per_report"]["whole"]] == [path.name for path in SAMPLES]
    assert routed["chunk_chars"] < whole["chunk_chars"]
    assert routed["input_tokens_est"] == sum(r["input_tokens_est"] for r in cost["per_report"]["routing"])
    assert routed["indicator_f1"] == 1.0  # the oracle answers every gold item the routed chunks hold
    assert set(cost["routing_over_whole"]) == {"chunk_chars", "input_chars", "requests"}


def test_tokens_are_counted_per_preset_on_the_request_bodies(result: dict[str, Any]) -> None:
    tokens = result["tokens"]
    generic, deepseek = tokens["presets"]
    assert (generic["preset"], deepseek["preset"]) == ("generic", "deepseek")
    assert [row["report"] for row in generic["per_report"]] == [path.name for path in SAMPLES]
    assert generic["requests"] == deepseek["requests"] > 0
    assert deepseek["chars"] < generic["chars"]  # json mode sends no schema
    assert generic["output_tokens"] == deepseek["output_tokens"] > 0
    for preset in (generic, deepseek):
        assert 0 < preset["prefix_tokens"] < preset["input_tokens"]
        assert preset["cost_per_10k_prefix_cached"] < preset["cost_per_10k_no_cache"]


def test_cached_rerun_sends_nothing(result: dict[str, Any]) -> None:
    cached = result["cached"]
    assert (cached["reports"], cached["extracted"], cached["failed"]) == (3, 3, 0)
    assert (cached["requests_at_server"], cached["requests_reported"], cached["cache_hits"]) == (
        0,
        0,
        ROUTED_CHUNKS,
    )


def test_memory_runs_one_process_tree_per_size(result: dict[str, Any]) -> None:
    runs = result["memory"]["runs"]
    assert [(r["reports"], r["workers"]) for r in runs] == [(2, 1), (3, 1)]
    assert all(r["largest_process_peak_mib"] > 10 and r["tree_peak_mib"] > 0 for r in runs)
    assert all(r["processes_at_tree_peak"] >= 1 for r in runs)
    assert all(r["cpu_seconds"] > 0 for r in runs)


def test_startup_times_three_commands_and_lists_no_heavy_import_for_a_text_read(
    result: dict[str, Any],
) -> None:
    startup = result["startup"]
    assert list(startup["commands"]) == ["help", "read", "extract"]
    assert all(run["seconds"] > 0 and run["cpu_seconds"] > 0 for run in startup["commands"].values())
    assert startup["import_ms"] > 0
    assert startup["heavy_modules_on_read"] == []


def test_markdown_has_goals_and_every_section(result: dict[str, Any]) -> None:
    markdown = render(result)
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert headings == [
        "# Bench results", "## Goals", *(["## Findings"] if result["notes"] else []),
        "## 1. Rules throughput", "## 2. Start-up of the command line",
        f"## 3. LLM path, {LATENCY_S * 1000:.0f} ms per request",
        "### Pipeline overhead per request at zero latency",
        "## 4. Cost: routing vs the whole report in one request",
        "## 4b. Tokens and cost per report (real tokenizer)", "## 5. Fully cached re-run",
        "## 6. Peak memory of `pipeline ingest`", "## 6b. Peak memory of one big file per format",
        "## 7. Layout recovery on one long table", "## 8. Sharded = unsharded",
    ]  # fmt: skip
    assert [goal["name"] for goal in result["goals"]] == [
        "rules throughput per core", "2 workers vs 1 (wall)", "`pipeline --help`", "one small .txt extracted",
        "wall vs ideal at c=2", "overhead per request", "routing characters vs whole report",
        "routing F1 vs whole report", "characters sent for the samples", "longest answer",
        "ingest peak memory growth", "sharded = unsharded",
    ]  # fmt: skip


def test_before_after_compares_the_figures_both_results_hold(result: dict[str, Any]) -> None:
    before = {
        **result,
        "git_commit": "abc",
        "created": "then",
        "changes": ["a compiled validator: 15 ms → 1 ms"],
        "rules": {**result["rules"], "runs": [{**run, "cpu_seconds": 2 * run["cpu_seconds"]} for run in
                                              result["rules"]["runs"]]},
    }  # fmt: skip
    before.pop("startup")
    markdown = render(result, before)
    assert "## Before / after" in markdown
    assert "Before: commit abc (then)." in markdown
    assert "What each change bought:\n\n- a compiled validator: 15 ms → 1 ms" in markdown
    run = result["rules"]["runs"][0]
    assert (
        f"| rules, 1 worker(s): CPU s | {2 * run['cpu_seconds']:.4g} | {run['cpu_seconds']:.4g} | 0.50 |"
        in markdown
    )
    assert "start-up" not in markdown.split("## Before / after")[1].split("## 1.")[0]


def test_whole_report_chunk_spans_the_normalised_and_source_text() -> None:
    norm = normalize("一、总体\n 培训班次 ≥10个\n")
    assert norm.text == "一、总体\n培训班次≥10个\n"
    assert whole_report_chunks(norm, 3000) == [
        Chunk(0, "prose", norm.text, (), 0, 14, 0, 16, (ChunkPart(offset=0, start=0, end=14),))
    ]


def test_ratios_and_estimates() -> None:
    run = LatencyRun("session", 8, 0.3, 20, 176, 8.0, 8)
    assert (run.ideal_seconds, run.ratio, run.ms_per_request) == pytest.approx((6.6, 0.825, 1000 * 8.0 / 176))
    assert estimated_tokens(3) == 2 and estimated_tokens(4) == 3
    assert ServerStats(10, 4, 900, 70) - ServerStats(3, 2, 100, 20) == ServerStats(7, 4, 800, 50)


def test_goal_distance_reads_the_same_way_for_both_directions() -> None:
    assert at_least("g", 2.0, 0.5, "0.5").to_dict() == {
        "name": "g", "target": ">= 2", "measured": "0.5", "met": False, "how_far": 0.25,
    }  # fmt: skip
    assert at_most("h", 5.0, 20.0, "20 ms", " ms").to_dict() == {
        "name": "h", "target": "<= 5 ms", "measured": "20 ms", "met": False, "how_far": 0.25,
    }  # fmt: skip


def test_findings_name_an_unheld_bound_f1_losses_cut_off_answers_and_the_repeated_prompt() -> None:
    row = {"concurrency": 8, "requests": 176, "ideal_seconds": 6.6, "zero_latency_seconds": 2.0,
           "ingest": {"max_in_flight": 56}}  # fmt: skip
    overhead = {"session": {"ms_per_request": 15.0}, "shipped_server": {"ms_per_request": 20.0}}
    total = {"routing": {"requests": 2, "chunk_chars": 100, "prompt_chars": 300, "tool_chars": 200}}
    per_report = {
        "routing": [{"report": "a.txt", "indicator_f1": 1.0, "projects": 6}],
        "whole": [{"report": "a.txt", "indicator_f1": 0.1429, "projects": 1, "completion_tokens": 5000}],
    }
    ratios = {"chunk_chars": 0.9, "input_chars": 3.0}
    cost = {"routing_over_whole": ratios, "total": total, "per_report": per_report, "llm_max_tokens": 4096}
    result = {
        "llm_latency": {"runs": [row], "overhead": overhead},
        "cost": cost,
        "cached": {"requests_at_server": 0},
    }
    assert findings(result) == [
        "`ingest --backend llm` does not hold `llm_concurrency`: at c=8 the server saw 56 requests in flight "
        "(a thread per report, each report with its own session bounded at c).",
        "a.txt: indicator F1 1.00 with routing, 0.14 as one whole-report request, with 6 vs 1 projects found "
        "(the LLM backend assigns indicators to projects by the section of the chunk they came from; one "
        "whole-report chunk has none).",
        "Whole-report answers above llm_max_tokens=4096 (estimated completion tokens: a.txt ~5000): a real "
        "model would cut them off, so the baseline's F1 here is what it would get with no output limit (the "
        "fake server has none).",
        "Routing saves report text (90% of the baseline's) but every request repeats the system prompt, "
        "wrapper and tool schema (~200 characters per request): counting them, routing sends 300% of the "
        "baseline's input.",
    ]


def test_goals_on_a_hand_made_result() -> None:
    result = {
        "rules": {
            "runs": [
                {"workers": 1, "mb_per_s_per_core": 2.0, "mb_per_cpu_s": 2.5},
                {"workers": 2, "mb_per_s_per_core": 0.8, "mb_per_cpu_s": 1.0},
            ],
            "speedup": 1.6,
        },
        "startup": {
            "commands": {
                "help": {"seconds": 0.5, "cpu_seconds": 0.25},
                "extract": {"seconds": 1, "cpu_seconds": 1},
            }
        },
        "memory": {"largest_process_growth": 1.012, "runs": [{"reports": 100}, {"reports": 1000}]},
        "llm_latency": {
            "runs": [{"concurrency": 32, "ratio": 0.95, "requests": 352}],
            "overhead": {
                "extract_file_first": {"ms_per_request": 20.0, "cpu_seconds": 0.5, "requests": 50},
                "extract_file": {"ms_per_request": 6.0, "cpu_seconds": 0.2, "requests": 50},
                "session": {"ms_per_request": 3.0, "cpu_seconds": 0.1, "requests": 50},
            },
        },
        "cost": {
            "routing_over_whole": {"chunk_chars": 0.5, "input_chars": 0.7},
            "total": {"routing": {"indicator_f1": 0.9}, "whole": {"indicator_f1": 0.95}},
        },
        "tokens": {
            "presets": [
                {"preset": "generic", "chars": 175_000, "max_answer_tokens": 3000},
                {"preset": "deepseek", "chars": 100_000, "max_answer_tokens": 5120},
            ]
        },
    }
    assert [(g["name"], g["met"], g["how_far"]) for g in check_goals(result)] == [
        ("rules throughput per core", False, 0.5),
        ("2 workers vs 1 (wall)", False, 0.889),
        ("`pipeline --help`", True, 1.2),
        ("one small .txt extracted", False, 0.5),
        ("wall vs ideal at c=32", True, 1.056),
        ("overhead per request", True, 1.25),
        ("routing characters vs whole report", True, 1.2),
        ("routing F1 vs whole report", False, 0.947),
        ("characters sent for the samples", False, 0.8),
        ("longest answer", False, 0.8),
        ("ingest peak memory growth", True, 1.087),
    ]


def test_copies_cycle_through_the_samples_under_new_names(tmp_path: Path) -> None:
    samples = sample_reports(SAMPLES_DIR)[:2]
    copies = copy_reports(samples, tmp_path / "copies", 3)
    assert [p.name for p in copies] == [f"r00000_{samples[0].name}", f"r00001_{samples[1].name}",
                                        f"r00002_{samples[0].name}"]  # fmt: skip
    assert copies[0].read_bytes() == samples[0].read_bytes()
    assert copies[2].read_bytes() == samples[0].read_bytes() + b"\n"  # unique bytes: not a duplicate


def test_sharded_runs_merge_to_the_unsharded_run(result: dict[str, Any]) -> None:
    sharded = result["sharded"]
    assert (sharded["reports"], sharded["files"], sharded["shards"]) == (6, 11, 4)
    assert [row["run"] for row in sharded["runs"]] == [
        "whole",
        "shard 0/4",
        "shard 1/4",
        "shard 2/4",
        "shard 3/4",
        "merge",
    ]
    whole, *shards, _ = sharded["runs"]
    assert (whole["found"], whole["extracted"], whole["failed"]) == (9, 6, 2)  # + the copy, a duplicate
    assert sum(row["found"] for row in shards) == 9  # each file in exactly one shard
    assert sharded["equal"] and set(sharded["compared"]) >= {
        "results.jsonl",
        "results.sqlite",
        "results.xlsx",
    }
