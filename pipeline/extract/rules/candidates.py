"""What a rules unit finds before it becomes an `Indicator`: cells of the normalised text.

Each unit (table, numbered list, inline list, scored items, prose) returns `Candidate`s whose
fields are `Cell`s (text + span in the normalised text) so that the extractor can parse values
and map every span back to `Document.text` in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.extract.rules.cells import Cell

# Why a candidate's cells are less certain than their layout usually makes them; each note
# becomes a flag of that kind on the indicator, and caps its confidence (`NOTE_CONFIDENCE`).
NOTE_MESSAGES: dict[str, str] = {
    "cells_split_by_pattern": "the row's cells ran together and were split by value patterns",
    "digits_of_several_cells_fused": "digits of several cells ran together; those values were left empty",
    "digits_split_by_shared_weight": (
        "digits of several cells ran together and were split by the weight the table's rows share"
    ),
    "weight_and_score_split": (
        "the weight and the score ran together and were cut where only one reading fits "
        "(score ≤ weight ≤ 100)"
    ),
    "weight_cut_off_rate_target": (
        "the weight ran into the row's rate target (above 100 %, impossible) and was cut off"
    ),
    "ocr_repaired": "a value was repaired from OCR (≥ read as 2, O read for 0)",
    "row_wrapped_onto_lines": "the row's values were on the lines after its name and were joined on",
    "header_not_seen": "the table's header is not in the text; columns were read by their content",
    "actual_with_words_joined": (
        "an actual written with words was split off as a row of its own; it was joined back, the "
        "two numbers after it read as the weight and the score"
    ),
    "points_split_by_header_order": (
        "the weight and the score ran together into one figure above 100; they were cut in the "
        "order the header prints them, where only one cut fits (score ≤ weight ≤ 100)"
    ),
    "points_over_100_dropped": (
        "the weight and the score ran together into one figure above 100 that cuts no single way; "
        "both were left empty"
    ),
    "zero_cell_split": "a run `0N` was read as two cells, 0 and N: no figure is written with a leading zero",
    "weights_proved_by_total": (
        "the table's header is not in the text; each row's one bare number was read as its weight "
        "because the numbers add up to the form's 合计 row"
    ),
    "page_marker_in_name": "a page footer (第2页, - 2 -) ran into the name and was cut out of it",
    "outline_of_flattened_text": (
        "the page had lost its line breaks; its headings, and so the levels, were found where they "
        "run into the text"
    ),
}
NOTE_CONFIDENCE = 0.5


@dataclass(frozen=True, slots=True)
class Candidate:
    name: Cell
    level1: Cell | None = None
    level2: Cell | None = None
    target: Cell | None = None
    actual: Cell | None = None
    weight: Cell | None = None
    score: Cell | None = None
    deviation: Cell | None = None
    source_kind: str = "table"
    confidence: float = 0.5
    table_start: int | None = None  # where the table (or list) it came from starts
    notes: tuple[str, ...] = ()  # why a reviewer should look: cells_split_by_pattern, ocr_repaired …
    unit: str | None = None  # the row's unit from a 度量单位 column, for an actual written bare (`856`)
    # the unit of a 计量单位 column printed before the 指标值 (`万平方米 | ≥86`), for a target that
    # writes no unit of its own: the target's text cannot join a cell that precedes it
    target_unit: str | None = None

    @property
    def start(self) -> int:
        return self.name.start


def noted(candidate: Candidate, note: str, **cells: Cell | None) -> Candidate:
    """`candidate` with `cells` replaced (`weight=…`), `note` added and its confidence capped at
    `NOTE_CONFIDENCE`: a repair of how a row was read, for a reviewer to confirm."""
    return replace(
        candidate,
        **cells,  # type: ignore[arg-type]
        notes=(*candidate.notes, note),
        confidence=min(candidate.confidence, NOTE_CONFIDENCE),
    )


_MARKUP = re.compile(r"[<>]")  # HTML a converter left in the text (</td><td>)
_CLOSING = "”’」』)）】》、，,。；;：:"
_QUOTES = (("“", "”"), ("「", "」"), ("《", "》"))


def plausible_name(name: str) -> bool:
    """Whether a name can name an indicator, whatever layout it was read from: no markup, not
    the tail of a phrase cut at a quote (`优”的项目`) or before its noun (`扣除评价要点②的`)."""
    text = name.strip()
    if not text or _MARKUP.search(text) or text[0] in _CLOSING or text.endswith("的"):
        return False
    return all(text.count(left) == text.count(right) for left, right in _QUOTES)
