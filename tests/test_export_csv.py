"""indicators.csv: exact header, BOM, Chinese intact, formula-looking text defused, numbers short."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from pipeline.core.config import Config
from pipeline.core.models import (
    Actual,
    ExtractorInfo,
    Flag,
    Indicator,
    Project,
    ReportExtraction,
    Source,
    Target,
)
from pipeline.export import export_run
from pipeline.export.csv_export import csv_cell

HEADER = (
    "report,project,level1,level2,name,target_op,target_value,target_unit,target_raw,actual_value,"
    "actual_unit,actual_raw,weight,score,met,deviation_reason,confidence,flags,duplicates"
)


def _write_result(run_dir: Path) -> None:
    indicators = (
        Indicator(level1="产出指标", level2="数量指标", name="培训班次",
                  target=Target(raw="≥10个", op=">=", value=10, unit="个"),
                  actual=Actual(raw="12个", value=12, unit="个"), weight=10, score=9, confidence=0.9),
        Indicator(name="覆盖率, 含\"引号\"", target=Target(raw="=100%", op="=", value=100, unit="%"),
                  actual=Actual(raw="98.5%", value=98.5, unit="%"), deviation_reason="新增人员\n导致偏差",
                  confidence=0.35),
    )  # fmt: skip
    result = ReportExtraction(
        source=Source(path="in/自评 报告 2024.txt", sha256="0" * 64, format="txt"),
        projects=(Project(name="医保项目", indicators=indicators),),
        flags=(
            Flag(kind="unit_mismatch", message="m", path="projects[0].indicators[1].actual"),
            Flag(kind="low_confidence", message="m", path="projects[0].indicators[1]"),
        ),
        extractor=ExtractorInfo(backend="rules", version="test"),
    )
    (run_dir / "reports").mkdir(parents=True)
    (run_dir / "reports" / "a_1.json").write_text(json.dumps(result.to_json_dict(), ensure_ascii=False))


def test_csv_has_bom_exact_header_and_one_row_per_indicator(tmp_path: Path) -> None:
    _write_result(tmp_path)
    export_run(tmp_path, Config())
    raw = (tmp_path / "indicators.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + HEADER.encode() + b"\r\n")
    with (tmp_path / "indicators.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        HEADER.split(","),
        ["in/自评 报告 2024.txt", "医保项目", "产出指标", "数量指标", "培训班次", ">=", "10", "个", "≥10个",
         "12", "个", "12个", "10", "9", "met", "", "0.9", "", ""],
        ["in/自评 报告 2024.txt", "医保项目", "", "", '覆盖率, 含"引号"', "=", "100", "%", "'=100%",
         "98.5", "%", "98.5%", "", "", "unmet", "新增人员\n导致偏差", "0.35", "unit_mismatch;low_confidence",
         ""],
    ]  # fmt: skip


def test_csv_with_no_results_is_just_the_header(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    export_run(tmp_path, Config())
    assert (tmp_path / "indicators.csv").read_bytes() == b"\xef\xbb\xbf" + HEADER.encode() + b"\r\n"


def test_csv_cell_formats() -> None:
    assert [csv_cell(v) for v in (None, 8.0, 54.77, -1087.3, 1e-05, "+86", "@x", "-", "≥5份")] == [
        "", "8", "54.77", "-1087.3", "1e-05", "+86", "'@x", "-", "≥5份",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "guarded"),
    [
        ("=100%", True), ("=SUM(A1:A3)", True), ("-无偏差", True), ("@x", True), ("+一项", True),
        ("\tx", True), ("=", False), (">=", False), ("<=", False), ("-", False), ("-5%", False),
        ("+86", False), ("-1087.3", False), ("1e-05", False), ("≥95%", False), ("100%", False),
    ],
)  # fmt: skip
def test_only_text_that_could_run_as_a_formula_is_guarded(text: str, guarded: bool) -> None:
    assert csv_cell(text) == ("'" + text if guarded else text)


def test_every_comparator_is_written_bare() -> None:
    """`target_op` holds the bare comparators, so filtering on `target_op == "="` works."""
    assert [csv_cell(op) for op in (">=", ">", "=", "<=", "<", "qualitative")] == [
        ">=", ">", "=", "<=", "<", "qualitative",
    ]  # fmt: skip
