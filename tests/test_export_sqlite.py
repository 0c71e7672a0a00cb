"""results.sqlite: tables, keys and indexes as documented; values round-trip through parameters."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from pipeline.core.config import Config
from pipeline.core.models import (
    Actual,
    Budget,
    BudgetLine,
    ExtractorInfo,
    Flag,
    Indicator,
    Project,
    ReportExtraction,
    Source,
    Target,
    Usage,
)
from pipeline.export import export_run
from pipeline.export.sqlite import SCHEMA_VERSION
from pipeline.export.summary import summarize

TRICKY = 'O\'Brien "quoted"); DROP TABLE reports; --'


def _result(path: str, sha: str, project: str) -> ReportExtraction:
    indicators = (
        Indicator(name=TRICKY, target=Target(raw="≥10个", op=">=", value=10, unit="个"),
                  actual=Actual(raw="8个", value=8, unit="个"), confidence=0.6),
        Indicator(name="满意度", target=Target(raw="≥90%", op=">=", value=90, unit="%"),
                  actual=Actual(raw="95%", value=95, unit="%"), confidence=0.9, optional=True),
    )  # fmt: skip
    return ReportExtraction(
        source=Source(path=path, sha256=sha, format="txt"),
        projects=(Project(name=project, budget=Budget(initial=1.5, spent=1.2), indicators=indicators),),
        budget_lines=(BudgetLine(name="合计", initial=1.5),),
        flags=(Flag(kind="unmet", message="8 < 10", path="projects[0].indicators[0].actual"),
               Flag(kind="rate", message="m", path="projects[0].budget")),
        extractor=ExtractorInfo(backend="llm", version="1", model="m1"),
        usage=Usage(requests=3, cache_hits=1, prompt_tokens=100, completion_tokens=20),
    )  # fmt: skip


def _run(tmp_path: Path) -> sqlite3.Connection:
    (tmp_path / "reports").mkdir()
    for stem, path, sha, project in (
        ("a_1", "in/a.txt", "a" * 64, "项目A"),
        ("b_2", "in/b b.txt", "b" * 64, TRICKY),
    ):
        doc = _result(path, sha, project).to_json_dict()
        (tmp_path / "reports" / f"{stem}.json").write_text(json.dumps(doc, ensure_ascii=False))
    corrections = [
        {
            "report": "a_1",
            "path": "projects[0].indicators[0].actual.value",
            "old": 8,
            "new": 11,
            "decision": "edit",
        },
        {"report": "a_1", "path": "projects[0].indicators[7].name", "decision": "reject"},
        {"report": "zz", "path": "report.title", "decision": "accept", "time": "t"},
    ]
    lines = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in corrections)
    (tmp_path / "corrections.jsonl").write_text(lines, encoding="utf-8")
    export_run(tmp_path, Config())
    db = sqlite3.connect(tmp_path / "results.sqlite")
    db.execute("PRAGMA foreign_keys = ON")
    return db


def test_tables_primary_and_foreign_keys_and_indexes(tmp_path: Path) -> None:
    db = _run(tmp_path)
    tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    assert tables == [
        "budget_lines", "corrections", "flags", "indicators", "projects", "reports", "review_queue",
    ]  # fmt: skip
    for table in tables:
        pk = [row[1] for row in db.execute(f"PRAGMA table_info({table})") if row[5]]
        assert pk == ["id"], table
    foreign = {
        table: sorted((row[3], row[2], row[4]) for row in db.execute(f"PRAGMA foreign_key_list({table})"))
        for table in tables
    }
    assert foreign == {
        "budget_lines": [("report_id", "reports", "id")],
        "corrections": [("report_id", "reports", "id")],
        "flags": [("indicator_id", "indicators", "id"), ("report_id", "reports", "id")],
        "indicators": [("project_id", "projects", "id"), ("report_id", "reports", "id")],
        "projects": [("report_id", "reports", "id")],
        "reports": [],
        "review_queue": [("report_id", "reports", "id")],
    }
    indexes = {
        row[0]: row[1]
        for row in db.execute(
            "SELECT name, tbl_name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL"
        )
    }
    assert indexes == {
        "reports_path": "reports", "reports_sha256": "reports", "projects_name": "projects",
        "indicators_project": "indicators", "indicators_report": "indicators",
        "indicators_name": "indicators",
        "flags_kind": "flags", "flags_indicator": "flags", "corrections_report": "corrections",
        "corrections_path": "corrections", "review_queue_rank": "review_queue",
        "review_queue_field": "review_queue", "review_queue_agency": "review_queue",
    }  # fmt: skip
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # a normal file for readers


def test_rows_round_trip_with_quotes_and_corrections(tmp_path: Path) -> None:
    db = _run(tmp_path)
    reports = db.execute(
        "SELECT id, result_file, path, sha256, backend, model, llm_requests, cache_hits, prompt_tokens, "
        "completion_tokens FROM reports ORDER BY id"
    ).fetchall()
    assert reports == [
        (1, "a_1", "in/a.txt", "a" * 64, "llm", "m1", 3, 1, 100, 20),
        (2, "b_2", "in/b b.txt", "b" * 64, "llm", "m1", 3, 1, 100, 20),
    ]
    found = db.execute(
        "SELECT r.result_file, p.name, i.position, i.path, i.actual_value, i.met, i.confidence, i.flags "
        "FROM indicators i JOIN projects p ON p.id = i.project_id JOIN reports r ON r.id = i.report_id "
        "WHERE i.name = ? ORDER BY r.id",
        (TRICKY,),
    ).fetchall()
    assert found == [
        ("a_1", "项目A", 0, "projects[0].indicators[0]", 11.0, "met", 1.0, "unmet"),  # corrected 8 → 11
        ("b_2", TRICKY, 0, "projects[0].indicators[0]", 8.0, "unmet", 0.6, "unmet"),
    ]
    assert db.execute("SELECT count(*) FROM projects WHERE name = ?", (TRICKY,)).fetchone() == (1,)
    flags = db.execute("SELECT report_id, kind, indicator_id FROM flags ORDER BY id").fetchall()
    assert flags == [(1, "unmet", 1), (1, "rate", None), (2, "unmet", 3), (2, "rate", None)]
    assert db.execute("SELECT optional FROM indicators ORDER BY id").fetchall() == [(0,), (1,), (0,), (1,)]
    assert db.execute("SELECT report_id, name, initial FROM budget_lines").fetchall() == [
        (1, "合计", 1.5),
        (2, "合计", 1.5),
    ]
    corrections = db.execute(
        "SELECT line, report, report_id, decision, old, new, time, applied FROM corrections"
    )
    assert corrections.fetchall() == [
        (1, "a_1", 1, "edit", "8", "11", None, 1),
        (2, "a_1", 1, "reject", "null", "null", None, 0),
        (3, "zz", None, "accept", "null", "null", "t", 0),
    ]
    stored = json.loads(db.execute("SELECT json FROM reports WHERE id = 1").fetchone()[0])
    assert stored["projects"][0]["indicators"][0]["actual"]["value"] == 11


def test_a_reexport_replaces_the_database(tmp_path: Path) -> None:
    _run(tmp_path).close()
    (tmp_path / "reports" / "b_2.json").unlink()
    export_run(tmp_path, Config())
    db = sqlite3.connect(tmp_path / "results.sqlite")
    assert db.execute("SELECT result_file FROM reports").fetchall() == [("a_1",)]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_reports_carry_cached_and_reasoning_tokens_and_the_estimated_cost(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    usage = Usage(requests=2, prompt_tokens=1_000_000, completion_tokens=100_000, cached_tokens=600_000,
                  reasoning_tokens=40_000)  # fmt: skip
    for stem, model, used in (("a_1", "priced", usage), ("b_2", "other", usage), ("c_3", "priced", Usage())):
        doc = _result(f"in/{stem}.txt", stem[0] * 64, "项目").model_copy(
            update={"extractor": ExtractorInfo(backend="llm", version="1", model=model), "usage": used}
        )
        (tmp_path / "reports" / f"{stem}.json").write_text(json.dumps(doc.to_json_dict(), ensure_ascii=False))
    prices = {"priced": {"input": 0.28, "cached_input": 0.028, "output": 0.42}}
    export_run(tmp_path, Config(llm_prices=prices))
    db = sqlite3.connect(tmp_path / "results.sqlite")
    rows = db.execute(
        "SELECT result_file, prompt_tokens, cached_tokens, completion_tokens, reasoning_tokens, cost "
        "FROM reports ORDER BY id"
    ).fetchall()
    # 400,000 × 0.28 + 600,000 × 0.028 + 100,000 × 0.42 per million = 0.112 + 0.0168 + 0.042
    assert [row[:5] for row in rows] == [
        ("a_1", 1_000_000, 600_000, 100_000, 40_000),
        ("b_2", 1_000_000, 600_000, 100_000, 40_000),
        ("c_3", 0, 0, 0, 0),
    ]
    assert round(rows[0][5], 6) == 0.1708
    assert [row[5] for row in rows[1:]] == [None, None]  # no price for the model; no tokens used
    assert db.execute("PRAGMA user_version").fetchone() == (4,)


def test_a_reports_cost_prices_its_batch_tokens_at_the_batch_rate(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    usage = Usage(requests=0, prompt_tokens=1_000_000, completion_tokens=100_000, batch_requests=4,
                  batch_prompt_tokens=1_000_000, batch_completion_tokens=100_000)  # fmt: skip
    doc = _result("in/a_1.txt", "a" * 64, "项目").model_copy(
        update={"extractor": ExtractorInfo(backend="llm", version="1", model="priced"), "usage": usage}
    )
    (tmp_path / "reports" / "a_1.json").write_text(json.dumps(doc.to_json_dict(), ensure_ascii=False))
    prices = {"priced": {"input": 0.28, "cached_input": 0.028, "output": 0.42, "batch": 0.4}}
    export_run(tmp_path, Config(llm_prices=prices))
    db = sqlite3.connect(tmp_path / "results.sqlite")
    (cost,) = db.execute("SELECT cost FROM reports").fetchone()
    # 0.4 × (1,000,000 × 0.28 + 100,000 × 0.42) per million = 0.4 × 0.322, as `pipeline summary` prices it
    assert round(cost, 6) == round(0.4 * 0.322, 6)
    assert summarize([doc.to_json_dict()], prices=prices).cost == cost
