"""How the oracle reads gold items in one chunk: only what is written there, quoted verbatim."""

from __future__ import annotations

from typing import Any

from pipeline_testing.fake_reader import ChunkReader


def gold(name: str, target: str | None = None, actual: str | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "project": extra.get("project", "项目"),
        "level1": None,
        "level2": None,
        "name": name,
        "target": {"raw": target, "op": extra.get("op"), "value": extra.get("tv"), "unit": extra.get("tu")},
        "actual": {"raw": actual, "value": extra.get("av"), "unit": extra.get("au")},
        "weight": None,
        "score": None,
        "deviation_reason": None,
    }


def read(chunk: str, *golds: dict[str, Any]) -> list[tuple[str, str | None, str | None, str | None]]:
    """(name, name quote, target quote, actual quote) of every indicator read."""
    items = ChunkReader.of(chunk).indicators(golds)
    return [(i["name"], i["quotes"]["name"], i["quotes"]["target"], i["quotes"]["actual"]) for i in items]


def test_a_name_written_inside_a_longer_gold_name_is_the_longer_indicator() -> None:
    society, public = gold("社会公众满意度", project="甲"), gold("公众满意度", project="乙")
    assert read("保证社会公众满意度。", society, public) == [("社会公众满意度", "社会公众满意度", None, None)]
    assert read("保证公众满意度。", society, public) == [("公众满意度", "公众满意度", None, None)]


def test_a_value_before_the_name_counts_within_its_clause_only() -> None:
    rate = gold("落实整改率", "100%", op=None, tv=100, tu="%")
    assert read("责令整改，保证 100% 落实整改率，切实保障。", rate) == [
        ("落实整改率", "落实整改率", "100%", None)
    ]
    assert read("覆盖率达100%，落实整改率有所提高。", rate) == [("落实整改率", "落实整改率", None, None)]


def test_names_joined_by_a_list_mark_share_the_value_after_them() -> None:
    checked = gold("医保信息系统验收合格率", actual="90%以上", av=90, au="%")
    running = gold("医保信息系统正常运行率", actual="90%以上", av=90, au="%")
    response = gold("重大安全事件响应时间", actual="≤60分钟", av=60, au="分钟")
    chunk = "医保信息系统验收合格率、医保信息系统正常运行率均在90%以上，重大安全事件响应时间≤60分钟。"
    assert read(chunk, checked, running, response) == [
        ("医保信息系统验收合格率", "医保信息系统验收合格率", None, "90%以上"),
        ("医保信息系统正常运行率", "医保信息系统正常运行率", None, "90%以上"),
        ("重大安全事件响应时间", "重大安全事件响应时间", None, "≤60分钟"),
    ]


def test_a_second_mention_gives_the_actual_the_first_one_lacks() -> None:
    rate = gold("集中采购执行率", "达100%", "100%", op=">=", tv=100, tu="%", av=100, au="%")
    chunk = "确保集中采购执行率达100%。\n\n2020年，全县集中采购执行率达 100%。"
    item = ChunkReader.of(chunk).indicators([rate])[0]
    assert (item["target_raw"], item["op"], item["actual_raw"], item["actual_value"]) == (
        "达100%",
        ">=",
        "100%",
        100,
    )
    once = ChunkReader.of("确保集中采购执行率达100%。").indicators([rate])[0]
    assert (once["target_raw"], once["actual_raw"]) == ("达100%", None)  # one mention is one value


def test_an_unnamed_indicator_is_read_where_its_distinctive_target_is() -> None:
    checks = gold("检查医疗机构数量", "至少检查我县 58 家", op=">=", tv=58, tu="家")
    short = gold("考核任务完成率", "达 100%", op=">=", tv=100, tu="%")
    chunk = "至少检查我县58家医疗机构，确保任务达100%。"
    assert read(chunk, checks, short) == [("检查医疗机构数量", "至少检查我县58家", "至少检查我县58家", None)]


def test_a_self_score_stated_by_its_label_is_a_budget_of_its_own() -> None:
    project = {"name": "工作经费", "budget": {"initial": 3.0, "adjusted": 2.589}, "self_score": 92}
    assert ChunkReader.of("县医保局自评 92 分。").budgets([project]) == [
        {
            "initial": None,
            "carryover": None,
            "adjusted": None,
            "spent": None,
            "execution_rate": None,
            "self_score": 92,
            "project": None,
            "quotes": {
                "initial": None,
                "carryover": None,
                "adjusted": None,
                "spent": None,
                "execution_rate": None,
                "self_score": "92",
            },
        }
    ]
    assert ChunkReader.of("共有 92 家机构参与。").budgets([project]) == []


def test_an_agency_is_found_in_its_usual_short_form() -> None:
    report = {"title": "某报告", "agency": "宿州市医疗保障局", "fiscal_year": 2023, "city": "宿州市"}
    answer = ChunkReader.of("2023年宿州市医保局共召开新闻发布会4次。").report(report)
    assert answer == {
        "title": None,
        "report_kind": None,
        "fiscal_year": 2023,
        "agency": "宿州市医疗保障局",
        "province": None,
        "city": "宿州市",
        "county": None,
        "quotes": {"title": None, "fiscal_year": "2023", "agency": "宿州市医保局"},
    }
