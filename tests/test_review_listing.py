"""The fields to review: under the threshold, minus the decided ones; TSV and JSON.

`make_run` (used by the other review tests) writes a run directory with one trusted result whose
source report holds `<script>` and rich markup, so every view of it is tested for escaping.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.core.config import Config
from pipeline.core.models import (
    Actual,
    Budget,
    Evidence,
    ExtractorInfo,
    Indicator,
    Project,
    ReportExtraction,
    ReportInfo,
    Source,
    SourceKind,
    Target,
)
from pipeline.export.corrections import CorrectionLog
from pipeline.ingest import read_document
from pipeline.review.listing import (
    ReviewField,
    decided_paths,
    display_json,
    is_decided,
    low_fields,
    pending_fields,
    to_json,
    to_tsv,
)
from pipeline.trust.apply import apply_trust

SCRIPT = "<script>window.__injected=1;document.title='pwned'</script><img src=x onerror=window.__injected=2>"
TEXT = (
    "某县医疗保障局2024年度项目支出绩效自评报告\n"
    "全年预算数 19600 元，实际支出 15464 元，执行率 99.12%。\n"
    "三级指标\t指标值\t完成值\n"
    "培训班次\t≥10个\t12期\n"
    "系统开发数量\t≥2个\t1个\n"
    f"满意度[bold]\t≥90%\t{SCRIPT}\n"
)
STEM = "report_0123456789"


def at(field: str, text: str) -> Evidence:
    start = TEXT.index(text)
    return Evidence(field=field, start=start, end=start + len(text))


def _indicator(name: str, target: Target, actual: Actual, confidence: float, kind: SourceKind) -> Indicator:
    evidence = (at("name", name), at("target", target.raw or ""), at("actual", actual.raw or ""))
    return Indicator(
        name=name, target=target, actual=actual, evidence=evidence, confidence=confidence, source_kind=kind
    )  # type: ignore[arg-type]


def raw_result(source: Source) -> ReportExtraction:
    indicators = (
        _indicator(
            "培训班次",
            Target(raw="≥10个", op=">=", value=10, unit="个"),
            Actual(raw="12期", value=12, unit="期"),
            0.9,
            "table",
        ),
        _indicator(
            "系统开发数量",
            Target(raw="≥2个", op=">=", value=2, unit="个"),
            Actual(raw="1个", value=1, unit="个"),
            0.9,
            "table",
        ),
        _indicator(
            "满意度[bold]", Target(raw="≥90%", op=">=", value=90, unit="%"), Actual(raw=SCRIPT), 0.4, "prose"
        ),
    )
    project = Project(
        name="某县医疗保障局",
        budget=Budget(adjusted=1.96, spent=1.5464, execution_rate=99.12),
        indicators=indicators,
        evidence=(
            at("budget.adjusted", "19600 元"),
            at("budget.spent", "15464 元"),
            at("budget.execution_rate", "99.12%"),
        ),
    )
    report = ReportInfo(
        title="某县医疗保障局2024年度项目支出绩效自评报告",
        fiscal_year=2024,
        evidence=(at("fiscal_year", "2024"),),
    )
    return ReportExtraction(
        source=source,
        report=report,
        projects=(project,),
        extractor=ExtractorInfo(backend="rules", version="0"),
    )


def make_run(tmp_path: Path) -> Path:
    """A run directory with one trusted result; its source report is tmp_path/report.txt."""
    report = tmp_path / "report.txt"
    report.write_text(TEXT, encoding="utf-8")
    doc = read_document(report)
    result = apply_trust(
        raw_result(Source(path=doc.path, sha256=doc.sha256, format=doc.format)), doc, Config()
    )
    run_dir = tmp_path / "run"
    (run_dir / "reports").mkdir(parents=True)
    (run_dir / "reports" / f"{STEM}.json").write_text(
        json.dumps(result.to_json_dict(), ensure_ascii=False), encoding="utf-8"
    )
    return run_dir


PENDING_PATHS = [
    "projects[0].budget.adjusted",
    "projects[0].budget.spent",
    "projects[0].budget.execution_rate",
    "projects[0].indicators[1].target",
    "projects[0].indicators[1].actual",
    "projects[0].indicators[2].name",
    "projects[0].indicators[2].target",
    "projects[0].indicators[2].actual",
]


def test_the_fields_under_the_threshold_in_document_order(tmp_path: Path) -> None:
    fields = pending_fields(make_run(tmp_path), 0.7)
    assert [f.path for f in fields] == PENDING_PATHS
    target = fields[6]
    start = TEXT.index("≥90%")
    assert target == ReviewField(
        report=STEM,
        path="projects[0].indicators[2].target",
        record="满意度[bold]",
        field="target",
        value={"raw": "≥90%", "op": ">=", "value": 90, "unit": "%"},
        confidence=0.4,
        reasons=("prose reading, prior 0.40",),
        evidence=(start, start + 4),
    )
    assert target.display == "≥90%"


def test_the_threshold_decides(tmp_path: Path) -> None:
    run_dir = make_run(tmp_path)
    assert [f.path for f in pending_fields(run_dir, 0.45)] == PENDING_PATHS[5:]
    assert len(pending_fields(run_dir, 0.95)) == 15  # every field (2 report, 4 project, 9 indicator)


def test_decided_fields_are_left_out(tmp_path: Path) -> None:
    run_dir = make_run(tmp_path)
    lines = [
        {
            "report": STEM,
            "path": "projects[0].indicators[2].target.value",
            "old": 90,
            "new": 95,
            "decision": "edit",
        },
        {
            "report": STEM,
            "path": "projects[0].budget.spent",
            "old": 1.5464,
            "new": 1.5464,
            "decision": "skip",
        },
        {"report": "other", "path": "projects[0].budget.adjusted", "old": 1, "new": 1, "decision": "accept"},
    ]
    (run_dir / "corrections.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    reviewed = [f.path for f in pending_fields(run_dir, 0.7)]
    assert reviewed == [p for p in PENDING_PATHS if p != "projects[0].indicators[2].target"]
    every = [f.path for f in pending_fields(run_dir, 0.7, ("accept", "edit", "reject", "skip"))]
    assert every == [p for p in reviewed if p != "projects[0].budget.spent"]


def test_decided_paths_and_prefixes() -> None:
    assert decided_paths(CorrectionLog(), "r", ("edit",)) == set()
    decided = {"projects[0].indicators[1].target.value"}
    assert is_decided("projects[0].indicators[1].target", decided)
    assert not is_decided("projects[0].indicators[1]", {"projects[0].indicators[10].name"})
    assert is_decided("projects[0].indicators[1]", {"projects[0].indicators[1].name"})


def test_tsv_and_json(tmp_path: Path) -> None:
    fields = pending_fields(make_run(tmp_path), 0.7)
    rows = to_tsv(fields).splitlines()
    assert rows[0] == "report\tpath\trecord\tfield\tvalue\tconfidence\treasons"
    assert (
        rows[-1] == f"{STEM}\tprojects[0].indicators[2].actual\t满意度[bold]\tactual\t{SCRIPT}\t0.4\t"
        "prose reading, prior 0.40"
    )
    assert len(rows) == 9
    items = json.loads(to_json(fields))
    assert items[0]["path"] == "projects[0].budget.adjusted" and items[0]["display"] == "1.96"
    assert items[0]["reasons"][0] == "normalised: written as '19600'"


def test_low_fields_and_display() -> None:
    result = {"report": {"title": "a\tb", "field_confidence": {"title": 0.1}}, "projects": [], "review": []}
    assert low_fields("r", result, 0.7) == [
        ReviewField("r", "report.title", "report", "title", "a\tb", 0.1, (), None)
    ]
    assert (
        to_tsv(low_fields("r", result, 0.7)).splitlines()[1] == "r\treport.title\treport\ttitle\ta b\t0.1\t"
    )
    assert display_json({"raw": None, "op": ">=", "value": 2.0, "unit": "个"}) == ">=2个"
    assert display_json(1.5) == "1.5"
    assert display_json(None) == ""
