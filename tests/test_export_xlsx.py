"""results.xlsx: four sheets, frozen bold headers, filters, low-confidence rows shaded, text kept text."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from pipeline.core.config import Config
from pipeline.core.models import (
    Actual,
    Budget,
    BudgetLine,
    ExtractorInfo,
    Flag,
    Indicator,
    Project,
    ReportExtraction,
    Source,
    Target,
)
from pipeline.export import export_run
from pipeline.export.xlsx import LOW_CONFIDENCE_FILL


def _write_result(run_dir: Path) -> None:
    indicators = (
        Indicator(name="培训班次", target=Target(raw="≥10个", op=">=", value=10, unit="个"),
                  actual=Actual(raw="12个", value=12, unit="个"), confidence=0.9),
        Indicator(name="覆盖率", target=Target(raw="=100%", op="=", value=100, unit="%"),
                  actual=Actual(raw="98%\x07", value=98, unit="%"), confidence=0.69),
        Indicator(name="制度", target=Target(raw="健全", op="qualitative"), confidence=0.7),
    )  # fmt: skip
    result = ReportExtraction(
        source=Source(path="in/报告.docx", sha256="1" * 64, format="docx"),
        projects=(
            Project(name="项目A", budget=Budget(initial=10, adjusted=12, spent=6, execution_rate=50),
                    self_score=90, indicators=indicators),
            Project(name="项目B"),
        ),
        budget_lines=(BudgetLine(name="党团活动经费", adjusted=-1087.3, execution_rate=101.83),),
        flags=(Flag(kind="negative_budget", message="调整后预算为负", path="budget_lines[0].adjusted"),),
        extractor=ExtractorInfo(backend="rules", version="test"),
    )  # fmt: skip
    (run_dir / "reports").mkdir(parents=True)
    (run_dir / "reports" / "a_1.json").write_text(json.dumps(result.to_json_dict(), ensure_ascii=False))


def _values(sheet) -> list[list]:  # type: ignore[no-untyped-def]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_sheets_headers_freeze_and_filters(tmp_path: Path) -> None:
    _write_result(tmp_path)
    export_run(tmp_path, Config())
    book = load_workbook(tmp_path / "results.xlsx")
    assert book.sheetnames == ["indicators", "budgets", "budget_lines", "flags"]
    expected_filters = {"indicators": "A1:S4", "budgets": "A1:H3", "budget_lines": "A1:G2", "flags": "A1:D2"}
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == expected_filters[sheet.title]
        assert all(cell.font.bold for cell in sheet[1])
    assert _values(book["budgets"]) == [
        ["report", "project", "initial", "carryover", "adjusted", "spent", "execution_rate", "self_score"],
        ["in/报告.docx", "项目A", 10, None, 12, 6, 50, 90],
        ["in/报告.docx", "项目B", None, None, None, None, None, None],
    ]
    assert _values(book["budget_lines"])[1] == [
        "in/报告.docx",
        "党团活动经费",
        None,
        None,
        -1087.3,
        None,
        101.83,
    ]
    assert _values(book["flags"])[1] == [
        "in/报告.docx",
        "negative_budget",
        "调整后预算为负",
        "budget_lines[0].adjusted",
    ]


def test_low_confidence_rows_are_shaded_and_text_is_never_a_formula(tmp_path: Path) -> None:
    _write_result(tmp_path)
    export_run(tmp_path, Config(review_threshold=0.7))
    sheet = load_workbook(tmp_path / "results.xlsx")["indicators"]
    shaded = [
        all(cell.fill.fgColor.rgb == LOW_CONFIDENCE_FILL.fgColor.rgb for cell in row)
        for row in sheet.iter_rows()
    ]
    assert shaded == [False, False, True, False]  # header, 0.9, 0.69 (< 0.7), 0.7 (not below)
    assert sheet["Q1"].value == "confidence"
    assert sheet["Q1"].comment.text == "Shaded rows: confidence below 0.7 (review_threshold). Check them."
    row = [cell for cell in sheet[3]]
    assert (row[5].value, row[5].data_type) == ("=", "s")
    assert (row[8].value, row[8].data_type) == ("=100%", "s")
    assert row[11].value == "98%"  # the control character cannot live in XML and is dropped
    assert (row[6].value, row[6].data_type) == (100, "n")


def test_threshold_comes_from_config(tmp_path: Path) -> None:
    _write_result(tmp_path)
    export_run(tmp_path, Config(review_threshold=0.95))
    sheet = load_workbook(tmp_path / "results.xlsx")["indicators"]
    assert [row[0].fill.fill_type == "solid" for row in sheet.iter_rows(min_row=2)] == [True, True, True]
