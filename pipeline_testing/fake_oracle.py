"""The fake server's oracle: answer a chunk with the gold items that are written in it.

The oracle stands in for a perfect model that can only read the chunk it was sent, so a run
against it measures what chunking, parsing and merging lose — and nothing else. It never answers
from outside the chunk: what counts as written, and how each quote is found, is in
`fake_reader.py`; every quote is a verbatim chunk substring.

Which gold answers a chunk. The fixtures are pooled (one per labelled report), and a perfect
model knows which report it is reading, so the oracle first finds the report the chunk comes
from: each fixture's report (its `source.path`, or `../reports/<fixture stem>.*` beside the
fixtures) is read and normalised like the pipeline does, and the chunk's lines are looked up in
it. The fixture whose report holds the most of the chunk answers; when no report text is found
(or several hold the chunk equally), the one with the most of its names written in the chunk
(indicators, budget lines, agency, title) does. Without this, a chunk with no indicator name —
a title page, a budget table, a narrative that mentions `资金管理` — was answered from whichever
report happened to use its words.

Which project. When the user message's section path names one of the fixture's projects
(`章节路径：二、打击欺诈骗取医疗保障基金专项行动经费 > …`; the longest such name), only that project's
items and budget are answered: a perfect reader does not attribute the chunk's `落实整改率` to the
project three sections up that has an indicator of the same name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.core.errors import LLMError, PipelineError
from pipeline.ingest import read_document
from pipeline.llm.prompt import SECTION_LABEL
from pipeline.normalize import normalize
from pipeline_testing.fake_reader import ChunkReader
from pipeline_testing.fake_text import TextView, name_spans

MIN_LINE = 4  # folded characters a chunk line needs to say which report it comes from
Fixture = dict[str, Any]


@dataclass(frozen=True)
class GoldOracle:
    fixtures: tuple[Fixture, ...]
    reports: tuple[str, ...] = ()  # each fixture's report, folded as names (`TextView.norm`); "" if unknown

    @classmethod
    def load(cls, path: str | Path) -> GoldOracle:
        """Fixtures from one file or every `*.json` in a directory, with their reports' text."""
        root = Path(path)
        files = sorted(root.glob("*.json")) if root.is_dir() else [root]
        try:
            fixtures = tuple(json.loads(f.read_text(encoding="utf-8")) for f in files)
        except (OSError, json.JSONDecodeError) as exc:
            raise LLMError(f"cannot read oracle fixtures: {exc}", root) from exc
        if not fixtures:
            raise LLMError("no oracle fixtures (*.json) found", root)
        reports = tuple(_report_text(f, fixture) for f, fixture in zip(files, fixtures, strict=True))
        return cls(fixtures, reports)

    def answer(self, chunk: str, context: str = "") -> dict[str, Any]:
        """The ChunkResponse-shaped answer for `chunk`; `context` is the whole user message."""
        fixture = self.fixture_for(chunk)
        projects = _focus(fixture.get("projects", []), context)
        reader = ChunkReader.of(chunk, context)
        golds = [{**i, "project": p["name"]} for p in projects for i in p["indicators"]]
        return {
            "indicators": reader.indicators(golds),
            "budgets": reader.budgets(projects),
            "budget_lines": reader.budget_lines(fixture.get("budget_lines", [])),
            "report": reader.report(fixture.get("report") or {}),
        }

    def fixture_for(self, chunk: str) -> Fixture:
        """The fixture of the report that holds the most of `chunk` (see the module docstring)."""
        view = TextView(chunk, keep_symbols=False)
        lines = [folded for line in chunk.split("\n") if len(folded := view.normalise(line)) >= MIN_LINE]
        held = [sum(len(line) for line in lines if line in report) for report in self.reports]
        best = max(held, default=0)
        candidates = [f for i, f in enumerate(self.fixtures) if best == 0 or held[i] == best]
        return max(candidates, key=lambda fixture: _names_written(view, fixture))


def _report_text(file: Path, fixture: Fixture) -> str:
    """The fixture's report, read and normalised as the pipeline does, folded as names."""
    source = (fixture.get("source") or {}).get("path")
    candidates = sorted((file.parent.parent / "reports").glob(f"{file.stem}.*"))
    candidates += [Path(source), file.parent.parent.parent / source] if source else []
    for candidate in candidates:
        if candidate.is_file():
            try:
                text = normalize(read_document(candidate).text).text
            except PipelineError:
                continue
            return TextView(text, keep_symbols=False).norm
    return ""


def _focus(projects: list[Fixture], context: str) -> list[Fixture]:
    """The project the section path names (the longest name written there), else all of them."""
    line = next((ln for ln in context.split("\n") if ln.startswith(SECTION_LABEL)), "")
    view = TextView(line.removeprefix(SECTION_LABEL), keep_symbols=False)
    named = [p for p in projects if p.get("name") and view.find(p["name"])]
    return [max(named, key=lambda p: len(p["name"]))] if named else projects


def _names_written(view: TextView, fixture: Fixture) -> int:
    """How many of the fixture's indicator, budget-line, agency and title names the chunk holds."""
    report = fixture.get("report") or {}
    names = [i["name"] for p in fixture.get("projects", []) for i in p["indicators"]]
    names += [line["name"] for line in fixture.get("budget_lines", [])]
    found = sum(bool(name_spans(view, name)) for name in names)
    return found + sum(bool(view.find(report.get(k) or "")) for k in ("agency", "title"))
