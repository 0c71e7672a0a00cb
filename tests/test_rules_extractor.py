"""The rules backend end to end on the five samples: structure, values and evidence offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.config import Config
from pipeline.core.schema import validation_errors
from pipeline.extract.rules.extractor import extract_rules
from pipeline.ingest import read_document
from pipeline.normalize import normalize
from pipeline.process import extract_document

REPORTS = Path(__file__).resolve().parents[1] / "evals" / "reports"
SAMPLES = sorted(REPORTS.glob("*.txt"))


@pytest.fixture(scope="module", params=SAMPLES, ids=[p.stem[:3] for p in SAMPLES])
def extracted(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    doc = read_document(request.param)
    return doc, extract_rules(doc, normalize(doc.text))


def test_every_sample_validates_and_finds_indicators(extracted) -> None:  # type: ignore[no-untyped-def]
    _, result = extracted
    assert validation_errors(result.to_json_dict()) == []
    assert sum(len(p.indicators) for p in result.projects) > 0
    assert result.extractor.backend == "rules"


def test_evidence_spans_lie_in_the_document_and_hold_the_value(extracted) -> None:  # type: ignore[no-untyped-def]
    doc, result = extracted
    for project in result.projects:
        for indicator in project.indicators:
            for ev in indicator.evidence:
                assert 0 <= ev.start < ev.end <= len(doc.text)
                source = normalize(doc.text[ev.start : ev.end]).text
                if ev.field == "name":
                    assert (
                        indicator.name in source
                        or len(indicator.name) <= 4
                        or indicator.source_kind == "prose"
                    )
                if ev.field == "weight" and indicator.weight is not None:
                    assert str(int(indicator.weight)) in source


def test_sample_000_targets_and_results_are_one_indicator() -> None:
    doc = read_document(REPORTS / "000_7fc125f4da366dbf.txt")
    result = extract_document(doc, Config())
    (project,) = result.projects
    assert project.name == "医疗服务与保障能力提升补助资金"
    training = next(i for i in project.indicators if i.name == "培训班次")
    assert (training.target.op, training.target.value, training.target.unit) == (">=", 10, "个")
    assert (training.actual.value, training.actual.unit) == (12, "期")
    assert training.met is True
    spans = {e.field: doc.text[e.start : e.end] for e in training.evidence}
    assert spans == {"name": "培训班次", "target": "≥10个", "actual": "12期"}
    assert project.budget.model_dump() == {
        "initial": 5155,
        "carryover": 2326.59,
        "adjusted": 7481.59,
        "spent": 4097.51,
        "execution_rate": 54.77,
    }


def test_sample_002_has_one_project_per_section() -> None:
    result = extract_document(read_document(REPORTS / "002_028484dfb45ca473.txt"), Config())
    assert [p.name for p in result.projects] == [
        "城乡医疗救助“一站式”结算服务管理系统维护费",
        "打击欺诈骗取医疗保障基金专项行动经费",
        "开展城乡医保工作经费",
        "开展医疗机构药品跨区域联合集中采购改革经费",
        "医保待遇核定和医药管理经费",
        "城乡医疗救助",
    ]
    assert [p.self_score for p in result.projects][:5] == [91, 90, 92, 90, 91.9]


def test_a_report_without_indicators_is_valid_with_a_flag(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("关于印发工作要点的通知\n各科室：现将工作要点印发给你们。\n", encoding="utf-8")
    result = extract_document(read_document(path), Config())
    assert [p.indicators for p in result.projects] == [()]
    assert [f.kind for f in result.flags] == ["no_indicators"]
    assert validation_errors(result.to_json_dict()) == []


def test_headcounts_under_a_staff_section_are_not_indicators(tmp_path: Path) -> None:
    path = tmp_path / "dept.txt"
    path.write_text(
        "某县档案馆2023年度整体支出绩效自评报告\n一、部门概况\n（一）人员概况\n"
        "截至2023年底，核定编制12个，在职人员总数11人。\n"
        "二、项目效益情况\n档案数字化率达到95%。\n",
        encoding="utf-8",
    )
    result = extract_document(read_document(path), Config())
    assert [(i.name, i.actual.raw) for p in result.projects for i in p.indicators] == [
        ("档案数字化率", "达到95%")
    ]


def test_a_project_named_by_its_title_loses_its_years_and_report_words(tmp_path: Path) -> None:
    path = tmp_path / "eval.txt"
    path.write_text(
        "2020-2023年省级农机购置补贴资金项目绩效评价报告\n一、项目概况\n补贴资金按时发放。\n",
        encoding="utf-8",
    )
    result = extract_document(read_document(path), Config())
    assert [p.name for p in result.projects] == ["省级农机购置补贴资金"]
