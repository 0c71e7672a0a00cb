"""xls reading through xlrd: sheets as segments, merged cells filled, percent formats applied.

No library here writes .xls, so the test builds one: a BIFF8 workbook stream (the records xlrd
needs: BOF, fonts, a custom "0.00%" FORMAT, XFs, BOUNDSHEETs, then per sheet DIMENSIONS, LABEL and
NUMBER cells, MERGEDCELLS) inside a minimal compound file (header, one FAT sector, one directory
sector, the stream padded to 4 KiB so it lives in regular sectors, not the mini stream).
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from pipeline.core.document import Segment
from pipeline.core.errors import IngestError
from pipeline.ingest import read_document

TEXT_XF, PERCENT_XF = 1, 2
Cell = tuple[int, int, "str | tuple[float, int]"]  # row, column, text or (number, xf index)
Merge = tuple[int, int, int, int]  # first row, last row, first column, last column (inclusive)

DATA_ROW = ["产出指标", "数量指标", "培训班次", "≥10个", "12期"]


def _record(kind: int, payload: bytes) -> bytes:
    return struct.pack("<HH", kind, len(payload)) + payload


def _string(text: str, length_format: str) -> bytes:
    """A BIFF8 unicode string, stored uncompressed (UTF-16LE, flag 1)."""
    return struct.pack(f"<{length_format}B", len(text), 1) + text.encode("utf-16-le")


def _bof(substream: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, substream, 0x0DBB, 0x07CC, 0, 6))


def _xf(format_index: int, type_and_parent: int) -> bytes:
    return _record(
        0x00E0, struct.pack("<HHHBBBBIIH", 0, format_index, type_and_parent, 0x20, 0, 0, 0, 0, 0, 0)
    )


def _globals(sheet_offsets: list[int], names: list[str]) -> bytes:
    font = struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + _string("Arial", "B")
    parts = [_bof(0x0005), _record(0x0042, struct.pack("<H", 1200)), _record(0x0022, struct.pack("<H", 0))]
    parts += [_record(0x0031, font)] * 5
    parts.append(_record(0x041E, struct.pack("<H", 164) + _string("0.00%", "H")))
    parts += [_xf(0, 0xFFF5), _xf(0, 0x0001), _xf(164, 0x0001)]  # style XF, text XF, percent XF
    for offset, name in zip(sheet_offsets, names, strict=True):
        parts.append(_record(0x0085, struct.pack("<IBB", offset, 0, 0) + _string(name, "B")))
    return b"".join([*parts, _record(0x000A, b"")])


def _sheet(cells: list[Cell], merges: list[Merge]) -> bytes:
    rows = max(row for row, _, _ in cells) + 1
    columns = max(column for _, column, _ in cells) + 1
    parts = [_bof(0x0010), _record(0x0200, struct.pack("<IIHHH", 0, rows, 0, columns, 0))]
    for row, column, value in cells:
        if isinstance(value, str):
            parts.append(_record(0x0204, struct.pack("<HHH", row, column, TEXT_XF) + _string(value, "H")))
        else:
            parts.append(_record(0x0203, struct.pack("<HHHd", row, column, value[1], value[0])))
    if merges:
        ranges = b"".join(struct.pack("<HHHH", *merge) for merge in merges)
        parts.append(_record(0x00E5, struct.pack("<H", len(merges)) + ranges))
    return b"".join([*parts, _record(0x000A, b"")])


def workbook_stream(sheets: list[tuple[str, list[Cell], list[Merge]]]) -> bytes:
    names = [name for name, _, _ in sheets]
    bodies = [_sheet(cells, merges) for _, cells, merges in sheets]
    offset = len(_globals([0] * len(sheets), names))
    offsets = []
    for body in bodies:
        offsets.append(offset)
        offset += len(body)
    return _globals(offsets, names) + b"".join(bodies)


def compound_file(stream: bytes) -> bytes:
    """Sector 0 is the FAT, sector 1 the directory, sectors 2… the "Workbook" stream."""
    end_of_chain, free, fat_sector, no_entry = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    stream = stream.ljust(max(4096, -(-len(stream) // 512) * 512), b"\0")
    sectors = len(stream) // 512
    fat = [fat_sector, end_of_chain, *range(3, 2 + sectors), end_of_chain]
    fat += [free] * (128 - len(fat))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    header += struct.pack("<9I", 0, 1, 1, 0, 4096, end_of_chain, 0, end_of_chain, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        fields = struct.pack("<HBBIII", len(encoded), kind, 1, no_entry, no_entry, child)
        return encoded.ljust(64, b"\0") + fields + bytes(36) + struct.pack("<IQ", start, size)

    directory = entry("Root Entry", 5, 1, end_of_chain, 0) + entry("Workbook", 2, no_entry, 2, len(stream))
    directory += entry("", 0, no_entry, 0, 0) * 2
    return header + struct.pack("<128I", *fat) + directory + stream


INDICATORS: list[Cell] = [
    *[(0, c, v) for c, v in enumerate(["一级指标", "二级指标", "三级指标", "指标值", "实际完成值"])],
    *[(1, c, v) for c, v in enumerate(["产出指标", "数量指标", "培训班次", "≥10个", "12期"])],
    (2, 1, "质量指标"),
    (2, 2, "合格率"),
    (2, 3, "≥90%"),
    (2, 4, (0.9567, PERCENT_XF)),
    (4, 0, "合计"),
    (4, 3, (3.0, TEXT_XF)),
]
BUDGET: list[Cell] = [(0, 0, "项目"), (0, 1, "预算数"), (1, 0, "培训经费"), (1, 1, (12.5, TEXT_XF))]


def indicator_xls() -> bytes:
    sheets = [("绩效指标", INDICATORS, [(1, 2, 0, 0), (4, 4, 0, 2)]), ("预算", BUDGET, [])]
    return compound_file(workbook_stream(sheets))


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_sheets_are_segments_merged_cells_filled_and_percent_shown(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "table.xls", indicator_xls()))

    sheet_one = (
        "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\n"
        "产出指标\t数量指标\t培训班次\t≥10个\t12期\n"
        "产出指标\t质量指标\t合格率\t≥90%\t95.67%\n"
        "合计\t合计\t合计\t3"
    )
    assert (doc.format, doc.encoding) == ("xls", None)
    assert doc.text == sheet_one + "\n\n" + "项目\t预算数\n培训经费\t12.5"
    assert doc.segments == (
        Segment(kind="sheet", name="绩效指标", start=0, end=85),
        Segment(kind="sheet", name="预算", start=87, end=103),
    )
    spans = [(25, 29), (30, 34), (35, 39), (40, 44), (45, 48)]
    assert [doc.text[start:end] for start, end in spans] == [
        "产出指标",
        "数量指标",
        "培训班次",
        "≥10个",
        "12期",
    ]
    assert doc.text[49:53] == "产出指标"


@pytest.mark.parametrize(
    ("data", "kind"),
    [(bytes(range(256)) * 4, "xls"), (indicator_xls()[:1500], "xls"), (b"PK\x03\x04" + bytes(100), "xlsx")],
    ids=["random-bytes", "truncated", "zip-named-xls"],
)
def test_corrupt_xls_is_one_ingest_error(tmp_path: Path, data: bytes, kind: str) -> None:
    path = write(tmp_path, "broken.xls", data)

    with pytest.raises(IngestError) as caught:
        read_document(path)
    # a zip named .xls is read as the xlsx it claims to be by content, and fails as one
    assert str(caught.value).startswith(f"{path}: corrupt or unreadable {kind} file (")


def test_a_kingsoft_et_holding_biff_is_read_as_xls_without_a_converter(tmp_path: Path) -> None:
    data = indicator_xls()
    as_xls = read_document(write(tmp_path, "form.xls", data))
    as_et = read_document(write(tmp_path, "form.et", data))

    assert (as_et.format, as_et.text, as_et.segments) == ("xls", as_xls.text, as_xls.segments)


def test_a_merged_range_past_its_rows_last_cell_fills_every_column_it_covers(tmp_path: Path) -> None:
    # A title merged across the table's width is one record in the file (its top-left cell); a
    # section row's merged label likewise. The rows are read ragged, yet the covered cells show it.
    cells: list[Cell] = [
        (0, 0, "项目绩效自评表"),
        *[(1, c, v) for c, v in enumerate(["一级指标", "二级指标", "指标值"])],
        (2, 0, "产出指标"),
    ]
    stream = workbook_stream([("表", cells, [(0, 0, 0, 2), (2, 2, 0, 1)])])

    doc = read_document(write(tmp_path, "titled.xls", compound_file(stream)))

    assert doc.text == (
        "项目绩效自评表\t项目绩效自评表\t项目绩效自评表\n一级指标\t二级指标\t指标值\n产出指标\t产出指标"
    )
    assert doc.segments == (Segment(kind="sheet", name="表", start=0, end=47),)
