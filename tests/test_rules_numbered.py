from __future__ import annotations

from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.numbered import pick_actual, read_numbered

TEXT = (
    "2.绩效指标设定情况：\n"
    "（1）出具审计报告≥5份；\n"
    "（2）对定点机构开展检查的家数≥18家次；\n"
    "（3）系统开发数量≥2个。\n"
    "四、项目绩效情况\n"
    "（1）出具审计报告≥5份。已出具审计报告5份。\n"
    "（2）对定点机构开展检查的家数≥18家次。组建2个飞检组对18家定点医药机构实施检查。\n"
    "（3）系统开发数量≥2个。2024年两个系统开工建设中。\n"
)


def test_targets_take_the_actual_from_their_later_repeat() -> None:
    found = [
        (c.name.text, c.target.text if c.target else None, c.actual.text if c.actual else None)
        for c in read_numbered(TEXT)
    ]
    assert found == [
        ("出具审计报告", "≥5份", "5份"),
        ("对定点机构开展检查的家数", "≥18家次", "18家"),
        ("系统开发数量", "≥2个", None),
    ]


def test_spans_point_at_the_first_statement_and_the_result() -> None:
    first = read_numbered(TEXT)[0]
    assert TEXT[first.name.start : first.name.end] == "出具审计报告"
    assert first.name.start == TEXT.index("出具审计报告")
    assert first.actual is not None
    assert first.actual.start == TEXT.index("5份。\n", TEXT.index("已出具"))


def test_items_without_a_comparator_are_not_targets() -> None:
    assert read_numbered("（1）加强组织领导；\n（2）完善制度。\n") == []


def test_pick_actual_prefers_the_targets_unit_then_the_name() -> None:
    rest = "开展中成药评价等11项真研课题研究，2个创新药成功纳入目录"
    cell = pick_actual(Cell(rest, 100, 100 + len(rest)), "个", "真实世界研究项目")
    assert cell == Cell("11项", 100 + rest.index("11项"), 100 + rest.index("11项") + 3)
    assert pick_actual(Cell("截至2024年底，共追回7239.31万元", 0, 22), "万元") == Cell("7239.31万元", 12, 21)
    assert pick_actual(Cell("开工建设中", 0, 5), "个") is None


def _picked(sentence: str, unit: str | None, name: str) -> str | None:
    cell = pick_actual(Cell(sentence, 0, len(sentence)), unit, name)
    return None if cell is None else cell.text


def test_pick_actual_prefers_the_quantity_the_indicator_names() -> None:
    assert _picked("全年举办2期专题班、7场业务培训", "场", "培训场次") == "7场"
    assert _picked("开展3个试点，完成5项课题研究", "个", "课题研究项目") == "5项"
    assert _picked("派出3个工作组赴各地，对12家定点机构开展检查", "家次", "检查家数") == "12家"
    assert _picked("覆盖率达到96%，共10人参加", "人", "参训人数") == "10人"
    assert _picked("2023年完成", "个", "任务数") is None


def test_an_item_whose_name_runs_over_a_clause_is_no_target_item() -> None:
    text = "（1）数量指标：改造农村危房，年度目标值≥80户，实际完成值86户。\n（2）改造农村危房≥80户；\n"
    assert [(c.name.text, c.target.text if c.target else None) for c in read_numbered(text)] == [
        ("改造农村危房", "≥80户")
    ]
