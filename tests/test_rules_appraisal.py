"""The scored appraisal table of a provincial project form: 项目权重 | 评价内容 | 分值 | 自评分 |
复核分 | 评价标准及依据, read as scored indicators under their groups."""

from __future__ import annotations

from pipeline.extract.rules.appraisal import read_appraisal
from pipeline.extract.rules.cells import Cell
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
