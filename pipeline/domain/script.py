"""Traditional and simplified script: one report text, two ways of writing its characters.

Some sites mirror a report with its text converted to traditional characters (`項目支出績效自評表`
for `项目支出绩效自评表`). The words, labels and figures are the same; only the script differs.
`simplified(text)` writes a text in simplified characters with OpenCC's traditional→simplified
dictionaries (phrases first, so `乾隆` stays while `乾淨` becomes `干净`), **one character for one
character**: every conversion in those dictionaries keeps the length, so position `i` of the
result is the conversion of position `i` of the input, and offsets stay valid.

    >>> simplified("計劃安排資金(萬元)")
    '计划安排资金(万元)'
    >>> is_traditional_script("項目名稱:某縣農村公路養護")
    True
    >>> is_traditional_script("项目名称:乾县农村公路养护工程")
    False

`is_traditional_script` is the document-level test the normaliser uses: a simplified report may
hold a character that also has a traditional reading (`乾县`, `於`), and must not be rewritten.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from importlib.resources import files

from opencc import OpenCC

# A text is in traditional script when at least this share of its Chinese characters has a
# distinct simplified form. Traditional prose runs at a quarter or more (`項目`, `資金`, `績效`
# are all converted); a simplified report holds such characters only as strays.
TRADITIONAL_SHARE = 0.1
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@cache
def _converter() -> OpenCC:
    return OpenCC("t2s")


@cache
def _traditional_chars() -> frozenset[str]:
    """Every character OpenCC's character table converts to another one."""
    table = files("opencc") / "dictionary" / "TSCharacters.txt"
    chars = set()
    for line in table.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        if len(source) == 1 and targets.split(" ")[0] != source:
            chars.add(source)
    return frozenset(chars)


def is_traditional_script(text: str) -> bool:
    """True when at least `TRADITIONAL_SHARE` of the Chinese characters are traditional forms.

    A simplified report mostly holds none of them, which the set of its characters tells at C
    speed; only a text that holds some is counted.
    """
    if _traditional_chars().isdisjoint(set(text)):
        return False
    counts = Counter(text)
    traditional = sum(counts[char] for char in _traditional_chars().intersection(counts))
    if traditional == 0:
        return False
    chinese = sum(count for char, count in counts.items() if _CJK.match(char))
    return traditional >= TRADITIONAL_SHARE * chinese


def simplified(text: str) -> str:
    """`text` in simplified characters, of the same length (a line the dictionaries would
    lengthen or shorten is kept as written, so offsets never drift)."""
    if _traditional_chars().isdisjoint(text):
        return text
    lines = text.split("\n")
    converted = (_converter().convert(line) for line in lines)
    return "\n".join(new if len(new) == len(old) else old for old, new in zip(lines, converted, strict=True))
