"""The LLM backend with a scripted client: grounding, failures, routing, merging, projects.

`ScriptedClient` answers a chunk by the first script key found in the chunk text (a response, or
an error string for a chunk that failed after retries) and records every request it saw.
`ShiftedText` stands in for NormalizedText: Document.text is the normalised text behind a
3-character prefix, so every evidence offset is provably mapped through `to_source`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import pipeline
from pipeline.core.config import Config
from pipeline.core.document import Document
from pipeline.core.models import Evidence, Flag, ReportExtraction
from pipeline.core.schema import schema_hash, validate_report
from pipeline.extract.llm_assemble import indicator_confidence, indicator_key
from pipeline.extract.llm_backend import extract_llm, extract_llm_async
from pipeline.llm.prompt import PROMPT_VERSION
from pipeline.llm.response import ChunkResponse
from pipeline.llm.types import CallUsage, ChunkOutcome, ChunkRequest
from pipeline.normalize import normalize

PREFIX = "\ufeff\r\n"  # what normalisation drops: a BOM and a CR
# One chunk per request (no packing): each scripted answer belongs to one chunk. Packing: test_llm_pack.py.
CONFIG = Config(backend="llm", llm_model="fake-model", llm_base_url="http://127.0.0.1:9", llm_pack_chars=0)


@dataclass(frozen=True)
class ShiftedText:
    text: str

    @property
    def source(self) -> str:
        return PREFIX + self.text

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        return start + len(PREFIX), end + len(PREFIX)


@dataclass
class ScriptedClient:
    script: dict[str, dict[str, Any] | str]
    seen: list[ChunkRequest] = field(default_factory=list)

    async def complete(self, request: ChunkRequest) -> ChunkOutcome:
        self.seen.append(request)
        usage = CallUsage(prompt_tokens=100, completion_tokens=20, requests=1)
        for key, answer in self.script.items():
            if key in request.text:
                if isinstance(answer, str):
                    return ChunkOutcome(request, None, CallUsage(requests=3), error=answer, retries=2)
                return ChunkOutcome(request, ChunkResponse.model_validate(answer), usage)
        return ChunkOutcome(request, ChunkResponse(indicators=()), CallUsage(), cached=True)


@dataclass
class FakeSession:
    client: ScriptedClient

    async def run(self, requests: list[ChunkRequest]) -> list[ChunkOutcome]:
        return list(await asyncio.gather(*(self.client.complete(r) for r in requests)))


def indicator(name: str, **values: Any) -> dict[str, Any]:
    """An indicator answer; `quotes` defaults to the raw texts (what an honest model returns)."""
    item: dict[str, Any] = {"name": name, **values}
    item.setdefault(
        "quotes",
        {"name": name, "target": values.get("target_raw"), "actual": values.get("actual_raw")},
    )
    return item


def run(
    text: str, script: dict[str, dict[str, Any] | str]
) -> tuple[ReportExtraction, ScriptedClient, Document]:
    norm = ShiftedText(text)
    doc = Document(path="reports/x.txt", sha256="ab" * 32, format="txt", text=norm.source)
    client = ScriptedClient(script)
    result = extract_llm(doc, norm, CONFIG, FakeSession(client))  # type: ignore[arg-type]
    validate_report(result.to_json_dict())
    return result, client, doc


def quoted(doc: Document, evidence: tuple[Evidence, ...]) -> dict[str, str]:
    return {e.field: doc.text[e.start : e.end] for e in evidence}


REPORT = (
    "某县医疗保障局2020年度项目支出绩效自评报告\n"
    "一、项目概况\n"
    "本项目用于系统维护，保障系统正常运行。\n"
    "二、绩效指标\n"
    "（1）培训班次≥10个。已开展培训12期，因疫情推迟一期。\n"
    "（2）资金使用：年初预算19600元，自评得分91分。"
)
TITLE = "某县医疗保障局2020年度项目支出绩效自评报告"
TRAINING = {
    "level2": "数量指标",
    "target_raw": "≥10个",
    "op": ">=",
    "target_value": 10,
    "target_unit": "个",
    "actual_raw": "12期",
    "actual_value": 12,
    "actual_unit": "期",
}
PROSE_ANSWER: dict[str, Any] = {
    "indicators": [indicator("培训班次", **TRAINING)],
    "budgets": [
        {
            "initial": 1.96,
            "self_score": 91,
            "quotes": {"initial": "年初预算19600元", "self_score": "自评得分91分"},
        }
    ],
}
TITLE_ANSWER: dict[str, Any] = {
    "indicators": [],
    "report": {
        "title": TITLE,
        "report_kind": "project",
        "fiscal_year": 2020,
        "agency": "某县医疗保障局",
        "quotes": {"title": TITLE, "fiscal_year": "2020年度", "agency": "某县医疗保障局"},
    },
}


def test_a_small_report_is_grounded_at_exact_offsets() -> None:
    result, client, doc = run(REPORT, {"绩效自评报告": TITLE_ANSWER, "培训班次": PROSE_ANSWER})
    assert [r.chunk_index for r in client.seen] == [0, 2]  # 一、项目概况 is narrative: not sent
    project = result.projects[0]
    training = project.indicators[0]
    base = len(PREFIX) + REPORT.index("（1）")
    assert training.evidence == (
        Evidence(field="name", start=base + 3, end=base + 7),
        Evidence(field="target", start=base + 7, end=base + 11),
        Evidence(field="actual", start=base + 17, end=base + 20),
    )
    assert quoted(doc, training.evidence) == {"name": "培训班次", "target": "≥10个", "actual": "12期"}
    assert (training.target.op, training.target.value, training.actual.value) == (">=", 10, 12)
    assert (training.confidence, training.source_kind, training.level2) == (0.8, "prose", "数量指标")
    assert project.name == TITLE
    assert (project.budget.initial, project.self_score) == (1.96, 91)
    assert quoted(doc, project.evidence) == {
        "budget.initial": "年初预算19600元",
        "self_score": "自评得分91分",
    }
    assert result.report.fiscal_year == 2020
    assert quoted(doc, result.report.evidence) == {
        "title": TITLE,
        "fiscal_year": "2020年度",
        "agency": "某县医疗保障局",
    }
    assert result.flags == () and result.errors == ()


def test_extractor_and_usage_are_recorded() -> None:
    result, _, _ = run(REPORT, {"绩效自评报告": TITLE_ANSWER, "培训班次": PROSE_ANSWER})
    assert result.extractor.model_dump() == {
        "backend": "llm",
        "version": pipeline.__version__,
        "prompt_version": PROMPT_VERSION,
        "model": "fake-model",
        "schema_hash": schema_hash("chunk_response.schema.json"),
    }
    sent = len(TITLE) + len(REPORT.split("\n", 3)[3])
    assert result.usage.model_dump() == {
        "requests": 2,
        "cache_hits": 0,
        "prompt_tokens": 200,
        "completion_tokens": 40,
        "chars_sent": sent,
        "chars_total": len(REPORT),
        "cached_tokens": 0,
        "reasoning_tokens": 0,
        "batch_requests": 0,
        "batch_prompt_tokens": 0,
        "batch_completion_tokens": 0,
    }
    assert result.usage.chars_sent < result.usage.chars_total


def test_a_failed_chunk_is_a_flag_and_an_error_and_the_rest_is_kept() -> None:
    text = "一、项目甲经费\n满意度≥90%，实际95%。\n二、项目乙经费\n培训班次≥10个，实际12个。"
    satisfaction = indicator("满意度", target_raw="≥90%", op=">=", target_value=90, target_unit="%")
    result, _, doc = run(
        text, {"满意度": {"indicators": [satisfaction]}, "培训班次": "timed out after 5 retries"}
    )
    failed = text.index("二、")
    assert [i.name for p in result.projects for i in p.indicators] == ["满意度"]
    assert [e.model_dump() for e in result.errors] == [
        {
            "stage": "llm",
            "message": "chunk 1 (二、项目乙经费): timed out after 5 retries",
            "start": failed + len(PREFIX),
            "end": len(doc.text),
        }
    ]
    assert result.flags == (
        Flag(
            kind="llm_chunk_failed",
            message=f"chunk 1 (Document.text [{failed + len(PREFIX)}, {len(doc.text)})) was not extracted: "
            "timed out after 5 retries",
            path="errors[0]",
        ),
    )
    assert result.usage.requests == 4


def test_an_invented_quote_is_flagged_and_gets_no_evidence() -> None:
    invented = indicator(
        "培训班次",
        **TRAINING,
        quotes={"name": "培训班次", "target": "≥20个", "actual": "12期"},
    )
    result, _, doc = run(REPORT, {"培训班次": {"indicators": [invented]}})
    training = result.projects[0].indicators[0]
    assert quoted(doc, training.evidence) == {"name": "培训班次", "actual": "12期"}
    assert training.confidence == 0.4
    assert result.flags == (
        Flag(
            kind="ungrounded",
            message="target: quote '≥20个' not found in the chunk; no evidence recorded",
            path="projects[0].indicators[0].target",
        ),
    )


def test_a_quote_that_does_not_state_the_value_or_a_missing_quote_is_flagged() -> None:
    wrong = indicator("培训班次", **{**TRAINING, "actual_value": 13})
    wrong["quotes"]["weight"] = None
    wrong["weight"] = 5
    result, _, _ = run(REPORT, {"培训班次": {"indicators": [wrong]}})
    assert [(f.path, f.message) for f in result.flags] == [
        ("projects[0].indicators[0].actual", "actual: quote '12期' does not state 13; no evidence recorded"),
        ("projects[0].indicators[0].weight", "weight: no quote given; no evidence recorded"),
    ]


TABLE_AND_PROSE = (
    "一、绩效目标完成情况\n（1）培训班次≥10个。已开展培训11期，因疫情推迟一期。\n"
    "二、绩效自评表\n"
    "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\n"
    "产出指标\t数量指标\t培训班次\t≥10个\t12期"
)


def test_the_same_indicator_from_table_and_prose_is_merged_and_the_table_wins() -> None:
    prose = indicator(
        "（1）培训班次",
        **{**TRAINING, "actual_raw": "11期", "actual_value": 11, "deviation_reason": "因疫情推迟一期"},
    )
    prose["quotes"] |= {"name": "培训班次", "deviation_reason": "因疫情推迟一期"}
    table = indicator("培训班次", level1="产出指标", **TRAINING)
    result, _, doc = run(
        TABLE_AND_PROSE, {"已开展培训": {"indicators": [prose]}, "实际完成值": {"indicators": [table]}}
    )
    [merged] = result.projects[0].indicators
    assert (merged.name, merged.level1, merged.actual.raw, merged.actual.value) == (
        "培训班次",
        "产出指标",
        "12期",
        12,
    )
    assert merged.deviation_reason == "因疫情推迟一期"  # only the prose has it
    assert merged.source_kind == "table"
    table_row = len(PREFIX) + TABLE_AND_PROSE.index("产出指标\t数量指标")
    assert [(e.field, e.start - table_row) for e in merged.evidence[:3]] == [
        ("name", 10),
        ("target", 15),
        ("actual", 20),
    ]
    assert quoted(doc, merged.evidence)["deviation_reason"] == "因疫情推迟一期"


MULTI = (
    "财政支出项目绩效自评报告\n"
    "一、城乡医疗救助“一站式”结算服务管理系统维护费\n系统正常运行率100%。\n"
    "二、打击欺诈骗取医疗保障基金专项行动经费\n检查定点机构18家，追回资金30万元。\n"
    "三、城乡医疗救助\n全年预算1080.84万元。"
)


def test_a_multi_project_report_assigns_items_by_section_or_named_project() -> None:
    uptime = indicator("系统正常运行率", actual_raw="100%", actual_value=100, actual_unit="%")
    checks = indicator("检查定点机构", actual_raw="18家", actual_value=18, actual_unit="家")
    recovered = indicator(
        "追回资金",
        project="打击欺诈骗取医疗保障基金专项行动",
        actual_raw="30万元",
        actual_value=30,
        actual_unit="万元",
    )
    relief = {"project": "城乡医疗救助", "adjusted": 1080.84, "quotes": {"adjusted": "1080.84万元"}}
    result, _, _ = run(
        MULTI,
        {
            "系统正常运行率": {"indicators": [uptime]},
            "检查定点机构": {"indicators": [recovered, checks]},
            "全年预算": {"indicators": [], "budgets": [relief]},
        },
    )
    assert [(p.name, [i.name for i in p.indicators], p.budget.adjusted) for p in result.projects] == [
        ("城乡医疗救助“一站式”结算服务管理系统维护费", ["系统正常运行率"], None),
        ("打击欺诈骗取医疗保障基金专项行动经费", ["追回资金", "检查定点机构"], None),
        ("城乡医疗救助", [], 1080.84),  # the exact section name wins over a longer one containing it
    ]


def test_a_department_report_has_one_project_named_after_the_department() -> None:
    department = {
        "indicators": [],
        "report": {
            "report_kind": "department",
            "agency": "某县医疗保障局",
            "quotes": {"agency": "某县医疗保障局"},
        },
    }
    named = indicator("培训班次", project="培训项目", **TRAINING)
    result, _, _ = run(REPORT, {"绩效自评报告": department, "培训班次": {"indicators": [named]}})
    assert [p.name for p in result.projects] == ["某县医疗保障局"]


def test_budget_lines_are_kept_once_with_their_evidence() -> None:
    text = "预算表\n项目\t年初预算数\t执行率\n基本支出\t1470.68\t96.91%"
    line = {
        "name": "基本支出",
        "initial": 1470.68,
        "execution_rate": 96.91,
        "quotes": {"name": "基本支出", "initial": "1470.68", "execution_rate": "96.91%"},
    }
    result, _, doc = run(text, {"基本支出": {"indicators": [], "budget_lines": [line, line]}})
    [kept] = result.budget_lines
    assert (kept.name, kept.initial, kept.execution_rate) == ("基本支出", 1470.68, 96.91)
    assert quoted(doc, kept.evidence) == {
        "name": "基本支出",
        "initial": "1470.68",
        "execution_rate": "96.91%",
    }


def test_the_async_entry_point_shares_a_session_across_reports() -> None:
    client = ScriptedClient({"培训班次": PROSE_ANSWER})
    session = FakeSession(client)

    async def both() -> list[ReportExtraction]:
        docs = [Document(f"r{i}.txt", "0" * 64, "txt", PREFIX + REPORT) for i in range(2)]
        norm = ShiftedText(REPORT)
        return list(await asyncio.gather(*(extract_llm_async(d, norm, CONFIG, session) for d in docs)))  # type: ignore[arg-type]

    results = asyncio.run(both())
    assert [r.source.path for r in results] == ["r0.txt", "r1.txt"]
    assert sorted(r.report_path for r in client.seen) == ["r0.txt", "r0.txt", "r1.txt", "r1.txt"]


def test_confidence_and_name_keys() -> None:
    assert (indicator_confidence(0), indicator_confidence(1), indicator_confidence(3)) == (0.8, 0.4, 0.4)
    assert indicator_key("指标1: 医保政策宣传") == indicator_key("（4）医保政策 宣传") == "医保政策宣传"


def test_quotes_found_in_the_normalised_text_point_at_the_text_as_read() -> None:
    source = "二、绩效指标\n1. **数量指标：**临聘人员数 \\geq 8 人，实际 8 人。"
    norm = normalize(source)
    assert norm.text == "二、绩效指标\n1. 数量指标：临聘人员数≥8人，实际8人。"
    answer = indicator(
        "临聘人员数",
        level2="数量指标",
        target_raw="≥8人",
        op=">=",
        target_value=8,
        target_unit="人",
        actual_raw="8人",
        actual_value=8,
        actual_unit="人",
    )
    doc = Document(path="r.txt", sha256="0" * 64, format="txt", text=source)
    session = FakeSession(ScriptedClient({"临聘人员数": {"indicators": [answer]}}))
    result = extract_llm(doc, norm, CONFIG, session)
    validate_report(result.to_json_dict())
    [found] = result.projects[0].indicators
    assert found.evidence == (
        Evidence(field="name", start=19, end=24),
        Evidence(field="target", start=25, end=33),
        Evidence(field="actual", start=37, end=40),
    )
    assert quoted(doc, found.evidence) == {"name": "临聘人员数", "target": "\\geq 8 人", "actual": "8 人"}
