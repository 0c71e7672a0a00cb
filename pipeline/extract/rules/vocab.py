"""The rules backend's own word lists, as data in one place.

The vocabulary of the field (level words, header roles, comparators, units, placeholders) is in
`pipeline.domain`; this module holds the words only the rules backend matches on (qualitative
targets, budget sentence keys, prose name fillers, report-field labels).
"""

from __future__ import annotations

# --- Qualitative targets --------------------------------------------------------------------------
QUALITATIVE_WORDS: tuple[str, ...] = (
    "定性",
    "健全",
    "合规",
    "有效",
    "合理",
    "明确",
    "科学",
    "规范",
    "公开",
    "完善",
    "稳定可靠",
    "稳定",
    "优良中低差",
    "优",
    "良",
    "中",
    "差",
    "达标",
    "及时",
    "显著",
    "提升",
    "提高",
    "是",
    "否",
    "无",
    "按时完成",
    "按计划完成",
    "逐步提高",
    "有所提高",
    "效果显著",
    "持续提升",
)

# A qualitative target stating a trend: an adverb of degree, then a verb of change (稳步提升,
# 有效提高, 明显改善). A name is a noun phrase: it never ends in an adverb and a verb.
TREND_ADVERBS: tuple[str, ...] = (
    "稳步",
    "有效",
    "明显",
    "逐步",
    "持续",
    "进一步",
    "显著",
    "不断",
    "大幅",
    "有所",
)
TREND_VERBS: tuple[str, ...] = (
    "提升",
    "提高",
    "改善",
    "增强",
    "增加",
    "增长",
    "降低",
    "减少",
    "下降",
    "好转",
    "优化",
)

# --- Budget words ---------------------------------------------------------------------------------
BUDGET_WORDS: dict[str, tuple[str, ...]] = {
    "initial": ("年初预算数", "年初预算", "当年下达", "财政二下审核额度", "年初下达"),
    "carryover": ("上年结转", "结转资金", "上年度结转"),
    "adjustment": ("追加追减", "调整数", "压减", "缩减"),
    "adjusted": ("全年预算数", "全年预算", "调整后预算", "调整预算数", "剩余指标", "共计", "合计"),
    "spent": ("全年执行数", "实际支出", "已使用", "共使用", "实际支付", "支出"),
    "execution_rate": ("执行率", "使用率"),
}


# The label of the official form's whole indicator block: one cell merged down its left edge over
# every indicator row, which a workbook, web page or Word reader repeats in each row.
FORM_SIDE_LABEL = "绩效指标"
# Row labels in indicator tables that are not indicators (totals, notes, overall-goal rows).
NON_INDICATOR_LABELS: tuple[str, ...] = (
    FORM_SIDE_LABEL,
    "总分",
    "合计",
    "小计",
    "总计",
    "其他需要说明事项",
    "其他需要说明的问题",
    "年度总体目标",
    "预期目标",
    "实际完成情况",
    "备注",
    # a form's field labels (项目名称 | 某项目): what they label is not measured
    "项目名称",
    "项目单位",
    "主管部门",
    "主管部门及代码",
    "主管单位及代码",
    "实施单位",
    "项目负责人",
    "联系电话",
    "资金使用单位",
    "项目资金",
    "年度资金总额",
)
# First cells of the rows that close an indicator table (总分 | 100 | 96, 合计 | 100).
TABLE_END_LABELS: tuple[str, ...] = ("总分", "合计", "总计")


# What a prose indicator's name ends with: the thing measured (rates, counts, satisfaction).
PROSE_NAME_SUFFIXES: tuple[str, ...] = (
    "率",
    "度",
    "比例",
    "占比",
    "人数",
    "次数",
    "数量",
    "户数",
    "家数",
    "个数",
    "时间",
    "时限",
    "金额",
    "面积",
    "覆盖面",
    "参与率",
)
# Verbs between a prose indicator's name and its number.
PROSE_LINK_WORDS: tuple[str, ...] = (
    "达到",
    "达",
    "为",
    "均在",
    "保持在",
    "保持",
    "在",
    "提高到",
    "提升到",
    "提升至",
)

# Words saying every listed item reached the value (A、B均达到100%): stripped from a name's end.
COLLECTIVE_WORDS: tuple[str, ...] = ("均", "都", "全部")

