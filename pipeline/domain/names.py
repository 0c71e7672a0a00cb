"""Name keys: what two spellings of one indicator or project name share.

NFKC (full-width letters and digits made ASCII), simplified script (`養護` is `养护`), lower case,
every space, punctuation mark and underscore removed, and a leading `指标N` numbering dropped:

    >>> name_key("“两定机构”对医保服务的满意度"), name_key("指标1:门诊 人次"), name_key("ＡＢＣ")
    ('两定机构对医保服务的满意度', '门诊人次', 'abc')
    >>> name_similarity("参保率", "常住人口参保率"), name_similarity("门诊人次", "门诊人次")
    (0.6, 1.0)
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

from pipeline.domain.script import simplified

_NOISE = re.compile(r"[\s\W_]+|^指标\d+")
CONTAINED_SIMILARITY = 0.85  # one key inside the other (4+ characters): the same name, shortened
_MIN_CONTAINED = 4


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """The comparison key of a name (see the module docstring). Cached: merging compares each
    candidate's name with many others."""
    return _NOISE.sub("", simplified(unicodedata.normalize("NFKC", name)).lower())


def _ratio_bound(ka: str, kb: str) -> float:
    """An upper bound of the difflib ratio of two keys (2 × matched characters / total length),
    without building the matcher: the characters the keys have in common, counted by sets, plus
    the repeats of the key that repeats fewer (a character written twice can match twice).
    `('门诊人次', '住院天数')` → 0.0; `('参保率', '常住人口参保率')` → 0.6 (the ratio: 0.6)."""
    chars_a, chars_b = set(ka), set(kb)
    repeats = min(len(ka) - len(chars_a), len(kb) - len(chars_b))
    return 2.0 * (len(chars_a & chars_b) + repeats) / (len(ka) + len(kb))


def name_similarity(a: str, b: str, floor: float = 0.0) -> float:
    """1.0 for equal keys, 0.85 when one key (4+ characters) is inside the other, else the
    difflib ratio of the keys; 0.0 when either is empty.

    `floor`: the caller only asks whether the similarity reaches it (merging two candidates).
    A pair whose keys cannot reach it — an upper bound of the ratio (`_ratio_bound`) is below
    it — gets that bound instead of the exact ratio, also below `floor`; the exact ratio costs
    ten times more and most pairs compared while merging share few characters."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    short, long_ = sorted((ka, kb), key=len)
    if len(short) >= _MIN_CONTAINED and short in long_:
        return CONTAINED_SIMILARITY
    if floor > 0.0 and (bound := _ratio_bound(ka, kb)) < floor:
        return bound
    return SequenceMatcher(None, ka, kb).ratio()


_CJK = r"[\u3400-\u4dbf\u4e00-\u9fff]"
# A page footer a PDF's text layer ran into a table cell: `第2页`, `第 2 页 共 5 页`, `共5页第2页`, or
# `- 2 -` between two Chinese characters (`0-6岁` is no footer: it needs a dash on both sides).
_PAGE_MARKER = re.compile(
    r"\s*(?:第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|共\s*\d{1,3}\s*页(?:\s*第\s*\d{1,3}\s*页)?"
    rf"|(?<={_CJK})\s*[-—–]\s*\d{{1,3}}\s*[-—–](?=\s*{_CJK}))\s*"
)


def cut_page_marker(name: str) -> str | None:
    """The name without the page footer that ran into it, or None when there is none: a row cut
    by a page break in an OCR'd or PDF text layer keeps the footer between its halves.

        >>> cut_page_marker("体检结果第 2 页 共 5 页反馈时限"), cut_page_marker("乡镇-3-覆盖率")
        ('体检结果反馈时限', '乡镇覆盖率')
        >>> cut_page_marker("0-6岁儿童健康管理率") is None
        True
    """
    cut = _PAGE_MARKER.sub("", name)
    return cut if cut != name and cut else None
