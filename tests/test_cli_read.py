"""`pipeline read`: normalised, raw and JSON views of one report; bad input is one stderr line, exit 1.

Most tests swap in `FakeNormalized` (drops `\\r`, turns `：` into `:`) so the offsets summary can be
asserted exactly whatever the real normaliser does; one test runs the real one end to end.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

import pipeline.cli.read  # noqa: F401  (registers `read` on the app)
import pipeline.normalize as normalize_module
from pipeline.cli.app import app
from pipeline.ingest import read_document
from pipeline.normalize import normalize

SOURCE = "一、概况：\r\n培训班次 12期\r\n"
runner = CliRunner()


class FakeNormalized:
    """Deletes every `\\r` and maps `：` to `:`; remembers each output character's source index."""

    def __init__(self, source: str) -> None:
        kept = [(i, ":" if c == "：" else c) for i, c in enumerate(source) if c != "\r"]
        self.source = source
        self.text = "".join(c for _, c in kept)
        self._positions = [i for i, _ in kept]

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        if start == end:
            position = self._positions[start] if start < len(self._positions) else len(self.source)
            return position, position
        return self._positions[start], self._positions[end - 1] + 1


@pytest.fixture
def fake_normalize(monkeypatch: pytest.MonkeyPatch) -> None:
    # The command imports `normalize` from its module when it runs, so the module's is swapped.
    monkeypatch.setattr(normalize_module, "normalize", FakeNormalized)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_default_prints_the_normalised_text(tmp_path: Path, fake_normalize: None) -> None:
    path = write(tmp_path / "r.txt", SOURCE.encode())

    result = runner.invoke(app, ["read", str(path)])

    assert (result.exit_code, result.stdout, result.stderr) == (0, "一、概况:\n培训班次 12期\n", "")


def test_raw_prints_the_document_text_unchanged(tmp_path: Path, fake_normalize: None) -> None:
    path = write(tmp_path / "r.txt", SOURCE.encode())

    result = runner.invoke(app, ["read", "--raw", str(path)])

    assert (result.exit_code, result.stdout_bytes) == (0, SOURCE.encode())  # .stdout would fold \r\n


def test_json_reports_metadata_segments_and_changed_regions(tmp_path: Path, fake_normalize: None) -> None:
    path = write(tmp_path / "r.txt", SOURCE.encode())

    result = runner.invoke(app, ["read", "--json", str(path)])

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "path": str(path),
        "sha256": read_document(path).sha256,
        "format": "txt",
        "encoding": "utf-8",
        "source_chars": 17,
        "normalized_chars": 15,
        "segments": [],
        "offsets": {
            "shifted_chars": 10,  # everything after the first dropped \r sits one place earlier
            "changed_chars": 1,
            "changed_regions": 2,
            "regions": [
                {"norm": [4, 5], "source": [4, 6], "before": "：\r", "after": ":"},
                {"norm": [14, 14], "source": [15, 16], "before": "\r", "after": ""},
            ],
        },
        "text": "一、概况:\n培训班次 12期\n",
    }


