"""xlsx reading: every sheet a segment, merged cells filled, values shown as Excel shows them."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from pipeline.core.document import Segment, Span
from pipeline.core.errors import IngestError
from pipeline.ingest import read_document
from pipeline.ingest.sheet import SHEET_SEPARATOR, render_value, sheet_text
from tests.shared_data import shared_dir

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


def test_a_sheets_lines_of_text_are_not_marked_as_its_table(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in (
        ["某县项目绩效自评报告"],
        ["一、基本情况"],
        ["一级指标", "指标值"],
        ["产出指标", "≥10个"],
        ["附注"],
    ):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)

    doc = read_document(write(tmp_path, "report.xlsx", buffer.getvalue()))

    assert doc.text == "某县项目绩效自评报告\n一、基本情况\n一级指标\t指标值\n产出指标\t≥10个\n附注"
    assert doc.tables == (Span(18, 36),)  # the two rows of cells; the title, heading and note are text


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


# --- Read-only mode plus the streamed merged ranges give what openpyxl's full mode gives ------


def full_mode_text(data: bytes) -> str:
    """The reference: every sheet read by openpyxl's full mode (the reader before streaming)."""
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    parts = []
    for sheet in workbook.worksheets:
        anchors = {}
        for merged in sheet.merged_cells.ranges:
            top, left = merged.min_row, merged.min_col
            for row in range(top, min(merged.max_row, sheet.max_row) + 1):
                for column in range(left, min(merged.max_col, sheet.max_column) + 1):
                    if (row, column) != (top, left):
                        anchors[(row, column)] = (top, left)
        rows = []
        for cells in sheet.iter_rows():
            shown = [
                sheet.cell(*anchors[(c.row, c.column)]) if (c.row, c.column) in anchors else c for c in cells
            ]
            rows.append([render_value(cell.value, cell.number_format) for cell in shown])
        parts.append(sheet_text(rows))
    return SHEET_SEPARATOR.join(parts)


def saved(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def merges_past_the_data() -> bytes:
    """Merged ranges reaching past the last cell of their rows and past the last row, a range
    whose top-left cell is empty, a covered cell holding its own value, a date and a percent, and
    a sheet whose <dimension> is too small."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["项目", "指标"])
    sheet["A2"] = "跨到数据之外"
    sheet.merge_cells("A2:D4")
    sheet["F3"] = dt.date(2024, 12, 31)
    sheet["G3"] = 0.125
    sheet["G3"].number_format = "0.0%"
    sheet["B6"] = "被覆盖的值"
    sheet.merge_cells("A6:B7")  # top-left empty: the whole range reads empty, B6's value is lost
    sheet["C9"] = "末行之前"
    sheet.merge_cells("C9:E12")
    other = workbook.create_sheet("第二页")
    other["C2"] = "稀疏"
    other["A40"] = 7
    data = saved(workbook)
    return _with_dimension(data, "xl/worksheets/sheet2.xml", "A1:A1")


def _with_dimension(data: bytes, member: str, ref: str) -> bytes:
    """`data` with the <dimension> of one sheet rewritten (as a careless writer leaves it)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == member:
                content = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), content)
            target.writestr(item, content)
    return buffer.getvalue()


def bench_xlsx() -> bytes:
    """The memory bench's xlsx: prose and indicator tables made from the eval reports."""
    from bench.memory_files import build_xlsx, mixed_text

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.xlsx"
        build_xlsx(mixed_text(0.05), path)
        return path.read_bytes()


def guard_xlsx() -> bytes:
    from tests.test_ingest_guard import _xlsx

    return _xlsx(300)


STREAMED = {
    "indicator": indicator_workbook,
    "merges-past-the-data": merges_past_the_data,
    "bench": bench_xlsx,
    "guard": guard_xlsx,
}


@pytest.mark.parametrize("build", STREAMED.values(), ids=STREAMED.keys())
def test_read_only_text_equals_full_mode(tmp_path: Path, build: Callable[[], bytes]) -> None:
    data = build()

    doc = read_document(write(tmp_path, "table.xlsx", data))

    assert doc.text == full_mode_text(data)


def test_merged_ranges_fill_every_cell_they_cover_even_past_the_data(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "table.xlsx", merges_past_the_data()))

    assert doc.text.split("\n") == [
        "项目\t指标",
        "跨到数据之外\t跨到数据之外\t跨到数据之外\t跨到数据之外",
        "跨到数据之外\t跨到数据之外\t跨到数据之外\t跨到数据之外\t\t2024-12-31\t12.5%",
        "跨到数据之外\t跨到数据之外\t跨到数据之外\t跨到数据之外",
        "\t\t末行之前\t末行之前\t末行之前",
        "\t\t末行之前\t末行之前\t末行之前",
        "\t\t末行之前\t末行之前\t末行之前",
        "\t\t末行之前\t末行之前\t末行之前",
        "",
        "\t\t稀疏",
        "7",
    ]


def overlapping_merges() -> bytes:
    """Ranges nested in one another, as LibreOffice writes some old .xls forms: a cell several
    ranges cover shows the one openpyxl applies last; a top-left cell inside another range is empty."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A1"] = "年度总体目标"
    sheet["B1"] = "完成全部任务"
    sheet["B3"] = "被覆盖的左上角"
    sheet["F1"] = "备注"
    for top in range(1, 5):
        sheet.merge_cells(f"B{top}:E4")
    sheet.merge_cells("A1:A4")
    return saved(workbook)


STREAMED["overlapping-merges"] = overlapping_merges


def libreoffice_xlsx(source: Path, folder: Path) -> bytes:
    """`source` (a workbook LibreOffice reads) saved as .xlsx by LibreOffice: another writer's XML."""
    from pipeline.ingest.convert import find_soffice

    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice not installed (apt-get install libreoffice-calc-nogui)")
    profile = (folder / "profile").as_uri()
    command = [soffice, "--headless", f"-env:UserInstallation={profile}", "--convert-to", "xlsx"]
    out = folder / "out"
    subprocess.run(
        [*command, "--outdir", str(out), str(source)], check=True, capture_output=True, timeout=180
    )
    return (out / f"{source.stem}.xlsx").read_bytes()


def real_workbooks() -> list[Path]:
    return sorted(shared_dir("realworld", "files").glob("*.xls"))


@pytest.mark.slow
def test_a_libreoffice_workbook_reads_as_full_mode(tmp_path: Path) -> None:
    data = libreoffice_xlsx(write(tmp_path, "source.xlsx", merges_past_the_data()), tmp_path)

    doc = read_document(write(tmp_path, "table.xlsx", data))

    assert doc.text == full_mode_text(data)


@pytest.mark.slow
@pytest.mark.skipif(not real_workbooks(), reason="no ../shared/realworld/files/*.xls")
@pytest.mark.parametrize("source", real_workbooks(), ids=lambda path: path.name)
def test_real_xls_forms_saved_as_xlsx_read_as_full_mode(tmp_path: Path, source: Path) -> None:
    data = libreoffice_xlsx(source, tmp_path)

    doc = read_document(write(tmp_path, "table.xlsx", data))

    assert doc.text == full_mode_text(data)
