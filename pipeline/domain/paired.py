"""A cell that writes a target and its actual together, each behind its label.

Some forms print a single value column per row (指标值及完成情况) and write both figures in it:
`目标值：≥1500人；实际完成值：1623人`. The labels are the words of the target and actual columns'
headers (`headers.HEADER_WORDS`: 年度指标值, 目标值 …; 实际完成值, 完成值 …) or their short forms
(目标, 实际), a colon after either or none; the target label opens the cell and the actual label
follows a break (`；`, `，`, a space):

    >>> m = PAIRED_VALUE.match("目标：有所改善 实际：明显改善")
    >>> m.group("target"), m.group("actual")
    ('有所改善', '明显改善')
    >>> is_paired_value("达到目标值"), is_paired_value("实际完成值：97%；目标值：≥95%")
    (False, False)
"""

from __future__ import annotations

import re

from pipeline.domain.alternation import alternation
from pipeline.domain.headers import HEADER_WORDS

_TARGET_LABELS = (*HEADER_WORDS["target"], "年度目标", "目标")
_ACTUAL_LABELS = (*HEADER_WORDS["actual"], "实际完成", "实际")


PAIRED_VALUE = re.compile(
    rf"^(?P<target_label>{alternation(_TARGET_LABELS)})[:：为]?\s*(?P<target>\S.*?)\s*[；;，,\s]\s*"
    rf"(?P<actual_label>{alternation(_ACTUAL_LABELS)})[:：为]?\s*(?P<actual>\S.*?)\s*[。；;]?$",
    re.DOTALL,
)


# A target or actual label with its colon (`目标值：`, `实际完成值:`): a value follows it, so a cell
# holding one inside its text is a value cell, never an indicator's name.
VALUE_LABEL = re.compile(rf"(?:{alternation((*_TARGET_LABELS, *_ACTUAL_LABELS))})[:：]")


# Each label alone with its colon, the actual's after the break that ends the target: where a
# fused row cuts a paired cell (`rules.fused`).
TARGET_LABEL = re.compile(rf"(?:{alternation(_TARGET_LABELS)})[:：]")
ACTUAL_LABEL = re.compile(rf"[；;，,]?(?:{alternation(_ACTUAL_LABELS)})[:：]")


def is_paired_value(text: str) -> bool:
    """Whether `text` is a cell writing a target and its actual behind their labels."""
    return PAIRED_VALUE.match(text) is not None
