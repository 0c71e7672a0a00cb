"""A run directory for the web review tests: the listing's report (with `<script>` in its text)
plus a report read with 0 indicators whose text carries an `onerror=` image, exported so that
results.sqlite holds the review queue."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from pathlib import Path

from pipeline.core.config import Config
from pipeline.core.models import ExtractorInfo, Flag, Project, ReportExtraction, ReportInfo, Source
from pipeline.export import export_run
from pipeline.ingest import read_document
from pipeline.review.serve import make_server
from tests.test_review_listing import make_run

EMPTY_STEM = "zz_empty_0123456789"
EMPTY_TEXT = (
    "某区卫生健康局2024年度部门整体支出绩效自评报告\n"
    "一、基本情况 <img src=x onerror=window.__injected=3> 本年度工作按计划推进。\n"
)


def make_web_run(tmp_path: Path) -> Path:
    run_dir = make_run(tmp_path)
    source = tmp_path / "empty.txt"
    source.write_text(EMPTY_TEXT, encoding="utf-8")
    doc = read_document(source)
    empty = ReportExtraction(
        source=Source(path=doc.path, sha256=doc.sha256, format=doc.format),
        report=ReportInfo(title="某区卫生健康局2024年度部门整体支出绩效自评报告", agency="某区卫生健康局"),
        projects=(Project(name="部门整体支出"),),
        flags=(Flag(kind="no_indicators", message="no performance indicators were found", path="projects"),),
        extractor=ExtractorInfo(backend="rules", version="0"),
    )
    (run_dir / "reports" / f"{EMPTY_STEM}.json").write_text(
        json.dumps(empty.to_json_dict(), ensure_ascii=False), encoding="utf-8"
    )
    export_run(run_dir, Config())
    return run_dir


@contextlib.contextmanager
def served_run(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """`make_web_run` served on a free loopback port in a thread: (run dir, the printed URL)."""
    run_dir = make_web_run(tmp_path)
    server, url = make_server(run_dir, "127.0.0.1", 0, None)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield run_dir, url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)
