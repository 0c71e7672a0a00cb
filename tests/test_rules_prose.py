from __future__ import annotations

import random

import pytest

from pipeline.extract.rules import prose
from pipeline.extract.rules.prose import ProseContext, clean_name, read_prose, states_goals


def _found(text: str, context: ProseContext | None = None) -> list[tuple[str, str | None, str | None]]:
    return [
        (c.name.text, c.target.text if c.target else None, c.actual.text if c.actual else None)
        for c in read_prose(text, 0, len(text), context or ProseContext())
    ]


def test_clean_name_strips_time_place_and_fillers() -> None:
    assert clean_name("2023年宿州市常住人口参保率达") == "常住人口参保率"
    assert clean_name("宿州市医保局共召开新闻发布会") == "召开新闻发布会"
    assert clean_name("统筹地区飞行检查覆盖率") == "统筹地区飞行检查覆盖率"


def test_results_are_actuals_and_goals_are_targets() -> None:
    assert _found("2023年宿州市常住人口参保率达99%以上。确保落实整改率达 98%。") == [
        ("常住人口参保率", None, "达99%以上"),
        ("落实整改率", "达 98%", None),
    ]


def test_numbers_that_are_not_indicators_are_skipped() -> None:
    text = "2024年下达资金5155万元，截至12月31日共支出4097.51万元，预算执行率为54.77%。召开会议研究部署。"
    assert _found(text) == []


def test_a_shared_value_goes_to_every_listed_name() -> None:
    assert _found("医保信息系统验收合格率、医保信息系统正常运行率均在90%以上，") == [
        ("医保信息系统验收合格率", None, "均在90%以上"),
        ("医保信息系统正常运行率", None, "均在90%以上"),
    ]


def test_a_name_after_the_number_follows_a_verb_of_assurance() -> None:
    assert _found("保证100%落实整改率，我县合计完成 99.07%已达到上级考核要求") == [
        ("落实整改率", "100%", None),
    ]


def test_goal_sections_make_targets_and_spans_are_exact() -> None:
    text = "城乡居民医疗保险基金财政补助到位率达100%，"
    (candidate,) = read_prose(text, 0, len(text), ProseContext(goal_section=True))
    assert candidate.target is not None and candidate.actual is None
    assert text[candidate.target.start : candidate.target.end] == "达100%"
    assert text[candidate.name.start : candidate.name.end] == "城乡居民医疗保险基金财政补助到位率"
    assert candidate.confidence < 0.5


def test_a_count_of_the_years_projects_is_not_an_indicator() -> None:
    text = "全年编报绩效目标的2024年度项目27个。其中自评等级为“中”的项目2个,等级为“差”的项目0个。"
    assert [c.name.text for c in read_prose(text, 0, len(text))] == []


def test_a_count_of_problems_the_evaluation_found_is_not_an_indicator() -> None:
    text = (
        "本局绩效自评的项目12个，平均得分96.5分。绩效自\n评中共发现问题3个，已整改问题2个。整改完成率达67%。"
    )
    found = read_prose(text, 0, len(text), ProseContext())
    assert [(c.name.text, c.name.start, c.name.end, c.actual and c.actual.text) for c in found] == [
        ("整改完成率", 45, 50, "达67%")
    ]


def test_tallies_of_the_evaluations_own_work_are_not_indicators() -> None:
    text = (
        "完成绩效自评项目15个，开展重点绩效评价项目3个。纳入绩效自评范围的项目共15个。"
        "评价组共回收有效问卷108份。完成农村公路建设项目12个。"
    )
    found = read_prose(text, 0, len(text), ProseContext())
    assert [(c.name.text, c.name.start, c.name.end, c.actual and c.actual.text) for c in found] == [
        ("农村公路建设项目", 56, 66, "12个")
    ]