# Prose indicator names: what is stripped from the front (time, place, fillers) and the back.
NAME_LEADING_FILLERS: tuple[str, ...] = (
    "同时",
    "其中",
    "并且",
    "并",
    "且",
    "共",
    "累计",
    "合计",
    "已经",
    "已",
    "均",
    "全年",
    "全面",
    "努力完成",
    "完成",
    "实现",
    "确保",
    "保证",
    "保障",
    "力争",
    "切实",
    "着力",
    "进一步",
    "有效",
    "按照",
    "积极",
    "所有",
)
PLACE_SUFFIXES: tuple[str, ...] = ("省", "市", "县", "区", "镇", "乡")
# Common nouns that end like a place (区, 市) and open an indicator's name, never its place:
# 项目区群众满意度, 社区卫生服务覆盖率, 城市生活垃圾无害化处理率.
AREA_NOUNS: tuple[str, ...] = (
    "地区",
    "项目区",
    "示范区",
    "社区",
    "城区",
    "园区",
    "景区",
    "辖区",
    "山区",
    "库区",
    "片区",
    "小区",
    "校区",
    "灾区",
    "牧区",
    "林区",
    "矿区",
    "城市",
)
AGENCY_SUFFIXES: tuple[str, ...] = (
    "医疗保障局",
    "医保局",
    "财政局",
    "卫生健康委员会",
    "卫健委",
    "局",
    "中心",
)
SELF_REFERENCES: tuple[str, ...] = (
    "我县",
    "我市",
    "我区",
    "我省",
    "我局",
    "全县",
    "全市",
    "全区",
    "全省",
    "本县",
    "本市",
    "我单位",
    "本单位",
    "我部门",
    "本部门",
    "我校",
    "我院",
)
# Section headings whose prose can state indicators (goals, results, effects); prose under other
# headings (机构职能, 人员概况, 资金分配…) is narrative, its headcounts and sums are not indicators.
PERFORMANCE_SECTION_WORDS: tuple[str, ...] = (
    "绩效",
    "指标",
    "目标",
    "效益",
    "效果",
    "成效",
    "产出",
    "完成情况",
    "实施情况",
    "评价结论",
    "自评",
)
# Section headings whose prose states goals; results sections (完成情况) state actuals.
GOAL_SECTION_WORDS: tuple[str, ...] = ("基本情况", "目标设定", "年度目标", "绩效目标", "立项", "指标设定")
# Heading words of a section on the unit itself (`部门基本情况`, `单位概况`): its establishment,
# staff and offices, narrative even where 基本情况 would make a project's section a goal section.
UNIT_SECTION_WORDS: tuple[str, ...] = ("部门基本情况", "单位基本情况", "机构基本情况", "人员基本情况")
# Heading words of a section on what went wrong and what comes next (`发现的主要问题及原因`,
# `下一步改进措施`): its numbers are shortfalls and plans, never results, even under a 绩效 title.
SHORTFALL_SECTION_WORDS: tuple[str, ...] = ("问题", "不足", "建议", "改进", "下一步", "整改")
# Heading words announcing results: a heading that also names shortfalls (`绩效目标完成情况及存在的
# 问题`) still opens a section whose prose states the results.
RESULT_SECTION_WORDS: tuple[str, ...] = ("完成情况", "实现情况")

# Budget execution wording: never a prose indicator (the budget rules read it).
BUDGET_RATE_NAMES: tuple[str, ...] = (
    "执行率",
    "预算执行率",
    "资金执行率",
    "使用率",
    "资金使用率",
    "支出率",
    "资金支出率",
    "预算完成率",
)

# Headings of report sections that are about the report, not a project of a multi-project report.
# Headings of a section on a sample of a fund's projects (a 现场评价 of some of them): the money
# figures there are the sample's, not the fund's.
SAMPLE_SECTION_WORDS: tuple[str, ...] = ("现场评价", "实地评价", "抽查", "抽样", "抽评")
GENERIC_SECTION_WORDS: tuple[str, ...] = (
    "概况",
    "情况",
    "问题",
    "措施",
    "建议",
    "说明",
    "附件",
    "结果",
    "分析",
    "评价",
    "自评",
    "名称",
    "目标",
    "绩效",
    "应用",
    "公开",
    "计划",
    "职能",
    "预算信息",
    "重点任务",
)

