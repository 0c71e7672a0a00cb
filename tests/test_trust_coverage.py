"""Coverage: 0 indicators from a text that states some is `indicators_missed`, and never `ok`."""

from __future__ import annotations

from pathlib import Path

from pipeline.batch.outcome import ReportOutcome, Task
from pipeline.batch.progress import outcome_line
from pipeline.cli.extract import summary_line
from pipeline.core.config import Config
from pipeline.core.models import ExtractorInfo, Flag, Project, ReportExtraction, Source
from pipeline.ingest import read_document
from pipeline.process import extract_document
from pipeline.trust.coverage import coverage_flags, indicator_signals, is_incomplete

# The shape of a flattened form whose cells the extractor could not split.
FORM = (
    "绩 效 指 标 一级指标 二级指标 三级指标 年度指标值 实际完成值 产出指标 数量指标 培训人次≥1OO人次 12O人次"
)
NOTICE = "关于开展预算绩效管理工作的通知\n各单位：请按要求做好预算绩效管理工作。\n"


def _empty(flags: tuple[Flag, ...] = ()) -> ReportExtraction:
    return ReportExtraction(
        source=Source(path="r.txt", sha256="0" * 64, format="txt"),
        projects=(Project(name="p"),),
        flags=flags,
        extractor=ExtractorInfo(backend="rules", version="0", schema_hash="sha256:0"),
    )


def test_signals_of_a_flattened_form() -> None:
    assert indicator_signals(FORM) == {
        "三级指标",
        "年度指标值",
        "实际完成值",
        "产出指标",
        "数量指标",
        "target",
    }


def test_signals_of_a_notice_are_none() -> None:
    assert indicator_signals(NOTICE) == set()


def test_zero_indicators_from_a_form_is_missed() -> None:
    (flag,) = coverage_flags(_empty(), FORM)
    assert (flag.kind, flag.path) == ("indicators_missed", "projects")
    assert flag.message.startswith("0 indicators extracted, but the text reads like it states some (")


def test_zero_indicators_from_a_notice_is_not_missed() -> None:
    assert coverage_flags(_empty(), NOTICE) == ()


def test_a_missed_report_does_not_print_ok() -> None:
    result = _empty(coverage_flags(_empty(), FORM))
    assert is_incomplete(result)
    assert summary_line(Path("r.txt"), result).startswith("missed  r.txt  projects=1 indicators=0 ")
    task = Task(path="r.txt", key="/r.txt", sha256=None, result="r.json")
    outcome = ReportOutcome(task=task, status="ok", projects=1, indicators=0, missed=True)
    assert outcome_line(outcome) == "missed r.txt projects=1 indicators=0"


def test_the_trust_layer_flags_a_table_cut_after_its_header(tmp_path: Path) -> None:
    path = tmp_path / "form.txt"
    path.write_text(
        "绩效指标 | 一级指标 | 二级指标 | 三级指标 | 指标值 | 全年实际完成值 |\n", encoding="utf-8"
    )
    result = extract_document(read_document(path), Config())
    assert [len(p.indicators) for p in result.projects] == [0]
    assert "indicators_missed" in {f.kind for f in result.flags}
