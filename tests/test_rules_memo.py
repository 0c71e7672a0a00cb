"""`memo.per_text`: a result kept for the very text it was made from, until forgotten."""

from __future__ import annotations

from pipeline.extract.rules import memo
from pipeline.extract.rules.levels import heading_levels


def test_a_result_is_kept_for_the_same_text_object_only() -> None:
    calls: list[str] = []

    @memo.per_text
    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    text = "".join(["产出", "指标"])
    equal = "".join(["产出", "指标"])
    assert (length(text), length(text)) == (4, 4) and calls == [text]
    assert length(equal) == 4 and len(calls) == 2  # equal but another object: made again
    assert length(equal) == 4 and len(calls) == 2
    memo.forget_texts()
    assert length(equal) == 4 and len(calls) == 3


def test_heading_levels_of_a_text_are_found_once_until_forgotten() -> None:
    text = "一、产出指标\n1.数量指标\n培训人数100人\n"
    first = heading_levels(text)
    assert heading_levels(text) is first
    assert first.starts == (0, 7)
    assert [lv.level1.text if lv.level1 else None for lv in first.levels] == ["产出指标", "产出指标"]
    assert [lv.level2.text if lv.level2 else None for lv in first.levels] == [None, "数量指标"]
    memo.forget_texts()
    again = heading_levels(text)
    assert again is not first and again == first
