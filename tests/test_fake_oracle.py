"""The fake server's oracle answers a chunk with exactly the gold items written in it, quoted verbatim."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.core.errors import LLMError
from pipeline.llm.response import ChunkResponse
from pipeline_testing.fake_oracle import GoldOracle

REPO = Path(__file__).resolve().parents[1]


def indicator(name: str, target: str | None, actual: str | None, **extra: Any) -> dict[str, Any]:
    return {
        "level1": extra.get("level1"),
        "level2": extra.get("level2"),
        "name": name,
        "target": {"raw": target, "op": extra.get("op"), "value": extra.get("tv"), "unit": extra.get("tu")},
        "actual": {"raw": actual, "value": extra.get("av"), "unit": extra.get("au")},
        "weight": extra.get("weight"),
        "score": extra.get("score"),
        "deviation_reason": extra.get("reason"),
    }


FIXTURE: dict[str, Any] = {
    "report": {
        "title": "某某县医疗保障局2023年度项目支出绩效自评报告",
        "report_kind": "project",
        "fiscal_year": 2023,
        "agency": "某某县医疗保障局",
        "province": None,
        "city": None,
        "county": "某某县",
    },
    "projects": [
        {
            "name": "医疗救助资金",
            "budget": {
                "initial": 1.96,
                "carryover": None,
                "adjusted": 1.56,
                "spent": 1.5464,
                "execution_rate": 99.13,
            },
            "self_score": 91,
            "indicators": [
                indicator(
                    "培训班次",
                    "≥10个",
                    "12期",
                    level1="产出指标",
                    level2="数量指标",
                    op=">=",
                    tv=10,
                    tu="个",
                    av=12,
                    au="期",
                    weight=10,
                    score=9,
                ),
                indicator(
                    "参保人员对医保服务的满意度",
                    "≥90%",
                    "88%",
                    level1="效益指标",
                    level2="社会效益指标",
                    op=">=",
                    tv=90,
                    tu="%",
                    av=88,
                    au="%",
                    reason="宣传不到位",
                ),
                indicator("不在文中的指标", "=1个", "1个", op="=", tv=1, tu="个", av=1, au="个"),
            ],
        }
    ],
    "budget_lines": [
        {
            "name": "基本支出",
            "initial": 1470.68,
            "adjustment": 93.14,
            "adjusted": 1563.82,
            "spent": 1515.55,
            "execution_rate": 96.91,
        },
        {
            "name": "项目支出",
            "initial": 1253.31,
            "adjustment": None,
            "adjusted": 1097.71,
            "spent": 1097.71,
            "execution_rate": 100.0,
        },
    ],
}
CHUNK = (
    "某某县医疗保障局2023年度项目支出绩效自评报告\n"
    "项目资金：年初预算 19600 元，调整后预算 15600 元，实际支出 15464 元，执行率 99.13%。\n"
    "产出指标\t数量指标\t培训班次\t≥ 10 个\t12期\t10\t9\n"
    "参保人员对医保服务的满意度\t≥90%\t88%\t宣传不到位\n"
    "基本支出\t1470.68\t93.14\t1563.82\t1515.55\t96.91%\n"
)


@pytest.fixture
def oracle(tmp_path: Path) -> GoldOracle:
    (tmp_path / "a.json").write_text(json.dumps(FIXTURE, ensure_ascii=False), encoding="utf-8")
    return GoldOracle.load(tmp_path)


def test_answer_has_exactly_the_gold_items_written_in_the_chunk(oracle: GoldOracle) -> None:
    answer = oracle.answer(CHUNK)
    assert answer["indicators"] == [
        {
            "project": None,
            "level1": "产出指标",
            "level2": "数量指标",
            "name": "培训班次",
            "target_raw": "≥ 10 个",
            "op": ">=",
            "target_value": 10,
            "target_unit": "个",
            "actual_raw": "12期",
            "actual_value": 12,
            "actual_unit": "期",
            "weight": 10,
            "score": 9,
            "deviation_reason": None,
            "quotes": {
                "name": "培训班次",
                "target": "≥ 10 个",
                "actual": "12期",
                "weight": "10",
                "score": "9",
                "deviation_reason": None,
            },
        },
        {
            "project": None,
            "level1": None,
            "level2": None,
            "name": "参保人员对医保服务的满意度",
            "target_raw": "≥90%",
            "op": ">=",
            "target_value": 90,
            "target_unit": "%",
            "actual_raw": "88%",
            "actual_value": 88,
            "actual_unit": "%",
            "weight": None,
            "score": None,
            "deviation_reason": "宣传不到位",
            "quotes": {
                "name": "参保人员对医保服务的满意度",
                "target": "≥90%",
                "actual": "88%",
                "weight": None,
                "score": None,
                "deviation_reason": "宣传不到位",
            },
        },
    ]
    assert answer["budgets"] == [
        {
            "initial": 19600,
            "carryover": None,
            "adjusted": 15600,
            "spent": 15464,
            "execution_rate": 99.13,
            "self_score": None,
            "unit": "元",
            "project": None,
            "quotes": {
                "initial": "19600",
                "carryover": None,
                "adjusted": "15600",
                "spent": "15464",
                "execution_rate": "99.13",
                "self_score": None,
            },
        }
    ]
    assert answer["budget_lines"] == [
        {
            "name": "基本支出",
            "initial": 1470.68,
            "adjustment": 93.14,
            "adjusted": 1563.82,
            "spent": 1515.55,
            "execution_rate": 96.91,
            "quotes": {
                "name": "基本支出",
                "initial": "1470.68",
                "adjustment": "93.14",
                "adjusted": "1563.82",
                "spent": "1515.55",
                "execution_rate": "96.91",
            },
        }
    ]
    assert answer["report"] == {
        "title": "某某县医疗保障局2023年度项目支出绩效自评报告",
        "report_kind": "project",
        "fiscal_year": 2023,
        "agency": "某某县医疗保障局",
        "province": None,
        "city": None,
        "county": "某某县",
        "quotes": {
            "title": "某某县医疗保障局2023年度项目支出绩效自评报告",
            "fiscal_year": "2023",
            "agency": "某某县医疗保障局",
        },
    }
    ChunkResponse.model_validate(answer)  # exactly the shape the client expects


def test_values_not_written_in_the_chunk_are_not_answered(oracle: GoldOracle) -> None:
    answer = oracle.answer("培训班次：本年度按计划开展。")
    assert answer == {
        "indicators": [
            {
                "project": None,
                "level1": None,
                "level2": None,
                "name": "培训班次",
                "target_raw": None,
                "op": None,
                "target_value": None,
                "target_unit": None,
                "actual_raw": None,
                "actual_value": None,
                "actual_unit": None,
                "weight": None,
                "score": None,
                "deviation_reason": None,
                "quotes": {
                    "name": "培训班次",
                    "target": None,
                    "actual": None,
                    "weight": None,
                    "score": None,
                    "deviation_reason": None,
                },
            }
        ],
        "budgets": [],
        "budget_lines": [],
        "report": None,
    }


def test_labels_in_the_user_message_outside_the_chunk_count_as_written(oracle: GoldOracle) -> None:
    context = "章节路径：医疗救助资金 > 产出指标\n<<<CHUNK\n数量指标 培训班次 ≥10个 12期\nCHUNK>>>"
    item = oracle.answer("数量指标 培训班次 ≥10个 12期", context)["indicators"][0]
    assert (item["project"], item["level1"], item["level2"]) == ("医疗救助资金", "产出指标", "数量指标")


def test_a_long_enough_part_of_a_name_matches_but_a_short_one_does_not(tmp_path: Path) -> None:
    gold = {
        "projects": [
            {
                "name": "p",
                "indicators": [
                    indicator("召开医保工作会议或工作安排部署会议", "≥1次", "6次"),
                    indicator("培训班次", "≥10个", "12期"),
                ],
            }
        ]
    }
    (tmp_path / "g.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    answer = GoldOracle.load(tmp_path / "g.json").answer("召开医保工作会议或工作安排 ≥1次 6次；培训班 12期")
    assert [
        (i["name"], i["quotes"]["name"], i["target_raw"], i["actual_raw"]) for i in answer["indicators"]
    ] == [("召开医保工作会议或工作安排部署会议", "召开医保工作会议或工作安排", "≥1次", "6次")]


def test_without_report_texts_the_fixture_with_most_names_in_the_chunk_answers(tmp_path: Path) -> None:
    other = {"projects": [{"name": "q", "indicators": [indicator("培训班次", "≥99个", "99期")]}]}
    (tmp_path / "a.json").write_text(json.dumps(FIXTURE, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    answer = GoldOracle.load(tmp_path).answer(CHUNK)
    assert [i["name"] for i in answer["indicators"]] == ["培训班次", "参保人员对医保服务的满意度"]


def write_case(root: Path, stem: str, fixture: dict[str, Any], report: str) -> None:
    (root / "fixtures").mkdir(exist_ok=True)
    (root / "reports").mkdir(exist_ok=True)
    (root / "fixtures" / f"{stem}.json").write_text(json.dumps(fixture, ensure_ascii=False), encoding="utf-8")
    (root / "reports" / f"{stem}.txt").write_text(report, encoding="utf-8")


def test_the_fixture_of_the_report_holding_the_chunk_answers(tmp_path: Path) -> None:
    scored = {"projects": [{"name": "q", "indicators": [indicator("资金管理", None, None)]}]}
    write_case(tmp_path, "a", FIXTURE, "一、项目概况\n二是加强资金管理，严格执行财经纪律。\n" + CHUNK)
    write_case(tmp_path, "b", scored, "2.过程管理\n（1）资金管理（分值17分，实得17分）\n")
    oracle = GoldOracle.load(tmp_path / "fixtures")
    assert oracle.answer("二是加强资金管理，严格执行财经纪律。")["indicators"] == []
    assert oracle.fixture_for("（1）资金管理（分值17分，实得17分）") is oracle.fixtures[1]
    assert oracle.fixture_for("一、项目概况") is oracle.fixtures[0]


def test_a_real_narrative_chunk_is_answered_from_its_own_report() -> None:
    text = (REPO / "evals/reports/000_7fc125f4da366dbf.txt").read_text(encoding="utf-8")
    start = text.index("2.有关建议")
    chunk = text[start : text.index("\n", start + 10)]
    oracle = GoldOracle.load(REPO / "evals/fixtures")
    assert oracle.fixture_for(chunk)["source"]["path"] == "evals/reports/000_7fc125f4da366dbf.txt"
    assert oracle.answer(chunk)["indicators"] == []  # `资金管理` here is narrative, not 001's scored item


def test_a_section_path_naming_a_project_limits_the_answer_to_it(tmp_path: Path) -> None:
    fixture = {
        "projects": [
            {
                "name": "打击欺诈经费",
                "indicators": [indicator("落实整改率", "达98%", None, op=">=", tv=98, tu="%")],
            },
            {
                "name": "集中采购改革经费",
                "indicators": [indicator("落实整改率", "100%", None, tv=100, tu="%")],
            },
        ]
    }
    (tmp_path / "f.json").write_text(json.dumps(fixture, ensure_ascii=False), encoding="utf-8")
    oracle = GoldOracle.load(tmp_path / "f.json")
    chunk = "保证 100% 落实整改率，确保落实整改率达98%。"
    context = f"章节路径：四、集中采购改革经费 > （一）基本情况\n<<<CHUNK\n{chunk}\nCHUNK>>>"
    answered = [(i["project"], i["target_raw"]) for i in oracle.answer(chunk, context)["indicators"]]
    assert answered == [("集中采购改革经费", "100%")]
    both = [(i["project"], i["target_raw"]) for i in oracle.answer(chunk)["indicators"]]
    assert both == [(None, "达98%"), (None, "100%")]


def test_real_fixture_table_rows_are_answered_with_verbatim_quotes() -> None:
    text = (REPO / "evals/reports/003_c49897741c4e88a7.txt").read_text(encoding="utf-8")
    start = text.index("核心职能\t一级指标")
    chunk = text[start : start + 2500]
    answer = GoldOracle.load(REPO / "evals/fixtures").answer(chunk)
    quotes = [q for item in answer["indicators"] for q in item["quotes"].values() if q is not None]
    assert quotes and all(q in chunk for q in quotes)
    by_name = {i["name"]: i for i in answer["indicators"]}
    drg = by_name["本地区医疗机构符合DRG DIP付费覆盖率"]
    assert (drg["target_raw"], drg["op"], drg["target_value"], drg["actual_raw"]) == ("≥70%", ">=", 70, "80%")
    # the actual cell repeats the name: it is the value, not the start of the next indicator
    same = by_name["单位正常运转及职工正常开展工作"]
    assert (same["target_raw"], same["actual_raw"]) == ("定性", "单位正常运转及职工正常开展工作")


def test_missing_fixtures_are_an_llm_error(tmp_path: Path) -> None:
    with pytest.raises(LLMError, match="no oracle fixtures"):
        GoldOracle.load(tmp_path)
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(LLMError, match="cannot read oracle fixtures"):
        GoldOracle.load(tmp_path)
