"""Archive size/ratio, workbook rows and HTML elements are bounded before any parser runs."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from pipeline.core.config import Config
from pipeline.core.errors import IngestError
from pipeline.ingest import read_document
from pipeline.ingest.guard import ReadLimits, check_input, reading_limits

LIMITS = ReadLimits(archive_mb=2, archive_ratio=50.0, sheet_rows=10, html_nodes=20)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _xlsx(rows: int) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for n in range(rows):
        sheet.append(["产出指标", f"培训班次{n}", n])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_archive_too_large_unpacked_is_refused_naming_the_setting() -> None:
    data = _zip({"word/document.xml": b"<w:p/>" * (600_000)})  # 3.4 MB unpacked
    with pytest.raises(IngestError) as caught:
        check_input(Path("bomb.docx"), data, LIMITS)
    assert str(caught.value) == "bomb.docx: archive too large when unpacked (3.4 MB > max_archive_mb = 2)"


def test_a_highly_compressed_archive_is_refused_as_a_zip_bomb() -> None:
    data = _zip({"word/document.xml": b"A" * (1_500_000)})  # 1.4 MB → ~1.5 KB
    with pytest.raises(IngestError) as caught:
        check_input(Path("bomb.docx"), data, LIMITS)
    assert caught.value.reason.startswith("archive compressed ")
    assert caught.value.reason.endswith(":1 (> max_archive_ratio = 50): a zip bomb?")


def test_small_or_ordinary_archives_and_non_zip_bytes_pass() -> None:
    check_input(Path("a.docx"), _zip({"word/document.xml": b"A" * 100_000}), LIMITS)  # ratio high, 0.1 MB
    check_input(Path("a.docx"), b"not a zip at all", LIMITS)  # the reader reports it as corrupt
    check_input(Path("a.txt"), b"A" * 10_000_000, LIMITS)  # not an archive: no bound here


def test_workbook_rows_are_counted_before_parsing() -> None:
    check_input(Path("ok.xlsx"), _xlsx(10), LIMITS)
    with pytest.raises(IngestError) as caught:
        check_input(Path("big.xlsx"), _xlsx(11), LIMITS)
    assert str(caught.value) == "big.xlsx: too many sheet rows (> max_sheet_rows = 10)"


def test_html_elements_are_counted_before_parsing() -> None:
    page = b"<html><body><table>" + b"<tr><td>1</td></tr>" * 6 + b"</table></body></html>"
    check_input(Path("ok.html"), page, LIMITS)  # 3 + 12 opening tags
    with pytest.raises(IngestError) as caught:
        check_input(
            Path("big.HTM"), page.replace(b"</table>", b"<tr><td>2</td></tr>" * 3 + b"</table>"), LIMITS
        )
    assert str(caught.value) == "big.HTM: too many HTML elements (21 > max_html_nodes = 20)"


def test_read_document_applies_the_limits_of_the_running_configuration(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    path.write_bytes(_xlsx(30))
    assert "培训班次29" in read_document(path).text  # default bound: 200,000 rows
    with reading_limits(Config(max_sheet_rows=25)), pytest.raises(IngestError) as caught:
        read_document(path)
    assert caught.value.reason == "too many sheet rows (> max_sheet_rows = 25)"