# --- report fields -------------------------------------------------------------------------------
AGENCY_NAME_SUFFIXES: tuple[str, ...] = (
    "医疗保障局",
    "卫生健康委员会",
    "教育体育局",
    "农业农村局",
    "行政审批局",
    "人力资源和社会保障局",
    "财政局",
    "教育局",
    "急救中心",
    "服务中心",
    "大学",
    "学院",
    "中学",
    "小学",
    "医院",
    "委员会",
    "厅",
    "局",
    "中心",
    # the units that carry projects out under a bureau, and the courts and offices
    "学校",
    "卫生院",
    "研究所",
    "研究院",
    "站",
    "馆",
    "法院",
    "检察院",
    "大队",
    "办公室",
)
# Labels after which a report names its unit (预算部门名称：…, 项目单位：(公章) …), in tiers: the unit
# that carries the project out or spends the money first, then its supervising department, then
# the page that published the report (发布机构 of a government site). Within a tier the first
# label in the text wins.
AGENCY_LABEL_TIERS: tuple[tuple[str, ...], ...] = (
    (
        "预算部门名称",
        "部门(单位)名称",
        "部门（单位）名称",
        "单位名称",
        "项目单位",
        "预算单位",
        "实施单位",
        "资金使用单位",
        "填报单位",
        "报送单位",
        "申报单位",
        "部门名称",
        "部门",
    ),
    ("主管部门",),
    ("发文单位", "发布机构"),
)
DEPARTMENT_WORDS: tuple[str, ...] = (
    "整体支出",
    "部门整体",
    "单位整体",
    "部门（单位）整体",
    "部门(单位)整体",
)
# Read in the title only: a department's final accounts (部门决算) or its performance as a whole
# (2023年度部门绩效自评报告, 整体绩效自评表) report on the department, but a project report may cite
# its department's 部门决算 or 部门绩效目标 near the top.
DEPARTMENT_TITLE_WORDS: tuple[str, ...] = ("部门决算", "部门绩效", "单位绩效", "整体绩效")
# A transfer payment (转移支付) is evaluated as a fund, like a project.
PROJECT_WORDS: tuple[str, ...] = ("项目支出", "项目绩效", "专项资金", "补助资金", "转移支付", "项目")

# --- budget & report fields --------------------------------------------------------------------
# Sentence keys for each budget figure; each is a regular-expression fragment. A figure is the
# first amount written after any of its keys within one clause chain (budget.py).
BUDGET_SENTENCE_KEYS: dict[str, tuple[str, ...]] = {
    # 安排 (按生均800元安排,共计96万元) and 预拨 (提前下达 paid in advance) state the year's
    # first allocation; 预算 directly before an amount (经费预算10441万元) too.
    "initial": (
        "年初预算数",
        "年初预算",
        "财政二下审核额度",
        "年初下达",
        "当年下达",
        "下达",
        "安排",
        "预拨",
        r"预算(?=\d)",
        r"预算资金(?=\d)",  # 项目预算资金58万元
    ),
    "carryover": (
        "上年结转",
        "上年度结转",
        r"结转\d{4}年(?:度)?资金",
        r"\d{4}年(?:度)?结转资金",
        "结转资金",
        r"\d{4}年[^。；;\n\d]{0,12}?结余",  # 2019年医疗救助补助资金结余: last year's leftover
    ),
    "adjusted": (
        "全年预算数合计",
        "全年预算数",
        "全年预算",
        "调整后预算数",
        "调整后预算",
        "调整预算数",
        r"调整预算(?=[为至:：]?\s*\d)",  # 年中调整预算3120.8万元 (not 调整预算减少50万元)
        "预算调整为",
        "剩余指标",
        "全年可使用资金合计",
        "可使用资金合计",
        "收入合计",  # a department's funds for the year (本年财政资金收入合计)
        "收入[:：]",  # …as a labelled figure (1、收入:792.22万元)
    ),
    "spent": (
        "全年执行数",
        "全年执行",
        "全年支出",
        "实际执行",
        "实际支出",
        "实际支付",
        "实际使用",
        "共使用",
        "已使用",
        "共支出",
        "累计支出",
        "执行数",
        "支出合计",
        "支出共计",
        "支出[:：]",  # a labelled figure (2、支出:799.12万元), not every 支出 of the narrative
    ),
    "cut": ("缩减", "压减", "调减", "核减"),
    # 共计 after a carry-over figure in the same sentence is the budget for the year (initial +
    # carryover); elsewhere (年初下达到…账户共计1.96万元) it is the initial figure's own total.
    "sum": ("共计",),
}
# Words in a section that say the initial budget was changed; without them (and without a
# carry-over figure) adjusted = initial. 结转 (carried over into the year) is a change; 结余 (left
# over at its end) is not, unless it is read as last year's carry-over.
BUDGET_CHANGE_WORDS: tuple[str, ...] = (
    "缩减",
    "压减",
    "调减",
    "核减",
    "追加",
    "追减",
    "调增",
    "结转",
    "调整预算",
    "预算调整",
)
# A figure for one category of spending (其中人员类项目下达74.73; a 部门决算's “三公”经费 and its three
# items) is a part, not the whole.
BUDGET_PART_WORDS: tuple[str, ...] = ("类项目", "类支出", "三公", "因公出国", "公务用车", "公务接待")
# "此项资金已使用完毕": everything was spent.
BUDGET_ALL_SPENT_WORDS: tuple[str, ...] = ("已使用完毕", "已全部使用", "全部支出完毕", "已全部支出")
# Written right after an amount (资金3728万元全部执行到位), these say that amount was spent in full.
BUDGET_SPENT_IN_FULL_WORDS: tuple[str, ...] = (*BUDGET_ALL_SPENT_WORDS, "全部执行到位", "全部执行完毕")
# Rate words, and the words that make a rate the whole budget's (预算执行率) rather than the tail
# of another indicator's name (集中采购执行率).
BUDGET_RATE_WORDS: tuple[str, ...] = ("执行率", "使用率", "支出率", "预算完成", "完成预算的")
BUDGET_RATE_OWNERS: tuple[str, ...] = ("预算", "资金", "项目")
# A form's header words for the column of the execution rate (预算执行进度(%)).
BUDGET_RATE_COLUMN_WORDS: tuple[str, ...] = ("执行率", "执行进度")

