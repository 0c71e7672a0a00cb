"""The review queue of a run, paged from `results.sqlite`, minus what corrections.jsonl decided.

`pipeline export` writes the candidates (`review_queue`, see `pipeline.export.queue`); which of
them are decided changes while people review, so it is read live from `corrections.jsonl` into
an in-memory table (`mem.decided`: the latest decision per report and path), appending only the
lines added since the last look. Nothing here holds more than one page of items, so a
10,000-report run costs the same memory as a 10-report one.

An item is *decided* when the latest line for its path — or, for a field, below it
(`…target.value` decides `…target`) — is accept, edit or reject; *skipped* when it is skip. An
`undo` line puts the item back. Decided items leave the queue; skipped ones stay, marked.

    >>> queue = ReviewQueue(Path("runs/2024"))                    # doctest: +SKIP
    >>> queue.page(Filters(field="target"), offset=0, limit=50)  # the 50 worst targets
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.core.errors import ReviewError
from pipeline.export.corrections import CORRECTIONS_FILE, REVIEWED, parse_line
from pipeline.export.queue import LOW_CONFIDENCE, REPORT_KINDS, ReviewField
from pipeline.export.sqlite import RESULTS_SQLITE, SCHEMA_VERSION
from pipeline.trust.checks import CHECK_KINDS

WHY_KINDS = (*REPORT_KINDS, *CHECK_KINDS, LOW_CONFIDENCE)
_REVIEWED_SQL = ",".join(f"'{d}'" for d in sorted(REVIEWED))


def _latest(decision: str) -> str:
    """SQL: the item `q` has a latest line of this kind at its path (or below it, for a field)."""
    return (
        "EXISTS (SELECT 1 FROM mem.decided d WHERE d.report = q.report AND d.decision IN "
        f"({decision}) AND (d.path = q.path OR (q.field != '' AND ("
        "(d.path > q.path || '.' AND d.path < q.path || '/') OR "
        "(d.path > q.path || '[' AND d.path < q.path || '\\')))))"
    )


DECIDED = _latest(_REVIEWED_SQL)
_SKIP = _latest("'skip'")
SKIPPED = f"({_SKIP} AND NOT {DECIDED})"
COLUMNS = (
    "q.id, q.report, q.agency, q.path, q.record, q.field, q.why, q.message, q.value, q.display, "
    "q.confidence, q.reasons, q.evidence_start, q.evidence_end, q.rank, r.path, r.sha256, r.title"
)


@dataclass(frozen=True)
class Filters:
    """What the reviewer narrowed the queue to; empty means everything."""

    report: str = ""
    why: str = ""
    field: str = ""
    agency: str = ""

    def where(self) -> tuple[str, list[Any]]:
        clauses, params = [], list[Any]()
        if self.report:
            clauses.append("q.report LIKE ? ESCAPE '\\'")  # the result file stem holds the source's
            pattern = "%" + self.report.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            params.append(pattern)
        if self.why:
            clauses.append("(';' || q.why || ';') LIKE ?")
            params.append(f"%;{self.why};%")
        if self.field:
            clauses.append("q.field = ?")
            params.append(self.field)
        if self.agency:
            clauses.append("q.agency = ?")
            params.append(self.agency)
        return " AND ".join(clauses) or "1", params

    def query(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v}


@dataclass(frozen=True)
class QueueRow:
    """One item as the pages show it."""

    id: int
    field: ReviewField
    display: str
    agency: str | None
    why: tuple[str, ...]
    message: str
    rank: float
    source_path: str
    sha256: str
    title: str | None
    skipped: bool = False
    decided: bool = False

    @property
    def whole_record(self) -> bool:
        """The item is a record (a check flagged an indicator) or the report, not one field."""
        return not self.field.field

    @property
    def report_level(self) -> bool:
        return self.field.path == "projects" and self.whole_record


@dataclass(frozen=True)
class Progress:
    total: int
    decided: int
    skipped: int

    @property
    def remaining(self) -> int:
        return self.total - self.decided


def _row(values: tuple[Any, ...], skipped: bool = False, decided: bool = False) -> QueueRow:
    (id_, report, agency, path, record, field, why, message, value, display, confidence, reasons,
     start, end, rank, source_path, sha256, title) = values  # fmt: skip
    evidence = (start, end) if start is not None and end is not None else None
    item = ReviewField(
        report, path, record, field, json.loads(value), confidence, tuple(json.loads(reasons)), evidence
    )
    return QueueRow(
        id_,
        item,
        display,
        agency,
        tuple(why.split(";")),
        message,
        rank,
        source_path,
        sha256,
        title,
        skipped,
        decided,
    )


class ReviewQueue:
    """Read side of the review: pages, counts and neighbours of the queue (see module docstring)."""

    def __init__(self, run_dir: Path) -> None:
        self.run_dir = run_dir
        self.db_path = run_dir / RESULTS_SQLITE
        self._db: sqlite3.Connection | None = None
        self._stamp: tuple[int, int] | None = None
        self._offset = 0
        self._counts: dict[tuple[Filters, int], Progress] = {}
        self._choices: dict[str, list[str]] | None = None
        self.reopen()

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise ReviewError("the review queue is closed", self.db_path)
        return self._db

    def reopen(self) -> None:
        """(Re)open results.sqlite (a re-export replaces the file) and re-read corrections.jsonl."""
        if not self.db_path.is_file():
            raise ReviewError("no results.sqlite here; run `pipeline export` on the run first", self.run_dir)
        if self._db is not None:
            self._db.close()
        db = sqlite3.connect(f"{self.db_path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION:
            db.close()
            raise ReviewError(
                f"results.sqlite is schema {version}, the review needs {SCHEMA_VERSION}: "
                "run `pipeline export` on the run to rebuild it",
                self.db_path,
            )
        db.execute("ATTACH DATABASE ':memory:' AS mem")
        db.execute(
            "CREATE TABLE mem.decided (report TEXT NOT NULL, path TEXT NOT NULL, decision TEXT NOT NULL, "
            "PRIMARY KEY (report, path))"
        )
        # every path a correction's path lies in (itself included), to count decided items from
        # the decisions' side: the count costs as many lookups as there are decisions, not items
        db.execute(
            "CREATE TABLE mem.within (report TEXT NOT NULL, path TEXT NOT NULL, item TEXT NOT NULL, "
            "PRIMARY KEY (report, path, item))"
        )
        self._db, self._offset, self._counts, self._choices = db, 0, {}, None
        stat = self.db_path.stat()
        self._stamp = (stat.st_ino, stat.st_mtime_ns)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def sync(self) -> None:
        """Pick up a re-export and the corrections.jsonl lines written since the last call."""
        stat = self.db_path.stat() if self.db_path.is_file() else None
        if stat is None or (stat.st_ino, stat.st_mtime_ns) != self._stamp:
            self.reopen()
        path = self.run_dir / CORRECTIONS_FILE
        size = path.stat().st_size if path.is_file() else 0
        if size < self._offset:  # the file was replaced by a shorter one: read it again
            self.db.execute("DELETE FROM mem.decided")
            self._offset = 0
        if size == self._offset:
            return
        with path.open("rb") as handle:
            handle.seek(self._offset)
            chunk = handle.read(size - self._offset)
        complete = chunk[: chunk.rfind(b"\n") + 1]  # a line still being written is read next time
        self._offset += len(complete)
        rows: list[tuple[str, str, str]] = []
        for line in complete.decode("utf-8", errors="replace").splitlines():
            try:
                correction = parse_line(line, 0) if line.strip() else None
            except ValueError:
                continue  # `pipeline export` reports bad lines; the queue just ignores them
            if correction is not None:
                rows.append((correction.report, correction.path, correction.decision))
        self.db.executemany("INSERT OR REPLACE INTO mem.decided VALUES (?, ?, ?)", rows)
        self.db.executemany(
            "INSERT OR IGNORE INTO mem.within VALUES (?, ?, ?)",
            [(report, path, item) for report, path, _ in rows for item in enclosing(path)],
        )
        self._counts = {}

    def _select(
        self, where: str, order: str, params: list[Any], limit: int, offset: int = 0
    ) -> list[QueueRow]:
        sql = (
            f"SELECT {COLUMNS}, {SKIPPED} FROM review_queue q JOIN reports r ON r.id = q.report_id "
            f"WHERE {where} AND NOT {DECIDED} ORDER BY {order} LIMIT ? OFFSET ?"
        )
        return [_row(v[:-1], skipped=bool(v[-1])) for v in self.db.execute(sql, [*params, limit, offset])]

    def page(self, filters: Filters, offset: int = 0, limit: int = 50) -> list[QueueRow]:
        """Undecided items, worst first."""
        where, params = filters.where()
        return self._select(where, "q.rank, q.id", params, limit, offset)

    def neighbour(self, item: QueueRow, filters: Filters, step: int) -> QueueRow | None:
        """The undecided item after (`step` 1) or before (-1) `item` in queue order."""
        where, params = filters.where()
        if step > 0:
            where += " AND (q.rank > ? OR (q.rank = ? AND q.id > ?))"
            order = "q.rank, q.id"
        else:
            where += " AND (q.rank < ? OR (q.rank = ? AND q.id < ?))"
            order = "q.rank DESC, q.id DESC"
        found = self._select(where, order, [*params, item.rank, item.rank, item.id], 1)
        return found[0] if found else None

    def item(self, item_id: int) -> QueueRow | None:
        sql = (
            f"SELECT {COLUMNS}, {SKIPPED}, {DECIDED} FROM review_queue q "
            "JOIN reports r ON r.id = q.report_id WHERE q.id = ?"
        )
        found = self.db.execute(sql, (item_id,)).fetchone()
        return _row(found[:-2], skipped=bool(found[-2]), decided=bool(found[-1])) if found else None

    def progress(self, filters: Filters) -> Progress:
        """Counts over the filtered queue, cached until the next decision."""
        key = (filters, self._offset)
        if key not in self._counts:
            where, params = filters.where()
            total = self.db.execute(f"SELECT count(*) FROM review_queue q WHERE {where}", params).fetchone()[
                0
            ]
            sql = (
                "SELECT q.id, d.decision FROM mem.decided d JOIN mem.within w ON w.report = d.report "
                "AND w.path = d.path JOIN review_queue q ON q.report = w.report AND q.path = w.item "
                f"WHERE (q.field != '' OR q.path = d.path) AND {where}"
            )
            latest = self.db.execute(sql, params).fetchall()
            decided = {item for item, decision in latest if decision in REVIEWED}
            skipped = {item for item, decision in latest if decision == "skip"} - decided
            self._counts[key] = Progress(total, len(decided), len(skipped))
        return self._counts[key]

    def choices(self) -> dict[str, list[str]]:
        """The values the filters offer: fields and agencies present, reasons known (read once per
        export: they change only when results.sqlite does)."""
        if self._choices is not None:
            return self._choices
        fields = [r[0] for r in self.db.execute("SELECT DISTINCT field FROM review_queue WHERE field != ''")]
        agencies = [
            r[0] for r in self.db.execute("SELECT DISTINCT agency FROM review_queue WHERE agency IS NOT NULL")
        ]
        self._choices = {"why": list(WHY_KINDS), "field": sorted(fields), "agency": sorted(agencies)}
        return self._choices


def enclosing(path: str) -> list[str]:
    """The path and every path it lies in.

    >>> enclosing("projects[0].target.raw")
    ['projects', 'projects[0]', 'projects[0].target', 'projects[0].target.raw']
    """
    cuts = [i for i, ch in enumerate(path) if ch in ".[" and i > 0]
    return [path[:i] for i in cuts] + [path]
