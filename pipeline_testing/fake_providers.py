"""The fake server's provider emulation: each provider's documented refusals and usage fields.

See fake_server.py for the list. The messages follow the providers' own wording closely enough
that a client keying on them (`tool_choice`, `max_completion_tokens`) is tested for real.
"""

from __future__ import annotations

from typing import Any

THINKING_TOOL_CHOICE = "Thinking mode does not support this tool_choice"
QWEN_TOOL_CHOICE = (
    "The tool_choice parameter does not support being set to required or object in thinking mode"
)
QWEN_JSON = "The response_format json_object is not supported in thinking mode"
MAX_TOKENS = (
    "Unsupported parameter: 'max_tokens' is not supported with this model. "
    "Use 'max_completion_tokens' instead."
)
TEMPERATURE = (
    "Unsupported value: 'temperature' does not support {value} with this model. "
    "Only the default (1) value is supported."
)


def _forced_tool(body: dict[str, Any]) -> bool:
    choice = body.get("tool_choice")
    return bool(body.get("tools")) and (isinstance(choice, dict) or choice == "required")


def thinking(provider: str | None, body: dict[str, Any]) -> bool:
    if provider == "deepseek":
        return body.get("thinking") != {"type": "disabled"}
    if provider == "qwen":
        return body.get("enable_thinking") is not False
    return provider == "openai-reasoning"


def refusal(provider: str | None, body: dict[str, Any]) -> str | None:
    """The 400 message `provider` answers `body` with, or None when it accepts it."""
    if provider == "deepseek" and thinking(provider, body) and _forced_tool(body):
        return THINKING_TOOL_CHOICE
    if provider == "qwen" and thinking(provider, body):
        if _forced_tool(body):
            return QWEN_TOOL_CHOICE
        if (body.get("response_format") or {}).get("type") == "json_object":
            return QWEN_JSON
    if provider == "openai-reasoning":
        if "max_tokens" in body:
            return MAX_TOKENS
        if "temperature" in body and body["temperature"] != 1:
            return TEMPERATURE.format(value=body["temperature"])
    return None


def ignores_tool_choice(provider: str | None) -> bool:
    return provider == "ollama"


def usage(
    provider: str | None, body: dict[str, Any], prompt: int, completion: int, cached: int
) -> dict[str, Any]:
    """The usage block: `cached` prompt tokens came from the prefix cache; a thinking model spent
    as many reasoning tokens as it wrote answer tokens."""
    reasoning = completion if thinking(provider, body) else 0
    total_completion = completion + reasoning
    block: dict[str, Any] = {
        "prompt_tokens": prompt,
        "completion_tokens": total_completion,
        "total_tokens": prompt + total_completion,
    }
    if provider == "deepseek":
        block |= {"prompt_cache_hit_tokens": cached, "prompt_cache_miss_tokens": prompt - cached}
        block["completion_tokens_details"] = {"reasoning_tokens": reasoning}
    elif provider in ("qwen", "openai-reasoning"):
        block["prompt_tokens_details"] = {"cached_tokens": cached}
        block["completion_tokens_details"] = {"reasoning_tokens": reasoning}
    return block
