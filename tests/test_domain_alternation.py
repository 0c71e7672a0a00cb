from __future__ import annotations

import os
import random
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
    assert pattern == r"\(值\)|目(?:标值|标)|≥"  # the words opening with 目 gathered, longest first
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


def test_gathered_words_match_as_the_plain_alternation_does_backtracking_included() -> None:
    # the plain alternation: every word a branch of its own, longest first
    rng = random.Random(15)
    letters = "目标值年度计划"
    for _ in range(400):
        words = {"".join(rng.choices(letters, k=rng.randint(1, 4))) for _ in range(rng.randint(1, 8))}
        plain = "|".join(re.escape(word) for word in longest_first(words))
        text = "".join(rng.choices(letters + "，", k=40))
        for around in ("(?:{})", "(?:{})值", "(?:{})(?:标|度)", "^(?:{})+$"):
            a, b = re.compile(around.format(plain)), re.compile(around.format(alternation(words)))
            assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)], (words, text)
            for at in range(len(text)):
                assert bool(a.match(text, at)) == bool(b.match(text, at))
