"""One indicator per thing measured: merging what several layouts found.

The same indicator is often stated twice — a target list and a results section, a prose list
and a table, a goal paragraph and a results paragraph. Candidates are merged
within a project when their names match (`same_indicator`). Sources rank
table > scored = list > inline > prose: the higher-ranked candidate's fields win, and it takes
the fields it lacks from the lower one — except a table, which wins outright (the contract:
"where they disagree the table wins").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from pipeline.domain.names import name_key, name_similarity
from pipeline.domain.quantity import parse_quantity
from pipeline.extract.rules.candidates import Candidate

RANK = {"table": 4, "scored": 3, "list": 3, "inline": 2, "prose": 1}
FIELDS = ("level1", "level2", "target", "actual", "weight", "score", "deviation")


def _value(candidate: Candidate) -> float | None:
    cell = candidate.actual or candidate.target
    return parse_quantity(cell.text).value if cell else None


STRUCTURED = ("table", "list", "scored")
ALIKE = 0.75  # names this alike are one indicator
FAIRLY_ALIKE = 0.45  # …and these, across layouts, when they state the same number


def same_indicator(a: Candidate, b: Candidate) -> bool:
    """Names alike (≥ 0.75), or — across layouts — fairly alike (≥ 0.45) stating the same number.

    Two rows of structured layouts (table, list, scored items) of the same kind are never
    the same indicator: a table does not state a row twice."""
    if a.source_kind == b.source_kind and a.source_kind in STRUCTURED:
        return False
    same_kind = a.source_kind == b.source_kind
    # Below the lowest threshold that can still make a match, the exact ratio is not needed.
    similarity = name_similarity(a.name.text, b.name.text, floor=ALIKE if same_kind else FAIRLY_ALIKE)
    if similarity >= ALIKE:
        return True
    if same_kind or similarity < FAIRLY_ALIKE:
        return False  # one layout lists different things side by side (A、B均在90%以上)
    va = _value(a)  # the numbers are read only for names fairly alike
    return va is not None and va == _value(b)


def _absorb(kept: Candidate, other: Candidate) -> Candidate:
    if kept.source_kind == "table":
        return kept
    # The levels are one reading of where the indicator sits: a candidate that names either keeps
    # its pair (`4.满意度指标：` read as 一级 by one layout, as 二级 by another, is not both).
    fields = FIELDS[2:] if kept.level1 is not None or kept.level2 is not None else FIELDS
    missing = {
        f: getattr(other, f) for f in fields if getattr(kept, f) is None and getattr(other, f) is not None
    }
    return replace(kept, **missing) if missing else kept


def _comparable(kind: str, other: str) -> bool:
    """Whether a candidate of `kind` can match a kept one of `other` (see `same_indicator`)."""
    return not (kind == other and kind in STRUCTURED)


def merge_candidates(candidates: list[Candidate]) -> list[Candidate]:
    """Merge duplicates; the result keeps the text order of the surviving candidates.

    Each candidate is compared only with the kept candidates of layouts it can match, first kept
    first: the rows of one large table are never compared with each other, so a table of N rows
    costs N comparisons with the other layouts' candidates, not N² with its own rows. Of those,
    only the ones whose name key shares a character with its own are compared: names with no
    character in common have similarity 0 (`domain.names`) and are never the same indicator.
    The characters shared are counted from an index per layout (each character of a kept name
    key → the kept candidates holding it), so a pair whose similarity bound (`_below_floor`)
    cannot reach the threshold is not compared either.

    A kept candidate is indexed only when a layout present can match it: a report that is one
    table (its rows never match each other) indexes nothing. Worked example: 10,000 table rows
    and no other layout are kept as they are, with no name key made, where a set of its key's
    characters per row (~0.7 KB for an eight-character name) was the dense table's peak; with
    one prose candidate among them, the rows are indexed (~10 bytes per character) and the prose
    is compared with the rows whose keys share a character with its own."""
    ordered = sorted(candidates, key=lambda c: (-RANK.get(c.source_kind, 0), c.start))
    kinds = {c.source_kind for c in ordered}
    # per indexed kind: each character of a kept name key → the indexes into `kept` of the
    # candidates of that kind whose key holds it, ascending
    index: dict[str, dict[str, list[int]]] = {
        kind: {} for kind in kinds if any(_comparable(other, kind) for other in kinds)
    }
    kept: list[Candidate] = []
    # per indexed kept candidate: its name key's length and distinct characters
    sizes: dict[int, tuple[int, int]] = {}
    # per kind present: the indexes of the kinds it can match
    matched = {kind: [chars for other, chars in index.items() if _comparable(kind, other)] for kind in kinds}
    for candidate in ordered:
        kind = candidate.source_kind
        against = matched[kind]
        own = index.get(kind)
        if not against and own is None:
            kept.append(candidate)  # no layout present can match it, nor can it match a kept one
            continue
        key = name_key(candidate.name.text)
        chars = set(key)
        size = (len(key), len(chars))
        # each kept candidate whose key holds a character of this one's, once per such character
        hits = [i for chars_of in against for char in chars for i in chars_of.get(char, ())]
        match = next(
            (
                i
                for i, count in (sorted(Counter(hits).items()) if hits else ())
                if not _below_floor(size, sizes[i], count, kind == kept[i].source_kind)
                and same_indicator(kept[i], candidate)
            ),
            None,
        )
        if match is None:
            if own is not None:
                at = len(kept)
                sizes[at] = size
                for char in chars:
                    own.setdefault(char, []).append(at)
            kept.append(candidate)
        else:
            kept[match] = _absorb(kept[match], candidate)
    return sorted(kept, key=lambda c: c.start)


def _below_floor(a: tuple[int, int], b: tuple[int, int], shared: int, same_kind: bool) -> bool:
    """Whether two name keys — `a`, `b`: each one's length and distinct characters, `shared`: the
    distinct characters they share — are surely not alike enough for `same_indicator`: the upper
    bound of their ratio that `name_similarity` returns below its floor
    (`domain.names._ratio_bound`, the same sum) is below the threshold, and neither key can hold
    the other (all of the shorter key's characters shared). Equal keys
    have a bound of 1 (and share all their characters)."""
    (len_a, set_a), (len_b, set_b) = a, b
    if shared == (set_a if len_a <= len_b else set_b):
        return False  # the shorter key may lie inside the other (`CONTAINED_SIMILARITY`)
    bound = 2.0 * (shared + min(len_a - set_a, len_b - set_b)) / (len_a + len_b)
    return bound < (ALIKE if same_kind else FAIRLY_ALIKE)
