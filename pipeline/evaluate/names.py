"""Name normalisation and similarity: how the scorer decides two names mean the same thing.

`normalize_name` turns a label into a comparison key:

1. a leading circled number (①, ❶, ➀ …) is dropped *before* NFKC, because NFKC turns ① into a bare
   `1` that could not be told apart from a name that starts with a digit;
2. NFKC (full-width → ASCII, `（3）` → `(3)`, `：` → `:`), simplified script (gold labelled on a
   mirror page in traditional characters, `縣財政`, matches `县财政`), lower case;
3. leading numbering is dropped, repeatedly: `指标1:`, `(3)`, `(一)`, `1.`, `1、`, `1)`, `一、`
   (`1.5万` keeps its digits: a dot followed by a digit is a decimal point, not numbering);
4. everything that is not a letter or a digit goes (punctuation, symbols, whitespace).

If step 3 would leave nothing, it is undone: the fixtures name a nameless row by its number
(`指标1`), and that must still match a prediction named `指标1：`.

>>> normalize_name("（3）培训 班次：")
'培训班次'
>>> normalize_name("指标1:")
'指标1'

`name_similarity` is the larger of two scores on the normalised names:

- `difflib.SequenceMatcher.ratio()` (2 × matched characters / total length), which tolerates a
  character or two of conversion damage;
- containment: when the shorter name (at least 2 characters) occurs whole inside the longer one,
  `0.5 + 0.5 × len(shorter) / len(longer)`. A name that carries extra words (`全市常住人口参保率`
  for `常住人口参保率`) is the same indicator; plain `ratio()` undervalues that case
  (`参保率` in `居民医保参保率达标` scores 0.5 there, 0.67 by containment). The floor of 0.5 means
  containment alone never reaches `NAME_THRESHOLD` unless the shorter name is at least a fifth of
  the longer one (0.5 + 0.5 × 1/5 = 0.6), so `率` inside anything matches nothing.

`NAME_THRESHOLD = 0.6` was set on the synthetic cases in `tests/test_evaluate_names.py` (a
one-character typo in a 4-character name scores 0.75; unrelated indicators of the same family,
`培训班次` vs `培训人数`, score 0.5), never on the gold fixtures.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence

from pipeline.domain.script import simplified
from pipeline.evaluate.assignment import max_weight_assignment

NAME_THRESHOLD = 0.6
MIN_CONTAINED_CHARS = 2

_CIRCLED = re.compile(r"^\s*[\u2460-\u2473\u2776-\u2793\u24f5-\u24fe]+")
_CN_DIGITS = "一二三四五六七八九十"
_NUMBERING = re.compile(
    rf"""^\s*(?:
        指标\s*\d+\s*[:.、]?                          # 指标1:  指标2
      | \(\s*(?:\d+|[{_CN_DIGITS}]+)\s*\)\s*[:.、]?  # (3)  (一)
      | (?:\d+|[{_CN_DIGITS}]+)\s*[、):]            # 1、  1)  一、
      | \d+\s*\.(?!\d)                              # 1.  (not 1.5)
    )""",
    re.VERBOSE,
)


def _strip_numbering(text: str) -> str:
    while True:
        stripped = _NUMBERING.sub("", text, count=1)
        if stripped == text:
            return text
        text = stripped


def _letters_and_digits(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def normalize_name(name: str) -> str:
    """The comparison key of a name (see the module docstring)."""
    text = simplified(unicodedata.normalize("NFKC", _CIRCLED.sub("", name))).lower()
    key = _letters_and_digits(_strip_numbering(text))
    return key or _letters_and_digits(text)


def normalize_text(text: str) -> str:
    """The comparison key of a text field (unit, level, deviation reason, agency).

    NFKC, simplified script, lower case, whitespace and punctuation removed, numbering kept. A
    value made only of punctuation or symbols (`%`, `‰`) is kept as written minus whitespace, so
    `%` ≠ `‰`.
    """
    text = simplified(unicodedata.normalize("NFKC", text)).lower()
    return _letters_and_digits(text) or "".join(text.split())


def containment(a: str, b: str) -> float:
    """`0.5 + 0.5 × shorter/longer` when one key lies inside the other, else 0."""
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) < MIN_CONTAINED_CHARS or shorter not in longer:
        return 0.0
    return 0.5 + 0.5 * len(shorter) / len(longer)


def name_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two raw names; 0 when either normalises to nothing."""
    key_a, key_b = normalize_name(a), normalize_name(b)
    if not key_a or not key_b:
        return 0.0
    ratio = difflib.SequenceMatcher(None, key_a, key_b, autojunk=False).ratio()
    return max(ratio, containment(key_a, key_b))


def pair_by_name(
    gold: Sequence[str], predicted: Sequence[str], threshold: float = NAME_THRESHOLD
) -> list[tuple[int, int]]:
    """Best one-to-one `(gold index, predicted index)` pairs with similarity ≥ threshold.

    Pairs below the threshold are removed *before* the assignment (their weight is 0), so the
    optimiser never gives up a good pair to make room for one that would be discarded anyway.
    """
    weights = [[_weight(g, p, threshold) for p in predicted] for g in gold]
    pairs = max_weight_assignment(weights)
    return [(g, p) for g, p in pairs if weights[g][p] > 0.0]


def _weight(gold: str, predicted: str, threshold: float) -> float:
    similarity = name_similarity(gold, predicted)
    return similarity if similarity >= threshold else 0.0