# Row labels that end a budget table (the form's goal and indicator blocks follow).
BUDGET_TABLE_STOP_WORDS: tuple[str, ...] = (
    "年度总体目标",
    "年度整体绩效目标",
    "年度绩效目标",
    "总体目标",
    "绩效目标",
    "预期目标",
    "绩效指标",
    "一级指标",
    # a department form's duties below its funds: 年度主要任务 | 任务名称 | 主要内容 | 预算金额 rows
    # name tasks and what each may spend, no budget figures of the year
    "年度主要任务",
    "主要任务",
    "任务名称",
    "年度履职目标",
    "履职目标",
)
# Block markers in department tables: 收入构成 rows are income, not spending lines.
BUDGET_INCOME_MARKERS: tuple[str, ...] = ("收入构成",)
BUDGET_SPENDING_MARKERS: tuple[str, ...] = ("支出构成",)
# Row labels of a budget table's total: the table that has one is the project's budget.
BUDGET_TOTAL_ROWS: tuple[str, ...] = ("年度资金总额", "资金总额", "预算总金额", "年度总金额", "合计", "总计")
# A table row named like this states the carry-over (上年结转资金 | 0 | 0 | 0).
BUDGET_CARRYOVER_ROWS: tuple[str, ...] = ("上年结转",)

# Self-score: a key, then the score (自评得分为100分, 县医保局自评92分, 项目总得分99分).
SELF_SCORE_KEYS: tuple[str, ...] = (
    "自评得分",
    "自评总分",
    "自评分数",
    "自评结果",
    "自评",
    "项目总得分",
    "总得分",
)
# The whole evaluation's score in a conclusion (该项目综合得分96.5分, 绩效评价总体得分为65分): a
# self-score only in a clause that names the evaluation or the project (群众满意度综合得分92分 is a result).
SELF_SCORE_CONCLUSION_KEYS: tuple[str, ...] = ("综合得分", "综合评分", "总体得分", "最终得分")
SELF_SCORE_CONCLUSION_WORDS: tuple[str, ...] = ("自评", "评价", "项目", "绩效")
# The table row that holds the full mark and then the score (总分 | 100 | 96).
SELF_SCORE_ROW_WORDS: tuple[str, ...] = ("总分",)

