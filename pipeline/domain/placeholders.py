"""Cells that hold nothing: what an empty template row or an unfilled form field is written as.

>>> [is_placeholder(c) for c in ("XX", "**", "……", "/", "—", "  ", "xx万元", "95%", "无锡")]
[True, True, True, True, True, True, True, False, False]
"""

from __future__ import annotations

import re

# Placeholder cells in indicator tables (empty template rows); 无 is "none".
PLACEHOLDER_CELLS: tuple[str, ...] = ("……", "...", ".....", "…", "—", "-", "/", "无")
# Cells that mean "nothing here" in a budget table.
BUDGET_EMPTY_CELLS: tuple[str, ...] = ("—", "——", "-", "--", "－", "/", "无", "…", "……")
# A template's fill-in marks: runs of X, *, dots, dashes or slashes, maybe around a unit
# (`XX万元`, `**%`, `≥XX`), and nothing else.
_FILL_IN = re.compile(r"[\s≥≤>=<]*(?:[Xx×＊*]{2,}|[…．.·]{2,}|…|[—\-－/／_＿]+)[\s%％万亿元个人次项]*")


def is_placeholder(cell: str) -> bool:
    """Whether a cell is empty or a fill-in mark (`XX`, `**`, `……`, `/`, `—`, `XX万元`)."""
    text = cell.strip()
    return (
        not text or text in PLACEHOLDER_CELLS or text in BUDGET_EMPTY_CELLS or bool(_FILL_IN.fullmatch(text))
    )
