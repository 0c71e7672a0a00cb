"""RUN_DIR/review/: one page per report — its fields as tables, the doubtful ones marked, the
source a click away — and index.html listing the reports; each page self-contained (inline CSS
and JavaScript, no network), for sharing a review without running the server.

The pages are written one report at a time (each with its own snippets and source text, then
dropped) and the index as the reports go by, so memory stays flat however large the run.

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
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pipeline.core.config import Config
from pipeline.export.atomic import atomic_path, write_text_atomic
from pipeline.export.corrections import REVIEWED
from pipeline.export.load import CorrectedReports, LoadedReport, source_paths_by_result
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

REVIEW_DIR = "review"
_JSON_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def script_json(value: Any) -> str:
    """JSON that is safe inside a `<script>` element: `</script>` becomes `\\u003c/script\\u003e`."""
    return json.dumps(value, ensure_ascii=False).translate(_JSON_ESCAPES)


class _Page:
    """Builds the page one report at a time; `snippets` fills the JSON block."""

    def __init__(self, threshold: float, located: Mapping[str, str] | None = None) -> None:
        self.threshold = threshold
        self.snippets: dict[str, dict[str, Any]] = {}
        self.sources = SourceTexts(located=located)
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


def render_report_page(
    report: LoadedReport, low: set[str], threshold: float, run: str, located: Mapping[str, str] | None = None
) -> tuple[str, int]:
    """One report's page and its number of marked cells (`located`: see `SourceTexts`)."""
    page = _Page(threshold, located)
    section = page.report(report, low)
    title = escape(f"{run} · {report.result_file}")
    html = f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>Review: {title}</title><style>{CSS}</style></head>
<body>
<p class="legend"><a href="index.html">all reports</a> · threshold {threshold:g}:
<span class="low">{page.marked}</span> fields under it and not yet reviewed are marked. Click a cell to see
where it was read.</p>
<aside id="evidence"><h2>Source</h2><p id="evidence-where">Click a cell.</p><ul id="evidence-reasons"></ul>
<div id="evidence-text"></div></aside>
{section}
<pre id="selftest"></pre>
<script type="application/json" id="snippets">{script_json(page.snippets)}</script>
<script>{SCRIPT}</script>
</body></html>
"""
    return html, page.marked


def _index_row(report: LoadedReport, marked: int) -> str:
    doc = report.doc
    title = (doc.get("report") or {}).get("title") or (doc.get("source") or {}).get("path") or ""
    indicators = sum(len(p.get("indicators") or []) for p in doc.get("projects") or [] if isinstance(p, dict))
    css = ' class="low"' if marked or not indicators else ""
    link = escape(quote(f"{report.result_file}.html"))
    return (
        f'<tr><td><a href="{link}">{escape(report.result_file)}</a></td><td>{escape(str(title))}</td>'
        f"<td{css}>{marked}</td><td{css}>{indicators}</td></tr>\n"
    )


def write_review_html(run_dir: Path, config: Config) -> tuple[Path, int]:
    """Write RUN_DIR/review/<result>.html per report and RUN_DIR/review/index.html; return the
    index's path and the number of marked cells. One report is in memory at a time, and the index
    is written as the reports go by, so memory does not grow with the run."""
    threshold, run = config.review_threshold, run_dir.name or str(run_dir)
    folder = run_dir / REVIEW_DIR
    folder.mkdir(exist_ok=True)
    reports, marked = CorrectedReports(run_dir), 0
    located = source_paths_by_result(run_dir)
    with atomic_path(folder / "index.html") as temp, temp.open("w", encoding="utf-8") as index:
        index.write(
            f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>Review: {escape(run)}</title><style>{CSS}</style></head>
<body><h1>Review: {escape(run)}</h1>
<p class="legend">Threshold {threshold:g}. Reports with fields to review, or with no indicators, are
marked.</p>
<table><thead><tr><th>report</th><th>title</th><th>marked fields</th><th>indicators</th></tr></thead><tbody>
"""
        )
        for report in reports:
            html, count = render_report_page(
                report, _low_paths(report, reports, threshold), threshold, run, located
            )
            write_text_atomic(folder / f"{report.result_file}.html", html)
            index.write(_index_row(report, count))
            marked += count
        index.write("</tbody></table></body></html>\n")
    return folder / "index.html", marked
