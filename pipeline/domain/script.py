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


@cache
def _traditional_pattern() -> re.Pattern[str]:
    """One character that may be traditional: one of the Basic Multilingual Plane's traditional
    forms, or any character beyond that plane. A regex class of BMP characters is one table
    lookup per character of the text, ~10× faster than the set of the text's characters; the
    few hundred traditional forms beyond it would be tried one by one at every character, so
    they are left to `_traditional_count`, which checks each such character the text holds."""
    bmp = sorted(char for char in _traditional_chars() if ord(char) <= 0xFFFF)
    return re.compile("[" + "".join(map(re.escape, bmp)) + "\U00010000-\U0010ffff]")


_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


def _traditional_count(text: str) -> int:
    """How many characters of `text` are traditional forms (`_traditional_chars`)."""
    traditional = _traditional_chars()
    return sum(1 for char in _traditional_pattern().findall(text) if char in traditional)


def is_traditional_script(text: str) -> bool:
    """True when at least `TRADITIONAL_SHARE` of the Chinese characters are traditional forms.

    A simplified report mostly holds none of them, which one regex search tells at C speed;
    only a text that holds some is counted (the Chinese characters as runs, not one by one).
    """
    if _traditional_pattern().search(text) is None:
        return False
    traditional = _traditional_count(text)
    if traditional == 0:
        return False
    chinese = sum(map(len, _CJK_RUN.findall(text)))
    return traditional >= TRADITIONAL_SHARE * chinese


def simplified(text: str) -> str:
    """`text` in simplified characters, of the same length (a line the dictionaries would
    lengthen or shorten is kept as written, so offsets never drift)."""
    if _traditional_chars().isdisjoint(text):
        return text
    lines = text.split("\n")
    converted = (_converter().convert(line) for line in lines)
    return "\n".join(new if len(new) == len(old) else old for old, new in zip(lines, converted, strict=True))
