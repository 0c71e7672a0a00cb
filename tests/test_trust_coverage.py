"""Coverage: 0 indicators from a text that states some is `indicators_missed`, and never `ok`."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.batch.outcome import ReportOutcome, Task
from pipeline.batch.progress import outcome_line
from pipeline.cli.extract import summary_line
from pipeline.core.config import Config
from pipeline.core.models import ExtractorInfo, Flag, Indicator, Project, ReportExtraction, Source
from pipeline.ingest import read_document
from pipeline.process import extract_document
from pipeline.trust import coverage
from pipeline.trust.coverage import (
    coverage_flags,
    indicator_signals,
    is_incomplete,
    pointed_levels,
    pointed_matches,
    uncovered_levels,
)

# The shape of a flattened form whose cells the extractor could not split.
FORM = (
    "绩 效 指 标 一级指标 二级指标 三级指标 年度指标值 实际完成值 产出指标 数量指标 培训人次≥1OO人次 12O人次"
)
NOTICE = "关于开展预算绩效管理工作的通知\n各单位：请按要求做好预算绩效管理工作。\n"


# The shape of a scored form: level words with their points, items under each.
SCORED = (
    "评价内容 分值 自评分 项目决策(10分) 立项依据 5 5 目标设定 5 4 "
    "项目管理（20分） 资金管理 10 10 制度执行 10 9 产出指标 40分 数量指标 20分 巡查次数 ≥120次 130次 20 20"
)


def _with(*indicators: Indicator) -> ReportExtraction:
    return _empty(indicators=indicators)


def _empty(flags: tuple[Flag, ...] = (), indicators: tuple[Indicator, ...] = ()) -> ReportExtraction:
    return ReportExtraction(
        source=Source(path="r.txt", sha256="0" * 64, format="txt"),
        projects=(Project(name="p", indicators=indicators),),
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


def test_the_levels_a_scored_form_gives_points_to() -> None:
    assert pointed_levels(SCORED) == {"项目决策", "项目管理", "产出指标", "数量指标"}


def test_a_level2_indicator_covers_its_level1() -> None:
    only_output = _with(Indicator(level2="数量指标", name="巡查次数"))
    assert uncovered_levels(only_output, SCORED) == {"项目决策", "项目管理"}


def test_a_form_read_only_in_part_is_missed() -> None:
    (flag,) = coverage_flags(_with(Indicator(level2="数量指标", name="巡查次数")), SCORED)
    assert (flag.kind, flag.path) == ("indicators_missed", "projects")
    assert (
        flag.message
        == "the text gives points to levels no indicator was extracted under (项目决策、项目管理)"
    )


def test_one_level_without_indicators_is_an_excerpt_cut_not_a_miss() -> None:
    read = _with(
        Indicator(level1="项目决策", name="立项依据"),
        Indicator(level1="项目管理", name="资金管理"),
        Indicator(level1="产出指标", name="巡查次数"),
    )
    assert uncovered_levels(read, SCORED) == {"数量指标"}
    assert coverage_flags(read, SCORED) == ()


def test_a_level_written_without_its_指标_covers_it() -> None:
    read = _with(Indicator(level1="项目决策", name="立项依据"), Indicator(level1="产出", name="巡查次数"))
    assert uncovered_levels(read, SCORED) == {"项目管理", "数量指标"}  # a 一级 does not cover its 二级


def test_a_long_text_is_squashed_by_blocks_as_a_whole() -> None:
    """Above a block, the text is squashed block by block (no list of its every word): the same
    string, whitespace at a block's edge included."""
    edge = coverage.SQUASH_BLOCK - 2
    text = "产出指标 (20分)\n" * 15000
    text = text[:edge] + " \u3000\t\n" + text[edge:]
    assert len(text) > 2 * coverage.SQUASH_BLOCK
    assert coverage._squashed(text) == "".join(text.split())
    assert coverage.pointed_levels(text) == {"产出指标"}


# Pieces of scored forms: level words, points in every shape `_POINTED` reads, and what stands near.
POINT_PIECES = (
    "产出指标", "效益指标", "数量指标", "项目决策", "决策", "过程", "产出", "（", "(", "）", "满分", "分值",
    "分", "10", "5.5", ".", "1.2.3", "１５", "٣", "，", "指标", "x",
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(POINT_PIECES), max_size=24))
def test_the_pointed_levels_searched_in_windows_are_the_whole_scans(pieces: list[str]) -> None:
    """The windows around each digit-and-分 hold every match the whole text's scan finds."""
    text = "".join(pieces)
    whole = [(m.span(), m.group("level")) for m in coverage._POINTED.finditer(text)]
    assert [(m.span(), m.group("level")) for m in pointed_matches(text)] == whole


def test_a_level_s_points_are_found_in_the_window_before_them() -> None:
    text = "一、项目决策（满分20分）：…… 产出指标15.5分，效益 指标 （30 分）"
    assert [(m.span(), m.group("level")) for m in pointed_matches("".join(text.split()))] == [
        ((2, 12), "项目决策"),
        ((16, 25), "产出指标"),
        ((26, 34), "效益指标"),
    ]
