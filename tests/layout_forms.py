"""Indicator forms written as new text, and the ways real pages linearise them.

A `Form` is one official form as a grid: its title lines, its header row and its body rows, a
merged level cell written as `""` below the row that states it. Each `render_*` function prints a
form the way one kind of real page does (a Word table saved as text, a pipe table, a pipe table
whose cells broke across lines, one cell per line, a row per line with spaces, a whole form on
one line, OCR text with every separator lost, a table whose header is printed once before a page
break, a numbered results list). `Expected` is what a careful reader takes from the form whatever
the rendering: the rules backend must read the same from each (`test_rules_layout_invariance`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from pipeline.domain.headers import header_role

Row = tuple[str, ...]
_POINTS = re.compile(r"[(（]\d+分[)）]$")  # a level cell's points (`产出指标(50分)`) are no part of the level


@dataclass(frozen=True)
class Expected:
    """One indicator as read: levels, name, target (raw, op, value, unit), actual (raw, value,
    unit), weight and score."""

    levels: tuple[str | None, str | None]
    name: str
    target: tuple[str | None, str | None, float | None, str | None]
    actual: tuple[str | None, float | None, str | None] = (None, None, None)
    weight: float | None = None
    score: float | None = None


@dataclass(frozen=True)
class ExpectedBudget:
    """A form's budget as read: the project's figures (initial, adjusted, spent, execution rate),
    its self-score, and its budget lines (name, initial, adjusted, spent, execution rate)."""

    project: tuple[float | None, float | None, float | None, float | None]
    self_score: float | None = None
    lines: tuple[tuple[str, float | None, float | None, float | None, float | None], ...] = ()


@dataclass(frozen=True)
class Form:
    """`before` are the form's rows above the indicator header (project facts, the funds block,
    the yearly goals, a department's tasks), `after` its rows below the indicators (总分); both
    are printed by each rendering as rows of their own width. `budget` and `info` (title, agency,
    fiscal year), where given, are what a careful reader takes from those rows and the title."""

    key: str
    title: tuple[str, ...]
    header: Row
    rows: tuple[Row, ...]
    expected: tuple[Expected, ...]
    before: tuple[Row, ...] = ()
    after: tuple[Row, ...] = ()
    budget: ExpectedBudget | None = None
    info: tuple[str | None, str | None, int | None] | None = None

    @property
    def printed(self) -> tuple[Row, ...]:
        """Every row as the page prints it: the rows above the header, the header, the body, the
        rows below."""
        return (*self.before, self.header, *self.rows, *self.after)

    @property
    def filled(self) -> tuple[Row, ...]:
        """The body rows with every merged level cell repeated (what an xlsx export prints)."""
        out, above = [], [""] * len(self.header)
        for row in self.rows:
            cells = [cell or (above[c] if c < self._levels else "") for c, cell in enumerate(row)]
            above = cells
            out.append(tuple(cells))
        return tuple(out)

    @property
    def _levels(self) -> int:
        return sum(1 for h in self.header if "级" in h)

    def with_levels(self) -> Form:
        """The form with each expected indicator's levels taken from its row (merged cells filled;
        a form without a 一级 column has level1 None)."""
        columns = [c for c, h in enumerate(self.header) if h in ("一级指标", "二级指标")]
        by_name = {row[self._levels - 1]: row for row in self.filled}
        expected = []
        for e in self.expected:
            row = by_name[e.name]
            levels = [_POINTS.sub("", row[c]) for c in columns]
            pair = (levels[0], levels[1]) if len(levels) == 2 else (None, levels[0])
            expected.append(replace(e, levels=pair))
        return replace(self, expected=tuple(expected))


def _x(
    name: str,
    target: str,
    op: str | None,
    value: float | None,
    unit: str | None,
    actual: str | None = None,
    actual_value: float | None = None,
    actual_unit: str | None = None,
    weight: float | None = None,
    score: float | None = None,
) -> Expected:
    """An expected indicator, levels filled in from its row later (`Form.with_levels`)."""
    return Expected(
        (None, None), name, (target, op, value, unit), (actual, actual_value, actual_unit), weight, score
    )


# A county water bureau's project form: 一级/二级/三级, 年度指标值/实际完成值/分值/得分/偏差原因
# (a 偏差原因 `无` before an ordinary name; a blank one before a name starting with 无).
THREE_LEVEL = Form(
    "three_level",
    ("农村饮水安全巩固提升工程项目支出绩效自评表", "（2023年度）"),
    (
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ),
    (
        ("产出指标", "数量指标", "新建集中供水工程", "≥12处", "13处", "10", "10", "无"),
        ("", "", "改造供水管网长度", "≥45公里", "41.5公里", "10", "8", "部分路段征地未完成，结转下年实施"),
        ("", "质量指标", "水质检测合格率", "≥95%", "97%", "10", "10", ""),
        ("", "时效指标", "工程完工及时率", "100%", "100%", "10", "10", ""),
        ("", "成本指标", "单处工程平均造价", "≤80万元", "76.4万元", "10", "10", ""),
        ("效益指标", "社会效益指标", "受益农村人口", "≥2.3万人", "2.41万人", "10", "10", ""),
        ("", "", "无障碍取水设施受益户数", "≥150户", "162户", "10", "10", ""),
        ("", "可持续影响指标", "工程运行管护机制", "健全", "健全", "10", "10", ""),
        (
            "满意度指标",
            "服务对象满意度指标",
            "受益群众满意度",
            "≥90%",
            "93.6%",
            "10",
            "9",
            "个别村组水压不足",
        ),
    ),
    (
        _x("新建集中供水工程", "≥12处", ">=", 12, "处", "13处", 13, "处", 10, 10),
        _x("改造供水管网长度", "≥45公里", ">=", 45, "公里", "41.5公里", 41.5, "公里", 10, 8),
        _x("水质检测合格率", "≥95%", ">=", 95, "%", "97%", 97, "%", 10, 10),
        _x("工程完工及时率", "100%", None, 100, "%", "100%", 100, "%", 10, 10),
        _x("单处工程平均造价", "≤80万元", "<=", 80, "万元", "76.4万元", 76.4, "万元", 10, 10),
        _x("受益农村人口", "≥2.3万人", ">=", 2.3, "万人", "2.41万人", 2.41, "万人", 10, 10),
        _x("无障碍取水设施受益户数", "≥150户", ">=", 150, "户", "162户", 162, "户", 10, 10),
        _x("工程运行管护机制", "健全", "qualitative", None, None, "健全", None, None, 10, 10),
        _x("受益群众满意度", "≥90%", ">=", 90, "%", "93.6%", 93.6, "%", 10, 9),
    ),
)

# A health commission's form without the 一级 column: 二级/三级, 年度目标值/全年实际值/权重/自评得分.
TWO_LEVEL = Form(
    "two_level",
    ("老年人健康管理服务项目绩效自评表",),
    ("二级指标", "三级指标", "年度目标值", "全年实际值", "权重", "自评得分", "偏差原因"),
    (
        ("数量指标", "老年人健康体检人数", "≥1.2万人", "1.26万人", "15", "15", ""),
        ("", "签约家庭医生服务户数", "≥3000户", "3120户", "15", "15", ""),
        ("质量指标", "健康档案规范建档率", "≥90%", "88.5%", "20", "18", "部分村医录入不规范，已组织培训"),
        ("时效指标", "体检结果反馈时限", "≤15天", "12天", "10", "10", ""),
        ("社会效益指标", "老年人慢性病早发现率", "有效提高", "有效提高", "20", "20", ""),
        ("服务对象满意度指标", "老年人满意度", "≥85%", "91%", "20", "19", ""),
    ),
    (
        _x("老年人健康体检人数", "≥1.2万人", ">=", 1.2, "万人", "1.26万人", 1.26, "万人", 15, 15),
        _x("签约家庭医生服务户数", "≥3000户", ">=", 3000, "户", "3120户", 3120, "户", 15, 15),
        _x("健康档案规范建档率", "≥90%", ">=", 90, "%", "88.5%", 88.5, "%", 20, 18),
        _x("体检结果反馈时限", "≤15天", "<=", 15, "天", "12天", 12, "天", 10, 10),
        _x("老年人慢性病早发现率", "有效提高", "qualitative", None, None, "有效提高", None, None, 20, 20),
        _x("老年人满意度", "≥85%", ">=", 85, "%", "91%", 91, "%", 20, 19),
    ),
)

# A department's whole-budget form: 履职/效益/满意度 levels, 预期值/完成值/分值/得分.
DEPARTMENT = Form(
    "department",
    ("某县农业农村局2023年度部门整体支出绩效自评表",),
    ("一级指标", "二级指标", "三级指标", "预期值", "完成值", "分值", "得分"),
    (
        ("履职", "重点工作", "年度重点任务完成率", "100%", "100%", "20", "20"),
        ("", "", "农产品质量安全抽检批次", "≥600批次", "642批次", "10", "10"),
        ("", "预算管理", "预算执行率", "≥90%", "96.2%", "10", "10"),
        ("效益", "社会效益", "农业技术培训人次", "≥2000人次", "2150人次", "20", "20"),
        ("满意度", "服务对象满意度", "农户满意度", "≥90%", "95%", "10", "9"),
    ),
    (
        _x("年度重点任务完成率", "100%", None, 100, "%", "100%", 100, "%", 20, 20),
        _x("农产品质量安全抽检批次", "≥600批次", ">=", 600, "批次", "642批次", 642, "批次", 10, 10),
        _x("预算执行率", "≥90%", ">=", 90, "%", "96.2%", 96.2, "%", 10, 10),
        _x("农业技术培训人次", "≥2000人次", ">=", 2000, "人次", "2150人次", 2150, "人次", 20, 20),
        _x("农户满意度", "≥90%", ">=", 90, "%", "95%", 95, "%", 10, 9),
    ),
)

# A department form whose 一级/二级 words are all its own (履职效能, 管理效率, 群众权益保障 …),
# its 偏差原因 column blank in every row.
DEPARTMENT_DUTY = Form(
    "department_duty",
    ("某市市场监督管理局2024年度部门整体支出绩效自评表",),
    (
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ),
    (
        ("履职效能", "重点工作", "食品安全抽检批次", "≥3000批次", "3215批次", "20", "20", ""),
        ("", "", "特种设备定期检验率", "≥98%", "99.1%", "10", "10", ""),
        ("管理效率", "预算管理", "部门预算执行率", "≥95%", "97.3%", "10", "10", ""),
        ("", "资产管理", "固定资产账实相符率", "100%", "100%", "10", "10", ""),
        ("社会效益", "群众权益保障", "消费投诉按期办结率", "≥95%", "96.8%", "20", "20", ""),
        ("服务对象满意度", "市场主体满意度", "经营主体满意率", "≥90%", "92%", "10", "9", ""),
    ),
    (
        _x("食品安全抽检批次", "≥3000批次", ">=", 3000, "批次", "3215批次", 3215, "批次", 20, 20),
        _x("特种设备定期检验率", "≥98%", ">=", 98, "%", "99.1%", 99.1, "%", 10, 10),
        _x("部门预算执行率", "≥95%", ">=", 95, "%", "97.3%", 97.3, "%", 10, 10),
        _x("固定资产账实相符率", "100%", None, 100, "%", "100%", 100, "%", 10, 10),
        _x("消费投诉按期办结率", "≥95%", ">=", 95, "%", "96.8%", 96.8, "%", 20, 20),
        _x("经营主体满意率", "≥90%", ">=", 90, "%", "92%", 92, "%", 10, 9),
    ),
)

# A declaration form (绩效目标申报表): targets only, no actual values, weights or scores.
DECLARATION = Form(
    "declaration",
    ("2024年度项目支出绩效目标申报表", "项目名称：公共图书馆免费开放"),
    ("一级指标", "二级指标", "三级指标", "指标值"),
    (
        ("产出指标", "数量指标", "年接待读者人次", "≥15万人次"),
        ("", "", "举办公益讲座场次", "≥24场"),
        ("", "质量指标", "图书外借服务达标率", "≥98%"),
        ("", "时效指标", "免费开放时长", "≥56小时/周"),
        ("效益指标", "社会效益指标", "群众文化素养", "稳步提升"),
        ("满意度指标", "服务对象满意度指标", "读者满意度", "≥90%"),
    ),
    (
        _x("年接待读者人次", "≥15万人次", ">=", 15, "万人次"),
        _x("举办公益讲座场次", "≥24场", ">=", 24, "场"),
        _x("图书外借服务达标率", "≥98%", ">=", 98, "%"),
        _x("免费开放时长", "≥56小时/周", ">=", 56, "小时/周"),
        _x("群众文化素养", "稳步提升", "qualitative", None, None),
        _x("读者满意度", "≥90%", ">=", 90, "%"),
    ),
)

FORMS: tuple[Form, ...] = tuple(
    f.with_levels() for f in (THREE_LEVEL, TWO_LEVEL, DEPARTMENT, DEPARTMENT_DUTY, DECLARATION)
)

# The transfer-payment form (转移支付区域绩效自评表): the transfer's facts, a funds block with
# 全年预算数(A)/全年执行数(B)/执行率 by source (an empty source row is a template row), the yearly
# goal as 预期目标/实际完成情况 (its text holds figures that are no indicators), then levels, a
# single 指标值, 全年实际完成值 and a reason column, no 分值/得分. No 年初 column: `initial` is null.
TRANSFER = Form(
    "transfer",
    ("中央对地方转移支付区域绩效自评表", "（2023年度）"),
    ("一级指标", "二级指标", "三级指标", "指标值", "全年实际完成值", "未完成原因和改进措施"),
    (
        ("产出指标", "数量指标", "补贴购置农机具数量", "≥2000台", "2136台", ""),
        ("", "", "受益农户数", "≥1500户", "1624户", ""),
        ("", "质量指标", "补贴机具抽查合格率", "100%", "100%", ""),
        ("", "时效指标", "补贴资金兑付及时率", "≥95%", "96.3%", ""),
        ("效益指标", "经济效益指标", "农机作业服务收入", "有效提升", "有效提升", ""),
        ("", "社会效益指标", "主要农作物耕种收综合机械化率", "≥75%", "75.6%", ""),
        ("", "可持续影响指标", "农机安全事故发生率", "≤5%", "0.8%", ""),
        (
            "满意度指标",
            "服务对象满意度指标",
            "购机农户满意度",
            "≥90%",
            "88.5%",
            "部分农户反映兑付周期较长，下一步压缩审核时限",
        ),
    ),
    (
        _x("补贴购置农机具数量", "≥2000台", ">=", 2000, "台", "2136台", 2136, "台"),
        _x("受益农户数", "≥1500户", ">=", 1500, "户", "1624户", 1624, "户"),
        _x("补贴机具抽查合格率", "100%", None, 100, "%", "100%", 100, "%"),
        _x("补贴资金兑付及时率", "≥95%", ">=", 95, "%", "96.3%", 96.3, "%"),
        _x("农机作业服务收入", "有效提升", "qualitative", None, None, "有效提升"),
        _x("主要农作物耕种收综合机械化率", "≥75%", ">=", 75, "%", "75.6%", 75.6, "%"),
        _x("农机安全事故发生率", "≤5%", "<=", 5, "%", "0.8%", 0.8, "%"),
        _x("购机农户满意度", "≥90%", ">=", 90, "%", "88.5%", 88.5, "%"),
    ),
    before=(
        ("转移支付（项目）名称", "农机购置与应用补贴"),
        ("中央主管部门", "农业农村部"),
        ("地方主管部门", "青州市农业农村局"),
        ("资金使用单位", "青山县农业农村局"),
        ("资金投入情况（万元）", "全年预算数（A）", "全年执行数（B）", "执行率（B/A）"),
        ("年度资金总额：", "1850", "1786.2", "96.55%"),
        ("其中：中央资金", "1500", "1462.5", "97.50%"),
        ("地方资金", "350", "323.7", "92.49%"),
        ("其他资金", "", "", ""),
        ("年度总体目标", "预期目标", "实际完成情况"),
        (
            "",
            "补贴购置农机具2000台以上，主要农作物耕种收综合机械化率达到75%。",
            "全年补贴购置农机具2136台，综合机械化率达到75.6%。",
        ),
    ),
    budget=ExpectedBudget(
        (None, 1850, 1786.2, 96.55),
        lines=(
            ("年度资金总额", None, 1850, 1786.2, 96.55),
            ("中央资金", None, 1500, 1462.5, 97.5),
            ("地方资金", None, 350, 323.7, 92.49),
        ),
    ),
    info=("中央对地方转移支付区域绩效自评表（2023年度）", "青山县农业农村局", 2023),
)

# The department form of the 2020s (部门整体支出绩效自评表): the funds block by 基本/项目支出 with
# 分值/执行率/得分 on the total, the year's main tasks (任务名称 | 主要内容 | 预算金额: no
# indicators, though each row has a name and a figure), the yearly duty goal, then the indicators.
DEPARTMENT_TASKS = Form(
    "department_tasks",
    ("青山县卫生健康局2023年度部门整体支出绩效自评表",),
    THREE_LEVEL.header,
    (
        ("产出指标", "数量指标", "居民电子健康档案建档率", "≥90%", "92.3%", "10", "10", ""),
        ("", "", "孕产妇系统管理率", "≥90%", "93.1%", "10", "10", ""),
        (
            "",
            "质量指标",
            "高血压患者规范管理率",
            "≥65%",
            "61.2%",
            "10",
            "8",
            "部分患者随访不到位，已纳入家庭医生考核",
        ),
        ("", "时效指标", "补助资金拨付时限", "12月底前", "12月底前", "5", "5", ""),
        ("", "成本指标", "人均基本公共卫生服务经费补助标准", "≥89元", "89元", "5", "5", ""),
        ("效益指标", "社会效益指标", "居民健康素养水平", "≥25%", "27.4%", "30", "30", ""),
        ("", "可持续影响指标", "医疗卫生服务体系", "持续完善", "持续完善", "10", "10", ""),
        ("满意度指标", "服务对象满意度指标", "辖区居民满意度", "≥85%", "90.2%", "10", "9", ""),
    ),
    (
        _x("居民电子健康档案建档率", "≥90%", ">=", 90, "%", "92.3%", 92.3, "%", 10, 10),
        _x("孕产妇系统管理率", "≥90%", ">=", 90, "%", "93.1%", 93.1, "%", 10, 10),
        _x("高血压患者规范管理率", "≥65%", ">=", 65, "%", "61.2%", 61.2, "%", 10, 8),
        _x("补助资金拨付时限", "12月底前", "qualitative", None, None, "12月底前", None, None, 5, 5),
        _x("人均基本公共卫生服务经费补助标准", "≥89元", ">=", 89, "元", "89元", 89, "元", 5, 5),
        _x("居民健康素养水平", "≥25%", ">=", 25, "%", "27.4%", 27.4, "%", 30, 30),
        _x("医疗卫生服务体系", "持续完善", "qualitative", None, None, "持续完善", None, None, 10, 10),
        _x("辖区居民满意度", "≥85%", ">=", 85, "%", "90.2%", 90.2, "%", 10, 9),
    ),
    before=(
        ("部门（单位）名称", "青山县卫生健康局"),
        ("年度预算申请（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
        ("年度资金总额", "3260.5", "3412.8", "3350.1", "10", "98.16%", "9.8"),
        ("其中：基本支出", "1860.5", "1902.3", "1902.3", "", "", ""),
        ("项目支出", "1400", "1510.5", "1447.8", "", "", ""),
        ("年度主要任务", "任务名称", "主要内容", "预算金额（万元）"),
        ("", "基本公共卫生服务", "为辖区常住居民免费提供12类基本公共卫生服务", "860"),
        ("", "公立医院综合改革", "落实公立医院财政补助政策，推进薪酬制度改革", "420"),
        ("年度履职目标", "预期目标", "实际完成情况"),
        ("", "巩固基本公共卫生服务均等化水平，提升县域医疗服务能力。", "全面完成年度各项工作任务。"),
    ),
    budget=ExpectedBudget(
        (3260.5, 3412.8, 3350.1, 98.16),
        lines=(
            ("年度资金总额", 3260.5, 3412.8, 3350.1, 98.16),
            ("基本支出", 1860.5, 1902.3, 1902.3, None),
            ("项目支出", 1400, 1510.5, 1447.8, None),
        ),
    ),
    info=("青山县卫生健康局2023年度部门整体支出绩效自评表", "青山县卫生健康局", 2023),
)

# The national project form that splits a target into 指标性质 | 指标值 | 度量单位 (`≥ | 800 | 人次`;
# a word target's 性质 is 定性 and its unit blank): the target is the three cells joined, and a
# bare actual takes the row's unit.
NATURE_UNIT = Form(
    "nature_unit",
    ("2023年度项目支出绩效自评表", "项目名称：基层医疗卫生人才培养"),
    ("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分"),
    (
        ("产出指标", "数量指标", "培训基层医务人员", "≥", "800", "人次", "856", "15", "15"),
        ("", "", "建设标准化培训基地", "=", "3", "个", "3", "10", "10"),
        ("", "质量指标", "培训考核合格率", "≥", "95", "%", "96.2", "15", "15"),
        ("", "时效指标", "培训任务完成时限", "定性", "年底前完成", "", "按期完成", "10", "10"),
        ("", "成本指标", "人均培训成本", "≤", "600", "元", "580", "10", "10"),
        ("效益指标", "社会效益指标", "基层医疗机构诊疗量占比", "≥", "60", "%", "58.4", "20", "18"),
        ("满意度指标", "服务对象满意度指标", "参训学员满意度", "≥", "90", "%", "94", "10", "10"),
    ),
    (
        _x("培训基层医务人员", "≥800人次", ">=", 800, "人次", "856", 856, "人次", 15, 15),
        _x("建设标准化培训基地", "=3个", "=", 3, "个", "3", 3, "个", 10, 10),
        _x("培训考核合格率", "≥95%", ">=", 95, "%", "96.2", 96.2, "%", 15, 15),
        _x("培训任务完成时限", "年底前完成", "qualitative", None, None, "按期完成", None, None, 10, 10),
        _x("人均培训成本", "≤600元", "<=", 600, "元", "580", 580, "元", 10, 10),
        _x("基层医疗机构诊疗量占比", "≥60%", ">=", 60, "%", "58.4", 58.4, "%", 20, 18),
        _x("参训学员满意度", "≥90%", ">=", 90, "%", "94", 94, "%", 10, 10),
    ),
    info=("2023年度项目支出绩效自评表", None, 2023),
)

# A province's form with 指标方向 (正向/反向), a 评分标准 column between the target and the actual
# and a 完成率 column after it; targets in words (合格, 有效提升), per period (`≥1次/年`), as a
# deadline (`12月底前`) or a ceiling (`1000万元以内`).
DIRECTION_CRITERIA = Form(
    "direction_criteria",
    ("青山县农业农村局2024年度农产品质量安全监管项目绩效自评表",),
    (
        "一级指标",
        "二级指标",
        "三级指标",
        "指标方向",
        "年度指标值",
        "评分标准",
        "实际完成值",
        "完成率",
        "分值",
        "得分",
    ),
    (
        (
            "产出指标",
            "数量指标",
            "农产品质量安全监督抽检",
            "正向",
            "≥1200批次",
            "完成目标得满分，每少5%扣1分",
            "1265批次",
            "105.4%",
            "10",
            "10",
        ),
        (
            "",
            "",
            "生产基地执法检查",
            "正向",
            "≥1次/年",
            "完成得满分，未完成不得分",
            "2次/年",
            "200%",
            "10",
            "10",
        ),
        ("", "质量指标", "检测机构资质认定", "正向", "合格", "合格得满分", "合格", "100%", "10", "10"),
        (
            "",
            "时效指标",
            "抽检结果公开时限",
            "正向",
            "12月底前",
            "按期完成得满分",
            "12月底前",
            "100%",
            "10",
            "10",
        ),
        (
            "",
            "成本指标",
            "检测经费支出",
            "反向",
            "1000万元以内",
            "不超支得满分",
            "968.5万元",
            "96.85%",
            "10",
            "10",
        ),
        (
            "效益指标",
            "社会效益指标",
            "农产品抽检合格率",
            "正向",
            "≥98%",
            "达到目标值得满分",
            "98.7%",
            "100.7%",
            "20",
            "20",
        ),
        (
            "",
            "可持续影响指标",
            "质量安全追溯能力",
            "正向",
            "有效提升",
            "视提升程度酌情打分",
            "有效提升",
            "100%",
            "10",
            "10",
        ),
        (
            "满意度指标",
            "服务对象满意度指标",
            "生产经营主体满意度",
            "正向",
            "≥90%",
            "达到目标值得满分",
            "93%",
            "103.3%",
            "10",
            "9",
        ),
    ),
    (
        _x("农产品质量安全监督抽检", "≥1200批次", ">=", 1200, "批次", "1265批次", 1265, "批次", 10, 10),
        _x("生产基地执法检查", "≥1次/年", ">=", 1, "次/年", "2次/年", 2, "次/年", 10, 10),
        _x("检测机构资质认定", "合格", "qualitative", None, None, "合格", None, None, 10, 10),
        _x("抽检结果公开时限", "12月底前", "qualitative", None, None, "12月底前", None, None, 10, 10),
        _x("检测经费支出", "1000万元以内", "<=", 1000, "万元", "968.5万元", 968.5, "万元", 10, 10),
        _x("农产品抽检合格率", "≥98%", ">=", 98, "%", "98.7%", 98.7, "%", 20, 20),
        _x("质量安全追溯能力", "有效提升", "qualitative", None, None, "有效提升", None, None, 10, 10),
        _x("生产经营主体满意度", "≥90%", ">=", 90, "%", "93%", 93, "%", 10, 9),
    ),
    info=("青山县农业农村局2024年度农产品质量安全监管项目绩效自评表", "青山县农业农村局", 2024),
)

# The scored project form of a province that weighs budget execution 20 points and the indicators
# 80: 分值/执行率/得分 on the funds row (the budget's share of the score, no indicator), each 一级
# cell carrying its points (`产出指标(50分)`) once above blank merged cells, a 总分 row at the end.
SCORED_20_80 = Form(
    "scored_20_80",
    ("2022年度项目支出绩效自评表",),
    THREE_LEVEL.header,
    (
        ("产出指标(50分)", "数量指标", "农村公路日常养护里程", "≥860公里", "872公里", "15", "15", ""),
        ("", "", "危桥改造", "≥4座", "4座", "10", "10", ""),
        ("", "质量指标", "农村公路优良中等路率", "≥75%", "78.2%", "10", "10", ""),
        ("", "时效指标", "养护资金拨付及时率", "100%", "100%", "5", "5", ""),
        ("", "成本指标", "每公里养护成本", "≤5000元", "4850元", "10", "10", ""),
        ("效益指标(20分)", "社会效益指标", "群众出行条件", "明显改善", "明显改善", "10", "10", ""),
        ("", "可持续影响指标", "养护长效机制", "健全", "健全", "10", "9", "部分乡镇养护人员不稳定"),
        ("满意度指标(10分)", "服务对象满意度指标", "沿线群众满意度", "≥90%", "92%", "10", "9.5", ""),
    ),
    (
        _x("农村公路日常养护里程", "≥860公里", ">=", 860, "公里", "872公里", 872, "公里", 15, 15),
        _x("危桥改造", "≥4座", ">=", 4, "座", "4座", 4, "座", 10, 10),
        _x("农村公路优良中等路率", "≥75%", ">=", 75, "%", "78.2%", 78.2, "%", 10, 10),
        _x("养护资金拨付及时率", "100%", None, 100, "%", "100%", 100, "%", 5, 5),
        _x("每公里养护成本", "≤5000元", "<=", 5000, "元", "4850元", 4850, "元", 10, 10),
        _x("群众出行条件", "明显改善", "qualitative", None, None, "明显改善", None, None, 10, 10),
        _x("养护长效机制", "健全", "qualitative", None, None, "健全", None, None, 10, 9),
        _x("沿线群众满意度", "≥90%", ">=", 90, "%", "92%", 92, "%", 10, 9.5),
    ),
    before=(
        ("项目名称", "农村公路养护补助资金"),
        ("主管部门", "青山县交通运输局", "实施单位", "青山县交通运输局"),
        ("项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
        ("年度资金总额", "460", "485", "472.3", "20", "97.38%", "19.48"),
        ("其中：当年财政拨款", "460", "485", "472.3", "—", "—", "—"),
        ("上年结转资金", "", "", "", "—", "—", "—"),
        ("其他资金", "", "", "", "—", "—", "—"),
    ),
    after=(("总分", "", "", "", "", "100", "97.98", ""),),
    budget=ExpectedBudget(
        (460, 485, 472.3, 97.38),
        self_score=97.98,
        lines=(
            ("年度资金总额", 460, 485, 472.3, 97.38),
            ("当年财政拨款", 460, 485, 472.3, None),
        ),
    ),
    info=("2022年度项目支出绩效自评表", "青山县交通运输局", 2022),
)

# A city's form with a 指标解释 column between the target and the actual and a 完成比例 after it,
# 权重 for 分值, answers for values (是, 达标) and a ceiling in words (`≤3次`).
EXPLAINED = Form(
    "explained",
    ("白沙市2023年度城市生活垃圾分类处理项目绩效自评表",),
    (
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "指标解释",
        "全年实际完成值",
        "完成比例",
        "权重",
        "得分",
    ),
    (
        (
            "产出指标",
            "数量指标",
            "新建分类投放点",
            "≥120个",
            "年内新建的四分类投放点数量",
            "126个",
            "105%",
            "20",
            "20",
        ),
        ("", "质量指标", "分类收运车辆密闭化", "是", "收运车辆是否全部密闭", "是", "100%", "15", "15"),
        ("", "时效指标", "投诉处置时限", "≤3天", "接到投诉至处置完毕的天数", "2天", "100%", "15", "15"),
        (
            "效益指标",
            "生态效益指标",
            "渗滤液排放",
            "达标",
            "处理后排放是否达到国家标准",
            "达标",
            "100%",
            "20",
            "20",
        ),
        (
            "",
            "社会效益指标",
            "居民分类知晓率",
            "≥85%",
            "抽样调查中知晓分类要求的居民占比",
            "88.6%",
            "104.2%",
            "20",
            "19",
        ),
        (
            "满意度指标",
            "服务对象满意度指标",
            "居民满意度",
            "≥80%",
            "问卷调查满意及基本满意的比例",
            "86%",
            "107.5%",
            "10",
            "10",
        ),
    ),
    (
        _x("新建分类投放点", "≥120个", ">=", 120, "个", "126个", 126, "个", 20, 20),
        _x("分类收运车辆密闭化", "是", "qualitative", None, None, "是", None, None, 15, 15),
        _x("投诉处置时限", "≤3天", "<=", 3, "天", "2天", 2, "天", 15, 15),
        _x("渗滤液排放", "达标", "qualitative", None, None, "达标", None, None, 20, 20),
        _x("居民分类知晓率", "≥85%", ">=", 85, "%", "88.6%", 88.6, "%", 20, 19),
        _x("居民满意度", "≥80%", ">=", 80, "%", "86%", 86, "%", 10, 10),
    ),
    info=("白沙市2023年度城市生活垃圾分类处理项目绩效自评表", None, 2023),
)

# A county special fund's form (专项资金绩效目标自评表) with no 分值/得分: counts that must stay at zero
# written as a bare `0` in both the target and the actual cell (a row OCR or a fused page runs
# together as `00`), next to rows with units.
ZERO_COUNTS = Form(
    "zero_counts",
    ("2023年度县级应急物资储备专项资金绩效目标自评表",),
    ("一级指标", "二级指标", "三级指标", "年度指标值", "全年完成值", "未完成原因和改进措施"),
    (
        ("产出指标", "数量指标", "应急物资储备品种", "≥12个", "14个", ""),
        ("", "质量指标", "储备物资账实相符率", "100%", "100%", ""),
        ("", "", "储备物资霉变损毁批次", "0", "0", ""),
        ("", "时效指标", "物资调拨响应时间", "≤4小时", "3小时", ""),
        ("效益指标", "社会效益指标", "因物资短缺延误救援次数", "0", "0", ""),
        ("满意度指标", "服务对象满意度指标", "受灾群众满意度", "≥90%", "96%", ""),
    ),
    (
        _x("应急物资储备品种", "≥12个", ">=", 12, "个", "14个", 14, "个"),
        _x("储备物资账实相符率", "100%", None, 100, "%", "100%", 100, "%"),
        _x("储备物资霉变损毁批次", "0", None, 0, None, "0", 0, None),
        _x("物资调拨响应时间", "≤4小时", "<=", 4, "小时", "3小时", 3, "小时"),
        _x("因物资短缺延误救援次数", "0", None, 0, None, "0", 0, None),
        _x("受灾群众满意度", "≥90%", ">=", 90, "%", "96%", 96, "%"),
    ),
)

# A training project's form whose actual cells are written with words around the figure (已完成12期,
# 约93%, 856人（含线上126人）) or carry a remark with a figure of its own (97.5%，较上年提高1.2个百分点):
# the actual is the whole cell, its value the figure it opens with.
ACTUAL_REMARKS = Form(
    "actual_remarks",
    ("2023年度基层卫生人员培训项目支出绩效自评表",),
    THREE_LEVEL.header,
    (
        ("产出指标", "数量指标", "举办培训班期数", "≥10期", "已完成12期", "20", "20", ""),
        ("", "", "培训基层医务人员人数", "≥800人", "856人（含线上126人）", "20", "20", ""),
        ("", "质量指标", "培训考核合格率", "≥95%", "97.5%，较上年提高1.2个百分点", "20", "20", ""),
        (
            "效益指标",
            "社会效益指标",
            "基层诊疗服务能力",
            "有效提升",
            "明显提升",
            "20",
            "18",
            "部分乡镇卫生院设备不足",
        ),
        ("满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%", "约93%", "10", "10", ""),
    ),
    (
        _x("举办培训班期数", "≥10期", ">=", 10, "期", "已完成12期", 12, "期", 20, 20),
        _x("培训基层医务人员人数", "≥800人", ">=", 800, "人", "856人（含线上126人）", 856, "人", 20, 20),
        _x("培训考核合格率", "≥95%", ">=", 95, "%", "97.5%，较上年提高1.2个百分点", 97.5, "%", 20, 20),
        _x("基层诊疗服务能力", "有效提升", "qualitative", None, None, "明显提升", None, None, 20, 18),
        _x("参训人员满意度", "≥90%", ">=", 90, "%", "约93%", 93, "%", 10, 10),
    ),
)

# A village project's form that prints 得分 before 分值 (a reversed scoring pair): a fused page
# runs the two into one figure (`810`: score 8 of 10).
SCORE_FIRST = Form(
    "score_first",
    ("2023年度村级公益事业建设项目绩效自评表",),
    ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "得分", "分值"),
    (
        ("产出指标", "数量指标", "新建村内道路长度", "≥8公里", "8.6公里", "15", "15"),
        ("", "质量指标", "工程验收合格率", "100%", "100%", "15", "15"),
        ("", "时效指标", "项目完工及时率", "≥95%", "92%", "8", "10"),
        ("效益指标", "社会效益指标", "受益农户数", "≥1200户", "1265户", "20", "20"),
        ("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "95%", "10", "10"),
    ),
    (
        _x("新建村内道路长度", "≥8公里", ">=", 8, "公里", "8.6公里", 8.6, "公里", 15, 15),
        _x("工程验收合格率", "100%", None, 100, "%", "100%", 100, "%", 15, 15),
        _x("项目完工及时率", "≥95%", ">=", 95, "%", "92%", 92, "%", 10, 8),
        _x("受益农户数", "≥1200户", ">=", 1200, "户", "1265户", 1265, "户", 20, 20),
        _x("受益群众满意度", "≥90%", ">=", 90, "%", "95%", 95, "%", 10, 10),
    ),
)

# A province's form with the score triplet 单项指标得分 | 权重占比(%) | 单项指标折算得分: the score is
# on the weight's scale, the 折算 column (score × weight %) is derived and no score of its own.
WEIGHT_SHARE = Form(
    "weight_share",
    ("2022年度农村低保资金绩效自评表",),
    (
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "单项指标得分",
        "权重占比(%)",
        "单项指标折算得分",
    ),
    (
        ("产出指标", "数量指标", "低保对象保障人数", "≥5200人", "5316人", "30", "30", "9"),
        ("", "质量指标", "低保资金发放准确率", "≥98%", "99.2%", "30", "30", "9"),
        ("效益指标", "社会效益指标", "困难群众基本生活保障率", "100%", "100%", "20", "20", "4"),
        ("满意度指标", "服务对象满意度指标", "低保对象满意度", "≥90%", "88%", "16", "20", "3.2"),
    ),
    (
        _x("低保对象保障人数", "≥5200人", ">=", 5200, "人", "5316人", 5316, "人", 30, 30),
        _x("低保资金发放准确率", "≥98%", ">=", 98, "%", "99.2%", 99.2, "%", 30, 30),
        _x("困难群众基本生活保障率", "100%", None, 100, "%", "100%", 100, "%", 20, 20),
        _x("低保对象满意度", "≥90%", ">=", 90, "%", "88%", 88, "%", 20, 16),
    ),
)

# Official forms beyond the first five: a transfer payment's, the department form with its tasks,
# the split target (性质 | 值 | 单位), a province's direction and scoring columns, the 20/80 form,
# an explanation column between target and actual, zero counts without a unit, actuals with words,
# 得分 before 分值, a score triplet with a derived 折算得分.
OFFICIAL_FORMS: tuple[Form, ...] = tuple(
    f.with_levels()
    for f in (
        TRANSFER,
        DEPARTMENT_TASKS,
        NATURE_UNIT,
        DIRECTION_CRITERIA,
        SCORED_20_80,
        EXPLAINED,
        ZERO_COUNTS,
        ACTUAL_REMARKS,
        SCORE_FIRST,
        WEIGHT_SHARE,
    )
)


def _titled(form: Form, body: str) -> str:
    return "\n".join(form.title) + "\n" + body


def render_tabs(form: Form) -> str:
    """A Word table saved as text: a row per line, cells between tabs, merged cells empty."""
    return _titled(form, "\n".join("\t".join(row) for row in form.printed) + "\n")


def render_pipe_rows(form: Form) -> str:
    """A Markdown-ish pipe table, a row per line."""
    return _titled(form, "".join("| " + " | ".join(row) + " |\n" for row in form.printed))


def render_pipe_split(form: Form) -> str:
    """A web page's pipe table whose cells broke across lines: `|   cell`, then the pipe of the
    next cell on a line of its own, a row ended by a `||||` line."""

    def row(cells: Row) -> str:
        return "|   " + "\n        | \n     ".join(cells) + "\n        | \n  ||||\n"

    return _titled(form, "".join(row(r) for r in form.printed))


def render_cell_bars(form: Form) -> str:
    """One cell per line ending in `|` (an empty cell is a lone `|`), rows ended by `|||` runs."""
    lines = []
    for row in form.printed:
        lines += [f"{cell} |" if cell else "|" for cell in row]
        lines.append("|" * 6)
    return _titled(form, "\n".join(lines) + "\n")


def render_cell_paragraphs(form: Form) -> str:
    """Every cell a paragraph of its own (a web table whose cells came out as `<p>`): one cell per
    line, a blank line between cells, an empty cell a line of spaces; nothing marks a row."""
    cells = [f"    {cell}" if cell else "     " for row in form.printed for cell in row]
    return _titled(form, "\n\n".join(cells) + "\n")


def render_spaced(form: Form) -> str:
    """A row per line, cells between single spaces, merged cells gone (a PDF's text layer)."""
    rows = form.printed
    return _titled(form, "\n".join(" ".join(c for c in row if c) for row in rows) + "\n")


def render_one_line(form: Form) -> str:
    """The whole table flattened onto one line, cells between single spaces, merged cells gone."""
    rows = form.printed
    return _titled(form, " ".join(c for row in rows for c in row if c) + "\n")


def render_fused(form: Form) -> str:
    """OCR or a PDF dump that lost every separator: the header and each row run together, the
    rows one after the other on one line."""
    rows = form.printed
    return _titled(form, "".join("".join(row) for row in rows) + "\n")


def render_page_break(form: Form) -> str:
    """A pipe table whose header is printed once: the rows after the page break follow the
    page's footer and the next page's header line, with no header row of their own."""
    half = len(form.rows) // 2 + 1
    first = "".join("| " + " | ".join(r) + " |\n" for r in (*form.before, form.header, *form.rows[:half]))
    rest = "".join("| " + " | ".join(r) + " |\n" for r in (*form.rows[half:], *form.after))
    return _titled(form, first + "\n— 3 —\n\n" + form.title[0] + "\n\n" + rest)


def render_list(form: Form) -> str:
    """A results list: level headings, then one numbered sentence per indicator with its target
    and actual behind their labels and its weight and score in words (the cells of the form's
    target, actual, weight and score columns; the rows above and below the indicators as lines)."""
    lines, level1, level2, headings = [" ".join(c for c in row if c) for row in form.before], "", "", 0
    columns = dict(zip(form.header, range(len(form.header)), strict=True))
    level_columns = [c for h, c in columns.items() if "级" in h][:-1]
    for number, (row, filled) in enumerate(zip(form.rows, form.filled, strict=True), start=1):
        levels = [filled[c] for c in level_columns]
        if len(levels) == 2 and levels[0] != level1:
            level1, headings = levels[0], headings + 1
            lines.append(f"（{'一二三四五'[headings - 1]}）{level1}")
        if levels and levels[-1] != level2:
            level2 = levels[-1]
            lines.append(f"{level2}：")
        cell = {role: row[c] for c, role in reversed(list(enumerate(map(header_role, form.header))))}
        if "op" in cell:  # 指标性质 | 指标值 | 度量单位: a sentence writes the target whole
            cell["target"] = (
                cell["op"] + cell["target"] + cell.get("unit", "") if cell["op"] != "定性" else cell["target"]
            )
        sentence = f"{number}.{row[len(level_columns)]}，年度指标值{cell['target']}"
        if "actual" in cell:
            sentence += f"，实际完成值{cell['actual']}"
        if "weight" in cell:
            sentence += f"，分值{cell['weight']}分，得分{cell['score']}分"
        lines.append(sentence + "。")
    lines += [" ".join(c for c in row if c) for row in form.after]
    return _titled(form, "\n".join(lines) + "\n")


def render_tab_cells(form: Form) -> str:
    """One cell per line behind a leading tab (an empty cell a lone tab), a blank line between
    rows (a Word table pasted from a web page)."""
    rows = ("\n".join("\t" + cell for cell in row) for row in form.printed)
    return _titled(form, "\n\n".join(rows) + "\n")


def render_html(form: Form) -> str:
    """A PDF converted to Markdown: the table as one line of HTML, merged level cells as rowspans."""
    spans = [[1] * len(row) for row in form.rows]
    for c in range(len(form.header)):
        owner = None
        for r, row in enumerate(form.rows):
            if row[c] or c >= form._levels - 1 or owner is None:
                owner = r
            else:
                spans[owner][c] += 1
                spans[r][c] = 0
    cells = ["<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in (*form.before, form.header)]
    for r, row in enumerate(form.rows):
        tds = [
            f'<td rowspan="{spans[r][c]}">{cell}</td>' if spans[r][c] > 1 else f"<td>{cell}</td>"
            for c, cell in enumerate(row)
            if spans[r][c]
        ]
        cells.append("<tr>" + "".join(tds) + "</tr>")
    cells += ["<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in form.after]
    return _titled(form, "<table>" + "".join(cells) + "</table>\n")


def render_page_break_spaced(form: Form) -> str:
    """`render_spaced` with a page break after the first rows: the rows after it follow the
    footer and the running title with no header (a PDF's text layer, page by page)."""
    half = len(form.rows) // 2 + 1
    first = "\n".join(" ".join(c for c in row if c) for row in (*form.before, form.header, *form.rows[:half]))
    rest = "\n".join(" ".join(c for c in row if c) for row in (*form.rows[half:], *form.after))
    return _titled(form, first + "\n\n第 1 页 共 2 页\n\n" + form.title[0] + "\n" + rest + "\n")


def render_fused_weight_first(form: Form) -> str:
    """A PDF table of a province that prints 分值 before the values (三级指标 | 分值 | 指标值 | 实际值 |
    得分), its separators lost: each row's weight glued to its target (`免费发放原种8550万粒…`)."""
    header = list(form.header)
    if "分值" not in header and "权重" not in header:
        return render_fused(form)
    weight = next(c for c, h in enumerate(header) if h in ("分值", "权重"))
    target = next(c for c, h in enumerate(header) if "值" in h and c != weight)

    def moved(row: Row) -> str:
        cells = list(row)
        cells.insert(target, cells.pop(weight))
        return "".join(cells)

    rows = (*map("".join, form.before), *map(moved, (form.header, *form.rows)), *map("".join, form.after))
    return _titled(form, "".join(rows) + "\n")


RENDERINGS: dict[str, Callable[[Form], str]] = {
    "tabs": render_tabs,
    "pipe_rows": render_pipe_rows,
    "pipe_split": render_pipe_split,
    "cell_bars": render_cell_bars,
    "cell_paragraphs": render_cell_paragraphs,
    "spaced": render_spaced,
    "one_line": render_one_line,
    "fused": render_fused,
    "page_break": render_page_break,
    "list": render_list,
    "tab_cells": render_tab_cells,
    "html": render_html,
    "page_break_spaced": render_page_break_spaced,
    "fused_weight_first": render_fused_weight_first,
}


# OCR noise: what a scanned form's text layer does to its cells. Each function takes a row and the
# indices of its value columns (指标值 …, 分值, 得分) and returns the row as OCR read it; the form
# printed with it (`with_ocr`) must read the same as the clean form, each repair flagged.
def _value_columns(form: Form) -> tuple[int, ...]:
    return tuple(c for c, h in enumerate(form.header) if "值" in h or h in ("权重", "得分", "自评得分"))


def ocr_glyphs(row: Row, values: tuple[int, ...]) -> Row:
    """Comparators and percent signs in their full-width or JIS forms (`＞＝95％`, `≦15天`)."""
    table = str.maketrans({"≤": "≦", "%": "％"})
    return tuple(
        cell.replace("≥", "＞＝").translate(table) if c in values else cell for c, cell in enumerate(row)
    )


def ocr_lookalikes(row: Row, values: tuple[int, ...]) -> Row:
    """A zero after a digit read as the letter O (`1OO%`, `9O%`) in the target and actual cells.
    (In a 分值 or 得分 cell, `1O` is not read yet: the layout no longer sees the column's figures.)"""
    values = values[:2]
    return tuple(
        "".join("O" if ch == "0" and i and cell[i - 1].isdigit() else ch for i, ch in enumerate(cell))
        if c in values
        else cell
        for c, cell in enumerate(row)
    )


def ocr_geq_as_2(row: Row, values: tuple[int, ...]) -> Row:
    """The `≥` of a rate target read as `2` (`≥90%` → `290%`) in a row whose actual is a rate."""
    if len(values) < 2:
        return row  # a declaration form: no actual to prove it
    target, actual = values[0], values[1]
    if not (row[target].startswith("≥") and row[target].endswith("%") and row[actual].endswith("%")):
        return row
    return (*row[:target], "2" + row[target][1:], *row[target + 1 :])


def with_ocr(form: Form, noise: Callable[[Row, tuple[int, ...]], Row]) -> Form:
    """The form with every body row as OCR read it (header and title untouched)."""
    values = _value_columns(form)
    return replace(form, rows=tuple(noise(row, values) for row in form.rows))


def render_running_header(form: Form) -> str:
    """`render_spaced` over two pages: the second page starts with the page number (`- 2 -`), the
    running title and the header row printed again, then the rest of the rows."""
    half = len(form.rows) // 2 + 1
    line = " ".join
    first = "\n".join(line(c for c in row if c) for row in (*form.before, form.header, *form.rows[:half]))
    rest = "\n".join(line(c for c in row if c) for row in (*form.rows[half:], *form.after))
    second = f"- 2 -\n{form.title[0]}\n{line(form.header)}\n{rest}\n"
    return _titled(form, first + "\n" + second)


def middle_name(form: Form) -> str:
    """The name of the form's middle row (where a page break cuts the rows in two)."""
    return form.filled[len(form.rows) // 2][form._levels - 1]


def with_footer_in_name(render: Callable[[Form], str], footer: str) -> Callable[[Form], str]:
    """`render`, a page footer (`第2页`, `- 2 -`) run into the middle row's name halfway: a PDF's text
    layer whose page broke inside that row's name cell."""

    def rendered(form: Form) -> str:
        text, name = render(form), middle_name(form)
        at = text.index(name) + len(name) // 2
        return text[:at] + footer + text[at:]

    return rendered


# Kinds of form of the same population that the forms above do not hold: a department's form with
# its 年度履职目标 block and a 年度绩效指标 line above the indicators; targets in words (不低于,
# 达到, 控制在…以内, 不超过, 不高于), a range and a grade; yes/no and done/as-expected actuals;
# costs per head; a prior year's column beside the year's; a funds block with a carry-over.

# A county education bureau's whole-budget form: the funds by 基本/项目支出, the yearly duty goal
# (its text holds figures that are no indicators), a `年度绩效指标` line, then the indicators with
# targets in words (不低于, 达到), a cost per head (`元/人`), a yes/no row (`是`) and a deadline
# answered `已完成`.
DEPARTMENT_GOALS = Form(
    "department_goals",
    ("白沙县教育局2022年度部门整体支出绩效自评表",),
    THREE_LEVEL.header,
    (
        ("产出指标", "数量指标", "资助家庭经济困难学生", "不低于1200人", "1286人", "10", "10", ""),
        ("", "", "营养改善计划供餐天数", "达到200天", "200天", "10", "10", ""),
        ("", "质量指标", "义务教育巩固率", "≥98%", "98.6%", "10", "10", ""),
        ("", "时效指标", "校舍维修改造", "12月底前完成", "已完成", "10", "10", ""),
        ("", "成本指标", "寄宿生生活补助标准", "≤1250元/人", "1250元/人", "10", "10", ""),
        ("效益指标", "社会效益指标", "适龄儿童因贫失学辍学", "否", "否", "20", "20", ""),
        ("", "可持续影响指标", "学生资助长效机制", "是", "是", "10", "10", ""),
        ("满意度指标", "服务对象满意度指标", "学生家长满意度", "不低于90%", "93.5%", "20", "19", ""),
    ),
    (
        _x("资助家庭经济困难学生", "不低于1200人", ">=", 1200, "人", "1286人", 1286, "人", 10, 10),
        _x("营养改善计划供餐天数", "达到200天", ">=", 200, "天", "200天", 200, "天", 10, 10),
        _x("义务教育巩固率", "≥98%", ">=", 98, "%", "98.6%", 98.6, "%", 10, 10),
        _x("校舍维修改造", "12月底前完成", "qualitative", None, None, "已完成", None, None, 10, 10),
        _x("寄宿生生活补助标准", "≤1250元/人", "<=", 1250, "元/人", "1250元/人", 1250, "元/人", 10, 10),
        _x("适龄儿童因贫失学辍学", "否", "qualitative", None, None, "否", None, None, 20, 20),
        _x("学生资助长效机制", "是", "qualitative", None, None, "是", None, None, 10, 10),
        _x("学生家长满意度", "不低于90%", ">=", 90, "%", "93.5%", 93.5, "%", 20, 19),
    ),
    before=(
        ("部门（单位）名称", "白沙县教育局"),
        ("年度预算申请（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
        ("年度资金总额", "12850.6", "13420.3", "13105.8", "10", "97.66%", "9.77"),
        ("其中：基本支出", "9630.2", "9802.5", "9802.5", "", "", ""),
        ("项目支出", "3220.4", "3617.8", "3303.3", "", "", ""),
        ("年度履职目标", "预期目标", "实际完成情况"),
        (
            "",
            "保障全县86所中小学正常运转，资助家庭经济困难学生1200人以上。",
            "全县中小学运转正常，全年资助家庭经济困难学生1286人。",
        ),
        ("年度绩效指标",),
    ),
    budget=ExpectedBudget(
        (12850.6, 13420.3, 13105.8, 97.66),
        lines=(
            ("年度资金总额", 12850.6, 13420.3, 13105.8, 97.66),
            ("基本支出", 9630.2, 9802.5, 9802.5, None),
            ("项目支出", 3220.4, 3617.8, 3303.3, None),
        ),
    ),
    info=("白沙县教育局2022年度部门整体支出绩效自评表", "白沙县教育局", 2022),
)

# A water company's project form: targets as a bounded range (`≥95%且≤100%`, `90%-100%`), with
# ceilings in words (不高于, 不超过), a cost per unit (`元/吨`), a grade (`≥良好`, actual `良好`)
# and qualitative targets answered `达到预期`.
RANGES_GRADES = Form(
    "ranges_grades",
    ("2021年度城乡供水保障项目支出绩效自评表",),
    ("一级指标", "二级指标", "三级指标", "年度指标值", "全年完成值", "分值", "得分", "未完成原因分析"),
    (
        ("产出指标", "数量指标", "开展水质监测", "≥12次", "12次", "10", "10", ""),
        ("", "质量指标", "出厂水水质达标率", "≥95%且≤100%", "98.6%", "15", "15", ""),
        ("", "", "管网漏损率", "不高于12%", "11.3%", "10", "10", ""),
        ("", "时效指标", "故障维修响应时间", "不超过24小时", "18小时", "10", "10", ""),
        ("", "成本指标", "吨水运行成本", "≤2.5元/吨", "2.38元/吨", "10", "10", ""),
        ("效益指标", "社会效益指标", "城乡供水服务水平", "有效提升", "达到预期", "15", "15", ""),
        ("", "可持续影响指标", "供水设施运行管理水平", "≥良好", "良好", "10", "10", ""),
        ("满意度指标", "服务对象满意度指标", "用水户满意度", "90%-100%", "95.3%", "20", "20", ""),
    ),
    (
        _x("开展水质监测", "≥12次", ">=", 12, "次", "12次", 12, "次", 10, 10),
        _x("出厂水水质达标率", "≥95%且≤100%", ">=", 95, "%", "98.6%", 98.6, "%", 15, 15),
        _x("管网漏损率", "不高于12%", "<=", 12, "%", "11.3%", 11.3, "%", 10, 10),
        _x("故障维修响应时间", "不超过24小时", "<=", 24, "小时", "18小时", 18, "小时", 10, 10),
        _x("吨水运行成本", "≤2.5元/吨", "<=", 2.5, "元/吨", "2.38元/吨", 2.38, "元/吨", 10, 10),
        _x("城乡供水服务水平", "有效提升", "qualitative", None, None, "达到预期", None, None, 15, 15),
        _x("供水设施运行管理水平", "≥良好", "qualitative", None, None, "良好", None, None, 10, 10),
        _x("用水户满意度", "90%-100%", ">=", 90, "%", "95.3%", 95.3, "%", 20, 20),
    ),
)

# A city's form printing last year's result beside this year's (上年实际完成值 | 年度指标值 |
# 实际完成值): the target and actual are the year's, the prior year's figure no part of either.
PRIOR_YEAR = Form(
    "prior_year",
    ("2024年度城市社区居家养老服务项目绩效自评表",),
    ("一级指标", "二级指标", "三级指标", "上年实际完成值", "年度指标值", "实际完成值", "分值", "得分"),
    (
        ("产出指标", "数量指标", "社区养老服务站点", "36个", "≥40个", "42个", "20", "20"),
        ("", "质量指标", "服务站点验收合格率", "100%", "100%", "100%", "20", "20"),
        ("", "时效指标", "运营补贴拨付", "及时", "及时", "及时", "10", "10"),
        (
            "效益指标",
            "社会效益指标",
            "享受居家养老服务老年人",
            "5120人次",
            "≥5500人次",
            "5864人次",
            "30",
            "30",
        ),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", "92%", "≥90%", "94.1%", "20", "20"),
    ),
    (
        _x("社区养老服务站点", "≥40个", ">=", 40, "个", "42个", 42, "个", 20, 20),
        _x("服务站点验收合格率", "100%", None, 100, "%", "100%", 100, "%", 20, 20),
        _x("运营补贴拨付", "及时", "qualitative", None, None, "及时", None, None, 10, 10),
        _x("享受居家养老服务老年人", "≥5500人次", ">=", 5500, "人次", "5864人次", 5864, "人次", 30, 30),
        _x("服务对象满意度", "≥90%", ">=", 90, "%", "94.1%", 94.1, "%", 20, 20),
    ),
)

# The ministry's project form with its funds block by source (本年财政拨款, 上年结转资金 filled,
# 其他资金 printed as zeros), the project facts and yearly goal above, a 总分 row below; its
# satisfaction row sits under 效益指标 (the older framework) and a target is `控制在…以内`.
FUND_SOURCES = Form(
    "fund_sources",
    ("项目支出绩效自评表", "（2020年度）"),
    THREE_LEVEL.header,
    (
        ("产出指标", "数量指标", "培训农村实用人才", "≥600人", "652人", "20", "20", ""),
        ("", "质量指标", "培训合格率", "≥90%", "95.2%", "15", "15", ""),
        ("", "成本指标", "人均培训费用", "控制在1500元以内", "1460元", "15", "15", ""),
        ("效益指标", "社会效益指标", "带动农民增收", "有效带动", "有效带动", "20", "20", ""),
        (
            "",
            "服务对象满意度指标",
            "参训学员满意度",
            "≥90%",
            "87.6%",
            "20",
            "18",
            "部分课程实操内容偏少，下年增加现场教学",
        ),
    ),
    (
        _x("培训农村实用人才", "≥600人", ">=", 600, "人", "652人", 652, "人", 20, 20),
        _x("培训合格率", "≥90%", ">=", 90, "%", "95.2%", 95.2, "%", 15, 15),
        _x("人均培训费用", "控制在1500元以内", "<=", 1500, "元", "1460元", 1460, "元", 15, 15),
        _x("带动农民增收", "有效带动", "qualitative", None, None, "有效带动", None, None, 20, 20),
        _x("参训学员满意度", "≥90%", ">=", 90, "%", "87.6%", 87.6, "%", 20, 18),
    ),
    before=(
        ("项目名称", "农村实用人才培训"),
        ("主管部门", "青林县农业农村局", "实施单位", "青林县农业广播电视学校"),
        ("项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
        ("年度资金总额", "90", "102.5", "98.4", "10", "96%", "9.6"),
        ("其中：本年财政拨款", "90", "90", "86.2", "—", "—", "—"),
        ("上年结转资金", "", "12.5", "12.2", "—", "—", "—"),
        ("其他资金", "0", "0", "0", "—", "—", "—"),
        ("年度总体目标", "预期目标", "实际完成情况"),
        ("", "全年培训农村实用人才600人以上，培训合格率90%以上。", "全年培训652人，合格率95.2%。"),
    ),
    after=(("总分", "", "", "", "", "100", "97.6", ""),),
    budget=ExpectedBudget(
        (90, 102.5, 98.4, 96),
        self_score=97.6,
        lines=(
            ("年度资金总额", 90, 102.5, 98.4, 96),
            ("本年财政拨款", 90, 90, 86.2, None),
            ("上年结转资金", None, 12.5, 12.2, None),
            ("其他资金", 0, 0, 0, None),
        ),
    ),
    info=("项目支出绩效自评表（2020年度）", "青林县农业广播电视学校", 2020),
)

# A city's form with a 计量单位 column before the values, the comparator written in the 指标值
# cell (`≥86`) and the actuals bare: the unit is the column's, for the target (call 93).
UNIT_COLUMN = Form(
    "unit_column",
    ("2023年度城区绿化养护项目绩效自评表",),
    ("一级指标", "二级指标", "三级指标", "计量单位", "年度指标值", "实际完成值", "分值", "得分"),
    (
        ("产出指标", "数量指标", "绿地养护面积", "万平方米", "≥86", "88.5", "20", "20"),
        ("", "质量指标", "苗木成活率", "%", "≥95", "96.8", "20", "20"),
        ("", "成本指标", "每平方米养护成本", "元", "≤12", "11.6", "10", "10"),
        ("效益指标", "生态效益指标", "城区绿化覆盖率", "%", "≥40", "41.2", "30", "30"),
        ("满意度指标", "服务对象满意度指标", "市民满意度", "%", "≥90", "93", "20", "19"),
    ),
    (
        _x("绿地养护面积", "≥86", ">=", 86, "万平方米", "88.5", 88.5, None, 20, 20),
        _x("苗木成活率", "≥95", ">=", 95, "%", "96.8", 96.8, None, 20, 20),
        _x("每平方米养护成本", "≤12", "<=", 12, "元", "11.6", 11.6, None, 10, 10),
        _x("城区绿化覆盖率", "≥40", ">=", 40, "%", "41.2", 41.2, None, 30, 30),
        _x("市民满意度", "≥90", ">=", 90, "%", "93", 93, None, 20, 19),
    ),
)

KIND_FORMS: tuple[Form, ...] = tuple(
    f.with_levels() for f in (DEPARTMENT_GOALS, RANGES_GRADES, PRIOR_YEAR, FUND_SOURCES, UNIT_COLUMN)
)


# More kinds of the same population: the system-printed project form of the budget-integration
# years (its 指标性质 column holding a direction, 正向/反向, not a comparator), a target and its
# actual written in one cell, the 权重 column printed before the values with a 完成率 after them and
# costs per head beside a total in 万元, a half-year target printed beside the year's, and 成本指标
# as a 一级 of its own with its three 二级.

# The project form a budget-integration system prints (2023–24): 指标性质 is the direction a row is
# scored in (正向: more is better, 反向: less is better), the comparator stays in the 年度指标值 cell;
# a 偏差原因分析及改进措施 column ends the row.
SYSTEM_PRINTED = Form(
    "system_printed",
    ("绿原县农业农村局2024年度高标准农田建设项目支出绩效自评表",),
    (
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ),
    (
        ("产出指标", "数量指标", "新建高标准农田面积", "正向", "≥2.5万亩", "2.62万亩", "20", "20", ""),
        ("", "质量指标", "工程竣工验收合格率", "正向", "=100%", "100%", "15", "15", ""),
        ("", "时效指标", "项目完工时限", "正向", "12月底前", "按期完成", "5", "5", ""),
        ("", "成本指标", "亩均财政投入", "反向", "≤1500元/亩", "1486元/亩", "10", "10", ""),
        (
            "效益指标",
            "经济效益指标",
            "项目区亩均粮食增产",
            "正向",
            "≥50公斤",
            "46公斤",
            "15",
            "12",
            "部分地块灌溉设施当年未投入使用，下年度加强管护",
        ),
        ("", "生态效益指标", "项目区化肥施用量增长率", "反向", "≤0%", "-1.8%", "10", "10", ""),
        ("", "可持续影响指标", "工程设计使用年限", "正向", "≥15年", "15年", "10", "10", ""),
        ("满意度指标", "服务对象满意度指标", "项目区群众满意度", "正向", "≥90%", "95%", "15", "15", ""),
    ),
    (
        _x("新建高标准农田面积", "≥2.5万亩", ">=", 2.5, "万亩", "2.62万亩", 2.62, "万亩", 20, 20),
        _x("工程竣工验收合格率", "=100%", "=", 100, "%", "100%", 100, "%", 15, 15),
        _x("项目完工时限", "12月底前", "qualitative", None, None, "按期完成", None, None, 5, 5),
        _x("亩均财政投入", "≤1500元/亩", "<=", 1500, "元/亩", "1486元/亩", 1486, "元/亩", 10, 10),
        _x("项目区亩均粮食增产", "≥50公斤", ">=", 50, "公斤", "46公斤", 46, "公斤", 15, 12),
        _x("项目区化肥施用量增长率", "≤0%", "<=", 0, "%", "-1.8%", -1.8, "%", 10, 10),
        _x("工程设计使用年限", "≥15年", ">=", 15, "年", "15年", 15, "年", 10, 10),
        _x("项目区群众满意度", "≥90%", ">=", 90, "%", "95%", 95, "%", 15, 15),
    ),
    info=("绿原县农业农村局2024年度高标准农田建设项目支出绩效自评表", "绿原县农业农村局", 2024),
)

# A city's form that writes each row's target and actual in one cell (`目标值：≥1500人；实际完成
# 值：1623人`): the target is the text after 目标值, the actual the text after 实际完成值.
TARGET_ACTUAL_CELL = Form(
    "target_actual_cell",
    ("2021年度城镇困难职工帮扶项目绩效自评表",),
    ("一级指标", "二级指标", "三级指标", "指标值及完成情况", "分值", "得分"),
    (
        ("产出指标", "数量指标", "帮扶困难职工人数", "目标值：≥1500人；实际完成值：1623人", "20", "20"),
        ("", "质量指标", "帮扶资金发放准确率", "目标值：100%；实际完成值：100%", "20", "20"),
        ("", "时效指标", "帮扶资金发放时间", "目标值：春节前；实际完成值：春节前", "10", "10"),
        ("", "成本指标", "人均帮扶标准", "目标值：≤3000元/人；实际完成值：2800元/人", "10", "10"),
        (
            "效益指标",
            "社会效益指标",
            "困难职工家庭生活条件",
            "目标值：有所改善；实际完成值：明显改善",
            "20",
            "20",
        ),
        ("满意度指标", "服务对象满意度指标", "帮扶对象满意度", "目标值：≥90%；实际完成值：96.5%", "20", "19"),
    ),
    (
        _x("帮扶困难职工人数", "≥1500人", ">=", 1500, "人", "1623人", 1623, "人", 20, 20),
        _x("帮扶资金发放准确率", "100%", None, 100, "%", "100%", 100, "%", 20, 20),
        _x("帮扶资金发放时间", "春节前", "qualitative", None, None, "春节前", None, None, 10, 10),
        _x("人均帮扶标准", "≤3000元/人", "<=", 3000, "元/人", "2800元/人", 2800, "元/人", 10, 10),
        _x("困难职工家庭生活条件", "有所改善", "qualitative", None, None, "明显改善", None, None, 20, 20),
        _x("帮扶对象满意度", "≥90%", ">=", 90, "%", "96.5%", 96.5, "%", 20, 19),
    ),
)

# A province's form printing 权重 before the values and a 完成率 after them, with a cost per head
# (`≤80元/人`) beside the project's total cost in 万元.
WEIGHT_BEFORE = Form(
    "weight_before",
    ("2023年度城乡居民免费健康体检项目绩效自评表",),
    (
        "一级指标",
        "二级指标",
        "三级指标",
        "权重",
        "年度指标值",
        "实际完成值",
        "完成率",
        "得分",
        "偏差原因分析及改进措施",
    ),
    (
        (
            "产出指标",
            "数量指标",
            "65岁以上老年人健康体检人数",
            "20",
            "≥18000人",
            "19460人",
            "108.1%",
            "20",
            "",
        ),
        ("", "质量指标", "体检报告反馈率", "15", "≥95%", "97.2%", "102.3%", "15", ""),
        ("", "成本指标", "人均体检费用", "10", "≤80元/人", "78.5元/人", "100%", "10", ""),
        ("", "", "项目总成本", "10", "≤155万元", "152.8万元", "100%", "10", ""),
        (
            "效益指标",
            "社会效益指标",
            "慢性病早期检出率",
            "20",
            "≥30%",
            "27.5%",
            "91.7%",
            "17",
            "部分村居体检项目未覆盖血脂检测，下年度补齐",
        ),
        ("满意度指标", "服务对象满意度指标", "体检对象满意度", "15", "≥90%", "93.6%", "104%", "15", ""),
    ),
    (
        _x("65岁以上老年人健康体检人数", "≥18000人", ">=", 18000, "人", "19460人", 19460, "人", 20, 20),
        _x("体检报告反馈率", "≥95%", ">=", 95, "%", "97.2%", 97.2, "%", 15, 15),
        _x("人均体检费用", "≤80元/人", "<=", 80, "元/人", "78.5元/人", 78.5, "元/人", 10, 10),
        _x("项目总成本", "≤155万元", "<=", 155, "万元", "152.8万元", 152.8, "万元", 10, 10),
        _x("慢性病早期检出率", "≥30%", ">=", 30, "%", "27.5%", 27.5, "%", 20, 17),
        _x("体检对象满意度", "≥90%", ">=", 90, "%", "93.6%", 93.6, "%", 15, 15),
    ),
)

# A county's form printing the half-year target beside the year's (上半年指标值 | 全年指标值 |
# 全年实际完成值): the target is the year's, the half-year figure no part of it.
HALF_YEAR = Form(
    "half_year",
    ("2022年度农村人居环境整治项目绩效自评表",),
    (
        "一级指标",
        "二级指标",
        "三级指标",
        "上半年指标值",
        "全年指标值",
        "全年实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ),
    (
        ("产出指标", "数量指标", "新建改建农村户用卫生厕所", "≥600户", "≥1500户", "1538户", "20", "20", ""),
        ("", "", "村庄清洁行动覆盖行政村", "≥60个", "≥120个", "120个", "15", "15", ""),
        ("", "质量指标", "改厕工程验收合格率", "≥95%", "≥98%", "98.4%", "15", "15", ""),
        (
            "效益指标",
            "生态效益指标",
            "农村生活垃圾无害化处理率",
            "≥85%",
            "≥90%",
            "88.2%",
            "20",
            "18",
            "偏远村组转运车辆不足，下年度增配转运设备",
        ),
        ("", "社会效益指标", "村容村貌", "逐步改善", "明显改善", "明显改善", "10", "10", ""),
        ("满意度指标", "服务对象满意度指标", "农户满意度", "≥85%", "≥90%", "92.5%", "20", "20", ""),
    ),
    (
        _x("新建改建农村户用卫生厕所", "≥1500户", ">=", 1500, "户", "1538户", 1538, "户", 20, 20),
        _x("村庄清洁行动覆盖行政村", "≥120个", ">=", 120, "个", "120个", 120, "个", 15, 15),
        _x("改厕工程验收合格率", "≥98%", ">=", 98, "%", "98.4%", 98.4, "%", 15, 15),
        _x("农村生活垃圾无害化处理率", "≥90%", ">=", 90, "%", "88.2%", 88.2, "%", 20, 18),
        _x("村容村貌", "明显改善", "qualitative", None, None, "明显改善", None, None, 10, 10),
        _x("农户满意度", "≥90%", ">=", 90, "%", "92.5%", 92.5, "%", 20, 20),
    ),
)

# A project form of the framework that makes 成本指标 a 一级 of its own (2021 on), its 二级 经济成本
# / 社会成本 / 生态环境成本指标: a total cost in 万元 beside a standard per head in 元/人, a count that
# must stay at zero (`=0户`) and a ceiling on complaints.
COST_LEVEL = Form(
    "cost_level",
    ("2024年度城区老旧小区改造项目支出绩效自评表",),
    THREE_LEVEL.header,
    (
        ("产出指标", "数量指标", "改造老旧小区", "≥12个", "12个", "15", "15", ""),
        ("", "质量指标", "改造工程竣工验收合格率", "=100%", "100%", "15", "15", ""),
        ("", "时效指标", "改造任务完成时间", "11月底前", "11月底前", "10", "10", ""),
        ("效益指标", "社会效益指标", "受益居民户数", "≥2600户", "2715户", "15", "15", ""),
        ("成本指标", "经济成本指标", "项目总成本", "≤3200万元", "3168.4万元", "10", "10", ""),
        ("", "", "户均改造成本", "≤1.2万元/户", "1.17万元/户", "5", "5", ""),
        ("", "社会成本指标", "因改造引发的群体性事件", "=0起", "0起", "5", "5", ""),
        (
            "",
            "生态环境成本指标",
            "施工扬尘投诉次数",
            "≤5次",
            "7次",
            "5",
            "3",
            "雨季抢工期间洒水降尘不及时，下年度纳入施工单位考核",
        ),
        ("满意度指标", "服务对象满意度指标", "小区居民满意度", "≥90%", "93.2%", "20", "19", ""),
    ),
    (
        _x("改造老旧小区", "≥12个", ">=", 12, "个", "12个", 12, "个", 15, 15),
        _x("改造工程竣工验收合格率", "=100%", "=", 100, "%", "100%", 100, "%", 15, 15),
        _x("改造任务完成时间", "11月底前", "qualitative", None, None, "11月底前", None, None, 10, 10),
        _x("受益居民户数", "≥2600户", ">=", 2600, "户", "2715户", 2715, "户", 15, 15),
        _x("项目总成本", "≤3200万元", "<=", 3200, "万元", "3168.4万元", 3168.4, "万元", 10, 10),
        _x("户均改造成本", "≤1.2万元/户", "<=", 1.2, "万元/户", "1.17万元/户", 1.17, "万元/户", 5, 5),
        _x("因改造引发的群体性事件", "=0起", "=", 0, "起", "0起", 0, "起", 5, 5),
        _x("施工扬尘投诉次数", "≤5次", "<=", 5, "次", "7次", 7, "次", 5, 3),
        _x("小区居民满意度", "≥90%", ">=", 90, "%", "93.2%", 93.2, "%", 20, 19),
    ),
)

MORE_KIND_FORMS: tuple[Form, ...] = tuple(
    f.with_levels() for f in (SYSTEM_PRINTED, TARGET_ACTUAL_CELL, WEIGHT_BEFORE, HALF_YEAR, COST_LEVEL)
)


# Further kinds of the same population: a department form whose indicators sit under the year's
# main tasks (a 年度主要任务 column merged down each task's rows, before the levels); targets in
# words of every sort (逐步提高, 有效改善, ≥上年, 不低于上年水平, 持续巩固); and a county's project form
# whose funds block by source is in 元, the unit printed once on a line above it (`单位：元`).


def _task_expected(
    levels: tuple[str, str],
    name: str,
    target: str,
    op: str | None,
    value: float | None,
    unit: str | None,
    actual: str,
    actual_value: float | None,
    weight: float,
    score: float,
) -> Expected:
    """An expected indicator with its levels given (the task column stands before the levels, so
    `Form.with_levels` cannot find them by position)."""
    unit_of_actual = unit if actual_value is not None else None
    return Expected(
        levels, name, (target, op, value, unit), (actual, actual_value, unit_of_actual), weight, score
    )


# A district market-regulation bureau's department form: each 年度主要任务 (a task, merged down its
# rows) holds its own 一级/二级/三级 indicators; the task is no level and no part of a name.
TASK_COLUMN = Form(
    "task_column",
    ("东湖区市场监督管理局2023年度部门整体支出绩效自评表",),
    (
        "年度主要任务",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ),
    (
        (
            "食品安全监管",
            "产出指标",
            "数量指标",
            "食品经营主体监督检查户次",
            "≥3200户次",
            "3416户次",
            "15",
            "15",
            "",
        ),
        ("", "", "质量指标", "食品安全监督抽检合格率", "≥97%", "98.2%", "15", "15", ""),
        ("", "效益指标", "社会效益指标", "重大食品安全事故发生数", "=0起", "0起", "10", "10", ""),
        (
            "特种设备安全监察",
            "产出指标",
            "数量指标",
            "在用特种设备定期检验率",
            "≥98%",
            "99.1%",
            "15",
            "15",
            "",
        ),
        ("", "", "时效指标", "事故隐患整改完成时限", "30日内", "30日内", "10", "10", ""),
        ("市场主体登记服务", "产出指标", "质量指标", "企业开办全程网办率", "≥90%", "93.5%", "15", "15", ""),
        ("", "满意度指标", "服务对象满意度指标", "市场主体满意度", "≥90%", "94.3%", "20", "19", ""),
    ),
    (
        _task_expected(
            ("产出指标", "数量指标"),
            "食品经营主体监督检查户次",
            "≥3200户次",
            ">=",
            3200,
            "户次",
            "3416户次",
            3416,
            15,
            15,
        ),
        _task_expected(
            ("产出指标", "质量指标"), "食品安全监督抽检合格率", "≥97%", ">=", 97, "%", "98.2%", 98.2, 15, 15
        ),
        _task_expected(
            ("效益指标", "社会效益指标"), "重大食品安全事故发生数", "=0起", "=", 0, "起", "0起", 0, 10, 10
        ),
        _task_expected(
            ("产出指标", "数量指标"), "在用特种设备定期检验率", "≥98%", ">=", 98, "%", "99.1%", 99.1, 15, 15
        ),
        _task_expected(
            ("产出指标", "时效指标"), "事故隐患整改完成时限", "30日内", "<=", 30, "日", "30日内", 30, 10, 10
        ),
        _task_expected(
            ("产出指标", "质量指标"), "企业开办全程网办率", "≥90%", ">=", 90, "%", "93.5%", 93.5, 15, 15
        ),
        _task_expected(
            ("满意度指标", "服务对象满意度指标"),
            "市场主体满意度",
            "≥90%",
            ">=",
            90,
            "%",
            "94.3%",
            94.3,
            20,
            19,
        ),
    ),
    info=("东湖区市场监督管理局2023年度部门整体支出绩效自评表", "东湖区市场监督管理局", 2023),
)

# A county civil-affairs project form whose targets are words of every sort a filler writes where no
# figure is set: a trend (逐步提高, 持续巩固), an improvement (有效改善), last year as the floor (≥上年,
# 不低于上年水平), answered in words or a figure.
WORD_TARGETS = Form(
    "word_targets",
    ("2022年度城乡社区综合服务设施建设项目绩效自评表",),
    THREE_LEVEL.header,
    (
        ("产出指标", "数量指标", "新建社区综合服务站", "≥8个", "8个", "20", "20", ""),
        ("", "质量指标", "社区服务设施覆盖率", "≥上年", "96.4%", "15", "15", ""),
        ("效益指标", "社会效益指标", "社区公共服务能力", "逐步提高", "明显提高", "15", "15", ""),
        ("", "", "居民办事便利程度", "有效改善", "有效改善", "15", "15", ""),
        (
            "",
            "可持续影响指标",
            "社区服务长效机制",
            "持续巩固",
            "基本建立",
            "10",
            "8",
            "部分社区管护经费未落实，下年度纳入预算",
        ),
        ("满意度指标", "服务对象满意度指标", "社区居民满意度", "不低于上年水平", "93.8%", "15", "15", ""),
    ),
    (
        _x("新建社区综合服务站", "≥8个", ">=", 8, "个", "8个", 8, "个", 20, 20),
        _x("社区服务设施覆盖率", "≥上年", "qualitative", None, None, "96.4%", 96.4, "%", 15, 15),
        _x("社区公共服务能力", "逐步提高", "qualitative", None, None, "明显提高", None, None, 15, 15),
        _x("居民办事便利程度", "有效改善", "qualitative", None, None, "有效改善", None, None, 15, 15),
        _x("社区服务长效机制", "持续巩固", "qualitative", None, None, "基本建立", None, None, 10, 8),
        _x("社区居民满意度", "不低于上年水平", "qualitative", None, None, "93.8%", 93.8, "%", 15, 15),
    ),
)

# A county's project form whose funds block by source is in 元 (`单位：元` on a line of its own above
# it): the budget is read ÷ 10,000 into 万元, unrounded.
YUAN_FUNDS = Form(
    "yuan_funds",
    ("2023年度农村留守儿童关爱服务项目支出绩效自评表",),
    THREE_LEVEL.header,
    (
        ("产出指标", "数量指标", "关爱服务留守儿童人数", "≥1200人", "1268人", "20", "20", ""),
        ("", "质量指标", "儿童档案建档率", "=100%", "100%", "20", "20", ""),
        ("效益指标", "社会效益指标", "留守儿童安全保护水平", "有效提升", "有效提升", "20", "20", ""),
        ("满意度指标", "服务对象满意度指标", "监护人满意度", "≥90%", "92.6%", "30", "29", ""),
    ),
    (
        _x("关爱服务留守儿童人数", "≥1200人", ">=", 1200, "人", "1268人", 1268, "人", 20, 20),
        _x("儿童档案建档率", "=100%", "=", 100, "%", "100%", 100, "%", 20, 20),
        _x("留守儿童安全保护水平", "有效提升", "qualitative", None, None, "有效提升", None, None, 20, 20),
        _x("监护人满意度", "≥90%", ">=", 90, "%", "92.6%", 92.6, "%", 30, 29),
    ),
    before=(
        ("项目名称", "农村留守儿童关爱服务"),
        ("主管部门", "南溪县民政局", "实施单位", "南溪县儿童福利指导中心"),
        ("单位：元",),
        ("项目资金", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
        ("年度资金总额", "386000", "412500", "398760.5", "10", "96.67%", "9.7"),
        ("其中：财政拨款", "386000", "386000", "375260.5", "—", "—", "—"),
        ("上年结转资金", "", "26500", "23500", "—", "—", "—"),
    ),
    after=(("总分", "", "", "", "", "100", "97.7", ""),),
    budget=ExpectedBudget(
        (38.6, 41.25, 39.87605, 96.67),
        self_score=97.7,
        lines=(
            ("年度资金总额", 38.6, 41.25, 39.87605, 96.67),
            ("财政拨款", 38.6, 38.6, 37.52605, None),
            ("上年结转资金", None, 2.65, 2.35, None),
        ),
    ),
    info=("2023年度农村留守儿童关爱服务项目支出绩效自评表", "南溪县儿童福利指导中心", 2023),
)

FURTHER_KIND_FORMS: tuple[Form, ...] = (TASK_COLUMN, WORD_TARGETS.with_levels(), YUAN_FUNDS.with_levels())
