"""The scored appraisal table of a provincial project form: 项目权重 | 评价内容 | 分值 | 自评分 |
复核分 | 评价标准及依据, read as scored indicators under their groups."""

from __future__ import annotations

from pipeline.extract.rules.appraisal import read_appraisal, read_fused_appraisal
from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.indicators import find_candidates
from pipeline.extract.rules.sections import find_sections
from pipeline.layout import recover_layout

FORM = (
    "某市财政预算支出项目绩效目标自评表\n"
    "项目名称\t2023年妇幼健康服务补助项目\n"
    "项目权重\t评价内容\t分值\t自评分\t复核分\t评价标准及依据\n"
    "项目决策3分\t决策依据\t3\t3\t\t有项目年度工作计划或上级文件计3分，没有不得分。\n"
    "项目管理12分\t财务制度\t4\t4\t\t1、单位财务管理制度2分；2、有制度执行佐证资料2分。\n"
    "\t组织机构\t3\t2\t3\t有明确的绩效管理机构或专人负责3分。\n"
    "\t运行监管\t5\t\t\t1、运行监管记录4分；2、填报绩效监控表1分。\n"
)


def _rows(text: str) -> list[tuple[Cell, Cell | None, Cell | None, Cell | None]]:
    return [(c.name, c.level1, c.weight, c.score) for c in read_appraisal(recover_layout(text).tables)]


def test_each_scored_row_is_an_indicator_under_its_group() -> None:
    assert _rows(FORM) == [
        (Cell("决策依据", 75, 79), Cell("项目决策", 68, 72), Cell("3", 80, 81), Cell("3", 82, 83)),
        (Cell("财务制度", 118, 122), Cell("项目管理", 110, 114), Cell("4", 123, 124), Cell("4", 125, 126)),
        (Cell("组织机构", 157, 161), Cell("项目管理", 110, 114), Cell("3", 162, 163), Cell("2", 164, 165)),
        (Cell("运行监管", 188, 192), Cell("项目管理", 110, 114), Cell("5", 193, 194), None),
    ]


def test_a_table_without_an_appraisal_header_is_not_read_here() -> None:
    text = "一级指标\t二级指标\t三级指标\t分值\t得分\n产出指标\t数量指标\t服务人次\t20\t20\n"
    assert _rows(text) == []


# The same table run into one line by a PDF converter: cells fused, rows ending in 。 or 不得分.
FUSED = (
    "自评总分:96项目权重评价内容分值自评分复核分评价标准及依据项目决策3分决策依据33有项目年度"
    "工作计划计3分,没有不得分。项目管理12分财务制度441、单位财务管理制度2分;2、有佐证资料2分。"
    "组织机构322有明确的绩效管理机构3分。没有不得分运行监管541、运行监管记录4分。一级指标二级指标"
)


def test_fused_rows_are_split_where_the_group_points_prove_it() -> None:
    found = [
        (c.name, c.level1, c.weight, c.score, c.notes, c.confidence) for c in read_fused_appraisal(FUSED)
    ]
    decision, management = Cell("项目决策", 30, 34), Cell("项目管理", 61, 65)
    note = ("cells_split_by_pattern",)
    assert found == [
        (Cell("决策依据", 36, 40), decision, Cell("3", 40, 41), Cell("3", 41, 42), note, 0.5),
        (Cell("财务制度", 68, 72), management, Cell("4", 72, 73), Cell("4", 73, 74), note, 0.5),
        (Cell("组织机构", 97, 101), management, Cell("3", 101, 102), Cell("2", 102, 103), note, 0.5),
        (Cell("运行监管", 122, 126), management, Cell("5", 126, 127), Cell("4", 127, 128), note, 0.5),
    ]


def test_fused_rows_whose_weights_miss_the_group_points_are_left_out() -> None:
    text = FUSED.replace("项目管理12分", "项目管理15分")
    assert [c.name.text for c in read_fused_appraisal(text)] == ["决策依据"]


def test_no_fused_header_no_fused_rows() -> None:
    assert read_fused_appraisal(FUSED.replace("项目权重", "")) == []


def test_an_appraisal_table_headed_by_its_level_column_is_read_once_with_no_target() -> None:
    text = (
        "项目名称\t某项目\n一级指标\t评价内容\t分值\t自评分\t复核分\t评价标准\n"
        "项目决策\t决策依据\t3\t3\t\t有计划计3分\n项目管理\t财务制度\t4\t4\t\t有制度计4分\n"
    )
    found = find_candidates(text, find_sections(text), recover_layout(text))
    assert [
        (c.name.text, c.level1 and c.level1.text, c.target, c.weight and c.weight.text) for c in found
    ] == [
        ("决策依据", "项目决策", None, "3"),
        ("财务制度", "项目管理", None, "4"),
    ]
