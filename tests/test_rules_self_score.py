from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.config import Config
from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.self_score import find_self_score
from pipeline.normalize import normalize
from pipeline.process import extract_document
from tests.prose_forms import REPORT_RENDERINGS, WATER_UPKEEP
from tests.shared_data import shared_dir
from tests.test_rules_layout_invariance import _document

REPORTS = Path(__file__).resolve().parents[1] / "evals" / "reports"
CORPUS = shared_dir("corpus")
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not on this machine")


def _text(path: Path) -> str:
    return normalize(path.read_text(encoding="utf-8")).text


def _sample(stem: str) -> str:
    return _text(next(REPORTS.glob(f"{stem}_*.txt")))


def _at(text: str, value: float, context: str, piece: str, start: int = 0) -> Found:
    begin = text.index(context, start) + context.index(piece)
    return Found(value, begin, begin + len(piece))


@pytest.mark.parametrize(
    ("text", "value", "context", "piece"),
    [
        ("绩效评价，自评得分为100分。", 100, "为100分", "100"),
        ("撰写自评报告项目评分，自评得分 91 分。", 91, " 91 分", "91"),
        ("自评得分91.9分。", 91.9, "91.9分", "91.9"),
        ("要求，县医保局自评 92 分。", 92, "92 分", "92"),
        ("填报日期：2023年4月23日自评总分:98项目权重", 98, ":98", "98"),
        ("绩效目标自评表(2022年度)项目总得分99分项目名称", 99, "99分", "99"),
        ("| 其他需要说明事项 | 无 | 总分 | 100 | 96 | 优 |", 96, "| 96", "96"),
        ("总分\t100\t96\n", 96, "\t96", "96"),
        ("\t总分\n\t100\n\t96\n", 96, "\t96", "96"),
        # a PDF's text layer (the word and the full mark run together once normalised) and HTML
        ("满意度 10 9.5\n总分100 96.5\n", 96.5, " 96.5", "96.5"),
        ("<tr><td>总分</td><td></td><td>100</td><td>93.4</td><td></td></tr>", 93.4, ">93.4", "93.4"),
    ],
)
def test_every_way_a_self_score_is_written(text: str, value: float, context: str, piece: str) -> None:
    assert find_self_score(text) == _at(text, value, context, piece)


@pytest.mark.parametrize(
    "text",
    [
        "1、自评分数\n\n县医保局使用经费过程中，从立项到实施严格执行。",  # a heading, then prose
        "年度资金总额 |\n150万 |\n150万 |\n125.25万 |\n100 |\n83.5% |\n98 |",  # the budget row's 得分
        "分值自评分复核分评价标准及依据",  # column headers only
        "自评得分为120分",  # above any full mark
        "总分 | 90 | 96 |",  # a score above its row's full mark
        "总分100分，其中产出指标50分",  # prose: the figures are not in cells of their own
    ],
)
def test_what_is_not_a_self_score(text: str) -> None:
    assert find_self_score(text) is None


def test_the_earliest_score_in_the_range_wins() -> None:
    text = "一、甲项目\n自评得分90分。\n二、乙项目\n自评得分 92 分。\n"
    second = text.index("二、")
    assert find_self_score(text) == _at(text, 90, "90分", "90")
    assert find_self_score(text, second) == _at(text, 92, "92 分", "92")
    assert find_self_score(text, 0, second) == _at(text, 90, "90分", "90")


def test_sample_001() -> None:
    text = _sample("001")
    assert find_self_score(text) == _at(text, 100, "自评得分为100分", "100")


def test_sample_002_per_project_section() -> None:
    text = _sample("002")
    headings = (
        "一、城乡医疗救助“一站式”",
        "二、打击欺诈",
        "三、开展城乡医保",
        "四、开展医疗机构",
        "五、医保待遇",
        "六、城乡医疗救助",
    )
    starts = [text.index(h) for h in headings]
    bounds = list(zip(starts, [*starts[1:], len(text)], strict=True))
    expected = [
        _at(text, 91, "自评得分91分", "91", starts[0]),
        _at(text, 90, "自评得分90分", "90", starts[1]),
        _at(text, 92, "自评92分", "92", starts[2]),
        _at(text, 90, "自评得分90分", "90", starts[3]),
        _at(text, 91.9, "自评得分91.9分", "91.9", starts[4]),
        None,
    ]
    assert [find_self_score(text, start, end) for start, end in bounds] == expected


@pytest.mark.parametrize("stem", ["000", "003", "004"])
def test_samples_without_a_self_score(stem: str) -> None:
    assert find_self_score(_sample(stem)) is None


@needs_corpus
@pytest.mark.parametrize(
    ("name", "value", "context", "piece"),
    [
        ("yongde_jiaoyu_yingyanggaishan.txt", 96, "总分 | 100 | 96", "96"),
        ("suizhou_jijiuzhongxin_rencaipeixun.txt", 98, "自评总分:98", "98"),
        ("yuanzhou_nongye_malingshu.txt", 99, "项目总得分99分", "99"),
    ],
)
def test_corpus_self_scores(name: str, value: float, context: str, piece: str) -> None:
    text = _text(CORPUS / name)
    assert find_self_score(text) == _at(text, value, context, piece)


@needs_corpus
@pytest.mark.parametrize(
    "name",
    [
        "ezhou_shenpiju_shiminzhongxin.txt",
        "dalian_yibao_nenglitisheng_2024.txt",
        "jishan_yibao_jiandanglika.txt",
    ],
)
def test_corpus_without_a_readable_self_score(name: str) -> None:
    assert find_self_score(_text(CORPUS / name)) is None


def test_a_score_column_that_names_its_unit_and_a_total_with_its_full_mark() -> None:
    text = "部门联系人张某联系电话自评总分(分)95.5年初预算数"
    assert find_self_score(text) == Found(95.5, text.index("95.5"), text.index("95.5") + 4)
    form = "总分(100分)\n|\n92\n|\n自评等级\n|\n优\n"
    assert find_self_score(form) == Found(92, form.index("92"), form.index("92") + 2)


def test_an_empty_templates_total_row_is_no_score() -> None:
    assert find_self_score("总分\t总分\t总分\t0\t0\n") is None


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("经自评，该项目综合得分96.5分，评价等级为优。", "96.5"),
        ("本项目绩效自评综合评分为92.3分。", "92.3"),
        ("绩效自评结果为91分，评定等级为“优”。", "91"),
        ("经评价，项目最终得分93分。", "93"),
        ("该项目绩效评价总体得分为65.00分，等级为中。", "65.00"),
    ],
)
def test_a_conclusions_score_of_the_evaluation_or_the_project_is_the_self_score(
    text: str, number: str
) -> None:
    found = find_self_score(text)
    assert found is not None and (found.value, found.start) == (float(number), text.index(number))
    assert text[found.start : found.end] == number


def test_a_score_a_result_clause_states_is_no_self_score() -> None:
    assert find_self_score("群众满意度综合得分92分，较上年提高3分。") is None


@pytest.mark.parametrize("rendering", list(REPORT_RENDERINGS))
def test_a_score_stated_only_in_the_conclusion_is_the_projects_in_every_publication(rendering: str) -> None:
    text = REPORT_RENDERINGS[rendering](WATER_UPKEEP)
    result = extract_document(_document(text), Config())
    assert [p.self_score for p in result.projects] == [96.5]
