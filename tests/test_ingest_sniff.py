"""Content sniffing: the real format of office-family files, whatever their suffix says."""

from __future__ import annotations

import pytest

from pipeline.ingest.sniff import OLE_MAGIC, ZIP_MAGIC, is_ole_workbook, real_format, sniff

WORD_OLE = OLE_MAGIC + bytes(100) + "WordDocument".encode("utf-16-le") + bytes(100)
EXCEL_OLE = OLE_MAGIC + bytes(100) + "Workbook".encode("utf-16-le") + bytes(100)
OLD_EXCEL_OLE = OLE_MAGIC + bytes(100) + "Book".encode("utf-16-le") + b"\x00\x00" + bytes(100)
OTHER_OLE = OLE_MAGIC + bytes(100) + "WpsContent".encode("utf-16-le") + bytes(100)


@pytest.mark.parametrize(
    ("data", "signature"),
    [
        (WORD_OLE, "ole"),
        (ZIP_MAGIC + bytes(10), "zip"),
        (b"%PDF-1.7\n", "pdf"),
        (b"\n %PDF-1.4", "pdf"),
        (b"{\\rtf1\\ansi", "rtf"),
        (b"<html><body><table>", "html"),
        (b"\xef\xbb\xbf<!DOCTYPE html>", "html"),
        (b"  <!-- saved by Excel -->\n<TABLE border=1>", "html"),
        ("绩效自评报告".encode(), "other"),
    ],
)
def test_sniff_reads_the_signature(data: bytes, signature: str) -> None:
    assert sniff(data) == signature


@pytest.mark.parametrize(
    ("suffix", "data", "format_name"),
    [
        (".wps", WORD_OLE, "doc"),  # Kingsoft Writer saving Word binary
        (".doc", WORD_OLE, "doc"),
        (".doc", b"{\\rtf1\\ansi", "doc"),
        (".wps", ZIP_MAGIC, "docx"),  # a docx under a WPS name
        (".doc", b"<html><body>", "html"),  # "save as web page" kept the .doc name
        (".doc", "一、项目概况".encode(), "txt"),
        (".docx", WORD_OLE, "doc"),  # legacy Word (or an encrypted docx) under a docx name
        (".docx", b"junk", None),  # the docx reader says what is wrong
        (".et", EXCEL_OLE, "xls"),  # Kingsoft Spreadsheets saving BIFF: xlrd reads it, no converter
        (".et", OLD_EXCEL_OLE, "xls"),
        (".et", OTHER_OLE, "et"),  # not BIFF: LibreOffice converts it
        (".et", ZIP_MAGIC, "xlsx"),
        (".xls", b"<table><tr><td>", "html"),  # web-system export
        (".xls", ZIP_MAGIC, "xlsx"),
        (".xlsx", EXCEL_OLE, "xls"),
        (".xls", b"junk", None),
        (".txt", WORD_OLE, None),  # not an office suffix: the text reader refuses binary itself
        (".pdf", b"%PDF-1.7", None),
    ],
)
def test_real_format_by_content(suffix: str, data: bytes, format_name: str | None) -> None:
    assert real_format(suffix, data) == format_name


def test_a_word_file_is_not_a_workbook() -> None:
    assert (is_ole_workbook(EXCEL_OLE), is_ole_workbook(WORD_OLE)) == (True, False)
