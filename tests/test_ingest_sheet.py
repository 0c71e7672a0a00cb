"""Workbook cell rendering and sheet layout shared by the xlsx and xls readers."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.core.document import Span
from pipeline.ingest.common import join_segments
from pipeline.ingest.sheet import (
    percent_decimals,
    plain_number,
    render_number,
    render_value,
    sheet_tables,
    sheet_text,
)


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (3.0, "General", "3"),
        (12, "General", "12"),
        (12.5, "0.00", "12.5"),
        (0.1 + 0.2, "General", "0.3"),
        (0.5477, "0.00%", "54.77%"),
        (0.5477, "0%", "55%"),
        (0.9, "#,##0.0%", "90.0%"),
        (1.0, "0.00%;[Red]-0.00%", "100.00%"),
        (0.5, '0.0"%"', "0.5"),
        (-2.0, "General", "-2"),
    ],
)
def test_numbers_render_as_shown(value: float, number_format: str, shown: str) -> None:
    assert render_number(value, number_format) == shown


def test_plain_number_has_no_exponent_or_float_noise() -> None:
    assert [plain_number(x) for x in (1e20, 1.5e-7, 123456789.123, float("nan"))] == [
        "100000000000000000000",
        "0.00000015",
        "123456789.123",
        "nan",
    ]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, ""),
        (True, "TRUE"),
        (False, "FALSE"),
        (dt.datetime(2024, 12, 31), "2024-12-31"),
        (dt.datetime(2024, 12, 31, 8, 30), "2024-12-31 08:30:00"),
        (dt.date(2023, 1, 2), "2023-01-02"),
        (dt.time(9, 5), "09:05:00"),
        ("≥10个", "≥10个"),
    ],
)
def test_other_values_render_as_a_person_reads_them(value: object, shown: str) -> None:
    assert render_value(value) == shown


def test_percent_decimals_reads_only_the_positive_section() -> None:
    assert [percent_decimals(f) for f in ("0.00%", "0%", "General", "0.0;0.00%", r"0.0\%")] == [
        2,
        0,
        None,
        None,
        None,
    ]


def test_sheet_text_trims_trailing_empty_cells_and_skips_empty_rows() -> None:
    rows = [["一级指标", "二级指标", "", ""], ["", "", ""], ["", "数量\n指标", "12期", ""]]

    assert sheet_text(rows) == "一级指标\t二级指标\n\t数量指标\t12期"


SHEET_WITH_TEXT = "\n".join(
    [
        "某县项目绩效自评表",  # a title above the table: text
        "一级指标\t二级指标\t指标值",
        "产出指标\t数量指标\t≥10个",
        "二、效益指标",  # one one-cell row between rows: a row of the table
        "效益指标\t社会效益\t有效提高",
        "注：指标值按批复填写。",  # two one-cell rows: text between two tables
        "数据来源：项目单位。",
        "项目\t预算数",
        "培训经费\t12.5",
    ]
)


def test_sheet_tables_marks_runs_of_rows_and_leaves_lines_of_text_out() -> None:
    parts = [("自评表", SHEET_WITH_TEXT), ("说明", "只有一段文字"), ("预算", "项目\t预算数")]

    content = sheet_tables(join_segments("sheet", parts, "\n\n"))

    assert content.tables == (Span(10, 60), Span(84, 100), Span(110, 116))
    assert [content.text[span.start : span.end] for span in content.tables] == [
        "一级指标\t二级指标\t指标值\n产出指标\t数量指标\t≥10个\n二、效益指标\n效益指标\t社会效益\t有效提高",
        "项目\t预算数\n培训经费\t12.5",
        "项目\t预算数",
    ]


def test_a_sheet_of_text_alone_marks_no_table() -> None:
    content = sheet_tables(join_segments("sheet", [("说明", "填报说明\n1.按批复填写。")], "\n\n"))

    assert content.tables == ()
