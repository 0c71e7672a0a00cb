"""A batch over hostile input: odd names, special files, its own outputs, duplicates, a hung report."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import time
from pathlib import Path

import pytest

from pipeline.batch import ingest
from pipeline.core.config import Config
from pipeline.core.models import ExtractorInfo, Indicator, Project, ReportExtraction, Source
from pipeline.core.paths import original_path
from pipeline.ingest import read_document

pytestmark = pytest.mark.slow  # each run spawns worker processes

GBK_NAME = "绩效报告".encode("gbk") + b".txt"


def fake_extract(path: Path, config: Config) -> ReportExtraction:
    """One indicator per line; a report starting with HANG never finishes (module level: picklable)."""
    doc = read_document(path)
    if doc.text.startswith("HANG"):
        time.sleep(600)
    names = [line.strip() for line in doc.text.splitlines() if line.strip()]
    return ReportExtraction(
        source=Source(path=doc.path, sha256=doc.sha256, format=doc.format),
        projects=(Project(name="项目", indicators=tuple(Indicator(name=n, confidence=0.5) for n in names)),),
        extractor=ExtractorInfo(backend=config.backend, version="test"),
    )


def _errors(run: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in (run / "errors.jsonl").read_text(encoding="utf-8").splitlines()]


def _manifest(run: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in (run / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


def test_undecodable_and_multiline_names_reach_every_export_exactly(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    gbk = os.path.join(os.fsencode(folder), GBK_NAME)
    with open(gbk, "wb") as handle:
        handle.write("培训班次\n".encode())
    (folder / "第一\n行.txt").write_text("覆盖率\n", encoding="utf-8")
    run = tmp_path / "run"
    result = ingest([folder], run, Config(workers=1), extractor=fake_extract)
    assert (result.batch.extracted, result.batch.failed) == (2, 0)

    exact = {os.fsdecode(gbk), str(folder / "第一\n行.txt")}
    lines = (run / "results.jsonl").read_bytes().decode("utf-8").splitlines()  # valid UTF-8, 2 lines
    assert {json.loads(line)["source"]["path"] for line in lines} == exact
    with (run / "indicators.csv").open(encoding="utf-8-sig", newline="") as handle:
        shown = {row["report"] for row in csv.DictReader(handle)}
    assert {original_path(name) for name in shown} == exact
    assert all("\n" not in name for name in shown)
    with sqlite3.connect(run / "results.sqlite") as db:
        stored = {original_path(row[0]) for row in db.execute("SELECT path FROM reports")}
    assert stored == exact
    assert {entry["path"] for entry in _manifest(run)} == exact


def test_special_files_are_error_lines_and_the_run_directory_is_never_an_input(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("培训班次\n", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "broken.txt").symlink_to("gone.txt")
    os.mkfifo(tmp_path / "argument.txt")
    run = folder / "out"  # --out inside the input folder
    for _ in range(2):
        result = ingest([folder, tmp_path / "argument.txt"], run, Config(workers=1), extractor=fake_extract)
        assert (result.batch.found, result.batch.failed) == (4, 3)  # no results.*, review.html re-read
    assert sorted((e["file"], e["error"].split(": ", 1)[1]) for e in _errors(run)) == [
        (str(tmp_path / "argument.txt"), "is a FIFO (named pipe), not a regular file: not opened"),
        (str(folder / "broken.txt"), "is a broken symbolic link (to 'gone.txt'): not opened"),
        (str(folder / "pipe.txt"), "is a FIFO (named pipe), not a regular file: not opened"),
    ]
    assert result.batch.skipped == 1  # a.txt unchanged; its results.xlsx neighbour was never read


def test_identical_content_is_extracted_once_and_recorded_as_a_duplicate(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "b").mkdir(parents=True)
    (folder / "a.txt").write_text("培训班次\n覆盖率\n", encoding="utf-8")
    (folder / "b" / "copy.txt").write_bytes((folder / "a.txt").read_bytes())
    run = tmp_path / "run"
    result = ingest([folder], run, Config(workers=1), extractor=fake_extract)
    assert (result.batch.found, result.batch.extracted, result.batch.skipped) == (2, 1, 1)
    duplicate = [e for e in _manifest(run) if e["status"] == "duplicate"]
    assert [(e["path"], e["duplicate_of"]) for e in duplicate] == [
        (str(folder / "b" / "copy.txt"), str(folder / "a.txt"))
    ]
    with (run / "indicators.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["report"], r["name"], r["duplicates"]) for r in rows] == [
        (str(folder / "a.txt"), "培训班次", str(folder / "b" / "copy.txt")),
        (str(folder / "a.txt"), "覆盖率", str(folder / "b" / "copy.txt")),
    ]
    with sqlite3.connect(run / "results.sqlite") as db:
        assert db.execute("SELECT path, duplicates FROM reports").fetchall() == [
            (str(folder / "a.txt"), json.dumps([str(folder / "b" / "copy.txt")]))
        ]


def test_a_report_over_its_time_limit_is_one_error_line_and_not_redone_unless_forced(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("培训班次\n", encoding="utf-8")
    (folder / "hung.txt").write_text("HANG\n", encoding="utf-8")
    run = tmp_path / "run"
    config = Config(workers=2, report_timeout_s=1.0)
    first = ingest([folder], run, config, extractor=fake_extract)
    assert (first.batch.extracted, first.batch.failed, first.export.reports) == (1, 1, 1)
    reason = "over the time limit (still running after 1 s = report_timeout_s)"
    assert [(e["file"], e["stage"], e["error"]) for e in _errors(run)] == [
        (str(folder / "hung.txt"), "limit", f"{folder / 'hung.txt'}: {reason}")
    ]
    again = ingest([folder], run, config, extractor=fake_extract)
    assert (again.batch.skipped, again.batch.extracted, again.batch.failed) == (2, 0, 0)
    assert len(_errors(run)) == 1  # the failure is still listed
    forced = ingest([folder], run, config, extractor=fake_extract, force=True)
    assert (forced.batch.extracted, forced.batch.failed) == (1, 1)
