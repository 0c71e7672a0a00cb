"""Source text around evidence: read back, checked by sha256, cut around the span."""

from __future__ import annotations

from pathlib import Path

from pipeline.ingest import read_document
from pipeline.review.sources import Context, SourceTexts, context


def test_context_cuts_around_the_span() -> None:
    assert context("……培训班次≥10个，已开展12期……", (6, 10), width=4) == Context(
        "培训班次", "≥10个", "，已开展"
    )
    assert context("abc", (2, 9), width=5) == Context("ab", "c", "")


def test_a_source_is_read_once_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("培训班次≥10个", encoding="utf-8")
    doc = read_document(path)
    result = {"source": {"path": str(path), "sha256": doc.sha256}}
    sources = SourceTexts()
    assert sources.around("r", result, (4, 8)) == Context("培训班次", "≥10个", "")
    path.write_text("改过了", encoding="utf-8")
    assert sources.text("r", result) == "培训班次≥10个"  # cached for the session
    fresh = SourceTexts()
    assert fresh.around("r", result, (4, 8)) is None
    assert fresh.problems == {"r": f"{path} changed since it was extracted; no context shown"}


def test_missing_sources_are_explained(tmp_path: Path) -> None:
    sources = SourceTexts()
    assert sources.text("a", {"source": {}}) is None
    assert sources.text("b", {"source": {"path": str(tmp_path / "gone.txt")}}) is None
    assert sources.problems["a"] == "the result names no source file"
    assert sources.problems["b"].startswith("source not readable: ")
    assert sources.around("a", {}, None) is None


def test_the_manifests_absolute_path_is_read_before_the_results_own(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("培训班次≥10个", encoding="utf-8")
    result = {"source": {"path": "reports/r.txt", "sha256": read_document(path).sha256}}
    assert SourceTexts().text("r", result) is None  # relative to a directory this is not
    sources = SourceTexts(located={"r": str(path)})
    assert sources.around("r", result, (4, 8)) == Context("培训班次", "≥10个", "")
    gone = SourceTexts(located={"r": str(tmp_path / "moved.txt")})
    assert gone.text("r", result) is None and gone.problems["r"].startswith("source not readable: ")
