"""A cell pairing a target and its actual behind their labels: the whole cell and each label."""

from __future__ import annotations

from pipeline.domain.paired import ACTUAL_LABEL, PAIRED_VALUE, TARGET_LABEL, VALUE_LABEL, is_paired_value


def test_a_paired_cell_gives_its_target_and_actual() -> None:
    m = PAIRED_VALUE.match("目标值：≥120户；实际完成值：126户")
    assert m is not None and (m.group("target"), m.group("actual")) == ("≥120户", "126户")
    assert is_paired_value("目标：及时 实际：及时") is True
    assert is_paired_value("实际完成值：97%；目标值：≥95%") is False  # the target's label opens it


def test_each_label_is_found_with_its_colon_and_the_actual_after_a_break() -> None:
    target = TARGET_LABEL.search("农户补贴发放人数目标值：")
    assert target is not None and (target.start(), target.end()) == (8, 12)
    assert TARGET_LABEL.search("达到目标值") is None  # no colon: words of a name or a target
    actual = ACTUAL_LABEL.match("；实际完成值：")
    assert actual is not None and actual.end() == 7
    assert ACTUAL_LABEL.match("实际：基本完成") is not None
    assert ACTUAL_LABEL.match("实际") is None  # a label has its colon
    assert VALUE_LABEL.search("人数实际完成值：") is not None
