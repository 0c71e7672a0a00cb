"""`pipeline review` and `pipeline calibrate` through the CLI runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from tests.test_review_listing import STEM, make_run

runner = CliRunner()


def test_list_prints_tsv_or_json_under_the_threshold(tmp_path: Path) -> None:
    run_dir = make_run(tmp_path)
    done = runner.invoke(app, ["review", str(run_dir), "--list"])
    assert done.exit_code == 0, done.output
    rows = done.stdout.splitlines()
    assert rows[0] == "report\tpath\trecord\tfield\tvalue\tconfidence\treasons"
    assert len(rows) == 9
    as_json = runner.invoke(app, ["review", str(run_dir), "--list", "--json", "--threshold", "0.45"])
    assert [item["path"] for item in json.loads(as_json.stdout)] == [
        "projects[0].indicators[2].name",
        "projects[0].indicators[2].target",
        "projects[0].indicators[2].actual",
    ]


def test_the_threshold_comes_from_the_environment(tmp_path: Path) -> None:
    run_dir = make_run(tmp_path)
    done = runner.invoke(app, ["review", str(run_dir), "--list"], env={"PIPELINE_REVIEW_THRESHOLD": "0.45"})
    assert len(done.stdout.splitlines()) == 4


def test_interactive_review_reads_keys_from_stdin(tmp_path: Path) -> None:
    run_dir = make_run(tmp_path)
    done = runner.invoke(app, ["review", str(run_dir)], input="a\ns\nq\n")
    assert done.exit_code == 0, done.output
    assert "decided: 1 accept, 1 skip; 6 fields left" in done.stdout
    lines = (run_dir / "corrections.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["decision"] for x in lines] == ["accept", "skip"]
    ended = runner.invoke(app, ["review", str(run_dir)], input="a\n")
    assert ended.exit_code == 0 and "every decision so far is saved" in ended.stdout


def test_html_and_fixture(tmp_path: Path) -> None:
    run_dir = make_run(tmp_path)
    done = runner.invoke(app, ["review", str(run_dir), "--html"])
    assert done.stdout == f"wrote {run_dir / 'review' / 'index.html'} (8 fields marked)\n"
    out = tmp_path / "fixture.json"
    made = runner.invoke(app, ["review", str(run_dir), "--to-fixture", STEM, "--out", str(out)])
    assert made.exit_code == 0 and out.is_file()
    again = runner.invoke(app, ["review", str(run_dir), "--to-fixture", STEM, "--out", str(out)])
    assert again.exit_code == 1
    assert "pass --force to replace it" in again.output


def test_a_missing_run_directory_is_one_error_line(tmp_path: Path) -> None:
    done = runner.invoke(app, ["review", str(tmp_path / "nope"), "--list"])
    assert done.exit_code == 1
    assert "not a run directory" in done.output


def test_calibrate_prints_the_figures() -> None:
    repo = Path(__file__).resolve().parents[1]
    options = ["--reports", str(repo / "evals/reports"), "--fixtures", str(repo / "evals/fixtures")]
    done = runner.invoke(app, ["calibrate", *options])
    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()
    assert lines[0] == "threshold 0.7"
    assert lines[1].startswith("fields compared with the gold: ")
    assert "| confidence | fields | correct | share correct |" in lines


def test_serve_refuses_a_public_host_without_a_token_and_a_run_without_a_queue(tmp_path: Path) -> None:
    run_dir = make_run(tmp_path)
    public = runner.invoke(app, ["review", str(run_dir), "--serve", "--host", "0.0.0.0", "--port", "0"])
    assert public.exit_code == 1
    assert "--host 0.0.0.0 makes the review reachable from other machines; pass --token" in public.output
    unexported = runner.invoke(app, ["review", str(run_dir), "--serve", "--port", "0"])
    assert unexported.exit_code == 1
    assert "no results.sqlite here; run `pipeline export` on the run first" in unexported.output


def test_a_review_started_elsewhere_finds_sources_ingested_by_a_relative_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports, there, elsewhere = tmp_path / "bureau" / "reports", tmp_path / "bureau", tmp_path / "desk"
    reports.mkdir(parents=True)
    elsewhere.mkdir()
    (reports / "a.txt").write_text("三级指标\t指标值\t完成值\n培训班次\t≥10个\t8期\n", encoding="utf-8")
    monkeypatch.chdir(there)
    ingested = runner.invoke(app, ["ingest", "reports", "--out", str(tmp_path / "run")])
    assert ingested.exit_code == 0, ingested.output
    monkeypatch.chdir(elsewhere)  # `reports/a.txt`, the result's source.path, is not here
    done = runner.invoke(app, ["review", str(tmp_path / "run"), "--threshold", "1.0"], input="s\n" * 4)
    assert done.exit_code == 0, done.output
    assert "source not readable" not in done.stdout
    assert done.stdout.count("培训班次       ≥10个   8期 ⏎") == 3  # the context of each indicator field
