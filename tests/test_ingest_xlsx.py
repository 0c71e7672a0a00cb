"""xlsx reading: every sheet a segment, merged cells filled, values shown as Excel shows them."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from pipeline.core.document import Segment, Span
from pipeline.core.errors import IngestError
from pipeline.ingest import read_document

DATA_ROW = ["产出指标", "数量指标", "培训班次", "≥10个", "12期"]


def indicator_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "绩效指标"
    sheet.append(["一级指标", "二级指标", "三级指标", "指标值", "实际完成值"])
    sheet.append(["产出指标", "数量指标", "培训班次", "≥10个", "12期"])
    sheet.append([None, "质量指标", "合格率", "≥90%", 0.9567])
    sheet["E3"].number_format = "0.00%"
    sheet.merge_cells("A2:A3")
    sheet["A5"] = "合计"
    sheet["D5"] = 3.0
    sheet["F5"] = None
    sheet.merge_cells("A5:C5")
    sheet["G7"] = "=1+1"  # a formula Excel never calculated: no cached value, reads as empty
    budget = workbook.create_sheet("预算")
    budget.append(["项目", "预算数"])
    budget.append(["培训经费", 12.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


SHEET_ONE = (
    "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\n"
    "产出指标\t数量指标\t培训班次\t≥10个\t12期\n"
    "产出指标\t质量指标\t合格率\t≥90%\t95.67%\n"
    "合计\t合计\t合计\t3"
)
SHEET_TWO = "项目\t预算数\n培训经费\t12.5"


def test_sheets_are_segments_with_exact_boundaries(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "table.xlsx", indicator_workbook()))

    assert (doc.format, doc.encoding) == ("xlsx", None)
    assert doc.text == SHEET_ONE + "\n\n" + SHEET_TWO
    assert doc.segments == (
        Segment(kind="sheet", name="绩效指标", start=0, end=85),
        Segment(kind="sheet", name="预算", start=87, end=103),
    )
    assert doc.text[87:103] == SHEET_TWO
    assert doc.tables == (Span(0, 85), Span(87, 103))  # every sheet is one table


def test_cells_have_exact_offsets_and_merged_cells_are_filled(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "table.xlsx", indicator_workbook()))

    spans = [(25, 29), (30, 34), (35, 39), (40, 44), (45, 48)]
    assert [doc.text[start:end] for start, end in spans] == [
        "产出指标",
        "数量指标",
        "培训班次",
        "≥10个",
        "12期",
    ]
    assert doc.text[49:53] == "产出指标"  # A3, covered by the A2:A3 merge
    assert doc.text[75:85] == "合计\t合计\t合计\t3"  # A5:C5 merged, 3.0 shown as 3
    assert doc.text[68:74] == "95.67%"


def test_workbook_without_values_is_empty(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    path = write(tmp_path, "blank.xlsx", buffer.getvalue())

    with pytest.raises(IngestError, match="empty: no cell has a value"):
        read_document(path)


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 4, indicator_workbook()[:2000]],
    ids=["random-bytes", "truncated-zip"],
)
def test_corrupt_xlsx_is_one_ingest_error(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, "broken.xlsx", data)

    with pytest.raises(IngestError) as caught:
        read_document(path)
    assert str(caught.value).startswith(f"{path}: corrupt or unreadable xlsx file (")
