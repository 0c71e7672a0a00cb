"""`read_document` dispatch and refusals, `find_reports` expansion, and the real sample reports."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pipeline import ingest
from pipeline.core.errors import IngestError
from pipeline.ingest import SUPPORTED_SUFFIXES, ReadOptions, find_reports, read_document

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "evals" / "reports").glob("*.txt"))
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_supported_suffixes() -> None:
    assert sorted(SUPPORTED_SUFFIXES) == [
        *(".doc", ".docx", ".et", ".htm", ".html", ".md", ".pdf", ".txt", ".wps", ".xls", ".xlsx")
    ]


def test_suffix_is_matched_case_insensitively(tmp_path: Path) -> None:
    data = "一级指标\t产出指标\n".encode()
    doc = read_document(str(write(tmp_path / "REPORT.TXT", data)))

    assert (doc.path, doc.format, doc.text) == (str(tmp_path / "REPORT.TXT"), "txt", "一级指标\t产出指标\n")
    assert doc.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("scan.png", b"\x89PNG\r\n", "unsupported file type '.png' (supported: .doc, .docx, .et, .htm, "),
        ("README", b"text", "unsupported file type '(none)'"),
        ("empty.txt", b"", "empty file (0 bytes)"),
        ("empty.pdf", b"", "empty file (0 bytes)"),
        ("blank.md", b"  \n\n", "empty: whitespace only"),
    ],
)
def test_unreadable_files_raise_ingest_error_naming_the_file(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = write(tmp_path / name, data)

    with pytest.raises(IngestError) as caught:
        read_document(path)
    assert str(caught.value).startswith(f"{path}: {reason}")
    assert caught.value.path == str(path)
    assert caught.value.kind == ("unsupported" if "unsupported" in reason else "unreadable")


def test_missing_file_and_directory_are_refused(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as missing:
        read_document(tmp_path / "nope.txt")
    with pytest.raises(IngestError) as directory:
        read_document(tmp_path)

    assert str(missing.value) == f"{tmp_path / 'nope.txt'}: no such file"
    assert str(directory.value) == f"{tmp_path}: is a directory, not a report file"


def test_find_reports_walks_directories_sorted_and_keeps_every_file_and_named_files(tmp_path: Path) -> None:
    for relative in ["b/2.pdf", "b/1.DOCX", "a.txt", "notes.json", ".hidden.txt", ".git/x.txt", "c/.d/y.md"]:
        write(tmp_path / "in" / relative, b"x")
    named = write(tmp_path / "odd.json", b"{}")

    found = find_reports([tmp_path / "in", str(named), tmp_path / "missing.txt"])

    assert found == [
        tmp_path / "in" / "a.txt",
        tmp_path / "in" / "b" / "1.DOCX",
        tmp_path / "in" / "b" / "2.pdf",
        tmp_path / "in" / "notes.json",  # unsupported, but accounted for: reading it says so
        named,
        tmp_path / "missing.txt",
    ]


def test_find_reports_of_nothing_is_empty(tmp_path: Path) -> None:
    assert find_reports([]) == []
    assert find_reports([tmp_path]) == []


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_eval_samples_read_as_exact_utf8(path: Path) -> None:
    doc = read_document(path)

    assert (doc.format, doc.encoding) == ("txt", "utf-8")
    assert doc.text == path.read_bytes().decode("utf-8")
    assert "指标" in doc.text


def test_there_are_five_eval_samples() -> None:
    assert len(SAMPLES) == 5


def test_every_corpus_report_reads() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is absent")
    reports = sorted(CORPUS.glob("*.txt"))
    assert reports
    for path in reports:
        doc = read_document(path)
        assert doc.text.strip(), path
        assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_file_over_max_file_mb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "指标\n".encode() * 200_000)  # 1.4 MB

    with pytest.raises(IngestError) as caught:
        read_document(path, ReadOptions(max_file_mb=1))
    assert str(caught.value) == f"{path}: too large: 1.3 MB, over the 1 MB limit (max_file_mb)"
    assert caught.value.kind == "too_large"
    assert read_document(path, ReadOptions(max_file_mb=2)).text.startswith("指标\n")


def test_an_unsupported_file_says_so_before_its_size(tmp_path: Path) -> None:
    path = write(tmp_path / "archive.zip", bytes(2 * 1024 * 1024))

    with pytest.raises(IngestError) as caught:
        read_document(path, ReadOptions(max_file_mb=1))
    assert caught.value.kind == "unsupported"


def test_a_broken_link_a_linked_report_and_a_directory_named_as_a_report(tmp_path: Path) -> None:
    # One `stat` decides what `_require_file` decided with four: the same reasons, in the same order.
    (tmp_path / "broken.txt").symlink_to("nowhere.txt")
    write(tmp_path / "real.txt", "指标\n".encode())
    (tmp_path / "link.txt").symlink_to("real.txt")
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(IngestError) as broken:
        read_document(tmp_path / "broken.txt")
    with pytest.raises(IngestError) as folder:
        read_document(tmp_path / "folder.txt")

    reason = "is a broken symbolic link (to 'nowhere.txt'): not opened"
    assert str(broken.value) == f"{tmp_path / 'broken.txt'}: {reason}"
    assert str(folder.value) == f"{tmp_path / 'folder.txt'}: is a directory, not a report file"
    assert read_document(tmp_path / "link.txt").text == "指标\n"


def test_a_file_longer_than_its_stat_said_is_read_whole(tmp_path: Path) -> None:
    # `stat` sizes the first read; a file that grew since (or one `stat` sizes 0) is read to its end.
    data = "一级指标\t产出指标\n".encode() * 20_000  # 520 KB: past one READ_BLOCK
    path = write(tmp_path / "grown.txt", data)

    assert ingest._read_bytes(path, 0) == data
    assert ingest._read_bytes(path, 100) == data
    assert ingest._read_bytes(path, len(data)) == data


@pytest.mark.parametrize(
    ("name", "data", "trims"),
    [
        ("small.txt", "指标\n".encode(), 0),  # no parser ran: nothing of this file's to give back
        ("big.txt", "指标\n".encode() * (ingest.TRIM_TEXT_CHARS // 3 + 1), 1),
        ("page.html", "<p>指标</p>".encode(), 1),  # a parser's tree was freed
    ],
)
def test_the_heap_is_trimmed_after_a_parser_or_a_big_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, data: bytes, trims: int
) -> None:
    calls: list[None] = []
    monkeypatch.setattr(ingest, "release_freed_heap", lambda: calls.append(None))
    read_document(write(tmp_path / name, data))

    assert len(calls) == trims
