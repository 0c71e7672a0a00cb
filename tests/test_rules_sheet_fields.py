"""Report fields of a workbook come from the sheet that holds its indicators first."""

from __future__ import annotations

from pipeline.core.document import Span
from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.sheet_fields import sheet_report_fields

# A budget system's export (new text): a project record, a planning sheet headed with the year
# the budget was filed for, then the monitoring form of the year before, which holds the indicators.
RECORD = "项目基本信息\t项目基本信息\n项目单位\t某县农业技术推广中心\n项目名称\t2023年耕地质量监测补助资金"
PLAN = "项目支出实施方案\t项目支出实施方案\n( 2024年度)\t( 2024年度)\n项目名称\t2023年耕地质量监测补助资金"
FORM = (
    "项目支出绩效目标执行监控表\t项目支出绩效目标执行监控表\n( 2023年度)\t( 2023年度)\n"
    "实施单位\t某县农业技术推广中心\n"
    "一级指标\t二级指标\t三级指标\t年度指标值\n产出指标\t数量指标\t监测点位数\t≥40个"
)
TEXT = "\n\n".join((RECORD, PLAN, FORM))
SHEETS = (
    Span(0, len(RECORD)),
    Span(len(RECORD) + 2, len(RECORD) + 2 + len(PLAN)),
    Span(len(TEXT) - len(FORM), len(TEXT)),
)


def test_title_and_year_come_from_the_sheet_of_the_indicators() -> None:
    fields = sheet_report_fields(TEXT, SHEETS, TEXT.index("监测点位数"))
    title = "项目支出绩效目标执行监控表( 2023年度)"
    at = TEXT.index("项目支出绩效目标执行监控表")
    assert fields.title == Found(title, at, TEXT.index("( 2023年度)") + len("( 2023年度)"))
    assert fields.fiscal_year == Found(2023, TEXT.index("2023年度"), TEXT.index("2023年度") + 4)
    assert fields.agency == Found("某县农业技术推广中心", TEXT.rindex("某县"), TEXT.rindex("某县") + 10)


def test_without_sheets_or_indicators_the_whole_text_decides() -> None:
    whole = sheet_report_fields(TEXT, (), TEXT.index("监测点位数"))
    assert whole.title == Found("项目基本信息", 0, 6)
    assert whole.fiscal_year == Found(2024, TEXT.index("2024年度"), TEXT.index("2024年度") + 4)
    assert sheet_report_fields(TEXT, SHEETS, None) == whole
