"""apply_trust end to end on a small report: evidence, confidence, flags, review, met."""

from __future__ import annotations

import weakref
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from pipeline.core.config import Config
from pipeline.core.document import Document
from pipeline.core.errors import SchemaError
from pipeline.core.models import (
    Actual,
    Budget,
    Evidence,
    ExtractorInfo,
    Flag,
    Indicator,
    Project,
    ReportExtraction,
    ReportInfo,
    ReviewItem,
    Source,
    Target,
)
from pipeline.core.schema import validate_report
from pipeline.extract.rules.extractor import extract_rules
from pipeline.ingest import read_document
from pipeline.normalize import normalize
from pipeline.trust import apply as apply_module
from pipeline.trust.apply import apply_trust, judge_all_met, trust_made
from pipeline.trust.fields import RecordRef

TEXT = (
    "某县医疗保障局2024年度项目支出绩效自评报告\n"
    "全年预算数 19600 元，实际支出 15464 元，执行率 99.12%。\n"
    "三级指标\t指标值\t完成值\n"
    "培训班次\t≥10个\t12期\n"
    "系统开发数量\t≥2个\t1个\n"
)
DOC = Document(path="r.txt", sha256="0" * 64, format="txt", text=TEXT)
REPO = Path(__file__).resolve().parents[1]


def at(field: str, text: str, occurrence: int = 0) -> Evidence:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text, start + 1)
    return Evidence(field=field, start=start, end=start + len(text))


def row(name: str, target: Target, actual: Actual) -> Indicator:
    return Indicator(
        name=name,
        target=target,
        actual=actual,
        evidence=(at("name", name), at("target", target.raw or ""), at("actual", actual.raw or "")),
        confidence=0.9,
        source_kind="table",
    )


def raw_result() -> ReportExtraction:
    training = row(
        "培训班次", Target(raw="≥10个", op=">=", value=10, unit="个"), Actual(raw="12期", value=12, unit="期")
    )
    systems = row(
        "系统开发数量", Target(raw="≥2个", op=">=", value=2, unit="个"), Actual(raw="1个", value=1, unit="个")
    )
    invented = Indicator(
        name="满意度", target=Target(raw="≥95%", op=">=", value=95, unit="%"), source_kind="llm"
    )
    project = Project(
        name="某县医疗保障局",
        budget=Budget(adjusted=1.96, spent=1.5464, execution_rate=99.12),
        indicators=(training, systems, invented),
        evidence=(
            at("budget.adjusted", "19600 元"),
            at("budget.spent", "15464 元"),
            at("budget.execution_rate", "99.12%"),
        ),
    )
    return ReportExtraction(
        source=Source(path="r.txt", sha256="0" * 64, format="txt"),
        report=ReportInfo(
            title="某县医疗保障局2024年度项目支出绩效自评报告",
            report_kind="project",
            fiscal_year=2024,
            agency="某县医疗保障局",
            evidence=(at("title", "某县医疗保障局2024年度项目支出绩效自评报告"), at("fiscal_year", "2024")),
        ),
        projects=(project,),
        flags=(
            Flag(kind="ungrounded", message="stale", path="projects[0].indicators[2].target"),
            Flag(
                kind="backends_disagree",
                message="rules 12期, LLM 13期",
                path="projects[0].indicators[0].actual",
            ),
            Flag(kind="llm_chunk_failed", message="chunk 3 failed", path="errors[0]"),
        ),
        extractor=ExtractorInfo(backend="rules", version="0"),
    )


def test_field_confidences_and_indicator_confidence() -> None:
    trusted = apply_trust(raw_result(), DOC, Config())
    report, project = trusted.report, trusted.projects[0]
    assert report.field_confidence == {
        "title": 0.9,
        "report_kind": 0.9,
        "fiscal_year": 0.9,
        "agency": 0.9,
    }
    assert project.field_confidence == {
        "name": 0.9,
        "budget.adjusted": 0.5,  # normalised (19600 元) and in the execution-rate mismatch
        "budget.spent": 0.5,
        "budget.execution_rate": 0.5,
    }
    training, systems, invented = project.indicators
    assert training.field_confidence == {"name": 0.9, "target": 0.9, "actual": 0.5}
    assert training.confidence == 0.5
    assert systems.field_confidence == {"name": 0.9, "target": 0.6, "actual": 0.6}
    assert invented.field_confidence == {"name": 0.2, "target": 0.2}
    assert [i.met for i in project.indicators] == [True, False, None]


