"""A sentence whose figures a PDF's text layer set apart by spaces: prose, not a row of cells.

A report's figures are often set in a Latin font (Times New Roman beside 仿宋); a text layer read
word by word then puts a space on each side of every figure:

    本局 2023 年部门预算总额 3260.5 万元，实际支出 3102.6 万元。

By its spaces such a line looks like a row of a table laid out with single spaces (`lines.py`'s
`is_value_row`: cells of two or more characters, one of them Chinese, and a number among them).
What tells it apart is that its figures stand *inside* words: a bare number with a Chinese
character on each side (`总额 3260.5 万元`), where a row's numbers stand between cells
(`培训人次 2000 2150 20 20`, `≥45公里 41.5公里 10 8`), and that it is punctuated as a sentence.

    >>> is_spaced_sentence("本局 2023 年部门预算总额 3260.5 万元，实际支出 3102.6 万元。")
    True
    >>> is_spaced_sentence("改造供水管网长度 ≥45公里 41.5公里 10 8 部分路段征地未完成，结转下年实施")
    False
"""

from __future__ import annotations

import re

# A bare figure between two Chinese characters or signs, a space on each side: `总额 3260.5 万元`.
_BESIDE = "[\u4e00-\u9fff，。；：、（）]"
_FIGURE_IN_WORDS = re.compile(rf"{_BESIDE} [0-9][0-9.,%]* (?={_BESIDE})")
_SENTENCE_MARK = re.compile("[，。；！？]")


def is_spaced_sentence(line: str) -> bool:
    """Whether `line` is a sentence with spaced figures (module docstring), not a row of cells."""
    return _SENTENCE_MARK.search(line) is not None and _FIGURE_IN_WORDS.search(line) is not None
