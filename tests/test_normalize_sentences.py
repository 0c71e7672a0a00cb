"""`is_spaced_sentence`: a sentence whose figures a text layer set apart by spaces is prose; a row
of cells apart by single spaces, however punctuated its last cell, is not."""

from __future__ import annotations

import pytest

from pipeline.normalize.lines import is_value_row
from pipeline.normalize.sentences import is_spaced_sentence

SENTENCES = (
    "本局 2023 年部门预算总额 3260.5 万元，实际支出 3102.6 万元。",
    "截至年底，资金到位 600 万元，实际支出 571.2 万元，预算执行率 95.2% ，结余资金 28.8",
    "危房改造。 2022 年该资金下达 2.1 亿元",  # a figure after a sentence's end
    "个别县资金拨付进度偏慢， 3 个县支出进度低于 80% ，已约谈县级财政部门。",
)
ROWS = (
    "产出指标 数量指标 改造供水管网长度 ≥45公里 41.5公里 10 8 部分路段征地未完成，结转下年实施",
    "效益指标 社会效益指标 培训人次 ≥2000人次 2150人次 20 20",
    "满意度指标 群众满意度 % 90 93 10 10 服务态度好，效率高",
    "数量指标 培训人次 人次 2000 2150 20 20 个别学员未结业，已补训",
    "项目资金 年初预算数 500 全年预算数 520 全年执行数 498.6",  # no sentence
)


@pytest.mark.parametrize("line", SENTENCES)
def test_a_sentence_with_spaced_figures_is_prose_though_it_looks_like_a_row(line: str) -> None:
    assert is_value_row(line)  # what its spaces alone suggest
    assert is_spaced_sentence(line)


@pytest.mark.parametrize("line", ROWS)
def test_a_row_of_cells_is_no_sentence(line: str) -> None:
    assert is_value_row(line)
    assert not is_spaced_sentence(line)