def test_evidence_records_how_each_value_was_grounded() -> None:
    trusted = apply_trust(raw_result(), DOC, Config())
    project = trusted.projects[0]
    adjusted_at = TEXT.index("19600")
    assert project.evidence == (
        Evidence(field="name", start=0, end=7, grounding="exact"),
        Evidence(field="budget.adjusted", start=adjusted_at, end=adjusted_at + 5, grounding="normalised"),
        Evidence(field="budget.spent", start=adjusted_at + 13, end=adjusted_at + 18, grounding="normalised"),
        Evidence(
            field="budget.execution_rate",
            start=TEXT.index("99.12"),
            end=TEXT.index("99.12") + 5,
            grounding="exact",
        ),
    )
    training = project.indicators[0]
    assert [(e.field, e.grounding) for e in training.evidence] == [
        ("name", "exact"),
        ("target", "exact"),
        ("actual", "exact"),
    ]
    assert training.evidence[1] == replace(at("target", "≥10个"), grounding="exact")
    assert project.indicators[2].evidence == ()


def test_flags_recomputed_kept_and_added() -> None:
    flags = apply_trust(raw_result(), DOC, Config()).flags
    assert [(f.kind, f.path) for f in flags] == [
        ("backends_disagree", "projects[0].indicators[0].actual"),
        ("llm_chunk_failed", "errors[0]"),
        ("ungrounded", "projects[0].indicators[2].name"),
        ("ungrounded", "projects[0].indicators[2].target"),
        ("execution_rate_mismatch", "projects[0].budget.execution_rate"),
        ("unmet_without_reason", "projects[0].indicators[1]"),
    ]
    assert flags[3].message == "target '≥95%': not found in the document"


def test_the_review_list_says_why() -> None:
    review = apply_trust(raw_result(), DOC, Config()).review
    mismatch = (
        "execution_rate_mismatch: execution rate 99.12 % but spent / adjusted = 1.5464 / 1.96 = 78.90 %"
    )
    unmet = "unmet_without_reason: 系统开发数量: target ≥2个 not met (actual 1个) and no deviation reason"
    assert review == (
        ReviewItem(
            path="projects[0].budget.adjusted",
            confidence=0.5,
            reasons=("normalised: written as '19600'", mismatch),
        ),
        ReviewItem(
            path="projects[0].budget.spent",
            confidence=0.5,
            reasons=("normalised: written as '15464'", mismatch),
        ),
        ReviewItem(path="projects[0].budget.execution_rate", confidence=0.5, reasons=(mismatch,)),
        ReviewItem(
            path="projects[0].indicators[0].actual",
            confidence=0.5,
            reasons=("backends_disagree: rules 12期, LLM 13期",),
        ),
        ReviewItem(path="projects[0].indicators[1].target", confidence=0.6, reasons=(unmet,)),
        ReviewItem(path="projects[0].indicators[1].actual", confidence=0.6, reasons=(unmet,)),
        ReviewItem(
            path="projects[0].indicators[2].name",
            confidence=0.2,
            reasons=("ungrounded: not found in the document",),
        ),
        ReviewItem(
            path="projects[0].indicators[2].target",
            confidence=0.2,
            reasons=("ungrounded: not found in the document",),
        ),
    )


def test_the_output_validates_and_the_input_is_untouched() -> None:
    raw = raw_result()
    trusted = apply_trust(raw, DOC, Config())
    validate_report(trusted.to_json_dict())
    assert raw == raw_result()


def test_a_sample_report_through_the_rules_backend() -> None:
    doc = read_document(REPO / "evals/reports/003_c49897741c4e88a7.txt")
    trusted = apply_trust(extract_rules(doc, normalize(doc.text)), doc, Config())
    validate_report(trusted.to_json_dict())
    assert any(f.kind == "year_mismatch" and "2021" in f.message for f in trusted.flags)
    assert trusted.report.field_confidence["fiscal_year"] == 0.6
    indicators = [i for p in trusted.projects for i in p.indicators]
    assert all(i.confidence == min(i.field_confidence.values()) for i in indicators)


def test_the_grounded_records_share_their_sets_of_given_fields() -> None:
    doc = read_document(REPO / "evals/reports/003_c49897741c4e88a7.txt")
    trusted = apply_trust(extract_rules(doc, normalize(doc.text)), doc, Config())
    indicators = [i for p in trusted.projects for i in p.indicators]
    assert {id(i.model_fields_set) for i in indicators} == {id(indicators[0].model_fields_set)}
    assert indicators[0].model_fields_set >= {"name", "evidence", "field_confidence", "confidence"}


def test_equal_field_confidences_are_one_dict() -> None:
    doc = read_document(REPO / "evals/reports/003_c49897741c4e88a7.txt")
    trusted = apply_trust(extract_rules(doc, normalize(doc.text)), doc, Config())
    indicators = [i for p in trusted.projects for i in p.indicators]
    by_items = {tuple(i.field_confidence.items()): i.field_confidence for i in indicators}
    assert len(by_items) < len(indicators)  # the test reads a report where some rows score alike
    assert all(i.field_confidence is by_items[tuple(i.field_confidence.items())] for i in indicators)


