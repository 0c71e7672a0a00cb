"""Retry policy (what is transient, how Retry-After is read, the waits used) and re-ask messages.

The errors are real openai exception objects built around httpx2 responses; no request is sent.
"""

from __future__ import annotations

import asyncio
import email.utils

import httpx2
import openai
import pytest
from openai.types.chat import ChatCompletion, ChatCompletionMessage

from pipeline.llm.retry import (
    REASK_PROMPT,
    RetryCount,
    RetryPolicy,
    is_transient,
    raw_output,
    reask_messages,
    retry_after_seconds,
    with_transport_retries,
)

URL = "http://127.0.0.1:9/v1/chat/completions"


def status_error(status: int, headers: dict[str, str] | None = None) -> openai.APIStatusError:
    request = httpx2.Request("POST", URL)
    response = httpx2.Response(status, headers=headers or {}, request=request)
    kinds = {429: openai.RateLimitError, 400: openai.BadRequestError, 401: openai.AuthenticationError}
    kind = kinds.get(status, openai.InternalServerError if status >= 500 else openai.APIStatusError)
    return kind(f"Error code: {status}", response=response, body=None)


def connection_error() -> openai.APIConnectionError:
    return openai.APIConnectionError(request=httpx2.Request("POST", URL))


def timeout_error() -> openai.APITimeoutError:
    return openai.APITimeoutError(request=httpx2.Request("POST", URL))


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (status_error(429), True),
        (status_error(500), True),
        (status_error(503), True),
        (connection_error(), True),
        (timeout_error(), True),
        (status_error(400), False),
        (status_error(401), False),
        (ValueError("not an API error"), False),
    ],
)
def test_is_transient(error: BaseException, expected: bool) -> None:
    assert is_transient(error) is expected


def test_retry_after_seconds_reads_seconds_floats_millis_and_dates() -> None:
    assert retry_after_seconds(status_error(429, {"Retry-After": "3"})) == 3.0
    assert retry_after_seconds(status_error(429, {"Retry-After": "0.25"})) == 0.25
    assert retry_after_seconds(status_error(429, {"retry-after-ms": "1500", "Retry-After": "9"})) == 1.5
    now = 1_700_000_000.0
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert retry_after_seconds(status_error(429, {"Retry-After": date}), now=now) == 30.0
    past = email.utils.formatdate(now - 30, usegmt=True)
    assert retry_after_seconds(status_error(503, {"Retry-After": past}), now=now) == 0.0


def test_retry_after_seconds_is_none_without_a_usable_header() -> None:
    assert retry_after_seconds(status_error(429)) is None
    assert retry_after_seconds(status_error(429, {"Retry-After": "soon"})) is None
    assert retry_after_seconds(connection_error()) is None


class Script:
    """An awaitable call that raises the scripted errors in turn, then returns "done"."""

    def __init__(self, *errors: BaseException) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "done"


def run_with(policy_kwargs: dict[str, float], script: Script) -> tuple[str | BaseException, list[float], int]:
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    policy = RetryPolicy(sleep=record, **policy_kwargs)  # type: ignore[arg-type]
    count = RetryCount()
    try:
        result: str | BaseException = asyncio.run(with_transport_retries(script, policy, count))
    except Exception as exc:
        result = exc
    return result, waits, count.attempts


def test_transient_errors_are_retried_with_bounded_jittered_backoff() -> None:
    script = Script(status_error(500), connection_error(), timeout_error())
    result, waits, attempts = run_with({"base_delay": 0.01, "max_delay": 0.02, "max_retries": 5}, script)
    assert result == "done"
    assert attempts == 4 and script.calls == 4
    assert len(waits) == 3
    assert all(0.0 <= w <= 0.02 for w in waits)


def test_retry_after_raises_the_wait_but_is_capped() -> None:
    script = Script(status_error(429, {"Retry-After": "0.3"}), status_error(429, {"Retry-After": "3600"}))
    policy = {"base_delay": 0.001, "max_delay": 0.001, "max_retry_after": 0.5}
    result, waits, _ = run_with(policy, script)
    assert result == "done"
    assert waits[0] >= 0.3
    assert waits[1] == 0.5


def test_gives_up_after_max_retries_and_reraises_the_last_error() -> None:
    script = Script(*(status_error(503) for _ in range(10)))
    result, waits, attempts = run_with({"base_delay": 0.001, "max_retries": 2}, script)
    assert isinstance(result, openai.InternalServerError)
    assert attempts == 3 and len(waits) == 2


def test_non_transient_errors_are_not_retried() -> None:
    script = Script(status_error(400))
    result, waits, attempts = run_with({"base_delay": 0.001}, script)
    assert isinstance(result, openai.BadRequestError)
    assert attempts == 1 and waits == []


def test_retry_count_retries() -> None:
    assert RetryCount(0).retries == 0
    assert RetryCount(1).retries == 0
    assert RetryCount(4).retries == 3


def test_reask_messages_is_a_new_list_with_the_bad_answer_and_the_reason() -> None:
    original = [
        {"role": "system", "content": "规则"},
        {"role": "user", "content": "<<<CHUNK\n文本\nCHUNK>>>"},
    ]
    snapshot = [dict(m) for m in original]
    messages = reask_messages(original, '{"indicators": [', "Invalid JSON: EOF")
    assert messages == [
        *snapshot,
        {"role": "assistant", "content": '{"indicators": ['},
        {"role": "user", "content": REASK_PROMPT.format(reason="Invalid JSON: EOF")},
    ]
    messages[0]["content"] = "changed"
    assert original == snapshot  # the caller's list and dicts are untouched
    assert reask_messages(original, "", "empty")[2] == {"role": "assistant", "content": "（空回答）"}


def test_raw_output_reads_tool_arguments_or_content() -> None:
    tool = ChatCompletion.model_validate(
        {
            "id": "c",
            "object": "chat.completion",
            "created": 0,
            "model": "m",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {
                        "role": "assistant",
                        "tool_calls": [
                            {
                                "id": "t",
                                "type": "function",
                                "function": {"name": "ChunkResponse", "arguments": "{}"},
                            }
                        ],
                    },
                }
            ],
        }
    )
    text = tool.model_copy(
        update={
            "choices": [
                tool.choices[0].model_copy(
                    update={"message": ChatCompletionMessage(role="assistant", content="```json\n{}\n```")}
                )
            ]
        }
    )
    assert raw_output(tool) == "{}"
    assert raw_output(text) == "```json\n{}\n```"
    assert raw_output(None) == ""
