"""Chunking (sections, tables split between rows with headers repeated, size limit) and routing.

Chunking only reads `NormalizedText.text` and calls `to_source(start, end)`; `ShiftedText` stands
in for it with a source that is the normalised text behind a fixed prefix, so that source offsets
are provably mapped, not copied.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from pipeline.chunk import (
    Chunk,
    ChunkPart,
    RouteSummary,
    heading_level,
    route,
    split_chunks,
    summarize_route,
)
from pipeline.normalize import normalize


@dataclass(frozen=True)
class ShiftedText:
    text: str
    shift: int = 0

    @property
    def source(self) -> str:
        return "#" * self.shift + self.text

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        return start + self.shift, end + self.shift


def chunks_of(text: str, max_chars: int = 3000, shift: int = 0) -> list[Chunk]:
    return split_chunks(ShiftedText(text, shift), max_chars)  # type: ignore[arg-type]


SECTIONS = (
    "一、项目概况\n（一）基本情况\n项目资金19600元。\n"
    "二、打击欺诈经费\n（一）基本情况\n1. 数量指标：培训班次≥10个。"
)


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("一、项目概况", 1),
        ("  **十二、其他**", 1),
        ("（一）基本情况", 2),
        ("(一) 基本情况", 2),
        ("1.年度总体绩效目标：", 3),
        (" 7、 预算信息", 3),
        ("（12）线路租用成本≤600万元", 4),
        ("(1) 资金支出情况。", 4),
        ("2021. 4. 15", None),
        ("1.5万元", None),
        ("项目概况", None),
    ],
)
def test_heading_levels(line: str, level: int | None) -> None:
    assert heading_level(line) == level


def test_a_level_one_heading_starts_a_chunk_and_paths_follow_the_headings() -> None:
    chunks = chunks_of(SECTIONS, shift=5)
    assert chunks == [
        Chunk(
            index=0,
            kind="prose",
            text="一、项目概况\n（一）基本情况\n项目资金19600元。",
            section_path=("一、项目概况",),
            norm_start=0,
            norm_end=26,
            start=5,
            end=31,
            parts=(ChunkPart(0, 0, 26),),
        ),
        Chunk(
            index=1,
            kind="prose",
            text="二、打击欺诈经费\n（一）基本情况\n1. 数量指标：培训班次≥10个。",
            section_path=("二、打击欺诈经费",),
            norm_start=27,
            norm_end=61,
            start=32,
            end=66,
            parts=(ChunkPart(0, 27, 61),),
        ),
    ]
    assert chunks[1].section == "二、打击欺诈经费"
    assert chunks[1].top_section == "二、打击欺诈经费"


def test_a_chunk_inside_one_subsection_carries_the_full_path() -> None:
    text = "一、项目概况\n（一）基本情况\n" + "资金到位。" * 20 + "\n（二）绩效目标\n培训班次≥10个。"
    chunks = chunks_of(text, max_chars=120)
    assert [(c.section, c.norm_start, c.norm_end) for c in chunks] == [
        ("一、项目概况", 0, 115),
        ("一、项目概况 > （二）绩效目标", 116, 133),
    ]


SCORED = (
    "一、概况\n1.项目决策（分值18分）\n（1）决策依据（满分6分，实得6分）\n"
    + "决策符合要求。" * 4
    + "\n2.过程管理（分值22分）\n（1）资金管理（分值17分，实得17分）\n资金使用合规。"
)


def test_heading_lines_move_to_the_chunk_of_the_section_they_open() -> None:
    chunks = chunks_of(SCORED, max_chars=60)
    assert [(c.text, c.section, c.norm_start, c.norm_end) for c in chunks] == [
        (
            "一、概况\n1.项目决策（分值18分）\n（1）决策依据（满分6分，实得6分）\n" + "决策符合要求。" * 3,
            "一、概况",
            0,
            59,
        ),
        ("决策符合要求。", "一、概况 > 1.项目决策（分值18分） > （1）决策依据（满分6分，实得6分）", 59, 66),
        (
            "2.过程管理（分值22分）\n（1）资金管理（分值17分，实得17分）\n资金使用合规。",
            "一、概况 > 2.过程管理（分值22分）",
            67,
            109,
        ),
    ]


def test_a_run_of_same_level_items_is_not_carried() -> None:
    text = "一、目标\n（1）培训班次≥10个\n（2）宣传次数≥5次\n（3）合格率≥90%\n（4）验收率=100%"
    chunks = chunks_of(text, max_chars=40)
    assert [(c.text, c.section) for c in chunks] == [
        ("一、目标\n（1）培训班次≥10个\n（2）宣传次数≥5次\n（3）合格率≥90%", "一、目标"),
        ("（4）验收率=100%", "一、目标 > （4）验收率=100%"),
    ]


def test_a_chunk_running_into_the_next_subsection_keeps_the_path_where_it_starts() -> None:
    text = "一、绩效\n（一）产出\n培训班次达到十二期。\n\n宣传次数达到六次。\n（二）效益\n知晓率92%。"
    chunks = chunks_of(text, max_chars=30)
    assert [(c.text, c.section) for c in chunks] == [
        ("一、绩效\n（一）产出\n培训班次达到十二期。", "一、绩效"),
        ("宣传次数达到六次。\n（二）效益\n知晓率92%。", "一、绩效 > （一）产出"),
    ]


HEADER = "一级指标\t二级指标\t三级指标\t指标值\t实际完成值"
ROWS = [
    "产出指标\t数量指标\t培训班次\t≥10个\t12期",
    "产出指标\t质量指标\t合格率\t≥90%\t95%",
    "效益指标\t社会效益指标\t知晓率\t≥90%\t92%",
    "满意度指标\t服务对象满意度指标\t满意度\t≥90%\t98%",
]
TABLE_TEXT = "表1 绩效指标\n\n" + "\n".join([HEADER, *ROWS]) + "\n\n以上指标全部完成。"


def _span(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def test_a_long_table_is_split_between_rows_with_the_header_repeated() -> None:
    chunks = chunks_of(TABLE_TEXT, max_chars=60)
    header = _span(TABLE_TEXT, HEADER)
    rows = [_span(TABLE_TEXT, row) for row in ROWS]
    assert [(c.kind, c.text) for c in chunks] == [
        ("prose", "表1 绩效指标"),
        ("table", HEADER + "\n" + ROWS[0]),
        ("table", HEADER + "\n" + ROWS[1]),
        ("table", HEADER + "\n" + ROWS[2]),
        ("table", HEADER + "\n" + ROWS[3]),
        ("prose", "以上指标全部完成。"),
    ]
    assert chunks[1].parts == (ChunkPart(0, header[0], rows[0][1]),)
    assert chunks[2].parts == (ChunkPart(0, *header), ChunkPart(len(HEADER) + 1, *rows[1]))
    assert (chunks[2].norm_start, chunks[2].norm_end) == rows[1]
    assert (chunks[2].start, chunks[2].end) == rows[1]


MERGED_ROWS = [
    "产出指标\t数量指标\t培训班次\t≥10个\t12期",
    "\t\t宣传次数\t≥5次\t6次",
    "\t质量指标\t合格率\t≥90%\t95%",
    "\t\t验收率\t=100%\t100%",
]


def test_a_split_table_repeats_the_merged_cells_a_piece_starts_under() -> None:
    text = "\n".join([HEADER, *MERGED_ROWS])
    chunks = chunks_of(text, max_chars=60)
    assert [c.text for c in chunks] == [
        HEADER + "\n" + MERGED_ROWS[0],
        HEADER + "\n产出指标\t数量指标\n" + MERGED_ROWS[1],
        HEADER + "\n产出指标\n" + MERGED_ROWS[2],
        HEADER + "\n产出指标\n\t质量指标\n" + MERGED_ROWS[3],
    ]
    last = _span(text, MERGED_ROWS[3])
    assert chunks[3].parts == (
        ChunkPart(0, *_span(text, HEADER)),
        ChunkPart(25, 25, 29),  # 产出指标, from the first row
        ChunkPart(30, 63, 68),  # \t质量指标, from the third row
        ChunkPart(36, *last),
    )
    assert (chunks[3].norm_start, chunks[3].norm_end) == last
    at = chunks[3].text.index("质量指标")
    assert chunks[3].norm_span(at, at + 4) == _span(text, "质量指标")


def test_a_cell_per_line_table_repeats_merged_cells_as_rows_of_their_own() -> None:
    table = (
        "\t类别\n\t指标名称\n\t目标值\n\n\t决策\n\t规划健全性\n\t健全\n\n\t\n\t计划健全性\n\t健全\n\n"
        "\t过程\n\t预算完成率\n\t≥100"
    )
    chunks = chunks_of(table, max_chars=40)
    assert [c.text for c in chunks] == [
        "\t类别\n\t指标名称\n\t目标值\n\n\t决策\n\t规划健全性\n\t健全",
        "\t类别\n\t指标名称\n\t目标值\n\n\t决策\n\n\t\n\t计划健全性\n\t健全",
        "\t类别\n\t指标名称\n\t目标值\n\n\t过程\n\t预算完成率\n\t≥100",
    ]
    assert chunks[1].parts == (ChunkPart(0, 0, 14), ChunkPart(16, 16, 19), ChunkPart(21, 32, 44))


def test_norm_span_maps_chunk_offsets_back_through_the_parts() -> None:
    chunk = chunks_of(TABLE_TEXT, max_chars=60)[3]
    at = chunk.text.index("知晓率")
    assert chunk.norm_span(at, at + 3) == _span(TABLE_TEXT, "知晓率")
    assert chunk.norm_span(0, 4) == _span(TABLE_TEXT, "一级指标")
    assert chunk.norm_span(len(HEADER) - 2, len(HEADER) + 3) is None  # crosses header and row


def test_a_table_that_fits_is_one_chunk() -> None:
    chunks = chunks_of(TABLE_TEXT)
    assert [c.kind for c in chunks] == ["prose", "table", "prose"]
    assert chunks[1].text == "\n".join([HEADER, *ROWS])


CELL_TABLE = (
    "\t项目\n\t年初预算数\n\t执行率\n\n\t基本支出\n\t1470.68\n\t96.91%\n\n\t项目支出\n\t1253.31\n\t100.00%"
)


def test_a_cell_per_line_table_keeps_rows_whole_and_repeats_a_multiline_header() -> None:
    chunks = chunks_of(CELL_TABLE, max_chars=40)
    assert [c.text for c in chunks] == [
        "\t项目\n\t年初预算数\n\t执行率\n\n\t基本支出\n\t1470.68\n\t96.91%",
        "\t项目\n\t年初预算数\n\t执行率\n\n\t项目支出\n\t1253.31\n\t100.00%",
    ]
    assert chunks[1].parts == (ChunkPart(0, 0, 15), ChunkPart(17, 41, 64))


def test_a_row_longer_than_the_limit_stays_whole() -> None:
    long_row = "产出指标\t数量指标\t" + "很长的指标名称" * 10 + "\t≥1个\t1个"
    chunks = chunks_of(HEADER + "\n" + long_row, max_chars=50)
    assert [c.text for c in chunks] == [HEADER, HEADER + "\n" + long_row]


def test_a_long_paragraph_is_cut_at_sentence_ends() -> None:
    text = "一、概况\n" + "资金已全部到位。" * 6 + "培训班次达到十二期"
    chunks = chunks_of(text, max_chars=30)
    assert [c.text for c in chunks] == [
        "一、概况\n资金已全部到位。资金已全部到位。资金已全部到位。",
        "资金已全部到位。资金已全部到位。资金已全部到位。",
        "培训班次达到十二期",
    ]
    assert all(c.section == "一、概况" for c in chunks)
    assert [c.norm_start for c in chunks] == [0, 29, 53]


ROUTED = (
    "某某县医疗保障局2024年度绩效自评报告\n"
    "一、存在的问题\n制度建设有待加强。\n"
    "二、绩效情况\n满意度达98%。\n"
    "三、工作进度\n2024年12月31日前完成。\n"
    "四、预算执行\n全年预算数 271.81\n"
    "五、指标表\n" + "\n".join([HEADER, "满意度指标\t服务对象满意度指标\t群众满意度\t高\t较高"])
)


def test_routing_keeps_chunks_with_indicator_or_budget_signals() -> None:
    chunks = chunks_of(ROUTED)
    assert [c.text.splitlines()[0] for c in chunks] == [
        "某某县医疗保障局2024年度绩效自评报告",
        "一、存在的问题",
        "二、绩效情况",
        "三、工作进度",
        "四、预算执行",
        "五、指标表",
        HEADER,
    ]
    sent = route(chunks)
    assert [c.index for c in sent] == [0, 2, 4, 6]
    assert route(chunks, send_all=True) == chunks
    summary = summarize_route(chunks, sent, ShiftedText(ROUTED))  # type: ignore[arg-type]
    assert summary == RouteSummary(4, 7, sum(len(chunks[i].text) for i in (0, 2, 4, 6)), len(ROUTED))
    assert summary.chars_sent < summary.chars_total


def test_a_title_only_chunk_after_the_first_is_not_sent() -> None:
    chunks = chunks_of("一、概况\n满意度98%。\n二、附件：自评报告")
    assert [c.index for c in route(chunks)] == [0]


def test_chunks_that_name_the_unit_and_a_first_chunk_with_a_year_are_sent() -> None:
    chunks = chunks_of(
        "2023年度医疗服务与保障能力提升补助资金\n一、预算部门名称：苏州市医疗保障局\n二、概况\n工作有序推进。"
    )
    assert [c.section for c in route(chunks)] == [None, "一、预算部门名称"]


def test_chunk_spans_in_the_text_as_read_come_from_the_normalised_map() -> None:
    source = "  一、项目概况\n  **数量指标：**人数 \\geq 8 人\n二、其他\n无"
    chunks = split_chunks(normalize(source))
    assert [(c.text, c.section) for c in chunks] == [
        ("一、项目概况\n数量指标：人数≥8人", "一、项目概况"),
        ("二、其他\n无", "二、其他"),
    ]
    assert [source[c.start : c.end] for c in chunks] == [
        "一、项目概况\n  **数量指标：**人数 \\geq 8 人",
        "二、其他\n无",
    ]


def test_crlf_blank_lines_separate_paragraphs_and_rows() -> None:
    chunks = chunks_of("\t项目\r\n\t执行率\r\n\r\n\t基本支出\r\n\t96.91%\r\n\r\n说明。", max_chars=25)
    assert [(c.kind, c.text) for c in chunks] == [
        ("table", "\t项目\r\n\t执行率\r"),
        ("table", "\t项目\r\n\t执行率\r\n\n\t基本支出\r\n\t96.91%\r"),
        ("prose", "说明。"),
    ]
