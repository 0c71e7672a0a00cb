"""`pipeline ingest` under hostile input and bad settings: one line each, the run goes on."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli.app import app

REPO = Path(__file__).resolve().parents[1]
SAMPLE = sorted((REPO / "evals" / "reports").glob("*.txt"))[0]
runner = CliRunner()


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:p>" + b"A" * (3 << 20) + b"</w:p>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("env", "line"),
    [
        ({"PIPELINE_WORKERS": "-1"}, "error: workers must be a whole number in [0, 64], not -1"),
        (
            {"PIPELINE_REPORT_TIMEOUT_S": "0"},
            "error: report_timeout_s must be a number in (0, 86400], not 0.0",
        ),
        (  # an LLM setting stops only a command that uses the LLM
            {"PIPELINE_LLM_TIMEOUT": "nan", "PIPELINE_BACKEND": "llm"},
            "error: llm_timeout must be a number in (0, 3600], not nan",
        ),
    ],
)
def test_a_bad_setting_is_one_line_naming_it(tmp_path: Path, env: dict[str, str], line: str) -> None:
    result = runner.invoke(app, ["ingest", str(SAMPLE), "--out", str(tmp_path / "run")], env=env)
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [line]
    assert not (tmp_path / "run").exists()


@pytest.mark.slow
def test_a_zip_bomb_and_a_fifo_are_error_lines_and_the_good_report_is_exported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    (folder / "bomb.docx").write_bytes(_bomb())
    os.mkfifo(tmp_path / "pipe.txt")
    run = folder / "run"
    argv = ["ingest", str(folder), str(tmp_path / "pipe.txt"), "--out", str(run), "--workers", "1"]
    env = {"PIPELINE_MAX_ARCHIVE_MB": "2"}
    result = runner.invoke(app, argv, env=env)
    assert result.exit_code == 2
    assert (
        f"FAILED {folder / 'bomb.docx'} ingest: archive too large when unpacked (3.0 MB > max_archive_mb = 2)"
        in (result.stdout)
    )
    assert f"FAILED {tmp_path / 'pipe.txt'} ingest: is a FIFO (named pipe)" in result.stdout
    assert "3 files: 1 extracted, 0 unchanged, 2 failed (1 too_large, 1 unreadable)" in result.stdout
    assert (run / "results.xlsx").is_file()
    again = runner.invoke(app, [*argv, "--force"], env=env)
    assert (
        "3 files found: 0 unchanged (skipped), 3 to extract; skipped by rule: 1 run directory" in again.stdout
    )
