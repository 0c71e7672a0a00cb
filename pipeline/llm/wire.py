"""The exact request body sent for one chunk, and the answer read back out of a completion, both
through `instructor`'s own OpenAI mode handlers, prepared once per process per mode.

instructor is the product's contract for structured output ("any OpenAI-compatible endpoint,
through instructor + openai"); its high-level `client.create` is not used, because it rebuilds
the request schema on every call and owns the retry loop. Instead, per mode and once per process:

- **request fields**: instructor's `handle_response_model(<wire model>, mode)` — the handler
  instructor registers for the mode — called with no messages; what it returns besides
  `messages` is kept (`_mode_fields`) and merged into every body as it is;
- **answer parsing**: that mode's registered `response_parser` (what `process_response`
  dispatches to, minus its per-call debug formatting of the whole completion).

Transport (one openai client per process), retries, re-asks, bounds and the fail-fast gate stay
ours (client.py, retry.py, gate.py).

The versioned schema file (schemas/chunk_response.schema.json) stays the contract: the wire model
`_FileSchemaModel` is `ChunkResponse` whose `model_json_schema()` is that file's schema without
`$schema`, `$id` and `description` (`prepared_schema`), so instructor sends the lean file
schema, never pydantic's longer rendering.
Bodies by mode:

- `tools` (`Mode.TOOLS`): `tools: [{"type": "function", "function": {"name": "ChunkResponse",
  "description": <the wire model's one-line docstring>, "parameters": <file schema minus its
  title>}}]` and `tool_choice` forcing it; the answer is the call's arguments.
- `json_schema` (`Mode.JSON_SCHEMA`): `response_format: {"type": "json_schema", "json_schema":
  {"name": "ChunkResponse", "schema": <file schema>}}`.
- `json` (`Mode.JSON`): `response_format: {"type": "json_object"}`.
- `md_json` (`Mode.MD_JSON`): nothing extra; the answer is the JSON in the reply.

In `json` and `md_json` instructor's handler also appends the whole schema, indented, to the
system message (and md_json a closing user line). That message is dropped on purpose: the prompt
already teaches the shape once, with a worked example, and the schema text would add about 7,000
characters to every request (the goal is ≤ 140,000 characters for five reports). Those two modes
are parsed with instructor's `MD_JSON` parser, which finds the JSON whether the reply is bare,
fenced or after a line of prose (instructor's `JSON` parser takes bare JSON only, and some
json-mode servers fence it).

The answer is validated against `ChunkResponse`; a cut-off (`finish_reason == "length"`,
instructor's `IncompleteOutputException`), a missing answer or one that breaks the schema is a
`BadAnswer` the client re-asks on.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from pydantic import ValidationError

from pipeline.core.schema import load_schema
from pipeline.llm.response import ChunkResponse
from pipeline.llm.retry import MAX_REASON_CHARS, BadAnswer

CHUNK_SCHEMA = "chunk_response.schema.json"
MODES = ("tools", "json_schema", "json", "md_json")
_ANNOTATIONS = ("$schema", "$id", "description")  # the title stays: instructor names the tool after it
TRUNCATED = "回答在 max_tokens={limit} 处被截断，请更简洁（省略 null 字段和空列表）"
NO_JSON = "没有返回 JSON 对象"
# instructor's mode for the request fields, and the mode whose parser reads the answer
_INSTRUCTOR_MODES = {
    "tools": ("TOOLS", "TOOLS"),
    "json_schema": ("JSON_SCHEMA", "JSON_SCHEMA"),
    "json": ("JSON", "MD_JSON"),
    "md_json": ("MD_JSON", "MD_JSON"),
}
Parser = Callable[..., Any]


@cache
def prepared_schema() -> dict[str, Any]:
    """The chunk response schema without `$schema`, `$id` and its long description (the prompt
    says it once): what the model needs, nothing more. Its `title` (`ChunkResponse`) names the
    tool and the json_schema."""
    return {k: v for k, v in load_schema(CHUNK_SCHEMA).items() if k not in _ANNOTATIONS}


class _FileSchemaModel(ChunkResponse):
    """Extract the indicators, budgets and report facts of the chunk(s)."""

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The file's schema (a fresh copy: instructor adds keys to what it is given)."""
        return copy.deepcopy(prepared_schema())


# instructor names the tool after the schema's title and the json_schema after the class
_FileSchemaModel.__name__ = str(prepared_schema()["title"])


def _instructor_mode(name: str) -> Any:
    from instructor.v2.core.mode import Mode

    return Mode[name]


@cache
def _mode_fields(mode: str) -> dict[str, Any]:
    """The body fields instructor's handler sets for `mode`, computed once per process."""
    from instructor.v2.core.response import handle_response_model

    if mode not in _INSTRUCTOR_MODES:
        raise ValueError(f"unknown LLM mode {mode!r}; expected one of {', '.join(MODES)}")
    request_mode, _ = _INSTRUCTOR_MODES[mode]
    _, fields = handle_response_model(_FileSchemaModel, mode=_instructor_mode(request_mode), messages=[])
    return {k: v for k, v in fields.items() if k != "messages"}


@cache
def _parser(mode: str) -> Parser:
    """instructor's registered response parser for `mode` (OpenAI provider)."""
    import instructor.v2  # noqa: F401  (registers the mode handlers)
    from instructor.v2.core.providers import Provider
    from instructor.v2.core.registry import mode_registry

    _, parse_mode = _INSTRUCTOR_MODES[mode]
    return mode_registry.get_handlers(Provider.OPENAI, _instructor_mode(parse_mode)).response_parser


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
    """The validated answer, read by instructor's parser for `mode`, or BadAnswer saying what is
    wrong with it (for a re-ask)."""
    from instructor.v2.core.errors import IncompleteOutputException

    text, _ = answer_text(completion)
    try:
        answer = _parser(mode)(response=completion, response_model=ChunkResponse, stream=False)
    except IncompleteOutputException:
        raise BadAnswer(text, TRUNCATED.format(limit=max_tokens)) from None
    except ValidationError as exc:
        raise BadAnswer(text, _reason(exc) if text.strip() else NO_JSON) from None
    except (ValueError, AssertionError) as exc:  # no tool call, no JSON, a refusal
        raise BadAnswer(text, f"{NO_JSON}（{str(exc)[:200]}）" if text.strip() else NO_JSON) from None
    if not isinstance(answer, ChunkResponse):
        raise BadAnswer(text, NO_JSON)
    vars(answer).pop("_raw_response", None)  # instructor attaches the completion; keep no reference
    return answer


def _reason(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False, include_context=False)
    lines = [f"{'.'.join(map(str, e['loc'])) or '(root)'}: {e['msg']}" for e in errors[:8]]
    return json.dumps(lines, ensure_ascii=False)[:MAX_REASON_CHARS]