def test_sentence_starts_are_carried_along_not_searched_per_clause(monkeypatch: pytest.MonkeyPatch) -> None:
    walks: list[int] = []
    walk = prose._sentence_start

    def counted(text: str, pos: int) -> int:
        walks.append(pos)
        return walk(text, pos)

    monkeypatch.setattr(prose, "_sentence_start", counted)
    sentence = "确保落实整改率达 98%，培训人数200人次。"
    text = sentence * 40
    assert len(_found(text)) == 80
    assert walks == [0]  # once per call, at its start; clauses after it reuse the carried start
    # the goal word of a sentence reaches its later clauses, never the next sentence
    assert _found("确保培训人数达200人次，落实整改率达98%。培训人数达180人次。") == [
        ("培训人数", "达200人次", None),
        ("落实整改率", "达98%", None),
        ("培训人数", None, "达180人次"),
    ]


def test_a_results_label_naming_the_goal_does_not_make_goals() -> None:
    text = "绩效目标完成情况:全年举办培训班18期,培训合格率达到96%。"
    assert _found(text) == [("举办培训班", None, "18期"), ("培训合格率", None, "达到96%")]


def test_a_summary_walking_the_levels_gives_each_clause_its_level() -> None:
    text = "一是产出指标方面,新建村级卫生室6所,培训村医120人次;二是效益指标方面,群众就医满意度达到93%。"
    read = read_prose(text, 0, len(text))
    assert [(c.name.text, c.level1 and c.level1.text, c.actual and c.actual.text) for c in read] == [
        ("新建村级卫生室", "产出指标", "6所"),
        ("培训村医", "产出指标", "120人次"),
        ("群众就医满意度", "效益指标", "达到93%"),
    ]
    assert read[2].level1 == prose.Cell("效益指标", 31, 35)


def test_a_results_title_states_no_goals() -> None:
    words = ("基本情况", "绩效目标")
    assert [
        states_goals(t, words) for t in ("二、绩效目标完成情况", "（二）年度绩效目标", "一、项目基本情况")
    ] == [
        False,
        True,
        True,
    ]


def test_counts_in_a_dated_chronicle_are_no_results_but_rates_and_cut_offs_are() -> None:
    text = (
        "2023年5月召开现场调度会，抽调业务骨干8人参加督导，验收合格率达96%。截至12月底，共举办技能培训班6期。"
    )
    assert [(c.name.text, c.actual.text if c.actual else None) for c in read_prose(text, 0, len(text))] == [
        ("验收合格率", "达96%"),
        ("举办技能培训班", "6期"),
    ]


def test_a_total_over_past_years_is_no_result() -> None:
    text = "历年共建成村级便民服务点21个，本年新建村级便民服务点4个。"
    assert [c.name.text for c in read_prose(text, 0, len(text))] == ["本年新建村级便民服务点"]


def test_a_plan_then_its_result_is_one_indicator_and_a_semicolon_ends_the_goal() -> None:
    text = (
        "全年计划改造农村户厕120户，实际改造126户，完成率105%；"
        "户厕验收合格率目标为95%，实际达到97%；群众满意度达93%。"
    )
    found = read_prose(text, 0, len(text))
    assert [(c.name.text, c.target and c.target.text, c.actual and c.actual.text) for c in found] == [
        ("改造农村户厕", "120户", "126户"),
        ("户厕验收合格率", "为95%", "达到97%"),
        ("群众满意度", None, "达93%"),
    ]
    actual = found[0].actual
    assert actual is not None and (actual.start, actual.end) == (text.index("126户"), text.index("126户") + 4)


def test_a_cut_off_or_a_period_is_no_chronicle() -> None:
    text = "截至12月31日，共举办技能培训班6期。"
    assert [(c.name.text, c.actual and c.actual.text) for c in read_prose(text, 0, len(text))] == [
        ("举办技能培训班", "6期")
    ]
    assert not prose._event_month("截至2023年12月共举办培训6期")
    assert not prose._event_month("2023年1-12月累计培训农民工820人次")
    assert prose._event_month("2023年3月召开项目启动会")


