"""wire.py: request bodies and answer parsing go through instructor's mode handlers, and the tool /
response_format schema instructor produces is the versioned schema file's, not pydantic's."""

from __future__ import annotations

import json
from typing import Any

import pytest
from openai.types.chat import ChatCompletion

from pipeline.core.schema import load_schema
from pipeline.llm import wire
from pipeline.llm.response import ChunkResponse, IndicatorItem, IndicatorQuotes
from pipeline.llm.retry import BadAnswer

MESSAGES = [{"role": "system", "content": "规则"}, {"role": "user", "content": "片段"}]
SAMPLING = {"max_tokens": 8192, "temperature": 0.0}
ANSWER = {"indicators": [{"name": "培训班次", "target_raw": "≥10个", "quotes": {"name": "培训班次"}}]}
EXPECTED = ChunkResponse(
    indicators=(IndicatorItem(name="培训班次", target_raw="≥10个", quotes=IndicatorQuotes(name="培训班次")),)
)


def file_schema() -> dict[str, Any]:
    """The schema file without `$schema`, `$id` and `description` (the prompt says it once)."""
    return {
        k: v for k, v in load_schema(wire.CHUNK_SCHEMA).items() if k not in ("$schema", "$id", "description")
    }


def completion(
    content: str | None = None, arguments: str | None = None, finish: str = "stop"
) -> ChatCompletion:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if arguments is not None:
        call = {
            "id": "call_0",
            "type": "function",
            "function": {"name": "ChunkResponse", "arguments": arguments},
        }
        message["tool_calls"] = [call]
    return ChatCompletion.model_validate(
        {
            "id": "c",
            "object": "chat.completion",
            "created": 0,
            "model": "m",
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        }
    )


def test_tools_body_carries_the_file_schema_as_the_tool_parameters() -> None:
    body = wire.request_body("m", MESSAGES, "tools", SAMPLING)
    [tool] = body["tools"]
    parameters = {k: v for k, v in file_schema().items() if k != "title"}
    assert tool["function"]["parameters"] == parameters
    assert tool["function"]["name"] == "ChunkResponse"
    assert body["tool_choice"] == {"type": "function", "function": {"name": "ChunkResponse"}}
    assert body["messages"] == MESSAGES and body["model"] == "m"
    assert {k: body[k] for k in SAMPLING} == SAMPLING


def test_json_schema_body_carries_exactly_the_file_schema() -> None:
    body = wire.request_body("m", MESSAGES, "json_schema", SAMPLING)
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "ChunkResponse", "schema": file_schema()},
    }
    assert "tools" not in body


def test_json_and_md_json_add_no_schema_text_to_the_messages() -> None:
    assert wire.request_body("m", MESSAGES, "json", {}) == {
        "model": "m",
        "messages": MESSAGES,
        "response_format": {"type": "json_object"},
    }
    assert wire.request_body("m", MESSAGES, "md_json", {}) == {"model": "m", "messages": MESSAGES}


def test_mode_fields_come_from_instructor_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    from instructor.v2.core import response as instructor_response

    calls: list[Any] = []
    real = instructor_response.handle_response_model

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs["mode"])
        return real(*args, **kwargs)

    monkeypatch.setattr(instructor_response, "handle_response_model", counting)
    wire._mode_fields.cache_clear()
    try:
        first = [wire.request_body("m", MESSAGES, "tools", SAMPLING) for _ in range(3)]
    finally:
        wire._mode_fields.cache_clear()
    assert [mode.name for mode in calls] == ["TOOLS"]
    assert first[0] == first[2]


def test_an_unknown_mode_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown LLM mode 'xml'"):
        wire.request_body("m", MESSAGES, "xml", {})


@pytest.mark.parametrize(
    ("mode", "reply"),
    [
        ("tools", completion(arguments=json.dumps(ANSWER, ensure_ascii=False))),
        ("json_schema", completion(json.dumps(ANSWER, ensure_ascii=False))),
        ("json", completion(json.dumps(ANSWER, ensure_ascii=False))),
        ("json", completion("```json\n" + json.dumps(ANSWER, ensure_ascii=False) + "\n```")),
        ("md_json", completion("结果如下：\n```json\n" + json.dumps(ANSWER, ensure_ascii=False) + "\n```")),
    ],
)
def test_answers_are_read_by_instructor_into_a_plain_chunk_response(mode: str, reply: ChatCompletion) -> None:
    answer = wire.parse_answer(reply, mode, 8192)
    assert answer == EXPECTED
    assert type(answer) is ChunkResponse
    assert "_raw_response" not in vars(answer)  # no reference to the completion is kept


def test_a_cut_off_answer_is_a_bad_answer_naming_the_limit() -> None:
    with pytest.raises(BadAnswer) as caught:
        wire.parse_answer(completion(arguments='{"indicators": [', finish="length"), "tools", 4096)
    assert caught.value.reason == wire.TRUNCATED.format(limit=4096)
    assert caught.value.output == '{"indicators": ['


def test_a_schema_violation_is_a_bad_answer_listing_the_fields() -> None:
    with pytest.raises(BadAnswer) as caught:
        wire.parse_answer(
            completion('{"indicators": [{"name": "", "quotes": {}}], "extra": 1}'), "json_schema", 10
        )
    reasons = json.loads(caught.value.reason)
    assert "indicators.0.name: String should have at least 1 character" in reasons
    assert "extra: Extra inputs are not permitted" in reasons


def test_prose_instead_of_the_forced_tool_call_is_a_bad_answer() -> None:
    with pytest.raises(BadAnswer) as caught:
        wire.parse_answer(completion("好的，我来抽取。"), "tools", 10)
    assert caught.value.reason.startswith(wire.NO_JSON)
    assert caught.value.output == "好的，我来抽取。"


def test_an_empty_reply_is_a_bad_answer() -> None:
    with pytest.raises(BadAnswer) as caught:
        wire.parse_answer(completion(""), "json", 10)
    assert caught.value.reason.startswith(wire.NO_JSON)
