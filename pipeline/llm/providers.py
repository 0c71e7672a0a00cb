"""Provider presets: what each OpenAI-compatible server needs in a request body to answer at all.

Each preset encodes the provider's documented behaviour (the fake server emulates it):

- `deepseek`: V4 models think by default, and thinking mode rejects a forced `tool_choice` with a
  400; the preset sends `thinking: {"type": "disabled"}` and asks in `json` mode
  (response_format json_object, which DeepSeek supports in both modes).
- `qwen` (DashScope compatible mode): Qwen3 models may think by default; thinking mode accepts
  neither a forced `tool_choice` nor json_object. The preset sends `enable_thinking: false`, `json`.
- `openai`: `max_completion_tokens` (the current name; `max_tokens` is refused by reasoning
  models), and for reasoning models (gpt-5*, o1/o3/o4*) no `temperature` at all (only the default
  is accepted). Forced tools work on every current model.
- `vllm`, `llamacpp`, `ollama`: local servers. They enforce a JSON schema through
  `response_format: {"type": "json_schema"}` (guided / grammar decoding) but Ollama and llama.cpp
  ignore a named `tool_choice`, so the preset uses `json_schema`. Their context window is set on
  the server (see `context_advice`); a too-small one silently cuts the prompt.
- `generic`: any other OpenAI-compatible endpoint: `tools`, `max_tokens`, `temperature`.

`PIPELINE_LLM_MODE` (other than `auto`) overrides the preset's mode; `llm_extra_body` is merged
last, so it can override anything the preset set.

Worked example: provider `deepseek`, max 8192 → body fields
`{"response_format": {"type": "json_object"}, "max_tokens": 8192, "temperature": 0.0,
"thinking": {"type": "disabled"}}` (plus model and messages).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from pipeline.core.config import Config

_REASONING_MODEL = re.compile(r"^(?:gpt-5|o[134])(?:$|[-.])")
_EMPTY: MappingProxyType[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class Preset:
    name: str
    mode: str
    token_field: str = "max_tokens"
    extra_body: MappingProxyType[str, Any] = field(default_factory=lambda: _EMPTY)
    context_advice: str | None = None


PRESETS = {
    "generic": Preset("generic", "tools"),
    "openai": Preset("openai", "tools", token_field="max_completion_tokens"),
    "deepseek": Preset("deepseek", "json", extra_body=MappingProxyType({"thinking": {"type": "disabled"}})),
    "qwen": Preset("qwen", "json", extra_body=MappingProxyType({"enable_thinking": False})),
    "vllm": Preset(
        "vllm",
        "json_schema",
        context_advice="start vLLM with --max-model-len 16384 (or more) so no request is cut",
    ),
    "ollama": Preset(
        "ollama",
        "json_schema",
        context_advice=(
            "Ollama cuts prompts silently at its default context (2-4 K tokens); set "
            "OLLAMA_CONTEXT_LENGTH=16384 on the server or PARAMETER num_ctx 16384 in a Modelfile "
            "(its OpenAI-compatible endpoint has no request field for the context size)"
        ),
    ),
    "llamacpp": Preset(
        "llamacpp",
        "json_schema",
        context_advice="start llama-server with -c 16384 per parallel slot (-c is shared by -np slots)",
    ),
}


def preset(config: Config) -> Preset:
    return PRESETS[config.llm_provider]


def effective_mode(config: Config) -> str:
    """The configured mode, or the preset's when it is `auto`."""
    return preset(config).mode if config.llm_mode == "auto" else config.llm_mode


def is_reasoning_model(model: str) -> bool:
    """OpenAI reasoning models: gpt-5, gpt-5-mini, gpt-5.1, o1, o3-mini, o4-mini, …

    >>> [is_reasoning_model(m) for m in ("gpt-5-mini", "o3", "o4-mini", "gpt-4.1", "omni")]
    [True, True, True, False, False]
    """
    return bool(_REASONING_MODEL.match(model.lower()))


def sampling_fields(config: Config) -> dict[str, Any]:
    """The token limit and temperature fields the provider accepts, then preset and user extras."""
    chosen = preset(config)
    fields: dict[str, Any] = {chosen.token_field: config.llm_max_tokens}
    reasoning = chosen.name == "openai" and is_reasoning_model(config.llm_model or "")
    if not reasoning:
        fields["temperature"] = config.llm_temperature
    return fields | dict(chosen.extra_body) | dict(config.llm_extra_body)
