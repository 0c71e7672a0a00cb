"""A remark with a figure inside a table row's actual cell is that cell's, not an indicator.

New text in the shape of a training project's form whose actual cells carry remarks
(`97.5%，较上年提高1.2个百分点`), printed as a Word table saved as text, with spaces, and as pipes.
"""

from __future__ import annotations

import pytest

from pipeline.extract.rules.candidates import Candidate
from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.indicators import find_candidates
from pipeline.extract.rules.inside_cells import without_readings_inside_cells
from pipeline.extract.rules.sections import find_sections
from pipeline.layout import recover_layout
from pipeline.normalize import normalize

HEADER = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")
ROWS = (
    ("产出指标", "质量指标", "培训考核合格率", "≥95%", "97.5%，较上年提高1.2个百分点", "20", "20"),
    ("", "时效指标", "培训按期完成率", "100%", "100%，其中3期延后2周完成", "20", "18"),
    ("满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%", "93%", "10", "10"),
)
RENDERINGS = {
    "tabs": lambda rows: "\n".join("\t".join(r) for r in rows),
    "spaced": lambda rows: "\n".join(" ".join(c for c in r if c) for r in rows),
    "pipes": lambda rows: "\n".join("| " + " | ".join(r) + " |" for r in rows),
}


def _read(text: str) -> list[Candidate]:
    norm = normalize(text).text
    return sorted(find_candidates(norm, find_sections(norm), recover_layout(norm)), key=lambda c: c.start)


@pytest.mark.parametrize("rendering", list(RENDERINGS))
def test_only_the_rows_are_read(rendering: str) -> None:
    text = "基层卫生人员培训项目绩效自评表\n" + RENDERINGS[rendering]((HEADER, *ROWS)) + "\n"
    read = [(c.name.text, c.actual and c.actual.text, c.source_kind) for c in _read(text)]
    assert read == [
        ("培训考核合格率", "97.5%，较上年提高1.2个百分点", "table"),
        ("培训按期完成率", "100%，其中3期延后2周完成", "table"),
        ("参训人员满意度", "93%", "table"),
    ]


def test_a_reading_at_the_rows_own_name_is_left_to_the_merge() -> None:
    row = Candidate(Cell("合格率", 0, 3), target=Cell("≥95%", 3, 7), actual=Cell("97%", 8, 11))
    twice = Candidate(Cell("合格率", 0, 3), target=Cell("≥95%", 3, 7), source_kind="inline")
    outside = Candidate(Cell("覆盖率", 12, 15), actual=Cell("90%", 15, 18), source_kind="prose")
    assert without_readings_inside_cells([row, twice, outside]) == [row, twice, outside]


def test_a_reading_inside_a_value_cell_is_dropped() -> None:
    row = Candidate(Cell("合格率", 0, 3), target=Cell("≥95%", 3, 7), actual=Cell("97%，较上年提高2个", 8, 19))
    remark = Candidate(Cell("较上年提高", 12, 17), actual=Cell("2个", 17, 19), source_kind="inline")
    assert without_readings_inside_cells([row, remark]) == [row]


def test_rows_of_tables_alone_are_handed_back_as_they_are() -> None:
    rows = [
        Candidate(Cell("培训考核合格率", 0, 7), target=Cell("≥95%", 8, 12), actual=Cell("97.5%", 13, 18)),
        Candidate(Cell("参训人员满意度", 20, 27), target=Cell("≥90%", 28, 32)),
    ]
    assert without_readings_inside_cells(rows) is rows
