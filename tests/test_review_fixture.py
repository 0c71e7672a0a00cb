"""--to-fixture: the reviewed result, corrections applied, reduced to a gold fixture."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.core.errors import ReviewError
from pipeline.evaluate.cases import load_fixture
from pipeline.review.fixture import find_report, to_fixture, write_fixture
from tests.test_review_listing import STEM, make_run


def test_a_fixture_keeps_the_contract_and_drops_the_machinery(tmp_path: Path) -> None:
    run_dir = make_run(tmp_path)
    line = {
        "report": STEM,
        "path": "projects[0].indicators[1].actual.value",
        "old": 1,
        "new": 2,
        "decision": "edit",
    }
    (run_dir / "corrections.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    target = write_fixture(run_dir, "report.txt", tmp_path / "out" / "report.json")
    fixture = load_fixture(target)  # validates against the contract
    assert list(fixture) == [
        "schema_version",
        "source",
        "report",
        "projects",
        "budget_lines",
        "flags",
        "extractor",
    ]
    assert fixture["report"] == {
        "title": "某县医疗保障局2024年度项目支出绩效自评报告",
        "report_kind": None,
        "fiscal_year": 2024,
        "agency": None,
        "province": None,
        "city": None,
        "county": None,
    }
    project = fixture["projects"][0]
    assert set(project) == {"name", "budget", "self_score", "indicators"}
    assert project["indicators"][1] == {
        "level1": None,
        "level2": None,
        "name": "系统开发数量",
        "target": {"raw": "≥2个", "op": ">=", "value": 2, "unit": "个"},
        "actual": {"raw": "1个", "value": 2, "unit": "个"},
        "weight": None,
        "score": None,
        "deviation_reason": None,
    }
    assert fixture["flags"] == []
    assert fixture["extractor"] == {
        "backend": "reviewed",
        "version": "1",
        "prompt_version": None,
        "model": None,
    }


def test_the_default_place_is_named_after_the_report_and_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_dir = make_run(tmp_path)
    monkeypatch.chdir(tmp_path)
    target = write_fixture(run_dir, STEM)
    assert target == Path("evals/fixtures/report.json")
    with pytest.raises(ReviewError, match="pass --force to replace it"):
        write_fixture(run_dir, STEM)
    assert write_fixture(run_dir, f"{STEM}.json", force=True) == target


def test_reports_are_found_by_stem_or_source_name(tmp_path: Path) -> None:
    run_dir = make_run(tmp_path)
    assert find_report(run_dir, "report").result_file == STEM
    assert find_report(run_dir, str(tmp_path / "report.txt")).result_file == STEM
    with pytest.raises(ReviewError, match=r"no result for 'other\.txt'"):
        find_report(run_dir, "other.txt")


def test_optional_is_kept_only_when_true() -> None:
    result = {
        "projects": [
            {"name": "p", "indicators": [{"name": "a", "optional": True}, {"name": "b", "optional": False}]}
        ]
    }
    indicators = to_fixture(result)["projects"][0]["indicators"]
    assert indicators == [{"name": "a", "optional": True}, {"name": "b"}]
