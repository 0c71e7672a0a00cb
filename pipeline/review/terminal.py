"""`pipeline review RUN_DIR`: the interactive review in a terminal.

For each field under the threshold and not yet decided: the report, the record and the field,
its value, confidence and reasons, and the source text around its evidence with the evidence
highlighted. Keys: a = accept, e = edit (then type the new value), r = reject, s = skip,
q = quit. Each decision is appended to RUN_DIR/corrections.jsonl at once (decisions.py), so
quitting — or a crash — loses nothing, and the next session starts at the first field with no
decision (skipped fields too, unless `revisit_skipped`).

Report text is shown as `rich.text.Text`, never as console markup: a report that contains
`[bold]` or `[link=…]` prints those characters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from pipeline.export.corrections import REVIEWED, SEEN
from pipeline.export.load import REPORTS_DIR, source_paths_by_result
from pipeline.review.decisions import correction_lines, parse_edit, record_decision
from pipeline.review.listing import ReviewField, load_result, pending_fields
from pipeline.review.sources import Context, SourceTexts

KEYS = {"a": "accept", "e": "edit", "r": "reject", "s": "skip", "q": "quit"}
PROMPT = "[a]ccept  [e]dit  [r]eject  [s]kip  [q]uit > "


@dataclass
class Prompter:
    """How the session talks to the person: a console to print on, one key, one typed line."""

    console: Console
    read_key: Callable[[str], str]
    read_line: Callable[[str], str]


@dataclass
class SessionSummary:
    decisions: Counter[str] = field(default_factory=Counter)
    pending: int = 0
    quit: bool = False

    @property
    def remaining(self) -> int:
        return self.pending - sum(self.decisions.values())


def show_field(
    console: Console, item: ReviewField, position: str, around: Context | None, problem: str | None
) -> None:
    header = Text(f"{position} ", style="bold")
    header.append(f"{item.report}  {item.path}")
    console.print(header)
    details = Text("record: ")
    details.append(item.record, style="bold")
    details.append(f"   field: {item.field}   value: ")
    details.append(item.display or "(empty)", style="bold yellow")
    details.append(f"   confidence: {item.confidence:g}")
    console.print(details)
    for reason in item.reasons or ("(no reason recorded: under the threshold by its prior)",):
        console.print(Text(f"  - {reason}"))
    console.print(source_text(around, problem))


def source_text(around: Context | None, problem: str | None) -> Text:
    """The context with the evidence highlighted, as plain Text (no markup is interpreted)."""
    if around is None:
        return Text(f"  source: {problem or 'the value was not found in the text'}", style="dim")
    text = Text("  …")
    text.append(around.before.replace("\n", " ⏎ "))
    text.append(around.match.replace("\n", " ⏎ "), style="bold reverse")
    text.append(around.after.replace("\n", " ⏎ "))
    text.append("…")
    return text


def _ask_decision(prompter: Prompter) -> str:
    while True:
        key = prompter.read_key(PROMPT).strip().lower()[:1]
        if key in KEYS:
            return KEYS[key]
        prompter.console.print(Text("  please press a, e, r, s or q"))


def _decide(prompter: Prompter, item: ReviewField) -> list[dict[str, object]] | None:
    """The correction lines for this field, or None when the person quits."""
    while True:
        decision = _ask_decision(prompter)
        if decision == "quit":
            return None
        try:
            new = parse_edit(item, prompter.read_line("new value > ")) if decision == "edit" else None
            return correction_lines(item, decision, new)
        except ValueError as exc:
            prompter.console.print(Text(f"  {exc}", style="red"))


def review_session(
    run_dir: Path, threshold: float, prompter: Prompter, revisit_skipped: bool = False
) -> SessionSummary:
    """Review every pending field of the run in order; see the module docstring."""
    pending = pending_fields(run_dir, threshold, REVIEWED if revisit_skipped else SEEN)
    summary = SessionSummary(pending=len(pending))
    sources, results = SourceTexts(located=source_paths_by_result(run_dir)), dict[str, dict[str, Any]]()
    for n, item in enumerate(pending, start=1):
        if item.report not in results:
            results[item.report] = load_result(run_dir / REPORTS_DIR / f"{item.report}.json")
        result = results[item.report]
        around = sources.around(item.report, result, item.evidence)
        show_field(prompter.console, item, f"[{n}/{len(pending)}]", around, sources.problems.get(item.report))
        lines = _decide(prompter, item)
        if lines is None:
            summary.quit = True
            break
        record_decision(run_dir, lines)
        summary.decisions[str(lines[0]["decision"])] += 1
        prompter.console.print()
    return summary
