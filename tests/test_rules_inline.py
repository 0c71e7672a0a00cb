from __future__ import annotations

from pipeline.extract.rules.inline import read_inline


def test_inline_list_items_with_numbers() -> None:
    text = (
        "1. 数量指标：单位临聘人员数≥8人、供暖面积300平方米、支持党支部数量=1个，以上指标全部按时完成。\n"
        "4. 效益指标：\n"
    )
    found = [
        (
            c.level2.text if c.level2 else None,
            c.name.text,
            c.target.text if c.target else None,
            c.actual.text if c.actual else None,
        )
        for c in read_inline(text)
    ]
    assert found == [
        ("数量指标", "单位临聘人员数", "≥8人", None),
        ("数量指标", "供暖面积", None, "300平方米"),
        ("数量指标", "支持党支部数量", "=1个", None),
    ]
    first = read_inline(text)[0]
    assert text[first.name.start : first.name.end] == "单位临聘人员数"


def test_a_level_word_with_an_empty_line_reads_nothing() -> None:
    assert read_inline("4. 效益指标：\n\n（1）社会效益指标：知晓率≥90%、\n")[0].level2.text == "社会效益指标"  # type: ignore[union-attr]
