from __future__ import annotations

import os
import re
import subprocess
import sys

from pipeline.domain.alternation import alternation, longest_first


def test_the_longest_word_comes_first_and_one_length_in_code_point_order() -> None:
    assert longest_first(("目标", "年度目标", "目标值", "预期目标", "目标")) == [
        "年度目标",
        "预期目标",
        "目标值",
        "目标",
    ]


def test_an_alternation_is_literal_and_matches_the_longest_word() -> None:
    pattern = alternation(["目标", "目标值", "≥", "(值)"])
    assert pattern == r"\(值\)|目标值|目标|≥"
    assert re.match(pattern, "目标值：95%").group() == "目标值"  # type: ignore[union-attr]
    assert re.match(pattern, "(值)").group() == "(值)"  # type: ignore[union-attr]


def test_patterns_built_from_sets_are_the_same_text_in_every_process() -> None:
    # a set's order follows string hashing, randomised per process; the kept compiled patterns
    # (`core.regex_cache`) are found by their text
    probe = (
        "from pipeline.extract.rules import fused, labelled;"
        "print(fused._REACHED_ALT, fused._DIRECTION_END.pattern, labelled._LEVEL_WORDS)"
    )
    printed = {
        subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(printed) == 1
