"""Mirror-site rewrites: inserted pinyin dropped, traditional script simplified, offsets kept."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import normalize
from pipeline.normalize.mirror import _LETTER, drop_inserted_pinyin, is_pinyin, to_simplified_script
from pipeline.normalize.offsets import Edit


@pytest.mark.parametrize("letters", ["lián", "yǎng", "shù", "xiāng", "zhèn", "lǜ", "men", "de", "lián xì"])
def test_pinyin_syllables(letters: str) -> None:
    assert is_pinyin(letters)


@pytest.mark.parametrize("letters", ["km", "ha", "mu", "kg", "café", "abc", "xyz", "lián km"])
def test_units_codes_and_words_are_not_pinyin(letters: str) -> None:
    assert not is_pinyin(letters)


def test_drop_inserted_pinyin_after_a_character_in_either_bracket() -> None:
    text = "聯(lián)系電話 各鄉(xiāng)鎮（zhèn）"
    assert list(drop_inserted_pinyin(text)) == [Edit(1, 7, ""), Edit(13, 20, ""), Edit(21, 27, "")]


@pytest.mark.parametrize(
    "text",
    ["面积(亩)", "长度(km)", "编码(ABC)", "面积(ha)", "预算(2020)", "(yǎng)开头", "养 (yǎng)", "数据(Data)"],
)
def test_brackets_that_are_not_inserted_pinyin_stay(text: str) -> None:
    assert list(drop_inserted_pinyin(text)) == []


def test_simplify_a_text_in_traditional_script_character_for_character() -> None:
    text = "計劃安排資金(萬元)"
    assert list(to_simplified_script(text)) == [Edit(0, 2, "计划"), Edit(4, 5, "资"), Edit(7, 8, "万")]


def test_a_simplified_text_keeps_its_stray_traditional_forms() -> None:
    assert list(to_simplified_script("乾县农村公路养护工程项目")) == []


def test_normalize_maps_a_mirror_back_to_its_own_text() -> None:
    mirror = "項目名稱:某縣公路養(yǎng)護\n實際支出數(shù) | 118.5"
    norm = normalize(mirror)
    assert norm.text == "项目名称:某县公路养护\n实际支出数 | 118.5"
    start = norm.text.index("养护")
    assert norm.to_source(start, start + 2) == (9, 17)
    assert mirror[9:17] == "養(yǎng)護"
    start = norm.text.index("实际支出数")
    assert mirror[slice(*norm.to_source(start, start + 5))] == "實際支出數"
    start = norm.text.index("118.5")
    assert mirror[slice(*norm.to_source(start, start + 5))] == "118.5"


# The rule's search as one pattern opening on either bracket: what its two patterns find together.
_ONE_PATTERN = re.compile(
    rf"[(（](?<=[\u3400-\u4dbf\u4e00-\u9fff][(（])({_LETTER}{{1,6}}(?: {_LETTER}{{1,6}}){{0,3}})[)）]"
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(("養", "(", "（", ")", "）", "yǎng", "men", " ", "km", "数", "2020", "shù")),
        max_size=30,
    )
)
def test_pinyin_is_found_after_either_bracket_as_by_one_pattern(pieces: list[str]) -> None:
    text = "".join(pieces)
    expected = [Edit(m.start(), m.end(), "") for m in _ONE_PATTERN.finditer(text) if is_pinyin(m.group(1))]
    assert list(drop_inserted_pinyin(text)) == expected
