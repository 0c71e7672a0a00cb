"""`wrap_glue`: what joins two lines of one paragraph that a page's width broke."""

from __future__ import annotations

import pytest

from pipeline.domain.wrapping import SENTENCE_ENDS, wrap_glue


@pytest.mark.parametrize(
    ("before", "after", "glue"),
    [
        ("预算执行率9", "8.5%，结余", ""),  # a figure cut by the column is one figure
        ("实际支出", "571.2万元", ""),
        ("年度目标值2000", "0亩", ""),
        ("远程会诊平台Remote", "Care系统", " "),  # an English phrase wrapped at its space
        ("平台名称为Remote", "，全年", ""),
        ("截至2024年12月", "31日", ""),
        ("", "开头", ""),
    ],
)
def test_wrap_glue(before: str, after: str, glue: str) -> None:
    assert wrap_glue(before, after) == glue


def test_sentence_ends_are_the_full_stops_of_chinese_text() -> None:
    assert frozenset("。！？…") == SENTENCE_ENDS
    assert "，" not in SENTENCE_ENDS and "；" not in SENTENCE_ENDS  # a clause goes on
