"""The exact request body sent for one chunk, and the answer read back out of a completion.

Everything static is prepared once per process (`prepared_schema`, the tool and response_format
blocks), so a request costs one dict merge, not a schema build. Bodies by mode:

- `tools`: `tools: [<extract tool>]`, `tool_choice` forcing it; the answer is the call's arguments.
- `json_schema`: `response_format: {"type": "json_schema", "json_schema": {name, schema}}`.
- `json`: `response_format: {"type": "json_object"}`; the schema is in the system prompt's example.
- `md_json`: nothing extra; the answer is the first ```json block (or the whole content).

The answer is validated against `ChunkResponse`; a cut-off (`finish_reason == "length"`), a
missing answer or one that breaks the schema is a `BadAnswer` the client re-asks on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from pydantic import ValidationError

from pipeline.core.schema import load_schema
from pipeline.llm.response import ChunkResponse
from pipeline.llm.retry import MAX_REASON_CHARS, BadAnswer

CHUNK_SCHEMA = "chunk_response.schema.json"
TOOL_NAME = "extract"
_ANNOTATIONS = ("$schema", "$id", "title", "description")
_FENCED = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)
TRUNCATED = "回答在 max_tokens={limit} 处被截断，请更简洁（省略 null 字段和空列表）"


@cache
def prepared_schema() -> dict[str, Any]:
    """The chunk response schema without annotations: what the model needs, nothing more."""
    return {k: v for k, v in load_schema(CHUNK_SCHEMA).items() if k not in _ANNOTATIONS}


@cache
def _mode_fields(mode: str) -> dict[str, Any]:
    schema = prepared_schema()
    if mode == "tools":
        tool = {"type": "function", "function": {"name": TOOL_NAME, "parameters": schema}}
        return {"tools": [tool], "tool_choice": {"type": "function", "function": {"name": TOOL_NAME}}}
    if mode == "json_schema":
        response_format = {"type": "json_schema", "json_schema": {"name": TOOL_NAME, "schema": schema}}
        return {"response_format": response_format}
    if mode == "json":
        return {"response_format": {"type": "json_object"}}
    return {}


def request_body(
    model: str, messages: Sequence[dict[str, Any]], mode: str, sampling: dict[str, Any]
) -> dict[str, Any]:
    """The whole JSON body of one chat completion request (`sampling`: `providers.sampling_fields`)."""
    return {"model": model, "messages": list(messages), **_mode_fields(mode), **sampling}


def answer_text(completion: Any) -> tuple[str, str | None]:
    """(the text the model produced — tool arguments or content —, finish_reason)."""
    choices = getattr(completion, "choices", None) or []
    if not choices:
        return "", None
    choice = choices[0]
    message = choice.message
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return str(calls[0].function.arguments or ""), choice.finish_reason
    return str(message.content or ""), choice.finish_reason


def parse_answer(completion: Any, mode: str, max_tokens: int) -> ChunkResponse:
    """The validated answer, or BadAnswer saying what is wrong with it (for a re-ask)."""
    text, finish = answer_text(completion)
    if finish == "length":
        raise BadAnswer(text, TRUNCATED.format(limit=max_tokens))
    body = text.strip()
    fenced = _FENCED.search(body) if mode in ("md_json", "json") or not body.startswith("{") else None
    if fenced:
        body = fenced.group(1).strip()
    if not body:
        raise BadAnswer(text, "没有返回 JSON 对象")
    try:
        return ChunkResponse.model_validate_json(body)
    except ValidationError as exc:
        raise BadAnswer(text, _reason(exc)) from None


def _reason(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False, include_context=False)
    lines = [f"{'.'.join(map(str, e['loc'])) or '(root)'}: {e['msg']}" for e in errors[:8]]
    return json.dumps(lines, ensure_ascii=False)[:MAX_REASON_CHARS]
