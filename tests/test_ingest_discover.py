"""Discovery: every file under the inputs, sorted; hidden files, READMEs and the run directory
skipped by rule and counted; named paths kept whatever their name; missing ones listed."""

from __future__ import annotations

from pathlib import Path

from pipeline.ingest.discover import Discovery, discover, skip_rule


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    return path


def test_every_file_is_kept_and_the_rules_are_counted(tmp_path: Path) -> None:
    root = tmp_path / "in"
    for relative in [
        "b/2.pdf", "a.docx", "scan.png", "bundle.zip", "sub/c.doc", ".DS_Store", ".git/objects/x",
        "README.md", "sub/readme.txt", "runs/2024/reports/r.json", "runs/2024/indicators.csv",
    ]:  # fmt: skip
        touch(root / relative)

    found = discover([root], exclude=root / "runs" / "2024")

    assert found == Discovery(
        files=tuple(root / p for p in ("a.docx", "b/2.pdf", "bundle.zip", "scan.png", "sub/c.doc")),
        skipped={"hidden": 2, "README": 2, "run directory": 1},
        missing=(),
    )


def test_named_paths_are_kept_whatever_their_name_and_missing_ones_listed(tmp_path: Path) -> None:
    readme, hidden = touch(tmp_path / "README.txt"), touch(tmp_path / ".notes.txt")

    found = discover([readme, str(hidden), tmp_path / "nope.doc"])

    assert found == Discovery(files=(readme, hidden), skipped={}, missing=(tmp_path / "nope.doc",))


def test_skip_rules() -> None:
    assert [skip_rule(n) for n in (".x", "README", "Readme.md", "readme_2024.txt", "报告.doc")] == [
        "hidden", "README", "README", "README", None,
    ]  # fmt: skip


def test_a_link_to_a_file_of_the_run_directory_is_skipped_by_rule(tmp_path: Path) -> None:
    root, run = tmp_path / "in", tmp_path / "run"
    kept = touch(root / "a.txt")
    touch(run / "reports" / "r.json")
    (root / "link.json").symlink_to(run / "reports" / "r.json")
    (root / "other.txt").symlink_to(kept)  # a link to a file outside the run directory is kept

    found = discover([root], exclude=run)

    assert found == Discovery(files=(kept, root / "other.txt"), skipped={"run directory": 1}, missing=())
