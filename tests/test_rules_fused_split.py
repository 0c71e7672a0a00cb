"""Fused digits split by the weight a table's rows share."""

from __future__ import annotations

from pipeline.extract.rules.fused_split import (
    FusedRow,
    Piece,
    SplitRow,
    actual_weight_score_cut,
    glued_weight,
    numeric_columns,
    shared_weight,
    split_row,
    unglue,
    weight_score_cut,
    weights_with_scores,
)

COLUMNS = ("target", "weight", "actual", "score")


def _texts(split: SplitRow | None) -> tuple[str, ...] | None:
    return None if split is None else tuple(split.cells[c].text for c in COLUMNS)


def test_numeric_columns_are_the_four_in_header_order_or_none() -> None:
    assert numeric_columns(("unit", "op", "target", "weight", "actual", "score")) == COLUMNS
    assert numeric_columns(("weight", "target", "actual", "score", "deviation")) == (
        "weight",
        "target",
        "actual",
        "score",
    )
    assert numeric_columns(("target", "actual", "deviation")) == ()


def test_the_weight_two_rows_hold_in_full_marks_is_the_tables() -> None:
    rows = [FusedRow("951510015", True), FusedRow("3001530015", False)]
    assert shared_weight(rows, COLUMNS) == "15"


def test_one_row_proves_no_weight() -> None:
    assert shared_weight([FusedRow("951510015", True)], COLUMNS) is None


def test_a_weight_some_row_cannot_be_cut_with_is_not_the_tables() -> None:
    rows = [FusedRow("951510015", True), FusedRow("3001530015", False), FusedRow("8820", True)]
    assert shared_weight(rows, COLUMNS) is None


def test_a_row_with_no_cut_at_all_does_not_veto_the_weight() -> None:
    rows = [FusedRow("951510015", True), FusedRow("3001530015", False), FusedRow("0.5150.4.15", True)]
    assert shared_weight(rows, COLUMNS) == "15"


def test_a_row_takes_its_full_marks_cut_with_the_weight() -> None:
    split = split_row(FusedRow("951510015", True), COLUMNS, "15")
    assert _texts(split) == ("95", "15", "100", "15")
    assert split is not None and split.cells["actual"] == Piece("100", 4) and not split.target_ge


def test_a_row_short_of_full_marks_takes_its_one_cut() -> None:
    assert _texts(split_row(FusedRow("95159012", True), COLUMNS, "15")) == ("95", "15", "90", "12")


def test_a_row_with_two_readings_stays_unsplit() -> None:
    assert split_row(FusedRow("99.51598.512", True), COLUMNS, "15") is None  # 98.5 | 12 or 98.51 | 2


def test_a_leading_2_that_full_marks_contradict_is_the_ocr_of_ge() -> None:
    split = split_row(FusedRow("260156015", False), COLUMNS, "15")
    assert _texts(split) == ("60", "15", "60", "15")
    assert split is not None and split.target_ge and split.cells["target"] == Piece("60", 1)


def test_a_leading_2_the_actual_meets_as_written_stays() -> None:
    split = split_row(FusedRow("251530015", False), COLUMNS, "15")
    assert _texts(split) == ("25", "15", "300", "15")
    assert split is not None and not split.target_ge


def test_a_percent_row_never_reads_a_rate_above_100() -> None:
    assert split_row(FusedRow("1201512015", True), COLUMNS, "15") is None
    assert _texts(split_row(FusedRow("1201512015", False), COLUMNS, "15")) == ("120", "15", "120", "15")


def test_a_weight_glued_to_every_target_is_proved_by_two_rows_met_in_full_marks() -> None:
    rows = [("6120台", "120台", "6"), ("698%", "98%", "6"), ("6100%", "95%", "5")]
    assert glued_weight(rows) == "6"
    assert glued_weight(rows[:1]) is None  # one row is no recurrence
    assert glued_weight([*rows, ("5300人", "300人", "5"), ("590%", "90%", "5")]) is None  # two weights
    assert (
        glued_weight([("60%", "60%"), ("6120台", "120台", "6")]) is None
    )  # rows of other shapes prove nothing


def test_unglue_cuts_the_weight_off_a_target_only_where_a_value_is_left() -> None:
    assert unglue("6120台", "6") == "120台"
    assert unglue("60.5万元", "6") == "0.5万元"
    assert unglue("605%", "6") is None  # 05% is no value
    assert unglue("6", "6") is None
    assert unglue("5120台", "6") is None


def test_a_weight_and_score_run_together_have_one_cut_that_fits_the_scale() -> None:
    cuts = {
        d: weight_score_cut(d) for d in ("1010", "108", "2018", "109.5", "100100", "1000", "9", "510", "1")
    }
    assert {d: c and (c[0], c[1]) for d, c in cuts.items()} == {
        "1010": (Piece("10", 0), Piece("10", 2)),
        "108": (Piece("10", 0), Piece("8", 2)),
        "2018": (Piece("20", 0), Piece("18", 2)),
        "109.5": (Piece("10", 0), Piece("9.5", 2)),
        "100100": (Piece("100", 0), Piece("100", 3)),
        "1000": None,  # 100 | 0: a zero score is never read into fused digits
        "9": None,
        "510": None,  # 5 | 10 scores above its weight, 51 | 0 is zero
        "1": None,
    }


def test_every_row_must_end_in_a_weight_and_score_and_two_rows_at_least() -> None:
    assert weights_with_scores(["1010", "2018"]) is True
    assert weights_with_scores(["1010"]) is False
    assert weights_with_scores(["1010", "1000"]) is False


def test_the_actual_weight_and_score_after_a_whole_target() -> None:
    def cut(digits: str, target: str) -> list[tuple[str, int]]:
        return [(p.text, p.offset) for p in actual_weight_score_cut(digits, target) or ()]

    assert cut("8561515", "≥800人次") == [("856", 0), ("15", 3), ("15", 5)]  # not 8561 | 51 | 5
    assert cut("85108", "≥90%") == [("85", 0), ("10", 2), ("8", 4)]  # short of the target, points lost
    assert cut("0100", "=3个") == [("0", 0), ("10", 1), ("0", 3)]
    assert cut("96.21515", "≥95%") == [("96.2", 0), ("15", 4), ("15", 6)]
    assert cut("3101010", "≥24个") == []  # 310 is more than ten times the target
    assert cut("9088", "≥90%") == [("90", 0), ("8", 2), ("8", 3)]
    assert (
        cut("2455", "≥20人") == []
    )  # 24 | 5 | 5 met in full, 2 | 45 | 5 short and scored down: two readings
    assert cut("8561515", "全覆盖") == []  # a word target judges no digits
