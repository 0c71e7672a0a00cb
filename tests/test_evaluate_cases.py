"""Fixtures pair with reports by stem; malformed fixtures stop the eval naming the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.core.errors import EvalError
from pipeline.evaluate.cases import CaseSet, EvalCase, find_cases, load_fixture

GOLD: dict[str, Any] = {
    "report": {
        "title": None,
        "report_kind": "project",
        "fiscal_year": 2023,
        "agency": "宿州市医疗保障局",
        "province": None,
        "city": None,
        "county": None,
    },
    "projects": [
        {
            "name": "项目",
            "budget": {
                "initial": 1,
                "carryover": None,
                "adjusted": None,
                "spent": None,
                "execution_rate": None,
            },
            "self_score": None,
            "indicators": [
                {
                    "level1": None,
                    "level2": None,
                    "name": "培训班次",
                    "target": {"raw": "≥10个", "op": ">=", "value": 10, "unit": "个"},
                    "actual": {"raw": None, "value": None, "unit": None},
                    "weight": None,
                    "score": None,
                    "deviation_reason": None,
                    "optional": True,
                }
            ],
        }
    ],
    "budget_lines": [],
}


def write(path: Path, content: str = "x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def test_find_cases_pairs_by_stem(tmp_path: Path) -> None:
    reports, fixtures = tmp_path / "reports", tmp_path / "fixtures"
    write(reports / "000_a.txt")
    write(reports / "001_b.docx")
    write(reports / "002_c.pdf")
    write(reports / ".hidden")
    write(fixtures / "001_b.json", "{}")
    write(fixtures / "000_a.json", "{}")
    write(fixtures / "009_gone.json", "{}")
    assert find_cases(reports, fixtures) == CaseSet(
        cases=(
            EvalCase("000_a", fixtures / "000_a.json", reports / "000_a.txt"),
            EvalCase("001_b", fixtures / "001_b.json", reports / "001_b.docx"),
            EvalCase("009_gone", fixtures / "009_gone.json", None),
        ),
        unlabelled=("002_c.pdf",),
    )


def test_two_reports_with_one_stem_are_ambiguous(tmp_path: Path) -> None:
    write(tmp_path / "r" / "000_a.txt")
    write(tmp_path / "r" / "000_a.pdf")
    write(tmp_path / "f" / "000_a.json", "{}")
    with pytest.raises(
        EvalError, match=r"000_a\.json: several reports share the fixture's stem: 000_a\.pdf, 000_a\.txt"
    ):
        find_cases(tmp_path / "r", tmp_path / "f")


def test_no_fixtures_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "r").mkdir()
    (tmp_path / "f").mkdir()
    with pytest.raises(EvalError, match=r"/f: no gold fixtures"):
        find_cases(tmp_path / "r", tmp_path / "f")
    with pytest.raises(EvalError, match=r"/nope: fixtures directory not found"):
        find_cases(tmp_path / "r", tmp_path / "nope")
    write(tmp_path / "f" / "a.json", "{}")
    with pytest.raises(EvalError, match=r"/nope: reports directory not found"):
        find_cases(tmp_path / "nope", tmp_path / "f")


def test_load_fixture_without_bookkeeping_keys(tmp_path: Path) -> None:
    path = write(tmp_path / "a.json", json.dumps(GOLD, ensure_ascii=False))
    assert load_fixture(path) == GOLD


def test_load_fixture_rejects_a_labelling_slip(tmp_path: Path) -> None:
    broken = json.loads(json.dumps(GOLD))
    broken["projects"][0]["indicators"][0]["target"]["op"] = "≥"
    path = write(tmp_path / "a.json", json.dumps(broken, ensure_ascii=False))
    with pytest.raises(
        EvalError, match=r"a\.json: fixture breaks report.schema.json: projects/0/indicators/0/target/op"
    ):
        load_fixture(path)


@pytest.mark.parametrize(
    ("content", "reason"), [("{", "cannot read fixture"), ("[]", "fixture is not a JSON object")]
)
def test_load_fixture_rejects_non_objects(tmp_path: Path, content: str, reason: str) -> None:
    with pytest.raises(EvalError, match=reason):
        load_fixture(write(tmp_path / "a.json", content))