# Report fields: words that make a line the report's title, lines that are not it.
TITLE_WORDS: tuple[str, ...] = (
    "自评报告",
    "自评表",
    "评价报告",
    "评价表",
    "绩效报告",
    "情况报告",
    "部门决算公开",
    "申报表",
    "部门决算",
)
TITLE_EXCLUDED_STARTS: tuple[str, ...] = ("附件", "索引", "《")
FILE_EXTENSIONS: tuple[str, ...] = (".docx", ".doc", ".xlsx", ".xls", ".pdf", ".wps", ".txt")
# Labels whose year is the year evaluated when no XXXX年度 is written (项目年度目标:2022年…).
FISCAL_YEAR_LABELS: tuple[str, ...] = ("项目年度目标", "年度总体目标", "年度目标")
# Abbreviated unit names → the full name a careful reader writes (某市医保局 → 某市医疗保障局).
AGENCY_ABBREVIATIONS: dict[str, str] = {"医保局": "医疗保障局", "卫健委": "卫生健康委员会"}
# Labels a form fuses with the unit's name (项目实施单位某市急救中心项目主管单位…,
# 项目实施单位/项目负责人某区农技中心/…): read without a separator, only when a place name follows.
# A department form's 部门（单位）名称 cell runs into the unit's name where a text layer's single
# space between them was collapsed (部门（单位）名称某县自然资源局).
AGENCY_FUSED_LABELS: tuple[str, ...] = (
    "实施单位/项目负责人",
    "实施单位",
    "资金使用单位",
    "项目单位",
    "单位名称",
    "部门（单位）名称",
    "部门(单位)名称",
    "预算部门名称",
    "部门名称",
)
# The supervising department's label in a fused form (县级主管部门某县商务局实施单位…): the second tier.
AGENCY_FUSED_SUPERVISOR_LABELS: tuple[str, ...] = ("主管部门", "主管单位")
# A government site's byline: the publishing unit alone on a line, then the time or source
# (某省应急管理厅 时间:2023-06-28, the space may be lost) — the third tier, as 发布机构.
AGENCY_BYLINE_WORDS: tuple[str, ...] = ("发布时间", "时间", "日期", "来源")
# The unit words a site's welcome banner ends in (欢迎访问某县政协网站): a banner names the
# site's owner — a unit's own site publishes its own reports; a government portal (人民政府) is no unit.
BANNER_UNIT_SUFFIXES: tuple[str, ...] = (*AGENCY_NAME_SUFFIXES, "政协")
# Labels of a third party that evaluated the report for the unit (评价机构：某市绩效评价中心): the
# evaluator signs such a report, but it is not the reporting unit.
EVALUATOR_LABELS: tuple[str, ...] = ("评价机构", "评价单位", "受托机构", "受托单位", "第三方机构")
# A page's source line names the unit that published it, as 发布机构 does (【来源：某县林业局】);
# read only where the unit's full name follows, and never after 资金 (资金来源 is a budget label).
PAGE_SOURCE_LABELS: tuple[str, ...] = ("信息来源", "文章来源", "稿件来源", "来源")
# Words of a web page's byline under its headline (信息来源:… 发布时间:…); the line above is the title.
PAGE_BYLINE_WORDS: tuple[str, ...] = ("发布时间", "发布日期", "信息来源", "文章来源")
# Provinces by name (a left edge a pattern cannot find: 根据安徽省财政厅 is 安徽省, not 据安徽省).
PROVINCE_NAMES: tuple[str, ...] = (
    "北京市",
    "天津市",
    "上海市",
    "重庆市",
    "河北省",
    "山西省",
    "辽宁省",
    "吉林省",
    "黑龙江省",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "江西省",
    "山东省",
    "河南省",
    "湖北省",
    "湖南省",
    "广东省",
    "海南省",
    "四川省",
    "贵州省",
    "云南省",
    "陕西省",
    "甘肃省",
    "青海省",
    "台湾省",
    "内蒙古自治区",
    "广西壮族自治区",
    "西藏自治区",
    "宁夏回族自治区",
    "新疆维吾尔自治区",
)
# City and county names end in these (after the province, in a unit's name: 某市某区医疗保障局).
CITY_SUFFIXES: tuple[str, ...] = ("自治州", "地区", "市", "州", "盟")
COUNTY_SUFFIXES: tuple[str, ...] = ("自治县", "县", "区", "旗")
# Issuers of the higher government's documents that name where a unit is (安徽省财政厅…).
GOVERNMENT_ISSUERS: tuple[str, ...] = (
    "财政厅",
    "财政局",
    "人民政府",
    "医疗保障局",
    "卫生健康委员会",
    "办公厅",
)
