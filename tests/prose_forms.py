"""Indicator results stated in prose, written as new text, and the ways real reports word them.

Reports without an indicator table (small projects, school funds, department self-evaluations)
state each result in a sentence under `绩效目标完成情况`. A `ProseForm` is one report's results:
`Result`s with levels, name, target (with its comparator) and actual. Each `render_*` function
words them the way one kind of report does (level-labelled sentences stating the actual before
the target and the completion rate; a numbered list, target first; one sentence per indicator
under level headings; a paragraph of `…指标方面` lead-ins joined by semicolons). Every rendering
ends with the sections that hold numbers but no indicator (`NARRATIVE`: problems, next year's
plans, meetings, money). `NOT_INDICATORS` are reports made of such prose only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from tests.layout_forms import Expected


@dataclass(frozen=True)
class Result:
    """One indicator result: its levels, name, target (comparator symbol or "", number, unit)
    and actual number."""

    level1: str
    level2: str
    name: str
    op: str
    target: str
    unit: str
    actual: str

    @property
    def target_raw(self) -> str:
        return f"{self.op}{self.target}{self.unit}"

    @property
    def actual_raw(self) -> str:
        return f"{self.actual}{self.unit}"

    @property
    def rate(self) -> str:
        """The completion rate a report states with the result (actual ÷ target)."""
        return f"{round(float(self.actual) / float(self.target) * 100)}%"

    @property
    def link(self) -> str:
        """The word a report puts between a rate and its value (`合格率达98%`)."""
        return "达" if self.unit == "%" else ""

    def expected(self, levels: tuple[str | None, str | None]) -> Expected:
        op = {"≥": ">=", "≤": "<=", "": None}[self.op]
        target = (self.target_raw, op, float(self.target), self.unit)
        return Expected(levels, self.name, target, (self.actual_raw, float(self.actual), self.unit))

    def expected_result(self, levels: tuple[str | None, str | None], actual_raw: str) -> Expected:
        """Read from a sentence stating the result only (no target)."""
        return Expected(
            levels, self.name, (None, None, None, None), (actual_raw, float(self.actual), self.unit)
        )


@dataclass(frozen=True)
class ProseForm:
    key: str
    title: str
    results: tuple[Result, ...]


# A county culture bureau's project: counts, rates and a satisfaction figure.
CULTURE = ProseForm(
    "culture",
    "某县文化和旅游局2023年度公共文化服务体系建设项目支出绩效自评报告",
    (
        Result("产出指标", "数量指标", "新建村级文化活动室", "≥", "15", "个", "18"),
        Result("产出指标", "数量指标", "培训基层文艺骨干", "≥", "300", "人次", "320"),
        Result("产出指标", "质量指标", "活动场地验收合格率", "≥", "95", "%", "98"),
        Result("产出指标", "时效指标", "补助资金拨付及时率", "", "100", "%", "100"),
        Result("效益指标", "社会效益指标", "群众文化活动参与率", "≥", "85", "%", "87"),
        Result("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥", "90", "%", "94.5"),
    ),
)

# A school's equipment fund: a cost ceiling and a long name.
SCHOOL = ProseForm(
    "school",
    "某市第二中学2023年度教学设备购置专项资金绩效自评报告",
    (
        Result("产出指标", "数量指标", "购置学生实验桌椅", "≥", "240", "套", "252"),
        Result("产出指标", "质量指标", "设备安装验收合格率", "", "100", "%", "100"),
        Result("产出指标", "成本指标", "单套桌椅采购单价", "≤", "1200", "元", "1150"),
        Result("效益指标", "可持续影响指标", "实验课程开出率", "≥", "90", "%", "96"),
        Result("满意度指标", "服务对象满意度指标", "学生及家长满意度", "≥", "90", "%", "93"),
    ),
)

PROSE_FORMS = (CULTURE, SCHOOL)

# What surrounds the results in every report: numbers that are no indicator.
NARRATIVE = """三、存在的问题
部分乡镇活动组织不够及时，2022年同类活动参与人数仅1.2万人次，资金到位较晚，截至9月底支出86.5万元。
四、下一步工作计划
下一步将确保验收合格率达98%以上，力争2024年参与人数达到2万人次，并于2024年3月15日前召开项目推进会。
"""

_CN = "一二三四五六七八九十"


def _numbered_levels(form: ProseForm, line: Callable[[int, Result], str]) -> list[str]:
    """Level-1 headings `（一）产出指标`, then one line per result."""
    lines, level1 = [], ""
    for number, r in enumerate(form.results, start=1):
        if r.level1 != level1:
            level1 = r.level1
            lines.append(f"（{_CN[len({x.level1 for x in form.results[:number]}) - 1]}）{level1}")
        lines.append(line(number, r))
    return lines


def _report(form: ProseForm, body: list[str]) -> str:
    head = [
        form.title,
        "一、项目基本情况",
        "本项目年度预算资金150万元，由县财政全额安排。",
        "二、绩效目标完成情况",
    ]
    return "\n".join([*head, *body]) + "\n" + NARRATIVE


def render_level_sentences(form: ProseForm) -> str:
    """`1.数量指标：新建村级文化活动室18个，目标值≥15个，完成率120%。` — the actual first."""

    def line(number: int, r: Result) -> str:
        return f"{number}.{r.level2}：{r.name}{r.link}{r.actual_raw}，目标值{r.target_raw}，完成率{r.rate}。"

    return _report(form, _numbered_levels(form, line))


def render_numbered_list(form: ProseForm) -> str:
    """`（1）数量指标：新建村级文化活动室，年度目标值≥15个，实际完成值18个。` — the target first."""

    def line(number: int, r: Result) -> str:
        return f"（{number}）{r.level2}：{r.name}，年度目标值{r.target_raw}，实际完成值{r.actual_raw}。"

    return _report(form, _numbered_levels(form, line))


def render_sentences_under_headings(form: ProseForm) -> str:
    """Level headings on their own lines, then one unnumbered sentence per result."""
    level2 = ""

    def line(number: int, r: Result) -> str:
        nonlocal level2
        heading = "" if r.level2 == level2 else f"{r.level2}\n"
        level2 = r.level2
        return f"{heading}{r.name}，年初目标值{r.target_raw}，实际完成值{r.actual_raw}。"

    return _report(form, _numbered_levels(form, line))


def render_lead_in_paragraph(form: ProseForm) -> str:
    """One paragraph: `产出指标方面，A目标值…，实际完成值…；B…。效益指标方面，…。`"""
    groups: dict[str, list[Result]] = {}
    for r in form.results:
        groups.setdefault(r.level1, []).append(r)
    parts = [
        f"{level1}方面，"
        + "；".join(f"{r.name}目标值{r.target_raw}，实际完成值{r.actual_raw}" for r in results)
        + "。"
        for level1, results in groups.items()
    ]
    return _report(form, ["".join(parts)])


def render_plan_and_result(form: ProseForm) -> str:
    """`1.数量指标：计划新建村级文化活动室15个，实际新建18个，完成率120%。` — the target as a plan,
    written without its comparator."""

    def line(number: int, r: Result) -> str:
        return (
            f"{number}.{r.level2}：计划{r.name}{r.target}{r.unit}，实际完成{r.actual_raw}，完成率{r.rate}。"
        )

    return _report(form, _numbered_levels(form, line))


RENDERINGS: dict[str, Callable[[ProseForm], str]] = {
    "level_sentences": render_level_sentences,
    "numbered_list": render_numbered_list,
    "sentences_under_headings": render_sentences_under_headings,
    "lead_in_paragraph": render_lead_in_paragraph,
    "plan_and_result": render_plan_and_result,
}


def expected(form: ProseForm, rendering: str) -> tuple[Expected, ...]:
    """What a careful reader takes from `form` worded by `rendering`: a lead-in paragraph names
    only the 一级 level."""
    only_level1 = rendering == "lead_in_paragraph"
    found = []
    for r in form.results:
        read = r.expected((r.level1, None if only_level1 else r.level2))
        if rendering == "plan_and_result":  # a plan states no comparator
            read = replace(read, target=(f"{r.target}{r.unit}", None, float(r.target), r.unit))
        found.append(read)
    return tuple(found)


def render_level_results(form: ProseForm) -> str:
    """Results only, after their 二级 label: `2.质量指标：活动场地验收合格率达98%。`"""

    def line(number: int, r: Result) -> str:
        return f"{number}.{r.level2}：{r.name}{r.link}{r.actual_raw}。"

    return _report(form, _numbered_levels(form, line))


def render_results_paragraph(form: ProseForm) -> str:
    """Results only, in one sentence: `2023年，我单位全年新建…18个，…，活动场地验收合格率达98%。`"""
    clauses = "，".join(f"{r.name}{r.link}{r.actual_raw}" for r in form.results)
    return _report(form, [f"2023年，我单位全年{clauses}。"])


# Wordings that state results without targets; prose keeps the link word in its raw (`达98%`).
RESULT_RENDERINGS: dict[str, Callable[[ProseForm], str]] = {
    "level_results": render_level_results,
    "results_paragraph": render_results_paragraph,
}


def expected_results(form: ProseForm, rendering: str) -> tuple[Expected, ...]:
    """What a careful reader takes from `form` worded by a `RESULT_RENDERINGS` rendering."""
    if rendering == "level_results":
        return tuple(r.expected_result((r.level1, r.level2), r.actual_raw) for r in form.results)
    return tuple(r.expected_result((None, None), r.link + r.actual_raw) for r in form.results)


# Reports whose prose holds numbers but no indicator result.
NOT_INDICATORS: dict[str, str] = {
    "unit_history": """某县农业农村局2023年度部门整体支出绩效自评报告
一、部门基本情况
本局成立于1984年，现有在职人员46人，内设股室9个，下属事业单位3个。2023年召开党组会议14次。
""",
    "money_and_meetings": """某县农业农村局2023年度部门整体支出绩效自评报告
一、绩效目标完成情况
全年预算资金320万元，实际支出301.6万元。2023年4月12日召开项目调度会，2023年10月20日完成项目验收。
""",
    "chronicle_and_history": """某县水利局2023年度农村饮水工程维修养护项目支出绩效自评报告
一、项目实施情况
2023年4月召开项目推进会，抽调技术人员6人开展巡查，共印发通知4份，8月完成工程招标。
二、绩效自评发现的问题
部分乡镇配套资金到位滞后，涉及乡镇3个、工程5处，整改率仅为70%。
三、项目绩效情况
该项目自2017年实施以来累计投入资金920万元，历年共建成集中供水点15个。
""",
    "problems_and_plans": """某县农业农村局2023年度部门整体支出绩效自评报告
一、存在的问题
部分项目前期准备不足，2个项目推迟开工，资金支出进度仅为计划的80%。
二、下一步工作计划
下一步将确保项目验收合格率达100%，力争群众满意度保持在95%以上，培训农民500人次。
""",
}
