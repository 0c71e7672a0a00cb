"""The rules backend on real documents in their original formats (skipped where the shared folder
of real files is not beside the repository)."""

from __future__ import annotations

import pytest

from pipeline.cli.extract import report_status
from pipeline.core.config import Config
from pipeline.core.models import ReportExtraction
from pipeline.ingest import read_document
from pipeline.process import extract_document
from tests.shared_data import shared_dir

FILES = shared_dir("realworld", "files")
needs_files = pytest.mark.skipif(
    not FILES.is_dir(), reason="../shared/realworld/files is not on this machine"
)
FINAL_ACCOUNTS = (
    "sh_putuo_finance_bureau_2024_final_accounts.pdf",
    "sh_putuo_planning_resources_2024_final_accounts.pdf",
)


def _extract(name: str) -> ReportExtraction:
    return extract_document(read_document(FILES / name), Config())


@needs_files
def test_workbook_gives_the_fourteen_rows_of_its_monitoring_sheet() -> None:
    result = _extract("pku_football2019_project_export.xls")
    (project,) = result.projects
    rows = [(i.level1, i.level2, i.name, i.target.raw) for i in project.indicators]
    assert rows == [
        ("产出指标", "成本指标", "成本节约率", "≥0"),
        ("产出指标", "成本指标", "成本控制率", "1"),
        ("产出指标", "时效指标", "项目完成及时率", "≥90%"),
        ("产出指标", "数量指标", "媒体播出", "5次"),
        ("产出指标", "数量指标", "完成出版物出版", "10套"),
        ("产出指标", "数量指标", "完成动画短剧的制作", "20集"),
        ("产出指标", "质量指标", "媒体播出标准", "优秀"),
        ("产出指标", "质量指标", "音像出版标准", "优秀"),
        ("效益指标", "可持续影响指标", "在校园普及足球运动技术", "作用明显"),
        ("效益指标", "可持续影响指标", "中国足球运动打好基础", "作用明显"),
        ("效益指标", "社会效益指标", "提高校园青少年足球水平", "显著提高"),
        ("效益指标", "社会效益指标", "在校园推广足球运动", "推广面广"),
        ("满意度指标", "校园用户满意度", "媒体播出满意度", "很满意"),
        ("满意度指标", "校园用户满意度", "校园用户满意度", "很满意"),
    ]


@needs_files
def test_blank_template_gives_no_values() -> None:
    result = _extract("TEMPLATE_sh_2024_dept_final_accounts_template.pdf")
    assert [p.indicators for p in result.projects] == [()]
    assert result.budget_lines == ()
    assert all(p.budget.model_dump() == dict.fromkeys(p.budget.model_dump()) for p in result.projects)
    assert [p.self_score for p in result.projects] == [None]


@needs_files
@pytest.mark.parametrize("name", [*FINAL_ACCOUNTS, "henan_skills_contest_2021_2024_eval_report.md"])
def test_other_real_files_give_no_header_or_placeholder_rows(name: str) -> None:
    result = _extract(name)
    junk = ("指标", "项目名称", "年度", "XX", "合计")
    for project in result.projects:
        for indicator in project.indicators:
            assert not indicator.name.endswith(junk), indicator.name
            assert indicator.target.raw != indicator.name


@needs_files
def test_workbook_budget_comes_from_its_fund_table_not_its_plan_sheets() -> None:
    result = _extract("pku_football2019_project_export.xls")
    (project,) = result.projects
    assert (project.budget.initial, project.self_score) == (190, None)
    assert [line.name for line in result.budget_lines][:2] == ["年度资金总额", "财政拨款"]


@needs_files
def test_workbook_part_year_figures_are_no_spending_and_no_actuals() -> None:
    """Its fund table states 1-7月执行数 and 全年预计执行数; the year-end self-evaluation sheet is
    empty: nothing states what the year spent or achieved."""
    result = _extract("pku_football2019_project_export.xls")
    (project,) = result.projects
    assert (project.budget.spent, project.budget.execution_rate) == (None, None)
    assert {(line.spent, line.execution_rate) for line in result.budget_lines} == {(None, None)}
    assert {i.actual.raw for i in project.indicators} == {None}


@needs_files
def test_a_final_accounts_cover_with_its_year_on_a_line_of_its_own() -> None:
    report = _extract("sh_putuo_finance_bureau_2024_final_accounts.pdf").report
    assert (report.title, report.fiscal_year) == ("上海市普陀区财政局2024年度部门决算", 2024)


@needs_files
def test_the_workbooks_unit_is_read_past_its_code() -> None:
    report = _extract("pku_football2019_project_export.xls").report
    assert report.agency == "北京大学"


@needs_files
def test_evaluation_report_gives_every_coded_item_of_its_scoring_system() -> None:
    result = _extract("henan_skills_contest_2021_2024_eval_report.md")
    (project,) = result.projects
    items = project.indicators
    # the report: 4 一级, 12 二级, 28 三级 indicators; 100 points, 65.00 scored
    assert len(items) == 28
    assert len({i.level2 for i in items}) == 12
    assert [i.level1 for i in items].count("决策") == 6
    assert sum(i.weight or 0 for i in items) == 100
    assert round(sum(i.score or 0 for i in items), 2) == 65.0
    first, second = items[:2]
    assert (first.level1, first.level2, first.name, first.weight, first.score) == (
        "决策",
        "项目立项",
        "立项依据充分性",
        2,
        2,
    )
    assert (second.name, second.weight, second.score) == ("立项程序规范性", 3, 0)
    last = items[-1]
    assert (last.level1, last.level2, last.name, last.weight, last.score) == (
        "效益",
        "社会公众或服务对象满意度",
        "参赛选手、专家教练团队及选送单位补助对象满意度",
        4,
        4,
    )
    assert [f.kind for f in result.flags] == []
    assert report_status(result) == "ok"


@needs_files
@pytest.mark.parametrize("name", [*FINAL_ACCOUNTS, "TEMPLATE_sh_2024_dept_final_accounts_template.pdf"])
def test_final_accounts_hold_no_indicator_table_and_say_so(name: str) -> None:
    result = _extract(name)
    assert [p.indicators for p in result.projects] == [()]
    assert "no_indicators" in {f.kind for f in result.flags}


@needs_files
def test_final_accounts_budget_is_the_year_budget_sentence_or_nothing() -> None:
    planning = _extract("sh_putuo_planning_resources_2024_final_accounts.pdf")
    assert planning.projects[0].budget.model_dump() == {
        "initial": 10210.34,
        "carryover": None,
        "adjusted": None,
        "spent": 9746.5,
        "execution_rate": 95.45,
    }
    # the finance bureau sets its figures in a Latin font boxed lower than its Chinese: read by their
    # baseline, they stay in the template's sentence (年初预算为2993.92万元，支出决算为2940.05万元，…98.20%)
    finance = _extract("sh_putuo_finance_bureau_2024_final_accounts.pdf")
    assert finance.projects[0].budget.model_dump() == {
        "initial": 2993.92,
        "carryover": None,
        "adjusted": None,
        "spent": 2940.05,
        "execution_rate": 98.2,
    }


@needs_files
def test_the_workbooks_title_and_year_are_its_monitoring_forms() -> None:
    """Its planning sheets are headed `( 2020年度)`; the form with the indicators is the 2019 one."""
    report = _extract("pku_football2019_project_export.xls").report
    assert (report.title, report.fiscal_year) == ("项目支出绩效目标执行监控表( 2019年度)", 2019)
