"""Traditional vs simplified script: the document test and the length-keeping conversion."""

from __future__ import annotations

import pytest

from pipeline.domain.script import is_traditional_script, simplified


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("計劃安排資金(萬元)", "计划安排资金(万元)"),
        ("縣財政", "县财政"),
        ("效果顯著", "效果显著"),
        ("乾隆年間", "乾隆年间"),  # the phrase table keeps 乾 where it is not 干
        ("养护里程156公里", "养护里程156公里"),
        ("", ""),
    ],
)
def test_simplified_keeps_the_length(text: str, expected: str) -> None:
    assert simplified(text) == expected
    assert len(simplified(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("項目名稱:某縣農村公路養護", True),
        ("绩效目标完成情况", False),
        ("项目名称:乾县农村公路养护工程", False),  # one stray form among 13 characters
        ("2023 | 118.5", False),
        # forms beyond the Basic Multilingual Plane count too; a character there that has no
        # simplified form (U+20000) does not
        ("\U0002005e\U0002005e绩效目标完成情况", True),
        ("\U0002005e绩效目标完成情况绩效目标完成情况", False),
        ("\U00020000" * 5 + "绩效", False),
    ],
)
def test_is_traditional_script(text: str, expected: bool) -> None:
    assert is_traditional_script(text) is expected
