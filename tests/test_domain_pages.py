"""The line that numbers a printed page: every common foot, and nothing a report's text holds."""

from __future__ import annotations

import pytest

from pipeline.domain.pages import BARE_PAGE_NUMBER, PAGE_NUMBER

FEET = (
    "- 3 -",
    "—12—",
    "– 3 –",
    "第 3 页",
    "第3页 共12页",
    "第 3 页，共 12 页",
    "共12页 第3页",
    "3/12",
    "3 / 12",
    "Page 3",
    "page 3 of 12",
)
TEXT = ("3", "第3章", "3-6岁", "1/2杯", "第三页", "共3项", "2023年", "-3%", "第3页码", "Page three")


@pytest.mark.parametrize("foot", FEET)
def test_every_common_foot_numbers_its_page(foot: str) -> None:
    assert PAGE_NUMBER.fullmatch(foot)


@pytest.mark.parametrize("line", TEXT)
def test_text_that_only_looks_like_one_does_not(line: str) -> None:
    assert PAGE_NUMBER.fullmatch(line) is None


def test_a_bare_number_is_left_to_the_reader_to_check_against_its_neighbours() -> None:
    assert [bool(BARE_PAGE_NUMBER.fullmatch(s)) for s in ("3", "12", "2024", "3.5", "03页")] == [
        True, True, True, False, False,
    ]  # fmt: skip
