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


def name_similarity(a: str, b: str) -> float:
    """1.0 for equal keys, 0.85 when one key (4+ characters) is inside the other, else the
    difflib ratio of the keys; 0.0 when either is empty."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    short, long_ = sorted((ka, kb), key=len)
    if len(short) >= _MIN_CONTAINED and short in long_:
        return CONTAINED_SIMILARITY
    return SequenceMatcher(None, ka, kb).ratio()
