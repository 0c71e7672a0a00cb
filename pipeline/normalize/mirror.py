"""Mirror-site rewrites: pinyin inserted after characters, and traditional script.

Some sites republish reports with the text converted to traditional characters and the reading
of some characters inserted in brackets: `項目名稱:某縣公路養(yǎng)護`. Neither is the report's
text. Both rules only delete or translate one character for one character, so evidence found in
the normalised text still maps to the mirror's own text (`養護` → `養(yǎng)護`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.domain.script import is_traditional_script, simplified
from pipeline.normalize.offsets import Edit

# Tone-marked vowels and what they are without the mark (`ü` is written `v` in the syllable table).
_TONED_VOWELS = {
    **dict.fromkeys("āáǎà", "a"), **dict.fromkeys("ēéěè", "e"), **dict.fromkeys("īíǐì", "i"),
    **dict.fromkeys("ōóǒò", "o"), **dict.fromkeys("ūúǔù", "u"), **dict.fromkeys("ǖǘǚǜü", "v"),
}  # fmt: skip
_UNMARK = str.maketrans(_TONED_VOWELS)
_TONE_MARKS = frozenset(_TONED_VOWELS) - {"ü"}
# A Mandarin syllable: an optional initial, then a final.
_SYLLABLE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|er"
    r"|ia|ie|iu|in|ua|uo|ui|un|ue|ve|vn|a|o|e|i|u|v)"
)
# Syllables of particles and suffixes, printed without a tone mark (`們(men)`, `的(de)`).
NEUTRAL_SYLLABLES = frozenset({"de", "le", "me", "men", "ne", "ma", "ba", "zi", "zhe"})
# One to four syllables in ASCII or full-width brackets straight after a Chinese character. The
# bracket comes first and the character is looked behind from it, so the search jumps from bracket
# to bracket (a lookbehind first is tried at every character of the text).
_LETTER = "[a-z" + "".join(sorted(_TONED_VOWELS)) + "]"
# One pattern per bracket, each opening on its bracket as a literal: a search for a literal jumps
# from one to the next (~0.7 ns a character), where a class first (`[(（]`) is tried at every
# character (~7 ns). No match holds an opening bracket after its first character, so the two
# patterns' matches, in text order, are the matches of one pattern opening on either bracket.
_SYLLABLES = rf"({_LETTER}{{1,6}}(?: {_LETTER}{{1,6}}){{0,3}})[)）]"
_AFTER_CHINESE = r"(?<=[\u3400-\u4dbf\u4e00-\u9fff]{})"  # the bracket, looked behind from
_BRACKETED_LETTERS = tuple(
    re.compile(bracket + _AFTER_CHINESE.format(bracket) + _SYLLABLES) for bracket in (r"\(", "（")
)


def is_pinyin(letters: str) -> bool:
    """Every space-separated word is a syllable that carries a tone mark or is a neutral particle.

    `lián`, `yǎng`, `shù`, `men` are; `km`, `ha` (a syllable, but toneless), `café`, `mu` are not.
    """
    for word in letters.split(" "):
        plain = word.translate(_UNMARK)
        if _SYLLABLE.fullmatch(plain) is None:
            return False
        if _TONE_MARKS.isdisjoint(word) and plain not in NEUTRAL_SYLLABLES:
            return False
    return True


def drop_inserted_pinyin(text: str) -> Iterator[Edit]:
    """Delete pinyin a mirror inserted after a character: `養(yǎng)護` → `養護`, `數（shù）` → `數`.

    Only bracketed lower-case letters that read as pinyin (`is_pinyin`) straight after a Chinese
    character go: `面积(亩)`, `长度(km)`, `编码(ABC)`, `系统(ha)` and `(2020)` stay.
    """
    found = [match for pattern in _BRACKETED_LETTERS for match in pattern.finditer(text)]
    for match in sorted(found, key=_start):
        if is_pinyin(match.group(1)):
            yield Edit(match.start(), match.end(), "")


def _start(match: re.Match[str]) -> int:
    return match.start()


def to_simplified_script(text: str) -> Iterator[Edit]:
    """Rewrite a text printed in traditional script in simplified characters, character for
    character: `計劃安排資金(萬元)` → `计划安排资金(万元)`.

    Only a text written in traditional script (`is_traditional_script`) is rewritten; a
    simplified report keeps its stray traditional-looking characters (`乾县`). Consecutive changed
    characters make one equal-length edit, so each keeps its own source character.
    """
    if not is_traditional_script(text):
        return
    converted = simplified(text)
    start = None
    for index, (old, new) in enumerate(zip(text, converted, strict=True)):
        if old != new and start is None:
            start = index
        elif old == new and start is not None:
            yield Edit(start, index, converted[start:index])
            start = None
    if start is not None:
        yield Edit(start, len(text), converted[start:])
