"""The interactive review with scripted keys: decisions written, a restart resumes, text is literal."""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from rich.console import Console
from rich.text import Span

from pipeline.review.sources import Context
from pipeline.review.terminal import Prompter, review_session, source_text
from tests.test_review_listing import SCRIPT, STEM, make_run


def scripted(keys: list[str], lines: list[str]) -> tuple[Prompter, io.StringIO]:
    out = io.StringIO()
    key_feed: Iterator[str] = iter(keys)
    line_feed: Iterator[str] = iter(lines)
    console = Console(file=out, width=400, color_system=None, highlight=False)
    return Prompter(console, lambda prompt: next(key_feed), lambda prompt: next(line_feed)), out


def written(run_dir: Path) -> list[tuple[str, str, object]]:
    lines = (run_dir / "corrections.jsonl").read_text(encoding="utf-8").splitlines()
    return [(x["path"], x["decision"], x["new"]) for x in map(json.loads, lines)]


def test_each_key_writes_its_decision_and_quit_stops(tmp_path: Path) -> None:
    run_dir = make_run(tmp_path)
    prompter, out = scripted(["x", "a", "e", "e", "r", "s", "q"], ["一点五", "1.55"])
    summary = review_session(run_dir, 0.7, prompter)
    assert (summary.decisions, summary.pending, summary.remaining, summary.quit) == (
        Counter({"accept": 1, "edit": 1, "reject": 1, "skip": 1}),
        8,
        4,
        True,
    )
    assert written(run_dir) == [
        ("projects[0].budget.adjusted", "accept", 1.96),
        ("projects[0].budget.spent", "edit", 1.55),
        ("projects[0].budget.execution_rate", "reject", None),
        (
            "projects[0].indicators[1].target",
            "skip",
            {"raw": "≥2个", "op": ">=", "value": 2, "unit": "个"},
        ),
    ]
    text = out.getvalue()
    assert "please press a, e, r, s or q" in text
    assert "'一点五' is not a number" in text
    assert f"[1/8] {STEM}  projects[0].budget.adjusted" in text
    assert "normalised: written as '19600'" in text
    assert "…某县医疗保障局2024年度项目支出绩效自评报告 ⏎ 全年预算数 19600 元，实际支出" in text


def test_a_restarted_review_continues_where_the_last_stopped(tmp_path: Path) -> None:
    run_dir = make_run(tmp_path)
    review_session(run_dir, 0.7, scripted(["a", "s", "q"], [])[0])
    prompter, out = scripted(["a", "q"], [])
    summary = review_session(run_dir, 0.7, prompter)
    assert (summary.pending, summary.remaining) == (6, 5)
    assert f"[1/6] {STEM}  projects[0].budget.execution_rate" in out.getvalue()
    revisit, _ = scripted(["q"], [])
    assert (
        review_session(run_dir, 0.7, revisit, revisit_skipped=True).pending == 6
    )  # spent again, rate accepted


def test_report_text_is_printed_literally(tmp_path: Path) -> None:
    run_dir = make_run(tmp_path)
    prompter, out = scripted(["s"] * 7 + ["q"], [])
    review_session(run_dir, 0.7, prompter)
    text = out.getvalue()
    assert "record: 满意度[bold]" in text
    assert f"value: {SCRIPT}" in text


def test_the_evidence_is_highlighted() -> None:
    text = source_text(Context("培训班次\t", "≥10个", "\n12期"), None)
    assert text.plain == "  …培训班次\t≥10个 ⏎ 12期…"
    assert text.spans == [Span(8, 12, "bold reverse")]
    assert source_text(None, "source gone").plain == "  source: source gone"
    assert source_text(None, None).plain == "  source: the value was not found in the text"
