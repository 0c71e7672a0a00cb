"""The budget sentence of a department's final accounts (部门决算), cut by PDF line breaks, and
what it gives where the template's placeholders or a damaged text layer hold no figure."""

from __future__ import annotations

from pipeline.core.config import Config
from pipeline.core.document import Document
from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.budget import BudgetFinding
from pipeline.extract.rules.final_accounts import find_final_accounts_budget, is_final_accounts
from pipeline.process import extract_document

ACCOUNTS = (
    "二、收入决算情况说明\n"
    "本年收入合计3120.40万元，其中：财政拨款收入3120.40\n"
    "万元，占100.00%。\n"
    "三、支出决算情况说明\n"
    "本年支出合计3188.65万元，其中：基本支出2010.11万元。\n"
    "（三）一般公共预算财政拨款支出决算具体情况\n"
    "一般公共预算财政拨款支出年初预算为3402.18万元，支\n"
    "出决算为3120.40万元，完成年初预算的91.72%。决算数小于\n"
    "预算数的主要原因：部分项目未开展。其中：1、行政运行。年\n"
    "初预算为1500.00万元，支出决算为1498.20万元。\n"
)


def test_the_template_sentence_gives_initial_spent_and_rate_across_line_breaks() -> None:
    assert find_final_accounts_budget(ACCOUNTS) == BudgetFinding(
        initial=Found(3402.18, 141, 150),
        spent=Found(3120.4, 157, 166),
        execution_rate=Found(91.72, 174, 180),
    )
    assert ACCOUNTS[141:150] == "3402.18万元" and ACCOUNTS[174:180] == "91.72%"


def test_placeholders_and_lost_figures_give_nothing() -> None:
    template = "一般公共预算财政拨款支出年初预算为XXX万元，支出决算为XXX万元，完成年初预算的XX%。"
    lost = "一般公共预算财政拨款支出年初预算为万元，支出决算为万元，完\n成年初预算的。\n3402.18 3120.40\n"
    assert find_final_accounts_budget(template) is None
    assert find_final_accounts_budget(lost) is None


def test_without_a_spending_figure_the_sentence_gives_nothing() -> None:
    assert find_final_accounts_budget("一般公共预算财政拨款支出年初预算为3402.18万元。") is None


def test_the_sentence_is_the_budget_not_the_documents_income_and_spending_sums() -> None:
    text = "某区某局2024年度部门决算\n" + ACCOUNTS
    doc = Document(path="accounts.txt", sha256="0" * 64, format="txt", text=text)
    (project,) = extract_document(doc, Config()).projects
    assert project.budget.model_dump() == {
        "initial": 3402.18,
        "carryover": None,
        "adjusted": None,
        "spent": 3120.4,
        "execution_rate": 91.72,
    }


def test_a_final_accounts_prose_on_performance_gives_no_indicator() -> None:
    text = (
        "某区林业局2023年度部门决算\n十、预算绩效管理情况\n"
        "本部门组织对2023年度项目支出开展绩效自评，共涉及项目9个，资金1280.6万元，平均得分96.2分。"
        "对森林防火项目开展部门评价，全年巡护里程1860公里，林区群众满意度达96%。\n"
    )
    assert is_final_accounts(text)
    assert not is_final_accounts("某区林业局2023年度森林防火项目支出绩效自评报告\n")
    result = extract_document(Document("accounts.txt", "0" * 64, "txt", text), Config())
    assert [i.name for p in result.projects for i in p.indicators] == []
    assert [f.kind for f in result.flags if f.path == "projects"] == ["no_indicators"]


def test_a_final_accounts_names_itself_in_a_title_line_and_its_lists_are_no_indicators() -> None:
    assert is_final_accounts("某区林业局2023年度部门决算公开\n第一部分 部门概况\n")
    assert not is_final_accounts("部门整体支出绩效评价报告\n一、基本情况\n2021年部门决算收支完成情况。\n")
    text = (
        "某区林业局2023年度部门决算公开\n七、预算绩效管理情况\n"
        "1.数量指标：森林防火巡护里程目标值1800公里，实际完成1860公里。\n"
    )
    result = extract_document(Document("accounts.txt", "0" * 64, "txt", text), Config())
    assert [i.name for p in result.projects for i in p.indicators] == []
