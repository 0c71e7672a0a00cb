"""Candidate names: what can name an indicator whatever layout it was read from."""

from __future__ import annotations

import pytest

from pipeline.extract.rules.candidates import plausible_name


@pytest.mark.parametrize(
    ("name", "plausible"),
    [
        ("优”的项目", False),  # cut at a closing quote
        ("扣除评价要点②的", False),  # cut before its noun
        ("</td><td>依据年度目标", False),  # converter markup
        ("“两定机构”对医保服务的满意度", True),
        ("结余率(计算方法为:结余数/预算数)", True),
    ],
)
def test_plausible_names(name: str, plausible: bool) -> None:
    assert plausible_name(name) is plausible
