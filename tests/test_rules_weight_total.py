"""A header-less form's one bare number per row is its weight when the numbers add up to 合计.

New text in the shape of a page that starts inside a project form (its header cut off): each
row's levels, name, target and 分值, then the form's 合计 row, printed the ways such pages come
(one line as normalised, a row per line with spaces, tabs, pipes).
"""

from __future__ import annotations

import hashlib

import pytest

from pipeline.core.config import Config
from pipeline.core.document import Document
from pipeline.extract.rules.candidates import Candidate
from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.indicators import find_candidates
from pipeline.extract.rules.sections import find_sections
from pipeline.extract.rules.weight_total import NOTE, weights_proved_by_total
from pipeline.layout import recover_layout
from pipeline.normalize import normalize
from pipeline.process import extract_document

ROWS = (
    ("产出指标", "数量指标", "慢病随访人次", "≥1200人次", "20"),
    ("", "", "健康讲座场次", "≥12场", "20"),
    ("", "质量指标", "随访记录规范性", "规范", "25"),
    ("效益指标", "社会效益指标", "签约居民知晓率", "≥85%", "25"),
)
# The standard form's indicators share 90 points: the budget-execution row has the other 10.
NINETY = (
    ("产出指标", "数量指标", "家庭医生签约率", "=100%", "22.5"),
    ("", "", "档案更新次数", "≤10次", "22.5"),
    ("", "时效指标", "资金拨付及时率", "=100%", "22.5"),
    ("效益指标", "经济效益指标", "资金结余率", "≤5%", "22.5"),
)
TOTAL = ("合计", "100")
RENDERINGS = {
    "spaced": lambda rows: "\n".join(" ".join(c for c in r if c) for r in rows),
    "tabs": lambda rows: "\n".join("\t".join(r) for r in rows),
    "pipes": lambda rows: "\n".join("| " + " | ".join(r) + " |" for r in rows),
    "one_line": lambda rows: " ".join(c for r in rows for c in r if c),
}


def _page(rows: tuple[tuple[str, ...], ...], rendering: str) -> str:
    return "项目负责人：李某\n" + RENDERINGS[rendering]((*rows, TOTAL)) + "\n评价结论：完成较好。\n"


def _read(text: str) -> list[Candidate]:
    norm = normalize(text).text
    return sorted(find_candidates(norm, find_sections(norm), recover_layout(norm)), key=lambda c: c.start)


def _weights(text: str) -> list[tuple[str, str | None, str | None, str | None]]:
    """(name, target, weight, actual) of each header-less row, the weight checked against its span."""
    norm = normalize(text).text
    out = []
    for c in _read(text):
        if "header_not_seen" not in c.notes:
            continue
        if c.weight is not None:
            assert norm[c.weight.start : c.weight.end] == c.weight.text
            assert NOTE in c.notes and c.confidence <= 0.5
        out.append((c.name.text, _text(c.target), _text(c.weight), _text(c.actual)))
    return out


def _text(cell: Cell | None) -> str | None:
    return None if cell is None else cell.text


@pytest.mark.parametrize("rendering", ["spaced", "tabs", "pipes"])
def test_a_row_per_line_reads_the_number_as_weight_not_actual(rendering: str) -> None:
    assert _weights(_page(ROWS, rendering)) == [
        ("慢病随访人次", "≥1200人次", "20", None),
        ("健康讲座场次", "≥12场", "20", None),
        ("随访记录规范性", "规范", "25", None),
        ("签约居民知晓率", "≥85%", "25", None),
    ]


@pytest.mark.parametrize("rendering", ["spaced", "tabs", "pipes", "one_line"])
def test_ninety_points_under_a_total_of_100_are_weights(rendering: str) -> None:
    assert _weights(_page(NINETY, rendering)) == [
        ("家庭医生签约率", "=100%", "22.5", None),
        ("档案更新次数", "≤10次", "22.5", None),
        ("资金拨付及时率", "=100%", "22.5", None),
        ("资金结余率", "≤5%", "22.5", None),
    ]


def test_one_line_as_normalised_glues_the_weight_to_the_unit_and_still_reads_it() -> None:
    text = (
        "产出指标数量指标家庭医生签约率=100% 22.5档案更新次数≤10次22.5时效指标资金拨付及时率=100% 22.5"
        "效益指标经济效益指标资金结余率≤5% 22.5合计100评价结论按时、足额拨付。"
    )
    read = [(c.name, c.weight) for c in _read(text)]
    assert read == [
        (Cell("家庭医生签约率", 8, 15), Cell("22.5", 21, 25)),
        (Cell("档案更新次数", 25, 31), Cell("22.5", 35, 39)),
        (Cell("资金拨付及时率", 43, 50), Cell("22.5", 56, 60)),
        (Cell("资金结余率", 70, 75), Cell("22.5", 79, 83)),
    ]


@pytest.mark.parametrize("rendering", ["spaced", "tabs", "pipes"])
def test_numbers_that_do_not_add_up_to_the_total_are_left_as_read(rendering: str) -> None:
    rows = (*ROWS[:3], (*ROWS[3][:4], "15"))  # 20 + 20 + 25 + 15 = 80: neither 100 nor 90
    assert [w for _, _, w, _ in _weights(_page(rows, rendering))] == [None] * 4


def test_without_a_total_row_nothing_is_proved() -> None:
    text = "\n".join(" ".join(c for c in r if c) for r in ROWS) + "\n评价结论：完成较好。\n"
    assert [w for _, _, w, _ in _weights(text)] == [None] * 4


def test_a_row_with_a_weight_already_or_a_lone_row_is_not_changed() -> None:
    text = "甲率≥90% 45 乙率≥80% 45 合计90"
    weighted = Candidate(
        Cell("甲率", 0, 2), target=Cell("≥90%", 2, 6), weight=Cell("45", 7, 9), notes=("header_not_seen",)
    )
    lone = Candidate(Cell("乙率", 10, 12), target=Cell("≥80%", 12, 16), notes=("header_not_seen",))
    assert weights_proved_by_total(text, [weighted, lone]) == [weighted, lone]


def test_the_whole_pipeline_flags_each_weight_read_by_the_total() -> None:
    text = _page(NINETY, "spaced")
    doc = Document("form.txt", hashlib.sha256(text.encode()).hexdigest(), "txt", text)
    result = extract_document(doc, Config())
    indicators = result.projects[0].indicators
    assert [(i.name, i.weight, i.actual.value) for i in indicators] == [
        ("家庭医生签约率", 22.5, None),
        ("档案更新次数", 22.5, None),
        ("资金拨付及时率", 22.5, None),
        ("资金结余率", 22.5, None),
    ]
    flagged = [f.path for f in result.flags if f.kind == NOTE]
    assert flagged == [f"projects[0].indicators[{i}]" for i in range(4)]
    weight_spans = [(e.start, e.end) for i in indicators for e in i.evidence if e.field == "weight"]
    assert [text[s:e] for s, e in weight_spans] == ["22.5"] * 4
