"""Every vocabulary the rules backend matches on, as data in one place.

Rules modules import these names; nothing else in the rules backend spells a header word,
comparator word, qualitative word or level name inline.
"""

from __future__ import annotations

# --- Indicator table headers: column role → header words (matched after normalisation) ---------
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "name": ("三级指标", "指标名称", "指标内容"),
    "target": ("年度指标值", "指标目标值", "年初目标值", "年初指标值", "预期指标值", "目标值", "指标值"),
    "actual": ("实际完成值", "指标完成值", "全年实际值", "年终完成值", "完成值", "实际值"),
    "weight": ("分值", "权重"),
    "score": ("得分", "自评分", "自评得分"),
    "deviation": (
        "偏差原因分析及改进措施",
        "未完成原因分析及改进措施",
        "未完成原因及改进措施",
        "偏差原因",
        "原因分析",
        "未完成原因",
    ),
    "category": ("类别",),
    "source": ("完成值来源",),
    "deviation_size": ("偏差情况",),
}

# --- Comparators: written form → contract op ----------------------------------------------------
SYMBOL_OPS: dict[str, str] = {
    "≥": ">=",
    "≧": ">=",
    ">=": ">=",
    "=>": ">=",
    "≤": "<=",
    "≦": "<=",
    "<=": "<=",
    "=<": "<=",
    ">": ">",
    "＞": ">",
    "<": "<",
    "＜": "<",
    "=": "=",
    "＝": "=",
    "═": "=",
}
# Words before the number (不低于90%) and words after it (90%以上).
PREFIX_WORD_OPS: dict[str, str] = {
    "不低于": ">=",
    "不少于": ">=",
    "不小于": ">=",
    "至少": ">=",
    "大于等于": ">=",
    "达到": ">=",
    "达": ">=",
    "不超过": "<=",
    "不高于": "<=",
    "不大于": "<=",
    "小于等于": "<=",
    "控制在": "<=",
    "高于": ">",
    "大于": ">",
    "超过": ">",
    "低于": "<",
    "小于": "<",
    "等于": "=",
}
SUFFIX_WORD_OPS: dict[str, str] = {
    "以上": ">=",
    "及以上": ">=",
    "以下": "<=",
    "及以下": "<=",
    "以内": "<=",
    "之内": "<=",
}

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

# --- Indicator levels -----------------------------------------------------------------------------
LEVEL1_NAMES: tuple[str, ...] = (
    "产出指标",
    "效益指标",
    "满意度指标",
    "成本指标",
    "决策",
    "过程",
    "履职",
    "效益",
    "满意度",
    "产出",
    "项目决策",
    "过程管理",
    "项目产出",
    "项目效益",
    "项目管理",
)
LEVEL2_NAMES: tuple[str, ...] = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "可持续发展指标",
    "服务对象满意度指标",
    "满意度指标",
)

# --- Units ----------------------------------------------------------------------------------------
UNITS: tuple[str, ...] = (
    "%",
    "万元",
    "亿元",
    "元",
    "万",
    "个",
    "份",
    "次",
    "家次",
    "家",
    "人次",
    "人",
    "期",
    "项",
    "篇",
    "条",
    "件",
    "天",
    "日",
    "小时",
    "分钟",
    "秒",
    "年",
    "月",
    "平方米",
    "亩",
    "公斤",
    "吨",
    "万粒",
    "粒",
    "所",
    "户",
    "名",
    "批",
    "台",
    "套",
    "场",
    "例",
    "分",
    "本",
    "张",
    "座",
    "公里",
    "米",
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

# 二级 word → the 一级 it sits under in the standard framework (for forward-filling levels).
LEVEL2_PARENT: dict[str, str] = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "成本指标": "产出指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "可持续发展指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
    "经济成本指标": "成本指标",
    "社会成本指标": "成本指标",
    "生态环境成本指标": "成本指标",
}

# Cells that hold nothing: placeholders left in empty template rows.
PLACEHOLDER_CELLS: tuple[str, ...] = ("……", "...", ".....", "…", "—", "-", "/", "无")

# Section words that name indicator material in prose (`**数量指标：**…`, `（1）社会效益指标：…`).
INDICATOR_SECTION_WORDS: tuple[str, ...] = (*LEVEL2_NAMES, "效益指标", "满意度指标", "产出指标")

# Row labels in indicator tables that are not indicators (totals, notes, overall-goal rows).
NON_INDICATOR_LABELS: tuple[str, ...] = (
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
)

# Words that make a prose sentence a goal (target) rather than a result (actual).
GOAL_WORDS: tuple[str, ...] = (
    "确保",
    "保证",
    "力争",
    "目标",
    "计划",
    "预计",
    "要求",
    "不低于",
    "至少",
    "努力",
    "均须",
    "必须",
    "应当",
)

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
)
# Section headings whose prose states goals; results sections (完成情况) state actuals.
GOAL_SECTION_WORDS: tuple[str, ...] = ("基本情况", "目标设定", "年度目标", "绩效目标", "立项", "指标设定")

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
    "中学",
    "小学",
    "医院",
    "委员会",
    "厅",
    "局",
    "中心",
)
# Labels after which a report names its unit: 预算部门名称：…, 项目单位：(公章) …
AGENCY_LABELS: tuple[str, ...] = (
    "预算部门名称",
    "部门(单位)名称",
    "部门（单位）名称",
    "单位名称",
    "项目单位",
    "预算单位",
    "实施单位",
    "发文单位",
    "主管部门",
    "部门",
)
DEPARTMENT_WORDS: tuple[str, ...] = ("整体支出", "部门整体", "单位整体", "部门（单位）整体")
PROJECT_WORDS: tuple[str, ...] = ("项目支出", "项目绩效", "专项资金", "补助资金", "项目")
