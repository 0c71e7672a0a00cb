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

import re
import unicodedata
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


def pass_table(
    label: str, keys: list[str], columns: list[str], problems: Callable[[str, str], list[str]]
) -> str:
    """The pass/fail table of `keys` (rows) × `columns`: `pass`, or `FAIL n` with n the problems
    `problems(key, column)` lists."""
    lines = [f"| {label} | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for key in keys:
        marks = ["pass" if not (found := problems(key, c)) else f"FAIL {len(found)}" for c in columns]
        lines.append(f"| {key} | " + " | ".join(marks) + " |")
    return "\n".join(lines)


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


def render_label_after_name(form: ProseForm) -> str:
    """`1.数量指标：新建村级文化活动室目标值≥15个，实际达到18个。` — the target label after the name."""

    def line(number: int, r: Result) -> str:
        return f"{number}.{r.level2}：{r.name}目标值{r.target_raw}，实际达到{r.actual_raw}。"

    return _report(form, _numbered_levels(form, line))


def render_expected_under_headings(form: ProseForm) -> str:
    """Level headings, then `新建村级文化活动室预期≥15个，实际18个，完成率120%。` — a plan word
    after the name, the result after 实际."""
    level2 = ""

    def line(number: int, r: Result) -> str:
        nonlocal level2
        heading = "" if r.level2 == level2 else f"{r.level2}\n"
        level2 = r.level2
        return f"{heading}{r.name}预期{r.target_raw}，实际{r.actual_raw}，完成率{r.rate}。"

    return _report(form, _numbered_levels(form, line))


RENDERINGS: dict[str, Callable[[ProseForm], str]] = {
    "level_sentences": render_level_sentences,
    "numbered_list": render_numbered_list,
    "sentences_under_headings": render_sentences_under_headings,
    "lead_in_paragraph": render_lead_in_paragraph,
    "plan_and_result": render_plan_and_result,
    "label_after_name": render_label_after_name,
    "expected_under_headings": render_expected_under_headings,
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


# --- Whole reports written in prose --------------------------------------------------------------
#
# A `ProseReport` is one report as its unit writes it (paragraphs, title first) with what a careful
# reader takes from it: the report fields, the project's budget and the indicators. The kinds of
# document are the ones published as prose: a project's self-evaluation (一、项目概况 … 二、绩效目标
# 完成情况 with `（一）产出指标 1.数量指标：…目标值…，实际完成…`), a department's overall report
# (收入/支出 totals, 基本支出/项目支出, 三公经费, then 履职效果 with a few indicator sentences), a
# department's final accounts (决算) whose 预算绩效管理情况 summarises other evaluations, and a
# document site's page that flattened the report to one paragraph. Each budget sits among figures
# that are not the project's for the year: last year's budget, the department's whole budget, funds
# received (到位), money left over (结余), the 三公 part.


@dataclass(frozen=True)
class Read:
    """One indicator as the scorer compares it: levels, name, target op/value/unit, actual value."""

    level1: str | None
    level2: str | None
    name: str
    op: str | None
    target: float | None
    unit: str | None
    actual: float | None


@dataclass(frozen=True)
class ProseReport:
    key: str
    lines: tuple[str, ...]
    title: str
    agency: str
    fiscal_year: int
    kind: str
    budget: tuple[float | None, float | None, float | None, float | None]  # initial, adjusted, spent, rate
    indicators: tuple[Read, ...]


_OUT, _BEN, _SAT = "产出指标", "效益指标", "满意度指标"

FARMLAND = ProseReport(
    "farmland",
    (
        "青岩县农业农村局2023年度高标准农田建设项目支出绩效自评报告",
        "一、项目概况",
        "（一）项目基本情况",
        "高标准农田建设项目是我局2023年重点实施的农业基础设施项目，涉及全县6个乡镇42个行政村。"
        "2022年度该项目预算480万元，建成高标准农田1.6万亩。",
        "（二）项目资金情况",
        "本局2023年部门预算总额3260.5万元。2023年年初预算安排本项目资金560万元，年中追加40万元，"
        "调整后预算600万元。截至2023年12月31日，资金到位600万元，实际支出571.2万元，"
        "预算执行率95.2%，结余资金28.8万元已按规定收回财政。",
        "二、绩效目标完成情况",
        "（一）产出指标",
        "1.数量指标：新建高标准农田年度目标值20000亩，实际完成21000亩，完成率105%。",
        "2.质量指标：工程验收合格率目标值≥95%，实际达到98%。",
        "3.时效指标：项目按期完工率计划100%，实际完成100%。",
        "（二）效益指标",
        "1.经济效益指标：项目区粮食亩均增产预期目标≥50公斤，实际增产56公斤。",
        "2.可持续影响指标：田间工程设施完好率目标值≥90%，实际为93%。",
        "（三）满意度指标",
        "服务对象满意度指标：项目区群众满意度目标值≥90%，实际达到96.3%。",
        "三、存在的问题",
        "部分乡镇前期工作推进较慢，2个标段开工推迟约20天，1个标段返工整改。",
        "四、下一步工作计划",
        "2024年计划新建高标准农田1.8万亩，力争工程验收合格率保持在98%以上。",
    ),
    "青岩县农业农村局2023年度高标准农田建设项目支出绩效自评报告",
    "青岩县农业农村局",
    2023,
    "project",
    (560, 600, 571.2, 95.2),
    (
        Read(_OUT, "数量指标", "新建高标准农田", None, 20000, "亩", 21000),
        Read(_OUT, "质量指标", "工程验收合格率", ">=", 95, "%", 98),
        Read(_OUT, "时效指标", "项目按期完工率", None, 100, "%", 100),
        Read(_BEN, "经济效益指标", "项目区粮食亩均增产", ">=", 50, "公斤", 56),
        Read(_BEN, "可持续影响指标", "田间工程设施完好率", ">=", 90, "%", 93),
        Read(_SAT, "服务对象满意度指标", "项目区群众满意度", ">=", 90, "%", 96.3),
    ),
)

CULTURE_DEPARTMENT = ProseReport(
    "culture_department",
    (
        "白河市文化广电和旅游局2022年度部门整体支出绩效自评报告",
        "一、部门基本情况",
        "（一）部门职能",
        "白河市文化广电和旅游局负责全市文化、广电和旅游事业发展，内设科室8个，下属事业单位4个，"
        "核定编制62人。",
        "（二）部门整体支出情况",
        "2022年度本部门收入合计15862340.50元，其中：财政拨款收入15362340.50元，其他收入500000.00元；"
        "支出合计14920115.36元，其中：基本支出9853210.12元，项目支出5066905.24元，预算执行率94.06%。",
        "2022年度“三公”经费支出12.6万元，较上年减少3.2万元，其中公务接待费2.1万元。",
        "二、绩效目标完成情况",
        "（一）履职效果",
        "全年计划举办文化惠民演出120场，实际举办132场；接待图书馆读者目标值15万人次，"
        "实际接待17.2万人次；文物安全巡查覆盖率目标值100%，实际达到100%。",
        "（二）社会效益和满意度",
        "群众对公共文化服务满意度预期达到90%以上，实际为94.5%。",
        "三、存在的问题",
        "一是项目支出进度不均衡，上半年支出仅占全年的32%；二是部分基层文化站设施老化，12个站点亟待改造。",
    ),
    "白河市文化广电和旅游局2022年度部门整体支出绩效自评报告",
    "白河市文化广电和旅游局",
    2022,
    "department",
    (None, 1586.23405, 1492.011536, 94.06),
    (
        Read(None, None, "举办文化惠民演出", None, 120, "场", 132),
        Read(None, None, "接待图书馆读者", None, 15, "万人次", 17.2),
        Read(None, None, "文物安全巡查覆盖率", None, 100, "%", 100),
        Read(None, None, "群众对公共文化服务满意度", ">=", 90, "%", 94.5),
    ),
)

WATER_ACCOUNTS = ProseReport(
    "water_accounts",
    (
        "江川区水务局2024年度部门决算",
        "第一部分 部门概况",
        "一、部门职责",
        "负责全区水资源的合理开发利用，组织实施河湖长制工作，承担水利工程建设与运行管理。",
        "二、机构设置",
        "本部门内设科室5个，下属事业单位2个，年末实有人数48人。",
        "第三部分 2024年度部门决算情况说明",
        "一般公共预算财政拨款支出年初预算为4356.78万元，支出决算为4102.35万元，完成年初预算的94.16%。",
        "本年收入合计5120.66万元，本年支出合计4987.12万元，年末结转和结余133.54万元。",
        "十、预算绩效管理情况",
        "根据预算绩效管理要求，本部门组织对2024年度一般公共预算项目支出全面开展绩效自评，共涉及项目16个，"
        "资金3120.45万元，占一般公共预算项目支出总额的100%。从评价情况来看，项目平均得分97.85分，"
        "自评结果为“优”的项目15个，“良”的项目1个。本部门还组织对河道日常管护项目开展部门评价，"
        "涉及资金860万元，评价得分93分，全年完成河道保洁里程126公里，群众满意度达95%。",
    ),
    "江川区水务局2024年度部门决算",
    "江川区水务局",
    2024,
    "department",
    (4356.78, None, 4102.35, 94.16),
    (),
)

FORESTRY_ACCOUNTS = ProseReport(
    "forestry_accounts",
    (
        "青山区林业局2023年度部门决算公开",
        "第一部分 部门概况",
        "一、主要职能",
        "负责全区森林资源保护发展监督管理，组织森林防火和林业有害生物防治工作。",
        "第二部分 2023年度部门决算表",
        "第三部分 2023年度部门决算情况说明",
        "一般公共预算财政拨款支出年初预算为2108.6万元，支出决算为2064.9万元，完成年初预算的97.93%。",
        "七、预算绩效管理情况",
        "本部门对森林防火项目开展了绩效自评，自评得分96分。项目绩效目标完成情况：",
        "1.数量指标：森林防火巡护里程目标值1800公里，实际完成1860公里。",
        "2.满意度指标：林区群众满意度目标值≥90%，实际达到95%。",
    ),
    "青山区林业局2023年度部门决算公开",
    "青山区林业局",
    2023,
    "department",
    (2108.6, None, 2064.9, 97.93),
    (),
)

SCHOOL_MEALS = ProseReport(
    "school_meals",
    (
        "临溪县第三小学学生营养改善计划专项资金绩效自评报告",
        "一、基本情况",
        "（一）项目概况",
        "我校2023年享受营养改善计划的学生共1236人，按每生每天5元标准安排。",
        "（二）资金情况",
        "2023年下达营养改善计划资金123.6万元，其中中央资金98.88万元，县级资金24.72万元。"
        "全年实际支出118.35万元，执行率95.75%，余款5.25万元结转下年使用。",
        "二、绩效目标完成情况",
        "1.数量指标：受益学生预期1200人，实际受益1236人。",
        "2.质量指标：供餐食品抽检合格率目标值100%，实际达到100%。",
        "3.时效指标：全年供餐天数计划≥200天，实际供餐206天。",
        "4.满意度指标：学生及家长满意度预期≥90%，实际达到97%。",
        "三、存在的问题",
        "食堂设备老化，3台冷藏柜需要更换，从业人员仅有6人。",
    ),
    "临溪县第三小学学生营养改善计划专项资金绩效自评报告",
    "临溪县第三小学",
    2023,
    "project",
    (123.6, 123.6, 118.35, 95.75),
    (
        Read(None, "数量指标", "受益学生", None, 1200, "人", 1236),
        Read(None, "质量指标", "供餐食品抽检合格率", None, 100, "%", 100),
        Read(None, "时效指标", "供餐天数", ">=", 200, "天", 206),
        Read(_SAT, None, "学生及家长满意度", ">=", 90, "%", 97),
    ),
)

PROVINCE_FUND = ProseReport(
    "province_fund",
    (
        "江西省住房和城乡建设厅2023年度农村危房改造补助资金绩效自评报告",
        "一、项目概况",
        "农村危房改造补助资金用于支持全省低收入群体等重点对象危房改造。2022年该资金下达2.1亿元。",
        "二、资金投入和使用情况",
        "2023年省级财政下达补助资金2.35亿元，全部分配至各县（市、区）。截至年底，各地实际支出2.18亿元，"
        "资金执行率92.77%。",
        "三、绩效目标完成情况",
        "（一）产出指标",
        "1.数量指标：计划完成农村危房改造8000户，实际完成8215户，完成率102.69%。",
        "2.质量指标：改造房屋竣工验收合格率预期100%，实际达到100%。",
        "（二）效益指标",
        "社会效益指标：重点对象住房安全保障率目标值100%，实际为100%。",
        "（三）满意度指标",
        "受益群众满意度目标值≥95%，实际达到98.6%。",
        "四、存在的问题及改进措施",
        "个别县资金拨付进度偏慢，3个县支出进度低于80%。",
    ),
    "江西省住房和城乡建设厅2023年度农村危房改造补助资金绩效自评报告",
    "江西省住房和城乡建设厅",
    2023,
    "project",
    (23500, 23500, 21800, 92.77),
    (
        Read(_OUT, "数量指标", "农村危房改造", None, 8000, "户", 8215),
        Read(_OUT, "质量指标", "改造房屋竣工验收合格率", None, 100, "%", 100),
        Read(_BEN, "社会效益指标", "重点对象住房安全保障率", None, 100, "%", 100),
        Read(_SAT, None, "受益群众满意度", ">=", 95, "%", 98.6),
    ),
)

HEALTH_DEPARTMENT = ProseReport(
    "health_department",
    (
        "河口县卫生健康局2023年度部门整体支出绩效自评报告",
        "一、部门概况",
        "本局内设股室7个，下属医疗卫生单位14个，在职职工1126人。",
        "二、部门预算收支情况",
        "上年度本部门支出合计2716.3万元。2023年部门年初预算2856.4万元，年中调整预算3120.8万元，"
        "全年支出3015.2万元，预算执行率96.62%。其中：基本支出1980.5万元，项目支出1034.7万元。",
        "“三公”经费年初预算18万元，实际支出15.3万元，较上年下降8.4%。",
        "三、部门整体绩效目标完成情况",
        "（一）产出指标",
        "1.数量指标：全年计划完成适龄儿童免疫规划疫苗接种12000剂次，实际完成12680剂次。",
        "2.质量指标：孕产妇系统管理率目标值≥90%，实际达到93.6%。",
        "（二）效益指标",
        "社会效益指标：居民电子健康档案建档率目标值≥85%，实际为88.2%。",
        "（三）满意度指标",
        "群众就医满意度目标值≥90%，实际达到92.7%。",
        "四、存在的问题和改进措施",
        "基层医疗卫生人才短缺，3个乡镇卫生院缺少全科医生，下一步力争全科医生配备率达到100%。",
    ),
    "河口县卫生健康局2023年度部门整体支出绩效自评报告",
    "河口县卫生健康局",
    2023,
    "department",
    (2856.4, 3120.8, 3015.2, 96.62),
    (
        Read(_OUT, "数量指标", "适龄儿童免疫规划疫苗接种", None, 12000, "剂次", 12680),
        Read(_OUT, "质量指标", "孕产妇系统管理率", ">=", 90, "%", 93.6),
        Read(_BEN, "社会效益指标", "居民电子健康档案建档率", ">=", 85, "%", 88.2),
        Read(_SAT, None, "群众就医满意度", ">=", 90, "%", 92.7),
    ),
)

ROAD_UPKEEP = ProseReport(
    "road_upkeep",
    (
        "松源镇人民政府2022年农村公路养护补助资金绩效自评报告",
        "一、项目基本情况",
        "我镇辖区内农村公路总里程186公里，其中县道42公里、乡道61公里、村道83公里。",
        "二、项目资金安排及使用情况",
        "2022年县交通运输局下达我镇农村公路养护补助资金1,250,000元，资金到位1,250,000元，"
        "截至2022年12月31日实际支出1,198,600元，资金执行率95.89%，结余51,400元。",
        "三、项目绩效目标完成情况",
        "（一）产出指标",
        "1.数量指标：年度目标养护农村公路里程186公里，实际养护186公里。",
        "2.质量指标：农村公路优良中等路率目标值≥75%，实际达到81.3%。",
        "（二）效益指标",
        "农村公路列养率目标值100%，实际为100%。",
        "四、存在的问题",
        "养护资金标准偏低，部分村道每公里年养护经费不足3000元。",
    ),
    "松源镇人民政府2022年农村公路养护补助资金绩效自评报告",
    "松源镇人民政府",
    2022,
    "project",
    (125, 125, 119.86, 95.89),
    (
        Read(_OUT, "数量指标", "养护农村公路里程", None, 186, "公里", 186),
        Read(_OUT, "质量指标", "农村公路优良中等路率", ">=", 75, "%", 81.3),
        Read(_BEN, None, "农村公路列养率", None, 100, "%", 100),
    ),
)

JUSTICE_DEPARTMENT = ProseReport(
    "justice_department",
    (
        "2023年度部门整体支出绩效自评报告",
        "单位名称：长岭县司法局",
        "一、部门基本情况",
        "本局内设股室6个，下辖司法所9个，在编人员41人。",
        "2023年度本部门财政拨款收入合计986.52万元，支出合计951.08万元，预算执行率96.41%。",
        "二、部门绩效目标设定情况",
        "1.全年开展法治宣传活动不少于60场；2.人民调解案件调解成功率达到95%以上；"
        "3.法律援助案件群众满意度不低于90%。",
        "三、部门绩效目标完成情况",
        "全年开展法治宣传活动72场，人民调解案件调解成功率98.3%，法律援助案件群众满意度96%。",
        "四、存在的问题",
        "基层司法所人员不足，4个司法所仅有1名工作人员。",
    ),
    "2023年度部门整体支出绩效自评报告",
    "长岭县司法局",
    2023,
    "department",
    (None, 986.52, 951.08, 96.41),
    (
        Read(None, None, "开展法治宣传活动", ">=", 60, "场", 72),
        Read(None, None, "人民调解案件调解成功率", ">=", 95, "%", 98.3),
        Read(None, None, "法律援助案件群众满意度", ">=", 90, "%", 96),
    ),
)

# A county water bureau's project report: goals with word comparators (不少于, 不低于, 达到, a
# ceiling `控制在…以内`), and the score of the evaluation stated only in its conclusion.
WATER_UPKEEP = ProseReport(
    "water_upkeep",
    (
        "青溪县水利局2023年度农村供水工程维修养护项目支出绩效自评报告",
        "一、项目概况",
        "农村供水工程维修养护项目覆盖全县9个乡镇126处集中供水工程，受益人口约18.6万人。",
        "二、项目资金使用情况",
        "2023年年初预算安排项目资金320万元，年中追加30万元，调整后预算350万元，全年实际支出336.7万元，"
        "预算执行率96.2%。",
        "三、绩效目标完成情况",
        "（一）产出指标",
        "1.数量指标：维修养护集中供水工程年度目标不少于120处，实际完成126处。",
        "2.质量指标：农村集中供水工程水质达标率目标不低于90%，实际达到93.4%。",
        "3.成本指标：单处工程维修养护成本控制在3万元以内，实际为2.67万元。",
        "（二）效益指标",
        "社会效益指标：农村自来水普及率目标达到92%，实际为93.1%。",
        "（三）满意度指标",
        "受益群众满意度目标不低于90%，实际达到95.2%。",
        "四、自评结论",
        "经自评，该项目综合得分96.5分，评价等级为优。",
        "五、存在的问题及改进措施",
        "部分工程建设年代较早，管网老化，2024年计划更新改造管网45公里。",
    ),
    "青溪县水利局2023年度农村供水工程维修养护项目支出绩效自评报告",
    "青溪县水利局",
    2023,
    "project",
    (320, 350, 336.7, 96.2),
    (
        Read(_OUT, "数量指标", "维修养护集中供水工程", ">=", 120, "处", 126),
        Read(_OUT, "质量指标", "农村集中供水工程水质达标率", ">=", 90, "%", 93.4),
        Read(_OUT, "成本指标", "单处工程维修养护成本", "<=", 3, "万元", 2.67),
        Read(_BEN, "社会效益指标", "农村自来水普及率", ">=", 92, "%", 93.1),
        Read(_SAT, None, "受益群众满意度", ">=", 90, "%", 95.2),
    ),
)

PROSE_REPORTS = (
    FARMLAND,
    CULTURE_DEPARTMENT,
    WATER_ACCOUNTS,
    FORESTRY_ACCOUNTS,
    SCHOOL_MEALS,
    PROVINCE_FUND,
    HEALTH_DEPARTMENT,
    ROAD_UPKEEP,
    JUSTICE_DEPARTMENT,
    WATER_UPKEEP,
)


def report_as_paragraphs(report: ProseReport) -> str:
    """The report as its unit wrote it: one paragraph per line."""
    return "\n".join(report.lines) + "\n"


def report_on_docsite(report: ProseReport) -> str:
    """A document site's page: its wrapper line naming the file, then the whole report flattened to
    one paragraph (every line break lost, headings run into their text)."""
    wrapper = (
        f"《{report.title}.docx》由会员分享，可在线阅读，"
        f"更多相关《{report.title}.docx(3页珍藏版)》请在某某文库上搜索。"
    )
    return wrapper + "\n" + "".join(report.lines) + "\n"


def report_on_portal(report: ProseReport) -> str:
    """A government portal's page: the site's banner and the document's metadata (发布机构, a
    publication date in the next year), the headline, then the report with its title again."""
    head = (
        "无障碍浏览 长者模式",
        "索引号 11530000MB1234567X/2024-00012 发布机构 " + report.agency,
        f"公开目录 绩效评价 发布日期 {report.fiscal_year + 1}-04-18",
        "浏览量 37",
        report.title,
        "",
    )
    return "\n".join(head) + "\n" + report_as_paragraphs(report)


def report_as_pdf_text(report: ProseReport) -> str:
    """A PDF's text layer: every paragraph wrapped at the page's width (36 characters, figures set
    full width like the characters around them), a line break wherever the line ran out — inside
    words and numbers too."""
    width = 36
    lines = [p[i : i + width] for p in report.lines for i in range(0, len(p), width)]
    return "\n".join(lines) + "\n"


def report_as_pdf_text_proportional(report: ProseReport) -> str:
    """`report_as_pdf_text` from a page whose digits and Latin letters are half a character wide:
    the column holds 36 Chinese characters, or more characters where a line holds figures."""
    return "\n".join(line for p in report.lines for line in wrap_at_width(p, 72)) + "\n"


# A figure (digits, a decimal point, `%`) with a Chinese character or sign on each side.
_BESIDE = "[\u4e00-\u9fff，。、：；（）]"
_SET_APART = re.compile(rf"(?<={_BESIDE})([0-9][0-9.,%]*)(?={_BESIDE}|$)")


def report_as_pdf_text_spaced(report: ProseReport) -> str:
    """`report_as_pdf_text_proportional` from a page whose figures were set in a Latin font: the
    text layer puts a space on each side of a figure that stands between Chinese characters
    (`预算执行率 95.2% ，结余资金 28.8 万元`), and every line is wrapped with its spaces."""
    paragraphs = [_SET_APART.sub(r" \1 ", p) for p in report.lines]
    return "\n".join(line.strip() for p in paragraphs for line in wrap_at_width(p, 72)) + "\n"


RUNNING_HEAD = "绩效自评报告"
PAGE_LINES = 9  # lines of text a page of `report_as_pdf_pages` holds


def report_as_pdf_pages(report: ProseReport) -> str:
    """`report_as_pdf_text` as a text layer gives a report of several pages: after every
    `PAGE_LINES` lines the page's foot (`- 1 -`), a form feed, and the next page's running head,
    each a block of its own (blank lines between them), wherever the page break fell — inside a
    sentence or a figure too."""
    lines = report_as_pdf_text(report).split("\n")[:-1]
    pages = [lines[i : i + PAGE_LINES] for i in range(0, len(lines), PAGE_LINES)]
    out: list[str] = []
    for number, page in enumerate(pages, start=1):
        if number > 1:
            out += ["\f" + RUNNING_HEAD, ""]
        out += [*page, "", f"- {number} -"]
    return "\n".join(out) + "\n"


def wrap_at_width(paragraph: str, width: int) -> list[str]:
    """`paragraph` cut into lines of at most `width` half-widths (East Asian wide/ambiguous
    characters take two, as a Chinese font sets them)."""
    lines, line, used = [], "", 0
    for char in paragraph:
        char_width = 2 if unicodedata.east_asian_width(char) in "WFA" else 1
        if used + char_width > width:
            lines.append(line)
            line, used = "", 0
        line, used = line + char, used + char_width
    return [*lines, line] if line else lines


REPORT_RENDERINGS: dict[str, Callable[[ProseReport], str]] = {
    "paragraphs": report_as_paragraphs,
    "docsite": report_on_docsite,
    "portal": report_on_portal,
    "pdf_text": report_as_pdf_text,
    "pdf_text_proportional": report_as_pdf_text_proportional,
    "pdf_text_spaced": report_as_pdf_text_spaced,
    "pdf_text_pages": report_as_pdf_pages,
}
