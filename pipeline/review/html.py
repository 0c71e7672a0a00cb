"""RUN_DIR/review.html: every report's fields as tables, the doubtful ones marked, the source a
click away — one self-contained page (inline CSS and JavaScript, no network).

- Values are the run's results with `corrections.jsonl` applied (`CorrectedReports`).
- A cell is marked (`class="low"`) when its field is under the review threshold and no person
  has accepted, edited or rejected it: the same fields `pipeline review RUN_DIR --list` prints.
- Each filled cell has a snippet: the source text around its evidence, the confidence and the
  reasons. Snippets travel as JSON in `<script type="application/json" id="snippets">`, with
  `<`, `>`, `&` and the JavaScript line separators written as `\\u` escapes, so no report text
  can close the script element; the page script puts them on screen with `textContent`.
- Everything else from a report goes through `html.escape`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

from pipeline.core.config import Config
from pipeline.export.atomic import write_text_atomic
from pipeline.export.corrections import REVIEWED
from pipeline.export.load import CorrectedReports, LoadedReport
from pipeline.review.html_assets import CSS, SCRIPT
from pipeline.review.listing import decided_paths, display_json, is_decided, low_fields, value_at
from pipeline.review.sources import SourceTexts
from pipeline.trust.fields import (
    BUDGET_LINE_FIELDS,
    INDICATOR_FIELDS,
    PROJECT_FIELDS,
    REPORT_FIELDS,
    FieldSpec,
)

REVIEW_HTML = "review.html"
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: Any) -> str:
    """JSON that is safe inside a `<script>` element: `</script>` becomes `\\u003c/script\\u003e`."""
    text = json.dumps(value, ensure_ascii=False)
    return "".join(_JSON_ESCAPES.get(ch, ch) for ch in text)


class _Page:
    """Builds the page one report at a time; `snippets` fills the JSON block."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.snippets: dict[str, dict[str, Any]] = {}
        self.sources = SourceTexts()
        self.marked = 0

    def cell(
        self, report: LoadedReport, low: set[str], record_path: str, record: dict[str, Any], spec: FieldSpec
    ) -> str:
        value = value_at(record, spec.key)
        path = f"{record_path}.{spec.key}"
        shown = escape(display_json(value))
        confidence = (record.get("field_confidence") or {}).get(spec.key)
        if confidence is None:
            return f"<td>{shown}</td>"
        snippet = f"s{len(self.snippets)}"
        self.snippets[snippet] = self._snippet(report, record, path, spec.key, confidence)
        marked = path in low
        self.marked += marked
        css = ' class="low"' if marked else ""
        attributes = f'data-path="{escape(path)}" data-snippet="{snippet}" title="confidence {confidence:g}"'
        return f"<td{css} {attributes}>{shown}</td>"

    def _snippet(
        self, report: LoadedReport, record: dict[str, Any], path: str, key: str, confidence: float
    ) -> dict[str, Any]:
        spans = [(e["start"], e["end"]) for e in record.get("evidence") or [] if e.get("field") == key]
        around = self.sources.around(report.result_file, report.doc, spans[0] if spans else None)
        reasons = next(
            (i.get("reasons") or [] for i in report.doc.get("review") or [] if i.get("path") == path), []
        )
        note = self.sources.problems.get(report.result_file) or "the value was not found in the text"
        return {
            "label": f"{report.result_file} · {path} · confidence {confidence:g}",
            "reasons": list(reasons),
            "before": around.before if around else "",
            "match": around.match if around else None,
            "after": around.after if around else "",
            "note": note,
        }

    def table(
        self,
        report: LoadedReport,
        low: set[str],
        rows: Sequence[tuple[str, dict[str, Any]]],
        specs: Sequence[FieldSpec],
    ) -> str:
        if not rows:
            return ""
        head = "".join(f"<th>{escape(spec.key)}</th>" for spec in specs)
        body = "".join(
            "<tr>" + "".join(self.cell(report, low, path, record, spec) for spec in specs) + "</tr>"
            for path, record in rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def report(self, report: LoadedReport, low: set[str]) -> str:
        doc = report.doc
        title = (doc.get("report") or {}).get("title") or (doc.get("source") or {}).get("path") or ""
        parts = [f"<section><h2>{escape(report.result_file)} — {escape(str(title))}</h2>"]
        parts.append(self.table(report, low, [("report", doc.get("report") or {})], REPORT_FIELDS))
        for p, project in enumerate(doc.get("projects") or []):
            parts.append(f"<h3>{escape(str(project.get('name') or ''))}</h3>")
            parts.append(self.table(report, low, [(f"projects[{p}]", project)], PROJECT_FIELDS))
            indicators = [
                (f"projects[{p}].indicators[{i}]", ind)
                for i, ind in enumerate(project.get("indicators") or [])
            ]
            parts.append(self.table(report, low, indicators, INDICATOR_FIELDS))
        lines = [(f"budget_lines[{b}]", line) for b, line in enumerate(doc.get("budget_lines") or [])]
        if lines:
            parts.append("<h3>budget lines</h3>" + self.table(report, low, lines, BUDGET_LINE_FIELDS))
        parts.append("</section>")
        return "".join(parts)


def _low_paths(report: LoadedReport, reports: CorrectedReports, threshold: float) -> set[str]:
    decided = decided_paths(reports.log, report.result_file, REVIEWED)
    fields = low_fields(report.result_file, report.doc, threshold)
    return {f.path for f in fields if not is_decided(f.path, decided)}


def render_review_html(run_dir: Path, threshold: float) -> tuple[str, int]:
    """The page and the number of marked cells."""
    page, sections = _Page(threshold), []
    reports = CorrectedReports(run_dir)
    for report in reports:
        sections.append(page.report(report, _low_paths(report, reports, threshold)))
    name = escape(run_dir.name or str(run_dir))
    html = f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>Review: {name}</title><style>{CSS}</style></head>
<body>
<h1>Review: {name}</h1>
<p class="legend">Threshold {threshold:g}: <span class="low">{page.marked}</span> fields under it and not yet
reviewed are marked. Click a cell to see where it was read.</p>
<aside id="evidence"><h2>Source</h2><p id="evidence-where">Click a cell.</p><ul id="evidence-reasons"></ul>
<div id="evidence-text"></div></aside>
{"".join(sections)}
<pre id="selftest"></pre>
<script type="application/json" id="snippets">{script_json(page.snippets)}</script>
<script>{SCRIPT}</script>
</body></html>
"""
    return html, page.marked


def write_review_html(run_dir: Path, config: Config) -> tuple[Path, int]:
    """Write RUN_DIR/review.html; return its path and the number of marked cells."""
    html, marked = render_review_html(run_dir, config.review_threshold)
    target = run_dir / REVIEW_HTML
    write_text_atomic(target, html)
    return target, marked
