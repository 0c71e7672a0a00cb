"""The hybrid backend: pairing, merging two results, and a run of both backends end to end."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.core.config import Config
from pipeline.core.document import Document
from pipeline.core.models import (
    Actual,
    Budget,
    BudgetLine,
    ErrorEntry,
    ExtractorInfo,
    Flag,
    Indicator,
    Project,
    ReportExtraction,
    ReportInfo,
    Source,
    Target,
    Usage,
)
from pipeline.core.schema import validate_report
from pipeline.llm.response import ChunkResponse
from pipeline.llm.types import CallUsage, ChunkOutcome, ChunkRequest
from pipeline.normalize import normalize
from pipeline.process import extract_hybrid
from pipeline.trust.apply import apply_trust
from pipeline.trust.hybrid import merge_results, pair_by_name

TEXT = (
    "某县医疗保障局2024年度项目支出绩效自评报告\n"
    "三级指标\t指标值\t完成值\n"
    "培训班次\t≥10个\t12期\n"
    "系统开发数量\t≥2个\t2个\n"
)
DOC = Document(path="r.txt", sha256="0" * 64, format="txt", text=TEXT)
SOURCE = Source(path="r.txt", sha256="0" * 64, format="txt")


def test_pairing_by_name_exact_keys_first_then_similar() -> None:
    assert pair_by_name(["培训班次", "系统开发数量", "满意度"], ["系统开发的数量", "“培训班次”", "其他"]) == [
        (0, 1),
        (1, 0),
    ]
    assert pair_by_name([], ["a"]) == []


def result(backend: str, projects: tuple[Project, ...], **extra: Any) -> ReportExtraction:
    return ReportExtraction(
        source=SOURCE,
        report=ReportInfo(title="某县医疗保障局2024年度项目支出绩效自评报告", fiscal_year=2024),
        projects=projects,
        extractor=ExtractorInfo(
            backend=backend, version="0", prompt_version="p1" if backend == "llm" else None
        ),
        **extra,
    )


def test_merge_results_pairs_projects_indicators_and_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    training = Target(raw="≥10个", op=">=", value=10, unit="个")
    rules = result(
        "rules",
        (
            Project(
                name="某县医疗保障局",
                indicators=(
                    Indicator(name="培训班次", target=training, confidence=0.9, source_kind="table"),
                ),
            ),
        ),
        budget_lines=(BudgetLine(name="合计", adjusted=2.0),),
        flags=(Flag(kind="no_indicators", message="x", path="projects"),),
    )
    llm = result(
        "llm",
        (
            Project(
                name="某县医保局",
                budget=Budget(spent=1.5),
                indicators=(
                    Indicator(
                        name="培训班次",
                        target=training,
                        actual=Actual(raw="12期", value=12, unit="期"),
                        source_kind="llm",
                    ),
                    Indicator(
                        name="系统开发数量",
                        target=Target(raw="≥2个", op=">=", value=2, unit="个"),
                        source_kind="llm",
                    ),
                ),
            ),
        ),
        budget_lines=(BudgetLine(name="合计", adjusted=2.5),),
        flags=(
            Flag(kind="ungrounded", message="x", path="projects[0].indicators[1].target"),
            Flag(kind="llm_chunk_failed", message="chunk 2", path="errors[0]"),
        ),
        errors=(ErrorEntry(stage="llm", message="chunk 2"),),
        usage=Usage(requests=3),
    )
    merged = merge_results(rules, llm, DOC)
    project = merged.projects[0]
    assert project.name == "某县医疗保障局" and project.budget.spent == 1.5
    assert project.field_confidence == {"name": 0.9, "budget.spent": 0.85}
    assert [i.name for i in project.indicators] == ["培训班次", "系统开发数量"]
    assert project.indicators[0].field_confidence == {"name": 0.985, "target": 0.985, "actual": 0.85}
    assert project.indicators[1].field_confidence == {"name": 0.85, "target": 0.85}
    assert merged.budget_lines[0].adjusted == 2.0
    assert merged.report.field_confidence == {"title": 0.985, "fiscal_year": 0.985}
    assert [(f.kind, f.path) for f in merged.flags] == [
        ("llm_chunk_failed", "errors[0]"),
        ("backends_disagree", "projects[0].name"),
        ("backends_disagree", "budget_lines[0].adjusted"),
    ]
    assert merged.extractor == ExtractorInfo(
        backend="hybrid", version=merged.extractor.version, prompt_version="p1"
    )
    assert (merged.errors, merged.usage) == (llm.errors, llm.usage)
    # given the extractors' normalised text, the merge grounds on it instead of normalising again
    given, whole_texts = normalize(DOC.text), []

    def counting(text: str) -> Any:
        whole_texts.append(text == DOC.text)
        return normalize(text)

    monkeypatch.setattr("pipeline.trust.locate.normalize", counting)
    assert merge_results(rules, llm, DOC, given) == merged
    assert not any(whole_texts)
    assert merge_results(rules, llm, DOC) == merged
    assert any(whole_texts)


class ScriptedSession:
    """Answers every chunk with the same indicators (an LLM that reads 13期 where the text says 12期)."""

    def __init__(self, answer: dict[str, Any]) -> None:
        self.answer = ChunkResponse.model_validate(answer)
        self.seen: list[ChunkRequest] = []

    async def run(self, requests: list[ChunkRequest]) -> list[ChunkOutcome]:
        self.seen += requests
        return [
            ChunkOutcome(r, self.answer, CallUsage(prompt_tokens=10, completion_tokens=5, requests=1))
            for r in requests
        ]


def test_extract_hybrid_runs_both_backends_and_flags_their_disagreement() -> None:
    session = ScriptedSession(
        {
            "indicators": [
                {
                    "name": "培训班次",
                    "target_raw": "≥10个",
                    "op": ">=",
                    "target_value": 10,
                    "target_unit": "个",
                    "actual_raw": "13期",
                    "actual_value": 13,
                    "actual_unit": "期",
                    "quotes": {"name": "培训班次", "target": "≥10个", "actual": "13期"},
                }
            ]
        }
    )
    config = Config(backend="hybrid", llm_model="fake", llm_base_url="http://127.0.0.1:9")
    merged = extract_hybrid(DOC, normalize(TEXT), config, session)
    assert session.seen, "the LLM backend ran"
    assert merged.extractor.backend == "hybrid"
    training = merged.projects[0].indicators[0]
    assert training.actual == Actual(raw="12期", value=12, unit="期")
    disagreement = [f for f in merged.flags if f.kind == "backends_disagree" and ".indicators[" in f.path]
    assert [f.path for f in disagreement] == ["projects[0].indicators[0].actual"]
    assert disagreement[0].message == (
        "actual: rules read '12期' (exact), the LLM read '13期' (ungrounded); kept the rules reading"
    )
    trusted = apply_trust(merged, DOC, config)
    validate_report(trusted.to_json_dict())
    assert trusted.projects[0].indicators[0].field_confidence["actual"] == 0.5
    assert trusted.projects[0].indicators[0].field_confidence["target"] == 0.985
