"""`merge_runs`: shard runs merged equal one unsharded run; the runs it refuses; atomic `--out`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipeline.batch import ingest
from pipeline.batch.merge import MergeError, merge_runs
from pipeline.batch.shard import Shard, ShardError
from pipeline.batch.state import result_name
from pipeline.core.config import Config
from pipeline.export import summarize_run
from pipeline.export.run_record import RunRecord, read_run_record
from pipeline.process import extract_file
from pipeline.review.html import write_review_html
from pipeline_testing.run_compare import export_differences
from tests.test_batch_runner import fake_extract

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "evals" / "reports"
RULES = Config(workers=1)


def _mixed_folder(root: Path) -> Path:
    """Reports in two folders, a copy of one under another name, an unsupported file, an empty
    file, a broken symlink, a file the stand-in extractor fails on, and files skipped by rule."""
    folder = root / "in"
    (folder / "区县" / "甲县").mkdir(parents=True)
    for n in range(12):
        text = f"第{n}项 培训班次\n覆盖率 {n}%\n"
        (folder / ("区县/甲县" if n % 3 else "") / f"项目{n:02}自评报告.txt").write_text(
            text, encoding="utf-8"
        )
    (folder / "区县" / "副本.txt").write_bytes((folder / "项目00自评报告.txt").read_bytes())
    (folder / "扫描件.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "空白.txt").write_bytes(b"")
    (folder / "失效链接.txt").symlink_to(root / "nowhere.txt")
    (folder / "坏.txt").write_text("BOOM\n", encoding="utf-8")
    (folder / "README.md").write_text("说明\n", encoding="utf-8")
    (folder / ".~lock.报告.txt#").write_text("x", encoding="utf-8")
    return folder


def _whole_and_merged(
    paths: list[Path], root: Path, shards: int, extractor=fake_extract, config: Config = RULES
) -> tuple[Path, Path]:
    whole = root / "whole" / "run"
    ingest(paths, whole, config, extractor=extractor)
    runs = []
    for index in range(shards):
        runs.append(root / f"shard{index}")
        ingest(paths, runs[-1], config, extractor=extractor, shard=Shard(index, shards))
    merged = root / "merged" / "run"
    merge_runs(runs, merged, config)
    return whole, merged


def test_the_samples_in_three_shards_merge_to_the_unsharded_run(tmp_path: Path) -> None:
    whole, merged = _whole_and_merged([SAMPLES], tmp_path, 3, extractor=extract_file)
    assert export_differences(whole, merged) == []
    assert sorted(p.name for p in (merged / "reports").iterdir()) == sorted(
        p.name for p in (whole / "reports").iterdir()
    )
    assert read_run_record(merged) == read_run_record(whole)


def test_a_mixed_folder_in_four_shards_accounts_for_every_file_once(tmp_path: Path) -> None:
    folder = _mixed_folder(tmp_path)
    whole, merged = _whole_and_merged([folder], tmp_path, 4)
    assert export_differences(whole, merged) == []
    errors = [json.loads(line) for line in (merged / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted((Path(e["file"]).name, e["kind"]) for e in errors) == [
        ("坏.txt", None),
        ("失效链接.txt", "unreadable"),
        ("扫描件.png", "unsupported"),
        ("空白.txt", "unreadable"),
    ]
    manifest = [
        json.loads(line) for line in (merged / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert len(manifest) == 17 == len({entry["path"] for entry in manifest})
    copy = next(entry for entry in manifest if entry["status"] == "duplicate")
    # the first in path order is extracted, the other recorded as its duplicate, as in one run
    first = folder / "区县" / "副本.txt"
    assert (Path(copy["path"]).name, copy["result"]) == ("项目00自评报告.txt", result_name(first))
    summary = summarize_run(merged, RULES)
    assert (summary.reports_ok, summary.reports_failed, summary.share) == (12, 4, None)
    assert summary.skipped_by_rule == {"hidden": 1, "README": 1}
    shard_totals = [len(list((tmp_path / f"shard{i}" / "reports").iterdir())) for i in range(4)]
    assert sum(shard_totals) == 12 and all(shard_totals)
    again = ingest([folder], merged, RULES, extractor=fake_extract).batch  # a whole run: it resumes
    assert (again.found, again.skipped, again.extracted, again.failed) == (17, 13, 0, 4)


def test_corrections_and_review_pages_are_merged(tmp_path: Path) -> None:
    folder = _mixed_folder(tmp_path)
    report = Path(result_name(folder / "项目03自评报告.txt")).stem
    line = {"report": report, "path": "projects[0].indicators[0].name", "old": "x", "new": "第3项 培训人次"}
    line |= {"decision": "edit", "time": "2026-01-01T00:00:00+00:00"}
    whole = tmp_path / "whole" / "run"
    ingest([folder], whole, RULES, extractor=fake_extract)
    runs = [tmp_path / f"shard{i}" for i in range(2)]
    for index, run in enumerate(runs):
        ingest([folder], run, RULES, extractor=fake_extract, shard=Shard(index, 2))
    for run in [whole, *(run for run in runs if (run / "reports" / f"{report}.json").is_file())]:
        (run / "corrections.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
        ingest([folder], run, RULES, extractor=fake_extract, shard=_share(run))  # exports with it
    write_review_html(whole, RULES)
    merged = tmp_path / "merged" / "run"
    result = merge_runs(runs, merged, RULES, finish=lambda stage: write_review_html(stage, RULES))
    assert (result.export.corrections_applied, result.export.files[0]) == (1, merged / "results.jsonl")
    assert export_differences(whole, merged) == []
    assert (merged / "review" / f"{report}.html").is_file()


def _share(run: Path) -> Shard | None:
    record = read_run_record(run)
    assert record is not None
    return None if record.whole else Shard(record.shards[0], record.shard_count)


def _shard_runs(tmp_path: Path, count: int, config: Config = RULES) -> list[Path]:
    folder = _mixed_folder(tmp_path)
    runs = [tmp_path / f"shard{index}" for index in range(count)]
    for index, run in enumerate(runs):
        ingest([folder], run, config, extractor=fake_extract, shard=Shard(index, count))
    return runs


def test_runs_that_do_not_fit_together_are_refused(tmp_path: Path) -> None:
    runs = _shard_runs(tmp_path, 3)
    out = tmp_path / "out"
    with pytest.raises(MergeError, match=r"shard\(s\) 2/3 missing \(--allow-partial merges without them\)"):
        merge_runs(runs[:2], out, RULES)
    with pytest.raises(MergeError, match=f"shard 1/3 is in both {runs[1]} and {runs[1]}"):
        merge_runs([runs[0], runs[1], runs[1], runs[2]], out, RULES)
    other = tmp_path / "other"
    changed = Config(backend="llm", workers=1)  # another backend: another configuration hash
    ingest([tmp_path / "in"], other, changed, extractor=fake_extract, shard=Shard(2, 3))
    with pytest.raises(MergeError, match="the runs differ in configuration hash"):
        merge_runs([runs[0], runs[1], other], out, RULES)
    assert not out.exists()
    partial = merge_runs(runs[:2], out, RULES, allow_partial=True)
    assert partial.record == RunRecord(partial.record.config_hash, 3, (0, 1), {"hidden": 1, "README": 1})
    assert partial.record.label == "shards 0,1/3"
    with pytest.raises(MergeError, match="already exists: merge writes a new run directory"):
        merge_runs(runs, out, RULES)


def test_a_run_without_a_record_is_refused(tmp_path: Path) -> None:
    runs = _shard_runs(tmp_path, 2)
    (runs[0] / "run.json").unlink()
    with pytest.raises(MergeError, match="no run record"):
        merge_runs(runs, tmp_path / "out", RULES)


def test_a_run_directory_holds_one_share(tmp_path: Path) -> None:
    runs = _shard_runs(tmp_path, 2)
    with pytest.raises(
        ShardError, match="this run directory holds shard 0/2, not shard 1/2: use another --out"
    ):
        ingest([tmp_path / "in"], runs[0], RULES, extractor=fake_extract, shard=Shard(1, 2))
    with pytest.raises(ShardError, match="holds shard 0/2, not the whole input"):
        ingest([tmp_path / "in"], runs[0], RULES, extractor=fake_extract)


def test_a_merge_that_fails_leaves_no_out_and_no_staging(tmp_path: Path) -> None:
    runs = _shard_runs(tmp_path, 2)
    out = tmp_path / "merged" / "run"

    def killed(stage: Path) -> None:
        assert (stage / "results.jsonl").is_file()
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        merge_runs(runs, out, RULES, finish=killed)
    assert list(out.parent.iterdir()) == []


def test_the_staging_folder_of_a_killed_merge_is_removed_by_the_next(tmp_path: Path) -> None:
    runs = _shard_runs(tmp_path, 2)
    out = tmp_path / "merged" / "run"
    out.parent.mkdir()
    dead = _dead_pid()
    abandoned = out.parent / f".run.merging-{dead}-abc"
    (abandoned / "run" / "reports").mkdir(parents=True)
    live = out.parent / f".run.merging-{os.getpid()}-def"  # a merge still running: kept
    live.mkdir()
    merge_runs(runs, out, RULES)
    assert sorted(p.name for p in out.parent.iterdir()) == [live.name, "run"]


def _dead_pid() -> int:
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return pid
