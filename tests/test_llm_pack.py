"""Packing chunks into requests, splitting big tables by rows, and splitting a packed answer back."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from pipeline.chunk import Chunk, ChunkPart, split_chunks
from pipeline.core.config import Config
from pipeline.core.document import Document
from pipeline.extract.llm_backend import extract_llm_async
from pipeline.extract.llm_pack import (
    TABLE_PIECE_CHARS,
    pack_chunks,
    pack_request,
    split_answer,
    split_big_tables,
)
from pipeline.llm.response import ChunkResponse
from pipeline.llm.types import CallUsage, ChunkOutcome, ChunkRequest
from pipeline.normalize import normalize


def chunk(index: int, text: str, kind: str = "prose", section: str | None = None) -> Chunk:
    start = index * 10_000
    path = (section,) if section else ()
    return Chunk(index, kind, text, path, start, start + len(text), start, start + len(text),  # type: ignore[arg-type]
                 (ChunkPart(0, start, start + len(text)),))  # fmt: skip


def test_small_chunks_share_a_request_until_the_character_limit() -> None:
    chunks = [chunk(0, "甲" * 100), chunk(1, "乙" * 300), chunk(2, "丙" * 500), chunk(3, "丁" * 50)]
    assert [[c.index for c in p] for p in pack_chunks(chunks, 900)] == [[0, 1, 2], [3]]
    assert [[c.index for c in p] for p in pack_chunks(chunks, 0)] == [[0], [1], [2], [3]]


def test_packs_also_stop_at_the_estimated_answer_size() -> None:
    table = chunk(1, "行" * 1450, kind="table")  # ~2,900 answer tokens
    chunks = [chunk(0, "标题" * 10), table, chunk(2, "正文" * 100)]  # +10, +100 tokens
    assert [[c.index for c in p] for p in pack_chunks(chunks, 6000)] == [[0, 1], [2]]


def test_a_pack_is_one_request_with_numbered_chunks() -> None:
    doc = Document(path="r.txt", text="", sha256="0" * 64, format="txt")
    pack = [chunk(0, "标题", section=None), chunk(1, "培训班次≥10个", section="一、概况")]
    request = pack_request(doc, pack)
    assert request.blocks() == [(1, "标题", None), (2, "培训班次≥10个", "一、概况")]
    assert (request.chunk_index, request.start, request.end) == (0, 0, 10_000 + len("培训班次≥10个"))
    assert pack_request(doc, pack[:1]).blocks() == [(1, "标题", None)]


def test_a_packed_answer_goes_back_to_the_chunk_each_item_names() -> None:
    pack = [chunk(0, "报告标题 2023年度"), chunk(1, "培训班次≥10个"), chunk(2, "满意度≥90%")]
    answer = ChunkResponse.model_validate(
        {
            "indicators": [
                {"chunk": 3, "name": "满意度", "quotes": {"name": "满意度"}},
                {"name": "培训班次", "quotes": {"name": "培训班次"}},  # no number: found by its quote
                {"chunk": 9, "name": "无处", "quotes": {}},  # a number out of range, no quote: the first
            ],
            "report": {"chunk": 1, "title": "报告标题", "quotes": {"title": "报告标题"}},
        }
    )
    split = split_answer(pack, answer)
    assert [(c.index, [i.name for i in r.indicators], r.report is not None) for c, r in split] == [
        (0, ["无处"], True),
        (1, ["培训班次"], False),
        (2, ["满意度"], False),
    ]


TABLE_ROWS = "\n".join(f"产出指标\t数量指标\t第{i}项培训班次\t≥{i}个\t{i}个\t5\t5\t无" for i in range(1, 61))
HEADER = "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因"
REPORT = f"一、绩效指标\n{HEADER}\n{TABLE_ROWS}\n"


def test_a_big_table_is_split_by_rows_with_its_header_repeated() -> None:
    norm = normalize(REPORT)
    chunks = split_chunks(norm, 3000)
    [table] = [c for c in chunks if c.kind == "table"]
    assert len(table.text) > TABLE_PIECE_CHARS
    pieces = [c for c in split_big_tables(chunks, norm) if c.kind == "table"]
    assert len(pieces) >= 2 and all(len(p.text) <= TABLE_PIECE_CHARS for p in pieces)
    assert all(p.text.startswith("一级指标\t二级指标\t三级指标") for p in pieces)
    rows = [line for p in pieces for line in p.text.split("\n") if "培训班次" in line]
    assert rows == TABLE_ROWS.split("\n")  # every row once, in order
    assert [c.index for c in split_big_tables(chunks, norm)] == list(range(len(chunks) - 1 + len(pieces)))


@dataclass
class PackSession:
    """Answers every chunk of a request with the indicator names written in it, numbered."""

    seen: list[ChunkRequest] = field(default_factory=list)

    async def run(self, requests: list[ChunkRequest]) -> list[ChunkOutcome]:
        self.seen += requests
        return [self._answer(r) for r in requests]

    def _answer(self, request: ChunkRequest) -> ChunkOutcome:
        items: list[dict[str, Any]] = []
        for number, text, _ in request.blocks():
            names = [line.split("\t")[2] for line in text.split("\n") if "培训班次" in line]
            items += [{"chunk": number, "name": n, "quotes": {"name": n}} for n in names]
        response = ChunkResponse.model_validate({"indicators": items})
        return ChunkOutcome(request, response, CallUsage(requests=1))


def test_the_backend_reads_every_row_of_a_split_table_once() -> None:
    norm = normalize(REPORT)
    doc = Document(path="r.txt", text=REPORT, sha256="0" * 64, format="txt")
    session = PackSession()
    config = Config(backend="llm", llm_model="m", llm_base_url="http://127.0.0.1:9")
    result = asyncio.run(extract_llm_async(doc, norm, config, session))
    names = [i.name for p in result.projects for i in p.indicators]
    assert names == [f"第{i}项培训班次" for i in range(1, 61)]
    assert len(session.seen) >= 2 and result.errors == ()
