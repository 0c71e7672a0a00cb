"""Batch API lines out, answers back: the line format, the file limits, and answers validated
exactly as the online client validates them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pipeline.core.errors import LLMError
from pipeline.llm.provider_batch import (
    LineResult,
    answer_of,
    line_usage,
    read_results,
    request_line,
    split_lines,
)
from pipeline.llm.response import ChunkResponse, IndicatorItem, IndicatorQuotes
from pipeline.llm.retry import BadAnswer
from pipeline.llm.types import CallUsage
from pipeline.llm.wire import TRUNCATED

CHUNK = "产出指标\t数量指标\t培训班次\t≥10个\t12期"
MESSAGES = [{"role": "system", "content": "抽取绩效指标。"}, {"role": "user", "content": CHUNK}]
ANSWER = {"indicators": [{"name": "培训班次", "target_raw": "≥10个", "quotes": {"name": "培训班次"}}]}


def _completion(content: str, finish: str = "stop", usage: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": "m",
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish}
        ],
        "usage": usage or {"prompt_tokens": 120, "completion_tokens": 30, "total_tokens": 150},
    }


def test_a_request_line_is_the_body_under_its_custom_id() -> None:
    line = request_line("abc-c0001", {"model": "m", "messages": [{"role": "user", "content": "年度"}]})
    assert (
        line
        == (
            '{"custom_id":"abc-c0001","method":"POST","url":"/v1/chat/completions",'
            '"body":{"model":"m","messages":[{"role":"user","content":"年度"}]}}\n'
        ).encode()
    )


def test_files_are_cut_at_the_request_and_byte_limits() -> None:
    lines = [b"a" * 10, b"b" * 10, b"c" * 30, b"d" * 5]
    assert list(split_lines(lines, 3, 40)) == [[b"a" * 10, b"b" * 10], [b"c" * 30, b"d" * 5]]
    assert list(split_lines(lines, 1, 100)) == [[line] for line in lines]
    assert list(split_lines([], 1, 100)) == []
    with pytest.raises(LLMError, match=r"^one batch request is 30 bytes, over the 20-byte file limit$"):
        list(split_lines(lines, 3, 20))


def test_output_and_error_lines_are_read_with_the_reason() -> None:
    body = _completion("{}")
    data = "\n".join(
        json.dumps(line)
        for line in (
            {"custom_id": "a", "response": {"status_code": 200, "body": body}, "error": None},
            {"custom_id": "b", "response": None, "error": {"code": "batch_expired", "message": "too late"}},
            {"custom_id": "c", "response": {"status_code": 400, "body": {"error": {"message": "bad"}}}},
        )
    ).encode()
    assert list(read_results(data + b"\n\n")) == [
        LineResult("a", body, None),
        LineResult("b", None, "batch_expired: too late"),
        LineResult("c", None, "HTTP 400: bad"),
    ]


def test_a_valid_answer_is_the_online_answer() -> None:
    answer = answer_of(_completion(json.dumps(ANSWER)), "json", 8192, CHUNK, MESSAGES)
    quotes = IndicatorQuotes(name="培训班次")
    assert answer == ChunkResponse(
        indicators=(IndicatorItem(name="培训班次", target_raw="≥10个", quotes=quotes),)
    )


def test_answers_the_online_client_would_reask_are_refused_with_its_reason() -> None:
    with pytest.raises(BadAnswer) as cut:
        answer_of(_completion(json.dumps(ANSWER)[:20], finish="length"), "json", 512, CHUNK, MESSAGES)
    assert cut.value.reason == TRUNCATED.format(limit=512)
    with pytest.raises(BadAnswer, match="indicators"):
        answer_of(_completion('{"indicators": "none"}'), "json", 8192, CHUNK, MESSAGES)
    with pytest.raises(BadAnswer, match=r"^not a chat completion"):
        answer_of({"choices": "none"}, "json", 8192, CHUNK, MESSAGES)
    many = {"indicators": [{"name": f"指标{i}", "quotes": {}} for i in range(40)]}
    with pytest.raises(BadAnswer):  # more indicators than the chunk has pieces (bounds.py)
        answer_of(_completion(json.dumps(many, ensure_ascii=False)), "json", 8192, CHUNK, MESSAGES)


def test_an_answer_to_a_cut_prompt_is_refused_as_online() -> None:
    long = [MESSAGES[0], {"role": "user", "content": "\n".join([CHUNK] * 500)}]
    cut = _completion(
        json.dumps(ANSWER), usage={"prompt_tokens": 2048, "completion_tokens": 30, "total_tokens": 2078}
    )
    with pytest.raises(BadAnswer) as refused:
        answer_of(cut, "json", 8192, CHUNK, long, "http://127.0.0.1:9/v1")
    assert refused.value.reason.startswith(
        "the LLM server at http://127.0.0.1:9/v1 cut the prompt to fit its context window: it read "
        "2048 prompt tokens of a request holding at least 4503;"
    )
    whole = _completion(
        json.dumps(ANSWER), usage={"prompt_tokens": 4503, "completion_tokens": 30, "total_tokens": 4533}
    )
    assert answer_of(whole, "json", 8192, CHUNK, long).indicators[0].name == "培训班次"


def test_line_usage_is_read_as_online_and_counts_no_online_request() -> None:
    usage = {"prompt_tokens": 120, "completion_tokens": 30, "total_tokens": 150}
    usage |= {"prompt_tokens_details": {"cached_tokens": 100}}
    assert line_usage(_completion("{}", usage=usage)) == CallUsage(120, 30, 0, 100, 0)
    assert line_usage({"not": "a completion"}) == CallUsage()