def test_a_value_read_over_an_undecodable_byte_gets_low_confidence() -> None:
    damaged = TEXT.replace("12期", "1\ufffd期\t部分班次延期")
    doc = Document(path="r.txt", sha256="0" * 64, format="txt", text=damaged)
    indicator = Indicator(
        name="培训班次",
        target=Target(raw="≥10个", op=">=", value=10, unit="个"),
        actual=Actual(raw="1\ufffd期", value=1, unit="期"),
        deviation_reason="部分班次延期",  # unmet, explained: no other cap on these fields
        confidence=0.9,
        source_kind="table",
    )
    raw = ReportExtraction(
        source=Source(path="r.txt", sha256="0" * 64, format="txt"),
        projects=(Project(name="p", indicators=(indicator,)),),
        extractor=ExtractorInfo(backend="rules", version="test"),
    )

    trusted = apply_trust(raw, doc, Config()).projects[0].indicators[0]

    assert trusted.field_confidence["actual"] == 0.3
    assert trusted.field_confidence["target"] == 0.9
    assert trusted.confidence == 0.3
    flags = apply_trust(raw, doc, Config()).flags
    assert [f.kind for f in flags if f.kind == "decode_errors"] == ["decode_errors"]


def test_a_row_split_by_pattern_is_capped_below_the_review_threshold_in_every_field() -> None:
    doubt = Flag(
        kind="cells_split_by_pattern", message="培训班次: cells split", path="projects[0].indicators[0]"
    )
    raw = raw_result()
    trusted = apply_trust(raw.model_copy(update={"flags": (doubt,)}), DOC, Config())
    training, systems, _ = trusted.projects[0].indicators
    assert training.field_confidence == {"name": 0.6, "target": 0.6, "actual": 0.6}
    assert training.confidence == 0.6
    assert systems.field_confidence == {"name": 0.9, "target": 0.6, "actual": 0.6}  # its own unmet cap only
    assert "projects[0].indicators[0].name" in {item.path for item in trusted.review}


@pytest.mark.parametrize(
    ("kind", "cap"),
    [
        ("row_wrapped_onto_lines", 0.6),
        ("digits_split_by_shared_weight", 0.3),
        ("weight_and_score_split", 0.3),
        ("weight_cut_off_rate_target", 0.3),
        ("outline_of_flattened_text", 0.5),
    ],
)
def test_a_wrapped_or_digit_split_row_is_capped_in_every_field(kind: str, cap: float) -> None:
    doubt = Flag(kind=kind, message="培训班次: how the row was read", path="projects[0].indicators[0]")
    trusted = apply_trust(raw_result().model_copy(update={"flags": (doubt,)}), DOC, Config())
    training = trusted.projects[0].indicators[0]
    assert training.field_confidence == {"name": cap, "target": cap, "actual": cap}
    assert training.confidence == cap
    assert "projects[0].indicators[0].name" in {item.path for item in trusted.review}


def test_trust_made_gives_what_apply_trust_gives() -> None:
    made = trust_made(raw_result, DOC, Config())
    applied = apply_trust(raw_result(), DOC, Config())
    assert made.model_dump_json(indent=2) == applied.model_dump_json(indent=2)
    doc = read_document(REPO / "evals/reports/003_c49897741c4e88a7.txt")
    norm = normalize(doc.text)
    expected = apply_trust(extract_rules(doc, norm), doc, Config(), norm)
    assert trust_made(lambda: extract_rules(doc, norm), doc, Config(), norm) == expected


def test_trust_made_lets_each_record_go_once_trusted() -> None:
    """The extractor's indicators are not all alive beside trust's: while the second one is
    trusted, the first is gone (only trust held the result)."""
    watched: list[weakref.ref[Indicator]] = []

    def make() -> ReportExtraction:
        raw = judge_all_met(raw_result())  # met already judged: these are the records trust takes
        watched.extend(weakref.ref(i) for i in raw.projects[0].indicators)
        return raw

    seen: list[list[bool]] = []
    real = apply_module._trust_record

    def spy(ref: RecordRef, *args: Any) -> Any:
        if isinstance(ref.record, Indicator):
            seen.append([w() is not None for w in watched])
        return real(ref, *args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(apply_module, "_trust_record", spy)
        trust_made(make, DOC, Config())
    assert seen == [[True, True, True], [False, True, True], [False, False, True]]


def test_trust_made_on_an_invalid_record_makes_the_result_again_for_apply_trusts_fallback() -> None:
    calls: list[int] = []

    def make() -> ReportExtraction:
        calls.append(1)
        raw = raw_result()
        project = raw.projects[0]
        bad = project.indicators[0].model_copy(update={"name": ""})  # unvalidated, as a buggy backend
        project = project.model_copy(update={"indicators": (bad, *project.indicators[1:])})
        return raw.model_copy(update={"projects": (project,)})

    with pytest.raises(SchemaError) as made:
        trust_made(make, DOC, Config())
    assert len(calls) == 2
    with pytest.raises(SchemaError) as applied:
        apply_trust(make(), DOC, Config())
    message = "r.txt: output breaks report.schema.json: projects/0/indicators/0/name: '' should be non-empty"
    assert str(made.value) == str(applied.value) == message