def test_json_lists_sheet_segments_in_source_offsets(tmp_path: Path, fake_normalize: None) -> None:
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    first.title = "指标"
    first.append(["三级指标", "指标值"])
    workbook.create_sheet("预算").append(["培训经费", 12.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = write(tmp_path / "t.xlsx", buffer.getvalue())

    summary = json.loads(runner.invoke(app, ["read", "--json", str(path)]).stdout)

    assert summary["segments"] == [
        {"kind": "sheet", "name": "指标", "start": 0, "end": 8},
        {"kind": "sheet", "name": "预算", "start": 10, "end": 19},
    ]
    assert summary["offsets"]["changed_regions"] == 0


def test_only_the_first_twenty_regions_are_listed(tmp_path: Path, fake_normalize: None) -> None:
    path = write(tmp_path / "r.txt", ("项目：x\n" * 30).encode())

    offsets = json.loads(runner.invoke(app, ["read", "--json", str(path)]).stdout)["offsets"]

    assert (offsets["changed_regions"], offsets["changed_chars"], len(offsets["regions"])) == (30, 30, 20)
    assert offsets["regions"][19] == {"norm": [97, 98], "source": [97, 98], "before": "：", "after": ":"}


def test_json_and_raw_together_are_a_usage_error(tmp_path: Path) -> None:
    path = write(tmp_path / "r.txt", SOURCE.encode())

    result = runner.invoke(app, ["read", "--json", "--raw", str(path)])

    assert result.exit_code == 2
    assert "--json and --raw cannot be combined" in result.stderr


def bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    noise = bytes(range(256)) * 4
    return {
        "missing": (tmp_path / "missing.txt", "no such file"),
        "directory": (tmp_path, "is a directory, not a report file"),
        "unsupported": (write(tmp_path / "r.png", b"x"), "unsupported file type '.png'"),
        "empty": (write(tmp_path / "e.txt", b""), "empty file (0 bytes)"),
        "whitespace": (write(tmp_path / "w.txt", b" \n "), "empty: whitespace only"),
        "binary": (write(tmp_path / "b.txt", bytes(64) + b"abc"), "looks binary"),
        "undecodable": (write(tmp_path / "u.txt", b"ab\xff\xffcd"), "undecodable text"),
        "docx": (write(tmp_path / "c.docx", noise), "corrupt or unreadable docx file"),
        "xlsx": (write(tmp_path / "c.xlsx", noise), "corrupt or unreadable xlsx file"),
        "xls": (write(tmp_path / "c.xls", noise), "corrupt or unreadable xls file"),
        "pdf": (write(tmp_path / "c.pdf", noise), "corrupt or unreadable PDF file"),
    }


@pytest.mark.parametrize(
    "case",
    [
        *("missing", "directory", "unsupported", "empty", "whitespace", "binary", "undecodable"),
        *("docx", "xlsx", "xls", "pdf"),
    ],
)
def test_bad_input_is_one_error_line_and_exit_1(tmp_path: Path, case: str) -> None:
    path, reason = bad_inputs(tmp_path)[case]

    result = runner.invoke(app, ["read", str(path)])

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {path}: {reason}")
    assert result.stderr.count("\n") == 1 and result.stderr.endswith("\n")


def test_real_normaliser_regions_match_both_texts() -> None:
    sample = sorted((Path(__file__).resolve().parents[1] / "evals" / "reports").glob("*.txt"))[0]
    document = read_document(sample)
    normalized = normalize(document.text)

    result = runner.invoke(app, ["read", "--json", str(sample)])
    summary = json.loads(result.stdout)

    assert summary["text"] == normalized.text
    assert (summary["source_chars"], summary["normalized_chars"]) == (
        len(document.text),
        len(normalized.text),
    )
    for region in summary["offsets"]["regions"]:
        assert document.text[slice(*region["source"])] == region["before"]
        assert normalized.text[slice(*region["norm"])] == region["after"]


# Libraries a plain-text read has no use for: readers of other formats, the LLM client.
NOT_FOR_TEXT = ("openpyxl", "docx", "lxml", "pdfplumber", "xlrd", "openai", "instructor")
LOADED = (
    "import json, sys\n"
    "sys.argv = ['pipeline', 'read', sys.argv[1]]\n"
    "from pipeline.cli import main\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    "print(json.dumps(sorted(name.split('.')[0] for name in sys.modules)), file=sys.stderr)\n"
)


def test_reading_a_text_file_imports_no_other_formats_library_and_no_llm_client(tmp_path: Path) -> None:
    path = write(tmp_path / "r.txt", SOURCE.encode())
    repo = Path(__file__).resolve().parents[1]

    done = subprocess.run([sys.executable, "-c", LOADED, str(path)], capture_output=True, text=True, cwd=repo)

    assert done.returncode == 0, done.stderr
    assert done.stdout == normalize(SOURCE).text
    loaded = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert "pipeline" in loaded
    assert sorted(loaded & set(NOT_FOR_TEXT)) == []