def test_a_plan_word_after_the_name_makes_the_clause_a_goal_and_a_later_result_its_actual() -> None:
    text = "群众对公共法律服务满意度预期达到90%以上，实际为95.1%；调解案件目标值400件，实际调解436件。"
    found = read_prose(text, 0, len(text))
    assert [(c.name.text, c.target and c.target.text, c.actual and c.actual.text) for c in found] == [
        ("群众对公共法律服务满意度", "达到90%以上", "为95.1%"),
        ("调解案件", "400件", "436件"),
    ]
    name = found[0].name
    assert (name.start, name.end) == (0, len("群众对公共法律服务满意度预期"))  # the words before the value


def test_an_area_noun_opening_a_name_is_no_place_and_counts_in_ten_thousands_are_counts() -> None:
    assert clean_name("项目区群众满意度") == "项目区群众满意度"
    assert clean_name("社区卫生服务覆盖率") == "社区卫生服务覆盖率"
    assert clean_name("某县城区道路保洁率") == "城区道路保洁率"
    assert _found("全年接待图书馆读者17.2万人次。") == [("接待图书馆读者", None, "17.2万人次")]


def test_a_years_goal_opening_the_clause_is_a_plan_and_a_bare_goal_word_is_part_of_the_name() -> None:
    assert prose.planned_name("年度目标养护农村公路里程") == "养护农村公路里程"
    assert prose.planned_name("目标人群覆盖率") is None
    assert _found("年度目标培训农村实用人才500人次，实际培训536人次。") == [
        ("培训农村实用人才", "500人次", "536人次")
    ]


def test_an_items_number_is_no_part_of_its_name() -> None:
    assert clean_name("2.全年开展法治宣传活动不少于") == "开展法治宣传活动"
    assert clean_name("（3）法律援助案件群众满意度") == "法律援助案件群众满意度"


def test_a_bare_target_label_names_nothing() -> None:
    assert _found("2024年目标值为≥500人，截至年底尚未考核。") == []


def test_a_price_is_a_cost_indicator_and_any_other_sum_is_not() -> None:
    text = "全年更新路灯灯具320盏，单盏灯具采购单价860元，下达资金27.52万元，每公里养护成本不超过3000元。"
    found = read_prose(text, 0, len(text))
    assert [(c.name.text, c.actual and c.actual.text) for c in found] == [
        ("单盏灯具采购单价", "860元"),
        ("每公里养护成本", "不超过3000元"),
    ]
    price = found[0].actual
    assert price is not None and (price.start, price.end) == (text.index("860元"), text.index("860元") + 4)


def test_only_clauses_with_a_number_or_a_list_mark_are_read() -> None:
    text = "共召开会议3次，工作有序推进，满意度达95%、"
    assert list(prose._clauses(text, 0, len(text))) == [(0, 7, 0, False), (15, 22, 0, True)]
    # a clause without a number between a listed name and its figure: the name is not shared
    assert _found("培训合格率、工作有序推进，结业率达90%。") == [("结业率", None, "达90%")]
    assert _found("培训合格率、结业率均达90%。") == [("培训合格率", None, "达90%"), ("结业率", None, "达90%")]


def test_a_sentence_starts_after_the_last_sentence_end_before_a_position() -> None:
    from pipeline.extract.rules.prose import _sentence_start

    def walked(text: str, pos: int) -> int:  # back one character at a time
        while pos > 0 and text[pos - 1] not in "。！？\n":
            pos -= 1
        return pos

    rng = random.Random(15)
    for _ in range(3000):
        text = "".join(
            rng.choices(
                "完成率达到。！？\n，", weights=[9, 9, 9, 9, 9, 1, 1, 1, 1, 2], k=rng.choice([5, 90, 400])
            )
        )
        for pos in range(0, len(text) + 1, 7):
            assert _sentence_start(text, pos) == walked(text, pos), (text, pos)
