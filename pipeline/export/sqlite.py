"""`results.sqlite`: every report, project, indicator, budget line, flag and correction, queryable.

The schema is documented for users in README.md ("Results database"); `SCHEMA` below is the
source. The database is rebuilt from scratch on each export in a temporary file that replaces the
old one when complete,
so a reader (Datasette, `sqlite3`) never sees a half-written database. Every value goes through
`?` parameters: a name like `O'Brien "quoted"` is data, never SQL.

`PRAGMA user_version` holds SCHEMA_VERSION, so a tool reading the file can check what it got.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pipeline.core.paths import display_path, json_safe
from pipeline.export.corrections import CorrectionLog
from pipeline.export.load import LoadedReport
from pipeline.export.queue import queue_items
from pipeline.export.rows import (
    IndicatorRow,
    budget_line_rows,
    indicator_of,
    indicator_rows,
    items,
    listed,
    number,
    obj,
    report_path,
)
from pipeline.export.sink import TempFileSink
from pipeline.export.summary import priced_cost

RESULTS_SQLITE = "results.sqlite"
SCHEMA_VERSION = 4  # 2: review_queue; 3: reports.duplicates; 4: reports token detail and cost

SCHEMA = """
CREATE TABLE reports (
    id INTEGER PRIMARY KEY, result_file TEXT NOT NULL UNIQUE, path TEXT NOT NULL, sha256 TEXT NOT NULL,
    format TEXT, title TEXT, report_kind TEXT, fiscal_year INTEGER, agency TEXT, province TEXT,
    city TEXT, county TEXT, backend TEXT, extractor_version TEXT, prompt_version TEXT, model TEXT,
    schema_hash TEXT, llm_requests INTEGER, cache_hits INTEGER, prompt_tokens INTEGER,
    completion_tokens INTEGER, errors TEXT NOT NULL, json TEXT NOT NULL, duplicates TEXT,
    cached_tokens INTEGER, reasoning_tokens INTEGER, cost REAL
);
CREATE INDEX reports_path ON reports (path);
CREATE INDEX reports_sha256 ON reports (sha256);
CREATE TABLE projects (
    id INTEGER PRIMARY KEY, report_id INTEGER NOT NULL REFERENCES reports (id), position INTEGER NOT NULL,
    name TEXT, initial REAL, carryover REAL, adjusted REAL, spent REAL, execution_rate REAL,
    self_score REAL, UNIQUE (report_id, position)
);
CREATE INDEX projects_name ON projects (name);
CREATE TABLE indicators (
    id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES projects (id),
    report_id INTEGER NOT NULL REFERENCES reports (id), position INTEGER NOT NULL, path TEXT NOT NULL,
    level1 TEXT, level2 TEXT, name TEXT, target_op TEXT, target_value REAL, target_unit TEXT,
    target_raw TEXT, actual_value REAL, actual_unit TEXT, actual_raw TEXT, weight REAL, score REAL,
    met TEXT CHECK (met IN ('met', 'unmet')), deviation_reason TEXT, confidence REAL, flags TEXT,
    source_kind TEXT, optional INTEGER NOT NULL, UNIQUE (project_id, position)
);
CREATE INDEX indicators_project ON indicators (project_id);
CREATE INDEX indicators_report ON indicators (report_id);
CREATE INDEX indicators_name ON indicators (name);
CREATE TABLE budget_lines (
    id INTEGER PRIMARY KEY, report_id INTEGER NOT NULL REFERENCES reports (id), position INTEGER NOT NULL,
    name TEXT, initial REAL, adjustment REAL, adjusted REAL, spent REAL, execution_rate REAL,
    UNIQUE (report_id, position)
);
CREATE TABLE flags (
    id INTEGER PRIMARY KEY, report_id INTEGER NOT NULL REFERENCES reports (id), position INTEGER NOT NULL,
    kind TEXT NOT NULL, message TEXT, path TEXT, indicator_id INTEGER REFERENCES indicators (id),
    UNIQUE (report_id, position)
);
CREATE INDEX flags_kind ON flags (kind);
CREATE INDEX flags_indicator ON flags (indicator_id);
CREATE TABLE corrections (
    id INTEGER PRIMARY KEY, line INTEGER NOT NULL, report TEXT NOT NULL,
    report_id INTEGER REFERENCES reports (id), path TEXT NOT NULL, decision TEXT NOT NULL,
    old TEXT, new TEXT, time TEXT, applied INTEGER NOT NULL
);
CREATE INDEX corrections_report ON corrections (report_id);
CREATE INDEX corrections_path ON corrections (report, path);
CREATE TABLE review_queue (
    id INTEGER PRIMARY KEY, report_id INTEGER NOT NULL REFERENCES reports (id), report TEXT NOT NULL,
    agency TEXT, path TEXT NOT NULL, record TEXT NOT NULL, field TEXT NOT NULL, why TEXT NOT NULL,
    message TEXT NOT NULL, value TEXT, display TEXT NOT NULL, confidence REAL NOT NULL,
    reasons TEXT NOT NULL, evidence_start INTEGER, evidence_end INTEGER, rank REAL NOT NULL,
    UNIQUE (report, path)
);
CREATE INDEX review_queue_rank ON review_queue (rank, id);
CREATE INDEX review_queue_field ON review_queue (field, rank, id);
CREATE INDEX review_queue_agency ON review_queue (agency, rank, id);
"""

_INDICATOR_FIELDS = (
    "path", "level1", "level2", "name", "target_op", "target_value", "target_unit", "target_raw",
    "actual_value", "actual_unit", "actual_raw", "weight", "score", "met", "deviation_reason",
    "confidence", "flags", "source_kind", "optional",
)  # fmt: skip


_BUDGET_FIELDS = ("initial", "carryover", "adjusted", "spent", "execution_rate")


def _json(value: Any) -> str:
    return json_safe(json.dumps(value, ensure_ascii=False))


def _report_values(report: LoadedReport, prices: Mapping[str, Mapping[str, float]] | None) -> tuple[Any, ...]:
    doc = report.doc
    source, info = obj(doc.get("source")), obj(doc.get("report"))
    extractor, usage = obj(doc.get("extractor")), obj(doc.get("usage"))
    year = number(info.get("fiscal_year"))
    return (
        display_path(report.result_file), report_path(doc), str(source.get("sha256") or ""),
        source.get("format"), info.get("title"), info.get("report_kind"),
        int(year) if year is not None else None, info.get("agency"), info.get("province"),
        info.get("city"), info.get("county"), extractor.get("backend"), extractor.get("version"),
        extractor.get("prompt_version"), extractor.get("model"), extractor.get("schema_hash"),
        usage.get("requests"), usage.get("cache_hits"), usage.get("prompt_tokens"),
        usage.get("completion_tokens"), _json(doc.get("errors") or []), _json(doc),
        _json([display_path(p) for p in report.duplicates]) if report.duplicates else None,
        usage.get("cached_tokens"), usage.get("reasoning_tokens"), priced_cost(doc, prices),
    )  # fmt: skip


def _indicator_values(row: IndicatorRow) -> list[Any]:
    values = [getattr(row, field) for field in _INDICATOR_FIELDS]
    values[_INDICATOR_FIELDS.index("met")] = row.met or None
    values[_INDICATOR_FIELDS.index("flags")] = ";".join(row.flags) or None
    values[_INDICATOR_FIELDS.index("optional")] = int(row.optional)
    return values


class SqliteSink(TempFileSink):
    def __init__(
        self,
        target: Path,
        log: CorrectionLog,
        threshold: float,
        prices: Mapping[str, Mapping[str, float]] | None = None,
    ) -> None:
        super().__init__(target)
        self.log = log
        self.threshold = threshold
        self.prices = prices  # `llm_prices`: the `cost` column, as `pipeline summary` estimates it
        self._report_ids: dict[str, int] = {}
        self._applied: set[int] = set()
        self._db: sqlite3.Connection | None = sqlite3.connect(self.temp, isolation_level=None)
        # The temporary file is renamed only when complete, so it needs no rollback journal.
        self._db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA foreign_keys=ON")
        self._db.executescript(SCHEMA)
        self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")
        self._db.execute("BEGIN")

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("sqlite export is closed")
        return self._db

    def add(self, report: LoadedReport) -> None:
        cursor = self.db.execute(
            "INSERT INTO reports (result_file, path, sha256, format, title, report_kind, fiscal_year, "
            "agency, province, city, county, backend, extractor_version, prompt_version, model, "
            "schema_hash, llm_requests, cache_hits, prompt_tokens, completion_tokens, errors, json, "
            f"duplicates, cached_tokens, reasoning_tokens, cost) VALUES ({','.join('?' * 26)})",
            _report_values(report, self.prices),
        )
        report_id = int(cursor.lastrowid or 0)
        self._report_ids[report.result_file] = report_id
        self._applied.update(correction.line for correction in report.applied)
        project_ids = self._add_projects(report_id, report.doc)
        indicator_ids = self._add_indicators(report_id, project_ids, report)
        self._add_budget_lines(report_id, report.doc)
        self._add_flags(report_id, report.doc, indicator_ids)
        self._add_queue(report_id, report)

    def _add_queue(self, report_id: int, report: LoadedReport) -> None:
        """The report's review queue (`queue.py`), taken from the corrected result; the review
        itself hides what corrections.jsonl has decided since."""
        agency = obj(report.doc.get("report")).get("agency")
        rows = []
        for item in queue_items(report.result_file, report.doc, self.threshold):
            f = item.field
            start, end = f.evidence or (None, None)
            rows.append(
                (report_id, f.report, agency, f.path, f.record, f.field, item.why, item.message,
                 _json(f.value), item.display, f.confidence, _json(list(f.reasons)), start, end,
                 item.rank)
            )  # fmt: skip
        self.db.executemany(
            "INSERT INTO review_queue (report_id, report, agency, path, record, field, why, message, value, "
            "display, confidence, reasons, evidence_start, evidence_end, rank) "
            f"VALUES ({','.join('?' * 15)})",
            rows,
        )

    def _add_projects(self, report_id: int, doc: dict[str, Any]) -> dict[int, int]:
        ids: dict[int, int] = {}
        for position, project in enumerate(listed(doc.get("projects"))):
            if not isinstance(project, dict):
                continue
            budget = obj(project.get("budget"))
            amounts = [number(budget.get(key)) for key in _BUDGET_FIELDS]
            cursor = self.db.execute(
                "INSERT INTO projects (report_id, position, name, initial, carryover, adjusted, spent, "
                "execution_rate, self_score) VALUES (?,?,?,?,?,?,?,?,?)",
                (report_id, position, project.get("name"), *amounts, number(project.get("self_score"))),
            )
            ids[position] = int(cursor.lastrowid or 0)
        return ids

    def _add_indicators(
        self, report_id: int, project_ids: dict[int, int], report: LoadedReport
    ) -> dict[str, int]:
        ids: dict[str, int] = {}
        columns = ", ".join(_INDICATOR_FIELDS)
        marks = ",".join("?" * (len(_INDICATOR_FIELDS) + 3))
        for row in indicator_rows(report.doc, report.result_file):
            cursor = self.db.execute(
                f"INSERT INTO indicators (project_id, report_id, position, {columns}) VALUES ({marks})",
                (project_ids[row.project_index], report_id, row.index, *_indicator_values(row)),
            )
            ids[row.path] = int(cursor.lastrowid or 0)
        return ids

    def _add_budget_lines(self, report_id: int, doc: dict[str, Any]) -> None:
        rows = [(report_id, position, *values[1:]) for position, values in enumerate(budget_line_rows(doc))]
        self.db.executemany(
            "INSERT INTO budget_lines (report_id, position, name, initial, adjustment, adjusted, spent, "
            "execution_rate) VALUES (?,?,?,?,?,?,?,?)",
            rows,
        )

    def _add_flags(self, report_id: int, doc: dict[str, Any], indicator_ids: dict[str, int]) -> None:
        rows = []
        for position, flag in enumerate(items(doc.get("flags"))):
            path = str(flag.get("path") or "")
            key = indicator_of(path)
            indicator = indicator_ids.get(f"projects[{key[0]}].indicators[{key[1]}]") if key else None
            kind = str(flag.get("kind") or "")
            rows.append((report_id, position, kind, flag.get("message"), path, indicator))
        self.db.executemany(
            "INSERT INTO flags (report_id, position, kind, message, path, indicator_id) VALUES (?,?,?,?,?,?)",
            rows,
        )

    def _add_corrections(self) -> None:
        rows = [
            (c.line, c.report, self._report_ids.get(c.report), c.path, c.decision, _json(c.old), _json(c.new),
             c.time, int(c.line in self._applied))
            for c in self.log.entries
        ]  # fmt: skip
        self.db.executemany(
            "INSERT INTO corrections (line, report, report_id, path, decision, old, new, time, applied) "
            "VALUES (?,?,?,?,?,?,?,?,?)",
            rows,
        )

    def close(self) -> None:
        if self._db is None:
            return
        self._add_corrections()
        self.db.execute("COMMIT")
        self._db.close()
        self._db = None

    def discard(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        super().discard()
