"""Report fields of a workbook: read from the sheet that holds its indicator table first.

An export from a budget system puts the form among the project's other records, one per sheet:
项目基本信息, 立项依据 and 实施方案 (each headed with the *budget* year it was filed for), 支出计划,
then the form with its indicators, then review sheets. Read over the whole workbook, the title is
the first sheet's heading (`项目基本信息`) and the year the first `XXXX年度` of a planning sheet.
The form's own sheet names both (`项目支出绩效目标执行监控表` / `( 2019年度)`), so each field is
taken from that sheet when it states it there, else from the whole text:

    sheets `项目基本信息 …` | `项目支出立项依据 ( 2020年度) …` | `…监控表 ( 2019年度) 一级指标 …`
    → title `项目支出绩效目标执行监控表( 2019年度)`, fiscal_year 2019 (read in the third sheet)

A document without sheets, or whose indicators lie outside every sheet, keeps the whole text's
fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields

from pipeline.core.document import Span
from pipeline.extract.rules.amounts import shifted
from pipeline.extract.rules.report_fields import ReportFields, find_report_fields

_PLACES = ("province", "city", "county")


def sheet_report_fields(text: str, sheets: Sequence[Span], at: int | None) -> ReportFields:
    """The report fields of `text`, those the sheet holding offset `at` (the first indicator)
    states taken from that sheet (see the module docstring). `sheets` index `text`."""
    whole = find_report_fields(text)
    sheet = next((s for s in sheets if at is not None and s.start <= at < s.end), None)
    if sheet is None or len(sheets) < 2:
        return whole
    own = find_report_fields(text[sheet.start : sheet.end])
    chosen = {}
    for field in fields(ReportFields):
        found = shifted(getattr(own, field.name), sheet.start)
        chosen[field.name] = found if found is not None else getattr(whole, field.name)
    if own.agency is not None:  # the places are the agency's: from the sheet that named it
        chosen.update({name: shifted(getattr(own, name), sheet.start) for name in _PLACES})
    return ReportFields(**chosen)
